//! The guidance library over HTTP: pages without JavaScript, the JSON API, "was this helpful?",
//! and the articles a check-in recommends.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn the_library_is_readable_and_searchable_without_javascript_even_signed_out() {
    for b in backends() {
        let app = spawn_app(b).await;
        let list = app.get("/guidance").await;
        assert_eq!(list.status(), StatusCode::OK, "{b:?}");
        let list = list.text().await.unwrap();
        assert_eq!(list.matches("data-article=").count(), 16, "{b:?}");
        assert!(!list.contains("wasm"), "a plain page: no app bundle");

        let search = app.get("/guidance?q=stressad").await.text().await.unwrap();
        assert!(search.contains("<mark>Stress</mark>"), "{search}");
        let filtered = app
            .get("/guidance?topic=sleep&audience=employee")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(filtered.matches("data-article=").count(), 1);
        // Edited addresses with unknown filters still show the library.
        let odd = app.get("/guidance?topic=%3Cscript%3E&q=%22%27%3B--").await;
        assert_eq!(odd.status(), StatusCode::OK);

        let article = app.get("/guidance/crisis-contacts").await;
        assert_eq!(article.status(), StatusCode::OK);
        let article = article.text().await.unwrap();
        assert!(
            article.contains("href=\"tel:90101\""),
            "the suicide line is one tap away"
        );
        assert!(article.contains("href=\"tel:112\""));
        let english = client()
            .get(app.url("/guidance/crisis-contacts"))
            .header("accept-language", "en")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(english.contains("If you feel very bad"));

        assert_eq!(
            app.get("/guidance/no-such-text").await.status(),
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn a_signed_in_person_sees_their_employers_contacts() {
    for b in backends() {
        let app = spawn_app(b).await;
        let anonymous = app
            .get("/guidance/occupational-health-services")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !anonymous.contains("Demokommunens företagshälsovård"),
            "{b:?}"
        );
        assert!(
            anonymous.contains("fråga din chef eller HR"),
            "described in general words"
        );
        app.sign_in("employee").await;
        let page = app
            .get("/guidance/occupational-health-services")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Demokommunens företagshälsovård"));
        assert!(page.contains("href=\"tel:0701740605\""));
    }
}

#[tokio::test]
async fn the_api_lists_filters_searches_and_explains_bad_filters() {
    for b in backends() {
        let app = spawn_app(b).await;
        let all: serde_json::Value = app
            .get("/api/v1/guidance?lang=en")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(all["items"].as_array().unwrap().len(), 16, "{b:?}");
        assert!(all["items"][0].get("highlights").is_none());

        let found: serde_json::Value = app
            .get("/api/v1/guidance?lang=sv&q=stressad")
            .await
            .json()
            .await
            .unwrap();
        let first = &found["items"][0];
        assert_eq!(first["slug"], "stress-and-recovery");
        assert_eq!(
            first["highlights"]["title"][0],
            serde_json::json!({"text": "Stress", "hit": true})
        );

        for bad in ["topic=feelings", "audience=everyone", "lang=de"] {
            let res = app.get(&format!("/api/v1/guidance?{bad}")).await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
        }
        let long = "a".repeat(10_240);
        for q in ["\"", "' OR 1=1 --", "NEAR(x y)", long.as_str(), "*:*"] {
            let res = client()
                .get(app.url("/api/v1/guidance"))
                .query(&[("q", q)])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{q:.20}");
        }

        let article: serde_json::Value = app
            .get("/api/v1/guidance/sleep?lang=en")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            article["title"],
            "Sleeping better when work keeps spinning in your head"
        );
        assert!(article["body_html"].as_str().unwrap().contains("<h2>"));
        assert_eq!(article["related"][0]["slug"], "stress-and-recovery");
        assert!(article["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["phone"] == "1177"));
        let missing = app.get("/api/v1/guidance/nope").await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        let doc = app.get("/api/v1/openapi.json").await.text().await.unwrap();
        assert!(doc.contains("/api/v1/guidance/{slug}"));
    }
}

#[tokio::test]
async fn was_this_helpful_is_one_tap_and_anonymous() {
    for b in backends() {
        let app = spawn_app(b).await;
        let form = [("helpful", "yes"), ("comment", "Tydligt och bra")];
        let signed_out = client()
            .post(app.url("/guidance/sleep/feedback"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(location(&signed_out), "/signin", "{b:?}");
        assert_eq!(app.count("guidance_feedback").await, 0);

        app.sign_in("employee").await;
        let res = app
            .client
            .post(app.url("/guidance/sleep/feedback"))
            .headers(browser_headers(&app.address))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(location(&res), "/guidance/sleep?thanks=1#helpful-title");
        let thanks = app
            .get("/guidance/sleep?thanks=1")
            .await
            .text()
            .await
            .unwrap();
        assert!(thanks.contains("utan koppling till dig"));
        let bad = app
            .client
            .post(app.url("/guidance/sleep/feedback"))
            .form(&[("helpful", "maybe")])
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        let api = app
            .client
            .post(app.url("/api/v1/guidance/sleep/feedback"))
            .json(&serde_json::json!({ "helpful": false }))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), StatusCode::NO_CONTENT);
        let malformed = app
            .client
            .post(app.url("/api/v1/guidance/sleep/feedback"))
            .body("{\"helpful\": \"my private words\"}")
            .send()
            .await
            .unwrap();
        assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
        assert!(!malformed.text().await.unwrap().contains("my private words"));
        assert_eq!(
            app.count("guidance_feedback WHERE helpful = true AND comment = 'Tydligt och bra'")
                .await,
            1
        );
        assert_eq!(app.count("guidance_feedback").await, 2);
        assert!(
            !captured_log().contains("Tydligt och bra"),
            "comments stay out of logs"
        );
    }
}

#[tokio::test]
async fn a_low_check_in_recommends_the_articles_its_rules_name() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in("employee").await;
        let form = [
            ("stress", "5"),
            ("work_ability", "2"),
            ("who5_1", "1"),
            ("who5_2", "1"),
            ("who5_3", "1"),
            ("who5_4", "1"),
            ("who5_5", "1"),
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
        let page = app.get("/checkin").await.text().await.unwrap();
        let first = page.find("data-recommended=\"crisis-contacts\"");
        let later = page.find("data-recommended=\"occupational-health-services\"");
        assert!(first.is_some() && later.is_some(), "{page}");
        assert!(first < later, "the most urgent first");
    }
}

#[tokio::test]
async fn the_service_worker_keeps_opened_articles_and_the_core_set() {
    let app = spawn_app(Backend::Sqlite).await;
    let js = app.get("/sw.js").await.text().await.unwrap();
    for core in [
        "/guidance/crisis-contacts",
        "/guidance/first-day-of-sick-leave",
        "/guidance/who-to-contact",
    ] {
        assert!(js.contains(&format!("\"{core}\"")), "{core}");
    }
    assert!(js.contains("caches.open(GUIDANCE).then((c) => c.put(url.pathname, plain))"));
    // Kept copies are fetched without the person's cookie; the browser test shows what for.
    assert!(js.contains("credentials: \"omit\""));
}

/// This week's check-in through the API, and its answer.
async fn submitted(app: &TestApp, body: &Value) -> Value {
    app.put_check_in(THIS_WEEK, body)
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_check_in_api_names_the_recommended_articles_too() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in("employee").await;
        let body = serde_json::json!({ "stress": 2, "work_ability": 3, "who5": [4, 4, 3, 4, 3] });
        let res = submitted(&app, &body).await;
        let slugs: Vec<&str> = res["recommended"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["slug"].as_str().unwrap())
            .collect();
        assert!(
            slugs.contains(&"raising-it-with-your-manager"),
            "{b:?}: {slugs:?}"
        );
        let calm = serde_json::json!({ "stress": 2, "work_ability": 9, "who5": [4, 4, 4, 4, 4] });
        let res = submitted(&app, &calm).await;
        assert_eq!(res["recommended"], serde_json::json!([]));
    }
}

