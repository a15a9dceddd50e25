//! The team trend of a 5,000-person employer with two years of weekly check-ins: 5 departments
//! of 10 teams of 100, everyone counted in their team's trend, a check-in from each person in
//! each of 104 weeks. Times the department manager's and a team manager's view of the last 12
//! ended weeks, through the policy and the same use case the API calls. Goal: p95 ≤ 50 ms. The
//! first view publishes (freezes) those weeks and is timed apart; the rest read them.
//! SQLite, and PostgreSQL too when `ORKA_TEST_POSTGRES_URL` is set.
//!
//!     cargo bench -p service --bench team_trend

mod common;

use domain::consent::Scope;
use domain::trend::Threshold;
use domain::{IsoWeek, Slug};
use sea_orm::ConnectionTrait;
use service::employers::{add_employer, NewEmployer};
use service::{org_import, policy, trend, Db};
use std::time::Instant;

const DEPARTMENTS: usize = 5;
const TEAMS: usize = 10;
const PEOPLE: usize = 100;
const WEEKS: usize = 104;
const RUNS: usize = 200;

#[tokio::main]
async fn main() {
    for (name, db) in common::databases("trend").await {
        let started = Instant::now();
        let now = seed(&db).await;
        println!(
            "{name}: seeded {} people, {} check-ins in {:.1} s",
            DEPARTMENTS * TEAMS * PEOPLE,
            DEPARTMENTS * TEAMS * PEOPLE * WEEKS,
            started.elapsed().as_secs_f64()
        );
        let weeks = IsoWeek::containing(now).previous().last_n(12);
        for (who, label) in [
            ("dept-0", "department (1,000 people)"),
            ("lead-0-0", "team (100 people)"),
        ] {
            let (person, unit) = manager(&db, who).await;
            let actor = policy::actor(&db, &person).await.unwrap();
            let mut times = vec![];
            for run in 0..=RUNS {
                let t = Instant::now();
                let access = policy::view_team_trend(&db, &actor, unit)
                    .await
                    .unwrap()
                    .unwrap();
                let trend = trend::team_trend(&db, &access, &weeks, Threshold::DEFAULT, now)
                    .await
                    .unwrap();
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                if run == 0 {
                    println!("RESULT {name} {label}: first view, publishing: {ms:.1} ms");
                } else {
                    times.push(ms);
                }
                assert!(matches!(
                    trend.weeks.last().unwrap().unit,
                    domain::trend::Published::Figures(_)
                ));
            }
            times.sort_by(f64::total_cmp);
            let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
            println!(
                "RESULT {name} {label}: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms ({RUNS} runs)",
                pct(0.5),
                pct(0.95),
                times[times.len() - 1]
            );
        }
    }
}

