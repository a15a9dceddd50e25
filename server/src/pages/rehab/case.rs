//! A case as a coordinator or manager runs it: the case page with its plan editor, and every
//! change made through its forms (plan, milestones, extent, close, the day-3 call).

use super::adjustment::manager;
use super::employee::take_part;
use super::plan_form::{form_of, plan_form, raw_plan};
use super::shared::{access, adjustment_view, date, messages, milestone_line, plan_view, words};
use crate::api::adjustment::parse_investigation;
use crate::context::PageUser;
use crate::pages::render::{done_from, failed, read_form, render, render_refused, PageData};
use crate::state::AppState;
use app::i18n::{Lang, Msg};
use app::pages::{CaseView, PlanForm};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDate, Utc};
use domain::access::Actor;
use domain::adjustment::Investigation;
use domain::plan::Plan;
use domain::problem::ProblemCode;
use domain::rehab::{Exemption, Extent, MilestoneKind, Outcome};
use domain::CaseId;
use service::policy::{self, CaseAccess, CaseManagement};
use service::rehab::adjustment::{self as adjust};
use service::rehab::cases::Mark;
use service::rehab::{self, cases, plan, RehabError};
use service::{Db, Person, StoreError};
use uuid::Uuid;

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
        id: CaseId::from_uuid(c.id),
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
    let (db, now) = (&state.ctx.db, state.ctx.clock.now());
    let m = match policy::manage_rehab_case(db, &actor, access.case()).await {
        Ok(Ok(m)) => m,
        Ok(Err(_)) => return StatusCode::FORBIDDEN.into_response(),
        Err(e) => return failed("rehab case", e),
    };
    let (parts, fields) = match read_form::<Vec<(String, String)>>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Some(asked) = CaseChange::read(&what, &fields, now) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (result, typed) = match asked {
        Ok(c) => (c.apply(db, &m, access.case(), now).await, None),
        // A plan with wrong fields comes back as typed, not as stored.
        Err(e) => (Err(e), (what == "plan").then(|| plan_as_typed(&fields))),
    };
    let change = Changed {
        person: &person,
        actor: &actor,
        access: &access,
        parts,
    };
    changed(state, lang, change, &what, result, typed).await
}

fn plan_as_typed(fields: &[(String, String)]) -> PlanForm {
    let (base, raw) = raw_plan(fields);
    form_of(base, raw)
}

/// What one of the case's forms asks for, read from its fields.
enum CaseChange {
    Plan { base: i32, plan: Plan },
    Milestone(MilestoneKind, Mark),
    Extent(NaiveDate, Extent),
    Close(Option<NaiveDate>, Outcome),
    Investigation(Investigation),
    FollowUp(NaiveDate),
}

impl CaseChange {
    /// `None`: no form of that name; `Err`: the form's fields are wrong.
    fn read(
        what: &str,
        fields: &[(String, String)],
        now: DateTime<Utc>,
    ) -> Option<Result<CaseChange, RehabError>> {
        let get = |name: &str| {
            let value = fields.iter().find(|(k, _)| k == name);
            value.map(|(_, v)| v.as_str()).unwrap_or_default()
        };
        let bad = |field: &str, code| RehabError::Invalid(vec![(field.into(), code)]);
        Some(match what {
            "plan" => {
                let (base, raw) = raw_plan(fields);
                raw.parse(Uuid::new_v4)
                    .map(|plan| CaseChange::Plan { base, plan })
                    .map_err(|ps| {
                        RehabError::Invalid(ps.into_iter().map(|p| (p.field, p.code)).collect())
                    })
            }
            "milestones" => MilestoneKind::parse(get("kind"))
                .map(|kind| {
                    CaseChange::Milestone(
                        kind,
                        Mark::Done {
                            note: Some(get("note").into()),
                        },
                    )
                })
                .ok_or(bad("kind", ProblemCode::Unknown)),
            "exemption" => Exemption::parse(get("exemption"))
                .map(|e| CaseChange::Milestone(MilestoneKind::ReturnToWorkPlan, Mark::Exempt(e)))
                .ok_or(bad("exemption", ProblemCode::Missing)),
            "extent" => {
                let extent = get("percent").parse().ok().and_then(Extent::from_percent);
                match (date("from", get("from"), true), extent) {
                    (Ok(Some(from)), Some(extent)) => Ok(CaseChange::Extent(from, extent)),
                    (Err(e), _) => Err(e),
                    _ => Err(bad("percent", ProblemCode::OutOfRange)),
                }
            }
            "close" => match (
                date("last_day", get("last_day"), false),
                Outcome::parse(get("outcome")),
            ) {
                (Ok(last), Some(outcome)) => Ok(CaseChange::Close(last, outcome)),
                (Err(e), _) => Err(e),
                _ => Err(bad("outcome", ProblemCode::Unknown)),
            },
            "investigation" => {
                let field = |n: &str| Some(get(n)).filter(|v| !v.is_empty());
                parse_investigation(now, field("on"), field("companion"), field("note"))
                    .map(CaseChange::Investigation)
                    .map_err(|bad| {
                        RehabError::Invalid(bad.into_iter().map(|(f, c)| (f.into(), c)).collect())
                    })
            }
            "follow-up" => match date("on", get("on"), true) {
                Ok(Some(on)) => Ok(CaseChange::FollowUp(on)),
                Ok(None) => Err(bad("on", ProblemCode::Missing)),
                Err(e) => Err(e),
            },
            _ => return None,
        })
    }

    async fn apply(
        self,
        db: &Db,
        m: &CaseManagement,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), RehabError> {
        match self {
            CaseChange::Plan { base, plan } => {
                plan::save(db, m, id, base, plan, now).await.map(drop)
            }
            CaseChange::Milestone(kind, mark) => {
                cases::record_milestone(db, m, id, kind, mark, now).await
            }
            CaseChange::Extent(from, extent) => cases::set_extent(db, m, id, from, extent).await,
            CaseChange::Close(last, outcome) => {
                cases::close_case(db, m, id, last, outcome, now).await
            }
            CaseChange::Investigation(inv) => adjust::record_investigation(db, m, id, inv).await,
            CaseChange::FollowUp(on) => adjust::set_follow_up(db, m, id, on, now).await,
        }
    }
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
