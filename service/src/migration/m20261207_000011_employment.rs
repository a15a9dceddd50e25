//! What the HR system knows that the sick-leave figures need: gender as HR holds it, birth
//! year, the employee number payroll files name people by, and each person's employments (unit
//! and ordinary hours per week, from and to), so that someone who changed unit or hours counts
//! where and as much as they worked. No reason for absence and no diagnosis, ever.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
    EmployerId,
    Gender,
    BirthYear,
    EmployeeNumber,
}

#[derive(DeriveIden)]
enum Employments {
    Table,
    Id,
    PersonId,
    UnitId,
    FromDay,
    ToDay,
    WeeklyHoursCenti,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for column in [
            ColumnDef::new(Persons::Gender).string().null().to_owned(),
            ColumnDef::new(Persons::BirthYear)
                .integer()
                .null()
                .to_owned(),
            ColumnDef::new(Persons::EmployeeNumber)
                .string()
                .null()
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Persons::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        // Payroll files name people by employee number within one employer.
        m.create_index(
            Index::create()
                .name("persons_employee_number")
                .table(Persons::Table)
                .col(Persons::EmployerId)
                .col(Persons::EmployeeNumber)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Employments::Table)
                .col(uuid(Employments::Id).primary_key())
                .col(uuid(Employments::PersonId))
                .col(uuid_null(Employments::UnitId))
                .col(date(Employments::FromDay))
                .col(date_null(Employments::ToDay))
                .col(integer(Employments::WeeklyHoursCenti))
                .foreign_key(
                    ForeignKey::create()
                        .from(Employments::Table, Employments::PersonId)
                        .to(Persons::Table, Persons::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("employments_person")
                .table(Employments::Table)
                .col(Employments::PersonId)
                .col(Employments::FromDay)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Employments::Table).to_owned())
            .await?;
        m.drop_index(Index::drop().name("persons_employee_number").to_owned())
            .await?;
        for column in [Persons::EmployeeNumber, Persons::BirthYear, Persons::Gender] {
            m.alter_table(
                Table::alter()
                    .table(Persons::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
