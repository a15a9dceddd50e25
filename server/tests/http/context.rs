//! The request context every handler takes (`server::context`): what someone gets whose
//! session is missing, has run out, or belongs to a person who has left, on a page and on the
//! API, and that an optional context serves them as signed out.

use crate::helpers::*;
use reqwest::StatusCode;

/// A page sends them to sign in; the API answers 401 with a problem detail in their language.
async fn is_signed_out(app: &TestApp, client: &reqwest::Client, b: Backend) {
    for page in ["/reminders", "/sharing", "/rehab", "/editor/feedback"] {
        let res = client.get(app.url(page)).send().await.unwrap();
        assert_eq!(location(&res), "/signin", "{b:?}: {page}");
    }
    let form = client
        .post(app.url("/reminders"))
        .headers(browser_headers(&app.address))
        .form(&[("weekday", "mon")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&form), "/signin", "{b:?}: a form");
    for (accept, title) in [
        ("sv", "Du är inte inloggad"),
        ("en", "You are no longer signed in"),
    ] {
        let res = client
            .get(app.url("/api/v1/me"))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{b:?}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{b:?}"
        );
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["type"], "urn:orka:problem:unauthenticated");
        assert!(body["title"].as_str().unwrap().starts_with(title), "{body}");
    }
    // Where being signed in is optional, they are served as anyone signed out.
    let article = client
        .get(app.url("/api/v1/guidance/sleep?lang=sv"))
        .send()
        .await
        .unwrap();
    assert_eq!(article.status(), StatusCode::OK, "{b:?}");
}

#[tokio::test]
async fn no_session_an_ended_session_and_a_person_who_left_are_all_signed_out() {
    for b in backends() {
        let app = spawn_app(b).await;
        is_signed_out(&app, &client(), b).await;

        // A session that ran out: idle past the limit.
        let idle = client();
        app.sign_in_with(&idle, "employee").await;
        let me = idle.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(me.status(), StatusCode::OK, "{b:?}");
        app.clock.advance(chrono::Duration::minutes(31));
        is_signed_out(&app, &idle, b).await;

        // A person who has left, with a session that has not run out.
        let leaving = client();
        app.sign_in_with(&leaving, "employee").await;
        let me: serde_json::Value = leaving
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id: uuid::Uuid = me["id"].as_str().unwrap().parse().unwrap();
        assert!(
            service::sessions::deactivate(&app.db, domain::PersonId::from_uuid(id))
                .await
                .unwrap()
        );
        is_signed_out(&app, &leaving, b).await;
    }
}
