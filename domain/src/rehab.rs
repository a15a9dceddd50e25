//! The rehabilitation chain: the statutory milestones of a sick-leave case, with their dates,
//! who must act, and whether that is done, overdue or coming.
//!
//! Sources: the Sick Pay Act (lag (1991:1047) om sjuklön), the Social Insurance Code
//! (socialförsäkringsbalken (2010:110), ch. 27 §§ 46–49 on assessing work ability at days 90,
//! 180 and 365, ch. 30 § 6 on the employer's plan for return to work), the Work Environment Act
//! (arbetsmiljölagen (1977:1160) 3 kap. 2 a § on the employer's work adaptation), the Act on
//! Computing Statutory Time Limits (lag (1930:173) om beräkning av lagstadgad tid) and
//! Försäkringskassan's guidance for employers.
//!
//! Days are calendar days of sick leave, whatever the extent: a day at 25 % counts as a day, so
//! a change of extent never moves a milestone. A new spell that starts within five days of the
//! last one ended continues its sick-pay period; one that starts within 90 days continues its
//! rehabilitation chain (earlier days count towards days 90, 180 and 365).

use crate::calendar::{working_day_on_or_after, working_day_on_or_before};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// A continuous absence; `last_day` is `None` while it goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spell {
    pub first_day: NaiveDate,
    pub last_day: Option<NaiveDate>,
}

/// How much of their working time a person is on sick leave.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Extent {
    Quarter,
    Half,
    ThreeQuarters,
    Full,
}

impl Extent {
    pub const ALL: [Extent; 4] = [Self::Full, Self::ThreeQuarters, Self::Half, Self::Quarter];

    pub fn percent(self) -> u8 {
        match self {
            Self::Quarter => 25,
            Self::Half => 50,
            Self::ThreeQuarters => 75,
            Self::Full => 100,
        }
    }

    /// Sick leave is granted in quarters; anything else is refused.
    pub fn from_percent(p: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.percent() == p)
    }
}

/// From `from` on, the person is on sick leave at `extent` (until the next change).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtentChange {
    pub from: NaiveDate,
    pub extent: Extent,
}

/// The extent on `day`: the latest change on or before it. `None` before the first.
pub fn extent_on(changes: &[ExtentChange], day: NaiveDate) -> Option<Extent> {
    changes
        .iter()
        .filter(|c| c.from <= day)
        .max_by_key(|c| c.from)
        .map(|c| c.extent)
}

/// What a case needs to compute its chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SickLeave {
    /// Oldest first, not overlapping.
    pub spells: Vec<Spell>,
    /// When the absence is expected to end, if anyone has said.
    pub expected_last_day: Option<NaiveDate>,
    /// The employer's routine has the manager call on the third day of a spell.
    pub day_three_call: bool,
    /// The day it became known that an absence first expected to be short would reach 60 sick
    /// days (`plan_needed` turned true), if it did; the plan is then due at once when that was
    /// after day 30.
    pub long_known_on: Option<NaiveDate>,
}

/// Whether the employer owes a plan for return to work. Social Insurance Code (2010:110)
/// 30 kap. 6 §: a plan when work ability "kommer att vara nedsatt på grund av sjukdom under
/// minst 60 dagar". The statute counts days of reduced work ability, so days back at work
/// between joined spells do not count; Försäkringskassan's employer page counts the 60 days in
/// the sick period ("minst 60 dagar från och med sjukperiodens första dag"), which is the
/// chain's joined spells, as days 90 and 180 count them. Nobody having said how long it will
/// last leaves the duty standing.
pub fn plan_needed(leave: &SickLeave) -> bool {
    let chain = current_period(&leave.spells, CHAIN_LINK_DAYS);
    match (leave.expected_last_day, chain.split_last()) {
        (Some(last), Some((current, before))) => {
            let earlier: i64 = before
                .iter()
                .filter_map(|s| s.last_day.map(|l| (l - s.first_day).num_days() + 1))
                .sum();
            earlier + (last - current.first_day).num_days() + 1 >= 60
        }
        _ => true,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MilestoneKind {
    /// Day 3 of a spell: the manager calls the employee, where the employer's routine has it
    /// (Vindeln's does; no statute asks for it). On a weekend or holiday, the next working day.
    DayThreeCall,
    /// Day 8: the employee sends a medical certificate.
    MedicalCertificate,
    /// Day 14: the employer's sick pay ends; Försäkringskassan pays sickness benefit from day 15.
    SickPayEnds,
    /// Within seven days after day 14: the employer reports the absence to Försäkringskassan.
    ReportToInsurance,
    /// By day 30: the employer's plan for return to work, when the absence is expected to
    /// last 60 days or more.
    ReturnToWorkPlan,
    /// Before day 90, the employer looks into whether temporary or adjusted work at the employer
    /// is possible: until day 90 work ability is assessed against the person's own work or
    /// other temporary work the employer offers, from day 91 against any work at the employer.
    Day90,
    /// Before day 180, the employer looks into whether other work at the employer is possible
    /// (the reassignment duty): from day 181 work ability is assessed against the normal labour
    /// market.
    Day180,
    /// Day 365: from day 366 against the normal labour market, the only exception being that
    /// it would be unreasonable (from day 181 to 365, also predominant reasons to expect a
    /// return to work at the employer by day 365).
    Day365,
}

/// A milestone recorded as done, on a day (in Stockholm): done, or for the plan, recorded as
/// not needed with the reason; with what was looked into where the duty asks for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Done {
    pub kind: MilestoneKind,
    pub on: NaiveDate,
    pub exempt: Option<Exemption>,
    pub note: Option<String>,
}

impl Done {
    /// Done on `on`, nothing else recorded.
    pub fn on(kind: MilestoneKind, on: NaiveDate) -> Self {
        Self {
            kind,
            on,
            exempt: None,
            note: None,
        }
    }
}

/// Why no plan for return to work is made, recorded by whoever runs the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Exemption {
    /// The person will be back in full at their own work within 60 days without any measure:
    /// Försäkringskassan's employer guidance ("Plan för återgång i arbete") lets the employer
    /// document this instead of making a plan. The statute's 60 days are an assumption made
    /// on the certificate; this records that the assumption was made, and why.
    FullReturnWithin60Days,
    /// Social Insurance Code 30 kap. 6 § second paragraph: no plan "om det med hänsyn till den
    /// försäkrades hälsotillstånd klart framgår att han eller hon inte kommer att kunna återgå
    /// i arbete". Recorded as a reason, never with the health condition itself.
    HealthRulesOutReturn,
}

