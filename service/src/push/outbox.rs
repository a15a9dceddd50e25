//! Pushes on the outbox (`crate::outbox`): what each kind is, queueing them for people's
//! devices, claiming them with their devices, and recording what push services answered,
//! devices that have gone included.

use crate::entity::{outbox_job, person, push_subscription};
use crate::outbox::{self, status, Channel, NewJob, Settled};
use crate::{Db, StoreError};
use chrono::{DateTime, Duration, Utc};
use domain::{EmployerId, IsoWeek, PersonId};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushKind {
    CheckIn,
    CheckInFollowUp,
    Test,
    /// Someone shared an alert with the recipient: which, and about whom, only after the tap.
    Alert,
    /// An alert has waited unacknowledged for the configured number of working days.
    AlertWaiting,
    /// A follow-up meeting of the person's rehabilitation plan is tomorrow.
    RehabMeeting,
    /// A task of the person's in their plan is due today.
    RehabTask,
    /// A statutory milestone of a rehabilitation case the person must act on is near.
    RehabDeadline,
    /// Someone asked the recipient for adjusted work; who, only after the tap.
    AdjustmentRequest,
}

impl PushKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::CheckIn => "check-in",
            Self::CheckInFollowUp => "check-in-follow-up",
            Self::Test => "test",
            Self::Alert => "alert",
            Self::AlertWaiting => "alert-waiting",
            Self::RehabMeeting => "rehab-meeting",
            Self::RehabTask => "rehab-task",
            Self::RehabDeadline => "rehab-deadline",
            Self::AdjustmentRequest => "adjustment-request",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            Self::CheckIn,
            Self::CheckInFollowUp,
            Self::Test,
            Self::Alert,
            Self::AlertWaiting,
            Self::RehabMeeting,
            Self::RehabTask,
            Self::RehabDeadline,
            Self::AdjustmentRequest,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

#[derive(Clone)]
pub(crate) struct NewPush {
    pub key: String,
    pub person: Uuid,
    pub device: Uuid,
    pub kind: PushKind,
    pub week: Option<IsoWeek>,
    pub due: DateTime<Utc>,
    pub expires: DateTime<Utc>,
}

/// Adds pushes, skipping any whose idempotency key is already there. Returns how many were new.
pub(crate) async fn enqueue(
    conn: &impl ConnectionTrait,
    pushes: Vec<NewPush>,
) -> Result<u64, sea_orm::DbErr> {
    let jobs = pushes
        .into_iter()
        .map(|p| NewJob {
            channel: Channel::Push,
            key: p.key,
            person: p.person,
            device: Some(p.device),
            kind: p.kind.code(),
            week: p.week.map(|w| w.to_string()),
            payload: None,
            due: p.due,
            expires: p.expires,
        })
        .collect();
    outbox::enqueue(conn, jobs).await
}

/// A push test the person asked for: one to each of their devices, now.
pub async fn enqueue_test(
    db: &Db,
    person: PersonId,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(db
        .write(move |txn| {
            Box::pin(async move {
                let devices: Vec<Uuid> = push_subscription::Entity::find()
                    .select_only()
                    .column(push_subscription::Column::Id)
                    .filter(push_subscription::Column::PersonId.eq(person.as_uuid()))
                    .into_tuple()
                    .all(txn)
                    .await?;
                let occasion = Uuid::new_v4();
                let pushes = devices
                    .into_iter()
                    .map(|device| NewPush {
                        key: format!("test:{}:{device}:{occasion}", person.as_uuid()),
                        person: person.as_uuid(),
                        device,
                        kind: PushKind::Test,
                        week: None,
                        due: now,
                        expires: now + Duration::hours(1),
                    })
                    .collect();
                enqueue(txn, pushes).await
            })
        })
        .await?)
}

/// Tells each recipient's devices that an alert is waiting, unless they turned alert notices
/// off. `occasion` names what raised it, so a retried request never notifies twice.
pub(crate) async fn enqueue_alert_notices(
    db: &Db,
    kind: PushKind,
    recipients: Vec<PersonId>,
    occasion: String,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let notice = Notice {
        kind,
        occasion,
        due: now,
        expires: now + Duration::hours(24),
    };
    enqueue_notices(db, recipients, notice).await
}

