use sea_orm::entity::prelude::*;

/// One browser or phone that may be sent pushes for a person.
#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "push_subscriptions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    /// A capability URL: whoever holds it can push to the device, so it stays out of logs.
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    /// The language the device's reminders are written in (the app's, when it subscribed).
    pub language: String,
    pub vapid_key_id: Uuid,
    pub label: Option<String>,
    pub created_at: DateTimeUtc,
    pub last_delivered_at: Option<DateTimeUtc>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("push_subscription::Model")
            .field("id", &self.id)
            .field("person_id", &self.person_id)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
