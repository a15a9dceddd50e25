//! Rehabilitation over HTTP on both databases: a case from opening to closing and reopening,
//! the plan's versions and the employee's part in it, who may see and change what (the
//! authorisation matrix extended cell by cell), links for occupational health, and the
//! short-absence rule. People come from the organisation import and sign in through their
//! employers' real providers (see `access`).

use crate::access::{world, Who, World};
use crate::helpers::*;
use reqwest::Method;
use serde_json::{json, Value};

impl World {
    pub(crate) async fn call(
        &self,
        who: Who,
        method: Method,
        path: &str,
        body: Value,
    ) -> (u16, Value) {
        let res = self.clients[&who]
            .request(method, self.app.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub(crate) async fn json(&self, who: Who, path: &str) -> Value {
        let (status, body) = self.status(who, path).await;
        assert_eq!(status, 200, "{who:?} GET {path}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// The coordinator opens a case for Anna, sick from Friday 6 November.
    async fn open_annas_case(&self) -> String {
        let (status, case) = self
            .call(
                Who::Coordinator,
                Method::POST,
                "/api/v1/rehab/cases",
                json!({"person_id": self.ids["anna"], "first_day": "2026-11-06", "percent": 100}),
            )
            .await;
        assert_eq!(status, 201, "{case}");
        case["id"].as_str().unwrap().to_owned()
    }
}

fn plan() -> Value {
    json!({
        "goal": "Back in my own job at full time by March",
        "measures": [
            {"kind": "changed-hours", "description": "Start at 9 instead of 7", "responsible": "manager", "due": "2026-12-07"},
            {"kind": "treatment", "description": "Six sessions with occupational health", "responsible": "employee", "due": "2026-12-18"}
        ],
        "schedule": [
            {"week": "2026-W49", "percent": 25, "hours": "Mon–Fri 9–11"},
            {"week": "2026-W50", "percent": 50}
        ],
        "meetings": [{"at": "2026-12-03T10:00", "participants": "Anna, Maria (manager), Karin (coordinator)"}]
    })
}

fn kinds(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// A line in a list of open cases tells its reader that the person is on sick leave, since when
/// and at what extent: each listed person finds it in their access log, once a day per reader,
/// whether the list came through the API or the page.
#[tokio::test]
async fn everyone_on_a_list_of_cases_finds_the_look_in_their_access_log_once_a_day() {
    for b in backends() {
        let w = world(b).await;
        // Back a day, not forward: sessions signed in at NOW stay valid that way.
        w.app.clock.advance(chrono::Duration::days(-1));
        w.open_annas_case().await;
        let lines = || async {
            let log = w.json(Who::Anna, "/api/v1/me/access-log").await;
            let mut lines: Vec<(String, String)> = log["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["what"] == "rehab-case-list")
                .map(|e| {
                    assert_eq!(e["basis"], "duty");
                    (
                        e["actor_name"].as_str().unwrap().to_owned(),
                        e["actor_role"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            lines.sort();
            lines
        };
        for _ in 0..2 {
            w.json(Who::Coordinator, "/api/v1/rehab/cases").await;
        }
        let (s, page) = w.status(Who::Coordinator, "/rehab").await;
        assert!(s == 200 && page.contains("anna"), "{page}");
        w.json(Who::ManagerOfTeamA, "/api/v1/rehab/cases").await;
        // Those whose lists do not hold her case leave nothing.
        for who in [Who::ManagerOfTeamB, Who::ManagerOfDept, Who::Colleague] {
            w.json(who, "/api/v1/rehab/cases").await;
        }
        let day_one = [
            ("coord".to_owned(), "coordinator".to_owned()),
            ("mgr-a".to_owned(), "manager".to_owned()),
        ];
        assert_eq!(lines().await, day_one, "{b:?}");
        let bo = w.json(Who::Colleague, "/api/v1/me/access-log").await;
        assert_eq!(bo["items"], json!([]), "Bo has no case");

        // The next day's look is a line of its own.
        w.app.clock.advance(chrono::Duration::days(1));
        w.json(Who::Coordinator, "/api/v1/rehab/cases").await;
        w.json(Who::Coordinator, "/api/v1/rehab/cases").await;
        assert_eq!(lines().await.len(), 3, "{b:?}");
        let (_, sharing) = w.status(Who::Anna, "/sharing").await;
        assert!(
            sharing.contains("såg din rad i listan över öppna rehabärenden"),
            "{sharing}"
        );
    }
}

#[tokio::test]
async fn a_coordinator_keeps_a_case_and_a_plan_that_the_employee_follows_and_takes_part_in() {
    for b in backends() {
        let w = world(b).await;
        let case = w.open_annas_case().await;
        let path = format!("/api/v1/rehab/cases/{case}");

        // The chain, computed from Friday 6 November, as of Wednesday 25 November.
        let c = w.json(Who::Coordinator, &path).await;
        let ms = &c["milestones"];
        assert_eq!(ms[0]["kind"], "medical-certificate");
        assert_eq!(ms[0]["due"], "2026-11-13");
        assert_eq!(ms[0]["status"], "overdue", "{b:?}");
        assert_eq!(ms[2]["kind"], "report-to-insurance");
        assert_eq!(ms[2]["due"], "2026-11-26");
        assert_eq!(ms[2]["status"], "due-soon");
        assert_eq!(ms[3]["kind"], "return-to-work-plan");
        assert_eq!(
            ms[3]["due"], "2026-12-07",
            "Saturday's deadline runs to Monday"
        );
        assert_eq!(c["extent_today"], 100);
        assert!(c["plan"].is_null());

        // The list puts what is overdue first and says what is next.
        let list = w.json(Who::Coordinator, "/api/v1/rehab/cases").await;
        assert_eq!(list["items"][0]["id"], case.as_str());
        assert_eq!(list["items"][0]["overdue"], 1);
        assert_eq!(list["items"][0]["next"]["kind"], "medical-certificate");
        let (s, _) = w
            .call(
                Who::Coordinator,
                Method::PUT,
                &format!("{path}/milestones/medical-certificate"),
                json!({"done": true}),
            )
            .await;
        assert_eq!(s, 200);
        let list = w.json(Who::Coordinator, "/api/v1/rehab/cases").await;
        assert_eq!(list["items"][0]["overdue"], 0);
        assert_eq!(list["items"][0]["next"]["kind"], "report-to-insurance");

        // Version 1, by the coordinator.
        let (s, saved) = w
            .call(
                Who::Coordinator,
                Method::PUT,
                &format!("{path}/plan"),
                json!({"base_version": 0, "plan": plan()}),
            )
            .await;
        assert_eq!((s, saved["version"].clone()), (200, json!(1)), "{saved}");

        // Anna sees it and what is new to her; the second look shows nothing new.
        let mine = w.json(Who::Anna, "/api/v1/me/rehab").await;
        assert_eq!(mine["id"], case.as_str());
        assert_eq!(mine["plan"]["version"], 1);
        // Whom to turn to: the coordinator who opened the case, then her manager; no links yet.
        let roles: Vec<&str> = mine["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["role"].as_str().unwrap())
            .collect();
        assert_eq!(roles, ["opened-case", "manager"], "{b:?}: {mine}");
        assert!(mine["contacts"][0]["name"]
            .as_str()
            .is_some_and(|n| !n.is_empty()));
        assert_eq!(mine["links"], json!([]));
        assert_eq!(
            kinds(&mine["changes_since_seen"]),
            [
                "goal",
                "measure-added",
                "measure-added",
                "schedule",
                "schedule",
                "meeting-added"
            ]
        );
        let again = w.json(Who::Anna, "/api/v1/me/rehab").await;
        assert_eq!(kinds(&again["changes_since_seen"]), Vec::<String>::new());

        // She acknowledges it and marks her own task done: version 2, by her.
        let (s, _) = w
            .call(
                Who::Anna,
                Method::POST,
                &format!("{path}/plan/participation"),
                json!({"version": 1}),
            )
            .await;
        assert_eq!(s, 204);
        let measures = mine["plan"]["plan"]["measures"].as_array().unwrap();
        let hers = measures
            .iter()
            .find(|m| m["responsible"] == "employee")
            .unwrap()["id"]
            .as_str()
            .unwrap();
        let managers = measures
            .iter()
            .find(|m| m["responsible"] == "manager")
            .unwrap()["id"]
            .as_str()
            .unwrap();
        let (s, saved) = w
            .call(
                Who::Anna,
                Method::PUT,
                &format!("{path}/plan/measures/{hers}/status"),
                json!({"status": "done"}),
            )
            .await;
        assert_eq!((s, saved["version"].clone()), (200, json!(2)));
        // Not the manager's task, and not a status she can set.
        let (s, p) = w
            .call(
                Who::Anna,
                Method::PUT,
                &format!("{path}/plan/measures/{managers}/status"),
                json!({"status": "done"}),
            )
            .await;
        assert_eq!(
            (s, p["type"].as_str()),
            (403, Some("urn:orka:problem:not-your-task"))
        );
        let (s, _) = w
            .call(
                Who::Anna,
                Method::PUT,
                &format!("{path}/plan/measures/{hers}/status"),
                json!({"status": "finished"}),
            )
            .await;
        assert_eq!(s, 422);

        // The coordinator sees her acknowledgement and her task done.
        let c = w.json(Who::Coordinator, &path).await;
        assert_eq!(c["acknowledged_version"], 1);
        assert_eq!(kinds(&c["changes_since_seen"]), ["measure-done"]);
        assert_eq!(c["plan"]["author_name"], "anna");

        // An edit made on version 1 no longer applies: it is refused, not lost silently.
        let (s, p) = w
            .call(
                Who::Coordinator,
                Method::PUT,
                &format!("{path}/plan"),
                json!({"base_version": 1, "plan": plan()}),
            )
            .await;
        assert_eq!(
            (s, p["type"].as_str()),
            (409, Some("urn:orka:problem:plan-changed"))
        );
        let mut next = c["plan"]["plan"].clone();
        next["goal"] = json!("Back at full time by April");
        let (s, saved) = w
            .call(
                Who::Coordinator,
                Method::PUT,
                &format!("{path}/plan"),
                json!({"base_version": 2, "plan": next}),
            )
            .await;
        assert_eq!((s, saved["version"].clone()), (200, json!(3)), "{saved}");
        // Anna comments on the version she now sees.
        let mine = w.json(Who::Anna, "/api/v1/me/rehab").await;
        assert_eq!(kinds(&mine["changes_since_seen"]), ["goal"]);
        let (s, _) = w
            .call(
                Who::Anna,
                Method::POST,
                &format!("{path}/plan/participation"),
                json!({"version": 3, "comment": "April feels right."}),
            )
            .await;
        assert_eq!(s, 204);

        // The history: who changed what, newest first; an old version as it was.
        let h = w
            .json(Who::Coordinator, &format!("{path}/plan/versions"))
            .await;
        let items = h["items"].as_array().unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0]["version"], 3);
        assert_eq!(kinds(&items[0]["changes"]), ["goal"]);
        assert_eq!(items[1]["author_name"], "anna");
        let v1 = w
            .json(Who::Coordinator, &format!("{path}/plan/versions/1"))
            .await;
        assert_eq!(
            v1["plan"]["goal"],
            "Back in my own job at full time by March"
        );
        let c = w.json(Who::ManagerOfTeamA, &path).await;
        let said: Vec<&Value> = c["participation"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| &p["comment"])
            .collect();
        assert!(said.contains(&&json!("April feels right.")), "{c}");

        // Every read by someone else is in Anna's access log, with the role they read in.
        let log = w.json(Who::Anna, "/api/v1/me/access-log").await;
        let reads: Vec<(String, String)> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["what"] == "rehab-case")
            .map(|e| {
                assert_eq!(e["basis"], "duty");
                (
                    e["actor_name"].as_str().unwrap().to_owned(),
                    e["actor_role"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert!(
            reads.contains(&("coord".into(), "coordinator".into())),
            "{reads:?}"
        );
        assert!(
            reads.contains(&("mgr-a".into(), "manager".into())),
            "{reads:?}"
        );

        // Her export holds the case, every version and what she said, never a link's token.
        let export = w.json(Who::Anna, "/api/v1/me/export").await;
        let case_export = &export["rehabilitation"][0];
        assert_eq!(case_export["plan_versions"].as_array().unwrap().len(), 3);
        assert_eq!(case_export["participation"].as_array().unwrap().len(), 2);
        assert_eq!(
            case_export["plan_versions"][2]["plan"]["goal"],
            "Back at full time by April"
        );

        // Half time from 1 December; closed on a full return on 1 February …
        let (s, c) = w
            .call(
                Who::Coordinator,
                Method::POST,
                &format!("{path}/extents"),
                json!({"from": "2026-12-01", "percent": 50}),
            )
            .await;
        assert_eq!((s, c["extents"].as_array().unwrap().len()), (200, 2));
        let (s, c) = w
            .call(
                Who::Coordinator,
                Method::POST,
                &format!("{path}/close"),
                json!({"last_day": "2027-02-01", "outcome": "returned-fully"}),
            )
            .await;
        assert_eq!((s, c["open"].clone()), (200, json!(false)), "{c}");
        assert_eq!(c["outcome"], "returned-fully");
        let list = w.json(Who::Coordinator, "/api/v1/rehab/cases").await;
        assert_eq!(list["items"].as_array().unwrap().len(), 0);
        let (s, _) = w
            .call(
                Who::Coordinator,
                Method::PUT,
                &format!("{path}/plan"),
                json!({"base_version": 3, "plan": plan()}),
            )
            .await;
        assert_eq!(s, 409, "a closed case takes no new plan");

        // … and sick again on 20 March, within 90 days: the same case, its chain continued.
        let (s, c) = w
            .call(
                Who::Coordinator,
                Method::POST,
                "/api/v1/rehab/cases",
                json!({"person_id": w.ids["anna"], "first_day": "2027-03-20", "percent": 25}),
            )
            .await;
        assert_eq!((s, c["id"].as_str()), (201, Some(case.as_str())), "{c}");
        assert_eq!(c["spells"].as_array().unwrap().len(), 2);
        assert!(c["open"].as_bool().unwrap());
        let day90 = c["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["kind"] == "day-90")
            .unwrap()["due"]
            .clone();
        // 88 days from 6 November to 1 February, so day 90 is the second day of the new spell.
        assert_eq!(day90, "2027-03-21", "{b:?}");
        // The spell starts a new sick-pay period (Sick Pay Act 7 §): the certificate recorded
        // in November was the first period's, and this one owes its own by its day 8.
        let certificate = c["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["kind"] == "medical-certificate")
            .unwrap()
            .clone();
        assert_eq!(certificate["due"], "2027-03-27", "{certificate}");
        assert_ne!(certificate["status"], "done", "{b:?}: {certificate}");
        // A second open case for her is refused.
        let (s, p) = w
            .call(
                Who::Coordinator,
                Method::POST,
                "/api/v1/rehab/cases",
                json!({"person_id": w.ids["anna"], "first_day": "2027-04-01", "percent": 100}),
            )
            .await;
        assert_eq!(
            (s, p["type"].as_str()),
            (409, Some("urn:orka:problem:case-already-open"))
        );
    }
}

#[tokio::test]
async fn who_may_see_and_change_a_case_cell_by_cell() {
    for b in backends() {
        let w = world(b).await;
        let case = w.open_annas_case().await;
        let path = format!("/api/v1/rehab/cases/{case}");
        let (s, _) = w
            .call(
                Who::Coordinator,
                Method::PUT,
                &format!("{path}/plan"),
                json!({"base_version": 0, "plan": plan()}),
            )
            .await;
        assert_eq!(s, 200);
        // The department's manager is above Anna's own: her case is hidden from them until
        // she lets them see it (see the next test).
        //                                       anon anna  bo  mgrA mgrB dept coord adm admX
        let see = [401, 200, 404, 200, 404, 404, 200, 404, 404];
        for tail in ["", "/plan/versions", "/plan/versions/1", "/plan.pdf"] {
            for (who, want) in WHO.into_iter().zip(see) {
                let (got, body) = w.status(who, &format!("{path}{tail}")).await;
                assert_eq!(got, want, "{who:?} × GET case{tail} on {b:?}: {body}");
                if got != 200 {
                    assert!(!body.contains("Back in my own job"), "{who:?}: {body}");
                }
            }
        }
        let pdf = pdf_text(
            &w.clients[&Who::Coordinator],
            &w.app.url(&format!("{path}/plan.pdf")),
        )
        .await;
        assert!(pdf.contains("Back in my own job"), "{pdf}");
        // Changing: the coordinator only, unless the employer lets managers run cases.
        let form = &format!("/rehab/cases/{case}/exemption");
        let change = |expected: [u16; 9]| {
            let w = &w;
            let path = &path;
            async move {
                for (who, want) in WHO.into_iter().zip(expected) {
                    let (got, body) = w
                        .call(
                            who,
                            Method::PATCH,
                            path,
                            json!({"expected_last_day": "2027-03-01"}),
                        )
                        .await;
                    assert_eq!(got, want, "{who:?} × change the case: {body}");
                    // Recording a duty, or the plan as not needed, is changing the case.
                    let exempt = json!({"done": true, "exemption": "full-return-within-60-days"});
                    let (got, body) = w
                        .call(
                            who,
                            Method::PUT,
                            &format!("{path}/milestones/return-to-work-plan"),
                            exempt,
                        )
                        .await;
                    assert_eq!(got, want, "{who:?} × record no plan needed: {body}");
                    // The same through the form: a redirect for those who may, the sign-in
                    // for nobody signed in, the API's refusal for the rest.
                    let res = w.clients[&who]
                        .post(w.app.url(form))
                        .form(&[("exemption", "health-rules-out-return")])
                        .send()
                        .await
                        .unwrap();
                    let page = match want {
                        200 | 401 => 303,
                        other => other,
                    };
                    assert_eq!(res.status().as_u16(), page, "{who:?} × the exemption form");
                }
            }
        };
        change([401, 403, 404, 403, 404, 404, 200, 404, 404]).await;
        // The day-3 call is her own manager's to record, whoever runs the case; never hers.
        let call = [401, 403, 404, 200, 404, 404, 200, 404, 404];
        for (who, want) in WHO.into_iter().zip(call) {
            let (got, body) = w
                .call(
                    who,
                    Method::PUT,
                    &format!("{path}/milestones/day-3-call"),
                    json!({"done": true}),
                )
                .await;
            assert_eq!(got, want, "{who:?} × record the day-3 call: {body}");
            let res = w.clients[&who]
                .post(w.app.url(&format!("/rehab/cases/{case}/call")))
                .form(&[("made", "yes")])
                .send()
                .await
                .unwrap();
            let page = match want {
                200 | 401 => 303,
                other => other,
            };
            assert_eq!(res.status().as_u16(), page, "{who:?} × the call form");
        }
        let (s, _) = w
            .call(
                Who::Admin,
                Method::PUT,
                "/api/v1/employers/umea/rehab",
                json!({"managers_run_rehab": true, "absence_spells": 6, "absence_months": 12}),
            )
            .await;
        assert_eq!(s, 200);
        change([401, 403, 404, 200, 404, 404, 200, 404, 404]).await;
        // Only the employee takes part in her plan or gives links to it.
        let part = [401, 204, 404, 404, 404, 404, 404, 404, 404];
        for (who, want) in WHO.into_iter().zip(part) {
            let (got, _) = w
                .call(
                    who,
                    Method::POST,
                    &format!("{path}/plan/participation"),
                    json!({"version": 1}),
                )
                .await;
            assert_eq!(got, want, "{who:?} × acknowledge");
            let (got, _) = w.status(who, &format!("{path}/links")).await;
            assert_eq!(got, if want == 204 { 200 } else { want }, "{who:?} × links");
        }
        // The case list: each sees the cases they may open, never their own.
        for (who, n) in [
            (Who::Anna, 0),
            (Who::Colleague, 0),
            (Who::ManagerOfTeamA, 1),
            (Who::ManagerOfTeamB, 0),
            (Who::ManagerOfDept, 0),
            (Who::Coordinator, 1),
            (Who::Admin, 0),
            (Who::AdminOfOtherEmployer, 0),
        ] {
            let list = w.json(who, "/api/v1/rehab/cases").await;
            assert_eq!(list["items"].as_array().unwrap().len(), n, "{who:?}");
        }
        assert_eq!(w.status(Who::Anonymous, "/api/v1/rehab/cases").await.0, 401);
        // Settings are the admin's.
        for (who, want) in WHO
            .into_iter()
            .zip([401, 403, 403, 403, 403, 403, 403, 200, 403])
        {
            assert_eq!(
                w.status(who, "/api/v1/employers/umea/rehab").await.0,
                want,
                "{who:?}"
            );
        }
    }
}

/// Above her own manager, Anna's case is hers to open: the department's manager sees it only
/// while she lets them, every read is in her log, and the grant never lets them change it.
#[tokio::test]
async fn a_manager_above_sees_a_case_only_while_the_employee_lets_them() {
    for b in backends() {
        let w = world(b).await;
        let case = w.open_annas_case().await;
        let path = format!("/api/v1/rehab/cases/{case}");
        let settings =
            json!({"managers_run_rehab": true, "absence_spells": 6, "absence_months": 12});
        let (s, _) = w
            .call(
                Who::Admin,
                Method::PUT,
                "/api/v1/employers/umea/rehab",
                settings,
            )
            .await;
        assert_eq!(s, 200);
        let listed = |n: usize| {
            let w = &w;
            async move {
                let list = w.json(Who::ManagerOfDept, "/api/v1/rehab/cases").await;
                assert_eq!(list["items"].as_array().unwrap().len(), n, "{list}");
            }
        };
        assert_eq!(w.status(Who::ManagerOfDept, &path).await.0, 404);
        listed(0).await;

        // The one offered is the department's manager: not Maria, her own, nor Mats.
        let consents = w.json(Who::Anna, "/api/v1/consents").await;
        let above: Vec<&str> = consents["managers_above"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap())
            .collect();
        assert_eq!(above, [w.ids["mgr-dept"].as_str()]);
        let text = consents["texts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["scope"] == "rehab-case")
            .unwrap();
        assert_eq!(text["recipients"], json!(["manager-above"]));
        // The sharing page offers her the same choice, as a plain form that explains a refusal.
        let anna = &w.clients[&Who::Anna];
        let page = anna.get(w.app.url("/sharing")).send().await.unwrap();
        let page = page.text().await.unwrap();
        assert!(page.contains(r#"name="manager_id""#) && page.contains(&w.ids["mgr-dept"]));
        let version = text["version"].to_string();
        let form = [
            ("scope", "rehab-case"),
            ("recipient", "manager-above"),
            ("manager_id", w.ids["mgr-a"].as_str()),
            ("text_version", version.as_str()),
        ];
        let res = anna
            .post(w.app.url("/sharing/grant"))
            .headers(browser_headers(&w.app.address))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Välj en av cheferna över din närmaste chef."));
        let grant = |recipient: &str, who: &str| {
            json!({"scope": "rehab-case", "recipient": recipient, "manager_id": w.ids[who],
                "text_version": text["version"]})
        };
        for (body, field, code) in [
            (
                grant("manager-above", "mgr-a"),
                "manager_id",
                "not_a_manager_above",
            ),
            (
                grant("manager-above", "bo"),
                "manager_id",
                "not_a_manager_above",
            ),
            (grant("manager", "mgr-dept"), "recipient", "not_for_scope"),
        ] {
            let (s, p) = w
                .call(Who::Anna, Method::POST, "/api/v1/consents", body)
                .await;
            assert_eq!(s, 422, "{p}");
            assert_eq!(
                (
                    p["errors"][0]["field"].as_str(),
                    p["errors"][0]["code"].as_str()
                ),
                (Some(field), Some(code)),
                "{p}"
            );
        }
        let (s, c) = w
            .call(
                Who::Anna,
                Method::POST,
                "/api/v1/consents",
                grant("manager-above", "mgr-dept"),
            )
            .await;
        assert_eq!(s, 201, "{c}");
        let g = c["grants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["scope"] == "rehab-case")
            .unwrap()
            .clone();
        assert_eq!(g["recipient"], "manager-above");
        assert_eq!(g["recipient_id"].as_str(), Some(w.ids["mgr-dept"].as_str()));
        assert_eq!(g["standing"], true);

        // Now Dora reads it, through the list and the case, and Anna sees that and why.
        listed(1).await;
        let c = w.json(Who::ManagerOfDept, &path).await;
        assert_eq!(c["id"].as_str(), Some(case.as_str()));
        let log = w.json(Who::Anna, "/api/v1/me/access-log").await;
        // The test clock stands still, so reads are found by reader rather than by order.
        let by_dora: Vec<&Value> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["actor_id"].as_str() == Some(w.ids["mgr-dept"].as_str()))
            .collect();
        let mut what: Vec<&str> = by_dora
            .iter()
            .map(|e| e["what"].as_str().unwrap())
            .collect();
        what.sort();
        assert_eq!(what, ["rehab-case", "rehab-case-list"], "{log}");
        for read in by_dora {
            assert_eq!(read["actor_role"], "manager-above");
            assert_eq!(read["basis"], "consent");
            assert_eq!(read["consent_id"], g["id"]);
        }
        // Reading is all the grant gives: changing stays with her own manager and the coordinator.
        let (s, _) = w
            .call(
                Who::ManagerOfDept,
                Method::PATCH,
                &path,
                json!({"expected_last_day": "2027-03-01"}),
            )
            .await;
        assert_eq!(s, 403);

        // Withdrawn, it is hidden again at once.
        let (s, _) = w
            .call(
                Who::Anna,
                Method::DELETE,
                &format!("/api/v1/consents/{}", g["id"].as_str().unwrap()),
                json!({}),
            )
            .await;
        assert_eq!(s, 204);
        assert_eq!(w.status(Who::ManagerOfDept, &path).await.0, 404);
        assert_eq!(
            w.status(Who::ManagerOfDept, &format!("{path}/plan.pdf"))
                .await
                .0,
            404
        );
        listed(0).await;
    }
}

pub(crate) const WHO: [Who; 9] = [
    Who::Anonymous,
    Who::Anna,
    Who::Colleague,
    Who::ManagerOfTeamA,
    Who::ManagerOfTeamB,
    Who::ManagerOfDept,
    Who::Coordinator,
    Who::Admin,
    Who::AdminOfOtherEmployer,
];

#[tokio::test]
async fn bad_input_gets_a_problem_naming_each_field_and_changes_nothing() {
    for b in backends() {
        let w = world(b).await;
        let anna = w.ids["anna"].clone();
        let post =
            |body: Value| w.call(Who::Coordinator, Method::POST, "/api/v1/rehab/cases", body);
        let (s, p) = post(json!({"person_id": anna, "first_day": "6/11", "percent": 60, "expected_last_day": "soon"})).await;
        assert_eq!(s, 422, "{p}");
        let fields: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["first_day", "expected_last_day"]);
        let (s, p) =
            post(json!({"person_id": anna, "first_day": "2026-11-06", "percent": 60})).await;
        assert_eq!(
            (s, p["errors"][0]["field"].as_str()),
            (422, Some("percent"))
        );
        let (s, p) = post(json!({"person_id": anna, "first_day": "2026-11-06", "percent": 100, "expected_last_day": "2026-11-01"})).await;
        assert_eq!(
            (s, p["errors"][0]["code"].as_str()),
            (422, Some("before_first_day"))
        );
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("första dag"),
            "{p}"
        );
        let res = w.clients[&Who::Coordinator]
            .post(w.app.url("/api/v1/rehab/cases"))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        // (The demo employer has a case of its own.)
        let annas = format!("rehab_cases WHERE person_id = '{anna}'");
        assert_eq!(w.app.count(&annas).await, 0, "{b:?}");

        let case = w.open_annas_case().await;
        let path = format!("/api/v1/rehab/cases/{case}");
        let mut bad = plan();
        bad["goal"] = json!("");
        bad["measures"][0]["kind"] = json!("massage");
        bad["measures"][1]["due"] = json!("next week");
        bad["schedule"][1]["percent"] = json!(40);
        bad["meetings"][0]["at"] = json!("tomorrow");
        let (s, p) = w
            .call(
                Who::Coordinator,
                Method::PUT,
                &format!("{path}/plan"),
                json!({"base_version": 0, "plan": bad}),
            )
            .await;
        assert_eq!(s, 422, "{p}");
        let fields: Vec<(&str, &str)> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            fields,
            [
                ("plan.goal", "missing"),
                ("plan.measures.0.kind", "unknown"),
                ("plan.measures.1.due", "not_a_date"),
                ("plan.schedule.1.percent", "out_of_range"),
                ("plan.meetings.0.at", "not_a_date"),
            ]
        );
        assert_eq!(
            w.app
                .count(&format!("rehab_plan_versions WHERE case_id = '{case}'"))
                .await,
            0
        );
        for (body, field) in [
            (json!({"from": "2026-10-01", "percent": 50}), "from"),
            (json!({"from": "2026-12-01"}), "percent"),
        ] {
            let (s, p) = w
                .call(
                    Who::Coordinator,
                    Method::POST,
                    &format!("{path}/extents"),
                    body,
                )
                .await;
            assert_eq!((s, p["errors"][0]["field"].as_str()), (422, Some(field)));
        }
        for (body, field) in [
            (
                json!({"last_day": "2026-12-01", "outcome": "cured"}),
                "outcome",
            ),
            (
                json!({"last_day": "2026-11-01", "outcome": "other"}),
                "last_day",
            ),
        ] {
            let (s, p) = w
                .call(
                    Who::Coordinator,
                    Method::POST,
                    &format!("{path}/close"),
                    body,
                )
                .await;
            assert_eq!((s, p["errors"][0]["field"].as_str()), (422, Some(field)));
        }
        let (s, _) = w
            .call(
                Who::Coordinator,
                Method::PUT,
                &format!("{path}/milestones/day-1000"),
                json!({"done": true}),
            )
            .await;
        assert_eq!(s, 404);
        for missing in [
            format!("/api/v1/rehab/cases/{}", uuid::Uuid::new_v4()),
            "/api/v1/rehab/cases/nope".into(),
        ] {
            assert_eq!(w.status(Who::Coordinator, &missing).await.0, 404);
        }
        let (s, _) = w
            .call(
                Who::Anna,
                Method::POST,
                &format!("{path}/plan/participation"),
                json!({"version": 1}),
            )
            .await;
        assert_eq!(s, 404, "nothing to acknowledge before there is a plan");
        assert_eq!(w.status(Who::Colleague, "/api/v1/me/rehab").await.0, 404);
    }
}

#[tokio::test]
async fn occupational_health_reads_the_plan_through_a_link_until_it_expires_or_is_revoked() {
    for b in backends() {
        let w = world(b).await;
        let case = w.open_annas_case().await;
        let path = format!("/api/v1/rehab/cases/{case}");
        let (s, _) = w
            .call(
                Who::Coordinator,
                Method::PUT,
                &format!("{path}/plan"),
                json!({"base_version": 0, "plan": plan()}),
            )
            .await;
        assert_eq!(s, 200);
        let links_path = format!("{path}/links");
        let give = |days: i64| {
            w.call(
                Who::Anna,
                Method::POST,
                &links_path,
                json!({"contact_name": "Eva Hälsa", "organisation": "Previa Umeå", "days": days}),
            )
        };
        let (s, p) = give(0).await;
        assert_eq!((s, p["errors"][0]["field"].as_str()), (422, Some("days")));
        let (s, link) = give(2).await;
        assert_eq!(s, 201, "{link}");
        let url = link["url"].as_str().unwrap();
        let token = url.rsplit('/').next().unwrap();
        assert!(url.contains("/shared/"), "{url}");
        let outsider = client();
        let read = |token: String| {
            let outsider = &outsider;
            let w = &w;
            async move {
                let res = outsider
                    .get(w.app.url(&format!("/api/v1/shared/{token}")))
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                (status, res.json::<Value>().await.unwrap_or(Value::Null))
            }
        };
        let (s, shared) = read(token.to_owned()).await;
        assert_eq!(s, 200, "{shared}");
        assert_eq!(
            shared["plan"]["plan"]["goal"],
            "Back in my own job at full time by March"
        );
        assert_eq!(shared["person_name"], "anna");
        // The token is not kept: only its hash.
        assert_eq!(
            w.app
                .count(&format!("rehab_links WHERE token_hash = '{token}'"))
                .await,
            0
        );
        let log = w.json(Who::Anna, "/api/v1/me/access-log").await;
        let by_link = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["basis"] == "link")
            .expect("the read is logged");
        assert_eq!(by_link["actor_name"], "Eva Hälsa (Previa Umeå)");
        assert!(by_link["actor_role"].is_null());
        // The list shows it; nobody else's token opens anything.
        let links = w.json(Who::Anna, &format!("{path}/links")).await;
        assert_eq!(links["items"][0]["live"], true);
        assert!(
            links["items"][0]["url"].is_null(),
            "the address is shown once"
        );
        assert_eq!(read("not-a-token".into()).await.0, 404);

        // A new one, revoked: closed at once.
        let (_, second) = give(30).await;
        let token2 = second["url"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned();
        assert_eq!(read(token2.clone()).await.0, 200);
        let link2 = second["id"].as_str().unwrap();
        let (s, _) = w
            .call(
                Who::Coordinator,
                Method::DELETE,
                &format!("{path}/links/{link2}"),
                json!({}),
            )
            .await;
        assert_eq!(s, 404, "only Anna revokes her links");
        let (s, _) = w
            .call(
                Who::Anna,
                Method::DELETE,
                &format!("{path}/links/{link2}"),
                json!({}),
            )
            .await;
        assert_eq!(s, 204);
        assert_eq!(read(token2).await.0, 404);
        let links = w.json(Who::Anna, &format!("{path}/links")).await;
        let revoked = links["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == link2)
            .unwrap();
        assert_eq!(revoked["live"], false);
        assert!(revoked["revoked_at"].is_string());
        // Two days after it was given, the first one is closed too.
        w.app.clock.advance(chrono::Duration::days(2));
        assert_eq!(read(token.to_owned()).await.0, 404, "{b:?}");
    }
}

#[tokio::test]
async fn repeated_short_absences_put_someone_on_the_list_for_an_early_conversation() {
    for b in backends() {
        let w = world(b).await;
        let bo = w.ids["bo"].clone();
        let absences = format!("/api/v1/people/{bo}/absences");
        let record = |first: &str| {
            w.call(
                Who::Coordinator,
                Method::POST,
                &absences,
                json!({"first_day": first, "last_day": first}),
            )
        };
        // Five spells within twelve months, and one older.
        for day in [
            "2025-11-20",
            "2026-01-12",
            "2026-03-02",
            "2026-05-18",
            "2026-08-24",
            "2026-10-05",
        ] {
            assert_eq!(record(day).await.0, 201);
        }
        let signals = w
            .json(Who::Coordinator, "/api/v1/rehab/early-signals")
            .await;
        assert_eq!(signals["rule_spells"], 6);
        assert_eq!(signals["items"].as_array().unwrap().len(), 0, "{b:?}");
        assert_eq!(record("2026-11-23").await.0, 201);
        let signals = w
            .json(Who::Coordinator, "/api/v1/rehab/early-signals")
            .await;
        assert_eq!(signals["items"][0]["person_name"], "bo");
        assert_eq!(signals["items"][0]["spells"], 6);
        assert_eq!(signals["items"][0]["latest_first_day"], "2026-11-23");
        // Bad dates, and people who may not record.
        let (s, p) = record("2026-12-24").await;
        assert_eq!(
            (s, p["errors"][0]["code"].as_str()),
            (422, Some("in_the_future"))
        );
        let (s, p) = w
            .call(
                Who::Coordinator,
                Method::POST,
                &format!("/api/v1/people/{bo}/absences"),
                json!({"first_day": "2026-11-20", "last_day": "2026-11-19"}),
            )
            .await;
        assert_eq!(
            (s, p["errors"][0]["field"].as_str()),
            (422, Some("last_day"))
        );
        for (who, want) in [
            (Who::ManagerOfTeamB, 403),
            (Who::Anna, 404),
            (Who::Colleague, 403),
        ] {
            let (s, _) = w
                .call(
                    who,
                    Method::POST,
                    &format!("/api/v1/people/{bo}/absences"),
                    json!({"first_day": "2026-11-20"}),
                )
                .await;
            assert_eq!(s, want, "{who:?}");
        }
        // Managers see only what they may act on; a stricter rule is the employer's choice.
        let signals = w
            .json(Who::ManagerOfTeamB, "/api/v1/rehab/early-signals")
            .await;
        assert_eq!(signals["items"].as_array().unwrap().len(), 0);
        let (s, _) = w
            .call(
                Who::Admin,
                Method::PUT,
                "/api/v1/employers/umea/rehab",
                json!({"managers_run_rehab": true, "absence_spells": 2, "absence_months": 3}),
            )
            .await;
        assert_eq!(s, 200);
        let signals = w
            .json(Who::ManagerOfTeamB, "/api/v1/rehab/early-signals")
            .await;
        assert_eq!(signals["items"][0]["spells"], 2, "{signals}");
        // Bo finds each reader's look in his access log, once a day however often they look.
        w.json(Who::Coordinator, "/api/v1/rehab/early-signals")
            .await;
        let log = w.json(Who::Colleague, "/api/v1/me/access-log").await;
        let mut looks: Vec<(&str, &str)> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                assert_eq!(
                    (&e["what"], &e["basis"]),
                    (&json!("absence-signal"), &json!("duty"))
                );
                (
                    e["actor_name"].as_str().unwrap(),
                    e["actor_role"].as_str().unwrap(),
                )
            })
            .collect();
        looks.sort();
        assert_eq!(
            looks,
            [("coord", "coordinator"), ("mgr-b", "manager")],
            "{b:?}"
        );
        let (s, p) = w
            .call(
                Who::Admin,
                Method::PUT,
                "/api/v1/employers/umea/rehab",
                json!({"managers_run_rehab": true, "absence_spells": 0, "absence_months": 99}),
            )
            .await;
        assert_eq!(s, 422);
        assert_eq!(p["errors"].as_array().unwrap().len(), 2);
        // Someone with an open case is on the case list instead.
        let (s, _) = w
            .call(
                Who::Coordinator,
                Method::POST,
                "/api/v1/rehab/cases",
                json!({"person_id": bo, "first_day": "2026-11-24", "percent": 100}),
            )
            .await;
        assert_eq!(s, 201);
        let signals = w
            .json(Who::Coordinator, "/api/v1/rehab/early-signals")
            .await;
        assert_eq!(signals["items"].as_array().unwrap().len(), 0);
    }
}

#[tokio::test]
async fn the_demo_has_a_case_to_follow_an_early_signal_and_an_adjustment() {
    for b in backends() {
        let app = spawn_app(b).await;
        let get = |persona: &'static str, path: &'static str| {
            let app = &app;
            async move {
                let client = client();
                app.sign_in_with(&client, persona).await;
                let res = client.get(app.url(path)).send().await.unwrap();
                assert_eq!(res.status(), 200, "{persona} {path}");
                res.json::<Value>().await.unwrap()
            }
        };
        let erik = get("sicklisted", "/api/v1/me/rehab").await;
        assert_eq!(erik["extent_today"], 50, "{b:?}: back at half time");
        assert_eq!(erik["plan"]["version"], 1);
        assert_eq!(erik["plan"]["author_name"], "Karin Holm");
        let plan = &erik["plan"]["plan"];
        assert_eq!(plan["measures"].as_array().unwrap().len(), 3);
        assert_eq!(plan["schedule"][0]["percent"], 50);
        let done: Vec<&str> = erik["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["status"] == "done")
            .map(|m| m["kind"].as_str().unwrap())
            .collect();
        // Demokommun's routine has the day-3 call, and it was made.
        assert_eq!(
            done,
            [
                "day-3-call",
                "medical-certificate",
                "report-to-insurance",
                "return-to-work-plan"
            ]
        );
        let signals = get("coordinator", "/api/v1/rehab/early-signals").await;
        let names: Vec<&str> = signals["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["person_name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Johan Lund"]);
        // Nobody else in the demo is on sick leave.
        let client = client();
        app.sign_in_with(&client, "employee").await;
        let res = client
            .get(app.url("/api/v1/me/rehab"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        // Sara, still at work, has an adjustment case with her manager, who follows it up.
        let adjustments = get("manager", "/api/v1/adjustments").await;
        let sara = &adjustments["items"][0];
        assert_eq!(sara["person_name"], "Sara Ek", "{adjustments}");
        assert_eq!(
            (&sara["started_from"], &sara["investigated"]),
            (&json!("request"), &json!(true))
        );
        assert_eq!(sara["follow_up"], "upcoming");
        let mine = get("coordinator", "/api/v1/adjustments").await;
        assert_eq!(
            mine["items"].as_array().unwrap().len(),
            1,
            "coordinators see it too"
        );
    }
}

#[tokio::test]
async fn a_link_ends_with_the_case_or_when_the_person_leaves_and_its_token_stays_out_of_logs() {
    for b in backends() {
        for ending in ["the case closes", "the person leaves"] {
            let w = world(b).await;
            let case = w.open_annas_case().await;
            let path = format!("/api/v1/rehab/cases/{case}");
            let (s, _) = w
                .call(
                    Who::Coordinator,
                    Method::PUT,
                    &format!("{path}/plan"),
                    json!({"base_version": 0, "plan": plan()}),
                )
                .await;
            assert_eq!(s, 200);
            let (s, link) = w
                .call(
                    Who::Anna,
                    Method::POST,
                    &format!("{path}/links"),
                    json!({"contact_name": "Eva Hälsa", "organisation": "Previa Umeå", "days": 30}),
                )
                .await;
            assert_eq!(s, 201, "{link}");
            let token = link["url"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned();
            let read = || async {
                let page = client()
                    .get(w.app.url(&format!("/shared/{token}")))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16();
                let api = client()
                    .get(w.app.url(&format!("/api/v1/shared/{token}")))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16();
                (page, api)
            };
            assert_eq!(read().await, (200, 200), "{b:?}");
            assert!(
                !captured_log().contains(&token),
                "a link's token never reaches a log line"
            );
            if ending == "the case closes" {
                let (s, c) = w
                    .call(
                        Who::Coordinator,
                        Method::POST,
                        &format!("{path}/close"),
                        json!({"last_day": "2026-11-30", "outcome": "returned-fully"}),
                    )
                    .await;
                assert_eq!(s, 200, "{c}");
            } else {
                let anna = domain::PersonId::from_uuid(w.ids["anna"].parse().unwrap());
                service::sessions::deactivate(&w.app.db, anna)
                    .await
                    .unwrap();
            }
            assert_eq!(read().await, (404, 404), "{b:?}: after {ending}");
        }
    }
}

/// Social Insurance Code 30 kap. 6 §: an absence first expected to be short owes no plan; when
/// a later certificate makes it long after day 30, the plan is owed at once, not overdue.
#[tokio::test]
async fn a_long_absence_known_only_after_day_thirty_owes_the_plan_at_once() {
    for b in backends() {
        let mut w = world(b).await;
        let (s, case) = w
            .call(
                Who::Coordinator,
                Method::POST,
                "/api/v1/rehab/cases",
                json!({"person_id": w.ids["anna"], "first_day": "2026-11-06", "percent": 100,
                       "expected_last_day": "2026-11-30"}),
            )
            .await;
        assert_eq!(s, 201, "{case}");
        let path = format!("/api/v1/rehab/cases/{}", case["id"].as_str().unwrap());
        assert!(!kinds(&case["milestones"]).contains(&"return-to-work-plan".to_owned()));

        // Three weeks on, Wednesday 16 December (day 41), the certificate runs to January.
        for _ in 0..3 {
            w.a_week_later().await;
        }
        let plan = |c: &Value| {
            c["milestones"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["kind"] == "return-to-work-plan")
                .cloned()
                .unwrap_or(Value::Null)
        };
        for expected in ["2027-01-31", "2027-02-28"] {
            let (s, c) = w
                .call(
                    Who::Coordinator,
                    Method::PATCH,
                    &path,
                    json!({ "expected_last_day": expected }),
                )
                .await;
            assert_eq!(s, 200, "{c}");
            // Due the day it became known, and still that day when the end moves again.
            assert_eq!(plan(&c)["due"], "2026-12-16", "{b:?}: {c}");
            assert_eq!(plan(&c)["status"], "due-soon", "{b:?}");
        }
        // Overdue are the certificate and the report, never recorded; not the plan.
        let list = w.json(Who::Coordinator, "/api/v1/rehab/cases").await;
        assert_eq!(list["items"][0]["overdue"], 2, "{b:?}: {list}");
    }
}

fn milestone(c: &Value, kind: &str) -> Value {
    c["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == kind)
        .cloned()
        .unwrap_or(Value::Null)
}

/// The employer's investigations before days 90 and 180 are duties of whoever runs the case,
/// recorded with what was looked into, which the employee reads too; the plan can be recorded
/// as not needed with one of the two reasons, and then shows as exempt, not overdue.
#[tokio::test]
async fn the_employers_duties_keep_what_was_looked_into_and_the_plan_can_be_exempt() {
    for b in backends() {
        let w = world(b).await;
        let case = w.open_annas_case().await;
        let path = format!("/api/v1/rehab/cases/{case}");
        let c = w.json(Who::Coordinator, &path).await;
        let day90 = milestone(&c, "day-90");
        assert_eq!(
            (&day90["due"], &day90["responsible"], &day90["status"]),
            (&json!("2027-02-03"), &json!("employer"), &json!("upcoming")),
            "{b:?}: {day90}"
        );
        // Reminded three weeks ahead, Wednesday 13 January.
        assert_eq!(day90["remind_on"], "2027-01-13");

        // Done without saying what was looked into, or with too much, is refused by field.
        let mark = |kind: &str, body: Value| {
            let (w, to) = (&w, format!("{path}/milestones/{kind}"));
            async move { w.call(Who::Coordinator, Method::PUT, &to, body).await }
        };
        for (body, field, code) in [
            (json!({"done": true}), "note", "missing"),
            (json!({"done": true, "note": "   "}), "note", "missing"),
            (
                json!({"done": true, "note": "å".repeat(2001)}),
                "note",
                "too_long",
            ),
        ] {
            let (s, p) = mark("day-90", body).await;
            assert_eq!(s, 422, "{p}");
            assert_eq!(
                (
                    p["errors"][0]["field"].as_str(),
                    p["errors"][0]["code"].as_str()
                ),
                (Some(field), Some(code)),
                "{p}"
            );
        }
        let looked = "Tried day shifts at the same unit; no lifting, works from January.";
        let (s, c) = mark("day-90", json!({"done": true, "note": looked})).await;
        assert_eq!(s, 200, "{c}");
        let day90 = milestone(&c, "day-90");
        assert_eq!(
            (&day90["status"], &day90["note"]),
            (&json!("done"), &json!(looked))
        );
        // Anna reads what was looked into for her.
        let mine = w.json(Who::Anna, "/api/v1/me/rehab").await;
        assert_eq!(milestone(&mine, "day-90")["note"], looked, "{mine}");

        // Only the plan can be exempt, and only for a reason the law knows.
        let (s, p) = mark(
            "medical-certificate",
            json!({"done": true, "exemption": "health-rules-out-return"}),
        )
        .await;
        assert_eq!(
            (s, p["errors"][0]["code"].as_str()),
            (422, Some("only_for_plan")),
            "{p}"
        );
        let (s, p) = mark(
            "return-to-work-plan",
            json!({"done": true, "exemption": "tired-of-it"}),
        )
        .await;
        assert_eq!(
            (s, p["errors"][0]["code"].as_str()),
            (422, Some("unknown")),
            "{p}"
        );
        let (s, c) = mark(
            "return-to-work-plan",
            json!({"done": true, "exemption": "full-return-within-60-days"}),
        )
        .await;
        assert_eq!(s, 200, "{c}");
        let plan = milestone(&c, "return-to-work-plan");
        assert_eq!(
            (&plan["status"], &plan["exemption"]),
            (&json!("exempt"), &json!("full-return-within-60-days")),
            "{plan}"
        );
        // Taken back, it is owed again.
        let (s, c) = mark("return-to-work-plan", json!({"done": false})).await;
        assert_eq!(s, 200);
        assert_eq!(milestone(&c, "return-to-work-plan")["status"], "upcoming");
        // A manager without the case's management may record nothing.
        let (s, _) = w
            .call(
                Who::ManagerOfTeamB,
                Method::PUT,
                &format!("{path}/milestones/day-180"),
                json!({"done": true, "note": "x"}),
            )
            .await;
        assert!(s == 403 || s == 404, "{s}");
    }
}

/// Where the employer's routine has it, the manager's call on day 3 of a spell shows in the
/// case, is the employee's own manager's to record from the case page even where managers do
/// not run cases, and comes back with a new spell.
#[tokio::test]
async fn the_managers_day_three_call_follows_the_employers_routine() {
    for b in backends() {
        let w = world(b).await;
        let case = w.open_annas_case().await;
        let path = format!("/api/v1/rehab/cases/{case}");
        let c = w.json(Who::Coordinator, &path).await;
        assert!(milestone(&c, "day-3-call").is_null(), "no routine, no call");
        let settings = json!({"managers_run_rehab": false, "absence_spells": 6,
            "absence_months": 12, "day_three_call": true, "case_day": 15});
        let (s, got) = w
            .call(
                Who::Admin,
                Method::PUT,
                "/api/v1/employers/umea/rehab",
                settings.clone(),
            )
            .await;
        assert_eq!((s, &got), (200, &settings), "{b:?}");
        assert_eq!(
            w.json(Who::Admin, "/api/v1/employers/umea/rehab").await,
            settings
        );
        // Sick from Friday 6 November: day 3 is Sunday, so the call is Monday 9th; on the
        // 25th it is overdue, and the manager's.
        let call = milestone(&w.json(Who::ManagerOfTeamA, &path).await, "day-3-call");
        assert_eq!(
            (&call["due"], &call["status"], &call["responsible"]),
            (&json!("2026-11-09"), &json!("overdue"), &json!("manager")),
            "{call}"
        );
        let page = format!("/rehab/cases/{case}");
        let (_, html) = w.status(Who::ManagerOfTeamA, &page).await;
        assert!(html.contains("Jag har ringt"), "{html}");
        let (_, html) = w.status(Who::Anna, "/rehab").await;
        assert!(html.contains("Dag 3: chefen ringer") && !html.contains("Jag har ringt"));
        let res = w.clients[&Who::ManagerOfTeamA]
            .post(w.app.url(&format!("{page}/call")))
            .form(&[("made", "yes")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let c = w.json(Who::Coordinator, &path).await;
        assert_eq!(milestone(&c, "day-3-call")["status"], "done", "{b:?}");
        let (_, html) = w.status(Who::ManagerOfTeamA, &page).await;
        assert!(!html.contains("Jag har ringt"), "made, so no button");

        // Back on 30 November, sick again from 2 December: a new spell, a new call, due
        // Friday 4th.
        let (s, _) = w
            .call(
                Who::Coordinator,
                Method::POST,
                &format!("{path}/close"),
                json!({"last_day": "2026-11-29", "outcome": "returned-fully"}),
            )
            .await;
        assert_eq!(s, 200);
        let (s, c) = w
            .call(
                Who::Coordinator,
                Method::POST,
                "/api/v1/rehab/cases",
                json!({"person_id": w.ids["anna"], "first_day": "2026-12-02", "percent": 100}),
            )
            .await;
        assert_eq!(s, 201, "{c}");
        let call = milestone(&c, "day-3-call");
        assert_eq!(
            (&call["due"], &call["status"]),
            (&json!("2026-12-04"), &json!("upcoming"))
        );
    }
}

#[tokio::test]
async fn payroll_alone_fills_the_early_conversation_list_and_the_cases_to_open() {
    for b in backends() {
        let w = world(b).await;
        // Bo's six one-day spells this year; Anna away at 50 % since 2 November (day 15 was
        // the 16th); Maria away since 15 November (day 11 today).
        let file = "\
subject,first_day,last_day,extent
bo,2026-01-12,2026-01-12,
bo,2026-03-02,2026-03-02,
bo,2026-05-18,2026-05-18,
bo,2026-08-24,2026-08-24,
bo,2026-10-05,2026-10-05,
bo,2026-11-16,2026-11-16,
anna,2026-11-02,,50
mgr-a,2026-11-15,,
";
        assert_eq!(w.payroll(Who::Admin, file).await.0, 200, "{b:?}");
        let signals = w
            .json(Who::Coordinator, "/api/v1/rehab/early-signals")
            .await;
        assert_eq!(signals["items"][0]["person_name"], "bo", "{signals}");
        assert_eq!(signals["items"][0]["spells"], 6);
        let to_open = w
            .json(Who::Coordinator, "/api/v1/rehab/cases-to-open")
            .await;
        assert_eq!(to_open["case_day"], 15);
        assert_eq!(to_open["items"].as_array().unwrap().len(), 1, "{to_open}");
        let anna = &to_open["items"][0];
        assert_eq!(
            (
                &anna["person_name"],
                &anna["first_day"],
                &anna["reached_on"],
                &anna["ongoing"],
                &anna["percent"]
            ),
            (
                &json!("anna"),
                &json!("2026-11-02"),
                &json!("2026-11-16"),
                &json!(true),
                &json!(50)
            )
        );
        // The page offers the same, ready to open with one tap.
        let (_, page) = w.status(Who::Coordinator, "/rehab").await;
        assert!(
            page.contains("Ärenden att öppna") && page.contains("anna: sjuk sedan"),
            "{b:?}"
        );
        // An employer that wants its list from day 8 sees Maria too; day 5 is refused.
        let settings = |day: u32| {
            w.call(
                Who::Admin,
                Method::PUT,
                "/api/v1/employers/umea/rehab",
                json!({"managers_run_rehab": false, "absence_spells": 6, "absence_months": 12,
                       "case_day": day}),
            )
        };
        let (s, p) = settings(5).await;
        assert_eq!(
            (s, p["errors"][0]["field"].as_str()),
            (422, Some("case_day"))
        );
        assert_eq!(settings(8).await.0, 200);
        let to_open = w
            .json(Who::Coordinator, "/api/v1/rehab/cases-to-open")
            .await;
        let names: Vec<&str> = to_open["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["person_name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["anna", "mgr-a"], "longest waiting first");
        // The one-tap form sends what the list holds; the case opens with it.
        let (s, to, _) = w
            .form(
                Who::Coordinator,
                "/rehab/cases",
                vec![
                    ("person_id", w.ids["anna"].clone()),
                    ("first_day", "2026-11-02".into()),
                    ("percent", "50".into()),
                ],
            )
            .await;
        assert_eq!(s, 303, "{b:?}");
        let case = to.split('?').next().unwrap().rsplit('/').next().unwrap();
        let opened = w
            .json(Who::Coordinator, &format!("/api/v1/rehab/cases/{case}"))
            .await;
        assert_eq!(opened["spells"][0]["first_day"], "2026-11-02", "{opened}");
        assert_eq!(opened["extent_today"], 50, "{opened}");
        let to_open = w
            .json(Who::Coordinator, "/api/v1/rehab/cases-to-open")
            .await;
        assert_eq!(to_open["items"][0]["person_name"], "mgr-a");
        assert_eq!(to_open["items"].as_array().unwrap().len(), 1);
        // Each of them finds the coordinator's look in their access log.
        let log = w.json(Who::Anna, "/api/v1/me/access-log").await;
        assert!(
            log["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["what"] == "absence-signal"),
            "{log}"
        );
    }
}
