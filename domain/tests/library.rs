//! The shipped starter library: every file parses, each article exists in Swedish and English,
//! links point at articles that exist, and every topic the check-in can recommend has an
//! article for employees in both languages.

use domain::guidance::{parse_article, recommend, Audience, FrontMatter, Language, Topic};
use domain::Signal;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn library() -> Vec<(String, FrontMatter)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/guidance");
    let mut out = vec![];
    for lang in ["sv", "en"] {
        for entry in std::fs::read_dir(root.join(lang)).unwrap() {
            let path = entry.unwrap().path();
            let name = format!("{lang}/{}", path.file_name().unwrap().to_string_lossy());
            let text = std::fs::read_to_string(&path).unwrap();
            let (fm, _) = parse_article(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(fm.language.code(), lang, "{name} is in the {lang} folder");
            assert_eq!(
                format!("{}.md", fm.slug),
                name[3..],
                "{name}: file name = slug"
            );
            out.push((name, fm));
        }
    }
    out
}

#[test]
fn every_article_exists_in_both_languages_and_links_resolve() {
    let all = library();
    let slugs = |lang: Language| -> BTreeSet<String> {
        all.iter()
            .filter(|(_, fm)| fm.language == lang)
            .map(|(_, fm)| fm.slug.clone())
            .collect()
    };
    let (sv, en) = (slugs(Language::Sv), slugs(Language::En));
    assert!(
        sv.len() >= 16,
        "at least 16 Swedish articles, found {}",
        sv.len()
    );
    assert_eq!(sv, en, "the same articles in Swedish and English");
    for (name, fm) in &all {
        for r in &fm.related {
            assert!(
                sv.contains(r),
                "{name}: related article '{r}' does not exist"
            );
            assert_ne!(r, &fm.slug, "{name} relates to itself");
        }
    }
    // The two language versions agree on what an article is about and who it is for.
    let facts: BTreeMap<(String, Language), (Vec<Topic>, Audience)> = all
        .iter()
        .map(|(_, fm)| {
            (
                (fm.slug.clone(), fm.language),
                (fm.topics.clone(), fm.audience),
            )
        })
        .collect();
    for slug in &sv {
        assert_eq!(
            facts[&(slug.clone(), Language::Sv)],
            facts[&(slug.clone(), Language::En)],
            "{slug}: topics and audience differ between the languages"
        );
    }
}

#[test]
fn every_recommended_topic_has_an_article_for_employees() {
    let all = library();
    let signals = [
        Signal::Who5VeryLow,
        Signal::Who5Low,
        Signal::StressHighTwoWeeks,
        Signal::WorkAbilityLow,
        Signal::WantsToTalk,
    ];
    for topic in recommend(&signals) {
        for lang in [Language::Sv, Language::En] {
            assert!(
                all.iter().any(|(_, fm)| fm.language == lang
                    && fm.topics.contains(&topic)
                    && fm.audience.serves(Audience::Employee)),
                "no {} article for employees on {topic}",
                lang.code()
            );
        }
    }
}
