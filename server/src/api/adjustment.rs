//! Adjustment cases for people still at work (arbetsanpassning): opened by a coordinator or
//! the employee's own manager, or asked for by the employee; the investigation, the follow-up
//! date, and the employee letting their manager in. The measures are the case's plan
//! (`rehab_plan`), and the case reads and closes like any other (`rehab`).

use super::case_access::{dates, managed, read_case, subject_of};
use super::case_view::CaseDto;
use super::problem::{json_body, Problem};
use crate::context::{actor_for, ApiUser};
use crate::failure::{problem, refused, store_failed, Failure};
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use domain::adjustment::{Companion, Investigation, Recipient, Start};
use domain::problem::ProblemCode;
use serde::{Deserialize, Serialize};
use service::policy::{self, Refused};
use service::rehab::adjustment::{self, NewAdjustment};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct AdjustmentLineDto {
    pub id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub opened_at: DateTime<Utc>,
    /// `alert`, `early-signal` or `request`.
    pub started_from: String,
    pub investigated: bool,
    /// `not-set`, `upcoming`, `today` or `overdue`.
    pub follow_up: String,
    pub follow_up_on: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct AdjustmentListDto {
    /// Follow-ups due or overdue first, then those without a date.
    pub items: Vec<AdjustmentLineDto>,
}

/// The open adjustment cases the caller may see: all of the employer's for a coordinator,
/// those a person's own manager was let into.
#[utoipa::path(get, path = "/api/v1/adjustments", tag = "rehabilitation",
    responses((status = 200, body = AdjustmentListDto), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    me: ApiUser,
) -> Result<Json<AdjustmentListDto>, Problem> {
    let lang = me.lang;
    let actor = actor_for(&me).await?;
    let lines = adjustment::list_open(&state.ctx.db, actor, state.ctx.clock.now())
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(AdjustmentListDto {
        items: lines
            .into_iter()
            .map(|l| AdjustmentLineDto {
                id: l.id,
                person_id: l.person.as_uuid(),
                person_name: l.person_name,
                opened_at: l.opened_at,
                started_from: l.start.code().into(),
                investigated: l.investigated,
                follow_up: l.follow_up.code().into(),
                follow_up_on: l.follow_up.on(),
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct OpenAdjustmentBody {
    pub person_id: Uuid,
    /// `alert` (with `alert_id`) or `early-signal`; `request` is the employee's own.
    pub start: String,
    pub alert_id: Option<Uuid>,
    /// What was seen at work, in work terms; never a diagnosis. At most 2,000 characters.
    pub observed: Option<String>,
}

/// Opens an adjustment case for someone still at work. A coordinator opens it without the
/// employee's manager (the employee may let them in); the employee's own manager opens one
/// they take part in.
#[utoipa::path(post, path = "/api/v1/adjustments", tag = "rehabilitation", request_body = OpenAdjustmentBody,
    responses((status = 201, body = CaseDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn open(
    State(state): State<AppState>,
    me: ApiUser,
    body: Result<Json<OpenAdjustmentBody>, JsonRejection>,
) -> Result<(StatusCode, Json<CaseDto>), Problem> {
    let lang = me.lang;
    let body = json_body(body)?;
    let actor = actor_for(&me).await?;
    let db = &state.ctx.db;
    let subject = subject_of(&state, lang, body.person_id).await?;
    let (m, with_manager) =
        policy::open_adjustment(actor, subject).map_err(|r| refused(lang, r))?;
    let start = Start::parse(&body.start)
        .ok_or_else(|| Failure::fields([("start".into(), ProblemCode::Unknown)]).problem(lang))?;
    let new = NewAdjustment {
        start,
        alert: body.alert_id,
        observed: body.observed.unwrap_or_default(),
    };
    let now = state.ctx.clock.now();
    let case = adjustment::open(db, actor, &m, with_manager, new, now)
        .await
        .map_err(problem(lang))?;
    Ok((
        StatusCode::CREATED,
        Json(read_case(&state, lang, actor, case).await?),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct RequestBody {
    /// `manager` or `coordinator`: a request to a coordinator leaves the manager out.
    pub to: String,
    /// In the employee's own words, if they like: what at work is hard, what would help.
    pub words: Option<String>,
}

/// The employee asks for adapted work. The answer is their own new case.
#[utoipa::path(post, path = "/api/v1/me/adjustment", tag = "rehabilitation", request_body = RequestBody,
    responses((status = 201, body = CaseDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn request(
    State(state): State<AppState>,
    me: ApiUser,
    body: Result<Json<RequestBody>, JsonRejection>,
) -> Result<(StatusCode, Json<CaseDto>), Problem> {
    let lang = me.lang;
    let body = json_body(body)?;
    let actor = actor_for(&me).await?;
    let to = Recipient::parse(&body.to)
        .ok_or_else(|| Failure::fields([("to".into(), ProblemCode::Unknown)]).problem(lang))?;
    let own = policy::own_data(&me.person);
    let words = body.words.unwrap_or_default();
    let now = state.ctx.clock.now();
    let case = adjustment::request(&state.ctx.db, &own, to, &words, now)
        .await
        .map_err(problem(lang))?;
    Ok((
        StatusCode::CREATED,
        Json(read_case(&state, lang, actor, case).await?),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct InvestigationBody {
    /// The day it was held, `YYYY-MM-DD`; not in the future.
    pub on: Option<String>,
    /// `union` or `safety-representative`, when someone came along.
    pub companion: Option<String>,
    /// What was found out about the work and decided; at most 2,000 characters.
    pub note: Option<String>,
}

/// Records the investigation with the employee, replacing an earlier record.
#[utoipa::path(put, path = "/api/v1/rehab/cases/{id}/investigation", tag = "rehabilitation",
    params(("id" = Uuid, Path)), request_body = InvestigationBody,
    responses((status = 200, body = CaseDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn investigation(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
    body: Result<Json<InvestigationBody>, JsonRejection>,
) -> Result<Json<CaseDto>, Problem> {
    let lang = me.lang;
    let (actor, m, case) = managed(&state, &me, &case).await?;
    let body = json_body(body)?;
    let inv = parse_investigation(
        state.ctx.clock.now(),
        body.on.as_deref(),
        body.companion.as_deref(),
        body.note.as_deref(),
    )
    .map_err(|bad| Failure::fields(bad.into_iter().map(|(f, c)| (f.into(), c))).problem(lang))?;
    adjustment::record_investigation(&state.ctx.db, &m, case, inv)
        .await
        .map_err(problem(lang))?;
    Ok(Json(read_case(&state, lang, actor, case).await?))
}

/// The investigation as typed, or every field that is wrong with it (shared with the page).
pub(crate) fn parse_investigation(
    now: DateTime<Utc>,
    on: Option<&str>,
    companion: Option<&str>,
    note: Option<&str>,
) -> Result<Investigation, Vec<(&'static str, ProblemCode)>> {
    let today = domain::time::stockholm_date(now);
    let on = match on.map(str::trim) {
        None | Some("") => Err(ProblemCode::Missing),
        Some(t) => domain::time::date(t).ok_or(ProblemCode::NotADate),
    };
    let companion = match companion.map(str::trim) {
        None | Some("") | Some("none") => Ok(None),
        Some(c) => Companion::parse(c).map(Some).ok_or(ProblemCode::Unknown),
    };
    match (on, companion) {
        (Ok(on), Ok(companion)) => {
            Investigation::parse(on, companion, note.unwrap_or_default(), today)
        }
        (on, companion) => {
            let mut bad = vec![];
            if let Err(c) = on {
                bad.push(("on", c));
            }
            if let Err(c) = companion {
                bad.push(("companion", c));
            }
            if note.is_none_or(|n| n.trim().is_empty()) {
                bad.push(("note", ProblemCode::Missing));
            }
            Err(bad)
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct FollowUpBody {
    /// `YYYY-MM-DD`, today or later.
    pub on: Option<String>,
}

/// Sets the follow-up date; whoever sets it is reminded by push that morning.
#[utoipa::path(put, path = "/api/v1/rehab/cases/{id}/follow-up", tag = "rehabilitation",
    params(("id" = Uuid, Path)), request_body = FollowUpBody,
    responses((status = 200, body = CaseDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn follow_up(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
    body: Result<Json<FollowUpBody>, JsonRejection>,
) -> Result<Json<CaseDto>, Problem> {
    let lang = me.lang;
    let (actor, m, case) = managed(&state, &me, &case).await?;
    let body = json_body(body)?;
    let [on] = dates(lang, [("on", body.on.as_deref())])?;
    let on =
        on.ok_or_else(|| Failure::fields([("on".into(), ProblemCode::Missing)]).problem(lang))?;
    let now = state.ctx.clock.now();
    adjustment::set_follow_up(&state.ctx.db, &m, case, on, now)
        .await
        .map_err(problem(lang))?;
    Ok(Json(read_case(&state, lang, actor, case).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ManagerBody {
    /// `true` lets the employee's own manager see and run the case; `false` leaves them out.
    pub takes_part: bool,
}

/// The employee lets their own manager into their adjustment case, or leaves them out.
#[utoipa::path(put, path = "/api/v1/rehab/cases/{id}/manager", tag = "rehabilitation",
    params(("id" = Uuid, Path)), request_body = ManagerBody,
    responses((status = 200, body = CaseDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn manager(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
    body: Result<Json<ManagerBody>, JsonRejection>,
) -> Result<Json<CaseDto>, Problem> {
    let lang = me.lang;
    let actor = actor_for(&me).await?;
    let body = json_body(body)?;
    let case = Uuid::parse_str(&case).map_err(|_| refused(lang, Refused::Hidden))?;
    // The service finds the case only among the caller's own: anyone else's is not found.
    adjustment::let_manager_in(
        &state.ctx.db,
        &policy::own_data(&me.person),
        case,
        body.takes_part,
    )
    .await
    .map_err(problem(lang))?;
    Ok(Json(read_case(&state, lang, actor, case).await?))
}
