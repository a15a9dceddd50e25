//! `orka import-org`: reads the whole file first, reports every bad row by line number, and
//! only then changes the database, in one transaction.

use crate::config::{check_database_url, ConfigError, ImportOrgArgs};
use crate::startup::{open_database, StartError};
use service::org_import::{self, ImportError};
use service::{Clock, SystemClock};

#[derive(Debug, thiserror::Error)]
pub enum ImportCliError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} has {count} bad row(s); nothing was imported:\n{lines}")]
    BadRows {
        path: String,
        count: usize,
        lines: String,
    },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Start(#[from] StartError),
    #[error(transparent)]
    Import(#[from] ImportError),
}

pub async fn run(args: ImportOrgArgs) -> Result<(), ImportCliError> {
    check_database_url(&args.database.database_url)?;
    let path = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file).map_err(|source| ImportCliError::Read {
        path: path.clone(),
        source,
    })?;
    let rows = org_import::parse(&text).map_err(|errors| ImportCliError::BadRows {
        path: path.clone(),
        count: errors.len(),
        lines: errors
            .iter()
            .map(|e| format!("  {e}"))
            .collect::<Vec<_>>()
            .join("\n"),
    })?;
    let db = open_database(&args.database.database_url).await?;
    let people = rows.len();
    let r = org_import::apply(&db, &args.employer, rows, SystemClock.now()).await?;
    println!(
        "{people} people in {path}: {} added, {} updated, {} deactivated; {} units added; {} manager and {} role assignments changed; {} employments opened or closed",
        r.people_added, r.people_updated, r.people_deactivated, r.units_added, r.leads_changed, r.roles_changed, r.employments_changed
    );
    Ok(())
}