/// The organisation through the real import, consents and check-ins in bulk statements.
async fn seed(db: &Db) -> chrono::DateTime<chrono::Utc> {
    let now = chrono::Utc::now();
    let slug = Slug::parse("bench").unwrap();
    let new = NewEmployer {
        slug,
        name: "Benchkommun".into(),
        provider: None,
    };
    add_employer(db, new, now).await.unwrap();
    let mut csv = String::from("subject,name,email,unit,manages,roles\n");
    for d in 0..DEPARTMENTS {
        csv.push_str(&format!(
            "dept-{d},Chef {d},,Förvaltning {d},Förvaltning {d},\n"
        ));
        for t in 0..TEAMS {
            let unit = format!("Förvaltning {d}/Team {t}");
            csv.push_str(&format!("lead-{d}-{t},Lead {d}-{t},,{unit},{unit},\n"));
            for p in 0..PEOPLE {
                csv.push_str(&format!("p-{d}-{t}-{p},Person {d}-{t}-{p},,{unit},,\n"));
            }
        }
    }
    let rows = org_import::parse(&csv).unwrap();
    org_import::apply(db, "bench", rows, now).await.unwrap();

    // Everyone but the leads is counted in their team's trend, granted to their team lead.
    let backend = db.backend();
    let ids = |sql: &str| {
        let sql = sql.to_owned();
        async move {
            db.conn()
                .query_all_raw(sea_orm::Statement::from_string(backend, sql))
                .await
                .unwrap()
                .into_iter()
                .map(|r| {
                    (
                        r.try_get::<uuid::Uuid>("", "id").unwrap(),
                        r.try_get::<String>("", "subject").unwrap(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let people = ids("SELECT id, subject FROM persons WHERE subject LIKE 'p-%'").await;
    let leads: std::collections::HashMap<String, uuid::Uuid> =
        ids("SELECT id, subject FROM persons WHERE subject LIKE 'lead-%'")
            .await
            .into_iter()
            .map(|(id, s)| (s, id))
            .collect();
    let stamp = now.format("%Y-%m-%d %H:%M:%S%:z").to_string();
    // How a uuid is written in SQL: SQLite stores them as 16-byte blobs.
    let sqlite = backend == sea_orm::DatabaseBackend::Sqlite;
    let lit = |u: uuid::Uuid| {
        if sqlite {
            format!("X'{}'", u.simple())
        } else {
            format!("'{u}'")
        }
    };
    let version = domain::consent::current(Scope::TeamTrend).version;
    let consents: Vec<String> = people
        .iter()
        .map(|(id, subject)| {
            let team: Vec<&str> = subject.split('-').collect();
            let lead = leads[&format!("lead-{}-{}", team[1], team[2])];
            format!(
                "({}, {}, 'team-trend', 'manager', {}, {version}, 'sv', '{stamp}', NULL)",
                lit(uuid::Uuid::new_v4()),
                lit(*id),
                lit(lead)
            )
        })
        .collect();
    insert(db, "consents (id, person_id, scope, recipient, recipient_id, text_version, language, granted_at, withdrawn_at)", &consents).await;

    let weeks = IsoWeek::containing(now).last_n(WEEKS);
    let mut rows = Vec::with_capacity(people.len() * WEEKS);
    for (i, (id, _)) in people.iter().enumerate() {
        for (w, week) in weeks.iter().enumerate() {
            // WHO-5 every second week, alternating between people; scores spread 20–92.
            let who5 = if (i + w) % 2 == 0 {
                (20 + ((i * 7 + w * 3) % 19) * 4).to_string()
            } else {
                "NULL".into()
            };
            rows.push(format!(
                "({}, {}, '{week}', {}, {}, {who5}, false, '{stamp}', '{stamp}')",
                lit(uuid::Uuid::new_v4()),
                lit(*id),
                1 + (i + w) % 5,
                (i + w) % 11,
            ));
        }
    }
    insert(db, "check_ins (id, person_id, iso_week, stress, work_ability, who5_score, wants_to_talk, submitted_at, updated_at)", &rows).await;
    // Loaded around the service, so its running sums are built from scratch, as at the first
    // start after an upgrade.
    let employer = service::employers::find_summary(db, "bench")
        .await
        .unwrap()
        .unwrap()
        .id;
    let started = Instant::now();
    trend::rebuild(db, employer.as_uuid()).await.unwrap();
    println!(
        "sums rebuilt from {} check-ins in {:.2} s",
        rows.len(),
        started.elapsed().as_secs_f64()
    );
    now
}

async fn insert(db: &Db, into: &str, rows: &[String]) {
    for chunk in rows.chunks(1000) {
        let sql = format!("INSERT INTO {into} VALUES {}", chunk.join(","));
        db.conn().execute_unprepared(&sql).await.unwrap();
    }
}

async fn manager(db: &Db, subject: &str) -> (service::Person, uuid::Uuid) {
    let employer = service::employers::find_summary(db, "bench")
        .await
        .unwrap()
        .unwrap()
        .id;
    let (person, _) = service::people::find_by_subject(db, employer, subject)
        .await
        .unwrap()
        .unwrap();
    let unit = service::people::top_units_led(db, &policy::actor(db, &person).await.unwrap())
        .await
        .unwrap()[0]
        .0;
    (person, unit)
}
