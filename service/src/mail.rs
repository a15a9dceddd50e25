//! E-mail on the outbox (`crate::outbox`): notices to people outside the employer, who have no
//! sign-in and no device in Orka. A mail names who it is from and links to Orka; it never says
//! anything about anyone's health, and never names the person it is about.
//!
//! What to send is queued with the use case's own write; the worker renders and sends it over
//! SMTP (or, for a demo or a developer's machine, into a directory as `.eml` files) and
//! records the server's answer, retrying what the server says may work later.

use crate::entity::outbox_job;
use crate::outbox::{self, Channel, NewJob, Outcome, Settled};
use crate::{Db, StoreError};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::guidance::Language;
use domain::reminders::{next_step, PushAnswer};
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use uuid::Uuid;

/// How long a claim holds before another worker may take the mail over: longer than an SMTP
/// conversation may take.
const LEASE: Duration = Duration::minutes(5);
/// Mails sent in one round; mail is a few notices a day.
const BATCH: u64 = 20;

/// What one mail says, kept on its outbox row until it is sent: the address and what to
/// render, never the rendered text of someone's situation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Queued {
    pub to: String,
    pub notice: Notice,
}

/// The kinds of mail Orka sends.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub(crate) enum Notice {
    /// Someone at `employer` asked occupational health to contact them; the page behind
    /// `token` says who, until `until`.
    TalkRequest {
        employer: String,
        token: String,
        until: NaiveDate,
    },
}

impl Notice {
    fn code(&self) -> &'static str {
        match self {
            Notice::TalkRequest { .. } => "talk-request",
        }
    }

    /// Subject and text, in Swedish and then English: the reader is a service outside the
    /// employer whose language Orka does not know. `base` is Orka's public address.
    pub(crate) fn render(&self, base: &str) -> (String, String) {
        let base = base.trim_end_matches('/');
        match self {
            Notice::TalkRequest {
                employer,
                token,
                until,
            } => {
                let link = format!("{base}/talk/{token}");
                // Within a fortnight: the year never needs saying.
                let until_sv = domain::human::date(Language::Sv, *until, *until);
                let until_en = domain::human::date(Language::En, *until, *until);
                (
                    format!("Orka: en medarbetare vill bli kontaktad / An employee would like to be contacted ({employer})"),
                    format!(
                        "Hej,\n\n\
                         en medarbetare på {employer} har bett att företagshälsovården kontaktar hen. \
                         Vem det är och hur ni når hen står på sidan nedan, som går att öppna till och med {until_sv}. \
                         Ingen inloggning behövs, och hens chef får inte veta något.\n\n\
                         {link}\n\n\
                         Hello,\n\n\
                         an employee of {employer} has asked occupational health to contact them. \
                         Who it is and how to reach them is on the page below, which opens until {until_en}. \
                         No sign-in is needed, and their manager is told nothing.\n\n\
                         {link}\n\n\
                         -- \nOrka, {employer}\n"
                    ),
                )
            }
        }
    }
}

/// Queues one mail for `person` (whose request it is), once per `key`.
pub(crate) async fn enqueue(
    conn: &impl ConnectionTrait,
    key: String,
    person: Uuid,
    mail: Queued,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let kind = mail.notice.code();
    let payload = serde_json::to_string(&mail).expect("a mail of strings serialises");
    outbox::enqueue(
        conn,
        vec![NewJob {
            channel: Channel::Mail,
            key,
            person,
            device: None,
            kind,
            week: None,
            payload: Some(payload),
            due: now,
            expires,
        }],
    )
    .await
}

/// Where mail goes.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server, from a URL such as `smtp://relay.example.org:587?tls=required` or
    /// `smtps://user:password@relay.example.org`.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// A directory: each mail becomes a `.eml` file there (demo and development).
    Dir(PathBuf),
}

/// Sends queued mail: the transport, who it is from, and Orka's public address for links.
#[derive(Clone)]
pub struct Mailer {
    pub transport: Transport,
    pub from: Mailbox,
    pub public_url: String,
    /// Tells this worker's claims apart from other instances'.
    pub name: String,
}

/// Why mail settings cannot work.
#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("not an SMTP URL lettre accepts (smtp:// or smtps://, with host): {0}")]
    Url(String),
    #[error("not an e-mail address with an optional name: {0}")]
    From(String),
}

