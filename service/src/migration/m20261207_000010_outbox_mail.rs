//! One outbox for every channel: the push outbox becomes `outbox_jobs`, whose rows say which
//! channel they go out on (`push`, `mail`) and, for mail, what to send until it is sent. Grants
//! to a service outside the employer (occupational health), which is no person: `service_id`
//! names the employer's directory entry. And the links occupational health opens from its
//! e-mail when someone asked to be contacted.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PushJobs {
    Table,
}

#[derive(DeriveIden)]
enum OutboxJobs {
    Table,
    Channel,
    Payload,
    Status,
    NextAttemptAt,
}

#[derive(DeriveIden)]
enum Consents {
    Table,
    ServiceId,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Alerts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TalkLinks {
    Table,
    Id,
    AlertId,
    PersonId,
    ContactId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    OpenedAt,
    ContactedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.rename_table(
            Table::rename()
                .table(PushJobs::Table, OutboxJobs::Table)
                .to_owned(),
        )
        .await?;
        // One column per statement: SQLite alters one thing at a time.
        m.alter_table(
            Table::alter()
                .table(OutboxJobs::Table)
                .add_column(
                    ColumnDef::new(OutboxJobs::Channel)
                        .string()
                        .not_null()
                        .default("push"),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(OutboxJobs::Table)
                .add_column(ColumnDef::new(OutboxJobs::Payload).text().null())
                .to_owned(),
        )
        .await?;
        // Each channel's worker claims its own due rows: the channel leads the index.
        m.drop_index(Index::drop().name("push_jobs_due").to_owned())
            .await?;
        m.create_index(
            Index::create()
                .name("outbox_jobs_due")
                .table(OutboxJobs::Table)
                .col(OutboxJobs::Channel)
                .col(OutboxJobs::Status)
                .col(OutboxJobs::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        // No foreign key: an entry of the directory can go, and the grant then stands no more.
        m.alter_table(
            Table::alter()
                .table(Consents::Table)
                .add_column(ColumnDef::new(Consents::ServiceId).uuid().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TalkLinks::Table)
                .col(uuid(TalkLinks::Id).primary_key())
                .col(uuid_uniq(TalkLinks::AlertId))
                .col(uuid(TalkLinks::PersonId))
                .col(uuid(TalkLinks::ContactId))
                .col(string_uniq(TalkLinks::TokenHash))
                .col(timestamp_with_time_zone(TalkLinks::CreatedAt))
                .col(timestamp_with_time_zone(TalkLinks::ExpiresAt))
                .col(timestamp_with_time_zone_null(TalkLinks::OpenedAt))
                .col(timestamp_with_time_zone_null(TalkLinks::ContactedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(TalkLinks::Table, TalkLinks::AlertId)
                        .to(Alerts::Table, Alerts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TalkLinks::Table, TalkLinks::PersonId)
                        .to(Persons::Table, Persons::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TalkLinks::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Consents::Table)
                .drop_column(Consents::ServiceId)
                .to_owned(),
        )
        .await?;
        m.drop_index(Index::drop().name("outbox_jobs_due").to_owned())
            .await?;
        m.create_index(
            Index::create()
                .name("push_jobs_due")
                .table(OutboxJobs::Table)
                .col(OutboxJobs::Status)
                .col(OutboxJobs::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        for col in [OutboxJobs::Payload, OutboxJobs::Channel] {
            m.alter_table(
                Table::alter()
                    .table(OutboxJobs::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.rename_table(
            Table::rename()
                .table(OutboxJobs::Table, PushJobs::Table)
                .to_owned(),
        )
        .await
    }
}
