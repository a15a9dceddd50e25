//! What a check-in means for the person who made it, decided at once after they submit.
//!
//! Thresholds follow the WHO-5 user guidance (Topp et al. 2015): a score below 50 suggests poor
//! wellbeing worth attention; 28 or below suggests likely depression and a reason to seek care.
//! Stress 4–5 on the SISQ two weeks running and a Work Ability Score of 5 or below ("poor" on the
//! WAS bands used in Nordic occupational health) point to workload and a talk with the manager or
//! occupational health. A WHO-5 change of 10 points is the change the guidance calls meaningful.

use crate::checkin::{CheckInAnswers, Stress, Who5Score, WorkAbility};
use crate::IsoWeek;

/// An earlier check-in of the same person, as far as the rules need it.
#[derive(Clone, Copy)]
pub struct PastCheckIn {
    pub week: IsoWeek,
    pub stress: Stress,
    pub work_ability: WorkAbility,
    pub who5: Option<Who5Score>,
}

/// One thing worth telling the person, most serious first in [`interpret`]'s answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// WHO-5 ≤ 28: seek care (1177, occupational health).
    Who5VeryLow,
    /// WHO-5 < 50: gentle guidance and who to contact.
    Who5Low,
    /// Stress 4–5 this week and the week before.
    StressHighTwoWeeks,
    /// Work Ability Score ≤ 5.
    WorkAbilityLow,
    /// The person asked to talk to someone.
    WantsToTalk,
    /// WHO-5 moved by 10 points or more since the last time it was asked.
    Who5Changed { delta: i16 },
}

pub const WHO5_LOW_BELOW: u8 = 50;
pub const WHO5_VERY_LOW_AT_MOST: u8 = 28;
pub const STRESS_HIGH_FROM: u8 = 4;
pub const WORK_ABILITY_LOW_AT_MOST: u8 = 5;
pub const WHO5_MEANINGFUL_CHANGE: i16 = 10;

