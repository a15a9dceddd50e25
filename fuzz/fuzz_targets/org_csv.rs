//! The organisation import's CSV (`orka import-org`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = service::org_import::parse(text);
    }
});