coded!(impl MilestoneKind {
    DayThreeCall = "day-3-call",
    MedicalCertificate = "medical-certificate",
    SickPayEnds = "sick-pay-ends",
    ReportToInsurance = "report-to-insurance",
    ReturnToWorkPlan = "return-to-work-plan",
    Day90 = "day-90",
    Day180 = "day-180",
    Day365 = "day-365",
});

impl MilestoneKind {
    /// Whether it belongs to the sick-pay period (else to the rehabilitation chain): the
    /// certificate, the end of sick pay and the report are owed again in each sick-pay period
    /// (Sick Pay Act 7 §: a spell more than five days after the last starts a new one), even
    /// when the spells still make one chain.
    pub fn of_sick_pay_period(self) -> bool {
        matches!(
            self,
            Self::MedicalCertificate | Self::SickPayEnds | Self::ReportToInsurance
        )
    }

    /// Who must act. Days 90 and 180 are the employer's: Försäkringskassan assesses work
    /// ability against the employer's work until day 180, so the employer must have looked at
    /// that work before (arbetsmiljölagen 3 kap. 2 a §; Försäkringskassan's employer pages).
    /// Inside the employer, whoever runs the case owns the duty.
    pub fn responsible(self) -> Party {
        match self {
            Self::DayThreeCall => Party::Manager,
            Self::MedicalCertificate => Party::Employee,
            Self::SickPayEnds
            | Self::ReportToInsurance
            | Self::ReturnToWorkPlan
            | Self::Day90
            | Self::Day180 => Party::Employer,
            Self::Day365 => Party::Insurance,
        }
    }

    /// Whether it can be recorded as not needed with a reason (only the plan can).
    pub fn may_be_exempt(self) -> bool {
        self == Self::ReturnToWorkPlan
    }

    /// Whether recording it done needs what was looked into: the employer's investigations
    /// before days 90 and 180, which the employer may have to show Försäkringskassan.
    pub fn needs_note(self) -> bool {
        matches!(self, Self::Day90 | Self::Day180)
    }

    /// How far ahead of its date the one who must act is reminded: an investigation of other
    /// work takes weeks, a report or a certificate a few days.
    fn remind_ahead(self) -> Duration {
        match self {
            Self::DayThreeCall => Duration::zero(),
            Self::Day90 | Self::Day180 => Duration::days(21),
            _ => Duration::days(3),
        }
    }

    /// A statutory time limit, or a call made at work: on a weekend or holiday it moves to the
    /// next working day.
    pub fn is_deadline(self) -> bool {
        matches!(
            self,
            Self::DayThreeCall | Self::ReportToInsurance | Self::ReturnToWorkPlan
        )
    }

    /// Something someone must do by the date (the others are points the case passes).
    pub fn is_duty(self) -> bool {
        !matches!(self, Self::SickPayEnds | Self::Day365)
    }

    pub fn source(self) -> &'static str {
        match self {
            Self::DayThreeCall => "Arbetsgivarens rehabiliteringsrutin",
            Self::MedicalCertificate | Self::SickPayEnds => "Lag (1991:1047) om sjuklön",
            Self::ReportToInsurance => "Lag (1991:1047) om sjuklön 12 §; Försäkringskassan",
            Self::ReturnToWorkPlan => "Socialförsäkringsbalken 30 kap. 6 §",
            Self::Day90 => {
                "Socialförsäkringsbalken 27 kap. 46–47 §§; arbetsmiljölagen 3 kap. 2 a §"
            }
            Self::Day180 => {
                "Socialförsäkringsbalken 27 kap. 47–48 §§; arbetsmiljölagen 3 kap. 2 a §"
            }
            Self::Day365 => "Socialförsäkringsbalken 27 kap. 48–49 §§",
        }
    }
}

/// The parties of a rehabilitation case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    Employee,
    /// The employer as a whole (the manager, HR and the rehab coordinator): the statutory duties.
    Employer,
    Manager,
    Hr,
    OccupationalHealth,
    /// Försäkringskassan.
    Insurance,
    /// Arbetsförmedlingen.
    EmploymentService,
    Other,
}

