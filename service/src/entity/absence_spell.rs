use sea_orm::entity::prelude::*;

/// A sick-leave spell: typed in by someone who runs cases (`source` `manual`), or from payroll
/// (`import`). Short ones feed the early-signal rule; all of them the sick-leave figures.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "absence_spells")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub employer_id: Uuid,
    pub first_day: Date,
    /// `None` while it lasts.
    pub last_day: Option<Date>,
    /// Who typed it in; `None` for an imported spell.
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTimeUtc,
    /// Percent of the ordinary hours.
    pub extent: i16,
    /// `manual` or `import`.
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
