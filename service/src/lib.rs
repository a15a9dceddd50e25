//! Orka's use cases over the database. Everything that reads or writes persistent state lives
//! here, behind functions that return domain values; the edges (server functions, REST handlers)
//! only parse input, call one of these and map the answer.

pub mod absence_import;
pub mod access_log;
pub mod alerts;
pub mod check_in_result;
pub mod checkins;
pub mod clock;
pub mod consents;
pub mod db;
pub mod demo;
pub mod employer_changes;
pub mod employers;
mod entity;
mod grants;
pub mod guidance;
pub mod mail;
pub mod migration;
pub mod my_data;
mod org;
pub mod org_import;
pub mod outbox;
pub mod own_case;
pub mod people;
pub mod policy;
pub mod profiles;
pub mod push;
pub mod rehab;
pub mod sessions;
pub mod sick_leave;
pub mod sign_in;
pub mod talk;
pub mod trend;

pub use clock::{Clock, SystemClock};
pub use db::Db;
pub use people::Person;
pub use sea_orm::DbErr;

/// A failure nobody but an operator can act on. Its text is for logs, never for users.
#[derive(Debug, thiserror::Error)]
#[error("database: {0}")]
pub struct StoreError(#[from] pub sea_orm::DbErr);
