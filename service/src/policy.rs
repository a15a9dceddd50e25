//! Who may read whose data. Functions that read a person's data take a proof from here; the only
//! way to get a proof is to ask this module, so a forgotten check is a compile error.
//!
//! For now a person reaches only their own data; managers' and coordinators' proofs (with
//! consent and the access log) arrive with those capabilities.

use crate::people::Person;
use domain::PersonId;

/// Proof that the actor is reading or changing their own data.
#[derive(Clone, Copy, Debug)]
pub struct OwnData(PersonId);

impl OwnData {
    pub fn person(&self) -> PersonId {
        self.0
    }
}

/// Everyone may act on their own data.
pub fn own_data(actor: &Person) -> OwnData {
    OwnData(actor.id)
}
