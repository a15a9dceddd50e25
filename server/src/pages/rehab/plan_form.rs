//! The plan editor's form: a plan version as form fields (with empty rows to add to), and the
//! posted fields as a raw plan for the domain's parser, which names every mistake.

use app::pages::PlanForm;
use domain::plan::{RawMeasure, RawMeeting, RawPlan, RawWeek};
use service::rehab;
use uuid::Uuid;

pub(super) fn plan_form(p: Option<&rehab::PlanVersion>) -> PlanForm {
    form_of(
        p.map_or(0, |p| p.version),
        p.map(|p| p.plan.to_raw()).unwrap_or_default(),
    )
}

/// The editor's rows for a plan as typed (or as stored), with blank rows to add to.
pub(super) fn form_of(base_version: i32, raw: RawPlan) -> PlanForm {
    let text = |s: Option<String>| s.unwrap_or_default();
    let id = |i: Option<Uuid>| i.map(|i| i.to_string()).unwrap_or_default();
    let mut f = PlanForm {
        base_version,
        goal: raw.goal,
        measures: raw
            .measures
            .into_iter()
            .map(|m| {
                [
                    id(m.id),
                    m.kind,
                    m.description,
                    m.responsible,
                    text(m.due),
                    text(m.status),
                ]
            })
            .collect(),
        schedule: raw
            .schedule
            .into_iter()
            .map(|w| {
                [
                    w.week,
                    text(w.percent.map(|p| p.to_string())),
                    text(w.hours),
                ]
            })
            .collect(),
        meetings: raw
            .meetings
            .into_iter()
            .map(|m| [id(m.id), m.at, m.participants, text(m.summary)])
            .collect(),
    };
    pad(&mut f);
    f
}

/// Blank rows to add to, since the form works without JavaScript.
fn pad(f: &mut PlanForm) {
    f.measures
        .extend(std::iter::repeat_n(Default::default(), 2));
    f.schedule
        .extend(std::iter::repeat_n(Default::default(), 3));
    f.meetings
        .extend(std::iter::repeat_n(Default::default(), 1));
}

/// The editor's flat fields (`m0_kind`, `w1_percent`, `g0_at`) back into a plan as typed;
/// rows left blank are dropped.
pub(crate) fn raw_plan(fields: &[(String, String)]) -> (i32, RawPlan) {
    // One pass into maps: a form can carry thousands of fields, and a scan of them for every
    // field of every row made a large one cost seconds. The first value of a name counts.
    let mut by_name = std::collections::HashMap::with_capacity(fields.len());
    let mut numbered = std::collections::HashSet::new();
    for (k, v) in fields {
        by_name.entry(k.as_str()).or_insert_with(|| v.trim());
        let mut chars = k.chars();
        if let (Some(prefix), Some((n, _))) = (chars.next(), chars.as_str().split_once('_')) {
            // Only the canonical spelling of a row number ("m3_", not "m03_" or "m+3_").
            if let Some(i) = n.parse::<usize>().ok().filter(|i| i.to_string() == n) {
                numbered.insert((prefix, i));
            }
        }
    }
    let get = |name: &str| by_name.get(name).map(|v| v.to_string()).unwrap_or_default();
    let opt = |s: String| (!s.is_empty()).then_some(s);
    // Rows are numbered from 0; the first missing number ends them.
    let rows = |prefix: char| {
        (0..)
            .take_while(|i| numbered.contains(&(prefix, *i)))
            .collect::<Vec<usize>>()
    };
    let mut raw = RawPlan {
        goal: get("goal"),
        ..Default::default()
    };
    for i in rows('m') {
        let f = |n: &str| get(&format!("m{i}_{n}"));
        if ["kind", "description", "responsible", "due"]
            .iter()
            .all(|n| f(n).is_empty())
        {
            continue;
        }
        raw.measures.push(RawMeasure {
            id: f("id").parse().ok(),
            kind: f("kind"),
            description: f("description"),
            responsible: f("responsible"),
            due: opt(f("due")),
            status: opt(f("status")),
        });
    }
    for i in rows('w') {
        let f = |n: &str| get(&format!("w{i}_{n}"));
        if ["week", "percent", "hours"].iter().all(|n| f(n).is_empty()) {
            continue;
        }
        raw.schedule.push(RawWeek {
            week: f("week"),
            percent: f("percent").parse().ok(),
            hours: opt(f("hours")),
        });
    }
    for i in rows('g') {
        let f = |n: &str| get(&format!("g{i}_{n}"));
        if ["at", "participants", "summary"]
            .iter()
            .all(|n| f(n).is_empty())
        {
            continue;
        }
        raw.meetings.push(RawMeeting {
            id: f("id").parse().ok(),
            at: f("at"),
            participants: f("participants"),
            summary: opt(f("summary")),
        });
    }
    (get("base_version").parse().unwrap_or(0), raw)
}

#[cfg(test)]
mod tests {
    use super::raw_plan;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_editor_fields_become_rows_in_order_until_the_first_gap() {
        let (base, raw) = raw_plan(&form(&[
            ("base_version", "3"),
            ("goal", "  Tillbaka på heltid  "),
            ("m1_kind", "adjusted_tasks"),
            ("m0_kind", "reduced_hours"),
            ("m0_description", "Halvtid"),
            // A blank row is dropped, a gap ends the rows, odd spellings are no rows.
            ("m2_kind", ""),
            ("m4_kind", "training"),
            ("m03_kind", "training"),
            ("w0_week", "2026-W50"),
            ("w0_percent", "50"),
            ("goal", "a second goal is ignored"),
        ]));
        assert_eq!(base, 3);
        assert_eq!(raw.goal, "Tillbaka på heltid");
        let kinds: Vec<&str> = raw.measures.iter().map(|m| m.kind.as_str()).collect();
        assert_eq!(kinds, ["reduced_hours", "adjusted_tasks"]);
        assert_eq!(raw.measures[0].description, "Halvtid");
        assert_eq!(raw.schedule.len(), 1);
        assert_eq!(raw.schedule[0].percent, Some(50));
        assert!(raw.meetings.is_empty());
    }

    #[test]
    fn a_huge_form_is_read_in_one_pass() {
        // Twenty thousand fields: row by row lookups made this take seconds per request.
        let mut pairs = vec![];
        for i in 0..5000 {
            for f in ["kind", "description", "responsible", "due"] {
                pairs.push((format!("m{i}_{f}"), "x".to_owned()));
            }
        }
        let (_, raw) = raw_plan(&pairs);
        assert_eq!(raw.measures.len(), 5000);
    }
}
