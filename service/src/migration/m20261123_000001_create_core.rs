//! Employers, units, people, sessions and weekly check-ins.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Employers {
    Table,
    Id,
    Slug,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
    EmployerId,
    ParentId,
    Name,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
    EmployerId,
    UnitId,
    DisplayName,
    DemoPersona,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    PersonId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum CheckIns {
    Table,
    Id,
    PersonId,
    IsoWeek,
    Stress,
    WorkAbility,
    Who5Item1,
    Who5Item2,
    Who5Item3,
    Who5Item4,
    Who5Item5,
    Who5Score,
    WantsToTalk,
    Note,
    SubmittedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Employers::Table)
                .col(pk_uuid(Employers::Id))
                .col(string_uniq(Employers::Slug))
                .col(string(Employers::Name))
                .col(timestamp_with_time_zone(Employers::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Units::Table)
                .col(pk_uuid(Units::Id))
                .col(uuid(Units::EmployerId))
                .col(uuid_null(Units::ParentId))
                .col(string(Units::Name))
                .foreign_key(
                    ForeignKey::create()
                        .from(Units::Table, Units::EmployerId)
                        .to(Employers::Table, Employers::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Units::Table, Units::ParentId)
                        .to(Units::Table, Units::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Persons::Table)
                .col(pk_uuid(Persons::Id))
                .col(uuid(Persons::EmployerId))
                .col(uuid_null(Persons::UnitId))
                .col(string(Persons::DisplayName))
                .col(string_null(Persons::DemoPersona).unique_key())
                .col(boolean(Persons::Active).default(true))
                .col(timestamp_with_time_zone(Persons::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Persons::Table, Persons::EmployerId)
                        .to(Employers::Table, Employers::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Persons::Table, Persons::UnitId)
                        .to(Units::Table, Units::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(string(Sessions::Id).primary_key())
                .col(uuid(Sessions::PersonId))
                .col(timestamp_with_time_zone(Sessions::CreatedAt))
                .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Sessions::Table, Sessions::PersonId)
                        .to(Persons::Table, Persons::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CheckIns::Table)
                .col(pk_uuid(CheckIns::Id))
                .col(uuid(CheckIns::PersonId))
                .col(string_len(CheckIns::IsoWeek, 8))
                .col(small_integer(CheckIns::Stress))
                .col(small_integer(CheckIns::WorkAbility))
                .col(small_integer_null(CheckIns::Who5Item1))
                .col(small_integer_null(CheckIns::Who5Item2))
                .col(small_integer_null(CheckIns::Who5Item3))
                .col(small_integer_null(CheckIns::Who5Item4))
                .col(small_integer_null(CheckIns::Who5Item5))
                .col(small_integer_null(CheckIns::Who5Score))
                .col(boolean(CheckIns::WantsToTalk))
                .col(text_null(CheckIns::Note))
                .col(timestamp_with_time_zone(CheckIns::SubmittedAt))
                .col(timestamp_with_time_zone(CheckIns::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CheckIns::Table, CheckIns::PersonId)
                        .to(Persons::Table, Persons::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // One row per person and week: the upsert that replaces a week's answers relies on it.
        m.create_index(
            Index::create()
                .name("check_ins_person_week")
                .table(CheckIns::Table)
                .col(CheckIns::PersonId)
                .col(CheckIns::IsoWeek)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("sessions_person")
                .table(Sessions::Table)
                .col(Sessions::PersonId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("persons_unit")
                .table(Persons::Table)
                .col(Persons::UnitId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            CheckIns::Table.into_iden(),
            Sessions::Table.into_iden(),
            Persons::Table.into_iden(),
            Units::Table.into_iden(),
            Employers::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
