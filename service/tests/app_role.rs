//! Running the server under a PostgreSQL role that does not own the tables, as the README
//! sets it up: once the owner has migrated, the server starts without changing the schema,
//! and its role can add to the access log but neither change, remove, truncate nor unguard it.
//! PostgreSQL only (SQLite has no roles); CI sets `ORKA_TEST_POSTGRES_URL`.

use sea_orm::{ConnectionTrait, Database};
use service::Db;

#[tokio::test]
async fn the_server_role_can_add_to_the_access_log_but_not_change_it() {
    let Some(url) = std::env::var("ORKA_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        return;
    };
    let id = uuid::Uuid::new_v4().simple().to_string();
    let (schema, role) = (format!("orka_test_{id}"), format!("orka_app_{id}"));
    let admin = Database::connect(&url).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
        .await
        .unwrap();
    // The owner (here the test's own user) migrates.
    let owner = Db::connect_in_schema(&url, Some(&schema)).await.unwrap();
    owner.migrate().await.unwrap();
    // The grants the README gives the server's role.
    for sql in [
        format!("CREATE ROLE {role} LOGIN"),
        format!("GRANT USAGE ON SCHEMA {schema} TO {role}"),
        format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}"),
        format!("REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.access_log FROM {role}"),
    ] {
        admin.execute_unprepared(&sql).await.unwrap();
    }
    let as_role = url.replacen("postgres://postgres@", &format!("postgres://{role}@"), 1);
    assert_ne!(as_role, url, "the test URL names the postgres user");
    let app = Db::connect_in_schema(&as_role, Some(&schema))
        .await
        .unwrap();
    app.migrate()
        .await
        .expect("nothing pending: the server starts without touching the schema");
    let conn = app.conn();
    conn.execute_unprepared(
        "INSERT INTO access_log (id, at, actor_id, subject_id, what, why) VALUES \
         ('00000000-0000-0000-0000-000000000001', now(), \
          '00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000003', \
          'weekly-scores', 'duty:manager')",
    )
    .await
    .expect("the server's role adds to the log");
    for refused in [
        "UPDATE access_log SET why = 'x'",
        "DELETE FROM access_log",
        "TRUNCATE access_log",
        "ALTER TABLE access_log DISABLE TRIGGER USER",
        "DROP TRIGGER access_log_append_only ON access_log",
    ] {
        let err = conn.execute_unprepared(refused).await;
        assert!(err.is_err(), "{refused} is refused to the server's role");
    }
    // The owner finds the row slipped past the chain.
    assert!(service::access_log::verify(&owner).await.unwrap().is_err());
    drop(app);
    admin
        .execute_unprepared(&format!("DROP SCHEMA {schema} CASCADE"))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!("DROP ROLE {role}"))
        .await
        .unwrap();
}
