//! The access log by reader: a list of cases is logged once per person listed and day, which
//! asks whom one reader has already been logged for today. The index answers that alone.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AccessLog {
    Table,
    ActorId,
    What,
    At,
    SubjectId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("access_log_actor_what_at")
                .table(AccessLog::Table)
                .col(AccessLog::ActorId)
                .col(AccessLog::What)
                .col(AccessLog::At)
                .col(AccessLog::SubjectId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("access_log_actor_what_at")
                .table(AccessLog::Table)
                .to_owned(),
        )
        .await
    }
}
