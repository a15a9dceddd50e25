//! The weekly check-in: what this week's form asks, submitting (one row per person and week,
//! replaced on resubmission), and reading one's own history back.

use crate::access_log::{self, Read, What, Why};
use crate::entity::check_in;
use crate::policy::{CheckInAccess, OwnData};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::checkin::who5_due;
use domain::{
    interpret, CheckInAnswers, FieldErrors, IsoWeek, PastCheckIn, RawCheckIn, Signal, Stress,
    Who5Answers, Who5Score, WorkAbility,
};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// How many earlier check-ins the rules look at: enough for "last week" and the latest WHO-5
/// (asked every second week), however the person skipped weeks in between.
const HISTORY_WINDOW: u64 = 8;

/// One of the person's own check-ins. Not `Serialize`: edges map it to their own view types.
#[derive(Clone)]
pub struct OwnCheckIn {
    pub week: IsoWeek,
    pub answers: CheckInAnswers,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What this week's form looks like for this person.
pub struct CheckInForm {
    pub week: IsoWeek,
    pub who5_due: bool,
    pub existing: Option<OwnCheckIn>,
}

/// A stored check-in and what it means for the person.
pub struct CheckInResult {
    pub check_in: OwnCheckIn,
    pub signals: Vec<Signal>,
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("invalid answers")]
    Invalid(FieldErrors),
    /// Only the current week can be submitted or replaced.
    #[error("week {week} is not open; this week is {current}")]
    WeekClosed { week: IsoWeek, current: IsoWeek },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for SubmitError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Store(e.into())
    }
}

#[tracing::instrument(skip_all, fields(person = %own.person()))]
pub async fn form_for(
    db: &Db,
    own: &OwnData,
    now: DateTime<Utc>,
) -> Result<CheckInForm, StoreError> {
    let week = IsoWeek::containing(now);
    let history = recent_before(db, own, week).await?;
    let existing = find_own(db, own, week).await?;
    Ok(CheckInForm {
        week,
        who5_due: who5_is_due(week, &history),
        existing,
    })
}

/// Stores this week's answers, replacing any earlier answers for the same week in one atomic
/// upsert (concurrent submissions leave exactly one row), and says what they mean.
#[tracing::instrument(skip_all, fields(person = %own.person(), week = %week))]
pub async fn submit_check_in(
    db: &Db,
    own: &OwnData,
    week: IsoWeek,
    raw: RawCheckIn,
    now: DateTime<Utc>,
) -> Result<CheckInResult, SubmitError> {
    let current = IsoWeek::containing(now);
    if week != current {
        return Err(SubmitError::WeekClosed { week, current });
    }
    let history = recent_before(db, own, week).await?;
    let answers =
        CheckInAnswers::parse(raw, who5_is_due(week, &history)).map_err(SubmitError::Invalid)?;
    let who5 = answers
        .who5
        .map(|w| w.items().map(|i| Some(i as i16)))
        .unwrap_or([None; 5]);
    let row = check_in::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        person_id: Set(own.person().as_uuid()),
        iso_week: Set(week.to_string()),
        stress: Set(answers.stress.value().into()),
        work_ability: Set(answers.work_ability.value().into()),
        who5_item1: Set(who5[0]),
        who5_item2: Set(who5[1]),
        who5_item3: Set(who5[2]),
        who5_item4: Set(who5[3]),
        who5_item5: Set(who5[4]),
        who5_score: Set(answers.who5.map(|w| w.score().value().into())),
        wants_to_talk: Set(answers.wants_to_talk),
        note: Set(answers.note.clone()),
        submitted_at: Set(now),
        updated_at: Set(now),
    };
    use check_in::Column as C;
    let replace = OnConflict::columns([C::PersonId, C::IsoWeek])
        .update_columns([
            C::Stress,
            C::WorkAbility,
            C::Who5Item1,
            C::Who5Item2,
            C::Who5Item3,
            C::Who5Item4,
            C::Who5Item5,
            C::Who5Score,
            C::WantsToTalk,
            C::Note,
            C::UpdatedAt,
        ])
        .to_owned();
    db.write(move |txn| {
        let insert = check_in::Entity::insert(row.clone()).on_conflict(replace.clone());
        Box::pin(async move { insert.exec_without_returning(txn).await.map(drop) })
    })
    .await?;
    let signals = interpret(week, &answers, &history);
    let kinds = domain::alerts::alerts_for(week, &answers, &history);
    let raised = crate::alerts::raise(db, own.person(), week, &kinds, now).await?;
    crate::talk::tell_occupational_health(db, own.person(), raised.outside, now).await?;
    let occasion = format!(
        "{}:{week}:{}",
        own.person(),
        kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join("+")
    );
    let told = raised.told;
    crate::push::enqueue_alert_notices(db, crate::push::PushKind::Alert, told, occasion, now)
        .await?;
    // The stored row keeps its first `submitted_at`; this answer reports the time of this submission.
    Ok(CheckInResult {
        check_in: OwnCheckIn {
            week,
            answers,
            submitted_at: now,
            updated_at: now,
        },
        signals,
    })
}

/// The stored check-in for a week and what it means, as it was shown right after submitting.
pub async fn result_for(
    db: &Db,
    own: &OwnData,
    week: IsoWeek,
) -> Result<Option<CheckInResult>, StoreError> {
    let Some(check_in) = find_own(db, own, week).await? else {
        return Ok(None);
    };
    let history = recent_before(db, own, week).await?;
    let signals = interpret(week, &check_in.answers, &history);
    Ok(Some(CheckInResult { check_in, signals }))
}

