//! Demokommun's wider workforce as payroll and HR would send it: 180 people in a second
//! home-care unit and a second school, with gender, birth year and hours, and three years of
//! sick-leave spells, so the outcomes page shows something true to life on first run.
//!
//! The spells follow what Swedish municipal figures show (SKR, Kolada): women are off sick
//! more often and longer than men, short spells peak in winter, and about one in six women and
//! one in ten men has a long spell in a year. None of them checks in or has a case, so the few
//! whose long spell goes on today or ended lately are on the coordinator's list of cases to
//! open, as they would be; no one has more than five spells in any twelve months, short of the
//! early-signal rule.

use crate::entity::{absence_spell, employment, person};
use crate::rehab::absence::IMPORT;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use domain::sick_leave::Gender;
use sea_orm::ActiveValue::Set;
use uuid::Uuid;

/// (unit index in `UNITS`, people, share of women in percent).
pub(super) const WORKFORCE: [(usize, usize, u64); 2] = [(5, 100, 85), (6, 80, 70)];

const FIRST_WOMEN: [&str; 12] = [
    "Elin", "Hanna", "Ida", "Johanna", "Linnea", "Maja", "Nora", "Sofia", "Tove", "Vera", "Amina",
    "Leila",
];
const FIRST_MEN: [&str; 10] = [
    "Anders", "Björn", "David", "Gustav", "Jonas", "Mikael", "Nils", "Oskar", "Samir", "Viktor",
];
const SURNAMES: [&str; 14] = [
    "Andersson",
    "Berglund",
    "Dahl",
    "Forsberg",
    "Hedlund",
    "Holmgren",
    "Jonsson",
    "Lindqvist",
    "Marklund",
    "Nyström",
    "Sandberg",
    "Wikström",
    "Yusuf",
    "Åström",
];

/// The generator's seed: the demo looks the same on every machine.
const SEED: u64 = 0x5eed_0a4a;
/// Short spells this far apart at least: no more than four start in twelve months, and with
/// at most one long spell in the three years nobody meets the early-signal rule (six).
const SHORT_GAP_DAYS: i64 = 92;

pub(super) struct Rows {
    pub people: Vec<person::ActiveModel>,
    pub employments: Vec<employment::ActiveModel>,
    pub spells: Vec<absence_spell::ActiveModel>,
}

/// The generated workforce in `units` (indexed as `UNITS`), the same on every machine.
pub(super) fn workforce(employer: Uuid, units: &[Uuid], now: DateTime<Utc>) -> Rows {
    let today = domain::time::stockholm_date(now);
    let mut rng = Lcg(SEED);
    let mut rows = Rows {
        people: vec![],
        employments: vec![],
        spells: vec![],
    };
    let mut n = 0usize;
    for (unit, count, women_percent) in WORKFORCE {
        for _ in 0..count {
            n += 1;
            // HR has no gender for some (every fifteenth): more than ten in all, so women and
            // men can be shown beside them.
            let gender = if n.is_multiple_of(15) {
                Gender::NotStated
            } else if rng.next() % 100 < women_percent {
                Gender::Woman
            } else {
                Gender::Man
            };
            let names: &[&str] = match gender {
                Gender::Man => &FIRST_MEN,
                _ => &FIRST_WOMEN,
            };
            let first = names[rng.next() as usize % names.len()];
            let name = format!("{first} {}", SURNAMES[rng.next() as usize % SURNAMES.len()]);
            let id = Uuid::new_v4();
            rows.people.push(person::ActiveModel {
                id: Set(id),
                employer_id: Set(employer),
                unit_id: Set(Some(units[unit])),
                display_name: Set(name),
                demo_persona: Set(None),
                active: Set(true),
                created_at: Set(now),
                subject: Set(None),
                email: Set(None),
                from_import: Set(true),
                gender: Set(Some(gender.code().to_owned())),
                birth_year: Set(Some(1960 + (rng.next() % 44) as i32)),
                employee_number: Set(Some(format!("{}", 20_000 + n))),
            });
            rows.employments.push(employment::ActiveModel {
                id: Set(Uuid::new_v4()),
                person_id: Set(id),
                unit_id: Set(Some(units[unit])),
                from_day: Set(NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date")),
                to_day: Set(None),
                // Every fourth part time, as is common in care.
                weekly_hours_centi: Set(if n.is_multiple_of(4) { 3000 } else { 4000 }),
            });
            for (first_day, last_day, extent) in spells(gender, today, &mut rng) {
                rows.spells.push(absence_spell::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    person_id: Set(id),
                    employer_id: Set(employer),
                    first_day: Set(first_day),
                    last_day: Set(last_day),
                    recorded_by: Set(None),
                    recorded_at: Set(now),
                    extent: Set(extent),
                    source: Set(IMPORT.to_owned()),
                });
            }
        }
    }
    rows
}

