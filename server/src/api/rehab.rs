//! Sick-leave cases for coordinators and managers: opening, extent over time, closing, the
//! statutory milestones.
//! Every answer goes through `service::policy`.

use super::case_access::{case_of, dates, id, managed, read_case, required, subject_of, today};
use super::case_view::{milestone_dto, CaseDto, MilestoneDto};
use super::problem::{json_body, Problem};
use crate::context::{actor_for, ApiUser};
use crate::failure::{problem, refused, store_failed, Failure};
use crate::state::AppState;
use app::i18n::Lang;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::NaiveDate;
use domain::problem::ProblemCode;
use domain::rehab::{Exemption, Extent, MilestoneKind, Outcome};
use serde::{Deserialize, Serialize};
use service::policy::{self, Refused};
use service::rehab::cases::{self, Mark};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct CaseLineDto {
    pub id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    /// First day of the current sick period.
    pub first_day: NaiveDate,
    /// Percent on sick leave today; absent when not on sick leave today.
    pub extent_today: Option<u8>,
    pub next: Option<MilestoneDto>,
    pub overdue: usize,
    pub plan_version: i32,
}

#[derive(Serialize, ToSchema)]
pub struct CaseListDto {
    /// Overdue first, then by the next date.
    pub items: Vec<CaseLineDto>,
}

fn extent(lang: Lang, percent: Option<u8>) -> Result<Extent, Problem> {
    match percent {
        None => Err(Failure::fields([("percent".into(), ProblemCode::Missing)]).problem(lang)),
        Some(p) => Extent::from_percent(p).ok_or_else(|| {
            Failure::fields([("percent".into(), ProblemCode::OutOfRange)]).problem(lang)
        }),
    }
}

