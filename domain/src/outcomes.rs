//! Outcomes month by month, for an employer and the projects behind it: the sick-leave rate
//! against the same month a year before, for everyone, women and men, and the absences that
//! started and ended. Each month is withheld exactly as `sick_leave::figures` would withhold it alone, so its groups are
//! withheld by the same rules (ten or fewer, by subtraction, and by their thinnest month), and
//! a count is shown only where the group's rate is.
//!
//! The rate is key figure 1 (and 3, 4) of the annual report for one calendar month: sick-leave
//! time over ordinary working time (SKR's definitions, see `sick_leave`). The year before is the
//! same month twelve months earlier, with the people employed then: it answers "is it lower
//! than it was", not "is it lower for these people".

use crate::sick_leave::{
    absences, complete, without_overlaps, Absence, Employee, Figure, Gender, KeyFigures, Period,
    Tally, MAX_WITHHELD,
};
use chrono::{Months, NaiveDate};
use std::collections::BTreeMap;

/// A rate for everyone, for women and for men.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rates {
    pub total: Figure,
    pub women: Figure,
    pub men: Figure,
}

impl From<&KeyFigures> for Rates {
    fn from(k: &KeyFigures) -> Self {
        Rates {
            total: k.total,
            women: k.women,
            men: k.men,
        }
    }
}

/// A number of absences, or withheld with the group's rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Shown(u32),
    Withheld,
}

/// Absences for everyone, for women and for men.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    pub total: Count,
    pub women: Count,
    pub men: Count,
}

/// One calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Month {
    pub month: Period,
    pub rate: Rates,
    /// The same month a year before.
    pub year_before: Rates,
    /// Absences whose first day is in the month.
    pub started: Counts,
    /// Absences whose last day is in the month.
    pub ended: Counts,
}

/// The calendar months of `period` (widened to whole months), one by one.
pub fn months_of(period: Period) -> Vec<Period> {
    let period = period.whole_months();
    let mut out = Vec::with_capacity(period.months());
    let mut first = period.first;
    while first <= period.last {
        let next = first.checked_add_months(Months::new(1));
        let last = next.and_then(|d| d.pred_opt()).unwrap_or(period.last);
        out.extend(Period::new(first, last));
        match next {
            Some(n) => first = n,
            None => break,
        }
    }
    out
}

/// How many absences `counted` picks, for everyone, women and men, shown where the month's
/// rate for the group is.
fn count(
    people: &[(Gender, Vec<Absence>)],
    rates: &Rates,
    counted: impl Fn(&Absence) -> bool,
) -> Counts {
    let (mut total, mut women, mut men) = (0, 0, 0);
    for (gender, absences) in people {
        let k = absences.iter().filter(|a| counted(a)).count() as u32;
        total += k;
        match gender {
            Gender::Woman => women += k,
            Gender::Man => men += k,
            Gender::Other | Gender::NotStated => {}
        }
    }
    let shown = |f: Figure, k: u32| match f {
        Figure::Shown(_) | Figure::Empty => Count::Shown(k),
        Figure::Withheld => Count::Withheld,
    };
    Counts {
        total: shown(rates.total, total),
        women: shown(rates.women, women),
        men: shown(rates.men, men),
    }
}

/// The groups a month's rates split into: women, men, and the rest (other and not stated),
/// which are in the total only.
const WOMEN: u8 = 0;
const MEN: u8 = 1;
const REST: u8 = 2;

fn group(g: Gender) -> u8 {
    match g {
        Gender::Woman => WOMEN,
        Gender::Man => MEN,
        Gender::Other | Gender::NotStated => REST,
    }
}

/// Each month's time for everyone, women and men: the same rates as `figures` gives for the
/// month alone (a property test holds them equal), in one pass over each employee instead of
/// one per month, since an outcomes page asks for three years and the year before each.
fn rates_by_month<K>(span: Period, employees: &[Employee<K>]) -> Vec<Rates> {
    let n = span.months();
    let mut groups: Vec<BTreeMap<u8, Tally>> = vec![BTreeMap::new(); n];
    let mut mine: Vec<Tally> = vec![Tally::default(); n];
    for e in employees {
        mine.iter_mut().for_each(|t| *t = Tally::default());
        let spells = without_overlaps(&e.spells);
        for stint in &e.stints {
            let Some(worked) = span.clip(stint.from, stint.to) else {
                continue;
            };
            let per_day = u64::from(stint.hours.centi());
            if per_day == 0 {
                continue;
            }
            for (i, days) in by_month(span, worked) {
                mine[i].employees = 1;
                mine[i].sick.whole += per_day * 100 * days as u64;
            }
            for spell in &spells {
                let Some(sick) = worked.clip(spell.first, spell.last) else {
                    continue;
                };
                for (i, days) in by_month(span, sick) {
                    mine[i].sick.part += per_day * u64::from(spell.extent.min(100)) * days as u64;
                }
            }
        }
        let g = group(e.gender);
        for (i, t) in mine.iter().enumerate().filter(|(_, t)| t.employees > 0) {
            let mut one = t.clone();
            one.months = vec![1];
            groups[i].entry(g).or_default().add(&one);
        }
    }
    groups
        .into_iter()
        .map(|split| {
            let mut all = Tally::default();
            split.values().for_each(|t| all.add(t));
            let shown = all.thinnest() > MAX_WITHHELD;
            let gender_shown = complete(&split);
            let rate = |g: u8| {
                let t = split.get(&g).cloned().unwrap_or_default();
                t.figure(shown && gender_shown.get(&g) == Some(&true), t.sick)
            };
            Rates {
                total: all.figure(shown, all.sick),
                women: rate(WOMEN),
                men: rate(MEN),
            }
        })
        .collect()
}

