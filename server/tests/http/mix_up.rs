//! The OAuth mix-up attack across employers, tried as an attacker would: the admin of one
//! employer (Vindeln) has Vindeln's sign-in pointed at a provider they control, which relays a
//! victim at another employer (Umeå) to Umeå's real provider with the attacker's own PKCE
//! challenge and nonce, hoping to receive Umeå's authorization code at its token endpoint and
//! replay it in the attacker's own browser to sign in as the victim.

use crate::helpers::*;
use crate::provider::{self, Provider};
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What the attacker's provider relays victims with: the honest provider's authorization
/// endpoint, the attacker's own challenge and nonce, and the address the code should go to.
#[derive(Clone, Default)]
struct Plan {
    honest_authorize: String,
    nonce: String,
    challenge: String,
    redirect_uri: String,
}

/// A real provider on loopback as far as Orka can tell (discovery, keys, endpoints), whose
/// authorization endpoint relays to another provider and whose token endpoint keeps every code
/// it is sent.
#[derive(Clone)]
struct Relay {
    issuer: String,
    plan: Arc<Mutex<Plan>>,
    captured: Arc<Mutex<Vec<String>>>,
}

impl Relay {
    async fn start() -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let relay = Relay {
            issuer: format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port()),
            plan: Arc::default(),
            captured: Arc::default(),
        };
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(relay_discovery))
            .route(
                "/jwks",
                get(|| async { Json(serde_json::json!({ "keys": [] })) }),
            )
            .route("/authorize", get(relay_authorize))
            .route("/token", post(relay_token))
            .with_state(relay.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        relay
    }

    fn captured(&self) -> Vec<String> {
        self.captured.lock().unwrap().clone()
    }
}

async fn relay_discovery(State(r): State<Relay>) -> Json<serde_json::Value> {
    let issuer = &r.issuer;
    Json(serde_json::json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
    }))
}

