//! Sign-in with an employer's OpenID Connect provider: the whole flow against a real provider
//! on loopback, the hostile answers it must refuse, sessions' lifetimes, deactivation and the
//! isolation of two employers.

use crate::helpers::*;
use crate::provider::{self, Provider, Twist};
use chrono::Duration;
use reqwest::StatusCode;

async fn app_with_provider(b: Backend) -> (TestApp, Provider) {
    let app = spawn_app_without_demo(b).await;
    let idp = Provider::start(NOW.parse().unwrap()).await;
    add_employer(&app, "umea", "Umeå kommun", &idp.issuer(), None).await;
    (app, idp)
}

fn redirect_to(res: &reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{res:?}");
    location(res)
}

#[tokio::test]
async fn a_person_signs_in_with_their_employers_provider_and_is_provisioned_once() {
    for b in backends() {
        let (app, idp) = app_with_provider(b).await;
        idp.sign_in_as(provider::user(
            "u-1001",
            "Sara Ek",
            &["hr-rehab", "all-staff"],
        ));

        let res = app.sign_in_at(&app.client, "umea").await;
        assert_eq!(redirect_to(&res), "/", "{b:?}");
        let cookies: Vec<_> = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|c| c.to_str().unwrap().to_owned())
            .collect();
        assert!(
            cookies
                .iter()
                .any(|c| c.starts_with("orka_session=") && c.contains("HttpOnly")),
            "{cookies:?}"
        );
        assert!(
            cookies.iter().any(|c| c.starts_with("orka_signin=;")
                || c.starts_with("orka_signin=\"\"")
                || (c.starts_with("orka_signin=") && c.contains("Max-Age=0"))),
            "the attempt cookie is cleared: {cookies:?}"
        );

        let home = app.get("/").await;
        assert_eq!(home.status(), StatusCode::OK);
        let body = home.text().await.unwrap();
        assert!(
            body.contains("Sara Ek"),
            "the person lands on their own page"
        );

        assert_eq!(app.count("persons WHERE subject = 'u-1001'").await, 1);
        assert_eq!(
            app.count("person_roles r JOIN persons p ON p.id = r.person_id WHERE p.subject = 'u-1001' AND r.role = 'coordinator' AND r.source = 'idp'").await,
            1,
            "groups map to roles"
        );
        assert_eq!(
            app.count("sign_in_attempts").await,
            0,
            "attempts are single use"
        );

        // A second sign-in, in another browser, with changed groups: the same person, roles follow.
        idp.sign_in_as(provider::user("u-1001", "Sara Ek", &["all-staff"]));
        let other = client();
        assert_eq!(redirect_to(&app.sign_in_at(&other, "umea").await), "/");
        assert_eq!(app.count("persons WHERE subject = 'u-1001'").await, 1);
        assert_eq!(app.count("person_roles").await, 0, "{b:?}");
        assert_eq!(app.count("sessions").await, 2, "one session per browser");
    }
}

#[tokio::test]
async fn hostile_or_broken_answers_are_refused_and_store_nothing() {
    for b in backends() {
        let (app, idp) = app_with_provider(b).await;
        for (twist, case) in [
            (Twist::WrongNonce, "wrong nonce"),
            (Twist::WrongIssuer, "another issuer"),
            (Twist::WrongAudience, "another audience"),
            (Twist::Expired, "expired token"),
            (Twist::UnknownKid, "unknown key id"),
            (Twist::Tampered, "tampered signature"),
        ] {
            idp.twist(twist);
            let browser = client();
            let res = app.sign_in_at(&browser, "umea").await;
            assert_eq!(
                redirect_to(&res),
                "/signin?error=refused",
                "{case} on {b:?}"
            );
            let page = browser
                .get(app.url("/signin?error=refused"))
                .send()
                .await
                .unwrap();
            assert!(
                page.text()
                    .await
                    .unwrap()
                    .contains("Inloggningen godtogs inte"),
                "{case}: a clear message"
            );
        }
        assert_eq!(app.count("persons").await, 0, "nothing stored on {b:?}");
        assert_eq!(app.count("sessions").await, 0);
        assert_eq!(app.count("sign_in_attempts").await, 0);
        let log = captured_log();
        assert!(
            !log.contains(provider::CLIENT_SECRET),
            "the client secret never reaches a log"
        );
    }
}

