//! Who sees what, over HTTP: every role × every resource × own/other, cell by cell. The people
//! come from the organisation import and sign in through their employers' real providers, so
//! roles and reach are loaded exactly as in production. This is the living spec of who sees what.

use crate::helpers::*;
use crate::provider::{self, Provider};
use service::org_import;
use std::collections::HashMap;

pub(crate) const UMEA: &str = "\
subject,name,email,unit,manages,roles
anna,Anna Lind,anna@example.se,Omsorg/Team A,,
bo,Bo Ek,,Omsorg/Team B,,
mgr-a,Maria Berg,,Omsorg/Team A,Omsorg/Team A,
mgr-b,Mats Berg,,Omsorg/Team B,Omsorg/Team B,
mgr-dept,Dora Holm,,Omsorg,Omsorg,
coord,Karin Rehab,,HR,,coordinator|editor
admin,Ali Admin,,IT,,admin
";

const VINDELN: &str = "\
subject,name,email,unit,manages,roles
cilla,Cilla Ny,,Skola/Klass 1,,
admin-x,Xena Admin,,IT,,admin|editor
";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Who {
    Anonymous,
    /// An employee in team A: the "other" person of most rows.
    Anna,
    /// Bo, an employee in team B.
    Colleague,
    ManagerOfTeamA,
    ManagerOfTeamB,
    /// Leads Omsorg, above both teams.
    ManagerOfDept,
    Coordinator,
    Admin,
    AdminOfOtherEmployer,
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

impl Who {
    /// (employer, subject at the provider)
    fn login(self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            Who::Anonymous => return None,
            Who::Anna => ("umea", "anna"),
            Who::Colleague => ("umea", "bo"),
            Who::ManagerOfTeamA => ("umea", "mgr-a"),
            Who::ManagerOfTeamB => ("umea", "mgr-b"),
            Who::ManagerOfDept => ("umea", "mgr-dept"),
            Who::Coordinator => ("umea", "coord"),
            Who::Admin => ("umea", "admin"),
            Who::AdminOfOtherEmployer => ("vindeln", "admin-x"),
        })
    }
}

pub(crate) struct World {
    pub app: TestApp,
    pub clients: HashMap<Who, reqwest::Client>,
    /// Person ids by subject.
    pub ids: HashMap<&'static str, String>,
    /// The employers' providers, by slug.
    idps: HashMap<&'static str, Provider>,
}

pub(crate) async fn world(b: Backend) -> World {
    let app = spawn_app_without_demo(b).await;
    let umea = Provider::start(NOW.parse().unwrap()).await;
    let vindeln = Provider::start(NOW.parse().unwrap()).await;
    add_employer(&app, "umea", "Umeå kommun", &umea.issuer(), None).await;
    add_employer(&app, "vindeln", "Vindelns kommun", &vindeln.issuer(), None).await;
    for (slug, file) in [("umea", UMEA), ("vindeln", VINDELN)] {
        let rows = org_import::parse(file).unwrap();
        org_import::apply(&app.db, slug, rows, service::Clock::now(app.clock.as_ref()))
            .await
            .unwrap();
    }
    let mut clients = HashMap::new();
    let mut ids = HashMap::new();
    for who in WHO {
        let client = client();
        if let Some((slug, sub)) = who.login() {
            let idp = if slug == "umea" { &umea } else { &vindeln };
            // No groups at the provider: the roles here are the import's alone.
            idp.sign_in_as(provider::user(sub, sub, &[]));
            let res = app.sign_in_at(&client, slug).await;
            assert_eq!(location(&res), "/", "{who:?} signs in on {b:?}");
            let me: serde_json::Value = client
                .get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            ids.insert(sub, me["id"].as_str().unwrap().to_owned());
        }
        clients.insert(who, client);
    }
    // Cilla never signs in; she is known from the import alone, and her admin can see her.
    let listed: serde_json::Value = clients[&Who::AdminOfOtherEmployer]
        .get(app.url("/api/v1/people"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cilla = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["display_name"] == "Cilla Ny")
        .expect("Cilla is listed for her admin")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ids.insert("cilla", cilla);
    // Anna has answered this week, so there is something to protect.
    let answered = clients[&Who::Anna]
        .put(app.url(&format!("/api/v1/checkins/{THIS_WEEK}")))
        .json(&good_answers())
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), 200);
    let idps = HashMap::from([("umea", umea), ("vindeln", vindeln)]);
    World {
        app,
        clients,
        ids,
        idps,
    }
}