/// Keeps Orka's `state` (so the victim's browser matches its own attempt on the way back) and
/// swaps in everything else.
async fn relay_authorize(
    State(r): State<Relay>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let plan = r.plan.lock().unwrap().clone();
    let mut to = url::Url::parse(&plan.honest_authorize).unwrap();
    to.query_pairs_mut()
        .append_pair("client_id", provider::CLIENT_ID)
        .append_pair("redirect_uri", &plan.redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("scope", "openid profile email")
        .append_pair("state", &q["state"])
        .append_pair("nonce", &plan.nonce)
        .append_pair("code_challenge", &plan.challenge)
        .append_pair("code_challenge_method", "S256");
    Redirect::to(to.as_str()).into_response()
}

async fn relay_token(State(r): State<Relay>, Form(f): Form<HashMap<String, String>>) -> Response {
    if let Some(code) = f.get("code") {
        r.captured.lock().unwrap().push(code.clone());
    }
    (
        reqwest::StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": "invalid_grant" })),
    )
        .into_response()
}

fn query_of(location: &str) -> HashMap<String, String> {
    url::Url::parse(location)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

/// Follows redirects by hand (the test clients do not) and returns the last answer.
async fn follow(browser: &reqwest::Client, mut url: String) -> reqwest::Response {
    loop {
        let res = browser.get(&url).send().await.unwrap();
        if res.status() != reqwest::StatusCode::SEE_OTHER || !location(&res).starts_with("http") {
            return res;
        }
        url = location(&res);
    }
}

#[tokio::test]
async fn a_provider_of_another_employer_cannot_relay_a_victims_sign_in_to_its_attacker() {
    for b in backends() {
        // Umeå's provider with and without RFC 9207; the victim sent back to Umeå's address
        // (where the honest provider registered Orka) or to Vindeln's (a provider that does
        // not check registered addresses).
        for (iss, back_to) in [
            (false, "umea"),
            (false, "vindeln"),
            (true, "umea"),
            (true, "vindeln"),
        ] {
            let case = format!("{b:?}, iss {iss}, back to {back_to}");
            let app = spawn_app_without_demo(b).await;
            let honest = Provider::start(NOW.parse().unwrap()).await;
            if iss {
                honest.send_iss_in_responses();
            }
            add_employer(&app, "umea", "Umeå kommun", &honest.issuer(), None).await;
            let evil = Relay::start().await;
            add_employer(&app, "vindeln", "Vindelns kommun", &evil.issuer, None).await;
            honest.sign_in_as(provider::user("u-victim", "Vera Victim", &["orka-admins"]));

            // The attacker begins a sign-in at Umeå in their own browser and stops at the
            // provider, keeping the nonce and PKCE challenge Orka made for it.
            let attacker = client();
            let start = attacker
                .get(app.url("/auth/login/umea"))
                .send()
                .await
                .unwrap();
            let theirs = query_of(&location(&start));
            *evil.plan.lock().unwrap() = Plan {
                honest_authorize: format!("{}/authorize", honest.issuer()),
                nonce: theirs["nonce"].clone(),
                challenge: theirs["code_challenge"].clone(),
                redirect_uri: app.url(&format!("/auth/callback/{back_to}")),
            };

            // The victim is lured into signing in at Vindeln; the attacker's provider relays
            // them to Umeå's, where they are signed in already.
            let victim = client();
            let landed = follow(&victim, app.url("/auth/login/vindeln")).await;
            assert!(
                location(&landed).starts_with("/signin?error="),
                "{case}: the victim's sign-in ends refused, not at {}",
                location(&landed)
            );
            if back_to == "umea" || iss {
                assert_eq!(
                    evil.captured(),
                    Vec::<String>::new(),
                    "{case}: the code never reaches the other employer's provider"
                );
            }

            // Whatever the attacker caught, they replay it in the browser that began at Umeå.
            for code in evil.captured() {
                let mut replay = url::Url::parse(&app.url("/auth/callback/umea")).unwrap();
                replay
                    .query_pairs_mut()
                    .append_pair("code", &code)
                    .append_pair("state", &theirs["state"]);
                if iss {
                    replay
                        .query_pairs_mut()
                        .append_pair("iss", &honest.issuer());
                }
                let res = attacker.get(replay.as_str()).send().await.unwrap();
                assert!(
                    location(&res).starts_with("/signin?error="),
                    "{case}: the replay is refused"
                );
            }
            let me = attacker.get(app.url("/api/v1/me")).send().await.unwrap();
            assert_eq!(me.status(), 401, "{case}: the attacker is nobody");
            assert_eq!(app.count("sessions").await, 0, "{case}");
            assert_eq!(
                app.count("persons WHERE subject = 'u-victim'").await,
                0,
                "{case}"
            );
        }
    }
}

#[tokio::test]
async fn an_answer_naming_another_issuer_or_none_where_one_is_promised_is_refused() {
    for b in backends() {
        let app = spawn_app_without_demo(b).await;
        let idp = Provider::start(NOW.parse().unwrap()).await;
        idp.send_iss_in_responses();
        add_employer(&app, "umea", "Umeå kommun", &idp.issuer(), None).await;
        for iss in [Some("http://127.0.0.1:1"), None] {
            let browser = client();
            let start = browser
                .get(app.url("/auth/login/umea"))
                .send()
                .await
                .unwrap();
            let at_provider = browser.get(location(&start)).send().await.unwrap();
            let mut back = url::Url::parse(&location(&at_provider)).unwrap();
            let kept: Vec<(String, String)> = back
                .query_pairs()
                .into_owned()
                .filter(|(k, _)| k != "iss")
                .collect();
            back.query_pairs_mut().clear().extend_pairs(kept);
            if let Some(iss) = iss {
                back.query_pairs_mut().append_pair("iss", iss);
            }
            let res = browser.get(back.as_str()).send().await.unwrap();
            assert_eq!(
                location(&res),
                "/signin?error=refused",
                "{b:?}, iss {iss:?}"
            );
        }
        // The provider's own answer, iss and all, signs in.
        assert_eq!(location(&app.sign_in_at(&client(), "umea").await), "/");
        assert_eq!(app.count("sessions").await, 1, "{b:?}");
    }
}