impl Mailer {
    pub fn smtp(
        url: &str,
        timeout: std::time::Duration,
        from: &str,
        public_url: &str,
    ) -> Result<Self, MailSetupError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            // The error text of a bad URL may hold the password: say only that it is bad.
            .map_err(|_| MailSetupError::Url("the URL could not be read".into()))?
            .timeout(Some(timeout))
            .build();
        Self::with(Transport::Smtp(transport), from, public_url)
    }

    pub fn dir(path: PathBuf, from: &str, public_url: &str) -> Result<Self, MailSetupError> {
        Self::with(Transport::Dir(path), from, public_url)
    }

    fn with(transport: Transport, from: &str, public_url: &str) -> Result<Self, MailSetupError> {
        Ok(Self {
            transport,
            from: from
                .parse()
                .map_err(|e: lettre::address::AddressError| MailSetupError::From(e.to_string()))?,
            public_url: public_url.to_owned(),
            name: format!("orka-mail-{}", Uuid::new_v4().simple()),
        })
    }

    /// Sends every mail due now, batch after batch; returns how many were sent.
    pub async fn send_due(&self, db: &Db, now: DateTime<Utc>) -> Result<MailRound, StoreError> {
        let mut round = MailRound::default();
        loop {
            let claimed = outbox::claim(db, Channel::Mail, &self.name, now, LEASE, BATCH).await?;
            let last = (claimed.len() as u64) < BATCH;
            let mut outcomes = Vec::with_capacity(claimed.len());
            for job in claimed {
                let (settled, answer) = self.deliver(&job, now).await;
                round.count(settled);
                outcomes.push(Outcome {
                    job: job.id,
                    settled,
                    answer,
                });
            }
            let name = self.name.clone();
            db.write(move |txn| {
                let (name, outcomes) = (name.clone(), outcomes.clone());
                Box::pin(async move { outbox::settle_in(txn, &name, &outcomes, now).await })
            })
            .await?;
            if last {
                return Ok(round);
            }
        }
    }

    async fn deliver(&self, job: &outbox_job::Model, now: DateTime<Utc>) -> (Settled, Option<u16>) {
        if now >= job.expires_at {
            return (Settled::Cancelled, None);
        }
        let Some(mail) = job
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str::<Queued>(p).ok())
        else {
            tracing::error!(job = %job.id, "queued mail cannot be read; not sent");
            return (Settled::Dropped, None);
        };
        let Ok(to) = mail.to.parse::<Mailbox>() else {
            tracing::warn!(job = %job.id, "queued mail has no valid address; not sent");
            return (Settled::Dropped, None);
        };
        let (subject, text) = mail.notice.render(&self.public_url);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            // A retried mail carries the same id, so a receiver can tell it is the same.
            .message_id(Some(format!("<{}@orka>", job.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(text);
        let Ok(message) = message else {
            tracing::error!(job = %job.id, "mail could not be built; not sent");
            return (Settled::Dropped, None);
        };
        let (answer, code) = match &self.transport {
            Transport::Smtp(smtp) => match smtp.send(message).await {
                Ok(response) => (PushAnswer::Delivered, Some(u16::from(response.code()))),
                Err(e) => {
                    let code = e.status().map(u16::from);
                    // Only what the server said: the error text may quote the address.
                    tracing::warn!(job = %job.id, code, permanent = e.is_permanent(), "mail not accepted");
                    if e.is_permanent() {
                        (PushAnswer::Rejected, code)
                    } else {
                        (PushAnswer::Failed, code)
                    }
                }
            },
            Transport::Dir(dir) => {
                let file = dir.join(format!("{}.eml", job.id));
                let written = async {
                    tokio::fs::create_dir_all(dir).await?;
                    tokio::fs::write(&file, message.formatted()).await
                };
                match written.await {
                    Ok(()) => (PushAnswer::Delivered, None),
                    Err(e) => {
                        tracing::warn!(job = %job.id, error = %e, "mail could not be written");
                        (PushAnswer::Failed, None)
                    }
                }
            }
        };
        let attempts = u32::try_from(job.attempts).unwrap_or(0);
        let jitter = rand::random::<f64>();
        let step = next_step(answer, attempts, now, job.expires_at, jitter);
        (Settled::from(step), code)
    }
}

/// What one round of mail did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailRound {
    pub sent: u64,
    pub retried: u64,
    pub failed: u64,
    pub dropped: u64,
    pub cancelled: u64,
}

impl MailRound {
    fn count(&mut self, s: Settled) {
        match s {
            Settled::Sent => self.sent += 1,
            Settled::Retry(_) => self.retried += 1,
            Settled::Failed => self.failed += 1,
            Settled::Dropped | Settled::Pruned => self.dropped += 1,
            Settled::Cancelled => self.cancelled += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_talk_request_names_the_employer_and_the_link_and_nothing_about_health() {
        let notice = Notice::TalkRequest {
            employer: "Vindelns kommun".into(),
            token: "abc123".into(),
            until: NaiveDate::from_ymd_opt(2026, 12, 9).unwrap(),
        };
        let (subject, text) = notice.render("https://orka.example.org/");
        assert!(subject.contains("Vindelns kommun"));
        assert!(text.contains("https://orka.example.org/talk/abc123"));
        assert!(text.contains("till och med onsdag 9 december"));
        assert!(text.contains("until Wednesday 9 December"));
        let words = format!("{subject} {text}").to_lowercase();
        for health in [
            "sjuk",
            "sick",
            "stress",
            "mående",
            "wellbeing",
            "who-5",
            "diagnos",
        ] {
            assert!(!words.contains(health), "{health}");
        }
    }
}
