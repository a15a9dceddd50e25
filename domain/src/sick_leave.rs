//! The seven sick-leave figures a Swedish municipality or region reports in its annual report,
//! and the rule that keeps small groups out of them.
//!
//! **The law.** Lag (2018:597) om kommunal bokföring och redovisning, 11 kap. (the management
//! report, förvaltningsberättelsen), carries on the duty that lag (1997:614) om kommunal
//! redovisning 4 kap. 1 a § (SFS 2002:1065) introduced: "Den totala sjukfrånvaron skall anges
//! i procent av de anställdas sammanlagda ordinarie arbetstid", together with "1. den andel av
//! sjukfrånvaron som avser frånvaro under en sammanhängande tid av 60 dagar eller mer, 2.
//! sjukfrånvaron för kvinnor respektive män samt 3. sjukfrånvaron för anställda i åldrarna 29
//! år eller yngre, 30–49 år och 50 år eller äldre", each group's figure "i procent av gruppens
//! sammanlagda ordinarie arbetstid", and "Sådan uppgift skall inte lämnas om antalet anställda
//! i gruppen är högst tio eller om uppgiften kan hänföras till en enskild individ".
//!
//! **The definitions** are SKR's, who collects the figures for Kolada ("Definition av nyckeltal
//! i den obligatoriska sjukfrånvaroredovisningen", 2024): key figure 1 is total sick-leave time
//! over total ordinary working time; 2 is sick-leave time in spells of 60 days or more over
//! total sick-leave time (a share of the sick leave, not of the working time); 3–7 are each
//! group's sick-leave time over that group's ordinary working time. SKR's "Fakta om den
//! obligatoriska sjukfrånvaroredovisningen" (2023) sets the population (employees with ordinary
//! working hours, so that each one's time is in both numerator and denominator; no hourly
//! staff without a schedule, no elected members) and the period (the financial year, which lag
//! 2018:597 1 kap. 5 § makes the calendar year). Orka computes the same figures for any period
//! the reader chooses; only a calendar year gives the annual report's.
//!
//! A page on private employers (hrfokus.se) says the reporting duty was repealed; that was the
//! Annual Accounts Act's duty for companies. SKR's pages of 2023 and 2024 still describe the
//! municipal and regional one, and this module follows them.
//!
//! **What Orka has to go on, and the choices that follow** (none of them is in the law or in
//! SKR's definitions, which assume payroll's own hour counts):
//! - The HR export gives ordinary hours *per week*, not a schedule. Care and social work run
//!   seven days a week, so each calendar day of employment carries a seventh of the weekly
//!   hours, and a sick day the same times the spell's extent. A spell's share of the working
//!   time then does not depend on which weekdays it happens to cover.
//! - "En sammanhängande tid": spells that overlap or follow each other without a free day
//!   between them (payroll writes a new row when the extent changes) are one period of
//!   absence, and all of its hours count as long-term when it lasts 60 calendar days or more,
//!   including its days before the chosen period. An open spell runs to the period's end.
//! - Age is the age reached in the year the period ends (birth year only: Orka stores no
//!   date of birth); for a calendar year that is the age on 31 December.
//! - Gender as the HR system holds it: "woman" and "man" are the statutory groups; "other" and
//!   "not stated" are in the total only.
//!
//! **Small groups.** A figure is shown for a group of more than ten employees ("högst tio").
//! And since a figure that "kan hänföras till en enskild individ" is not given either, the
//! groups that are left out of a split must themselves be either nobody or more than ten: when
//! the employer's total is shown with women and men, the "other / not stated" people could be
//! worked out by subtraction, so when they are one to ten people the smaller of women and men
//! is withheld too (`complete`). The same holds for the age bands and for administrations.
//!
//! **Small groups over time.** A reader can ask for several periods, and the difference
//! between two overlapping ones (January–June and January–July) is the month between them.
//! So a group counts by its *thinnest month*: the fewest employees it had in any calendar month
//! of the period in which it had anyone. A group shown over a period then had more than ten
//! people in every month a difference can isolate; periods are whole calendar months
//! (`Period::whole_months`), so no difference is finer than a month. What this cannot stop is
//! an inference from people joining or leaving a large group between months, which the law's
//! threshold does not address either; only rates are published, never hours.

use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// Groups of this many employees or fewer are never shown ("högst tio").
pub const MAX_WITHHELD: u32 = 10;

/// Spells lasting this many calendar days or more are long-term (key figure 2).
pub const LONG_TERM_DAYS: i64 = 60;

coded!(
    /// Gender as the HR system holds it.
    Gender {
        Woman = "woman",
        Man = "man",
        Other = "other",
        NotStated = "not-stated",
    }
);

impl Gender {
    /// Reads the values HR exports write, in Swedish or English, any case: `kvinna`/`K`,
    /// `man`/`M`, `annat`, or empty for not stated. `None` for anything else, so a column the
    /// importer misreads is refused instead of guessed.
    pub fn from_hr(value: &str) -> Option<Gender> {
        let v = value.trim().to_lowercase();
        Some(match v.as_str() {
            "woman" | "female" | "f" | "w" | "kvinna" | "k" => Gender::Woman,
            "man" | "male" | "m" => Gender::Man,
            "other" | "annat" | "annan" | "x" => Gender::Other,
            "" | "not-stated" | "not stated" | "ej angivet" | "uppgift saknas" => Gender::NotStated,
            _ => return None,
        })
    }
}

