use sea_orm::entity::prelude::*;

/// `kind` of a sick-leave case.
pub const SICK_LEAVE: &str = "sick-leave";
/// `kind` of an adjustment case (`rehab_adjustments`).
pub const ADJUSTMENT: &str = "adjustment";

/// A sick-leave case. `plan_version` is the current plan's version (0: no plan yet).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rehab_cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employer_id: Uuid,
    pub person_id: Uuid,
    pub opened_by: Uuid,
    pub opened_at: DateTimeUtc,
    pub expected_last_day: Option<Date>,
    /// The day the absence, first expected to be short, became expected to reach 60 sick days.
    pub long_known_on: Option<Date>,
    pub plan_version: i32,
    pub closed_at: Option<DateTimeUtc>,
    pub closed_by: Option<Uuid>,
    pub outcome: Option<String>,
    /// `sick-leave`, or `adjustment` for someone still at work (`rehab_adjustments`).
    pub kind: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
