//! Alerts: raised when a check-in meets a rule the person consented to share, seen by the
//! recipient of that consent only while it stands, acknowledged and followed up there.
//!
//! An alert names its kind and week, never the answers behind it.

use crate::access_log::{self, Read, What, Why};
use crate::entity::{alert, consent};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::alerts::AlertKind;
use domain::consent::Recipient;
use domain::{IsoWeek, PersonId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// The longest follow-up note a recipient can record.
pub const FOLLOW_UP_MAX_CHARS: usize = 500;

/// An alert as its recipient sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertLine {
    pub id: Uuid,
    pub person: PersonId,
    pub person_name: String,
    pub kind: AlertKind,
    pub week: IsoWeek,
    pub raised_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub follow_up: Option<String>,
    pub follow_up_at: Option<DateTime<Utc>>,
    /// The grant it was raised under: the reason its reading is logged with.
    consent_id: Uuid,
}

#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    /// No such alert, or not one the actor may see (any more).
    #[error("no such alert")]
    NotFound,
    #[error("the follow-up is longer than {FOLLOW_UP_MAX_CHARS} characters")]
    TooLong,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whom newly raised alerts are to be told to: people in Orka (by push), and services outside
/// the employer (by e-mail), each with the alert.
#[derive(Debug, Default)]
pub(crate) struct Raised {
    pub told: Vec<PersonId>,
    /// (alert, directory entry) for each alert to occupational health.
    pub outside: Vec<(Uuid, Uuid)>,
}

/// Raises this week's alerts of `kinds` for `person`, one per standing grant of the kind's
/// scope; a resubmitted check-in raises nothing new.
pub(crate) async fn raise(
    db: &Db,
    person: PersonId,
    week: IsoWeek,
    kinds: &[AlertKind],
    now: DateTime<Utc>,
) -> Result<Raised, StoreError> {
    let mut rows = vec![];
    for &kind in kinds {
        let grants = consent::Entity::find()
            .filter(consent::Column::PersonId.eq(person.as_uuid()))
            .filter(consent::Column::Scope.eq(kind.scope().code()))
            .filter(consent::Column::WithdrawnAt.is_null())
            .all(db.conn())
            .await?;
        for grant in grants {
            if !crate::grants::holds_role(db, &grant).await? {
                continue;
            }
            let outside = grant.recipient == Recipient::OccupationalHealth.code();
            let id = Uuid::new_v4();
            let row = alert::ActiveModel {
                id: Set(id),
                person_id: Set(person.as_uuid()),
                consent_id: Set(grant.id),
                kind: Set(kind.code().to_owned()),
                iso_week: Set(week.to_string()),
                raised_at: Set(now),
                acknowledged_at: Set(None),
                follow_up: Set(None),
                follow_up_at: Set(None),
                reminded_at: Set(None),
            };
            rows.push((id, row, crate::grants::holder(&grant), outside));
        }
    }
    if rows.is_empty() {
        return Ok(Raised::default());
    }
    use alert::Column as C;
    let once = OnConflict::columns([C::ConsentId, C::Kind, C::IsoWeek])
        .do_nothing()
        .to_owned();
    let mut raised = db
        .write(move |txn| {
            let rows = rows.clone();
            let once = once.clone();
            Box::pin(async move {
                let mut raised = Raised::default();
                for (id, row, recipient, outside) in rows {
                    let new = alert::Entity::insert(row)
                        .on_conflict(once.clone())
                        .exec_without_returning(txn)
                        .await?;
                    match (new > 0, outside) {
                        (false, _) => {}
                        (true, false) => raised.told.push(PersonId::from_uuid(recipient)),
                        (true, true) => raised.outside.push((id, recipient)),
                    }
                }
                Ok(raised)
            })
        })
        .await?;
    raised.told.sort();
    raised.told.dedup();
    Ok(raised)
}

/// The grants to `recipient` that stand now, by id, with whose they are.
async fn standing_for(db: &Db, recipient: PersonId) -> Result<Vec<consent::Model>, StoreError> {
    let grants = consent::Entity::find()
        .filter(consent::Column::RecipientId.eq(recipient.as_uuid()))
        .filter(consent::Column::WithdrawnAt.is_null())
        .all(db.conn())
        .await?;
    let mut out = vec![];
    for g in grants {
        if crate::grants::holds_role(db, &g).await? {
            out.push(g);
        }
    }
    Ok(out)
}

/// The recipient's alerts: unacknowledged first, newest first. Every alert shown is logged for
/// the person it is about.
#[tracing::instrument(skip_all, fields(person = %recipient))]
pub async fn inbox(
    db: &Db,
    recipient: PersonId,
    now: DateTime<Utc>,
) -> Result<Vec<AlertLine>, StoreError> {
    let grants = standing_for(db, recipient).await?;
    let lines = lines(db, &grants, None).await?;
    log_reads(db, recipient, &lines, now).await?;
    Ok(lines)
}

