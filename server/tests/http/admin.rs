//! The employer's admins manage sign-in settings on the admin page and over the API; the
//! client secret goes in and is used, and never comes back out.

use crate::helpers::*;
use crate::provider::{self, Provider};

async fn signed_in_admin(b: Backend) -> (TestApp, Provider, reqwest::Client) {
    let app = spawn_app_without_demo(b).await;
    let idp = Provider::start(NOW.parse().unwrap()).await;
    add_employer(&app, "umea", "Umeå kommun", &idp.issuer(), None).await;
    idp.sign_in_as(provider::user("u-admin", "Ali Admin", &["orka-admins"]));
    let admin = client();
    assert_eq!(location(&app.sign_in_at(&admin, "umea").await), "/");
    (app, idp, admin)
}

fn form(issuer: &str, secret: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", "Umeå kommun".into()),
        ("issuer", issuer.into()),
        ("client_id", provider::CLIENT_ID.into()),
        ("client_secret", secret.into()),
        ("scopes", "openid profile email".into()),
        ("groups_claim", "groups".into()),
        ("role_map", "hr-rehab=coordinator,orka-admins=admin".into()),
        ("api_audience", "orka-api".into()),
    ]
}

#[tokio::test]
async fn admins_see_the_settings_but_never_the_secret() {
    for b in backends() {
        let (app, idp, admin) = signed_in_admin(b).await;
        let page = admin.get(app.url("/admin")).send().await.unwrap();
        assert_eq!(page.status(), 200, "{b:?}");
        let page = page.text().await.unwrap();
        assert!(page.contains(&idp.issuer()));
        assert!(
            page.contains(&app.url("/auth/callback/umea")),
            "the employer's own redirect URI to register"
        );
        let api = admin
            .get(app.url("/api/v1/employers/umea"))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 200);
        let api = api.text().await.unwrap();
        assert!(api.contains("/auth/callback/umea\""), "{api}");
        for shown in [&page, &api] {
            assert!(
                !shown.contains(provider::CLIENT_SECRET),
                "the secret is never shown"
            );
        }
    }
}

#[tokio::test]
async fn the_admin_form_saves_and_explains_every_refused_field() {
    for b in backends() {
        let (app, idp, admin) = signed_in_admin(b).await;
        let post = |fields: Vec<(&'static str, String)>| {
            admin
                .post(app.url("/admin/employer"))
                .headers(browser_headers(&app.address))
                .form(&fields)
                .send()
        };

        let mut bad = form("http://idp.example.se", "typed-secret-1");
        bad[4].1 = "openid typed-scope".into();
        bad[6].1 = "orka-admins=wizard".into();
        let res = post(bad).await.unwrap();
        assert_eq!(res.status(), 422, "{b:?}");
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"issuer-error\""), "{html}");
        assert!(html.contains("id=\"role_map-error\""));
        assert!(
            html.contains("”wizard” är ingen roll"),
            "the problem in the reader's language"
        );
        assert!(html.contains("typed-scope"), "what was typed stays");
        assert!(
            html.contains(&idp.issuer()) && !html.contains("http://idp.example.se"),
            "the issuer shown is the one in force"
        );
        assert!(
            !html.contains("typed-secret-1"),
            "a secret is never put back in a page"
        );
        assert_eq!(
            app.count("identity_providers WHERE role_map LIKE '%wizard%'")
                .await,
            0,
            "nothing half-saved"
        );

        let res = post(form(&idp.issuer(), "a-new-secret")).await.unwrap();
        assert_eq!(location(&res), "/admin?saved=1");
        assert_eq!(
            app.count("identity_providers WHERE client_secret = 'a-new-secret' AND api_audience = 'orka-api'")
                .await,
            1
        );
        let saved = admin.get(app.url("/admin?saved=1")).send().await.unwrap();
        assert!(saved.text().await.unwrap().contains("role=\"status\""));

        // An empty secret field keeps the stored secret.
        let res = post(form(&idp.issuer(), "")).await.unwrap();
        assert_eq!(location(&res), "/admin?saved=1");
        assert_eq!(
            app.count("identity_providers WHERE client_secret = 'a-new-secret'")
                .await,
            1
        );
        assert!(
            !captured_log().contains("a-new-secret"),
            "secrets stay out of logs"
        );
    }
}

