//! The weekly check-in: three published instruments and two optional personal items.
//!
//! - Single-item stress question, SISQ (Elo, Leppänen & Jahkola 2003), answered 1–5.
//! - Work Ability Score, the first item of the Work Ability Index (Tuomi et al. 1998), 0–10.
//! - WHO-5 Well-Being Index (WHO Regional Office for Europe 1998; Psychiatric Centre North Zealand),
//!   five items 0–5 with two-week recall; score = raw sum × 4 (0–100). Asked every second week.
//!
//! Answers are health data: the types here deliberately implement neither `Serialize` nor a
//! revealing `Debug`, so they cannot slip into a log line or a response by accident.

use std::fmt;

/// One answer as it arrived: absent, a whole number, or something else.
pub type RawAnswer = Option<Result<i64, NotANumber>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotANumber;

/// Reads a form field: empty means unanswered; anything else must be a whole number.
pub fn answer_from_text(text: Option<&str>) -> RawAnswer {
    let text = text?.trim();
    (!text.is_empty()).then(|| text.parse().map_err(|_| NotANumber))
}

/// Unparsed answers as they arrive from a form or JSON. Any field may be missing or out of range.
#[derive(Clone, Default, PartialEq)]
pub struct RawCheckIn {
    pub stress: RawAnswer,
    pub work_ability: RawAnswer,
    /// `None` when the WHO-5 block was not part of the form at all.
    pub who5: Option<[RawAnswer; 5]>,
    pub wants_to_talk: bool,
    pub note: Option<String>,
}

/// Which question an error belongs to. Its `code` is stable: forms and the API key messages by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldName {
    Stress,
    WorkAbility,
    Who5(u8),
    Note,
}

impl FieldName {
    pub fn code(&self) -> String {
        match self {
            FieldName::Stress => "stress".into(),
            FieldName::WorkAbility => "work_ability".into(),
            FieldName::Who5(i) => format!("who5.{i}"),
            FieldName::Note => "note".into(),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "stress" => Some(FieldName::Stress),
            "work_ability" => Some(FieldName::WorkAbility),
            "note" => Some(FieldName::Note),
            _ => {
                let i: u8 = code.strip_prefix("who5.")?.parse().ok()?;
                (i < 5).then_some(FieldName::Who5(i))
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldError {
    Missing,
    /// Given, but not a whole number (forms and JSON can carry anything).
    NotANumber,
    OutOfRange {
        min: i64,
        max: i64,
    },
    TooLong {
        max: usize,
    },
}

impl FieldError {
    pub fn code(&self) -> &'static str {
        match self {
            FieldError::Missing => "missing",
            FieldError::NotANumber => "not_a_number",
            FieldError::OutOfRange { .. } => "out_of_range",
            FieldError::TooLong { .. } => "too_long",
        }
    }
}

/// Every problem with one submission, in question order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(FieldName, FieldError)>);

impl FieldErrors {
    pub fn get(&self, field: FieldName) -> Option<FieldError> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, e)| *e)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

macro_rules! scale {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub struct $name(u8);

        impl $name {
            pub const MIN: u8 = $min;
            pub const MAX: u8 = $max;

            pub fn parse(value: i64) -> Result<Self, FieldError> {
                if (Self::MIN as i64..=Self::MAX as i64).contains(&value) {
                    Ok(Self(value as u8))
                } else {
                    Err(FieldError::OutOfRange { min: Self::MIN as i64, max: Self::MAX as i64 })
                }
            }

            pub fn value(&self) -> u8 {
                self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(..)"))
            }
        }
    };
}

scale!(
    /// SISQ: 1 not at all … 5 very much.
    Stress, 1, 5
);
scale!(
    /// Work Ability Score: 0 cannot work at all … 10 work ability at its lifetime best.
    WorkAbility, 0, 10
);
scale!(
    /// A WHO-5 percentage score, 0–100 in steps of 4.
    Who5Score, 0, 100
);

/// The five WHO-5 items, each 0 (at no time) … 5 (all of the time).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Who5Answers([u8; 5]);

impl Who5Answers {
    pub fn parse(items: [RawAnswer; 5]) -> Result<Self, Vec<(FieldName, FieldError)>> {
        let mut out = [0u8; 5];
        let mut errors = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let field = FieldName::Who5(i as u8);
            match item {
                None => errors.push((field, FieldError::Missing)),
                Some(Err(NotANumber)) => errors.push((field, FieldError::NotANumber)),
                Some(Ok(v)) if (0..=5).contains(v) => out[i] = *v as u8,
                Some(Ok(_)) => errors.push((field, FieldError::OutOfRange { min: 0, max: 5 })),
            }
        }
        if errors.is_empty() {
            Ok(Self(out))
        } else {
            Err(errors)
        }
    }

