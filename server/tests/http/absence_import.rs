//! The absence import on both databases: a payroll file once, the same file again, a later
//! file that extends, corrects and leaves earlier spells alone, and files refused whole.

use crate::helpers::*;
use service::absence_import::{self, AbsenceImportError, AbsenceReport};
use service::Clock;

async fn employer_with_people(app: &TestApp) {
    crate::org_import::employer(app).await;
    crate::org_import::import(
        app,
        "\
subject,name,unit,employee_number,weekly_hours
u-1,Maria Berg,Vård och omsorg,1001,40
u-2,Anna Lind,Vård och omsorg,1002,30
",
    )
    .await;
}

async fn import(app: &TestApp, file: &str) -> Result<AbsenceReport, AbsenceImportError> {
    let today = domain::time::stockholm_date(app.clock.now());
    let rows = absence_import::parse(file, today).expect("a file that reads");
    absence_import::apply(&app.db, "umea", rows, app.clock.now()).await
}

/// The spells stored, as "number first..last extent", in order.
async fn spells(app: &TestApp) -> Vec<String> {
    use sea_orm::ConnectionTrait;
    let rows = app
        .db
        .conn()
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.backend(),
            "SELECT p.employee_number, a.first_day, a.last_day, a.extent, a.source \
             FROM absence_spells a JOIN persons p ON p.id = a.person_id \
             ORDER BY p.employee_number, a.first_day",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            let day = |c: &str| {
                r.try_get::<Option<chrono::NaiveDate>>("", c)
                    .unwrap()
                    .map_or("open".to_owned(), |d| d.to_string())
            };
            format!(
                "{} {}..{} {} {}",
                r.try_get::<String>("", "employee_number").unwrap(),
                day("first_day"),
                day("last_day"),
                r.try_get::<i16>("", "extent").unwrap(),
                r.try_get::<String>("", "source").unwrap(),
            )
        })
        .collect()
}

const FIRST: &str = "\
employee_number;first_day;last_day;extent
1001;2026-09-01;2026-09-03;
1001;2026-11-02;;100
1002;2026-10-05;2026-10-06;50
";

#[tokio::test]
async fn payroll_files_add_update_and_correct_and_the_same_file_changes_nothing() {
    for b in backends() {
        let app = spawn_app_without_demo(b).await;
        employer_with_people(&app).await;
        let first = import(&app, FIRST).await.unwrap();
        assert_eq!(
            first,
            AbsenceReport {
                added: 3,
                ..AbsenceReport::default()
            },
            "{b:?}"
        );
        let again = import(&app, FIRST).await.unwrap();
        assert_eq!(
            again,
            AbsenceReport {
                unchanged: 3,
                ..AbsenceReport::default()
            },
            "{b:?}"
        );
        // A later export of everything since 1 October: Maria had a day off sick then, her open
        // spell ended and went on at half extent, and Anna's October spell was corrected to
        // start a day later. September is before the file's first day: kept.
        let next = "\
employee_number,first_day,last_day,extent
1001,2026-10-01,2026-10-01,100
1001,2026-11-02,2026-11-20,100
1001,2026-11-21,,50
1002,2026-10-06,2026-10-06,50
";
        let report = import(&app, next).await.unwrap();
        assert_eq!(
            report,
            AbsenceReport {
                added: 3,
                updated: 1,
                removed: 1,
                unchanged: 0,
            },
            "{b:?}"
        );
        assert_eq!(
            spells(&app).await,
            vec![
                "1001 2026-09-01..2026-09-03 100 import",
                "1001 2026-10-01..2026-10-01 100 import",
                "1001 2026-11-02..2026-11-20 100 import",
                "1001 2026-11-21..open 50 import",
                "1002 2026-10-06..2026-10-06 50 import",
            ],
            "{b:?}"
        );
    }
}

