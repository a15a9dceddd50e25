//! Table mappings. Crate-private: the rest of the service speaks in domain types.

pub mod access_log;
pub mod alert;
pub mod check_in;
pub mod consent;
pub mod employer;
pub mod employer_contact;
pub mod guidance_article;
pub mod guidance_feedback;
pub mod identity_provider;
pub mod person;
pub mod person_role;
pub mod push_job;
pub mod push_subscription;
pub mod reminder_preference;
pub mod session;
pub mod sign_in_attempt;
pub mod trend_member;
pub mod trend_sum;
pub mod unit;
pub mod unit_manager;
pub mod vapid_key;
