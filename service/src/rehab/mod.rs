//! Rehabilitation and return to work: sick-leave cases, their statutory milestones, the plan
//! for return to work with its versions and the employee's part in it, links for occupational
//! health, and short absences as an early signal.
//!
//! Every function takes a proof from `policy` (`CaseAccess` to read, `CaseManagement` to
//! change) and finds rows only through it, so a case id from elsewhere finds nothing. Reads by
//! anyone but the employee are written to the employee's access log before they are served.

pub mod absence;
pub mod adjustment;
pub mod cases;
pub mod links;
pub mod plan;
pub(crate) mod reminders;
mod rows;

use crate::access_log::{self, Read, What};
use crate::entity::rehab_setting;
use crate::policy::{CaseAccess, CaseKind, EmployerAccess};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::problem::ProblemCode;
use domain::rehab::AbsenceRule;
use domain::{EmployerId, PersonId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, EntityTrait};

pub use cases::{Case, CaseLine, NewCase};
pub use plan::{Participation, ParticipationKind, PlanVersion, VersionLine};

/// An employer's choices about rehabilitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RehabSettings {
    /// Managers open and run the cases of the people they reach, not only coordinators.
    pub managers_run_rehab: bool,
    /// When repeated short absences put someone on the coordinator's list.
    pub absence: AbsenceRule,
    /// The employer's routine has the manager call on the third day of a sick spell.
    pub day_three_call: bool,
    /// The sick day on which an absence puts someone on the list of cases to open.
    pub case_day: u32,
}

impl Default for RehabSettings {
    fn default() -> Self {
        Self {
            managers_run_rehab: false,
            absence: AbsenceRule::default(),
            day_three_call: false,
            case_day: domain::rehab::CASE_DAY,
        }
    }
}

pub async fn settings(db: &Db, employer: EmployerId) -> Result<RehabSettings, StoreError> {
    let row = rehab_setting::Entity::find_by_id(employer.as_uuid())
        .one(db.conn())
        .await?;
    Ok(row.map_or_else(RehabSettings::default, |r| RehabSettings {
        managers_run_rehab: r.managers_run_rehab,
        absence: AbsenceRule {
            spells: r.absence_spells.max(1) as u32,
            months: r.absence_months.max(1) as u32,
        },
        day_three_call: r.day_three_call,
        case_day: r.case_day.max(1) as u32,
    }))
}

/// The most spells and months the absence rule may name.
pub const MAX_RULE: u32 = 60;

pub async fn set_settings(
    db: &Db,
    _: &EmployerAccess,
    employer: EmployerId,
    s: RehabSettings,
) -> Result<(), RehabError> {
    let in_range = |n: u32| (1..=MAX_RULE).contains(&n);
    let mut bad = vec![];
    if !in_range(s.absence.spells) {
        bad.push(("absence_spells", ProblemCode::OutOfRange));
    }
    if !in_range(s.absence.months) {
        bad.push(("absence_months", ProblemCode::OutOfRange));
    }
    if !domain::rehab::CASE_DAYS.contains(&s.case_day) {
        bad.push(("case_day", ProblemCode::OutOfRange));
    }
    if !bad.is_empty() {
        return Err(RehabError::invalid(&bad));
    }
    write_settings(db, employer, s).await?;
    Ok(())
}

/// Keeps an employer's settings as given (checked by the caller).
pub(crate) async fn write_settings(
    db: &Db,
    employer: EmployerId,
    s: RehabSettings,
) -> Result<(), StoreError> {
    let row = rehab_setting::ActiveModel {
        employer_id: Set(employer.as_uuid()),
        managers_run_rehab: Set(s.managers_run_rehab),
        absence_spells: Set(s.absence.spells as i16),
        absence_months: Set(s.absence.months as i16),
        day_three_call: Set(s.day_three_call),
        case_day: Set(s.case_day as i16),
    };
    db.write(move |txn| {
        let insert = rehab_setting::Entity::insert(row.clone()).on_conflict(
            OnConflict::column(rehab_setting::Column::EmployerId)
                .update_columns([
                    rehab_setting::Column::ManagersRunRehab,
                    rehab_setting::Column::AbsenceSpells,
                    rehab_setting::Column::AbsenceMonths,
                    rehab_setting::Column::DayThreeCall,
                    rehab_setting::Column::CaseDay,
                ])
                .to_owned(),
        );
        Box::pin(async move { insert.exec_without_returning(txn).await.map(drop) })
    })
    .await
    .map_err(StoreError)
}

