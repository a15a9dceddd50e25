//! Consent, alerts, the team trend, the access log and one's own data, over HTTP, with people
//! from the organisation import signed in through their employer's provider.

use crate::access::{world, Who, World, UMEA};
use crate::helpers::*;
use domain::IsoWeek;
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};
use service::org_import;

impl World {
    async fn send(&self, req: reqwest::RequestBuilder) -> (u16, Value) {
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn get_json(&self, who: Who, path: &str) -> (u16, Value) {
        self.send(self.clients[&who].get(self.app.url(path))).await
    }

    async fn post_json(&self, who: Who, path: &str, body: Value) -> (u16, Value) {
        self.send(self.clients[&who].post(self.app.url(path)).json(&body))
            .await
    }

    async fn delete(&self, who: Who, path: &str) -> u16 {
        self.clients[&who]
            .delete(self.app.url(path))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    /// The current text version of a scope, as the consent page would show it.
    async fn version(&self, who: Who, scope: &str) -> u64 {
        let (_, v) = self.get_json(who, "/api/v1/consents").await;
        v["texts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["scope"] == scope)
            .unwrap()["version"]
            .as_u64()
            .unwrap()
    }

    async fn grant(&self, who: Who, scope: &str, recipient: &str) -> (u16, Value) {
        let version = self.version(who, scope).await;
        let body = json!({ "scope": scope, "recipient": recipient, "text_version": version });
        self.post_json(who, "/api/v1/consents", body).await
    }

    async fn check_in(&self, who: Who, body: Value) -> u16 {
        self.clients[&who]
            .put(self.app.url(&format!("/api/v1/checkins/{THIS_WEEK}")))
            .json(&body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    async fn alerts(&self, who: Who) -> Vec<Value> {
        let (status, v) = self.get_json(who, "/api/v1/alerts").await;
        assert_eq!(status, 200);
        v["items"].as_array().unwrap().clone()
    }

    async fn access_log(&self, who: Who) -> Vec<Value> {
        let (_, v) = self.get_json(who, "/api/v1/me/access-log").await;
        v["items"].as_array().unwrap().clone()
    }
}

fn talk() -> Value {
    json!({ "stress": 2, "work_ability": 8, "who5": [4, 4, 3, 4, 3], "wants_to_talk": true, "note": "a private note" })
}

#[tokio::test]
async fn weekly_scores_open_to_the_manager_on_grant_and_close_on_the_next_request_after_withdrawal()
{
    for b in backends() {
        let w = world(b).await;
        let anna = w.ids["anna"].clone();
        let scores = format!("/api/v1/people/{anna}/checkins");
        assert_eq!(w.get_json(Who::ManagerOfTeamA, &scores).await.0, 403);

        let (status, v) = w.grant(Who::Anna, "weekly-scores", "manager").await;
        assert_eq!(status, 201, "{v}");
        let grant = &v["grants"][0];
        assert_eq!(grant["recipient_name"], "mgr-a");
        assert_eq!(grant["standing"], true);
        assert!(grant["text"].as_str().unwrap().contains("WHO-5"));

        let (status, v) = w.get_json(Who::ManagerOfTeamA, &scores).await;
        assert_eq!(status, 200, "{b:?}");
        assert_eq!(v["items"][0]["week"], THIS_WEEK);
        assert_eq!(v["items"][0]["work_ability"], 8);
        // Scores only: never the items, the note or the wish to talk.
        let text = v.to_string();
        assert!(
            !text.contains("who5\"") && !text.contains("note") && !text.contains("wants_to_talk")
        );
        // Only the manager it was given to: not the one above, not the coordinator.
        assert_eq!(w.get_json(Who::ManagerOfDept, &scores).await.0, 403);
        assert_eq!(w.get_json(Who::Coordinator, &scores).await.0, 403);
        assert_eq!(w.get_json(Who::ManagerOfTeamB, &scores).await.0, 404);

        let log = w.access_log(Who::Anna).await;
        assert_eq!(log.len(), 1, "one read, one entry: {log:?}");
        assert_eq!(log[0]["actor_name"], "mgr-a");
        assert_eq!(log[0]["actor_role"], "manager");
        assert_eq!(log[0]["what"], "weekly-scores");
        assert_eq!(log[0]["consent_id"], grant["id"]);
        // Refused reads are not reads.
        assert!(w.access_log(Who::ManagerOfTeamA).await.is_empty());

        let id = grant["id"].as_str().unwrap();
        assert_eq!(
            w.delete(Who::Anna, &format!("/api/v1/consents/{id}")).await,
            204
        );
        let (status, v) = w.get_json(Who::ManagerOfTeamA, &scores).await;
        assert_eq!(status, 403);
        assert_eq!(v["type"], "urn:orka:problem:needs-consent");
        assert_eq!(w.access_log(Who::Anna).await.len(), 1);
        // Withdrawing twice, or someone else's grant, finds nothing.
        assert_eq!(
            w.delete(Who::Anna, &format!("/api/v1/consents/{id}")).await,
            404
        );
        let (_, v) = w.grant(Who::Anna, "weekly-scores", "manager").await;
        let again = v["grants"][0]["id"].as_str().unwrap().to_owned();
        assert_eq!(
            w.delete(Who::Colleague, &format!("/api/v1/consents/{again}"))
                .await,
            404
        );
        let (_, v) = w.get_json(Who::Anna, "/api/v1/consents").await;
        assert_eq!(
            v["grants"].as_array().unwrap().len(),
            2,
            "the history stays"
        );
    }
}

#[tokio::test]
async fn grants_that_cannot_be_informed_or_have_no_recipient_are_refused_with_a_reason() {
    for b in backends() {
        let w = world(b).await;
        let post = |body: Value| w.post_json(Who::Anna, "/api/v1/consents", body);
        let v1 = w.version(Who::Anna, "ask-to-talk").await;

        let (status, v) =
            post(json!({ "scope": "ask-to-talk", "recipient": "manager", "text_version": v1 + 1 }))
                .await;
        assert_eq!(
            (status, v["type"].as_str()),
            (409, Some("urn:orka:problem:consent-text-changed"))
        );
        let (status, v) =
            post(json!({ "scope": "everything", "recipient": "boss", "text_version": v1 })).await;
        assert_eq!(status, 422);
        let fields: Vec<&str> = v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["scope", "recipient"]);
        let tt = w.version(Who::Anna, "team-trend").await;
        let (status, v) =
            post(json!({ "scope": "team-trend", "recipient": "coordinator", "text_version": tt }))
                .await;
        assert_eq!(
            (status, v["errors"][0]["code"].as_str()),
            (422, Some("not_for_scope"))
        );
        let (status, v) =
            post(json!({ "scope": "ask-to-talk", "recipient": "coordinator", "text_version": v1 }))
                .await;
        assert_eq!(
            (status, v["errors"][0]["field"].as_str()),
            (422, Some("coordinator_id"))
        );
        let bo = w.ids["bo"].clone();
        let (status, _) = post(json!({ "scope": "ask-to-talk", "recipient": "coordinator", "coordinator_id": bo, "text_version": v1 })).await;
        assert_eq!(status, 422, "Bo is not a coordinator");
        let coord = w.ids["coord"].clone();
        let (status, v) = post(json!({ "scope": "ask-to-talk", "recipient": "coordinator", "coordinator_id": coord, "text_version": v1 })).await;
        assert_eq!(status, 201);
        assert_eq!(v["grants"][0]["recipient_name"], "coord");
        let res = w.clients[&Who::Anna]
            .post(w.app.url("/api/v1/consents"))
            .header("content-type", "application/json")
            .body("{")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        // The department manager leads the top unit: nobody above to grant to.
        let (status, v) = w.grant(Who::ManagerOfDept, "ask-to-talk", "manager").await;
        assert_eq!(
            (status, v["type"].as_str()),
            (409, Some("urn:orka:problem:no-manager"))
        );
        // Granting what stands changes nothing.
        let (_, once) = w.grant(Who::Anna, "ask-to-talk", "manager").await;
        let (_, twice) = w.grant(Who::Anna, "ask-to-talk", "manager").await;
        assert_eq!(once["grants"], twice["grants"], "{b:?}");
        assert_eq!(w.app.count("access_log").await, 0);
    }
}

#[tokio::test]
async fn asking_to_talk_reaches_the_manager_who_acknowledges_and_loses_it_on_withdrawal() {
    for b in backends() {
        let w = world(b).await;
        // Without consent, asking to talk tells nobody.
        assert_eq!(w.check_in(Who::Anna, talk()).await, 200);
        assert!(w.alerts(Who::ManagerOfTeamA).await.is_empty());

        let (_, v) = w.grant(Who::Anna, "ask-to-talk", "manager").await;
        let consent = v["grants"][0]["id"].as_str().unwrap().to_owned();
        assert_eq!(w.check_in(Who::Anna, talk()).await, 200);
        assert_eq!(w.check_in(Who::Anna, talk()).await, 200, "resubmitted");
        let alerts = w.alerts(Who::ManagerOfTeamA).await;
        assert_eq!(alerts.len(), 1, "one alert per week: {alerts:?}");
        let alert = &alerts[0];
        assert_eq!(alert["kind"], "asked-to-talk");
        assert_eq!(alert["person_name"], "anna");
        assert_eq!(alert["week"], THIS_WEEK);
        let text = Value::Array(alerts.clone()).to_string();
        assert!(
            !text.contains("work_ability") && !text.contains("private note"),
            "{text}"
        );
        for other in [
            Who::ManagerOfTeamB,
            Who::ManagerOfDept,
            Who::Coordinator,
            Who::Colleague,
        ] {
            assert!(w.alerts(other).await.is_empty(), "{other:?}");
        }

        let id = alert["id"].as_str().unwrap().to_owned();
        let ack = format!("/api/v1/alerts/{id}/acknowledge");
        let (status, _) = w.post_json(Who::ManagerOfTeamB, &ack, json!({})).await;
        assert_eq!(status, 404, "not theirs");
        let long = "x".repeat(501);
        let (status, v) = w
            .post_json(Who::ManagerOfTeamA, &ack, json!({ "follow_up": long }))
            .await;
        assert_eq!(
            (status, v["errors"][0]["code"].as_str()),
            (422, Some("too_long"))
        );
        let (status, v) = w
            .post_json(
                Who::ManagerOfTeamA,
                &ack,
                json!({ "follow_up": "Talked on Tuesday" }),
            )
            .await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["follow_up"], "Talked on Tuesday");
        assert!(v["acknowledged_at"].is_string());

        let log = w.access_log(Who::Anna).await;
        let reads: u64 = log.iter().map(|e| e["times"].as_u64().unwrap()).sum();
        assert!(
            reads >= 2
                && log
                    .iter()
                    .all(|e| e["what"] == "alert" && e["actor_name"] == "mgr-a"),
            "{log:?}"
        );
        assert!(log.iter().all(|e| e["consent_id"] == consent.as_str()));

        assert_eq!(
            w.delete(Who::Anna, &format!("/api/v1/consents/{consent}"))
                .await,
            204
        );
        assert!(
            w.alerts(Who::ManagerOfTeamA).await.is_empty(),
            "gone on withdrawal"
        );
        let (status, _) = w.post_json(Who::ManagerOfTeamA, &ack, json!({})).await;
        assert_eq!(status, 404);
        // Granting again does not bring back what was raised under the withdrawn grant.
        w.grant(Who::Anna, "ask-to-talk", "manager").await;
        assert!(w.alerts(Who::ManagerOfTeamA).await.is_empty(), "{b:?}");
    }
}

#[tokio::test]
async fn low_wellbeing_is_told_without_the_scores() {
    for b in backends() {
        let w = world(b).await;
        w.grant(Who::Colleague, "low-wellbeing", "manager").await;
        // WHO-5 of 28: very low once is enough.
        let low = json!({ "stress": 3, "work_ability": 6, "who5": [2, 2, 1, 1, 1], "wants_to_talk": false, "note": null });
        assert_eq!(w.check_in(Who::Colleague, low).await, 200);
        let alerts = w.alerts(Who::ManagerOfTeamB).await;
        assert_eq!(alerts.len(), 1, "{b:?}");
        assert_eq!(alerts[0]["kind"], "wellbeing-low");
        let text = Value::Array(alerts).to_string();
        assert!(!text.contains("who5") && !text.contains("score") && !text.contains("stress"));
    }
}

#[tokio::test]
async fn a_new_manager_sees_nothing_until_consent_is_given_again() {
    for b in backends() {
        let w = world(b).await;
        w.grant(Who::Anna, "ask-to-talk", "manager").await;
        w.grant(Who::Anna, "weekly-scores", "manager").await;
        assert_eq!(w.check_in(Who::Anna, talk()).await, 200);
        assert_eq!(w.alerts(Who::ManagerOfTeamA).await.len(), 1);

        // Team A changes hands: Mats (team B's manager) takes it over.
        let reorganised = UMEA
            .replace(
                "mgr-a,Maria Berg,,Omsorg/Team A,Omsorg/Team A,",
                "mgr-a,Maria Berg,,Omsorg/Team A,,",
            )
            .replace(
                "mgr-b,Mats Berg,,Omsorg/Team B,Omsorg/Team B,",
                "mgr-b,Mats Berg,,Omsorg/Team B,Omsorg/Team A|Omsorg/Team B,",
            );
        let rows = org_import::parse(&reorganised).unwrap();
        org_import::apply(
            &w.app.db,
            "umea",
            rows,
            service::Clock::now(w.app.clock.as_ref()),
        )
        .await
        .unwrap();

        let anna = w.ids["anna"].clone();
        let scores = format!("/api/v1/people/{anna}/checkins");
        assert_eq!(
            w.get_json(Who::ManagerOfTeamA, &scores).await.0,
            404,
            "no longer in reach"
        );
        assert!(w.alerts(Who::ManagerOfTeamA).await.is_empty());
        let (status, v) = w.get_json(Who::ManagerOfTeamB, &scores).await;
        assert_eq!(
            (status, v["type"].as_str()),
            (403, Some("urn:orka:problem:needs-consent")),
            "{b:?}"
        );
        assert!(w.alerts(Who::ManagerOfTeamB).await.is_empty());
        let (_, v) = w.get_json(Who::Anna, "/api/v1/consents").await;
        assert!(v["grants"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["standing"] == false));
        assert_eq!(v["managers"][0]["id"], w.ids["mgr-b"].as_str());

        w.grant(Who::Anna, "weekly-scores", "manager").await;
        assert_eq!(w.get_json(Who::ManagerOfTeamB, &scores).await.0, 200);
    }
}

#[tokio::test]
async fn the_export_holds_everything_about_the_person_and_nothing_of_anyone_else() {
    for b in backends() {
        let w = world(b).await;
        let bo_note = json!({ "stress": 2, "work_ability": 8, "who5": [4, 4, 3, 4, 3], "wants_to_talk": false, "note": "Bo's own words" });
        assert_eq!(w.check_in(Who::Colleague, bo_note).await, 200);
        w.grant(Who::Anna, "weekly-scores", "manager").await;
        assert_eq!(w.check_in(Who::Anna, talk()).await, 200);
        let anna = w.ids["anna"].clone();
        w.get_json(
            Who::ManagerOfTeamA,
            &format!("/api/v1/people/{anna}/checkins"),
        )
        .await;

        let res = w.clients[&Who::Anna]
            .get(w.app.url("/api/v1/me/export"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment"));
        let export: Value = res.json().await.unwrap();
        assert_eq!(export["person"]["id"], anna.as_str());
        assert_eq!(export["check_ins"][0]["note"], "a private note");
        assert_eq!(export["check_ins"][0]["who5_items"], json!([4, 4, 3, 4, 3]));
        assert_eq!(export["consents"][0]["scope"], "weekly-scores");
        assert_eq!(export["access_log"][0]["by"], "mgr-a");
        let text = export.to_string();
        assert!(
            !text.contains("Bo's own words") && !text.contains(&w.ids["bo"]),
            "{b:?}"
        );

        let (status, v) = w
            .send(w.clients[&Who::Anna].delete(w.app.url("/api/v1/me/checkins")))
            .await;
        assert_eq!((status, v["deleted"].as_u64()), (200, Some(1)));
        let (_, export) = w.get_json(Who::Anna, "/api/v1/me/export").await;
        assert_eq!(export["check_ins"], json!([]));
        assert_eq!(
            export["access_log"].as_array().unwrap().len(),
            1,
            "the log stays"
        );
        let (_, v) = w
            .get_json(
                Who::ManagerOfTeamA,
                &format!("/api/v1/people/{anna}/checkins"),
            )
            .await;
        assert_eq!(v["items"], json!([]));
        assert_eq!(w.app.count_check_ins(THIS_WEEK).await, 1, "Bo's stays");
    }
}

#[tokio::test]
async fn the_access_log_cannot_be_changed_even_in_the_database() {
    for b in backends() {
        let w = world(b).await;
        w.grant(Who::Anna, "weekly-scores", "manager").await;
        let anna = w.ids["anna"].clone();
        w.get_json(
            Who::ManagerOfTeamA,
            &format!("/api/v1/people/{anna}/checkins"),
        )
        .await;
        for sql in [
            "UPDATE access_log SET what = 'nothing'",
            "DELETE FROM access_log",
        ] {
            let r = w.app.db.conn().execute_unprepared(sql).await;
            assert!(r.is_err(), "{sql} on {b:?}");
        }
        assert_eq!(w.app.count("access_log").await, 1);
    }
}

/// Six in team A and five in team B let their answers count; the department is both teams.
#[tokio::test]
async fn the_team_trend_shows_groups_of_five_and_hides_what_would_give_one_away() {
    for b in backends() {
        let mut w = world(b).await;
        let mut extra = String::from(UMEA);
        for i in 0..5 {
            extra.push_str(&format!("a{i},A {i},,Omsorg/Team A,,\n"));
        }
        for i in 0..4 {
            extra.push_str(&format!("b{i},B {i},,Omsorg/Team B,,\n"));
        }
        let rows = org_import::parse(&extra).unwrap();
        let now = service::Clock::now(w.app.clock.as_ref());
        org_import::apply(&w.app.db, "umea", rows, now)
            .await
            .unwrap();
        let employer = service::employers::find_summary(&w.app.db, "umea")
            .await
            .unwrap()
            .unwrap()
            .id;
        let (db, clock) = (w.app.db.clone(), w.app.clock.clone());
        // Counts the person in and answers this week (whichever week the clock is in).
        let count_me = move |sub: String, items: [i64; 5]| {
            let (db, clock) = (db.clone(), clock.clone());
            async move {
                let now = service::Clock::now(clock.as_ref());
                let (p, _) = service::people::find_by_subject(&db, employer, &sub)
                    .await
                    .unwrap()
                    .unwrap();
                let own = service::policy::own_data(&p);
                let tt = domain::consent::current(domain::consent::Scope::TeamTrend).version;
                service::consents::grant_consent(
                    &db,
                    &own,
                    service::consents::GrantRequest {
                        scope: domain::consent::Scope::TeamTrend,
                        recipient: domain::consent::Recipient::Manager,
                        chosen: None,
                        text_version: tt,
                        language: domain::guidance::Language::Sv,
                    },
                    now,
                )
                .await
                .unwrap();
                let raw = domain::RawCheckIn {
                    stress: Some(Ok(2)),
                    work_ability: Some(Ok(7)),
                    who5: Some(items.map(|v| Some(Ok(v)))),
                    ..Default::default()
                };
                service::checkins::submit_check_in(&db, &own, IsoWeek::containing(now), raw, now)
                    .await
                    .unwrap();
            }
        };
        // Everyone of the two teams answers, week by week; `skip` does not.
        let all_answer = |skip: &'static str| {
            let count_me = count_me.clone();
            async move {
                // Team A: WHO-5 40, 60, 60, 60, 60, 80 → mean 60, one in six below 50.
                count_me("anna".into(), [2, 2, 2, 2, 2]).await;
                for (i, items) in [[3; 5], [3; 5], [3; 5], [3; 5], [4; 5]]
                    .into_iter()
                    .enumerate()
                {
                    count_me(format!("a{i}"), items).await;
                }
                for i in 0..4 {
                    count_me(format!("b{i}"), [3; 5]).await;
                }
                if skip != "bo" {
                    count_me("bo".into(), [3; 5]).await;
                }
            }
        };
        all_answer("").await;

        let team_a = w
            .get_json(Who::Admin, &format!("/api/v1/people/{}", w.ids["anna"]))
            .await
            .1["unit"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let dept = w
            .get_json(Who::Admin, &format!("/api/v1/people/{}", w.ids["mgr-dept"]))
            .await
            .1["unit"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let last_week = |v: &Value| v["weeks"].as_array().unwrap().last().unwrap().clone();
        let trend_of = |unit: &str| format!("/api/v1/units/{unit}/trend");
        // The week under way is not published.
        let (status, v) = w.get_json(Who::ManagerOfTeamA, &trend_of(&team_a)).await;
        assert_eq!(status, 200, "{v}");
        assert!(
            v["weeks"]
                .as_array()
                .unwrap()
                .iter()
                .all(|w| w["week"] != THIS_WEEK),
            "{v}"
        );

        w.a_week_later().await;
        let (_, v) = w.get_json(Who::ManagerOfTeamA, &trend_of(&team_a)).await;
        assert_eq!(v["threshold"], 5);
        let week = last_week(&v);
        assert_eq!(week["week"], THIS_WEEK);
        assert_eq!(week["unit"]["figures"]["mean_who5"], 60.0, "{b:?}");
        assert_eq!(week["unit"]["figures"]["share_below_50"], 17);
        // Anna, a0–a4 and Maria (who does not count herself in): 6 of 7 members.
        assert_eq!(week["unit"]["figures"]["participation"], 86);
        let (_, v) = w.get_json(Who::ManagerOfDept, &trend_of(&dept)).await;
        let published = last_week(&v);
        assert_eq!(published["unit"]["figures"]["mean_who5"], 60.0);
        assert!(published["below"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["hidden"] == false));

        // Bo withdraws: his answers leave every week, the published one too. The department's
        // and team B's figures for it would change, and so give his answers away: they are
        // withdrawn; team A's did not change and stays as published.
        let (_, consents) = w.get_json(Who::Colleague, "/api/v1/consents").await;
        let id = consents["grants"][0]["id"].as_str().unwrap();
        assert_eq!(
            w.delete(Who::Colleague, &format!("/api/v1/consents/{id}"))
                .await,
            204
        );
        let (_, v) = w.get_json(Who::ManagerOfDept, &trend_of(&dept)).await;
        let week = last_week(&v);
        assert_eq!(week["week"], THIS_WEEK);
        assert!(
            week["unit"]["figures"].is_null() && week["unit"]["withdrawn"] == true,
            "{week}"
        );
        assert_eq!(
            week["below"][0], published["below"][0],
            "team A as published"
        );
        assert_eq!(week["below"][1]["withdrawn"], true, "team B: {week}");
        sums_are_rebuilt_alike(&w.app.db, employer).await;

        // The next week, without Bo: team B is four, and the department minus team A would be
        // team B, so both teams are hidden and the department of ten is shown.
        all_answer("bo").await;
        w.a_week_later().await;
        let (_, v) = w.get_json(Who::ManagerOfDept, &trend_of(&dept)).await;
        let week = last_week(&v);
        assert!(week["unit"]["figures"].is_object(), "ten people: shown");
        let names: Vec<&str> = v["below"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap())
            .collect();
        for (name, cell) in names.iter().zip(week["below"].as_array().unwrap()) {
            assert!(
                cell["figures"].is_null() && cell["hidden"] == true && cell["withdrawn"] == false,
                "{name}: {cell}"
            );
        }
        let (_, v) = w.get_json(Who::ManagerOfTeamA, &trend_of(&team_a)).await;
        assert_eq!(
            last_week(&v)["unit"]["hidden"],
            true,
            "the same figure is hidden in every view"
        );
        sums_are_rebuilt_alike(&w.app.db, employer).await;

        // A third week: everyone answers; then Bo counts again; a0 moves to team B, away from
        // the manager a0's grant was given to (so a0 no longer counts); a1 deletes their
        // history; Anna answers again, higher.
        all_answer("").await;
        let moved = extra.replace("a0,A 0,,Omsorg/Team A,,", "a0,A 0,,Omsorg/Team B,,");
        org_import::apply(&w.app.db, "umea", org_import::parse(&moved).unwrap(), now)
            .await
            .unwrap();
        sums_are_rebuilt_alike(&w.app.db, employer).await;
        let (a1, _) = service::people::find_by_subject(&w.app.db, employer, "a1")
            .await
            .unwrap()
            .unwrap();
        service::my_data::delete_check_ins(&w.app.db, &service::policy::own_data(&a1))
            .await
            .unwrap();
        count_me("anna".into(), [4; 5]).await;
        sums_are_rebuilt_alike(&w.app.db, employer).await;
        // Team A: Anna 80, a2 and a3 60, a4 80: four, too few, and so team B's five are
        // hidden too; the department shows all nine.
        w.a_week_later().await;
        let (_, v) = w.get_json(Who::ManagerOfDept, &trend_of(&dept)).await;
        let week = last_week(&v);
        assert_eq!(week["unit"]["figures"]["mean_who5"], 64.4, "580 / 9");
        assert!(week["below"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["figures"].is_null()));

        // The same kinds of change at once (on PostgreSQL, in concurrent transactions): new
        // answers, among them a4's while a4's grant is withdrawn, and an import.
        let (a4, _) = service::people::find_by_subject(&w.app.db, employer, "a4")
            .await
            .unwrap()
            .unwrap();
        for round in 0..20i64 {
            let mut racing = tokio::task::JoinSet::new();
            for sub in ["anna", "a2", "a4", "b0"] {
                racing.spawn(count_me(sub.into(), [1 + round % 4; 5]));
            }
            let (db, a4) = (w.app.db.clone(), a4.clone());
            racing.spawn(async move {
                let own = service::policy::own_data(&a4);
                let grants = service::consents::list_consents(&db, &own).await.unwrap();
                for g in grants.grants.iter().filter(|g| g.withdrawn_at.is_none()) {
                    service::consents::withdraw_consent(&db, &own, g.id, now)
                        .await
                        .unwrap();
                }
            });
            let (db, moved) = (w.app.db.clone(), moved.clone());
            racing.spawn(async move {
                org_import::apply(&db, "umea", org_import::parse(&moved).unwrap(), now)
                    .await
                    .unwrap();
            });
            racing.join_all().await;
        }
        sums_are_rebuilt_alike(&w.app.db, employer).await;
    }
}

/// The running sums the writes kept equal what a rebuild from scratch computes.
async fn sums_are_rebuilt_alike(db: &service::Db, employer: domain::EmployerId) {
    let rows = || async {
        let mut rows: Vec<String> = db
            .conn()
            .query_all_raw(sea_orm::Statement::from_string(
                db.backend(),
                "SELECT unit_id, iso_week, checked_in, who5_answers, who5_total, who5_below_50 \
                 FROM trend_sums",
            ))
            .await
            .unwrap()
            .into_iter()
            .map(|r| {
                let n = |c: &str| r.try_get::<i64>("", c).unwrap();
                format!(
                    "{} {} {} {} {} {}",
                    r.try_get::<uuid::Uuid>("", "unit_id").unwrap(),
                    r.try_get::<String>("", "iso_week").unwrap(),
                    n("checked_in"),
                    n("who5_answers"),
                    n("who5_total"),
                    n("who5_below_50")
                )
            })
            .collect();
        rows.sort();
        rows
    };
    let kept = rows().await;
    assert!(!kept.is_empty());
    service::trend::rebuild(db, employer.as_uuid())
        .await
        .unwrap();
    assert_eq!(kept, rows().await);
}

/// Every figure of every view of a week, by view and place: the unit, then the units below.
async fn published_cells(w: &World, base: &str, views: &[(Who, String)], week: &str) -> Vec<Value> {
    let mut out = vec![];
    for (who, unit) in views {
        let res = w.clients[who]
            .get(format!("{base}/api/v1/units/{unit}/trend"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.unwrap();
        let found = v["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["week"] == week)
            .unwrap_or_else(|| panic!("{week} is published: {v}"))
            .clone();
        out.push(found["unit"].clone());
        out.extend(found["below"].as_array().unwrap().iter().cloned());
    }
    out
}

#[tokio::test]
async fn no_change_by_one_person_moves_a_published_figure_and_the_freeze_outlives_a_restart() {
    for b in backends() {
        let mut w = world(b).await;
        let mut org = String::from(UMEA);
        for i in 0..6 {
            org.push_str(&format!("a{i},A {i},,Omsorg/Team A,,\n"));
            org.push_str(&format!("b{i},B {i},,Omsorg/Team B,,\n"));
        }
        let now = service::Clock::now(w.app.clock.as_ref());
        org_import::apply(&w.app.db, "umea", org_import::parse(&org).unwrap(), now)
            .await
            .unwrap();
        let employer = service::employers::find_summary(&w.app.db, "umea")
            .await
            .unwrap()
            .unwrap()
            .id;
        let db = w.app.db.clone();
        let person = |sub: &str| {
            let (db, sub) = (db.clone(), sub.to_owned());
            async move {
                service::people::find_by_subject(&db, employer, &sub)
                    .await
                    .unwrap()
                    .unwrap()
                    .0
            }
        };
        let clock = w.app.clock.clone();
        let answer = |sub: &str, who5: i64, count: bool| {
            let (db, person, clock) = (db.clone(), person(sub), clock.clone());
            async move {
                let own = service::policy::own_data(&person.await);
                let now = service::Clock::now(clock.as_ref());
                if count {
                    let tt = domain::consent::current(domain::consent::Scope::TeamTrend).version;
                    let request = service::consents::GrantRequest {
                        scope: domain::consent::Scope::TeamTrend,
                        recipient: domain::consent::Recipient::Manager,
                        chosen: None,
                        text_version: tt,
                        language: domain::guidance::Language::Sv,
                    };
                    service::consents::grant_consent(&db, &own, request, now)
                        .await
                        .unwrap();
                }
                let raw = domain::RawCheckIn {
                    stress: Some(Ok(2)),
                    work_ability: Some(Ok(7)),
                    who5: Some([who5; 5].map(|v| Some(Ok(v)))),
                    ..Default::default()
                };
                service::checkins::submit_check_in(&db, &own, IsoWeek::containing(now), raw, now)
                    .await
                    .unwrap();
            }
        };
        // Six in each team counted, with different answers; b5 answers without being counted.
        for i in 0..6 {
            answer(&format!("a{i}"), 1 + i % 5, true).await;
            answer(&format!("b{i}"), 5 - i % 5, i < 5).await;
        }
        answer("anna", 2, true).await;
        let unit_of = |sub: &'static str| {
            let id = w.ids[sub].clone();
            let admin = w.clients[&Who::Admin].clone();
            let url = w.app.url(&format!("/api/v1/people/{id}"));
            async move {
                let v: Value = admin.get(url).send().await.unwrap().json().await.unwrap();
                v["unit"]["id"].as_str().unwrap().to_owned()
            }
        };
        let views = [
            (Who::ManagerOfDept, unit_of("mgr-dept").await),
            (Who::ManagerOfTeamA, unit_of("anna").await),
            (Who::ManagerOfTeamB, unit_of("bo").await),
        ];
        w.a_week_later().await;
        let base = w.app.address.clone();
        let published = published_cells(&w, &base, &views, THIS_WEEK).await;
        assert!(
            published
                .iter()
                .filter(|c| c["figures"].is_object())
                .count()
                >= 3,
            "something to protect: {published:?}"
        );
        let mut withdrawn_at_some_point = 0;
        let mut check = |case: &str, now: &[Value]| {
            for (before, after) in published.iter().zip(now) {
                let suppressed = after["figures"].is_null() && after["hidden"] == true;
                assert!(
                    after == before || suppressed,
                    "{b:?}, after {case}: {before} became {after}"
                );
                withdrawn_at_some_point += usize::from(after["withdrawn"] == true);
            }
        };

        // A check-in this week leaves last week alone, and last week takes none.
        answer("a2", 5, true).await;
        let late = w.clients[&Who::Anna]
            .put(w.app.url(&format!("/api/v1/checkins/{THIS_WEEK}")))
            .json(&good_answers())
            .send()
            .await
            .unwrap();
        assert_eq!(
            late.status().as_u16(),
            409,
            "a week that ended takes no answers"
        );
        check(
            "a check-in",
            &published_cells(&w, &base, &views, THIS_WEEK).await,
        );
        // b5 lets their answers count: last week's too.
        answer("b5", 1, true).await;
        check(
            "a grant",
            &published_cells(&w, &base, &views, THIS_WEEK).await,
        );
        // a1 withdraws.
        let a1 = service::policy::own_data(&person("a1").await);
        let grants = service::consents::list_consents(&w.app.db, &a1)
            .await
            .unwrap();
        for g in grants.grants.iter().filter(|g| g.withdrawn_at.is_none()) {
            service::consents::withdraw_consent(&w.app.db, &a1, g.id, now)
                .await
                .unwrap();
        }
        check(
            "a withdrawal",
            &published_cells(&w, &base, &views, THIS_WEEK).await,
        );
        // b1 erases their answers.
        let b1 = service::policy::own_data(&person("b1").await);
        service::my_data::delete_check_ins(&w.app.db, &b1)
            .await
            .unwrap();
        check(
            "an erasure",
            &published_cells(&w, &base, &views, THIS_WEEK).await,
        );
        // a3 moves to team B.
        let moved = org.replace("a3,A 3,,Omsorg/Team A,,", "a3,A 3,,Omsorg/Team B,,");
        org_import::apply(&w.app.db, "umea", org_import::parse(&moved).unwrap(), now)
            .await
            .unwrap();
        let settled = published_cells(&w, &base, &views, THIS_WEEK).await;
        check("a move", &settled);
        assert!(
            withdrawn_at_some_point > 0,
            "the changes reached the published week"
        );

        // Another instance on the same database (or the same one after a restart) shows the
        // week exactly as this one does.
        let other = w.app.another_instance().await;
        assert_eq!(
            published_cells(&w, &other, &views, THIS_WEEK).await,
            settled,
            "{b:?}"
        );
    }
}

#[tokio::test]
async fn repeated_reads_are_one_line_a_day_and_no_read_is_pushed_out_of_sight() {
    for b in backends() {
        let mut w = world(b).await;
        w.grant(Who::Anna, "weekly-scores", "manager").await;
        let anna = w.ids["anna"].clone();
        let scores = format!("/api/v1/people/{anna}/checkins");
        assert_eq!(w.get_json(Who::ManagerOfTeamA, &scores).await.0, 200);
        // A week later the manager reloads Anna's scores again and again.
        w.a_week_later().await;
        for _ in 0..120 {
            assert_eq!(w.get_json(Who::ManagerOfTeamA, &scores).await.0, 200);
            w.app.clock.advance(chrono::Duration::seconds(10));
        }
        let (status, v) = w.get_json(Who::Anna, "/api/v1/me/access-log").await;
        assert_eq!(status, 200, "{b:?}: {v}");
        let items = v["items"].as_array().unwrap();
        assert_eq!(items.len(), 2, "{v}");
        assert_eq!(
            (items[0]["times"].as_u64(), items[1]["times"].as_u64()),
            (Some(120), Some(1))
        );
        assert!(items[0]["first_at"].as_str() < items[0]["at"].as_str());
        assert!(v["older"].is_null());
        // One line a page: the earlier read is the next page.
        let (_, first) = w.get_json(Who::Anna, "/api/v1/me/access-log?limit=1").await;
        assert_eq!(first["items"].as_array().unwrap().len(), 1);
        let older = first["older"].as_str().expect("an older page").to_owned();
        let (_, second) = w
            .get_json(
                Who::Anna,
                &format!("/api/v1/me/access-log?limit=1&before={older}"),
            )
            .await;
        assert_eq!(second["items"][0]["times"], 1, "{second}");
        assert!(second["older"].is_null());
        for (query, field) in [
            ("before=yesterday", "before"),
            ("limit=0", "limit"),
            ("limit=201", "limit"),
        ] {
            let (status, p) = w
                .get_json(Who::Anna, &format!("/api/v1/me/access-log?{query}"))
                .await;
            assert_eq!(
                (status, p["errors"][0]["field"].as_str()),
                (422, Some(field)),
                "{query}"
            );
        }
        let page = w.status(Who::Anna, "/sharing").await.1;
        assert!(page.contains("120 gånger"), "one line says how often");

        // Sixty more days of reads: the page shows whole days, fifty lines at least, and the
        // rest a link away; nothing is out of reach.
        let (mgr, subject) = (w.ids["mgr-a"].clone(), anna.clone());
        let now = service::Clock::now(w.app.clock.as_ref());
        for d in 1..=60 {
            w.app
                .db
                .conn()
                .execute_raw(sea_orm::Statement::from_sql_and_values(
                    w.app.db.backend(),
                    "INSERT INTO access_log (id, at, actor_id, subject_id, what, why) \
                     VALUES ($1, $2, $3, $4, 'weekly-scores', 'duty:manager')",
                    [
                        uuid::Uuid::new_v4().into(),
                        (now - chrono::Duration::days(7 + d)).into(),
                        uuid::Uuid::parse_str(&mgr).unwrap().into(),
                        uuid::Uuid::parse_str(&subject).unwrap().into(),
                    ],
                ))
                .await
                .unwrap();
        }
        let (mut pages, mut lines, mut next) = (0, 0, String::from("/sharing"));
        loop {
            let html = w.status(Who::Anna, &next).await.1;
            pages += 1;
            lines += html.matches("<li>mgr-a").count();
            let Some(at) = html.find("/sharing?log_before=") else {
                break;
            };
            let link = &html[at..];
            next = link[..link.find(['"', '#']).unwrap()].to_owned();
        }
        assert_eq!((pages, lines), (2, 62), "{b:?}");
    }
}

#[tokio::test]
async fn the_access_log_is_a_chain_that_shows_a_changed_or_removed_row_and_cannot_be_truncated() {
    for b in backends() {
        let w = world(b).await;
        w.grant(Who::Anna, "weekly-scores", "manager").await;
        let scores = format!("/api/v1/people/{}/checkins", w.ids["anna"]);
        for _ in 0..5 {
            assert_eq!(w.get_json(Who::ManagerOfTeamA, &scores).await.0, 200);
        }
        let db = &w.app.db;
        let intact = service::access_log::verify(db).await.unwrap().unwrap();
        assert!(intact.rows >= 5, "{b:?}: {intact:?}");
        let sql = |s: &str| {
            let s = s.to_owned();
            async move { db.conn().execute_unprepared(&s).await }
        };
        if matches!(b, Backend::Postgres) {
            let refused = sql("TRUNCATE access_log").await;
            assert!(refused.is_err(), "TRUNCATE passes no longer");
        }
        // The table's owner switches the guards off and rewrites a row, then puts it back.
        let (off, on) = match b {
            Backend::Postgres => (
                vec!["ALTER TABLE access_log DISABLE TRIGGER USER"],
                vec!["ALTER TABLE access_log ENABLE TRIGGER USER"],
            ),
            Backend::Sqlite => (
                vec![
                    "DROP TRIGGER access_log_no_update",
                    "DROP TRIGGER access_log_no_delete",
                ],
                vec![
                    "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log \
                     BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END",
                    "CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log \
                     BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END",
                ],
            ),
        };
        for s in &off {
            sql(s).await.unwrap();
        }
        let why: String = db
            .conn()
            .query_one_raw(sea_orm::Statement::from_string(
                db.backend(),
                "SELECT why FROM access_log WHERE seq = 3",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "why")
            .unwrap();
        sql("UPDATE access_log SET why = 'duty:coordinator' WHERE seq = 3")
            .await
            .unwrap();
        assert_eq!(
            service::access_log::verify(db).await.unwrap(),
            Err(service::access_log::Broken::Changed { seq: 3 }),
            "{b:?}"
        );
        sql(&format!(
            "UPDATE access_log SET why = '{why}' WHERE seq = 3"
        ))
        .await
        .unwrap();
        assert!(
            service::access_log::verify(db).await.unwrap().is_ok(),
            "put back"
        );
        sql("DELETE FROM access_log WHERE seq = 2").await.unwrap();
        assert_eq!(
            service::access_log::verify(db).await.unwrap(),
            Err(service::access_log::Broken::Missing { after: 1, next: 3 })
        );
        let last = intact.rows;
        sql(&format!(
            "DELETE FROM access_log WHERE seq >= 2 AND seq <= {last}"
        ))
        .await
        .unwrap();
        for s in &on {
            sql(s).await.unwrap();
        }
        assert_eq!(
            service::access_log::verify(db).await.unwrap(),
            Err(service::access_log::Broken::TailMissing {
                last: 1,
                head: last
            }),
            "{b:?}"
        );
    }
}
