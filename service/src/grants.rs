//! Standing grants: whether a grant a person gave still stands (not withdrawn, and its
//! recipient still holds the role it was given to), and the lookups that name grants and their
//! holders. The policy asks here before a shared read; the consent use cases write the grants.

use crate::entity::{consent, employer_contact, person};
use crate::org::{coordinators_for, managers_above, managers_of};
use crate::{Db, StoreError};
use domain::consent::{Recipient, Scope};
use domain::guidance::ContactKind;
use domain::PersonId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// A service outside the employer a scope can be granted to: an entry of the employer's
/// contact directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub id: Uuid,
    pub name: String,
}

/// The grant under which `recipient` may have `scope` of `person`'s data now, if one stands.
pub(crate) async fn standing(
    db: &Db,
    person: PersonId,
    recipient: PersonId,
    scope: Scope,
) -> Result<Option<Uuid>, StoreError> {
    let rows = consent::Entity::find()
        .filter(consent::Column::PersonId.eq(person.as_uuid()))
        .filter(consent::Column::RecipientId.eq(recipient.as_uuid()))
        .filter(consent::Column::Scope.eq(scope.code()))
        .filter(consent::Column::WithdrawnAt.is_null())
        .all(db.conn())
        .await?;
    for row in rows {
        if holds_role(db, &row).await? {
            return Ok(Some(row.id));
        }
    }
    Ok(None)
}

/// Who a grant is to: the person, or the service outside the employer.
pub(crate) fn holder(row: &consent::Model) -> Uuid {
    row.service_id.unwrap_or(row.recipient_id)
}

/// Whether the recipient of a grant still holds the role it was given to.
pub(crate) async fn holds_role(db: &Db, row: &consent::Model) -> Result<bool, StoreError> {
    let holders = match Recipient::parse(&row.recipient) {
        Some(Recipient::Manager) => managers_of(db, row.person_id).await?,
        Some(Recipient::Coordinator) => coordinators_for(db, row.person_id).await?,
        Some(Recipient::ManagerAbove) => managers_above(db, row.person_id).await?,
        Some(Recipient::OccupationalHealth) => {
            let services = occupational_health_for(db, row.person_id).await?;
            return Ok(services.iter().any(|c| Some(c.id) == row.service_id));
        }
        None => return Ok(false),
    };
    Ok(holders.iter().any(|c| c.id.as_uuid() == row.recipient_id))
}

/// The occupational-health services in the directory of the person's employer that have an
/// e-mail address: the only way Orka can tell them.
pub(crate) async fn occupational_health_for(
    db: &Db,
    person: Uuid,
) -> Result<Vec<Service>, StoreError> {
    let Some(me) = person::Entity::find_by_id(person).one(db.conn()).await? else {
        return Ok(vec![]);
    };
    Ok(employer_contact::Entity::find()
        .filter(employer_contact::Column::EmployerId.eq(me.employer_id))
        .filter(employer_contact::Column::Kind.eq(ContactKind::OccupationalHealth.code()))
        .filter(employer_contact::Column::Email.is_not_null())
        .order_by_asc(employer_contact::Column::Name)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|c| Service {
            id: c.id,
            name: c.name,
        })
        .collect())
}

/// The names of directory entries among `ids`, for grants to them and their reads in the log.
pub(crate) async fn service_names(
    db: &Db,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, StoreError> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(employer_contact::Entity::find()
        .filter(employer_contact::Column::Id.is_in(ids))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect())
}

/// The people whose grants of `scope` to `recipient` are not withdrawn, with the grant. The
/// caller has established that the recipient holds the role the grants were given to.
pub(crate) async fn granted_to(
    db: &Db,
    recipient: PersonId,
    scope: Scope,
) -> Result<HashMap<Uuid, Uuid>, StoreError> {
    Ok(consent::Entity::find()
        .filter(consent::Column::RecipientId.eq(recipient.as_uuid()))
        .filter(consent::Column::Scope.eq(scope.code()))
        .filter(consent::Column::WithdrawnAt.is_null())
        .all(db.conn())
        .await?
        .into_iter()
        .map(|r| (r.person_id, r.id))
        .collect())
}

/// The recipient role of each of these grants.
pub(crate) async fn recipients_of(
    db: &Db,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<std::collections::HashMap<Uuid, Recipient>, StoreError> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(consent::Entity::find()
        .filter(consent::Column::Id.is_in(ids))
        .all(db.conn())
        .await?
        .into_iter()
        .filter_map(|r| Some((r.id, Recipient::parse(&r.recipient)?)))
        .collect())
}
