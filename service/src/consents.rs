//! What a person shares, with whom: granting, withdrawing, and the read-time question "does
//! this grant still stand?" that every shared read asks.
//!
//! A grant names the person who held the recipient role when it was given. It stands while
//! it is not withdrawn and that person still holds the role (still the person's manager, still
//! a coordinator of the employer, still above the person's manager): a new manager starts with
//! nothing.

use crate::entity::{consent, employer_contact, person, person_role, unit, unit_manager};
use crate::policy::OwnData;
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::consent::{check_grant, GrantProblem, Recipient, Scope};
use domain::guidance::{ContactKind, Language};
use domain::{PersonId, Role};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// One grant as its giver sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub id: Uuid,
    pub scope: Scope,
    pub recipient: Recipient,
    /// The person granted to; for occupational health, the employer's directory entry.
    pub recipient_id: Uuid,
    pub recipient_name: String,
    pub text_version: u16,
    pub language: Language,
    pub granted_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// Not withdrawn, and the recipient still holds the role it was given to.
    pub standing: bool,
}

/// Someone a scope can be granted to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: PersonId,
    pub name: String,
}

/// A person's grants (history included, newest first) and whom they can grant to now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consents {
    pub grants: Vec<Grant>,
    pub managers: Vec<Candidate>,
    pub coordinators: Vec<Candidate>,
    /// Managers further up than the person's own.
    pub managers_above: Vec<Candidate>,
    /// The employer's occupational-health services that can be told by e-mail.
    pub occupational_health: Vec<Service>,
}

/// A service outside the employer a scope can be granted to: an entry of the employer's
/// contact directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub id: Uuid,
    pub name: String,
}

pub struct GrantRequest {
    pub scope: Scope,
    pub recipient: Recipient,
    /// Which coordinator, manager above or occupational-health service; one's own managers
    /// follow from the organisation.
    pub chosen: Option<Uuid>,
    /// The version of the text the person was shown.
    pub text_version: u16,
    pub language: Language,
}

#[derive(Debug, thiserror::Error)]
pub enum ConsentError {
    #[error("grant refused: {0:?}")]
    Problem(GrantProblem),
    #[error("the person has no manager to grant to")]
    NoManager,
    #[error("the chosen person is not a coordinator of this employer")]
    NotACoordinator,
    #[error("the chosen person is not a manager above the person's own")]
    NotAManagerAbove,
    #[error("the chosen service is not the employer's occupational health with an e-mail address")]
    NotOccupationalHealth,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for ConsentError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Store(e.into())
    }
}

#[tracing::instrument(skip_all, fields(person = %own.person()))]
pub async fn list_consents(db: &Db, own: &OwnData) -> Result<Consents, StoreError> {
    let me = own.person().as_uuid();
    let managers = managers_of(db, me).await?;
    let coordinators = coordinators_for(db, me).await?;
    let managers_above = managers_above(db, me).await?;
    let occupational_health = occupational_health_for(db, me).await?;
    let rows = consent::Entity::find()
        .filter(consent::Column::PersonId.eq(me))
        .order_by_desc(consent::Column::GrantedAt)
        .all(db.conn())
        .await?;
    let mut names = crate::people::names(db, rows.iter().map(|r| r.recipient_id)).await?;
    names.extend(service_names(db, rows.iter().filter_map(|r| r.service_id)).await?);
    // Who holds each role now, for whether each grant still stands.
    let holders: std::collections::HashSet<(Recipient, Uuid)> = [
        (Recipient::Manager, &managers),
        (Recipient::Coordinator, &coordinators),
        (Recipient::ManagerAbove, &managers_above),
    ]
    .into_iter()
    .flat_map(|(role, people)| people.iter().map(move |c| (role, c.id.as_uuid())))
    .chain(
        occupational_health
            .iter()
            .map(|s| (Recipient::OccupationalHealth, s.id)),
    )
    .collect();
    let grants = rows
        .into_iter()
        .filter_map(|r| {
            let recipient = Recipient::parse(&r.recipient)?;
            let standing = r.withdrawn_at.is_none() && holders.contains(&(recipient, holder(&r)));
            Some(Grant {
                id: r.id,
                scope: Scope::parse(&r.scope)?,
                recipient,
                recipient_id: holder(&r),
                recipient_name: names.get(&holder(&r)).cloned().unwrap_or_default(),
                text_version: r.text_version as u16,
                language: Language::parse(&r.language).unwrap_or(Language::Sv),
                granted_at: r.granted_at,
                withdrawn_at: r.withdrawn_at,
                standing,
            })
        })
        .collect();
    Ok(Consents {
        grants,
        managers,
        coordinators,
        managers_above,
        occupational_health,
    })
}