coded!(
    /// The statute's three age bands.
    AgeBand {
        UpTo29 = "29-and-under",
        From30To49 = "30-49",
        From50 = "50-and-over",
    }
);

impl AgeBand {
    /// The band of someone born in `birth_year`, by the age they reach in `year`.
    pub fn of(birth_year: i32, year: i32) -> AgeBand {
        match year - birth_year {
            ..=29 => AgeBand::UpTo29,
            30..=49 => AgeBand::From30To49,
            _ => AgeBand::From50,
        }
    }
}

/// Ordinary working hours per week, in hundredths of an hour (38.25 h is 3825).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WeeklyHours(u32);

/// A week has 168 hours; no contract has more.
const MAX_WEEKLY_CENTI: u32 = 168 * 100;

impl WeeklyHours {
    /// Hours with up to two decimals, `.` or `,` (`40`, `38,25`). `None` when out of 0–168.
    pub fn parse(value: &str) -> Option<WeeklyHours> {
        let v = value.trim().replace(',', ".");
        let (whole, frac) = v.split_once('.').unwrap_or((&v, ""));
        if whole.is_empty()
            || frac.len() > 2
            || !(whole.chars().chain(frac.chars())).all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let whole: u32 = whole.parse().ok()?;
        let frac: u32 = format!("{frac:0<2}").parse().ok()?;
        let centi = whole.checked_mul(100)?.checked_add(frac)?;
        (centi <= MAX_WEEKLY_CENTI).then_some(WeeklyHours(centi))
    }

    pub fn from_centi(centi: u32) -> Option<WeeklyHours> {
        (centi <= MAX_WEEKLY_CENTI).then_some(WeeklyHours(centi))
    }

    pub fn centi(self) -> u32 {
        self.0
    }
}

/// A stretch of days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Period {
    /// `None` when `last` is before `first`.
    pub fn new(first: NaiveDate, last: NaiveDate) -> Option<Period> {
        (first <= last).then_some(Period { first, last })
    }

    /// The calendar year: the annual report's period.
    pub fn year(year: i32) -> Period {
        let day = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("a calendar date");
        Period {
            first: day(1, 1),
            last: day(12, 31),
        }
    }

    pub(crate) fn days(self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    /// The period widened to whole calendar months: from the first of its first month to the
    /// last of its last.
    pub fn whole_months(self) -> Period {
        let first = self.first.with_day(1).unwrap_or(self.first);
        let next = self
            .last
            .with_day(1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)));
        let last = next.and_then(|d| d.pred_opt()).unwrap_or(self.last);
        Period { first, last }
    }

    /// How many calendar months the period touches.
    pub fn months(self) -> usize {
        self.month_of(self.last) + 1
    }

    /// The index of `day`'s calendar month in the period (0 for the first).
    pub(crate) fn month_of(self, day: NaiveDate) -> usize {
        let n = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
        usize::try_from(n(day) - n(self.first)).unwrap_or(0)
    }

    /// The days of `first..=last` (`last` `None`: open) inside this period.
    pub(crate) fn clip(self, first: NaiveDate, last: Option<NaiveDate>) -> Option<Period> {
        let first = first.max(self.first);
        let last = last.map_or(self.last, |l| l.min(self.last));
        Period::new(first, last)
    }
}

/// Where someone worked, from when, and for how many hours a week. A person who changes unit
/// or hours has several; they must not overlap (the importer refuses overlapping ones).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stint<K> {
    /// The administration (or any unit of grouping) the figures are split by.
    pub unit: K,
    pub from: NaiveDate,
    /// `None` while it lasts.
    pub to: Option<NaiveDate>,
    pub hours: WeeklyHours,
}

/// One sick-leave spell as payroll reports it: no reason and no diagnosis, ever.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spell {
    pub first: NaiveDate,
    /// `None` while it lasts.
    pub last: Option<NaiveDate>,
    /// Percent of the ordinary hours: 25, 50, 75 or 100 under the Social Insurance Code, but
    /// payroll may hold any whole percent.
    pub extent: u8,
}

/// An employee as the figures need them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Employee<K> {
    pub gender: Gender,
    pub birth_year: Option<i32>,
    pub stints: Vec<Stint<K>>,
    pub spells: Vec<Spell>,
}

/// Sick-leave time over a base, both in the same exact unit (hundredths of an hour times
/// percent, per seventh of a week), so the figures add up without rounding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ratio {
    pub part: u64,
    pub whole: u64,
}

impl Ratio {
    /// The figure in percent, to one decimal as the annual report gives it (half up).
    /// `None` over an empty base.
    pub fn percent_tenths(self) -> Option<u64> {
        (self.whole > 0).then(|| (self.part * 1000 * 2 + self.whole) / (self.whole * 2))
    }

    fn add(&mut self, other: Ratio) {
        self.part += other.part;
        self.whole += other.whole;
    }
}

/// A figure, or why it is withheld.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    Shown(Ratio),
    /// The group has ten or fewer employees, or showing it would let a group of ten or fewer
    /// be worked out from the figures beside it.
    Withheld,
    /// Nobody in the group had ordinary hours in the period.
    Empty,
}

impl Figure {
    /// The figure in tenths of a percent when shown.
    pub fn percent_tenths(self) -> Option<u64> {
        match self {
            Figure::Shown(r) => r.percent_tenths(),
            Figure::Withheld | Figure::Empty => None,
        }
    }
}

