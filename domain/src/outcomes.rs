//! Outcomes month by month, for an employer and the projects behind it: the sick-leave rate
//! against the same month a year before, for everyone, women and men, and the absences that
//! started and ended. Each month is its own period for `sick_leave::figures`, so its groups are
//! withheld by the same rules (ten or fewer, by subtraction, and by their thinnest month), and
//! a count is shown only where the group's rate is.
//!
//! The rate is key figure 1 (and 3, 4) of the annual report for one calendar month: sick-leave
//! time over ordinary working time (SKR's definitions, see `sick_leave`). The year before is the
//! same month twelve months earlier, with the people employed then: it answers "is it lower
//! than it was", not "is it lower for these people".

use crate::sick_leave::{absences, figures, Absence, Employee, Figure, Gender, KeyFigures, Period};
use chrono::{Months, NaiveDate};

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
    rates: &KeyFigures,
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

/// Month by month over `period` (widened to whole months).
pub fn monthly<K: Ord + Clone>(period: Period, employees: &[Employee<K>]) -> Vec<Month> {
    // Each employee's absences once, for the counts.
    let people: Vec<(Gender, Vec<Absence>)> = employees
        .iter()
        .map(|e| (e.gender, absences(&e.spells)))
        .collect();
    let nobody = Rates {
        total: Figure::Empty,
        women: Figure::Empty,
        men: Figure::Empty,
    };
    months_of(period)
        .into_iter()
        .map(|month| {
            let (now, _) = figures(month, employees);
            let year_before =
                Period::new(month.first - Months::new(12), month.last - Months::new(12))
                    .map_or(nobody, |p| {
                        Rates::from(&figures(p.whole_months(), employees).0)
                    });
            let within = |d: NaiveDate| month.first <= d && d <= month.last;
            Month {
                month,
                rate: Rates::from(&now),
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
    use crate::sick_leave::{Spell, Stint, WeeklyHours};

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
