//! "I want to talk to someone", to occupational health by e-mail: against a real SMTP server
//! on loopback (aiosmtpd, which stores each message it accepts in a maildir).

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;

/// An SMTP server on a free loopback port that keeps what it accepts, stopped on drop.
struct MailSink {
    port: u16,
    dir: PathBuf,
    child: std::process::Child,
}

impl Drop for MailSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl MailSink {
    /// `None` where aiosmtpd is not installed (`scripts/test.sh` installs it and CI must have
    /// it: see `the_mail_suite_runs_in_ci`).
    async fn start() -> Option<Self> {
        let python = std::env::var("ORKA_TEST_AIOSMTPD").ok()?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = std::env::temp_dir().join(format!("orka-mail-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let child = std::process::Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.join("maildir"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("ORKA_TEST_AIOSMTPD names a Python with aiosmtpd");
        let sink = Self { port, dir, child };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Some(sink);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the SMTP server did not start on port {port}");
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far: its headers as stored, its body decoded.
    fn messages(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.dir.join("maildir").join("new")) else {
            return vec![];
        };
        entries
            .map(|e| decoded(&std::fs::read_to_string(e.unwrap().path()).unwrap()))
            .collect()
    }
}

/// A text/plain message with its quoted-printable body decoded (RFC 2045 6.7), so the checks
/// see the words a reader sees, split across no lines.
fn decoded(raw: &str) -> String {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    assert!(
        head.contains("Content-Transfer-Encoding: quoted-printable"),
        "{head}"
    );
    let body = body.replace("=\n", "");
    let mut bytes = Vec::with_capacity(body.len());
    let mut rest = body.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        match (b, tail) {
            (b'=', [h, l, more @ ..]) => {
                let hex = std::str::from_utf8(&[*h, *l]).unwrap().to_owned();
                bytes.push(u8::from_str_radix(&hex, 16).expect("=XX in quoted-printable"));
                rest = more;
            }
            _ => {
                bytes.push(b);
                rest = tail;
            }
        }
    }
    format!(
        "{head}\n\n{}",
        String::from_utf8(bytes).expect("UTF-8 text")
    )
}

#[test]
fn the_mail_suite_runs_in_ci() {
    if std::env::var_os("CI").is_some() {
        assert!(
            std::env::var_os("ORKA_TEST_AIOSMTPD").is_some(),
            "CI must set ORKA_TEST_AIOSMTPD so the mail tests run against a real SMTP server"
        );
    }
}

async fn app_with_mail(b: Backend, smtp: &str) -> TestApp {
    spawn_app_with(
        b,
        Options {
            mail: server::config::MailSettings {
                transport: server::config::MailTransport::Smtp(smtp.to_owned().into()),
                from: "Orka <noreply@orka.test>".into(),
                timeout: Duration::from_secs(5),
            },
            ..Options::default()
        },
    )
    .await
}

/// Anna grants her wish to talk to the demo employer's occupational health and asks to talk
/// in this week's check-in; Maria, her manager, is signed in on her own client.
async fn anna_asks_occupational_health(app: &TestApp) -> reqwest::Client {
    app.sign_in("employee").await;
    let consents: Value = app.get("/api/v1/consents").await.json().await.unwrap();
    let service = consents["occupational_health"][0]["id"].clone();
    assert!(service.is_string(), "{consents}");
    let version = consents["texts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["scope"] == "ask-to-talk")
        .unwrap()["version"]
        .clone();
    let grant = json!({"scope": "ask-to-talk", "recipient": "occupational-health",
        "service_id": service, "text_version": version});
    let res = app
        .client
        .post(app.url("/api/v1/consents"))
        .json(&grant)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let body =
        json!({ "stress": 4, "work_ability": 3, "who5": [1, 1, 1, 1, 1], "wants_to_talk": true });
    assert_eq!(app.put_check_in(THIS_WEEK, &body).await.status(), 200);
    let manager = client();
    app.sign_in_with(&manager, "manager").await;
    manager
}

#[tokio::test]
async fn a_wish_to_talk_reaches_occupational_health_by_one_mail_and_the_manager_learns_nothing() {
    for b in backends() {
        let Some(sink) = MailSink::start().await else {
            return;
        };
        let app = app_with_mail(b, &sink.url()).await;
        // The demo's own wish to talk (Fatima's) goes out first.
        assert_eq!(app.run_push_round().await.mail.sent, 1, "{b:?}");
        let before = sink.messages();
        let manager = anna_asks_occupational_health(&app).await;

        let round = app.run_push_round().await;
        assert_eq!(round.mail.sent, 1, "{b:?}: {round:?}");
        let mails = sink.messages();
        assert_eq!(mails.len(), before.len() + 1, "{b:?}");
        let mail = mails.iter().find(|m| !before.contains(m)).unwrap();
        assert!(mail.contains("To: fhv@demokommun.example"), "{mail}");
        assert!(
            mail.contains(
                "en medarbetare på Demokommun har bett att företagshälsovården kontaktar hen"
            ),
            "{mail}"
        );
        // Who asked, and anything about how they are, is behind the link only.
        let lower = mail.to_lowercase();
        for word in [
            "anna",
            "lind",
            "who-5",
            "stress",
            "sjuk",
            "sick",
            "mående",
            "wellbeing",
            "diagnos",
            "arbetsförmåga",
            "work ability",
        ] {
            assert!(!lower.contains(word), "{b:?}: the mail says {word:?}");
        }
        let path = &talk_path(mail);

        // Sending again sends nothing: the outbox holds the mail once.
        assert_eq!(app.run_push_round().await.mail.sent, 0);
        assert_eq!(sink.messages().len(), before.len() + 1);

        // The manager has no alert and no push; nothing on the team page either.
        let alerts: Value = manager
            .get(app.url("/api/v1/alerts"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            alerts["items"].as_array().map(Vec::len),
            Some(0),
            "{b:?}: {alerts}"
        );
        assert_eq!(
            app.count("outbox_jobs WHERE channel = 'push' AND kind = 'alert'")
                .await,
            0
        );
        let team = manager
            .get(app.url("/team"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!team.contains("Anna Lind"), "{b:?}");

        // Occupational health opens the page without signing in: name and address.
        let outside = client();
        let page = outside.get(app.url(path)).send().await.unwrap();
        assert_eq!(page.status(), 200, "{b:?}");
        assert_eq!(page.headers()["cache-control"], "no-store");
        let html = page.text().await.unwrap();
        assert!(html.contains("Anna Lind"), "{b:?}");
        assert!(html.contains("anna.lind@demokommun.example"), "{b:?}");
        assert!(!html.contains("WHO-5"), "{b:?}");

        // Anna sees the read in her log, by the service, in its role.
        let log: Value = app.get("/api/v1/me/access-log").await.json().await.unwrap();
        let line = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["what"] == "talk-request")
            .unwrap_or_else(|| panic!("{b:?}: {log}"));
        assert_eq!(line["actor_name"], "Demokommunens företagshälsovård");
        assert_eq!(line["actor_role"], "occupational-health");

        // Marking the contact made shows on the page.
        let done = outside
            .post(app.url(&format!("{path}/contacted")))
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 303, "{b:?}");
        let html = outside
            .get(app.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("kontaktad") || html.contains("contacted"),
            "{b:?}"
        );

        // Withdrawn, the page is gone at once; so is a made-up token.
        withdraw_the_grant(&app).await;
        assert_eq!(
            outside.get(app.url(path)).send().await.unwrap().status(),
            404
        );
        let made_up = outside
            .get(app.url("/talk/not-a-token"))
            .send()
            .await
            .unwrap();
        assert_eq!(made_up.status(), 404);
    }
}

#[tokio::test]
async fn the_link_ends_after_fourteen_days() {
    let Some(sink) = MailSink::start().await else {
        return;
    };
    let app = app_with_mail(Backend::Sqlite, &sink.url()).await;
    app.run_push_round().await;
    let before = sink.messages();
    anna_asks_occupational_health(&app).await;
    app.run_push_round().await;
    let mails = sink.messages();
    assert_eq!(mails.len(), before.len() + 1);
    let mail = mails.iter().find(|m| !before.contains(m)).unwrap();
    let path = talk_path(mail);
    app.clock.advance(chrono::Duration::days(13));
    assert_eq!(app.get(&path).await.status(), 200);
    app.clock.advance(chrono::Duration::days(1));
    assert_eq!(app.get(&path).await.status(), 404);
}

/// Anna withdraws what she shared with occupational health: its link ends at once.
async fn withdraw_the_grant(app: &TestApp) {
    let grants: Value = app.get("/api/v1/consents").await.json().await.unwrap();
    let id = grants["grants"][0]["id"].as_str().unwrap().to_owned();
    let res = app
        .client
        .delete(app.url(&format!("/api/v1/consents/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
}

/// The page's path (`/talk/<token>`) from the link in occupational health's mail.
fn talk_path(mail: &str) -> String {
    let link = mail
        .split_whitespace()
        .find(|w| w.contains("/talk/"))
        .expect("a link to the page");
    link[link.find("/talk/").unwrap()..].to_owned()
}

#[tokio::test]
async fn occupational_healths_app_reads_and_answers_a_wish_to_talk_over_the_api() {
    for b in backends() {
        let Some(sink) = MailSink::start().await else {
            return;
        };
        let app = app_with_mail(b, &sink.url()).await;
        app.run_push_round().await;
        let before = sink.messages();
        anna_asks_occupational_health(&app).await;
        app.run_push_round().await;
        let mails = sink.messages();
        let mail = mails.iter().find(|m| !before.contains(m)).unwrap();
        let api = format!("/api/v1{}", talk_path(mail));
        let reads = || async {
            let log: Value = app.get("/api/v1/me/access-log").await.json().await.unwrap();
            log["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["what"] == "talk-request")
                .count()
        };

        // No sign-in: the link is the key. Who and how to reach them; never why.
        let outside = client();
        let res = outside.get(app.url(&api)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{b:?}");
        assert_eq!(res.headers()["cache-control"], "no-store");
        let body = res.text().await.unwrap();
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["person_name"], "Anna Lind", "{body}");
        assert_eq!(v["email"], "anna.lind@demokommun.example");
        assert_eq!(v["service"], "Demokommunens företagshälsovård");
        assert_eq!(v["contacted_at"], Value::Null);
        for word in ["stress", "who5", "work_ability", "score"] {
            assert!(!body.contains(word), "{b:?}: {body}");
        }
        assert_eq!(reads().await, 1, "{b:?}: the read is in Anna's log");

        // Contact made: recorded once, the alert acknowledged; saying it again changes nothing.
        let acknowledged = || app.count("alerts WHERE acknowledged_at IS NOT NULL");
        let before = acknowledged().await;
        for _ in 0..2 {
            let done = outside
                .post(app.url(&format!("{api}/contacted")))
                .send()
                .await
                .unwrap();
            assert_eq!(done.status(), 204, "{b:?}");
        }
        let v: Value = outside
            .get(app.url(&api))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(v["contacted_at"].is_string(), "{b:?}: {v}");
        assert_eq!(acknowledged().await, before + 1, "{b:?}");

        // A made-up or ended link is a problem detail, by GET and by POST alike.
        withdraw_the_grant(&app).await;
        for path in [api.clone(), "/api/v1/talk/not-a-token".to_owned()] {
            let res = outside.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), 404, "{b:?} {path}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let res = outside
                .post(app.url(&format!("{path}/contacted")))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{b:?} {path}");
        }
    }
}

#[tokio::test]
async fn mail_waits_and_is_retried_while_the_smtp_server_is_down() {
    // A port nobody listens on: the round fails to connect and keeps the mail.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = app_with_mail(Backend::Sqlite, &format!("smtp://127.0.0.1:{port}")).await;
    anna_asks_occupational_health(&app).await;
    // Anna's mail and the demo's (Fatima's).
    let round = app.run_push_round().await;
    assert_eq!((round.mail.sent, round.mail.retried), (0, 2), "{round:?}");
    assert_eq!(
        app.count("outbox_jobs WHERE channel = 'mail' AND status = 'pending' AND attempts = 1")
            .await,
        2
    );
    // Not due again before its backoff has passed.
    assert_eq!(app.run_push_round().await.mail.retried, 0);
}

#[tokio::test]
async fn only_the_employers_own_occupational_health_can_be_chosen() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sign_in("employee").await;
    let grant = json!({"scope": "ask-to-talk", "recipient": "occupational-health",
        "service_id": uuid::Uuid::new_v4(), "text_version": 2});
    let res = app
        .client
        .post(app.url("/api/v1/consents"))
        .json(&grant)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["errors"][0]["field"], "service_id", "{p}");
    // Scores never go outside the employer.
    let grant = json!({"scope": "weekly-scores", "recipient": "occupational-health",
        "service_id": uuid::Uuid::new_v4(), "text_version": 1});
    let res = app
        .client
        .post(app.url("/api/v1/consents"))
        .json(&grant)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Anna's newest grant: to whom, and whether it stands.
async fn standing(w: &crate::access::World, b: Backend) -> (String, bool) {
    let c = w.json(crate::access::Who::Anna, "/api/v1/consents").await;
    let g = &c["grants"][0];
    let name = g["recipient_name"].as_str().unwrap_or_default().to_owned();
    assert!(g["recipient"] == "occupational-health", "{b:?}: {c}");
    (name, g["standing"] == true)
}

/// The cells of the matrix for grants to occupational health and its page: each employer's
/// people choose among their own employer's services only, the admin of another employer cannot
/// make their service one, and no sign-in opens a page without its link.
#[tokio::test]
async fn occupational_health_is_each_employers_own() {
    use crate::access::{world, Who};
    use reqwest::Method;
    for b in backends() {
        let w = world(b).await;
        let service = |name: &str| json!({ "items": [{ "kind": "occupational-health", "name": name, "email": "fhv@example.se" }] });
        let (s, _) = w
            .call(
                Who::Admin,
                Method::PUT,
                "/api/v1/employers/umea/contacts",
                service("Umeå FHV"),
            )
            .await;
        assert_eq!(s, 200, "{b:?}");
        // The other employer's admin can neither set Umeå's directory nor reach its people
        // through their own.
        let (s, _) = w
            .call(
                Who::AdminOfOtherEmployer,
                Method::PUT,
                "/api/v1/employers/umea/contacts",
                service("Evil FHV"),
            )
            .await;
        assert_eq!(s, 403, "{b:?}");
        let (s, _) = w
            .call(
                Who::AdminOfOtherEmployer,
                Method::PUT,
                "/api/v1/employers/vindeln/contacts",
                service("Vindeln FHV"),
            )
            .await;
        assert_eq!(s, 200, "{b:?}");
        let vindeln_admin = w.json(Who::AdminOfOtherEmployer, "/api/v1/consents").await;
        let theirs = vindeln_admin["occupational_health"][0]["id"].clone();
        let anna = w.json(Who::Anna, "/api/v1/consents").await;
        let names: Vec<&str> = anna["occupational_health"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Umeå FHV"], "{b:?}");
        let version = domain::consent::current(domain::consent::Scope::AskToTalk).version;
        let (s, p) = w
            .call(
                Who::Anna,
                Method::POST,
                "/api/v1/consents",
                json!({"scope": "ask-to-talk", "recipient": "occupational-health",
                    "service_id": theirs, "text_version": version}),
            )
            .await;
        assert_eq!(
            (s, &p["errors"][0]["field"]),
            (422, &json!("service_id")),
            "{b:?}"
        );
        let ours = anna["occupational_health"][0]["id"].clone();
        let (s, _) = w
            .call(
                Who::Anna,
                Method::POST,
                "/api/v1/consents",
                json!({"scope": "ask-to-talk", "recipient": "occupational-health",
                    "service_id": ours, "text_version": version}),
            )
            .await;
        assert_eq!(s, 201, "{b:?}");
        assert_eq!(
            standing(&w, b).await,
            ("Umeå FHV".to_owned(), true),
            "{b:?}"
        );

        // The admin page edits the service: a bad address is named at its field, values kept.
        let form = |email: &str, name: &str| {
            vec![
                ("occupational-health.name", name.to_owned()),
                ("occupational-health.phone", "090-16 10 00".to_owned()),
                ("occupational-health.email", email.to_owned()),
                ("staff-support.name", "Personalstödet".to_owned()),
                ("staff-support.phone", "020-12 12 12".to_owned()),
            ]
        };
        let (s, _, html) = w
            .form(
                Who::Admin,
                "/admin/contacts",
                form("fhv at umea", "Umeå FHV"),
            )
            .await;
        assert_eq!(s, 422, "{b:?}");
        assert!(html.contains("Skriv en e-postadress"), "{b:?}");
        assert!(html.contains("value=\"fhv at umea\""), "{b:?}");
        // Another employer's admin saves only their own directory.
        let (s, to, _) = w
            .form(
                Who::AdminOfOtherEmployer,
                "/admin/contacts",
                form("x@vindeln.se", "Vindeln FHV"),
            )
            .await;
        assert_eq!((s, to.as_str()), (303, "/admin?contacts=saved"), "{b:?}");
        // A new phone number keeps the grant; a new name is another service.
        let (s, to, _) = w
            .form(
                Who::Admin,
                "/admin/contacts",
                form("fhv@umea.se", "Umeå FHV"),
            )
            .await;
        assert_eq!((s, to.as_str()), (303, "/admin?contacts=saved"), "{b:?}");
        assert_eq!(
            standing(&w, b).await,
            ("Umeå FHV".to_owned(), true),
            "{b:?}"
        );
        let listed = w.json(Who::Admin, "/api/v1/employers/umea/contacts").await;
        let kinds: Vec<&str> = listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["occupational-health", "staff-support"], "{b:?}");
        w.form(
            Who::Admin,
            "/admin/contacts",
            form("fhv@umea.se", "Region FHV"),
        )
        .await;
        assert!(!standing(&w, b).await.1, "{b:?}");
        // A page without its link: the same 404 for everyone, signed in or not.
        for who in crate::access::WHO {
            let (s, body) = w.status(who, "/talk/a-guessed-token").await;
            assert_eq!(s, 404, "{b:?} {who:?}: {body}");
            assert!(!body.contains("Anna"), "{b:?} {who:?}");
        }
    }
}
