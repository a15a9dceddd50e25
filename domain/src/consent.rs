//! What an employee can choose to share, with whom, and the exact words they agreed to.
//!
//! Nothing is shared unless the person grants it, for one purpose and one recipient. Every
//! text a person was ever shown stays here under its version: a grant names the version it
//! was given to, so what someone agreed to can always be shown back to them. A changed text
//! gets a new version; grants of older versions stay valid (they were informed at the time),
//! but a new grant must be of the current text.

use crate::guidance::Language;

/// What may be shared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Tell the recipient when I ask to talk.
    AskToTalk,
    /// Tell the recipient when my wellbeing stays low (see `alerts`).
    LowWellbeing,
    /// Let the recipient see my weekly scores.
    WeeklyScores,
    /// Count my answers in my team's anonymous trend (no recipient sees them one by one).
    TeamTrend,
    /// Let a manager above my own read my sick-leave case and plan (my own manager and the
    /// coordinators do so by their duty).
    RehabCase,
}

/// Who a grant is to. A grant names the person who held the role when it was given, so a
/// new manager starts with nothing until the employee grants again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Recipient {
    /// The manager of the person's own unit.
    Manager,
    /// A rehab coordinator of the employer, chosen by the person.
    Coordinator,
    /// A manager further up than the person's own, chosen by the person.
    ManagerAbove,
    /// The employer's occupational-health service, outside the employer: told by e-mail that
    /// someone asked to be contacted, never through the employer's own people.
    OccupationalHealth,
}

coded!(impl Scope {
    AskToTalk = "ask-to-talk",
    LowWellbeing = "low-wellbeing",
    WeeklyScores = "weekly-scores",
    TeamTrend = "team-trend",
    RehabCase = "rehab-case",
});

impl Scope {
    /// Whom this scope can be granted to. The team trend is anonymous: it is granted to the
    /// manager's view of the team, never read person by person.
    pub fn recipients(self) -> &'static [Recipient] {
        match self {
            Scope::TeamTrend => &[Recipient::Manager],
            Scope::RehabCase => &[Recipient::ManagerAbove],
            // Only the wish to talk goes outside the employer: occupational health is told
            // whom to contact, never anything about how the person is.
            Scope::AskToTalk => &[
                Recipient::Manager,
                Recipient::Coordinator,
                Recipient::OccupationalHealth,
            ],
            Scope::LowWellbeing | Scope::WeeklyScores => {
                &[Recipient::Manager, Recipient::Coordinator]
            }
        }
    }
}

coded!(impl Recipient {
    Manager = "manager",
    Coordinator = "coordinator",
    ManagerAbove = "manager-above",
    OccupationalHealth = "occupational-health",
});

/// One version of the text shown when a scope is granted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsentText {
    pub scope: Scope,
    pub version: u16,
    pub sv: &'static str,
    pub en: &'static str,
}

impl ConsentText {
    pub fn text(&self, lang: Language) -> &'static str {
        match lang {
            Language::Sv => self.sv,
            Language::En => self.en,
        }
    }
}