/// What one group adds up to: its employees, their ordinary time, their sick time and the
/// long-term part of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub employees: u32,
    /// Ordinary time (whole) and sick time (part), in the exact unit of `Ratio`.
    pub sick: Ratio,
    /// Sick time in long-term absences (part) over all sick time (whole).
    pub long_term: Ratio,
    /// Employees with ordinary hours in each calendar month of the period.
    pub months: Vec<u32>,
}

impl Tally {
    pub(crate) fn add(&mut self, other: &Tally) {
        self.employees += other.employees;
        self.sick.add(other.sick);
        self.long_term.add(other.long_term);
        if self.months.len() < other.months.len() {
            self.months.resize(other.months.len(), 0);
        }
        self.months
            .iter_mut()
            .zip(&other.months)
            .for_each(|(a, b)| *a += b);
    }

    /// One person, however many units they worked in.
    fn into_one_person(mut self) -> Tally {
        self.employees = self.employees.min(1);
        self.months.iter_mut().for_each(|m| *m = (*m).min(1));
        self
    }

    /// The fewest employees in any month in which the group had anyone: the size the
    /// withholding rule goes by, since a difference of two periods can isolate a month.
    pub fn thinnest(&self) -> u32 {
        self.months
            .iter()
            .copied()
            .filter(|n| *n > 0)
            .min()
            .unwrap_or(self.employees)
    }

    pub(crate) fn figure(&self, shown: bool, ratio: Ratio) -> Figure {
        match (self.employees, shown) {
            (0, _) => Figure::Empty,
            (_, false) => Figure::Withheld,
            (_, true) => Figure::Shown(ratio),
        }
    }
}

/// The seven key figures of one group of employees (the employer, or one administration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyFigures {
    /// How many employees had ordinary hours in the period; `None` when the group itself is
    /// withheld.
    pub employees: Option<u32>,
    /// 1: sick-leave time over ordinary working time.
    pub total: Figure,
    /// 2: the share of the sick-leave time in absences of 60 days or more.
    pub long_term_share: Figure,
    /// 3 and 4.
    pub women: Figure,
    pub men: Figure,
    /// 5, 6 and 7.
    pub up_to_29: Figure,
    pub from_30_to_49: Figure,
    pub from_50: Figure,
}

/// One employee's time in the period, by the unit it was worked in.
fn tally_employee<K: Ord + Clone>(period: Period, e: &Employee<K>) -> BTreeMap<K, Tally> {
    let long = long_term_days(period, &e.spells);
    let spells = without_overlaps(&e.spells);
    let mut out: BTreeMap<K, Tally> = BTreeMap::new();
    for stint in &e.stints {
        let Some(worked) = period.clip(stint.from, stint.to) else {
            continue;
        };
        let per_day = u64::from(stint.hours.centi());
        if per_day == 0 {
            // No ordinary hours: outside the population (SKR's "Fakta", Population).
            continue;
        }
        let t = out.entry(stint.unit.clone()).or_default();
        t.employees = 1;
        t.months.resize(period.months(), 0);
        for m in period.month_of(worked.first)..=period.month_of(worked.last) {
            t.months[m] = 1;
        }
        // `Ratio`'s unit is centi-hours × percent per day-seventh, so ordinary time carries
        // the factor 100 that sick time gets from its extent.
        t.sick.whole += per_day * 100 * worked.days() as u64;
        for (spell, is_long) in spells.iter().zip(&long) {
            let Some(sick) = worked.clip(spell.first, spell.last) else {
                continue;
            };
            let time = per_day * u64::from(spell.extent.min(100)) * sick.days() as u64;
            t.sick.part += time;
            t.long_term.whole += time;
            if *is_long {
                t.long_term.part += time;
            }
        }
    }
    out
}

/// The spells with any day already covered by an earlier one cut away, so that a day is never
/// counted twice when payroll rows overlap.
pub(crate) fn without_overlaps(spells: &[Spell]) -> Vec<Spell> {
    let mut sorted = spells.to_vec();
    sorted.sort_by_key(|s| s.first);
    let mut covered_to: Option<NaiveDate> = None;
    let mut out = Vec::with_capacity(sorted.len());
    for s in sorted {
        let first = match covered_to {
            Some(c) if s.first <= c => c.succ_opt(),
            _ => Some(s.first),
        };
        // An open spell covers everything after it.
        let last = s.last.unwrap_or(NaiveDate::MAX);
        match first {
            Some(first) if first <= last => {
                out.push(Spell { first, ..s });
                covered_to = Some(covered_to.map_or(last, |c| c.max(last)));
            }
            // Wholly inside an earlier spell: keeps its place with no days, so that the
            // indices of `long_term_days` still line up.
            _ => out.push(Spell {
                first: NaiveDate::MAX,
                last: Some(NaiveDate::MAX),
                ..s
            }),
        }
    }
    out
}

/// An absence's first and last day; `None` while it goes on.
pub type Absence = (NaiveDate, Option<NaiveDate>);

/// The absences the spells make: spells that overlap or follow each other without a free day
/// are one absence (payroll writes a new row when the extent changes).
pub fn absences(spells: &[Spell]) -> Vec<Absence> {
    let mut sorted = spells.to_vec();
    sorted.sort_by_key(|s| s.first);
    let mut out: Vec<Absence> = Vec::with_capacity(sorted.len());
    for s in sorted {
        if let Some((_, last)) = out.last_mut() {
            match *last {
                // An open absence takes in everything after it.
                None => continue,
                Some(l) if s.first <= l.succ_opt().unwrap_or(l) => {
                    *last = s.last.map(|x| x.max(l));
                    continue;
                }
                Some(_) => {}
            }
        }
        out.push((s.first, s.last));
    }
    out
}

