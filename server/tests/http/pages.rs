use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_check_in_works_as_a_plain_form_without_javascript() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in("employee").await;
        let form = [
            ("stress", "4"),
            ("work_ability", "5"),
            ("who5_1", "2"),
            ("who5_2", "2"),
            ("who5_3", "2"),
            ("who5_4", "2"),
            ("who5_5", "2"),
            ("note", "min egen rad"),
        ];
        let res = app
            .client
            .post(app.url("/checkin"))
            .headers(browser_headers(&app.address))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{b:?}");
        assert_eq!(res.headers()["location"], "/checkin");
        let page = app.get("/checkin").await.text().await.unwrap();
        assert!(
            page.contains("Tack! Dina svar för vecka 48 är sparade."),
            "{b:?}"
        );
        assert!(page.contains("Ditt välbefinnande (WHO-5): 40 av 100."));
        assert!(page.contains("Låg arbetsförmåga"));
        // Changing the answers shows the form again, filled in.
        let edit = app.get("/checkin?edit=1").await.text().await.unwrap();
        assert!(edit.contains("min egen rad"));
        assert!(
            edit.contains(r#"id="stress-4" name="stress" value="4" checked"#),
            "stress 4 stays chosen"
        );
    }
}

#[tokio::test]
async fn a_rejected_plain_form_comes_back_with_field_messages_and_the_answers_given() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sign_in("employee").await;
    let form = [
        ("stress", "3"),
        ("work_ability", "eleven"),
        ("note", "detta får inte försvinna"),
    ];
    let res = app
        .client
        .post(app.url("/checkin"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Några svar saknas eller behöver ändras."),
        "summary"
    );
    assert!(
        page.contains(r#"id="q-work-ability-error""#) && page.contains("Ange ett heltal."),
        "field message"
    );
    assert!(
        page.contains("detta får inte försvinna"),
        "the note is kept"
    );
    assert!(
        page.contains(r#"id="stress-3" name="stress" value="3" checked"#),
        "stress is kept"
    );
    assert_eq!(app.count_check_ins(THIS_WEEK).await, 0);
}

/// A form carries the week it was given for and whose it is. Answers kept on a phone without a
/// signal, or a form left open over Sunday night, arrive later: they are refused when their week
/// has closed or when they would count as someone else's, on the form and through the server
/// function the service worker replays (whose JSON errors it reads: `WeekClosed`, `SignedOut`).
#[tokio::test]
async fn a_check_in_for_a_closed_week_or_someone_else_is_refused_and_not_saved() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sign_in("employee").await;
    let me: serde_json::Value = app.get("/api/v1/me").await.json().await.unwrap();
    let id = me["id"].as_str().unwrap().to_owned();
    let form = app.get("/checkin").await.text().await.unwrap();
    assert!(
        form.contains(r#"name="week" value="2026-W48""#),
        "the form's week"
    );
    assert!(
        form.contains(&format!(r#"name="person" value="{id}""#)),
        "whose form"
    );

    let answers = |week: &str, person: &str| {
        vec![
            ("stress", "3".to_owned()),
            ("work_ability", "6".to_owned()),
            ("note", "från förra veckan".to_owned()),
            ("week", week.to_owned()),
            ("person", person.to_owned()),
        ]
    };
    let post = |form: Vec<(&'static str, String)>| {
        app.client
            .post(app.url("/checkin"))
            .headers(browser_headers(&app.address))
            .form(&form)
            .send()
    };
    let closed = post(answers("2026-W47", &id)).await.unwrap();
    assert_eq!(closed.status(), StatusCode::CONFLICT);
    let page = closed.text().await.unwrap();
    assert!(
        page.contains("Den veckan går inte längre att ändra. Veckans incheckning gäller vecka 48."),
        "the same message as the API's"
    );
    assert!(page.contains("från förra veckan"), "what was typed stays");
    let unreadable = post(answers("förra veckan", &id)).await.unwrap();
    assert_eq!(unreadable.status(), StatusCode::CONFLICT);
    let other = post(answers("2026-W48", &uuid::Uuid::new_v4().to_string()))
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count_check_ins(THIS_WEEK).await, 0);

    let replay = |week: &str, person: &str| {
        let body = serde_json::json!({ "input": {
            "stress": "3", "work_ability": "6", "week": week, "person": person,
        }});
        app.client
            .post(app.url("/fn/submit_check_in"))
            .headers(browser_headers(&app.address))
            .json(&body)
            .send()
    };
    let closed: serde_json::Value = replay("2026-W47", &id).await.unwrap().json().await.unwrap();
    assert_eq!(
        closed,
        serde_json::json!({ "WeekClosed": { "current": "48" } })
    );
    let other: serde_json::Value = replay("2026-W48", &uuid::Uuid::new_v4().to_string())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(other, serde_json::json!("SignedOut"));
    assert_eq!(app.count_check_ins(THIS_WEEK).await, 0);
    let sent = replay("2026-W48", &id).await.unwrap();
    assert_eq!(sent.status(), StatusCode::OK);
    assert_eq!(app.count_check_ins(THIS_WEEK).await, 1);

    // Where the service worker sends the person when kept answers came back too late.
    let told = app.get("/checkin?closed=1").await.text().await.unwrap();
    assert!(told.contains("Den veckan går inte längre att ändra."));
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_fresh_csp_nonce() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.get("/signin").await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        csp.contains("'wasm-unsafe-eval'")
            && csp.contains("frame-ancestors 'none'")
            && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_owned();
    assert!(nonce.len() >= 22);
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["cache-control"], "no-store");
    let html = res.text().await.unwrap();
    let scripts = html.matches("<script").count();
    let with_nonce = html.matches(&format!("nonce=\"{nonce}\"")).count();
    let external = html.matches("<script src=").count();
    assert!(
        scripts > 0 && with_nonce + external >= scripts,
        "every inline script carries the nonce: {html}"
    );
    let again = app.get("/signin").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(again, csp, "a new nonce per response");
}

#[tokio::test]
async fn language_follows_the_browser_and_can_be_switched_and_remembered() {
    let app = spawn_app(Backend::Sqlite).await;
    let sv = app.get("/signin").await.text().await.unwrap();
    assert!(sv.contains(r#"<html lang="sv""#) && sv.contains("Logga in"));
    let en = app
        .client
        .get(app.url("/signin"))
        .header("accept-language", "en-US,en;q=0.8")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains(r#"<html lang="en""#) && en.contains("Sign in"));
    let res = app.get("/lang?set=en&next=/signin").await;
    assert_eq!(res.headers()["location"], "/signin");
    let remembered = app
        .client
        .get(app.url("/signin"))
        .header("accept-language", "sv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        remembered.contains(r#"<html lang="en""#),
        "the choice beats the header"
    );
    // Open redirects are not possible through the language switch.
    for evil in [
        "//evil.example",
        "/%09/evil.example",
        "/%2F%2Fevil.example",
        "/.//evil.example",
        "/%5Cevil.example",
        "https://evil.example/",
        "/%0D%0ASet-Cookie:%20x=1",
    ] {
        let res = app.get(&format!("/lang?set=sv&next={evil}")).await;
        assert_eq!(res.headers()["location"], "/", "{evil}");
    }
    let res = app.get("/lang?set=sv&next=/rehab%3Fdone%3D1").await;
    assert_eq!(res.headers()["location"], "/rehab?done=1");
}

#[tokio::test]
async fn the_trend_page_draws_a_chart_with_a_table_alternative() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in("employee").await;
        for span in ["12", "52"] {
            let res = app.get(&format!("/history?weeks={span}")).await;
            assert_eq!(res.status(), StatusCode::OK);
            let html = res.text().await.unwrap();
            assert!(
                html.contains(r#"role="img""#) && html.contains("<polyline"),
                "{b:?}"
            );
            assert!(
                html.contains("<table") && html.contains(r#"<th scope="row">47</th>"#),
                "last week's demo answers are in the table"
            );
            assert!(
                html.contains(&format!("av de senaste {span} veckorna"))
                    || html.contains(&format!("senaste {span} veckorna")),
                "{span}"
            );
        }
    }
}

#[tokio::test]
async fn unknown_pages_get_a_real_404() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("Sidan finns inte"));
}

#[tokio::test]
async fn the_service_worker_precaches_the_shell_and_offline_page() {
    let app = spawn_app(Backend::Sqlite).await;
    let res = app.get("/sw.js").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let js = res.text().await.unwrap();
    assert!(
        js.contains("\"/offline\"")
            && js.contains(".wasm\"")
            && js.contains("caches.match(\"/offline\")")
    );
    assert_eq!(app.get("/offline").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn sharing_and_deleting_the_history_work_as_plain_forms() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in("employee").await;
        let post = |path: &'static str, form: Vec<(&'static str, String)>| {
            let app = &app;
            async move {
                app.client
                    .post(app.url(path))
                    .headers(browser_headers(&app.address))
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
            }
        };
        let page = app.get("/sharing").await.text().await.unwrap();
        assert!(page.contains("Vad jag delar") && page.contains(r#"data-scope="ask-to-talk""#));
        // Nobody leads anything above her manager in the demo, and the page says so.
        assert!(page.contains("Det finns ingen chef över din närmaste chef att dela med."));
        let version = domain::consent::current(domain::consent::Scope::AskToTalk).version;
        let grant = |v: u16| {
            vec![
                ("scope", "ask-to-talk".to_owned()),
                ("recipient", "manager".to_owned()),
                ("text_version", v.to_string()),
            ]
        };
        // A page left open while the text changed: refused, with the reason on the page.
        let res = post("/sharing/grant", grant(version + 1)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{b:?}");
        assert!(res.text().await.unwrap().contains("Texten har ändrats"));
        let res = post("/sharing/grant", grant(version)).await;
        assert_eq!(res.headers()["location"], "/sharing?done=granted");
        let page = app.get("/sharing?done=granted").await.text().await.unwrap();
        assert!(page.contains("Delas med"), "{b:?}");
        assert!(
            !page.contains(r#"href="/team""#),
            "an employee has no team page"
        );

        // Deleting needs the confirmation.
        let res = post("/sharing/delete-history", vec![]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("Kryssa i rutan"));
        assert!(app.count("check_ins").await > 0);
        let res = post("/sharing/delete-history", vec![("confirm", "true".into())]).await;
        assert_eq!(res.headers()["location"], "/sharing?done=deleted");
        let employee = app
            .get("/api/v1/me")
            .await
            .json::<serde_json::Value>()
            .await
            .unwrap();
        let mine = app
            .count(&format!(
                "check_ins WHERE person_id = '{}'",
                employee["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(mine, 0, "{b:?}");
    }
}

#[tokio::test]
async fn the_team_page_lists_alerts_and_refuses_a_follow_up_that_is_too_long() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in("employee").await;
        let version = domain::consent::current(domain::consent::Scope::AskToTalk).version;
        let res = app
            .client
            .post(app.url("/api/v1/consents"))
            .json(&serde_json::json!({ "scope": "ask-to-talk", "recipient": "manager", "text_version": version }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let mut talk = good_answers();
        talk["wants_to_talk"] = true.into();
        assert_eq!(app.put_check_in(THIS_WEEK, &talk).await.status(), 200);

        let manager = client();
        app.sign_in_with(&manager, "manager").await;
        let page = manager
            .get(app.url("/team"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("vill prata"), "{b:?}");
        assert!(
            page.contains(r#"href="/team""#),
            "a manager has a team page"
        );
        assert!(page.contains("Anonym trend"), "the unit they lead");
        let id = page
            .split(r#"data-alert=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let res = manager
            .post(app.url(&format!("/team/alerts/{id}")))
            .headers(browser_headers(&app.address))
            .form(&[("follow_up", "x".repeat(501))])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("Högst 500 tecken"));
        let res = manager
            .post(app.url(&format!("/team/alerts/{id}")))
            .headers(browser_headers(&app.address))
            .form(&[("follow_up", "Pratade på tisdag")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["location"], "/team?done=saved");
        let page = manager
            .get(app.url("/team?done=saved"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Pratade på tisdag") && page.contains("Kvitterat"),
            "{b:?}"
        );
    }
}

#[tokio::test]
async fn the_demo_manager_sees_figures_in_the_team_trend_and_nobody_alone() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sign_in("manager").await;
    let html = app.get("/team").await.text().await.unwrap();
    // Six of the work group chose to be counted. WHO-5 is asked every second week, so every
    // second ended week has a mean and its shares, and the others say why they have none.
    // Four weeks with figures, and the work group's row for the newest week.
    let shown = html.matches(" %</td>").count() / 2;
    assert_eq!(shown, 4 + 1, "{html}");
    assert_eq!(
        html.matches("Inga WHO-5-svar (frågas varannan vecka)")
            .count(),
        4
    );
    // Anna has not chosen to be counted; nothing on the page is about her.
    assert!(!html.contains("Anna Lind"));
}
