//! The rehabilitation pages as plain forms, by who uses them: the `/rehab` overview, the
//! employee's part, a case as its coordinator or manager runs it, adjustment cases, and the
//! printed plan. Decisions and rules stay in `service` and `domain`; these only turn them into
//! views. `shared` is the bottom every other file builds on; none of them imports this one.

mod adjustment;
mod case;
mod employee;
mod overview;
pub(crate) mod plan_form;
pub(crate) mod print;
mod shared;

pub use adjustment::{open as open_adjustment, request as request_adjustment};
pub use case::{act, case_page};
pub use employee::{give_link, revoke_link, task};
pub use overview::{open, page};
pub use print::{print_page, print_pdf, shared_page, shared_pdf};
