//! `spawn_app()`: the real server on a random port with a fresh database, and a client for it.

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, HeaderValue};
use sea_orm::{ConnectionTrait, Database};
use secrecy::SecretString;
use server::config::{LimitSettings, Settings};
use server::startup::Application;
use service::clock::ManualClock;
use service::Db;
use std::sync::{Arc, Mutex, OnceLock};

/// Wednesday of ISO week 2026-W48, mid-morning in Stockholm.
pub const NOW: &str = "2026-11-25T09:30:00Z";
pub const THIS_WEEK: &str = "2026-W48";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// SQLite always; PostgreSQL too when `ORKA_TEST_POSTGRES_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut b = vec![Backend::Sqlite];
    if postgres_url().is_some() {
        b.push(Backend::Postgres);
    }
    b
}

pub fn postgres_url() -> Option<String> {
    std::env::var("ORKA_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub clock: Arc<ManualClock>,
    /// The push worker; tests run its rounds themselves.
    pub push: Arc<server::push::Push>,
    settings: Settings,
    sqlite_dir: Option<std::path::PathBuf>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(dir) = &self.sqlite_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

pub struct Options {
    pub demo: bool,
    pub now: DateTime<Utc>,
    /// Off unless a test is about them: the tests sign many people in from one address.
    pub limits: LimitSettings,
    /// No transport unless a test is about mail: mail then waits in the outbox.
    pub mail: server::config::MailSettings,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            demo: true,
            now: NOW.parse().unwrap(),
            limits: LimitSettings::off(),
            mail: server::config::MailSettings {
                transport: server::config::MailTransport::None,
                from: "Orka <noreply@orka.test>".into(),
                timeout: std::time::Duration::from_secs(5),
            },
        }
    }
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, Options::default()).await
}

/// Without the demo personas: people sign in with their employers' providers only.
pub async fn spawn_app_without_demo(backend: Backend) -> TestApp {
    spawn_app_with(
        backend,
        Options {
            demo: false,
            ..Options::default()
        },
    )
    .await
}

pub async fn spawn_app_with(backend: Backend, opts: Options) -> TestApp {
    init_log_capture();
    let id = uuid::Uuid::new_v4().simple().to_string();
    let (url, db, sqlite_dir) = match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("orka-test-{id}"));
            let url = format!("sqlite://{}/orka.db?mode=rwc", dir.display());
            let db = Db::connect(&url).await.expect("open sqlite");
            (url, db, Some(dir))
        }
        Backend::Postgres => {
            let base = postgres_url().expect("ORKA_TEST_POSTGRES_URL");
            let schema = format!("orka_test_{id}");
            let admin = Database::connect(&base)
                .await
                .expect("PostgreSQL from ORKA_TEST_POSTGRES_URL must be reachable");
            admin
                .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
                .await
                .expect("create schema");
            let db = Db::connect_in_schema(&base, Some(&schema))
                .await
                .expect("connect in schema");
            (base, db, None)
        }
    };
    db.migrate().await.expect("migrate");
    let settings = Settings {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: SecretString::from(url),
        demo: opts.demo,
        public_url: "http://127.0.0.1:0".parse().unwrap(),
        sessions: Default::default(),
        content_dir: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/guidance"),
        push: push_settings(),
        mail: opts.mail.clone(),
        trend_threshold: domain::trend::Threshold::DEFAULT,
        limits: opts.limits,
    };
    let clock = Arc::new(ManualClock::at(opts.now));
    let app = Application::build_with_db(settings.clone(), clock.clone(), db.clone())
        .await
        .expect("build app");
    let port = app.port();
    let address = format!("http://127.0.0.1:{port}");
    let push = app.push();
    tokio::spawn(app.run_until(std::future::pending()));
    TestApp {
        address,
        client: client(),
        db,
        clock,
        push,
        settings,
        sqlite_dir,
    }
}

