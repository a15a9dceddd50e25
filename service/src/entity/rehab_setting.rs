use sea_orm::entity::prelude::*;

/// An employer's rehab settings; an employer without a row has the defaults.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rehab_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub employer_id: Uuid,
    pub managers_run_rehab: bool,
    pub absence_spells: i16,
    pub absence_months: i16,
    /// The employer's routine has the manager call on the third day of a sick spell.
    pub day_three_call: bool,
    /// The sick day on which an absence puts someone on the list of cases to open.
    pub case_day: i16,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
