//! Push reminders end to end: the API registers a device at a push service on loopback that
//! verifies VAPID and decrypts like a browser, the worker sends what is due, and every kind of
//! answer a push service gives is handled.

use crate::helpers::*;
use crate::push_receiver::{Receiver, Reply};
use chrono::Duration;
use serde_json::{json, Value};

/// The demo employee, signed in, with reminders on Wednesdays at 10:45 in Stockholm
/// (09:45 UTC: a quarter of an hour after the tests' "now") on one device, `phone`.
async fn employee_with_reminders(backend: Backend) -> (TestApp, Receiver) {
    let app = spawn_app(backend).await;
    app.sign_in("employee").await;
    let receiver = Receiver::start().await;
    subscribe(&app, &receiver, "phone").await;
    let prefs = app
        .client
        .put(app.url("/api/v1/push/preferences"))
        .json(&json!({"check_in": true, "weekday": "wednesday", "time": "10:45"}))
        .send()
        .await
        .unwrap();
    assert_eq!(prefs.status(), 200);
    let prefs: Value = prefs.json().await.unwrap();
    assert_eq!(prefs["next_reminder"], "2026-11-25T09:45:00Z");
    (app, receiver)
}

async fn subscribe(app: &TestApp, receiver: &Receiver, device: &str) -> Value {
    let res = app
        .client
        .post(app.url("/api/v1/push/subscriptions"))
        .json(&receiver.subscription(device))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn public_key(app: &TestApp) -> String {
    let key: Value = app.get("/api/v1/push/key").await.json().await.unwrap();
    key["public_key"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_reminder_due_now_arrives_once_and_reads_as_the_check_in_reminder() {
    for backend in backends() {
        let (app, receiver) = employee_with_reminders(backend).await;
        assert_eq!(app.run_push_round().await.sent, 0, "not due yet");
        app.clock.advance(Duration::minutes(15));
        let round = app.run_push_round().await;
        assert_eq!((round.planned, round.sent), (1, 1), "{backend:?}");
        app.clock.advance(Duration::minutes(1));
        app.run_push_round().await;

        let got = receiver.delivered();
        assert_eq!(got.len(), 1, "exactly once ({backend:?})");
        assert_eq!(
            got[0].payload,
            json!({
                "kind": "check-in", "title": "Dags för veckans incheckning",
                "body": "En minut: hur har du det den här veckan?", "url": "/checkin",
                "tag": "check-in-2026-W48", "lang": "sv"
            })
        );
        assert_eq!(got[0].topic.as_deref(), Some("check-in"));
        assert_eq!(got[0].urgency.as_deref(), Some("normal"));
        assert!(
            got[0].ttl > 11 * 3600 && got[0].ttl <= 12 * 3600,
            "{}",
            got[0].ttl
        );
        assert_eq!(got[0].vapid_key, public_key(&app).await);
        assert!(receiver.refused().is_empty(), "{:?}", receiver.refused());

        let devices: Value = app
            .get("/api/v1/push/subscriptions")
            .await
            .json()
            .await
            .unwrap();
        assert!(devices["items"][0]["last_delivered_at"].is_string());
    }
}

#[tokio::test]
async fn a_missed_check_in_gets_one_follow_up_and_a_done_one_none() {
    for backend in backends() {
        let (app, receiver) = employee_with_reminders(backend).await;
        app.clock.advance(Duration::minutes(15));
        app.run_push_round().await;
        // Friday 10:45: two days later on the same clock.
        app.clock.advance(Duration::days(2));
        app.run_push_round().await;
        app.clock.advance(Duration::days(1));
        app.run_push_round().await;
        let got = receiver.delivered();
        assert_eq!(got.len(), 2, "{backend:?}");
        assert_eq!(got[1].payload["kind"], "check-in-follow-up");
        assert_eq!(got[1].payload["title"], "Veckans incheckning väntar");
        // Same tag: the phone replaces the first notification instead of stacking a second.
        assert_eq!(got[1].payload["tag"], got[0].payload["tag"]);

        // Next week the check-in is done before the follow-up: no follow-up.
        app.clock.advance(Duration::days(4));
        app.run_push_round().await;
        assert_eq!(receiver.delivered().len(), 3);
        // Days later the session has long expired: sign in again.
        app.sign_in("employee").await;
        assert!(app
            .put_check_in("2026-W49", &good_answers())
            .await
            .status()
            .is_success());
        app.clock.advance(Duration::days(2));
        app.run_push_round().await;
        assert_eq!(
            receiver.delivered().len(),
            3,
            "no follow-up after the check-in"
        );
    }
}

#[tokio::test]
async fn no_reminder_comes_when_this_weeks_check_in_is_done() {
    for backend in backends() {
        let (app, receiver) = employee_with_reminders(backend).await;
        assert!(app
            .put_check_in(THIS_WEEK, &good_answers())
            .await
            .status()
            .is_success());
        app.clock.advance(Duration::minutes(15));
        app.run_push_round().await;
        app.clock.advance(Duration::days(2));
        app.run_push_round().await;
        assert!(receiver.attempts().is_empty(), "{backend:?}");
    }
}

#[tokio::test]
async fn reminders_pause_after_four_silent_weeks_and_say_so() {
    for backend in backends() {
        let (app, receiver) = employee_with_reminders(backend).await;
        // Weeks 48–51 are reminded (first and follow-up); week 52 is the fifth silent one.
        for _ in 0..5 {
            app.clock.advance(Duration::minutes(15));
            app.run_push_round().await;
            app.clock.advance(Duration::days(2));
            app.run_push_round().await;
            app.clock.advance(Duration::days(5) - Duration::minutes(15));
        }
        assert_eq!(receiver.delivered().len(), 8, "{backend:?}");
        app.sign_in("employee").await;
        let prefs: Value = app
            .get("/api/v1/push/preferences")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(prefs["paused"], true);
        assert_eq!(prefs["next_reminder"], Value::Null);
        // A check-in ends the pause.
        assert!(app
            .put_check_in("2026-W53", &good_answers())
            .await
            .status()
            .is_success());
        let prefs: Value = app
            .get("/api/v1/push/preferences")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(prefs["paused"], false);
    }
}

/// The demo coordinator, in a client of their own, acting on the signed-in employee's case.
async fn as_coordinator(app: &TestApp, method: reqwest::Method, path: &str, body: Value) -> Value {
    let coordinator = client();
    app.sign_in_with(&coordinator, "coordinator").await;
    let res = coordinator
        .request(method, app.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

#[tokio::test]
async fn check_in_reminders_rest_during_full_time_sick_leave_unless_the_person_keeps_them() {
    for backend in backends() {
        let (app, receiver) = employee_with_reminders(backend).await;
        let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
        let case = as_coordinator(
            &app,
            reqwest::Method::POST,
            "/api/v1/rehab/cases",
            json!({"person_id": me["id"], "first_day": "2026-11-20", "percent": 100}),
        )
        .await;
        let prefs: Value = app
            .get("/api/v1/push/preferences")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (prefs["resting"].clone(), prefs["next_reminder"].clone()),
            (json!(true), Value::Null)
        );
        app.clock.advance(Duration::minutes(15));
        assert_eq!(app.run_push_round().await.planned, 0, "{backend:?}");
        // Half time from Friday: the follow-up comes.
        let path = format!(
            "/api/v1/rehab/cases/{}/extents",
            case["id"].as_str().unwrap()
        );
        as_coordinator(
            &app,
            reqwest::Method::POST,
            &path,
            json!({"from": "2026-11-27", "percent": 50}),
        )
        .await;
        app.clock.advance(Duration::days(2));
        app.run_push_round().await;
        let got = receiver.delivered();
        assert_eq!(got.len(), 1, "{backend:?}");
        assert_eq!(got[0].payload["kind"], "check-in-follow-up");
        // Full time again from Monday: nothing next Wednesday, until the person keeps them.
        as_coordinator(
            &app,
            reqwest::Method::POST,
            &path,
            json!({"from": "2026-11-30", "percent": 100}),
        )
        .await;
        app.clock.advance(Duration::days(5));
        app.run_push_round().await;
        assert_eq!(receiver.delivered().len(), 1);
        app.sign_in("employee").await;
        let prefs = app
            .client
            .put(app.url("/api/v1/push/preferences"))
            .json(&json!({"during_sick_leave": true}))
            .send()
            .await
            .unwrap();
        let prefs: Value = prefs.json().await.unwrap();
        assert_eq!(prefs["resting"], false, "{prefs}");
        app.clock.advance(Duration::days(2));
        app.run_push_round().await;
        assert_eq!(receiver.delivered().len(), 2, "{backend:?}");
    }
}

#[tokio::test]
async fn rehab_reminders_come_the_day_before_a_meeting_and_on_the_day_a_task_is_due_saying_nothing_of_it(
) {
    for backend in backends() {
        let (app, receiver) = employee_with_reminders(backend).await;
        let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
        // Sick from Saturday 21 November: the certificate is due on day 8 (Saturday 28th), so
        // its reminder is today, Wednesday 25th, three days ahead.
        let case = as_coordinator(
            &app,
            reqwest::Method::POST,
            "/api/v1/rehab/cases",
            json!({"person_id": me["id"], "first_day": "2026-11-21", "percent": 50}),
        )
        .await;
        let plan = json!({"base_version": 0, "plan": {
            "goal": "Tillbaka på heltid",
            "measures": [{"kind": "treatment", "description": "Ring företagshälsovården om sömnen",
                "responsible": "employee", "due": "2026-11-25"}],
            "meetings": [{"at": "2026-11-26T13:00", "participants": "Erik och chefen"}]
        }});
        let path = format!("/api/v1/rehab/cases/{}/plan", case["id"].as_str().unwrap());
        as_coordinator(&app, reqwest::Method::PUT, &path, plan).await;
        app.run_push_round().await;
        app.run_push_round().await;
        let got = receiver.delivered();
        let mut kinds: Vec<&str> = got
            .iter()
            .map(|p| p.payload["kind"].as_str().unwrap())
            .collect();
        kinds.sort();
        assert_eq!(
            kinds,
            ["rehab-deadline", "rehab-meeting", "rehab-task"],
            "{backend:?}"
        );
        for p in &got {
            let text = p.payload.to_string();
            assert!(
                !text.contains("sömnen") && !text.contains("chefen") && !text.contains("13:00"),
                "{text}"
            );
            assert_eq!(p.payload["url"], "/rehab");
        }
        let meeting = got
            .iter()
            .find(|p| p.payload["kind"] == "rehab-meeting")
            .unwrap();
        assert_eq!(meeting.payload["title"], "Möte i morgon");
        // It lives until the meeting (13:00 tomorrow, 26.5 hours away), at most the day push
        // services keep a message.
        assert!(
            meeting.ttl > 23 * 3600 && meeting.ttl <= 24 * 3600,
            "{}",
            meeting.ttl
        );

        // Whoever turned rehab reminders off gets none, even for a meeting moved to a new time.
        app.sign_in("employee").await;
        let res = app
            .client
            .put(app.url("/api/v1/push/preferences"))
            .json(&json!({"rehab": false}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let mine: Value = app.get("/api/v1/me/rehab").await.json().await.unwrap();
        let mut moved = mine["plan"]["plan"].clone();
        moved["meetings"][0]["at"] = json!("2026-11-26T15:00");
        as_coordinator(
            &app,
            reqwest::Method::PUT,
            &path,
            json!({"base_version": 1, "plan": moved}),
        )
        .await;
        app.run_push_round().await;
        assert_eq!(receiver.delivered().len(), 3, "{backend:?}");
    }
}

#[tokio::test]
async fn gone_subscriptions_are_removed_at_once_and_never_tried_again() {
    for backend in backends() {
        for status in [410, 404] {
            let (app, receiver) = employee_with_reminders(backend).await;
            receiver.script("phone", [Reply::Status(status)]);
            app.clock.advance(Duration::minutes(15));
            let round = app.run_push_round().await;
            assert_eq!(round.pruned, 1, "{status} {backend:?}");
            let devices: Value = app
                .get("/api/v1/push/subscriptions")
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(devices["items"], json!([]));
            app.clock.advance(Duration::days(2));
            app.run_push_round().await;
            assert_eq!(receiver.attempts().len(), 1);
        }
    }
}

#[tokio::test]
async fn too_many_requests_waits_exactly_as_long_as_the_push_service_says() {
    for backend in backends() {
        let (app, receiver) = employee_with_reminders(backend).await;
        receiver.script("phone", [Reply::RetryAfter(429, "120".into())]);
        app.clock.advance(Duration::minutes(15));
        assert_eq!(app.run_push_round().await.retried, 1);
        app.clock.advance(Duration::seconds(119));
        app.run_push_round().await;
        assert_eq!(
            receiver.attempts().len(),
            1,
            "not before Retry-After ({backend:?})"
        );
        app.clock.advance(Duration::seconds(1));
        assert_eq!(app.run_push_round().await.sent, 1);
        assert_eq!(receiver.delivered().len(), 1);

        // A 503 with an HTTP date.
        let (app, receiver) = employee_with_reminders(backend).await;
        receiver.script(
            "phone",
            [Reply::RetryAfter(
                503,
                "Wed, 25 Nov 2026 10:15:00 GMT".into(),
            )],
        );
        app.clock.advance(Duration::minutes(15));
        app.run_push_round().await;
        app.clock.advance(Duration::minutes(29));
        app.run_push_round().await;
        assert_eq!(receiver.attempts().len(), 1);
        app.clock.advance(Duration::minutes(1));
        app.run_push_round().await;
        assert_eq!(receiver.delivered().len(), 1);
    }
}

#[tokio::test]
async fn server_errors_and_timeouts_are_retried_with_backoff_then_given_up() {
    for backend in backends() {
        let (app, receiver) = employee_with_reminders(backend).await;
        receiver.script(
            "phone",
            [
                Reply::Status(500),
                Reply::Slow(std::time::Duration::from_secs(3)),
            ],
        );
        app.clock.advance(Duration::minutes(15));
        assert_eq!(app.run_push_round().await.retried, 1, "500 ({backend:?})");
        // The first retry waits between 15 and 30 seconds.
        app.clock.advance(Duration::seconds(14));
        app.run_push_round().await;
        assert_eq!(receiver.attempts().len(), 1);
        app.clock.advance(Duration::seconds(16));
        assert_eq!(app.run_push_round().await.retried, 1, "timeout");
        app.clock.advance(Duration::minutes(1));
        assert_eq!(app.run_push_round().await.sent, 1);

        // One that never succeeds is given up after six attempts and counted as failed.
        let (app, receiver) = employee_with_reminders(backend).await;
        receiver.script("phone", std::iter::repeat_n(Reply::Status(502), 10));
        app.clock.advance(Duration::minutes(15));
        for _ in 0..8 {
            app.run_push_round().await;
            app.clock.advance(Duration::minutes(31));
        }
        assert_eq!(receiver.attempts().len(), 6, "{backend:?}");
        let stats = admin_stats(&app).await;
        assert_eq!(
            (stats["failed"].as_u64(), stats["retried"].as_u64()),
            (Some(1), Some(1))
        );
        // The device stays: a push service's bad day is not the phone's fault.
        assert_eq!(stats["devices"], 1);
    }
}

#[tokio::test]
async fn refused_and_oversized_messages_are_dropped_without_retrying() {
    for backend in backends() {
        for status in [413, 400, 403] {
            let (app, receiver) = employee_with_reminders(backend).await;
            receiver.script("phone", [Reply::Status(status)]);
            app.clock.advance(Duration::minutes(15));
            assert_eq!(
                app.run_push_round().await.dropped,
                1,
                "{status} {backend:?}"
            );
            app.clock.advance(Duration::hours(1));
            app.run_push_round().await;
            assert_eq!(receiver.attempts().len(), 1);
            assert_eq!(admin_stats(&app).await["dropped"], 1);
        }
    }
}

/// The demo coordinator, made admin too, reads the employer's push figures.
async fn admin_stats(app: &TestApp) -> Value {
    use sea_orm::ConnectionTrait;
    app.db
        .conn()
        .execute_unprepared(
            "INSERT INTO person_roles (person_id, role, source) \
             SELECT id, 'admin', 'test' FROM persons WHERE demo_persona = 'coordinator' \
             AND NOT EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = persons.id AND r.role = 'admin')",
        )
        .await
        .unwrap();
    let admin = client();
    app.sign_in_with(&admin, "coordinator").await;
    let res = admin
        .get(app.url("/api/v1/employers/demokommun/push"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test]
async fn push_figures_are_for_the_employers_admins_only() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sign_in("employee").await;
    let res = app.get("/api/v1/employers/demokommun/push").await;
    assert_eq!(res.status(), 403);
    let anonymous = client()
        .get(app.url("/api/v1/employers/demokommun/push"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let stats = admin_stats(&app).await;
    assert_eq!(stats["sent"], 0);
    // The same figures on the admin page.
    let admin = client();
    app.sign_in_with(&admin, "coordinator").await;
    let page = admin
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-push-figures"), "{page}");
    assert!(page.contains("<dt>Skickade</dt><dd>0</dd>"), "{page}");
}

#[tokio::test]
async fn a_test_notification_goes_to_each_of_the_persons_devices() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in("employee").await;
        let none = app
            .client
            .post(app.url("/api/v1/push/test"))
            .send()
            .await
            .unwrap();
        assert_eq!(none.status(), 409);
        let none: Value = none.json().await.unwrap();
        assert_eq!(none["type"], "urn:orka:problem:no-devices");
        assert_eq!(
            none["title"], "Ingen enhet tar emot aviseringar",
            "in her language"
        );

        let receiver = Receiver::start().await;
        subscribe(&app, &receiver, "phone").await;
        let mut english = receiver.subscription("laptop");
        english["language"] = json!("en");
        english["label"] = json!("Work laptop");
        app.client
            .post(app.url("/api/v1/push/subscriptions"))
            .json(&english)
            .send()
            .await
            .unwrap();
        let res = app
            .client
            .post(app.url("/api/v1/push/test"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 202);
        assert_eq!(res.json::<Value>().await.unwrap()["queued"], 2);
        assert_eq!(app.run_push_round().await.sent, 2, "{backend:?}");
        let mut titles: Vec<String> = receiver
            .delivered()
            .iter()
            .map(|d| d.payload["title"].as_str().unwrap().to_owned())
            .collect();
        titles.sort();
        assert_eq!(
            titles,
            ["Test notification from Orka", "Testavisering från Orka"]
        );
        // One VAPID token for the push service, not one per message.
        assert_eq!(receiver.distinct_tokens(), 1);
    }
}

#[tokio::test]
async fn bad_subscriptions_get_field_messages_and_nothing_is_stored() {
    let app = spawn_app(Backend::Sqlite).await;
    let receiver = Receiver::start().await;
    let good = receiver.subscription("phone");
    let anonymous = client()
        .post(app.url("/api/v1/push/subscriptions"))
        .json(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    app.sign_in("employee").await;
    let cases = [
        (json!({"endpoint": "ftp://127.0.0.1/x"}), "endpoint"),
        (json!({"endpoint": "not a url"}), "endpoint"),
        (
            json!({"keys": {"p256dh": "AAAA", "auth": good["keys"]["auth"]}}),
            "keys.p256dh",
        ),
        (
            json!({"keys": {"p256dh": good["keys"]["p256dh"], "auth": "c2hvcnQ"}}),
            "keys.auth",
        ),
        (json!({"language": "de"}), "language"),
    ];
    for (change, field) in cases {
        let mut body = good.clone();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let res = app
            .client
            .post(app.url("/api/v1/push/subscriptions"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{field}");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    let malformed = app
        .client
        .post(app.url("/api/v1/push/subscriptions"))
        .header("content-type", "application/json")
        .body("{\"endpoint\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    assert_eq!(app.count("push_subscriptions").await, 0);
}

#[tokio::test]
async fn a_device_is_removed_by_its_owner_only_and_an_endpoint_belongs_to_one_person() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in("employee").await;
        let receiver = Receiver::start().await;
        let phone = subscribe(&app, &receiver, "phone").await;
        subscribe(&app, &receiver, "tablet").await;

        let other = client();
        app.sign_in_with(&other, "manager").await;
        let id = phone["id"].as_str().unwrap();
        let res = other
            .delete(app.url(&format!("/api/v1/push/subscriptions/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "someone else's device is not found");
        let res = app
            .client
            .delete(app.url(&format!("/api/v1/push/subscriptions/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);

        // The manager signs in on the employee's tablet: it now reminds the manager only.
        let again = other
            .post(app.url("/api/v1/push/subscriptions"))
            .json(&receiver.subscription("tablet"))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 201);
        let mine: Value = app
            .get("/api/v1/push/subscriptions")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine["items"], json!([]), "{backend:?}");
        let res = other
            .delete(app.url("/api/v1/push/subscriptions"))
            .json(&json!({"endpoint": receiver.endpoint("tablet")}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        assert_eq!(app.count("push_subscriptions").await, 0);
    }
}

#[tokio::test]
async fn preferences_have_defaults_and_bad_values_get_field_messages() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sign_in("employee").await;
    let prefs: Value = app
        .get("/api/v1/push/preferences")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        prefs,
        json!({
            "check_in": false, "weekday": "monday", "time": "09:00", "time_zone": "Europe/Stockholm",
            "quiet_hours": null, "rehab": true, "alerts": true, "during_sick_leave": false,
            "paused": false, "resting": false, "next_reminder": null
        })
    );
    let res = app
        .client
        .put(app.url("/api/v1/push/preferences"))
        .json(&json!({"weekday": "caturday", "time": "9 am", "time_zone": "Sweden"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let problem: Value = res.json().await.unwrap();
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["weekday", "time", "time_zone"]);
    let unknown = app
        .client
        .put(app.url("/api/v1/push/preferences"))
        .json(&json!({"check_in": true, "volume": 11}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
    // Quiet hours move a reminder to their end, in the person's own zone.
    let res = app
        .client
        .put(app.url("/api/v1/push/preferences"))
        .json(
            &json!({"check_in": true, "weekday": "thursday", "time": "06:30",
            "time_zone": "Europe/Helsinki", "quiet_hours": {"start": "22:00", "end": "07:15"}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let prefs: Value = res.json().await.unwrap();
    assert_eq!(prefs["next_reminder"], "2026-11-26T05:15:00Z");
}

#[tokio::test]
async fn a_crash_in_the_middle_of_a_fan_out_loses_no_reminder() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sign_in("employee").await;
    let receiver = Receiver::start().await;
    let devices: Vec<String> = (0..60).map(|i| format!("d{i}")).collect();
    for d in &devices {
        subscribe(&app, &receiver, d).await;
        receiver.script(d, [Reply::Slow(std::time::Duration::from_millis(150))]);
    }
    app.client
        .post(app.url("/api/v1/push/test"))
        .send()
        .await
        .unwrap();
    let worker = app.push.worker.clone();
    let crashed = tokio::spawn(async move { worker.run_once().await });
    while receiver.delivered().len() < 10 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    crashed.abort();
    let before = receiver.delivered().len();
    assert!(before < devices.len(), "the crash came mid-way");
    // After a restart, claims the dead worker held are free once their lease ends.
    app.clock.advance(Duration::minutes(3));
    app.run_push_round().await;
    let got = receiver.delivered();
    let mut seen = std::collections::HashMap::<&str, Vec<&Value>>::new();
    for d in &got {
        seen.entry(d.device.as_str()).or_default().push(&d.payload);
    }
    assert_eq!(seen.len(), devices.len(), "every device got its push");
    // Only a push that was on its way when the process died can arrive twice, and then
    // with the same tag: the phone shows it once.
    let twice: Vec<_> = seen.values().filter(|p| p.len() > 1).collect();
    assert!(
        twice.len() <= 8,
        "at most the pushes in flight: {}",
        twice.len()
    );
    assert!(twice
        .iter()
        .all(|p| p.iter().all(|x| x["tag"] == p[0]["tag"])));
}

#[tokio::test]
async fn two_instances_on_postgresql_deliver_a_thousand_reminders_without_a_duplicate() {
    if postgres_url().is_none() {
        return;
    }
    let app = spawn_app(Backend::Postgres).await;
    app.sign_in("employee").await;
    let receiver = Receiver::start().await;
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    let person = domain::PersonId::from_uuid(me["id"].as_str().unwrap().parse().unwrap());
    let now = service::Clock::now(app.clock.as_ref());
    for i in 0..1000 {
        let s = receiver.subscription(&format!("d{i}"));
        service::push::subscribe(
            &app.db,
            person,
            service::push::NewSubscription {
                endpoint: s["endpoint"].as_str().unwrap().into(),
                p256dh: s["keys"]["p256dh"].as_str().unwrap().into(),
                auth: s["keys"]["auth"].as_str().unwrap().into(),
                language: domain::guidance::Language::En,
                label: None,
            },
            &push_settings().endpoints,
            now,
        )
        .await
        .unwrap()
        .unwrap();
    }
    assert_eq!(
        service::push::enqueue_test(&app.db, person, now)
            .await
            .unwrap(),
        1000
    );
    // Another instance: its own name, sender and token cache; only the database is shared.
    let mut second = app.push.worker.clone();
    second.name = "second-instance".into();
    second.sender = std::sync::Arc::new(service::push::Sender::new(
        "mailto:drift@orka.test".into(),
        std::time::Duration::from_secs(2),
        8,
    ));
    second.batch = 50;
    let mut first = app.push.worker.clone();
    first.batch = 50;
    let (a, b) = tokio::join!(first.run_once(), second.run_once());
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sent + b.sent, 1000);
    assert!(
        a.sent > 0 && b.sent > 0,
        "both instances sent: {} and {}",
        a.sent,
        b.sent
    );
    let got = receiver.delivered();
    let distinct: std::collections::HashSet<&str> = got.iter().map(|d| d.device.as_str()).collect();
    assert_eq!((got.len(), distinct.len()), (1000, 1000));
}

#[tokio::test]
async fn a_consented_alert_reaches_the_managers_phone_without_saying_what_or_who() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let receiver = Receiver::start().await;
        let manager = client();
        app.sign_in_with(&manager, "manager").await;
        let res = manager
            .post(app.url("/api/v1/push/subscriptions"))
            .json(&receiver.subscription("manager-phone"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);

        app.sign_in("employee").await;
        let version = domain::consent::current(domain::consent::Scope::AskToTalk).version;
        let res = app
            .client
            .post(app.url("/api/v1/consents"))
            .json(
                &json!({ "scope": "ask-to-talk", "recipient": "manager", "text_version": version }),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let mut talk = good_answers();
        talk["wants_to_talk"] = true.into();
        talk["note"] = "tungt just nu".into();
        assert_eq!(app.put_check_in(THIS_WEEK, &talk).await.status(), 200);
        assert_eq!(
            app.put_check_in(THIS_WEEK, &talk).await.status(),
            200,
            "resubmitted"
        );
        app.run_push_round().await;

        let got = receiver.delivered();
        assert_eq!(got.len(), 1, "one notice ({backend:?})");
        assert_eq!(
            got[0].payload,
            json!({
                "kind": "alert", "title": "Nytt meddelande i Orka",
                "body": "Någon har valt att dela något med dig. Öppna Orka för att se det.",
                "url": "/team", "tag": "alert", "lang": "sv"
            })
        );
        assert_eq!(got[0].topic.as_deref(), Some("alert"));

        // Unacknowledged: Wednesday → Thursday is one working day, Friday two: one reminder.
        app.clock.advance(Duration::days(1));
        app.run_push_round().await;
        assert_eq!(receiver.delivered().len(), 1, "{backend:?}");
        app.clock.advance(Duration::days(1));
        app.run_push_round().await;
        app.run_push_round().await;
        let got = receiver.delivered();
        assert_eq!(got.len(), 2, "{backend:?}");
        assert_eq!(got[1].payload["kind"], "alert-waiting");
        assert_eq!(got[1].payload["url"], "/team");
        // The weekend does not count; the next reminder is two working days later, on Tuesday.
        app.clock.advance(Duration::days(3));
        app.run_push_round().await;
        assert_eq!(receiver.delivered().len(), 2);
        app.clock.advance(Duration::days(1));
        app.run_push_round().await;
        assert_eq!(receiver.delivered().len(), 3);

        // Acknowledged: no more reminders.
        let manager = client();
        app.sign_in_with(&manager, "manager").await;
        let alerts: Value = manager
            .get(app.url("/api/v1/alerts"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = alerts["items"][0]["id"].as_str().unwrap();
        let res = manager
            .post(app.url(&format!("/api/v1/alerts/{id}/acknowledge")))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        app.clock.advance(Duration::days(7));
        app.run_push_round().await;
        assert_eq!(receiver.delivered().len(), 3, "{backend:?}");
    }
}

/// Demokommun's routine has the manager call on day 3: that morning the employee's own manager
/// gets a reminder that says nothing of whom or why.
#[tokio::test]
async fn the_day_three_call_is_reminded_to_the_employees_own_manager_that_morning() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in("manager").await;
        let receiver = Receiver::start().await;
        subscribe(&app, &receiver, "phone").await;
        let employee = client();
        app.sign_in_with(&employee, "employee").await;
        let me: Value = employee
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        // Sick from Monday 23 November: day 3 is today, Wednesday 25th.
        as_coordinator(
            &app,
            reqwest::Method::POST,
            "/api/v1/rehab/cases",
            json!({"person_id": me["id"], "first_day": "2026-11-23", "percent": 100}),
        )
        .await;
        app.run_push_round().await;
        app.run_push_round().await;
        let got = receiver.delivered();
        let kinds: Vec<&str> = got
            .iter()
            .map(|p| p.payload["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["rehab-deadline"], "{backend:?}");
        let text = got[0].payload.to_string();
        assert!(!text.contains("Anna") && !text.contains("sjuk"), "{text}");
    }
}

/// The follow-up of an adjustment case is reminded that morning to whoever set it, naming no
/// one and nothing about the work or health.
#[tokio::test]
async fn an_adjustment_follow_up_is_reminded_that_morning_to_whoever_set_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.sign_in("manager").await;
        let receiver = Receiver::start().await;
        subscribe(&app, &receiver, "phone").await;
        let employee = client();
        app.sign_in_with(&employee, "employee").await;
        let res = employee
            .post(app.url("/api/v1/me/adjustment"))
            .json(&json!({"to": "manager", "words": "Kvällspassen tar all ork"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let case: Value = res.json().await.unwrap();
        let follow_up = |on: &'static str| {
            let app = &app;
            let path = format!(
                "/api/v1/rehab/cases/{}/follow-up",
                case["id"].as_str().unwrap()
            );
            async move {
                let res = app
                    .client
                    .put(app.url(&path))
                    .json(&json!({ "on": on }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
            }
        };
        let kinds = || {
            receiver
                .delivered()
                .iter()
                .map(|p| p.payload["kind"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        // Set for next week: nothing today but the notice that she asked.
        follow_up("2026-12-02").await;
        app.run_push_round().await;
        assert_eq!(kinds(), ["adjustment-request"], "{backend:?}");
        // Moved to today (Wednesday 25 November): that morning's reminder, once.
        follow_up("2026-11-25").await;
        app.run_push_round().await;
        app.run_push_round().await;
        assert_eq!(
            kinds(),
            ["adjustment-request", "rehab-deadline"],
            "{backend:?}"
        );
        let got = receiver.delivered();
        let text = got[1].payload.to_string();
        assert!(
            !text.contains("Anna") && !text.contains("Kvällspass") && !text.contains("anpassning"),
            "{text}"
        );
    }
}

/// A request for adjusted work tells those it went to that someone asked, not who or why: the
/// manager when the employee chose them, the coordinators when she did not.
#[tokio::test]
async fn a_request_for_adjusted_work_notifies_only_those_it_went_to() {
    for backend in backends() {
        for (to, receiving) in [("manager", "manager"), ("coordinator", "coordinator")] {
            let app = spawn_app(backend).await;
            let receivers = [
                ("manager", Receiver::start().await),
                ("coordinator", Receiver::start().await),
            ];
            for (persona, receiver) in &receivers {
                app.sign_in(persona).await;
                subscribe(&app, receiver, "phone").await;
            }
            let employee = client();
            app.sign_in_with(&employee, "employee").await;
            let res = employee
                .post(app.url("/api/v1/me/adjustment"))
                .json(&json!({"to": to, "words": "Kvällspassen tar all ork"}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201);
            app.run_push_round().await;
            for (persona, receiver) in &receivers {
                let kinds: Vec<String> = receiver
                    .delivered()
                    .iter()
                    .map(|p| p.payload["kind"].as_str().unwrap().to_owned())
                    .collect();
                let want: &[&str] = if *persona == receiving {
                    &["adjustment-request"]
                } else {
                    &[]
                };
                assert_eq!(kinds, want, "{backend:?}: to {to}, {persona} got");
                for p in receiver.delivered() {
                    let text = p.payload.to_string();
                    assert!(
                        !text.contains("Anna") && !text.contains("Kvällspass"),
                        "{text}"
                    );
                }
            }
        }
    }
}
