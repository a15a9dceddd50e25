use sea_orm::entity::prelude::*;

/// The page occupational health opens from its e-mail when someone asked to be contacted
/// under a grant to them: one per alert, by a token of which only the hash is kept.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "talk_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub alert_id: Uuid,
    pub person_id: Uuid,
    /// The employer contact (occupational health) the mail went to.
    pub contact_id: Uuid,
    pub token_hash: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub opened_at: Option<DateTimeUtc>,
    /// When occupational health marked the person as contacted.
    pub contacted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
