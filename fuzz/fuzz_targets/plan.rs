//! The rehabilitation plan: the editor's form and the API's JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(fields) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(data) {
        server::fuzzing::plan_form(&fields);
    }
    server::fuzzing::plan_json(data);
});
