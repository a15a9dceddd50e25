use sea_orm::entity::prelude::*;

/// One push to one device: written before anything is sent, updated with every attempt.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "push_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// kind:person:device:occasion: the same reminder for the same device is one row, ever.
    pub idempotency_key: String,
    pub person_id: Uuid,
    /// `None` once the device is gone.
    pub subscription_id: Option<Uuid>,
    pub kind: String,
    pub week: Option<String>,
    pub status: String,
    pub due_at: DateTimeUtc,
    /// After this the message no longer matters: not sent, not retried.
    pub expires_at: DateTimeUtc,
    pub next_attempt_at: DateTimeUtc,
    pub attempts: i32,
    pub locked_by: Option<String>,
    pub locked_until: Option<DateTimeUtc>,
    pub last_status: Option<i32>,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
