//! People's devices: which push endpoints may receive their reminders.

use super::vapid;
use crate::entity::push_subscription;
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::guidance::Language;
use domain::PersonId;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use url::Url;
use uuid::Uuid;

/// Which endpoints the server will send to. Push services are public HTTPS hosts; anything
/// else would let a caller make the server reach internal addresses.
#[derive(Clone, Debug)]
pub struct EndpointPolicy {
    /// Host names, or `*.domain` for any host below it.
    pub hosts: Vec<String>,
    /// Development and tests: plain http and any host, including loopback.
    pub allow_insecure: bool,
}

/// The push services of the browsers people use (Chrome/Edge/Android, Firefox, Safari, Windows).
pub const DEFAULT_PUSH_HOSTS: &[&str] = &[
    "fcm.googleapis.com",
    "*.push.services.mozilla.com",
    "web.push.apple.com",
    "*.push.apple.com",
    "*.notify.windows.com",
];

impl Default for EndpointPolicy {
    fn default() -> Self {
        Self {
            hosts: DEFAULT_PUSH_HOSTS.iter().map(|h| (*h).to_owned()).collect(),
            allow_insecure: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubscriptionProblem {
    #[error("endpoint is not a URL")]
    EndpointNotUrl,
    #[error("endpoint must be an https URL")]
    EndpointNotHttps,
    #[error("endpoint is not a known push service")]
    EndpointHostNotAllowed,
    #[error("p256dh must be a base64url P-256 public key (65 bytes)")]
    BadP256dh,
    #[error("auth must be a base64url secret of 16 bytes")]
    BadAuth,
}

impl SubscriptionProblem {
    /// The request field the problem is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::BadP256dh => "keys.p256dh",
            Self::BadAuth => "keys.auth",
            _ => "endpoint",
        }
    }
}

impl EndpointPolicy {
    pub fn check(&self, endpoint: &str) -> Result<Url, SubscriptionProblem> {
        let url = Url::parse(endpoint).map_err(|_| SubscriptionProblem::EndpointNotUrl)?;
        let host = url
            .host_str()
            .ok_or(SubscriptionProblem::EndpointNotUrl)?
            .to_ascii_lowercase();
        if self.allow_insecure && matches!(url.scheme(), "http" | "https") {
            return Ok(url);
        }
        if url.scheme() != "https" || !url.username().is_empty() || url.password().is_some() {
            return Err(SubscriptionProblem::EndpointNotHttps);
        }
        let allowed = self.hosts.iter().any(|pattern| {
            let pattern = pattern.to_ascii_lowercase();
            match pattern.strip_prefix("*.") {
                Some(domain) => host
                    .strip_suffix(domain)
                    .is_some_and(|rest| rest.ends_with('.') && rest.len() > 1),
                None => host == pattern,
            }
        });
        if allowed {
            Ok(url)
        } else {
            Err(SubscriptionProblem::EndpointHostNotAllowed)
        }
    }
}

/// A browser's `PushSubscription`, as its `toJSON()` gives it.
#[derive(Clone)]
pub struct NewSubscription {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub language: Language,
    pub label: Option<String>,
}

pub(super) fn decoded(s: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .ok()
}

impl NewSubscription {
    pub fn check(&self, policy: &EndpointPolicy) -> Vec<SubscriptionProblem> {
        let mut problems = Vec::new();
        if let Err(p) = policy.check(&self.endpoint) {
            problems.push(p);
        }
        // An uncompressed P-256 point: 65 bytes, the first 0x04.
        let point = decoded(&self.p256dh);
        if !point.is_some_and(|b| b.len() == 65 && b[0] == 4) {
            problems.push(SubscriptionProblem::BadP256dh);
        }
        if decoded(&self.auth).map(|b| b.len()) != Some(16) {
            problems.push(SubscriptionProblem::BadAuth);
        }
        problems
    }
}

/// One of a person's devices, as they see it in their settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Device {
    pub id: Uuid,
    pub label: Option<String>,
    pub language: Language,
    pub created_at: DateTime<Utc>,
    pub last_delivered_at: Option<DateTime<Utc>>,
}

fn device(row: push_subscription::Model) -> Device {
    Device {
        id: row.id,
        label: row.label,
        language: Language::parse(&row.language).unwrap_or(Language::Sv),
        created_at: row.created_at,
        last_delivered_at: row.last_delivered_at,
    }
}

