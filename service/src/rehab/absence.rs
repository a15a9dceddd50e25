//! Short-term absence as an early signal: spells recorded per person, and the employer's rule
//! (by default six spells within twelve months) that puts someone on the coordinator's list
//! for an early health conversation, before a long sick leave starts.

use super::RehabError;
use crate::access_log::{self, What, Why};
use crate::entity::{absence_spell, person, rehab_case};
use crate::policy::{self, CaseManagement};
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Actor;
use domain::problem::ProblemCode;
use domain::PersonId;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
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
    let tree = crate::org::OrgTree::load(db, actor.employer.as_uuid()).await?;
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(by_person.keys().copied().collect::<Vec<_>>()))
        .all(db.conn())
        .await?;
    let mut out: Vec<EarlySignal> = people
        .into_iter()
        .filter(|p| !open.contains(&p.id))
        .filter(|p| {
            let s = policy::subject_in(&tree, p.id, p.employer_id, p.unit_id);
            policy::manage_case(actor, s).is_ok()
        })
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
