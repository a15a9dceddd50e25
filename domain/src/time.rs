//! Calendar rules: ISO weeks as people in Sweden count them (Europe/Stockholm).
//!
//! Stockholm's offset comes from the IANA time-zone database (`chrono-tz`): CEST (UTC+2) from
//! 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October, CET
//! (UTC+1) otherwise, by the EU summer-time rule (Directive 2000/84/EC), and whatever a later
//! change to that rule brings with a newer database. The browser island never reads the time
//! here, so the database stays out of its bundle.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, Offset, TimeZone, Utc, Weekday,
};
use chrono_tz::Europe::Stockholm;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The UTC offset in force in Stockholm at a given instant.
/// The years a date anyone types or sends may fall in. Dates far outside any working life are
/// mistakes, and some databases cannot store the calendar's extremes (PostgreSQL's dates end in
/// 5874897), so they are refused at the door instead of failing in a query.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// A calendar date as `YYYY-MM-DD` within `YEARS`; `None` for anything else.
pub fn date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()?;
    // Four digits and no sign: `%Y` would also take `+10000-01-01`.
    (t.len() == 10 && YEARS.contains(&d.year())).then_some(d)
}

/// A month as `YYYY-MM` (its first day), or a day in it as `date` reads it.
pub fn month(text: &str) -> Option<NaiveDate> {
    match text.trim() {
        t if t.len() == 7 => date(&format!("{t}-01")),
        t => date(t),
    }
}

pub fn stockholm_offset(at: DateTime<Utc>) -> FixedOffset {
    Stockholm.offset_from_utc_datetime(&at.naive_utc()).fix()
}

/// The local date in Stockholm at a given instant.
pub fn stockholm_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Stockholm).date_naive()
}

/// The instant a Stockholm day begins. Clocks change at 02:00 or 03:00 local time, never at
/// midnight, so midnight is always a single instant.
pub fn stockholm_midnight(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    Stockholm
        .from_local_datetime(&midnight)
        .earliest()
        .expect("midnight exists in Stockholm")
        .with_timezone(&Utc)
}

/// An ISO 8601 week, written `2026-W48`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an ISO week of the form 2026-W48")]
pub struct InvalidIsoWeek;

impl IsoWeek {
    pub fn new(year: i32, week: u32) -> Result<Self, InvalidIsoWeek> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or(InvalidIsoWeek)?;
        Ok(Self { year, week })
    }

    /// The week that contains this instant on Stockholm's calendar.
    pub fn containing(at: DateTime<Utc>) -> Self {
        Self::of_date(stockholm_date(at))
    }

    pub fn of_date(date: NaiveDate) -> Self {
        let w = date.iso_week();
        Self {
            year: w.year(),
            week: w.week(),
        }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn week(&self) -> u32 {
        self.week
    }

    pub fn monday(&self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon)
            .expect("validated at construction")
    }

    pub fn previous(&self) -> Self {
        Self::of_date(self.monday() - Duration::days(7))
    }

    pub fn next(&self) -> Self {
        Self::of_date(self.monday() + Duration::days(7))
    }

    /// Whole weeks from `earlier` to `self` (negative when `earlier` is later).
    pub fn weeks_since(&self, earlier: IsoWeek) -> i64 {
        (self.monday() - earlier.monday()).num_days() / 7
    }

    /// The `count` weeks ending with this one, oldest first.
    pub fn last_n(&self, count: usize) -> Vec<IsoWeek> {
        let mut weeks = Vec::with_capacity(count);
        let mut w = *self;
        for _ in 0..count {
            weeks.push(w);
            w = w.previous();
        }
        weeks.reverse();
        weeks
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = InvalidIsoWeek;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (year, week) = s.split_once(['W', 'w']).ok_or(InvalidIsoWeek)?;
        let year = year.strip_suffix('-').unwrap_or(year);
        if year.len() != 4
            || week.len() != 2
            || !year.bytes().chain(week.bytes()).all(|b| b.is_ascii_digit())
        {
            return Err(InvalidIsoWeek);
        }
        let year = year.parse().map_err(|_| InvalidIsoWeek)?;
        let week = week.parse().map_err(|_| InvalidIsoWeek)?;
        Self::new(year, week)
    }
}