/// The days of `part` (inside `span`) in each calendar month of `span`, by the month's index.
fn by_month(span: Period, part: Period) -> impl Iterator<Item = (usize, i64)> {
    (span.month_of(part.first)..=span.month_of(part.last)).filter_map(move |i| {
        month_at(span, i)
            .clip(part.first, Some(part.last))
            .map(|days| (i, days.days()))
    })
}

/// The `i`th calendar month of `span` (which starts on the first of a month).
fn month_at(span: Period, i: usize) -> Period {
    let first = span
        .first
        .checked_add_months(Months::new(i as u32))
        .unwrap_or(span.last);
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(span.last);
    Period {
        first,
        last: last.min(span.last),
    }
}

/// Month by month over `period` (widened to whole months).
pub fn monthly<K>(period: Period, employees: &[Employee<K>]) -> Vec<Month> {
    let months = months_of(period);
    let Some(first) = months.first() else {
        return vec![];
    };
    // The months and the year before them, in one span; at the very start of the calendar
    // there is no year before.
    let before = first.first.checked_sub_months(Months::new(12));
    let offset = if before.is_some() { 12 } else { 0 };
    let span = Period {
        first: before.unwrap_or(first.first),
        last: period.whole_months().last,
    };
    let rates = rates_by_month(span, employees);
    let nobody = Rates {
        total: Figure::Empty,
        women: Figure::Empty,
        men: Figure::Empty,
    };
    // Each employee's absences once, for the counts.
    let people: Vec<(Gender, Vec<Absence>)> = employees
        .iter()
        .map(|e| (e.gender, absences(&e.spells)))
        .collect();
    months
        .into_iter()
        .enumerate()
        .map(|(i, month)| {
            let now = rates.get(i + offset).copied().unwrap_or(nobody);
            let year_before = match offset {
                0 => nobody,
                _ => rates.get(i).copied().unwrap_or(nobody),
            };
            let within = |d: NaiveDate| month.first <= d && d <= month.last;
            Month {
                month,
                rate: now,
                year_before,
                started: count(&people, &now, |(first, _)| within(*first)),
                ended: count(&people, &now, |(_, last)| last.is_some_and(within)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sick_leave::{figures, Spell, Stint, WeeklyHours};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn crowd(gender: Gender, n: usize) -> Vec<Employee<&'static str>> {
        (0..n)
            .map(|_| Employee {
                gender,
                birth_year: Some(1980),
                stints: vec![Stint {
                    unit: "omsorg",
                    from: d(2025, 1, 1),
                    to: None,
                    hours: WeeklyHours::parse("40").unwrap(),
                }],
                spells: vec![],
            })
            .collect()
    }

    fn spell(first: NaiveDate, last: Option<NaiveDate>) -> Spell {
        Spell {
            first,
            last,
            extent: 100,
        }
    }

    /// Worked example: 11 women and 11 men, full-time since 2025. One woman is off all of
    /// January 2027 (31 of 11 × 31 days: 9.1 %), and a man was off 1–10 January 2026 (10 of
    /// 11 × 31: 2.9 % a year before). Her absence starts in January and ends in January; his
    /// started and ended a year before. February has nothing.
    #[test]
    fn a_month_against_the_same_month_a_year_before() {
        let mut v = crowd(Gender::Woman, 11);
        v.extend(crowd(Gender::Man, 11));
        v[0].spells = vec![spell(d(2027, 1, 1), Some(d(2027, 1, 31)))];
        v[11].spells = vec![spell(d(2026, 1, 1), Some(d(2026, 1, 10)))];
        let m = monthly(Period::new(d(2027, 1, 5), d(2027, 2, 1)).unwrap(), &v);
        assert_eq!(m.len(), 2);
        let jan = &m[0];
        assert_eq!(
            (jan.month.first, jan.month.last),
            (d(2027, 1, 1), d(2027, 1, 31))
        );
        assert_eq!(jan.rate.women.percent_tenths(), Some(91));
        assert_eq!(jan.rate.men.percent_tenths(), Some(0));
        assert_eq!(jan.rate.total.percent_tenths(), Some(45));
        assert_eq!(jan.year_before.men.percent_tenths(), Some(29));
        assert_eq!(jan.started.women, Count::Shown(1));
        assert_eq!(jan.ended.total, Count::Shown(1));
        assert_eq!(jan.started.men, Count::Shown(0));
        assert_eq!(m[1].rate.total.percent_tenths(), Some(0));
        assert_eq!(m[1].started.total, Count::Shown(0));
    }

    /// Ten men: their rate and their counts are withheld every month, and so are the women's,
    /// since the total would give the men away by subtraction.
    #[test]
    fn a_small_group_is_withheld_in_rate_and_count_alike() {
        let mut v = crowd(Gender::Woman, 20);
        v.extend(crowd(Gender::Man, 10));
        v[25].spells = vec![spell(d(2027, 3, 3), Some(d(2027, 3, 4)))];
        let m = monthly(Period::new(d(2027, 3, 1), d(2027, 3, 31)).unwrap(), &v);
        assert_eq!(m[0].rate.men, Figure::Withheld);
        assert_eq!(m[0].started.men, Count::Withheld);
        assert_eq!(m[0].started.women, Count::Withheld);
        assert_eq!(m[0].started.total, Count::Shown(1));
        assert_eq!(m[0].year_before.men, Figure::Withheld);
    }

    proptest::proptest! {
        /// The one-pass month by month gives exactly what the figures give for each month
        /// alone, withheld or not, movers and part-timers included.
        #[test]
        fn month_by_month_is_each_month_alone(
            people in proptest::collection::vec((
                0u8..3,
                0i64..1000,
                proptest::option::of(0i64..900),
                proptest::option::of((0i64..400, 0u32..5000)),
                proptest::collection::vec((0i64..1100, proptest::option::of(0i64..80), 1u8..=100), 0..4),
            ), 0..40),
        ) {
            let base = d(2025, 1, 1);
            let v: Vec<Employee<u8>> = people.iter().map(|(g, from, len, moved, spells)| {
                let gender = [Gender::Woman, Gender::Man, Gender::NotStated][*g as usize];
                let from = base + chrono::Duration::days(*from);
                let to = len.map(|l| from + chrono::Duration::days(l));
                let mut stints = vec![Stint { unit: 0, from, to, hours: WeeklyHours::parse("40").unwrap() }];
                // A mover: the first stint ends, the next starts the day after, other hours.
                if let Some((after, centi)) = moved {
                    let cut = from + chrono::Duration::days(*after);
                    if to.is_none_or(|t| cut < t) {
                        stints[0].to = Some(cut);
                        stints.push(Stint { unit: 1, from: cut + chrono::Duration::days(1), to, hours: WeeklyHours::from_centi(*centi).unwrap() });
                    }
                }
                let spells = spells.iter().map(|(start, len, extent)| {
                    let first = base + chrono::Duration::days(*start);
                    Spell { first, last: len.map(|l| first + chrono::Duration::days(l)), extent: *extent }
                }).collect();
                Employee { gender, birth_year: Some(1980), stints, spells }
            }).collect();
            let months = monthly(Period::new(d(2026, 1, 1), d(2026, 12, 31)).unwrap(), &v);
            for m in &months {
                let alone = figures(m.month, &v).0;
                proptest::prop_assert_eq!(m.rate, Rates::from(&alone));
                let before = Period::new(m.month.first - Months::new(12), m.month.last - Months::new(12))
                    .unwrap()
                    .whole_months();
                proptest::prop_assert_eq!(m.year_before, Rates::from(&figures(before, &v).0));
            }
        }
    }

    /// At the edge of the calendar there is no year before, and nothing panics.
    #[test]
    fn the_first_months_of_the_calendar_have_no_year_before() {
        let first = chrono::Datelike::with_day(&NaiveDate::MIN, 1).unwrap();
        let m = monthly(
            Period::new(first, first).unwrap(),
            &crowd(Gender::Woman, 11),
        );
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].year_before.total, Figure::Empty);
        let last = NaiveDate::MAX;
        assert_eq!(
            monthly(Period::new(last, last).unwrap(), &crowd(Gender::Woman, 11)).len(),
            1
        );
    }

    #[test]
    fn months_of_a_period_are_whole_calendar_months() {
        let m = months_of(Period::new(d(2027, 11, 20), d(2028, 2, 2)).unwrap());
        let firsts: Vec<_> = m.iter().map(|p| (p.first, p.last)).collect();
        assert_eq!(
            firsts,
            vec![
                (d(2027, 11, 1), d(2027, 11, 30)),
                (d(2027, 12, 1), d(2027, 12, 31)),
                (d(2028, 1, 1), d(2028, 1, 31)),
                (d(2028, 2, 1), d(2028, 2, 29)),
            ]
        );
    }
}
