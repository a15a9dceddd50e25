//! When a reminder is due, and what a push service's answer means for it.
//!
//! Times are wall-clock times in the person's own zone: "Monday 09:00" stays 09:00 across
//! daylight-saving changes, and quiet hours are hours on their clock, not in UTC.

use crate::time::IsoWeek;
use chrono::{
    DateTime, Days, Duration, LocalResult, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

/// A gentle second nudge, once, this long after the first (wall-clock).
pub const FOLLOW_UP_AFTER_DAYS: u64 = 2;
/// Weeks in a row without an answer after which reminders pause until the next answer.
pub const PAUSE_AFTER_SILENT_WEEKS: i64 = 4;

/// A span of the person's night (or day) in which nothing is sent; may wrap past midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuietHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl QuietHours {
    /// A span from `start` to `end`; `None` when they are the same time, which spans nothing
    /// (or everything) and so is no choice anyone means.
    pub fn new(start: NaiveTime, end: NaiveTime) -> Option<QuietHours> {
        (start != end).then_some(QuietHours { start, end })
    }

    pub fn contains(&self, t: NaiveTime) -> bool {
        if self.start <= self.end {
            self.start <= t && t < self.end
        } else {
            t >= self.start || t < self.end
        }
    }
}

/// Days of the week by their English names, as the forms and the API write them.
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

pub fn weekday_code(day: Weekday) -> &'static str {
    WEEKDAYS
        .iter()
        .find(|(_, d)| *d == day)
        .map_or("monday", |(n, _)| n)
}

/// A day by its English name, in any case.
pub fn parse_weekday(name: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
        .map(|(_, d)| *d)
}

/// A time of day as `HH:MM`.
pub fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// `HH:MM` (or `H:MM`), 24-hour clock, and nothing else.
pub fn parse_hhmm(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.trim().split_once(':')?;
    if h.len() > 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CheckInSchedule {
    pub weekday: Weekday,
    pub at: NaiveTime,
    pub zone: Tz,
    pub quiet: Option<QuietHours>,
}

impl Default for CheckInSchedule {
    fn default() -> Self {
        Self {
            weekday: Weekday::Mon,
            at: NaiveTime::from_hms_opt(9, 0, 0).expect("09:00 is a time"),
            zone: chrono_tz::Europe::Stockholm,
            quiet: None,
        }
    }
}

/// Which reminder of a week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckInNudge {
    First,
    FollowUp,
}

impl CheckInSchedule {
    /// The instant of `week`'s first reminder.
    pub fn first(&self, week: IsoWeek) -> DateTime<Utc> {
        self.deliverable(self.local_first(week))
    }

    /// The follow-up for `week`, if it still falls in that week: a reminder for a check-in
    /// that can no longer be given would only nag.
    pub fn follow_up(&self, week: IsoWeek) -> Option<DateTime<Utc>> {
        let local = self.local_first(week) + Days::new(FOLLOW_UP_AFTER_DAYS);
        let at = self.deliverable(local);
        (IsoWeek::of_date(at.with_timezone(&self.zone).date_naive()) == week).then_some(at)
    }

    /// The next nudge strictly after `after`: `week`'s first, its follow-up, or next week's first.
    pub fn next_after(&self, after: DateTime<Utc>) -> (IsoWeek, CheckInNudge, DateTime<Utc>) {
        let mut week = IsoWeek::of_date(after.with_timezone(&self.zone).date_naive()).previous();
        loop {
            let first = self.first(week);
            if first > after {
                return (week, CheckInNudge::First, first);
            }
            if let Some(follow) = self.follow_up(week).filter(|t| *t > after) {
                return (week, CheckInNudge::FollowUp, follow);
            }
            week = week.next();
        }
    }

    fn local_first(&self, week: IsoWeek) -> NaiveDateTime {
        let day = week.monday() + Days::new(self.weekday.num_days_from_monday().into());
        day.and_time(self.at)
    }

    /// Out of quiet hours (to their end), then to an instant on the person's clock.
    fn deliverable(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let local = match self.quiet {
            Some(q) if q.contains(local.time()) => {
                let end = local.date().and_time(q.end);
                if end > local {
                    end
                } else {
                    end + Days::new(1)
                }
            }
            _ => local,
        };
        instant(self.zone, local)
    }
}