/// Every version ever shown, oldest first. Append a new version; never edit or remove one.
pub const TEXTS: &[ConsentText] = &[
    ConsentText {
        scope: Scope::AskToTalk,
        version: 1,
        sv: "När jag kryssar i att jag vill prata med någon får mottagaren ett meddelande om att jag vill prata, och när. Mina svar i övrigt visas inte. Jag kan ta tillbaka detta när som helst, och det gäller från nästa gång någon försöker läsa.",
        en: "When I tick that I want to talk to someone, the recipient is told that I want to talk, and when. My other answers are not shown. I can withdraw this at any time, and it applies from the next time anyone tries to read.",
    },
    ConsentText {
        scope: Scope::LowWellbeing,
        version: 1,
        sv: "Om mitt välbefinnande är lågt två mätningar i rad (WHO-5 under 50), mycket lågt en gång (28 eller lägre) eller min stress är hög två veckor i rad får mottagaren ett meddelande om att mitt välbefinnande varit lågt, men inte mina poäng. Jag kan ta tillbaka detta när som helst.",
        en: "If my wellbeing is low two measurements in a row (WHO-5 below 50), very low once (28 or less), or my stress is high two weeks running, the recipient is told that my wellbeing has been low, but not my scores. I can withdraw this at any time.",
    },
    ConsentText {
        scope: Scope::WeeklyScores,
        version: 1,
        sv: "Mottagaren får se mina veckopoäng: välbefinnande (WHO-5), arbetsförmåga och stress, men aldrig mina anteckningar. Varje gång de tittar syns det i min åtkomstlogg. Jag kan ta tillbaka detta när som helst.",
        en: "The recipient may see my weekly scores: wellbeing (WHO-5), work ability and stress, but never my notes. Every time they look, it shows in my access log. I can withdraw this at any time.",
    },
    ConsentText {
        scope: Scope::TeamTrend,
        version: 1,
        sv: "Mina svar räknas in i min arbetsgrupps anonyma veckotrend. Chefen ser bara genomsnitt för grupper med minst fem personer, aldrig enskilda svar. Jag kan ta tillbaka detta när som helst; då räknas mina svar inte med från nästa visning.",
        en: "My answers are counted in my team's anonymous weekly trend. The manager only sees averages for groups of at least five people, never individual answers. I can withdraw this at any time; my answers are left out from the next view on.",
    },
    ConsentText {
        scope: Scope::AskToTalk,
        version: 2,
        sv: "När jag kryssar i att jag vill prata med någon får mottagaren ett meddelande om att jag vill prata, och när. Mina svar i övrigt visas inte. Väljer jag företagshälsovården får de ett e-postmeddelande om att någon vill bli kontaktad, och en länk som i 14 dagar visar mitt namn och min e-postadress, inget annat; min chef får inte veta något. Jag kan ta tillbaka detta när som helst, och det gäller från nästa gång någon försöker läsa.",
        en: "When I tick that I want to talk to someone, the recipient is told that I want to talk, and when. My other answers are not shown. If I choose occupational health, they get an e-mail saying that someone would like to be contacted, and a link that for 14 days shows my name and my e-mail address, nothing else; my manager is told nothing. I can withdraw this at any time, and it applies from the next time anyone tries to read.",
    },
    ConsentText {
        scope: Scope::RehabCase,
        version: 1,
        sv: "Chefen jag väljer, högre upp än min närmaste chef, får läsa mitt rehabiliteringsärende: sjukskrivningens omfattning, rehabiliteringskedjans datum och planen för återgång i arbete. Inga diagnoser finns i ärendet och mina incheckningar ingår inte. Varje gång chefen läser syns det i min åtkomstlogg. Jag kan ta tillbaka detta när som helst, och det gäller från nästa gång chefen försöker läsa.",
        en: "The manager I choose, above my own manager, may read my rehabilitation case: the extent of my sick leave, the dates of the rehabilitation chain and the plan for return to work. The case holds no diagnosis and my check-ins are not part of it. Every time the manager reads it, it shows in my access log. I can withdraw this at any time, and it applies from the next time the manager tries to read.",
    },
];

/// How long the page occupational health opens from its e-mail shows whom to contact: long
/// enough to reach the person across a holiday week, short enough that the link in a mailbox
/// does not name them for ever.
pub const OUTSIDE_LINK_DAYS: i64 = 14;

/// The text a new grant of `scope` must be given to.
pub fn current(scope: Scope) -> &'static ConsentText {
    TEXTS
        .iter()
        .filter(|t| t.scope == scope)
        .max_by_key(|t| t.version)
        .expect("every scope has a text")
}

/// The text of an earlier grant, to show a person what they agreed to.
pub fn version(scope: Scope, version: u16) -> Option<&'static ConsentText> {
    TEXTS
        .iter()
        .find(|t| t.scope == scope && t.version == version)
}

/// Why a grant is not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantProblem {
    /// The scope cannot be granted to this recipient.
    NotForRecipient,
    /// The person was shown another text than the current one (e.g. an open page from before
    /// a change): they must read the current text before agreeing to it.
    TextChanged { current: u16 },
}

