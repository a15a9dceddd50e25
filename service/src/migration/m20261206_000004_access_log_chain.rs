//! The access log's last defences. Row triggers refuse UPDATE and DELETE, but PostgreSQL's
//! TRUNCATE passes them: a statement trigger refuses it too. And whoever owns the table can
//! switch triggers off, so each row now carries a hash of its content and of the row before
//! (`seq`, `hash`), kept by a one-row head; `orka audit verify` finds a row changed, removed or
//! slipped in. Rows from before the chain stay as they are (nothing may update them); the
//! head counts them, so one added later among them is found too.

use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let mut statements = vec![
            "ALTER TABLE access_log ADD COLUMN seq BIGINT".to_owned(),
            "ALTER TABLE access_log ADD COLUMN hash TEXT".to_owned(),
            "CREATE UNIQUE INDEX access_log_seq ON access_log (seq)".to_owned(),
            "CREATE TABLE access_log_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, \
             hash TEXT NOT NULL, legacy_rows BIGINT NOT NULL)"
                .to_owned(),
            "INSERT INTO access_log_head (id, seq, hash, legacy_rows) \
             SELECT 1, 0, '', COUNT(*) FROM access_log"
                .to_owned(),
        ];
        if backend == sea_orm::DatabaseBackend::Postgres {
            statements.push(
                "CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log \
                 FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()"
                    .to_owned(),
            );
        }
        for sql in statements {
            db.execute_raw(Statement::from_string(backend, sql)).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let mut statements = vec![
            "DROP TABLE access_log_head".to_owned(),
            "DROP INDEX access_log_seq".to_owned(),
        ];
        if backend == sea_orm::DatabaseBackend::Postgres {
            statements.push("DROP TRIGGER access_log_no_truncate ON access_log".to_owned());
        }
        for sql in statements {
            db.execute_raw(Statement::from_string(backend, sql)).await?;
        }
        Ok(())
    }
}
