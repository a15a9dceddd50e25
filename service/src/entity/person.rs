use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "persons")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employer_id: Uuid,
    pub unit_id: Option<Uuid>,
    pub display_name: String,
    pub demo_persona: Option<String>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    /// The provider's `sub`; with the employer, the only key sign-in uses.
    pub subject: Option<String>,
    pub email: Option<String>,
    /// Kept up to date by the organisation import, which deactivates such people when they leave.
    pub from_import: bool,
    /// `domain::sick_leave::Gender`'s code, as the HR system holds it; `None` until imported.
    pub gender: Option<String>,
    pub birth_year: Option<i32>,
    /// What payroll's absence files name the person by, unique within the employer.
    pub employee_number: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::employer::Entity",
        from = "Column::EmployerId",
        to = "super::employer::Column::Id"
    )]
    Employer,
    #[sea_orm(has_many = "super::session::Entity")]
    Sessions,
}

impl Related<super::employer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Employer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Related<super::session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sessions.def()
    }
}
