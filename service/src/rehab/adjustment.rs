//! Adjustment cases (arbetsanpassning, AFS 2023:2) for people still at work: opened by a
//! coordinator or the employee's own manager from a shared alert or the early-conversation
//! list, or asked for by the employee themself. A case of its own kind in `rehab_cases`, so
//! the plan (the decided measures, with who does what by when), the employee's part in it,
//! the links and the access log work as for sick leave; `rehab_adjustments` holds what was
//! observed, the investigation and the follow-up date. If the person is later sick-listed,
//! `cases::open_case` turns the same case into the sick-leave case and all of it stays.
//!
//! The employee's own manager takes part only where the employee let them in
//! (`with_manager`); the policy decides on it for every read and change.

use super::rows::{open_case_of, people_where};
use super::RehabError;
use crate::access_log::{self, What, Why};
use crate::entity::rehab_case::ADJUSTMENT;
use crate::entity::{alert, person, rehab_adjustment, rehab_case};
use crate::org::OrgTree;
use crate::policy::{self, CaseAccess, CaseKind, CaseManagement, OwnData};
use crate::push::PushKind;
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Actor;
use domain::adjustment::{self as rules, Companion, FollowUp, Investigation, Recipient, Start};
use domain::consent::Recipient as Duty;
use domain::problem::ProblemCode;
use domain::PersonId;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
    SqlErr,
};
use uuid::Uuid;

/// What an adjustment case holds, as its readers see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adjustment {
    pub start: Start,
    /// What was seen at work, or the employee's own words when they asked.
    pub observed: Option<String>,
    pub with_manager: bool,
    pub investigation: Option<Investigation>,
    pub follow_up_on: Option<NaiveDate>,
    /// Set once the person was sick-listed and the case became a sick-leave case.
    pub sick_leave_from: Option<NaiveDate>,
}

/// One line of the list of open adjustment cases.
#[derive(Clone, Debug)]
pub struct AdjustmentLine {
    pub id: Uuid,
    pub person: PersonId,
    pub person_name: String,
    pub opened_at: DateTime<Utc>,
    pub start: Start,
    pub investigated: bool,
    pub follow_up: FollowUp,
}

/// How a coordinator or manager opens one.
#[derive(Clone, Debug)]
pub struct NewAdjustment {
    pub start: Start,
    /// The shared alert it starts from (required for `Start::Alert`).
    pub alert: Option<Uuid>,
    /// What was seen at work, in work terms (required).
    pub observed: String,
}

fn from_row(r: rehab_adjustment::Model) -> Adjustment {
    let investigation = match (r.investigated_on, r.investigation_note) {
        (Some(on), Some(note)) => Some(Investigation {
            on,
            companion: r.companion.as_deref().and_then(Companion::parse),
            note,
        }),
        _ => None,
    };
    Adjustment {
        start: Start::parse(&r.started_from).unwrap_or(Start::Request),
        observed: r.observed,
        with_manager: r.with_manager,
        investigation,
        follow_up_on: r.follow_up_on,
        sick_leave_from: r.sick_leave_from,
    }
}

pub(super) async fn find(db: &Db, case: Uuid) -> Result<Option<Adjustment>, StoreError> {
    Ok(rehab_adjustment::Entity::find_by_id(case)
        .one(db.conn())
        .await?
        .map(from_row))
}

/// Whether this reader sees what the adjustment case held, also once it became a sick-leave
/// case: the employee, a coordinator, and the own manager only where the employee let them in.
/// A manager further up, with the employee's grant of the sick-leave case, does not.
pub(super) fn may_read_history(access: &CaseAccess, with_manager: bool) -> bool {
    match access.reader {
        None | Some(Why::Duty(Duty::Coordinator)) => true,
        Some(Why::Duty(_)) => with_manager,
        Some(Why::Consent(_) | Why::Link(_)) => false,
    }
}

