//! People as Orka knows them: who is signed in, their roles and the units they lead, names for
//! lists, and the demo personas. With `org` this is the service's bottom room: it imports
//! nothing but the tables.

use crate::entity::{employer, person, person_role, unit, unit_manager};
use crate::{Db, StoreError};
use domain::access::Actor;
use domain::{EmployerId, PersonId, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub employer_id: EmployerId,
    pub employer_name: String,
    pub display_name: String,
}

/// The four ready-made people of demo mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoPersona {
    Employee,
    Manager,
    Coordinator,
    SickListed,
    Admin,
}

impl DemoPersona {
    pub const ALL: [DemoPersona; 5] = [
        Self::Employee,
        Self::Manager,
        Self::Coordinator,
        Self::SickListed,
        Self::Admin,
    ];

    pub fn code(&self) -> &'static str {
        match self {
            Self::Employee => "employee",
            Self::Manager => "manager",
            Self::Coordinator => "coordinator",
            Self::SickListed => "sicklisted",
            Self::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

pub async fn find_demo_persona(
    db: &Db,
    persona: DemoPersona,
) -> Result<Option<Person>, StoreError> {
    let found = person::Entity::find()
        .filter(person::Column::DemoPersona.eq(persona.code()))
        .filter(person::Column::Active.eq(true))
        .find_also_related(employer::Entity)
        .one(db.conn())
        .await?;
    Ok(found.and_then(|(p, e)| e.map(|e| to_person(p, e))))
}

pub(crate) fn to_person(p: person::Model, e: employer::Model) -> Person {
    Person {
        id: PersonId::from_uuid(p.id),
        employer_id: EmployerId::from_uuid(e.id),
        employer_name: e.name,
        display_name: p.display_name,
    }
}

pub async fn find_active(db: &Db, id: uuid::Uuid) -> Result<Option<Person>, StoreError> {
    let found = person::Entity::find_by_id(id)
        .filter(person::Column::Active.eq(true))
        .find_also_related(employer::Entity)
        .one(db.conn())
        .await?;
    Ok(found.and_then(|(p, e)| e.map(|e| to_person(p, e))))
}

/// An active person by the provider's `sub` at an employer: how API tokens find their person.
pub async fn find_by_subject(
    db: &Db,
    employer: EmployerId,
    subject: &str,
) -> Result<Option<(Person, bool)>, StoreError> {
    let found = person::Entity::find()
        .filter(person::Column::EmployerId.eq(employer.as_uuid()))
        .filter(person::Column::Subject.eq(subject))
        .find_also_related(employer::Entity)
        .one(db.conn())
        .await?;
    Ok(found.and_then(|(p, e)| {
        let active = p.active;
        e.map(|e| (to_person(p, e), active))
    }))
}

/// A person's roles from every source, each once.
pub(crate) async fn roles_of(db: &Db, id: uuid::Uuid) -> Result<Vec<Role>, StoreError> {
    let mut roles: Vec<Role> = person_role::Entity::find()
        .filter(person_role::Column::PersonId.eq(id))
        .all(db.conn())
        .await?
        .iter()
        .filter_map(|r| Role::parse(&r.role))
        .collect();
    roles.sort();
    roles.dedup();
    Ok(roles)
}

pub(crate) async fn units_led_by(db: &Db, id: uuid::Uuid) -> Result<Vec<uuid::Uuid>, StoreError> {
    Ok(unit_manager::Entity::find()
        .filter(unit_manager::Column::PersonId.eq(id))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|m| m.unit_id)
        .collect())
}

/// Display names by id, for lists that name other people (recipients, log entries).
pub(crate) async fn names(
    db: &Db,
    ids: impl IntoIterator<Item = uuid::Uuid>,
) -> Result<HashMap<uuid::Uuid, String>, StoreError> {
    let mut ids: Vec<uuid::Uuid> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|p| (p.id, p.display_name))
        .collect())
}

/// The places a person's role gives them, for the app's menu.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Places {
    /// Leads a unit or coordinates rehabilitation: a team page and the list of cases.
    pub team: bool,
    pub admin: bool,
    pub editor: bool,
    /// Reads the employer's outcomes and sick-leave figures (admins and analysts).
    pub outcomes: bool,
}

pub async fn places(db: &Db, id: PersonId) -> Result<Places, StoreError> {
    let me = id.as_uuid();
    let roles = roles_of(db, me).await?;
    Ok(Places {
        team: roles.contains(&Role::Coordinator) || !units_led_by(db, me).await?.is_empty(),
        admin: roles.contains(&Role::Admin),
        editor: roles.contains(&Role::Editor),
        outcomes: roles.contains(&Role::Admin) || roles.contains(&Role::Analyst),
    })
}

/// The units the actor leads that are not below another unit they lead, with their names: the
/// tops of their reach, one team trend each.
pub async fn top_units_led(
    db: &Db,
    actor: &Actor,
) -> Result<Vec<(uuid::Uuid, String)>, StoreError> {
    let led = units_led_by(db, actor.person.as_uuid()).await?;
    let units = unit::Entity::find()
        .filter(unit::Column::EmployerId.eq(actor.employer.as_uuid()))
        .all(db.conn())
        .await?;
    let tree: Vec<(uuid::Uuid, Option<uuid::Uuid>)> =
        units.iter().map(|u| (u.id, u.parent_id)).collect();
    let mut tops = domain::org::tops(&led, &tree);
    tops.sort();
    Ok(tops
        .into_iter()
        .filter_map(|id| {
            let unit = units.iter().find(|u| u.id == id)?;
            Some((id, unit.name.clone()))
        })
        .collect())
}
