//! The employers' identity providers, the organisation (unit paths, who leads which unit,
//! roles, people keyed by provider subject).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Employers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
    EmployerId,
    Path,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
    EmployerId,
    Subject,
    Email,
    FromImport,
}

#[derive(DeriveIden)]
enum IdentityProviders {
    Table,
    EmployerId,
    Issuer,
    ClientId,
    ClientSecret,
    Scopes,
    GroupsClaim,
    RoleMap,
    ApiAudience,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UnitManagers {
    Table,
    UnitId,
    PersonId,
}

#[derive(DeriveIden)]
enum PersonRoles {
    Table,
    PersonId,
    Role,
    Source,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(IdentityProviders::Table)
                .col(uuid(IdentityProviders::EmployerId).primary_key())
                .col(string(IdentityProviders::Issuer))
                .col(string(IdentityProviders::ClientId))
                .col(string(IdentityProviders::ClientSecret))
                .col(string(IdentityProviders::Scopes))
                .col(string_null(IdentityProviders::GroupsClaim))
                .col(text(IdentityProviders::RoleMap))
                .col(string_null(IdentityProviders::ApiAudience))
                .col(timestamp_with_time_zone(IdentityProviders::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(IdentityProviders::Table, IdentityProviders::EmployerId)
                        .to(Employers::Table, Employers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // SQLite alters one column per statement.
        for col in [string_null(Units::Path)] {
            m.alter_table(
                Table::alter()
                    .table(Units::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("units_employer_path")
                .table(Units::Table)
                .col(Units::EmployerId)
                .col(Units::Path)
                .unique()
                .to_owned(),
        )
        .await?;
        for col in [
            string_null(Persons::Subject),
            string_null(Persons::Email),
            boolean(Persons::FromImport).default(false).to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Persons::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        // People are keyed by (employer, subject), never by e-mail.
        m.create_index(
            Index::create()
                .name("persons_employer_subject")
                .table(Persons::Table)
                .col(Persons::EmployerId)
                .col(Persons::Subject)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UnitManagers::Table)
                .col(uuid(UnitManagers::UnitId))
                .col(uuid(UnitManagers::PersonId))
                .primary_key(
                    Index::create()
                        .col(UnitManagers::UnitId)
                        .col(UnitManagers::PersonId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UnitManagers::Table, UnitManagers::UnitId)
                        .to(Units::Table, Units::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UnitManagers::Table, UnitManagers::PersonId)
                        .to(Persons::Table, Persons::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("unit_managers_person")
                .table(UnitManagers::Table)
                .col(UnitManagers::PersonId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PersonRoles::Table)
                .col(uuid(PersonRoles::PersonId))
                .col(string_len(PersonRoles::Role, 32))
                .col(string_len(PersonRoles::Source, 16))
                .primary_key(
                    Index::create()
                        .col(PersonRoles::PersonId)
                        .col(PersonRoles::Role)
                        .col(PersonRoles::Source),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PersonRoles::Table, PersonRoles::PersonId)
                        .to(Persons::Table, Persons::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            PersonRoles::Table.into_iden(),
            UnitManagers::Table.into_iden(),
            IdentityProviders::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_index(
            Index::drop()
                .name("persons_employer_subject")
                .table(Persons::Table)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("units_employer_path")
                .table(Units::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            Persons::Subject.into_iden(),
            Persons::Email.into_iden(),
            Persons::FromImport.into_iden(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Persons::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Units::Table)
                .drop_column(Units::Path)
                .to_owned(),
        )
        .await
    }
}
