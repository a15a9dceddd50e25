//! The organisation import on both databases: what it creates, that a second run changes
//! nothing, that leavers are deactivated and signed out, and that the file decides only its
//! own people's leads and roles.

use crate::helpers::*;
use domain::Slug;
use service::employers::{self, NewEmployer};
use service::org_import::{self, ImportReport};
use service::Clock;

const FILE: &str = "\
subject,name,email,unit,manages,roles
u-1,Maria Berg,maria@example.se,Vård och omsorg/Hemtjänst Norr,Vård och omsorg/Hemtjänst Norr,
u-2,Anna Lind,anna@example.se,Vård och omsorg/Hemtjänst Norr/Grupp A,,
u-3,Karin Holm,,HR,,coordinator|admin
u-4,Erik Nilsson,,Utbildning/Skola Väst,,
";

pub(crate) async fn employer(app: &TestApp) {
    employers::add_employer(
        &app.db,
        NewEmployer {
            slug: Slug::parse("umea").unwrap(),
            name: "Umeå kommun".into(),
            provider: None,
        },
        app.clock.now(),
    )
    .await
    .unwrap();
}

pub(crate) async fn import(app: &TestApp, file: &str) -> ImportReport {
    let rows = org_import::parse(file).expect("a good file");
    org_import::apply(&app.db, "umea", rows, app.clock.now())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_organisation_imports_once_and_a_second_run_changes_nothing() {
    for b in backends() {
        let app = spawn_app_without_demo(b).await;
        employer(&app).await;
        let first = import(&app, FILE).await;
        assert_eq!(
            first,
            ImportReport {
                units_added: 6,
                people_added: 4,
                people_updated: 0,
                people_deactivated: 0,
                leads_changed: 1,
                roles_changed: 2,
                employments_changed: 0,
            },
            "{b:?}"
        );
        assert_eq!(
            import(&app, FILE).await,
            ImportReport::default(),
            "idempotent on {b:?}"
        );
        assert_eq!(
            app.count("units WHERE path = 'Vård och omsorg/Hemtjänst Norr/Grupp A'")
                .await,
            1
        );
        assert_eq!(
            app.count("units c JOIN units p ON p.id = c.parent_id WHERE c.name = 'Grupp A' AND p.name = 'Hemtjänst Norr'").await,
            1,
            "units form a tree"
        );
        assert_eq!(app.count("person_roles WHERE source = 'import'").await, 2);
    }
}

#[tokio::test]
async fn changes_leavers_and_other_sources_are_handled() {
    for b in backends() {
        let app = spawn_app_without_demo(b).await;
        employer(&app).await;
        import(&app, FILE).await;
        // Anna moves, Karin loses admin, Erik has left, a new person arrives.
        let next = "\
subject;name;email;unit;manages;roles
u-1;Maria Berg;maria@example.se;Vård och omsorg/Hemtjänst Norr;Vård och omsorg/Hemtjänst Norr;
u-2;Anna Lind;anna@example.se;Vård och omsorg/Hemtjänst Norr/Grupp B;;
u-3;Karin Holm;;HR;;coordinator
u-5;Sven Ny;;Utbildning/Skola Väst;;
";
        let report = import(&app, next).await;
        assert_eq!(
            report,
            ImportReport {
                units_added: 1,
                people_added: 1,
                people_updated: 1,
                people_deactivated: 1,
                leads_changed: 0,
                roles_changed: 1,
                employments_changed: 0,
            },
            "{b:?}"
        );
        assert_eq!(
            app.count("persons WHERE subject = 'u-4' AND active = false")
                .await,
            1,
            "deactivated, not deleted"
        );
        // Erik comes back: reactivated, the same person.
        let back = format!("{next}u-4;Erik Nilsson;;Utbildning/Skola Väst;;\n");
        assert_eq!(import(&app, &back).await.people_updated, 1);
        assert_eq!(
            app.count("persons WHERE subject = 'u-4' AND active = true")
                .await,
            1
        );
        assert_eq!(app.count("persons").await, 5);
    }
}

#[test]
fn bad_rows_are_reported_by_line_and_nothing_is_parsed() {
    let file = "\
subject,name,unit,roles
u-1,Maria Berg,Vård och omsorg,
,No Subject,HR,
u-3,Karin Holm,HR//Rehab,boss
u-1,Maria Again,HR,
";
    let errors = org_import::parse(file).unwrap_err();
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(text.len(), 3, "{text:#?}");
    assert!(text[0].starts_with("line 3: subject"), "{text:#?}");
    assert!(
        text[1].starts_with("line 4: unit:") && text[1].contains("'boss' is not a role"),
        "{text:#?}"
    );
    assert!(
        text[2].starts_with("line 5: subject 'u-1' is also on line 2"),
        "{text:#?}"
    );
    let unknown = org_import::parse("subject,name,shoe_size\n").unwrap_err();
    assert!(unknown[0]
        .to_string()
        .starts_with("line 1: unknown column 'shoe_size'"));
}

const HR_FILE: &str = "\
subject,name,unit,gender,birth_year,employee_number,weekly_hours,employed_from
u-1,Maria Berg,Vård och omsorg,Kvinna,1975,1001,40,2015-03-01
u-2,Anna Lind,Vård och omsorg,kvinna,1990,1002,\"30,5\",
u-3,Erik Nilsson,Utbildning,M,1968,1003,40,
";

/// Employments as (subject, unit name, from, to, hundredths of hours), in a stable order.
async fn employments(app: &TestApp) -> Vec<(String, String, String, Option<String>, i64)> {
    use sea_orm::ConnectionTrait;
    let rows = app
        .db
        .conn()
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.backend(),
            "SELECT p.subject, u.name, e.from_day, e.to_day, e.weekly_hours_centi \
             FROM employments e JOIN persons p ON p.id = e.person_id \
             LEFT JOIN units u ON u.id = e.unit_id ORDER BY p.subject, e.from_day",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            let day = |c: &str| -> Option<String> {
                r.try_get::<Option<chrono::NaiveDate>>("", c)
                    .unwrap()
                    .map(|d| d.to_string())
            };
            (
                r.try_get::<String>("", "subject").unwrap(),
                r.try_get::<String>("", "name").unwrap(),
                day("from_day").unwrap(),
                day("to_day"),
                i64::from(r.try_get::<i32>("", "weekly_hours_centi").unwrap()),
            )
        })
        .collect()
}

