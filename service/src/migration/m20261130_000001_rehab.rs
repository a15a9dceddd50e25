//! Rehabilitation: sick-leave cases with their spells and extents, the statutory milestones
//! recorded as done, the plan for return to work as versions, the employee's participation,
//! links that let occupational health read a plan, short absence spells, and each employer's
//! rehab settings.
//!
//! No column holds a diagnosis or a reason for the absence: the employer does not need one.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RehabSettings {
    Table,
    EmployerId,
    ManagersRunRehab,
    AbsenceSpells,
    AbsenceMonths,
}

#[derive(DeriveIden)]
enum RehabCases {
    Table,
    Id,
    EmployerId,
    PersonId,
    OpenedBy,
    OpenedAt,
    ExpectedLastDay,
    PlanVersion,
    ClosedAt,
    ClosedBy,
    Outcome,
}

#[derive(DeriveIden)]
enum RehabSpells {
    Table,
    CaseId,
    FirstDay,
    LastDay,
}

#[derive(DeriveIden)]
enum RehabExtents {
    Table,
    CaseId,
    FromDay,
    Percent,
}

#[derive(DeriveIden)]
enum RehabMilestonesDone {
    Table,
    CaseId,
    Kind,
    DoneAt,
    DoneBy,
}

#[derive(DeriveIden)]
enum RehabPlanVersions {
    Table,
    CaseId,
    Version,
    Plan,
    AuthorId,
    ChangedAt,
}

#[derive(DeriveIden)]
enum RehabParticipation {
    Table,
    Id,
    CaseId,
    PersonId,
    Version,
    Kind,
    Comment,
    At,
}

#[derive(DeriveIden)]
enum RehabSeen {
    Table,
    CaseId,
    PersonId,
    Version,
}

