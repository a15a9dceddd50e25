//! A unit's anonymous weekly trend for its manager: the unit and each unit directly below it,
//! counting only people who chose to be counted, shown only where the group is large enough.
//!
//! Which figures are shown is decided for the employer's whole unit tree at once, week by
//! week, so the view of a department and the view of one of its teams never combine into a
//! small group (`domain::trend::shown`).

use crate::entity::{check_in, consent, person, unit, unit_manager};
use crate::policy::TeamAccess;
use crate::{Db, StoreError};
use domain::consent::{Recipient, Scope};
use domain::trend::{figures, shown, Figures, Sums, Threshold};
use domain::{IsoWeek, UnitId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// One group in one week.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// `None` when hidden (too few, or it would give a small group away) or nobody answered.
    pub figures: Option<Figures>,
    /// Hidden to protect anonymity (as opposed to: nobody answered WHO-5 that week).
    pub hidden: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Week {
    pub week: IsoWeek,
    pub unit: Cell,
    /// The units directly below, in the order of `TeamTrend::below`.
    pub below: Vec<Cell>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TeamTrend {
    pub unit: (UnitId, String),
    pub below: Vec<(UnitId, String)>,
    pub threshold: Threshold,
    pub weeks: Vec<Week>,
}

/// The trend of `access`'s unit over `weeks` (oldest first).
#[tracing::instrument(skip_all)]
pub async fn team_trend(
    db: &Db,
    access: &TeamAccess,
    weeks: &[IsoWeek],
    threshold: Threshold,
) -> Result<TeamTrend, StoreError> {
    let (employer, root) = (access.employer().as_uuid(), access.unit().as_uuid());
    let units = unit::Entity::find()
        .filter(unit::Column::EmployerId.eq(employer))
        .all(db.conn())
        .await?;
    let tree = Tree::new(&units);
    let Some(&r) = tree.index.get(&root) else {
        return Err(StoreError(sea_orm::DbErr::RecordNotFound(
            "the unit left the employer's tree".into(),
        )));
    };
    let people: Vec<(Uuid, Option<Uuid>, bool)> = person::Entity::find()
        .select_only()
        .columns([
            person::Column::Id,
            person::Column::UnitId,
            person::Column::Active,
        ])
        .filter(person::Column::EmployerId.eq(employer))
        .into_tuple()
        .all(db.conn())
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
    let counted = counted(db, employer, &tree, &unit_of, &active).await?;
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return Ok(tree.empty(r, threshold));
    };
    // Members: active people in each unit (participation is a share of them).
    let mut members = vec![0u32; tree.len()];
    for (p, _, active) in &people {
        if let (true, Some(&i)) = (*active, unit_of.get(p)) {
            members[i] += 1;
        }
    }
    let members = tree.subtree_totals(&members, |a, b| *a += b);
    let mut by_week: HashMap<String, Vec<Sums>> = HashMap::new();
    let counted: Vec<Uuid> = counted.into_iter().collect();
    // Summed in the database, per unit and week: a few hundred rows, not one per check-in.
    // Chunked to stay under SQLite's limit on bound values.
    for chunk in counted.chunks(10_000) {
        for row in sums_by_unit(db, chunk, first, last).await? {
            let Some(&i) = row.unit.and_then(|u| tree.index.get(&u)) else {
                continue;
            };
            let sums = by_week
                .entry(row.week)
                .or_insert_with(|| vec![Sums::default(); tree.len()]);
            sums[i].merge(&Sums {
                checked_in: row.checked_in as u32,
                who5_answers: row.who5_answers as u32,
                who5_total: row.who5_total as u32,
                who5_below_50: row.who5_below_50 as u32,
            });
        }
    }
    let below_idx: Vec<usize> = tree.children[r].clone();
    let weeks = weeks
        .iter()
        .map(|week| {
            let own = by_week
                .remove(&week.to_string())
                .unwrap_or_else(|| vec![Sums::default(); tree.len()]);
            let sums = tree.subtree_totals(&own, Sums::merge);
            let sizes: Vec<u32> = sums.iter().map(|s| s.who5_answers).collect();
            let flags = shown(&tree.parents, &sizes, threshold);
            let cell = |i: usize| Cell {
                figures: figures(&sums[i], members[i], flags[i]),
                hidden: !flags[i] && sizes[i] > 0,
            };
            Week {
                week: *week,
                unit: cell(r),
                below: below_idx.iter().map(|&i| cell(i)).collect(),
            }
        })
        .collect();
    Ok(TeamTrend {
        weeks,
        ..tree.empty(r, threshold)
    })
}

/// People whose grant to be counted stands: not withdrawn, and given to someone who still
/// manages them (a new manager's team trend waits for the grant to be given again).
async fn counted(
    db: &Db,
    employer: Uuid,
    tree: &Tree,
    unit_of: &HashMap<Uuid, usize>,
    active: &HashSet<Uuid>,
) -> Result<HashSet<Uuid>, StoreError> {
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
        .all(db.conn())
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
        .all(db.conn())
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
        .map(|(person, _)| person)
        .collect())
}

