//! A person's export (GDPR art. 15) holds everything Orka keeps about them. This test reads the
//! schema for every column that holds a person's id (a foreign key to `persons`, or a column
//! named as one) and fails when one is neither shown in the export nor said here why not, so a
//! new table cannot be forgotten. For each shown column it finds a row, exports the person the
//! row is about, and looks for the value where the export says it is.

mod common;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::Value;
use service::Db;
use std::collections::BTreeSet;

fn now() -> DateTime<Utc> {
    "2026-11-25T09:30:00Z".parse().unwrap()
}

/// Where a column shows in the export of the person a row is about, or why it does not.
enum Shows {
    /// A path into the export (`*` for any element of a list) and the query that gives the id
    /// of a person whose export must show it.
    In(&'static str, &'static str),
    Out(&'static str),
}

use Shows::{In, Out};

const COLUMNS: &[(&str, &str, Shows)] = &[
    ("absence_spells", "person_id", In("absences/*/first_day", "SELECT person_id AS id FROM absence_spells")),
    ("absence_spells", "recorded_by", In("absences/*/recorded_by", "SELECT person_id AS id FROM absence_spells WHERE recorded_by IS NOT NULL")),
    ("access_log", "subject_id", In("access_log/*/what", "SELECT subject_id AS id FROM access_log")),
    ("access_log", "actor_id", In("access_log/*/by", "SELECT subject_id AS id FROM access_log")),
    ("alerts", "person_id", In("alerts_about_me/*/kind", "SELECT person_id AS id FROM alerts")),
    ("check_ins", "person_id", In("check_ins/*/week", "SELECT person_id AS id FROM check_ins")),
    ("employments", "person_id", In("person/employments/*/from", "SELECT person_id AS id FROM employments")),
    ("guidance_versions", "author", In("guidance_versions_written/*/at", "SELECT author AS id FROM guidance_versions WHERE author IS NOT NULL")),
    ("employer_changes", "changed_by", In("settings_changes/*/at", "SELECT changed_by AS id FROM employer_changes WHERE changed_by IS NOT NULL")),
    ("consents", "person_id", In("consents/*/scope", "SELECT person_id AS id FROM consents")),
    ("consents", "recipient_id", In("consents/*/recipient_name", "SELECT person_id AS id FROM consents")),
    ("person_roles", "person_id", In("person/roles/*", "SELECT person_id AS id FROM person_roles")),
    ("outbox_jobs", "person_id", In("notices/*/kind", "SELECT person_id AS id FROM outbox_jobs")),
    ("push_subscriptions", "person_id", In("devices/*/created_at", "SELECT person_id AS id FROM push_subscriptions")),
    ("reminder_preferences", "person_id", In("reminders/weekday", "SELECT person_id AS id FROM reminder_preferences")),
    ("rehab_cases", "person_id", In("rehabilitation/*/opened_at", "SELECT person_id AS id FROM rehab_cases")),
    ("rehab_cases", "opened_by", In("rehabilitation/*/opened_by", "SELECT person_id AS id FROM rehab_cases")),
    ("rehab_cases", "closed_by", In("rehabilitation/*/closed_by", "SELECT person_id AS id FROM rehab_cases WHERE closed_by IS NOT NULL")),
    ("rehab_adjustments", "follow_up_by", In("rehabilitation/*/adjustment/follow_up_by",
        "SELECT c.person_id AS id FROM rehab_adjustments a JOIN rehab_cases c ON c.id = a.case_id WHERE a.follow_up_by IS NOT NULL")),
    ("rehab_milestones_done", "done_by", In("rehabilitation/*/milestones_done/*/by",
        "SELECT c.person_id AS id FROM rehab_milestones_done d JOIN rehab_cases c ON c.id = d.case_id")),
    ("rehab_participation", "person_id", In("rehabilitation/*/participation/*/kind", "SELECT person_id AS id FROM rehab_participation")),
    ("rehab_plan_versions", "author_id", In("rehabilitation/*/plan_versions/*/author",
        "SELECT c.person_id AS id FROM rehab_plan_versions v JOIN rehab_cases c ON c.id = v.case_id")),
    ("rehab_seen", "person_id", In("rehabilitation/*/latest_version_seen",
        "SELECT s.person_id AS id FROM rehab_seen s JOIN rehab_cases c ON c.id = s.case_id AND c.person_id = s.person_id")),
    ("talk_links", "person_id", In("talk_requests/*/asked_at", "SELECT person_id AS id FROM talk_links")),
    ("sessions", "person_id", In("sessions/*/started_at", "SELECT person_id AS id FROM sessions")),
    ("unit_managers", "person_id", In("person/leads/*", "SELECT person_id AS id FROM unit_managers")),
    ("trend_members", "person_id", Out("derived from the person's grant to be counted and their unit, both in the export, and rebuilt from them")),
];

/// Columns named as holding a person's id, besides foreign keys to `persons`.
fn named_as_person(column: &str) -> bool {
    column == "person_id"
        || column.ends_with("_by")
        || ["actor_id", "subject_id", "recipient_id", "author_id"].contains(&column)
}

async fn person_columns(db: &Db) -> BTreeSet<(String, String)> {
    let conn = db.conn();
    let rows = |sql: &str| conn.query_all_raw(Statement::from_string(db.backend(), sql.to_owned()));
    let mut found = BTreeSet::new();
    match db.backend() {
        DbBackend::Sqlite => {
            let tables = rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'").await.unwrap();
            for t in tables {
                let table: String = t.try_get("", "name").unwrap();
                for c in rows(&format!("SELECT name FROM pragma_table_info('{table}')"))
                    .await
                    .unwrap()
                {
                    let column: String = c.try_get("", "name").unwrap();
                    if named_as_person(&column) {
                        found.insert((table.clone(), column));
                    }
                }
                for k in rows(&format!("SELECT \"from\" AS col FROM pragma_foreign_key_list('{table}') WHERE \"table\" = 'persons'")).await.unwrap() {
                    found.insert((table.clone(), k.try_get("", "col").unwrap()));
                }
            }
        }
        _ => {
            for c in rows("SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns WHERE table_schema = current_schema()").await.unwrap() {
                let column: String = c.try_get("", "c").unwrap();
                if named_as_person(&column) {
                    found.insert((c.try_get("", "t").unwrap(), column));
                }
            }
            for k in rows("SELECT k.table_name::text AS t, k.column_name::text AS c \
                 FROM information_schema.referential_constraints r \
                 JOIN information_schema.key_column_usage k ON k.constraint_name = r.constraint_name AND k.constraint_schema = r.constraint_schema \
                 JOIN information_schema.constraint_column_usage u ON u.constraint_name = r.unique_constraint_name AND u.constraint_schema = r.unique_constraint_schema \
                 WHERE k.constraint_schema = current_schema() AND u.table_name = 'persons'").await.unwrap() {
                found.insert((k.try_get("", "t").unwrap(), k.try_get("", "c").unwrap()));
            }
        }
    }
    // Jobs are locked by a worker's name, not by a person.
    found.remove(&("outbox_jobs".to_owned(), "locked_by".to_owned()));
    found
}

/// Whether `path` leads to something that is not null and not empty in `v`.
fn shows(v: &Value, path: &[&str]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return match v {
            Value::Null => false,
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            _ => true,
        };
    };
    match (*first, v) {
        ("*", Value::Array(items)) => items.iter().any(|i| shows(i, rest)),
        (key, Value::Object(map)) => map.get(key).is_some_and(|i| shows(i, rest)),
        _ => false,
    }
}

