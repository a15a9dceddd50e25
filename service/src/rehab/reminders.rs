//! Rehab reminders by push: the day before a follow-up meeting and on the day a task of the
//! employee's is due (to the employee), and on a milestone's reminder day (to whoever must act:
//! the employee for the medical certificate, the employee's own managers for the day-3 call,
//! else the person who opened the case), and on an adjustment case's follow-up day (to whoever
//! set it). The push says only that something is coming; what,
//! is read in Orka after the tap.
//!
//! Planned once a day for every open case, and again for a case whenever its plan changes or
//! it opens; the idempotency key (kind, person, device, occasion) makes planning twice a no-op.

use super::rows::{chains, current, CaseSet};
use crate::entity::{rehab_adjustment, rehab_case, rehab_setting};
use crate::push::{enqueue_notices, Notice, PushKind};
use crate::{Db, StoreError};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;
use domain::rehab::{milestones, Party, SickLeave, Status};
use domain::PersonId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Reminders go out from this local time on their day.
const SEND_FROM: NaiveTime = NaiveTime::from_hms_opt(9, 0, 0).expect("a valid time");

fn instant(day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    Stockholm
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .map_or_else(|| day.and_time(time).and_utc(), |t| t.with_timezone(&Utc))
}

/// Plans the day's rehab reminders once a day per process; cheap on every other round.
pub(crate) async fn plan_daily(db: &Db, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let today = domain::time::stockholm_date(now);
    {
        let mut last = db
            .derived
            .rehab_reminders_planned
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if *last == Some(today) {
            return Ok(0);
        }
        *last = Some(today);
    }
    plan(db, None, now).await
}

/// After a change to a case: its reminders for today. The change itself is saved already, so a
/// failure here is logged rather than reported (the daily pass plans again tomorrow).
pub(crate) async fn plan_quietly(db: &Db, case: Uuid, now: DateTime<Utc>) {
    if let Err(e) = plan(db, Some(case), now).await {
        tracing::error!(error = %e, %case, "planning rehab reminders failed");
    }
}

/// Plans today's reminders for `case` (or every open case).
pub(crate) async fn plan(
    db: &Db,
    case: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let today = domain::time::stockholm_date(now);
    let mut query = rehab_case::Entity::find().filter(rehab_case::Column::ClosedAt.is_null());
    if let Some(id) = case {
        query = query.filter(rehab_case::Column::Id.eq(id));
    }
    let cases = query.all(db.conn()).await?;
    let ids: Vec<Uuid> = cases.iter().map(|c| c.id).collect();
    let set = match case {
        Some(_) => CaseSet::These(&ids),
        None => CaseSet::Open(None),
    };
    let mut chains = chains(db.conn(), set).await?;
    // The employers whose routine has a day-3 call, in one read.
    let calling: std::collections::HashSet<Uuid> = rehab_setting::Entity::find()
        .filter(rehab_setting::Column::DayThreeCall.eq(true))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|s| s.employer_id)
        .collect();
    // An adjustment case's follow-up is reminded that morning to whoever set it.
    let follow_ups: std::collections::HashMap<Uuid, Uuid> =
        follow_ups_on(db, &ids, today).await?.into_iter().collect();
    let due = instant(today, SEND_FROM).max(now);
    let end_of_day = instant(today + Duration::days(1), NaiveTime::MIN);
    let mut queued = 0;
    for c in cases {
        let employee = PersonId::from_uuid(c.person_id);
        let send = |kind: PushKind, to: PersonId, occasion: String, expires| {
            (
                to,
                Notice {
                    kind,
                    occasion: format!("{}:{occasion}", c.id),
                    due,
                    expires,
                },
            )
        };
        let mut notices = vec![];
        let leave = SickLeave {
            spells: chains.spells.remove(&c.id).unwrap_or_default(),
            expected_last_day: c.expected_last_day,
            day_three_call: calling.contains(&c.employer_id),
            long_known_on: c.long_known_on,
        };
        let done = chains.done.remove(&c.id).unwrap_or_default();
        for m in milestones(&leave, &done, today) {
            let open = matches!(m.status, Status::DueSoon | Status::Upcoming);
            if m.kind.is_duty() && open && m.remind_on == today {
                let to = match m.kind.responsible() {
                    Party::Employee => vec![employee],
                    Party::Manager => crate::org::managers_of(db, c.person_id)
                        .await?
                        .into_iter()
                        .map(|m| m.id)
                        .collect(),
                    _ => vec![PersonId::from_uuid(c.opened_by)],
                };
                // The due date is part of the occasion: a new spell's call or a new sick-pay
                // period's certificate is another occasion, reminded again.
                let occasion = format!("{}:{}", m.kind.code(), m.due);
                for to in to {
                    notices.push(send(
                        PushKind::RehabDeadline,
                        to,
                        occasion.clone(),
                        end_of_day,
                    ));
                }
            }
        }
        if let Some(by) = follow_ups.get(&c.id) {
            let occasion = format!("follow-up:{today}");
            let to = PersonId::from_uuid(*by);
            notices.push(send(PushKind::RehabDeadline, to, occasion, end_of_day));
        }
        if let Some(plan) = current(db, c.id, c.plan_version).await? {
            let tomorrow = today + Duration::days(1);
            for meeting in plan
                .plan
                .meetings
                .iter()
                .filter(|m| m.at.date() == tomorrow)
            {
                let at = instant(tomorrow, meeting.at.time());
                // A meeting moved to another time is another occasion, and reminded again.
                let occasion = format!("{}:{}", meeting.id, meeting.at);
                notices.push(send(PushKind::RehabMeeting, employee, occasion, at));
            }
            for task in plan.plan.open_tasks_of(Party::Employee) {
                if task.due == Some(today) {
                    let occasion = format!("{}:{today}", task.id);
                    notices.push(send(PushKind::RehabTask, employee, occasion, end_of_day));
                }
            }
        }
        for (to, notice) in notices {
            if notice.expires > now {
                queued += enqueue_notices(db, vec![to], notice).await?;
            }
        }
    }
    Ok(queued)
}

/// Today's follow-ups of these cases, for the reminders: (case, who set it).
async fn follow_ups_on(
    db: &Db,
    cases: &[Uuid],
    today: NaiveDate,
) -> Result<Vec<(Uuid, Uuid)>, StoreError> {
    Ok(rehab_adjustment::Entity::find()
        .filter(rehab_adjustment::Column::CaseId.is_in(cases.iter().copied()))
        .filter(rehab_adjustment::Column::FollowUpOn.eq(today))
        .filter(rehab_adjustment::Column::SickLeaveFrom.is_null())
        .all(db.conn())
        .await?
        .into_iter()
        .filter_map(|r| r.follow_up_by.map(|by| (r.case_id, by)))
        .collect())
}
