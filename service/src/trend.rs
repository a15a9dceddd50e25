//! A unit's anonymous weekly trend for its manager: the unit and each unit directly below it,
//! counting only people who chose to be counted, shown only where the group is large enough.
//!
//! Which figures are shown is decided for the employer's whole unit tree at once, week by
//! week, so the view of a department and the view of one of its teams never combine into a
//! small group (`domain::trend::shown`).
//!
//! Only weeks that have ended are published, and each is frozen for the whole tree the first
//! time anyone asks after it ended (`trend_published`); from then on a figure is shown as
//! frozen while what it was made of is unchanged, and withdrawn otherwise
//! (`domain::trend::as_published`), so two reads around one person's change never differ by
//! that person's answers.
//!
//! The figures come from running sums per unit and week (`trend_sums`), kept up to date by
//! every write that changes them, so that a view costs a few hundred rows however many people
//! and weeks the employer has.

use crate::entity::{
    consent, employer, person, trend_member, trend_published, trend_sum, unit, unit_manager,
};
use crate::policy::TeamAccess;
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::consent::{Recipient, Scope};
use domain::trend::{as_published, freeze, Frozen, Published, Sums, Threshold};
use domain::{IsoWeek, UnitId};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QuerySelect, Statement, Value,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq)]
pub struct Week {
    pub week: IsoWeek,
    pub unit: Published,
    /// The units directly below, in the order of `TeamTrend::below`.
    pub below: Vec<Published>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TeamTrend {
    pub unit: (UnitId, String),
    pub below: Vec<(UnitId, String)>,
    pub threshold: Threshold,
    /// The weeks asked for that have ended, oldest first.
    pub weeks: Vec<Week>,
}

/// The trend of `access`'s unit over those of `weeks` (oldest first) that ended before `now`.
#[tracing::instrument(skip_all)]
pub async fn team_trend(
    db: &Db,
    access: &TeamAccess,
    weeks: &[IsoWeek],
    threshold: Threshold,
    now: DateTime<Utc>,
) -> Result<TeamTrend, StoreError> {
    let (employer, root) = (access.employer().as_uuid(), access.unit().as_uuid());
    let this_week = IsoWeek::containing(now);
    let weeks: Vec<IsoWeek> = weeks.iter().copied().filter(|w| *w < this_week).collect();
    publish(db, employer, &weeks, threshold, now).await?;
    let tree = Tree::load(db.conn(), employer).await?;
    let Some(&r) = tree.index.get(&root) else {
        return Err(StoreError(sea_orm::DbErr::RecordNotFound(
            "the unit left the employer's tree".into(),
        )));
    };
    let mut live = live_sums(db.conn(), &tree, employer, &weeks).await?;
    let shown_units: Vec<usize> = std::iter::once(r)
        .chain(tree.children[r].iter().copied())
        .collect();
    let mut frozen: HashMap<(Uuid, String), Frozen> = HashMap::new();
    if let (Some(first), Some(last)) = (weeks.first(), weeks.last()) {
        for row in trend_published::Entity::find()
            .filter(trend_published::Column::EmployerId.eq(employer))
            .filter(trend_published::Column::UnitId.is_in(shown_units.iter().map(|&i| tree.ids[i])))
            .filter(trend_published::Column::IsoWeek.gte(first.to_string()))
            .filter(trend_published::Column::IsoWeek.lte(last.to_string()))
            .all(db.conn())
            .await?
        {
            frozen.insert((row.unit_id, row.iso_week.clone()), frozen_of(&row));
        }
    }
    let weeks = weeks
        .iter()
        .map(|week| {
            let key = week.to_string();
            let sums = live
                .remove(week)
                .unwrap_or_else(|| vec![Sums::default(); tree.len()]);
            let cell = |i: usize| {
                as_published(frozen.get(&(tree.ids[i], key.clone())), &sums[i], threshold)
            };
            Week {
                week: *week,
                unit: cell(r),
                below: tree.children[r].iter().map(|&i| cell(i)).collect(),
            }
        })
        .collect();
    Ok(TeamTrend {
        weeks,
        ..tree.empty(r, threshold)
    })
}

fn frozen_of(row: &trend_published::Model) -> Frozen {
    let n = |v: i64| v as u32;
    let shown = match (
        row.members,
        row.checked_in,
        row.who5_total,
        row.who5_below_50,
    ) {
        (Some(members), Some(checked_in), Some(total), Some(below)) => Some((
            Sums {
                checked_in: n(checked_in),
                who5_answers: n(row.who5_answers),
                who5_total: n(total),
                who5_below_50: n(below),
            },
            n(members),
        )),
        _ => None,
    };
    Frozen {
        size: n(row.who5_answers),
        shown,
    }
}

/// Freezes those of `weeks` (all ended) that nobody has published yet, for the employer's
/// whole tree at once; several instances asking at once freeze each week once.
async fn publish(
    db: &Db,
    employer: Uuid,
    weeks: &[IsoWeek],
    threshold: Threshold,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return Ok(());
    };
    let done: HashSet<String> = db
        .conn()
        .query_all_raw(Statement::from_sql_and_values(
            db.backend(),
            "SELECT iso_week FROM trend_published_weeks \
             WHERE employer_id = $1 AND iso_week >= $2 AND iso_week <= $3",
            [
                Value::from(employer),
                Value::from(first.to_string()),
                Value::from(last.to_string()),
            ],
        ))
        .await?
        .into_iter()
        .filter_map(|row| row.try_get::<String>("", "iso_week").ok())
        .collect();
    let todo: Vec<IsoWeek> = weeks
        .iter()
        .copied()
        .filter(|w| !done.contains(&w.to_string()))
        .collect();
    if todo.is_empty() {
        return Ok(());
    }
    Ok(db
        .write(move |txn| {
            let todo = todo.clone();
            Box::pin(async move {
                let tree = Tree::load(txn, employer).await?;
                let members = members(txn, &tree, employer).await?;
                let mut sums = live_sums(txn, &tree, employer, &todo).await?;
                for week in todo {
                    let claimed = txn
                        .execute_raw(Statement::from_sql_and_values(
                            txn.get_database_backend(),
                            "INSERT INTO trend_published_weeks (employer_id, iso_week, published_at) \
                             VALUES ($1, $2, $3) ON CONFLICT (employer_id, iso_week) DO NOTHING",
                            [
                                Value::from(employer),
                                Value::from(week.to_string()),
                                Value::from(now),
                            ],
                        ))
                        .await?
                        .rows_affected()
                        == 1;
                    if !claimed {
                        continue;
                    }
                    let sums = sums
                        .remove(&week)
                        .unwrap_or_else(|| vec![Sums::default(); tree.len()]);
                    let rows: Vec<trend_published::ActiveModel> =
                        freeze(&tree.parents, &sums, &members, threshold)
                            .into_iter()
                            .enumerate()
                            .map(|(i, f)| published_row(employer, tree.ids[i], week, &f))
                            .collect();
                    for chunk in rows.chunks(500) {
                        trend_published::Entity::insert_many(chunk.to_vec())
                            .exec_without_returning(txn)
                            .await?;
                    }
                }
                Ok(())
            })
        })
        .await?)
}

