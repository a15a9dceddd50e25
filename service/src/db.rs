//! The connection pool for SQLite (embedded default) or PostgreSQL, chosen by URL.

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend, DbErr};
use sea_orm_migration::MigratorTrait;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard};

#[derive(Clone)]
pub struct Db {
    conn: DatabaseConnection,
    /// SQLite has one writer at a time. Queuing writers here, instead of letting them spin in
    /// SQLite's busy handler, keeps write latency flat under load. `None` on PostgreSQL.
    writer: Option<Arc<Mutex<()>>>,
}

impl Db {
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        Self::connect_in_schema(url, None).await
    }

    /// Like [`Db::connect`], with PostgreSQL's `search_path` set to `schema` (tests use a fresh one each).
    pub async fn connect_in_schema(url: &str, schema: Option<&str>) -> Result<Self, DbErr> {
        let sqlite = url.starts_with("sqlite:");
        if sqlite {
            ensure_parent_dir(url)?;
        }
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10));
        if let Some(schema) = schema {
            opts.set_schema_search_path(schema.to_owned());
        }
        if sqlite {
            opts.max_connections(8)
                .min_connections(1)
                .map_sqlx_sqlite_opts(|o| {
                    o.journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .busy_timeout(Duration::from_secs(5))
                        .foreign_keys(true)
                });
        } else {
            opts.max_connections(16);
        }
        let conn = Database::connect(opts).await?;
        Ok(Self {
            conn,
            writer: sqlite.then(|| Arc::new(Mutex::new(()))),
        })
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// Hold the returned guard around a write (a no-op on PostgreSQL).
    pub async fn write_turn(&self) -> Option<MutexGuard<'_, ()>> {
        match &self.writer {
            Some(m) => Some(m.lock().await),
            None => None,
        }
    }

    pub async fn migrate(&self) -> Result<(), DbErr> {
        crate::migration::Migrator::up(&self.conn, None).await
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }
}

fn ensure_parent_dir(url: &str) -> Result<(), DbErr> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(":memory:") {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display()))),
        _ => Ok(()),
    }
}
