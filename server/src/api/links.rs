//! The read-only links an employee gives someone outside the employer (occupational health),
//! and the plan behind a link, as the contact reads it without signing in.

use super::case_access::viewed;
use super::case_view::{plan_dto, PlanVersionDto};
use super::problem::{json_body, Problem};
use crate::context::ApiUser;
use crate::failure::{problem, refused, store_failed};
use crate::state::AppState;
use app::server::RequestLang;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Json};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use service::policy::Refused;
use service::rehab::links;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct LinkDto {
    pub id: Uuid,
    pub contact_name: String,
    pub organisation: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub live: bool,
    /// Only in the answer that creates the link: the address to give the contact. It is not
    /// stored and cannot be shown again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

pub(crate) fn link_dto(l: links::Link, now: DateTime<Utc>, url: Option<String>) -> LinkDto {
    LinkDto {
        live: l.is_live(now),
        id: l.id,
        contact_name: l.contact_name,
        organisation: l.organisation,
        created_at: l.created_at,
        expires_at: l.expires_at,
        revoked_at: l.revoked_at,
        url,
    }
}

#[derive(Serialize, ToSchema)]
pub struct LinksDto {
    pub items: Vec<LinkDto>,
}

/// The links the employee has given to read their plan. Only the employee sees them.
#[utoipa::path(get, path = "/api/v1/rehab/cases/{id}/links", tag = "rehabilitation", params(("id" = Uuid, Path)),
    responses((status = 200, body = LinksDto), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn list_links(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
) -> Result<Json<LinksDto>, Problem> {
    let lang = me.lang;
    let access = viewed(&state, &me, &case).await?;
    if !access.is_own() {
        return Err(refused(lang, Refused::Hidden));
    }
    let now = state.ctx.clock.now();
    let items = links::list(&state.ctx.db, &access)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(LinksDto {
        items: items.into_iter().map(|l| link_dto(l, now, None)).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct LinkBody {
    pub contact_name: String,
    /// The occupational-health service the contact works for.
    pub organisation: String,
    /// How many days the link stays open (1–90).
    pub days: i64,
}

/// The employee lets a named occupational-health contact read their plan through a link.
#[utoipa::path(post, path = "/api/v1/rehab/cases/{id}/links", tag = "rehabilitation", params(("id" = Uuid, Path)),
    request_body = LinkBody,
    responses((status = 201, body = LinkDto), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn create_link(
    State(state): State<AppState>,
    me: ApiUser,
    Path(case): Path<String>,
    body: Result<Json<LinkBody>, JsonRejection>,
) -> Result<(StatusCode, Json<LinkDto>), Problem> {
    let lang = me.lang;
    let access = viewed(&state, &me, &case).await?;
    let body = json_body(body)?;
    let now = state.ctx.clock.now();
    let db = &state.ctx.db;
    let (link, token) = links::create(
        db,
        &access,
        &body.contact_name,
        &body.organisation,
        body.days,
        now,
    )
    .await
    .map_err(problem(lang))?;
    let url = format!(
        "{}/shared/{token}",
        state.settings.public_url.as_str().trim_end_matches('/')
    );
    Ok((StatusCode::CREATED, Json(link_dto(link, now, Some(url)))))
}

/// Closes a link at once.
#[utoipa::path(delete, path = "/api/v1/rehab/cases/{id}/links/{link}", tag = "rehabilitation",
    params(("id" = Uuid, Path), ("link" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn revoke_link(
    State(state): State<AppState>,
    me: ApiUser,
    Path((case, link)): Path<(String, String)>,
) -> Result<StatusCode, Problem> {
    let lang = me.lang;
    let access = viewed(&state, &me, &case).await?;
    let link = Uuid::parse_str(&link).map_err(|_| refused(lang, Refused::Hidden))?;
    let now = state.ctx.clock.now();
    if links::revoke(&state.ctx.db, &access, link, now)
        .await
        .map_err(|e| store_failed(lang, e))?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(refused(lang, Refused::Hidden))
    }
}

#[derive(Serialize, ToSchema)]
pub struct SharedPlanDto {
    pub person_name: String,
    pub contact_name: String,
    pub expires_at: DateTime<Utc>,
    pub plan: Option<PlanVersionDto>,
}

/// The plan behind a link, for the contact it was given to; each read is written to the
/// employee's access log. An unknown, expired or revoked link is a plain 404.
#[utoipa::path(get, path = "/api/v1/shared/{token}", tag = "rehabilitation", params(("token" = String, Path)),
    responses((status = 200, body = SharedPlanDto), (status = 404, body = Problem)))]
pub async fn shared(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    Path(token): Path<String>,
) -> Result<Json<SharedPlanDto>, Problem> {
    let shared = links::read(&state.ctx.db, &token, state.ctx.clock.now())
        .await
        .map_err(|e| store_failed(lang, e))?
        .ok_or_else(|| refused(lang, Refused::Hidden))?;
    Ok(Json(SharedPlanDto {
        person_name: shared.person_name,
        contact_name: shared.contact_name,
        expires_at: shared.expires_at,
        plan: shared.plan.map(plan_dto),
    }))
}

/// The plan behind a link as a PDF file, as the contact prints it from the page; each read is
/// in the employee's access log like the plan's.
#[utoipa::path(get, path = "/api/v1/shared/{token}/plan.pdf", tag = "rehabilitation", params(("token" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The plan for return to work as an A4 PDF file"),
        (status = 404, body = Problem)))]
pub async fn shared_pdf(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    Path(token): Path<String>,
) -> Result<Response, Problem> {
    let now = state.ctx.clock.now();
    let shared = links::read(&state.ctx.db, &token, now)
        .await
        .map_err(|e| store_failed(lang, e))?
        .ok_or_else(|| refused(lang, Refused::Hidden))?;
    let words = domain::human::Words::at(lang.content(), now);
    let view = crate::pages::rehab::print::shared_print(&shared, words, &token);
    Ok(crate::pages::rehab::print::pdf_file(lang, &view))
}
