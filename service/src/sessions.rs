//! Server-side sessions. The browser holds a random 256-bit token; the database holds its hash.

use crate::entity::{employer, person, session};
use crate::people::{self, Person};
use crate::{Db, StoreError};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use domain::PersonId;
use rand::RngCore;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

/// How long a sign-in lasts before the person signs in again.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);

/// The cookie value. Deliberately no `Debug`/`Display`: it must not reach a log.
pub struct SessionToken(String);

impl SessionToken {
    pub fn from_cookie(value: &str) -> Self {
        Self(value.to_owned())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    fn key(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

/// Starts a new session for a person; always a new token, so a fixed one cannot be planted.
#[tracing::instrument(skip_all, fields(person = %person))]
pub async fn start(
    db: &Db,
    person: PersonId,
    now: DateTime<Utc>,
) -> Result<SessionToken, StoreError> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = SessionToken(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes));
    let row = session::ActiveModel {
        id: Set(token.key()),
        person_id: Set(person.as_uuid()),
        created_at: Set(now),
        expires_at: Set(now + SESSION_LIFETIME),
    };
    db.write(move |txn| {
        let insert = session::Entity::insert(row.clone());
        Box::pin(async move { insert.exec_without_returning(txn).await.map(drop) })
    })
    .await?;
    Ok(token)
}

/// The signed-in person behind a token, if the session is live and the person still active.
/// One statement (sessions ⋈ persons ⋈ employers): it runs on every request.
pub async fn resolve(
    db: &Db,
    token: &SessionToken,
    now: DateTime<Utc>,
) -> Result<Option<Person>, StoreError> {
    let found = person::Entity::find()
        .inner_join(session::Entity)
        .filter(session::Column::Id.eq(token.key()))
        .filter(session::Column::ExpiresAt.gt(now))
        .filter(person::Column::Active.eq(true))
        .find_also_related(employer::Entity)
        .one(db.conn())
        .await?;
    Ok(found.and_then(|(p, e)| e.map(|e| people::to_person(p, e))))
}

pub async fn end(db: &Db, token: &SessionToken) -> Result<(), StoreError> {
    let key = token.key();
    db.write(move |txn| {
        let delete = session::Entity::delete_by_id(key.clone());
        Box::pin(async move { delete.exec(txn).await.map(drop) })
    })
    .await?;
    Ok(())
}
