//! A person's reminder choices, and the planner that turns due reminders into outbox rows.

use super::outbox::{self, NewPush, PushKind};
use crate::entity::{check_in, person, push_subscription, reminder_preference};
use crate::{Db, StoreError};
use chrono::{DateTime, Duration, NaiveTime, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use domain::reminders::{paused, CheckInNudge, CheckInSchedule, QuietHours};
use domain::{IsoWeek, PersonId};
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// How long a check-in reminder stays worth delivering: a phone that was off all day should
/// not buzz about it in the evening.
pub const CHECK_IN_TTL: Duration = Duration::hours(12);

#[derive(Clone, Debug, PartialEq)]
pub struct ReminderPreferences {
    pub check_in: bool,
    pub schedule: CheckInSchedule,
    pub rehab: bool,
    pub alerts: bool,
    /// Keep the check-in reminder while on full-time sick leave (off by default).
    pub during_sick_leave: bool,
}

impl Default for ReminderPreferences {
    fn default() -> Self {
        Self {
            check_in: false,
            schedule: CheckInSchedule::default(),
            rehab: true,
            alerts: true,
            during_sick_leave: false,
        }
    }
}

/// The preferences and what they mean this week.
#[derive(Clone, Debug, PartialEq)]
pub struct ReminderState {
    pub preferences: ReminderPreferences,
    /// Four weeks went by without a check-in: no reminders until the next one.
    pub paused: bool,
    /// On full-time sick leave and not asked to keep check-in reminders: none are sent.
    pub resting: bool,
    pub next_reminder: Option<DateTime<Utc>>,
}

fn minute(t: NaiveTime) -> i32 {
    (t.hour() * 60 + t.minute()) as i32
}

fn time(minutes: i32) -> NaiveTime {
    let m = minutes.clamp(0, 24 * 60 - 1) as u32;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).expect("clamped to a day")
}

fn from_row(row: &reminder_preference::Model) -> ReminderPreferences {
    let quiet = match (row.quiet_start, row.quiet_end) {
        (Some(s), Some(e)) => Some(QuietHours {
            start: time(s),
            end: time(e),
        }),
        _ => None,
    };
    ReminderPreferences {
        check_in: row.check_in,
        schedule: CheckInSchedule {
            weekday: Weekday::try_from((row.weekday.clamp(1, 7) - 1) as u8).unwrap_or(Weekday::Mon),
            at: time(row.at_minute),
            zone: row
                .time_zone
                .parse::<Tz>()
                .unwrap_or(chrono_tz::Europe::Stockholm),
            quiet,
        },
        rehab: row.rehab,
        alerts: row.alerts,
        during_sick_leave: row.during_sick_leave,
    }
}

fn week_in(zone: Tz, at: DateTime<Utc>) -> IsoWeek {
    IsoWeek::of_date(at.with_timezone(&zone).date_naive())
}

async fn last_answers(
    conn: &impl ConnectionTrait,
    people: &[Uuid],
) -> Result<HashMap<Uuid, IsoWeek>, sea_orm::DbErr> {
    // Scoped here: its `max`/`add` would shadow `Ord::max` on plain numbers elsewhere.
    use sea_orm::sea_query::ExprTrait;
    let rows: Vec<(Uuid, Option<String>)> = check_in::Entity::find()
        .select_only()
        .column(check_in::Column::PersonId)
        .column_as(Expr::col(check_in::Column::IsoWeek).max(), "last")
        .filter(check_in::Column::PersonId.is_in(people.iter().copied()))
        .group_by(check_in::Column::PersonId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(p, w)| Some((p, w?.parse().ok()?)))
        .collect())
}

