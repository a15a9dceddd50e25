//! Whether the employer's routine has the manager call on the third day of a sick spell.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RehabSettings {
    Table,
    DayThreeCall,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(RehabSettings::Table)
                .add_column(
                    ColumnDef::new(RehabSettings::DayThreeCall)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(RehabSettings::Table)
                .drop_column(RehabSettings::DayThreeCall)
                .to_owned(),
        )
        .await
    }
}
