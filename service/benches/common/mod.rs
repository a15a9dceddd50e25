//! What the benchmarks share: a fresh, migrated database of each kind this machine offers
//! (SQLite always, PostgreSQL when `ORKA_TEST_POSTGRES_URL` is set).

use sea_orm::{ConnectionTrait, Database};
use service::Db;

pub async fn databases(name: &str) -> Vec<(&'static str, Db)> {
    let dir = std::env::temp_dir().join(format!("orka-bench-{name}-{}", uuid::Uuid::new_v4()));
    let sqlite = Db::connect(&format!("sqlite://{}/orka.db?mode=rwc", dir.display()))
        .await
        .unwrap();
    let mut out = vec![("SQLite", sqlite)];
    if let Ok(url) = std::env::var("ORKA_TEST_POSTGRES_URL") {
        if !url.is_empty() {
            let schema = format!("orka_bench_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&url).await.unwrap();
            admin
                .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
                .await
                .unwrap();
            out.push((
                "PostgreSQL",
                Db::connect_in_schema(&url, Some(&schema)).await.unwrap(),
            ));
        }
    }
    for (_, db) in &out {
        db.migrate().await.unwrap();
    }
    out
}
