//! Sick-leave cases: opening (or reopening within the same period), extent over time, the
//! expected end, closing, the milestones recorded as done, and the lists coordinators and
//! managers work from.

use super::plan::{self, Participation};
use super::rows::PlanVersion;
use super::rows::{self, chains, open_case_of, people_where, CaseSet};
use super::RehabError;
use crate::access_log::{self, What};
use crate::entity::rehab_case::{ADJUSTMENT, SICK_LEAVE};
use crate::entity::{person, rehab_case, rehab_extent, rehab_milestone_done, rehab_spell};
use crate::org::OrgTree;
use crate::policy::{self, CaseAccess, CaseKind, CaseManagement};
use crate::{Db, StoreError};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::access::Actor;
use domain::consent::Scope;
use domain::plan::Change;
use domain::problem::ProblemCode;
use domain::rehab::{
    extent_on, milestones, next_deadline, plan_needed, Exemption, Extent, ExtentChange, Milestone,
    MilestoneKind, Outcome, SickLeave, Spell, Status, CHAIN_LINK_DAYS,
};
use domain::{EmployerId, PersonId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, SqlErr,
};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Clone, Copy, Debug)]
pub struct NewCase {
    pub first_day: NaiveDate,
    pub extent: Extent,
    pub expected_last_day: Option<NaiveDate>,
}

/// A case as its readers see it.
#[derive(Clone, Debug)]
pub struct Case {
    pub id: Uuid,
    pub person: PersonId,
    pub person_name: String,
    pub opened_at: DateTime<Utc>,
    /// Who opened the case (a coordinator, or a manager where the employer lets them).
    pub opened_by: Option<(String, PersonId)>,
    pub leave: SickLeave,
    pub extents: Vec<ExtentChange>,
    /// The extent today; `None` when the person is not on sick leave today.
    pub extent_today: Option<Extent>,
    pub milestones: Vec<Milestone>,
    pub closed: Option<(DateTime<Utc>, Outcome)>,
    pub plan: Option<PlanVersion>,
    /// What changed in the plan since this reader last looked (everything, the first time).
    pub changes_since_seen: Vec<Change>,
    /// The employee's acknowledgements and comments, newest first.
    pub participation: Vec<Participation>,
    pub kind: CaseKind,
    /// What the adjustment case holds, for an adjustment case or a sick-leave case that grew
    /// out of one; `None` for a manager the employee did not let in.
    pub adjustment: Option<super::adjustment::Adjustment>,
}

impl Case {
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// The latest version the employee acknowledged.
    pub fn acknowledged(&self) -> Option<i32> {
        self.participation
            .iter()
            .filter(|p| p.kind == plan::ParticipationKind::Acknowledged)
            .map(|p| p.version)
            .max()
    }
}

/// One line of the case list.
#[derive(Clone, Debug)]
pub struct CaseLine {
    pub id: Uuid,
    pub person: PersonId,
    pub person_name: String,
    /// The first day of the current sick period.
    pub first_day: NaiveDate,
    pub extent_today: Option<Extent>,
    /// The milestone that needs attention first.
    pub next: Option<Milestone>,
    pub overdue: usize,
    pub plan_version: i32,
}

