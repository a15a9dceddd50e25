//! Web Push: the server's VAPID keys, people's devices, their reminder preferences and the
//! outbox every push goes through.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum VapidKeys {
    Table,
    Id,
    PrivateKey,
    PublicKey,
    CreatedAt,
    RetiredAt,
}

#[derive(DeriveIden)]
enum PushSubscriptions {
    Table,
    Id,
    PersonId,
    Endpoint,
    P256dh,
    Auth,
    Language,
    VapidKeyId,
    Label,
    CreatedAt,
    LastDeliveredAt,
}

#[derive(DeriveIden)]
enum ReminderPreferences {
    Table,
    PersonId,
    CheckIn,
    Weekday,
    AtMinute,
    TimeZone,
    QuietStart,
    QuietEnd,
    Rehab,
    Alerts,
    DuringSickLeave,
    EnabledWeek,
    NextAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PushJobs {
    Table,
    Id,
    IdempotencyKey,
    PersonId,
    SubscriptionId,
    Kind,
    Week,
    Status,
    DueAt,
    ExpiresAt,
    NextAttemptAt,
    Attempts,
    LockedBy,
    LockedUntil,
    LastStatus,
    FinishedAt,
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
                .table(VapidKeys::Table)
                .col(uuid(VapidKeys::Id).primary_key())
                .col(string(VapidKeys::PrivateKey))
                .col(string(VapidKeys::PublicKey))
                .col(timestamp_with_time_zone(VapidKeys::CreatedAt))
                .col(timestamp_with_time_zone_null(VapidKeys::RetiredAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PushSubscriptions::Table)
                .col(uuid(PushSubscriptions::Id).primary_key())
                .col(uuid(PushSubscriptions::PersonId))
                .col(text(PushSubscriptions::Endpoint))
                .col(string(PushSubscriptions::P256dh))
                .col(string(PushSubscriptions::Auth))
                .col(string(PushSubscriptions::Language))
                .col(uuid(PushSubscriptions::VapidKeyId))
                .col(string_null(PushSubscriptions::Label))
                .col(timestamp_with_time_zone(PushSubscriptions::CreatedAt))
                .col(timestamp_with_time_zone_null(
                    PushSubscriptions::LastDeliveredAt,
                ))
                .foreign_key(&mut person_fk(
                    PushSubscriptions::Table,
                    PushSubscriptions::PersonId,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("push_subscriptions_endpoint")
                .table(PushSubscriptions::Table)
                .col(PushSubscriptions::Endpoint)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("push_subscriptions_person")
                .table(PushSubscriptions::Table)
                .col(PushSubscriptions::PersonId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReminderPreferences::Table)
                .col(uuid(ReminderPreferences::PersonId).primary_key())
                .col(boolean(ReminderPreferences::CheckIn))
                .col(small_integer(ReminderPreferences::Weekday))
                .col(integer(ReminderPreferences::AtMinute))
                .col(string(ReminderPreferences::TimeZone))
                .col(integer_null(ReminderPreferences::QuietStart))
                .col(integer_null(ReminderPreferences::QuietEnd))
                .col(boolean(ReminderPreferences::Rehab))
                .col(boolean(ReminderPreferences::Alerts))
                .col(boolean(ReminderPreferences::DuringSickLeave))
                .col(string(ReminderPreferences::EnabledWeek))
                .col(timestamp_with_time_zone_null(ReminderPreferences::NextAt))
                .col(timestamp_with_time_zone(ReminderPreferences::UpdatedAt))
                .foreign_key(&mut person_fk(
                    ReminderPreferences::Table,
                    ReminderPreferences::PersonId,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("reminder_preferences_next_at")
                .table(ReminderPreferences::Table)
                .col(ReminderPreferences::NextAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PushJobs::Table)
                .col(uuid(PushJobs::Id).primary_key())
                .col(string(PushJobs::IdempotencyKey))
                .col(uuid(PushJobs::PersonId))
                .col(uuid_null(PushJobs::SubscriptionId))
                .col(string(PushJobs::Kind))
                .col(string_null(PushJobs::Week))
                .col(string(PushJobs::Status))
                .col(timestamp_with_time_zone(PushJobs::DueAt))
                .col(timestamp_with_time_zone(PushJobs::ExpiresAt))
                .col(timestamp_with_time_zone(PushJobs::NextAttemptAt))
                .col(integer(PushJobs::Attempts))
                .col(string_null(PushJobs::LockedBy))
                .col(timestamp_with_time_zone_null(PushJobs::LockedUntil))
                .col(integer_null(PushJobs::LastStatus))
                .col(timestamp_with_time_zone_null(PushJobs::FinishedAt))
                .foreign_key(&mut person_fk(PushJobs::Table, PushJobs::PersonId))
                .foreign_key(
                    ForeignKey::create()
                        .from(PushJobs::Table, PushJobs::SubscriptionId)
                        .to(PushSubscriptions::Table, PushSubscriptions::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // The key makes "one reminder per (person, device, reminder)" the database's rule.
        m.create_index(
            Index::create()
                .name("push_jobs_idempotency_key")
                .table(PushJobs::Table)
                .col(PushJobs::IdempotencyKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("push_jobs_due")
                .table(PushJobs::Table)
                .col(PushJobs::Status)
                .col(PushJobs::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("push_jobs_person")
                .table(PushJobs::Table)
                .col(PushJobs::PersonId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            PushJobs::Table.into_iden(),
            ReminderPreferences::Table.into_iden(),
            PushSubscriptions::Table.into_iden(),
            VapidKeys::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
