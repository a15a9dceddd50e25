use sea_orm::entity::prelude::*;

/// One read of a person's data by someone else. Append-only (database triggers refuse
/// changes).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "access_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    pub actor_id: Uuid,
    pub subject_id: Uuid,
    pub what: String,
    /// The consent or role that allowed it.
    pub why: String,
    /// The row's place in the hash chain; none for rows from before the chain.
    pub seq: Option<i64>,
    /// SHA-256 of this row and the hash before it (`access_log::chain`).
    pub hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
