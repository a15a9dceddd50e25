//! Links the employee gives a named occupational-health contact so they can read the plan
//! without an account: time-limited, revocable by the employee at once, and every use written
//! to the employee's access log. Only a hash of the token is kept.

use super::rows::{current, PlanVersion};
use super::RehabError;
use crate::access_log::{self, Read, What, Why};
use crate::entity::{rehab_case, rehab_link};
use crate::policy::CaseAccess;
use crate::sessions::{hashed, random_token};
use crate::{Db, StoreError};
use chrono::{DateTime, Duration, Utc};
use domain::problem::ProblemCode;
use domain::PersonId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// The longest a link may stay open.
pub const MAX_DAYS: i64 = 90;
const MAX_NAME: usize = 200;

#[derive(Clone, Debug)]
pub struct Link {
    pub id: Uuid,
    pub contact_name: String,
    pub organisation: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Link {
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

fn link(r: rehab_link::Model) -> Link {
    Link {
        id: r.id,
        contact_name: r.contact_name,
        organisation: r.organisation,
        created_at: r.created_at,
        expires_at: r.expires_at,
        revoked_at: r.revoked_at,
    }
}

/// What the holder of a live link reads.
#[derive(Clone, Debug)]
pub struct SharedPlan {
    pub person_name: String,
    pub contact_name: String,
    pub expires_at: DateTime<Utc>,
    pub plan: Option<PlanVersion>,
}

/// Gives a link to the plan; the token is returned once and never stored.
pub async fn create(
    db: &Db,
    access: &CaseAccess,
    contact_name: &str,
    organisation: &str,
    days: i64,
    now: DateTime<Utc>,
) -> Result<(Link, String), RehabError> {
    if !access.is_own() {
        return Err(RehabError::NotFound);
    }
    let mut bad = vec![];
    let text = |field, t: &str, bad: &mut Vec<(&str, ProblemCode)>| {
        let t = t.trim();
        if t.is_empty() {
            bad.push((field, ProblemCode::Missing));
        } else if t.chars().count() > MAX_NAME {
            bad.push((field, ProblemCode::TooLong));
        }
        t.to_owned()
    };
    let contact_name = text("contact_name", contact_name, &mut bad);
    let organisation = text("organisation", organisation, &mut bad);
    if !(1..=MAX_DAYS).contains(&days) {
        bad.push(("days", ProblemCode::OutOfRange));
    }
    if !bad.is_empty() {
        return Err(RehabError::invalid(&bad));
    }
    let token = random_token();
    let row = rehab_link::Model {
        id: Uuid::new_v4(),
        case_id: access.case,
        contact_name,
        organisation,
        token_hash: hashed(&token),
        created_at: now,
        expires_at: now + Duration::days(days),
        revoked_at: None,
    };
    let active: rehab_link::ActiveModel = row.clone().into();
    db.write(move |txn| {
        let insert = rehab_link::Entity::insert(active.clone());
        Box::pin(async move { insert.exec_without_returning(txn).await.map(drop) })
    })
    .await
    .map_err(StoreError)?;
    Ok((link(row), token))
}

/// The case's links, newest first, live or not.
pub async fn list(db: &Db, access: &CaseAccess) -> Result<Vec<Link>, StoreError> {
    if !access.is_own() {
        return Ok(vec![]);
    }
    Ok(rehab_link::Entity::find()
        .filter(rehab_link::Column::CaseId.eq(access.case))
        .order_by_desc(rehab_link::Column::CreatedAt)
        .all(db.conn())
        .await?
        .into_iter()
        .map(link)
        .collect())
}

/// Closes a link at once. `false` when there is no such link of this case.
pub async fn revoke(
    db: &Db,
    access: &CaseAccess,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    if !access.is_own() {
        return Ok(false);
    }
    let case = access.case;
    let found = db
        .write(move |txn| {
            Box::pin(async move {
                let Some(row) = rehab_link::Entity::find_by_id(id)
                    .filter(rehab_link::Column::CaseId.eq(case))
                    .one(txn)
                    .await?
                else {
                    return Ok(false);
                };
                if row.revoked_at.is_none() {
                    rehab_link::Entity::update_many()
                        .col_expr(rehab_link::Column::RevokedAt, Some(now).into())
                        .filter(rehab_link::Column::Id.eq(id))
                        .exec(txn)
                        .await?;
                }
                Ok(true)
            })
        })
        .await?;
    Ok(found)
}

/// The plan behind a live link, logged as read by the link's holder. `None` for an unknown,
/// expired or revoked token alike, and for a link to a case that has closed or of a person
/// who has left: a link is given for the return to work, not for ever.
pub async fn read(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<SharedPlan>, StoreError> {
    let Some(row) = rehab_link::Entity::find()
        .filter(rehab_link::Column::TokenHash.eq(hashed(token)))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    if !link(row.clone()).is_live(now) {
        return Ok(None);
    }
    let Some(case) = rehab_case::Entity::find_by_id(row.case_id)
        .one(db.conn())
        .await?
        .filter(|c| c.closed_at.is_none())
    else {
        return Ok(None);
    };
    if crate::people::find_active(db, case.person_id)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    access_log::record(
        db,
        vec![Read {
            actor: PersonId::from_uuid(row.id),
            subject: PersonId::from_uuid(case.person_id),
            what: What::RehabCase,
            why: Why::Link(row.id),
        }],
        now,
    )
    .await?;
    let names = crate::people::names(db, [case.person_id]).await?;
    Ok(Some(SharedPlan {
        person_name: names.get(&case.person_id).cloned().unwrap_or_default(),
        contact_name: row.contact_name,
        expires_at: row.expires_at,
        plan: current(db, case.id, case.plan_version).await?,
    }))
}

/// Who holds each link, as the access log names them: "name (organisation)".
pub(crate) async fn holders(
    db: &Db,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, StoreError> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(rehab_link::Entity::find()
        .filter(rehab_link::Column::Id.is_in(ids))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|l| (l.id, format!("{} ({})", l.contact_name, l.organisation)))
        .collect())
}
