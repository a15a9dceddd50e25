//! The log of every read of a person's data by someone else, and the person's view of it.
//!
//! Written by the functions that read on someone's behalf (they hold the proof that allowed
//! the read, and the proof says why); read only by the person it is about. Rows are never
//! changed or removed (the database refuses).

mod chain;
pub use chain::{verify, Broken, Intact};

use crate::entity::access_log;
use crate::policy::OwnData;
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use domain::consent::Recipient;
use domain::PersonId;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{HashMap, HashSet};
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

    fn parse(code: &str) -> Option<What> {
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

    fn parse(code: &str) -> Option<Why> {
        let (kind, rest) = code.split_once(':')?;
        match kind {
            "consent" => Uuid::parse_str(rest).ok().map(Why::Consent),
            "duty" => Recipient::parse(rest).map(Why::Duty),
            "link" => Uuid::parse_str(rest).ok().map(Why::Link),
            _ => None,
        }
    }
}

/// One line of the person's view: the reads of one thing by one reader, for one reason, on
/// one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The latest of the reads this line stands for.
    pub at: DateTime<Utc>,
    /// The first of them.
    pub first_at: DateTime<Utc>,
    /// How many reads of the same thing, by the same reader for the same reason, that day.
    pub times: u32,
    pub actor: PersonId,
    pub actor_name: String,
    pub what: What,
    pub why: Why,
    /// The role in which they read it (`manager`, `coordinator`); none for a link.
    pub role: Option<Recipient>,
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

/// One page of the person's view of their log.
#[derive(Debug)]
pub struct Page {
    pub entries: Vec<Entry>,
    /// The day to ask for next: the page after this one holds the reads before it.
    pub older: Option<NaiveDate>,
}

/// The reads one line stands for: the latest row, when the first was, and how many.
struct Group {
    latest: access_log::Model,
    first_at: DateTime<Utc>,
    times: u32,
}

/// Lines on a page of the log unless the reader asks for another number.
pub const PAGE_LINES: usize = 50;
/// Rows read at a time while grouping.
const BATCH: u64 = 1_000;

/// The reads of the person's data before `before` (a day in Stockholm, or from the newest),
/// newest first, one line for each reader, thing, reason and day: a reader who opens the
/// same thing a hundred times a day is one line that says so, and cannot push an earlier
/// read out of sight. A page holds whole days, at least `lines` lines where the log has them.
#[tracing::instrument(skip_all, fields(person = %own.person()))]
pub async fn list_own(
    db: &Db,
    own: &OwnData,
    before: Option<NaiveDate>,
    lines: usize,
) -> Result<Page, StoreError> {
    let me = own.person().as_uuid();
    let mut groups: Vec<Group> = vec![];
    let mut index: HashMap<(NaiveDate, Uuid, String, String), usize> = HashMap::new();
    let mut day: Option<NaiveDate> = None;
    let mut after: Option<(DateTime<Utc>, Uuid)> = None;
    let older = 'scan: loop {
        let mut q = access_log::Entity::find().filter(access_log::Column::SubjectId.eq(me));
        if let Some(before) = before {
            q = q.filter(access_log::Column::At.lt(domain::time::stockholm_midnight(before)));
        }
        if let Some((at, id)) = after {
            q = q.filter(
                Condition::any().add(access_log::Column::At.lt(at)).add(
                    Condition::all()
                        .add(access_log::Column::At.eq(at))
                        .add(access_log::Column::Id.lt(id)),
                ),
            );
        }
        let rows = q
            .order_by_desc(access_log::Column::At)
            .order_by_desc(access_log::Column::Id)
            .limit(BATCH)
            .all(db.conn())
            .await?;
        let complete = (rows.len() as u64) < BATCH;
        for r in rows {
            let d = domain::time::stockholm_date(r.at);
            if day != Some(d) {
                if groups.len() >= lines {
                    break 'scan day;
                }
                day = Some(d);
            }
            after = Some((r.at, r.id));
            match index.entry((d, r.actor_id, r.what.clone(), r.why.clone())) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    // Newest first: each further row is the earliest read so far.
                    let g = &mut groups[*e.get()];
                    g.first_at = r.at;
                    g.times += 1;
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(groups.len());
                    groups.push(Group {
                        first_at: r.at,
                        times: 1,
                        latest: r,
                    });
                }
            }
        }
        if complete {
            break None;
        }
    };
    let whys: Vec<Option<Why>> = groups.iter().map(|g| Why::parse(&g.latest.why)).collect();
    let mut names = crate::people::names(db, groups.iter().map(|g| g.latest.actor_id)).await?;
    // A service outside the employer reads under a grant to its directory entry.
    let outside: Vec<Uuid> = groups
        .iter()
        .map(|g| g.latest.actor_id)
        .filter(|id| !names.contains_key(id))
        .collect();
    names.extend(crate::consents::service_names(db, outside).await?);
    // Someone outside the employer reads through a link: the link says who it was given to.
    names.extend(
        crate::rehab::links::holders(
            db,
            whys.iter().filter_map(|w| match w {
                Some(Why::Link(id)) => Some(*id),
                _ => None,
            }),
        )
        .await?,
    );
    let consents = crate::consents::recipients_of(
        db,
        whys.iter().filter_map(|w| match w {
            Some(Why::Consent(id)) => Some(*id),
            _ => None,
        }),
    )
    .await?;
    let entries = groups
        .into_iter()
        .zip(whys)
        .filter_map(
            |(
                Group {
                    latest: r,
                    first_at,
                    times,
                },
                why,
            )| {
                let why = why?;
                let role = match why {
                    Why::Consent(id) => consents.get(&id).copied(),
                    Why::Duty(role) => Some(role),
                    Why::Link(_) => None,
                };
                Some(Entry {
                    at: r.at,
                    first_at,
                    times,
                    actor: PersonId::from_uuid(r.actor_id),
                    actor_name: names.get(&r.actor_id).cloned().unwrap_or_default(),
                    what: What::parse(&r.what)?,
                    why,
                    role,
                })
            },
        )
        .collect();
    Ok(Page { entries, older })
}
