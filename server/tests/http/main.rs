//! HTTP integration tests: the real server on a random port with a fresh database, spoken to
//! over HTTP. Each scenario runs on SQLite, and on PostgreSQL when `ORKA_TEST_POSTGRES_URL` is set.

mod absence_import;
mod access;
mod adjustment;
mod admin;
mod api_tokens;
mod checkins_api;
mod context;
mod guidance;
mod helpers;
mod limits;
mod mail;
mod mix_up;
mod oidc;
mod org_import;
mod pages;
mod provider;
mod push;
mod push_receiver;
mod rehab;
mod rehab_pages;
mod sharing;
mod sick_leave;
mod sign_in;
mod words;

#[test]
fn the_postgresql_suite_runs_in_ci() {
    // CI must not pass quietly with the PostgreSQL half of the suite skipped.
    if std::env::var_os("CI").is_some() {
        assert!(
            helpers::postgres_url().is_some(),
            "CI must set ORKA_TEST_POSTGRES_URL so every test also runs on PostgreSQL"
        );
    }
}
