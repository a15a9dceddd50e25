//! Words for search: splitting, Snowball stemming (Swedish and English), highlighting, and the
//! edit distance that forgives small typos. Pure functions, shared by indexing and querying so
//! both sides always agree on what a word is.

use domain::guidance::Language;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;

/// Longest query we look at; the rest of a pasted essay is ignored, not an error.
pub const QUERY_MAX_CHARS: usize = 200;
/// At most this many words of a query count.
pub const QUERY_MAX_TERMS: usize = 8;

fn stemmer(lang: Language) -> Stemmer {
    Stemmer::create(match lang {
        Language::Sv => Algorithm::Swedish,
        Language::En => Algorithm::English,
    })
}

/// Byte ranges of the words in `text`: runs of letters and digits.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = vec![];
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// Every word of `text`, lower-cased and stemmed, in order, joined by spaces: what the index
/// stores.
pub fn index_terms(lang: Language, text: &str) -> String {
    let stemmer = stemmer(lang);
    word_spans(text)
        .into_iter()
        .map(|(a, b)| stemmer.stem(&text[a..b].to_lowercase()).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The distinct stems of a query, at most `QUERY_MAX_TERMS`, from its first `QUERY_MAX_CHARS`.
pub fn query_terms(lang: Language, query: &str) -> Vec<String> {
    let query: String = query.chars().take(QUERY_MAX_CHARS).collect();
    let stemmer = stemmer(lang);
    let mut out: Vec<String> = vec![];
    for (a, b) in word_spans(&query) {
        let stem = stemmer.stem(&query[a..b].to_lowercase()).into_owned();
        if !out.contains(&stem) {
            out.push(stem);
        }
        if out.len() == QUERY_MAX_TERMS {
            break;
        }
    }
    out
}

/// A piece of text, marked when it matched the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// `text` cut into segments, with the words whose stems match a query term marked. The last
/// query term also matches as a prefix, as the search does while someone is still typing.
pub fn highlight(lang: Language, text: &str, terms: &[String]) -> Vec<Segment> {
    let stemmer = stemmer(lang);
    let mut out: Vec<Segment> = vec![];
    let mut push = |s: &str, hit: bool| match out.last_mut() {
        Some(last) if last.hit == hit => last.text.push_str(s),
        _ if !s.is_empty() => out.push(Segment {
            text: s.to_owned(),
            hit,
        }),
        _ => {}
    };
    let mut at = 0;
    for (a, b) in word_spans(text) {
        let stem = stemmer.stem(&text[a..b].to_lowercase()).into_owned();
        if matches(&stem, terms) {
            push(&text[at..a], false);
            push(&text[a..b], true);
            at = b;
        }
    }
    push(&text[at..], false);
    out
}

fn matches(stem: &str, terms: &[String]) -> bool {
    let last = terms.len().saturating_sub(1);
    terms
        .iter()
        .enumerate()
        .any(|(i, t)| stem == t || (i == last && t.chars().count() >= 3 && stem.starts_with(t)))
}

/// About `width` characters of `text` around its first match, or `None` without one.
pub fn snippet(lang: Language, text: &str, terms: &[String], width: usize) -> Option<Vec<Segment>> {
    let stemmer = stemmer(lang);
    let spans = word_spans(text);
    let first = spans
        .iter()
        .position(|&(a, b)| matches(&stemmer.stem(&text[a..b].to_lowercase()), terms))?;
    // Start a few words before the match, end on a word boundary near `width` characters.
    let start_word = first.saturating_sub(6);
    let start = if start_word == 0 {
        0
    } else {
        spans[start_word].0
    };
    let mut end = text.len();
    for &(_, b) in &spans[first..] {
        if text[start..b].chars().count() > width {
            end = b;
            break;
        }
    }
    let mut segments = highlight(lang, &text[start..end], terms);
    if start > 0 {
        segments.insert(
            0,
            Segment {
                text: "… ".into(),
                hit: false,
            },
        );
    }
    if end < text.len() {
        segments.push(Segment {
            text: " …".into(),
            hit: false,
        });
    }
    Some(segments)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbours, in characters.
pub fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// How many typos a word of this length may carry: none in very short words, where almost
/// everything would match.
fn tolerance(term: &str) -> usize {
    match term.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Query terms with unknown words replaced by the nearest known one, if one is near enough.
/// The last term is left alone when some known word starts with it (it is being typed).
pub fn corrected(terms: &[String], vocabulary: &HashSet<String>) -> Vec<String> {
    let last = terms.len().saturating_sub(1);
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if vocabulary.contains(t)
                || (i == last && vocabulary.iter().any(|v| v.starts_with(t.as_str())))
            {
                return t.clone();
            }
            let limit = tolerance(t);
            if limit == 0 {
                return t.clone();
            }
            let len = t.chars().count();
            vocabulary
                .iter()
                .filter(|v| v.chars().count().abs_diff(len) <= limit)
                .map(|v| (distance(t, v), v))
                .filter(|(d, _)| *d <= limit)
                // Nearest first; among equals, a stable choice.
                .min_by(|(da, va), (db, vb)| da.cmp(db).then_with(|| va.cmp(vb)))
                .map_or_else(|| t.clone(), |(_, v)| v.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: Language, q: &str) -> Vec<String> {
        query_terms(lang, q)
    }

    #[test]
    fn swedish_inflections_share_a_stem() {
        let stress = index_terms(Language::Sv, "stress");
        for word in ["stressad", "stressen", "Stressade"] {
            assert_eq!(
                terms(Language::Sv, word),
                std::slice::from_ref(&stress),
                "{word}"
            );
        }
        assert_eq!(
            terms(Language::Sv, "sjukskrivningen"),
            terms(Language::Sv, "sjukskrivning")
        );
        assert_eq!(
            terms(Language::En, "sleeping"),
            terms(Language::En, "sleep")
        );
    }

    #[test]
    fn queries_are_bounded_and_need_no_escaping() {
        let essay = "ord ".repeat(5_000);
        assert_eq!(terms(Language::Sv, &essay), ["ord"]);
        let many = "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10";
        assert_eq!(terms(Language::Sv, many).len(), QUERY_MAX_TERMS);
        let hostile = "\"stress\" OR 1=1; DROP TABLE x -- NEAR(a b) * ^ :";
        for t in terms(Language::En, hostile) {
            assert!(t.chars().all(char::is_alphanumeric), "{t}");
        }
        assert!(terms(Language::Sv, "!!! ??? \"\"").is_empty());
    }

    #[test]
    fn matches_are_highlighted_in_place() {
        let q = terms(Language::Sv, "stressad");
        let segments = highlight(Language::Sv, "Stress och återhämtning", &q);
        assert_eq!(
            segments,
            [
                Segment {
                    text: "Stress".into(),
                    hit: true
                },
                Segment {
                    text: " och återhämtning".into(),
                    hit: false
                },
            ]
        );
        // The last word matches as a prefix while it is being typed.
        let typing = terms(Language::Sv, "återhä");
        assert!(highlight(Language::Sv, "Stress och återhämtning", &typing)
            .iter()
            .any(|s| s.hit && s.text == "återhämtning"));
    }

    #[test]
    fn a_snippet_starts_near_the_first_match() {
        let text = "Ett två tre fyra fem sex sju åtta nio tio elva tolv sömnen är viktig för återhämtningen och mycket annat som följer här efter";
        let q = terms(Language::Sv, "sömn");
        let s = snippet(Language::Sv, text, &q, 40).unwrap();
        assert_eq!(s[0].text, "… ");
        assert!(s.iter().any(|seg| seg.hit && seg.text == "sömnen"));
        assert_eq!(s.last().unwrap().text, " …");
        assert!(snippet(Language::Sv, text, &terms(Language::Sv, "xyz"), 40).is_none());
    }

    #[test]
    fn small_typos_are_forgiven() {
        assert_eq!(distance("stress", "strss"), 1);
        assert_eq!(distance("sömn", "sönm"), 1, "a swap is one typo");
        assert_eq!(distance("", "abc"), 3);
        let vocabulary: HashSet<String> = ["stress", "sömn", "chef", "arbetsbelastning"]
            .map(String::from)
            .into();
        let fixed = |q: &[&str]| {
            corrected(
                &q.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                &vocabulary,
            )
        };
        assert_eq!(fixed(&["strss", "x"]), ["stress", "x"]);
        assert_eq!(fixed(&["arbetsbelastnign"]), ["arbetsbelastning"]);
        assert_eq!(fixed(&["chef"]), ["chef"], "known words stay");
        assert_eq!(
            fixed(&["arbets"]),
            ["arbets"],
            "the last word may be unfinished"
        );
        assert_eq!(fixed(&["kex"]), ["kex"], "short words are not guessed at");
        assert_eq!(
            fixed(&["zzzzzz"]),
            ["zzzzzz"],
            "nothing near: left as it is"
        );
    }
}
