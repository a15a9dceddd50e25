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
        let sv = guidance::list(&db, None, Language::Sv, &Filter::default())
            .await
            .unwrap();
        assert_eq!(sv.len(), 16);
        let article = guidance::get(&db, None, "crisis-contacts", Language::En)
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
                guidance::get(&db, None, slug, lang)
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
        let hits = guidance::search(&db, None, Language::En, "hoists", &Filter::default())
            .await
            .unwrap();
        assert!(hits.is_empty(), "a retired article is not found: {hits:?}");
        let _ = std::fs::remove_dir_all(dir);
    }
}

async fn slugs(db: &Db, lang: Language, query: &str, filter: &Filter) -> Vec<String> {
    guidance::search(db, None, lang, query, filter)
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
        let hits = guidance::search(&db, None, Language::Sv, "stressad", &any)
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
        let for_managers = guidance::list(&db, None, Language::Sv, &managers)
            .await
            .unwrap();
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
        let on_sleep = guidance::list(&db, None, Language::En, &sleep_topic)
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
                let result = guidance::search(&db, None, lang, q, &Filter::default()).await;
                assert!(result.is_ok(), "{name}: {q:?}: {result:?}");
            }
        }
        assert_eq!(
            guidance::list(&db, None, Language::Sv, &Filter::default())
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
        let picked = guidance::recommended(&db, None, Language::Sv, &topics)
            .await
            .unwrap();
        let picked: Vec<&str> = picked.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(picked[0], "crisis-contacts", "{name}: {picked:?}");
        assert!(picked.contains(&"workload-and-priorities"), "{picked:?}");
        let mut unique = picked.clone();
        unique.dedup();
        assert_eq!(unique.len(), picked.len());

        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let employer = employer(&db, "umea", "").await;
        assert!(guidance::record_feedback(
            &db,
            employer,
            "sleep",
            Language::Sv,
            true,
            Some("  Bra!  ".into()),
            today
        )
        .await
        .unwrap());
        assert!(!guidance::record_feedback(
            &db,
            employer,
            "no-such",
            Language::Sv,
            true,
            None,
            today
        )
        .await
        .unwrap());
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
        let html = guidance::get(&db, None, "sleep", Language::En)
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

/// An employer with the people of an organisation file (`subject,name,roles` lines).
async fn employer(db: &Db, slug: &str, people: &str) -> domain::EmployerId {
    let id = service::employers::add_employer(
        db,
        service::employers::NewEmployer {
            slug: domain::org::Slug::parse(slug).unwrap(),
            name: format!("Kommun {slug}"),
            provider: None,
        },
        now(),
    )
    .await
    .unwrap();
    let file = format!("subject,name,email,unit,manages,roles\n{people}");
    let rows = service::org_import::parse(&file).unwrap();
    if !rows.is_empty() {
        service::org_import::apply(db, slug, rows, now())
            .await
            .unwrap();
    }
    id
}

/// The editor's access of someone the organisation file made an editor.
async fn editor(
    db: &Db,
    employer: domain::EmployerId,
    subject: &str,
) -> service::policy::EditorAccess {
    let (person, _) = service::people::find_by_subject(db, employer, subject)
        .await
        .unwrap()
        .unwrap();
    let actor = service::policy::actor(db, &person).await.unwrap();
    service::policy::edit_guidance(&actor, employer).unwrap()
}

fn draft(title: &str, body: &str) -> guidance::Draft {
    guidance::Draft {
        title: title.into(),
        summary: "Kort om sömn.".into(),
        topics: "sleep".into(),
        audience: "both".into(),
        body: body.into(),
    }
}

#[tokio::test]
async fn an_employers_own_version_is_read_and_found_by_its_people_alone() {
    for (name, db) in databases().await {
        loaded(&db).await;
        let umea = employer(&db, "umea", "red,Rut Redaktör,,IT,,editor\n").await;
        let vindeln = employer(&db, "vindeln", "red-x,Xia Redaktör,,IT,,editor\n").await;
        let at_umea = editor(&db, umea, "red").await;
        let saved = guidance::edit(
            &db,
            &at_umea,
            "sleep",
            Language::Sv,
            draft(
                "Sov gott i Umeå",
                "Ring **nattsköterskan** om du inte somnar.",
            ),
            now(),
        )
        .await
        .unwrap();
        assert_eq!(saved, guidance::EditOutcome::Saved, "{name}");

        let read = |reader| {
            let db = &db;
            async move {
                guidance::get(db, reader, "sleep", Language::Sv)
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        let own = read(Some(umea)).await;
        assert_eq!(own.title, "Sov gott i Umeå", "{name}");
        assert!(own.body_html.contains("<strong>nattsköterskan</strong>"));
        // Related articles and contacts stay the shared text's.
        assert_eq!(own.related, read(None).await.related);
        for other in [Some(vindeln), None] {
            let shared = read(other).await;
            assert_eq!(
                shared.title, "Sov bättre när jobbet snurrar i huvudet",
                "{name}"
            );
            assert!(!shared.body_html.contains("nattsköterskan"));
        }

        // Search finds the own version's words for its people only, and their search no
        // longer finds the article by words only the shared text has.
        let hits = |reader, q: &'static str| {
            let db = &db;
            async move {
                guidance::search(db, reader, Language::Sv, q, &Filter::default())
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|h| (h.article.slug, h.article.title))
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(
            hits(Some(umea), "nattsköterskan").await,
            vec![("sleep".to_owned(), "Sov gott i Umeå".to_owned())],
            "{name}"
        );
        // A typo corrects to the own version's word for its people, and to nothing from it
        // for anyone else.
        assert_eq!(hits(Some(umea), "nattsköterskn").await.len(), 1, "{name}");
        assert!(hits(Some(vindeln), "nattsköterskan").await.is_empty());
        assert!(hits(None, "nattsköterskn").await.is_empty());
        let shared_word = "snurrar";
        assert!(hits(None, shared_word)
            .await
            .iter()
            .any(|(slug, _)| slug == "sleep"));
        assert!(!hits(Some(umea), shared_word)
            .await
            .iter()
            .any(|(slug, _)| slug == "sleep"));
        // The list shows the own title, in title order.
        let list = guidance::list(&db, Some(umea), Language::Sv, &Filter::default())
            .await
            .unwrap();
        assert!(list.iter().any(|l| l.title == "Sov gott i Umeå"));
        assert!(list.windows(2).all(|w| w[0].title <= w[1].title));

        // The other employer's editor sees the shared text and none of Umeå's history.
        let at_vindeln = editor(&db, vindeln, "red-x").await;
        let theirs = guidance::editing(&db, &at_vindeln, "sleep", Language::Sv)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            theirs.draft.title,
            "Sov bättre när jobbet snurrar i huvudet"
        );
        assert_eq!(theirs.own, None);
        assert!(theirs
            .history
            .iter()
            .all(|v| v.kind == guidance::VersionKind::File));
        // Going back from nothing changes nothing.
        assert!(
            !guidance::back_to_shared(&db, &at_vindeln, "sleep", Language::Sv, now())
                .await
                .unwrap()
        );
    }
}

#[tokio::test]
async fn every_version_is_kept_with_its_author_and_the_file_still_rules_the_shared_text() {
    for (name, db) in databases().await {
        let dir = copy_library();
        guidance::load_dir(&db, &dir, now()).await.unwrap();
        let umea = employer(&db, "umea", "red,Rut Redaktör,,IT,,editor\n").await;
        let access = editor(&db, umea, "red").await;
        let later = |hours| now() + chrono::Duration::hours(hours);
        for (i, title) in ["Sov gott", "Sov gott", "Sov gott, version 2"]
            .into_iter()
            .enumerate()
        {
            guidance::edit(
                &db,
                &access,
                "sleep",
                Language::Sv,
                draft(title, "Vila."),
                later(i as i64 + 1),
            )
            .await
            .unwrap();
        }
        let editing = guidance::editing(&db, &access, "sleep", Language::Sv)
            .await
            .unwrap()
            .unwrap();
        // Saving the same text twice made one version, not two.
        let own: Vec<(i32, &str)> = editing
            .history
            .iter()
            .filter(|v| v.kind == guidance::VersionKind::Edit)
            .map(|v| (v.number, v.title.as_str()))
            .collect();
        assert_eq!(own, [(2, "Sov gott, version 2"), (1, "Sov gott")], "{name}");
        assert_eq!(editing.own.as_ref().map(|v| v.number), Some(2));
        assert_eq!(
            editing.own.as_ref().and_then(|v| v.author.as_deref()),
            Some("Rut Redaktör")
        );
        let file = editing.history.last().unwrap();
        assert_eq!(
            (file.kind, file.number, file.file.as_deref()),
            (guidance::VersionKind::File, 1, Some("sv/sleep.md"))
        );
        assert!(!editing.shared_changed);

        // The operator changes the file: the shared text follows at once, the employer's own
        // version stays, and its editors are told the shared text moved on.
        let path = dir.join("sv/sleep.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("Sov bättre", "Sov mycket bättre")).unwrap();
        let report = guidance::load_dir(&db, &dir, later(5)).await.unwrap();
        assert_eq!(report.updated, 1, "{name}");
        assert!(guidance::get(&db, None, "sleep", Language::Sv)
            .await
            .unwrap()
            .unwrap()
            .title
            .starts_with("Sov mycket bättre"));
        let editing = guidance::editing(&db, &access, "sleep", Language::Sv)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(editing.draft.title, "Sov gott, version 2");
        assert!(editing.shared_changed, "{name}");
        assert_eq!(
            editing
                .history
                .iter()
                .filter(|v| v.kind == guidance::VersionKind::File)
                .map(|v| v.number)
                .collect::<Vec<_>>(),
            [2, 1]
        );

        // Back to the shared text: read again, the return kept in the history with who did it.
        assert!(
            guidance::back_to_shared(&db, &access, "sleep", Language::Sv, later(6))
                .await
                .unwrap()
        );
        let read = guidance::get(&db, Some(umea), "sleep", Language::Sv)
            .await
            .unwrap()
            .unwrap();
        assert!(read.title.starts_with("Sov mycket bättre"), "{name}");
        let editing = guidance::editing(&db, &access, "sleep", Language::Sv)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(editing.own, None);
        let back = &editing.history[0];
        assert_eq!(
            (back.kind, back.number, back.author.as_deref()),
            (guidance::VersionKind::BackToShared, 3, Some("Rut Redaktör"))
        );
        assert!(
            guidance::search(&db, Some(umea), Language::Sv, "version", &Filter::default())
                .await
                .unwrap()
                .is_empty(),
            "{name}: the own version left the index"
        );

        // The editor's part in the history is in their own export.
        let (person, _) = service::people::find_by_subject(&db, umea, "red")
            .await
            .unwrap()
            .unwrap();
        let export = service::my_data::export(&db, &service::policy::own_data(&person), now())
            .await
            .unwrap();
        let written = export["guidance_versions_written"].as_array().unwrap();
        assert_eq!(written.len(), 3, "{name}: {export}");
        assert_eq!(written[0]["article"], "sleep");
    }
}

#[tokio::test]
async fn answers_go_to_the_readers_employer_alone() {
    for (name, db) in databases().await {
        loaded(&db).await;
        let umea = employer(&db, "umea", "red,Rut Redaktör,,IT,,editor\n").await;
        let vindeln = employer(&db, "vindeln", "red-x,Xia Redaktör,,IT,,editor\n").await;
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        for (employer, helpful, comment) in [
            (umea, false, "För lång"),
            (umea, true, "Bra"),
            (vindeln, true, "Tack"),
        ] {
            guidance::record_feedback(
                &db,
                employer,
                "sleep",
                Language::Sv,
                helpful,
                Some(comment.into()),
                today,
            )
            .await
            .unwrap();
        }
        let summary = |access| {
            let db = &db;
            async move { guidance::feedback_summary(db, &access).await.unwrap() }
        };
        let at_umea = summary(editor(&db, umea, "red").await).await;
        assert_eq!(at_umea.len(), 1, "{name}");
        assert_eq!((at_umea[0].helpful, at_umea[0].not_helpful), (1, 1));
        assert!(!at_umea[0].comments.contains(&"Tack".to_owned()));
        let at_vindeln = summary(editor(&db, vindeln, "red-x").await).await;
        assert_eq!(at_vindeln[0].comments, ["Tack"]);
    }
}

#[tokio::test]
async fn an_edit_from_before_per_employer_editing_is_kept_and_the_file_rules_again() {
    use sea_orm::{Statement, Value};
    use sea_orm_migration::MigratorTrait;
    use service::migration::Migrator;
    for (name, db) in common::unmigrated("guidance-migration").await {
        // Everything before per-employer guidance.
        let before = Migrator::migrations()
            .iter()
            .position(|m| m.name() == "m20261206_000005_guidance_per_employer")
            .unwrap() as u32;
        Migrator::up(db.conn(), Some(before)).await.unwrap();
        // An article as an editor of one employer changed it for everyone, indexed as then.
        let id = uuid::Uuid::new_v4();
        let sql = |sql: &str, values: Vec<Value>| {
            let sql = match db.backend() {
                sea_orm::DbBackend::Postgres => {
                    let mut n = 0;
                    sql.chars()
                        .map(|c| match c {
                            '?' => {
                                n += 1;
                                format!("${n}")
                            }
                            c => c.to_string(),
                        })
                        .collect()
                }
                _ => sql.to_owned(),
            };
            Statement::from_sql_and_values(db.backend(), sql, values)
        };
        db.conn()
            .execute_raw(sql(
                "INSERT INTO guidance_articles (id, slug, language, title, summary, topics, \
                 audience, reviewed, related, contacts, body_markdown, body_html, body_text, \
                 source, file_hash, retired, updated_at) VALUES (?, 'sleep', 'sv', \
                 'Sov som Umeå vill', 'Kort.', 'sleep', 'both', ?, '', '', 'Vila i Umeå.', \
                 '<p>Vila i Umeå.</p>', 'Vila i Umeå.', 'editor', 'abc', false, ?)",
                vec![
                    id.into(),
                    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap().into(),
                    now().into(),
                ],
            ))
            .await
            .unwrap();
        db.conn()
            .execute_raw(sql(
                "INSERT INTO guidance_search (article_id, language, title_terms, body_terms) \
                 VALUES (?, 'sv', 'sov', 'vil umeå')",
                vec![id.into()],
            ))
            .await
            .unwrap();
        db.migrate().await.unwrap();

        let kept = db
            .conn()
            .query_one_raw(Statement::from_string(
                db.backend(),
                "SELECT kind, title, body_markdown FROM guidance_versions \
                 WHERE employer_id IS NULL",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            kept.try_get::<String>("", "kind").unwrap(),
            "before-per-employer",
            "{name}"
        );
        assert_eq!(
            kept.try_get::<String>("", "body_markdown").unwrap(),
            "Vila i Umeå."
        );
        // Until the files load, the text stays readable and findable as it was.
        let hits = guidance::search(&db, None, Language::Sv, "umeå", &Filter::default())
            .await
            .unwrap();
        assert_eq!(hits.len(), 1, "{name}");
        // The next load writes the file's text over it: the shared text is the operator's.
        let report = loaded(&db).await;
        assert_eq!(report.updated, 1, "{name}: {report:?}");
        let read = guidance::get(&db, None, "sleep", Language::Sv)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(read.title, "Sov bättre när jobbet snurrar i huvudet");
        assert!(
            guidance::search(&db, None, Language::Sv, "umeå", &Filter::default())
                .await
                .unwrap()
                .is_empty(),
            "{name}"
        );
    }
}
