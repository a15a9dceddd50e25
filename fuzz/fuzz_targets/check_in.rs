//! Check-in answers: the API's JSON body and the plain form without JavaScript.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    server::fuzzing::check_in_json(data);
    if let Ok(form) = serde_urlencoded::from_bytes::<app::api::CheckInInput>(data) {
        let raw = form.to_raw();
        let _ = domain::CheckInAnswers::parse(raw.clone(), true);
        let _ = domain::CheckInAnswers::parse(raw, false);
    }
});