#[derive(DeriveIden)]
enum RehabLinks {
    Table,
    Id,
    CaseId,
    ContactName,
    Organisation,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AbsenceSpells {
    Table,
    Id,
    PersonId,
    EmployerId,
    FirstDay,
    LastDay,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Persons {
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

fn case_fk(table: impl IntoIden) -> ForeignKeyCreateStatement {
    fk(
        table,
        Alias::new("case_id"),
        RehabCases::Table,
        RehabCases::Id,
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RehabSettings::Table)
                .col(uuid(RehabSettings::EmployerId).primary_key())
                .col(boolean(RehabSettings::ManagersRunRehab))
                .col(small_integer(RehabSettings::AbsenceSpells))
                .col(small_integer(RehabSettings::AbsenceMonths))
                .foreign_key(&mut fk(
                    RehabSettings::Table,
                    RehabSettings::EmployerId,
                    Employers::Table,
                    Employers::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RehabCases::Table)
                .col(uuid(RehabCases::Id).primary_key())
                .col(uuid(RehabCases::EmployerId))
                .col(uuid(RehabCases::PersonId))
                .col(uuid(RehabCases::OpenedBy))
                .col(timestamp_with_time_zone(RehabCases::OpenedAt))
                .col(date_null(RehabCases::ExpectedLastDay))
                .col(integer(RehabCases::PlanVersion))
                .col(timestamp_with_time_zone_null(RehabCases::ClosedAt))
                .col(uuid_null(RehabCases::ClosedBy))
                .col(string_null(RehabCases::Outcome))
                .foreign_key(&mut fk(
                    RehabCases::Table,
                    RehabCases::EmployerId,
                    Employers::Table,
                    Employers::Id,
                ))
                .foreign_key(&mut fk(
                    RehabCases::Table,
                    RehabCases::PersonId,
                    Persons::Table,
                    Persons::Id,
                ))
                .to_owned(),
        )
        .await?;
        // The coordinator's list: an employer's open cases.
        m.create_index(
            Index::create()
                .name("rehab_cases_employer_open")
                .table(RehabCases::Table)
                .col(RehabCases::EmployerId)
                .col(RehabCases::ClosedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("rehab_cases_person")
                .table(RehabCases::Table)
                .col(RehabCases::PersonId)
                .to_owned(),
        )
        .await?;
        // One open case per person, however many people open one at once. Both databases
        // take a partial index in the same words.
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX rehab_cases_one_open ON rehab_cases (person_id) \
                 WHERE closed_at IS NULL",
            )
            .await?;
        m.create_table(
            Table::create()
                .table(RehabSpells::Table)
                .col(uuid(RehabSpells::CaseId))
                .col(date(RehabSpells::FirstDay))
                .col(date_null(RehabSpells::LastDay))
                .primary_key(
                    Index::create()
                        .col(RehabSpells::CaseId)
                        .col(RehabSpells::FirstDay),
                )
                .foreign_key(&mut case_fk(RehabSpells::Table))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RehabExtents::Table)
                .col(uuid(RehabExtents::CaseId))
                .col(date(RehabExtents::FromDay))
                .col(small_integer(RehabExtents::Percent))
                .primary_key(
                    Index::create()
                        .col(RehabExtents::CaseId)
                        .col(RehabExtents::FromDay),
                )
                .foreign_key(&mut case_fk(RehabExtents::Table))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RehabMilestonesDone::Table)
                .col(uuid(RehabMilestonesDone::CaseId))
                .col(string(RehabMilestonesDone::Kind))
                .col(timestamp_with_time_zone(RehabMilestonesDone::DoneAt))
                .col(uuid(RehabMilestonesDone::DoneBy))
                .primary_key(
                    Index::create()
                        .col(RehabMilestonesDone::CaseId)
                        .col(RehabMilestonesDone::Kind),
                )
                .foreign_key(&mut case_fk(RehabMilestonesDone::Table))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RehabPlanVersions::Table)
                .col(uuid(RehabPlanVersions::CaseId))
                .col(integer(RehabPlanVersions::Version))
                .col(text(RehabPlanVersions::Plan))
                .col(uuid(RehabPlanVersions::AuthorId))
                .col(timestamp_with_time_zone(RehabPlanVersions::ChangedAt))
                .primary_key(
                    Index::create()
                        .col(RehabPlanVersions::CaseId)
                        .col(RehabPlanVersions::Version),
                )
                .foreign_key(&mut case_fk(RehabPlanVersions::Table))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RehabParticipation::Table)
                .col(uuid(RehabParticipation::Id).primary_key())
                .col(uuid(RehabParticipation::CaseId))
                .col(uuid(RehabParticipation::PersonId))
                .col(integer(RehabParticipation::Version))
                .col(string(RehabParticipation::Kind))
                .col(text_null(RehabParticipation::Comment))
                .col(timestamp_with_time_zone(RehabParticipation::At))
                .foreign_key(&mut case_fk(RehabParticipation::Table))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("rehab_participation_case")
                .table(RehabParticipation::Table)
                .col(RehabParticipation::CaseId)
                .col(RehabParticipation::At)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RehabSeen::Table)
                .col(uuid(RehabSeen::CaseId))
                .col(uuid(RehabSeen::PersonId))
                .col(integer(RehabSeen::Version))
                .primary_key(
                    Index::create()
                        .col(RehabSeen::CaseId)
                        .col(RehabSeen::PersonId),
                )
                .foreign_key(&mut case_fk(RehabSeen::Table))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RehabLinks::Table)
                .col(uuid(RehabLinks::Id).primary_key())
                .col(uuid(RehabLinks::CaseId))
                .col(string(RehabLinks::ContactName))
                .col(string(RehabLinks::Organisation))
                .col(string_uniq(RehabLinks::TokenHash))
                .col(timestamp_with_time_zone(RehabLinks::CreatedAt))
                .col(timestamp_with_time_zone(RehabLinks::ExpiresAt))
                .col(timestamp_with_time_zone_null(RehabLinks::RevokedAt))
                .foreign_key(&mut case_fk(RehabLinks::Table))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AbsenceSpells::Table)
                .col(uuid(AbsenceSpells::Id).primary_key())
                .col(uuid(AbsenceSpells::PersonId))
                .col(uuid(AbsenceSpells::EmployerId))
                .col(date(AbsenceSpells::FirstDay))
                .col(date(AbsenceSpells::LastDay))
                .col(uuid(AbsenceSpells::RecordedBy))
                .col(timestamp_with_time_zone(AbsenceSpells::RecordedAt))
                .foreign_key(&mut fk(
                    AbsenceSpells::Table,
                    AbsenceSpells::PersonId,
                    Persons::Table,
                    Persons::Id,
                ))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "absence_spells_employer_first",
                [AbsenceSpells::EmployerId, AbsenceSpells::FirstDay],
            ),
            (
                "absence_spells_person_first",
                [AbsenceSpells::PersonId, AbsenceSpells::FirstDay],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(AbsenceSpells::Table);
            for col in cols {
                index.col(col);
            }
            m.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AbsenceSpells::Table.into_iden(),
            RehabLinks::Table.into_iden(),
            RehabSeen::Table.into_iden(),
            RehabParticipation::Table.into_iden(),
            RehabPlanVersions::Table.into_iden(),
            RehabMilestonesDone::Table.into_iden(),
            RehabExtents::Table.into_iden(),
            RehabSpells::Table.into_iden(),
            RehabCases::Table.into_iden(),
            RehabSettings::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
