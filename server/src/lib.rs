//! The Orka server: configuration, wiring and the HTTP edges (pages, server functions, the JSON
//! API, sign-in, operations). Rules live in `domain`, data access in `service`.

pub mod api;
pub mod assets;
pub mod audit_cli;
pub mod auth;
pub mod config;
pub mod context;
pub mod employer_cli;
pub(crate) mod failure;
#[cfg(fuzzing)]
pub mod fuzzing;
pub mod guidance_cli;
pub mod import_cli;
pub mod limits;
pub mod middleware;
pub mod oidc;
pub mod pages;
#[cfg(test)]
mod parity;
pub mod push;
pub mod redirect;
#[cfg(test)]
mod rooms;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod vapid_cli;