/// Opens a case, or reopens the person's last one when the new spell continues its sick
/// period (starts within 90 days of its end), so earlier days count towards the chain.
#[tracing::instrument(skip_all, fields(person = %m.person()))]
pub async fn open_case(
    db: &Db,
    m: &CaseManagement,
    new: NewCase,
    now: DateTime<Utc>,
) -> Result<Uuid, RehabError> {
    if new.expected_last_day.is_some_and(|d| d < new.first_day) {
        return Err(RehabError::invalid(&[(
            "expected_last_day",
            ProblemCode::BeforeFirstDay,
        )]));
    }
    let (person, employer, by) = (
        m.subject.person.as_uuid(),
        m.subject.employer.as_uuid(),
        m.actor.as_uuid(),
    );
    let fresh = Uuid::new_v4();
    let answer = db
        .write(move |txn| {
            Box::pin(async move {
                let cases = rehab_case::Entity::find()
                    .filter(rehab_case::Column::PersonId.eq(person))
                    .order_by_desc(rehab_case::Column::OpenedAt)
                    .all(txn)
                    .await?;
                // An open adjustment case becomes the sick-leave case, with its history.
                let adjusting = cases
                    .iter()
                    .find(|c| c.closed_at.is_none() && c.kind == ADJUSTMENT)
                    .map(|c| c.id);
                if let Some(id) = adjusting {
                    super::adjustment::become_sick_leave(txn, id, new.first_day).await?;
                    // Whoever opens the sick leave runs the case from now on.
                    rehab_case::Entity::update_many()
                        .col_expr(rehab_case::Column::Kind, SICK_LEAVE.into())
                        .col_expr(rehab_case::Column::OpenedBy, by.into())
                        .col_expr(
                            rehab_case::Column::ExpectedLastDay,
                            new.expected_last_day.into(),
                        )
                        .filter(rehab_case::Column::Id.eq(id))
                        .exec(txn)
                        .await?;
                    start_spell(txn, id, new).await?;
                    return Ok(Ok(id));
                }
                if cases.iter().any(|c| c.closed_at.is_none()) {
                    return Ok(Err(RehabError::AlreadyOpen));
                }
                let last = match cases.iter().find(|c| c.kind == SICK_LEAVE) {
                    Some(c) => last_spell(txn, c.id).await?.map(|s| (c.id, s)),
                    None => None,
                };
                let reopen = match last {
                    Some((_, s)) if s.last_day.is_some_and(|l| new.first_day <= l) => {
                        return Ok(Err(RehabError::invalid(&[(
                            "first_day",
                            ProblemCode::OverlapsEarlierSpell,
                        )])));
                    }
                    Some((id, s))
                        if s.last_day.is_some_and(|l| {
                            new.first_day - l <= Duration::days(CHAIN_LINK_DAYS)
                        }) =>
                    {
                        Some(id)
                    }
                    _ => None,
                };
                let id = match reopen {
                    Some(id) => {
                        rehab_case::Entity::update_many()
                            .col_expr(rehab_case::Column::ClosedAt, none::<DateTime<Utc>>())
                            .col_expr(rehab_case::Column::ClosedBy, none::<Uuid>())
                            .col_expr(rehab_case::Column::Outcome, none::<String>())
                            .col_expr(
                                rehab_case::Column::ExpectedLastDay,
                                new.expected_last_day.into(),
                            )
                            .filter(rehab_case::Column::Id.eq(id))
                            .exec(txn)
                            .await?;
                        id
                    }
                    None => {
                        rehab_case::Entity::insert(rehab_case::ActiveModel {
                            id: Set(fresh),
                            employer_id: Set(employer),
                            person_id: Set(person),
                            opened_by: Set(by),
                            opened_at: Set(now),
                            expected_last_day: Set(new.expected_last_day),
                            long_known_on: Set(None),
                            plan_version: Set(0),
                            closed_at: Set(None),
                            closed_by: Set(None),
                            outcome: Set(None),
                            kind: Set(SICK_LEAVE.to_owned()),
                        })
                        .exec_without_returning(txn)
                        .await?;
                        fresh
                    }
                };
                start_spell(txn, id, new).await?;
                Ok(Ok(id))
            })
        })
        .await;
    if let Ok(Ok(case)) = &answer {
        super::reminders::plan_quietly(db, *case, now).await;
    }
    match answer {
        Ok(answer) => answer,
        // Two people opened a case for the same person at once: the index kept one.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(RehabError::AlreadyOpen)
        }
        Err(e) => Err(e.into()),
    }
}

async fn start_spell(
    txn: &DatabaseTransaction,
    case: Uuid,
    new: NewCase,
) -> Result<(), sea_orm::DbErr> {
    rehab_spell::Entity::insert(rehab_spell::ActiveModel {
        case_id: Set(case),
        first_day: Set(new.first_day),
        last_day: Set(None),
    })
    .exec_without_returning(txn)
    .await?;
    upsert_extent(txn, case, new.first_day, new.extent).await
}