#[tokio::test]
async fn a_file_naming_nobody_or_overlapping_changes_nothing() {
    for b in backends() {
        let app = spawn_app_without_demo(b).await;
        employer_with_people(&app).await;
        import(&app, FIRST).await.unwrap();
        let bad = "\
subject,employee_number,first_day,last_day
u-1,,2026-11-10,2026-11-12
,9999,2026-11-01,
u-2,,2026-11-01,2026-11-05
,1002,2026-11-04,2026-11-04
u-7,,2026-11-01,
";
        let Err(AbsenceImportError::BadRows(lines)) = import(&app, bad).await else {
            panic!("refused on {b:?}");
        };
        let found: Vec<_> = lines
            .iter()
            .map(|p| (p.line, p.column.as_str(), p.code, p.detail.as_deref()))
            .collect();
        use domain::problem::ProblemCode as C;
        assert_eq!(
            found,
            vec![
                (3, "employee_number", C::UnknownPerson, Some("9999")),
                (5, "first_day", C::OverlapsEarlierSpell, Some("line 4")),
                (6, "subject", C::UnknownPerson, Some("u-7")),
            ],
            "{b:?}"
        );
        assert_eq!(
            app.count("absence_spells").await,
            3,
            "nothing changed: {b:?}"
        );
        let Err(AbsenceImportError::NoEmployer(_)) = absence_import::apply(
            &app.db,
            "nowhere",
            absence_import::parse(FIRST, domain::time::stockholm_date(app.clock.now())).unwrap(),
            app.clock.now(),
        )
        .await
        else {
            panic!("no such employer on {b:?}");
        };
    }
}

/// The same import over the API: a bad file is a 422 problem naming each row's problem in the
/// caller's language, with nothing changed; too large a file is a 413 before it is read.
#[tokio::test]
async fn the_api_takes_a_payroll_file_and_says_what_is_wrong_in_swedish() {
    for b in backends() {
        let app = spawn_app(b).await;
        let admin = client();
        app.sign_in_with(&admin, "admin").await;
        let before = app.count("absence_spells").await;
        assert!(before > 100, "the demo's history");
        let post = |body: Vec<u8>| {
            admin
                .post(app.url("/api/v1/employers/demokommun/absences"))
                .headers(browser_headers(&app.address))
                .header("accept-language", "sv")
                .header("content-type", "text/csv")
                .body(body)
                .send()
        };
        let bad = "employee_number,first_day,extent,diagnos\n1,2026-01-01,50,F43\n";
        let res = post(bad.into()).await.unwrap();
        assert_eq!(res.status(), 422, "{b:?}");
        let p: serde_json::Value = res.json().await.unwrap();
        assert_eq!(p["type"], "urn:orka:problem:invalid-input");
        assert_eq!(p["errors"][0]["field"], "1.diagnos");
        assert_eq!(p["errors"][0]["code"], "about_health");
        let message = p["errors"][0]["message"].as_str().unwrap();
        assert!(message.starts_with("Orka tar inte emot orsak"), "{message}");
        assert!(!p.to_string().contains("F43"), "never echoed: {p}");

        let nobody = "employee_number,first_day\n424242,2026-11-02\n";
        let p: serde_json::Value = post(nobody.into()).await.unwrap().json().await.unwrap();
        assert_eq!(p["errors"][0]["field"], "2.employee_number");
        assert_eq!(p["errors"][0]["code"], "unknown_person");

        let not_text = post(vec![0xff, 0xfe, 0x00]).await.unwrap();
        assert_eq!(not_text.status(), 422, "{b:?}");

        let huge = vec![b'x'; 33 * 1024 * 1024];
        assert_eq!(post(huge).await.unwrap().status(), 413, "{b:?}");
        // Every other route keeps the small limit of a form or a JSON body.
        let big_json = format!("{{\"note\":\"{}\"}}", "x".repeat(100 * 1024));
        let res = admin
            .put(app.url(&format!("/api/v1/checkins/{THIS_WEEK}")))
            .headers(browser_headers(&app.address))
            .header("content-type", "application/json")
            .body(big_json)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 413, "{b:?}");
        // Nothing refused was kept: the demo's own payroll history is all there is.
        assert_eq!(app.count("absence_spells").await, before, "{b:?}");
    }
}
