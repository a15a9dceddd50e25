//! The plan for return to work: writing it (each change a version), its history, the
//! employee's acknowledgement, comments and own tasks, and the employer's rehab settings.

use super::case_access::{managed, viewed};
use super::case_view::{change_dto, plan_dto, ChangeDto, PlanDto, PlanVersionDto};
use super::employers::administered;
use super::problem::{json_body, Problem};
use crate::context::ApiUser;
use crate::failure::{problem, refused, store_failed, Failure};
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use domain::plan::{RawPlan, TaskStatus};
use domain::problem::ProblemCode;
use domain::rehab::AbsenceRule;
use serde::{Deserialize, Serialize};
use service::policy::Refused;
use service::rehab::{self, plan, RehabSettings};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct PlanBody {
    /// The version this change was made on (0 for the first plan). If the plan has moved on,
    /// the change is refused with 409 instead of overwriting someone else's.
    pub base_version: i32,
    pub plan: PlanDto,
}

#[derive(Serialize, ToSchema)]
pub struct VersionSavedDto {
    pub version: i32,
}

/// Writes a new version of the plan.
#[utoipa::path(put, path = "/api/v1/rehab/cases/{id}/plan", tag = "rehabilitation", params(("id" = Uuid, Path)),
    request_body = PlanBody,
    responses((status = 200, body = VersionSavedDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn put(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
    body: Result<Json<PlanBody>, JsonRejection>,
) -> Result<Json<VersionSavedDto>, Problem> {
    let lang = me.lang;
    let (_, m, case) = managed(&state, &me, &case).await?;
    let body = json_body(body)?;
    let raw: RawPlan = body.plan.into();
    let parsed = raw.parse(Uuid::new_v4).map_err(|problems| {
        let fields = problems
            .into_iter()
            .map(|p| (format!("plan.{}", p.field), p.code));
        Failure::fields(fields).problem(lang)
    })?;
    let now = state.ctx.clock.now();
    let version = plan::save(&state.ctx.db, &m, case, body.base_version, parsed, now)
        .await
        .map_err(problem(lang))?;
    Ok(Json(VersionSavedDto { version }))
}

#[derive(Serialize, ToSchema)]
pub struct VersionLineDto {
    pub version: i32,
    pub author_name: String,
    pub changed_at: DateTime<Utc>,
    /// What this version changed from the one before.
    pub changes: Vec<ChangeDto>,
}

#[derive(Serialize, ToSchema)]
pub struct VersionsDto {
    /// Newest first.
    pub items: Vec<VersionLineDto>,
}

/// Every version of the plan, newest first, with who changed what and when.
#[utoipa::path(get, path = "/api/v1/rehab/cases/{id}/plan/versions", tag = "rehabilitation", params(("id" = Uuid, Path)),
    responses((status = 200, body = VersionsDto), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn versions(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
) -> Result<Json<VersionsDto>, Problem> {
    let lang = me.lang;
    let access = viewed(&state, &me, &case).await?;
    let person = &me.person;
    let lines = plan::history(&state.ctx.db, &access, person.id, state.ctx.clock.now())
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(VersionsDto {
        items: lines
            .into_iter()
            .map(|l| VersionLineDto {
                version: l.version,
                author_name: l.author_name,
                changed_at: l.changed_at,
                changes: l.changes.iter().map(change_dto).collect(),
            })
            .collect(),
    }))
}

/// One version of the plan as it was.
#[utoipa::path(get, path = "/api/v1/rehab/cases/{id}/plan/versions/{version}", tag = "rehabilitation",
    params(("id" = Uuid, Path), ("version" = i32, Path)),
    responses((status = 200, body = PlanVersionDto), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn version(
    State(state): State<AppState>,
    me: ApiUser,
    Path((case, version)): Path<(String, String)>,
) -> Result<Json<PlanVersionDto>, Problem> {
    let lang = me.lang;
    let access = viewed(&state, &me, &case).await?;
    let person = &me.person;
    let version: i32 = version
        .parse()
        .map_err(|_| refused(lang, Refused::Hidden))?;
    let now = state.ctx.clock.now();
    plan::version(&state.ctx.db, &access, version, person.id, now)
        .await
        .map_err(|e| store_failed(lang, e))?
        .map(|v| Json(plan_dto(v)))
        .ok_or_else(|| refused(lang, Refused::Hidden))
}

#[derive(Deserialize, ToSchema)]
pub struct TakePartBody {
    /// The version acknowledged or commented on: the current one.
    pub version: i32,
    /// A comment; absent to acknowledge the plan.
    pub comment: Option<String>,
}

/// The employee acknowledges their plan, or comments on it. Only the employee may.
#[utoipa::path(post, path = "/api/v1/rehab/cases/{id}/plan/participation", tag = "rehabilitation", params(("id" = Uuid, Path)),
    request_body = TakePartBody,
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn take_part(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
    body: Result<Json<TakePartBody>, JsonRejection>,
) -> Result<StatusCode, Problem> {
    let lang = me.lang;
    let access = viewed(&state, &me, &case).await?;
    let body = json_body(body)?;
    let now = state.ctx.clock.now();
    plan::take_part(&state.ctx.db, &access, body.version, body.comment, now)
        .await
        .map_err(problem(lang))?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct TaskBody {
    /// `planned`, `started` or `done`.
    pub status: String,
}

/// The employee marks one of their own tasks started or done: a new version of the plan.
#[utoipa::path(put, path = "/api/v1/rehab/cases/{id}/plan/measures/{measure}/status", tag = "rehabilitation",
    params(("id" = Uuid, Path), ("measure" = Uuid, Path)), request_body = TaskBody,
    responses((status = 200, body = VersionSavedDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn task(
    State(state): State<AppState>,
    me: ApiUser,
    Path((case, measure)): Path<(String, String)>,
    body: Result<Json<TaskBody>, JsonRejection>,
) -> Result<Json<VersionSavedDto>, Problem> {
    let lang = me.lang;
    let access = viewed(&state, &me, &case).await?;
    let body = json_body(body)?;
    let measure = Uuid::parse_str(&measure).map_err(|_| refused(lang, Refused::Hidden))?;
    let status = TaskStatus::parse(&body.status)
        .ok_or_else(|| Failure::fields([("status".into(), ProblemCode::Unknown)]).problem(lang))?;
    let now = state.ctx.clock.now();
    let version = plan::set_own_task(&state.ctx.db, &access, measure, status, now)
        .await
        .map_err(problem(lang))?;
    Ok(Json(VersionSavedDto { version }))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct RehabSettingsDto {
    /// Managers open and run the cases of the people they lead, not only coordinators.
    pub managers_run_rehab: bool,
    /// The early-signal rule: this many short absence spells…
    pub absence_spells: u32,
    /// …within this many months.
    pub absence_months: u32,
    /// The employer's routine has the manager call on the third day of a sick spell; the call
    /// then shows in each case as `day-3-call`, reminded to the employee's own managers.
    #[serde(default)]
    pub day_three_call: bool,
    /// The sick day (8–90) on which an absence puts someone on the list of cases to open;
    /// day 15 when not given.
    #[serde(default = "case_day")]
    pub case_day: u32,
}

fn case_day() -> u32 {
    domain::rehab::CASE_DAY
}

fn settings_dto(s: RehabSettings) -> RehabSettingsDto {
    RehabSettingsDto {
        managers_run_rehab: s.managers_run_rehab,
        absence_spells: s.absence.spells,
        absence_months: s.absence.months,
        day_three_call: s.day_three_call,
        case_day: s.case_day,
    }
}

/// The employer's rehab settings, for its admins.
#[utoipa::path(get, path = "/api/v1/employers/{slug}/rehab", tag = "administration", params(("slug" = String, Path)),
    responses((status = 200, body = RehabSettingsDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn settings(
    State(state): State<AppState>,
    me: ApiUser,
    Path(slug): Path<String>,
) -> Result<Json<RehabSettingsDto>, Problem> {
    let lang = me.lang;
    let (employer, _) = administered(&state, &me, &slug).await?;
    let s = rehab::settings(&state.ctx.db, employer.id)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(settings_dto(s)))
}

/// Changes the employer's rehab settings.
#[utoipa::path(put, path = "/api/v1/employers/{slug}/rehab", tag = "administration", params(("slug" = String, Path)),
    request_body = RehabSettingsDto,
    responses((status = 200, body = RehabSettingsDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn set_settings(
    State(state): State<AppState>,
    me: ApiUser,
    Path(slug): Path<String>,
    body: Result<Json<RehabSettingsDto>, JsonRejection>,
) -> Result<Json<RehabSettingsDto>, Problem> {
    let lang = me.lang;
    let (employer, access) = administered(&state, &me, &slug).await?;
    let employer = employer.id;
    let body = json_body(body)?;
    let s = RehabSettings {
        managers_run_rehab: body.managers_run_rehab,
        absence: AbsenceRule {
            spells: body.absence_spells,
            months: body.absence_months,
        },
        day_three_call: body.day_three_call,
        case_day: body.case_day,
    };
    rehab::set_settings(&state.ctx.db, &access, employer, s)
        .await
        .map_err(problem(lang))?;
    Ok(Json(settings_dto(s)))
}
