//! Orka's domain: the rules of the service as pure functions over parsed values.
//!
//! Nothing here does IO, so the same parsers give instant field messages in the browser (wasm)
//! and the final word on the server.

/// `ALL` (in the order given), `code()` and `parse()` for an enum with stable codes, written
/// once. `coded!(Name { … })` declares the enum too, with serde using the same kebab-case
/// codes; `coded!(impl Name { … })` is for an enum declared by hand, with its own derives and
/// docs.
macro_rules! coded {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vm])* $variant),+ }

        coded!(impl $name { $($variant = $code),+ });
    };
    (impl $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(code: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|v| v.code() == code)
            }
        }
    };
}

pub mod access;
pub mod adjustment;
pub mod alerts;
pub mod calendar;
pub mod checkin;
pub mod consent;
pub mod guidance;
pub mod human;
pub mod ids;
pub mod interpret;
pub mod org;
pub mod outcomes;
pub mod plan;
pub mod problem;
pub mod rehab;
pub mod reminders;
pub mod sick_leave;
pub mod time;
pub mod trend;

pub use checkin::{
    answer_from_text, CheckInAnswers, FieldError, FieldErrors, FieldName, RawAnswer, RawCheckIn,
    Stress, Who5Answers, Who5Score, WorkAbility,
};
pub use ids::{AlertId, CaseId, ConsentId, EmployerId, LinkId, PersonId, UnitId};
pub use interpret::{interpret, PastCheckIn, Signal};
pub use org::{Role, RoleMap, Slug, UnitPath};
pub use time::IsoWeek;