pub async fn reminder_state(
    db: &Db,
    person: PersonId,
    now: DateTime<Utc>,
) -> Result<ReminderState, StoreError> {
    let row = reminder_preference::Entity::find_by_id(person.as_uuid())
        .one(db.conn())
        .await?;
    let Some(row) = row else {
        return Ok(ReminderState {
            preferences: ReminderPreferences::default(),
            paused: false,
            resting: false,
            next_reminder: None,
        });
    };
    let preferences = from_row(&row);
    let last = last_answers(db.conn(), &[person.as_uuid()])
        .await?
        .remove(&person.as_uuid());
    let enabled: IsoWeek = row
        .enabled_week
        .parse()
        .unwrap_or(week_in(preferences.schedule.zone, now));
    let paused =
        preferences.check_in && paused(week_in(preferences.schedule.zone, now), last, enabled);
    let resting = preferences.check_in
        && !preferences.during_sick_leave
        && crate::rehab::cases::on_full_sick_leave(
            db.conn(),
            &[person.as_uuid()],
            domain::time::stockholm_date(now),
        )
        .await?
        .contains(&person.as_uuid());
    Ok(ReminderState {
        next_reminder: row
            .next_at
            .filter(|_| preferences.check_in && !paused && !resting),
        preferences,
        paused,
        resting,
    })
}

pub async fn set_reminder_preferences(
    db: &Db,
    person: PersonId,
    preferences: ReminderPreferences,
    now: DateTime<Utc>,
) -> Result<ReminderState, StoreError> {
    let p = preferences.clone();
    db.write(move |txn| {
        let p = p.clone();
        Box::pin(async move {
            let before = reminder_preference::Entity::find_by_id(person.as_uuid())
                .one(txn)
                .await?;
            let this_week = week_in(p.schedule.zone, now).to_string();
            // Silent weeks count afresh from the week reminders are turned on.
            let enabled_week = match &before {
                Some(b) if b.check_in && p.check_in => b.enabled_week.clone(),
                _ => this_week,
            };
            let next_at = p.check_in.then(|| p.schedule.next_after(now).2);
            let (quiet_start, quiet_end) = match p.schedule.quiet {
                Some(q) => (Some(minute(q.start)), Some(minute(q.end))),
                None => (None, None),
            };
            let row = reminder_preference::ActiveModel {
                person_id: Set(person.as_uuid()),
                check_in: Set(p.check_in),
                weekday: Set(p.schedule.weekday.number_from_monday() as i16),
                at_minute: Set(minute(p.schedule.at)),
                time_zone: Set(p.schedule.zone.name().to_owned()),
                quiet_start: Set(quiet_start),
                quiet_end: Set(quiet_end),
                rehab: Set(p.rehab),
                alerts: Set(p.alerts),
                during_sick_leave: Set(p.during_sick_leave),
                enabled_week: Set(enabled_week),
                next_at: Set(next_at),
                updated_at: Set(now),
            };
            let upsert =
                sea_orm::sea_query::OnConflict::column(reminder_preference::Column::PersonId)
                    .update_columns([
                        reminder_preference::Column::CheckIn,
                        reminder_preference::Column::Weekday,
                        reminder_preference::Column::AtMinute,
                        reminder_preference::Column::TimeZone,
                        reminder_preference::Column::QuietStart,
                        reminder_preference::Column::QuietEnd,
                        reminder_preference::Column::Rehab,
                        reminder_preference::Column::Alerts,
                        reminder_preference::Column::DuringSickLeave,
                        reminder_preference::Column::EnabledWeek,
                        reminder_preference::Column::NextAt,
                        reminder_preference::Column::UpdatedAt,
                    ])
                    .to_owned();
            reminder_preference::Entity::insert(row)
                .on_conflict(upsert)
                .exec(txn)
                .await?;
            Ok(())
        })
    })
    .await?;
    reminder_state(db, person, now).await
}

/// People looked at per planning transaction.
const PLAN_BATCH: u64 = 500;

/// Writes an outbox row for every check-in reminder that has come due, and moves each
/// person's next planning time on. Returns how many pushes were added. Safe on several
/// instances at once: rows being planned elsewhere are skipped, and the idempotency key
/// makes a second plan of the same reminder a no-op.
pub async fn plan_due(db: &Db, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let mut added = 0;
    loop {
        let (seen, new) = db.write(move |txn| Box::pin(plan_batch(txn, now))).await?;
        added += new;
        if seen < PLAN_BATCH {
            return Ok(added);
        }
    }
}

