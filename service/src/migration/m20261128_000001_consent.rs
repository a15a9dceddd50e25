//! Consent, alerts to the people a person chose to tell, and the access log.
//!
//! The access log is append-only in the database itself: triggers refuse every UPDATE and
//! DELETE, so no code path (or admin with a SQL prompt through Orka) can rewrite it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Consents {
    Table,
    Id,
    PersonId,
    Scope,
    Recipient,
    RecipientId,
    TextVersion,
    Language,
    GrantedAt,
    WithdrawnAt,
}

#[derive(DeriveIden)]
enum Alerts {
    Table,
    Id,
    PersonId,
    ConsentId,
    Kind,
    IsoWeek,
    RaisedAt,
    AcknowledgedAt,
    FollowUp,
    FollowUpAt,
    RemindedAt,
}

#[derive(DeriveIden)]
enum AccessLog {
    Table,
    Id,
    At,
    ActorId,
    SubjectId,
    What,
    Why,
}

#[derive(DeriveIden)]
enum CheckIns {
    Table,
    IsoWeek,
    PersonId,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
}

fn person_fk(table: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Persons::Table, Persons::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Consents::Table)
                .col(uuid(Consents::Id).primary_key())
                .col(uuid(Consents::PersonId))
                .col(string(Consents::Scope))
                .col(string(Consents::Recipient))
                .col(uuid(Consents::RecipientId))
                .col(small_integer(Consents::TextVersion))
                .col(string(Consents::Language))
                .col(timestamp_with_time_zone(Consents::GrantedAt))
                .col(timestamp_with_time_zone_null(Consents::WithdrawnAt))
                .foreign_key(&mut person_fk(Consents::Table, Consents::PersonId))
                .foreign_key(&mut person_fk(Consents::Table, Consents::RecipientId))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("consents_person", Consents::PersonId),
            ("consents_recipient", Consents::RecipientId),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Consents::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(Alerts::Table)
                .col(uuid(Alerts::Id).primary_key())
                .col(uuid(Alerts::PersonId))
                .col(uuid(Alerts::ConsentId))
                .col(string(Alerts::Kind))
                .col(string(Alerts::IsoWeek))
                .col(timestamp_with_time_zone(Alerts::RaisedAt))
                .col(timestamp_with_time_zone_null(Alerts::AcknowledgedAt))
                .col(text_null(Alerts::FollowUp))
                .col(timestamp_with_time_zone_null(Alerts::FollowUpAt))
                .col(timestamp_with_time_zone_null(Alerts::RemindedAt))
                .foreign_key(&mut person_fk(Alerts::Table, Alerts::PersonId))
                .foreign_key(
                    ForeignKey::create()
                        .from(Alerts::Table, Alerts::ConsentId)
                        .to(Consents::Table, Consents::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // A check-in resubmitted in the same week raises its alert once.
        m.create_index(
            Index::create()
                .name("alerts_once_per_week")
                .table(Alerts::Table)
                .col(Alerts::ConsentId)
                .col(Alerts::Kind)
                .col(Alerts::IsoWeek)
                .unique()
                .to_owned(),
        )
        .await?;
        // No foreign keys: the log outlives people and their other data.
        m.create_table(
            Table::create()
                .table(AccessLog::Table)
                .col(uuid(AccessLog::Id).primary_key())
                .col(timestamp_with_time_zone(AccessLog::At))
                .col(uuid(AccessLog::ActorId))
                .col(uuid(AccessLog::SubjectId))
                .col(string(AccessLog::What))
                .col(string(AccessLog::Why))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("access_log_subject_at")
                .table(AccessLog::Table)
                .col(AccessLog::SubjectId)
                .col(AccessLog::At)
                .to_owned(),
        )
        .await?;
        // The team trend reads a range of weeks across an employer.
        m.create_index(
            Index::create()
                .name("check_ins_week_person")
                .table(CheckIns::Table)
                .col(CheckIns::IsoWeek)
                .col(CheckIns::PersonId)
                .to_owned(),
        )
        .await?;
        let append_only = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => vec![
                "CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$"
                    .to_owned(),
                "CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log \
                 FOR EACH ROW EXECUTE FUNCTION access_log_append_only()"
                    .to_owned(),
            ],
            _ => ["UPDATE", "DELETE"]
                .map(|op| {
                    format!(
                        "CREATE TRIGGER access_log_no_{} BEFORE {op} ON access_log \
                         BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END",
                        op.to_lowercase()
                    )
                })
                .to_vec(),
        };
        for sql in append_only {
            m.get_connection().execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS access_log_append_only() CASCADE")
                .await?;
        }
        m.drop_index(
            Index::drop()
                .name("check_ins_week_person")
                .table(CheckIns::Table)
                .to_owned(),
        )
        .await?;
        for table in [
            AccessLog::Table.into_iden(),
            Alerts::Table.into_iden(),
            Consents::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