/// One notice to a set of people: what, for which occasion (part of the idempotency key), and
/// when it may be sent.
pub(crate) struct Notice {
    pub kind: PushKind,
    pub occasion: String,
    pub due: DateTime<Utc>,
    pub expires: DateTime<Utc>,
}

/// Queues a notice for each recipient's devices, unless they turned that kind of notice off
/// (alert notices, or rehab reminders).
pub(crate) async fn enqueue_notices(
    db: &Db,
    recipients: Vec<PersonId>,
    notice: Notice,
) -> Result<u64, StoreError> {
    use crate::entity::reminder_preference::Column as Pref;
    let Notice {
        kind,
        occasion,
        due,
        expires,
    } = notice;
    let choice = match kind {
        PushKind::Alert | PushKind::AlertWaiting | PushKind::AdjustmentRequest => Pref::Alerts,
        _ => Pref::Rehab,
    };
    if recipients.is_empty() {
        return Ok(0);
    }
    let ids: Vec<Uuid> = recipients.iter().map(|p| p.as_uuid()).collect();
    let opted_out: Vec<Uuid> = crate::entity::reminder_preference::Entity::find()
        .select_only()
        .column(Pref::PersonId)
        .filter(Pref::PersonId.is_in(ids.clone()))
        .filter(choice.eq(false))
        .into_tuple()
        .all(db.conn())
        .await?;
    let devices: Vec<(Uuid, Uuid)> = push_subscription::Entity::find()
        .select_only()
        .columns([
            push_subscription::Column::Id,
            push_subscription::Column::PersonId,
        ])
        .filter(push_subscription::Column::PersonId.is_in(ids))
        .into_tuple()
        .all(db.conn())
        .await?;
    let pushes: Vec<NewPush> = devices
        .into_iter()
        .filter(|(_, person)| !opted_out.contains(person))
        .map(|(device, person)| NewPush {
            key: format!("{}:{person}:{device}:{occasion}", kind.code()),
            person,
            device,
            kind,
            week: None,
            due,
            expires,
        })
        .collect();
    if pushes.is_empty() {
        return Ok(0);
    }
    Ok(db
        .write(move |txn| {
            let pushes = pushes.clone();
            Box::pin(async move { enqueue(txn, pushes).await })
        })
        .await?)
}

/// A claimed push with what is needed to send it.
#[derive(Clone)]
pub struct Claimed {
    pub job: Uuid,
    pub kind: PushKind,
    pub week: Option<String>,
    pub attempts: u32,
    pub expires_at: DateTime<Utc>,
    pub device: Option<super::Target>,
}

