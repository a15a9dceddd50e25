use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn health_and_readiness_answer() {
    for b in backends() {
        let app = spawn_app(b).await;
        assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
        let ready = app.get("/readyz").await;
        assert_eq!(ready.status(), StatusCode::OK, "{b:?}");
    }
}

#[tokio::test]
async fn personal_pages_send_signed_out_visitors_to_sign_in() {
    let app = spawn_app(Backend::Sqlite).await;
    for path in ["/", "/checkin", "/history"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(res.headers()["location"], "/signin");
    }
}

#[tokio::test]
async fn demo_sign_in_starts_a_session_with_a_safe_cookie() {
    for b in backends() {
        let app = spawn_app(b).await;
        let res = app.sign_in("employee").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/");
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.starts_with("orka_session="), "{cookie}");
        assert!(
            cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax")
                && cookie.contains("Path=/"),
            "{cookie}"
        );
        // The public URL is plain-http loopback, the one place a Secure cookie would be dropped.
        assert!(!cookie.contains("Secure"), "{cookie}");

        let me: serde_json::Value = app.get("/api/v1/me").await.json().await.unwrap();
        assert_eq!(me["display_name"], "Anna Lind");
        assert_eq!(me["employer"]["name"], "Demokommun");
        let home = app.get("/").await;
        assert_eq!(home.status(), StatusCode::OK);
        assert!(home.text().await.unwrap().contains("Hej Anna Lind!"));
    }
}

#[tokio::test]
async fn every_persona_can_sign_in() {
    let app = spawn_app(Backend::Sqlite).await;
    for (persona, name) in [
        ("employee", "Anna Lind"),
        ("manager", "Maria Berg"),
        ("coordinator", "Karin Holm"),
        ("sicklisted", "Erik Nilsson"),
        ("admin", "Olle Ström"),
    ] {
        let client = client();
        assert_eq!(
            app.sign_in_with(&client, persona).await.status(),
            StatusCode::SEE_OTHER
        );
        let me: serde_json::Value = client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["display_name"], name);
    }
}

#[tokio::test]
async fn an_unknown_persona_is_refused_with_a_problem() {
    let app = spawn_app(Backend::Sqlite).await;
    for form in [vec![("persona", "root")], vec![]] {
        let res = app
            .client
            .post(app.url("/auth/demo"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        assert!(res.headers().get("set-cookie").is_none());
    }
}

#[tokio::test]
async fn without_demo_mode_there_is_no_demo_sign_in() {
    let app = spawn_app_without_demo(Backend::Sqlite).await;
    let res = app.sign_in("employee").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let page = app.get("/signin").await.text().await.unwrap();
    assert!(!page.contains("/auth/demo"));
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.sign_in("employee").await;
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let res = app
        .client
        .post(app.url("/auth/signout"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/signin?signed_out=1");
    assert_eq!(res.headers()["clear-site-data"], r#""cache", "storage""#);
    // Replaying the old cookie from another client no longer works.
    let other = client();
    let res = other
        .get(app.url("/api/v1/me"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn cross_site_form_posts_are_refused() {
    let app = spawn_app(Backend::Sqlite).await;
    let evil = app
        .client
        .post(app.url("/auth/demo"))
        .header("origin", "https://evil.example")
        .form(&[("persona", "employee")])
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), StatusCode::FORBIDDEN);
    let evil = app
        .client
        .post(app.url("/auth/demo"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("persona", "employee")])
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), StatusCode::FORBIDDEN);
    let own = app
        .client
        .post(app.url("/auth/demo"))
        .headers(browser_headers(&app.address))
        .form(&[("persona", "employee")])
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::SEE_OTHER);
    let put = app
        .client
        .put(app.url(&format!("/api/v1/checkins/{THIS_WEEK}")))
        .header("origin", "https://evil.example")
        .json(&good_answers())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count_check_ins(THIS_WEEK).await, 0);
}

#[tokio::test]
async fn me_says_which_places_and_units_a_native_app_should_show() {
    let app = spawn_app(Backend::Sqlite).await;
    for (persona, team, own_case, admin, units) in [
        ("employee", false, false, false, vec![]),
        ("manager", true, false, false, vec!["Hemtjänst Norr"]),
        ("coordinator", true, false, false, vec![]),
        ("sicklisted", false, true, false, vec![]),
        ("admin", false, false, true, vec![]),
    ] {
        let client = client();
        app.sign_in_with(&client, persona).await;
        let me: serde_json::Value = client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let places = &me["places"];
        assert_eq!(places["team"], team, "{persona}: {me}");
        assert_eq!(places["own_case"], own_case, "{persona}: {me}");
        assert_eq!(places["admin"], admin, "{persona}: {me}");
        let names: Vec<&str> = me["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, units, "{persona}");
        // Each unit named is one whose trend the person may read.
        for unit in me["units"].as_array().unwrap() {
            let path = format!("/api/v1/units/{}/trend", unit["id"].as_str().unwrap());
            let res = client.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{persona}: {path}");
        }
    }
}