#[tokio::test]
async fn hr_facts_and_employments_follow_the_file() {
    for b in backends() {
        let app = spawn_app_without_demo(b).await;
        employer(&app).await;
        let first = import(&app, HR_FILE).await;
        assert_eq!(
            (first.people_added, first.employments_changed),
            (3, 3),
            "{b:?}"
        );
        assert_eq!(
            app.count("persons WHERE gender = 'woman' AND birth_year IN (1975, 1990)")
                .await,
            2
        );
        assert_eq!(
            app.count("persons WHERE gender = 'man' AND employee_number = '1003'")
                .await,
            1
        );
        // The file's first day for Maria; the import's day (2026-11-25) for the others.
        let today = "2026-11-25".to_owned();
        assert_eq!(
            employments(&app).await,
            vec![
                (
                    "u-1".into(),
                    "Vård och omsorg".into(),
                    "2015-03-01".into(),
                    None,
                    4000
                ),
                (
                    "u-2".into(),
                    "Vård och omsorg".into(),
                    today.clone(),
                    None,
                    3050
                ),
                ("u-3".into(), "Utbildning".into(), today.clone(), None, 4000),
            ],
            "{b:?}"
        );
        assert_eq!(
            import(&app, HR_FILE).await,
            ImportReport::default(),
            "{b:?}"
        );

        // A month later: Maria goes down to 30 hours, Anna moves, Erik has left. A file
        // without the HR columns then changes none of the facts.
        app.clock.advance(chrono::Duration::days(30));
        let next = "\
subject,name,unit,gender,birth_year,employee_number,weekly_hours
u-1,Maria Berg,Vård och omsorg,kvinna,1975,1001,30
u-2,Anna Lind,Utbildning,kvinna,1990,1002,\"30,5\"
";
        let report = import(&app, next).await;
        assert_eq!(
            (report.people_deactivated, report.employments_changed),
            (1, 5),
            "two closed and opened, one closed: {b:?}"
        );
        let (later, gone) = ("2026-12-25".to_owned(), Some("2026-12-24".to_owned()));
        assert_eq!(
            employments(&app).await,
            vec![
                (
                    "u-1".into(),
                    "Vård och omsorg".into(),
                    "2015-03-01".into(),
                    gone.clone(),
                    4000
                ),
                (
                    "u-1".into(),
                    "Vård och omsorg".into(),
                    later.clone(),
                    None,
                    3000
                ),
                (
                    "u-2".into(),
                    "Vård och omsorg".into(),
                    today.clone(),
                    gone.clone(),
                    3050
                ),
                ("u-2".into(), "Utbildning".into(), later.clone(), None, 3050),
                ("u-3".into(), "Utbildning".into(), today, gone, 4000),
            ],
            "{b:?}"
        );
        let plain = "subject,name,unit\nu-1,Maria Berg,Vård och omsorg\nu-2,Anna Lind,Utbildning\n";
        assert_eq!(import(&app, plain).await, ImportReport::default(), "{b:?}");
        assert_eq!(app.count("persons WHERE gender IS NOT NULL").await, 3);
    }
}

#[test]
fn bad_hr_values_are_reported_by_line() {
    let file = "\
subject,name,gender,birth_year,employee_number,weekly_hours,employed_from
u-1,Maria Berg,kvinna,1975,1001,40,2015-03-01
u-2,Anna Lind,female?,19x0,1001,200,next week
";
    let errors = org_import::parse(file).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let line = errors[0].to_string();
    for part in [
        "line 3:",
        "gender: 'female?'",
        "birth_year: '19x0'",
        "employee_number '1001' is also on line 2",
        "weekly_hours: '200'",
        "employed_from: 'next week'",
    ] {
        assert!(line.contains(part), "{part} in {line}");
    }
    // Nothing about health is read: such a column is refused with the whole file.
    let refused = org_import::parse("subject,name,diagnosis\n").unwrap_err();
    assert!(refused[0]
        .to_string()
        .contains("unknown column 'diagnosis'"));
}
