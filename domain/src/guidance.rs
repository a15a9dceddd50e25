//! The guidance library's vocabulary: an article's front matter, parsed with errors that name
//! the line, and the rule table that turns what a check-in showed into topics to read about.

use crate::interpret::Signal;
use chrono::NaiveDate;
use std::fmt;

/// What an article is about. A closed list, so the recommendation rules are checked by the
/// compiler and a misspelt topic in a file is an error at load, not a silent miss.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    Stress,
    Recovery,
    Sleep,
    Workload,
    TalkingToYourManager,
    EarlySigns,
    SickLeave,
    Rehabilitation,
    ReturnToWork,
    OccupationalHealth,
    Colleagues,
    Crisis,
    Ergonomics,
    /// For managers: the early conversation, adjusting work, what to ask.
    Leadership,
}

coded!(impl Topic {
    Stress = "stress",
    Recovery = "recovery",
    Sleep = "sleep",
    Workload = "workload",
    TalkingToYourManager = "talking-to-your-manager",
    EarlySigns = "early-signs",
    SickLeave = "sick-leave",
    Rehabilitation = "rehabilitation",
    ReturnToWork = "return-to-work",
    OccupationalHealth = "occupational-health",
    Colleagues = "colleagues",
    Crisis = "crisis",
    Ergonomics = "ergonomics",
    Leadership = "leadership",
});

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Who an article is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Audience {
    Employee,
    Manager,
    Both,
}

coded!(impl Audience {
    Employee = "employee",
    Manager = "manager",
    Both = "both",
});

impl Audience {
    /// Whether an article for `self` belongs in a list filtered for `reader`.
    pub fn serves(self, reader: Audience) -> bool {
        self == Audience::Both || reader == Audience::Both || self == reader
    }
}

/// Who to contact, as the contact directory knows them: the employer's own services and the
/// national numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContactKind {
    Manager,
    OccupationalHealth,
    Hr,
    Union,
    /// 1177 Vårdguiden: healthcare advice day and night.
    Healthcare,
    /// 112: emergencies.
    Emergency,
    /// Mind's suicide line, 90101.
    SuicideLine,
    /// Försäkringskassan, the Social Insurance Agency.
    SocialInsurance,
    /// The employer's support line for staff (counselling by phone, often day and night),
    /// where it has one.
    StaffSupport,
}

coded!(impl ContactKind {
    Manager = "manager",
    OccupationalHealth = "occupational-health",
    Hr = "hr",
    Union = "union",
    Healthcare = "1177",
    Emergency = "112",
    SuicideLine = "90101",
    SocialInsurance = "forsakringskassan",
    StaffSupport = "staff-support",
});

impl ContactKind {
    /// Whether each employer keeps its own entries of this kind (the rest are national).
    pub fn is_employers_own(self) -> bool {
        national_contact(self, Language::Sv).is_none()
    }
}

/// A national service everyone in Sweden can reach: (name, phone, web address, when and what
/// for), in the reader's language. `None` for the employer's own contacts.
pub fn national_contact(
    kind: ContactKind,
    lang: Language,
) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    let sv = lang == Language::Sv;
    Some(match kind {
        ContactKind::Emergency => (
            "112",
            "112",
            "https://www.112.se",
            if sv {
                "När det är akut, dygnet runt."
            } else {
                "When it is urgent, day and night."
            },
        ),
        ContactKind::Healthcare => (
            "1177 Vårdguiden",
            "1177",
            "https://www.1177.se",
            if sv {
                "Sjukvårdsrådgivning dygnet runt."
            } else {
                "Healthcare advice day and night."
            },
        ),
        ContactKind::SuicideLine => (
            if sv {
                "Självmordslinjen (Mind)"
            } else {
                "The suicide line (Mind)"
            },
            "90101",
            "https://mind.se",
            if sv {
                "Om du har tankar på att ta ditt liv, eller är orolig för någon. Ring eller chatta."
            } else {
                "If you are thinking of taking your life, or worried about someone. Call or chat."
            },
        ),
        ContactKind::SocialInsurance => (
            "Försäkringskassan",
            "0771-524 524",
            "https://www.forsakringskassan.se",
            if sv {
                "Sjukpenning och rehabiliteringskedjan."
            } else {
                "Sickness benefit and the rehabilitation chain."
            },
        ),
        ContactKind::Manager
        | ContactKind::OccupationalHealth
        | ContactKind::Hr
        | ContactKind::Union
        | ContactKind::StaffSupport => return None,
    })
}