/// Checks a grant request: the scope suits the recipient and the text shown is current.
pub fn check_grant(scope: Scope, recipient: Recipient, shown: u16) -> Result<(), GrantProblem> {
    if !scope.recipients().contains(&recipient) {
        return Err(GrantProblem::NotForRecipient);
    }
    let current = current(scope).version;
    if shown != current {
        return Err(GrantProblem::TextChanged { current });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_scope_has_a_current_text_in_both_languages() {
        for scope in Scope::ALL {
            let t = current(scope);
            assert!(!t.sv.is_empty() && !t.en.is_empty(), "{scope:?}");
            assert_ne!(t.sv, t.en, "{scope:?} is translated");
            assert_eq!(Scope::parse(scope.code()), Some(scope));
        }
    }

    #[test]
    fn versions_are_unique_and_appended_in_order() {
        let mut seen = HashSet::new();
        for scope in Scope::ALL {
            let versions: Vec<u16> = TEXTS
                .iter()
                .filter(|t| t.scope == scope)
                .map(|t| t.version)
                .collect();
            assert!(versions.windows(2).all(|w| w[0] < w[1]), "{scope:?}");
            assert_eq!(versions.first(), Some(&1), "{scope:?} starts at 1");
        }
        for t in TEXTS {
            assert!(seen.insert((t.scope, t.version)));
        }
    }

    #[test]
    fn a_grant_must_be_of_the_current_text_and_to_a_fitting_recipient() {
        let v = current(Scope::AskToTalk).version;
        assert_eq!(check_grant(Scope::AskToTalk, Recipient::Manager, v), Ok(()));
        assert_eq!(
            check_grant(Scope::AskToTalk, Recipient::Coordinator, v),
            Ok(())
        );
        assert_eq!(
            check_grant(Scope::AskToTalk, Recipient::Manager, v + 1),
            Err(GrantProblem::TextChanged { current: v })
        );
        assert_eq!(
            check_grant(
                Scope::TeamTrend,
                Recipient::Coordinator,
                current(Scope::TeamTrend).version
            ),
            Err(GrantProblem::NotForRecipient)
        );
        // A case goes only to a manager above by grant; the others see it by their duty.
        let v = current(Scope::RehabCase).version;
        assert_eq!(
            check_grant(Scope::RehabCase, Recipient::ManagerAbove, v),
            Ok(())
        );
        for r in [Recipient::Manager, Recipient::Coordinator] {
            assert_eq!(
                check_grant(Scope::RehabCase, r, v),
                Err(GrantProblem::NotForRecipient)
            );
            assert_eq!(
                check_grant(Scope::WeeklyScores, Recipient::ManagerAbove, 1),
                Err(GrantProblem::NotForRecipient)
            );
        }
    }

    #[test]
    fn only_the_wish_to_talk_goes_to_occupational_health() {
        let v = current(Scope::AskToTalk).version;
        assert_eq!(
            check_grant(Scope::AskToTalk, Recipient::OccupationalHealth, v),
            Ok(())
        );
        // The text the grant is given to must say what occupational health gets.
        assert!(current(Scope::AskToTalk).sv.contains("företagshälsovården"));
        assert!(current(Scope::AskToTalk).en.contains("occupational health"));
        for scope in [
            Scope::LowWellbeing,
            Scope::WeeklyScores,
            Scope::TeamTrend,
            Scope::RehabCase,
        ] {
            assert_eq!(
                check_grant(scope, Recipient::OccupationalHealth, current(scope).version),
                Err(GrantProblem::NotForRecipient),
                "{scope:?}"
            );
        }
        // A grant of the first text stays valid, and what it said stays readable.
        assert!(!version(Scope::AskToTalk, 1)
            .unwrap()
            .en
            .contains("occupational"));
    }

    #[test]
    fn old_versions_stay_readable() {
        for t in TEXTS {
            assert_eq!(version(t.scope, t.version), Some(t));
        }
        assert_eq!(version(Scope::AskToTalk, 0), None);
    }
}
