//! The rehab coordinator's list of open cases for an employer with 2,000 of them: 2,500 people
//! from the organisation import, a case opened through the service for 2,000, each with a plan
//! and, for every second one, a change of extent and a milestone done. Times
//! the list as the API and the page ask for it (policy per case, the chain of each, overdue
//! first). Goal: p95 ≤ 100 ms. SQLite, and PostgreSQL too when `ORKA_TEST_POSTGRES_URL` is set.
//!
//!     cargo bench -p service --bench case_list

mod common;

use chrono::{DateTime, Duration, Utc};
use domain::plan::{RawMeasure, RawPlan, RawWeek};
use domain::rehab::{Extent, MilestoneKind};
use domain::Slug;
use service::employers::{add_employer, NewEmployer};
use service::rehab::{cases, plan};
use service::{org_import, policy, Db};
use std::time::Instant;

const PEOPLE: usize = 2_500;
const CASES: usize = 2_000;
const RUNS: usize = 200;

#[tokio::main]
async fn main() {
    for (name, db) in common::databases("cases").await {
        let started = Instant::now();
        let (coordinator, now) = seed(&db).await;
        println!(
            "{name}: seeded {PEOPLE} people and {CASES} open cases in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let actor = policy::actor(&db, &coordinator).await.unwrap();
        // The day's first look writes a line to each listed person's access log; the runs
        // after it find those lines and write nothing.
        let t = Instant::now();
        let lines = cases::list_open(&db, &actor, now).await.unwrap();
        assert_eq!(lines.len(), CASES);
        println!(
            "RESULT {name} case list, the day's first look (logs {CASES} reads): {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
        let mut times = vec![];
        for _ in 0..RUNS {
            let t = Instant::now();
            let lines = cases::list_open(&db, &actor, now).await.unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(lines.len(), CASES);
        }
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "RESULT {name} case list ({CASES} open cases): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms ({RUNS} runs)",
            pct(0.5),
            pct(0.95),
            times[times.len() - 1]
        );
    }
}

/// The organisation through the real import; cases and plans through the service, many at once.
async fn seed(db: &Db) -> (service::Person, DateTime<Utc>) {
    let now = chrono::Utc::now();
    let today = domain::time::stockholm_date(now);
    let slug = Slug::parse("bench").unwrap();
    let new = NewEmployer {
        slug,
        name: "Benchkommun".into(),
        provider: None,
    };
    add_employer(db, new, now).await.unwrap();
    let mut csv = String::from("subject,name,email,unit,manages,roles\n");
    csv.push_str("coord,Karin Rehab,,HR,,coordinator\n");
    for p in 0..PEOPLE {
        let unit = format!("Omsorg/Team {}", p / 50);
        csv.push_str(&format!("p-{p},Person {p},,{unit},,\n"));
    }
    let rows = org_import::parse(&csv).unwrap();
    org_import::apply(db, "bench", rows, now).await.unwrap();
    let employer = service::employers::find_summary(db, "bench")
        .await
        .unwrap()
        .unwrap()
        .id;
    let person = |subject: String| async move {
        service::people::find_by_subject(db, employer, &subject)
            .await
            .unwrap()
            .unwrap()
            .0
    };
    let coordinator = person("coord".into()).await;
    let actor = policy::actor(db, &coordinator).await.unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for p in 0..CASES {
        let (db, actor) = (db.clone(), actor.clone());
        let who = person(format!("p-{p}")).await;
        tasks.spawn(async move {
            let subject = policy::subject(&db, who.id.as_uuid())
                .await
                .unwrap()
                .unwrap();
            let m = policy::manage_case(&actor, subject).unwrap();
            // Cases from a few days to two years old.
            let first = today - Duration::days((p * 7 % 700) as i64 + 3);
            let new = cases::NewCase {
                first_day: first,
                extent: Extent::Full,
                expected_last_day: (p % 3 == 0).then(|| first + Duration::days(45)),
            };
            let case = cases::open_case(&db, &m, new, now).await.unwrap();
            if p % 2 == 0 {
                let from = first + Duration::days(1);
                cases::set_extent(&db, &m, case, from, Extent::Half)
                    .await
                    .unwrap();
                cases::record_milestone(
                    &db,
                    &m,
                    case,
                    MilestoneKind::MedicalCertificate,
                    cases::Mark::Done { note: None },
                    now,
                )
                .await
                .unwrap();
            }
            let raw = RawPlan {
                goal: "Back in my own job".into(),
                measures: (0..4)
                    .map(|i| RawMeasure {
                        kind: "adjustment".into(),
                        description: format!("Measure {i}"),
                        responsible: "manager".into(),
                        due: Some((first + Duration::days(30 + i)).to_string()),
                        ..Default::default()
                    })
                    .collect(),
                schedule: vec![RawWeek {
                    week: domain::IsoWeek::of_date(first + Duration::days(60)).to_string(),
                    percent: Some(50),
                    hours: None,
                }],
                meetings: vec![],
            };
            let parsed = raw.parse(uuid::Uuid::new_v4).unwrap();
            plan::save(&db, &m, case, 0, parsed, now).await.unwrap();
        });
        while tasks.len() >= 64 {
            tasks.join_next().await.unwrap().unwrap();
        }
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    (coordinator, now)
}
