//! One employer per (issuer, API audience): a mobile app's access token names both, and must
//! resolve to exactly one employer, never to whichever of two employers' settings verifies it
//! first. An installation where two employers already share both is told which, and how to
//! part them, before anything changes.

use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IdentityProviders {
    Table,
    Issuer,
    ApiAudience,
}

const INDEX: &str = "identity_providers_issuer_api_audience";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let shared = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT issuer, api_audience FROM identity_providers \
                 WHERE api_audience IS NOT NULL GROUP BY issuer, api_audience HAVING COUNT(*) > 1",
            ))
            .await?;
        if let Some(row) = shared {
            let issuer: String = row.try_get("", "issuer")?;
            let audience: String = row.try_get("", "api_audience")?;
            return Err(DbErr::Migration(format!(
                "two or more employers share the issuer {issuer} and the API audience {audience}; \
                 give each its own audience (orka employer update --api-audience) and start again"
            )));
        }
        // NULLs are distinct in a unique index on both databases: employers without a mobile
        // API stay free to share an issuer.
        m.create_index(
            Index::create()
                .name(INDEX)
                .table(IdentityProviders::Table)
                .col(IdentityProviders::Issuer)
                .col(IdentityProviders::ApiAudience)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(INDEX)
                .table(IdentityProviders::Table)
                .to_owned(),
        )
        .await
    }
}
