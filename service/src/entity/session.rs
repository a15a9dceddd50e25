use sea_orm::entity::prelude::*;

/// `id` is the SHA-256 of the cookie's token: a leaked table does not yield usable sessions.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub person_id: Uuid,
    pub created_at: DateTimeUtc,
    /// The absolute end of the session, whatever its use.
    pub expires_at: DateTimeUtc,
    /// Updated at most once a minute: the idle timeout counts from here (or `created_at`).
    pub last_seen_at: Option<DateTimeUtc>,
    /// The provider's ID token, kept server-side only as the hint for RP-initiated logout.
    pub id_token: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id"
    )]
    Person,
}

impl ActiveModelBehavior for ActiveModel {}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}
