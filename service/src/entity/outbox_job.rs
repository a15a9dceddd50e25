use sea_orm::entity::prelude::*;

/// One message on its way out (a push to one device, or one e-mail): written before anything
/// is sent, updated with every attempt.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// What makes a message the same (for a push kind:person:device:occasion): one row, ever.
    pub idempotency_key: String,
    /// Whose the message is: the person reminded, or the person on whose request an e-mail
    /// goes out (it is in their export and goes with them when they are erased).
    pub person_id: Uuid,
    /// `push` or `mail`: the outbox's channel codes.
    pub channel: String,
    /// A push's device; `None` for mail, and once the device is gone.
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
    /// What a mail sends (JSON), kept only until it is finished: it holds the address and a
    /// link's secret.
    pub payload: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
