//! The team trend's published weeks: when a week has ended, its figures for the employer's
//! whole unit tree are frozen the first time anyone asks, and shown as frozen from then on
//! (`domain::trend::as_published`), so that no later change can be read off by subtraction.
//! A group that was not shown keeps only its size: its answers were never published.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrendPublishedWeeks {
    Table,
    EmployerId,
    IsoWeek,
    PublishedAt,
}

#[derive(DeriveIden)]
enum TrendPublished {
    Table,
    EmployerId,
    UnitId,
    IsoWeek,
    Who5Answers,
    Members,
    CheckedIn,
    Who5Total,
    #[sea_orm(iden = "who5_below_50")]
    Who5Below50,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Employers {
    Table,
    Id,
}

fn fk(
    table: impl IntoIden,
    col: impl IntoIden,
    to: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(to, to_col)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TrendPublishedWeeks::Table)
                .col(uuid(TrendPublishedWeeks::EmployerId))
                .col(string(TrendPublishedWeeks::IsoWeek))
                .col(timestamp_with_time_zone(TrendPublishedWeeks::PublishedAt))
                .primary_key(
                    Index::create()
                        .col(TrendPublishedWeeks::EmployerId)
                        .col(TrendPublishedWeeks::IsoWeek),
                )
                .foreign_key(&mut fk(
                    TrendPublishedWeeks::Table,
                    TrendPublishedWeeks::EmployerId,
                    Employers::Table,
                    Employers::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TrendPublished::Table)
                .col(uuid(TrendPublished::EmployerId))
                .col(uuid(TrendPublished::UnitId))
                .col(string(TrendPublished::IsoWeek))
                .col(big_integer(TrendPublished::Who5Answers))
                // The rest only for a group whose figures were shown.
                .col(big_integer_null(TrendPublished::Members))
                .col(big_integer_null(TrendPublished::CheckedIn))
                .col(big_integer_null(TrendPublished::Who5Total))
                .col(big_integer_null(TrendPublished::Who5Below50))
                .primary_key(
                    Index::create()
                        .col(TrendPublished::UnitId)
                        .col(TrendPublished::IsoWeek),
                )
                .foreign_key(&mut fk(
                    TrendPublished::Table,
                    TrendPublished::EmployerId,
                    Employers::Table,
                    Employers::Id,
                ))
                .foreign_key(&mut fk(
                    TrendPublished::Table,
                    TrendPublished::UnitId,
                    Units::Table,
                    Units::Id,
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TrendPublished::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(TrendPublishedWeeks::Table).to_owned())
            .await
    }
}
