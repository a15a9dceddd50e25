//! Who changed an employer's sign-in settings, when, and from what to what (never a secret's
//! value): whoever controls the issuer or the role map decides who signs in as the employer's
//! people and with which rights, so each change is kept for the employer's admins to see.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EmployerChanges {
    Table,
    Id,
    EmployerId,
    At,
    ChangedBy,
    Changes,
}

#[derive(DeriveIden)]
enum Employers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(EmployerChanges::Table)
                .col(uuid(EmployerChanges::Id).primary_key())
                .col(uuid(EmployerChanges::EmployerId))
                .col(timestamp_with_time_zone(EmployerChanges::At))
                // The admin who changed it on the web; none for the operator's command line.
                .col(uuid_null(EmployerChanges::ChangedBy))
                .col(text(EmployerChanges::Changes))
                .foreign_key(
                    ForeignKey::create()
                        .from(EmployerChanges::Table, EmployerChanges::EmployerId)
                        .to(Employers::Table, Employers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(EmployerChanges::Table, EmployerChanges::ChangedBy)
                        .to(Persons::Table, Persons::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("employer_changes_employer_at")
                .table(EmployerChanges::Table)
                .col(EmployerChanges::EmployerId)
                .col(EmployerChanges::At)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(EmployerChanges::Table).to_owned())
            .await
    }
}