/// Three years of one person's spells (so that the last twelve months have a year before),
/// oldest first: short ones (one to seven days, more in
/// winter) and at most one long one (15 to 150 days, sometimes at half time), which may go on
/// today (no last day).
fn spells(
    gender: Gender,
    today: NaiveDate,
    rng: &mut Lcg,
) -> Vec<(NaiveDate, Option<NaiveDate>, i16)> {
    let start = today - Duration::days(3 * 365);
    // The extra gap between short spells (up to twice this), and the chance in percent of a
    // long spell in the three years.
    let (spread, long_percent) = match gender {
        Gender::Man => (160, 30),
        _ => (30, 75),
    };
    let mut out = vec![];
    let mut day = start + Duration::days((rng.next() % 60) as i64);
    while day < today {
        let last = day + Duration::days((rng.next() % 7) as i64);
        // Winter (November–March) keeps every spell; the rest of the year about half.
        let winter = matches!(day.month(), 11 | 12 | 1..=3);
        if (winter || rng.next().is_multiple_of(2)) && last < today {
            out.push((day, Some(last), 100));
        }
        day += Duration::days(SHORT_GAP_DAYS + (rng.next() % (2 * spread)) as i64);
    }
    if rng.next() % 100 < long_percent {
        let first = start + Duration::days((rng.next() % (3 * 365 - 1)) as i64);
        let last = first + Duration::days(14 + (rng.next() % 137) as i64);
        let near = |(f, l, _): &(NaiveDate, Option<NaiveDate>, i16)| {
            *f <= last + Duration::days(1) && l.is_none_or(|l| first <= l + Duration::days(1))
        };
        if !out.iter().any(near) {
            let extent = if rng.next().is_multiple_of(4) {
                50
            } else {
                100
            };
            out.push((first, (last < today).then_some(last), extent));
        }
    }
    out.sort();
    out
}

/// A tiny deterministic generator: the demo looks the same on every machine.
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub(super) fn jitter(&mut self, span: i64) -> i64 {
        (self.next() % (2 * span as u64 + 1)) as i64 - span
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::rehab::{case_due, AbsenceRule, Spell, CASE_DAY};

    /// A thousand people of each gender: nobody generated is on the early-signal list on any
    /// day of the three years, a few are due a case today, and women are off sick more than men.
    #[test]
    fn the_history_has_a_gender_gap_and_puts_nobody_on_a_list() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut rng = Lcg(SEED);
        let (mut days, mut due) = ([0i64; 2], 0);
        for (i, gender) in [Gender::Woman, Gender::Man].into_iter().enumerate() {
            for _ in 0..1000 {
                let s = spells(gender, today, &mut rng);
                let firsts: Vec<NaiveDate> = s.iter().map(|(f, _, _)| *f).collect();
                for back in 0..3 * 365 {
                    let day = today - Duration::days(back);
                    assert_eq!(AbsenceRule::default().flags(&firsts, day), None, "{s:?}");
                }
                let plain: Vec<Spell> = s
                    .iter()
                    .map(|(f, l, _)| Spell {
                        first_day: *f,
                        last_day: *l,
                    })
                    .collect();
                due += usize::from(case_due(&plain, CASE_DAY, today).is_some());
                days[i] += s
                    .iter()
                    .map(|(f, l, e)| {
                        ((l.unwrap_or(today) - *f).num_days() + 1) * i64::from(*e) / 100
                    })
                    .sum::<i64>();
            }
        }
        // About one in twenty-five on the list of cases to open, as in a municipality.
        assert!((20..120).contains(&due), "{due} of 2000 due a case");
        // Swedish municipal figures have women off sick about 1.5–2 times as much as men.
        let ratio = days[0] as f64 / days[1] as f64;
        assert!(
            (1.4..2.5).contains(&ratio),
            "women {} men {}: {ratio}",
            days[0],
            days[1]
        );
    }
}
