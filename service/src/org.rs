//! The organisation as the rest of the service reads it: an employer's units with their
//! active leads, and who holds a role toward a person (their managers, the managers above
//! them, the employer's coordinators). It sits at the bottom with `people`: the policy and the
//! grants are built on it, and it imports nothing but the tables.

use crate::entity::{person, person_role, unit, unit_manager};
use crate::{Db, StoreError};
use domain::{PersonId, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// An active person of the employer, named: someone a role toward a person falls to, and so
/// someone a scope can be granted to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: PersonId,
    pub name: String,
}

/// A person's manager(s), as `domain::org::nearest_leads` defines them, among active people.
pub(crate) async fn managers_of(db: &Db, person: Uuid) -> Result<Vec<Candidate>, StoreError> {
    managers_by(db, person, OrgTree::nearest).await
}

/// The managers further up than the person's own, among active people.
pub(crate) async fn managers_above(db: &Db, person: Uuid) -> Result<Vec<Candidate>, StoreError> {
    managers_by(db, person, OrgTree::above).await
}

async fn managers_by(
    db: &Db,
    person: Uuid,
    which: fn(&OrgTree, Option<Uuid>, Uuid) -> Vec<Uuid>,
) -> Result<Vec<Candidate>, StoreError> {
    let Some(me) = person::Entity::find_by_id(person).one(db.conn()).await? else {
        return Ok(vec![]);
    };
    let tree = OrgTree::load(db, me.employer_id).await?;
    active_candidates(db, me.employer_id, which(&tree, me.unit_id, person)).await
}

/// An employer's units with their active leads: who manages whom, for many people from one
/// read.
pub(crate) struct OrgTree {
    parents: HashMap<Uuid, Option<Uuid>>,
    leads: HashMap<Uuid, Vec<Uuid>>,
}

impl OrgTree {
    pub(crate) async fn load(db: &Db, employer: Uuid) -> Result<Self, StoreError> {
        let parents: HashMap<Uuid, Option<Uuid>> = unit::Entity::find()
            .filter(unit::Column::EmployerId.eq(employer))
            .all(db.conn())
            .await?
            .into_iter()
            .map(|u| (u.id, u.parent_id))
            .collect();
        let rows = unit_manager::Entity::find()
            .filter(unit_manager::Column::UnitId.is_in(parents.keys().copied()))
            .all(db.conn())
            .await?;
        let active: Vec<Uuid> =
            active_candidates(db, employer, rows.iter().map(|m| m.person_id).collect())
                .await?
                .into_iter()
                .map(|c| c.id.as_uuid())
                .collect();
        let mut leads: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for m in rows.into_iter().filter(|m| active.contains(&m.person_id)) {
            leads.entry(m.unit_id).or_default().push(m.person_id);
        }
        Ok(Self { parents, leads })
    }

    fn parent(&self, unit: Uuid) -> Option<Uuid> {
        self.parents.get(&unit).copied().flatten()
    }

    fn leads_of(&self, unit: Uuid) -> Vec<Uuid> {
        self.leads.get(&unit).cloned().unwrap_or_default()
    }

    /// The unit whose leads are the person's own managers.
    pub(crate) fn managing_unit(&self, unit: Option<Uuid>, person: Uuid) -> Option<Uuid> {
        domain::org::managing_unit(unit, person, |u| self.parent(u), |u| self.leads_of(u))
    }

    fn nearest(&self, unit: Option<Uuid>, person: Uuid) -> Vec<Uuid> {
        domain::org::nearest_leads(unit, person, |u| self.parent(u), |u| self.leads_of(u))
    }

    /// The leads of every unit above the one whose leads are the person's own managers.
    fn above(&self, unit: Option<Uuid>, person: Uuid) -> Vec<Uuid> {
        let own = self.nearest(unit, person);
        let mut out = vec![];
        let mut at = self
            .managing_unit(unit, person)
            .and_then(|u| self.parent(u));
        // Bounded like the walk in `managing_unit`, so a cycle in bad data ends.
        for _ in 0..64 {
            let Some(u) = at else { break };
            for lead in self.leads_of(u) {
                if lead != person && !own.contains(&lead) && !out.contains(&lead) {
                    out.push(lead);
                }
            }
            at = self.parent(u);
        }
        out
    }
}

/// The coordinators of the person's employer, other than the person.
pub(crate) async fn coordinators_for(db: &Db, person: Uuid) -> Result<Vec<Candidate>, StoreError> {
    let Some(me) = person::Entity::find_by_id(person).one(db.conn()).await? else {
        return Ok(vec![]);
    };
    let ids: Vec<Uuid> = person_role::Entity::find()
        .filter(person_role::Column::Role.eq(Role::Coordinator.code()))
        .filter(person_role::Column::PersonId.ne(person))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|r| r.person_id)
        .collect();
    active_candidates(db, me.employer_id, ids).await
}

async fn active_candidates(
    db: &Db,
    employer: Uuid,
    ids: Vec<Uuid>,
) -> Result<Vec<Candidate>, StoreError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .filter(person::Column::EmployerId.eq(employer))
        .filter(person::Column::Active.eq(true))
        .order_by_asc(person::Column::DisplayName)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|p| Candidate {
            id: PersonId::from_uuid(p.id),
            name: p.display_name,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managers_above_are_the_leads_above_the_persons_own() {
        let u = |n: u128| Uuid::from_u128(n);
        let (a, b, c, p) = (u(10), u(20), u(21), u(30));
        // 1 (led by A) ─ 2 (led by B and C) ─ 3 (no lead of its own)
        let tree = OrgTree {
            parents: HashMap::from([(u(1), None), (u(2), Some(u(1))), (u(3), Some(u(2)))]),
            leads: HashMap::from([(u(1), vec![a]), (u(2), vec![b, c])]),
        };
        assert_eq!(tree.managing_unit(Some(u(3)), p), Some(u(2)));
        assert_eq!(tree.nearest(Some(u(3)), p), [b, c]);
        assert_eq!(tree.above(Some(u(3)), p), [a]);
        // A co-lead's own manager is the other lead; the one above stays above.
        assert_eq!(tree.nearest(Some(u(2)), b), [c]);
        assert_eq!(tree.above(Some(u(2)), b), [a]);
        // At the top there is nobody, and without a unit nobody either.
        assert!(tree.above(Some(u(1)), a).is_empty());
        assert!(tree.above(None, p).is_empty());
    }
}
