//! Adjusting the work of someone who is still at work (arbetsanpassning), before any sick
//! leave: the Work Environment Authority's provisions on work adjustment, now in AFS 2023:2
//! (formerly AFS 2020:5; the paragraphs below are numbered as the Authority's own guidance on
//! work adjustment quotes them).
//!
//! - 4 §: the employer continually finds out whether anyone needs adjusted work, chiefly in
//!   dialogue with the employee. Orka's starts: an alert the employee shared, the
//!   early-conversation list of repeated short absences, or the employee's own request.
//! - 6 §: once a need is established, the employer (1) investigates and decides how the work is
//!   adjusted, (2) carries it out, (3) follows up continually whether it works and (4) adjusts
//!   it again where needed. Orka keeps the observation, the investigation, the decided measures
//!   (the plan's measures, with who does what by when) and a follow-up date that is reminded.
//! - 7 §: the employee takes part in the investigation and may bring a union representative
//!   or a safety representative; the investigation records who came along.
//!
//! What is written here is what is seen at work ("finds the morning handovers hard to keep up
//! with"), never a diagnosis or medical detail; the hints at each field say so.

use crate::problem::ProblemCode;
use chrono::NaiveDate;

/// The most characters of a free-text field (an observation, a request, an investigation).
pub const MAX_TEXT: usize = 2_000;

coded!(
    /// How the employer came to look into adjusting someone's work (4 §).
    Start {
        /// An alert the employee chose to share.
        Alert = "alert",
        /// The early-conversation list: repeated short absences under the employer's rule.
        EarlySignal = "early-signal",
        /// The employee asked, from their own page.
        Request = "request",
    }
);

coded!(
    /// Who came along to the investigation with the employee (7 §).
    Companion {
        Union = "union",
        SafetyRepresentative = "safety-representative",
    }
);

coded!(
    /// Where the employee's own request for adjusted work goes. A request to a coordinator
    /// leaves the manager out until the employee lets them in.
    Recipient {
        Manager = "manager",
        Coordinator = "coordinator",
    }
);

/// A text field, trimmed: `Ok(None)` when empty and not required.
pub fn text(value: &str, required: bool) -> Result<Option<String>, ProblemCode> {
    let t = value.trim();
    if t.is_empty() {
        return if required {
            Err(ProblemCode::Missing)
        } else {
            Ok(None)
        };
    }
    if t.chars().count() > MAX_TEXT {
        return Err(ProblemCode::TooLong);
    }
    Ok(Some(t.to_owned()))
}

/// The investigation with the employee (6 § 1 and 7 §): when it was held, who came along,
/// and what was found out about the work and decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Investigation {
    pub on: NaiveDate,
    pub companion: Option<Companion>,
    pub note: String,
}

impl Investigation {
    /// Every problem at once, by field: `on` cannot be in the future (it records a meeting
    /// held), `note` is required.
    pub fn parse(
        on: NaiveDate,
        companion: Option<Companion>,
        note: &str,
        today: NaiveDate,
    ) -> Result<Investigation, Vec<(&'static str, ProblemCode)>> {
        let mut bad = vec![];
        if on > today {
            bad.push(("on", ProblemCode::InTheFuture));
        }
        let note = text(note, true)
            .map_err(|code| bad.push(("note", code)))
            .ok();
        match note.flatten() {
            Some(note) if bad.is_empty() => Ok(Investigation {
                on,
                companion,
                note,
            }),
            _ => Err(bad),
        }
    }
}

/// Where the follow-up stands (6 § 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowUp {
    /// No date set: the case list shows it as needing one.
    NotSet,
    Upcoming(NaiveDate),
    /// The day itself: reminded that morning.
    Today(NaiveDate),
    Overdue(NaiveDate),
}

impl FollowUp {
    pub fn of(on: Option<NaiveDate>, today: NaiveDate) -> FollowUp {
        match on {
            None => FollowUp::NotSet,
            Some(d) if d > today => FollowUp::Upcoming(d),
            Some(d) if d == today => FollowUp::Today(d),
            Some(d) => FollowUp::Overdue(d),
        }
    }

