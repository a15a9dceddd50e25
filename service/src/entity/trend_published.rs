use sea_orm::entity::prelude::*;

/// One group (a unit and everything below it) in one closed week, as published when the week
/// was frozen. The sums and members only for a group whose figures were shown.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "trend_published")]
pub struct Model {
    pub employer_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub iso_week: String,
    pub who5_answers: i64,
    pub members: Option<i64>,
    pub checked_in: Option<i64>,
    pub who5_total: Option<i64>,
    pub who5_below_50: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
