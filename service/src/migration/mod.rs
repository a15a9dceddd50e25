//! Schema migrations, one set for SQLite and PostgreSQL, applied at start-up. Never edit a
//! migration after it has shipped: add a new one.

use sea_orm_migration::prelude::*;

mod m20261123_000001_create_core;
mod m20261124_000001_create_identity;
mod m20261125_000001_sign_in;
mod m20261126_000001_guidance;
mod m20261127_000001_push;
mod m20261128_000001_consent;
mod m20261129_000001_trend_sums;
mod m20261130_000001_rehab;
mod m20261202_000001_access_log_by_actor;
mod m20261206_000001_publish_trend;
mod m20261206_000002_unique_api_audience;
mod m20261206_000003_employer_changes;
mod m20261206_000004_access_log_chain;
mod m20261206_000005_guidance_per_employer;
mod m20261206_000006_plan_known_late;
mod m20261206_000007_milestone_records;
mod m20261206_000008_day_three_call;
mod m20261206_000009_adjustment_cases;
mod m20261207_000010_outbox_mail;
mod m20261207_000011_employment;
mod m20261207_000012_payroll_absence;
mod m20261208_000013_case_day;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_core::Migration),
            Box::new(m20261124_000001_create_identity::Migration),
            Box::new(m20261125_000001_sign_in::Migration),
            Box::new(m20261126_000001_guidance::Migration),
            Box::new(m20261127_000001_push::Migration),
            Box::new(m20261128_000001_consent::Migration),
            Box::new(m20261129_000001_trend_sums::Migration),
            Box::new(m20261130_000001_rehab::Migration),
            Box::new(m20261202_000001_access_log_by_actor::Migration),
            Box::new(m20261206_000001_publish_trend::Migration),
            Box::new(m20261206_000002_unique_api_audience::Migration),
            Box::new(m20261206_000003_employer_changes::Migration),
            Box::new(m20261206_000004_access_log_chain::Migration),
            Box::new(m20261206_000005_guidance_per_employer::Migration),
            Box::new(m20261206_000006_plan_known_late::Migration),
            Box::new(m20261206_000007_milestone_records::Migration),
            Box::new(m20261206_000008_day_three_call::Migration),
            Box::new(m20261206_000009_adjustment_cases::Migration),
            Box::new(m20261207_000010_outbox_mail::Migration),
            Box::new(m20261207_000011_employment::Migration),
            Box::new(m20261207_000012_payroll_absence::Migration),
            Box::new(m20261208_000013_case_day::Migration),
        ]
    }
}
