//! The day a sick leave first expected to be short became expected to reach 60 days: the plan
//! for return to work is then owed at once (Social Insurance Code 30 kap. 6 §), not from day 30.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RehabCases {
    Table,
    LongKnownOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(RehabCases::Table)
                .add_column(ColumnDef::new(RehabCases::LongKnownOn).date().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(RehabCases::Table)
                .drop_column(RehabCases::LongKnownOn)
                .to_owned(),
        )
        .await
    }
}
