//! Short-term absence as an early signal: spells recorded per person, and the employer's rule
//! (by default six spells within twelve months) that puts someone on the coordinator's list
//! for an early health conversation, before a long sick leave starts; and the sick periods
//! that reached the employer's case day, for the coordinator's list of cases to open.

use super::RehabError;
use crate::access_log::{self, What, Why};
use crate::entity::{absence_spell, person, rehab_case};
use crate::policy::{self, CaseManagement};
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Actor;
use domain::problem::ProblemCode;
use domain::rehab::{case_due, CaseDue, Extent, Spell, CHAIN_LINK_DAYS};
use domain::PersonId;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Where a spell came from: typed in here, or from payroll's file.
pub const MANUAL: &str = "manual";
pub const IMPORT: &str = "import";

/// Records one absence spell of the proof's person.
pub async fn record(
    db: &Db,
    m: &CaseManagement,
    first_day: NaiveDate,
    last_day: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Uuid, RehabError> {
    if last_day < first_day {
        return Err(RehabError::invalid(&[(
            "last_day",
            ProblemCode::BeforeFirstDay,
        )]));
    }
    if first_day > today {
        return Err(RehabError::invalid(&[(
            "first_day",
            ProblemCode::InTheFuture,
        )]));
    }
    let row = absence_spell::ActiveModel {
        id: Set(Uuid::new_v4()),
        person_id: Set(m.subject.person.as_uuid()),
        employer_id: Set(m.subject.employer.as_uuid()),
        first_day: Set(first_day),
        last_day: Set(Some(last_day)),
        recorded_by: Set(Some(m.actor.as_uuid())),
        recorded_at: Set(now),
        extent: Set(100),
        source: Set(MANUAL.to_owned()),
    };
    let id = *row.id.as_ref();
    db.write(move |txn| {
        let insert = absence_spell::Entity::insert(row.clone());
        Box::pin(async move { insert.exec_without_returning(txn).await.map(drop) })
    })
    .await
    .map_err(StoreError)?;
    Ok(id)
}

/// Someone the rule puts on the list.
#[derive(Clone, Debug)]
pub struct EarlySignal {
    pub person: PersonId,
    pub person_name: String,
    /// Spells that started within the rule's window.
    pub spells: usize,
    pub latest_first_day: NaiveDate,
}

/// The people whose short absences meet the employer's rule, among those whose cases the actor
/// may run, leaving out anyone with an open case (they are on the case list already). Most
/// spells first. Each person listed finds it in their access log, once a day.
pub async fn early_signals(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<EarlySignal>, StoreError> {
    let today = domain::time::stockholm_date(now);
    let rule = super::settings(db, actor.employer).await?.absence;
    let from = rule.window_start(today);
    let spells: Vec<(Uuid, NaiveDate)> = absence_spell::Entity::find()
        .select_only()
        .column(absence_spell::Column::PersonId)
        .column(absence_spell::Column::FirstDay)
        .filter(absence_spell::Column::EmployerId.eq(actor.employer.as_uuid()))
        .filter(absence_spell::Column::FirstDay.gte(from))
        .filter(absence_spell::Column::FirstDay.lte(today))
        .into_tuple()
        .all(db.conn())
        .await?;
    let mut by_person: HashMap<Uuid, Vec<NaiveDate>> = HashMap::new();
    for (p, d) in spells {
        by_person.entry(p).or_default().push(d);
    }
    by_person.retain(|_, days| rule.flags(days, today).is_some());
    if by_person.is_empty() {
        return Ok(vec![]);
    }
    let open: HashSet<Uuid> = rehab_case::Entity::find()
        .select_only()
        .column(rehab_case::Column::PersonId)
        .filter(rehab_case::Column::EmployerId.eq(actor.employer.as_uuid()))
        .filter(rehab_case::Column::ClosedAt.is_null())
        .into_tuple()
        .all(db.conn())
        .await?
        .into_iter()
        .collect();
    let people = runnable(db, actor, by_person.keys().copied(), false).await?;
    let mut out: Vec<EarlySignal> = people
        .into_iter()
        .filter(|p| !open.contains(&p.id))
        .filter_map(|p| {
            let days = by_person.get(&p.id)?;
            Some(EarlySignal {
                person: PersonId::from_uuid(p.id),
                person_name: p.display_name,
                spells: days.len(),
                latest_first_day: days.iter().max().copied()?,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.spells
            .cmp(&a.spells)
            .then_with(|| a.person_name.cmp(&b.person_name))
    });
    let why = Why::Duty(policy::duty_of(actor));
    let reads = out.iter().map(|s| (s.person, why)).collect();
    access_log::record_daily(db, actor.person, What::AbsenceSignal, reads, now).await?;
    Ok(out)
}

/// Those of `ids` whose cases the actor may run (only the active ones with `active_only`).
async fn runnable(
    db: &Db,
    actor: &Actor,
    ids: impl Iterator<Item = Uuid>,
    active_only: bool,
) -> Result<Vec<person::Model>, StoreError> {
    let tree = crate::org::OrgTree::load(db, actor.employer.as_uuid()).await?;
    let mut query =
        person::Entity::find().filter(person::Column::Id.is_in(ids.collect::<Vec<_>>()));
    if active_only {
        query = query.filter(person::Column::Active.eq(true));
    }
    Ok(query
        .all(db.conn())
        .await?
        .into_iter()
        .filter(|p| {
            let s = policy::subject_in(&tree, p.id, p.employer_id, p.unit_id);
            policy::manage_case(actor, s).is_ok()
        })
        .collect())
}

/// Someone whose sick period reached the employer's case day and who has no case for it, with
/// what the case would open with.
#[derive(Clone, Debug)]
pub struct CaseToOpen {
    pub person: PersonId,
    pub person_name: String,
    pub due: CaseDue,
    /// The latest spell's extent, to the nearest quarter.
    pub extent: Extent,
}

/// The people whose sick period reached the employer's case day (day 15 unless it chose
/// another) with no case opened for it since its first day, among those whose cases the actor
/// may run: those still away first, then the longest waiting. Payroll's spells and typed ones
/// count alike. Each person listed finds it in their access log, once a day.
pub async fn cases_to_open(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<CaseToOpen>, StoreError> {
    let today = domain::time::stockholm_date(now);
    let employer = actor.employer.as_uuid();
    let case_day = super::settings(db, actor.employer).await?.case_day;
    // Only people with a spell recent enough to matter; then all of theirs, since a sick-pay
    // period may join spells that started long before.
    let recent = today - chrono::Duration::days(CHAIN_LINK_DAYS);
    let candidates: Vec<Uuid> = absence_spell::Entity::find()
        .select_only()
        .column(absence_spell::Column::PersonId)
        .distinct()
        .filter(absence_spell::Column::EmployerId.eq(employer))
        .filter(
            absence_spell::Column::LastDay
                .is_null()
                .or(absence_spell::Column::LastDay.gte(recent)),
        )
        .into_tuple()
        .all(db.conn())
        .await?;
    if candidates.is_empty() {
        return Ok(vec![]);
    }
    let rows: Vec<(Uuid, NaiveDate, Option<NaiveDate>, i16)> = absence_spell::Entity::find()
        .select_only()
        .column(absence_spell::Column::PersonId)
        .column(absence_spell::Column::FirstDay)
        .column(absence_spell::Column::LastDay)
        .column(absence_spell::Column::Extent)
        .filter(absence_spell::Column::EmployerId.eq(employer))
        .filter(absence_spell::Column::PersonId.is_in(candidates.iter().copied()))
        .filter(absence_spell::Column::FirstDay.lte(today))
        .into_tuple()
        .all(db.conn())
        .await?;
    let mut by_person: HashMap<Uuid, Vec<(Spell, i16)>> = HashMap::new();
    for (p, first_day, last_day, extent) in rows {
        let spell = Spell {
            first_day,
            last_day,
        };
        by_person.entry(p).or_default().push((spell, extent));
    }
    let mut due: HashMap<Uuid, (CaseDue, Extent)> = by_person
        .into_iter()
        .filter_map(|(p, spells)| {
            let plain: Vec<Spell> = spells.iter().map(|(s, _)| *s).collect();
            let d = case_due(&plain, case_day, today)?;
            let latest = spells.iter().max_by_key(|(s, _)| s.first_day)?.1;
            let extent = Extent::nearest(u8::try_from(latest.clamp(1, 100)).ok()?);
            Some((p, (d, extent)))
        })
        .collect();
    if due.is_empty() {
        return Ok(vec![]);
    }
    // A case opened since the period began (open or closed since) covers it; an open
    // adjustment case does not, since opening the sick-leave case takes it over.
    type CaseRow = (Uuid, String, DateTime<Utc>, Option<DateTime<Utc>>);
    let cases: Vec<CaseRow> = rehab_case::Entity::find()
        .select_only()
        .column(rehab_case::Column::PersonId)
        .column(rehab_case::Column::Kind)
        .column(rehab_case::Column::OpenedAt)
        .column(rehab_case::Column::ClosedAt)
        .filter(rehab_case::Column::EmployerId.eq(employer))
        .filter(rehab_case::Column::PersonId.is_in(due.keys().copied()))
        .into_tuple()
        .all(db.conn())
        .await?;
    for (p, kind, opened_at, closed_at) in cases {
        let Some((d, _)) = due.get(&p) else { continue };
        let sick_leave = kind == rehab_case::SICK_LEAVE;
        let covers = sick_leave
            && (closed_at.is_none() || domain::time::stockholm_date(opened_at) >= d.first_day);
        if covers {
            due.remove(&p);
        }
    }
    let people = runnable(db, actor, due.keys().copied(), true).await?;
    let mut out: Vec<CaseToOpen> = people
        .into_iter()
        .filter_map(|p| {
            let (due, extent) = *due.get(&p.id)?;
            Some(CaseToOpen {
                person: PersonId::from_uuid(p.id),
                person_name: p.display_name,
                due,
                extent,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (!a.due.ongoing, a.due.reached_on, &a.person_name).cmp(&(
            !b.due.ongoing,
            b.due.reached_on,
            &b.person_name,
        ))
    });
    let why = Why::Duty(policy::duty_of(actor));
    let reads = out.iter().map(|c| (c.person, why)).collect();
    access_log::record_daily(db, actor.person, What::AbsenceSignal, reads, now).await?;
    Ok(out)
}