#[tokio::test]
async fn every_column_that_holds_a_person_shows_in_their_export_or_says_why_not() {
    for (name, db) in common::databases("export").await {
        let listed: BTreeSet<(String, String)> = COLUMNS
            .iter()
            .map(|(t, c, _)| (t.to_string(), c.to_string()))
            .collect();
        let found = person_columns(&db).await;
        let missing: Vec<_> = found.difference(&listed).collect();
        assert!(
            missing.is_empty(),
            "{name}: these hold a person's id and are neither exported nor explained: {missing:?}"
        );
        let gone: Vec<_> = listed.difference(&found).collect();
        assert!(
            gone.is_empty(),
            "{name}: listed but not in the schema: {gone:?}"
        );

        // The demo has check-ins, grants, alerts, an access log, a rehab case with versions,
        // absences, reminders and roles; a signed-in session and a closed case are added.
        service::demo::seed(&db, now()).await.unwrap();
        let erik =
            service::people::find_demo_persona(&db, service::people::DemoPersona::SickListed)
                .await
                .unwrap()
                .unwrap();
        service::sessions::start(&db, erik.id, Default::default(), None, now())
            .await
            .unwrap();
        let mut checked = 0;
        for (table, column, where_) in COLUMNS {
            let (path, subject) = match where_ {
                In(path, subject) => (path, subject),
                Out(why) => {
                    assert!(why.len() > 20, "{table}.{column}: say why it is left out");
                    continue;
                }
            };
            let Some(row) = db
                .conn()
                .query_one_raw(Statement::from_string(
                    db.backend(),
                    format!("{subject} LIMIT 1"),
                ))
                .await
                .unwrap()
            else {
                println!("{name}: no {table}.{column} in the demo to check");
                continue;
            };
            let id: uuid::Uuid = row.try_get("", "id").unwrap();
            let person = service::people::find_active(&db, id)
                .await
                .unwrap()
                .unwrap();
            let export = service::my_data::export(&db, &service::policy::own_data(&person), now())
                .await
                .unwrap();
            let segments: Vec<&str> = path.split('/').collect();
            assert!(
                shows(&export, &segments),
                "{name}: {table}.{column} should show at {path} in {}",
                serde_json::to_string_pretty(&export).unwrap()
            );
            checked += 1;
        }
        // Absences, roles, led units, a case with its authors and milestones, check-ins and a
        // session at least; grants, alerts, devices and the access log are exported by the
        // same code as before and checked in the HTTP tests of sharing and push.
        assert!(
            checked >= 10,
            "{name}: only {checked} columns had demo rows to check"
        );
    }
}
