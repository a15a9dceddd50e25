//! Short strings from any request: Accept-Language, redirect targets (`next=`), a push
//! service's Retry-After.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = app::i18n::Lang::negotiate(s);
        server::fuzzing::redirect_target(s);
        let _ = domain::reminders::parse_retry_after(s, chrono::Utc::now());
    }
});