impl World {
    /// A week on: everyone's session has ended, so everyone signs in again.
    pub async fn a_week_later(&mut self) {
        self.app.clock.advance(chrono::Duration::days(7));
        let now = service::Clock::now(self.app.clock.as_ref());
        for idp in self.idps.values() {
            idp.set_now(now);
        }
        for who in WHO {
            if let Some((slug, sub)) = who.login() {
                let client = client();
                self.idps[slug].sign_in_as(provider::user(sub, sub, &[]));
                let res = self.app.sign_in_at(&client, slug).await;
                assert_eq!(location(&res), "/", "{who:?} signs in again");
                self.clients.insert(who, client);
            }
        }
    }

    /// A plain form post: status, where it redirects to, and the body.
    pub async fn form(
        &self,
        who: Who,
        path: &str,
        fields: Vec<(&'static str, String)>,
    ) -> (u16, String, String) {
        let res = self.clients[&who]
            .post(self.app.url(path))
            .form(&fields)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let to = res
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (status, to, res.text().await.unwrap())
    }

    /// A client signed in as someone imported since the world began.
    pub async fn sign_in(&self, slug: &str, sub: &str) -> reqwest::Client {
        let client = client();
        self.idps[slug].sign_in_as(provider::user(sub, sub, &[]));
        let res = self.app.sign_in_at(&client, slug).await;
        assert_eq!(location(&res), "/", "{sub} signs in");
        client
    }

    /// Payroll's absence file for Umeå, sent as an integration would.
    pub async fn payroll(&self, who: Who, file: &str) -> (u16, String) {
        let res = self.clients[&who]
            .post(self.app.url("/api/v1/employers/umea/absences"))
            .headers(browser_headers(&self.app.address))
            .header("content-type", "text/csv")
            .body(file.to_owned())
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    pub async fn status(&self, who: Who, path: &str) -> (u16, String) {
        let res = self.clients[&who]
            .get(self.app.url(path))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.text().await.unwrap())
    }

    fn own(&self, who: Who) -> Option<&str> {
        who.login().map(|(_, sub)| self.ids[sub].as_str())
    }

    /// One row: a resource and the status each actor gets, in `WHO` order. A refusal never
    /// carries the resource's data.
    async fn row(&self, what: &str, path: impl Fn(&World, Who) -> String, expected: [u16; 9]) {
        for (who, want) in WHO.into_iter().zip(expected) {
            let path = path(self, who);
            let (got, body) = self.status(who, &path).await;
            assert_eq!(got, want, "{who:?} × {what} ({path}): {body}");
            if got != 200 {
                assert!(
                    !body.contains("work_ability") && !body.contains("display_name"),
                    "{who:?} × {what}: a refusal leaks data: {body}"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_authorisation_matrix() {
    for b in backends() {
        let w = world(b).await;
        let anna = w.ids["anna"].clone();
        let cilla = w.ids["cilla"].clone();
        let own = |w: &World, who: Who, tail: &str| match w.own(who) {
            Some(id) => format!("/api/v1/people/{id}{tail}"),
            // Anonymous has no own data; asking for someone's is the same refusal.
            None => format!("/api/v1/people/{anna}{tail}"),
        };
        //                                              anon anna  bo  mgrA mgrB dept coord adm admX
        w.row(
            "own profile",
            |w, who| own(w, who, ""),
            [401, 200, 200, 200, 200, 200, 200, 200, 200],
        )
        .await;
        w.row(
            "Anna's profile",
            |_, _| format!("/api/v1/people/{anna}"),
            [401, 200, 404, 200, 404, 200, 200, 200, 404],
        )
        .await;
        w.row(
            "another employer's person",
            |_, _| format!("/api/v1/people/{cilla}"),
            [401, 404, 404, 404, 404, 404, 404, 404, 200],
        )
        .await;
        w.row(
            "own check-ins",
            |w, who| own(w, who, "/checkins"),
            [401, 200, 200, 200, 200, 200, 200, 200, 200],
        )
        .await;
        // Managers reach Anna but need her consent, which nobody gets by default.
        w.row(
            "Anna's check-ins",
            |_, _| format!("/api/v1/people/{anna}/checkins"),
            [401, 200, 404, 403, 404, 403, 403, 403, 404],
        )
        .await;
        w.row(
            "another employer's check-ins",
            |_, _| format!("/api/v1/people/{cilla}/checkins"),
            [401, 404, 404, 404, 404, 404, 404, 404, 403],
        )
        .await;
        w.row(
            "own employer's settings",
            |_, _| "/api/v1/employers/umea".into(),
            [401, 403, 403, 403, 403, 403, 403, 200, 403],
        )
        .await;
        w.row(
            "other employer's settings",
            |_, _| "/api/v1/employers/vindeln".into(),
            [401, 403, 403, 403, 403, 403, 403, 403, 200],
        )
        .await;
        w.row(
            "admin page",
            |_, _| "/admin".into(),
            [303, 403, 403, 403, 403, 403, 403, 200, 200],
        )
        .await;
        // The outcomes page shows each admin their own employer's figures, names nobody.
        w.row(
            "outcomes page",
            |_, _| "/outcomes".into(),
            [303, 403, 403, 403, 403, 403, 403, 200, 200],
        )
        .await;
        for (employer, expected) in [
            ("umea", [401, 403, 403, 403, 403, 403, 403, 200, 403]),
            ("vindeln", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
        ] {
            for tail in ["outcomes", "outcomes.csv", "sick-leave"] {
                w.row(
                    tail,
                    |_, _| format!("/api/v1/employers/{employer}/{tail}"),
                    expected,
                )
                .await;
            }
        }
        // Everyone signed in has the list of their places; it names no one but them.
        w.row(
            "the more page",
            |_, _| "/more".into(),
            [303, 200, 200, 200, 200, 200, 200, 200, 200],
        )
        .await;
        // The coordinator edits Umeå's guidance, Xena Vindeln's: each their own employer's.
        for editor_page in ["/editor/guidance/sleep", "/editor/feedback"] {
            w.row(
                editor_page,
                |_, _| editor_page.into(),
                [303, 403, 403, 403, 403, 403, 200, 403, 200],
            )
            .await;
        }
        // Over the API the employer is in the path: only its own editors get past it.
        for (editor_api, expected) in [
            (
                "/api/v1/employers/umea/guidance/sleep",
                [401, 403, 403, 403, 403, 403, 200, 403, 403],
            ),
            (
                "/api/v1/employers/umea/guidance-feedback",
                [401, 403, 403, 403, 403, 403, 200, 403, 403],
            ),
            (
                "/api/v1/employers/vindeln/guidance/sleep",
                [401, 403, 403, 403, 403, 403, 403, 403, 200],
            ),
            (
                "/api/v1/employers/vindeln/guidance-feedback",
                [401, 403, 403, 403, 403, 403, 403, 403, 200],
            ),
        ] {
            w.row(editor_api, |_, _| editor_api.into(), expected).await;
        }
        // A link is its own key: signed in or not, a made-up one opens nothing.
        for link in [
            "/api/v1/talk/made-up",
            "/api/v1/shared/made-up",
            "/api/v1/shared/made-up/plan.pdf",
        ] {
            w.row(link, |_, _| link.into(), [404; 9]).await;
        }

        let unit_of = |who: Who| {
            let w = &w;
            async move {
                let id = w.own(who).unwrap_or_default().to_owned();
                let (_, body) = w.status(Who::Admin, &format!("/api/v1/people/{id}")).await;
                let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                v["unit"]["id"].as_str().unwrap().to_owned()
            }
        };
        let team_a = unit_of(Who::Anna).await;
        let dept = unit_of(Who::ManagerOfDept).await;
        w.row(
            "team A's trend",
            |_, _| format!("/api/v1/units/{team_a}/trend"),
            [401, 404, 404, 200, 404, 200, 404, 404, 404],
        )
        .await;
        w.row(
            "the department's trend",
            |_, _| format!("/api/v1/units/{dept}/trend"),
            [401, 404, 404, 404, 404, 200, 404, 404, 404],
        )
        .await;
        for own_resource in [
            "/api/v1/consents",
            "/api/v1/alerts",
            "/api/v1/me/access-log",
            "/api/v1/me/export",
        ] {
            w.row(
                own_resource,
                |_, _| own_resource.into(),
                [401, 200, 200, 200, 200, 200, 200, 200, 200],
            )
            .await;
        }

        // Why the refusals differ: consent is the person's to give; roles do not open scores.
        let (_, body) = w
            .status(
                Who::ManagerOfTeamA,
                &format!("/api/v1/people/{anna}/checkins"),
            )
            .await;
        assert!(body.contains("urn:orka:problem:needs-consent"), "{body}");
        let (_, body) = w
            .status(Who::Coordinator, &format!("/api/v1/people/{anna}/checkins"))
            .await;
        assert!(body.contains("urn:orka:problem:needs-consent"), "{body}");
        let (_, body) = w
            .status(Who::Admin, &format!("/api/v1/people/{anna}/checkins"))
            .await;
        assert!(body.contains("urn:orka:problem:forbidden"), "{body}");
        // Anna sees her own answers.
        let (_, body) = w
            .status(Who::Anna, &format!("/api/v1/people/{anna}/checkins"))
            .await;
        assert!(body.contains(THIS_WEEK), "{body}");
        // Each admin page is about the admin's own employer.
        let (_, body) = w.status(Who::AdminOfOtherEmployer, "/admin").await;
        assert!(
            body.contains("Vindelns kommun") && !body.contains("Umeå kommun"),
            "{b:?}"
        );
    }
}

#[tokio::test]
async fn each_person_lists_exactly_the_people_within_their_reach() {
    for b in backends() {
        let w = world(b).await;
        let names = |who: Who| {
            let w = &w;
            async move {
                let (status, body) = w.status(who, "/api/v1/people").await;
                if status != 200 {
                    return vec![format!("{status}")];
                }
                let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                let mut names: Vec<String> = v["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["display_name"].as_str().unwrap().to_owned())
                    .collect();
                names.sort();
                names
            }
        };
        // Signing in renamed people to their subjects (the provider's `name` claim).
        assert_eq!(names(Who::Anonymous).await, ["401"], "{b:?}");
        assert_eq!(names(Who::Anna).await, ["anna"]);
        assert_eq!(names(Who::Colleague).await, ["bo"]);
        assert_eq!(names(Who::ManagerOfTeamA).await, ["anna", "mgr-a"]);
        assert_eq!(names(Who::ManagerOfTeamB).await, ["bo", "mgr-b"]);
        assert_eq!(
            names(Who::ManagerOfDept).await,
            ["anna", "bo", "mgr-a", "mgr-b", "mgr-dept"]
        );
        let all = ["admin", "anna", "bo", "coord", "mgr-a", "mgr-b", "mgr-dept"];
        assert_eq!(names(Who::Coordinator).await, all);
        assert_eq!(names(Who::Admin).await, all);
        assert_eq!(
            names(Who::AdminOfOtherEmployer).await,
            ["Cilla Ny", "admin-x"]
        );
    }
}

#[tokio::test]
async fn ids_that_name_nobody_are_not_found_as_problem_details() {
    for b in backends() {
        let w = world(b).await;
        for path in [
            "/api/v1/people/not-a-uuid".to_owned(),
            format!("/api/v1/people/{}", uuid::Uuid::new_v4()),
            format!("/api/v1/people/{}/checkins", uuid::Uuid::new_v4()),
            "/api/v1/employers/nowhere".to_owned(),
            "/api/v1/employers/nowhere/guidance/sleep".to_owned(),
            "/api/v1/employers/nowhere/guidance-feedback".to_owned(),
        ] {
            let res = w.clients[&Who::Admin]
                .get(w.app.url(&path))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{path} on {b:?}");
            assert_eq!(
                res.headers()["content-type"],
                "application/problem+json",
                "{path}"
            );
        }
    }
}

/// Payroll's absence file goes to the employer's admins alone (an integration posts it under
/// an admin's token; a browser session of an admin works the same), never across employers.
#[tokio::test]
async fn only_the_employers_admins_may_send_payroll_absence() {
    for b in backends() {
        let w = world(b).await;
        let file = "subject,first_day,last_day\nanna,2026-11-02,2026-11-04\n";
        //                 anon anna  bo  mgrA mgrB dept coord adm admX
        let expected = [401, 403, 403, 403, 403, 403, 403, 200, 403];
        for (who, want) in WHO.into_iter().zip(expected) {
            let (status, body) = w.payroll(who, file).await;
            assert_eq!(status, want, "{who:?} on {b:?}: {body}");
        }
        assert_eq!(w.app.count("absence_spells").await, 1, "{b:?}");
    }
}

#[tokio::test]
async fn the_cases_to_open_are_listed_only_to_those_who_may_open_them() {
    for b in backends() {
        let w = world(b).await;
        // Anna has been away since 2 November: day 15 was the 16th.
        let file = "subject,first_day,last_day\nanna,2026-11-02,\n";
        assert_eq!(w.payroll(Who::Admin, file).await.0, 200);
        let w = &w;
        let listed = |who| async move {
            let (status, body) = w.status(who, "/api/v1/rehab/cases-to-open").await;
            let names: Vec<String> = serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["items"].as_array().cloned())
                .unwrap_or_default()
                .iter()
                .map(|i| i["person_name"].as_str().unwrap().to_owned())
                .collect();
            (status, names)
        };
        // Names are the provider's, which here are the subjects.
        let anna = || vec!["anna".to_owned()];
        //           anon anna bo mgrA mgrB dept coord adm admX
        let none = (200, vec![]);
        let expected = [
            (401, vec![]),
            none.clone(),
            none.clone(),
            none.clone(),
            none.clone(),
            none.clone(),
            (200, anna()),
            none.clone(),
            none.clone(),
        ];
        for (who, want) in WHO.into_iter().zip(expected) {
            assert_eq!(listed(who).await, want, "{who:?} on {b:?}");
        }
        // Where managers run rehab, Anna's own manager sees her too; the one above does not,
        // as he may not open her case.
        let (s, _) = w
            .call(
                Who::Admin,
                reqwest::Method::PUT,
                "/api/v1/employers/umea/rehab",
                serde_json::json!({"managers_run_rehab": true, "absence_spells": 6, "absence_months": 12}),
            )
            .await;
        assert_eq!(s, 200);
        for (who, want) in [
            (Who::ManagerOfTeamA, anna()),
            (Who::ManagerOfTeamB, vec![]),
            (Who::ManagerOfDept, vec![]),
            (Who::AdminOfOtherEmployer, vec![]),
        ] {
            assert_eq!(listed(who).await, (200, want), "{who:?} on {b:?}");
        }
    }
}
