//! A case as a coordinator or manager runs it: the case page with its plan editor, and every
//! change made through its forms (plan, milestones, extent, close, the day-3 call).

use super::adjustment::manager;
use super::employee::take_part;
use super::shared::{access, adjustment_view, date, messages, milestone_line, plan_view, words};
use crate::context::PageUser;
use crate::pages::render::{done_from, failed, read_form, render, render_refused, PageData};
use crate::state::AppState;
use app::i18n::{Lang, Msg};
use app::pages::{CaseView, PlanForm};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Actor;
use domain::plan::{RawMeasure, RawMeeting, RawPlan, RawWeek};
use domain::rehab::{Exemption, Extent, MilestoneKind, Outcome};
use service::policy::{self, CaseAccess};
use service::rehab::adjustment::{self as adjust};
use service::rehab::cases::Mark;
use service::rehab::{self, cases, plan, RehabError};
use service::{Person, StoreError};
use uuid::Uuid;

fn plan_form(p: Option<&rehab::PlanVersion>) -> PlanForm {
    form_of(
        p.map_or(0, |p| p.version),
        p.map(|p| p.plan.to_raw()).unwrap_or_default(),
    )
}

/// The editor's rows for a plan as typed (or as stored), with blank rows to add to.
fn form_of(base_version: i32, raw: RawPlan) -> PlanForm {
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

async fn case_view(
    state: &AppState,
    lang: Lang,
    person: &Person,
    actor: &Actor,
    access: &CaseAccess,
) -> Result<Option<CaseView>, StoreError> {
    let db = &state.ctx.db;
    let (w, now) = (words(state, lang), state.ctx.clock.now());
    let Some(c) = cases::get(db, access, person.id, w.today, now).await? else {
        return Ok(None);
    };
    let may_manage = policy::manage_rehab_case(db, actor, c.id).await?.is_ok();
    let may_record_call = policy::record_day_three_call(db, actor, c.id)
        .await?
        .is_ok();
    Ok(Some(CaseView {
        id: c.id.to_string(),
        name: c.person_name.clone(),
        open: c.is_open(),
        first_day: c
            .leave
            .spells
            .last()
            .map(|s| w.date(s.first_day))
            .unwrap_or_default(),
        sick_today: c.extent_today.map(Extent::percent),
        expected_last_day: c.leave.expected_last_day.map(|d| w.date(d)),
        extents: c
            .extents
            .iter()
            .map(|e| (w.date(e.from), e.extent.percent()))
            .collect(),
        milestones: c.milestones.iter().map(|m| milestone_line(m, w)).collect(),
        plan: c.plan.as_ref().map(|p| plan_view(p, w)),
        form: plan_form(c.plan.as_ref()),
        participation: c
            .participation
            .iter()
            .map(|p| {
                let what = match p.kind {
                    rehab::ParticipationKind::Acknowledged => {
                        lang.tf(Msg::RehabAcknowledgedVersion, &[&p.version])
                    }
                    rehab::ParticipationKind::Commented => {
                        lang.tf(Msg::RehabCommentedVersion, &[&p.version])
                    }
                };
                (w.day_of(p.at), what, p.comment.clone())
            })
            .collect(),
        done: None,
        errors: vec![],
        may_manage,
        may_record_call,
        at_work: c.leave.spells.is_empty(),
        adjustment: c.adjustment.as_ref().map(|a| adjustment_view(a, w)),
    }))
}

pub async fn case_page(
    State(state): State<AppState>,
    me: PageUser,
    Path(case): Path<String>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (actor, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match case_view(&state, lang, &person, &actor, &access).await {
        Ok(Some(mut v)) => {
            v.done = done_from(&req, &["saved"]);
            render(state, PageData::Case(Box::new(v)), req).await
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => failed("rehab case", e),
    }
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

/// The case page again, showing a refused form's messages (and the plan as typed), as 422.
async fn refused_on_case(
    state: AppState,
    parts: axum::http::request::Parts,
    view: Option<CaseView>,
) -> Response {
    let Some(v) = view else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut parts = parts;
    parts.uri = format!("/rehab/cases/{}", v.id).parse().unwrap_or_default();
    let mut response = render_refused(state, parts, None, PageData::Case(Box::new(v))).await;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}

/// The coordinator's changes to a case: the plan, a milestone, the extent, closing.
async fn change(
    State(state): State<AppState>,
    me: PageUser,
    Path((case, what)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (actor, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let db = &state.ctx.db;
    let m = match policy::manage_rehab_case(db, &actor, access.case()).await {
        Ok(Ok(m)) => m,
        Ok(Err(_)) => return StatusCode::FORBIDDEN.into_response(),
        Err(e) => return failed("rehab case", e),
    };
    let (parts, fields) = match read_form::<Vec<(String, String)>>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    let (id, now) = (access.case(), state.ctx.clock.now());
    let mut typed = None;
    let result: Result<(), RehabError> = match what.as_str() {
        "plan" => {
            let (base, raw) = raw_plan(&fields);
            match raw.clone().parse(Uuid::new_v4) {
                Ok(p) => plan::save(db, &m, id, base, p, now).await.map(drop),
                Err(problems) => {
                    typed = Some(form_of(base, raw));
                    Err(RehabError::Invalid(
                        problems
                            .into_iter()
                            .map(|p| (p.field, p.code.code()))
                            .collect(),
                    ))
                }
            }
        }
        "milestones" => match MilestoneKind::parse(get("kind")) {
            Some(kind) => {
                let note = Some(get("note").to_owned());
                cases::record_milestone(db, &m, id, kind, Mark::Done { note }, now).await
            }
            None => Err(RehabError::Invalid(vec![("kind".into(), "unknown")])),
        },
        "exemption" => match Exemption::parse(get("exemption")) {
            Some(e) => {
                let kind = MilestoneKind::ReturnToWorkPlan;
                cases::record_milestone(db, &m, id, kind, Mark::Exempt(e), now).await
            }
            None => Err(RehabError::Invalid(vec![("exemption".into(), "missing")])),
        },
        "extent" => match (
            date("from", get("from"), true),
            get("percent").parse().ok().and_then(Extent::from_percent),
        ) {
            (Ok(Some(from)), Some(extent)) => cases::set_extent(db, &m, id, from, extent).await,
            (Err(e), _) => Err(e),
            _ => Err(RehabError::Invalid(vec![(
                "percent".into(),
                "out_of_range",
            )])),
        },
        "close" => match (
            date("last_day", get("last_day"), false),
            Outcome::parse(get("outcome")),
        ) {
            (Ok(last), Some(outcome)) => cases::close_case(db, &m, id, last, outcome, now).await,
            (Err(e), _) => Err(e),
            _ => Err(RehabError::Invalid(vec![("outcome".into(), "unknown")])),
        },
        "investigation" => {
            let field = |n: &str| Some(get(n)).filter(|v| !v.is_empty());
            let on = field("on");
            match crate::api::adjustment::parse_investigation(
                now,
                on,
                field("companion"),
                field("note"),
            ) {
                Ok(inv) => adjust::record_investigation(db, &m, id, inv).await,
                Err(bad) => Err(RehabError::Invalid(
                    bad.into_iter().map(|(f, c)| (f.to_owned(), c)).collect(),
                )),
            }
        }
        "follow-up" => match date("on", get("on"), true) {
            Ok(Some(on)) => adjust::set_follow_up(db, &m, id, on, now).await,
            Ok(None) => Err(RehabError::Invalid(vec![("on".into(), "missing")])),
            Err(e) => Err(e),
        },
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let change = Changed {
        person: &person,
        actor: &actor,
        access: &access,
        parts,
    };
    changed(state, lang, change, &what, result, typed).await
}

/// Who changed which case, and the request the change came in.
struct Changed<'a> {
    person: &'a Person,
    actor: &'a Actor,
    access: &'a CaseAccess,
    parts: axum::http::request::Parts,
}

/// After a change to a case through `form`: back to the case, or the case again with the
/// refusal's messages at the form (and the plan as typed, when that was the form).
async fn changed(
    state: AppState,
    lang: Lang,
    c: Changed<'_>,
    form: &str,
    result: Result<(), RehabError>,
    typed: Option<PlanForm>,
) -> Response {
    let id = c.access.case();
    match result {
        Ok(()) => Redirect::to(&format!("/rehab/cases/{id}?done=saved")).into_response(),
        Err(e) => match case_view(&state, lang, c.person, c.actor, c.access).await {
            Ok(view) => {
                let view = view.map(|mut v| {
                    v.errors = messages(lang, form, e);
                    v.form = typed.unwrap_or(v.form);
                    v
                });
                refused_on_case(state, c.parts, view).await
            }
            Err(e) => failed("rehab case", e),
        },
    }
}

/// One route for a case's forms: the employee's part (acknowledge, comment) and the
/// coordinator's changes (plan, milestones, extent, close).
pub async fn act(
    state: State<AppState>,
    me: PageUser,
    Path((case, action)): Path<(String, String)>,
    req: Request,
) -> Response {
    let path = Path((case, action.clone()));
    match action.as_str() {
        "acknowledge" | "comment" => take_part(state, me, path, req).await,
        "call" => day_three_call(state, me, path, req).await,
        "manager" => manager(state, me, path, req).await,
        _ => change(state, me, path, req).await,
    }
}

/// The manager's day-3 call, recorded as made: theirs to record whoever runs the case.
pub(super) async fn day_three_call(
    State(state): State<AppState>,
    me: PageUser,
    Path((case, _)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (actor, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let db = &state.ctx.db;
    let call = match policy::record_day_three_call(db, &actor, access.case()).await {
        Ok(Ok(c)) => c,
        Ok(Err(_)) => return StatusCode::FORBIDDEN.into_response(),
        Err(e) => return failed("rehab case", e),
    };
    let parts = match read_form::<Vec<(String, String)>>(&state, req).await {
        Ok((parts, _)) => parts,
        Err(r) => return r,
    };
    let result = cases::record_call(db, &call, true, state.ctx.clock.now()).await;
    let change = Changed {
        person: &person,
        actor: &actor,
        access: &access,
        parts,
    };
    changed(state, lang, change, "call", result, None).await
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