pub(super) fn none<T: Into<sea_orm::Value> + sea_orm::sea_query::Nullable>(
) -> sea_orm::sea_query::SimpleExpr {
    sea_orm::sea_query::SimpleExpr::Value(T::null())
}

async fn last_spell(
    txn: &DatabaseTransaction,
    case: Uuid,
) -> Result<Option<rehab_spell::Model>, sea_orm::DbErr> {
    rehab_spell::Entity::find()
        .filter(rehab_spell::Column::CaseId.eq(case))
        .order_by_desc(rehab_spell::Column::FirstDay)
        .one(txn)
        .await
}

async fn upsert_extent(
    txn: &DatabaseTransaction,
    case: Uuid,
    from: NaiveDate,
    extent: Extent,
) -> Result<(), sea_orm::DbErr> {
    rehab_extent::Entity::insert(rehab_extent::ActiveModel {
        case_id: Set(case),
        from_day: Set(from),
        percent: Set(extent.percent().into()),
    })
    .on_conflict(
        OnConflict::columns([rehab_extent::Column::CaseId, rehab_extent::Column::FromDay])
            .update_column(rehab_extent::Column::Percent)
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await
    .map(drop)
}

/// The open case of the proof's person with this id, inside a write.
async fn open_case_row(
    txn: &DatabaseTransaction,
    m: &CaseManagement,
    case: Uuid,
) -> Result<Result<rehab_case::Model, RehabError>, sea_orm::DbErr> {
    open_case_of(txn, m.subject.person, case).await
}

/// `person`'s open case, refused when it is not a sick-leave case: spells, extents and the
/// chain's milestones belong to sick leave alone.
async fn open_sick_leave_of(
    txn: &DatabaseTransaction,
    person: PersonId,
    case: Uuid,
) -> Result<Result<rehab_case::Model, RehabError>, sea_orm::DbErr> {
    Ok(open_case_of(txn, person, case)
        .await?
        .and_then(|r| match r.kind.as_str() {
            SICK_LEAVE => Ok(r),
            _ => Err(RehabError::WrongKind),
        }))
}

/// From `from` on, the person is on sick leave at `extent` (25 % steps; 100 % is full time).
pub async fn set_extent(
    db: &Db,
    m: &CaseManagement,
    case: Uuid,
    from: NaiveDate,
    extent: Extent,
) -> Result<(), RehabError> {
    let m = *m;
    db.write(move |txn| {
        Box::pin(async move {
            if let Err(e) = open_sick_leave_of(txn, m.subject.person, case).await? {
                return Ok(Err(e));
            }
            let spell = last_spell(txn, case).await?;
            if spell.is_none_or(|s| from < s.first_day) {
                return Ok(Err(RehabError::invalid(&[(
                    "from",
                    ProblemCode::BeforeFirstDay,
                )])));
            }
            upsert_extent(txn, case, from, extent).await?;
            Ok(Ok(()))
        })
    })
    .await?
}

/// When the absence is expected to end (`None`: nobody knows). Under 60 days from the first
/// day, there is no day-30 plan duty.
///
/// When this turns an absence expected to be short into one expected to reach 60 sick days,
/// `today` is kept as the day that became known: the plan for return to work is owed at once
/// when that is after day 30 (`domain::rehab::plan_needed`).
pub async fn set_expected_last_day(
    db: &Db,
    m: &CaseManagement,
    case: Uuid,
    expected: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), RehabError> {
    let m = *m;
    db.write(move |txn| {
        Box::pin(async move {
            if let Err(e) = open_sick_leave_of(txn, m.subject.person, case).await? {
                return Ok(Err(e));
            }
            let spell = last_spell(txn, case).await?;
            if let (Some(day), Some(s)) = (expected, spell) {
                if day < s.first_day {
                    return Ok(Err(RehabError::invalid(&[(
                        "expected_last_day",
                        ProblemCode::BeforeFirstDay,
                    )])));
                }
            }
            let Some(row) = rehab_case::Entity::find_by_id(case).one(txn).await? else {
                return Ok(Err(RehabError::NotFound));
            };
            let spells = chains(txn, CaseSet::These(&[case]))
                .await?
                .spells
                .remove(&case)
                .unwrap_or_default();
            let leave = |expected_last_day| SickLeave {
                spells: spells.clone(),
                expected_last_day,
                day_three_call: false,
                long_known_on: None,
            };
            let long_known_on = match (
                plan_needed(&leave(row.expected_last_day)),
                plan_needed(&leave(expected)),
            ) {
                (false, true) => Some(today),
                (true, true) => row.long_known_on,
                (_, false) => None,
            };
            rehab_case::Entity::update_many()
                .col_expr(rehab_case::Column::ExpectedLastDay, expected.into())
                .col_expr(rehab_case::Column::LongKnownOn, long_known_on.into())
                .filter(rehab_case::Column::Id.eq(case))
                .exec(txn)
                .await?;
            Ok(Ok(()))
        })
    })
    .await?
}

/// Closes the case: for sick leave the current spell ends on `last_day` (required); an
/// adjustment case has no spell and takes none.
pub async fn close_case(
    db: &Db,
    m: &CaseManagement,
    case: Uuid,
    last_day: Option<NaiveDate>,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<(), RehabError> {
    let m = *m;
    db.write(move |txn| {
        Box::pin(async move {
            let row = match open_case_row(txn, &m, case).await? {
                Ok(row) => row,
                Err(e) => return Ok(Err(e)),
            };
            if row.kind == ADJUSTMENT {
                if last_day.is_some() {
                    return Ok(Err(RehabError::invalid(&[(
                        "last_day",
                        ProblemCode::NotSickLeave,
                    )])));
                }
                close_row(txn, m, case, outcome, now).await?;
                return Ok(Ok(()));
            }
            let Some(last_day) = last_day else {
                return Ok(Err(RehabError::invalid(&[(
                    "last_day",
                    ProblemCode::Missing,
                )])));
            };
            let Some(spell) = last_spell(txn, case).await? else {
                return Ok(Err(RehabError::NotFound));
            };
            if last_day < spell.first_day {
                return Ok(Err(RehabError::invalid(&[(
                    "last_day",
                    ProblemCode::BeforeFirstDay,
                )])));
            }
            rehab_spell::Entity::update_many()
                .col_expr(rehab_spell::Column::LastDay, Some(last_day).into())
                .filter(rehab_spell::Column::CaseId.eq(case))
                .filter(rehab_spell::Column::FirstDay.eq(spell.first_day))
                .exec(txn)
                .await?;
            close_row(txn, m, case, outcome, now).await?;
            Ok(Ok(()))
        })
    })
    .await?
}

async fn close_row(
    txn: &DatabaseTransaction,
    m: CaseManagement,
    case: Uuid,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    rehab_case::Entity::update_many()
        .col_expr(rehab_case::Column::ClosedAt, Some(now).into())
        .col_expr(rehab_case::Column::ClosedBy, Some(m.actor.as_uuid()).into())
        .col_expr(
            rehab_case::Column::Outcome,
            Some(outcome.code().to_owned()).into(),
        )
        .filter(rehab_case::Column::Id.eq(case))
        .exec(txn)
        .await
        .map(drop)
}

/// What is recorded of a milestone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    /// The mark taken back.
    Undone,
    /// Done, with what was looked into (required where `MilestoneKind::needs_note`).
    Done { note: Option<String> },
    /// The plan, recorded as not needed, with the reason.
    Exempt(Exemption),
}

/// The longest note a mark keeps, in characters.
pub const MAX_NOTE: usize = 2_000;

impl Mark {
    /// The mark as it is kept, or every field that is wrong with it.
    fn checked(self, kind: MilestoneKind) -> Result<Self, RehabError> {
        match self {
            Mark::Done { note } => {
                let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
                match note {
                    None if kind.needs_note() => {
                        Err(RehabError::invalid(&[("note", ProblemCode::Missing)]))
                    }
                    Some(n) if n.chars().count() > MAX_NOTE => {
                        Err(RehabError::invalid(&[("note", ProblemCode::TooLong)]))
                    }
                    note => Ok(Mark::Done { note }),
                }
            }
            Mark::Exempt(_) if !kind.may_be_exempt() => Err(RehabError::invalid(&[(
                "exemption",
                ProblemCode::OnlyForPlan,
            )])),
            mark => Ok(mark),
        }
    }
}

/// Records a milestone as done or as not needed, or takes that back.
pub async fn record_milestone(
    db: &Db,
    m: &CaseManagement,
    case: Uuid,
    kind: MilestoneKind,
    mark: Mark,
    now: DateTime<Utc>,
) -> Result<(), RehabError> {
    write_mark(db, m.actor, m.subject.person, case, kind, mark, now).await
}

/// Records the manager's call on the third day of the current spell as made (or takes that
/// back), by the proof the call's own policy gives.
pub async fn record_call(
    db: &Db,
    c: &policy::CallRecording,
    made: bool,
    now: DateTime<Utc>,
) -> Result<(), RehabError> {
    let mark = if made {
        Mark::Done { note: None }
    } else {
        Mark::Undone
    };
    let (actor, person) = (c.actor(), c.subject().person);
    let kind = MilestoneKind::DayThreeCall;
    write_mark(db, actor, person, c.case(), kind, mark, now).await
}

/// `actor` records `mark` on `person`'s open `case`.
async fn write_mark(
    db: &Db,
    actor: PersonId,
    person: PersonId,
    case: Uuid,
    kind: MilestoneKind,
    mark: Mark,
    now: DateTime<Utc>,
) -> Result<(), RehabError> {
    let mark = mark.checked(kind)?;
    db.write(move |txn| {
        // `write` may run this again on a retry, so each run takes its own copy.
        let mark = mark.clone();
        Box::pin(async move {
            if let Err(e) = open_sick_leave_of(txn, person, case).await? {
                return Ok(Err(e));
            }
            let this = rehab_milestone_done::Entity::delete_many()
                .filter(rehab_milestone_done::Column::CaseId.eq(case))
                .filter(rehab_milestone_done::Column::Kind.eq(kind.code()));
            this.exec(txn).await?;
            let (exemption, note) = match mark {
                Mark::Undone => return Ok(Ok(())),
                Mark::Done { note } => (None, note),
                Mark::Exempt(e) => (Some(e.code().to_owned()), None),
            };
            rehab_milestone_done::Entity::insert(rehab_milestone_done::ActiveModel {
                case_id: Set(case),
                kind: Set(kind.code().to_owned()),
                done_at: Set(now),
                done_by: Set(actor.as_uuid()),
                exemption: Set(exemption),
                note: Set(note),
            })
            .exec_without_returning(txn)
            .await?;
            Ok(Ok(()))
        })
    })
    .await?
}

/// The extent on `day`, if a spell covers it.
fn extent_today(spells: &[Spell], extents: &[ExtentChange], day: NaiveDate) -> Option<Extent> {
    let on_leave = spells
        .iter()
        .any(|s| s.first_day <= day && s.last_day.is_none_or(|l| day <= l));
    on_leave.then(|| extent_on(extents, day)).flatten()
}

/// Case id, person, expected last day, plan version, the person's unit and name.
/// (id, person, expected last day, plan version, unit, name, long known on)
type OpenCaseRow = (
    Uuid,
    Uuid,
    Option<NaiveDate>,
    i32,
    Option<Uuid>,
    String,
    Option<NaiveDate>,
);

/// The open cases the actor may see (never their own), anything overdue first, then by the
/// date that needs attention next. Each person listed finds it in their access log, once a day.
#[tracing::instrument(skip_all, fields(person = %actor.person))]
pub async fn list_open(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<CaseLine>, StoreError> {
    let today = domain::time::stockholm_date(now);
    let employer = actor.employer;
    // One row per open case with what the policy and the line need of its person.
    let rows: Vec<OpenCaseRow> = rehab_case::Entity::find()
        .select_only()
        .column(rehab_case::Column::Id)
        .column(rehab_case::Column::PersonId)
        .column(rehab_case::Column::ExpectedLastDay)
        .column(rehab_case::Column::PlanVersion)
        .column_as(person::Column::UnitId, "unit_id")
        .column_as(person::Column::DisplayName, "display_name")
        .column(rehab_case::Column::LongKnownOn)
        .join(
            sea_orm::JoinType::InnerJoin,
            rehab_case::Entity::belongs_to(person::Entity)
                .from(rehab_case::Column::PersonId)
                .to(person::Column::Id)
                .into(),
        )
        .filter(rehab_case::Column::EmployerId.eq(employer.as_uuid()))
        .filter(rehab_case::Column::ClosedAt.is_null())
        .filter(rehab_case::Column::Kind.eq(SICK_LEAVE))
        .into_tuple()
        .all(db.conn())
        .await?;
    let tree = OrgTree::load(db, employer.as_uuid()).await?;
    // A grant found here opens a case only where the policy asks for one, that is to a
    // manager above the person's own: the role the grant was given to.
    let grants = crate::grants::granted_to(db, actor.person, Scope::RehabCase).await?;
    // Each visible case with why the actor sees it (never their own: that has no why).
    let (visible, reads): (Vec<OpenCaseRow>, Vec<_>) = rows
        .into_iter()
        .filter_map(|row| {
            let (id, person, _, _, unit, _, _) = row;
            let subject = policy::subject_in(&tree, person, employer.as_uuid(), unit);
            let kind = CaseKind::SickLeave;
            let why = policy::view_case(actor, id, subject, kind, grants.get(&person).copied())
                .ok()?
                .reader?;
            Some((row, (subject.person, why)))
        })
        .unzip();
    access_log::record_daily(db, actor.person, What::CaseInList, reads, now).await?;
    let mut ch = chains(db.conn(), CaseSet::Open(Some(employer))).await?;
    let day_three_call = super::settings(db, employer).await?.day_three_call;
    let mut lines: Vec<CaseLine> = visible
        .into_iter()
        .map(
            |(id, person, expected_last_day, plan_version, _, name, long_known_on)| {
                let spells = ch.spells.remove(&id).unwrap_or_default();
                let extents = ch.extents.remove(&id).unwrap_or_default();
                let done = ch.done.remove(&id).unwrap_or_default();
                let leave = SickLeave {
                    spells,
                    expected_last_day,
                    day_three_call,
                    long_known_on,
                };
                let ms = milestones(&leave, &done, today);
                CaseLine {
                    id,
                    person: PersonId::from_uuid(person),
                    person_name: name,
                    first_day: leave.spells.last().map_or(today, |s| s.first_day),
                    extent_today: extent_today(&leave.spells, &extents, today),
                    next: next_deadline(&ms).cloned(),
                    overdue: ms.iter().filter(|m| m.status == Status::Overdue).count(),
                    plan_version,
                }
            },
        )
        .collect();
    // Overdue first; cases with nothing left to watch last.
    lines.sort_by(|a, b| {
        let key = |l: &CaseLine| {
            (
                l.next.is_none(),
                l.overdue == 0,
                l.next.as_ref().map(|m| m.due),
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.person_name.cmp(&b.person_name))
    });
    Ok(lines)
}

/// Those of `people` who are on full-time sick leave on `today` (an open case, a spell that
/// covers the day, at 100 %). Check-in reminders pause for them unless they chose otherwise.
pub(crate) async fn on_full_sick_leave(
    conn: &impl sea_orm::ConnectionTrait,
    people: &[Uuid],
    today: NaiveDate,
) -> Result<std::collections::HashSet<Uuid>, sea_orm::DbErr> {
    let open: HashMap<Uuid, Uuid> = rehab_case::Entity::find()
        .filter(rehab_case::Column::PersonId.is_in(people.iter().copied()))
        .filter(rehab_case::Column::ClosedAt.is_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.person_id))
        .collect();
    if open.is_empty() {
        return Ok(Default::default());
    }
    let ids: Vec<Uuid> = open.keys().copied().collect();
    let ch = chains(conn, CaseSet::These(&ids)).await?;
    Ok(open
        .into_iter()
        .filter(|(case, _)| {
            let spells = ch.spells.get(case).map_or(&[][..], Vec::as_slice);
            let extents = ch.extents.get(case).map_or(&[][..], Vec::as_slice);
            extent_today(spells, extents, today) == Some(Extent::Full)
        })
        .map(|(_, person)| person)
        .collect())
}

/// The active people the actor may open a case for, by name.
pub async fn openable(db: &Db, actor: &Actor) -> Result<Vec<(PersonId, String)>, StoreError> {
    people_where(db, actor, |s| policy::manage_case(actor, s).is_ok()).await
}

/// The person's own open case, or their latest closed one, if any.
pub async fn own_case_id(db: &Db, me: PersonId) -> Result<Option<Uuid>, StoreError> {
    Ok(rehab_case::Entity::find()
        .filter(rehab_case::Column::PersonId.eq(me.as_uuid()))
        .order_by_asc(rehab_case::Column::ClosedAt.is_not_null())
        .order_by_desc(rehab_case::Column::OpenedAt)
        .one(db.conn())
        .await?
        .map(|c| c.id))
}

/// The whole case. A reader other than the employee is logged first; every reader's "last
/// looked at" moves to the current plan version.
#[tracing::instrument(skip_all, fields(case = %access.case()))]
pub async fn get(
    db: &Db,
    access: &CaseAccess,
    reader: PersonId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<Case>, StoreError> {
    let Some(row) = rehab_case::Entity::find_by_id(access.case)
        .filter(rehab_case::Column::PersonId.eq(access.subject.person.as_uuid()))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    super::log_read(db, access, reader, now).await?;
    let mut case = assemble(db, row, Some(reader), today).await?;
    let with_manager = case.adjustment.as_ref().is_some_and(|a| a.with_manager);
    if !super::adjustment::may_read_history(access, with_manager) {
        case.adjustment = None;
    }
    Ok(Some(case))
}

/// A case row with everything around it; `reader`'s "last looked at" moves to now.
pub(super) async fn assemble(
    db: &Db,
    row: rehab_case::Model,
    reader: Option<PersonId>,
    today: NaiveDate,
) -> Result<Case, StoreError> {
    let mut ch = chains(db.conn(), CaseSet::These(&[row.id])).await?;
    let spells = ch.spells.remove(&row.id).unwrap_or_default();
    let extents = ch.extents.remove(&row.id).unwrap_or_default();
    let done = ch.done.remove(&row.id).unwrap_or_default();
    let employer = EmployerId::from_uuid(row.employer_id);
    let leave = SickLeave {
        spells,
        expected_last_day: row.expected_last_day,
        day_three_call: super::settings(db, employer).await?.day_three_call,
        long_known_on: row.long_known_on,
    };
    let plan = rows::current(db, row.id, row.plan_version).await?;
    let changes_since_seen = match reader {
        Some(reader) => plan::seen(db, row.id, reader, row.plan_version).await?,
        None => vec![],
    };
    let names = crate::people::names(db, [row.person_id, row.opened_by]).await?;
    let adjustment = super::adjustment::find(db, row.id).await?;
    Ok(Case {
        id: row.id,
        person: PersonId::from_uuid(row.person_id),
        person_name: names.get(&row.person_id).cloned().unwrap_or_default(),
        opened_at: row.opened_at,
        opened_by: names
            .get(&row.opened_by)
            .map(|n| (n.clone(), PersonId::from_uuid(row.opened_by))),
        extent_today: extent_today(&leave.spells, &extents, today),
        milestones: milestones(&leave, &done, today),
        leave,
        extents,
        closed: row
            .closed_at
            .zip(row.outcome.as_deref().and_then(Outcome::parse)),
        plan,
        changes_since_seen,
        participation: plan::participation(db, row.id).await?,
        kind: match row.kind.as_str() {
            ADJUSTMENT => CaseKind::Adjustment {
                with_manager: adjustment.as_ref().is_some_and(|a| a.with_manager),
            },
            _ => CaseKind::SickLeave,
        },
        adjustment,
    })
}