#[tokio::test]
async fn state_must_be_this_browsers_and_a_callback_works_once() {
    for b in backends() {
        let (app, _idp) = app_with_provider(b).await;
        let browser = client();
        let start = browser
            .get(app.url("/auth/login/umea"))
            .send()
            .await
            .unwrap();
        let at_provider = browser.get(location(&start)).send().await.unwrap();
        let callback = location(&at_provider);

        // Wrong state: the attempt is spent, the answer refused.
        let forged = callback.replace("state=", "state=x");
        let res = browser.get(&forged).send().await.unwrap();
        assert_eq!(redirect_to(&res), "/signin?error=mismatch", "{b:?}");
        // The genuine answer after that finds nothing to finish.
        let res = browser.get(&callback).send().await.unwrap();
        assert_eq!(redirect_to(&res), "/signin?error=not-started");

        // Missing state.
        let start = browser
            .get(app.url("/auth/login/umea"))
            .send()
            .await
            .unwrap();
        let at_provider = browser.get(location(&start)).send().await.unwrap();
        let callback = location(&at_provider);
        let mut url = url::Url::parse(&callback).unwrap();
        let code: String = url
            .query_pairs()
            .find(|(k, _)| k == "code")
            .unwrap()
            .1
            .into_owned();
        url.set_query(Some(&format!("code={code}")));
        let res = browser.get(url.as_str()).send().await.unwrap();
        assert_eq!(redirect_to(&res), "/signin?error=mismatch");

        // An answer arriving in another browser (no attempt cookie): refused.
        let start = browser
            .get(app.url("/auth/login/umea"))
            .send()
            .await
            .unwrap();
        let at_provider = browser.get(location(&start)).send().await.unwrap();
        let callback = location(&at_provider);
        let res = client().get(&callback).send().await.unwrap();
        assert_eq!(redirect_to(&res), "/signin?error=not-started");

        // The genuine answer in the right browser works, once; replaying it (code and all) fails.
        let res = browser.get(&callback).send().await.unwrap();
        assert_eq!(redirect_to(&res), "/");
        let replay = client();
        let res = replay.get(&callback).send().await.unwrap();
        assert_eq!(redirect_to(&res), "/signin?error=not-started");
        assert_eq!(app.count("persons").await, 1, "{b:?}");
        assert_eq!(app.count("sessions").await, 1);
    }
}