fn published_row(
    employer: Uuid,
    unit: Uuid,
    week: IsoWeek,
    f: &Frozen,
) -> trend_published::ActiveModel {
    let shown = f.shown.as_ref();
    trend_published::Model {
        employer_id: employer,
        unit_id: unit,
        iso_week: week.to_string(),
        who5_answers: i64::from(f.size),
        members: shown.map(|(_, m)| i64::from(*m)),
        checked_in: shown.map(|(s, _)| i64::from(s.checked_in)),
        who5_total: shown.map(|(s, _)| i64::from(s.who5_total)),
        who5_below_50: shown.map(|(s, _)| i64::from(s.who5_below_50)),
    }
    .into_active_model()
}

/// Active people in each unit and everything below it (participation is a share of them).
async fn members<C: ConnectionTrait>(
    c: &C,
    tree: &Tree,
    employer: Uuid,
) -> Result<Vec<u32>, DbErr> {
    use sea_orm::sea_query::{Expr, Func};
    let per_unit: Vec<(Option<Uuid>, i64)> = person::Entity::find()
        .select_only()
        .column(person::Column::UnitId)
        .column_as(
            Expr::from(Func::count(Expr::col(person::Column::Id))),
            "members",
        )
        .filter(person::Column::EmployerId.eq(employer))
        .filter(person::Column::Active.eq(true))
        .group_by(person::Column::UnitId)
        .into_tuple()
        .all(c)
        .await?;
    let mut members = vec![0u32; tree.len()];
    for (unit, n) in per_unit {
        if let Some(&i) = unit.and_then(|u| tree.index.get(&u)) {
            members[i] += n as u32;
        }
    }
    Ok(tree.subtree_totals(&members, |a, b| *a += b))
}

