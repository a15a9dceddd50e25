//! The annual report's sick-leave figures over the API, on both databases: the figures by hand
//! for a small employer, the groups withheld (a small administration and, by subtraction, the
//! next one; men, because three people of unstated gender could be worked out), and who may read
//! them.

use crate::access::{world, WHO};
use crate::helpers::*;
use serde_json::json;
use service::{absence_import, org_import, Clock};
use std::fmt::Write;

/// The access tests' Umeå people (no hours: outside the population) and 37 employees with
/// hours since 2025: 22 women in Omsorg, 12 men in Skola, 3 of unstated gender in Kultur.
fn organisation() -> String {
    let mut file = String::from(
        "subject,name,email,unit,manages,roles,gender,birth_year,employee_number,weekly_hours,employed_from\n",
    );
    for line in crate::access::UMEA.lines().skip(1) {
        writeln!(file, "{line},,,,,").unwrap();
    }
    // HR's analyst: reads the figures, nobody's data.
    writeln!(file, "analyst,Ann Alys,,HR,,analyst,,,,,").unwrap();
    let groups = [
        ("w", 22, "Omsorg/Team A", "kvinna", "1980"),
        ("m", 12, "Skola/Klass 1", "man", "1960"),
        ("k", 3, "Kultur/Bibliotek", "", "1997"),
    ];
    for (prefix, n, unit, gender, born) in groups {
        for i in 0..n {
            writeln!(
                file,
                "{prefix}-{i},{prefix} {i},,{unit},,,{gender},{born},{prefix}{i},40,2025-01-01"
            )
            .unwrap();
        }
    }
    file
}

/// The access tests' world with `organisation()` imported and two spells from payroll: w0 off
/// sick 60 days (long-term), m0 ten days, both full time in 2025.
async fn employer_with_spells(b: Backend) -> crate::access::World {
    let w = world(b).await;
    let now = w.app.clock.now();
    let rows = org_import::parse(&organisation()).unwrap();
    org_import::apply(&w.app.db, "umea", rows, now)
        .await
        .unwrap();
    let spells =
        "employee_number,first_day,last_day\nw0,2025-03-01,2025-04-29\nm0,2025-01-10,2025-01-19\n";
    let rows = absence_import::parse(spells, domain::time::stockholm_date(now)).unwrap();
    absence_import::apply(&w.app.db, "umea", rows, now)
        .await
        .unwrap();
    w
}