/// The employer's units, parents before children.
struct Tree {
    ids: Vec<Uuid>,
    names: Vec<String>,
    parents: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    index: HashMap<Uuid, usize>,
}

impl Tree {
    fn new(units: &[unit::Model]) -> Self {
        let known: HashSet<Uuid> = units.iter().map(|u| u.id).collect();
        let mut kids: HashMap<Option<Uuid>, Vec<&unit::Model>> = HashMap::new();
        for u in units {
            // A parent outside the employer's tree makes the unit a root.
            let parent = u.parent_id.filter(|p| known.contains(p));
            kids.entry(parent).or_default().push(u);
        }
        let mut order: Vec<(&unit::Model, Option<usize>)> = vec![];
        let mut queue: std::collections::VecDeque<(Option<Uuid>, Option<usize>)> =
            [(None, None)].into();
        while let Some((id, at)) = queue.pop_front() {
            for u in kids.get(&id).into_iter().flatten() {
                order.push((u, at));
                queue.push_back((Some(u.id), Some(order.len() - 1)));
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
            ids: order.iter().map(|(u, _)| u.id).collect(),
            names: order.iter().map(|(u, _)| u.name.clone()).collect(),
            parents: order.iter().map(|(_, p)| *p).collect(),
            index: order
                .iter()
                .enumerate()
                .map(|(i, (u, _))| (u.id, i))
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

#[derive(Debug, sea_orm::FromQueryResult)]
struct UnitWeek {
    unit: Option<Uuid>,
    week: String,
    checked_in: i64,
    who5_answers: i64,
    who5_total: i64,
    who5_below_50: i64,
}

async fn sums_by_unit(
    db: &Db,
    people: &[Uuid],
    first: &IsoWeek,
    last: &IsoWeek,
) -> Result<Vec<UnitWeek>, StoreError> {
    // Scoped here: its methods would shadow `Ord::max` and friends elsewhere.
    use sea_orm::sea_query::{Expr, ExprTrait, Func};
    use sea_orm::JoinType;
    let score = || Expr::col((check_in::Entity, check_in::Column::Who5Score));
    let id = Expr::col((check_in::Entity, check_in::Column::Id));
    Ok(check_in::Entity::find()
        .select_only()
        .join(
            JoinType::InnerJoin,
            check_in::Entity::belongs_to(person::Entity)
                .from(check_in::Column::PersonId)
                .to(person::Column::Id)
                .into(),
        )
        .column_as(person::Column::UnitId, "unit")
        .column_as(check_in::Column::IsoWeek, "week")
        .column_as(Expr::from(Func::count(id)), "checked_in")
        .column_as(Expr::from(Func::count(score())), "who5_answers")
        .column_as(
            Expr::from(Func::coalesce([
                Expr::from(Func::sum(score())),
                Expr::val(0i64),
            ])),
            "who5_total",
        )
        .column_as(
            // Integers, so that PostgreSQL sums to bigint (a sum of bigints would be numeric).
            Expr::from(Func::sum(Expr::case(score().lt(50), 1i32).finally(0i32))),
            "who5_below_50",
        )
        .filter(check_in::Column::IsoWeek.gte(first.to_string()))
        .filter(check_in::Column::IsoWeek.lte(last.to_string()))
        .filter(check_in::Column::PersonId.is_in(people.iter().copied()))
        .group_by(person::Column::UnitId)
        .group_by(check_in::Column::IsoWeek)
        .into_model::<UnitWeek>()
        .all(db.conn())
        .await?)
}
