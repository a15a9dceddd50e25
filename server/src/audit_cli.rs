//! `orka audit verify`: the access log's hash chain, checked end to end by the operator.

use crate::config::{check_database_url, AuditCommand};
use crate::startup::open_database;
use std::process::ExitCode;

/// Exit 0 with the head's hash when the chain holds, 1 when it is broken, 2 when it could not
/// be read.
pub async fn run(cmd: AuditCommand) -> ExitCode {
    let AuditCommand::Verify(args) = cmd;
    if let Err(e) = check_database_url(&args.database_url) {
        eprintln!("orka: {e}");
        return ExitCode::from(2);
    }
    let verified = match open_database(&args.database_url).await {
        Ok(db) => service::access_log::verify(&db)
            .await
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match verified {
        Ok(Ok(intact)) => {
            println!(
                "the access log is intact: {} rows in the chain, {} from before it; head {}",
                intact.rows, intact.legacy_rows, intact.head
            );
            ExitCode::SUCCESS
        }
        Ok(Err(broken)) => {
            eprintln!("orka: the access log is broken: {broken}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("orka: {e}");
            ExitCode::from(2)
        }
    }
}
