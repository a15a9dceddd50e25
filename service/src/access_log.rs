//! The log of every read of a person's data by someone else: its writer and its words. It
//! imports nothing above the tables, so every room may write to it; the person reads it through
//! `my_data::log`.
//!
//! Written by the functions that read on someone's behalf (they hold the proof that allowed
//! the read, and the proof says why); read only by the person it is about. Rows are never
//! changed or removed (the database refuses).

mod chain;
pub use chain::{verify, Broken, Intact};

use crate::entity::access_log;
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::consent::Recipient;
use domain::PersonId;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashSet;
use uuid::Uuid;

/// What was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// Weekly scores (WHO-5, work ability, stress).
    WeeklyScores,
    /// An alert about the person.
    Alert,
    /// Their sick-leave case and plan for return to work.
    RehabCase,
    /// Their line in a list of open cases: that they are on sick leave, since when, at what
    /// extent, and the case's next deadline.
    CaseInList,
    /// Their repeated short absences, on the list for an early health conversation.
    AbsenceSignal,
    /// Their adjustment case (adapted work while still at work) and its measures.
    AdjustmentCase,
    /// Their line in a list of open adjustment cases: that there is one, since when, and its
    /// follow-up date.
    AdjustmentInList,
    /// That they asked occupational health to contact them, with their name and e-mail.
    TalkRequest,
}

impl What {
    pub fn code(self) -> &'static str {
        match self {
            What::WeeklyScores => "weekly-scores",
            What::Alert => "alert",
            What::RehabCase => "rehab-case",
            What::CaseInList => "rehab-case-list",
            What::AbsenceSignal => "absence-signal",
            What::AdjustmentCase => "adjustment-case",
            What::AdjustmentInList => "adjustment-case-list",
            What::TalkRequest => "talk-request",
        }
    }

    pub(crate) fn parse(code: &str) -> Option<What> {
        [
            What::WeeklyScores,
            What::Alert,
            What::RehabCase,
            What::CaseInList,
            What::AbsenceSignal,
            What::AdjustmentCase,
            What::AdjustmentInList,
            What::TalkRequest,
        ]
        .into_iter()
        .find(|w| w.code() == code)
    }
}

/// What allowed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// A grant of the person's, by id.
    Consent(Uuid),
    /// The reader's part in the person's sick-leave case (their manager, or a coordinator).
    Duty(Recipient),
    /// A link the person gave someone outside the employer, by id.
    Link(Uuid),
}

impl Why {
    fn code(self) -> String {
        match self {
            Why::Consent(id) => format!("consent:{id}"),
            Why::Duty(role) => format!("duty:{}", role.code()),
            Why::Link(id) => format!("link:{id}"),
        }
    }

    pub(crate) fn parse(code: &str) -> Option<Why> {
        let (kind, rest) = code.split_once(':')?;
        match kind {
            "consent" => Uuid::parse_str(rest).ok().map(Why::Consent),
            "duty" => Recipient::parse(rest).map(Why::Duty),
            "link" => Uuid::parse_str(rest).ok().map(Why::Link),
            _ => None,
        }
    }
}

pub(crate) struct Read {
    pub actor: PersonId,
    pub subject: PersonId,
    pub what: What,
    pub why: Why,
}

impl Read {
    fn row(self, at: DateTime<Utc>) -> access_log::Model {
        access_log::Model {
            id: Uuid::new_v4(),
            at,
            actor_id: self.actor.as_uuid(),
            subject_id: self.subject.as_uuid(),
            what: self.what.code().to_owned(),
            why: self.why.code(),
            seq: None,
            hash: None,
        }
    }
}

/// Records reads, all in one write. Called before the data is handed out, so a read that could
/// not be logged is not served.
pub(crate) async fn record(
    db: &Db,
    reads: Vec<Read>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if reads.is_empty() {
        return Ok(());
    }
    let rows: Vec<access_log::Model> = reads.into_iter().map(|r| r.row(now)).collect();
    db.write(move |txn| {
        let rows = rows.clone();
        Box::pin(async move { chain::append(txn, rows).await })
    })
    .await?;
    Ok(())
}

/// Records that `actor` saw `what` of each of `subjects`, once per subject and Stockholm day:
/// a list looked at many times a day would otherwise bury the reads that tell the person
/// something. Like `record`, called before the list is handed out.
pub(crate) async fn record_daily(
    db: &Db,
    actor: PersonId,
    what: What,
    subjects: Vec<(PersonId, Why)>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if subjects.is_empty() {
        return Ok(());
    }
    let since = domain::time::stockholm_midnight(domain::time::stockholm_date(now));
    // Most looks are not the day's first: asked outside the writer, they cost it nothing.
    let logged = logged_since(db.conn(), actor, what, since).await?;
    if subjects
        .iter()
        .all(|(subject, _)| logged.contains(&subject.as_uuid()))
    {
        return Ok(());
    }
    db.write(move |txn| {
        let subjects = subjects.clone();
        Box::pin(async move {
            let logged = logged_since(txn, actor, what, since).await?;
            let rows: Vec<access_log::Model> = subjects
                .into_iter()
                .filter(|(subject, _)| !logged.contains(&subject.as_uuid()))
                .map(|(subject, why)| {
                    let read = Read {
                        actor,
                        subject,
                        what,
                        why,
                    };
                    read.row(now)
                })
                .collect();
            chain::append(txn, rows).await
        })
    })
    .await?;
    Ok(())
}

/// Whose `what` the actor has been logged reading since `since`.
async fn logged_since(
    conn: &impl ConnectionTrait,
    actor: PersonId,
    what: What,
    since: DateTime<Utc>,
) -> Result<HashSet<Uuid>, sea_orm::DbErr> {
    Ok(access_log::Entity::find()
        .select_only()
        .column(access_log::Column::SubjectId)
        .filter(access_log::Column::ActorId.eq(actor.as_uuid()))
        .filter(access_log::Column::At.gte(since))
        .filter(access_log::Column::What.eq(what.code()))
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}
