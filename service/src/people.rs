//! People as Orka knows them: who is signed in, and the demo personas.

use crate::entity::{employer, person};
use crate::{Db, StoreError};
use domain::{EmployerId, PersonId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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
}

impl DemoPersona {
    pub const ALL: [DemoPersona; 4] = [
        Self::Employee,
        Self::Manager,
        Self::Coordinator,
        Self::SickListed,
    ];

    pub fn code(&self) -> &'static str {
        match self {
            Self::Employee => "employee",
            Self::Manager => "manager",
            Self::Coordinator => "coordinator",
            Self::SickListed => "sicklisted",
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