coded!(impl Party {
    Employee = "employee",
    Employer = "employer",
    Manager = "manager",
    Hr = "hr",
    OccupationalHealth = "occupational-health",
    Insurance = "insurance",
    EmploymentService = "employment-service",
    Other = "other",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Recorded as done.
    Done,
    /// The plan, recorded as not needed with a reason.
    Exempt,
    /// A point the case has reached (nothing to do).
    Passed,
    /// A duty past its date and not recorded as done.
    Overdue,
    /// Due within the next seven days.
    DueSoon,
    Upcoming,
}

impl Status {
    /// Recorded, as done or as not needed: nothing more to record.
    pub fn is_recorded(self) -> bool {
        matches!(self, Self::Done | Self::Exempt)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub kind: MilestoneKind,
    /// The day of sick leave it belongs to (8, 14, 21, 30, 90, 180, 365).
    pub day: u32,
    /// The date of that day; for a deadline falling on a weekend or holiday, the next working
    /// day (the Act on Computing Statutory Time Limits).
    pub due: NaiveDate,
    pub status: Status,
    /// When the responsible party is reminded: a working day ahead of `due`.
    pub remind_on: NaiveDate,
    /// Why no plan is needed, when recorded so.
    pub exempt: Option<Exemption>,
    /// What was looked into, when recorded with the mark.
    pub note: Option<String>,
}
/// A spell starting within this many days of the last one's end continues its sick-pay period.
const SICK_PAY_LINK_DAYS: i64 = 5;
/// ... and within this many, its rehabilitation chain.
pub const CHAIN_LINK_DAYS: i64 = 90;

/// The milestones of the current sick period (the one the latest spell belongs to), as they
/// stand on `today`. Milestones the period ended before are left out, as is the plan duty
/// when the absence is expected to end before day 60. A done mark counts only when it was
/// made in the period its milestone belongs to: one from an earlier sick-pay period or chain
/// is the earlier period's.
pub fn milestones(leave: &SickLeave, done: &[Done], today: NaiveDate) -> Vec<Milestone> {
    use MilestoneKind as K;
    let sick_pay = current_period(&leave.spells, SICK_PAY_LINK_DAYS);
    let chain = current_period(&leave.spells, CHAIN_LINK_DAYS);
    // The call belongs to its spell: a new spell is called about again.
    let spell = leave.spells.last().map(std::slice::from_ref).unwrap_or(&[]);
    let done_in_period = |kind: MilestoneKind| {
        let period = if kind == K::DayThreeCall {
            spell
        } else if kind.of_sick_pay_period() {
            sick_pay
        } else {
            chain
        };
        let start = period.first().map(|s| s.first_day);
        done.iter()
            .find(|d| d.kind == kind && start.is_none_or(|start| d.on >= start))
    };
    let mut out = vec![];
    let mut add = |kind: MilestoneKind, day: u32, date: Option<NaiveDate>| {
        // Left out when the period ended before reaching it.
        let Some(date) = date else {
            return;
        };
        let due = if kind.is_deadline() {
            working_day_on_or_after(date)
        } else {
            date
        };
        let mark = done_in_period(kind);
        let status = if mark.is_some_and(|m| m.exempt.is_some()) {
            Status::Exempt
        } else if mark.is_some() {
            Status::Done
        } else if !kind.is_duty() {
            if today >= due {
                Status::Passed
            } else {
                Status::Upcoming
            }
        } else if today > due {
            Status::Overdue
        } else if due - today <= Duration::days(7) {
            Status::DueSoon
        } else {
            Status::Upcoming
        };
        out.push(Milestone {
            kind,
            day,
            due,
            status,
            // A plan owed at once is reminded the day it became owed, not on a day gone by.
            remind_on: working_day_on_or_before(due - kind.remind_ahead()).max(
                leave
                    .long_known_on
                    .filter(|_| kind == K::ReturnToWorkPlan)
                    .unwrap_or(NaiveDate::MIN),
            ),
            exempt: mark.and_then(|m| m.exempt),
            note: mark.and_then(|m| m.note.clone()),
        });
    };
    if leave.day_three_call {
        add(K::DayThreeCall, 3, day_of(spell, 3));
    }
    let day14 = day_of(sick_pay, 14);
    add(K::MedicalCertificate, 8, day_of(sick_pay, 8));
    add(K::SickPayEnds, 14, day14);
    // Sick Pay Act (1991:1047) 12 §: owed "om sjukperioden och anställningen fortsätter efter
    // sjuklöneperiodens utgång", within seven calendar days from then; Försäkringskassan's
    // employer pages say the same ("sjuk mer än 14 dagar", reported during days 15–21). So
    // only a period that reaches day 15 owes it (exactly 14 days owes none), and it stays
    // owed when the person is back before day 21.
    add(
        K::ReportToInsurance,
        21,
        day_of(sick_pay, 15)
            .and(day14)
            .map(|d| d + Duration::days(7)),
    );
    if plan_needed(leave) {
        // 30 kap. 6 §: ready "senast den dag när den försäkrades arbetsförmåga har varit nedsatt
        // under 30 dagar" (sick day 30 of the chain), but when it was first assumed to be
        // shorter and "det senare framkommer" that it will reach 60 days, "omgående": on the
        // day that became known, not overdue since day 30.
        let day30 = day_of(chain, 30);
        let due = match (day30, leave.long_known_on) {
            (Some(day30), Some(known)) if known > day30 => Some(known),
            (day30, _) => day30,
        };
        add(K::ReturnToWorkPlan, 30, due);
    }
    for (kind, day) in [(K::Day90, 90), (K::Day180, 180), (K::Day365, 365)] {
        add(kind, day, day_of(chain, day));
    }
    out
}

/// The spells that make up the latest period: a spell joins the one before when it starts at
/// most `link` days after that one's last day.
fn current_period(spells: &[Spell], link: i64) -> &[Spell] {
    let mut start = spells.len().saturating_sub(1);
    while start > 0 {
        let (before, after) = (spells[start - 1], spells[start]);
        match before.last_day {
            Some(last) if (after.first_day - last).num_days() <= link => start -= 1,
            _ => break,
        }
    }
    &spells[start..]
}

/// The date of the `n`th day of sick leave in a period (1 = its first), if the period has
/// reached it (or goes on and will).
fn day_of(period: &[Spell], n: u32) -> Option<NaiveDate> {
    let mut left = i64::from(n);
    for spell in period {
        let length = spell
            .last_day
            .map(|last| (last - spell.first_day).num_days() + 1);
        match length {
            Some(len) if len < left => left -= len,
            _ => return Some(spell.first_day + Duration::days(left - 1)),
        }
    }
    None
}

/// The milestone that needs attention first: the earliest overdue one, else the earliest
/// still to come. Done and passed ones need none.
pub fn next_deadline(milestones: &[Milestone]) -> Option<&Milestone> {
    milestones
        .iter()
        .filter(|m| {
            matches!(
                m.status,
                Status::Overdue | Status::DueSoon | Status::Upcoming
            )
        })
        .min_by_key(|m| (m.status != Status::Overdue, m.due))
}

/// How a case ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Back in their own work at their full working time.
    ReturnedFully,
    /// In other work at the same employer.
    OtherWork,
    /// Employment ended (a new employer, retirement, or otherwise).
    EmploymentEnded,
    /// An adjustment case: the work is adjusted, followed up, and the person works on.
    Adjusted,
    Other,
}

coded!(impl Status {
    Done = "done",
    Exempt = "exempt",
    Passed = "passed",
    Overdue = "overdue",
    DueSoon = "due-soon",
    Upcoming = "upcoming",
});

coded!(impl Exemption {
    FullReturnWithin60Days = "full-return-within-60-days",
    HealthRulesOutReturn = "health-rules-out-return",
});

coded!(impl Outcome {
    ReturnedFully = "returned-fully",
    OtherWork = "other-work",
    EmploymentEnded = "employment-ended",
    Adjusted = "adjusted",
    Other = "other",
});

/// When repeated short absences put someone on the coordinator's list for an early health
/// conversation: `spells` or more spells starting within the last `months` months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AbsenceRule {
    pub spells: u32,
    pub months: u32,
}

