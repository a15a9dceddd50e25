//! The sick day on which an absence puts someone on the coordinator's list of cases to open.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RehabSettings {
    Table,
    CaseDay,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(RehabSettings::Table)
                .add_column(
                    ColumnDef::new(RehabSettings::CaseDay)
                        .small_integer()
                        .not_null()
                        .default(15),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(RehabSettings::Table)
                .drop_column(RehabSettings::CaseDay)
                .to_owned(),
        )
        .await
    }
}
