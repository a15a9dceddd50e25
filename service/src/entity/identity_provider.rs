use sea_orm::entity::prelude::*;

/// One employer's OpenID Connect provider. `client_secret` never leaves the server.
#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "identity_providers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub employer_id: Uuid,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// Space-separated, always including `openid`.
    pub scopes: String,
    pub groups_claim: Option<String>,
    /// `group=role,...` as `domain::RoleMap` writes it.
    pub role_map: String,
    pub api_audience: Option<String>,
    pub updated_at: DateTimeUtc,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityProvider")
            .field("employer_id", &self.employer_id)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::employer::Entity",
        from = "Column::EmployerId",
        to = "super::employer::Column::Id"
    )]
    Employer,
}

impl Related<super::employer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Employer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
