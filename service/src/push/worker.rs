//! The outbox worker: plan due reminders, claim a batch of pushes, send it, record every
//! answer, repeat; then the same for mail.

use super::outbox::{self, Claimed, Outcome, PushKind};
use super::sender::{Message, Sender};
use super::subscriptions::EndpointPolicy;
use super::{payload, preferences, vapid};
use crate::outbox::Settled;
use crate::{Clock, Db, StoreError};
use chrono::{DateTime, Duration, Utc};
use domain::reminders::{next_step, PushAnswer};
use std::sync::Arc;
use tokio::sync::Notify;
use tokio::task::JoinSet;

/// How long a claim holds before another worker may take the push over.
const LEASE: Duration = Duration::minutes(2);
/// Idle time between rounds when nothing wakes the worker.
const POLL: std::time::Duration = std::time::Duration::from_secs(5);

#[derive(Clone)]
pub struct Worker {
    pub db: Db,
    pub sender: Arc<Sender>,
    pub clock: Arc<dyn Clock>,
    /// Tells this worker's claims apart from other instances'.
    pub name: String,
    pub policy: EndpointPolicy,
    pub batch: u64,
    /// Working days an alert may wait unacknowledged before its recipient is reminded.
    pub alert_reminder_days: u32,
    /// Where mail goes; without it, mail waits in the outbox until an instance has one.
    pub mailer: Option<Arc<crate::mail::Mailer>>,
}

/// What one round did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub planned: u64,
    pub sent: u64,
    pub retried: u64,
    pub pruned: u64,
    pub dropped: u64,
    pub failed: u64,
    pub cancelled: u64,
    pub mail: crate::mail::MailRound,
}

impl Round {
    fn count(&mut self, s: Settled) {
        match s {
            Settled::Sent => self.sent += 1,
            Settled::Retry(_) => self.retried += 1,
            Settled::Pruned => self.pruned += 1,
            Settled::Dropped => self.dropped += 1,
            Settled::Failed => self.failed += 1,
            Settled::Cancelled => self.cancelled += 1,
        }
    }
}

impl Worker {
    /// Plans what is due and sends everything claimable now, batch after batch.
    pub async fn run_once(&self) -> Result<Round, StoreError> {
        let now = self.clock.now();
        let planned = preferences::plan_due(&self.db, now).await?
            + crate::alerts::remind_waiting(&self.db, now, self.alert_reminder_days).await?
            + crate::rehab::reminders::plan_daily(&self.db, now).await?;
        let mut round = Round {
            planned,
            ..Round::default()
        };
        self.push_round(&mut round, now).await?;
        if let Some(mailer) = &self.mailer {
            round.mail = mailer.send_due(&self.db, now).await?;
        }
        Ok(round)
    }

    async fn push_round(&self, round: &mut Round, now: DateTime<Utc>) -> Result<(), StoreError> {
        let key = vapid::current(&self.db, now).await?;
        // Claims are topped up while earlier sends are still in flight, so a slow push
        // service never leaves the worker idle between batches; what has finished is recorded
        // together whenever the worker gets to it (more at once under load, at once when idle).
        let mut in_flight = JoinSet::new();
        let mut drained = false;
        loop {
            let room = self.batch.saturating_sub(in_flight.len() as u64);
            if !drained && room > 0 && room >= self.batch / 2 {
                let claimed = outbox::claim(&self.db, &self.name, now, LEASE, room).await?;
                drained = (claimed.len() as u64) < room;
                for c in claimed {
                    let worker = self.clone();
                    let key = key.clone();
                    in_flight.spawn(async move {
                        let (settled, http_status) = worker.deliver(&key, &c).await;
                        Outcome {
                            job: c.job,
                            device: c.device.as_ref().map(|d| d.id),
                            settled,
                            http_status,
                        }
                    });
                }
                continue;
            }
            let Some(first) = in_flight.join_next().await else {
                return Ok(());
            };
            let mut done = vec![first];
            while let Some(more) = in_flight.try_join_next() {
                done.push(more);
            }
            let mut outcomes = Vec::with_capacity(done.len());
            for d in done {
                match d {
                    Ok(o) => {
                        round.count(o.settled);
                        outcomes.push(o);
                    }
                    // A panicked send leaves its claim to expire and be tried again.
                    Err(e) => tracing::error!(error = %e, "push send task failed"),
                }
            }
            outbox::settle(&self.db, &self.name, outcomes, now).await?;
        }
    }

    async fn deliver(&self, key: &vapid::VapidKey, c: &Claimed) -> (Settled, Option<u16>) {
        let now = self.clock.now();
        let Some(device) = &c.device else {
            return (Settled::Cancelled, None);
        };
        if now >= c.expires_at {
            return (Settled::Cancelled, None);
        }
        if self.policy.check(&device.endpoint).is_err() {
            tracing::warn!(job = %c.job, "push endpoint no longer allowed; not sent");
            return (Settled::Dropped, None);
        }
        let message = Message {
            payload: payload(c.kind, device.language, c.week.as_deref()),
            ttl: (c.expires_at - now).num_seconds().clamp(60, 24 * 3600) as u32,
            urgency: web_push::Urgency::Normal,
            topic: topic(c.kind),
        };
        let (answer, status) = self.sender.send(key, device, message, now).await;
        let jitter = rand::random::<f64>();
        let settled = Settled::from(next_step(answer, c.attempts, now, c.expires_at, jitter));
        if matches!(answer, PushAnswer::TooLarge | PushAnswer::Rejected) {
            tracing::warn!(job = %c.job, status, "push refused by the push service; dropped");
        }
        (settled, status)
    }

    /// Runs rounds until `shutdown`: after each, waits for a wake-up or the poll interval.
    pub async fn run(self, wake: Arc<Notify>, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            if let Err(e) = self.run_once().await {
                tracing::error!(error = %e, "outbox round failed");
            }
            tokio::select! {
                _ = &mut shutdown => return,
                _ = wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    }
}

fn topic(kind: PushKind) -> &'static str {
    match kind {
        PushKind::CheckIn | PushKind::CheckInFollowUp => "check-in",
        PushKind::Test => "test",
        PushKind::Alert | PushKind::AlertWaiting => "alert",
        PushKind::RehabMeeting => "rehab-meeting",
        PushKind::RehabTask => "rehab-task",
        PushKind::RehabDeadline => "rehab-deadline",
        PushKind::AdjustmentRequest => "adjustment-request",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_are_what_push_services_accept() {
        for kind in [
            PushKind::CheckIn,
            PushKind::CheckInFollowUp,
            PushKind::Test,
            PushKind::Alert,
            PushKind::AlertWaiting,
            PushKind::RehabMeeting,
            PushKind::RehabTask,
            PushKind::RehabDeadline,
            PushKind::AdjustmentRequest,
        ] {
            let t = topic(kind);
            assert!(t.len() <= 32, "{t}");
            assert!(t
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        }
    }
}