    /// The follow-up's date, if one is set.
    pub fn on(self) -> Option<NaiveDate> {
        match self {
            FollowUp::NotSet => None,
            FollowUp::Upcoming(d) | FollowUp::Today(d) | FollowUp::Overdue(d) => Some(d),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            FollowUp::NotSet => "not-set",
            FollowUp::Upcoming(_) => "upcoming",
            FollowUp::Today(_) => "today",
            FollowUp::Overdue(_) => "overdue",
        }
    }
}

/// A new follow-up date: today or later (a follow-up is planned; one held is written in the
/// plan's meetings).
pub fn follow_up_on(on: NaiveDate, today: NaiveDate) -> Result<NaiveDate, ProblemCode> {
    if on < today {
        Err(ProblemCode::InThePast)
    } else {
        Ok(on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_investigation_records_a_meeting_held_with_who_came_along_and_what_was_found() {
        // AFS 2023:2 (work adjustment) 6 § 1 and 7 §: Anna met her manager on 2 December with
        // her union representative; what they found is written in work terms.
        let today = d("2026-12-03");
        let ok = Investigation::parse(
            d("2026-12-02"),
            Some(Companion::Union),
            "  Morning handovers overlap the medication round; fewer parallel tasks before 10.  ",
            today,
        )
        .unwrap();
        assert_eq!(ok.companion, Some(Companion::Union));
        assert!(ok.note.starts_with("Morning"), "trimmed");
        // A meeting not yet held is not an investigation, and it says what it found.
        assert_eq!(
            Investigation::parse(d("2026-12-04"), None, " ", today),
            Err(vec![
                ("on", ProblemCode::InTheFuture),
                ("note", ProblemCode::Missing)
            ])
        );
        let long = "x".repeat(MAX_TEXT + 1);
        assert_eq!(
            Investigation::parse(today, None, &long, today),
            Err(vec![("note", ProblemCode::TooLong)])
        );
    }

    #[test]
    fn the_follow_up_is_planned_ahead_and_shows_overdue_once_its_day_has_passed() {
        // 6 § 3: the employer follows up whether the adjustment works. A date set on
        // 3 December for 17 December is upcoming until that morning, then due, then overdue.
        let set = d("2026-12-03");
        assert_eq!(follow_up_on(d("2026-12-17"), set), Ok(d("2026-12-17")));
        assert_eq!(
            follow_up_on(d("2026-12-02"), set),
            Err(ProblemCode::InThePast)
        );
        assert_eq!(
            FollowUp::of(Some(d("2026-12-17")), d("2026-12-16")),
            FollowUp::Upcoming(d("2026-12-17"))
        );
        assert_eq!(
            FollowUp::of(Some(d("2026-12-17")), d("2026-12-17")).code(),
            "today"
        );
        assert_eq!(
            FollowUp::of(Some(d("2026-12-17")), d("2026-12-18")).code(),
            "overdue"
        );
        assert_eq!(FollowUp::of(None, set), FollowUp::NotSet);
    }

    #[test]
    fn codes_are_stable_because_they_are_stored_and_travel_in_the_api() {
        assert_eq!(Start::parse("early-signal"), Some(Start::EarlySignal));
        assert_eq!(
            Companion::parse("safety-representative"),
            Some(Companion::SafetyRepresentative)
        );
        assert_eq!(Recipient::Coordinator.code(), "coordinator");
        assert_eq!(Start::parse("diagnosis"), None);
    }

    #[test]
    fn a_request_may_be_empty_but_an_observation_may_not() {
        assert_eq!(text("  ", false), Ok(None));
        assert_eq!(text("  ", true), Err(ProblemCode::Missing));
        assert_eq!(
            text(&"å".repeat(MAX_TEXT), true).map(|t| t.is_some()),
            Ok(true)
        );
    }
}