/// Stores a device for `person`. An endpoint belongs to one browser: subscribing it again
/// (after a key change, or another person signing in on it) replaces the earlier row, so
/// a shared phone never gets someone else's reminders.
pub async fn subscribe(
    db: &Db,
    person: PersonId,
    new: NewSubscription,
    policy: &EndpointPolicy,
    now: DateTime<Utc>,
) -> Result<Result<Device, Vec<SubscriptionProblem>>, StoreError> {
    let problems = new.check(policy);
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let key_id = vapid::current_id(db, now).await?;
    let row = push_subscription::Model {
        id: Uuid::new_v4(),
        person_id: person.as_uuid(),
        endpoint: new.endpoint,
        p256dh: new.p256dh.trim_end_matches('=').to_owned(),
        auth: new.auth.trim_end_matches('=').to_owned(),
        language: new.language.code().to_owned(),
        vapid_key_id: key_id,
        label: new.label.map(|l| l.chars().take(80).collect()),
        created_at: now,
        last_delivered_at: None,
    };
    let stored = row.clone();
    db.write(move |txn| {
        let row = stored.clone();
        Box::pin(async move {
            push_subscription::Entity::delete_many()
                .filter(push_subscription::Column::Endpoint.eq(row.endpoint.clone()))
                .exec(txn)
                .await?;
            push_subscription::Entity::insert(push_subscription::ActiveModel {
                id: Set(row.id),
                person_id: Set(row.person_id),
                endpoint: Set(row.endpoint),
                p256dh: Set(row.p256dh),
                auth: Set(row.auth),
                language: Set(row.language),
                vapid_key_id: Set(row.vapid_key_id),
                label: Set(row.label),
                created_at: Set(row.created_at),
                last_delivered_at: Set(None),
            })
            .exec(txn)
            .await?;
            Ok(())
        })
    })
    .await?;
    Ok(Ok(device(row)))
}

pub async fn devices(db: &Db, person: PersonId) -> Result<Vec<Device>, StoreError> {
    Ok(push_subscription::Entity::find()
        .filter(push_subscription::Column::PersonId.eq(person.as_uuid()))
        .order_by_asc(push_subscription::Column::CreatedAt)
        .all(db.conn())
        .await?
        .into_iter()
        .map(device)
        .collect())
}

/// Devices subscribed, at all employers.
pub async fn count_subscriptions(db: &Db) -> Result<u64, StoreError> {
    use sea_orm::PaginatorTrait;
    Ok(push_subscription::Entity::find().count(db.conn()).await?)
}

/// Which of a person's devices to remove.
#[derive(Clone, Debug)]
pub enum Which {
    Id(Uuid),
    Endpoint(String),
}

/// Removes one of the person's own devices; `false` when they have no such device.
pub async fn unsubscribe(db: &Db, person: PersonId, which: Which) -> Result<bool, StoreError> {
    let removed = db
        .write(move |txn| {
            let which = which.clone();
            Box::pin(async move {
                let mut delete = push_subscription::Entity::delete_many()
                    .filter(push_subscription::Column::PersonId.eq(person.as_uuid()));
                delete = match which {
                    Which::Id(id) => delete.filter(push_subscription::Column::Id.eq(id)),
                    Which::Endpoint(e) => delete.filter(push_subscription::Column::Endpoint.eq(e)),
                };
                Ok(delete.exec(txn).await?.rows_affected)
            })
        })
        .await?;
    Ok(removed > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_push_services_are_accepted_unless_insecure_is_allowed() {
        let p = EndpointPolicy::default();
        assert!(p.check("https://fcm.googleapis.com/fcm/send/abc").is_ok());
        assert!(p
            .check("https://updates.push.services.mozilla.com/wpush/v2/x")
            .is_ok());
        assert!(p.check("https://web.push.apple.com/QGx").is_ok());
        assert_eq!(
            p.check("http://fcm.googleapis.com/fcm/send/abc"),
            Err(SubscriptionProblem::EndpointNotHttps)
        );
        for bad in [
            "https://127.0.0.1/x",
            "https://localhost/x",
            "https://10.0.0.5/x",
            "https://evilfcm.googleapis.com.example/x",
            "https://push.services.mozilla.com/x",
            "https://xpush.services.mozilla.com/x",
        ] {
            assert_eq!(
                p.check(bad),
                Err(SubscriptionProblem::EndpointHostNotAllowed),
                "{bad}"
            );
        }
        assert_eq!(
            p.check("https://user:pw@fcm.googleapis.com/x"),
            Err(SubscriptionProblem::EndpointNotHttps)
        );
        assert_eq!(
            p.check("not a url"),
            Err(SubscriptionProblem::EndpointNotUrl)
        );
        let dev = EndpointPolicy {
            allow_insecure: true,
            ..p
        };
        assert!(dev.check("http://127.0.0.1:9999/push/1").is_ok());
        assert_eq!(
            dev.check("ftp://127.0.0.1/x"),
            Err(SubscriptionProblem::EndpointNotHttps)
        );
    }
}