/// The two languages articles are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    Sv,
    En,
}

coded!(impl Language {
    Sv = "sv",
    En = "en",
});

/// An article's front matter. The slug is shared by an article's Swedish and English versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatter {
    pub slug: String,
    pub language: Language,
    pub title: String,
    pub summary: String,
    pub topics: Vec<Topic>,
    pub audience: Audience,
    pub reviewed: NaiveDate,
    pub related: Vec<String>,
    pub contacts: Vec<ContactKind>,
}

/// A problem in an article file, at a line (1-based, counting the opening `---`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ArticleError {
    pub line: usize,
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> ArticleError {
    ArticleError {
        line,
        message: message.into(),
    }
}

/// Longest title and summary, so a list stays readable on a phone.
pub const TITLE_MAX: usize = 120;
pub const SUMMARY_MAX: usize = 300;

/// Splits an article into its front matter and its Markdown body.
///
/// The front matter is a small YAML subset between `---` lines: `key: value` and
/// `key: [a, b]`, one per line; `#` starts a comment line. Every key is checked, so a typo
/// is reported with its line rather than ignored.
pub fn parse_article(text: &str) -> Result<(FrontMatter, &str), ArticleError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return Err(err(
            1,
            "an article starts with a '---' line and its front matter",
        ));
    }
    let mut consumed = text.split_inclusive('\n').next().map_or(0, str::len);
    let mut fields: Vec<(usize, &str, &str)> = vec![];
    let mut closed = false;
    for (i, raw) in lines.enumerate() {
        let line_no = i + 2;
        consumed += raw.len();
        let line = raw.trim_end();
        if line == "---" {
            closed = true;
            break;
        }
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(err(
                line_no,
                format!("expected 'key: value', found '{line}'"),
            ));
        };
        let key = key.trim();
        if fields.iter().any(|(_, k, _)| *k == key) {
            return Err(err(line_no, format!("'{key}' is given twice")));
        }
        fields.push((line_no, key, value.trim()));
    }
    if !closed {
        return Err(err(1, "the front matter is not closed by a '---' line"));
    }
    let body = &text[consumed..];
    let end = text[..consumed].lines().count();
    let get = |key: &str| fields.iter().find(|(_, k, _)| *k == key).copied();
    let required = |key: &str| get(key).ok_or_else(|| err(end, format!("'{key}' is missing")));

    const KNOWN: [&str; 9] = [
        "slug", "language", "title", "summary", "topics", "audience", "reviewed", "related",
        "contacts",
    ];
    if let Some((line, key, _)) = fields.iter().find(|(_, k, _)| !KNOWN.contains(k)) {
        return Err(err(
            *line,
            format!("'{key}' is not a front-matter key ({})", KNOWN.join(", ")),
        ));
    }

    let (line, _, slug) = required("slug")?;
    let slug = unquote(slug);
    if !is_slug(slug) {
        return Err(err(line, "a slug is lowercase letters, digits and dashes"));
    }
    let (line, _, language) = required("language")?;
    let language =
        Language::parse(unquote(language)).ok_or_else(|| err(line, "language is 'sv' or 'en'"))?;
    let title = text_field(required("title")?, TITLE_MAX)?;
    let summary = text_field(required("summary")?, SUMMARY_MAX)?;
    let (line, _, topics) = required("topics")?;
    let topics = list(line, topics)?
        .into_iter()
        .map(|t| {
            Topic::parse(t).ok_or_else(|| {
                let all: Vec<_> = Topic::ALL.iter().map(|t| t.code()).collect();
                err(line, format!("'{t}' is not a topic ({})", all.join(", ")))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if topics.is_empty() {
        return Err(err(line, "an article has at least one topic"));
    }
    let (line, _, audience) = required("audience")?;
    let audience = Audience::parse(unquote(audience))
        .ok_or_else(|| err(line, "audience is employee, manager or both"))?;
    let (line, _, reviewed) = required("reviewed")?;
    let reviewed = NaiveDate::parse_from_str(unquote(reviewed), "%Y-%m-%d")
        .map_err(|_| err(line, "reviewed is a date, YYYY-MM-DD"))?;
    let related = match get("related") {
        Some((line, _, v)) => {
            let related = list(line, v)?;
            if let Some(bad) = related.iter().find(|s| !is_slug(s)) {
                return Err(err(line, format!("'{bad}' is not a slug")));
            }
            related.into_iter().map(String::from).collect()
        }
        None => vec![],
    };
    let (line, _, contacts) = required("contacts")?;
    let contacts = list(line, contacts)?
        .into_iter()
        .map(|c| {
            ContactKind::parse(c).ok_or_else(|| {
                let all: Vec<_> = ContactKind::ALL.iter().map(|c| c.code()).collect();
                err(line, format!("'{c}' is not a contact ({})", all.join(", ")))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if contacts.is_empty() {
        return Err(err(line, "every article says who to contact"));
    }
    if body.trim().is_empty() {
        return Err(err(end + 1, "the article has no text"));
    }
    Ok((
        FrontMatter {
            slug: slug.to_owned(),
            language,
            title,
            summary,
            topics,
            audience,
            reviewed,
            related,
            contacts,
        },
        body,
    ))
}

fn unquote(v: &str) -> &str {
    let v = v.trim();
    v.strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(v)
}

fn text_field((line, key, v): (usize, &str, &str), max: usize) -> Result<String, ArticleError> {
    let v = unquote(v).trim();
    if v.is_empty() {
        return Err(err(line, format!("'{key}' is empty")));
    }
    if v.chars().count() > max {
        return Err(err(
            line,
            format!("'{key}' is longer than {max} characters"),
        ));
    }
    Ok(v.to_owned())
}

fn list(line: usize, v: &str) -> Result<Vec<&str>, ArticleError> {
    let inner = v
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .ok_or_else(|| err(line, "a list is written [a, b, c]"))?;
    Ok(inner
        .split(',')
        .map(unquote)
        .filter(|s| !s.is_empty())
        .collect())
}

fn is_slug(s: &str) -> bool {
    (2..=80).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// What to read after a check-in, most urgent first, each topic once. The rule table:
///
/// | what the check-in showed | topics |
/// |---|---|
/// | WHO-5 ≤ 28 | crisis (who to call now), occupational health |
/// | WHO-5 < 50 | recovery, early signs |
/// | stress 4–5 two weeks running | workload, stress |
/// | work ability ≤ 5 | talking to your manager, occupational health |
/// | asked to talk | talking to your manager, colleagues |
///
/// A WHO-5 change alone recommends nothing: it is news, not a need.
pub fn recommend(signals: &[Signal]) -> Vec<Topic> {
    let mut out: Vec<Topic> = vec![];
    for signal in signals {
        let topics: &[Topic] = match signal {
            Signal::Who5VeryLow => &[Topic::Crisis, Topic::OccupationalHealth],
            Signal::Who5Low => &[Topic::Recovery, Topic::EarlySigns],
            Signal::StressHighTwoWeeks => &[Topic::Workload, Topic::Stress],
            Signal::WorkAbilityLow => &[Topic::TalkingToYourManager, Topic::OccupationalHealth],
            Signal::WantsToTalk => &[Topic::TalkingToYourManager, Topic::Colleagues],
            Signal::Who5Changed { .. } => &[],
        };
        for t in topics {
            if !out.contains(t) {
                out.push(*t);
            }
        }
    }
    out
}

/// Whether a link in an article may stay a link: http(s), mailto and tel, or a link without a
/// scheme (a path on this site or an anchor). Anything else (`javascript:`, `data:`, `file:`,
/// …) is shown as its text only: articles reach native and API clients as HTML too, where no
/// content security policy stands guard. Read as browsers read it, with tabs and line breaks
/// dropped and leading spaces and control characters ignored, so `java&#9;script:` is caught.
pub fn allowed_link(dest: &str) -> bool {
    match scheme(dest) {
        Some(s) => matches!(s.as_str(), "http" | "https" | "mailto" | "tel"),
        None => true,
    }
}

/// Whether an image may be shown: only from this site (a path starting with one `/`), so that
/// reading an article never tells another site who read it.
pub fn allowed_image(src: &str) -> bool {
    let src = browser_view(src);
    scheme(&src).is_none() && src.starts_with('/') && !src.starts_with("//")
}

/// The URL as a browser reads it before resolving.
fn browser_view(url: &str) -> String {
    url.chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_start_matches(|c: char| c <= ' ')
        .replace('\\', "/")
}

/// The scheme a browser would see, lower-cased, if there is one.
fn scheme(url: &str) -> Option<String> {
    let url = browser_view(url);
    let end = url.find([':', '/', '?', '#'])?;
    let candidate = &url[..end];
    (url[end..].starts_with(':')
        && candidate.starts_with(|c: char| c.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| candidate.to_ascii_lowercase())
}

/// The answers to "was this helpful?" for one article and language, as the editors' page
/// and the API show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackSummary {
    pub slug: String,
    pub language: Language,
    /// As the employer's people read it.
    pub title: String,
    pub helpful: usize,
    pub not_helpful: usize,
    /// The comments, newest first, without any trace of who wrote them.
    pub comments: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---
slug: stress-and-recovery
language: sv
title: Stress och återhämtning
summary: \"Vad stress gör med kroppen, och hur du hämtar dig.\"
# a comment
topics: [stress, recovery]
audience: employee
reviewed: 2026-11-20
related: [sleep, workload-and-priorities]
contacts: [occupational-health, 1177]
---

Stress är kroppens sätt att möta krav.
";

    #[test]
    fn a_good_article_parses() {
        let (fm, body) = parse_article(GOOD).unwrap();
        assert_eq!(fm.slug, "stress-and-recovery");
        assert_eq!(fm.language, Language::Sv);
        assert_eq!(
            fm.summary,
            "Vad stress gör med kroppen, och hur du hämtar dig."
        );
        assert_eq!(fm.topics, [Topic::Stress, Topic::Recovery]);
        assert_eq!(fm.audience, Audience::Employee);
        assert_eq!(fm.reviewed, NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
        assert_eq!(fm.related, ["sleep", "workload-and-priorities"]);
        assert_eq!(
            fm.contacts,
            [ContactKind::OccupationalHealth, ContactKind::Healthcare]
        );
        assert_eq!(body.trim(), "Stress är kroppens sätt att möta krav.");
    }

    fn error_of(text: &str) -> ArticleError {
        parse_article(text).unwrap_err()
    }

    #[test]
    fn every_mistake_names_its_line() {
        let bad_topic = GOOD.replace("[stress, recovery]", "[stress, recvery]");
        let e = error_of(&bad_topic);
        assert_eq!(e.line, 7, "{e}");
        assert!(e.message.contains("'recvery' is not a topic"), "{e}");

        let e = error_of(&GOOD.replace("reviewed: 2026-11-20", "reviewed: 20 Nov"));
        assert_eq!(
            (e.line, e.message.as_str()),
            (9, "reviewed is a date, YYYY-MM-DD")
        );

        let e = error_of(&GOOD.replace("audience: employee", "audiense: employee"));
        assert_eq!(e.line, 8, "an unknown key is named, not ignored: {e}");

        let e = error_of(&GOOD.replace("language: sv", "language: de"));
        assert_eq!(e.line, 3);

        let e = error_of(&GOOD.replace("contacts: [occupational-health, 1177]", "contacts: []"));
        assert_eq!(
            (e.line, e.message.as_str()),
            (11, "every article says who to contact")
        );

        let e = error_of(&GOOD.replace("slug: stress-and-recovery", "slug: Stress och"));
        assert_eq!(e.line, 2);

        let e = error_of(&GOOD.replace("title: Stress och återhämtning\n", ""));
        assert!(e.message.contains("'title' is missing"), "{e}");

        let e = error_of(&GOOD.replace(
            "related: [sleep, workload-and-priorities]",
            "related: sleep",
        ));
        assert_eq!(
            (e.line, e.message.as_str()),
            (10, "a list is written [a, b, c]")
        );

        let e = error_of(&GOOD.replace("# a comment", "just words"));
        assert_eq!(e.line, 6);

        let e = error_of(&GOOD.replace("title: Stress", "slug: x\ntitle: Stress"));
        assert!(e.message.contains("given twice"), "{e}");
    }

    #[test]
    fn structure_problems_are_reported_too() {
        assert_eq!(error_of("no front matter").line, 1);
        assert!(error_of("---\nslug: a-b\n").message.contains("not closed"));
        let without_body = GOOD.split("---\n\n").next().unwrap().to_owned() + "---\n";
        assert!(error_of(&without_body).message.contains("no text"));
        let long_title = GOOD.replace("Stress och återhämtning", &"å".repeat(TITLE_MAX + 1));
        assert_eq!(error_of(&long_title).line, 4);
    }

    #[test]
    fn a_byte_order_mark_and_windows_line_ends_are_fine() {
        let windows = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
        let (fm, body) = parse_article(&windows).unwrap();
        assert_eq!(fm.title, "Stress och återhämtning");
        assert!(body.contains("möta krav"));
    }

    #[test]
    fn the_rule_table() {
        use Signal::*;
        assert_eq!(recommend(&[]), []);
        assert_eq!(recommend(&[Who5Changed { delta: 12 }]), []);
        assert_eq!(
            recommend(&[Who5VeryLow]),
            [Topic::Crisis, Topic::OccupationalHealth]
        );
        assert_eq!(recommend(&[Who5Low]), [Topic::Recovery, Topic::EarlySigns]);
        assert_eq!(
            recommend(&[StressHighTwoWeeks]),
            [Topic::Workload, Topic::Stress]
        );
        assert_eq!(
            recommend(&[WorkAbilityLow]),
            [Topic::TalkingToYourManager, Topic::OccupationalHealth]
        );
        assert_eq!(
            recommend(&[WantsToTalk]),
            [Topic::TalkingToYourManager, Topic::Colleagues]
        );
        // Most urgent first, each topic once.
        assert_eq!(
            recommend(&[Who5VeryLow, StressHighTwoWeeks, WorkAbilityLow]),
            [
                Topic::Crisis,
                Topic::OccupationalHealth,
                Topic::Workload,
                Topic::Stress,
                Topic::TalkingToYourManager
            ]
        );
    }

    #[test]
    fn audiences_filter_both_ways() {
        assert!(Audience::Both.serves(Audience::Manager));
        assert!(Audience::Employee.serves(Audience::Employee));
        assert!(!Audience::Manager.serves(Audience::Employee));
        assert!(Audience::Manager.serves(Audience::Both));
    }

    #[test]
    fn only_web_mail_and_phone_links_stay_links() {
        for ok in [
            "https://www.1177.se/",
            "HTTP://example.se",
            "mailto:hr@example.se",
            "tel:+4690161000",
            "/guidance/sleep",
            "#section",
            "sleep",
            "page?x=a:b",
        ] {
            assert!(allowed_link(ok), "{ok}");
        }
        for evil in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!allowed_link(evil), "{evil:?}");
        }
    }

    #[test]
    fn images_come_from_this_site_only() {
        assert!(allowed_image("/icons/breathing.svg"));
        for remote in [
            "https://tracker.example/pixel.gif",
            "//tracker.example/pixel.gif",
            "/\\tracker.example/pixel.gif",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "pixel.gif",
        ] {
            assert!(!allowed_image(remote), "{remote:?}");
        }
    }
}
