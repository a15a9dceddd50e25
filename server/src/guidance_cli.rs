//! `orka load-guidance`: the operator publishes the shared guidance library. The same load as
//! at start-up; each employer's own versions stay as they are.

use crate::config::{check_database_url, LoadGuidanceArgs};
use crate::startup::open_database;
use service::{Clock, SystemClock};
use std::process::ExitCode;

/// Exit 0 when every file loaded, 1 when some could not be (the others are loaded, and a
/// broken file's earlier version stays), 2 when nothing could be done.
pub async fn run(args: LoadGuidanceArgs) -> ExitCode {
    if let Err(e) = check_database_url(&args.database.database_url) {
        eprintln!("orka: {e}");
        return ExitCode::from(2);
    }
    let report = match open_database(&args.database.database_url).await {
        Ok(db) => service::guidance::load_dir(&db, &args.content_dir, SystemClock.now())
            .await
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match report {
        Ok(r) => {
            println!(
                "guidance library: {} added, {} updated, {} unchanged, {} retired",
                r.added, r.updated, r.unchanged, r.retired
            );
            for problem in &r.errors {
                eprintln!("orka: not loaded: {problem}");
            }
            if r.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("orka: {e}");
            ExitCode::from(2)
        }
    }
}