impl TryFrom<String> for IsoWeek {
    type Error = InvalidIsoWeek;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<IsoWeek> for String {
    fn from(w: IsoWeek) -> Self {
        w.to_string()
    }
}

/// The most weeks a range of check-ins may span: two years.
pub const MAX_RANGE_WEEKS: i64 = 104;
/// The weeks a range spans when none is asked for.
pub const DEFAULT_RANGE_WEEKS: usize = 12;

/// The weeks a range asks for, ending with `to` (else this week) and starting at `from` (else
/// twelve weeks back); `None` when `from` is after `to` or more than 104 weeks before it.
pub fn week_range(
    from: Option<IsoWeek>,
    to: Option<IsoWeek>,
    this_week: IsoWeek,
) -> Option<(IsoWeek, IsoWeek)> {
    let to = to.unwrap_or(this_week);
    let from = from.unwrap_or_else(|| to.last_n(DEFAULT_RANGE_WEEKS)[0]);
    (0..MAX_RANGE_WEEKS)
        .contains(&to.weeks_since(from))
        .then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_days_within_a_working_life() {
        assert_eq!(date(" 2026-11-25 "), NaiveDate::from_ymd_opt(2026, 11, 25));
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "26-11-25",
            "-262143-01-01",
            "+262142-12-31",
            "1899-12-31",
            "3000-01-01",
            "2026-11-25x",
            "",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_range_is_twelve_weeks_by_default_and_at_most_two_years() {
        let w = |s: &str| s.parse::<IsoWeek>().unwrap();
        let now = w("2026-W48");
        assert_eq!(week_range(None, None, now), Some((w("2026-W37"), now)));
        assert_eq!(week_range(Some(w("2026-W48")), None, now), Some((now, now)));
        // 103 weeks back is the furthest; 104 is one too many; after `to`, none.
        assert_eq!(
            week_range(Some(w("2024-W49")), None, now).map(|r| r.0),
            Some(w("2024-W49"))
        );
        assert_eq!(week_range(Some(w("2024-W48")), None, now), None);
        assert_eq!(week_range(Some(w("2026-W49")), None, now), None);
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_stockholm_day_begins_at_local_midnight_in_winter_summer_and_on_change_days() {
        for day in [
            "2026-01-15",
            "2026-03-28",
            "2026-03-29",
            "2026-03-30",
            "2026-07-01",
            "2026-10-24",
            "2026-10-25",
            "2026-10-26",
            "2026-12-31",
        ] {
            let day: NaiveDate = day.parse().unwrap();
            let begins = stockholm_midnight(day);
            assert_eq!(stockholm_date(begins), day, "{day}");
            assert_eq!(
                stockholm_date(begins - Duration::seconds(1)),
                day.pred_opt().unwrap(),
                "{day}"
            );
        }
        assert_eq!(
            stockholm_midnight("2026-07-01".parse().unwrap()),
            utc("2026-06-30T22:00:00Z")
        );
        assert_eq!(
            stockholm_midnight("2026-12-01".parse().unwrap()),
            utc("2026-11-30T23:00:00Z")
        );
    }

    #[test]
    fn summer_time_starts_and_ends_at_one_utc_on_the_last_sundays() {
        assert_eq!(
            stockholm_offset(utc("2026-03-29T00:59:59Z")).local_minus_utc(),
            3600
        );
        assert_eq!(
            stockholm_offset(utc("2026-03-29T01:00:00Z")).local_minus_utc(),
            7200
        );
        assert_eq!(
            stockholm_offset(utc("2026-10-25T00:59:59Z")).local_minus_utc(),
            7200
        );
        assert_eq!(
            stockholm_offset(utc("2026-10-25T01:00:00Z")).local_minus_utc(),
            3600
        );
    }

    #[test]
    fn sunday_evening_utc_can_already_be_monday_in_stockholm() {
        // 23:30 UTC on Sunday 29 Nov 2026 is 00:30 on Monday 30 Nov in Stockholm: week 49, not 48.
        assert_eq!(
            IsoWeek::containing(utc("2026-11-29T23:30:00Z")).to_string(),
            "2026-W49"
        );
        assert_eq!(
            IsoWeek::containing(utc("2026-11-29T22:59:00Z")).to_string(),
            "2026-W48"
        );
        // In summer the offset is two hours.
        assert_eq!(
            IsoWeek::containing(utc("2026-06-28T22:30:00Z")).to_string(),
            "2026-W27"
        );
    }

    #[test]
    fn iso_years_differ_from_calendar_years_at_the_edges() {
        assert_eq!(
            IsoWeek::of_date(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()).to_string(),
            "2026-W53"
        );
        assert_eq!(
            IsoWeek::of_date(NaiveDate::from_ymd_opt(2024, 12, 30).unwrap()).to_string(),
            "2025-W01"
        );
        assert_eq!(
            "2026-W53".parse::<IsoWeek>().unwrap().next().to_string(),
            "2027-W01"
        );
        assert_eq!(
            "2027-W01"
                .parse::<IsoWeek>()
                .unwrap()
                .previous()
                .to_string(),
            "2026-W53"
        );
    }

    #[test]
    fn parsing_accepts_only_real_weeks() {
        assert!("2026-W48".parse::<IsoWeek>().is_ok());
        assert!("2026W48".parse::<IsoWeek>().is_ok());
        for bad in [
            "2025-W53", "2026-W00", "2026-W54", "2026-48", "26-W48", "2026-W4", "2026-W+1", "", "x",
        ] {
            assert!(bad.parse::<IsoWeek>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn last_n_weeks_are_consecutive_and_end_with_this_week() {
        let w: IsoWeek = "2026-W02".parse().unwrap();
        let weeks = w.last_n(4);
        let names: Vec<_> = weeks.iter().map(|w| w.to_string()).collect();
        assert_eq!(names, ["2025-W51", "2025-W52", "2026-W01", "2026-W02"]);
        assert_eq!(w.weeks_since(weeks[0]), 3);
    }

    proptest::proptest! {
        #[test]
        fn display_and_parse_round_trip(days in 0i64..40_000) {
            let date = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Duration::days(days);
            let week = IsoWeek::of_date(date);
            proptest::prop_assert_eq!(week.to_string().parse::<IsoWeek>().unwrap(), week);
            proptest::prop_assert_eq!(week.next().previous(), week);
            proptest::prop_assert_eq!(week.next().weeks_since(week), 1);
        }
    }
}