/// Opens an adjustment case as a coordinator or the employee's own manager.
#[tracing::instrument(skip_all, fields(person = %m.person()))]
pub async fn open(
    db: &Db,
    actor: &Actor,
    m: &CaseManagement,
    with_manager: bool,
    new: NewAdjustment,
    now: DateTime<Utc>,
) -> Result<Uuid, RehabError> {
    let person = m.person();
    let observed = rules::text(&new.observed, true)
        .map_err(|code| RehabError::invalid(&[("observed", code)]))?;
    match (new.start, new.alert) {
        (Start::Request, _) => {
            return Err(RehabError::invalid(&[("start", ProblemCode::EmployeeOnly)]))
        }
        (Start::Alert, None) => {
            return Err(RehabError::invalid(&[("alert", ProblemCode::Missing)]))
        }
        (Start::Alert, Some(id)) => {
            let about = alert::Entity::find_by_id(id)
                .filter(alert::Column::PersonId.eq(person.as_uuid()))
                .one(db.conn())
                .await?;
            if about.is_none() {
                return Err(RehabError::invalid(&[("alert", ProblemCode::Unknown)]));
            }
        }
        (Start::EarlySignal, _) => {
            let listed = super::absence::early_signals(db, actor, now)
                .await?
                .iter()
                .any(|s| s.person == person);
            if !listed {
                return Err(RehabError::invalid(&[("start", ProblemCode::NotOnList)]));
            }
        }
    }
    let alert = new.alert.filter(|_| new.start == Start::Alert);
    insert(
        db,
        Insert {
            person,
            by: m.actor,
            start: new.start,
            alert,
            observed,
            with_manager,
        },
        now,
    )
    .await
}

/// The employee asks for adapted work themself, to their manager or to a coordinator (the
/// manager is then left out until they let them in), in their own words if they like.
#[tracing::instrument(skip_all, fields(person = %own.person()))]
pub async fn request(
    db: &Db,
    own: &OwnData,
    to: Recipient,
    words: &str,
    now: DateTime<Utc>,
) -> Result<Uuid, RehabError> {
    let words =
        rules::text(words, false).map_err(|code| RehabError::invalid(&[("words", code)]))?;
    let with_manager = to == Recipient::Manager;
    if with_manager {
        let person = own.person().as_uuid();
        if crate::org::managers_of(db, person).await?.is_empty() {
            return Err(RehabError::invalid(&[("to", ProblemCode::NoManager)]));
        }
    }
    let case = insert(
        db,
        Insert {
            person: own.person(),
            by: own.person(),
            start: Start::Request,
            alert: None,
            observed: words,
            with_manager,
        },
        now,
    )
    .await?;
    // Those it went to learn that someone asked, and who only once they open Orka.
    let person = own.person().as_uuid();
    let to = if with_manager {
        crate::org::managers_of(db, person).await?
    } else {
        crate::org::coordinators_for(db, person).await?
    };
    let to = to.into_iter().map(|c| c.id).collect();
    let kind = PushKind::AdjustmentRequest;
    crate::push::enqueue_alert_notices(db, kind, to, case.to_string(), now).await?;
    Ok(case)
}

struct Insert {
    person: PersonId,
    by: PersonId,
    start: Start,
    alert: Option<Uuid>,
    observed: Option<String>,
    with_manager: bool,
}

async fn insert(db: &Db, new: Insert, now: DateTime<Utc>) -> Result<Uuid, RehabError> {
    let Some(employer) = person::Entity::find_by_id(new.person.as_uuid())
        .one(db.conn())
        .await?
        .map(|p| p.employer_id)
    else {
        return Err(RehabError::NotFound);
    };
    let id = Uuid::new_v4();
    let answer = db
        .write(move |txn| {
            let case = rehab_case::ActiveModel {
                id: Set(id),
                employer_id: Set(employer),
                person_id: Set(new.person.as_uuid()),
                opened_by: Set(new.by.as_uuid()),
                opened_at: Set(now),
                expected_last_day: Set(None),
                long_known_on: Set(None),
                plan_version: Set(0),
                closed_at: Set(None),
                closed_by: Set(None),
                outcome: Set(None),
                kind: Set(ADJUSTMENT.to_owned()),
            };
            let row = rehab_adjustment::ActiveModel {
                case_id: Set(id),
                started_from: Set(new.start.code().to_owned()),
                alert_id: Set(new.alert),
                observed: Set(new.observed.clone()),
                with_manager: Set(new.with_manager),
                investigated_on: Set(None),
                companion: Set(None),
                investigation_note: Set(None),
                follow_up_on: Set(None),
                follow_up_by: Set(None),
                sick_leave_from: Set(None),
            };
            Box::pin(async move {
                let open = rehab_case::Entity::find()
                    .filter(rehab_case::Column::PersonId.eq(new.person.as_uuid()))
                    .filter(rehab_case::Column::ClosedAt.is_null())
                    .select_only()
                    .column(rehab_case::Column::Id)
                    .into_tuple::<Uuid>()
                    .one(txn)
                    .await?;
                if open.is_some() {
                    return Ok(Err(RehabError::AlreadyOpen));
                }
                rehab_case::Entity::insert(case)
                    .exec_without_returning(txn)
                    .await?;
                rehab_adjustment::Entity::insert(row)
                    .exec_without_returning(txn)
                    .await?;
                Ok(Ok(id))
            })
        })
        .await;
    match answer {
        Ok(answer) => answer,
        // Two opened one for the same person at once: the index on open cases kept one.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(RehabError::AlreadyOpen)
        }
        Err(e) => Err(e.into()),
    }
}

