use sea_orm::entity::prelude::*;

/// A statutory milestone recorded as done (or, for the plan, as not needed with a reason).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rehab_milestones_done")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    pub done_at: DateTimeUtc,
    pub done_by: Uuid,
    /// `domain::rehab::Exemption` code, for a plan recorded as not needed.
    pub exemption: Option<String>,
    /// What was looked into, for the employer's investigations before days 90 and 180.
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
