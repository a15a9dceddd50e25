//! Table mappings. Crate-private: the rest of the service speaks in domain types.

pub mod check_in;
pub mod employer;
pub mod person;
pub mod session;
pub mod unit;
