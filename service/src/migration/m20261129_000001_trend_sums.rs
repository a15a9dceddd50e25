//! The team trend's running sums: per unit and week, the answers of the people counted there.
//!
//! `trend_members` says whom each person's answers count towards now; `trend_sums` holds the
//! totals that every change to a check-in, a grant or the organisation keeps up to date in the
//! same transaction, so a manager's view reads a few hundred rows instead of every check-in.
//! They are derived data: `derived_data` records that the sums were built from what the
//! database already held, which the service does once at start (`trend::build_once`) with the
//! code of its own day rather than with this migration's.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrendMembers {
    Table,
    PersonId,
    EmployerId,
    UnitId,
}

#[derive(DeriveIden)]
enum TrendSums {
    Table,
    EmployerId,
    UnitId,
    IsoWeek,
    CheckedIn,
    Who5Answers,
    Who5Total,
    #[sea_orm(iden = "who5_below_50")]
    Who5Below50,
}

#[derive(DeriveIden)]
enum DerivedData {
    Table,
    Name,
    BuiltAt,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
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
                .table(TrendMembers::Table)
                .col(uuid(TrendMembers::PersonId).primary_key())
                .col(uuid(TrendMembers::EmployerId))
                .col(uuid(TrendMembers::UnitId))
                .foreign_key(&mut fk(
                    TrendMembers::Table,
                    TrendMembers::PersonId,
                    Persons::Table,
                    Persons::Id,
                ))
                .foreign_key(&mut fk(
                    TrendMembers::Table,
                    TrendMembers::UnitId,
                    Units::Table,
                    Units::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("trend_members_employer")
                .table(TrendMembers::Table)
                .col(TrendMembers::EmployerId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TrendSums::Table)
                .col(uuid(TrendSums::EmployerId))
                .col(uuid(TrendSums::UnitId))
                .col(string(TrendSums::IsoWeek))
                .col(big_integer(TrendSums::CheckedIn))
                .col(big_integer(TrendSums::Who5Answers))
                .col(big_integer(TrendSums::Who5Total))
                .col(big_integer(TrendSums::Who5Below50))
                .primary_key(
                    Index::create()
                        .col(TrendSums::UnitId)
                        .col(TrendSums::IsoWeek),
                )
                .foreign_key(&mut fk(
                    TrendSums::Table,
                    TrendSums::EmployerId,
                    Employers::Table,
                    Employers::Id,
                ))
                .foreign_key(&mut fk(
                    TrendSums::Table,
                    TrendSums::UnitId,
                    Units::Table,
                    Units::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("trend_sums_employer_week")
                .table(TrendSums::Table)
                .col(TrendSums::EmployerId)
                .col(TrendSums::IsoWeek)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DerivedData::Table)
                .col(string(DerivedData::Name).primary_key())
                .col(timestamp_with_time_zone(DerivedData::BuiltAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TrendSums::Table.into_iden(),
            TrendMembers::Table.into_iden(),
            DerivedData::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
