//! A fan-out of one push to each of 50,000 devices through the real worker (outbox claims,
//! encryption, VAPID, our HTTP client, recording every answer) to a push service on loopback
//! that takes 20 ms to answer each message. Goal: ≤ 15 s wall time, ≤ 200 MB memory.
//! SQLite, and PostgreSQL too when `ORKA_TEST_POSTGRES_URL` is set.
//!
//!     cargo bench -p service --bench push_fanout

use domain::guidance::Language;
use sea_orm::{ConnectionTrait, Database};
use service::clock::ManualClock;
use service::people::DemoPersona;
use service::push::{self, EndpointPolicy, NewSubscription, Sender, Worker};
use service::Db;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const DEVICES: usize = 50_000;
const LATENCY: Duration = Duration::from_millis(20);
/// Pushes in flight to one push service (the default of `--push-concurrency`).
const CONCURRENCY: usize = 128;
/// As the server sets it: twice the concurrency, so the next sends are claimed while these fly.
const BATCH: u64 = 2 * CONCURRENCY as u64;

#[tokio::main]
async fn main() {
    let received = Arc::new(AtomicUsize::new(0));
    let origin = receiver(received.clone()).await;
    let mut backends = vec![("SQLite", None)];
    if let Ok(url) = std::env::var("ORKA_TEST_POSTGRES_URL") {
        if !url.is_empty() {
            backends.push(("PostgreSQL", Some(url)));
        }
    }
    for (name, pg) in backends {
        let db = match &pg {
            None => {
                let dir = std::env::temp_dir()
                    .join(format!("orka-bench-fanout-{}", uuid::Uuid::new_v4()));
                Db::connect(&format!("sqlite://{}/orka.db?mode=rwc", dir.display()))
                    .await
                    .unwrap()
            }
            Some(url) => {
                let schema = format!("orka_bench_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(url).await.unwrap();
                admin
                    .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
                    .await
                    .unwrap();
                Db::connect_in_schema(url, Some(&schema)).await.unwrap()
            }
        };
        db.migrate().await.unwrap();
        let now = chrono::Utc::now();
        service::demo::seed(&db, now).await.unwrap();
        let person = service::people::find_demo_persona(&db, DemoPersona::Employee)
            .await
            .unwrap()
            .unwrap();
        let (pair, auth) = ece::generate_keypair_and_auth_secret().unwrap();
        use base64::Engine;
        let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
        let (p256dh, auth) = (b64(&pair.pub_as_raw().unwrap()), b64(&auth));
        let policy = EndpointPolicy {
            allow_insecure: true,
            ..Default::default()
        };
        let setup = Instant::now();
        let mut adding = tokio::task::JoinSet::new();
        for chunk in (0..DEVICES).collect::<Vec<_>>().chunks(DEVICES / 32) {
            let (db, policy, origin, p256dh, auth) = (
                db.clone(),
                policy.clone(),
                origin.clone(),
                p256dh.clone(),
                auth.clone(),
            );
            let chunk = chunk.to_vec();
            adding.spawn(async move {
                for i in chunk {
                    let new = NewSubscription {
                        endpoint: format!("{origin}/push/{i}"),
                        p256dh: p256dh.clone(),
                        auth: auth.clone(),
                        language: Language::Sv,
                        label: None,
                    };
                    push::subscribe(&db, person.id, new, &policy, now)
                        .await
                        .unwrap()
                        .unwrap();
                }
            });
        }
        adding.join_all().await;
        let queued = push::enqueue_test(&db, person.id, now).await.unwrap();
        assert_eq!(queued as usize, DEVICES);
        println!(
            "{name}: {DEVICES} devices and pushes set up in {:.1} s",
            setup.elapsed().as_secs_f64()
        );

        received.store(0, Ordering::SeqCst);
        let worker = Worker {
            mailer: None,
            db: db.clone(),
            sender: Arc::new(Sender::new(
                "mailto:drift@orka.test".into(),
                Duration::from_secs(10),
                CONCURRENCY,
            )),
            clock: Arc::new(ManualClock::at(now)),
            name: "bench".into(),
            policy,
            batch: BATCH,
            alert_reminder_days: 2,
        };
        let before = peak_rss_mb();
        let cpu_before = cpu_seconds();
        let server_before = postgres_cpu_seconds();
        let start = Instant::now();
        let round = worker.run_once().await.unwrap();
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(round.sent as usize, DEVICES, "{round:?}");
        assert_eq!(received.load(Ordering::SeqCst), DEVICES);
        println!(
            "{name}: {DEVICES} pushes delivered in {secs:.1} s ({:.0}/s), {:.1} s of CPU (receiver included), peak memory {} MB (was {before} MB before the fan-out)",
            DEVICES as f64 / secs,
            cpu_seconds() - cpu_before,
            peak_rss_mb()
        );
        if pg.is_some() {
            println!(
                "{name}: the PostgreSQL server's processes on this machine used {:.1} s of CPU meanwhile",
                postgres_cpu_seconds() - server_before
            );
        }
        println!(
            "RESULT backend={name} seconds={secs:.1} peak_mb={}",
            peak_rss_mb()
        );
    }
}

/// The push service: answers 201 after `LATENCY`, counting what arrives.
async fn receiver(received: Arc<AtomicUsize>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new().route(
        "/push/{id}",
        axum::routing::post(move |body: axum::body::Bytes| {
            let received = received.clone();
            async move {
                tokio::time::sleep(LATENCY).await;
                if !body.is_empty() {
                    received.fetch_add(1, Ordering::SeqCst);
                }
                axum::http::StatusCode::CREATED
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    origin
}

/// CPU time this process has used, user and system, in seconds.
fn cpu_seconds() -> f64 {
    stat_cpu_seconds(&std::fs::read_to_string("/proc/self/stat").unwrap_or_default())
}

/// CPU time of every `postgres` process on this machine (0 when the server runs elsewhere).
fn postgres_cpu_seconds() -> f64 {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return 0.0;
    };
    procs
        .filter_map(|p| std::fs::read_to_string(p.ok()?.path().join("stat")).ok())
        .filter(|stat| stat.contains("(postgres)"))
        .map(|stat| stat_cpu_seconds(&stat))
        .sum()
}

/// User and system time from a `/proc/<pid>/stat` line, in seconds.
fn stat_cpu_seconds(stat: &str) -> f64 {
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i)?.parse::<f64>().ok())
        .sum();
    ticks / 100.0
}

/// The process's peak resident memory (VmHWM), in MB.
fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map(|kb| kb / 1024)
        .unwrap_or(0)
}
