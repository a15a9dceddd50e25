//! The outbox: every message that leaves Orka (a push to a device, an e-mail) is a row before
//! anything is sent. A channel's worker claims due rows in batches under a lease, sends, and
//! records what the other side answered; a worker that dies leaves its claimed rows to be
//! claimed again when the lease runs out. The idempotency key makes "the same message once"
//! the database's rule, however often a request or a planning round is repeated.
//!
//! One mechanism for every channel: what differs (the device, the mail's content) is the
//! channel's, above this.

use crate::entity::outbox_job;
use crate::{Db, StoreError};
use chrono::{DateTime, Duration, Utc};
use domain::reminders::NextStep;
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// How a message goes out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Push,
    Mail,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Self::Push => "push",
            Self::Mail => "mail",
        }
    }
}

pub(crate) mod status {
    pub const PENDING: &str = "pending";
    pub const SENDING: &str = "sending";
    pub const SENT: &str = "sent";
    pub const FAILED: &str = "failed";
    pub const PRUNED: &str = "pruned";
    pub const DROPPED: &str = "dropped";
    /// Nobody to send to any more (device removed) or too late to matter.
    pub const CANCELLED: &str = "cancelled";
}

/// A message to queue.
#[derive(Clone)]
pub(crate) struct NewJob {
    pub channel: Channel,
    pub key: String,
    pub person: Uuid,
    pub device: Option<Uuid>,
    pub kind: &'static str,
    pub week: Option<String>,
    pub payload: Option<String>,
    pub due: DateTime<Utc>,
    pub expires: DateTime<Utc>,
}

/// Adds messages, skipping any whose idempotency key is already there. Returns how many were
/// new.
pub(crate) async fn enqueue(
    conn: &impl ConnectionTrait,
    jobs: Vec<NewJob>,
) -> Result<u64, sea_orm::DbErr> {
    let mut added = 0;
    // Bounded statements: SQLite allows at most 32,766 bound values in one.
    for chunk in jobs.chunks(500) {
        let rows = chunk.iter().map(|j| outbox_job::ActiveModel {
            id: Set(Uuid::new_v4()),
            idempotency_key: Set(j.key.clone()),
            person_id: Set(j.person),
            channel: Set(j.channel.code().to_owned()),
            subscription_id: Set(j.device),
            kind: Set(j.kind.to_owned()),
            week: Set(j.week.clone()),
            status: Set(status::PENDING.to_owned()),
            due_at: Set(j.due),
            expires_at: Set(j.expires),
            next_attempt_at: Set(j.due),
            attempts: Set(0),
            locked_by: Set(None),
            locked_until: Set(None),
            last_status: Set(None),
            finished_at: Set(None),
            payload: Set(j.payload.clone()),
        });
        let result = outbox_job::Entity::insert_many(rows)
            .on_conflict_do_nothing_on([outbox_job::Column::IdempotencyKey])
            .exec_without_returning(conn)
            .await?;
        added += match result {
            sea_orm::TryInsertResult::Inserted(n) => n,
            _ => 0,
        };
    }
    Ok(added)
}

