//! Server-side sessions. The browser holds a random 256-bit token; the database holds its hash.
//! A session ends at sign-out, after `idle` without use, at `absolute` after sign-in whatever
//! its use, and when its person is deactivated.

use crate::entity::{employer, person, session};
use crate::people::{self, Person};
use crate::{Db, StoreError};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use domain::PersonId;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

/// How long sessions last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        }
    }
}

/// `last_seen_at` is written at most this often, so reading pages stays read-only.
const TOUCH_EVERY: Duration = Duration::minutes(1);

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
        hashed(&self.0)
    }
}

/// 256 random bits, URL-safe: what session and sign-in cookies hold.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a cookie's token: a leaked table yields nothing usable.
pub(crate) fn hashed(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The provider's ID token, kept only as the hint for signing out at the provider.
pub struct IdTokenHint(pub String);

/// Starts a new session for a person; always a new token, so a fixed one cannot be planted.
#[tracing::instrument(skip_all, fields(person = %person))]
pub async fn start(
    db: &Db,
    person: PersonId,
    policy: SessionPolicy,
    id_token: Option<IdTokenHint>,
    now: DateTime<Utc>,
) -> Result<SessionToken, StoreError> {
    let token = SessionToken(random_token());
    let row = session::ActiveModel {
        id: Set(token.key()),
        person_id: Set(person.as_uuid()),
        created_at: Set(now),
        expires_at: Set(now + policy.absolute),
        last_seen_at: Set(Some(now)),
        id_token: Set(id_token.map(|t| t.0)),
    };
    db.write(move |txn| {
        let insert = session::Entity::insert(row.clone());
        Box::pin(async move { insert.exec_without_returning(txn).await.map(drop) })
    })
    .await?;
    Ok(token)
}

/// The signed-in person behind a token, if the session is live and the person still active.
/// One statement (sessions ⟕ persons ⟕ employers) on every request; a write only when the
/// last recorded use is over a minute old.
pub async fn resolve(
    db: &Db,
    token: &SessionToken,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<Option<Person>, StoreError> {
    let key = token.key();
    let found = session::Entity::find_by_id(key.clone())
        .filter(session::Column::ExpiresAt.gt(now))
        .filter(
            Condition::any()
                .add(session::Column::LastSeenAt.gt(now - policy.idle))
                .add(
                    Condition::all()
                        .add(session::Column::LastSeenAt.is_null())
                        .add(session::Column::CreatedAt.gt(now - policy.idle)),
                ),
        )
        .filter(person::Column::Active.eq(true))
        .find_also_related(person::Entity)
        .and_also_related(employer::Entity)
        .one(db.conn())
        .await?;
    let Some((s, Some(p), Some(e))) = found else {
        return Ok(None);
    };
    if s.last_seen_at.unwrap_or(s.created_at) < now - TOUCH_EVERY {
        db.write(move |txn| {
            let touch = session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, Expr::value(now))
                .filter(session::Column::Id.eq(key.clone()));
            Box::pin(async move { touch.exec(txn).await.map(drop) })
        })
        .await?;
    }
    Ok(Some(people::to_person(p, e)))
}

/// Ends one session and hands back what signing out at the provider needs, if anything.
pub async fn end(db: &Db, token: &SessionToken) -> Result<Option<IdTokenHint>, StoreError> {
    let key = token.key();
    let ended = db
        .write(move |txn| {
            let key = key.clone();
            Box::pin(async move {
                let found = session::Entity::find_by_id(key.clone()).one(txn).await?;
                session::Entity::delete_by_id(key).exec(txn).await?;
                Ok(found.and_then(|s| s.id_token))
            })
        })
        .await?;
    Ok(ended.map(IdTokenHint))
}

/// Ends every session a person has, on every device: at sign-out.
pub async fn end_all(db: &Db, person: PersonId) -> Result<u64, StoreError> {
    let ended = db
        .write(move |txn| Box::pin(end_all_in(txn, vec![person.as_uuid()])))
        .await?;
    Ok(ended)
}

/// Ends every session of these people, inside a write that also does something else (a
/// deactivation, an import).
pub(crate) async fn end_all_in(
    txn: &sea_orm::DatabaseTransaction,
    people: Vec<uuid::Uuid>,
) -> Result<u64, sea_orm::DbErr> {
    let r = session::Entity::delete_many()
        .filter(session::Column::PersonId.is_in(people))
        .exec(txn)
        .await?;
    Ok(r.rows_affected)
}

/// A person who has left: kept (their history is theirs and the employer's records need it),
/// unable to sign in, and signed out everywhere at once.
pub async fn deactivate(db: &Db, id: PersonId) -> Result<bool, StoreError> {
    let changed = db
        .write(move |txn| {
            Box::pin(async move {
                let r = person::Entity::update_many()
                    .col_expr(
                        person::Column::Active,
                        sea_orm::sea_query::Expr::value(false),
                    )
                    .filter(person::Column::Id.eq(id.as_uuid()))
                    .filter(person::Column::Active.eq(true))
                    .exec(txn)
                    .await?;
                end_all_in(txn, vec![id.as_uuid()]).await?;
                Ok(r.rows_affected == 1)
            })
        })
        .await?;
    Ok(changed)
}
