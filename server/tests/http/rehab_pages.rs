//! The rehabilitation pages as plain forms, without JavaScript: the coordinator opens a case
//! and writes a plan (a mistake comes back with what was typed), the employee sees this week,
//! acknowledges and marks a task done, the plan prints, and a link opens it for occupational
//! health.

use crate::access::{world, Who};
use crate::helpers::*;

#[tokio::test]
async fn the_pages_work_as_plain_forms_for_the_coordinator_and_the_employee() {
    for b in backends() {
        let w = world(b).await;
        let post = |who: Who, path: String, fields: Vec<(&'static str, String)>| {
            let w = &w;
            async move { w.form(who, &path, fields).await }
        };
        let (s, page) = w.status(Who::Coordinator, "/rehab").await;
        assert_eq!(s, 200);
        assert!(
            page.contains("Öppna ett rehabärende") && page.contains(&w.ids["anna"]),
            "{b:?}"
        );
        let (s, to, _) = post(
            Who::Coordinator,
            "/rehab/cases".into(),
            vec![
                ("person_id", w.ids["anna"].clone()),
                ("first_day", "2026-11-06".into()),
                ("percent", "100".into()),
                ("expected_last_day", "".into()),
            ],
        )
        .await;
        assert_eq!(s, 303);
        let case = to.split('?').next().unwrap().to_owned();
        assert!(case.starts_with("/rehab/cases/"), "{to}");
        let (_, page) = w.status(Who::Coordinator, &case).await;
        assert!(
            page.contains("Läkarintyg") && page.contains("försenad"),
            "milestones shown"
        );

        // A bad plan comes back with what was typed and a message for the field.
        let mut plan = vec![
            ("base_version", "0".to_owned()),
            ("goal", "Tillbaka i eget arbete i mars".into()),
            ("m0_kind", "massage".into()),
            ("m0_description", "Börja klockan 9".into()),
            ("m0_responsible", "manager".into()),
            ("m1_kind", "treatment".into()),
            (
                "m1_description",
                "Sex samtal med företagshälsovården".into(),
            ),
            ("m1_responsible", "employee".into()),
            ("m1_due", "2026-12-18".into()),
            ("w0_week", "2026-W48".into()),
            ("w0_percent", "25".into()),
            ("w0_hours", "mån–fre 9–11".into()),
            ("g0_at", "2026-12-03T10:00".into()),
            ("g0_participants", "Anna, Maria, Karin".into()),
        ];
        let (s, _, page) = post(Who::Coordinator, format!("{case}/plan"), plan.clone()).await;
        assert_eq!(s, 422);
        assert!(
            page.contains("Börja klockan 9")
                && page.contains("Åtgärder, rad 1: Välj ett av alternativen."),
            "{page}"
        );
        plan[2].1 = "changed-hours".into();
        let (s, to, _) = post(Who::Coordinator, format!("{case}/plan"), plan.clone()).await;
        assert_eq!((s, to), (303, format!("{case}?done=saved")));
        let (_, page) = w.status(Who::Coordinator, &case).await;
        assert!(
            page.contains("Version 1") && page.contains("Sex samtal"),
            "{page}"
        );

        // Anna's week, on her phone, without JavaScript.
        let (s, page) = w.status(Who::Anna, "/rehab").await;
        assert_eq!(s, 200);
        for expected in [
            "Den här veckan",
            "Du arbetar 25 % av din arbetstid",
            "mån–fre 9–11",
            "Sex samtal",
            "Nytt i planen",
            "torsdag 3 december kl. 10.00",
        ] {
            assert!(page.contains(expected), "{expected} on {b:?}");
        }
        let (s, _, page) = post(
            Who::Anna,
            format!("{case}/comment"),
            vec![("version", "1".into()), ("comment", " ".into())],
        )
        .await;
        assert_eq!(s, 422);
        assert!(page.contains("Fyll i det här fältet"), "{page}");
        let (s, to, _) = post(
            Who::Anna,
            format!("{case}/acknowledge"),
            vec![("version", "1".into())],
        )
        .await;
        assert_eq!((s, to.as_str()), (303, "/rehab?done=acknowledged"));
        let mine = w.json(Who::Anna, "/api/v1/me/rehab").await;
        let task = mine["plan"]["plan"]["measures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["responsible"] == "employee")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (s, to, _) = post(
            Who::Anna,
            format!("{case}/tasks/{task}"),
            vec![("status", "done".into())],
        )
        .await;
        assert_eq!((s, to.as_str()), (303, "/rehab?done=task"));
        let (_, page) = w.status(Who::Anna, "/rehab").await;
        assert!(
            page.contains("Inga uppgifter för dig just nu"),
            "the task is done"
        );
        // A manager may not write the plan.
        let (s, _, _) = post(Who::ManagerOfTeamA, format!("{case}/plan"), plan).await;
        assert_eq!(s, 403);

        // The coordinator sees it; the plan prints.
        let (_, page) = w.status(Who::Coordinator, &case).await;
        assert!(page.contains("Kvitterade version 1 av planen"), "{page}");
        let (s, page) = w.status(Who::Coordinator, &format!("{case}/print")).await;
        assert_eq!(s, 200);
        assert!(
            page.contains("Plan för återgång i arbete – anna")
                && page.contains("class=\"printable\"")
                && page.contains(&format!("href=\"{case}/plan.pdf\""))
        );

        // ... and comes as a PDF that a PDF reader reads, each reading in Anna's access log.
        // Reads, not lines: a line stands for a reader's reads of one thing in a day.
        let reads = || async {
            w.json(Who::Anna, "/api/v1/me/access-log").await["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["times"].as_u64().unwrap())
                .sum::<u64>()
        };
        let before = reads().await;
        let pdf = pdf_text(
            &w.clients[&Who::Coordinator],
            &w.app.url(&format!("{case}/plan.pdf")),
        )
        .await;
        for expected in [
            "Plan för återgång i arbete – anna",
            "Tillbaka i eget arbete i mars",
            "Sex samtal med företagshälsovården",
            "Behandling via företagshälsovården · medarbetaren · gjort · senast fredag 18 december",
            "25 % (mån–fre 9–11)",
            "torsdag 3 december kl. 10.00 med Anna, Maria, Karin",
            "Läkarintyg",
        ] {
            assert!(
                pdf.contains(expected),
                "{expected:?} not in the PDF on {b:?}: {pdf}"
            );
        }
        assert_eq!(reads().await, before + 1, "the download is logged");
        for (who, want) in [(Who::Colleague, 404), (Who::Anna, 200)] {
            let res = w.clients[&who]
                .get(w.app.url(&format!("{case}/plan.pdf")))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), want, "{who:?}");
        }
        let res = client()
            .get(w.app.url(&format!("{case}/plan.pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "signed out: to the sign-in");

        // Anna gives occupational health a link; its address is shown once and opens the plan.
        let (s, _, page) = post(
            Who::Anna,
            format!("{case}/links"),
            vec![
                ("contact_name", "Eva".into()),
                ("organisation", "Previa".into()),
                ("days", "7".into()),
            ],
        )
        .await;
        assert_eq!(s, 200);
        let start = page.find("/shared/").expect("the address is shown");
        let token: String = page[start + 8..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let res = client()
            .get(w.app.url(&format!("/shared/{token}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let shared = res.text().await.unwrap();
        assert!(
            shared.contains("Tillbaka i eget arbete i mars") && shared.contains("Eva"),
            "{shared}"
        );
        let before = reads().await;
        let pdf = pdf_text(&client(), &w.app.url(&format!("/shared/{token}/plan.pdf"))).await;
        assert!(
            pdf.contains("Tillbaka i eget arbete i mars")
                && pdf.contains("Delad av den anställda med Eva"),
            "{pdf}"
        );
        assert!(
            !pdf.contains("Läkarintyg"),
            "a link shows the plan, not the case"
        );
        assert_eq!(reads().await, before + 1, "the link's use is logged");
        // The same file over the API, for an app; logged the same way.
        let api = pdf_text(
            &client(),
            &w.app.url(&format!("/api/v1/shared/{token}/plan.pdf")),
        )
        .await;
        assert_eq!(api, pdf, "the API's file is the page's");
        assert_eq!(reads().await, before + 2);
        let res = client()
            .get(w.app.url("/api/v1/shared/nope/plan.pdf"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let res = client()
            .get(w.app.url("/shared/nope/plan.pdf"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        assert_eq!(
            client()
                .get(w.app.url("/shared/nope"))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );

        // The menu offers the page to those it concerns.
        let (_, home) = w.status(Who::Anna, "/").await;
        assert!(home.contains("href=\"/rehab\""));
        let (_, home) = w.status(Who::Colleague, "/").await;
        assert!(!home.contains("href=\"/rehab\""));
    }
}

/// Without JavaScript: the employer's investigation before day 90 needs what was looked into
/// (a field message otherwise, nothing lost), and the plan is recorded as not needed with a
/// reason the employee then reads on their own page.
#[tokio::test]
async fn the_case_page_records_the_employers_duties_and_a_plan_not_needed() {
    for b in backends() {
        let w = world(b).await;
        let post = |path: String, fields: Vec<(&'static str, String)>| {
            let w = &w;
            async move {
                let res = w.clients[&Who::Coordinator]
                    .post(w.app.url(&path))
                    .form(&fields)
                    .send()
                    .await
                    .unwrap();
                (res.status().as_u16(), res.text().await.unwrap())
            }
        };
        let (s, c) = post(
            "/rehab/cases".into(),
            vec![
                ("person_id", w.ids["anna"].clone()),
                ("first_day", "2026-11-06".into()),
                ("percent", "100".into()),
            ],
        )
        .await;
        assert!(s == 303 || s == 200, "{s}: {c}");
        let list = w.json(Who::Coordinator, "/api/v1/rehab/cases").await;
        let case = format!("/rehab/cases/{}", list["items"][0]["id"].as_str().unwrap());
        let (_, page) = w.status(Who::Coordinator, &case).await;
        assert!(
            page.contains("Före dag 90: utred tillfälligt eller anpassat arbete")
                && page.contains("Ingen plan för återgång i arbete behövs"),
            "{b:?}"
        );

        let (s, page) = post(
            format!("{case}/milestones"),
            vec![("kind", "day-90".into()), ("note", "".into())],
        )
        .await;
        assert_eq!(s, 422);
        assert!(page.contains("class=\"field-error\""), "{page}");
        let looked = "Prövat dagpass på samma enhet utan lyft";
        let (s, _) = post(
            format!("{case}/milestones"),
            vec![("kind", "day-90".into()), ("note", looked.into())],
        )
        .await;
        assert_eq!(s, 303);
        let (s, page) = post(format!("{case}/exemption"), vec![]).await;
        assert_eq!(s, 422, "a reason is needed");
        assert!(page.contains("class=\"field-error\""), "{page}");
        let (s, _) = post(
            format!("{case}/exemption"),
            vec![("exemption", "health-rules-out-return".into())],
        )
        .await;
        assert_eq!(s, 303);
        let (_, page) = w.status(Who::Coordinator, &case).await;
        assert!(
            page.contains(looked) && page.contains("behövs inte"),
            "{page}"
        );
        assert!(
            !page.contains("Spara att ingen plan behövs"),
            "the exemption form is gone once recorded"
        );
        let (_, mine) = w.status(Who::Anna, "/rehab").await;
        assert!(
            mine.contains(looked)
                && mine.contains("Hälsan visar klart att en återgång i arbete inte är möjlig"),
            "{mine}"
        );
    }
}