/// For each spell in the order `without_overlaps` returns them, whether it belongs to an
/// absence of `LONG_TERM_DAYS` or more: spells overlapping or following each other without a
/// free day are one absence; an open one runs to the period's end.
fn long_term_days(period: Period, spells: &[Spell]) -> Vec<bool> {
    let mut sorted = spells.to_vec();
    sorted.sort_by_key(|s| s.first);
    let mut flags = vec![false; sorted.len()];
    let mut start = 0;
    while start < sorted.len() {
        let run_first = sorted[start].first;
        let mut run_last = sorted[start].last.unwrap_or(period.last);
        let mut end = start + 1;
        while end < sorted.len() && sorted[end].first <= run_last.succ_opt().unwrap_or(run_last) {
            run_last = run_last.max(sorted[end].last.unwrap_or(period.last));
            end += 1;
        }
        let long = (run_last - run_first).num_days() + 1 >= LONG_TERM_DAYS;
        flags[start..end].iter_mut().for_each(|f| *f = long);
        start = end;
    }
    flags
}

/// The groups of one split of a population: each group's tally, keyed.
type Split<G> = BTreeMap<G, Tally>;

/// Which groups of a split may be shown beside the whole: groups of more than ten in their
/// thinnest month, and then, while the groups withheld together have one to ten employees in
/// any month (whom subtraction from the whole would reveal), the smallest shown group is
/// withheld too.
pub fn complete<G: Ord + Clone>(split: &Split<G>) -> BTreeMap<G, bool> {
    let mut shown: BTreeMap<G, bool> = split
        .iter()
        .map(|(g, t)| (g.clone(), t.thinnest() > MAX_WITHHELD))
        .collect();
    loop {
        let mut hidden = Tally::default();
        split
            .iter()
            .filter(|(g, _)| !shown[*g])
            .for_each(|(_, t)| hidden.add(t));
        if hidden.employees == 0 || hidden.thinnest() > MAX_WITHHELD {
            return shown;
        }
        let smallest = split
            .iter()
            .filter(|(g, t)| shown[*g] && t.employees > 0)
            .min_by_key(|(_, t)| t.thinnest())
            .map(|(g, _)| g.clone());
        match smallest {
            Some(g) => {
                shown.insert(g, false);
            }
            // Nothing left to withhold: every group is already hidden.
            None => return shown,
        }
    }
}

/// The groups one population splits into for key figures 3–7.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum GenderGroup {
    Woman,
    Man,
    /// "other" and "not stated": in the total, never shown on their own.
    Rest,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum AgeGroup {
    Band(AgeBand),
    /// No birth year on record.
    Unknown,
}

/// The key figures of one population, already tallied per employee. `shown` says whether the
/// population itself may be shown (an administration can be withheld by its split).
fn key_figures(year: i32, people: &[(Gender, Option<i32>, Tally)], shown: bool) -> KeyFigures {
    let mut all = Tally::default();
    let mut by_gender: Split<GenderGroup> = Split::new();
    let mut by_age: Split<AgeGroup> = Split::new();
    for (gender, birth_year, t) in people {
        all.add(t);
        let g = match gender {
            Gender::Woman => GenderGroup::Woman,
            Gender::Man => GenderGroup::Man,
            Gender::Other | Gender::NotStated => GenderGroup::Rest,
        };
        by_gender.entry(g).or_default().add(t);
        let a = birth_year.map_or(AgeGroup::Unknown, |b| AgeGroup::Band(AgeBand::of(b, year)));
        by_age.entry(a).or_default().add(t);
    }
    let shown = shown && all.thinnest() > MAX_WITHHELD;
    // The rest and the unknown ages are never shown, but `complete` counts them as withheld,
    // so nobody can subtract their way to them.
    let gender_shown = complete(&by_gender);
    let age_shown = complete(&by_age);
    let gender = |g| {
        let t = by_gender.get(&g).cloned().unwrap_or_default();
        t.figure(shown && gender_shown.get(&g) == Some(&true), t.sick)
    };
    let band = |b| {
        let t = by_age.get(&AgeGroup::Band(b)).cloned().unwrap_or_default();
        t.figure(
            shown && age_shown.get(&AgeGroup::Band(b)) == Some(&true),
            t.sick,
        )
    };
    KeyFigures {
        employees: shown.then_some(all.employees),
        total: all.figure(shown, all.sick),
        long_term_share: all.figure(shown, all.long_term),
        women: gender(GenderGroup::Woman),
        men: gender(GenderGroup::Man),
        up_to_29: band(AgeBand::UpTo29),
        from_30_to_49: band(AgeBand::From30To49),
        from_50: band(AgeBand::From50),
    }
}