impl Default for AbsenceRule {
    /// The common practice among Swedish public employers: six spells in twelve months.
    fn default() -> Self {
        Self {
            spells: 6,
            months: 12,
        }
    }
}

impl AbsenceRule {
    /// The first day of the window that ends on `today`.
    pub fn window_start(self, today: NaiveDate) -> NaiveDate {
        today
            .checked_sub_months(chrono::Months::new(self.months))
            .unwrap_or(NaiveDate::MIN)
            + Duration::days(1)
    }

    /// How many of the spells (by first day) fall in the window, if that is enough to act on.
    pub fn flags(self, first_days: &[NaiveDate], today: NaiveDate) -> Option<usize> {
        let from = self.window_start(today);
        let n = first_days
            .iter()
            .filter(|d| (from..=today).contains(*d))
            .count();
        (n >= self.spells as usize).then_some(n)
    }
}

/// The sick day on which an absence puts someone on the coordinator's list of cases to open,
/// unless the employer chose another. Day 15 is the first day after the sick-pay period: the
/// employer then reports the absence to Försäkringskassan within seven days (lag (1991:1047)
/// om sjuklön 12 §) and the chain's later duties start counting in earnest.
pub const CASE_DAY: u32 = 15;

/// The earliest and latest case day an employer may choose: from the day a medical
/// certificate is asked for (day 8) to day 90, the first of the work-ability assessments.
pub const CASE_DAYS: std::ops::RangeInclusive<u32> = 8..=90;

/// A sick period that has reached the employer's case day, as a case would be opened for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseDue {
    /// The sick period's first day (the case's first day).
    pub first_day: NaiveDate,
    /// The date of the case day.
    pub reached_on: NaiveDate,
    /// Whether the period goes on today.
    pub ongoing: bool,
}

/// Whether a person's sick period has reached `case_day` by `today`, and is recent enough to
/// still need a case: it goes on, or ended within `CHAIN_LINK_DAYS` (a new spell in that time
/// would continue its chain, so its deadlines still matter). Days count in the sick-pay period,
/// spells within five days of each other joined (lag (1991:1047) om sjuklön 7 §), as the
/// milestones count them. Payroll rows may overlap or follow each other without a free day;
/// they are one spell here. Spells that start after `today` are not counted.
///
/// Worked example: sick 1–10 March, back 11–13 March, sick again from 14 March and still
/// away. The two spells are one sick-pay period (three days between); its 15th sick day is
/// 10 days into March plus five of the second spell: 18 March. On 17 March nothing is due;
/// on 18 March the case is due with first day 1 March.
pub fn case_due(spells: &[Spell], case_day: u32, today: NaiveDate) -> Option<CaseDue> {
    let rows: Vec<crate::sick_leave::Spell> = spells
        .iter()
        .filter(|s| s.first_day <= today)
        .map(|s| crate::sick_leave::Spell {
            first: s.first_day,
            last: s.last_day,
            extent: 100,
        })
        .collect();
    let merged: Vec<Spell> = crate::sick_leave::absences(&rows)
        .into_iter()
        .map(|(first_day, last_day)| Spell {
            first_day,
            last_day,
        })
        .collect();
    let period = current_period(&merged, SICK_PAY_LINK_DAYS);
    let reached_on = day_of(period, case_day).filter(|d| *d <= today)?;
    let end = period.last()?.last_day;
    if end.is_some_and(|l| (today - l).num_days() > CHAIN_LINK_DAYS) {
        return None;
    }
    Some(CaseDue {
        first_day: period.first()?.first_day,
        reached_on,
        ongoing: end.is_none_or(|l| l >= today),
    })
}

