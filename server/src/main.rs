//! The `orka` binary.

use clap::Parser;
use server::config::{check_database_url, Cli, Command, Settings};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    server::telemetry::init();
    let result = match cli.command {
        Some(Command::Migrate(db)) => match check_database_url(&db.database_url) {
            Ok(()) => server::startup::migrate_only(&db.database_url).await,
            Err(e) => Err(e.into()),
        },
        Some(Command::Employer(cmd)) => {
            return exit(server::employer_cli::run(cmd).await);
        }
        Some(Command::Vapid(cmd)) => {
            return exit(server::vapid_cli::run(cmd).await);
        }
        Some(Command::Audit(cmd)) => return server::audit_cli::run(cmd).await,
        Some(Command::LoadGuidance(args)) => return server::guidance_cli::run(args).await,
        Some(Command::ImportOrg(args)) => {
            return exit(server::import_cli::run(args).await);
        }
        Some(Command::ImportAbsence(args)) => {
            return exit(server::import_cli::run_absence(args).await);
        }
        Some(Command::Serve(args)) => serve(args).await,
        None => serve(cli.serve).await,
    };
    exit(result)
}

fn exit<E: std::fmt::Display>(result: Result<(), E>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("orka: {e}");
            ExitCode::from(2)
        }
    }
}

async fn serve(args: server::config::ServeArgs) -> Result<(), server::startup::StartError> {
    let settings = Settings::from_args(args)?;
    let app =
        server::startup::Application::build(settings, std::sync::Arc::new(service::SystemClock))
            .await?;
    app.run_until(server::startup::shutdown_signal()).await
}
