use sea_orm::entity::prelude::*;

/// Where someone worked and for how many ordinary hours a week, from one day to another: the
/// organisation import closes one and opens the next when the unit or the hours change.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "employments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub unit_id: Option<Uuid>,
    pub from_day: Date,
    /// `None` while it lasts.
    pub to_day: Option<Date>,
    /// Hundredths of an hour (`domain::sick_leave::WeeklyHours`).
    pub weekly_hours_centi: i32,
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