/// The counted answers of each unit and everything below it, as they are now, per week.
async fn live_sums<C: ConnectionTrait>(
    c: &C,
    tree: &Tree,
    employer: Uuid,
    weeks: &[IsoWeek],
) -> Result<HashMap<IsoWeek, Vec<Sums>>, DbErr> {
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return Ok(HashMap::new());
    };
    let mut own: HashMap<String, Vec<Sums>> = HashMap::new();
    for row in trend_sum::Entity::find()
        .filter(trend_sum::Column::EmployerId.eq(employer))
        .filter(trend_sum::Column::IsoWeek.gte(first.to_string()))
        .filter(trend_sum::Column::IsoWeek.lte(last.to_string()))
        .all(c)
        .await?
    {
        let Some(&i) = tree.index.get(&row.unit_id) else {
            continue;
        };
        own.entry(row.iso_week)
            .or_insert_with(|| vec![Sums::default(); tree.len()])[i] = Sums {
            checked_in: row.checked_in as u32,
            who5_answers: row.who5_answers as u32,
            who5_total: row.who5_total as u32,
            who5_below_50: row.who5_below_50 as u32,
        };
    }
    Ok(weeks
        .iter()
        .filter_map(|w| {
            let own = own.remove(&w.to_string())?;
            Some((*w, tree.subtree_totals(&own, Sums::merge)))
        })
        .collect())
}

// The running sums. Every write that changes whose answers count where, or the answers
// themselves, keeps `trend_members` and `trend_sums` equal to what `rebuild` computes from
// scratch, in its own transaction: changes of answers through triggers on `check_ins` (see the
// migration), changes of whom a person counts towards here. On PostgreSQL both lock the
// person's row first, so that they never interleave; SQLite has one writer.

/// Brings one person's place in the sums in line with their grants (after a grant or a
/// withdrawal of being counted).
pub(crate) async fn recount_person<C: ConnectionTrait>(c: &C, person: Uuid) -> Result<(), DbErr> {
    let employer: Option<Uuid> = person::Entity::find_by_id(person)
        .select_only()
        .column(person::Column::EmployerId)
        .into_tuple()
        .one(c)
        .await?;
    match employer {
        Some(employer) => recount(c, employer, Some(person)).await,
        None => Ok(()),
    }
}

