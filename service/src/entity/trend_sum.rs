use sea_orm::entity::prelude::*;

/// The answers counted in one unit (its own people, not the units below) in one week.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "trend_sums")]
pub struct Model {
    pub employer_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub iso_week: String,
    pub checked_in: i64,
    pub who5_answers: i64,
    pub who5_total: i64,
    pub who5_below_50: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
