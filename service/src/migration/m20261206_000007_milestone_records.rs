//! What a milestone's mark records beside the day: for the plan, the reason it is not needed
//! (Social Insurance Code 30 kap. 6 §), and for the employer's investigations before days 90
//! and 180, what was looked into.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RehabMilestonesDone {
    Table,
    Exemption,
    Note,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for column in [RehabMilestonesDone::Exemption, RehabMilestonesDone::Note] {
            m.alter_table(
                Table::alter()
                    .table(RehabMilestonesDone::Table)
                    .add_column(ColumnDef::new(column).text().null())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [RehabMilestonesDone::Note, RehabMilestonesDone::Exemption] {
            m.alter_table(
                Table::alter()
                    .table(RehabMilestonesDone::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
