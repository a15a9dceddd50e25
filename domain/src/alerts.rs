//! When a check-in becomes an alert for someone the person chose to tell.
//!
//! The wellbeing rule is deliberately stricter than what the person sees for themself
//! (`interpret`): one low week is guidance for them, not news for their manager. It fires on
//! WHO-5 below 50 in two WHO-5 check-ins in a row (WHO-5 is asked every second week, so these
//! are consecutive measurements, not consecutive weeks), WHO-5 of 28 or less once, or stress
//! 4–5 this week and the week before.

use crate::checkin::CheckInAnswers;
use crate::consent::Scope;
use crate::interpret::{PastCheckIn, STRESS_HIGH_FROM, WHO5_LOW_BELOW, WHO5_VERY_LOW_AT_MOST};
use crate::IsoWeek;

/// What a manager (or coordinator) is told: the kind, never the answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertKind {
    AskedToTalk,
    WellbeingLow,
}

coded!(impl AlertKind {
    AskedToTalk = "asked-to-talk",
    WellbeingLow = "wellbeing-low",
});

impl AlertKind {
    /// The consent an alert of this kind needs.
    pub fn scope(self) -> Scope {
        match self {
            AlertKind::AskedToTalk => Scope::AskToTalk,
            AlertKind::WellbeingLow => Scope::LowWellbeing,
        }
    }
}

/// The alerts a check-in for `week` raises, before anyone's consent is considered.
/// `history` holds earlier check-ins in any order; weeks at or after `week` are ignored.
pub fn alerts_for(
    week: IsoWeek,
    answers: &CheckInAnswers,
    history: &[PastCheckIn],
) -> Vec<AlertKind> {
    let mut out = Vec::new();
    if answers.wants_to_talk {
        out.push(AlertKind::AskedToTalk);
    }
    let earlier = || history.iter().filter(|c| c.week < week);
    let score = answers.who5.map(|w| w.score().value());
    let previous_who5 = earlier()
        .filter_map(|c| c.who5.map(|s| (c.week, s.value())))
        .max_by_key(|(w, _)| *w)
        .map(|(_, s)| s);
    let very_low = score.is_some_and(|s| s <= WHO5_VERY_LOW_AT_MOST);
    let low_twice = score.is_some_and(|s| s < WHO5_LOW_BELOW)
        && previous_who5.is_some_and(|s| s < WHO5_LOW_BELOW);
    let last_week = week.previous();
    let stressed_twice = answers.stress.value() >= STRESS_HIGH_FROM
        && earlier().any(|c| c.week == last_week && c.stress.value() >= STRESS_HIGH_FROM);
    if very_low || low_twice || stressed_twice {
        out.push(AlertKind::WellbeingLow);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkin::{RawCheckIn, Stress, Who5Score, WorkAbility};

    fn week(s: &str) -> IsoWeek {
        s.parse().unwrap()
    }

    fn answers(stress: i64, who5_score: Option<i64>, talk: bool) -> CheckInAnswers {
        // Items that sum to score / 4.
        let who5 = who5_score.map(|s| {
            let raw = s / 4;
            let mut items = [0i64; 5];
            for (i, item) in items.iter_mut().enumerate() {
                *item = ((raw - i as i64 + 4) / 5).clamp(0, 5);
            }
            assert_eq!(items.iter().sum::<i64>() * 4, s);
            items.map(|v| Some(Ok(v)))
        });
        let raw = RawCheckIn {
            stress: Some(Ok(stress)),
            work_ability: Some(Ok(8)),
            who5,
            wants_to_talk: talk,
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

    const W: &str = "2026-W20";

    #[test]
    fn asking_to_talk_is_an_alert_of_its_own() {
        assert_eq!(
            alerts_for(week(W), &answers(1, None, true), &[]),
            [AlertKind::AskedToTalk]
        );
        assert!(alerts_for(week(W), &answers(1, None, false), &[]).is_empty());
    }

    #[test]
    fn one_low_who5_is_not_enough_two_in_a_row_are() {
        let w = week(W);
        assert!(alerts_for(w, &answers(2, Some(44), false), &[]).is_empty());
        // The measurement before was two weeks earlier (WHO-5 every second week).
        let before = [past("2026-W18", 2, Some(48)), past("2026-W19", 2, None)];
        assert_eq!(
            alerts_for(w, &answers(2, Some(44), false), &before),
            [AlertKind::WellbeingLow]
        );
        // The last measurement was fine: a low one before it does not count.
        let recovered = [past("2026-W16", 2, Some(40)), past("2026-W18", 2, Some(60))];
        assert!(alerts_for(w, &answers(2, Some(44), false), &recovered).is_empty());
        // 50 is not below 50.
        let at_50 = [past("2026-W18", 2, Some(48))];
        assert!(alerts_for(w, &answers(2, Some(52), false), &at_50).is_empty());
    }

    #[test]
    fn very_low_once_is_enough() {
        assert_eq!(
            alerts_for(week(W), &answers(2, Some(28), false), &[]),
            [AlertKind::WellbeingLow]
        );
        assert!(alerts_for(week(W), &answers(2, Some(32), false), &[]).is_empty());
    }

    #[test]
    fn high_stress_needs_two_weeks_running() {
        let w = week(W);
        assert!(alerts_for(w, &answers(5, None, false), &[]).is_empty());
        assert!(alerts_for(w, &answers(5, None, false), &[past("2026-W18", 5, None)]).is_empty());
        assert_eq!(
            alerts_for(w, &answers(4, None, false), &[past("2026-W19", 4, None)]),
            [AlertKind::WellbeingLow]
        );
        assert!(alerts_for(w, &answers(3, None, false), &[past("2026-W19", 5, None)]).is_empty());
    }

    #[test]
    fn later_weeks_in_the_history_are_ignored() {
        let later = [past("2026-W21", 5, Some(20)), past("2026-W22", 5, Some(20))];
        assert!(alerts_for(week(W), &answers(4, Some(44), false), &later).is_empty());
    }

    #[test]
    fn each_kind_needs_its_own_consent() {
        assert_eq!(AlertKind::AskedToTalk.scope(), Scope::AskToTalk);
        assert_eq!(AlertKind::WellbeingLow.scope(), Scope::LowWellbeing);
        for k in AlertKind::ALL {
            assert_eq!(AlertKind::parse(k.code()), Some(k));
        }
    }
}
