//! Where a redirect taken from a request may send the browser: only to this installation's own
//! pages. Every redirect whose target comes from outside goes through [`local_target`].

use url::{Position, Url};

/// The path, query and fragment that `raw` names, when it is resolved against the public URL
/// and stays on the same origin; `None` otherwise. Anything that a browser may read otherwise
/// than the server does is refused before resolving: control characters (a tab in `/\t/evil`
/// is dropped by browsers, leaving `//evil`), backslashes (read as slashes), and the same
/// characters percent-encoded, as well as encoded slashes.
pub fn local_target(public: &Url, raw: &str) -> Option<String> {
    if raw.chars().any(|c| c.is_control() || c == '\\') || encodes_a_trick(raw) {
        return None;
    }
    if !raw.starts_with('/') {
        return None;
    }
    let resolved = public.join(raw).ok()?;
    let target = &resolved[Position::BeforePath..];
    // Dot segments can leave two slashes in front (`/.//evil`, `/a/..//evil` resolve to the
    // path `//evil`), which a browser reads as another host: found by the fuzz target.
    (resolved.origin() == public.origin() && !target.starts_with("//")).then(|| target.to_owned())
}

/// A `%XX` sequence for a control character, a slash or a backslash.
fn encodes_a_trick(raw: &str) -> bool {
    raw.as_bytes().windows(3).any(|w| {
        w[0] == b'%'
            && std::str::from_utf8(&w[1..])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .is_some_and(|b| b < 0x20 || b == 0x7f || b == b'/' || b == b'\\')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_own_pages_are_targets() {
        let public = Url::parse("https://orka.example.se/").unwrap();
        let ok = |raw: &str| local_target(&public, raw);
        assert_eq!(ok("/sharing").as_deref(), Some("/sharing"));
        assert_eq!(
            ok("/rehab?done=1#plan").as_deref(),
            Some("/rehab?done=1#plan")
        );
        assert_eq!(
            ok("/guidance/s%C3%B6mn").as_deref(),
            Some("/guidance/s%C3%B6mn")
        );
        for evil in [
            "//evil.example",
            "/.//evil.example",
            "/a/..//evil.example",
            "/./%2e//evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/\\evil.example",
            "/%5Cevil.example",
            "\\/evil.example",
            "https://evil.example/",
            "https://orka.example.se.evil.example/",
            "http:evil.example",
            "evil.example",
            "/\r\nSet-Cookie: x=1",
            "/%0d%0aSet-Cookie:x=1",
            "/%7F",
            "",
        ] {
            assert_eq!(ok(evil), None, "{evil:?}");
        }
    }
}
