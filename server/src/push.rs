//! The outbox at run time: one push sender, mailer and worker per instance, woken early when
//! the API queues something that should go now.

use crate::config::PushSettings;
use service::push::{Sender, Worker};
use service::{Clock, Db};
use std::sync::Arc;
use tokio::sync::Notify;

pub struct Push {
    pub worker: Worker,
    wake: Arc<Notify>,
    run_worker: bool,
}

impl Push {
    pub fn new(
        settings: &PushSettings,
        mailer: Option<service::mail::Mailer>,
        db: Db,
        clock: Arc<dyn Clock>,
    ) -> Self {
        if settings.endpoints.allow_insecure {
            tracing::warn!("push endpoints over plain http and on loopback are accepted (--allow-insecure-push-endpoints): never in production");
        }
        Self {
            worker: Worker {
                db,
                sender: Arc::new(Sender::new(
                    settings.contact.clone(),
                    settings.timeout,
                    settings.concurrency,
                )),
                clock,
                name: format!("orka-{}", uuid::Uuid::new_v4().simple()),
                policy: settings.endpoints.clone(),
                // Twice what may be in flight, so the next sends are claimed while these fly;
                // small enough that a crash leaves little to wait out its lease.
                batch: 2 * settings.concurrency as u64,
                alert_reminder_days: settings.alert_reminder_days,
                mailer: mailer.map(Arc::new),
            },
            wake: Arc::new(Notify::new()),
            run_worker: settings.worker,
        }
    }

    /// Something was queued for now: do not wait for the next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Starts the worker unless this instance was told not to send.
    pub fn start(&self) -> Option<tokio::task::JoinHandle<()>> {
        self.run_worker.then(|| {
            tokio::spawn(
                self.worker
                    .clone()
                    .run(self.wake.clone(), std::future::pending()),
            )
        })
    }
}