/// Claims up to `limit` due pushes for `worker` until `now + lease`, with their devices.
pub async fn claim(
    db: &Db,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<Claimed>, StoreError> {
    let jobs = outbox::claim(db, Channel::Push, worker, now, lease, limit).await?;
    let device_ids: Vec<Uuid> = jobs.iter().filter_map(|j| j.subscription_id).collect();
    let devices: std::collections::HashMap<Uuid, push_subscription::Model> =
        push_subscription::Entity::find()
            .filter(push_subscription::Column::Id.is_in(device_ids))
            .all(db.conn())
            .await?
            .into_iter()
            .map(|d| (d.id, d))
            .collect();
    let mut claimed: Vec<Claimed> =
        jobs.into_iter()
            .filter_map(|j| {
                Some(Claimed {
                    kind: PushKind::parse(&j.kind)?,
                    device: j.subscription_id.and_then(|d| devices.get(&d)).map(|d| {
                        super::Target {
                            id: d.id,
                            endpoint: d.endpoint.clone(),
                            p256dh: d.p256dh.clone(),
                            auth: d.auth.clone(),
                            language: domain::guidance::Language::parse(&d.language)
                                .unwrap_or(domain::guidance::Language::Sv),
                        }
                    }),
                    job: j.id,
                    week: j.week,
                    attempts: u32::try_from(j.attempts).unwrap_or(0),
                    expires_at: j.expires_at,
                })
            })
            .collect();
    claimed.sort_by_key(|c| c.device.as_ref().map(|d| d.endpoint.clone()));
    Ok(claimed)
}

/// What became of one claimed push, to be recorded.
#[derive(Clone, Copy, Debug)]
pub struct Outcome {
    pub job: Uuid,
    pub device: Option<Uuid>,
    pub settled: Settled,
    pub http_status: Option<u16>,
}

/// Records outcomes of pushes this worker still holds, together in one transaction, with what
/// they say about the devices: delivered to, or gone.
pub async fn settle(
    db: &Db,
    worker: &str,
    outcomes: Vec<Outcome>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if outcomes.is_empty() {
        return Ok(());
    }
    let worker = worker.to_owned();
    db.write(move |txn| {
        let (worker, outcomes) = (worker.clone(), outcomes.clone());
        Box::pin(async move {
            let answers: Vec<outbox::Outcome> = outcomes
                .iter()
                .map(|o| outbox::Outcome {
                    job: o.job,
                    settled: o.settled,
                    answer: o.http_status,
                })
                .collect();
            let held = outbox::settle_in(txn, &worker, &answers, now).await?;
            let mut delivered = Vec::new();
            let mut gone = Vec::new();
            for o in outcomes.iter().filter(|o| held.contains(&o.job)) {
                match (o.settled, o.device) {
                    (Settled::Sent, Some(d)) => delivered.push(d),
                    (Settled::Pruned, Some(d)) => gone.push(d),
                    _ => {}
                }
            }
            for chunk in delivered.chunks(500) {
                push_subscription::Entity::update_many()
                    .col_expr(push_subscription::Column::LastDeliveredAt, Expr::value(now))
                    .filter(push_subscription::Column::Id.is_in(chunk.iter().copied()))
                    .exec(txn)
                    .await?;
            }
            // The service says these subscriptions have ended: never send to them again.
            for chunk in gone.chunks(500) {
                push_subscription::Entity::delete_many()
                    .filter(push_subscription::Column::Id.is_in(chunk.iter().copied()))
                    .exec(txn)
                    .await?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(())
}

/// How pushes have fared at one employer: what an admin sees.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushStats {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
    /// Pushes that needed more than one attempt (whatever their end).
    pub retried: u64,
    /// Pushes whose device had gone (and was removed).
    pub pruned: u64,
    pub dropped: u64,
    pub devices: u64,
}

pub async fn stats(db: &Db, employer: EmployerId) -> Result<PushStats, StoreError> {
    let people = Query::select()
        .column(person::Column::Id)
        .from(person::Entity)
        .and_where(person::Column::EmployerId.eq(employer.as_uuid()))
        .to_owned();
    let by_status: Vec<(String, i64)> = outbox_job::Entity::find()
        .filter(outbox_job::Column::Channel.eq(Channel::Push.code()))
        .select_only()
        .column(outbox_job::Column::Status)
        .column_as(outbox_job::Column::Id.count(), "n")
        .filter(outbox_job::Column::PersonId.in_subquery(people.clone()))
        .group_by(outbox_job::Column::Status)
        .into_tuple()
        .all(db.conn())
        .await?;
    let retried = outbox_job::Entity::find()
        .filter(outbox_job::Column::Channel.eq(Channel::Push.code()))
        .filter(outbox_job::Column::PersonId.in_subquery(people.clone()))
        .filter(outbox_job::Column::Attempts.gt(1))
        .count(db.conn())
        .await?;
    let devices = push_subscription::Entity::find()
        .filter(push_subscription::Column::PersonId.in_subquery(people))
        .count(db.conn())
        .await?;
    let mut s = PushStats {
        retried,
        devices,
        ..Default::default()
    };
    for (state, n) in by_status {
        let n = n.max(0) as u64;
        match state.as_str() {
            status::PENDING | status::SENDING => s.pending += n,
            status::SENT => s.sent += n,
            status::FAILED => s.failed += n,
            status::PRUNED => s.pruned += n,
            status::DROPPED => s.dropped += n,
            _ => {}
        }
    }
    Ok(s)
}
