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

async fn employer(app: &TestApp) {
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

async fn import(app: &TestApp, file: &str) -> ImportReport {
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
