use sea_orm::entity::prelude::*;

/// What makes a case an adjustment case (or made it one, before the person was sick-listed).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rehab_adjustments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: Uuid,
    /// `domain::adjustment::Start` code.
    pub started_from: String,
    pub alert_id: Option<Uuid>,
    /// What was seen at work, or the employee's own words when they asked.
    pub observed: Option<String>,
    /// The employee's own manager takes part (sees and runs the case).
    pub with_manager: bool,
    pub investigated_on: Option<Date>,
    /// `domain::adjustment::Companion` code.
    pub companion: Option<String>,
    pub investigation_note: Option<String>,
    pub follow_up_on: Option<Date>,
    /// Who set the follow-up date, and is reminded of it that morning.
    pub follow_up_by: Option<Uuid>,
    /// The first day of the sick leave that made this a sick-leave case.
    pub sick_leave_from: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