/// Claims up to `limit` due messages of `channel` for `worker` until `now + lease`, counting
/// the attempt. On PostgreSQL rows other instances hold are skipped, not waited for; SQLite
/// has one writer, so one claim at a time.
pub(crate) async fn claim(
    db: &Db,
    channel: Channel,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<outbox_job::Model>, StoreError> {
    // Scoped here: its `max`/`add` would shadow `Ord::max` on plain numbers elsewhere.
    use sea_orm::sea_query::ExprTrait;
    let worker = worker.to_owned();
    Ok(db
        .write(move |txn| {
            let worker = worker.clone();
            Box::pin(async move {
                // Messages whose worker's lease ran out first (they were due earlier), then
                // new ones. Two queries rather than one with OR: each walks the (channel,
                // status, next_attempt_at) index and stops at the limit, where the OR made
                // both databases sort every due message on every claim.
                let abandoned = Condition::all()
                    .add(outbox_job::Column::Status.eq(status::SENDING))
                    .add(outbox_job::Column::LockedUntil.lt(now));
                let due = Condition::all()
                    .add(outbox_job::Column::Status.eq(status::PENDING))
                    .add(outbox_job::Column::NextAttemptAt.lte(now));
                let mut ids: Vec<Uuid> = Vec::new();
                for cond in [abandoned, due] {
                    let room = limit - ids.len() as u64;
                    if room == 0 {
                        break;
                    }
                    let found: Vec<Uuid> = outbox_job::Entity::find()
                        .select_only()
                        .column(outbox_job::Column::Id)
                        .filter(outbox_job::Column::Channel.eq(channel.code()))
                        .filter(cond)
                        .order_by_asc(outbox_job::Column::NextAttemptAt)
                        .limit(room)
                        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
                        .into_tuple()
                        .all(txn)
                        .await?;
                    ids.extend(found);
                }
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                outbox_job::Entity::update_many()
                    .col_expr(outbox_job::Column::Status, Expr::value(status::SENDING))
                    .col_expr(outbox_job::Column::LockedBy, Expr::value(worker))
                    .col_expr(outbox_job::Column::LockedUntil, Expr::value(now + lease))
                    .col_expr(
                        outbox_job::Column::Attempts,
                        Expr::col(outbox_job::Column::Attempts).add(1),
                    )
                    .filter(outbox_job::Column::Id.is_in(ids))
                    .exec_with_returning(txn)
                    .await
            })
        })
        .await?)
}

/// What became of one claimed message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    Sent,
    /// The recipient's address has ended (a push subscription the service says is gone).
    Pruned,
    /// The other side refused this message for good.
    Dropped,
    Retry(DateTime<Utc>),
    Failed,
    Cancelled,
}

impl From<NextStep> for Settled {
    fn from(step: NextStep) -> Self {
        match step {
            NextStep::Done => Self::Sent,
            NextStep::Prune => Self::Pruned,
            NextStep::Drop => Self::Dropped,
            NextStep::RetryAt(at) => Self::Retry(at),
            NextStep::GiveUp => Self::Failed,
        }
    }
}

/// What became of one claimed message, to be recorded: `answer` is the other side's status
/// code (HTTP for push, SMTP for mail) where it gave one.
#[derive(Clone, Copy, Debug)]
pub struct Outcome {
    pub job: Uuid,
    pub settled: Settled,
    pub answer: Option<u16>,
}

/// Records outcomes of messages this worker still holds, inside the caller's transaction (one
/// statement per kind of outcome, not per message), and returns the ones it held: a lease that
/// ran out and was claimed by another worker is theirs to record. A finished message forgets
/// its payload.
pub(crate) async fn settle_in(
    txn: &DatabaseTransaction,
    worker: &str,
    outcomes: &[Outcome],
    now: DateTime<Utc>,
) -> Result<HashSet<Uuid>, sea_orm::DbErr> {
    let mut groups: HashMap<_, Vec<Uuid>> = HashMap::new();
    for o in outcomes {
        let (state, next) = match o.settled {
            Settled::Sent => (status::SENT, None),
            Settled::Pruned => (status::PRUNED, None),
            Settled::Dropped => (status::DROPPED, None),
            Settled::Failed => (status::FAILED, None),
            Settled::Cancelled => (status::CANCELLED, None),
            Settled::Retry(at) => (status::PENDING, Some(at)),
        };
        groups
            .entry((state, next, o.answer))
            .or_default()
            .push(o.job);
    }
    let mut held = HashSet::new();
    for ((state, next, answer), group) in groups {
        for chunk in group.chunks(500) {
            let finished = next.is_none().then_some(now);
            let mut update = outbox_job::Entity::update_many()
                .col_expr(outbox_job::Column::Status, Expr::value(state))
                .col_expr(
                    outbox_job::Column::LockedBy,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    outbox_job::Column::LockedUntil,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .col_expr(outbox_job::Column::FinishedAt, Expr::value(finished))
                .col_expr(
                    outbox_job::Column::LastStatus,
                    Expr::value(answer.map(i32::from)),
                );
            match next {
                Some(at) => {
                    update = update.col_expr(outbox_job::Column::NextAttemptAt, Expr::value(at))
                }
                None => {
                    update = update.col_expr(
                        outbox_job::Column::Payload,
                        Expr::value(Option::<String>::None),
                    )
                }
            }
            let rows = update
                .filter(outbox_job::Column::Id.is_in(chunk.iter().copied()))
                .filter(outbox_job::Column::LockedBy.eq(worker))
                .exec_with_returning(txn)
                .await?;
            held.extend(rows.into_iter().map(|j| j.id));
        }
    }
    Ok(held)
}
