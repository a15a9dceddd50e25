//! A person's own access log as they read it: who looked at what of theirs, and why, grouped
//! by day and reader, with the readers named. The log itself is written by `access_log`, which
//! sits below everything that reads; naming readers needs the grants and links above it, so
//! the reading is a use case of its own.

use crate::access_log::{What, Why};
use crate::entity::access_log;
use crate::policy::OwnData;
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use domain::consent::Recipient;
use domain::PersonId;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

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
    names.extend(crate::grants::service_names(db, outside).await?);
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
    let consents = crate::grants::recipients_of(
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
