//! Payroll's absence file for a large employer: 10,000 people from the organisation import and
//! 200,000 sick-leave spells (20 each over three years, some open, extents 25–100 %). Times the
//! whole import as `orka import-absence` does it (read the file, check every row, apply in one
//! transaction), then the same file again (nothing changes), then a night's file that extends
//! the open spells. Goals: first import ≤ 10 s, unchanged re-import ≤ 5 s. Then the outcomes
//! page's work for that employer over three years (36 months against the year before, and the
//! seven figures), twenty times; goal p95 ≤ 200 ms. SQLite, and PostgreSQL too when
//! `ORKA_TEST_POSTGRES_URL` is set.
//!
//!     cargo bench -p service --bench absence_import

mod common;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use domain::Slug;
use service::absence_import;
use service::employers::{add_employer, NewEmployer};
use service::{org_import, Db};
use std::fmt::Write;
use std::time::Instant;

const PEOPLE: usize = 10_000;
const SPELLS_EACH: usize = 20;

#[tokio::main]
async fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let now = Utc::now();
    let file = spells(today, false);
    let next_night = spells(today, true);
    for (name, db) in common::databases("absence").await {
        seed(&db).await;
        let run = |label: &'static str, text: &str| {
            let db = db.clone();
            let text = text.to_owned();
            async move {
                let t = Instant::now();
                let rows = absence_import::parse(&text, today).unwrap();
                let report = absence_import::apply(&db, "big", rows, now).await.unwrap();
                let s = t.elapsed().as_secs_f64();
                println!("RESULT {name} absence import, {label}: {s:.2} s ({report:?})");
                report
            }
        };
        let first = run("first (200,000 spells)", &file).await;
        assert_eq!(first.added, PEOPLE * SPELLS_EACH);
        let again = run("the same file again", &file).await;
        assert_eq!(again.unchanged, PEOPLE * SPELLS_EACH);
        let next = run("a night later (open spells extended)", &next_night).await;
        assert_eq!(next.updated, PEOPLE / 4);
        outcomes(name, &db, today).await;
    }
}

/// What `/outcomes` asks of the service for three years, timed twenty times.
async fn outcomes(name: &str, db: &Db, today: NaiveDate) {
    let employer = service::employers::find_summary(db, "big")
        .await
        .unwrap()
        .unwrap()
        .id;
    let analyst = domain::access::Actor {
        person: domain::PersonId::from_uuid(uuid::Uuid::new_v4()),
        employer,
        roles: vec![domain::Role::Analyst],
        reach: vec![],
        leads: vec![],
        managers_run_rehab: false,
    };
    let proof = service::policy::read_outcomes(&analyst, employer).unwrap();
    let from = NaiveDate::from_ymd_opt(today.year() - 3, today.month(), 1).unwrap();
    let period = service::sick_leave::recent_months(Some(from), None, today).unwrap();
    assert_eq!(period.months(), 36);
    let mut times = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let (months, figures) = service::sick_leave::overview(db, proof, employer, period)
            .await
            .unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(months.len(), 36);
        assert!(figures.employer.women.percent_tenths().is_some());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "RESULT {name} outcomes over three years: p50 {:.0} ms, p95 {:.0} ms",
        times[10], times[18]
    );
    // Where the time goes: one month's figures are mostly the reading of people and spells.
    let month = service::sick_leave::recent_months(Some(period.last), None, today).unwrap();
    let mut reads = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        service::sick_leave::figures(db, proof, employer, month)
            .await
            .unwrap();
        reads.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    reads.sort_by(f64::total_cmp);
    println!(
        "RESULT {name} of which reading (one month's figures): p50 {:.0} ms",
        reads[10]
    );
}

async fn seed(db: &Db) {
    add_employer(
        db,
        NewEmployer {
            slug: Slug::parse("big").unwrap(),
            name: "Stora kommunen".into(),
            provider: None,
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let mut org = String::from(
        "subject,name,unit,employee_number,weekly_hours,gender,birth_year,employed_from\n",
    );
    for i in 0..PEOPLE {
        // Seven in ten women, as in municipal care and schools.
        let gender = if i % 10 < 7 { "kvinna" } else { "man" };
        writeln!(
            org,
            "u-{i},Person {i},Förvaltning {}/Enhet {},{},40,{gender},{},2020-01-01",
            i % 8,
            i % 200,
            100_000 + i,
            1960 + i % 44
        )
        .unwrap();
    }
    org_import::apply(db, "big", org_import::parse(&org).unwrap(), Utc::now())
        .await
        .unwrap();
}

/// Twenty spells a person over three years, every fourth person's last one still open; with
/// `extended`, those open ones have ended.
fn spells(today: NaiveDate, extended: bool) -> String {
    let mut out = String::from("employee_number;first_day;last_day;extent\n");
    let start = today - Duration::days(3 * 365);
    for i in 0..PEOPLE {
        for s in 0..SPELLS_EACH {
            let first = start + Duration::days((s * 54 + i % 17) as i64);
            let last = first + Duration::days((i + s) as i64 % 9);
            let open = s == SPELLS_EACH - 1 && i % 4 == 0;
            let last = match (open, extended) {
                (true, false) => String::new(),
                _ => last.to_string(),
            };
            let extent = [100, 100, 50, 25, 75][(i + s) % 5];
            writeln!(out, "{};{first};{last};{extent}", 100_000 + i).unwrap();
        }
    }
    out
}
