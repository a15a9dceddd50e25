use sea_orm::entity::prelude::*;

/// A sign-in under way. `id` is the SHA-256 of a random value only the browser's cookie holds,
/// so the callback is accepted only in the browser that started it, and only once.
#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub employer_id: Uuid,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInAttempt")
            .field("employer_id", &self.employer_id)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}