#[tokio::test]
async fn the_seven_figures_by_hand_with_small_groups_withheld() {
    for b in backends() {
        let w = employer_with_spells(b).await;

        let path = "/api/v1/employers/umea/sick-leave?from=2025-01-01&to=2025-12-31";
        //              anon anna  bo  mgrA mgrB dept coord adm admX
        let expected = [401, 403, 403, 403, 403, 403, 403, 200, 403];
        for (who, want) in WHO.into_iter().zip(expected) {
            let (got, body) = w.status(who, path).await;
            assert_eq!(got, want, "{who:?} on {b:?}: {body}");
        }
        // The analyst reads the figures, and no person, setting or case.
        let analyst = w.sign_in("umea", "analyst").await;
        let status = |path: &'static str| {
            let analyst = analyst.clone();
            let url = w.app.url(path);
            async move { analyst.get(url).send().await.unwrap().status().as_u16() }
        };
        assert_eq!(status(path).await, 200, "{b:?}");
        assert_eq!(status("/api/v1/employers/umea/outcomes").await, 200);
        assert_eq!(status("/api/v1/employers/umea/outcomes.csv").await, 200);
        assert_eq!(status("/outcomes").await, 200);
        assert_eq!(status("/api/v1/employers/vindeln/sick-leave").await, 403);
        for other in ["/api/v1/employers/umea", "/api/v1/employers/umea/rehab"] {
            assert_eq!(status(other).await, 403, "{other} on {b:?}");
        }
        let json = |path: &'static str| {
            let analyst = analyst.clone();
            let url = w.app.url(path);
            async move {
                let res = analyst.get(url).send().await.unwrap();
                res.json::<serde_json::Value>().await.unwrap()
            }
        };
        let people = json("/api/v1/people").await;
        assert_eq!(people["items"].as_array().unwrap().len(), 1, "only herself");
        assert_eq!(
            json("/api/v1/rehab/cases-to-open").await["items"],
            serde_json::json!([])
        );
        assert_eq!(
            json("/api/v1/rehab/cases").await["items"],
            serde_json::json!([])
        );
        let (_, body) = w.status(crate::access::Who::Admin, path).await;
        let f: serde_json::Value = serde_json::from_str(&body).unwrap();
        let e = &f["employer"];
        assert_eq!(e["employees"], 37, "{b:?}: {e}");
        // (60 + 10) days of 37 × 365: 0.52 %; women 60 of 22 × 365: 0.75 %; long-term 60 of 70.
        assert_eq!(e["total"]["percent"], 0.5, "{b:?}: {e}");
        assert_eq!(e["women"]["percent"], 0.7, "{b:?}: {e}");
        assert_eq!(e["long_term_share"]["percent"], 85.7, "{b:?}: {e}");
        // Three of unstated gender beside women and the total: men would reveal them.
        assert_eq!(e["men"]["state"], "withheld");
        assert_eq!(e["men"]["percent"], serde_json::Value::Null);
        // Ages: 30–49 are the women; three under 30 withheld, so 50+ (12) goes with them.
        assert_eq!(e["from_30_to_49"]["percent"], 0.7);
        assert_eq!(e["up_to_29"]["state"], "withheld");
        assert_eq!(e["from_50"]["state"], "withheld");
        let admin = |name: &str| {
            f["administrations"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["name"] == name)
                .unwrap()["figures"]
                .clone()
        };
        assert_eq!(admin("Omsorg")["total"]["percent"], 0.7, "{b:?}");
        assert_eq!(admin("Omsorg")["employees"], 22);
        // Kultur has three; Skola, the next smallest, is withheld so Kultur cannot be
        // worked out from the employer's figure.
        assert_eq!(admin("Kultur")["total"]["state"], "withheld");
        assert_eq!(admin("Skola")["total"]["state"], "withheld");
        assert_eq!(admin("Skola")["employees"], serde_json::Value::Null);
        assert!(
            !body.contains("w-0") && !body.contains("w 0"),
            "no one named"
        );

        // A period the other way round, or too long, is a field problem.
        let (got, body) = w
            .status(
                crate::access::Who::Admin,
                "/api/v1/employers/umea/sick-leave?from=2025-12-31&to=2025-01-01",
            )
            .await;
        assert_eq!(got, 422, "{body}");
        assert!(body.contains("\"field\":\"to\""), "{body}");
        let (got, _) = w
            .status(
                crate::access::Who::Admin,
                "/api/v1/employers/umea/sick-leave?from=2020-01-01&to=2025-12-31",
            )
            .await;
        assert_eq!(got, 422);
        // Periods are whole months, so no two of them differ by less than a month.
        let (got, body) = w
            .status(
                crate::access::Who::Admin,
                "/api/v1/employers/umea/sick-leave?from=2025-03-10&to=2025-05-20",
            )
            .await;
        assert_eq!(got, 200, "{body}");
        assert!(
            body.contains("\"from\":\"2025-03-01\",\"to\":\"2025-05-31\""),
            "{body}"
        );
        let (got, _) = w
            .status(
                crate::access::Who::Admin,
                "/api/v1/employers/umea/sick-leave?from=yesterday",
            )
            .await;
        assert_eq!(got, 422);
    }
}

