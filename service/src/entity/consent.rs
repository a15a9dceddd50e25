use sea_orm::entity::prelude::*;

/// One grant: a scope, to one person in a recipient role, of one text version. Withdrawal
/// stamps `withdrawn_at`; rows are never deleted, so what was agreed to stays on record.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "consents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub scope: String,
    pub recipient: String,
    /// The person granted to. A grant to a service outside the employer names the giver here
    /// (the column must name a person) and the service in `service_id`.
    pub recipient_id: Uuid,
    pub text_version: i16,
    /// The language the text was shown in.
    pub language: String,
    pub granted_at: DateTimeUtc,
    pub withdrawn_at: Option<DateTimeUtc>,
    /// For `occupational-health`: the employer's directory entry granted to.
    pub service_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