/// The seven figures for the whole population and for each unit (administration), over
/// `period`. A unit is withheld when it has ten or fewer employees, or when the units withheld
/// together would have (`complete`); someone who moved counts in each unit they worked in and
/// once in the whole.
pub fn figures<K: Ord + Clone>(
    period: Period,
    employees: &[Employee<K>],
) -> (KeyFigures, Vec<(K, KeyFigures)>) {
    let year = period.last.year();
    let mut whole = Vec::with_capacity(employees.len());
    let mut per_unit: BTreeMap<K, Vec<(Gender, Option<i32>, Tally)>> = BTreeMap::new();
    for e in employees {
        let by_unit = tally_employee(period, e);
        if by_unit.is_empty() {
            continue;
        }
        let mut mine = Tally::default();
        for (unit, t) in by_unit {
            mine.add(&t);
            per_unit
                .entry(unit)
                .or_default()
                .push((e.gender, e.birth_year, t));
        }
        whole.push((e.gender, e.birth_year, mine.into_one_person()));
    }
    // A mover is in two units, so the units' head counts may add up to more than the whole;
    // `complete` still works on what each unit would reveal.
    let unit_split: Split<K> = per_unit
        .iter()
        .map(|(k, people)| {
            let mut t = Tally::default();
            people.iter().for_each(|(_, _, p)| t.add(p));
            (k.clone(), t)
        })
        .collect();
    let unit_shown = complete(&unit_split);
    let units = per_unit
        .iter()
        .map(|(k, people)| (k.clone(), key_figures(year, people, unit_shown[k])))
        .collect();
    (key_figures(year, &whole, true), units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn hours(h: &str) -> WeeklyHours {
        WeeklyHours::parse(h).unwrap()
    }

    fn person(gender: Gender, born: i32, unit: &'static str, h: &str) -> Employee<&'static str> {
        Employee {
            gender,
            birth_year: Some(born),
            stints: vec![Stint {
                unit,
                from: d(2020, 1, 1),
                to: None,
                hours: hours(h),
            }],
            spells: vec![],
        }
    }

    fn spell(first: NaiveDate, last: Option<NaiveDate>, extent: u8) -> Spell {
        Spell {
            first,
            last,
            extent,
        }
    }

    /// Worked example: a part-time worker (20 h a week) on 50 % sick leave from 20 January to
    /// 9 February 2027, over a month boundary. In January: 31 days of ordinary time, 12 days
    /// sick at half extent, so 12 × 0.5 / 31 = 19.35 %, shown as 19.4. In February (28 days):
    /// 9 × 0.5 / 28 = 16.07 %, shown as 16.1. The hours per week cancel out.
    #[test]
    fn a_part_timer_at_half_extent_over_a_month_boundary() {
        let mut p = person(Gender::Woman, 1980, "omsorg", "20");
        p.spells = vec![spell(d(2027, 1, 20), Some(d(2027, 2, 9)), 50)];
        let t = tally_employee(Period::new(d(2027, 1, 1), d(2027, 1, 31)).unwrap(), &p);
        assert_eq!(t["omsorg"].sick.percent_tenths(), Some(194));
        let t = tally_employee(Period::new(d(2027, 2, 1), d(2027, 2, 28)).unwrap(), &p);
        assert_eq!(t["omsorg"].sick.percent_tenths(), Some(161));
        // In hours: 20 h / 7 per day × 12 days × 50 % = 17.14 h of 88.57 h in January.
        let jan = t_hours(&p, Period::new(d(2027, 1, 1), d(2027, 1, 31)).unwrap());
        assert!((jan.0 - 17.142857).abs() < 1e-4 && (jan.1 - 88.571428).abs() < 1e-4);
    }

    /// (sick hours, ordinary hours) of one employee, for the worked examples.
    fn t_hours(p: &Employee<&'static str>, period: Period) -> (f64, f64) {
        let t = tally_employee(period, p)
            .into_values()
            .fold(Tally::default(), |mut a, t| {
                a.add(&t);
                a
            });
        let unit = 100.0 * 100.0 * 7.0;
        (t.sick.part as f64 / unit, t.sick.whole as f64 / unit)
    }

    /// Worked example: a spell from 15 November 2026 to 31 January 2027 is 78 days, so its
    /// 31 days in 2027 are long-term although they are fewer than 60; a spell of 59 days
    /// (1 March to 28 April) is not. Full-time, 100 %: 2027 has 31 + 59 = 90 sick days of
    /// 365, total 24.7 %; long-term share 31 / 90 = 34.4 %.
    #[test]
    fn a_spell_crossing_the_year_counts_as_long_term_by_its_whole_length() {
        let mut p = person(Gender::Man, 1970, "skola", "40");
        p.spells = vec![
            spell(d(2026, 11, 15), Some(d(2027, 1, 31)), 100),
            spell(d(2027, 3, 1), Some(d(2027, 4, 28)), 100),
        ];
        let t = &tally_employee(Period::year(2027), &p)["skola"];
        assert_eq!(t.sick.percent_tenths(), Some(247));
        assert_eq!(t.long_term.percent_tenths(), Some(344));
    }

    /// Spells that follow each other without a free day are one absence: 40 days at 100 %
    /// then 30 days at 50 % make 70 days, all long-term. With one free day between them,
    /// neither is.
    #[test]
    fn consecutive_spells_are_one_absence_and_a_free_day_breaks_it() {
        let mut p = person(Gender::Woman, 1990, "omsorg", "40");
        p.spells = vec![
            spell(d(2027, 3, 1), Some(d(2027, 4, 9)), 100),
            spell(d(2027, 4, 10), Some(d(2027, 5, 9)), 50),
        ];
        let t = &tally_employee(Period::year(2027), &p)["omsorg"];
        assert_eq!(t.long_term.percent_tenths(), Some(1000));
        p.spells[1].first = d(2027, 4, 11);
        let t = &tally_employee(Period::year(2027), &p)["omsorg"];
        assert_eq!(t.long_term.percent_tenths(), Some(0));
    }

    /// An open spell runs to the period's end: from 1 December, 31 days at 100 % in 2027,
    /// not long-term yet.
    #[test]
    fn an_open_spell_runs_to_the_end_of_the_period() {
        let mut p = person(Gender::Woman, 1990, "omsorg", "40");
        p.spells = vec![spell(d(2027, 12, 1), None, 100)];
        let (sick, ordinary) = t_hours(&p, Period::year(2027));
        assert!((sick / ordinary - 31.0 / 365.0).abs() < 1e-9);
        let t = &tally_employee(Period::year(2027), &p)["omsorg"];
        assert_eq!(t.long_term.part, 0);
    }

    /// Overlapping payroll rows count each day once, the earlier row's extent winning.
    #[test]
    fn overlapping_rows_count_each_day_once() {
        let mut p = person(Gender::Woman, 1990, "omsorg", "40");
        p.spells = vec![
            spell(d(2027, 1, 1), Some(d(2027, 1, 10)), 100),
            spell(d(2027, 1, 5), Some(d(2027, 1, 14)), 100),
            spell(d(2027, 1, 2), Some(d(2027, 1, 3)), 100),
        ];
        let (sick, _) = t_hours(&p, Period::new(d(2027, 1, 1), d(2027, 1, 31)).unwrap());
        assert!((sick - 14.0 * 40.0 / 7.0).abs() < 1e-9);
    }

    /// Worked example: someone who moves from Omsorg (40 h) to Skola (30 h) on 1 July 2027
    /// and is off sick 10 days at 100 % in each: Omsorg has 181 days of 40 h, Skola 184 days
    /// of 30 h. Each unit counts them as one employee; the employer once.
    #[test]
    fn a_person_who_changed_unit_counts_in_each_and_once_in_the_whole() {
        let p = Employee {
            gender: Gender::Woman,
            birth_year: Some(1985),
            stints: vec![
                Stint {
                    unit: "omsorg",
                    from: d(2020, 1, 1),
                    to: Some(d(2027, 6, 30)),
                    hours: hours("40"),
                },
                Stint {
                    unit: "skola",
                    from: d(2027, 7, 1),
                    to: None,
                    hours: hours("30"),
                },
            ],
            spells: vec![
                spell(d(2027, 2, 1), Some(d(2027, 2, 10)), 100),
                spell(d(2027, 9, 1), Some(d(2027, 9, 10)), 100),
            ],
        };
        let t = tally_employee(Period::year(2027), &p);
        assert_eq!(t["omsorg"].sick.percent_tenths(), Some(55)); // 10 / 181
        assert_eq!(t["skola"].sick.percent_tenths(), Some(54)); // 10 / 184
        assert_eq!(t["omsorg"].employees + t["skola"].employees, 2);
        // The whole: (10·40 + 10·30) / (181·40 + 184·30) = 700 / 12760 = 5.49 %.
        let mut many = vec![p];
        many.extend((0..10).map(|_| person(Gender::Woman, 1985, "omsorg", "40")));
        many.extend((0..11).map(|_| person(Gender::Man, 1985, "skola", "40")));
        let (whole, _) = figures(Period::year(2027), &many);
        assert_eq!(whole.employees, Some(22));
        let sick: f64 = 700.0;
        let ordinary = 181.0 * 40.0 + 184.0 * 30.0 + 21.0 * 365.0 * 40.0;
        assert_eq!(
            whole.total.percent_tenths(),
            Some((sick / ordinary * 1000.0).round() as u64)
        );
    }

    fn crowd(women: usize, men: usize, rest: usize) -> Vec<Employee<&'static str>> {
        let mut v = Vec::new();
        v.extend((0..women).map(|_| person(Gender::Woman, 1980, "omsorg", "40")));
        v.extend((0..men).map(|_| person(Gender::Man, 1980, "omsorg", "40")));
        v.extend((0..rest).map(|_| person(Gender::NotStated, 1980, "omsorg", "40")));
        v
    }

    /// "högst tio": a group of exactly ten is withheld, eleven is shown.
    #[test]
    fn a_group_of_exactly_ten_is_withheld_and_eleven_is_shown() {
        let (w, _) = figures(Period::year(2027), &crowd(10, 11, 0));
        assert_eq!(w.women, Figure::Withheld);
        // With women withheld, men would follow from the total by subtraction: withheld too.
        assert_eq!(w.men, Figure::Withheld);
        assert!(matches!(w.total, Figure::Shown(_)));
        let (w, _) = figures(Period::year(2027), &crowd(11, 11, 0));
        assert!(matches!(w.women, Figure::Shown(_)) && matches!(w.men, Figure::Shown(_)));
        let (w, _) = figures(Period::year(2027), &crowd(5, 5, 0));
        assert_eq!((w.total, w.employees), (Figure::Withheld, None));
    }

    /// Three people with gender not stated could be worked out from the total, women and
    /// men, so the smaller of women and men is withheld as well; twelve of them could not.
    #[test]
    fn a_small_rest_group_withholds_the_smaller_of_women_and_men() {
        let (w, _) = figures(Period::year(2027), &crowd(40, 20, 3));
        assert!(matches!(w.women, Figure::Shown(_)));
        assert_eq!(w.men, Figure::Withheld);
        let (w, _) = figures(Period::year(2027), &crowd(40, 20, 12));
        assert!(matches!(w.women, Figure::Shown(_)) && matches!(w.men, Figure::Shown(_)));
    }

    /// Administrations: a unit of five is withheld, and since subtracting the others from the
    /// whole would reveal it, the next smallest unit goes with it.
    #[test]
    fn a_small_administration_takes_the_next_smallest_with_it() {
        let mut v = Vec::new();
        v.extend((0..30).map(|_| person(Gender::Woman, 1980, "omsorg", "40")));
        v.extend((0..20).map(|_| person(Gender::Man, 1980, "skola", "40")));
        v.extend((0..5).map(|_| person(Gender::Man, 1980, "kultur", "40")));
        let (whole, units) = figures(Period::year(2027), &v);
        assert_eq!(whole.employees, Some(55));
        let shown: Vec<_> = units
            .iter()
            .map(|(k, f)| (*k, f.employees.is_some()))
            .collect();
        assert_eq!(
            shown,
            vec![("kultur", false), ("omsorg", true), ("skola", false)]
        );
        let skola = &units.iter().find(|(k, _)| *k == "skola").unwrap().1;
        assert_eq!(skola.total, Figure::Withheld);
        assert_eq!(skola.men, Figure::Withheld);
    }

    /// Over time: twelve women in an administration from January, four of whom leave at the
    /// end of June. January–June shows them; January–July would, by difference, show the
    /// eight in July, so the whole year is withheld by its thinnest month, and so is July alone.
    #[test]
    fn a_group_counts_by_its_thinnest_month() {
        let mut v: Vec<_> = (0..12)
            .map(|_| person(Gender::Woman, 1980, "omsorg", "40"))
            .collect();
        for p in &mut v[..4] {
            p.stints[0].to = Some(d(2027, 6, 30));
        }
        v.extend((0..30).map(|_| person(Gender::Man, 1980, "skola", "40")));
        let omsorg = |period| {
            let (_, units) = figures(period, &v);
            units.iter().find(|(k, _)| *k == "omsorg").unwrap().1.total
        };
        let months = |from, to| {
            Period::new(d(2027, from, 1), d(2027, to, 1))
                .unwrap()
                .whole_months()
        };
        assert!(matches!(omsorg(months(1, 6)), Figure::Shown(_)));
        assert_eq!(omsorg(months(1, 7)), Figure::Withheld);
        assert_eq!(omsorg(months(7, 7)), Figure::Withheld);
        assert_eq!(omsorg(Period::year(2027)), Figure::Withheld);
        // Nobody before they were employed is no thin month: hired in March, still shown.
        let mut late: Vec<_> = (0..11)
            .map(|_| person(Gender::Woman, 1980, "omsorg", "40"))
            .collect();
        late.iter_mut()
            .for_each(|p| p.stints[0].from = d(2027, 3, 10));
        let (whole, _) = figures(Period::year(2027), &late);
        assert!(matches!(whole.total, Figure::Shown(_)));
        assert_eq!(Period::year(2027).months(), 12);
    }

    #[test]
    fn periods_widen_to_whole_months() {
        let p = Period::new(d(2027, 2, 10), d(2028, 2, 3))
            .unwrap()
            .whole_months();
        assert_eq!((p.first, p.last), (d(2027, 2, 1), d(2028, 2, 29)));
        assert_eq!(p.months(), 13);
        let dec = Period::new(d(2027, 12, 31), d(2027, 12, 31))
            .unwrap()
            .whole_months();
        assert_eq!((dec.first, dec.last), (d(2027, 12, 1), d(2027, 12, 31)));
    }

    #[test]
    fn rows_that_overlap_or_follow_each_other_are_one_absence() {
        let spells = [
            spell(d(2027, 1, 10), Some(d(2027, 1, 31)), 100),
            spell(d(2027, 2, 1), Some(d(2027, 2, 5)), 50),
            spell(d(2027, 1, 12), Some(d(2027, 1, 13)), 100),
            spell(d(2027, 2, 7), None, 100),
            spell(d(2027, 3, 1), Some(d(2027, 3, 2)), 100),
        ];
        assert_eq!(
            absences(&spells),
            vec![(d(2027, 1, 10), Some(d(2027, 2, 5))), (d(2027, 2, 7), None)]
        );
    }

    /// Age is the age reached in the year the period ends: born 1997, 30 in 2027.
    #[test]
    fn age_bands_by_the_year_the_period_ends() {
        assert_eq!(AgeBand::of(1998, 2027), AgeBand::UpTo29);
        assert_eq!(AgeBand::of(1997, 2027), AgeBand::From30To49);
        assert_eq!(AgeBand::of(1978, 2027), AgeBand::From30To49);
        assert_eq!(AgeBand::of(1977, 2027), AgeBand::From50);
    }

    /// Worked example of all seven: 11 women (born 1990) of whom one is off the whole year,
    /// 11 men (born 1960) of whom one is off January at 100 %; all full-time. Total: (365 +
    /// 31) / (22 · 365) = 4.93 %; long-term: 365 / 396 = 92.2 %; women 1 / 11 = 9.09 %; men
    /// 31 / (11 · 365) = 0.77 %; 30–49 = the women, 50+ = the men, under 30 empty.
    #[test]
    fn the_seven_figures_by_hand() {
        let mut v = crowd(11, 0, 0);
        v.iter_mut().for_each(|p| p.birth_year = Some(1990));
        v[0].spells = vec![spell(d(2027, 1, 1), Some(d(2027, 12, 31)), 100)];
        let mut men = crowd(0, 11, 0);
        men.iter_mut().for_each(|p| p.birth_year = Some(1960));
        men[0].spells = vec![spell(d(2027, 1, 1), Some(d(2027, 1, 31)), 100)];
        v.extend(men);
        let (w, _) = figures(Period::year(2027), &v);
        let p = |f: Figure| f.percent_tenths();
        assert_eq!(p(w.total), Some(49));
        assert_eq!(p(w.long_term_share), Some(922));
        assert_eq!(p(w.women), Some(91));
        assert_eq!(p(w.men), Some(8));
        assert_eq!(p(w.from_30_to_49), Some(91));
        assert_eq!(p(w.from_50), Some(8));
        assert_eq!(w.up_to_29, Figure::Empty);
    }

    /// Someone with no ordinary hours, or employed outside the period, is not in it.
    #[test]
    fn no_ordinary_hours_no_part_in_the_population() {
        let mut v = crowd(11, 11, 0);
        v.push(person(Gender::Woman, 1980, "omsorg", "0"));
        let mut left = person(Gender::Woman, 1980, "omsorg", "40");
        left.stints[0].to = Some(d(2026, 12, 31));
        v.push(left);
        let (w, _) = figures(Period::year(2027), &v);
        assert_eq!(w.employees, Some(22));
    }

    #[test]
    fn hr_values_read_and_unknown_ones_refused() {
        assert_eq!(Gender::from_hr(" Kvinna "), Some(Gender::Woman));
        assert_eq!(Gender::from_hr("M"), Some(Gender::Man));
        assert_eq!(Gender::from_hr(""), Some(Gender::NotStated));
        assert_eq!(Gender::from_hr("annat"), Some(Gender::Other));
        assert_eq!(Gender::from_hr("1"), None);
        assert_eq!(WeeklyHours::parse("38,25"), Some(WeeklyHours(3825)));
        assert_eq!(WeeklyHours::parse("40"), Some(WeeklyHours(4000)));
        assert_eq!(WeeklyHours::parse("40.5"), Some(WeeklyHours(4050)));
        for bad in ["", "-1", "169", "40.125", "abc", "4 0", ".5"] {
            assert_eq!(WeeklyHours::parse(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        /// Whatever the split, the people not shown are nobody, more than ten, or everyone (then
        /// nothing beside the whole is shown, and a whole of ten or fewer is withheld itself).
        #[test]
        fn what_is_withheld_is_never_ten_or_fewer(sizes in proptest::collection::vec(0u32..40, 1..8)) {
            let split: Split<usize> = sizes.iter().enumerate().map(|(i, n)| {
                (i, Tally { employees: *n, months: vec![*n], ..Tally::default() })
            }).collect();
            let shown = complete(&split);
            let hidden: u32 = split.iter().filter(|(g, _)| !shown[*g]).map(|(_, t)| t.employees).sum();
            let none_shown = shown.values().all(|s| !s);
            proptest::prop_assert!(hidden == 0 || hidden > MAX_WITHHELD || none_shown);
            for (g, t) in &split {
                if shown[g] { proptest::prop_assert!(t.employees > MAX_WITHHELD); }
            }
        }

        /// Whoever comes and goes, an administration shown over a period had more than ten
        /// employees in every month it had anyone, counted here straight from the stints.
        #[test]
        fn a_shown_group_never_had_a_month_of_ten_or_fewer(
            stints in proptest::collection::vec((0usize..2, 0i64..365, proptest::option::of(0i64..365)), 10..60),
            (from, to) in (1u32..=12, 1u32..=12),
        ) {
            let units = ["omsorg", "skola"];
            let v: Vec<Employee<&'static str>> = stints.iter().map(|(u, start, len)| {
                let mut p = person(Gender::Woman, 1980, units[*u], "40");
                p.stints[0].from = d(2027, 1, 1) + Duration::days(*start);
                p.stints[0].to = len.map(|l| p.stints[0].from + Duration::days(l));
                p
            }).collect();
            let period = Period::new(d(2027, from.min(to), 1), d(2027, from.max(to), 1)).unwrap().whole_months();
            let (_, shown) = figures(period, &v);
            for (unit, f) in shown.iter().filter(|(_, f)| f.employees.is_some()) {
                for m in from.min(to)..=from.max(to) {
                    let month = Period::new(d(2027, m, 1), d(2027, m, 1)).unwrap().whole_months();
                    let present = v.iter().filter(|p| p.stints[0].unit == *unit
                        && month.clip(p.stints[0].from, p.stints[0].to).is_some()).count();
                    proptest::prop_assert!(present == 0 || present > 10, "{unit} {m}: {present} ({f:?})");
                }
            }
        }

        /// A figure is never above 100 %, whatever the spells.
        #[test]
        fn never_above_one_hundred_percent(
            spells in proptest::collection::vec((0i64..400, proptest::option::of(0i64..120), 1u8..=100), 0..6)
        ) {
            let mut p = person(Gender::Woman, 1980, "omsorg", "40");
            p.spells = spells.into_iter().map(|(start, len, extent)| {
                let first = d(2027, 1, 1) + Duration::days(start - 20);
                spell(first, len.map(|l| first + Duration::days(l)), extent)
            }).collect();
            for t in tally_employee(Period::year(2027), &p).values() {
                proptest::prop_assert!(t.sick.part <= t.sick.whole);
                proptest::prop_assert!(t.long_term.part <= t.long_term.whole);
            }
        }
    }
}
