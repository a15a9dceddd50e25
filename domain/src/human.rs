//! Dates, times and weeks as people write them, in Swedish and English: "fredag 12 december
//! kl. 10.00", "Friday 12 December, 10:00", "vecka 49", "i morgon". One module for pages, pushes,
//! mail and PDFs, so no ISO string reaches a person.
//!
//! Swedish follows Språkrådet's writing rules (Svenska skrivregler): weekdays and months in
//! lower case, the day before the month without a full stop, "kl." before a time written with a
//! full stop (10.00). English follows British usage, as the English pages do: day before month,
//! a comma before a 24-hour time. The year is written only where it is not the reader's year.

use crate::guidance::Language;
use crate::time::IsoWeek;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};

const WEEKDAYS_SV: [&str; 7] = [
    "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn weekday(lang: Language, d: Weekday) -> &'static str {
    let i = d.num_days_from_monday() as usize;
    match lang {
        Language::Sv => WEEKDAYS_SV[i],
        Language::En => WEEKDAYS_EN[i],
    }
}

fn month(lang: Language, m: u32) -> &'static str {
    let i = (m.clamp(1, 12) - 1) as usize;
    match lang {
        Language::Sv => MONTHS_SV[i],
        Language::En => MONTHS_EN[i],
    }
}

/// "fredag 12 december", "Friday 12 December"; with the year where it is not `today`'s.
pub fn date(lang: Language, day: NaiveDate, today: NaiveDate) -> String {
    let mut out = format!(
        "{} {} {}",
        weekday(lang, day.weekday()),
        day.day(),
        month(lang, day.month())
    );
    if day.year() != today.year() {
        out.push_str(&format!(" {}", day.year()));
    }
    out
}

/// "fredag 12 december kl. 10.00", "Friday 12 December, 10:00".
pub fn date_time(lang: Language, at: NaiveDateTime, today: NaiveDate) -> String {
    let day = date(lang, at.date(), today);
    let (h, m) = (at.hour(), at.minute());
    match lang {
        Language::Sv => format!("{day} kl. {h:02}.{m:02}"),
        Language::En => format!("{day}, {h:02}:{m:02}"),
    }
}

/// "vecka 49", "week 49"; "vecka 1, 2027" where the week's year is not `today`'s.
pub fn week(lang: Language, week: IsoWeek, today: NaiveDate) -> String {
    let word = match lang {
        Language::Sv => "vecka",
        Language::En => "week",
    };
    format!("{word} {}", week_number(week, today))
}

/// The week's number as it follows the word "vecka" in a sentence or a column headed "Vecka":
/// "49", or "1, 2027" where the week's year is not `today`'s.
pub fn week_number(week: IsoWeek, today: NaiveDate) -> String {
    if week.year() == IsoWeek::of_date(today).year() {
        week.week().to_string()
    } else {
        format!("{}, {}", week.week(), week.year())
    }
}

/// "i dag", "i morgon", "om 3 dagar", "i går", "för 3 dagar sedan" (and in English) for a day
/// within a week of `today`; `None` further off, where the date says more.
pub fn relative(lang: Language, day: NaiveDate, today: NaiveDate) -> Option<String> {
    let n = (day - today).num_days();
    let sv = lang == Language::Sv;
    Some(match n {
        0 => if sv { "i dag" } else { "today" }.to_owned(),
        1 => if sv { "i morgon" } else { "tomorrow" }.to_owned(),
        -1 => if sv { "i går" } else { "yesterday" }.to_owned(),
        2..=6 if sv => format!("om {n} dagar"),
        2..=6 => format!("in {n} days"),
        -6..=-2 if sv => format!("för {} dagar sedan", -n),
        -6..=-2 => format!("{} days ago", -n),
        _ => return None,
    })
}

/// A day as a person wants to read it about something coming or just past: "i morgon (fredag
/// 12 december)" within a week, else the date alone.
pub fn day_with_relative(lang: Language, day: NaiveDate, today: NaiveDate) -> String {
    let date = date(lang, day, today);
    match relative(lang, day, today) {
        Some(near) => format!("{near} ({date})"),
        None => date,
    }
}