/// The open adjustment case of the proof's person, inside a write.
async fn open_adjustment_of(
    txn: &DatabaseTransaction,
    person: PersonId,
    case: Uuid,
) -> Result<Result<(), RehabError>, sea_orm::DbErr> {
    Ok(open_case_of(txn, person, case)
        .await?
        .and_then(|r| match r.kind.as_str() {
            ADJUSTMENT => Ok(()),
            _ => Err(RehabError::WrongKind),
        }))
}

/// Records the investigation with the employee (6 § 1, 7 §), replacing an earlier record.
pub async fn record_investigation(
    db: &Db,
    m: &CaseManagement,
    case: Uuid,
    inv: Investigation,
) -> Result<(), RehabError> {
    let person = m.person();
    db.write(move |txn| {
        let inv = inv.clone();
        Box::pin(async move {
            if let Err(e) = open_adjustment_of(txn, person, case).await? {
                return Ok(Err(e));
            }
            rehab_adjustment::Entity::update_many()
                .col_expr(
                    rehab_adjustment::Column::InvestigatedOn,
                    Some(inv.on).into(),
                )
                .col_expr(
                    rehab_adjustment::Column::Companion,
                    inv.companion.map(|c| c.code().to_owned()).into(),
                )
                .col_expr(
                    rehab_adjustment::Column::InvestigationNote,
                    Some(inv.note).into(),
                )
                .filter(rehab_adjustment::Column::CaseId.eq(case))
                .exec(txn)
                .await?;
            Ok(Ok(()))
        })
    })
    .await?
}

/// Sets the follow-up date (6 § 3); whoever sets it is reminded that morning.
pub async fn set_follow_up(
    db: &Db,
    m: &CaseManagement,
    case: Uuid,
    on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), RehabError> {
    let today = domain::time::stockholm_date(now);
    let on = rules::follow_up_on(on, today).map_err(|c| RehabError::invalid(&[("on", c)]))?;
    let (person, by) = (m.person(), m.actor);
    let answer = db
        .write(move |txn| {
            Box::pin(async move {
                if let Err(e) = open_adjustment_of(txn, person, case).await? {
                    return Ok(Err(e));
                }
                rehab_adjustment::Entity::update_many()
                    .col_expr(rehab_adjustment::Column::FollowUpOn, Some(on).into())
                    .col_expr(
                        rehab_adjustment::Column::FollowUpBy,
                        Some(by.as_uuid()).into(),
                    )
                    .filter(rehab_adjustment::Column::CaseId.eq(case))
                    .exec(txn)
                    .await?;
                Ok(Ok(()))
            })
        })
        .await?;
    if answer.is_ok() {
        super::reminders::plan_quietly(db, case, now).await;
    }
    answer
}