/// Grants `scope` to the person's current manager(s), or to one chosen coordinator or manager
/// above. Granting what already stands changes nothing.
#[tracing::instrument(skip_all, fields(person = %own.person()))]
pub async fn grant_consent(
    db: &Db,
    own: &OwnData,
    request: GrantRequest,
    now: DateTime<Utc>,
) -> Result<Consents, ConsentError> {
    check_grant(request.scope, request.recipient, request.text_version)
        .map_err(ConsentError::Problem)?;
    let me = own.person().as_uuid();
    let to: Vec<Uuid> = match request.recipient {
        Recipient::Manager => {
            let managers = managers_of(db, me).await?;
            if managers.is_empty() {
                return Err(ConsentError::NoManager);
            }
            managers.iter().map(|m| m.id.as_uuid()).collect()
        }
        Recipient::Coordinator => {
            let chosen = request.chosen.ok_or(ConsentError::NotACoordinator)?;
            let coordinators = coordinators_for(db, me).await?;
            if !coordinators.iter().any(|c| c.id.as_uuid() == chosen) {
                return Err(ConsentError::NotACoordinator);
            }
            vec![chosen]
        }
        Recipient::ManagerAbove => {
            let chosen = request.chosen.ok_or(ConsentError::NotAManagerAbove)?;
            let above = managers_above(db, me).await?;
            if !above.iter().any(|c| c.id.as_uuid() == chosen) {
                return Err(ConsentError::NotAManagerAbove);
            }
            vec![chosen]
        }
        Recipient::OccupationalHealth => {
            let chosen = request.chosen.ok_or(ConsentError::NotOccupationalHealth)?;
            let services = occupational_health_for(db, me).await?;
            if !services.iter().any(|c| c.id == chosen) {
                return Err(ConsentError::NotOccupationalHealth);
            }
            vec![chosen]
        }
    };
    let standing: Vec<Uuid> = consent::Entity::find()
        .filter(consent::Column::PersonId.eq(me))
        .filter(consent::Column::Scope.eq(request.scope.code()))
        .filter(consent::Column::Recipient.eq(request.recipient.code()))
        .filter(consent::Column::WithdrawnAt.is_null())
        .all(db.conn())
        .await?
        .into_iter()
        .map(|r| holder(&r))
        .collect();
    let outside = request.recipient == Recipient::OccupationalHealth;
    let rows: Vec<consent::ActiveModel> = to
        .into_iter()
        .filter(|r| !standing.contains(r))
        .map(|to| consent::ActiveModel {
            id: Set(Uuid::new_v4()),
            person_id: Set(me),
            scope: Set(request.scope.code().to_owned()),
            recipient: Set(request.recipient.code().to_owned()),
            // The column names a person: for a service, the giver (see the entity).
            recipient_id: Set(if outside { me } else { to }),
            service_id: Set(outside.then_some(to)),
            text_version: Set(request.text_version as i16),
            language: Set(request.language.code().to_owned()),
            granted_at: Set(now),
            withdrawn_at: Set(None),
        })
        .collect();
    if !rows.is_empty() {
        let counted = request.scope == Scope::TeamTrend;
        db.write(move |txn| {
            let insert = consent::Entity::insert_many(rows.clone());
            Box::pin(async move {
                insert.exec_without_returning(txn).await?;
                if counted {
                    crate::trend::recount_person(txn, me).await?;
                }
                Ok(())
            })
        })
        .await?;
    }
    Ok(list_consents(db, own).await?)
}

/// Withdraws one grant at once: the next read that needed it is refused. `false` if the
/// person has no such standing grant.
#[tracing::instrument(skip_all, fields(person = %own.person()))]
pub async fn withdraw_consent(
    db: &Db,
    own: &OwnData,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let me = own.person().as_uuid();
    let changed = db
        .write(move |txn| {
            let update = consent::Entity::update_many()
                .col_expr(
                    consent::Column::WithdrawnAt,
                    sea_orm::sea_query::Expr::value(now),
                )
                .filter(consent::Column::Id.eq(id))
                .filter(consent::Column::PersonId.eq(me))
                .filter(consent::Column::WithdrawnAt.is_null());
            Box::pin(async move {
                let changed = update.exec(txn).await?.rows_affected;
                let scope = consent::Entity::find_by_id(id)
                    .one(txn)
                    .await?
                    .map(|c| c.scope);
                if changed > 0 && scope.as_deref() == Some(Scope::TeamTrend.code()) {
                    crate::trend::recount_person(txn, me).await?;
                }
                Ok(changed)
            })
        })
        .await?;
    Ok(changed > 0)
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
async fn occupational_health_for(db: &Db, person: Uuid) -> Result<Vec<Service>, StoreError> {
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

/// A person's manager(s), as `domain::org::nearest_leads` defines them, among active people.
pub(crate) async fn managers_of(db: &Db, person: Uuid) -> Result<Vec<Candidate>, StoreError> {
    managers_by(db, person, OrgTree::nearest).await
}

/// The managers further up than the person's own, among active people.
async fn managers_above(db: &Db, person: Uuid) -> Result<Vec<Candidate>, StoreError> {
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