#[tokio::test]
async fn outcomes_month_by_month_against_the_year_before_and_as_csv() {
    for b in backends() {
        let w = employer_with_spells(b).await;

        let path = "/api/v1/employers/umea/outcomes?from=2025-01&to=2025-03";
        //              anon anna  bo  mgrA mgrB dept coord adm admX
        let expected = [401, 403, 403, 403, 403, 403, 403, 200, 403];
        for (who, want) in WHO.into_iter().zip(expected) {
            let (got, body) = w.status(who, path).await;
            assert_eq!(got, want, "{who:?} on {b:?}: {body}");
            let (got, _) = w
                .status(who, &path.replace("outcomes", "outcomes.csv"))
                .await;
            assert_eq!(got, want, "{who:?} CSV on {b:?}");
        }
        let (_, body) = w.status(crate::access::Who::Admin, path).await;
        let o: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            (&o["from"], &o["to"]),
            (&json!("2025-01-01"), &json!("2025-03-31"))
        );
        let months = o["months"].as_array().unwrap();
        assert_eq!(months.len(), 3, "{b:?}");
        let (jan, mar) = (&months[0], &months[2]);
        // January: m0's ten days of 37 × 31 (0.87 %); the men are withheld, since the three
        // of unstated gender could otherwise be worked out, and so is their count.
        assert_eq!(jan["month"], "2025-01");
        assert_eq!(jan["rate"]["total"]["percent"], 0.9, "{jan}");
        assert_eq!(jan["rate"]["women"]["percent"], 0.0);
        assert_eq!(jan["rate"]["men"]["state"], "withheld");
        assert_eq!(jan["started"]["total"]["count"], 1);
        assert_eq!(jan["started"]["men"]["state"], "withheld");
        assert_eq!(jan["ended"]["total"]["count"], 1);
        // Nobody was employed a year before.
        assert_eq!(jan["year_before"]["total"]["state"], "empty");
        // March: w0's 31 days, 2.7 % of everyone's time and 4.5 % of the women's.
        assert_eq!(mar["rate"]["total"]["percent"], 2.7, "{mar}");
        assert_eq!(mar["rate"]["women"]["percent"], 4.5);
        assert_eq!(mar["started"]["women"]["count"], 1);
        assert_eq!(mar["ended"]["total"]["count"], 0);

        // The same as a file for a Swedish spreadsheet.
        let res = w.clients[&crate::access::Who::Admin]
            .get(w.app.url(&path.replace("outcomes", "outcomes.csv")))
            .header("accept-language", "sv")
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.headers()["content-disposition"],
            "attachment; filename=\"orka-umea-2025-01-2025-03.csv\""
        );
        let csv = res.text().await.unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert!(
            lines[0].starts_with("månad;sjukfrånvaro totalt %;kvinnor %"),
            "{csv}"
        );
        assert_eq!(
            lines[3],
            "2025-03;2,7;4,5;ej visad;;;;1;1;ej visad;0;0;ej visad"
        );

        // The page without JavaScript: the chart, the table with every month, the file.
        let admin = crate::access::Who::Admin;
        let (got, page) = w.status(admin, "/outcomes?from=2025-01&to=2025-03").await;
        assert_eq!(got, 200, "{b:?}");
        for part in [
            "<svg",
            "<th scope=\"row\">2025-03</th><td>2,7 %</td>",
            "4,5 %",
            "ej visad",
            "/api/v1/employers/umea/outcomes.csv?from=2025-01&amp;to=2025-03",
            "Hela arbetsgivaren",
        ] {
            assert!(page.contains(part), "{part} on {b:?}");
        }
        assert!(
            !page.contains("w 0") && !page.contains("w0"),
            "no one named"
        );
        let (got, page) = w.status(admin, "/outcomes?from=2025-13&to=2025-01").await;
        assert_eq!(got, 200);
        assert!(page.contains("Visar de senaste tolv månaderna") && page.contains("2025-11"));

        // Bad months are field problems; the default is the last twelve.
        for bad in [
            "?from=2025-13",
            "?from=2025-03&to=2025-01",
            "?from=2020-01&to=2025-12",
        ] {
            let (got, body) = w
                .status(
                    crate::access::Who::Admin,
                    &format!("/api/v1/employers/umea/outcomes{bad}"),
                )
                .await;
            assert_eq!(got, 422, "{bad}: {body}");
        }
        // The calendar's very ends are months like any other, never a failure.
        for edge in [
            "?from=-262143-01-01&to=-262143-01-31",
            "?from=%2B262142-12-01&to=%2B262142-12-31",
        ] {
            let (got, body) = w
                .status(
                    crate::access::Who::Admin,
                    &format!("/api/v1/employers/umea/outcomes{edge}"),
                )
                .await;
            assert!(got == 200 || got == 422, "{edge}: {got} {body}");
            let (got, _) = w
                .status(
                    crate::access::Who::Admin,
                    &format!("/api/v1/employers/umea/sick-leave{edge}"),
                )
                .await;
            assert!(got == 200 || got == 422, "{edge}: {got}");
        }
        let o: serde_json::Value = serde_json::from_str(
            &w.status(crate::access::Who::Admin, "/api/v1/employers/umea/outcomes")
                .await
                .1,
        )
        .unwrap();
        assert_eq!(
            (&o["from"], &o["to"]),
            (&json!("2025-11-01"), &json!("2026-10-31"))
        );
    }
}

/// The demo's payroll history shows something true to life on first run: every month of the
/// last twelve with women and men shown, women off sick more than men, and a few people on the
/// coordinator's list of cases to open.
#[tokio::test]
async fn the_demo_shows_a_gender_gap_month_by_month() {
    let app = spawn_app(Backend::Sqlite).await;
    let admin = client();
    app.sign_in_with(&admin, "admin").await;
    let o: serde_json::Value = admin
        .get(app.url("/api/v1/employers/demokommun/outcomes"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let months = o["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    let mean = |who: &str| {
        let rates: Vec<f64> = months
            .iter()
            .map(|m| {
                m["rate"][who]["percent"]
                    .as_f64()
                    .unwrap_or_else(|| panic!("{m}"))
            })
            .collect();
        rates.iter().sum::<f64>() / rates.len() as f64
    };
    let (women, men) = (mean("women"), mean("men"));
    assert!(
        women > men * 1.3 && men > 0.5,
        "women {women} %, men {men} %"
    );
    let coordinator = client();
    app.sign_in_with(&coordinator, "coordinator").await;
    let to_open: serde_json::Value = coordinator
        .get(app.url("/api/v1/rehab/cases-to-open"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        !to_open["items"].as_array().unwrap().is_empty(),
        "{to_open}"
    );
}
