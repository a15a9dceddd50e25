//! Search latency with a library of 1,000 articles (500 in each language), on SQLite and, when
//! `ORKA_TEST_POSTGRES_URL` is set, on PostgreSQL: the real loader and the real search
//! function, as a page or the API calls it. Goal: under 50 ms.
//!
//!     cargo bench -p service --bench guidance_search

use chrono::Utc;
use domain::guidance::Language;
use sea_orm::{ConnectionTrait, Database};
use service::guidance::{self, Filter};
use service::Db;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const ARTICLES_PER_LANGUAGE: usize = 500;
const ROUNDS: usize = 30;

const QUERIES: [(Language, &str); 16] = [
    (Language::Sv, "stressad"),
    (Language::Sv, "sömnen"),
    (Language::Sv, "sjukskrivning första dagen"),
    (Language::Sv, "prata med chefen"),
    (Language::Sv, "arbetsbelastnign"),
    (Language::Sv, "återgång i arbete"),
    (Language::Sv, "företagshälso"),
    (Language::Sv, "rehabiliteringskedjan dag 90"),
    (Language::En, "stressed"),
    (Language::En, "sleeping badly"),
    (Language::En, "return to work plan"),
    (Language::En, "exhaustion signs"),
    (Language::En, "manager converstion"),
    (Language::En, "occupational"),
    (Language::En, "suicide line"),
    (Language::En, "graded return 50 per cent"),
];

/// 500 articles per language: the shipped library repeated with new slugs and a varying
/// paragraph, so no two documents are the same.
fn generate() -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/guidance");
    let dir = std::env::temp_dir().join(format!("orka-bench-library-{}", uuid::Uuid::new_v4()));
    for lang in ["sv", "en"] {
        std::fs::create_dir_all(dir.join(lang)).unwrap();
        let mut originals: Vec<(String, String)> = std::fs::read_dir(source.join(lang))
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let slug = p.file_stem().unwrap().to_string_lossy().into_owned();
                (slug, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        originals.sort();
        let words: Vec<String> = originals
            .iter()
            .flat_map(|(_, t)| t.split_whitespace().map(String::from).collect::<Vec<_>>())
            .filter(|w| w.chars().all(char::is_alphabetic) && w.len() > 3)
            .collect();
        for i in 0..ARTICLES_PER_LANGUAGE {
            let (slug, text) = &originals[i % originals.len()];
            let new_slug = format!("{slug}-{i}");
            let extra: Vec<&str> = (0..60)
                .map(|k| words[(i * 7919 + k * 104729) % words.len()].as_str())
                .collect();
            // Related slugs would point at the originals' names: dropped.
            let text: String = text
                .replacen(&format!("slug: {slug}"), &format!("slug: {new_slug}"), 1)
                .lines()
                .filter(|l| !l.starts_with("related:"))
                .map(|l| format!("{l}\n"))
                .collect();
            std::fs::write(
                dir.join(lang).join(format!("{new_slug}.md")),
                format!("{text}\n{}\n", extra.join(" ")),
            )
            .unwrap();
        }
    }
    dir
}

async fn databases() -> Vec<(&'static str, Db)> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let path = std::env::temp_dir().join(format!("orka-bench-{id}.db"));
    let mut out = vec![(
        "SQLite (FTS5)",
        Db::connect(&format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .unwrap(),
    )];
    if let Some(url) = std::env::var("ORKA_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        let schema = format!("orka_bench_{id}");
        Database::connect(&url)
            .await
            .unwrap()
            .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
            .await
            .unwrap();
        out.push((
            "PostgreSQL (full-text)",
            Db::connect_in_schema(&url, Some(&schema)).await.unwrap(),
        ));
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = generate();
    for (name, db) in databases().await {
        db.migrate().await.unwrap();
        let started = Instant::now();
        let report = guidance::load_dir(&db, &dir, Utc::now()).await.unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.added, 2 * ARTICLES_PER_LANGUAGE);
        let load = started.elapsed();
        let mut times = vec![];
        let mut hits = 0;
        for round in 0..=ROUNDS {
            for (lang, q) in QUERIES {
                let t = Instant::now();
                let found = guidance::search(&db, None, lang, q, &Filter::default())
                    .await
                    .unwrap();
                // The first round warms caches and the vocabulary; it is not counted.
                if round > 0 {
                    times.push(t.elapsed());
                    hits += usize::from(!found.is_empty());
                }
            }
        }
        times.sort();
        println!(
            "{name}: {} articles loaded in {:.2} s; {} searches ({} found something): \
             p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            2 * ARTICLES_PER_LANGUAGE,
            load.as_secs_f64(),
            times.len(),
            hits,
            percentile(&times, 0.50).as_secs_f64() * 1e3,
            percentile(&times, 0.95).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            times.last().unwrap().as_secs_f64() * 1e3,
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}
