//! `orka import-org` and `orka import-absence`: each reads the whole file first, reports every
//! bad row by line number, and only then changes the database, in one transaction.

use crate::config::{check_database_url, ConfigError, ImportOrgArgs};
use crate::startup::{open_database, StartError};
use app::i18n::Lang;
use service::absence_import::{self, AbsenceImportError, SpellProblem};
use service::org_import::{self, ImportError, LineError};
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
    #[error("no employer has the slug '{0}'")]
    NoEmployer(String),
}

/// An absence file's problems, by line, in English: the operator's report.
fn spell_problems(path: &str, problems: &[SpellProblem]) -> ImportCliError {
    let lines: Vec<LineError> = problems
        .iter()
        .map(|p| {
            let f = crate::failure::import_line(Lang::En, p);
            LineError {
                line: p.line,
                message: format!("{}: {}", p.column, f.message),
            }
        })
        .collect();
    ImportCliError::bad_rows(path, &lines)
}

impl ImportCliError {
    fn bad_rows(path: &str, errors: &[LineError]) -> Self {
        ImportCliError::BadRows {
            path: path.to_owned(),
            count: errors.len(),
            lines: errors
                .iter()
                .map(|e| format!("  {e}"))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

fn read(path: &std::path::Path) -> Result<String, ImportCliError> {
    std::fs::read_to_string(path).map_err(|source| ImportCliError::Read {
        path: path.display().to_string(),
        source,
    })
}

pub async fn run(args: ImportOrgArgs) -> Result<(), ImportCliError> {
    check_database_url(&args.database.database_url)?;
    let path = args.file.display().to_string();
    let text = read(&args.file)?;
    let rows = org_import::parse(&text).map_err(|e| ImportCliError::bad_rows(&path, &e))?;
    let db = open_database(&args.database.database_url).await?;
    let people = rows.len();
    let r = org_import::apply(&db, &args.employer, rows, SystemClock.now()).await?;
    println!(
        "{people} people in {path}: {} added, {} updated, {} deactivated; {} units added; {} manager and {} role assignments changed; {} employments opened or closed",
        r.people_added, r.people_updated, r.people_deactivated, r.units_added, r.leads_changed, r.roles_changed, r.employments_changed
    );
    Ok(())
}

pub async fn run_absence(args: ImportOrgArgs) -> Result<(), ImportCliError> {
    check_database_url(&args.database.database_url)?;
    let path = args.file.display().to_string();
    let text = read(&args.file)?;
    let now = SystemClock.now();
    let today = domain::time::stockholm_date(now);
    let rows = absence_import::parse(&text, today).map_err(|e| spell_problems(&path, &e))?;
    let db = open_database(&args.database.database_url).await?;
    let spells = rows.len();
    let r = absence_import::apply(&db, &args.employer, rows, now)
        .await
        .map_err(|e| match e {
            AbsenceImportError::BadRows(problems) => spell_problems(&path, &problems),
            AbsenceImportError::NoEmployer(slug) => ImportCliError::NoEmployer(slug),
            AbsenceImportError::Store(e) => ImportCliError::Import(ImportError::Store(e)),
        })?;
    println!(
        "{spells} spells in {path}: {} added, {} updated, {} removed, {} unchanged",
        r.added, r.updated, r.removed, r.unchanged
    );
    Ok(())
}
