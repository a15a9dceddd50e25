//! A guidance article: YAML-like front matter, then Markdown rendered with links filtered.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    service::guidance::fuzz_article(data);
});