/// Brings everyone's place in the sums in line with the organisation (after an import:
/// people move, managers change, leads leave).
pub(crate) async fn recount<C: ConnectionTrait>(
    c: &C,
    employer: Uuid,
    only: Option<Uuid>,
) -> Result<(), DbErr> {
    let mut people = Condition::all().add(person::Column::EmployerId.eq(employer));
    if let Some(p) = only {
        people = people.add(person::Column::Id.eq(p));
    }
    lock_people(c, people).await?;
    let want = counted_in(c, employer).await?;
    let mut have =
        trend_member::Entity::find().filter(trend_member::Column::EmployerId.eq(employer));
    if let Some(p) = only {
        have = have.filter(trend_member::Column::PersonId.eq(p));
    }
    let have: HashMap<Uuid, Uuid> = have
        .all(c)
        .await?
        .into_iter()
        .map(|m| (m.person_id, m.unit_id))
        .collect();
    let changed: BTreeSet<Uuid> = have
        .keys()
        .chain(want.keys())
        .filter(|p| only.is_none_or(|o| o == **p) && have.get(p) != want.get(p))
        .copied()
        .collect();
    for person_id in changed {
        let member = |unit_id: Uuid| trend_member::Model {
            person_id,
            employer_id: employer,
            unit_id,
        };
        if let Some(&unit) = have.get(&person_id) {
            add(c, &member(unit), -1).await?;
            trend_member::Entity::delete_by_id(person_id)
                .exec(c)
                .await?;
        }
        if let Some(&unit) = want.get(&person_id) {
            trend_member::Entity::insert(member(unit).into_active_model())
                .exec_without_returning(c)
                .await?;
            add(c, &member(unit), 1).await?;
        }
    }
    Ok(())
}

/// Computes an employer's sums from scratch: at first start after the sums were introduced,
/// and for data written around the service (bulk loads).
pub async fn rebuild(db: &Db, employer: Uuid) -> Result<(), StoreError> {
    Ok(db
        .write(move |txn| Box::pin(rebuild_in(txn, employer)))
        .await?)
}

/// Builds the sums once for what the database held before they existed.
pub(crate) async fn build_once(db: &Db) -> Result<(), DbErr> {
    let now = chrono::Utc::now();
    db.write(move |txn| {
        Box::pin(async move {
            let claimed = txn
                .execute_raw(Statement::from_sql_and_values(
                    txn.get_database_backend(),
                    "INSERT INTO derived_data (name, built_at) VALUES ($1, $2) \
                     ON CONFLICT (name) DO NOTHING",
                    [Value::from("team-trend"), Value::from(now)],
                ))
                .await?
                .rows_affected()
                == 1;
            if claimed {
                let employers: Vec<Uuid> = employer::Entity::find()
                    .select_only()
                    .column(employer::Column::Id)
                    .into_tuple()
                    .all(txn)
                    .await?;
                for e in employers {
                    rebuild_in(txn, e).await?;
                }
            }
            Ok(())
        })
    })
    .await
}

async fn rebuild_in<C: ConnectionTrait>(c: &C, employer: Uuid) -> Result<(), DbErr> {
    lock_people(
        c,
        Condition::all().add(person::Column::EmployerId.eq(employer)),
    )
    .await?;
    trend_sum::Entity::delete_many()
        .filter(trend_sum::Column::EmployerId.eq(employer))
        .exec(c)
        .await?;
    trend_member::Entity::delete_many()
        .filter(trend_member::Column::EmployerId.eq(employer))
        .exec(c)
        .await?;
    let members: Vec<trend_member::ActiveModel> = counted_in(c, employer)
        .await?
        .into_iter()
        .map(|(person_id, unit_id)| {
            trend_member::Model {
                person_id,
                employer_id: employer,
                unit_id,
            }
            .into_active_model()
        })
        .collect();
    for chunk in members.chunks(1000) {
        trend_member::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(c)
            .await?;
    }
    c.execute_raw(Statement::from_sql_and_values(
        c.get_database_backend(),
        format!(
            "INSERT INTO trend_sums ({SUM_COLUMNS}) \
             SELECT m.employer_id, m.unit_id, c.iso_week, {} \
             FROM check_ins c JOIN trend_members m ON m.person_id = c.person_id \
             WHERE m.employer_id = $1 GROUP BY m.employer_id, m.unit_id, c.iso_week",
            sums("")
        ),
        [Value::from(employer)],
    ))
    .await?;
    Ok(())
}

const SUM_COLUMNS: &str =
    "employer_id, unit_id, iso_week, checked_in, who5_answers, who5_total, who5_below_50";
/// The sums of a group of check-ins `c`, each multiplied by `factor` (empty for 1).
fn sums(factor: &str) -> String {
    format!(
        "{factor}COUNT(*), {factor}COUNT(c.who5_score), \
         {factor}COALESCE(SUM(c.who5_score), 0), \
         {factor}SUM(CASE WHEN c.who5_score < 50 THEN 1 ELSE 0 END)"
    )
}

