//! Typed identifiers: uuids in URLs and JSON, never integer keys, and never one kind of id for another.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        // `Default` is the nil id, which names nothing in the store: what an empty view
        // model (a page rendered without its data) carries.
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            pub fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        /// An id from a URL or a form; anything else is not one.
        impl std::str::FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

typed_id!(PersonId);
typed_id!(EmployerId);
typed_id!(UnitId);
typed_id!(
    /// A rehab case: a sick-leave case or an adjustment case.
    CaseId
);
typed_id!(
    /// One grant of a consent scope to a recipient.
    ConsentId
);
typed_id!(
    /// An alert raised to a recipient under a grant.
    AlertId
);
typed_id!(
    /// A read-only link to a plan given to someone outside the employer.
    LinkId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_back_from_its_text_and_nothing_else_is_one() {
        let id = CaseId::from_uuid(Uuid::from_u128(0x5eed));
        assert_eq!(id.to_string().parse::<CaseId>().unwrap(), id);
        assert!("../admin".parse::<CaseId>().is_err());
    }
}