async fn plan_batch(
    txn: &sea_orm::DatabaseTransaction,
    now: DateTime<Utc>,
) -> Result<(u64, u64), sea_orm::DbErr> {
    let due = reminder_preference::Entity::find()
        .filter(reminder_preference::Column::CheckIn.eq(true))
        .filter(reminder_preference::Column::NextAt.lte(now))
        .order_by_asc(reminder_preference::Column::NextAt)
        .limit(PLAN_BATCH)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(txn)
        .await?;
    if due.is_empty() {
        return Ok((0, 0));
    }
    let ids: Vec<Uuid> = due.iter().map(|r| r.person_id).collect();
    let active: std::collections::HashSet<Uuid> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .filter(person::Column::Active.eq(true))
        .into_tuple::<Uuid>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    let answers = last_answers(txn, &ids).await?;
    let sick =
        crate::rehab::cases::on_full_sick_leave(txn, &ids, domain::time::stockholm_date(now))
            .await?;
    let mut devices: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (person, device) in push_subscription::Entity::find()
        .select_only()
        .column(push_subscription::Column::PersonId)
        .column(push_subscription::Column::Id)
        .filter(push_subscription::Column::PersonId.is_in(ids.iter().copied()))
        .into_tuple::<(Uuid, Uuid)>()
        .all(txn)
        .await?
    {
        devices.entry(person).or_default().push(device);
    }
    let mut pushes = Vec::new();
    for row in &due {
        let prefs = from_row(row);
        let Some(at) = row.next_at else { continue };
        let s = prefs.schedule;
        let (week, nudge, _) = s.next_after(at - Duration::seconds(1));
        let enabled = row.enabled_week.parse().unwrap_or(week);
        let last = answers.get(&row.person_id).copied();
        // Reminders that fell due while no instance ran are sent only while still useful.
        let fresh = now < at + CHECK_IN_TTL;
        let answered = last.is_some_and(|l| l >= week);
        let resting = sick.contains(&row.person_id) && !prefs.during_sick_leave;
        if fresh
            && !answered
            && !resting
            && active.contains(&row.person_id)
            && !paused(week, last, enabled)
        {
            let kind = match nudge {
                CheckInNudge::First => PushKind::CheckIn,
                CheckInNudge::FollowUp => PushKind::CheckInFollowUp,
            };
            for device in devices.get(&row.person_id).into_iter().flatten() {
                pushes.push(NewPush {
                    key: format!("{}:{}:{}:{week}", kind.code(), row.person_id, device),
                    person: row.person_id,
                    device: *device,
                    kind,
                    week: Some(week),
                    due: at,
                    expires: at + CHECK_IN_TTL,
                });
            }
        }
        let next = s.next_after(at.max(now)).2;
        reminder_preference::Entity::update_many()
            .col_expr(reminder_preference::Column::NextAt, Expr::value(next))
            .filter(reminder_preference::Column::PersonId.eq(row.person_id))
            .exec(txn)
            .await?;
    }
    let added = outbox::enqueue(txn, pushes).await?;
    Ok((due.len() as u64, added))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_minutes_and_weekdays_read_back() {
        assert_eq!(
            time(minute(NaiveTime::from_hms_opt(21, 45, 0).unwrap())).hour(),
            21
        );
        assert_eq!(
            time(24 * 60 + 5),
            NaiveTime::from_hms_opt(23, 59, 0).unwrap()
        );
        let row = reminder_preference::Model {
            person_id: Uuid::nil(),
            check_in: true,
            weekday: 7,
            at_minute: 7 * 60 + 30,
            time_zone: "Europe/Helsinki".into(),
            quiet_start: Some(22 * 60),
            quiet_end: Some(6 * 60),
            rehab: false,
            alerts: true,
            during_sick_leave: false,
            enabled_week: "2026-W48".into(),
            next_at: None,
            updated_at: Utc::now(),
        };
        let p = from_row(&row);
        assert_eq!(p.schedule.weekday, Weekday::Sun);
        assert_eq!(p.schedule.at, NaiveTime::from_hms_opt(7, 30, 0).unwrap());
        assert_eq!(p.schedule.zone, chrono_tz::Europe::Helsinki);
        assert_eq!(
            p.schedule.quiet.unwrap().end,
            NaiveTime::from_hms_opt(6, 0, 0).unwrap()
        );
        let broken = reminder_preference::Model {
            weekday: 0,
            time_zone: "Mars/Olympus".into(),
            ..row
        };
        let p = from_row(&broken);
        assert_eq!(p.schedule.weekday, Weekday::Mon);
        assert_eq!(p.schedule.zone, chrono_tz::Europe::Stockholm);
    }
}