#[tokio::test]
async fn a_slow_sign_in_expires_and_a_cancelled_one_says_so() {
    let (app, _idp) = app_with_provider(Backend::Sqlite).await;
    let browser = client();
    let start = browser
        .get(app.url("/auth/login/umea"))
        .send()
        .await
        .unwrap();
    let at_provider = browser.get(location(&start)).send().await.unwrap();
    app.clock.advance(Duration::minutes(11));
    let res = browser.get(location(&at_provider)).send().await.unwrap();
    assert_eq!(redirect_to(&res), "/signin?error=expired");

    let start = browser
        .get(app.url("/auth/login/umea"))
        .send()
        .await
        .unwrap();
    let authorize = url::Url::parse(&location(&start)).unwrap();
    let state = authorize
        .query_pairs()
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .into_owned();
    let res = browser
        .get(app.url(&format!(
            "/auth/callback/umea?error=access_denied&state={state}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect_to(&res), "/signin?error=cancelled");
    let page = browser
        .get(app.url("/signin?error=cancelled"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Sign-in was cancelled."));
    assert_eq!(app.count("persons").await, 0);
}

#[tokio::test]
async fn the_authorization_request_uses_pkce_state_and_nonce() {
    let (app, idp) = app_with_provider(Backend::Sqlite).await;
    let start = app.get("/auth/login/umea").await;
    let url = url::Url::parse(&location(&start)).unwrap();
    assert!(url
        .as_str()
        .starts_with(&format!("{}/authorize?", idp.issuer())));
    let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], provider::CLIENT_ID);
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["redirect_uri"], app.url("/auth/callback/umea"));
    assert!(q["state"].len() >= 22 && q["nonce"].len() >= 22);
    assert_eq!(q["scope"], "openid profile email");
    assert!(
        !url.as_str().contains(provider::CLIENT_SECRET),
        "the secret never goes to the browser"
    );
    let cookie = start.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("orka_signin=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

#[tokio::test]
async fn a_rotated_provider_key_is_fetched_again() {
    let (app, idp) = app_with_provider(Backend::Sqlite).await;
    // Warm the cache with the old key set, then rotate.
    assert_eq!(redirect_to(&app.sign_in_at(&client(), "umea").await), "/");
    let fetched = idp.jwks_fetches();
    idp.twist(Twist::RotatedKey);
    // Our first look was too recent to look again: a burst of unknown keys cannot hammer the provider.
    assert_eq!(
        redirect_to(&app.sign_in_at(&client(), "umea").await),
        "/signin?error=refused"
    );
    assert_eq!(idp.jwks_fetches(), fetched);
    app.clock.advance(Duration::seconds(10));
    assert_eq!(redirect_to(&app.sign_in_at(&client(), "umea").await), "/");
    assert!(
        idp.jwks_fetches() > fetched,
        "the key set was fetched again"
    );
}

#[tokio::test]
async fn two_employers_with_their_own_providers_are_isolated() {
    for b in backends() {
        let (app, idp_a) = app_with_provider(b).await;
        let idp_b = Provider::start(NOW.parse().unwrap()).await;
        add_employer(&app, "vindeln", "Vindelns kommun", &idp_b.issuer(), None).await;
        // The same subject at two providers is two different people.
        idp_a.sign_in_as(provider::user("same-sub", "Ann at Umeå", &["orka-admins"]));
        idp_b.sign_in_as(provider::user("same-sub", "Ann at Vindeln", &[]));
        let a = client();
        let bb = client();
        assert_eq!(redirect_to(&app.sign_in_at(&a, "umea").await), "/");
        assert_eq!(redirect_to(&app.sign_in_at(&bb, "vindeln").await), "/");
        assert_eq!(
            app.count("persons WHERE subject = 'same-sub'").await,
            2,
            "{b:?}"
        );
        let me_a: serde_json::Value = a
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let me_b: serde_json::Value = bb
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_ne!(me_a["id"], me_b["id"]);
        assert_eq!(me_a["employer"]["name"], "Umeå kommun", "{me_a}");
        assert_eq!(me_b["employer"]["name"], "Vindelns kommun", "{me_b}");
        // Umeå's admin role is Umeå's alone.
        assert_eq!(app.count("person_roles r JOIN persons p ON p.id = r.person_id JOIN employers e ON e.id = p.employer_id WHERE e.slug = 'vindeln'").await, 0);

        // The sign-in page offers both employers.
        let page = client().get(app.url("/signin")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains("/auth/login/umea") && html.contains("/auth/login/vindeln"));
    }
}

#[tokio::test]
async fn with_one_employer_the_sign_in_page_goes_straight_to_its_provider() {
    let (app, _idp) = app_with_provider(Backend::Sqlite).await;
    let res = app.get("/signin").await;
    assert_eq!(redirect_to(&res), "/auth/login/umea");
    // Not after signing out or a failure: the person would be signed straight back in.
    assert_eq!(
        app.get("/signin?signed_out=1").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get("/signin?error=refused").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        redirect_to(&app.get("/auth/login/nowhere").await),
        "/signin?error=unknown-employer"
    );
}

#[tokio::test]
async fn an_unreachable_provider_is_a_clear_message() {
    let app = spawn_app_without_demo(Backend::Sqlite).await;
    // A port nobody listens on.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://127.0.0.1:{}", closed.local_addr().unwrap().port());
    drop(closed);
    add_employer(&app, "umea", "Umeå kommun", &issuer, None).await;
    let res = app.get("/auth/login/umea").await;
    assert_eq!(redirect_to(&res), "/signin?error=provider-unavailable");
    let page = app
        .get("/signin?error=provider-unavailable")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("svarar inte just nu"));
}

#[tokio::test]
async fn sign_out_ends_the_session_here_and_at_the_provider() {
    for b in backends() {
        let (app, idp) = app_with_provider(b).await;
        assert_eq!(redirect_to(&app.sign_in_at(&app.client, "umea").await), "/");
        let tablet = client();
        assert_eq!(redirect_to(&app.sign_in_at(&tablet, "umea").await), "/");
        let res = app
            .client
            .post(app.url("/auth/signout"))
            .headers(browser_headers(&app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{b:?}");
        assert_eq!(
            res.headers()["clear-site-data"],
            r#""cache", "storage""#,
            "a shared phone keeps nothing of the person: pages, storage, service worker and push"
        );
        let html = res.text().await.unwrap();
        let logout = format!("{}/logout?", idp.issuer());
        assert!(html.contains(&logout), "RP-initiated logout: {html}");
        assert!(html.contains("id_token_hint=") && html.contains("post_logout_redirect_uri="));
        assert_eq!(app.count("sessions").await, 0, "every device is signed out");
        assert_eq!(redirect_to(&app.get("/").await), "/signin");
        let res = tablet.get(app.url("/")).send().await.unwrap();
        assert_eq!(redirect_to(&res), "/signin");
    }
}

#[tokio::test]
async fn sessions_end_when_idle_and_at_their_absolute_limit() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in("employee").await;
        // Used every 25 minutes, a session lives on...
        for _ in 0..4 {
            app.clock.advance(Duration::minutes(25));
            assert_eq!(app.get("/").await.status(), StatusCode::OK, "{b:?}");
        }
        // ...but not past 30 idle minutes.
        app.clock.advance(Duration::minutes(31));
        assert_eq!(redirect_to(&app.get("/").await), "/signin");

        app.sign_in("employee").await;
        for _ in 0..28 {
            app.clock.advance(Duration::minutes(25));
            assert_eq!(app.get("/").await.status(), StatusCode::OK);
        }
        // 12 hours after sign-in it ends however active it is.
        app.clock.advance(Duration::minutes(25));
        assert_eq!(redirect_to(&app.get("/").await), "/signin", "{b:?}");
    }
}

#[tokio::test]
async fn a_person_who_leaves_is_signed_out_everywhere_and_cannot_sign_in() {
    for b in backends() {
        let (app, idp) = app_with_provider(b).await;
        idp.sign_in_as(provider::user("leaver", "Lo Leaver", &[]));
        let phone = client();
        let laptop = client();
        assert_eq!(redirect_to(&app.sign_in_at(&phone, "umea").await), "/");
        assert_eq!(redirect_to(&app.sign_in_at(&laptop, "umea").await), "/");
        let me: serde_json::Value = phone
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = domain::PersonId::from_uuid(me["id"].as_str().unwrap().parse().unwrap());

        assert!(service::sessions::deactivate(&app.db, id).await.unwrap());
        for browser in [&phone, &laptop] {
            let res = browser.get(app.url("/")).send().await.unwrap();
            assert_eq!(redirect_to(&res), "/signin", "{b:?}");
        }
        assert_eq!(
            redirect_to(&app.sign_in_at(&phone, "umea").await),
            "/signin?error=left"
        );
        assert_eq!(
            app.count("persons WHERE subject = 'leaver'").await,
            1,
            "kept, not deleted"
        );
    }
}
