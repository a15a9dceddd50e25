//! "I want to talk to someone", to occupational health: a service outside the employer with no
//! sign-in. When a check-in asks to talk under a grant to the employer's occupational health,
//! the service gets an e-mail that says only that someone at the employer asked to be
//! contacted, with a link to a page that for `OUTSIDE_LINK_DAYS` shows who and how to reach
//! them. The manager is told nothing: the alert is to the service alone.
//!
//! Every opening of the page is in the person's access log, under the grant; a withdrawn grant
//! closes the page at once, as it ends every other read.

use crate::access_log::{self, Read, What, Why};
use crate::entity::{alert, consent, employer, employer_contact, person, talk_link};
use crate::mail::{self, Notice, Queued};
use crate::sessions::{hashed, random_token};
use crate::{Db, StoreError};
use chrono::{DateTime, Duration, Utc};
use domain::consent::OUTSIDE_LINK_DAYS;
use domain::PersonId;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Queues the mail for each new alert to occupational health, with its page: one per alert,
/// however often the check-in is sent again.
pub(crate) async fn tell_occupational_health(
    db: &Db,
    person: PersonId,
    alerts: Vec<(Uuid, Uuid)>,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut queued = 0;
    for (alert, contact) in alerts {
        let Some(service) = employer_contact::Entity::find_by_id(contact)
            .one(db.conn())
            .await?
        else {
            continue;
        };
        let Some(to) = service.email.clone() else {
            continue;
        };
        let employer = employer::Entity::find_by_id(service.employer_id)
            .one(db.conn())
            .await?
            .map(|e| e.name)
            .unwrap_or_default();
        let token = random_token();
        let expires = now + Duration::days(OUTSIDE_LINK_DAYS);
        let link = talk_link::ActiveModel {
            id: Set(Uuid::new_v4()),
            alert_id: Set(alert),
            person_id: Set(person.as_uuid()),
            contact_id: Set(contact),
            token_hash: Set(hashed(&token)),
            created_at: Set(now),
            expires_at: Set(expires),
            opened_at: Set(None),
            contacted_at: Set(None),
        };
        let mail = Queued {
            to,
            notice: Notice::TalkRequest {
                employer,
                token,
                until: domain::time::stockholm_date(expires),
            },
        };
        queued += db
            .write(move |txn| {
                let (link, mail) = (link.clone(), mail.clone());
                Box::pin(async move {
                    talk_link::Entity::insert(link)
                        .on_conflict_do_nothing_on([talk_link::Column::AlertId])
                        .exec_without_returning(txn)
                        .await?;
                    // The mail may say the link is good for as long as it is.
                    let key = format!("talk-request:{alert}");
                    mail::enqueue(txn, key, person.as_uuid(), mail, now, expires).await
                })
            })
            .await?;
    }
    Ok(queued)
}

/// What occupational health sees: whom to contact and how, nothing else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TalkPage {
    pub person_name: String,
    pub email: Option<String>,
    pub employer: String,
    /// The service the mail went to, as the employer's directory names it.
    pub service: String,
    pub asked_at: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub contacted_at: Option<DateTime<Utc>>,
}

/// The page behind a live link, logged as read by the service. `None` alike for an unknown
/// or expired token, a withdrawn grant, a service no longer in the directory, and a person who
/// has left.
pub async fn open(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<TalkPage>, StoreError> {
    let Some(Live { link, grant, asked }) = live(db, token, now).await? else {
        return Ok(None);
    };
    let Some(who) = person::Entity::find_by_id(link.person_id)
        .one(db.conn())
        .await?
        .filter(|p| p.active)
    else {
        return Ok(None);
    };
    let Some(service) = employer_contact::Entity::find_by_id(link.contact_id)
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    let employer = employer::Entity::find_by_id(who.employer_id)
        .one(db.conn())
        .await?
        .map(|e| e.name)
        .unwrap_or_default();
    access_log::record(
        db,
        vec![Read {
            actor: PersonId::from_uuid(link.contact_id),
            subject: PersonId::from_uuid(link.person_id),
            what: What::TalkRequest,
            why: Why::Consent(grant),
        }],
        now,
    )
    .await?;
    if link.opened_at.is_none() {
        let id = link.id;
        db.write(move |txn| {
            let update = talk_link::Entity::update_many()
                .col_expr(talk_link::Column::OpenedAt, Expr::value(now))
                .filter(talk_link::Column::Id.eq(id))
                .filter(talk_link::Column::OpenedAt.is_null());
            Box::pin(async move { update.exec(txn).await.map(drop) })
        })
        .await?;
    }
    Ok(Some(TalkPage {
        person_name: who.display_name,
        email: who.email,
        employer,
        service: service.name,
        asked_at: asked.raised_at,
        until: link.expires_at,
        contacted_at: link.contacted_at,
    }))
}

/// Occupational health says it has made contact: the alert is acknowledged, and the page says
/// so to whoever opens it next. `false` where `open` would show nothing.
pub async fn mark_contacted(db: &Db, token: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let Some(Live { link, .. }) = live(db, token, now).await? else {
        return Ok(false);
    };
    let (id, alert) = (link.id, link.alert_id);
    db.write(move |txn| {
        Box::pin(async move {
            talk_link::Entity::update_many()
                .col_expr(talk_link::Column::ContactedAt, Expr::value(now))
                .filter(talk_link::Column::Id.eq(id))
                .filter(talk_link::Column::ContactedAt.is_null())
                .exec(txn)
                .await?;
            alert::Entity::update_many()
                .col_expr(alert::Column::AcknowledgedAt, Expr::value(now))
                .filter(alert::Column::Id.eq(alert))
                .filter(alert::Column::AcknowledgedAt.is_null())
                .exec(txn)
                .await
                .map(drop)
        })
    })
    .await?;
    Ok(true)
}

/// A link while it is good: the alert it is about and the grant that alert stands on.
struct Live {
    link: talk_link::Model,
    grant: Uuid,
    asked: alert::Model,
}

async fn live(db: &Db, token: &str, now: DateTime<Utc>) -> Result<Option<Live>, StoreError> {
    let Some(link) = talk_link::Entity::find()
        .filter(talk_link::Column::TokenHash.eq(hashed(token)))
        .one(db.conn())
        .await?
        .filter(|l| now < l.expires_at)
    else {
        return Ok(None);
    };
    let Some(asked) = alert::Entity::find_by_id(link.alert_id)
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    let Some(grant) = consent::Entity::find_by_id(asked.consent_id)
        .filter(consent::Column::WithdrawnAt.is_null())
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    if !crate::grants::holds_role(db, &grant).await? {
        return Ok(None);
    }
    Ok(Some(Live {
        link,
        grant: grant.id,
        asked,
    }))
}
