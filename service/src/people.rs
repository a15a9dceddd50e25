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

pub async fn find_active(db: &Db, id: uuid::Uuid) -> Result<Option<Person>, StoreError> {
    let found = person::Entity::find_by_id(id)
        .filter(person::Column::Active.eq(true))
        .find_also_related(employer::Entity)
        .one(db.conn())
        .await?;
    Ok(found.and_then(|(p, e)| e.map(|e| to_person(p, e))))
}

/// A person who has left: kept (their history is theirs and the employer's records need it),
/// unable to sign in, and signed out everywhere at once.
pub async fn deactivate(db: &Db, id: PersonId) -> Result<bool, StoreError> {
    let changed = db
        .write(move |txn| {
            Box::pin(async move {
                let r = person::Entity::update_many()
                    .col_expr(
                        person::Column::Active,
                        sea_orm::sea_query::Expr::value(false),
                    )
                    .filter(person::Column::Id.eq(id.as_uuid()))
                    .filter(person::Column::Active.eq(true))
                    .exec(txn)
                    .await?;
                crate::entity::session::Entity::delete_many()
                    .filter(crate::entity::session::Column::PersonId.eq(id.as_uuid()))
                    .exec(txn)
                    .await?;
                Ok(r.rows_affected == 1)
            })
        })
        .await?;
    Ok(changed)
}
