use sea_orm::entity::prelude::*;

/// One change of an employer's settings: by whom (none: the operator), and the fields with
/// their old and new values as JSON (a secret only as changed).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "employer_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employer_id: Uuid,
    pub at: DateTimeUtc,
    pub changed_by: Option<Uuid>,
    pub changes: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
