//! The guidance library on both databases: loading the content folder (changes, removals,
//! broken files), search in Swedish and English with stemming and typos, filters, hostile
//! queries, recommendations and anonymous feedback.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use domain::guidance::{Audience, Language, Topic};
use sea_orm::ConnectionTrait;
use service::guidance::{self, Filter, LoadReport};
use service::Db;
use std::path::{Path, PathBuf};

fn now() -> DateTime<Utc> {
    "2026-11-25T09:30:00Z".parse().unwrap()
}

fn library_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/guidance")
}

async fn databases() -> Vec<(&'static str, Db)> {
    common::databases("guidance").await
}

/// A copy of the shipped library to change.
fn copy_library() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orka-content-{}", uuid::Uuid::new_v4()));
    for lang in ["sv", "en"] {
        std::fs::create_dir_all(dir.join(lang)).unwrap();
        for entry in std::fs::read_dir(library_dir().join(lang)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(lang).join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

async fn loaded(db: &Db) -> LoadReport {
    guidance::load_dir(db, &library_dir(), now()).await.unwrap()
}

#[tokio::test]
async fn the_shipped_library_loads_once_and_a_second_load_changes_nothing() {
    for (name, db) in databases().await {
        let first = loaded(&db).await;
        assert!(first.errors.is_empty(), "{name}: {:?}", first.errors);
        assert_eq!(first.added, 32, "{name}");
        let second = loaded(&db).await;
        assert_eq!(
            second,
            LoadReport {
                unchanged: 32,
                ..LoadReport::default()
            },
            "{name}"
        );
        let sv = guidance::list(&db, Language::Sv, &Filter::default())
            .await
            .unwrap();
        assert_eq!(sv.len(), 16);
        let article = guidance::get(&db, "crisis-contacts", Language::En)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(article.language, Language::En);
        assert!(article.body_html.contains("<h2>"), "{}", article.body_html);
        assert_eq!(article.related[0].slug, "a-colleague-who-is-struggling");
    }
}

#[tokio::test]
async fn changed_files_update_removed_files_retire_and_a_broken_file_stops_nothing() {
    for (name, db) in databases().await {
        let dir = copy_library();
        guidance::load_dir(&db, &dir, now()).await.unwrap();

        let sleep = dir.join("sv/sleep.md");
        let text = std::fs::read_to_string(&sleep).unwrap();
        std::fs::write(&sleep, text.replace("Sov bättre", "Sov gott")).unwrap();
        std::fs::remove_file(dir.join("en/ergonomics-at-work.md")).unwrap();
        // A typo in a topic: reported with file and line, the article stays as it was.
        let stress = dir.join("en/stress-and-recovery.md");
        let text = std::fs::read_to_string(&stress).unwrap();
        std::fs::write(
            &stress,
            text.replace("[stress, recovery]", "[stress, recovry]"),
        )
        .unwrap();
        std::fs::write(dir.join("en/new-but-broken.md"), "no front matter here").unwrap();

        let report = guidance::load_dir(&db, &dir, now()).await.unwrap();
        assert_eq!(
            (report.updated, report.retired, report.added),
            (1, 1, 0),
            "{name}"
        );
        assert_eq!(report.errors.len(), 2, "{:?}", report.errors);
        assert!(
            report
                .errors
                .contains(&"en/stress-and-recovery.md: line 6: 'recovry' is not a topic (stress, recovery, sleep, workload, talking-to-your-manager, early-signs, sick-leave, rehabilitation, return-to-work, occupational-health, colleagues, crisis, ergonomics, leadership)".to_owned()),
            "{:?}",
            report.errors
        );
        assert!(report.errors.contains(
            &"en/new-but-broken.md: line 1: an article starts with a '---' line and its front matter"
                .to_owned()
        ));
        let title = |slug: &'static str, lang| {
            let db = db.clone();
            async move {
                guidance::get(&db, slug, lang)
                    .await
                    .unwrap()
                    .map(|a| (a.language, a.title))
            }
        };
        assert_eq!(
            title("sleep", Language::Sv).await.unwrap().1,
            "Sov gott när jobbet snurrar i huvudet"
        );
        assert_eq!(
            title("stress-and-recovery", Language::En).await.unwrap().1,
            "Stress and recovery",
            "a broken file keeps its article"
        );
        // Retired in English, so English readers get the Swedish version.
        assert_eq!(
            title("ergonomics-at-work", Language::En).await.unwrap().0,
            Language::Sv
        );
        let hits = guidance::search(&db, Language::En, "hoists", &Filter::default())
            .await
            .unwrap();
        assert!(hits.is_empty(), "a retired article is not found: {hits:?}");
        let _ = std::fs::remove_dir_all(dir);
    }
}

async fn slugs(db: &Db, lang: Language, query: &str, filter: &Filter) -> Vec<String> {
    guidance::search(db, lang, query, filter)
        .await
        .unwrap_or_else(|e| panic!("{query:?} failed: {e}"))
        .into_iter()
        .map(|h| h.article.slug)
        .collect()
}

#[tokio::test]
async fn search_finds_inflected_forms_and_forgives_typos_in_both_languages() {
    for (name, db) in databases().await {
        loaded(&db).await;
        let any = Filter::default();
        let cases: [(Language, &str, &str); 9] = [
            (Language::Sv, "stressad", "stress-and-recovery"),
            (Language::Sv, "Stressen", "stress-and-recovery"),
            (Language::Sv, "sömnen", "sleep"),
            (Language::Sv, "strss", "stress-and-recovery"),
            (Language::Sv, "karensavdraget", "first-day-of-sick-leave"),
            (
                Language::Sv,
                "företagshälsovård",
                "occupational-health-services",
            ),
            (Language::En, "sleeping", "sleep"),
            (Language::En, "exhausted", "early-signs-of-exhaustion"),
            (Language::En, "slep", "sleep"),
        ];
        for (lang, query, slug) in cases {
            let found = slugs(&db, lang, query, &any).await;
            assert!(
                found.iter().take(3).any(|s| s == slug),
                "{name}: {query:?} should find {slug} near the top, found {found:?}"
            );
        }
        // Highlighting marks the word as it is written in the article.
        let hits = guidance::search(&db, Language::Sv, "stressad", &any)
            .await
            .unwrap();
        let top = &hits[0];
        assert!(
            top.title.iter().any(|s| s.hit && s.text == "Stress"),
            "{top:?}"
        );
        // An unfinished last word still finds.
        let found = slugs(&db, Language::Sv, "återhä", &any).await;
        assert!(
            found.contains(&"stress-and-recovery".to_owned()),
            "{name}: {found:?}"
        );
    }
}

#[tokio::test]
async fn filters_narrow_lists_and_searches() {
    for (name, db) in databases().await {
        loaded(&db).await;
        let managers = Filter {
            topic: None,
            audience: Some(Audience::Manager),
        };
        let for_managers = guidance::list(&db, Language::Sv, &managers).await.unwrap();
        assert!(
            for_managers
                .iter()
                .all(|a| a.audience != Audience::Employee),
            "{name}"
        );
        assert!(for_managers
            .iter()
            .any(|a| a.slug == "the-early-conversation"));
        let sleep_topic = Filter {
            topic: Some(Topic::Sleep),
            audience: None,
        };
        let on_sleep = guidance::list(&db, Language::En, &sleep_topic)
            .await
            .unwrap();
        assert_eq!(
            on_sleep.iter().map(|a| a.slug.as_str()).collect::<Vec<_>>(),
            ["sleep"]
        );
        let employees = Filter {
            topic: None,
            audience: Some(Audience::Employee),
        };
        let found = slugs(&db, Language::Sv, "samtalet", &employees).await;
        assert!(
            !found.contains(&"the-early-conversation".to_owned()),
            "{found:?}"
        );
    }
}

#[tokio::test]
async fn hostile_queries_never_fail() {
    for (name, db) in databases().await {
        loaded(&db).await;
        let long = "stress ".repeat(1500); // over 10 KB
        let hostile = [
            "\"",
            "\"stress",
            "stress\"\"",
            "'",
            "' OR 1=1 --",
            "'; DROP TABLE guidance_articles; --",
            "stress AND OR NOT",
            "NEAR(stress sömn)",
            "title_terms:stress",
            "stress*",
            "*",
            "^stress",
            "stress & sömn | !chef",
            "():*<->",
            "\0\u{1}\u{7f}",
            "😀 stress 😀",
            long.as_str(),
            "",
            "   ",
        ];
        for q in hostile {
            for lang in [Language::Sv, Language::En] {
                let result = guidance::search(&db, lang, q, &Filter::default()).await;
                assert!(result.is_ok(), "{name}: {q:?}: {result:?}");
            }
        }
        assert_eq!(
            guidance::list(&db, Language::Sv, &Filter::default())
                .await
                .unwrap()
                .len(),
            16
        );
        let found = slugs(&db, Language::Sv, &long, &Filter::default()).await;
        assert!(found.contains(&"stress-and-recovery".to_owned()));
    }
}

#[tokio::test]
async fn a_check_in_recommends_one_article_per_topic_and_feedback_is_anonymous() {
    for (name, db) in databases().await {
        loaded(&db).await;
        let topics = domain::guidance::recommend(&[
            domain::Signal::Who5VeryLow,
            domain::Signal::StressHighTwoWeeks,
        ]);
        let picked = guidance::recommended(&db, Language::Sv, &topics)
            .await
            .unwrap();
        let picked: Vec<&str> = picked.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(picked[0], "crisis-contacts", "{name}: {picked:?}");
        assert!(picked.contains(&"workload-and-priorities"), "{picked:?}");
        let mut unique = picked.clone();
        unique.dedup();
        assert_eq!(unique.len(), picked.len());

        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert!(guidance::record_feedback(
            &db,
            "sleep",
            Language::Sv,
            true,
            Some("  Bra!  ".into()),
            today
        )
        .await
        .unwrap());
        assert!(
            !guidance::record_feedback(&db, "no-such", Language::Sv, true, None, today)
                .await
                .unwrap()
        );
        let columns = db
            .conn()
            .query_all_raw(sea_orm::Statement::from_string(
                db.backend(),
                "SELECT comment FROM guidance_feedback",
            ))
            .await
            .unwrap();
        assert_eq!(columns.len(), 1);
        assert_eq!(columns[0].try_get::<String>("", "comment").unwrap(), "Bra!");
    }
}

#[tokio::test]
async fn articles_keep_only_web_mail_and_phone_links_and_images_from_this_site() {
    for (name, db) in databases().await {
        let dir = copy_library();
        let sleep = dir.join("en/sleep.md");
        let text = std::fs::read_to_string(&sleep).unwrap();
        std::fs::write(
            &sleep,
            format!(
                "{text}\n\n[Call us](tel:+4690161000) · [mail](mailto:hr@example.se) · \
                 [1177](https://www.1177.se/) · [a friend](/guidance/colleagues)\n\n\
                 [click me](javascript:alert(1)) [or me](java&#9;script:alert(2)) \
                 [data](data:text/html,x) ![pixel](https://tracker.example/p.gif) \
                 ![ours](/icons/icon-192.png)\n"
            ),
        )
        .unwrap();
        guidance::load_dir(&db, &dir, now()).await.unwrap();
        let html = guidance::get(&db, "sleep", Language::En)
            .await
            .unwrap()
            .unwrap()
            .body_html;
        for kept in [
            "href=\"tel:+4690161000\"",
            "href=\"mailto:hr@example.se\"",
            "href=\"https://www.1177.se/\"",
            "href=\"/guidance/colleagues\"",
            "src=\"/icons/icon-192.png\"",
        ] {
            assert!(html.contains(kept), "{name}: {kept} in {html}");
        }
        for gone in ["javascript", "script:", "data:", "tracker.example"] {
            assert!(!html.contains(gone), "{name}: {gone} in {html}");
        }
        assert!(
            html.contains("click me") && html.contains("pixel"),
            "the text stays"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
