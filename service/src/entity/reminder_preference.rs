use sea_orm::entity::prelude::*;

/// A person's reminder choices; no row means the defaults with reminders off.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reminder_preferences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: Uuid,
    pub check_in: bool,
    /// 1 = Monday … 7 = Sunday.
    pub weekday: i16,
    /// Minutes after local midnight.
    pub at_minute: i32,
    pub time_zone: String,
    pub quiet_start: Option<i32>,
    pub quiet_end: Option<i32>,
    pub rehab: bool,
    pub alerts: bool,
    pub during_sick_leave: bool,
    /// The ISO week the check-in reminder was last turned on: silent weeks count from there.
    pub enabled_week: String,
    /// When the planner next looks at this person; `None` while the check-in reminder is off.
    pub next_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
