use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn problem(res: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(res.status(), status);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], status.as_u16());
    assert!(
        body["type"]
            .as_str()
            .unwrap()
            .starts_with("urn:orka:problem:"),
        "{body}"
    );
    assert!(
        body["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{body}"
    );
    body
}

fn codes(body: &Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_check_in_is_stored_read_back_and_interpreted() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in("employee").await;
        // Anna's demo history ends last week with a WHO-5 around 44; this week is the off week.
        let form = app.get("/checkin").await.text().await.unwrap();
        assert!(form.contains("name=\"stress\""), "{b:?}");

        let body = json!({ "stress": 2, "work_ability": 8, "who5": [1, 1, 1, 1, 1], "wants_to_talk": true, "note": "bara för mig" });
        let res = app.put_check_in(THIS_WEEK, &body).await;
        assert_eq!(res.status(), StatusCode::OK, "{b:?}");
        let result: Value = res.json().await.unwrap();
        assert_eq!(result["check_in"]["week"], THIS_WEEK);
        assert_eq!(result["check_in"]["who5"]["score"], 20);
        let signals: Vec<&str> = result["signals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["code"].as_str().unwrap())
            .collect();
        assert_eq!(signals[0], "who5_very_low", "{signals:?}");
        assert!(signals.contains(&"wants_to_talk"));

        let got: Value = app
            .get(&format!("/api/v1/checkins/{THIS_WEEK}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(got["stress"], 2);
        assert_eq!(got["work_ability"], 8);
        assert_eq!(got["who5"]["items"], json!([1, 1, 1, 1, 1]));
        assert_eq!(got["note"], "bara för mig");

        let list: Value = app.get("/api/v1/checkins").await.json().await.unwrap();
        let weeks: Vec<&str> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["week"].as_str().unwrap())
            .collect();
        assert_eq!(weeks.last(), Some(&THIS_WEEK));
        assert!(weeks.len() > 5, "demo history comes back too: {weeks:?}");
        assert!(weeks.windows(2).all(|w| w[0] < w[1]), "oldest first");
    }
}

#[tokio::test]
async fn submitting_again_in_the_same_week_replaces_the_answers() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in("employee").await;
        assert_eq!(
            app.put_check_in(THIS_WEEK, &good_answers()).await.status(),
            StatusCode::OK
        );
        let changed = json!({ "stress": 5, "work_ability": 3, "who5": [2, 2, 2, 2, 2] });
        assert_eq!(
            app.put_check_in(THIS_WEEK, &changed).await.status(),
            StatusCode::OK
        );
        let got: Value = app
            .get(&format!("/api/v1/checkins/{THIS_WEEK}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(got["stress"], 5);
        assert_eq!(got["who5"]["score"], 40);
        assert_eq!(app.count_check_ins(THIS_WEEK).await, 1, "{b:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_submissions_in_one_week_leave_exactly_one_row() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in("employee").await;
        let tasks: Vec<_> = (0..24)
            .map(|i| {
                let client = app.client.clone();
                let url = app.url(&format!("/api/v1/checkins/{THIS_WEEK}"));
                tokio::spawn(async move {
                    let body = json!({ "stress": 1 + i % 5, "work_ability": i % 11, "who5": [i % 6, 1, 2, 3, 4] });
                    client.put(url).json(&body).send().await.unwrap().status()
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap(), StatusCode::OK, "{b:?}");
        }
        assert_eq!(app.count_check_ins(THIS_WEEK).await, 1, "{b:?}");
        let got = app.get(&format!("/api/v1/checkins/{THIS_WEEK}")).await;
        assert_eq!(got.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn invalid_answers_get_422_with_a_message_per_field() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in("manager").await;
        let body = json!({ "stress": 7, "who5": [0, 6, null, 2.5, "3"], "note": "x".repeat(1001) });
        let p = problem(
            app.put_check_in(THIS_WEEK, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(p["type"], "urn:orka:problem:invalid-input");
        let mut got = codes(&p);
        got.sort();
        let mut want: Vec<(String, String)> = [
            ("note", "too_long"),
            ("stress", "out_of_range"),
            ("who5.1", "out_of_range"),
            ("who5.2", "missing"),
            ("who5.3", "not_a_number"),
            ("who5.4", "not_a_number"),
            ("work_ability", "missing"),
        ]
        .iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect();
        want.sort();
        assert_eq!(got, want, "{b:?}");
        // Messages follow the person's language: Swedish by default.
        let msg = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == "stress")
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(msg, "Välj ett värde från 1 till 5.");
        assert_eq!(
            app.count_check_ins(THIS_WEEK).await,
            0,
            "nothing half-stored"
        );
    }
}

#[tokio::test]
async fn who5_is_required_in_weeks_it_is_asked_and_messages_can_be_english() {
    let app = spawn_app(Backend::Sqlite).await;
    // Karin's history ends last week with a WHO-5, so this week is an off week: WHO-5 optional.
    app.sign_in("coordinator").await;
    let res = app
        .put_check_in(THIS_WEEK, &json!({ "stress": 2, "work_ability": 7 }))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // A person with no history is asked WHO-5 at once.
    let fresh = spawn_app(Backend::Sqlite).await;
    fresh.sign_in("employee").await;
    fresh
        .db
        .conn()
        .execute_unprepared("DELETE FROM check_ins")
        .await
        .unwrap();
    let res = fresh
        .client
        .put(fresh.url(&format!("/api/v1/checkins/{THIS_WEEK}")))
        .header("accept-language", "en-GB,en;q=0.9")
        .json(&json!({ "stress": 2, "work_ability": 7 }))
        .send()
        .await
        .unwrap();
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(codes(&p).len(), 5);
    assert_eq!(p["errors"][0]["message"], "Choose an answer.");
}

use sea_orm::ConnectionTrait;

#[tokio::test]
async fn wrong_types_are_named_per_field() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sign_in("employee").await;
    let body = json!({ "stress": 2, "work_ability": 7, "who5": "lots", "wants_to_talk": "yes", "note": 5 });
    let p = problem(
        app.put_check_in(THIS_WEEK, &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let fields: Vec<String> = codes(&p)
        .into_iter()
        .filter(|(_, c)| c == "wrong_type")
        .map(|(f, _)| f)
        .collect();
    assert_eq!(fields, ["who5", "wants_to_talk", "note"]);
}

#[tokio::test]
async fn malformed_bodies_get_4xx_never_500() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sign_in("employee").await;
    let url = app.url(&format!("/api/v1/checkins/{THIS_WEEK}"));
    let send = |body: Vec<u8>, ct: &'static str| {
        let req = app
            .client
            .put(url.clone())
            .header("content-type", ct)
            .body(body);
        async move { req.send().await.unwrap() }
    };
    let p = problem(
        send(b"{\"stress\": 2,".to_vec(), "application/json").await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(p["type"], "urn:orka:problem:malformed-json");
    problem(
        send(b"[1,2,3]".to_vec(), "application/json").await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    problem(
        send(b"stress=2".to_vec(), "application/x-www-form-urlencoded").await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
    )
    .await;
    problem(
        send(b"{}".to_vec(), "text/plain").await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
    )
    .await;
    problem(
        send(
            br#"{"stress": 1e300, "work_ability": -99999999999999999999}"#.to_vec(),
            "application/json",
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let huge = format!(
        "{{\"stress\":2,\"work_ability\":7,\"note\":\"{}\"}}",
        "a".repeat(200_000)
    );
    let res = send(huge.into_bytes(), "application/json").await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count_check_ins(THIS_WEEK).await, 0);
}

#[tokio::test]
async fn only_the_current_week_is_open_and_weeks_must_be_real() {
    for b in backends() {
        let app = spawn_app(b).await;
        app.sign_in("employee").await;
        let p = problem(
            app.put_check_in("2026-W47", &good_answers()).await,
            StatusCode::CONFLICT,
        )
        .await;
        assert_eq!(p["type"], "urn:orka:problem:week-closed");
        // In words, as the person's week is written everywhere else.
        assert!(p["title"].as_str().unwrap().contains("vecka 48"), "{p}");
        for bad in ["2026-W54", "2025-W53", "yesterday", "2026-48"] {
            let p = problem(
                app.put_check_in(bad, &good_answers()).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
            assert_eq!(
                codes(&p),
                [("iso_week".to_owned(), "invalid_week".to_owned())],
                "{bad}"
            );
        }
        let p = problem(
            app.get("/api/v1/checkins/2026-W10").await,
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_eq!(p["type"], "urn:orka:problem:not-found");
        problem(
            app.get("/api/v1/checkins?from=2020-W01").await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        problem(
            app.get("/api/v1/checkins?to=nonsense").await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        // The messages are the reader's language, not the edge's English.
        let p = problem(
            app.get("/api/v1/checkins?from=2026-W49&to=2026-W48").await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(
            p["errors"][0]["message"],
            "Från får ligga högst 104 veckor före till, och inte efter den."
        );
        let p = problem(
            app.get("/api/v1/checkins?to=nonsense").await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .starts_with("Ange ett datum"),
            "{p}"
        );
    }
}

#[tokio::test]
async fn the_api_needs_a_signed_in_person() {
    let app = spawn_app(Backend::Sqlite).await;
    for path in [
        "/api/v1/me",
        "/api/v1/checkins",
        "/api/v1/checkins/2026-W48",
    ] {
        let p = problem(app.get(path).await, StatusCode::UNAUTHORIZED).await;
        assert_eq!(p["type"], "urn:orka:problem:unauthenticated");
    }
    problem(
        app.put_check_in(THIS_WEEK, &good_answers()).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    problem(app.get("/api/v1/nothing-here").await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn people_see_only_their_own_check_ins() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sign_in("employee").await;
    assert_eq!(
        app.put_check_in(
            THIS_WEEK,
            &json!({"stress": 3, "work_ability": 6, "who5": [3,3,3,3,3], "note": "annas"})
        )
        .await
        .status(),
        StatusCode::OK
    );
    let maria = client();
    app.sign_in_with(&maria, "manager").await;
    let res = maria
        .get(app.url(&format!("/api/v1/checkins/{THIS_WEEK}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "Maria has not checked in; Anna's answers are not hers to see"
    );
    let list: Value = maria
        .get(app.url("/api/v1/checkins"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!list.to_string().contains("annas"));
}

#[tokio::test]
async fn the_openapi_document_describes_the_check_in_api() {
    let app = spawn_app(Backend::Sqlite).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/me",
        "/api/v1/checkins",
        "/api/v1/checkins/{iso_week}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["paths"]["/api/v1/checkins/{iso_week}"]["put"].is_object());
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    // What generated clients rely on: one name per operation, and each parameter where it is
    // sent (a query string documented as a path parameter cannot be called).
    let mut ids = std::collections::HashSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_default().to_owned();
            assert!(
                ids.insert(id.clone()),
                "{method} {path}: operationId {id:?} repeats"
            );
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap();
                if p["in"] == "path" {
                    assert!(
                        path.contains(&format!("{{{name}}}")),
                        "{method} {path}: {name} is no path parameter"
                    );
                }
            }
        }
    }
    let range = &doc["paths"]["/api/v1/checkins"]["get"]["parameters"];
    assert!(
        range.as_array().unwrap().iter().all(|p| p["in"] == "query"),
        "{range}"
    );
}

#[tokio::test]
async fn answers_and_notes_never_reach_the_logs() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sign_in("employee").await;
    let marker = "hemlig-anteckning-4711";
    let body = json!({ "stress": 5, "work_ability": 1, "who5": [0, 0, 1, 0, 0], "note": marker });
    assert_eq!(
        app.put_check_in(THIS_WEEK, &body).await.status(),
        StatusCode::OK
    );
    let form = [("stress", "9"), ("work_ability", "4"), ("note", marker)];
    app.client
        .post(app.url("/checkin"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let log = captured_log();
    assert!(log.contains("request"), "the capture works: {log:.200}");
    assert!(!log.contains(marker));
    assert!(!log.contains("who5_very_low") && !log.contains("Who5VeryLow"));
}