    pub fn items(&self) -> [u8; 5] {
        self.0
    }

    /// The percentage score: raw sum (0–25) × 4.
    pub fn score(&self) -> Who5Score {
        Who5Score(self.0.iter().sum::<u8>() * 4)
    }
}

impl fmt::Debug for Who5Answers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Who5Answers(..)")
    }
}

/// The note only its author ever sees.
pub const NOTE_MAX_CHARS: usize = 1000;

/// One person's answers for one week, all parsed.
#[derive(Clone, PartialEq)]
pub struct CheckInAnswers {
    pub stress: Stress,
    pub work_ability: WorkAbility,
    pub who5: Option<Who5Answers>,
    pub wants_to_talk: bool,
    pub note: Option<String>,
}

impl fmt::Debug for CheckInAnswers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CheckInAnswers(..)")
    }
}

impl CheckInAnswers {
    /// Parses a submission. `who5_due` says whether this week's form asked the WHO-5 items:
    /// when it did they are required; when it did not, answers given anyway are still kept.
    pub fn parse(raw: RawCheckIn, who5_due: bool) -> Result<Self, FieldErrors> {
        let mut errors = Vec::new();
        let stress = required(raw.stress, FieldName::Stress, Stress::parse, &mut errors);
        let work_ability = required(
            raw.work_ability,
            FieldName::WorkAbility,
            WorkAbility::parse,
            &mut errors,
        );
        let who5 = match raw.who5 {
            Some(items) if who5_due || items.iter().any(Option::is_some) => {
                match Who5Answers::parse(items) {
                    Ok(w) => Some(w),
                    Err(mut e) => {
                        errors.append(&mut e);
                        None
                    }
                }
            }
            None if who5_due => {
                errors.extend((0..5).map(|i| (FieldName::Who5(i), FieldError::Missing)));
                None
            }
            _ => None,
        };
        let note = raw
            .note
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        if note
            .as_ref()
            .is_some_and(|n| n.chars().count() > NOTE_MAX_CHARS)
        {
            errors.push((
                FieldName::Note,
                FieldError::TooLong {
                    max: NOTE_MAX_CHARS,
                },
            ));
        }
        match (stress, work_ability) {
            (Some(stress), Some(work_ability)) if errors.is_empty() => Ok(Self {
                stress,
                work_ability,
                who5,
                wants_to_talk: raw.wants_to_talk,
                note,
            }),
            _ => Err(FieldErrors(errors)),
        }
    }
}

fn required<T>(
    value: RawAnswer,
    field: FieldName,
    parse: fn(i64) -> Result<T, FieldError>,
    errors: &mut Vec<(FieldName, FieldError)>,
) -> Option<T> {
    match value.map(|v| v.map_err(|_| FieldError::NotANumber).and_then(parse)) {
        None => {
            errors.push((field, FieldError::Missing));
            None
        }
        Some(Err(e)) => {
            errors.push((field, e));
            None
        }
        Some(Ok(v)) => Some(v),
    }
}