/// The test push receiver is plain http on loopback; tests run push rounds themselves.
pub fn push_settings() -> server::config::PushSettings {
    server::config::PushSettings {
        endpoints: service::push::EndpointPolicy {
            allow_insecure: true,
            ..Default::default()
        },
        contact: "mailto:drift@orka.test".into(),
        timeout: std::time::Duration::from_secs(2),
        concurrency: 8,
        worker: false,
        alert_reminder_days: 2,
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl TestApp {
    /// Another server on the same database, as after a restart or beside a second instance;
    /// its address.
    pub async fn another_instance(&self) -> String {
        let app =
            Application::build_with_db(self.settings.clone(), self.clock.clone(), self.db.clone())
                .await
                .expect("build app");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until(std::future::pending()));
        address
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn sign_in(&self, persona: &str) -> reqwest::Response {
        self.sign_in_with(&self.client, persona).await
    }

    pub async fn sign_in_with(&self, client: &reqwest::Client, persona: &str) -> reqwest::Response {
        client
            .post(self.url("/auth/demo"))
            .form(&[("persona", persona)])
            .send()
            .await
            .unwrap()
    }

    pub async fn put_check_in(&self, week: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .put(self.url(&format!("/api/v1/checkins/{week}")))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Runs the whole provider sign-in in `client` like a browser: to the provider and back.
    /// Returns the callback's answer.
    pub async fn sign_in_at(&self, client: &reqwest::Client, slug: &str) -> reqwest::Response {
        let start = client
            .get(self.url(&format!("/auth/login/{slug}")))
            .send()
            .await
            .unwrap();
        assert_eq!(start.status(), 303, "login redirects to the provider");
        let at_provider = client.get(location(&start)).send().await.unwrap();
        assert_eq!(
            at_provider.status(),
            303,
            "the provider sends the browser back"
        );
        client.get(location(&at_provider)).send().await.unwrap()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let row = self
            .db
            .conn()
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.backend(),
                format!("SELECT COUNT(*) AS n FROM {sql}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    /// One push round: plan what is due and send everything claimable now.
    pub async fn run_push_round(&self) -> service::push::Round {
        self.push.worker.run_once().await.expect("push round")
    }

    pub async fn count_check_ins(&self, week: &str) -> i64 {
        self.count(&format!("check_ins WHERE iso_week = '{week}'"))
            .await
    }
}

/// An employer whose people sign in at `issuer` (a test provider), groups `hr-rehab` and
/// `orka-admins` giving the coordinator and admin roles.
pub async fn add_employer(
    app: &TestApp,
    slug: &str,
    name: &str,
    issuer: &str,
    api_audience: Option<&str>,
) {
    use crate::provider;
    use service::employers::{self, NewEmployer, ProviderSettings};
    employers::add_employer(
        &app.db,
        NewEmployer {
            slug: domain::Slug::parse(slug).unwrap(),
            name: name.into(),
            provider: Some(ProviderSettings {
                issuer: issuer.into(),
                client_id: provider::CLIENT_ID.into(),
                client_secret: SecretString::from(provider::CLIENT_SECRET),
                scopes: employers::default_scopes(),
                groups_claim: Some("groups".into()),
                role_map: domain::RoleMap::parse("hr-rehab=coordinator,orka-admins=admin").unwrap(),
                api_audience: api_audience.map(String::from),
            }),
        },
        service::Clock::now(app.clock.as_ref()),
    )
    .await
    .unwrap();
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .expect("a redirect")
        .to_str()
        .unwrap()
        .to_owned()
}

/// A complete, valid check-in body for a week when WHO-5 is asked.
pub fn good_answers() -> serde_json::Value {
    serde_json::json!({ "stress": 2, "work_ability": 8, "who5": [4, 4, 3, 4, 3], "wants_to_talk": false, "note": null })
}

static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

/// Everything the server logs during the tests, to check that no answer ever reaches a log line.
pub fn captured_log() -> String {
    LOG.get()
        .map(|l| String::from_utf8_lossy(&l.lock().unwrap()).into_owned())
        .unwrap_or_default()
}

fn init_log_capture() {
    LOG.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer = buf.clone();
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                // Not the test clients' cookie jar: it logs the random cookies it stores, where
                // a check for a token's "eyJ" would now and then find one by chance.
                "debug,sqlx=warn,sea_orm=warn,hyper=warn,h2=warn,reqwest=warn,cookie_store=warn,tower_http=debug",
            )
            .with_writer(move || Capture(writer.clone()))
            .with_ansi(false)
            .try_init();
        buf
    });
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if std::env::var_os("TEST_LOG").is_some() {
            let _ = std::io::stderr().write_all(b);
        }
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn browser_headers(origin: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("origin", HeaderValue::from_str(origin).unwrap());
    h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
    h
}

/// The text of the PDF at `url`, as a PDF reader extracts it.
pub async fn pdf_text(client: &reqwest::Client, url: &str) -> String {
    let res = client.get(url).send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(res.headers()["cache-control"], "no-store");
    let bytes = res.bytes().await.unwrap();
    let doc = lopdf::Document::load_mem(&bytes).expect("a PDF a reader accepts");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}
