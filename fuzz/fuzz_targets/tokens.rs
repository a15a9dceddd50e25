//! Bearer access tokens and ID tokens (compact JWS), as the API and sign-in read them.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(raw) = std::str::from_utf8(data) {
        server::fuzzing::access_token(raw);
    }
});
