use sea_orm::entity::prelude::*;

/// An alert raised under one consent; it is seen only while that consent stands.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alerts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub consent_id: Uuid,
    pub kind: String,
    pub iso_week: String,
    pub raised_at: DateTimeUtc,
    pub acknowledged_at: Option<DateTimeUtc>,
    /// What the recipient did, in their words ("talked on Tuesday").
    pub follow_up: Option<String>,
    pub follow_up_at: Option<DateTimeUtc>,
    /// When the recipient was last reminded of it unacknowledged.
    pub reminded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
