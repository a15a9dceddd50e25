//! The connection pool for SQLite (embedded default) or PostgreSQL, chosen by URL.

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

#[derive(Clone)]
pub struct Db {
    conn: DatabaseConnection,
    /// SQLite has one writer at a time and pays for every commit. Writes go to one task that
    /// commits whatever has queued up in a single transaction (group commit), instead of
    /// spinning in SQLite's busy handler one commit each. `None` on PostgreSQL.
    writer: Option<mpsc::Sender<Job>>,
    /// What this process has derived from the database and may reuse while it is current.
    pub(crate) derived: std::sync::Arc<Derived>,
}

#[derive(Default)]
pub(crate) struct Derived {
    pub(crate) guidance_vocabulary: std::sync::RwLock<Option<crate::guidance::Vocabulary>>,
    /// The local day this process last planned every open case's rehab reminders for.
    pub(crate) rehab_reminders_planned: std::sync::Mutex<Option<chrono::NaiveDate>>,
}

/// The most writes committed together; bounds how long one failed batch takes to redo.
const MAX_BATCH: usize = 128;

type Output = Box<dyn Any + Send>;
type WriteFn = Box<
    dyn for<'t> Fn(&'t DatabaseTransaction) -> BoxFuture<'t, Result<Output, DbErr>> + Send + Sync,
>;

struct Job {
    run: WriteFn,
    reply: oneshot::Sender<Result<Output, DbErr>>,
}

impl Db {
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        Self::connect_in_schema(url, None).await
    }

    /// Like [`Db::connect`], with PostgreSQL's `search_path` set to `schema` (tests use a fresh one each).
    pub async fn connect_in_schema(url: &str, schema: Option<&str>) -> Result<Self, DbErr> {
        let sqlite = url.starts_with("sqlite:");
        if sqlite {
            ensure_parent_dir(url)?;
        }
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10));
        if let Some(schema) = schema {
            opts.set_schema_search_path(schema.to_owned());
        }
        if sqlite {
            opts.max_connections(8)
                .min_connections(1)
                .map_sqlx_sqlite_opts(|o| {
                    o.journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .busy_timeout(Duration::from_secs(5))
                        .foreign_keys(true)
                });
        } else {
            opts.max_connections(16);
        }
        let conn = Database::connect(opts).await?;
        let writer = sqlite.then(|| {
            let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
            tokio::spawn(run_writer(conn.clone(), rx));
            tx
        });
        Ok(Self {
            conn,
            writer,
            derived: Default::default(),
        })
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// Runs `f` in a transaction and returns its answer once that is committed. On SQLite the
    /// transaction may be shared with other queued writes; if any of them fails, each is redone
    /// alone, so `f` must be safe to run again (build what it writes inside it).
    pub async fn write<T, F>(&self, f: F) -> Result<T, DbErr>
    where
        T: Send + 'static,
        F: for<'t> Fn(&'t DatabaseTransaction) -> BoxFuture<'t, Result<T, DbErr>>
            + Send
            + Sync
            + 'static,
    {
        let Some(writer) = &self.writer else {
            let txn = self.conn.begin().await?;
            let answer = f(&txn).await?;
            txn.commit().await?;
            return Ok(answer);
        };
        let run: WriteFn = Box::new(move |txn| {
            let fut = f(txn);
            Box::pin(async move { fut.await.map(|t| Box::new(t) as Output) })
        });
        let (reply, answer) = oneshot::channel();
        let gone = || DbErr::Custom("the database writer has stopped".into());
        writer.send(Job { run, reply }).await.map_err(|_| gone())?;
        let answer = answer.await.map_err(|_| gone())??;
        Ok(*answer
            .downcast::<T>()
            .expect("a write answers with the type it was asked for"))
    }

    pub async fn migrate(&self) -> Result<(), DbErr> {
        // When nothing is pending, that is found without a write, so the server can run under
        // a role that may not change the schema (and so cannot switch off the access log's
        // guards) once `orka migrate` has run under the role that owns it.
        let pending =
            crate::migration::Migrator::get_pending_migrations_read_only(&self.conn).await;
        if !matches!(pending, Ok(ref p) if p.is_empty()) {
            crate::migration::Migrator::up(&self.conn, None).await?;
        }
        crate::trend::build_once(self).await
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }
}

async fn run_writer(conn: DatabaseConnection, mut queue: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        match together(&conn, &batch).await {
            Ok(answers) => {
                for (job, answer) in batch.drain(..).zip(answers) {
                    let _ = job.reply.send(Ok(answer));
                }
            }
            // One write's failure must not fail its neighbours: redo each in its own transaction.
            Err(e) if batch.len() == 1 => {
                let job = batch.pop().expect("one job");
                let _ = job.reply.send(Err(e));
            }
            Err(_) => {
                for job in batch.drain(..) {
                    let answer = together(&conn, std::slice::from_ref(&job)).await;
                    let _ = job.reply.send(answer.map(|mut a| a.remove(0)));
                }
            }
        }
    }
}

async fn together(conn: &DatabaseConnection, jobs: &[Job]) -> Result<Vec<Output>, DbErr> {
    let txn = conn.begin().await?;
    let mut answers = Vec::with_capacity(jobs.len());
    for job in jobs {
        match Guarded((job.run)(&txn)).await {
            Ok(answer) => answers.push(answer),
            Err(e) => {
                txn.rollback().await?;
                return Err(e);
            }
        }
    }
    txn.commit().await?;
    Ok(answers)
}

/// A write that panics fails like a write that errs, instead of ending the writer task and
/// with it every later write.
struct Guarded<'a, T>(BoxFuture<'a, Result<T, DbErr>>);

impl<T> Future for Guarded<'_, T> {
    type Output = Result<T, DbErr>;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let fut = &mut self.0;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| fut.as_mut().poll(cx)))
            .unwrap_or_else(|_| {
                std::task::Poll::Ready(Err(DbErr::Custom("a database write panicked".into())))
            })
    }
}

fn ensure_parent_dir(url: &str) -> Result<(), DbErr> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(":memory:") {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display()))),
        _ => Ok(()),
    }
}