impl Extent {
    /// The extent a payroll percentage is closest to, for a case's first extent (payroll
    /// records hours, so 60 % happens; sick leave is granted in quarters). Ties go up.
    pub fn nearest(percent: u8) -> Self {
        let p = i32::from(percent);
        Self::ALL
            .into_iter()
            .min_by_key(|e| ((i32::from(e.percent()) - p).abs(), -i32::from(e.percent())))
            .unwrap_or(Self::Full)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MilestoneKind as K;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn ongoing(first: &str) -> Spell {
        Spell {
            first_day: d(first),
            last_day: None,
        }
    }

    fn spell(first: &str, last: &str) -> Spell {
        Spell {
            first_day: d(first),
            last_day: Some(d(last)),
        }
    }

    fn leave(spells: Vec<Spell>) -> SickLeave {
        SickLeave {
            spells,
            expected_last_day: None,
            day_three_call: false,
            long_known_on: None,
        }
    }

    /// The employer's routine (Vindeln kommun's has a call on day 3); nothing in statute.
    #[test]
    fn the_managers_day_three_call_comes_with_each_spell_where_the_routine_has_it() {
        // Sick from Thursday 5 March 2026: day 3 is Saturday 7th, so the call is Monday 9th,
        // reminded that morning. Without the routine there is no call at all.
        let mut l = leave(vec![ongoing("2026-03-05")]);
        assert_eq!(
            due(&milestones(&l, &[], d("2026-03-05")), K::DayThreeCall),
            None
        );
        l.day_three_call = true;
        let ms = milestones(&l, &[], d("2026-03-09"));
        let call = ms.iter().find(|m| m.kind == K::DayThreeCall).unwrap();
        assert_eq!(
            (call.due, call.remind_on),
            (d("2026-03-09"), d("2026-03-09"))
        );
        assert_eq!(
            (call.status, K::DayThreeCall.responsible()),
            (Status::DueSoon, Party::Manager)
        );
        // Two days of sick leave reach no day 3: no call.
        let short = SickLeave {
            spells: vec![spell("2026-03-05", "2026-03-06")],
            ..l.clone()
        };
        assert_eq!(
            due(&milestones(&short, &[], d("2026-03-09")), K::DayThreeCall),
            None
        );
        // Called on the 9th; sick again from Monday 16th (the same sick-pay period): a new
        // spell, a new call on Wednesday 18th, not yet made.
        let called = [Done::on(K::DayThreeCall, d("2026-03-09"))];
        let status = |l: &SickLeave, today| {
            milestones(l, &called, d(today))
                .into_iter()
                .find(|m| m.kind == K::DayThreeCall)
                .map(|m| (m.due, m.status))
        };
        assert_eq!(
            status(&l, "2026-03-10"),
            Some((d("2026-03-09"), Status::Done))
        );
        l.spells = vec![spell("2026-03-05", "2026-03-11"), ongoing("2026-03-16")];
        assert_eq!(
            status(&l, "2026-03-19"),
            Some((d("2026-03-18"), Status::Overdue))
        );
    }

    /// Social Insurance Code 30 kap. 6 § first paragraph, second sentence. Fails on the code
    /// before the fix, which showed the plan as overdue since day 30.
    #[test]
    fn a_long_absence_known_only_after_day_thirty_owes_the_plan_at_once() {
        // Sick from Monday 2 March, first expected back after 20 March (19 days): no plan.
        let mut l = leave(vec![ongoing("2026-03-02")]);
        l.expected_last_day = Some(d("2026-03-20"));
        assert!(!plan_needed(&l));
        // On Monday 13 April (day 43) the new certificate runs to 31 May: 91 days. The plan is
        // owed at once, that day, and is due, not overdue.
        l.expected_last_day = Some(d("2026-05-31"));
        l.long_known_on = Some(d("2026-04-13"));
        let ms = milestones(&l, &[], d("2026-04-13"));
        let plan = ms.iter().find(|m| m.kind == K::ReturnToWorkPlan).unwrap();
        assert_eq!((plan.due, plan.status), (d("2026-04-13"), Status::DueSoon));
        assert_eq!(plan.remind_on, d("2026-04-13"), "reminded that day");
        // Known on day 20 instead: day 30, 31 March, still holds.
        l.long_known_on = Some(d("2026-03-21"));
        let ms = milestones(&l, &[], d("2026-03-21"));
        assert_eq!(due(&ms, K::ReturnToWorkPlan), Some(d("2026-03-31")));
    }

    fn due(ms: &[Milestone], kind: MilestoneKind) -> Option<NaiveDate> {
        ms.iter().find(|m| m.kind == kind).map(|m| m.due)
    }

    /// Sick from Friday 6 November 2026: day 8 is Friday 13th, day 14 Thursday 19th, the
    /// report is owed by Thursday 26th, the plan by Saturday 5 December → Monday 7th; day 90 is
    /// Wednesday 3 February 2027, day 180 Tuesday 4 May, day 365 Friday 5 November.
    #[test]
    fn a_case_starting_on_a_friday() {
        let ms = milestones(&leave(vec![ongoing("2026-11-06")]), &[], d("2026-11-06"));
        let dates: Vec<(MilestoneKind, NaiveDate)> = ms.iter().map(|m| (m.kind, m.due)).collect();
        assert_eq!(
            dates,
            vec![
                (K::MedicalCertificate, d("2026-11-13")),
                (K::SickPayEnds, d("2026-11-19")),
                (K::ReportToInsurance, d("2026-11-26")),
                (K::ReturnToWorkPlan, d("2026-12-07")),
                (K::Day90, d("2027-02-03")),
                (K::Day180, d("2027-05-04")),
                (K::Day365, d("2027-11-05")),
            ]
        );
        assert!(ms.iter().all(|m| m.status == Status::Upcoming
            || (m.kind == K::MedicalCertificate && m.status == Status::DueSoon)));
        // Reminders go out on a working day three days or more ahead: the plan's (due Monday
        // 7 December) on Friday 4th, the certificate's (Friday 13th) on Tuesday 10th.
        let remind = |k| ms.iter().find(|m| m.kind == k).unwrap().remind_on;
        assert_eq!(remind(K::ReturnToWorkPlan), d("2026-12-04"));
        assert_eq!(remind(K::MedicalCertificate), d("2026-11-10"));
    }

    #[test]
    fn a_deadline_on_a_holiday_moves_to_the_next_working_day() {
        // Sick from 4 December 2026: the report's day 21 is Thursday 24 December (Christmas
        // Eve), then Christmas Day, Boxing Day and Sunday: due Monday 28 December.
        let ms = milestones(&leave(vec![ongoing("2026-12-04")]), &[], d("2026-12-04"));
        assert_eq!(due(&ms, K::ReportToInsurance), Some(d("2026-12-28")));
    }

    #[test]
    fn a_change_of_extent_moves_nothing() {
        // 100 % from 2 March 2026, 50 % from day 40: the days are the same days.
        let changes = [
            ExtentChange {
                from: d("2026-03-02"),
                extent: Extent::Full,
            },
            ExtentChange {
                from: d("2026-04-10"),
                extent: Extent::Half,
            },
        ];
        assert_eq!(extent_on(&changes, d("2026-04-09")), Some(Extent::Full));
        assert_eq!(extent_on(&changes, d("2026-04-10")), Some(Extent::Half));
        assert_eq!(extent_on(&changes, d("2026-03-01")), None);
        let ms = milestones(&leave(vec![ongoing("2026-03-02")]), &[], d("2026-04-10"));
        assert_eq!(due(&ms, K::Day90), Some(d("2026-05-30")));
        assert_eq!(due(&ms, K::Day180), Some(d("2026-08-28")));
    }

    #[test]
    fn no_plan_duty_when_the_absence_is_expected_to_be_short() {
        let mut l = leave(vec![ongoing("2026-03-02")]);
        l.expected_last_day = Some(d("2026-04-29")); // 59 days
        assert_eq!(
            due(&milestones(&l, &[], d("2026-03-02")), K::ReturnToWorkPlan),
            None
        );
        l.expected_last_day = Some(d("2026-04-30")); // 60 days
        assert_eq!(
            due(&milestones(&l, &[], d("2026-03-02")), K::ReturnToWorkPlan),
            Some(d("2026-03-31"))
        );
    }

    /// Social Insurance Code 30 kap. 6 §. Fails on the code before the fix, which counted the
    /// calendar from the chain's first day, days back at work included.
    #[test]
    fn the_sixty_days_of_the_plan_duty_count_sick_days_only() {
        // Sick 2–21 March (20 days), back at work all April, sick again from 1 May and
        // expected back after 30 May (30 days): 50 sick days in one chain, though 90 calendar
        // days from the first. No plan is owed.
        let mut l = leave(vec![
            spell("2026-03-02", "2026-03-21"),
            ongoing("2026-05-01"),
        ]);
        l.expected_last_day = Some(d("2026-05-30"));
        let ms = milestones(&l, &[], d("2026-05-04"));
        assert_eq!(due(&ms, K::ReturnToWorkPlan), None);
        // Expected back after 9 June instead: 20 + 40 = 60 sick days, so the plan is owed by
        // the chain's sick day 30, 10 May (a Sunday), so Monday 11 May.
        l.expected_last_day = Some(d("2026-06-09"));
        let ms = milestones(&l, &[], d("2026-05-04"));
        assert_eq!(due(&ms, K::ReturnToWorkPlan), Some(d("2026-05-11")));
    }

    #[test]
    fn a_case_reopened_within_five_days_continues_its_sick_pay_period() {
        // Ten days (2–11 March), back for four, sick again from Monday 16 March: the 16th is
        // day 11, so day 14 is Thursday 19 March and the report is owed by Thursday 26th.
        let l = leave(vec![
            spell("2026-03-02", "2026-03-11"),
            ongoing("2026-03-16"),
        ]);
        let ms = milestones(&l, &[], d("2026-03-16"));
        assert_eq!(due(&ms, K::SickPayEnds), Some(d("2026-03-19")));
        assert_eq!(due(&ms, K::ReportToInsurance), Some(d("2026-03-26")));
        assert_eq!(due(&ms, K::MedicalCertificate), Some(d("2026-03-09")));
        // Day 90 counts both spells: 10 days, then 80 more from the 16th.
        assert_eq!(due(&ms, K::Day90), Some(d("2026-06-03")));
    }

    #[test]
    fn a_new_spell_after_more_than_five_days_starts_a_new_sick_pay_period_but_not_a_new_chain() {
        let l = leave(vec![
            spell("2026-03-02", "2026-03-11"),
            ongoing("2026-03-20"),
        ]);
        let ms = milestones(&l, &[], d("2026-03-20"));
        assert_eq!(due(&ms, K::SickPayEnds), Some(d("2026-04-02")));
        assert_eq!(due(&ms, K::Day90), Some(d("2026-06-07")));
        // More than 90 days apart: a new chain too.
        let l = leave(vec![
            spell("2026-03-02", "2026-03-11"),
            ongoing("2026-06-10"),
        ]);
        let ms = milestones(&l, &[], d("2026-06-10"));
        assert_eq!(due(&ms, K::Day90), Some(d("2026-09-07")));
    }

    #[test]
    fn a_short_absence_reaches_no_later_milestone() {
        // Sick 2–10 March (nine days): the certificate was owed, nothing after day 14 applies.
        let l = leave(vec![spell("2026-03-02", "2026-03-10")]);
        let kinds: Vec<MilestoneKind> = milestones(&l, &[], d("2026-03-20"))
            .iter()
            .map(|m| m.kind)
            .collect();
        assert_eq!(kinds, vec![K::MedicalCertificate]);
        // Sick 2–16 March: the period went past day 14, so the report is owed even after the
        // return.
        let l = leave(vec![spell("2026-03-02", "2026-03-16")]);
        let ms = milestones(&l, &[], d("2026-03-20"));
        assert_eq!(due(&ms, K::ReportToInsurance), Some(d("2026-03-23")));
        assert_eq!(due(&ms, K::Day90), None);
    }

    /// Sick Pay Act 12 §; Försäkringskassan, "Sjukfrånvaro" for employers. Fails on the code
    /// before the fix, which owed the report whenever day 14 was reached.
    #[test]
    fn a_spell_of_exactly_fourteen_days_owes_no_report() {
        // Sick Monday 2 – Sunday 15 March: fourteen days, sick pay for all of them, back on
        // the 16th. Nothing for Försäkringskassan to pay, so nothing to report.
        let l = leave(vec![spell("2026-03-02", "2026-03-15")]);
        let ms = milestones(&l, &[], d("2026-03-20"));
        assert_eq!(due(&ms, K::SickPayEnds), Some(d("2026-03-15")));
        assert_eq!(due(&ms, K::ReportToInsurance), None);
        // Four days on, sick again: the sick-pay period goes on (7 §) and now past day 14, so
        // the report is owed by day 14 + 7 = 22 March, a Sunday, so Monday 23 March.
        let l = leave(vec![
            spell("2026-03-02", "2026-03-15"),
            ongoing("2026-03-20"),
        ]);
        let ms = milestones(&l, &[], d("2026-03-20"));
        assert_eq!(due(&ms, K::ReportToInsurance), Some(d("2026-03-23")));
    }

    /// Sick Pay Act 7 § and 12 §: the certificate, the end of sick pay and the report belong
    /// to one sick-pay period. Fails on the code before the fix, which kept a done mark for the
    /// case whatever the period.
    #[test]
    fn a_new_sick_pay_period_owes_its_certificate_and_report_again() {
        // Sick 2–20 March; the certificate and the report were recorded on 10 and 18 March.
        let done = [
            Done::on(K::MedicalCertificate, d("2026-03-10")),
            Done::on(K::ReportToInsurance, d("2026-03-18")),
        ];
        let status = |ms: &[Milestone], k| ms.iter().find(|m| m.kind == k).map(|m| m.status);
        let first = leave(vec![spell("2026-03-02", "2026-03-20")]);
        let ms = milestones(&first, &done, d("2026-03-25"));
        assert_eq!(status(&ms, K::MedicalCertificate), Some(Status::Done));
        assert_eq!(status(&ms, K::ReportToInsurance), Some(Status::Done));
        // Sick again from 1 April, eleven days after: a new sick-pay period in the same chain.
        // Its day 8 is 8 April and its report is owed by 21 April; neither is done yet.
        let again = leave(vec![
            spell("2026-03-02", "2026-03-20"),
            ongoing("2026-04-01"),
        ]);
        let ms = milestones(&again, &done, d("2026-04-02"));
        assert_eq!(due(&ms, K::MedicalCertificate), Some(d("2026-04-08")));
        assert_eq!(status(&ms, K::MedicalCertificate), Some(Status::DueSoon));
        assert_eq!(status(&ms, K::ReportToInsurance), Some(Status::Upcoming));
        // The chain's duties keep a mark made earlier in the same chain.
        let plan = [Done::on(K::ReturnToWorkPlan, d("2026-03-18"))];
        let ms = milestones(&again, &plan, d("2026-04-02"));
        assert_eq!(status(&ms, K::ReturnToWorkPlan), Some(Status::Done));
        // Recorded again in the new period, the certificate is done.
        let now_done = [Done::on(K::MedicalCertificate, d("2026-04-08"))];
        let ms = milestones(&again, &now_done, d("2026-04-09"));
        assert_eq!(status(&ms, K::MedicalCertificate), Some(Status::Done));
    }

    /// Social Insurance Code 27 kap. 46–48 §§ with the Work Environment Act 3 kap. 2 a §:
    /// before day 90 the employer looks into temporary or adjusted work, before day 180 into
    /// other work at the employer. Fails on the code before the fix, which showed both as
    /// Försäkringskassan's dates that simply passed.
    #[test]
    fn the_employer_owns_the_investigations_before_days_90_and_180() {
        // Sick from Monday 2 March 2026: day 90 is Saturday 30 May, day 180 Friday 28 August.
        let l = leave(vec![ongoing("2026-03-02")]);
        let ms = milestones(&l, &[], d("2026-05-04"));
        let get = |ms: &[Milestone], k| ms.iter().find(|m| m.kind == k).cloned().unwrap();
        let day90 = get(&ms, K::Day90);
        assert_eq!(K::Day90.responsible(), Party::Employer);
        assert_eq!(
            (day90.due, day90.status),
            (d("2026-05-30"), Status::Upcoming)
        );
        // Reminded three weeks ahead, on a working day: 9 May is a Saturday, so Friday 8 May.
        assert_eq!(day90.remind_on, d("2026-05-08"));
        assert_eq!(get(&ms, K::Day180).remind_on, d("2026-08-07"));
        // Not recorded by Monday 1 June: overdue, and the first thing the case needs.
        let ms = milestones(&l, &[], d("2026-06-01"));
        assert_eq!(get(&ms, K::Day90).status, Status::Overdue);
        // Recorded on 27 May with what was looked into: done, and the note goes with it.
        let looked = Done {
            note: Some("Tried the day-time schedule at the same unit for two weeks.".into()),
            ..Done::on(K::Day90, d("2026-05-27"))
        };
        let ms = milestones(&l, &[looked], d("2026-06-01"));
        let day90 = get(&ms, K::Day90);
        assert_eq!(day90.status, Status::Done);
        assert!(day90.note.unwrap().starts_with("Tried"));
        // Day 365 stays Försäkringskassan's point, nothing for the employer to record.
        assert!(
            !K::Day365.is_duty() && K::Day180.needs_note() && !K::MedicalCertificate.needs_note()
        );
    }

    /// Social Insurance Code 30 kap. 6 § second paragraph, and Försäkringskassan's employer
    /// page on the plan. Fails on the code before the fix, which had no way to record either
    /// exemption and kept the plan overdue.
    #[test]
    fn a_plan_recorded_as_not_needed_is_exempt_not_overdue() {
        // Sick from Monday 2 March 2026, no expected end: the plan was due Tuesday 31 March.
        let l = leave(vec![ongoing("2026-03-02")]);
        let status = |ms: &[Milestone]| {
            ms.iter()
                .find(|m| m.kind == K::ReturnToWorkPlan)
                .map(|m| (m.status, m.exempt))
        };
        let ms = milestones(&l, &[], d("2026-04-02"));
        assert_eq!(status(&ms), Some((Status::Overdue, None)));
        // Recorded on 20 March that the person's health clearly rules out a return.
        let exempt = Done {
            exempt: Some(Exemption::HealthRulesOutReturn),
            ..Done::on(K::ReturnToWorkPlan, d("2026-03-20"))
        };
        let ms = milestones(&l, &[exempt], d("2026-04-02"));
        assert_eq!(
            status(&ms),
            Some((Status::Exempt, Some(Exemption::HealthRulesOutReturn)))
        );
        assert_ne!(next_deadline(&ms).unwrap().kind, K::ReturnToWorkPlan);
        assert!(K::ReturnToWorkPlan.may_be_exempt() && !K::Day90.may_be_exempt());
        for e in Exemption::ALL {
            assert_eq!(Exemption::parse(e.code()), Some(e));
        }
    }

    #[test]
    fn status_follows_today_and_what_is_done() {
        let l = leave(vec![ongoing("2026-03-02")]);
        let done = [Done::on(K::MedicalCertificate, d("2026-03-10"))];
        let ms = milestones(&l, &done, d("2026-04-02"));
        let status = |k| ms.iter().find(|m| m.kind == k).unwrap().status;
        assert_eq!(status(K::MedicalCertificate), Status::Done);
        assert_eq!(status(K::SickPayEnds), Status::Passed);
        assert_eq!(status(K::ReportToInsurance), Status::Overdue);
        assert_eq!(status(K::ReturnToWorkPlan), Status::Overdue);
        assert_eq!(status(K::Day90), Status::Upcoming);
    }

    #[test]
    fn extents_are_quarters() {
        assert_eq!(Extent::from_percent(75), Some(Extent::ThreeQuarters));
        assert_eq!(Extent::from_percent(60), None);
        for k in MilestoneKind::ALL {
            assert_eq!(MilestoneKind::parse(k.code()), Some(k));
        }
        for p in Party::ALL {
            assert_eq!(Party::parse(p.code()), Some(p));
        }
    }

    #[test]
    fn six_spells_within_twelve_months_flag_someone_for_an_early_conversation() {
        let rule = AbsenceRule::default();
        let today = d("2026-11-23");
        assert_eq!(rule.window_start(today), d("2025-11-24"));
        let mut firsts: Vec<NaiveDate> = [
            "2025-11-23", // a year and a day ago: outside
            "2026-01-12",
            "2026-03-02",
            "2026-05-18",
            "2026-08-24",
            "2026-10-05",
        ]
        .map(d)
        .to_vec();
        assert_eq!(rule.flags(&firsts, today), None, "five in the window");
        firsts.push(d("2026-11-23"));
        assert_eq!(rule.flags(&firsts, today), Some(6));
        firsts.push(d("2026-11-30"));
        assert_eq!(rule.flags(&firsts, today), Some(6), "not the future");
        let strict = AbsenceRule {
            spells: 4,
            months: 3,
        };
        assert_eq!(strict.flags(&firsts, today), None);
    }

    #[test]
    fn the_next_deadline_is_the_earliest_overdue_else_the_earliest_to_come() {
        let friday = leave(vec![ongoing("2026-11-06")]);
        let ms = milestones(&friday, &[], d("2026-11-27"));
        assert_eq!(
            next_deadline(&ms).unwrap().kind,
            K::MedicalCertificate,
            "overdue first"
        );
        let done = |kinds: &[MilestoneKind]| -> Vec<Done> {
            kinds
                .iter()
                .map(|&kind| Done::on(kind, d("2026-11-26")))
                .collect()
        };
        let ms = milestones(&friday, &done(&[K::MedicalCertificate]), d("2026-11-27"));
        assert_eq!(next_deadline(&ms).unwrap().kind, K::ReportToInsurance);
        let ms = milestones(
            &friday,
            &done(&[K::ReportToInsurance, K::MedicalCertificate]),
            d("2026-11-27"),
        );
        assert_eq!(next_deadline(&ms).unwrap().kind, K::ReturnToWorkPlan);
        assert_eq!(Outcome::parse("other-work"), Some(Outcome::OtherWork));
    }

    #[test]
    fn a_case_is_due_on_the_fifteenth_sick_day_of_the_sick_pay_period() {
        // The worked example: 1–10 March, three days back, sick again from 14 March.
        let spells = [spell("2026-03-01", "2026-03-10"), ongoing("2026-03-14")];
        assert_eq!(case_due(&spells, CASE_DAY, d("2026-03-17")), None);
        assert_eq!(
            case_due(&spells, CASE_DAY, d("2026-03-18")),
            Some(CaseDue {
                first_day: d("2026-03-01"),
                reached_on: d("2026-03-18"),
                ongoing: true,
            })
        );
        // Six days back start a new sick-pay period: day 15 is then 28 March.
        let apart = [spell("2026-03-01", "2026-03-10"), ongoing("2026-03-17")];
        assert_eq!(case_due(&apart, CASE_DAY, d("2026-03-30")), None);
        let due = case_due(&apart, CASE_DAY, d("2026-03-31")).unwrap();
        assert_eq!(
            (due.first_day, due.reached_on),
            (d("2026-03-17"), d("2026-03-31"))
        );
    }

    #[test]
    fn payroll_rows_that_overlap_or_follow_each_other_are_one_spell() {
        // A month split at its end, and a correction row overlapping the first: one spell.
        let spells = [
            spell("2026-01-20", "2026-01-31"),
            spell("2026-02-01", "2026-02-10"),
            spell("2026-01-25", "2026-01-28"),
        ];
        let due = case_due(&spells, CASE_DAY, d("2026-02-20")).unwrap();
        assert_eq!(due.first_day, d("2026-01-20"));
        assert_eq!(due.reached_on, d("2026-02-03"));
        assert!(!due.ongoing);
    }

    #[test]
    fn an_old_period_or_one_short_of_the_day_needs_no_case() {
        // Fourteen days: the sick-pay period alone, the employer's own.
        let short = [spell("2026-05-01", "2026-05-14")];
        assert_eq!(case_due(&short, CASE_DAY, d("2026-05-20")), None);
        // Reached day 15, ended 91 days ago: past the chain, nothing to watch.
        let old = [spell("2026-01-01", "2026-01-31")];
        assert!(case_due(&old, CASE_DAY, d("2026-05-01")).is_some());
        assert_eq!(case_due(&old, CASE_DAY, d("2026-05-02")), None);
        // A spell payroll has for next week does not count yet.
        let planned = [ongoing("2026-06-08")];
        assert_eq!(case_due(&planned, 8, d("2026-06-01")), None);
        // An employer's day 8 lists the same period a week earlier.
        let week = [ongoing("2026-06-01")];
        assert_eq!(
            case_due(&week, 8, d("2026-06-08")).map(|c| c.reached_on),
            Some(d("2026-06-08"))
        );
    }

    #[test]
    fn a_payroll_percentage_becomes_the_nearest_quarter() {
        let e = |p| Extent::nearest(p).percent();
        assert_eq!(
            [e(100), e(90), e(60), e(62), e(63), e(30), e(1)],
            [100, 100, 50, 50, 75, 25, 25]
        );
    }
}