/// The employee lets their own manager in, or leaves them out again.
pub async fn let_manager_in(
    db: &Db,
    own: &OwnData,
    case: Uuid,
    yes: bool,
) -> Result<(), RehabError> {
    let person = own.person();
    db.write(move |txn| {
        Box::pin(async move {
            if let Err(e) = open_adjustment_of(txn, person, case).await? {
                return Ok(Err(e));
            }
            rehab_adjustment::Entity::update_many()
                .col_expr(rehab_adjustment::Column::WithManager, yes.into())
                .filter(rehab_adjustment::Column::CaseId.eq(case))
                .exec(txn)
                .await?;
            Ok(Ok(()))
        })
    })
    .await?
}

/// Kept on the adjustment row when the person is sick-listed and the case becomes theirs.
pub(super) async fn become_sick_leave(
    txn: &DatabaseTransaction,
    case: Uuid,
    first_day: NaiveDate,
) -> Result<(), sea_orm::DbErr> {
    rehab_adjustment::Entity::update_many()
        .col_expr(
            rehab_adjustment::Column::SickLeaveFrom,
            Some(first_day).into(),
        )
        .filter(rehab_adjustment::Column::CaseId.eq(case))
        .exec(txn)
        .await
        .map(drop)
}

/// The open adjustment cases the actor may see (never their own), those whose follow-up is
/// due or missing first. Each person listed finds it in their access log, once a day.
#[tracing::instrument(skip_all, fields(person = %actor.person))]
pub async fn list_open(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<AdjustmentLine>, StoreError> {
    let today = domain::time::stockholm_date(now);
    let employer = actor.employer.as_uuid();
    let cases = rehab_case::Entity::find()
        .filter(rehab_case::Column::EmployerId.eq(employer))
        .filter(rehab_case::Column::ClosedAt.is_null())
        .filter(rehab_case::Column::Kind.eq(ADJUSTMENT))
        .all(db.conn())
        .await?;
    if cases.is_empty() {
        return Ok(vec![]);
    }
    let rows: std::collections::HashMap<Uuid, rehab_adjustment::Model> =
        rehab_adjustment::Entity::find()
            .filter(rehab_adjustment::Column::CaseId.is_in(cases.iter().map(|c| c.id)))
            .all(db.conn())
            .await?
            .into_iter()
            .map(|r| (r.case_id, r))
            .collect();
    let tree = OrgTree::load(db, employer).await?;
    let names = crate::people::names(db, cases.iter().map(|c| c.person_id)).await?;
    let units: std::collections::HashMap<Uuid, Option<Uuid>> = person::Entity::find()
        .filter(person::Column::Id.is_in(cases.iter().map(|c| c.person_id)))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|p| (p.id, p.unit_id))
        .collect();
    let mut lines = vec![];
    let mut reads = vec![];
    for c in cases {
        let Some(row) = rows.get(&c.id) else { continue };
        let unit = units.get(&c.person_id).copied().flatten();
        let subject = policy::subject_in(&tree, c.person_id, employer, unit);
        let kind = CaseKind::Adjustment {
            with_manager: row.with_manager,
        };
        let Ok(access) = policy::view_case(actor, c.id, subject, kind, None) else {
            continue;
        };
        let Some(why) = access.reader else { continue };
        reads.push((subject.person, why));
        let a = from_row(row.clone());
        lines.push(AdjustmentLine {
            id: c.id,
            person: subject.person,
            person_name: names.get(&c.person_id).cloned().unwrap_or_default(),
            opened_at: c.opened_at,
            start: a.start,
            investigated: a.investigation.is_some(),
            follow_up: FollowUp::of(a.follow_up_on, today),
        });
    }
    access_log::record_daily(db, actor.person, What::AdjustmentInList, reads, now).await?;
    let rank = |f: FollowUp| match f {
        FollowUp::Overdue(d) | FollowUp::Today(d) => (0, Some(d)),
        FollowUp::NotSet => (1, None),
        FollowUp::Upcoming(d) => (2, Some(d)),
    };
    lines.sort_by(|a, b| {
        rank(a.follow_up)
            .cmp(&rank(b.follow_up))
            .then_with(|| a.person_name.cmp(&b.person_name))
    });
    Ok(lines)
}

/// The active people the actor may open an adjustment case for, by name.
pub async fn openable(db: &Db, actor: &Actor) -> Result<Vec<(PersonId, String)>, StoreError> {
    people_where(db, actor, |s| policy::open_adjustment(actor, s).is_ok()).await
}