/// Adds `sign` times all the person's answers to their unit's sums (a person's single
/// check-ins move through the triggers on `check_ins`).
async fn add<C: ConnectionTrait>(
    c: &C,
    member: &trend_member::Model,
    sign: i64,
) -> Result<(), DbErr> {
    let values = [
        Value::from(member.employer_id),
        Value::from(member.unit_id),
        Value::from(sign),
        Value::from(member.person_id),
    ];
    c.execute_raw(Statement::from_sql_and_values(
        c.get_database_backend(),
        format!(
            "INSERT INTO trend_sums ({SUM_COLUMNS}) \
             SELECT $1, $2, c.iso_week, {} \
             FROM check_ins c WHERE c.person_id = $4 GROUP BY c.iso_week \
             ON CONFLICT (unit_id, iso_week) DO UPDATE SET \
             checked_in = trend_sums.checked_in + excluded.checked_in, \
             who5_answers = trend_sums.who5_answers + excluded.who5_answers, \
             who5_total = trend_sums.who5_total + excluded.who5_total, \
             who5_below_50 = trend_sums.who5_below_50 + excluded.who5_below_50",
            sums("$3 * ")
        ),
        values,
    ))
    .await?;
    if sign < 0 {
        // Nobody's answers left in it: the row goes, as a rebuild would not write it.
        trend_sum::Entity::delete_many()
            .filter(trend_sum::Column::UnitId.eq(member.unit_id))
            .filter(trend_sum::Column::CheckedIn.eq(0))
            .exec(c)
            .await?;
    }
    Ok(())
}

/// Holds these people's rows until the transaction ends (PostgreSQL; SQLite has one writer).
async fn lock_people<C: ConnectionTrait>(c: &C, which: Condition) -> Result<(), DbErr> {
    if c.get_database_backend() == DbBackend::Postgres {
        person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .filter(which)
            // Not FOR UPDATE: rows that merely refer to the person (sessions, grants to them)
            // need not wait.
            .lock(sea_orm::sea_query::LockType::NoKeyUpdate)
            .into_tuple::<Uuid>()
            .all(c)
            .await?;
    }
    Ok(())
}

