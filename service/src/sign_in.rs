//! Sign-in with the employer's identity provider, as far as it touches the database: the
//! attempt that binds `state`, `nonce` and the PKCE verifier to one browser, and the person a
//! verified identity becomes. The protocol itself is the server's.

use crate::entity::{person, person_role, sign_in_attempt};
use crate::people::{self, Person};
use crate::sessions;
use crate::{Db, StoreError};
use chrono::{DateTime, Duration, Utc};
use domain::{EmployerId, Role};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter,
};

/// A sign-in not finished within this is abandoned.
pub const ATTEMPT_LIFETIME: Duration = Duration::minutes(10);

/// The per-attempt secrets sent to (state, nonce) or kept from (PKCE verifier) the provider.
#[derive(Clone)]
pub struct AttemptSecrets {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

impl std::fmt::Debug for AttemptSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AttemptSecrets([redacted])")
    }
}

/// The cookie value that ties an attempt to the browser that started it. No `Debug`.
pub struct BrowserBinding(String);

impl BrowserBinding {
    pub fn from_cookie(value: &str) -> Self {
        Self(value.to_owned())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    fn key(&self) -> String {
        sessions::hashed(&self.0)
    }
}

/// A pending attempt, taken out of the database by the callback that finishes it.
#[derive(Debug)]
pub struct Attempt {
    pub employer_id: EmployerId,
    pub secrets: AttemptSecrets,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AttemptRefused {
    #[error("no sign-in was started in this browser, or it was finished already")]
    Unknown,
    #[error("the sign-in took too long")]
    Expired,
    #[error("the answer does not belong to this sign-in")]
    StateMismatch,
}

pub async fn begin(
    db: &Db,
    employer: EmployerId,
    secrets: AttemptSecrets,
    now: DateTime<Utc>,
) -> Result<BrowserBinding, StoreError> {
    let binding = BrowserBinding(sessions::random_token());
    let row = sign_in_attempt::ActiveModel {
        id: Set(binding.key()),
        employer_id: Set(employer.as_uuid()),
        state: Set(secrets.state),
        nonce: Set(secrets.nonce),
        pkce_verifier: Set(secrets.pkce_verifier),
        created_at: Set(now),
    };
    db.write(move |txn| {
        let row = row.clone();
        Box::pin(async move {
            // Abandoned attempts go as new ones come.
            sign_in_attempt::Entity::delete_many()
                .filter(sign_in_attempt::Column::CreatedAt.lt(now - ATTEMPT_LIFETIME))
                .exec(txn)
                .await?;
            sign_in_attempt::Entity::insert(row)
                .exec_without_returning(txn)
                .await
                .map(drop)
        })
    })
    .await?;
    Ok(binding)
}

/// Takes the attempt this browser started, once: whatever the outcome, it is gone afterwards,
/// so a replayed callback finds nothing.
pub async fn take(
    db: &Db,
    binding: &BrowserBinding,
    state: &str,
    now: DateTime<Utc>,
) -> Result<Result<Attempt, AttemptRefused>, StoreError> {
    let key = binding.key();
    let row = db
        .write(move |txn| {
            let key = key.clone();
            Box::pin(async move {
                let Some(row) = sign_in_attempt::Entity::find_by_id(key.clone())
                    .one(txn)
                    .await?
                else {
                    return Ok(None);
                };
                let deleted = sign_in_attempt::Entity::delete_by_id(key).exec(txn).await?;
                // Two callbacks racing for one attempt: only the one that deleted it wins.
                Ok((deleted.rows_affected == 1).then_some(row))
            })
        })
        .await?;
    let Some(row) = row else {
        return Ok(Err(AttemptRefused::Unknown));
    };
    if row.created_at + ATTEMPT_LIFETIME < now {
        return Ok(Err(AttemptRefused::Expired));
    }
    if !constant_time_eq(row.state.as_bytes(), state.as_bytes()) {
        return Ok(Err(AttemptRefused::StateMismatch));
    }
    Ok(Ok(Attempt {
        employer_id: EmployerId::from_uuid(row.employer_id),
        secrets: AttemptSecrets {
            state: row.state,
            nonce: row.nonce,
            pkce_verifier: row.pkce_verifier,
        },
    }))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Who the provider vouched for, after the ID token was verified.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifiedIdentity {
    pub employer: EmployerId,
    pub subject: String,
    pub name: Option<String>,
    pub email: Option<String>,
    /// The roles the person's provider groups map to at this employer.
    pub roles: Vec<Role>,
}

impl std::fmt::Debug for VerifiedIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifiedIdentity")
            .field("employer", &self.employer)
            .field("roles", &self.roles)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProvisionRefused {
    #[error("this person has left the employer")]
    Deactivated,
}

/// Where roles from the provider's groups are recorded; the import records its own.
const IDP: &str = "idp";

/// The person a verified identity is: found by (employer, subject), or created at first sign-in.
/// Name, e-mail and the provider-given roles follow the provider on every sign-in.
pub async fn provision(
    db: &Db,
    who: VerifiedIdentity,
    now: DateTime<Utc>,
) -> Result<Result<Person, ProvisionRefused>, StoreError> {
    let employer = who.employer;
    let found = db
        .write(move |txn| {
            let who = who.clone();
            Box::pin(async move { provision_in(txn, who, now).await })
        })
        .await?;
    let Some(id) = found else {
        return Ok(Err(ProvisionRefused::Deactivated));
    };
    let person = people::find_active(db, id).await?;
    debug_assert!(person.as_ref().is_none_or(|p| p.employer_id == employer));
    Ok(person.ok_or(ProvisionRefused::Deactivated))
}

async fn provision_in(
    txn: &DatabaseTransaction,
    who: VerifiedIdentity,
    now: DateTime<Utc>,
) -> Result<Option<uuid::Uuid>, DbErr> {
    let fallback_name = who
        .name
        .clone()
        .or_else(|| who.email.clone())
        .unwrap_or_else(|| who.subject.clone());
    person::Entity::insert(person::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        employer_id: Set(who.employer.as_uuid()),
        unit_id: Set(None),
        display_name: Set(fallback_name),
        demo_persona: Set(None),
        active: Set(true),
        created_at: Set(now),
        subject: Set(Some(who.subject.clone())),
        email: Set(who.email.clone()),
        from_import: Set(false),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([person::Column::EmployerId, person::Column::Subject])
    .exec_without_returning(txn)
    .await?;
    let row = person::Entity::find()
        .filter(person::Column::EmployerId.eq(who.employer.as_uuid()))
        .filter(person::Column::Subject.eq(who.subject.as_str()))
        .one(txn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("person just provisioned".into()))?;
    if !row.active {
        return Ok(None);
    }
    let id = row.id;
    let mut changed = row.clone().into_active_model();
    if let Some(name) = who.name.filter(|n| *n != row.display_name) {
        changed.display_name = Set(name);
    }
    if who.email.is_some() && who.email != row.email {
        changed.email = Set(who.email);
    }
    if changed.is_changed() {
        person::Entity::update(changed).exec(txn).await?;
    }
    person_role::Entity::delete_many()
        .filter(person_role::Column::PersonId.eq(id))
        .filter(person_role::Column::Source.eq(IDP))
        .exec(txn)
        .await?;
    if !who.roles.is_empty() {
        person_role::Entity::insert_many(who.roles.iter().map(|r| person_role::ActiveModel {
            person_id: Set(id),
            role: Set(r.code().to_owned()),
            source: Set(IDP.to_owned()),
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(Some(id))
}
