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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