/// Whom each person of the employer counts towards now: their own unit, when their grant to
/// be counted stands (not withdrawn, and given to someone who still manages them: a new
/// manager's team trend waits for the grant to be given again).
async fn counted_in<C: ConnectionTrait>(
    c: &C,
    employer: Uuid,
) -> Result<HashMap<Uuid, Uuid>, DbErr> {
    let tree = Tree::load(c, employer).await?;
    let people: Vec<(Uuid, Option<Uuid>, bool)> = person::Entity::find()
        .select_only()
        .columns([
            person::Column::Id,
            person::Column::UnitId,
            person::Column::Active,
        ])
        .filter(person::Column::EmployerId.eq(employer))
        .into_tuple()
        .all(c)
        .await?;
    let unit_of: HashMap<Uuid, usize> = people
        .iter()
        .filter_map(|(p, u, _)| Some((*p, *tree.index.get(&(*u)?)?)))
        .collect();
    let active: HashSet<Uuid> = people
        .iter()
        .filter(|(_, _, a)| *a)
        .map(|(p, _, _)| *p)
        .collect();
    let grants: Vec<(Uuid, Uuid)> = consent::Entity::find()
        .select_only()
        .columns([consent::Column::PersonId, consent::Column::RecipientId])
        .filter(consent::Column::Scope.eq(Scope::TeamTrend.code()))
        .filter(consent::Column::Recipient.eq(Recipient::Manager.code()))
        .filter(consent::Column::WithdrawnAt.is_null())
        .filter(
            consent::Column::PersonId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(person::Column::Id)
                    .from(person::Entity)
                    .and_where(person::Column::EmployerId.eq(employer))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(c)
        .await?;
    let leads: Vec<(Uuid, Uuid)> = unit_manager::Entity::find()
        .select_only()
        .columns([unit_manager::Column::UnitId, unit_manager::Column::PersonId])
        .filter(
            unit_manager::Column::UnitId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(unit::Column::Id)
                    .from(unit::Entity)
                    .and_where(unit::Column::EmployerId.eq(employer))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(c)
        .await?;
    let mut leads_of: Vec<Vec<Uuid>> = vec![vec![]; tree.len()];
    for (u, p) in leads {
        if let (Some(&i), true) = (tree.index.get(&u), active.contains(&p)) {
            leads_of[i].push(p);
        }
    }
    Ok(grants
        .into_iter()
        .filter(|(person, recipient)| {
            domain::org::nearest_leads(
                unit_of.get(person).copied(),
                *person,
                |i| tree.parents[i],
                |i| leads_of[i].clone(),
            )
            .contains(recipient)
        })
        .filter_map(|(person, _)| Some((person, tree.ids[*unit_of.get(&person)?])))
        .collect())
}

/// A unit: id, parent, name.
type UnitRow = (Uuid, Option<Uuid>, String);

/// The employer's units, parents before children, in flat arrays: subtree totals are then one
/// backward pass, on the path the team-trend benchmark measures. The other walks of the unit
/// tree (reach, the tops of it, a person's managers) are `domain::org`'s.
struct Tree {
    ids: Vec<Uuid>,
    names: Vec<String>,
    parents: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    index: HashMap<Uuid, usize>,
}

impl Tree {
    async fn load<C: ConnectionTrait>(c: &C, employer: Uuid) -> Result<Self, DbErr> {
        let units: Vec<UnitRow> = unit::Entity::find()
            .select_only()
            .columns([unit::Column::Id, unit::Column::ParentId, unit::Column::Name])
            .filter(unit::Column::EmployerId.eq(employer))
            .into_tuple()
            .all(c)
            .await?;
        Ok(Self::new(&units))
    }

    fn new(units: &[UnitRow]) -> Self {
        let known: HashSet<Uuid> = units.iter().map(|u| u.0).collect();
        let mut kids: HashMap<Option<Uuid>, Vec<&UnitRow>> = HashMap::new();
        for u in units {
            // A parent outside the employer's tree makes the unit a root.
            let parent = u.1.filter(|p| known.contains(p));
            kids.entry(parent).or_default().push(u);
        }
        let mut order: Vec<(&UnitRow, Option<usize>)> = vec![];
        let mut queue: std::collections::VecDeque<(Option<Uuid>, Option<usize>)> =
            [(None, None)].into();
        while let Some((id, at)) = queue.pop_front() {
            for u in kids.get(&id).into_iter().flatten() {
                order.push((u, at));
                queue.push_back((Some(u.0), Some(order.len() - 1)));
            }
        }
        let n = order.len();
        let mut children = vec![vec![]; n];
        for (i, (_, p)) in order.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        Tree {
            ids: order.iter().map(|(u, _)| u.0).collect(),
            names: order.iter().map(|(u, _)| u.2.clone()).collect(),
            parents: order.iter().map(|(_, p)| *p).collect(),
            index: order
                .iter()
                .enumerate()
                .map(|(i, (u, _))| (u.0, i))
                .collect(),
            children,
        }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    /// Each unit's value plus everything below it.
    fn subtree_totals<T: Clone>(&self, own: &[T], add: impl Fn(&mut T, &T)) -> Vec<T> {
        let mut total = own.to_vec();
        for i in (0..self.len()).rev() {
            if let Some(p) = self.parents[i] {
                let child = total[i].clone();
                add(&mut total[p], &child);
            }
        }
        total
    }

    fn empty(&self, r: usize, threshold: Threshold) -> TeamTrend {
        let named = |i: usize| (UnitId::from_uuid(self.ids[i]), self.names[i].clone());
        TeamTrend {
            unit: named(r),
            below: self.children[r].iter().map(|&i| named(i)).collect(),
            threshold,
            weeks: vec![],
        }
    }
}
