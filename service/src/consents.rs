//! What a person shares, with whom: granting, withdrawing, and the read-time question "does
//! this grant still stand?" that every shared read asks.
//!
//! A grant names the person who held the recipient role when it was given. It stands while
//! it is not withdrawn and that person still holds the role (still the person's manager, still
//! a coordinator of the employer, still above the person's manager): a new manager starts with
//! nothing.

use crate::entity::consent;
use crate::grants::{holder, occupational_health_for, service_names};
use crate::org::{coordinators_for, managers_above, managers_of};
use crate::policy::OwnData;
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::consent::{check_grant, GrantProblem, Recipient, Scope};
use domain::guidance::Language;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub use crate::grants::Service;
pub use crate::org::Candidate;

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
