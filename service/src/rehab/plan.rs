//! The plan for return to work as a chain of versions: every change (the coordinator's edit,
//! the employee marking a task done) is a new version with who and when, and nothing is
//! rewritten. The employee acknowledges or comments on a version; each reader's last-seen
//! version tells them what changed since.

use super::rows::{self, decode, open_case_of};
use super::RehabError;
use domain::problem::ProblemCode;

pub use super::rows::PlanVersion;
use crate::entity::{rehab_case, rehab_participation, rehab_plan_version, rehab_seen};
use crate::policy::{CaseAccess, CaseManagement};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::plan::{changes, Change, Plan, TaskStatus};
use domain::rehab::Party;
use domain::PersonId;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// A version in the history, with what it changed from the one before.
#[derive(Clone, Debug)]
pub struct VersionLine {
    pub version: i32,
    pub author_name: String,
    pub changed_at: DateTime<Utc>,
    pub changes: Vec<Change>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParticipationKind {
    Acknowledged,
    Commented,
}

impl ParticipationKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Acknowledged => "acknowledged",
            Self::Commented => "commented",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        [Self::Acknowledged, Self::Commented]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

#[derive(Clone, Debug)]
pub struct Participation {
    pub version: i32,
    pub kind: ParticipationKind,
    pub comment: Option<String>,
    pub at: DateTime<Utc>,
}

/// The longest comment on a plan.
pub const MAX_COMMENT: usize = 2_000;

/// What changed since `reader` last looked, and from now on they have seen `version`.
pub(super) async fn seen(
    db: &Db,
    case: Uuid,
    reader: PersonId,
    version: i32,
) -> Result<Vec<Change>, StoreError> {
    let last = rehab_seen::Entity::find_by_id((case, reader.as_uuid()))
        .one(db.conn())
        .await?
        .map_or(0, |s| s.version);
    if last >= version {
        return Ok(vec![]);
    }
    let plan_at = |v: i32| async move {
        Ok::<_, StoreError>(
            rows::current(db, case, v)
                .await?
                .map(|p| p.plan)
                .unwrap_or_default(),
        )
    };
    let found = changes(&plan_at(last).await?, &plan_at(version).await?);
    let row = rehab_seen::ActiveModel {
        case_id: Set(case),
        person_id: Set(reader.as_uuid()),
        version: Set(version),
    };
    db.write(move |txn| {
        let upsert = rehab_seen::Entity::insert(row.clone()).on_conflict(
            OnConflict::columns([rehab_seen::Column::CaseId, rehab_seen::Column::PersonId])
                .update_column(rehab_seen::Column::Version)
                .to_owned(),
        );
        Box::pin(async move { upsert.exec_without_returning(txn).await.map(drop) })
    })
    .await?;
    Ok(found)
}

pub(super) async fn participation(db: &Db, case: Uuid) -> Result<Vec<Participation>, StoreError> {
    Ok(rehab_participation::Entity::find()
        .filter(rehab_participation::Column::CaseId.eq(case))
        .order_by_desc(rehab_participation::Column::At)
        .all(db.conn())
        .await?
        .into_iter()
        .filter_map(|p| {
            Some(Participation {
                version: p.version,
                kind: ParticipationKind::parse(&p.kind)?,
                comment: p.comment,
                at: p.at,
            })
        })
        .collect())
}

/// Writes `plan` as the version after `base`, if the plan is still at `base`; inside a write.
async fn append(
    txn: &DatabaseTransaction,
    case: Uuid,
    base: i32,
    plan: &Plan,
    author: Uuid,
    now: DateTime<Utc>,
) -> Result<Result<i32, RehabError>, sea_orm::DbErr> {
    let next = base + 1;
    // The conditional update is what serialises two editors: the second finds no row at `base`.
    let moved = rehab_case::Entity::update_many()
        .col_expr(rehab_case::Column::PlanVersion, next.into())
        .filter(rehab_case::Column::Id.eq(case))
        .filter(rehab_case::Column::PlanVersion.eq(base))
        .exec(txn)
        .await?;
    if moved.rows_affected == 0 {
        let current = rehab_case::Entity::find_by_id(case)
            .one(txn)
            .await?
            .map_or(0, |c| c.plan_version);
        return Ok(Err(RehabError::Stale { current }));
    }
    let json = serde_json::to_string(plan).map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    rehab_plan_version::Entity::insert(rehab_plan_version::ActiveModel {
        case_id: Set(case),
        version: Set(next),
        plan: Set(json),
        author_id: Set(author),
        changed_at: Set(now),
    })
    .exec_without_returning(txn)
    .await?;
    // The author has seen what they wrote.
    rehab_seen::Entity::insert(rehab_seen::ActiveModel {
        case_id: Set(case),
        person_id: Set(author),
        version: Set(next),
    })
    .on_conflict(
        OnConflict::columns([rehab_seen::Column::CaseId, rehab_seen::Column::PersonId])
            .update_column(rehab_seen::Column::Version)
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(Ok(next))
}

/// Saves a new version of the plan, written on top of `base` (the version the editor started
/// from): a plan changed meanwhile is refused as stale rather than overwritten.
#[tracing::instrument(skip_all, fields(case = %case))]
pub async fn save(
    db: &Db,
    m: &CaseManagement,
    case: Uuid,
    base: i32,
    plan: Plan,
    now: DateTime<Utc>,
) -> Result<i32, RehabError> {
    let (person, author) = (m.subject.person, m.actor.as_uuid());
    let version = db
        .write(move |txn| {
            let plan = plan.clone();
            Box::pin(async move {
                if let Err(e) = open_case_of(txn, person, case).await? {
                    return Ok(Err(e));
                }
                append(txn, case, base, &plan, author, now).await
            })
        })
        .await??;
    super::reminders::plan_quietly(db, case, now).await;
    Ok(version)
}

/// The employee marks one of their own tasks started or done (or back to planned): a new
/// version by them, on whatever version is current.
#[tracing::instrument(skip_all, fields(case = %access.case()))]
pub async fn set_own_task(
    db: &Db,
    access: &CaseAccess,
    measure: Uuid,
    status: TaskStatus,
    now: DateTime<Utc>,
) -> Result<i32, RehabError> {
    if !access.is_own() {
        return Err(RehabError::NotYourTask);
    }
    if status == TaskStatus::Cancelled {
        return Err(RehabError::invalid(&[("status", ProblemCode::Unknown)]));
    }
    let (case, person) = (access.case, access.subject.person);
    let current = match rehab_case::Entity::find_by_id(case).one(db.conn()).await? {
        Some(c) => c.plan_version,
        None => return Err(RehabError::NotFound),
    };
    let Some(plan) = rows::current(db, case, current).await? else {
        return Err(RehabError::NotFound);
    };
    let task = plan.plan.measures.iter().find(|m| m.id == measure);
    match task {
        None => return Err(RehabError::NotFound),
        Some(t) if t.responsible != Party::Employee => return Err(RehabError::NotYourTask),
        Some(t) if t.status == status => return Ok(current),
        Some(_) => {}
    }
    let next = plan
        .plan
        .with_status(measure, status)
        .ok_or(RehabError::NotFound)?;
    db.write(move |txn| {
        let next = next.clone();
        Box::pin(async move {
            if let Err(e) = open_case_of(txn, person, case).await? {
                return Ok(Err(e));
            }
            append(txn, case, current, &next, person.as_uuid(), now).await
        })
    })
    .await?
}

/// The employee acknowledges a version of their plan (the current one) or comments on it.
#[tracing::instrument(skip_all, fields(case = %access.case()))]
pub async fn take_part(
    db: &Db,
    access: &CaseAccess,
    version: i32,
    comment: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), RehabError> {
    if !access.is_own() {
        return Err(RehabError::NotFound);
    }
    let comment = comment.map(|c| c.trim().to_owned());
    let kind = match &comment {
        None => ParticipationKind::Acknowledged,
        Some(c) if c.is_empty() => {
            return Err(RehabError::invalid(&[("comment", ProblemCode::Missing)]))
        }
        Some(c) if c.chars().count() > MAX_COMMENT => {
            return Err(RehabError::invalid(&[("comment", ProblemCode::TooLong)]))
        }
        Some(_) => ParticipationKind::Commented,
    };
    let (case, person) = (access.case, access.subject.person);
    let id = Uuid::new_v4();
    db.write(move |txn| {
        let comment = comment.clone();
        Box::pin(async move {
            let row = match rehab_case::Entity::find_by_id(case)
                .filter(rehab_case::Column::PersonId.eq(person.as_uuid()))
                .one(txn)
                .await?
            {
                Some(r) => r,
                None => return Ok(Err(RehabError::NotFound)),
            };
            if row.plan_version == 0 {
                return Ok(Err(RehabError::NotFound));
            }
            // One acknowledges what one has read: the version that is current.
            if version != row.plan_version {
                return Ok(Err(RehabError::Stale {
                    current: row.plan_version,
                }));
            }
            rehab_participation::Entity::insert(rehab_participation::ActiveModel {
                id: Set(id),
                case_id: Set(case),
                person_id: Set(person.as_uuid()),
                version: Set(version),
                kind: Set(kind.code().to_owned()),
                comment: Set(comment),
                at: Set(now),
            })
            .exec_without_returning(txn)
            .await?;
            Ok(Ok(()))
        })
    })
    .await?
}

/// Every version, newest first, with what each changed. Logged like a read of the case.
pub async fn history(
    db: &Db,
    access: &CaseAccess,
    reader: PersonId,
    now: DateTime<Utc>,
) -> Result<Vec<VersionLine>, StoreError> {
    super::log_read(db, access, reader, now).await?;
    let rows = rehab_plan_version::Entity::find()
        .filter(rehab_plan_version::Column::CaseId.eq(access.case))
        .order_by_asc(rehab_plan_version::Column::Version)
        .all(db.conn())
        .await?;
    let names = crate::people::names(db, rows.iter().map(|r| r.author_id)).await?;
    let versions: Vec<PlanVersion> = rows.into_iter().filter_map(|r| decode(r, &names)).collect();
    let empty = Plan::default();
    let mut lines: Vec<VersionLine> = versions
        .iter()
        .enumerate()
        .map(|(i, v)| VersionLine {
            version: v.version,
            author_name: v.author_name.clone(),
            changed_at: v.changed_at,
            changes: changes(
                i.checked_sub(1).map_or(&empty, |p| &versions[p].plan),
                &v.plan,
            ),
        })
        .collect();
    lines.reverse();
    Ok(lines)
}

/// One version as it was, for the history view.
pub async fn version(
    db: &Db,
    access: &CaseAccess,
    version: i32,
    reader: PersonId,
    now: DateTime<Utc>,
) -> Result<Option<PlanVersion>, StoreError> {
    super::log_read(db, access, reader, now).await?;
    rows::current(db, access.case, version).await
}
