//! The employee's own case screen as one read: the case (the open one, else the latest), the
//! read-only links they have given, and whom to turn to about it. The rehab page and
//! `GET /api/v1/me/rehab` show it from here.

use crate::org::managers_of;
use crate::rehab::cases::{self, Case};
use crate::rehab::links::{self, Link};
use crate::{policy, Db, Person, StoreError};
use chrono::{DateTime, Utc};
use domain::access::Actor;

pub struct OwnCase {
    pub case: Case,
    pub links: Vec<Link>,
    /// Whom to turn to about the case, in this order.
    pub contacts: Vec<CaseContact>,
}

pub struct CaseContact {
    pub name: String,
    pub role: ContactRole,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactRole {
    /// Whoever opened the case (a coordinator or a manager), unless the employee did, by
    /// asking for adjusted work.
    OpenedCase,
    Manager,
}

/// The person's own case as they see it; `None` when they have had none.
pub async fn read(
    db: &Db,
    person: &Person,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Option<OwnCase>, StoreError> {
    let Some(id) = cases::own_case_id(db, person.id).await? else {
        return Ok(None);
    };
    let Ok(access) = policy::view_rehab_case(db, actor, id).await? else {
        return Ok(None);
    };
    let today = domain::time::stockholm_date(now);
    let Some(case) = cases::get(db, &access, person.id, today, now).await? else {
        return Ok(None);
    };
    let links = links::list(db, &access).await?;
    let opener = case.opened_by.as_ref().filter(|(_, by)| *by != person.id);
    let mut contacts: Vec<CaseContact> = opener
        .map(|(name, _)| CaseContact {
            name: name.clone(),
            role: ContactRole::OpenedCase,
        })
        .into_iter()
        .collect();
    for m in managers_of(db, person.id.as_uuid()).await? {
        contacts.push(CaseContact {
            name: m.name,
            role: ContactRole::Manager,
        });
    }
    Ok(Some(OwnCase {
        case,
        links,
        contacts,
    }))
}