#[tokio::test]
async fn the_settings_api_checks_every_field() {
    for b in backends() {
        let (app, _idp, admin) = signed_in_admin(b).await;
        let patch = |body: serde_json::Value| {
            admin
                .patch(app.url("/api/v1/employers/umea"))
                .json(&body)
                .send()
        };
        let res = patch(serde_json::json!({ "issuer": "ftp://x", "role_map": "a=b", "name": " " }))
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{b:?}");
        let problem: serde_json::Value = res.json().await.unwrap();
        let mut fields: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        fields.sort();
        assert_eq!(fields, ["issuer", "name", "role_map"]);
        let code = |name: &str| {
            problem["errors"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["field"] == name)
                .map(|e| (e["code"].clone(), e["message"].clone()))
                .unwrap()
        };
        assert_eq!(code("name").0, "missing");
        assert_eq!(code("role_map").0, "unknown_role");
        assert!(
            code("role_map").1.as_str().unwrap().contains("”b”"),
            "{problem}"
        );

        let res = patch(serde_json::json!({ "colour": "green" }))
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        assert_eq!(res.headers()["content-type"], "application/problem+json");

        let res = patch(serde_json::json!({ "groups_claim": "roles", "api_audience": "orka-api" }))
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let read_back: serde_json::Value = res.json().await.unwrap();
        let res = patch(serde_json::json!({ "issuer": read_back["provider"]["issuer"], "groups_claim": "roles" }))
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "the issuer in force may be sent back");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["provider"]["groups_claim"], "roles");
        assert_eq!(body["provider"]["api_audience"], "orka-api");
    }
}