/// Acknowledges an alert, with what was done about it (replacing an earlier note).
#[tracing::instrument(skip_all, fields(person = %recipient))]
pub async fn acknowledge(
    db: &Db,
    recipient: PersonId,
    id: Uuid,
    follow_up: Option<String>,
    now: DateTime<Utc>,
) -> Result<AlertLine, AlertError> {
    let follow_up = follow_up
        .map(|f| f.trim().to_owned())
        .filter(|f| !f.is_empty());
    if follow_up
        .as_ref()
        .is_some_and(|f| f.chars().count() > FOLLOW_UP_MAX_CHARS)
    {
        return Err(AlertError::TooLong);
    }
    let grants = standing_for(db, recipient).await?;
    let found = alert::Entity::find_by_id(id)
        .one(db.conn())
        .await
        .map_err(StoreError::from)?
        .filter(|a| grants.iter().any(|g| g.id == a.consent_id))
        .ok_or(AlertError::NotFound)?;
    db.write(move |txn| {
        let follow_up = follow_up.clone();
        let mut update = alert::Entity::update_many()
            .col_expr(
                alert::Column::AcknowledgedAt,
                sea_orm::sea_query::Expr::value(found.acknowledged_at.unwrap_or(now)),
            )
            .filter(alert::Column::Id.eq(id));
        if let Some(text) = follow_up {
            update = update
                .col_expr(
                    alert::Column::FollowUp,
                    sea_orm::sea_query::Expr::value(text),
                )
                .col_expr(
                    alert::Column::FollowUpAt,
                    sea_orm::sea_query::Expr::value(now),
                );
        }
        Box::pin(async move { update.exec(txn).await.map(drop) })
    })
    .await
    .map_err(StoreError::from)?;
    let lines = lines(db, &grants, Some(id)).await?;
    log_reads(db, recipient, &lines, now).await?;
    lines.into_iter().next().ok_or(AlertError::NotFound)
}

async fn lines(
    db: &Db,
    grants: &[consent::Model],
    only: Option<Uuid>,
) -> Result<Vec<AlertLine>, StoreError> {
    if grants.is_empty() {
        return Ok(vec![]);
    }
    let mut query = alert::Entity::find()
        .filter(alert::Column::ConsentId.is_in(grants.iter().map(|g| g.id)))
        .order_by_desc(alert::Column::RaisedAt);
    if let Some(id) = only {
        query = query.filter(alert::Column::Id.eq(id));
    }
    let rows = query.all(db.conn()).await?;
    let names = crate::people::names(db, rows.iter().map(|r| r.person_id)).await?;
    let mut lines: Vec<AlertLine> = rows
        .into_iter()
        .filter_map(|r| {
            Some(AlertLine {
                id: r.id,
                person: PersonId::from_uuid(r.person_id),
                person_name: names.get(&r.person_id).cloned().unwrap_or_default(),
                kind: AlertKind::parse(&r.kind)?,
                week: r.iso_week.parse().ok()?,
                raised_at: r.raised_at,
                acknowledged_at: r.acknowledged_at,
                follow_up: r.follow_up,
                follow_up_at: r.follow_up_at,
                consent_id: r.consent_id,
            })
        })
        .collect();
    // Stable: newest first within each group.
    lines.sort_by_key(|l| l.acknowledged_at.is_some());
    Ok(lines)
}

async fn log_reads(
    db: &Db,
    recipient: PersonId,
    lines: &[AlertLine],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let reads = lines
        .iter()
        .map(|l| Read {
            actor: recipient,
            subject: l.person,
            what: What::Alert,
            why: Why::Consent(l.consent_id),
        })
        .collect();
    access_log::record(db, reads, now).await
}

/// Reminds recipients of alerts left unacknowledged for `after` working days (again every
/// `after` working days), under grants that still stand. Returns how many pushes were queued.
pub(crate) async fn remind_waiting(
    db: &Db,
    now: DateTime<Utc>,
    after: u32,
) -> Result<u64, StoreError> {
    use domain::time::stockholm_date;
    // Calendar days are never fewer than working days: a cheap first cut in SQL.
    let cutoff = now - chrono::Duration::days(after.into());
    let waiting = alert::Entity::find()
        .filter(alert::Column::AcknowledgedAt.is_null())
        .filter(alert::Column::RaisedAt.lte(cutoff))
        .filter(
            sea_orm::Condition::any()
                .add(alert::Column::RemindedAt.is_null())
                .add(alert::Column::RemindedAt.lte(cutoff)),
        )
        .all(db.conn())
        .await?;
    let mut queued = 0;
    for a in waiting {
        let since = stockholm_date(a.reminded_at.unwrap_or(a.raised_at));
        if domain::calendar::working_days_between(since, stockholm_date(now)) < i64::from(after) {
            continue;
        }
        let Some(grant) = consent::Entity::find_by_id(a.consent_id)
            .filter(consent::Column::WithdrawnAt.is_null())
            .one(db.conn())
            .await?
        else {
            continue;
        };
        // Occupational health is told once, by e-mail, and has no device to remind.
        if grant.recipient == Recipient::OccupationalHealth.code()
            || !crate::grants::holds_role(db, &grant).await?
        {
            continue;
        }
        let recipient = PersonId::from_uuid(grant.recipient_id);
        let occasion = format!("{}:{}", a.id, stockholm_date(now));
        let kind = crate::push::PushKind::AlertWaiting;
        queued +=
            crate::push::enqueue_alert_notices(db, kind, vec![recipient], occasion, now).await?;
        let id = a.id;
        db.write(move |txn| {
            let update = alert::Entity::update_many()
                .col_expr(
                    alert::Column::RemindedAt,
                    sea_orm::sea_query::Expr::value(now),
                )
                .filter(alert::Column::Id.eq(id));
            Box::pin(async move { update.exec(txn).await.map(drop) })
        })
        .await?;
    }
    Ok(queued)
}