/// The person's cases as they are kept, for their export: who opened and closed each, spells,
/// extents, milestones recorded as done and by whom, every plan version with its author, their
/// acknowledgements and comments, the latest version they opened, and the links they gave
/// (never the tokens).
pub(crate) async fn export(db: &Db, me: uuid::Uuid) -> Result<serde_json::Value, StoreError> {
    use crate::entity::{
        rehab_case, rehab_extent, rehab_link, rehab_milestone_done, rehab_participation,
        rehab_plan_version, rehab_seen, rehab_spell,
    };
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    use serde_json::json;
    let conn = db.conn();
    let mut out = vec![];
    for c in rehab_case::Entity::find()
        .filter(rehab_case::Column::PersonId.eq(me))
        .order_by_asc(rehab_case::Column::OpenedAt)
        .all(conn)
        .await?
    {
        let spells = rehab_spell::Entity::find()
            .filter(rehab_spell::Column::CaseId.eq(c.id))
            .all(conn)
            .await?;
        let extents = rehab_extent::Entity::find()
            .filter(rehab_extent::Column::CaseId.eq(c.id))
            .all(conn)
            .await?;
        let done = rehab_milestone_done::Entity::find()
            .filter(rehab_milestone_done::Column::CaseId.eq(c.id))
            .all(conn)
            .await?;
        let versions = rehab_plan_version::Entity::find()
            .filter(rehab_plan_version::Column::CaseId.eq(c.id))
            .order_by_asc(rehab_plan_version::Column::Version)
            .all(conn)
            .await?;
        let part = rehab_participation::Entity::find()
            .filter(rehab_participation::Column::CaseId.eq(c.id))
            .all(conn)
            .await?;
        let links = rehab_link::Entity::find()
            .filter(rehab_link::Column::CaseId.eq(c.id))
            .all(conn)
            .await?;
        let adjustment = crate::entity::rehab_adjustment::Entity::find_by_id(c.id)
            .one(conn)
            .await?;
        let seen = rehab_seen::Entity::find_by_id((c.id, me))
            .one(conn)
            .await?
            .map(|s| s.version);
        let names = crate::people::names(
            db,
            [c.opened_by]
                .into_iter()
                .chain(c.closed_by)
                .chain(done.iter().map(|d| d.done_by))
                .chain(versions.iter().map(|v| v.author_id))
                .chain(adjustment.as_ref().and_then(|a| a.follow_up_by)),
        )
        .await?;
        let name = |id: &uuid::Uuid| names.get(id).cloned().unwrap_or_default();
        out.push(json!({
            "opened_at": c.opened_at, "opened_by": name(&c.opened_by),
            "expected_last_day": c.expected_last_day,
            "closed_at": c.closed_at, "closed_by": c.closed_by.as_ref().map(name),
            "outcome": c.outcome, "latest_version_seen": seen, "kind": c.kind,
            "adjustment": adjustment.map(|a| json!({
                "started_from": a.started_from, "observed": a.observed, "with_manager": a.with_manager,
                "investigated_on": a.investigated_on, "companion": a.companion,
                "investigation_note": a.investigation_note, "follow_up_on": a.follow_up_on,
                "follow_up_by": a.follow_up_by.as_ref().map(name),
                "sick_leave_from": a.sick_leave_from,
            })),
            "spells": spells.iter().map(|s| json!({"first_day": s.first_day, "last_day": s.last_day})).collect::<Vec<_>>(),
            "extents": extents.iter().map(|e| json!({"from": e.from_day, "percent": e.percent})).collect::<Vec<_>>(),
            "milestones_done": done.iter().map(|d| json!({"kind": d.kind, "at": d.done_at, "by": name(&d.done_by),
                "exemption": d.exemption, "note": d.note})).collect::<Vec<_>>(),
            "plan_versions": versions.iter().map(|v| json!({
                "version": v.version, "changed_at": v.changed_at, "author": name(&v.author_id),
                "plan": serde_json::from_str::<serde_json::Value>(&v.plan).unwrap_or_default(),
            })).collect::<Vec<_>>(),
            "participation": part.iter().map(|p| json!({"version": p.version, "kind": p.kind, "comment": p.comment, "at": p.at})).collect::<Vec<_>>(),
            "links": links.iter().map(|l| json!({
                "contact_name": l.contact_name, "organisation": l.organisation,
                "created_at": l.created_at, "expires_at": l.expires_at, "revoked_at": l.revoked_at,
            })).collect::<Vec<_>>(),
        }));
    }
    Ok(serde_json::Value::Array(out))
}

/// Writes a read of the case to the employee's access log, unless they are the reader.
async fn log_read(
    db: &Db,
    access: &CaseAccess,
    reader: PersonId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(why) = access.reader else {
        return Ok(());
    };
    let what = match access.kind {
        CaseKind::SickLeave => What::RehabCase,
        CaseKind::Adjustment { .. } => What::AdjustmentCase,
    };
    access_log::record(
        db,
        vec![Read {
            actor: reader,
            subject: access.subject.person,
            what,
            why,
        }],
        now,
    )
    .await
}

/// Why a change to a case was refused.
#[derive(Debug, thiserror::Error)]
pub enum RehabError {
    /// No such case (or measure, version, link) within the proof's reach.
    #[error("not found")]
    NotFound,
    /// The person already has an open case.
    #[error("already open")]
    AlreadyOpen,
    /// The case is closed; reopen it with a new spell first.
    #[error("closed")]
    Closed,
    /// The plan changed since the version the change was based on.
    #[error("stale: the plan is at version {current}")]
    Stale { current: i32 },
    /// A sick-leave action on an adjustment case (or the other way round).
    #[error("not for this kind of case")]
    WrongKind,
    /// The employee may only change the status of their own tasks.
    #[error("not the employee's task")]
    NotYourTask,
    /// Fields and the stable code of what is wrong with each.
    #[error("invalid input")]
    Invalid(Vec<(String, ProblemCode)>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl RehabError {
    fn invalid(fields: &[(&str, ProblemCode)]) -> Self {
        RehabError::Invalid(fields.iter().map(|(f, c)| ((*f).to_owned(), *c)).collect())
    }
}

impl From<sea_orm::DbErr> for RehabError {
    fn from(e: sea_orm::DbErr) -> Self {
        RehabError::Store(StoreError(e))
    }
}
