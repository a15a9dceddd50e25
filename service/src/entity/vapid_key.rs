use sea_orm::entity::prelude::*;

/// The server's VAPID key pair. The newest without `retired_at` signs.
#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "vapid_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The raw P-256 scalar, base64url: a secret.
    pub private_key: String,
    /// The uncompressed point, base64url: what browsers subscribe with.
    pub public_key: String,
    pub created_at: DateTimeUtc,
    pub retired_at: Option<DateTimeUtc>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("vapid_key::Model")
            .field("id", &self.id)
            .field("public_key", &self.public_key)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
