//! What the service's integration tests share.

use sea_orm::{ConnectionTrait, Database};
use service::Db;

/// A fresh, migrated SQLite file, and a fresh PostgreSQL schema when `ORKA_TEST_POSTGRES_URL`
/// is set.
pub async fn databases(name: &str) -> Vec<(&'static str, Db)> {
    let out = unmigrated(name).await;
    for (_, db) in &out {
        db.migrate().await.unwrap();
    }
    out
}

/// The same databases with no schema yet, for tests of a migration.
#[allow(dead_code)]
pub async fn unmigrated(name: &str) -> Vec<(&'static str, Db)> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let path = std::env::temp_dir().join(format!("orka-{name}-{id}.db"));
    let sqlite = Db::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    let mut out = vec![("sqlite", sqlite)];
    if let Some(url) = std::env::var("ORKA_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        let schema = format!("orka_test_{id}");
        Database::connect(&url)
            .await
            .unwrap()
            .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
            .await
            .unwrap();
        out.push((
            "postgres",
            Db::connect_in_schema(&url, Some(&schema)).await.unwrap(),
        ));
    }
    out
}
