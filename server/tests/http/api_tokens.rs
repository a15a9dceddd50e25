//! `Authorization: Bearer` access tokens from the employer's provider, as a native app sends
//! them: the same person and the same policy as a web session, and every bad token refused
//! with a problem detail, storing nothing.

use crate::helpers::*;
use crate::provider::{self, Provider, Twist};

const AUDIENCE: &str = "orka-api";

async fn app_with_api(b: Backend) -> (TestApp, Provider) {
    let app = spawn_app_without_demo(b).await;
    let idp = Provider::start(NOW.parse().unwrap()).await;
    add_employer(&app, "umea", "Umeå kommun", &idp.issuer(), Some(AUDIENCE)).await;
    (app, idp)
}

async fn get_with(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    client()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// Signs Sara in on the web once, so Orka knows her; returns her id.
async fn known_person(app: &TestApp, idp: &Provider) -> String {
    idp.sign_in_as(provider::user("u-sara", "Sara Ek", &[]));
    let web = client();
    app.sign_in_at(&web, "umea").await;
    let me: serde_json::Value = web
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    me["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_access_token_is_the_same_person_under_the_same_policy() {
    for b in backends() {
        let (app, idp) = app_with_api(b).await;
        let id = known_person(&app, &idp).await;
        let sessions = app.count("sessions").await;
        let token = idp.access_token("u-sara", AUDIENCE);

        let me = get_with(&app, "/api/v1/me", &token).await;
        assert_eq!(me.status(), 200, "{b:?}");
        let me: serde_json::Value = me.json().await.unwrap();
        assert_eq!(me["id"], id.as_str());

        // Writes work too: a native app has no Origin or Sec-Fetch-Site to refuse.
        let put = client()
            .put(app.url(&format!("/api/v1/checkins/{THIS_WEEK}")))
            .bearer_auth(&token)
            .json(&good_answers())
            .send()
            .await
            .unwrap();
        assert_eq!(put.status(), 200);
        let mine = get_with(&app, &format!("/api/v1/people/{id}/checkins"), &token).await;
        assert_eq!(mine.status(), 200);
        assert!(mine.text().await.unwrap().contains(THIS_WEEK));
        // The policy is the same: an employee's token opens no employer settings.
        let admin = get_with(&app, "/api/v1/employers/umea", &token).await;
        assert_eq!(admin.status(), 403);

        assert_eq!(
            app.count("sessions").await,
            sessions,
            "tokens make no sessions"
        );
        // Pages are for sessions: a token does not sign anyone in there.
        let page = get_with(&app, "/history", &token).await;
        assert_eq!(page.status(), 303);
    }
}

#[tokio::test]
async fn bad_tokens_are_refused_with_a_problem_detail_and_store_nothing() {
    for b in backends() {
        let (app, idp) = app_with_api(b).await;
        known_person(&app, &idp).await;
        let before = (app.count("persons").await, app.count("sessions").await);
        let mut refused = vec![];
        for twist in [
            Twist::WrongIssuer,
            Twist::WrongAudience,
            Twist::Expired,
            Twist::UnknownKid,
            Twist::Tampered,
            // An ID token (it carries a nonce) is not an access token.
            Twist::WrongNonce,
        ] {
            idp.twist(twist);
            refused.push((format!("{twist:?}"), idp.access_token("u-sara", AUDIENCE)));
        }
        idp.twist(Twist::None);
        refused.push((
            "for the web client".into(),
            idp.access_token("u-sara", provider::CLIENT_ID),
        ));
        refused.push(("not a JWT".into(), "abc.def".into()));
        refused.push(("empty".into(), String::new()));
        let unsigned = {
            let good = idp.access_token("u-sara", AUDIENCE);
            let mut parts: Vec<&str> = good.split('.').collect();
            parts[0] = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"; // {"alg":"none","typ":"JWT"}
            parts[2] = "";
            parts.join(".")
        };
        refused.push(("alg none".into(), unsigned));

        for (what, token) in refused {
            let res = get_with(&app, "/api/v1/me", &token).await;
            assert_eq!(res.status(), 401, "{what} on {b:?}");
            assert_eq!(
                res.headers()["www-authenticate"],
                "Bearer error=\"invalid_token\"",
                "{what}"
            );
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let body = res.text().await.unwrap();
            assert!(
                body.contains("urn:orka:problem:invalid-token"),
                "{what}: {body}"
            );
        }
        assert_eq!(
            (app.count("persons").await, app.count("sessions").await),
            before,
            "nothing stored"
        );
        assert!(
            !captured_log().contains("eyJ"),
            "no token reaches a log line"
        );
    }
}

#[tokio::test]
async fn a_new_provider_key_is_fetched_when_a_token_names_it() {
    for b in backends() {
        let (app, idp) = app_with_api(b).await;
        known_person(&app, &idp).await;
        idp.twist(Twist::RotatedKey);
        // Past the pause that keeps forged key ids from hammering the provider.
        app.clock.advance(chrono::Duration::seconds(10));
        let res = get_with(&app, "/api/v1/me", &idp.access_token("u-sara", AUDIENCE)).await;
        assert_eq!(res.status(), 200, "{b:?}");
    }
}

#[tokio::test]
async fn tokens_for_unknown_people_leavers_and_employers_without_an_api_say_so() {
    for b in backends() {
        let (app, idp) = app_with_api(b).await;
        let id = known_person(&app, &idp).await;

        let stranger = get_with(&app, "/api/v1/me", &idp.access_token("u-nobody", AUDIENCE)).await;
        assert_eq!(stranger.status(), 403, "{b:?}");
        assert!(stranger.text().await.unwrap().contains("unknown-person"));
        assert_eq!(app.count("persons WHERE subject = 'u-nobody'").await, 0);

        let person = domain::PersonId::from_uuid(id.parse().unwrap());
        service::sessions::deactivate(&app.db, person)
            .await
            .unwrap();
        let left = get_with(&app, "/api/v1/me", &idp.access_token("u-sara", AUDIENCE)).await;
        assert_eq!(left.status(), 403);
        assert!(left.text().await.unwrap().contains("account-closed"));

        // A second employer on another provider without an API audience takes no tokens.
        let other = Provider::start(NOW.parse().unwrap()).await;
        add_employer(&app, "vindeln", "Vindelns kommun", &other.issuer(), None).await;
        let res = get_with(&app, "/api/v1/me", &other.access_token("u-sara", AUDIENCE)).await;
        assert_eq!(res.status(), 401);
    }
}

#[tokio::test]
async fn employers_sharing_a_provider_each_take_only_the_tokens_for_their_own_audience() {
    for b in backends() {
        let (app, idp) = app_with_api(b).await;
        use service::employers::{self, EmployerError, NewEmployer, ProviderSettings};
        let settings = |audience: &str| ProviderSettings {
            issuer: idp.issuer(),
            client_id: provider::CLIENT_ID.into(),
            client_secret: secrecy::SecretString::from(provider::CLIENT_SECRET),
            scopes: employers::default_scopes(),
            groups_claim: Some("groups".into()),
            role_map: domain::RoleMap::parse("orka-admins=admin").unwrap(),
            api_audience: Some(audience.into()),
        };
        let vindeln = |audience: &str| NewEmployer {
            slug: domain::Slug::parse("vindeln").unwrap(),
            name: "Vindelns kommun".into(),
            provider: Some(settings(audience)),
        };
        let now = service::Clock::now(app.clock.as_ref());
        // Umeå's issuer and audience would make every Umeå token Vindeln's too.
        let taken = employers::add_employer(&app.db, vindeln(AUDIENCE), now).await;
        assert!(
            matches!(taken, Err(EmployerError::AudienceTaken)),
            "{b:?}: {taken:?}"
        );
        assert_eq!(
            app.count("employers WHERE slug = 'vindeln'").await,
            0,
            "nothing half-added"
        );
        employers::add_employer(&app.db, vindeln("orka-vindeln"), now)
            .await
            .unwrap();

        // The same subject at both employers: two people, each reached by their own audience.
        let umea_sara = known_person(&app, &idp).await;
        idp.sign_in_as(provider::user(
            "u-sara",
            "Sara at Vindeln",
            &["orka-admins"],
        ));
        let web = client();
        assert_eq!(location(&app.sign_in_at(&web, "vindeln").await), "/");
        for (audience, employer) in [
            (AUDIENCE, "Umeå kommun"),
            ("orka-vindeln", "Vindelns kommun"),
        ] {
            let me: serde_json::Value =
                get_with(&app, "/api/v1/me", &idp.access_token("u-sara", audience))
                    .await
                    .json()
                    .await
                    .unwrap();
            assert_eq!(me["employer"]["name"], employer, "{b:?}: {me}");
            assert_eq!(me["id"] == umea_sara.as_str(), audience == AUDIENCE);
        }
        // Vindeln's admin cannot take Umeå's audience on the web either.
        let res = web
            .patch(app.url("/api/v1/employers/vindeln"))
            .json(&serde_json::json!({ "api_audience": AUDIENCE }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let problem: serde_json::Value = res.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "api_audience", "{problem}");
        assert_eq!(problem["errors"][0]["code"], "taken");
    }
}
