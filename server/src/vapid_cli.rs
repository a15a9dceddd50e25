//! `orka vapid show|rotate`: the Web Push key operators hand to nobody but browsers.

use crate::config::{check_database_url, ConfigError, VapidCommand};
use crate::startup::{open_database, StartError};
use service::{Clock, SystemClock};

#[derive(Debug, thiserror::Error)]
pub enum VapidCliError {
    #[error(transparent)]
    Start(#[from] StartError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] service::StoreError),
    #[error("rotating the VAPID key removes every device's push subscription ({0} now); each device subscribes again when its app next opens. Run again with --yes to rotate")]
    NotConfirmed(u64),
}

pub async fn run(cmd: VapidCommand) -> Result<(), VapidCliError> {
    let now = SystemClock.now();
    match cmd {
        VapidCommand::Show(args) => {
            check_database_url(&args.database_url)?;
            let db = open_database(&args.database_url).await?;
            println!("{}", service::push::current_key(&db, now).await?.public_key);
        }
        VapidCommand::Rotate(args) => {
            check_database_url(&args.database.database_url)?;
            let db = open_database(&args.database.database_url).await?;
            if !args.yes {
                return Err(VapidCliError::NotConfirmed(
                    service::push::count_subscriptions(&db).await?,
                ));
            }
            let rotation = service::push::rotate_key(&db, now).await?;
            eprintln!(
                "VAPID key rotated; {} push subscriptions removed: those devices get no reminders until the app is opened again",
                rotation.removed_subscriptions
            );
            println!("{}", rotation.key.public_key);
        }
    }
    Ok(())
}
