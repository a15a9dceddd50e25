//! A browser's push subscription JSON, as devices register it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    server::fuzzing::push_subscription(data);
});
