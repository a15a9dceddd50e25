//! Request limits, tried the way an abuser would: a script that starts sign-ins, guesses share
//! tokens, fills the feedback list or hammers the API, with and without a forged
//! `X-Forwarded-For`.

use crate::helpers::*;
use crate::provider::Provider;
use reqwest::StatusCode;
use server::config::{parse_proxy, LimitSettings};
use std::num::NonZeroU32;

fn n(v: u32) -> Option<NonZeroU32> {
    NonZeroU32::new(v)
}

async fn spawn_limited(b: Backend, limits: LimitSettings) -> TestApp {
    spawn_app_with(
        b,
        Options {
            limits,
            ..Options::default()
        },
    )
    .await
}

fn retry_after(r: &reqwest::Response) -> u64 {
    r.headers()
        .get("retry-after")
        .expect("a 429 says when to come back")
        .to_str()
        .unwrap()
        .parse()
        .expect("whole seconds")
}

#[tokio::test]
async fn a_flood_of_sign_in_starts_is_refused_before_it_writes_and_signed_in_people_go_on() {
    for b in backends() {
        let app = spawn_limited(
            b,
            LimitSettings {
                sign_in: n(5),
                ..LimitSettings::off()
            },
        )
        .await;
        let idp = Provider::start(NOW.parse().unwrap()).await;
        add_employer(&app, "umea", "Umeå kommun", &idp.issuer(), None).await;
        // Signed in before the flood: one of the five.
        assert_eq!(
            app.sign_in("employee").await.status(),
            StatusCode::SEE_OTHER
        );

        let mut refused = vec![];
        for _ in 0..20 {
            let r = client()
                .get(app.url("/auth/login/umea"))
                .send()
                .await
                .unwrap();
            match r.status() {
                StatusCode::SEE_OTHER => {}
                StatusCode::TOO_MANY_REQUESTS => refused.push(r),
                other => panic!("{b:?}: unexpected {other}"),
            }
        }
        assert_eq!(refused.len(), 16, "{b:?}: four started, the rest refused");
        // Each refusal cost no row: only the four that passed left a sign-in attempt.
        assert_eq!(app.count("sign_in_attempts").await, 4, "{b:?}");
        let first = refused.remove(0);
        let wait = retry_after(&first);
        assert!((1..=12).contains(&wait), "{b:?}: five a minute, {wait}");
        let page = first.text().await.unwrap();
        assert!(page.contains("<html lang=\"sv\""), "{page}");
        assert!(page.contains("För många försök"), "{page}");
        assert!(page.contains(&format!("Vänta {wait} sekunder")), "{page}");
        // A demo sign-in and a provider's answer count against the same bucket.
        assert_eq!(
            app.sign_in_with(&client(), "manager").await.status(),
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            app.get("/auth/callback/umea?code=x&state=y").await.status(),
            StatusCode::TOO_MANY_REQUESTS
        );
        // Whoever is signed in is not held up by it.
        let res = app.put_check_in(THIS_WEEK, &good_answers()).await;
        assert_eq!(res.status(), StatusCode::OK, "{b:?}");
        assert_eq!(app.get("/checkin").await.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn the_installation_wide_sign_in_limit_holds_against_many_addresses() {
    // Through a trusted proxy, each request claims another client: only the shared bucket
    // stands between a botnet and the database.
    let app = spawn_limited(
        Backend::Sqlite,
        LimitSettings {
            sign_in: n(100),
            sign_in_all: n(3),
            trusted_proxies: vec![parse_proxy("127.0.0.1").unwrap()],
            ..LimitSettings::off()
        },
    )
    .await;
    let mut statuses = vec![];
    for i in 1..=6 {
        let r = client()
            .post(app.url("/auth/demo"))
            .header("x-forwarded-for", format!("203.0.113.{i}"))
            .form(&[("persona", "employee")])
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [303, 303, 303, 429, 429, 429]);
    assert_eq!(app.count("sessions").await, 3);
}

#[tokio::test]
async fn a_person_over_the_write_limit_gets_a_clear_answer_and_reads_and_others_go_on() {
    for b in backends() {
        let app = spawn_limited(
            b,
            LimitSettings {
                person_writes: n(3),
                ..LimitSettings::off()
            },
        )
        .await;
        app.sign_in("employee").await;
        for stress in [1, 2, 3] {
            let mut answers = good_answers();
            answers["stress"] = stress.into();
            let r = app.put_check_in(THIS_WEEK, &answers).await;
            assert_eq!(r.status(), StatusCode::OK, "{b:?}");
        }
        let mut answers = good_answers();
        answers["stress"] = 4.into();
        let refused = app.put_check_in(THIS_WEEK, &answers).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS, "{b:?}");
        assert!(retry_after(&refused) >= 1);
        assert_eq!(
            refused.headers()["content-type"],
            "application/problem+json"
        );
        let problem: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(problem["type"], "urn:orka:problem:too-many-requests");
        assert_eq!(problem["status"], 429);
        assert!(
            problem["detail"].as_str().unwrap().contains("sekunder"),
            "{problem}"
        );
        // The last answer that got through is what is kept; the refused one changed nothing.
        let stored: serde_json::Value = app
            .get(&format!("/api/v1/checkins/{THIS_WEEK}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(stored["stress"], 3, "{b:?}: {stored}");
        // The plain form without JavaScript gets a page, in English when asked for.
        let form = app
            .client
            .post(app.url("/checkin"))
            .headers(browser_headers(&app.address))
            .header("accept-language", "en")
            .form(&[("stress", "2")])
            .send()
            .await
            .unwrap();
        assert_eq!(form.status(), StatusCode::TOO_MANY_REQUESTS);
        let page = form.text().await.unwrap();
        assert!(page.contains("Too many attempts"), "{page}");
        // Someone else's writes have buckets of their own.
        let manager = client();
        app.sign_in_with(&manager, "manager").await;
        let r = manager
            .put(app.url(&format!("/api/v1/checkins/{THIS_WEEK}")))
            .json(&good_answers())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{b:?}");
    }
}

#[tokio::test]
async fn share_token_guesses_are_limited_and_a_forged_forwarded_for_buys_nothing() {
    let app = spawn_limited(
        Backend::Sqlite,
        LimitSettings {
            shared_links: n(3),
            ..LimitSettings::off()
        },
    )
    .await;
    let mut statuses = vec![];
    for i in 0..5 {
        // A new address claimed every time: not believed, as 127.0.0.1 is no trusted proxy.
        let path = if i % 2 == 0 {
            format!("/shared/guess{i}")
        } else {
            format!("/api/v1/shared/guess{i}")
        };
        let r = client()
            .get(app.url(&path))
            .header("x-forwarded-for", format!("203.0.113.{i}"))
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [404, 404, 404, 429, 429]);

    // Behind a proxy Orka trusts, the address it forwards is the client.
    let proxied = spawn_limited(
        Backend::Sqlite,
        LimitSettings {
            shared_links: n(2),
            trusted_proxies: vec![parse_proxy("127.0.0.0/8").unwrap()],
            ..LimitSettings::off()
        },
    )
    .await;
    let get = |from: &'static str| {
        let url = proxied.url("/shared/guess");
        async move {
            client()
                .get(url)
                // What the client wrote first, then what our proxy appended.
                .header("x-forwarded-for", format!("10.9.9.9, {from}"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(
        [
            get("203.0.113.7").await,
            get("203.0.113.7").await,
            get("203.0.113.7").await,
            get("203.0.113.8").await
        ],
        [404, 404, 429, 404]
    );
}

#[tokio::test]
async fn one_person_cannot_fill_the_anonymous_feedback_list() {
    for b in backends() {
        let app = spawn_limited(
            b,
            LimitSettings {
                feedback: n(2),
                ..LimitSettings::off()
            },
        )
        .await;
        app.sign_in("employee").await;
        let post = |c: &reqwest::Client| {
            c.post(app.url("/guidance/sleep/feedback"))
                .headers(browser_headers(&app.address))
                .form(&[("helpful", "no"), ("comment", "skräp")])
                .send()
        };
        assert_eq!(post(&app.client).await.unwrap().status(), 303);
        let api = app
            .client
            .post(app.url("/api/v1/guidance/sleep/feedback"))
            .json(&serde_json::json!({ "helpful": false }))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), StatusCode::NO_CONTENT);
        let refused = post(&app.client).await.unwrap();
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS, "{b:?}");
        // Two an hour: the wait is half an hour, said in seconds.
        assert!(retry_after(&refused) > 25 * 60, "{b:?}");
        assert_eq!(app.count("guidance_feedback").await, 2, "{b:?}");
        let other = client();
        app.sign_in_with(&other, "manager").await;
        assert_eq!(post(&other).await.unwrap().status(), 303, "{b:?}");
    }
}

#[tokio::test]
async fn the_production_defaults_let_a_busy_office_behind_one_address_sign_in() {
    // Sixty sign-ins from one address pass at once (more refill at one a second); the limits
    // are there for scripts, not for a staff room signing in on Monday morning.
    let app = spawn_limited(
        Backend::Sqlite,
        server::config::Settings::from_args(
            <server::config::Cli as clap::Parser>::try_parse_from(["orka"])
                .unwrap()
                .serve,
        )
        .unwrap()
        .limits,
    )
    .await;
    for _ in 0..60 {
        let r = app.sign_in_with(&client(), "employee").await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn the_api_document_names_429_where_a_limit_can_answer() {
    let app = spawn_app(Backend::Sqlite).await;
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let responses = |path: &str, method: &str| doc["paths"][path][method]["responses"].clone();
    let limited = responses("/api/v1/checkins/{iso_week}", "put");
    assert_eq!(
        limited["429"]["content"]["application/problem+json"]["schema"]["$ref"],
        "#/components/schemas/Problem"
    );
    assert!(limited["429"]["headers"]["Retry-After"].is_object());
    assert!(responses("/api/v1/shared/{token}", "get")["429"].is_object());
    assert!(responses("/api/v1/checkins/{iso_week}", "get")["429"].is_null());
    // Problems are documented as what they are sent as, everywhere (schemathesis checks it).
    let mut problems = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, r) in op["responses"].as_object().unwrap() {
                let json = &r["content"]["application/json"]["schema"]["$ref"];
                assert_ne!(
                    json, "#/components/schemas/Problem",
                    "{method} {path} {status}"
                );
                problems += r["content"]["application/problem+json"].is_object() as usize;
            }
        }
    }
    assert!(problems > 100, "{problems}");
}
