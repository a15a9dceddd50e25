//! Sign-in with an identity provider: pending sign-in attempts (state, nonce and PKCE verifier
//! bound to one browser), and sessions that know when they were last used and how they began.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Employers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    LastSeenAt,
    IdToken,
}

#[derive(DeriveIden)]
enum SignInAttempts {
    Table,
    Id,
    EmployerId,
    State,
    Nonce,
    PkceVerifier,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SignInAttempts::Table)
                .col(string(SignInAttempts::Id).primary_key())
                .col(uuid(SignInAttempts::EmployerId))
                .col(string(SignInAttempts::State))
                .col(string(SignInAttempts::Nonce))
                .col(string(SignInAttempts::PkceVerifier))
                .col(timestamp_with_time_zone(SignInAttempts::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SignInAttempts::Table, SignInAttempts::EmployerId)
                        .to(Employers::Table, Employers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("sign_in_attempts_created")
                .table(SignInAttempts::Table)
                .col(SignInAttempts::CreatedAt)
                .to_owned(),
        )
        .await?;
        // Nullable: sessions from before this migration count from their creation.
        for col in [
            timestamp_with_time_zone_null(Sessions::LastSeenAt),
            text_null(Sessions::IdToken),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            Sessions::LastSeenAt.into_iden(),
            Sessions::IdToken.into_iden(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(SignInAttempts::Table).to_owned())
            .await
    }
}