pub async fn find_own(
    db: &Db,
    own: &OwnData,
    week: IsoWeek,
) -> Result<Option<OwnCheckIn>, StoreError> {
    let row = check_in::Entity::find()
        .filter(check_in::Column::PersonId.eq(own.person().as_uuid()))
        .filter(check_in::Column::IsoWeek.eq(week.to_string()))
        .one(db.conn())
        .await?;
    Ok(row.and_then(to_own))
}

/// A person's own check-ins from `from` to `to` inclusive, oldest first.
#[tracing::instrument(skip_all, fields(person = %own.person()))]
pub async fn list(
    db: &Db,
    own: &OwnData,
    from: IsoWeek,
    to: IsoWeek,
) -> Result<Vec<OwnCheckIn>, StoreError> {
    Ok(rows_between(db, own.person(), from, to)
        .await?
        .into_iter()
        .filter_map(to_own)
        .collect())
}

/// What someone may see of a person's week: the scores, never the items, the note or whether
/// they asked to talk (that is an alert of its own, under its own consent).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct WeeklyScores {
    pub week: IsoWeek,
    pub who5: Option<Who5Score>,
    pub work_ability: WorkAbility,
    pub stress: Stress,
}

/// A person's weekly scores from `from` to `to`, oldest first. A read by someone else is
/// logged for the person before anything is returned.
#[tracing::instrument(skip_all, fields(person = %access.whose()))]
pub async fn scores(
    db: &Db,
    access: &CheckInAccess,
    from: IsoWeek,
    to: IsoWeek,
    now: DateTime<Utc>,
) -> Result<Vec<WeeklyScores>, StoreError> {
    let rows = rows_between(db, access.whose(), from, to).await?;
    if let Some((reader, grant)) = access.shared() {
        let read = Read {
            actor: reader,
            subject: access.whose(),
            what: What::WeeklyScores,
            why: Why::Consent(grant),
        };
        access_log::record(db, vec![read], now).await?;
    }
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(WeeklyScores {
                week: r.iso_week.parse().ok()?,
                who5: r.who5_score.and_then(|s| Who5Score::parse(s.into()).ok()),
                work_ability: WorkAbility::parse(r.work_ability.into()).ok()?,
                stress: Stress::parse(r.stress.into()).ok()?,
            })
        })
        .collect())
}

async fn rows_between(
    db: &Db,
    person: domain::PersonId,
    from: IsoWeek,
    to: IsoWeek,
) -> Result<Vec<check_in::Model>, StoreError> {
    Ok(check_in::Entity::find()
        .filter(check_in::Column::PersonId.eq(person.as_uuid()))
        .filter(check_in::Column::IsoWeek.gte(from.to_string()))
        .filter(check_in::Column::IsoWeek.lte(to.to_string()))
        .order_by_asc(check_in::Column::IsoWeek)
        .all(db.conn())
        .await?)
}

async fn recent_before(
    db: &Db,
    own: &OwnData,
    week: IsoWeek,
) -> Result<Vec<PastCheckIn>, StoreError> {
    let rows = check_in::Entity::find()
        .filter(check_in::Column::PersonId.eq(own.person().as_uuid()))
        .filter(check_in::Column::IsoWeek.lt(week.to_string()))
        .order_by_desc(check_in::Column::IsoWeek)
        .limit(HISTORY_WINDOW)
        .all(db.conn())
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(PastCheckIn {
                week: r.iso_week.parse().ok()?,
                stress: Stress::parse(r.stress.into()).ok()?,
                work_ability: WorkAbility::parse(r.work_ability.into()).ok()?,
                who5: r.who5_score.and_then(|s| Who5Score::parse(s.into()).ok()),
            })
        })
        .collect())
}

fn who5_is_due(week: IsoWeek, history: &[PastCheckIn]) -> bool {
    who5_due(
        week,
        history
            .iter()
            .filter(|c| c.who5.is_some())
            .map(|c| c.week)
            .max(),
    )
}

/// Rows are written only through [`CheckInAnswers`], so a row that does not parse back means
/// someone edited the database by hand; it is skipped (and logged without its content).
fn to_own(r: check_in::Model) -> Option<OwnCheckIn> {
    let parsed = (|| {
        let who5 = match [
            r.who5_item1,
            r.who5_item2,
            r.who5_item3,
            r.who5_item4,
            r.who5_item5,
        ] {
            [None, None, None, None, None] => None,
            items => Some(Who5Answers::parse(items.map(|i| i.map(|v| Ok(i64::from(v))))).ok()?),
        };
        Some(OwnCheckIn {
            week: r.iso_week.parse().ok()?,
            answers: CheckInAnswers {
                stress: Stress::parse(r.stress.into()).ok()?,
                work_ability: WorkAbility::parse(r.work_ability.into()).ok()?,
                who5,
                wants_to_talk: r.wants_to_talk,
                note: r.note.clone(),
            },
            submitted_at: r.submitted_at,
            updated_at: r.updated_at,
        })
    })();
    if parsed.is_none() {
        tracing::error!(check_in = %r.id, "stored check-in does not parse; skipped");
    }
    parsed
}
