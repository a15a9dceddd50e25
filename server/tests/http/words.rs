//! Dates and weeks reach people as they write them: every page each demo persona can reach,
//! in both languages, and the plan as a PDF, shows no ISO date or week.

use crate::helpers::*;
use std::collections::{BTreeSet, VecDeque};

/// The first ISO date ("2026-11-25") or week ("2026-W48") in `text`, if any.
fn iso_in(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let digits = |from: usize, n: usize| {
        from + n <= b.len() && b[from..from + n].iter().all(u8::is_ascii_digit)
    };
    (0..b.len()).find_map(|i| {
        if !digits(i, 4) || i > 0 && b[i - 1].is_ascii_digit() || b.get(i + 4) != Some(&b'-') {
            return None;
        }
        let end = if b.get(i + 5) == Some(&b'W') && digits(i + 6, 2) {
            i + 8
        } else if digits(i + 5, 2) && b.get(i + 7) == Some(&b'-') && digits(i + 8, 2) {
            i + 10
        } else {
            return None;
        };
        Some(&text[i..end])
    })
}

/// What a person reads of a page: its text outside tags, scripts, styles and form fields'
/// typed values (an input's value or placeholder is an attribute, so it goes with the tag).
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        rest = &rest[open..];
        let skip_to = ["script", "style", "textarea"]
            .into_iter()
            .find(|t| rest[1..].starts_with(t))
            .and_then(|t| rest.find(&format!("</{t}>")));
        let close = match skip_to {
            Some(end) => end,
            None => rest.find('>').unwrap_or(rest.len() - 1),
        };
        rest = &rest[(close + 1).min(rest.len())..];
        if let Some(gt) = skip_to.and_then(|_| rest.find('>')) {
            rest = &rest[gt + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// Same-site links on a page, without their fragment.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|h| {
            h.split('#')
                .next()
                .unwrap_or_default()
                .replace("&amp;", "&")
        })
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .collect()
}

/// Pages a walk leaves alone: signing out, sign-in, the API, static files and other
/// languages' switches (each language is walked with its own client).
fn walkable(path: &str) -> bool {
    ![
        "/auth",
        "/signin",
        "/lang",
        "/api",
        "/pkg",
        "/icons",
        "/manifest",
        "/sw.js",
    ]
    .iter()
    .any(|p| path.starts_with(p))
        && !path.contains('.')
        || path.ends_with(".pdf")
}

#[tokio::test]
async fn no_page_of_any_persona_shows_an_iso_date_or_week() {
    let app = spawn_app(Backend::Sqlite).await;
    let mut walked = 0;
    for lang in ["sv", "en"] {
        for persona in ["employee", "manager", "coordinator", "sicklisted", "admin"] {
            let mut headers = reqwest::header::HeaderMap::new();
            headers.insert("accept-language", lang.parse().unwrap());
            let client = reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .default_headers(headers)
                .build()
                .unwrap();
            app.sign_in_with(&client, persona).await;
            let mut seen = BTreeSet::new();
            let mut queue = VecDeque::from(["/".to_owned()]);
            while let Some(path) = queue.pop_front() {
                if !seen.insert(path.clone()) || seen.len() > 80 {
                    continue;
                }
                let text = if path.ends_with(".pdf") {
                    pdf_text(&client, &app.url(&path)).await
                } else {
                    let res = client.get(app.url(&path)).send().await.unwrap();
                    if res.status() != 200 {
                        continue;
                    }
                    let html = res.text().await.unwrap();
                    queue.extend(links(&html).into_iter().filter(|l| walkable(l)));
                    visible_text(&html)
                };
                walked += 1;
                if let Some(iso) = iso_in(&text) {
                    let at = text.find(iso).unwrap();
                    let around = &text[text.floor_char_boundary(at.saturating_sub(80))
                        ..text.ceil_char_boundary((at + 40).min(text.len()))];
                    panic!("{persona} ({lang}) reads {iso} on {path}: …{around}…");
                }
            }
            assert!(seen.len() > 4, "{persona} ({lang}) reached only {seen:?}");
        }
    }
    assert!(walked > 40, "walked {walked} pages");
}

#[test]
fn the_iso_finder_finds_dates_and_weeks_and_nothing_else() {
    assert_eq!(iso_in("Vecka 2026-W48 i dag"), Some("2026-W48"));
    assert_eq!(iso_in("senast 2026-12-18."), Some("2026-12-18"));
    assert_eq!(iso_in("vecka 48, 2026 · tel 0901-12 34 56 · 12026-1"), None);
    assert_eq!(
        visible_text("<p>a<input value=\"2026-W48\"><script>x=\"2026-01-01\"</script>b</p>").trim(),
        "a  b"
    );
}
