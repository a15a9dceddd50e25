use sea_orm::entity::prelude::*;

/// The employee acknowledging or commenting on a version of their plan.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rehab_participation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub person_id: Uuid,
    pub version: i32,
    pub kind: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub comment: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