/// `history` holds the person's earlier check-ins, in any order; weeks at or after `week` are ignored.
pub fn interpret(week: IsoWeek, answers: &CheckInAnswers, history: &[PastCheckIn]) -> Vec<Signal> {
    let earlier = || history.iter().filter(move |c| c.week < week);
    let mut signals = Vec::new();

    let score = answers.who5.map(|w| w.score().value());
    match score {
        Some(s) if s <= WHO5_VERY_LOW_AT_MOST => signals.push(Signal::Who5VeryLow),
        Some(s) if s < WHO5_LOW_BELOW => signals.push(Signal::Who5Low),
        _ => {}
    }

    let last_week = week.previous();
    let stressed_last_week =
        earlier().any(|c| c.week == last_week && c.stress.value() >= STRESS_HIGH_FROM);
    if answers.stress.value() >= STRESS_HIGH_FROM && stressed_last_week {
        signals.push(Signal::StressHighTwoWeeks);
    }
    if answers.work_ability.value() <= WORK_ABILITY_LOW_AT_MOST {
        signals.push(Signal::WorkAbilityLow);
    }
    if answers.wants_to_talk {
        signals.push(Signal::WantsToTalk);
    }
    if let Some(now) = score {
        let previous = earlier()
            .filter_map(|c| c.who5.map(|s| (c.week, s)))
            .max_by_key(|(w, _)| *w);
        if let Some((_, before)) = previous {
            let delta = now as i16 - before.value() as i16;
            if delta.abs() >= WHO5_MEANINGFUL_CHANGE {
                signals.push(Signal::Who5Changed { delta });
            }
        }
    }
    signals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkin::RawCheckIn;

    fn week(s: &str) -> IsoWeek {
        s.parse().unwrap()
    }

    fn answers(stress: i64, wa: i64, who5_sum_items: Option<[i64; 5]>) -> CheckInAnswers {
        let raw = RawCheckIn {
            stress: Some(Ok(stress)),
            work_ability: Some(Ok(wa)),
            who5: who5_sum_items.map(|items| items.map(|v| Some(Ok(v)))),
            ..RawCheckIn::default()
        };
        CheckInAnswers::parse(raw, false).unwrap()
    }

    fn past(w: &str, stress: i64, who5: Option<i64>) -> PastCheckIn {
        PastCheckIn {
            week: week(w),
            stress: Stress::parse(stress).unwrap(),
            work_ability: WorkAbility::parse(8).unwrap(),
            who5: who5.map(|s| Who5Score::parse(s).unwrap()),
        }
    }

    #[test]
    fn good_week_gives_no_signal() {
        assert!(interpret(week("2026-W48"), &answers(2, 8, Some([4, 4, 3, 3, 4])), &[]).is_empty());
    }

    #[test]
    fn who5_thresholds_are_below_50_and_at_most_28() {
        // 12 raw = 48: low. 13 raw = 52: fine. 7 raw = 28: very low (and only that).
        let w = week("2026-W48");
        assert_eq!(
            interpret(w, &answers(2, 8, Some([3, 3, 2, 2, 2])), &[]),
            [Signal::Who5Low]
        );
        assert!(interpret(w, &answers(2, 8, Some([3, 3, 3, 2, 2])), &[]).is_empty());
        assert_eq!(
            interpret(w, &answers(2, 8, Some([2, 2, 1, 1, 1])), &[]),
            [Signal::Who5VeryLow]
        );
        assert_eq!(
            interpret(w, &answers(2, 8, Some([2, 2, 2, 1, 1])), &[]),
            [Signal::Who5Low]
        );
    }

    #[test]
    fn high_stress_counts_only_when_the_week_before_was_high_too() {
        let w = week("2026-W01");
        let a = answers(4, 8, None);
        assert!(interpret(w, &a, &[]).is_empty());
        assert!(interpret(w, &a, &[past("2025-W52", 3, None)]).is_empty());
        assert_eq!(
            interpret(w, &a, &[past("2025-W52", 5, None)]),
            [Signal::StressHighTwoWeeks]
        );
        // Two weeks ago does not make "two weeks running".
        assert!(interpret(w, &a, &[past("2025-W51", 5, None)]).is_empty());
        // A replaced answer for this same week is not "the week before".
        assert!(interpret(w, &a, &[past("2026-W01", 5, None)]).is_empty());
    }

    #[test]
    fn work_ability_five_or_below_is_low() {
        let w = week("2026-W48");
        assert_eq!(
            interpret(w, &answers(1, 5, None), &[]),
            [Signal::WorkAbilityLow]
        );
        assert!(interpret(w, &answers(1, 6, None), &[]).is_empty());
    }

    #[test]
    fn who5_change_of_ten_compares_with_the_latest_earlier_score() {
        let w = week("2026-W48");
        let now = answers(2, 8, Some([4, 4, 4, 3, 3])); // 72
        let history = [
            past("2026-W44", 2, Some(40)),
            past("2026-W46", 2, Some(60)),
            past("2026-W47", 2, None),
        ];
        assert_eq!(
            interpret(w, &now, &history),
            [Signal::Who5Changed { delta: 12 }]
        );
        let history = [past("2026-W46", 2, Some(64))];
        assert!(interpret(w, &now, &history).is_empty());
        let drop = answers(2, 8, Some([3, 3, 3, 2, 2])); // 52
        assert_eq!(
            interpret(w, &drop, &[past("2026-W46", 2, Some(64))]),
            [Signal::Who5Changed { delta: -12 }]
        );
    }

    #[test]
    fn signals_come_most_serious_first() {
        let mut a = answers(5, 3, Some([1, 1, 1, 1, 1])); // 20
        a.wants_to_talk = true;
        let got = interpret(
            week("2026-W48"),
            &a,
            &[past("2026-W47", 4, None), past("2026-W46", 4, Some(60))],
        );
        assert_eq!(
            got,
            [
                Signal::Who5VeryLow,
                Signal::StressHighTwoWeeks,
                Signal::WorkAbilityLow,
                Signal::WantsToTalk,
                Signal::Who5Changed { delta: -40 }
            ]
        );
    }
}