/// A wall-clock time as an instant. In the autumn's repeated hour the first is meant; a time
/// that does not exist (the spring's skipped hour) moves forward by the hour that was skipped.
pub fn instant(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => instant(zone, local + Duration::hours(1)),
    }
}

/// Whether reminders for `week` are paused: four reminded weeks in a row went unanswered.
/// `enabled` is the week reminders were turned on; a fresh start counts from there.
pub fn paused(week: IsoWeek, last_answer: Option<IsoWeek>, enabled: IsoWeek) -> bool {
    let since = match last_answer {
        Some(answered) if answered >= enabled.previous() => answered,
        _ => enabled.previous(),
    };
    week.weeks_since(since) > PAUSE_AFTER_SILENT_WEEKS
}

/// What a push service's answer to one message means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushAnswer {
    Delivered,
    /// 404/410: the subscription has ended and must never be used again.
    Gone,
    /// 413: this message will never fit.
    TooLarge,
    /// 429/503: the service says when to come back (or did not say).
    Later(Option<Duration>),
    /// Another 5xx, a timeout or a connection failure: worth trying again.
    Failed,
    /// Another 4xx: trying again would fail the same way.
    Rejected,
}

impl PushAnswer {
    pub fn from_status(status: u16, retry_after: Option<&str>, now: DateTime<Utc>) -> Self {
        match status {
            200..=299 => Self::Delivered,
            404 | 410 => Self::Gone,
            413 => Self::TooLarge,
            429 | 503 => Self::Later(retry_after.and_then(|v| parse_retry_after(v, now))),
            500..=599 => Self::Failed,
            _ => Self::Rejected,
        }
    }
}

/// `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3); a date in the past is "now".
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u32>() {
        return Some(Duration::seconds(seconds.into()));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some((at.with_timezone(&Utc) - now).max(Duration::zero()))
}

/// What to do with a message after an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextStep {
    Done,
    /// Delete the subscription now.
    Prune,
    /// Record and drop the message; the subscription stays.
    Drop,
    RetryAt(DateTime<Utc>),
    /// Retries are used up, or the next would arrive after the message stops mattering.
    GiveUp,
}

/// Retrying: at most this many attempts in all, waits doubling from [`BACKOFF_BASE`] up to
/// [`BACKOFF_CAP`].
pub const MAX_ATTEMPTS: u32 = 6;
pub const BACKOFF_BASE: Duration = Duration::seconds(30);
pub const BACKOFF_CAP: Duration = Duration::minutes(30);

/// `attempts` counts the one just made; `jitter` in [0, 1) spreads retries of a fan-out so
/// they do not return together (waits are between half and all of the capped backoff).
/// `Retry-After` is honoured exactly.
pub fn next_step(
    answer: PushAnswer,
    attempts: u32,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
    jitter: f64,
) -> NextStep {
    let wait = match answer {
        PushAnswer::Delivered => return NextStep::Done,
        PushAnswer::Gone => return NextStep::Prune,
        PushAnswer::TooLarge | PushAnswer::Rejected => return NextStep::Drop,
        PushAnswer::Later(Some(wait)) => wait,
        PushAnswer::Later(None) | PushAnswer::Failed => backoff(attempts, jitter),
    };
    let at = now + wait;
    if attempts >= MAX_ATTEMPTS || at >= expires {
        NextStep::GiveUp
    } else {
        NextStep::RetryAt(at)
    }
}