#[tokio::test]
async fn editors_change_articles_and_read_the_answers_others_cannot() {
    for b in backends() {
        let app = spawn_app(b).await;
        // The demo coordinator also edits the library; the employee does not.
        let employee = client();
        app.sign_in_with(&employee, "employee").await;
        assert_eq!(
            employee
                .get(app.url("/editor/guidance/sleep"))
                .send()
                .await
                .unwrap()
                .status(),
            403,
            "{b:?}"
        );
        assert_eq!(
            employee
                .get(app.url("/editor/feedback"))
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        let sneaky = employee
            .post(app.url("/editor/guidance/sleep"))
            .form(&[
                ("title", "x"),
                ("summary", "x"),
                ("topics", "sleep"),
                ("audience", "both"),
                ("body", "x"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(sneaky.status(), 403);
        employee
            .post(app.url("/guidance/sleep/feedback"))
            .form(&[("helpful", "no"), ("comment", "För lång")])
            .send()
            .await
            .unwrap();

        app.sign_in("coordinator").await;
        let page = app.get("/guidance/sleep").await.text().await.unwrap();
        assert!(page.contains("href=\"/editor/guidance/sleep\""));
        let form = app
            .get("/editor/guidance/sleep")
            .await
            .text()
            .await
            .unwrap();
        assert!(form.contains("Sov bättre när jobbet snurrar i huvudet"));

        let post = |fields: Vec<(&'static str, &'static str)>| {
            app.client
                .post(app.url("/editor/guidance/sleep"))
                .headers(browser_headers(&app.address))
                .form(&fields)
                .send()
        };
        let refused = post(vec![
            ("title", " "),
            ("summary", "Kort."),
            ("topics", "sleep, dreams"),
            ("audience", "both"),
            ("body", "Text om <script>alert(1)</script> sömn och vila."),
        ])
        .await
        .unwrap();
        assert_eq!(refused.status(), 422);
        let html = refused.text().await.unwrap();
        assert!(html.contains("id=\"title-error\"") && html.contains("id=\"topics-error\""));
        assert!(
            html.contains("”dreams” är inget ämne."),
            "in the reader's language"
        );

        let saved = post(vec![
            ("title", "Sov gott"),
            ("summary", "Kort om sömn."),
            ("topics", "sleep, recovery"),
            ("audience", "both"),
            (
                "body",
                "## Vila\n\nText om <script>alert(1)</script> sömn och nattvila.",
            ),
        ])
        .await
        .unwrap();
        assert_eq!(location(&saved), "/guidance/sleep");
        let article = app.get("/guidance/sleep").await.text().await.unwrap();
        assert!(article.contains("<h1>Sov gott</h1>"));
        assert!(
            article.contains("&lt;script&gt;"),
            "raw HTML is shown as text"
        );
        let found: serde_json::Value = app
            .get("/api/v1/guidance?lang=sv&q=nattvilan")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            found["items"][0]["slug"], "sleep",
            "the index follows the edit"
        );

        let answers = app.get("/editor/feedback").await.text().await.unwrap();
        assert!(answers.contains("data-feedback=\"sv/sleep\""), "{answers}");
        assert!(answers.contains("0 ja, 1 nej") && answers.contains("För lång"));
    }
}

#[tokio::test]
async fn a_restart_loads_the_files_and_keeps_the_employers_own_version() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sign_in("coordinator").await;
    app.client
        .post(app.url("/editor/guidance/sleep"))
        .form(&[
            ("title", "Sov gott"),
            ("summary", "Kort."),
            ("topics", "sleep"),
            ("audience", "both"),
            ("body", "Vila."),
        ])
        .send()
        .await
        .unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/guidance");
    let report =
        service::guidance::load_dir(&app.db, &dir, service::Clock::now(app.clock.as_ref()))
            .await
            .unwrap();
    assert_eq!((report.updated, report.added), (0, 0));
    let article = app.get("/guidance/sleep").await.text().await.unwrap();
    assert!(article.contains("<h1>Sov gott</h1>"));
    let signed_out = client()
        .get(app.url("/guidance/sleep"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(signed_out.contains("<h1>Sov bättre när jobbet snurrar i huvudet</h1>"));
}

/// Finding 3 of the security review: an editor at one employer changed every employer's
/// library and read every employer's answers. Now Umeå's editor keeps Umeå's own version,
/// which Umeå's people alone read, and each employer's editors read their own people's answers.
#[tokio::test]
async fn one_employers_editor_changes_nothing_another_employers_people_read() {
    use crate::access::{world, Who};
    for b in backends() {
        let w = world(b).await;
        let app = &w.app;
        let (coordinator, anna, xena) = (
            &w.clients[&Who::Coordinator],
            &w.clients[&Who::Anna],
            &w.clients[&Who::AdminOfOtherEmployer],
        );
        let post = |client: &reqwest::Client, path: &str, form: &[(&str, &str)]| {
            client
                .post(app.url(path))
                .headers(browser_headers(&app.address))
                .form(form)
                .send()
        };
        let text = |client: &reqwest::Client, path: &str| {
            let req = client.get(app.url(path));
            async move { req.send().await.unwrap().text().await.unwrap() }
        };
        let form = [
            ("title", "Sov gott i Umeå"),
            ("summary", "Kort om sömn."),
            ("topics", "sleep"),
            ("audience", "both"),
            (
                "body",
                "Ring nattsjuksköterskan på 090-123 om du inte somnar.",
            ),
        ];
        let saved = post(coordinator, "/editor/guidance/sleep", &form)
            .await
            .unwrap();
        assert_eq!(location(&saved), "/guidance/sleep", "{b:?}");

        // Umeå's people read Umeå's version, in the page, the API and search.
        assert!(text(anna, "/guidance/sleep")
            .await
            .contains("<h1>Sov gott i Umeå</h1>"));
        let api = text(anna, "/api/v1/guidance/sleep?lang=sv").await;
        assert!(api.contains("nattsjuksköterskan"), "{api}");
        assert!(text(anna, "/api/v1/guidance?lang=sv&q=nattsjuksköterskan")
            .await
            .contains("\"slug\":\"sleep\""));
        // Vindeln's people, and anyone signed out, read the shared text and find nothing of it.
        for reader in [xena, &client()] {
            let page = text(reader, "/guidance/sleep").await;
            assert!(
                page.contains("<h1>Sov bättre när jobbet snurrar i huvudet</h1>")
                    && !page.contains("Umeå"),
                "{b:?}"
            );
            let found = text(reader, "/api/v1/guidance?lang=sv&q=nattsjuksköterskan").await;
            assert!(!found.contains("sleep"), "{found}");
            let search = text(reader, "/guidance?q=nattsjuksköterskan").await;
            assert!(!search.contains("Sov gott i Umeå"));
        }
        // Vindeln's editor edits from the shared text and sees none of Umeå's history.
        let theirs = text(xena, "/editor/guidance/sleep").await;
        assert!(theirs.contains("Vindelns kommun") && !theirs.contains("Sov gott i Umeå"));
        assert!(!theirs.contains("Er version"), "{theirs}");
        let ours = text(coordinator, "/editor/guidance/sleep").await;
        assert!(ours.contains("value=\"Sov gott i Umeå\""), "{ours}");
        // Named as the provider names them at sign-in.
        assert!(ours.contains("id=\"history\"") && ours.contains("Er version 1, av coord"));
        assert!(ours.contains("action=\"/editor/guidance/sleep/shared\""));

        // Answers go to the readers' own employer's editors.
        post(
            anna,
            "/guidance/sleep/feedback",
            &[("helpful", "no"), ("comment", "Saknar skiftarbete")],
        )
        .await
        .unwrap();
        post(
            xena,
            "/guidance/sleep/feedback",
            &[("helpful", "yes"), ("comment", "Tack från Vindeln")],
        )
        .await
        .unwrap();
        let umea_answers = text(coordinator, "/editor/feedback").await;
        assert!(umea_answers.contains("Saknar skiftarbete") && !umea_answers.contains("Vindeln"));
        assert!(
            umea_answers.contains("Sov gott i Umeå"),
            "titled as Umeå reads it"
        );
        let vindeln_answers = text(xena, "/editor/feedback").await;
        assert!(
            vindeln_answers.contains("Tack från Vindeln")
                && !vindeln_answers.contains("Saknar skiftarbete")
        );

        // Only Umeå's editors end Umeå's version; a colleague's try changes nothing.
        let refused = post(anna, "/editor/guidance/sleep/shared", &[])
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let signed_out = post(&client(), "/editor/guidance/sleep/shared", &[])
            .await
            .unwrap();
        assert_eq!(location(&signed_out), "/signin");
        // Xena going back to the shared text is about Vindeln's version (none): Umeå's stays.
        post(xena, "/editor/guidance/sleep/shared", &[])
            .await
            .unwrap();
        assert!(text(anna, "/guidance/sleep")
            .await
            .contains("Sov gott i Umeå"));
        let back = post(coordinator, "/editor/guidance/sleep/shared", &[])
            .await
            .unwrap();
        assert_eq!(location(&back), "/guidance/sleep");
        assert!(text(anna, "/guidance/sleep")
            .await
            .contains("<h1>Sov bättre när jobbet snurrar i huvudet</h1>"));
        assert!(text(coordinator, "/editor/guidance/sleep")
            .await
            .contains("Tillbaka till den gemensamma texten"));
        assert!(
            !captured_log().contains("nattsjuksköterskan"),
            "an article's text stays out of the log"
        );
    }
}

/// The editor's pages over JSON, for an integration that keeps an employer's texts: the same
/// use cases, the employer in the path and only its own editors past the policy.
#[tokio::test]
async fn an_employers_editors_keep_its_own_texts_over_the_api() {
    use crate::access::{world, Who};
    for b in backends() {
        let w = world(b).await;
        let app = &w.app;
        let [coordinator, anna, xena] = [Who::Coordinator, Who::Anna, Who::AdminOfOtherEmployer]
            .map(|who| w.clients[&who].clone());
        const UMEA: &str = "/api/v1/employers/umea/guidance/sleep?lang=sv";
        let get = |client: &reqwest::Client, path: &str| {
            let req = client.get(app.url(path));
            async move {
                let res = req.send().await.unwrap();
                (res.status(), res.text().await.unwrap())
            }
        };
        let put = |client: &reqwest::Client, path: &str, body: Value| {
            let req = client.put(app.url(path)).json(&body);
            async move {
                let res = req.send().await.unwrap();
                (res.status(), res.text().await.unwrap())
            }
        };
        let draft = json!({
            "title": "Sov gott i Umeå",
            "summary": "Kort om sömn.",
            "topics": ["sleep", "stress"],
            "audience": "both",
            "body": "Ring nattsjuksköterskan på 090-123 om du inte somnar."
        });

        // The shared text, with its history, before any change.
        let (status, body) = get(&coordinator, UMEA).await;
        assert_eq!(status, 200, "{b:?}: {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            v["draft"]["title"],
            "Sov bättre när jobbet snurrar i huvudet"
        );
        assert_eq!(v["own"], Value::Null);
        assert_eq!(v["history"][0]["kind"], "file", "{body}");

        // Only Umeå's editors change Umeå's text.
        for (who, client) in [("a colleague", &anna), ("Vindeln's editor", &xena)] {
            let (status, body) = put(client, UMEA, draft.clone()).await;
            assert_eq!(status, 403, "{b:?}: {who}: {body}");
        }
        let (status, _) = put(
            &coordinator,
            "/api/v1/employers/vindeln/guidance/sleep",
            draft.clone(),
        )
        .await;
        assert_eq!(status, 403, "{b:?}: Umeå's editor at Vindeln");

        // A change with mistakes saves nothing and names each field in the reader's language.
        let (status, body) = put(
            &coordinator,
            UMEA,
            json!({ "title": " ", "summary": "x", "topics": ["nope"], "audience": "all", "body": "x" }),
        )
        .await;
        assert_eq!(status, 422, "{b:?}: {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        let fields: Vec<(&str, &str)> = v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            fields,
            [
                ("title", "missing"),
                ("topics", "unknown"),
                ("audience", "unknown")
            ],
            "{body}"
        );
        assert!(body.contains("nope"), "the unknown topic is named: {body}");
        let (status, body) = put(&coordinator, UMEA, json!({ "title": 1 })).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("urn:orka:problem:malformed-json"), "{body}");
        for path in [
            "/api/v1/employers/umea/guidance/no-such-article",
            "/api/v1/employers/nowhere/guidance/sleep",
        ] {
            let (status, body) = put(&coordinator, path, draft.clone()).await;
            assert_eq!(status, 404, "{path}: {body}");
        }
        let (status, body) = get(
            &coordinator,
            "/api/v1/employers/umea/guidance/sleep?lang=de",
        )
        .await;
        assert_eq!(status, 422, "{body}");
        let (_, body) = get(&anna, "/api/v1/guidance/sleep?lang=sv").await;
        assert!(!body.contains("nattsjuksköterskan"), "nothing was saved");

        // Saved: Umeå's people read it, Vindeln's do not, and the history names the editor.
        let (status, body) = put(&coordinator, UMEA, draft.clone()).await;
        assert_eq!(status, 200, "{b:?}: {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["own"]["number"], 1);
        assert_eq!(v["own"]["kind"], "edit");
        assert_eq!(v["own"]["author"], "coord");
        assert_eq!(v["draft"]["topics"], json!(["sleep", "stress"]));
        let (_, body) = get(&anna, "/api/v1/guidance/sleep?lang=sv").await;
        assert!(body.contains("nattsjuksköterskan"), "{body}");
        let (_, body) = get(&xena, "/api/v1/guidance/sleep?lang=sv").await;
        assert!(!body.contains("nattsjuksköterskan"), "{body}");
        let (_, body) = get(&xena, "/api/v1/employers/vindeln/guidance/sleep?lang=sv").await;
        assert!(!body.contains("Umeå"), "{body}");

        // Answers to "was this helpful?" reach the readers' own employer's editors.
        for (client, helpful, comment) in [
            (&anna, false, "Saknar skiftarbete"),
            (&xena, true, "Tack från Vindeln"),
        ] {
            let res = client
                .post(app.url("/api/v1/guidance/sleep/feedback?lang=sv"))
                .json(&json!({ "helpful": helpful, "comment": comment }))
                .send()
                .await
                .unwrap();
            assert!(res.status().is_success(), "{}", res.status());
        }
        let (status, umea) = get(&coordinator, "/api/v1/employers/umea/guidance-feedback").await;
        assert_eq!(status, 200);
        assert!(umea.contains("Saknar skiftarbete") && !umea.contains("Tack från Vindeln"));
        assert!(
            umea.contains("Sov gott i Umeå"),
            "titled as Umeå reads it: {umea}"
        );
        let (status, _) = get(&xena, "/api/v1/employers/umea/guidance-feedback").await;
        assert_eq!(status, 403);
        let (_, vindeln) = get(&xena, "/api/v1/employers/vindeln/guidance-feedback").await;
        assert!(vindeln.contains("Tack från Vindeln") && !vindeln.contains("Saknar"));

        // Back to the shared text: Umeå's people read it again; the history keeps both.
        let res = coordinator.delete(app.url(UMEA)).send().await.unwrap();
        assert_eq!(res.status(), 204, "{b:?}");
        let (_, body) = get(&anna, "/api/v1/guidance/sleep?lang=sv").await;
        assert!(!body.contains("nattsjuksköterskan"), "{body}");
        let (_, body) = get(&coordinator, UMEA).await;
        let v: Value = serde_json::from_str(&body).unwrap();
        let kinds: Vec<&str> = v["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["kind"].as_str().unwrap())
            .collect();
        assert!(
            kinds[0] == "back-to-shared" && kinds.contains(&"edit"),
            "{kinds:?}"
        );
        let res = anna.delete(app.url(UMEA)).send().await.unwrap();
        assert_eq!(res.status(), 403);
        assert!(
            !captured_log().contains("nattsjuksköterskan"),
            "an article's text stays out of the log"
        );
    }
}
