//! Building and running the server: database, migrations, demo data, router, graceful shutdown.

use crate::assets::AssetManifest;
use crate::config::{ConfigError, Settings};
use crate::state::AppState;
use app::server::ServerContext;
use secrecy::{ExposeSecret, SecretString};
use service::{Clock, Db};
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot open the database (--database-url / ORKA_DATABASE_URL): {0}")]
    Database(service::DbErr),
    #[error("cannot migrate the database: {0}")]
    Migration(service::DbErr),
    #[error("cannot seed demo data: {0}")]
    Demo(service::StoreError),
    #[error("cannot read or make the Web Push key: {0}")]
    PushKey(service::StoreError),
    #[error("mail settings: {0}")]
    Mail(service::mail::MailSetupError),
    #[error("cannot listen on {addr} (--addr / ORKA_ADDR): {source}")]
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("leptos configuration: {0}")]
    Leptos(String),
    #[error("server stopped: {0}")]
    Serve(std::io::Error),
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    push: Arc<crate::push::Push>,
    limits: Arc<crate::limits::Limits>,
}

pub async fn open_database(url: &SecretString) -> Result<Db, StartError> {
    let db = Db::connect(url.expose_secret())
        .await
        .map_err(StartError::Database)?;
    db.migrate().await.map_err(StartError::Migration)?;
    Ok(db)
}

pub async fn migrate_only(url: &SecretString) -> Result<(), StartError> {
    open_database(url).await?;
    tracing::info!("migrations applied");
    Ok(())
}

impl Application {
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> Result<Self, StartError> {
        let db = open_database(&settings.database_url).await?;
        Self::build_with_db(settings, clock, db).await
    }

    /// Tests hand in a database of their own (a fresh SQLite file or PostgreSQL schema).
    pub async fn build_with_db(
        mut settings: Settings,
        clock: Arc<dyn Clock>,
        db: Db,
    ) -> Result<Self, StartError> {
        if settings.demo {
            tracing::warn!("DEMO MODE: anyone can sign in as a demo persona without a password; never use with real people");
            service::demo::seed(&db, clock.now())
                .await
                .map_err(StartError::Demo)?;
        }
        // Every instance loads the library it was deployed with; a problem in one file is
        // logged with its line and never keeps Orka from starting.
        match service::guidance::load_dir(&db, &settings.content_dir, clock.now()).await {
            Ok(report) if !report.errors.is_empty() => {
                tracing::warn!(
                    problems = report.errors.len(),
                    "some guidance articles were not loaded"
                )
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "guidance library not loaded"),
        }
        // Leptos spawns rendering tasks through its executor; it runs on our tokio runtime.
        let _ = any_spawner::Executor::init_tokio();
        let listener =
            TcpListener::bind(settings.addr)
                .await
                .map_err(|source| StartError::Listen {
                    addr: settings.addr,
                    source,
                })?;
        let mut leptos_options = leptos::config::get_configuration(None)
            .map_err(|e| StartError::Leptos(e.to_string()))?
            .leptos_options;
        if leptos_options.output_name.is_empty() {
            leptos_options.output_name = "orka".into();
        }
        leptos_options.hash_files = AssetManifest::hash_file_present(&leptos_options);
        if let Ok(addr) = listener.local_addr() {
            leptos_options.site_addr = addr;
            // `--addr 127.0.0.1:0` asks for any free port: the public URL derived from it gets the real one.
            if settings.public_url.port() == Some(0) {
                let _ = settings.public_url.set_port(Some(addr.port()));
            }
        }
        let assets = Arc::new(AssetManifest::load(&leptos_options));
        // Made on first start, so `orka vapid show` and browsers see the same key at once.
        service::push::current_key(&db, clock.now())
            .await
            .map_err(StartError::PushKey)?;
        let mailer = settings
            .mail
            .mailer(settings.public_url.as_str())
            .map_err(StartError::Mail)?;
        if mailer.is_none() {
            tracing::warn!("no mail transport (--smtp-url): mail waits in the outbox until an instance has one");
        }
        let push = Arc::new(crate::push::Push::new(
            &settings.push,
            mailer,
            db.clone(),
            clock.clone(),
        ));
        let limits = Arc::new(crate::limits::Limits::new(&settings.limits));
        let state = AppState {
            limits: limits.clone(),
            push: push.clone(),
            leptos_options,
            oidc: Arc::new(crate::oidc::Oidc::new(clock.clone())),
            ctx: ServerContext { db, clock },
            settings: Arc::new(settings),
            assets,
        };
        let router = crate::pages::router(state);
        Ok(Self {
            listener,
            router,
            push,
            limits,
        })
    }

    /// The push worker, for tests that run its rounds themselves.
    pub fn push(&self) -> Arc<crate::push::Push> {
        self.push.clone()
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartError> {
        tracing::info!(addr = %self.listener.local_addr().map(|a| a.to_string()).unwrap_or_default(), "orka listening");
        let worker = self.push.start();
        let housekeeping = self.limits.start();
        // The connection's address is what request limits key on (see `limits`).
        let served = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(StartError::Serve);
        // Pushes in flight are abandoned; their leases expire and another round sends them.
        if let Some(w) = worker {
            w.abort();
        }
        housekeeping.abort();
        served
    }
}

/// Resolves on SIGINT or SIGTERM: in-flight requests finish, new ones are refused.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