#[tokio::test]
async fn an_admin_cannot_point_sign_in_at_another_provider() {
    for b in backends() {
        let (app, idp, admin) = signed_in_admin(b).await;
        let res = admin
            .patch(app.url("/api/v1/employers/umea"))
            .json(&serde_json::json!({ "issuer": "https://idp.attacker.example" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{b:?}");
        let problem: serde_json::Value = res.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "issuer", "{problem}");
        assert_eq!(problem["errors"][0]["code"], "operator_only");
        assert!(problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("orka employer update"));
        let res = admin
            .post(app.url("/admin/employer"))
            .headers(browser_headers(&app.address))
            .form(&form("https://idp.attacker.example", ""))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert_eq!(
            app.count("identity_providers WHERE issuer LIKE '%attacker%'")
                .await,
            0,
            "nothing saved"
        );
        let page = admin.get(app.url("/admin")).send().await.unwrap();
        let page = page.text().await.unwrap();
        let input = &page[page.find("id=\"issuer\"").unwrap()..];
        let input = &input[..input.find('>').unwrap()];
        assert!(
            input.contains("readonly") && input.contains(&idp.issuer()),
            "the issuer is shown, not editable: {input}"
        );
    }
}

#[tokio::test]
async fn every_change_of_the_settings_says_who_made_it_and_never_a_secret() {
    for b in backends() {
        let (app, idp, admin) = signed_in_admin(b).await;
        app.clock.advance(chrono::Duration::minutes(1));
        let res = admin
            .patch(app.url("/api/v1/employers/umea"))
            .json(&serde_json::json!({
                "role_map": "orka-admins=admin,hr=coordinator",
                "client_secret": "rotated-secret-9",
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{b:?}");
        let text = res.text().await.unwrap();
        assert!(!text.contains("rotated-secret-9") && !text.contains(provider::CLIENT_SECRET));
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let changes = v["changes"].as_array().unwrap();
        assert_eq!(
            changes.len(),
            2,
            "the operator's adding, then the admin's change: {v}"
        );
        let latest = &changes[0];
        assert_eq!(latest["by_name"], "Ali Admin");
        let field = |c: &serde_json::Value, name: &str| {
            c["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["field"] == name)
                .cloned()
        };
        let role_map = field(latest, "role_map").expect("the role map changed");
        assert_eq!(
            role_map["to"], "hr=coordinator,orka-admins=admin",
            "as the role map writes itself"
        );
        assert!(role_map["from"]
            .as_str()
            .unwrap()
            .contains("hr-rehab=coordinator"));
        let secret = field(latest, "client_secret").expect("the secret changed");
        assert!(
            secret["from"].is_null() && secret["to"].is_null(),
            "{secret}"
        );
        let added = &changes[1];
        assert!(added["by"].is_null(), "the operator: {added}");
        assert_eq!(field(added, "issuer").unwrap()["to"], idp.issuer());
        assert_eq!(
            app.count("employer_changes WHERE changes LIKE '%secret-%'")
                .await,
            0,
            "no secret is kept"
        );
        let page = admin.get(app.url("/admin")).send().await.unwrap();
        let page = page.text().await.unwrap();
        assert!(
            page.contains("Senaste ändringar") && page.contains("Ali Admin ändrade"),
            "{page}"
        );
    }
}

#[tokio::test]
async fn people_who_are_not_admins_cannot_change_settings() {
    for b in backends() {
        let (app, idp, _admin) = signed_in_admin(b).await;
        idp.sign_in_as(provider::user("u-anna", "Anna Lind", &[]));
        let anna = client();
        app.sign_in_at(&anna, "umea").await;
        let res = anna
            .post(app.url("/admin/employer"))
            .headers(browser_headers(&app.address))
            .form(&form("https://evil.example", "stolen"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{b:?}");
        let res = anna
            .patch(app.url("/api/v1/employers/umea"))
            .json(&serde_json::json!({ "issuer": "https://evil.example" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(
            app.count("identity_providers WHERE issuer LIKE '%evil%'")
                .await,
            0
        );
    }
}

#[tokio::test]
async fn admins_keep_the_contact_directory_their_people_see_in_the_guidance() {
    for b in backends() {
        let (app, idp, admin) = signed_in_admin(b).await;
        let put = |client: &reqwest::Client, body: serde_json::Value| {
            client
                .put(app.url("/api/v1/employers/umea/contacts"))
                .json(&body)
                .send()
        };
        let bad = put(
            &admin,
            serde_json::json!({ "items": [
                { "kind": "1177", "name": "Not ours" },
                { "kind": "hr", "name": " ", "phone": "call me", "url": "http://x.se", "email": "nope" }
            ]}),
        )
        .await
        .unwrap();
        assert_eq!(bad.status(), 422, "{b:?}");
        let problem: serde_json::Value = bad.json().await.unwrap();
        let fields: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            [
                "items[0].kind",
                "items[1].name",
                "items[1].phone",
                "items[1].email",
                "items[1].url"
            ]
        );
        let directory = serde_json::json!({ "items": [
            { "kind": "occupational-health", "name": "Hälsan Umeå", "phone": "090-16 10 00",
              "email": null, "url": "https://example.se/halsan", "note": "Boka själv." }
        ]});
        let ok = put(&admin, directory.clone()).await.unwrap();
        assert_eq!(ok.status(), 200);
        let listed: serde_json::Value = admin
            .get(app.url("/api/v1/employers/umea/contacts"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(listed, directory);

        idp.sign_in_as(provider::user("u-anna", "Anna Lind", &[]));
        let anna = client();
        app.sign_in_at(&anna, "umea").await;
        let page = anna
            .get(app.url("/guidance/occupational-health-services"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Hälsan Umeå") && page.contains("href=\"tel:090161000\""));
        let refused = put(&anna, serde_json::json!({ "items": [] }))
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
    }
}