/// WHO-5 is asked every second week: when the person gave no WHO-5 answers the week before.
/// Someone who skips weeks is asked at their next check-in rather than on a fixed calendar.
pub fn who5_due(this_week: crate::IsoWeek, last_who5_week_before: Option<crate::IsoWeek>) -> bool {
    match last_who5_week_before {
        Some(last) => this_week.weeks_since(last) >= 2,
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> RawCheckIn {
        RawCheckIn {
            stress: Some(Ok(3)),
            work_ability: Some(Ok(7)),
            who5: Some([3, 3, 2, 4, 1].map(|v| Some(Ok(v)))),
            wants_to_talk: false,
            note: None,
        }
    }

    #[test]
    fn who5_score_is_raw_sum_times_four() {
        let a = CheckInAnswers::parse(full(), true).unwrap();
        assert_eq!(a.who5.unwrap().score().value(), 52);
        let top = Who5Answers::parse([Some(Ok(5)); 5]).unwrap();
        assert_eq!(top.score().value(), 100);
        assert_eq!(
            Who5Answers::parse([Some(Ok(0)); 5])
                .unwrap()
                .score()
                .value(),
            0
        );
    }

    #[test]
    fn every_missing_or_out_of_range_answer_is_named() {
        let raw = RawCheckIn {
            stress: Some(Ok(6)),
            work_ability: None,
            who5: Some([
                Some(Ok(3)),
                None,
                Some(Ok(-1)),
                Some(Err(NotANumber)),
                Some(Ok(1)),
            ]),
            ..RawCheckIn::default()
        };
        let errors = CheckInAnswers::parse(raw, true).unwrap_err();
        assert_eq!(errors.get(FieldName::Who5(3)), Some(FieldError::NotANumber));
        assert_eq!(
            errors.get(FieldName::Stress),
            Some(FieldError::OutOfRange { min: 1, max: 5 })
        );
        assert_eq!(
            errors.get(FieldName::WorkAbility),
            Some(FieldError::Missing)
        );
        assert_eq!(errors.get(FieldName::Who5(1)), Some(FieldError::Missing));
        assert_eq!(
            errors.get(FieldName::Who5(2)),
            Some(FieldError::OutOfRange { min: 0, max: 5 })
        );
        assert_eq!(errors.0.len(), 5);
    }

    #[test]
    fn who5_is_required_only_in_weeks_it_is_asked() {
        let without = RawCheckIn {
            who5: None,
            ..full()
        };
        assert!(CheckInAnswers::parse(without.clone(), false)
            .unwrap()
            .who5
            .is_none());
        let errors = CheckInAnswers::parse(without, true).unwrap_err();
        assert_eq!(errors.0.len(), 5);
        // An all-empty block in an off week is the form's WHO-5 section left untouched.
        let empty = RawCheckIn {
            who5: Some([None; 5]),
            ..full()
        };
        assert!(CheckInAnswers::parse(empty, false).is_ok());
    }

    #[test]
    fn note_is_trimmed_and_limited() {
        let blank = RawCheckIn {
            note: Some("   ".into()),
            ..full()
        };
        assert_eq!(CheckInAnswers::parse(blank, true).unwrap().note, None);
        let long = RawCheckIn {
            note: Some("å".repeat(NOTE_MAX_CHARS + 1)),
            ..full()
        };
        assert_eq!(
            CheckInAnswers::parse(long, true)
                .unwrap_err()
                .get(FieldName::Note),
            Some(FieldError::TooLong {
                max: NOTE_MAX_CHARS
            })
        );
        let fits = RawCheckIn {
            note: Some("å".repeat(NOTE_MAX_CHARS)),
            ..full()
        };
        assert!(CheckInAnswers::parse(fits, true).is_ok());
    }

    #[test]
    fn debug_output_never_shows_answers() {
        let a = CheckInAnswers::parse(
            RawCheckIn {
                note: Some("private".into()),
                ..full()
            },
            true,
        )
        .unwrap();
        let shown = format!("{a:?} {:?} {:?}", a.who5, a.stress);
        assert!(
            !shown.contains("private") && !shown.contains('3'),
            "{shown}"
        );
    }

    #[test]
    fn field_codes_round_trip() {
        for f in [
            FieldName::Stress,
            FieldName::WorkAbility,
            FieldName::Note,
            FieldName::Who5(0),
            FieldName::Who5(4),
        ] {
            assert_eq!(FieldName::from_code(&f.code()), Some(f));
        }
        assert_eq!(FieldName::from_code("who5.5"), None);
    }

    #[test]
    fn who5_alternates_weeks_and_follows_the_person_after_a_gap() {
        let w = |s: &str| s.parse::<crate::IsoWeek>().unwrap();
        assert!(who5_due(w("2026-W48"), None));
        assert!(!who5_due(w("2026-W48"), Some(w("2026-W47"))));
        assert!(who5_due(w("2026-W48"), Some(w("2026-W46"))));
        assert!(who5_due(w("2027-W01"), Some(w("2026-W52"))));
        assert!(!who5_due(w("2027-W01"), Some(w("2026-W53"))));
    }

    #[test]
    fn form_text_is_read_leniently_but_never_guessed() {
        assert_eq!(answer_from_text(None), None);
        assert_eq!(answer_from_text(Some("  ")), None);
        assert_eq!(answer_from_text(Some(" 4 ")), Some(Ok(4)));
        assert_eq!(answer_from_text(Some("4.5")), Some(Err(NotANumber)));
        assert_eq!(answer_from_text(Some("four")), Some(Err(NotANumber)));
    }

    proptest::proptest! {
        #[test]
        fn any_in_range_answers_parse_and_score_within_bounds(
            stress in 1i64..=5, wa in 0i64..=10, items in proptest::array::uniform5(0i64..=5)
        ) {
            let raw = RawCheckIn { stress: Some(Ok(stress)), work_ability: Some(Ok(wa)), who5: Some(items.map(|v| Some(Ok(v)))), ..RawCheckIn::default() };
            let a = CheckInAnswers::parse(raw, true).unwrap();
            let score = a.who5.unwrap().score().value();
            proptest::prop_assert!(score <= 100 && score.is_multiple_of(4));
        }

        #[test]
        fn no_input_makes_the_parser_panic(stress: Option<i64>, wa: Option<i64>, items: [Option<i64>; 5], due: bool, note: Option<String>) {
            let who5 = Some(items.map(|v| v.map(Ok)));
            let _ = CheckInAnswers::parse(RawCheckIn { stress: stress.map(Ok), work_ability: wa.map(Ok), who5, wants_to_talk: false, note }, due);
        }
    }
}