fn backoff(attempts: u32, jitter: f64) -> Duration {
    let doubled = BACKOFF_BASE * 2i32.saturating_pow(attempts.saturating_sub(1).min(16));
    let capped = doubled.min(BACKOFF_CAP);
    let share = 0.5 + 0.5 * jitter.clamp(0.0, 1.0);
    Duration::milliseconds((capped.num_milliseconds() as f64 * share) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_hours_and_minutes_only() {
        assert_eq!(parse_hhmm("09:00").map(hhmm).as_deref(), Some("09:00"));
        assert_eq!(parse_hhmm("9:05").map(hhmm).as_deref(), Some("09:05"));
        for bad in ["24:00", "09:60", "0900", "09:0", "nine", "-1:00", "009:00"] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_are_english_names_in_any_case_and_quiet_hours_span_something() {
        assert_eq!(parse_weekday(" Tuesday "), Some(Weekday::Tue));
        assert_eq!(parse_weekday("tisdag"), None);
        assert_eq!(weekday_code(Weekday::Sun), "sunday");
        let t = |s| parse_hhmm(s).unwrap();
        assert_eq!(QuietHours::new(t("22:00"), t("22:00")), None);
        assert!(QuietHours::new(t("22:00"), t("06:30"))
            .unwrap()
            .contains(t("01:00")));
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn week(y: i32, w: u32) -> IsoWeek {
        IsoWeek::new(y, w).unwrap()
    }

    #[test]
    fn the_default_is_monday_nine_in_stockholm_winter_and_summer() {
        let s = CheckInSchedule::default();
        // Winter: UTC+1.
        assert_eq!(s.first(week(2026, 48)), utc("2026-11-23T08:00:00Z"));
        // Summer: UTC+2.
        assert_eq!(s.first(week(2026, 24)), utc("2026-06-08T07:00:00Z"));
    }

    #[test]
    fn nine_oclock_stays_nine_across_the_daylight_saving_changes() {
        let s = CheckInSchedule {
            weekday: Weekday::Sun,
            ..Default::default()
        };
        // 29 March 2026: clocks go forward at 02:00; 09:00 that Sunday is already UTC+2.
        assert_eq!(s.first(week(2026, 13)), utc("2026-03-29T07:00:00Z"));
        assert_eq!(s.first(week(2026, 12)), utc("2026-03-22T08:00:00Z"));
        // 25 October 2026: clocks go back at 03:00.
        assert_eq!(s.first(week(2026, 43)), utc("2026-10-25T08:00:00Z"));
        assert_eq!(s.first(week(2026, 42)), utc("2026-10-18T07:00:00Z"));
    }

    #[test]
    fn a_time_in_the_skipped_hour_moves_forward_and_the_repeated_hour_means_the_first() {
        let s = CheckInSchedule {
            weekday: Weekday::Sun,
            at: t(2, 30),
            ..Default::default()
        };
        // 02:30 does not exist on 29 March: 03:30 CEST = 01:30 UTC.
        assert_eq!(s.first(week(2026, 13)), utc("2026-03-29T01:30:00Z"));
        // 02:30 happens twice on 25 October: the first (CEST) = 00:30 UTC.
        assert_eq!(s.first(week(2026, 43)), utc("2026-10-25T00:30:00Z"));
    }

    #[test]
    fn quiet_hours_move_a_reminder_to_their_end_even_across_midnight() {
        let s = CheckInSchedule {
            weekday: Weekday::Tue,
            at: t(23, 30),
            quiet: Some(QuietHours {
                start: t(22, 0),
                end: t(7, 0),
            }),
            ..Default::default()
        };
        assert_eq!(s.first(week(2026, 48)), utc("2026-11-25T06:00:00Z"));
        let early = CheckInSchedule { at: t(6, 15), ..s };
        assert_eq!(early.first(week(2026, 48)), utc("2026-11-24T06:00:00Z"));
        let daytime = CheckInSchedule {
            at: t(12, 0),
            quiet: Some(QuietHours {
                start: t(11, 0),
                end: t(13, 0),
            }),
            ..s
        };
        assert_eq!(daytime.first(week(2026, 48)), utc("2026-11-24T12:00:00Z"));
        let outside = CheckInSchedule { at: t(21, 59), ..s };
        assert_eq!(outside.first(week(2026, 48)), utc("2026-11-24T20:59:00Z"));
    }

    #[test]
    fn quiet_hours_of_zero_length_silence_nothing() {
        let q = QuietHours {
            start: t(8, 0),
            end: t(8, 0),
        };
        assert!(!q.contains(t(8, 0)));
        assert!(!q.contains(t(3, 0)));
    }

    #[test]
    fn the_follow_up_is_two_days_later_on_the_same_clock_and_only_within_the_week() {
        let s = CheckInSchedule::default();
        assert_eq!(
            s.follow_up(week(2026, 48)),
            Some(utc("2026-11-25T08:00:00Z"))
        );
        // Across the autumn change: Friday 23 Oct 09:00 CEST, Sunday 25 Oct 09:00 CET.
        let friday = CheckInSchedule {
            weekday: Weekday::Fri,
            ..s
        };
        assert_eq!(
            friday.follow_up(week(2026, 43)),
            Some(utc("2026-10-25T08:00:00Z"))
        );
        let saturday = CheckInSchedule {
            weekday: Weekday::Sat,
            ..s
        };
        assert_eq!(saturday.follow_up(week(2026, 48)), None);
    }

    #[test]
    fn the_next_nudge_walks_first_follow_up_then_next_week() {
        let s = CheckInSchedule::default();
        let (w, n, at) = s.next_after(utc("2026-11-23T07:59:00Z"));
        assert_eq!(
            (w, n, at),
            (
                week(2026, 48),
                CheckInNudge::First,
                utc("2026-11-23T08:00:00Z")
            )
        );
        let (w, n, at) = s.next_after(at);
        assert_eq!(
            (w, n, at),
            (
                week(2026, 48),
                CheckInNudge::FollowUp,
                utc("2026-11-25T08:00:00Z")
            )
        );
        let (w, n, at) = s.next_after(at);
        assert_eq!(
            (w, n, at),
            (
                week(2026, 49),
                CheckInNudge::First,
                utc("2026-11-30T08:00:00Z")
            )
        );
        // Late on Sunday, the week's nudges are behind: next is next week's first.
        let (w, _, _) = s.next_after(utc("2026-11-29T22:59:00Z"));
        assert_eq!(w, week(2026, 49));
    }

    #[test]
    fn reminders_pause_after_four_silent_weeks_and_resume_with_an_answer() {
        let on = week(2026, 10);
        assert!(!paused(week(2026, 13), None, on));
        assert!(paused(week(2026, 14), None, on));
        assert!(!paused(week(2026, 14), Some(week(2026, 12)), on));
        assert!(!paused(week(2026, 16), Some(week(2026, 12)), on));
        assert!(paused(week(2026, 17), Some(week(2026, 12)), on));
        // An old answer before reminders were turned on does not shorten the grace.
        assert!(!paused(week(2026, 13), Some(week(2025, 40)), on));
    }

    #[test]
    fn answers_map_to_what_happens_next() {
        let now = utc("2026-11-23T08:00:00Z");
        let expires = now + Duration::hours(12);
        let step = |status, retry: Option<&str>, attempts| {
            next_step(
                PushAnswer::from_status(status, retry, now),
                attempts,
                now,
                expires,
                0.0,
            )
        };
        assert_eq!(step(201, None, 1), NextStep::Done);
        assert_eq!(step(410, None, 1), NextStep::Prune);
        assert_eq!(step(404, None, 1), NextStep::Prune);
        assert_eq!(step(413, None, 1), NextStep::Drop);
        assert_eq!(step(400, None, 1), NextStep::Drop);
        assert_eq!(step(403, None, 1), NextStep::Drop);
        assert_eq!(
            step(429, Some("120"), 1),
            NextStep::RetryAt(now + Duration::seconds(120))
        );
        assert_eq!(
            step(503, Some("Mon, 23 Nov 2026 08:05:00 GMT"), 1),
            NextStep::RetryAt(now + Duration::minutes(5))
        );
        assert_eq!(step(429, Some("86400"), 1), NextStep::GiveUp);
        assert_eq!(
            step(500, None, 1),
            NextStep::RetryAt(now + Duration::seconds(15))
        );
        assert_eq!(
            step(502, None, 3),
            NextStep::RetryAt(now + Duration::seconds(60))
        );
        assert_eq!(step(500, None, MAX_ATTEMPTS), NextStep::GiveUp);
    }

    #[test]
    fn backoff_doubles_up_to_its_cap_and_jitter_stays_within_half_of_it() {
        assert_eq!(backoff(1, 1.0), BACKOFF_BASE);
        assert_eq!(backoff(2, 1.0), BACKOFF_BASE * 2);
        assert_eq!(backoff(40, 1.0), BACKOFF_CAP);
        for j in [0.0, 0.3, 0.99] {
            let b = backoff(3, j);
            assert!(b >= BACKOFF_BASE * 2 && b <= BACKOFF_BASE * 4, "{b}");
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_and_ignores_nonsense() {
        let now = utc("2026-11-23T08:00:00Z");
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::seconds(7)));
        assert_eq!(
            parse_retry_after("Mon, 23 Nov 2026 07:00:00 GMT", now),
            Some(Duration::zero())
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }
}
