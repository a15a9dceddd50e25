//! The Swedish working calendar: which days are public holidays, and counting working days.
//!
//! The days a statutory deadline moves off are those of the Act on Computing Statutory Time
//! Limits (lag (1930:173) om beräkning av lagstadgad tid) 2 §: "söndag, annan allmän helgdag,
//! lördag, midsommarafton, julafton eller nyårsafton". So `is_holiday` is the Public Holidays
//! Act's list (lag (1989:253) om allmänna helgdagar; Easter Day and Whit Sunday are Sundays
//! and need no entry) with the three eves that 1930:173 names itself, not by any collective
//! agreement; `the_swedish_holidays_of_2026` checks the whole list for one year.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian computus).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as u32, day as u32)
}

/// Whether `day` is a holiday on a weekday or weekend alike (see the module's note on the
/// eves).
pub fn is_holiday(day: NaiveDate) -> bool {
    let year = day.year();
    let easter = easter_sunday(year);
    let fixed = [
        (1, 1),
        (1, 6),
        (5, 1),
        (6, 6),
        (12, 24),
        (12, 25),
        (12, 26),
        (12, 31),
    ];
    if fixed.contains(&(day.month(), day.day())) {
        return true;
    }
    let movable = [
        easter - Duration::days(2),  // Good Friday
        easter + Duration::days(1),  // Easter Monday
        easter + Duration::days(39), // Ascension Day
        // Midsummer Eve: the Friday between 19 and 25 June; Midsummer Day the day after.
        first_on_or_after(date(year, 6, 19), Weekday::Fri),
        first_on_or_after(date(year, 6, 20), Weekday::Sat),
        // All Saints' Day: the Saturday between 31 October and 6 November.
        first_on_or_after(date(year, 10, 31), Weekday::Sat),
    ];
    movable.contains(&day)
}

/// Monday to Friday and not a holiday.
pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !is_holiday(day)
}

/// The last working day on or before `day`: when a reminder due on a weekend or holiday
/// should go out instead.
pub fn working_day_on_or_before(day: NaiveDate) -> NaiveDate {
    let mut d = day;
    while !is_working_day(d) {
        d = d.pred_opt().expect("dates within chrono's range");
    }
    d
}

/// The first working day on or after `day`: where a statutory time limit ending on a weekend
/// or holiday runs to.
pub fn working_day_on_or_after(day: NaiveDate) -> NaiveDate {
    let mut d = day;
    while !is_working_day(d) {
        d = d.succ_opt().expect("dates within chrono's range");
    }
    d
}

/// Working days after `from` up to and including `to` (none when `to` is not later).
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    from.iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| is_working_day(*d))
        .count() as i64
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid calendar date")
}

fn first_on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Duration::days(ahead.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_matches_the_almanac() {
        for (year, month, day) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(year), date(year, month, day), "{year}");
        }
    }

    #[test]
    fn the_swedish_holidays_of_2026() {
        let holidays: Vec<NaiveDate> = date(2026, 1, 1)
            .iter_days()
            .take_while(|d| d.year() == 2026)
            .filter(|d| is_holiday(*d))
            .collect();
        let want = [
            (1, 1),
            (1, 6),
            (4, 3),
            (4, 6),
            (5, 1),
            (5, 14),
            (6, 6),
            (6, 19),
            (6, 20),
            (10, 31),
            (12, 24),
            (12, 25),
            (12, 26),
            (12, 31),
        ]
        .map(|(m, d)| date(2026, m, d));
        assert_eq!(holidays, want);
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        // Thursday before Easter 2026 to the Tuesday after: Good Friday, the weekend and
        // Easter Monday are not working days.
        assert_eq!(working_days_between(date(2026, 4, 2), date(2026, 4, 7)), 1);
        // Friday to Monday.
        assert_eq!(
            working_days_between(date(2026, 11, 20), date(2026, 11, 23)),
            1
        );
        assert_eq!(
            working_days_between(date(2026, 11, 23), date(2026, 11, 23)),
            0
        );
        assert_eq!(
            working_days_between(date(2026, 11, 23), date(2026, 11, 20)),
            0
        );
        // Midsummer Eve 2026 is Friday 19 June.
        assert!(!is_working_day(date(2026, 6, 19)));
        assert!(is_working_day(date(2026, 6, 18)));
    }

    #[test]
    fn a_reminder_due_on_a_holiday_goes_out_the_working_day_before() {
        // Saturday 26 December 2026 → Wednesday 23 December (24 and 25 are holidays).
        assert_eq!(
            working_day_on_or_before(date(2026, 12, 26)),
            date(2026, 12, 23)
        );
        assert_eq!(
            working_day_on_or_before(date(2026, 11, 23)),
            date(2026, 11, 23)
        );
    }
}
