//! The log of every read of a person's data by someone else, and the person's view of it.
//!
//! Written by the functions that read on someone's behalf (they hold the proof that allowed
//! the read, and the proof says why); read only by the person it is about. Rows are never
//! changed or removed (the database refuses).

use crate::entity::access_log;
use crate::policy::OwnData;
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::PersonId;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// What was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// Weekly scores (WHO-5, work ability, stress).
    WeeklyScores,
    /// An alert about the person.
    Alert,
}

impl What {
    pub fn code(self) -> &'static str {
        match self {
            What::WeeklyScores => "weekly-scores",
            What::Alert => "alert",
        }
    }

    fn parse(code: &str) -> Option<What> {
        [What::WeeklyScores, What::Alert]
            .into_iter()
            .find(|w| w.code() == code)
    }
}

/// What allowed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// A grant of the person's, by id.
    Consent(Uuid),
}

impl Why {
    fn code(self) -> String {
        match self {
            Why::Consent(id) => format!("consent:{id}"),
        }
    }

    fn parse(code: &str) -> Option<Why> {
        let id = code.strip_prefix("consent:")?;
        Uuid::parse_str(id).ok().map(Why::Consent)
    }
}

/// One read, as the person it was about sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub actor: PersonId,
    pub actor_name: String,
    pub what: What,
    pub why: Why,
    /// The recipient role of the consent that allowed it (`manager`, `coordinator`).
    pub role: Option<domain::consent::Recipient>,
}

pub(crate) struct Read {
    pub actor: PersonId,
    pub subject: PersonId,
    pub what: What,
    pub why: Why,
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
    let rows: Vec<access_log::ActiveModel> = reads
        .into_iter()
        .map(|r| access_log::ActiveModel {
            id: Set(Uuid::new_v4()),
            at: Set(now),
            actor_id: Set(r.actor.as_uuid()),
            subject_id: Set(r.subject.as_uuid()),
            what: Set(r.what.code().to_owned()),
            why: Set(r.why.code()),
        })
        .collect();
    db.write(move |txn| {
        let insert = access_log::Entity::insert_many(rows.clone());
        Box::pin(async move { insert.exec_without_returning(txn).await.map(drop) })
    })
    .await?;
    Ok(())
}

/// The most recent reads of the person's data, newest first.
#[tracing::instrument(skip_all, fields(person = %own.person()))]
pub async fn list_own(db: &Db, own: &OwnData, limit: u64) -> Result<Vec<Entry>, StoreError> {
    let rows = access_log::Entity::find()
        .filter(access_log::Column::SubjectId.eq(own.person().as_uuid()))
        .order_by_desc(access_log::Column::At)
        .limit(limit)
        .all(db.conn())
        .await?;
    let names = crate::people::names(db, rows.iter().map(|r| r.actor_id)).await?;
    let consents = crate::consents::recipients_of(
        db,
        rows.iter()
            .filter_map(|r| Why::parse(&r.why).map(|Why::Consent(id)| id)),
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let why = Why::parse(&r.why)?;
            let Why::Consent(id) = why;
            Some(Entry {
                at: r.at,
                actor: PersonId::from_uuid(r.actor_id),
                actor_name: names.get(&r.actor_id).cloned().unwrap_or_default(),
                what: What::parse(&r.what)?,
                why,
                role: consents.get(&id).copied(),
            })
        })
        .collect())
}
