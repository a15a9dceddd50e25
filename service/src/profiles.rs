//! Who someone is at work, shown to those the policy lets see it: one person's profile and
//! the list of the people an actor may look up.

use crate::entity::{person, unit};
use crate::org::OrgTree;
use crate::people::{roles_of, units_led_by};
use crate::policy::{self, ProfileAccess};
use crate::{Db, StoreError};
use domain::access::Actor;
use domain::{PersonId, Role, UnitId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// A unit as people see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitRef {
    pub id: UnitId,
    pub name: String,
    /// `Förvaltning/Enhet/Arbetsgrupp`, when the unit came from an import.
    pub path: Option<String>,
}

/// Who someone is at work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub id: PersonId,
    pub display_name: String,
    pub email: Option<String>,
    pub unit: Option<UnitRef>,
    pub active: bool,
    pub roles: Vec<Role>,
    pub leads: Vec<UnitRef>,
}

pub async fn profile(db: &Db, access: &ProfileAccess) -> Result<Option<Profile>, StoreError> {
    let id = access.0.person.as_uuid();
    let Some(p) = person::Entity::find_by_id(id).one(db.conn()).await? else {
        return Ok(None);
    };
    let unit = match p.unit_id {
        Some(u) => unit::Entity::find_by_id(u).one(db.conn()).await?,
        None => None,
    };
    let roles = roles_of(db, id).await?;
    let leads = unit::Entity::find()
        .filter(unit::Column::Id.is_in(units_led_by(db, id).await?))
        .order_by_asc(unit::Column::Name)
        .all(db.conn())
        .await?;
    Ok(Some(Profile {
        id: PersonId::from_uuid(p.id),
        display_name: p.display_name,
        email: p.email,
        unit: unit.map(unit_ref),
        active: p.active,
        roles,
        leads: leads.into_iter().map(unit_ref).collect(),
    }))
}

fn unit_ref(u: unit::Model) -> UnitRef {
    UnitRef {
        id: UnitId::from_uuid(u.id),
        name: u.name,
        path: u.path,
    }
}

/// A line in a list of people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonLine {
    pub id: PersonId,
    pub display_name: String,
    pub unit: Option<String>,
    pub active: bool,
}

/// Everyone at the actor's employer whose profile the actor may see, by name. The query only
/// narrows the candidates; the policy decides for each one.
pub async fn visible_to(db: &Db, actor: &Actor) -> Result<Vec<PersonLine>, StoreError> {
    let everyone = actor.roles.contains(&Role::Coordinator) || actor.roles.contains(&Role::Admin);
    let mut query = person::Entity::find()
        .filter(person::Column::EmployerId.eq(actor.employer.as_uuid()))
        .order_by_asc(person::Column::DisplayName);
    if !everyone {
        let reach: Vec<uuid::Uuid> = actor.reach.iter().map(|u| u.as_uuid()).collect();
        query = query.filter(
            sea_orm::Condition::any()
                .add(person::Column::Id.eq(actor.person.as_uuid()))
                .add(person::Column::UnitId.is_in(reach)),
        );
    }
    let rows = query.all(db.conn()).await?;
    let tree = OrgTree::load(db, actor.employer.as_uuid()).await?;
    let units: HashMap<uuid::Uuid, String> = unit::Entity::find()
        .filter(unit::Column::EmployerId.eq(actor.employer.as_uuid()))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.path.unwrap_or(u.name)))
        .collect();
    Ok(rows
        .into_iter()
        .filter(|p| {
            let s = policy::subject_in(&tree, p.id, p.employer_id, p.unit_id);
            policy::view_profile(actor, s).is_ok()
        })
        .map(|p| PersonLine {
            id: PersonId::from_uuid(p.id),
            display_name: p.display_name,
            unit: p.unit_id.and_then(|u| units.get(&u).cloned()),
            active: p.active,
        })
        .collect())
}