/// The formatting functions bound to one reader: their language and their today, so a page
/// builds every date it shows the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    pub lang: Language,
    pub today: NaiveDate,
}

impl Words {
    pub fn new(lang: Language, today: NaiveDate) -> Self {
        Self { lang, today }
    }

    /// For someone reading on Stockholm's calendar at `now`.
    pub fn at(lang: Language, now: chrono::DateTime<chrono::Utc>) -> Self {
        Self::new(lang, crate::time::stockholm_date(now))
    }

    pub fn date(self, day: NaiveDate) -> String {
        date(self.lang, day, self.today)
    }

    /// The local day of an instant, on Stockholm's calendar.
    pub fn day_of(self, at: chrono::DateTime<chrono::Utc>) -> String {
        self.date(crate::time::stockholm_date(at))
    }

    pub fn date_time(self, at: NaiveDateTime) -> String {
        date_time(self.lang, at, self.today)
    }

    pub fn week(self, w: IsoWeek) -> String {
        week(self.lang, w, self.today)
    }

    pub fn week_number(self, w: IsoWeek) -> String {
        week_number(w, self.today)
    }

    pub fn near(self, day: NaiveDate) -> String {
        day_with_relative(self.lang, day, self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{En, Sv};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn dates_read_as_people_write_them_with_the_year_only_where_it_differs() {
        let today = d("2026-12-07");
        assert_eq!(date(Sv, d("2026-12-12"), today), "lördag 12 december");
        assert_eq!(date(En, d("2026-12-12"), today), "Saturday 12 December");
        assert_eq!(date(Sv, d("2027-01-04"), today), "måndag 4 januari 2027");
        assert_eq!(date(En, d("2027-01-04"), today), "Monday 4 January 2027");
    }

    #[test]
    fn times_follow_each_languages_rules() {
        let today = d("2026-12-07");
        let at = d("2026-12-11").and_hms_opt(10, 0, 0).unwrap();
        assert_eq!(date_time(Sv, at, today), "fredag 11 december kl. 10.00");
        assert_eq!(date_time(En, at, today), "Friday 11 December, 10:00");
        let early = d("2026-12-11").and_hms_opt(8, 5, 0).unwrap();
        assert_eq!(date_time(Sv, early, today), "fredag 11 december kl. 08.05");
    }

    #[test]
    fn weeks_are_numbers_with_the_year_only_across_a_new_year() {
        let today = d("2026-12-07");
        let w49: IsoWeek = "2026-W49".parse().unwrap();
        assert_eq!(week(Sv, w49, today), "vecka 49");
        assert_eq!(week(En, w49, today), "week 49");
        let w1: IsoWeek = "2027-W01".parse().unwrap();
        assert_eq!(week(Sv, w1, today), "vecka 1, 2027");
        assert_eq!(week_number(w1, today), "1, 2027");
        assert_eq!(week_number(w49, today), "49");
        // 1 January 2027 is a Friday in ISO week 2026-W53: the week's year is the reader's.
        let w53: IsoWeek = "2026-W53".parse().unwrap();
        assert_eq!(week(En, w53, d("2027-01-01")), "week 53");
    }

    #[test]
    fn near_days_are_words_and_far_ones_dates() {
        let today = d("2026-12-07");
        let cases = [
            ("2026-12-07", "i dag", "today"),
            ("2026-12-08", "i morgon", "tomorrow"),
            ("2026-12-06", "i går", "yesterday"),
            ("2026-12-10", "om 3 dagar", "in 3 days"),
            ("2026-12-02", "för 5 dagar sedan", "5 days ago"),
        ];
        for (day, sv, en) in cases {
            assert_eq!(relative(Sv, d(day), today).as_deref(), Some(sv), "{day}");
            assert_eq!(relative(En, d(day), today).as_deref(), Some(en), "{day}");
        }
        assert_eq!(relative(Sv, d("2026-12-14"), today), None);
        assert_eq!(
            day_with_relative(Sv, d("2026-12-08"), today),
            "i morgon (tisdag 8 december)"
        );
        assert_eq!(
            day_with_relative(En, d("2026-12-21"), today),
            "Monday 21 December"
        );
    }
}