/// The open cases the caller may see: all of the employer's for a coordinator, those of the
/// people they reach for a manager. Overdue first.
#[utoipa::path(get, path = "/api/v1/rehab/cases", tag = "rehabilitation",
    responses((status = 200, body = CaseListDto), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    me: ApiUser,
) -> Result<Json<CaseListDto>, Problem> {
    let (lang, _person) = (me.lang, &me.person);
    let actor = actor_for(&me).await?;
    let lines = cases::list_open(&state.ctx.db, actor, state.ctx.clock.now())
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(CaseListDto {
        items: lines
            .into_iter()
            .map(|l| CaseLineDto {
                id: l.id,
                person_id: l.person.as_uuid(),
                person_name: l.person_name,
                first_day: l.first_day,
                extent_today: l.extent_today.map(Extent::percent),
                next: l.next.as_ref().map(milestone_dto),
                overdue: l.overdue,
                plan_version: l.plan_version,
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct OpenCaseBody {
    pub person_id: Uuid,
    /// The first day of sick leave, `YYYY-MM-DD`.
    pub first_day: Option<String>,
    /// Percent of working time on sick leave: 100, 75, 50 or 25.
    pub percent: Option<u8>,
    pub expected_last_day: Option<String>,
}

/// Opens a case (or reopens the person's last one when the new sick leave starts within 90
/// days of its end). No reason or diagnosis is asked for or kept.
#[utoipa::path(post, path = "/api/v1/rehab/cases", tag = "rehabilitation", request_body = OpenCaseBody,
    responses((status = 201, body = CaseDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn open(
    State(state): State<AppState>,
    me: ApiUser,
    body: Result<Json<OpenCaseBody>, JsonRejection>,
) -> Result<(StatusCode, Json<CaseDto>), Problem> {
    let (lang, _person) = (me.lang, &me.person);
    let body = json_body(body)?;
    let actor = actor_for(&me).await?;
    let db = &state.ctx.db;
    let subject = subject_of(&state, lang, body.person_id).await?;
    let m = policy::manage_case(actor, subject).map_err(|r| refused(lang, r))?;
    let [first, expected] = dates(
        lang,
        [
            ("first_day", body.first_day.as_deref()),
            ("expected_last_day", body.expected_last_day.as_deref()),
        ],
    )?;
    let new = cases::NewCase {
        first_day: required(lang, "first_day", first)?,
        extent: extent(lang, body.percent)?,
        expected_last_day: expected,
    };
    let now = state.ctx.clock.now();
    let case = cases::open_case(db, &m, new, now)
        .await
        .map_err(problem(lang))?;
    let dto = read_case(&state, lang, actor, case).await?;
    Ok((StatusCode::CREATED, Json(dto)))
}

/// A case with its milestones, plan and the employee's participation. A read by anyone but
/// the employee is written to the employee's access log.
#[utoipa::path(get, path = "/api/v1/rehab/cases/{id}", tag = "rehabilitation", params(("id" = Uuid, Path)),
    responses((status = 200, body = CaseDto), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn get(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
) -> Result<Json<CaseDto>, Problem> {
    let (lang, _person) = (me.lang, &me.person);
    let actor = actor_for(&me).await?;
    let case = id(lang, &case)?;
    Ok(Json(read_case(&state, lang, actor, case).await?))
}

/// The plan as a PDF file, as the printable page shows it, to take to a meeting. Logged like
/// any read of the case.
#[utoipa::path(get, path = "/api/v1/rehab/cases/{id}/plan.pdf", tag = "rehabilitation", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The plan for return to work and the milestones, as an A4 PDF file"),
        (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn plan_pdf(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
) -> Result<Response, Problem> {
    let (lang, _person) = (me.lang, &me.person);
    let actor = actor_for(&me).await?;
    let case = id(lang, &case)?;
    let c = case_of(&state, lang, actor, case).await?;
    let words = domain::human::Words::at(lang.content(), state.ctx.clock.now());
    let view = crate::pages::rehab::print::print_of(&c, words);
    Ok(crate::pages::rehab::print::pdf_file(lang, &view))
}

#[derive(Deserialize, ToSchema)]
pub struct CasePatch {
    /// When the absence is expected to end; `null` when nobody knows.
    pub expected_last_day: Option<String>,
}

/// Changes when the absence is expected to end.
#[utoipa::path(patch, path = "/api/v1/rehab/cases/{id}", tag = "rehabilitation", params(("id" = Uuid, Path)),
    request_body = CasePatch,
    responses((status = 200, body = CaseDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn patch(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
    body: Result<Json<CasePatch>, JsonRejection>,
) -> Result<Json<CaseDto>, Problem> {
    let lang = me.lang;
    let (actor, m, case) = managed(&state, &me, &case).await?;
    let body = json_body(body)?;
    let [expected] = dates(
        lang,
        [("expected_last_day", body.expected_last_day.as_deref())],
    )?;
    cases::set_expected_last_day(&state.ctx.db, &m, case, expected, today(&state))
        .await
        .map_err(problem(lang))?;
    Ok(Json(read_case(&state, lang, actor, case).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ExtentBody {
    pub from: Option<String>,
    /// 100, 75, 50 or 25.
    pub percent: Option<u8>,
}

/// From a day on, the person is on sick leave at another extent.
#[utoipa::path(post, path = "/api/v1/rehab/cases/{id}/extents", tag = "rehabilitation", params(("id" = Uuid, Path)),
    request_body = ExtentBody,
    responses((status = 200, body = CaseDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn set_extent(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
    body: Result<Json<ExtentBody>, JsonRejection>,
) -> Result<Json<CaseDto>, Problem> {
    let lang = me.lang;
    let (actor, m, case) = managed(&state, &me, &case).await?;
    let body = json_body(body)?;
    let [from] = dates(lang, [("from", body.from.as_deref())])?;
    let from = required(lang, "from", from)?;
    let extent = extent(lang, body.percent)?;
    cases::set_extent(&state.ctx.db, &m, case, from, extent)
        .await
        .map_err(problem(lang))?;
    Ok(Json(read_case(&state, lang, actor, case).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct CloseBody {
    /// The last day of sick leave (required for a sick-leave case; an adjustment case has none).
    pub last_day: Option<String>,
    /// `returned-fully`, `other-work`, `employment-ended`, `adjusted` (an adjustment case whose
    /// adjustment works) or `other`.
    pub outcome: Option<String>,
}

/// Closes the case on a full return or another outcome.
#[utoipa::path(post, path = "/api/v1/rehab/cases/{id}/close", tag = "rehabilitation", params(("id" = Uuid, Path)),
    request_body = CloseBody,
    responses((status = 200, body = CaseDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn close(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
    body: Result<Json<CloseBody>, JsonRejection>,
) -> Result<Json<CaseDto>, Problem> {
    let lang = me.lang;
    let (actor, m, case) = managed(&state, &me, &case).await?;
    let body = json_body(body)?;
    let [last] = dates(lang, [("last_day", body.last_day.as_deref())])?;
    let outcome = body
        .outcome
        .as_deref()
        .and_then(Outcome::parse)
        .ok_or_else(|| {
            let code = if body.outcome.is_none() {
                ProblemCode::Missing
            } else {
                ProblemCode::Unknown
            };
            Failure::fields([("outcome".into(), code)]).problem(lang)
        })?;
    cases::close_case(
        &state.ctx.db,
        &m,
        case,
        last,
        outcome,
        state.ctx.clock.now(),
    )
    .await
    .map_err(problem(lang))?;
    Ok(Json(read_case(&state, lang, actor, case).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct MilestoneBody {
    /// `false` takes a mark back.
    pub done: bool,
    /// What was looked into: required for `day-90` and `day-180`, at most 2,000 characters.
    pub note: Option<String>,
    /// Records the plan (`return-to-work-plan` only) as not needed, for this reason:
    /// `full-return-within-60-days` or `health-rules-out-return`.
    pub exemption: Option<String>,
}

/// Records a milestone as done, or the plan as not needed with a reason (or takes that back).
#[utoipa::path(put, path = "/api/v1/rehab/cases/{id}/milestones/{kind}", tag = "rehabilitation",
    params(("id" = Uuid, Path), ("kind" = String, Path)), request_body = MilestoneBody,
    responses((status = 200, body = CaseDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn milestone(
    State(state): State<AppState>,
    me: ApiUser,
    Path((case, kind)): Path<(String, String)>,
    body: Result<Json<MilestoneBody>, JsonRejection>,
) -> Result<Json<CaseDto>, Problem> {
    let lang = me.lang;
    let kind = MilestoneKind::parse(&kind).ok_or_else(|| refused(lang, Refused::Hidden))?;
    if kind == MilestoneKind::DayThreeCall {
        return day_three_call(&state, &me, &case, body).await;
    }
    let (actor, m, case) = managed(&state, &me, &case).await?;
    let body = json_body(body)?;
    let mark = match (body.done, body.exemption.as_deref()) {
        (false, _) => Mark::Undone,
        (true, None) => Mark::Done { note: body.note },
        (true, Some(code)) => Mark::Exempt(Exemption::parse(code).ok_or_else(|| {
            Failure::fields([("exemption".into(), ProblemCode::Unknown)]).problem(lang)
        })?),
    };
    let now = state.ctx.clock.now();
    cases::record_milestone(&state.ctx.db, &m, case, kind, mark, now)
        .await
        .map_err(problem(lang))?;
    Ok(Json(read_case(&state, lang, actor, case).await?))
}

/// The day-3 call is the employee's own manager's to record, whoever runs the case.
async fn day_three_call(
    state: &AppState,
    me: &ApiUser,
    case: &str,
    body: Result<Json<MilestoneBody>, JsonRejection>,
) -> Result<Json<CaseDto>, Problem> {
    let lang = me.lang;
    let actor = actor_for(me).await?;
    let case = id(lang, case)?;
    let call = policy::record_day_three_call(&state.ctx.db, actor, case)
        .await
        .map_err(|e| store_failed(lang, e))?
        .map_err(|r| refused(lang, r))?;
    let body = json_body(body)?;
    let now = state.ctx.clock.now();
    cases::record_call(&state.ctx.db, &call, body.done, now)
        .await
        .map_err(problem(lang))?;
    Ok(Json(read_case(state, lang, actor, case).await?))
}
