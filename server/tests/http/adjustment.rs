//! Adjustment cases for people still at work, over HTTP on both databases: opened from a
//! shared alert, from the early-conversation list and on the employee's own request; the
//! employee sees and takes part; who sees and runs it, cell by cell, with the manager in only
//! where the employee let them in; every read in the employee's access log; and the sick-leave
//! case that grows out of one keeps its history.

use crate::access::{world, Who, World};
use crate::helpers::*;
use crate::rehab::WHO;
use reqwest::Method;
use serde_json::{json, Value};

const OBSERVED: &str = "Morning handovers overlap the medication round; tasks are left half done";

impl World {
    /// Anna asks her manager to talk in this week's check-in, which she lets reach them: the
    /// alert's id.
    async fn annas_alert(&self) -> String {
        let texts = self.json(Who::Anna, "/api/v1/consents").await;
        let version = texts["texts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["scope"] == "ask-to-talk")
            .unwrap()["version"]
            .clone();
        let grant =
            json!({"scope": "ask-to-talk", "recipient": "manager", "text_version": version});
        let (s, _) = self
            .call(Who::Anna, Method::POST, "/api/v1/consents", grant)
            .await;
        assert!(s == 200 || s == 201, "{s}");
        let talk = json!({ "stress": 2, "work_ability": 6, "who5": [3, 3, 2, 3, 2], "wants_to_talk": true });
        let (s, _) = self
            .call(
                Who::Anna,
                Method::PUT,
                &format!("/api/v1/checkins/{THIS_WEEK}"),
                talk,
            )
            .await;
        assert_eq!(s, 200);
        let alerts = self.json(Who::ManagerOfTeamA, "/api/v1/alerts").await;
        alerts["items"][0]["id"].as_str().unwrap().to_owned()
    }

    /// Anna asks a coordinator for adjusted work, leaving her manager out: her case's id.
    async fn annas_request(&self, to: &str) -> String {
        let (s, case) = self
            .call(
                Who::Anna,
                Method::POST,
                "/api/v1/me/adjustment",
                json!({"to": to, "words": "The evening shifts after a day shift are too much"}),
            )
            .await;
        assert_eq!(s, 201, "{case}");
        assert_eq!(case["kind"], "adjustment");
        case["id"].as_str().unwrap().to_owned()
    }

    async fn log_of(&self, who: Who) -> Vec<(String, String)> {
        let log = self.json(who, "/api/v1/me/access-log").await;
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["what"].as_str().unwrap().to_owned(),
                    e["actor_name"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }
}

#[tokio::test]
async fn a_manager_opens_an_adjustment_case_from_a_shared_alert_and_it_grows_into_the_sick_leave_case(
) {
    for b in backends() {
        let w = world(b).await;
        let anna = w.ids["anna"].clone();
        let alert = w.annas_alert().await;
        let open = |body: Value| {
            w.call(
                Who::ManagerOfTeamA,
                Method::POST,
                "/api/v1/adjustments",
                body,
            )
        };
        // What was seen at work is required; the alert must be about her; asking is hers.
        let (s, p) = open(json!({"person_id": anna, "start": "alert", "alert_id": alert})).await;
        assert_eq!(
            (s, &p["errors"][0]["field"]),
            (422, &json!("observed")),
            "{p}"
        );
        assert_eq!(p["errors"][0]["message"], "Fyll i det här fältet.", "{p}");
        let bo = w.ids["bo"].clone();
        let (s, p) = open(
            json!({"person_id": bo, "start": "alert", "alert_id": alert, "observed": OBSERVED}),
        )
        .await;
        assert_eq!(s, 404, "Bo is not hers to open: {p}");
        let (s, p) = open(json!({"person_id": anna, "start": "alert", "alert_id": uuid::Uuid::new_v4(), "observed": OBSERVED})).await;
        assert_eq!(
            (s, &p["errors"][0]["code"]),
            (422, &json!("unknown")),
            "{p}"
        );
        let (s, p) =
            open(json!({"person_id": anna, "start": "request", "observed": OBSERVED})).await;
        assert_eq!(
            (s, &p["errors"][0]["code"]),
            (422, &json!("employee_only")),
            "{p}"
        );
        let (s, p) =
            open(json!({"person_id": anna, "start": "early-signal", "observed": OBSERVED})).await;
        assert_eq!(
            (s, &p["errors"][0]["code"]),
            (422, &json!("not_on_list")),
            "{p}"
        );
        let (s, case) = open(
            json!({"person_id": anna, "start": "alert", "alert_id": alert, "observed": OBSERVED}),
        )
        .await;
        assert_eq!(s, 201, "{case}");
        assert_eq!(case["kind"], "adjustment");
        assert_eq!(case["adjustment"]["started_from"], "alert");
        assert_eq!(
            case["adjustment"]["with_manager"], true,
            "her own manager opened it"
        );
        assert_eq!(
            case["milestones"],
            json!([]),
            "no sick leave, no statutory chain"
        );
        let id = case["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/rehab/cases/{id}");
        // A second case for her is refused.
        let (s, _) = open(
            json!({"person_id": anna, "start": "alert", "alert_id": alert, "observed": OBSERVED}),
        )
        .await;
        assert_eq!(s, 409);

        // The investigation with her, with a union representative; then the follow-up.
        let (inv_path, fu_path) = (format!("{path}/investigation"), format!("{path}/follow-up"));
        let inv = |body: Value| w.call(Who::ManagerOfTeamA, Method::PUT, &inv_path, body);
        let (s, p) = inv(json!({"on": "2026-12-24", "companion": "union"})).await;
        assert_eq!(s, 422, "{p}");
        let fields: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["on", "note"], "{p}");
        let (s, p) = inv(json!({"on": "2026-11-24", "companion": "priest", "note": "x"})).await;
        assert_eq!(
            (s, &p["errors"][0]["field"]),
            (422, &json!("companion")),
            "{p}"
        );
        let found = "Handovers move to 7.30; no medication round on Mondays for four weeks";
        let (s, c) = inv(json!({"on": "2026-11-24", "companion": "union", "note": found})).await;
        assert_eq!(s, 200, "{c}");
        assert_eq!(c["adjustment"]["investigation"]["companion"], "union");
        let fu = |on: &str| {
            w.call(
                Who::ManagerOfTeamA,
                Method::PUT,
                &fu_path,
                json!({"on": on}),
            )
        };
        let (s, p) = fu("2026-11-20").await;
        assert_eq!(
            (s, &p["errors"][0]["code"]),
            (422, &json!("in_the_past")),
            "{p}"
        );
        let (s, p) = fu("soon").await;
        assert_eq!(
            (s, &p["errors"][0]["code"]),
            (422, &json!("not_a_date")),
            "{p}"
        );
        let (s, c) = fu("2026-12-15").await;
        assert_eq!(
            (s, &c["adjustment"]["follow_up_on"]),
            (200, &json!("2026-12-15"))
        );
        // The decided measures are the case's plan.
        let plan = json!({"base_version": 0, "plan": {"goal": "Keep working full time",
            "measures": [{"kind": "changed-tasks", "description": "No medication round on Mondays", "responsible": "manager", "due": "2026-12-01"}]}});
        let (s, p) = w
            .call(
                Who::ManagerOfTeamA,
                Method::PUT,
                &format!("{path}/plan"),
                plan,
            )
            .await;
        assert_eq!(s, 200, "{p}");
        // Sick-leave actions do not apply while she is at work.
        let (s, p) = w
            .call(
                Who::ManagerOfTeamA,
                Method::PATCH,
                &path,
                json!({"expected_last_day": "2027-01-01"}),
            )
            .await;
        assert_eq!(
            (s, &p["type"]),
            (409, &json!("urn:orka:problem:wrong-case-kind")),
            "{p}"
        );
        let (s, _) = w
            .call(
                Who::ManagerOfTeamA,
                Method::PUT,
                &format!("{path}/milestones/day-90"),
                json!({"done": true, "note": "x"}),
            )
            .await;
        assert_eq!(s, 409);

        // Anna sees it all on her phone, takes part, and finds each read in her log.
        let mine = w.json(Who::Anna, "/api/v1/me/rehab").await;
        assert_eq!(mine["adjustment"]["observed"], OBSERVED);
        assert_eq!(mine["plan"]["version"], 1);
        let (s, _) = w
            .call(
                Who::Anna,
                Method::POST,
                &format!("{path}/plan/participation"),
                json!({"version": 1}),
            )
            .await;
        assert_eq!(s, 204);
        let log = w.log_of(Who::Anna).await;
        assert!(
            log.contains(&("adjustment-case".into(), "mgr-a".into())),
            "{log:?}"
        );
        assert!(!log.iter().any(|(what, _)| what == "rehab-case"), "{log:?}");

        // Sick-listed later: the coordinator's sick-leave case is the same case, history kept.
        let (s, c) = w
            .call(
                Who::Coordinator,
                Method::POST,
                "/api/v1/rehab/cases",
                json!({"person_id": anna, "first_day": "2026-11-23", "percent": 50}),
            )
            .await;
        assert_eq!(s, 201, "{c}");
        assert_eq!(c["id"], json!(id), "{b:?}");
        assert_eq!(c["kind"], "sick-leave");
        assert_eq!(c["adjustment"]["sick_leave_from"], "2026-11-23");
        assert_eq!(c["adjustment"]["investigation"]["note"], found);
        assert_eq!(c["plan"]["version"], 1);
        assert!(!c["milestones"].as_array().unwrap().is_empty());
        // The adjustment's forms are done with: it is sick leave now, and her manager no
        // longer runs it where managers do not run sick-leave cases.
        assert_eq!(fu("2026-12-20").await.0, 403);
        let (s, _) = w
            .call(
                Who::Coordinator,
                Method::PUT,
                &fu_path,
                json!({"on": "2026-12-20"}),
            )
            .await;
        assert_eq!(s, 409);
        let list = w.json(Who::Coordinator, "/api/v1/adjustments").await;
        assert_eq!(list["items"], json!([]));
        let cases = w.json(Who::Coordinator, "/api/v1/rehab/cases").await;
        assert_eq!(cases["items"].as_array().unwrap().len(), 1);
        // Her export holds the adjustment too.
        let export = w.json(Who::Anna, "/api/v1/me/export").await.to_string();
        assert!(export.contains("Handovers move to 7.30"), "{export}");
    }
}

#[tokio::test]
async fn the_employee_asks_for_adjusted_work_and_chooses_whether_her_manager_is_told() {
    for b in backends() {
        let w = world(b).await;
        // Bad input first: nothing is opened.
        for (body, field, code) in [
            (json!({"to": "hr"}), "to", "unknown"),
            (
                json!({"to": "coordinator", "words": "x".repeat(2001)}),
                "words",
                "too_long",
            ),
        ] {
            let (s, p) = w
                .call(Who::Anna, Method::POST, "/api/v1/me/adjustment", body)
                .await;
            assert_eq!(
                (s, &p["errors"][0]["field"], &p["errors"][0]["code"]),
                (422, &json!(field), &json!(code)),
                "{p}"
            );
        }
        let (s, p) = w
            .call(
                Who::ManagerOfDept,
                Method::POST,
                "/api/v1/me/adjustment",
                json!({"to": "manager"}),
            )
            .await;
        assert_eq!(
            (s, &p["errors"][0]["code"]),
            (422, &json!("no_manager")),
            "{p}"
        );
        assert_eq!(w.status(Who::Anna, "/api/v1/me/rehab").await.0, 404);

        let id = w.annas_request("coordinator").await;
        let path = format!("/api/v1/rehab/cases/{id}");
        let (s, _) = w
            .call(
                Who::Anna,
                Method::POST,
                "/api/v1/me/adjustment",
                json!({"to": "manager"}),
            )
            .await;
        assert_eq!(s, 409, "one open case at a time");
        // The coordinator has it; her manager learns nothing, not even that it exists.
        let list = w.json(Who::Coordinator, "/api/v1/adjustments").await;
        assert_eq!(list["items"][0]["started_from"], "request");
        assert_eq!(list["items"][0]["follow_up"], "not-set");
        assert_eq!(
            w.json(Who::ManagerOfTeamA, "/api/v1/adjustments").await["items"],
            json!([])
        );
        let (s, body) = w.status(Who::ManagerOfTeamA, &path).await;
        assert_eq!(s, 404, "{body}");
        assert!(!body.contains("evening shifts"), "{body}");
        let (_, team) = w.status(Who::ManagerOfTeamA, "/rehab").await;
        assert!(
            !team.contains("evening shifts") && !team.contains(&id),
            "{team}"
        );
        // She lets her manager in: now they see and run it, and leave again when she says.
        let (s, c) = w
            .call(
                Who::Anna,
                Method::PUT,
                &format!("{path}/manager"),
                json!({"takes_part": true}),
            )
            .await;
        assert_eq!(
            (s, &c["adjustment"]["with_manager"]),
            (200, &json!(true)),
            "{c}"
        );
        assert_eq!(w.status(Who::ManagerOfTeamA, &path).await.0, 200);
        let (s, _) = w
            .call(
                Who::ManagerOfTeamA,
                Method::PUT,
                &format!("{path}/follow-up"),
                json!({"on": "2026-12-10"}),
            )
            .await;
        assert_eq!(s, 200);
        // Nobody else may decide that for her.
        let (s, _) = w
            .call(
                Who::Coordinator,
                Method::PUT,
                &format!("{path}/manager"),
                json!({"takes_part": false}),
            )
            .await;
        assert_eq!(s, 404);
        let (s, _) = w
            .call(
                Who::Anna,
                Method::PUT,
                &format!("{path}/manager"),
                json!({"takes_part": false}),
            )
            .await;
        assert_eq!(s, 200);
        assert_eq!(w.status(Who::ManagerOfTeamA, &path).await.0, 404);
        let log = w.log_of(Who::Anna).await;
        assert!(
            log.contains(&("adjustment-case-list".into(), "coord".into())),
            "{log:?}"
        );
        assert!(
            log.contains(&("adjustment-case".into(), "mgr-a".into())),
            "{log:?}"
        );
        // Closed as adjusted: no last day of sick leave belongs to it.
        let (s, p) = w
            .call(
                Who::Coordinator,
                Method::POST,
                &format!("{path}/close"),
                json!({"last_day": "2026-11-30", "outcome": "adjusted"}),
            )
            .await;
        assert_eq!(
            (s, &p["errors"][0]["code"]),
            (422, &json!("not_sick_leave")),
            "{p}"
        );
        let (s, c) = w
            .call(
                Who::Coordinator,
                Method::POST,
                &format!("{path}/close"),
                json!({"outcome": "adjusted"}),
            )
            .await;
        assert_eq!((s, &c["outcome"]), (200, &json!("adjusted")), "{c}");
        // And she may ask again.
        w.annas_request("manager").await;
    }
}

#[tokio::test]
async fn a_coordinator_opens_one_from_the_early_conversation_list() {
    for b in backends() {
        let w = world(b).await;
        let bo = w.ids["bo"].clone();
        for day in [
            "2026-01-12",
            "2026-03-02",
            "2026-05-18",
            "2026-08-24",
            "2026-10-05",
            "2026-11-23",
        ] {
            let (s, _) = w
                .call(
                    Who::Coordinator,
                    Method::POST,
                    &format!("/api/v1/people/{bo}/absences"),
                    json!({"first_day": day, "last_day": day}),
                )
                .await;
            assert_eq!(s, 201);
        }
        let (s, c) = w
            .call(Who::Coordinator, Method::POST, "/api/v1/adjustments",
                json!({"person_id": bo, "start": "early-signal", "observed": "Often away on Mondays after weekend shifts"}))
            .await;
        assert_eq!(s, 201, "{c}");
        assert_eq!(
            c["adjustment"]["with_manager"], false,
            "a coordinator opens it without the manager"
        );
        let signals = w
            .json(Who::Coordinator, "/api/v1/rehab/early-signals")
            .await;
        assert_eq!(
            signals["items"],
            json!([]),
            "off the list while the case is open"
        );
        let path = format!("/api/v1/rehab/cases/{}", c["id"].as_str().unwrap());
        assert_eq!(w.status(Who::ManagerOfTeamB, &path).await.0, 404);
        assert_eq!(
            w.status(Who::Colleague, &path).await.0,
            200,
            "Bo reads his own"
        );
    }
}

/// Who may see, run and open an adjustment case: with the manager left out, and let in.
#[tokio::test]
async fn who_may_see_and_run_an_adjustment_case_cell_by_cell() {
    for b in backends() {
        let w = world(b).await;
        let anna = w.ids["anna"].clone();
        // Opening: the coordinator and her own manager; she asks instead; others learn nothing.
        // Those who may see who she is (a manager further up, the admin) are told no rather than
        // nothing.
        let open = [401, 403, 404, 0, 404, 403, 0, 403, 404];
        for (who, want) in WHO.into_iter().zip(open).filter(|(_, want)| *want != 0) {
            let (got, body) = w
                .call(who, Method::POST, "/api/v1/adjustments",
                    json!({"person_id": anna, "start": "alert", "alert_id": uuid::Uuid::new_v4(), "observed": OBSERVED}))
                .await;
            assert_eq!(got, want, "{who:?} × open: {body}");
        }
        let id = w.annas_request("coordinator").await;
        let path = format!("/api/v1/rehab/cases/{id}");
        let cells = |see: [u16; 9], run: [u16; 9]| {
            let (w, path) = (&w, &path);
            async move {
                for (who, (see, run)) in WHO.into_iter().zip(see.into_iter().zip(run)) {
                    let (got, body) = w.status(who, path).await;
                    assert_eq!(got, see, "{who:?} × GET the case: {body}");
                    let (got, body) = w
                        .status(
                            who,
                            &format!("/rehab/cases/{}", path.rsplit('/').next().unwrap()),
                        )
                        .await;
                    let page = if see == 401 { 303 } else { see };
                    assert_eq!(got, page, "{who:?} × the case page");
                    if see != 200 {
                        assert!(!body.contains("evening shifts"), "{who:?}: {body}");
                    }
                    let (got, body) = w
                        .call(
                            who,
                            Method::PUT,
                            &format!("{path}/follow-up"),
                            json!({"on": "2026-12-10"}),
                        )
                        .await;
                    assert_eq!(got, run, "{who:?} × set the follow-up: {body}");
                    // The same through the form: a redirect for those who may, the sign-in
                    // for nobody signed in, the API's refusal for the rest.
                    let res = w.clients[&who]
                        .post(w.app.url(&format!(
                            "/rehab/cases/{}/follow-up",
                            path.rsplit('/').next().unwrap()
                        )))
                        .form(&[("on", "2026-12-11")])
                        .send()
                        .await
                        .unwrap();
                    let form = match run {
                        200 | 401 => 303,
                        other => other,
                    };
                    assert_eq!(res.status().as_u16(), form, "{who:?} × the follow-up form");
                }
            }
        };
        //     anon anna  bo  mgrA mgrB dept coord adm admX
        cells(
            [401, 200, 404, 404, 404, 404, 200, 404, 404],
            [401, 403, 404, 404, 404, 404, 200, 404, 404],
        )
        .await;
        let (s, _) = w
            .call(
                Who::Anna,
                Method::PUT,
                &format!("{path}/manager"),
                json!({"takes_part": true}),
            )
            .await;
        assert_eq!(s, 200);
        cells(
            [401, 200, 404, 200, 404, 404, 200, 404, 404],
            [401, 403, 404, 200, 404, 404, 200, 404, 404],
        )
        .await;
    }
}

/// Without JavaScript: the employee asks from her phone's page and sees her case; refused
/// fields come back with their message; the coordinator records the investigation on the case
/// page; an alert's link opens the form for that person and alert.
#[tokio::test]
async fn the_adjustment_forms_work_without_javascript() {
    for b in backends() {
        let w = world(b).await;
        let post = |who: Who, path: String, fields: Vec<(&'static str, String)>| {
            let w = &w;
            async move { w.form(who, &path, fields).await }
        };
        let (_, page) = w.status(Who::Anna, "/rehab").await;
        assert!(page.contains("Be om anpassning av arbetet"), "{page}");
        let (s, _, page) = post(
            Who::Anna,
            "/rehab/adjustment-request".into(),
            vec![("words", "x".into())],
        )
        .await;
        assert_eq!(s, 422);
        assert!(page.contains("Fyll i det här fältet."), "{page}");
        let words = "Nattpassen efter kvällspass går inte längre";
        let (s, to, _) = post(
            Who::Anna,
            "/rehab/adjustment-request".into(),
            vec![("to", "coordinator".into()), ("words", words.into())],
        )
        .await;
        assert_eq!((s, to.as_str()), (303, "/rehab?done=saved"));
        let (_, page) = w.status(Who::Anna, "/rehab").await;
        assert!(
            page.contains("Din anpassning av arbetet") && page.contains(words),
            "{page}"
        );
        assert!(page.contains("Din chef ser inte ärendet."), "{page}");
        assert!(
            !page.contains("Be om anpassning av arbetet"),
            "one open case at a time"
        );

        let (_, list) = w.status(Who::Coordinator, "/rehab").await;
        assert!(
            list.contains("Anpassningsärenden") && list.contains("Ingen uppföljning bokad"),
            "{list}"
        );
        let mine = w.json(Who::Anna, "/api/v1/me/rehab").await;
        let case = format!("/rehab/cases/{}", mine["id"].as_str().unwrap());
        let (_, page) = w.status(Who::Coordinator, &case).await;
        assert!(
            page.contains("Utredning med medarbetaren") && page.contains(words),
            "{page}"
        );
        assert!(
            !page.contains("Läkarintyg"),
            "no sick-leave timeline: {page}"
        );
        let (s, _, page) = post(
            Who::Coordinator,
            format!("{case}/investigation"),
            vec![
                ("on", "2026-12-24".into()),
                ("companion", "union".into()),
                ("note", "".into()),
            ],
        )
        .await;
        assert_eq!(s, 422);
        assert!(
            page.contains("Datumet har inte kommit än.") && page.contains("Fyll i det här fältet."),
            "{page}"
        );
        let (s, _, _) = post(
            Who::Coordinator,
            format!("{case}/investigation"),
            vec![
                ("on", "2026-11-24".into()),
                ("companion", "safety-representative".into()),
                ("note", "Inga nattpass efter kvällspass".into()),
            ],
        )
        .await;
        assert_eq!(s, 303);
        let (_, page) = w.status(Who::Anna, "/rehab").await;
        assert!(
            page.contains("Inga nattpass efter kvällspass") && page.contains("med skyddsombud"),
            "{page}"
        );
        // She lets her manager in from the page.
        let (s, _, _) = post(
            Who::Anna,
            format!("{case}/manager"),
            vec![("takes_part", "true".into())],
        )
        .await;
        assert_eq!(s, 303);
        assert_eq!(w.status(Who::ManagerOfTeamA, &case).await.0, 200);
        // An alert's link preselects the person and carries the alert.
        let bo = w.ids["bo"].clone();
        let alert = uuid::Uuid::new_v4();
        let (_, form) = w
            .status(
                Who::ManagerOfTeamA,
                &format!("/rehab?adjust={bo}&alert={alert}"),
            )
            .await;
        assert!(form.contains(&format!("value=\"{alert}\"")), "{form}");
    }
}
