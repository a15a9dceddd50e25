//! The reads of the rehab tables that the case kinds, the plan and the reminders all build
//! on: the spells and done marks of many cases at once, a plan version, a person's open case,
//! and the people an actor may open one for. It imports nothing else of `rehab`, so `cases`,
//! `adjustment`, `plan` and `reminders` can each use it without using each other.

use super::RehabError;
use crate::entity::{
    person, rehab_case, rehab_extent, rehab_milestone_done, rehab_plan_version, rehab_spell,
};
use crate::org::OrgTree;
use crate::{policy, Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Actor;
use domain::plan::Plan;
use domain::rehab::{Done, Exemption, Extent, ExtentChange, MilestoneKind, Spell};
use domain::{EmployerId, PersonId};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// What the chain needs of a set of cases, read in three queries whatever their number.
pub(super) struct Chains {
    pub(super) spells: HashMap<Uuid, Vec<Spell>>,
    pub(super) extents: HashMap<Uuid, Vec<ExtentChange>>,
    pub(super) done: HashMap<Uuid, Vec<Done>>,
}

/// Which cases to read the chains of.
pub(super) enum CaseSet<'a> {
    These(&'a [Uuid]),
    /// Every open case, of one employer or of all.
    Open(Option<EmployerId>),
}

impl CaseSet<'_> {
    /// The condition on a `case_id` column: a list of ids, or a subquery for open cases, so a
    /// list of thousands of cases never becomes thousands of bound values.
    fn on(&self, column: impl sea_orm::ColumnTrait) -> sea_orm::Condition {
        match self {
            CaseSet::These(ids) => sea_orm::Condition::all().add(column.is_in(ids.iter().copied())),
            CaseSet::Open(employer) => {
                let mut open = sea_orm::sea_query::Query::select();
                open.column(rehab_case::Column::Id)
                    .from(rehab_case::Entity)
                    .and_where(rehab_case::Column::ClosedAt.is_null());
                if let Some(e) = employer {
                    open.and_where(rehab_case::Column::EmployerId.eq(e.as_uuid()));
                }
                sea_orm::Condition::all().add(column.in_subquery(open.to_owned()))
            }
        }
    }
}

/// The spells, extents and milestones done of a set of cases, in three queries whatever their
/// number, reading only the columns the chain needs.
pub(super) async fn chains(
    conn: &impl sea_orm::ConnectionTrait,
    set: CaseSet<'_>,
) -> Result<Chains, sea_orm::DbErr> {
    let mut c = Chains {
        spells: HashMap::new(),
        extents: HashMap::new(),
        done: HashMap::new(),
    };
    let spells: Vec<(Uuid, NaiveDate, Option<NaiveDate>)> = rehab_spell::Entity::find()
        .select_only()
        .columns([
            rehab_spell::Column::CaseId,
            rehab_spell::Column::FirstDay,
            rehab_spell::Column::LastDay,
        ])
        .filter(set.on(rehab_spell::Column::CaseId))
        .order_by_asc(rehab_spell::Column::FirstDay)
        .into_tuple()
        .all(conn)
        .await?;
    for (case, first_day, last_day) in spells {
        c.spells.entry(case).or_default().push(Spell {
            first_day,
            last_day,
        });
    }
    let extents: Vec<(Uuid, NaiveDate, i16)> = rehab_extent::Entity::find()
        .select_only()
        .columns([
            rehab_extent::Column::CaseId,
            rehab_extent::Column::FromDay,
            rehab_extent::Column::Percent,
        ])
        .filter(set.on(rehab_extent::Column::CaseId))
        .order_by_asc(rehab_extent::Column::FromDay)
        .into_tuple()
        .all(conn)
        .await?;
    for (case, from, percent) in extents {
        if let Some(extent) = Extent::from_percent(percent as u8) {
            c.extents
                .entry(case)
                .or_default()
                .push(ExtentChange { from, extent });
        }
    }
    let done = rehab_milestone_done::Entity::find()
        .filter(set.on(rehab_milestone_done::Column::CaseId))
        .all(conn)
        .await?;
    for row in done {
        if let Some(kind) = MilestoneKind::parse(&row.kind) {
            // The day it was recorded decides which sick-pay period or chain it belongs to.
            c.done.entry(row.case_id).or_default().push(Done {
                kind,
                on: domain::time::stockholm_date(row.done_at),
                exempt: row.exemption.as_deref().and_then(Exemption::parse),
                note: row.note,
            });
        }
    }
    Ok(c)
}

#[derive(Clone, Debug)]
pub struct PlanVersion {
    pub version: i32,
    pub plan: Plan,
    pub author: PersonId,
    pub author_name: String,
    pub changed_at: DateTime<Utc>,
}

pub(super) fn decode(
    row: rehab_plan_version::Model,
    names: &std::collections::HashMap<Uuid, String>,
) -> Option<PlanVersion> {
    // A version that no longer parses is a bug to see in the logs, not a page that fails.
    let plan = serde_json::from_str(&row.plan)
        .inspect_err(
            |e| tracing::error!(error = %e, case = %row.case_id, "unreadable plan version"),
        )
        .ok()?;
    Some(PlanVersion {
        version: row.version,
        plan,
        author: PersonId::from_uuid(row.author_id),
        author_name: names.get(&row.author_id).cloned().unwrap_or_default(),
        changed_at: row.changed_at,
    })
}

pub(super) async fn current(
    db: &Db,
    case: Uuid,
    version: i32,
) -> Result<Option<PlanVersion>, StoreError> {
    if version == 0 {
        return Ok(None);
    }
    let Some(row) = rehab_plan_version::Entity::find_by_id((case, version))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    let names = crate::people::names(db, [row.author_id]).await?;
    Ok(decode(row, &names))
}

/// `person`'s case, if it is open.
pub(super) async fn open_case_of(
    txn: &DatabaseTransaction,
    person: PersonId,
    case: Uuid,
) -> Result<Result<rehab_case::Model, RehabError>, sea_orm::DbErr> {
    let row = rehab_case::Entity::find_by_id(case)
        .filter(rehab_case::Column::PersonId.eq(person.as_uuid()))
        .one(txn)
        .await?;
    Ok(match row {
        None => Err(RehabError::NotFound),
        Some(r) if r.closed_at.is_some() => Err(RehabError::Closed),
        Some(r) => Ok(r),
    })
}

/// The active people of the actor's employer that `may` lets through, by name.
pub(super) async fn people_where(
    db: &Db,
    actor: &Actor,
    may: impl Fn(domain::access::Subject) -> bool,
) -> Result<Vec<(PersonId, String)>, StoreError> {
    let tree = OrgTree::load(db, actor.employer.as_uuid()).await?;
    let mut people: Vec<(PersonId, String)> = person::Entity::find()
        .filter(person::Column::EmployerId.eq(actor.employer.as_uuid()))
        .filter(person::Column::Active.eq(true))
        .all(db.conn())
        .await?
        .into_iter()
        .filter(|p| may(policy::subject_in(&tree, p.id, p.employer_id, p.unit_id)))
        .map(|p| (PersonId::from_uuid(p.id), p.display_name))
        .collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(people)
}
