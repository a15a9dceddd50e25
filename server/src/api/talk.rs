//! "Someone to talk to" for the occupational-health service the request went to
//! (`service::talk`): no sign-in, the link from its e-mail is the key, as on the page. Each
//! opening is in the person's access log; an unknown or expired link is a plain 404.

use super::problem::Problem;
use crate::failure::{refused, store_failed};
use crate::state::AppState;
use app::server::RequestLang;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use chrono::{DateTime, Utc};
use serde::Serialize;
use service::policy::Refused;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct TalkRequestDto {
    /// Who asked to talk: the name and, if they gave one, the address to reach them at. Never
    /// why: the request carries no answers and no scores.
    pub person_name: String,
    pub email: Option<String>,
    pub employer: String,
    /// The service the request went to, as the employer's directory names it.
    pub service: String,
    pub asked_at: DateTime<Utc>,
    /// The link works until then.
    pub until: DateTime<Utc>,
    /// When the service said it had made contact.
    pub contacted_at: Option<DateTime<Utc>>,
}

/// The request behind a link, for the service it was sent to.
#[utoipa::path(get, path = "/api/v1/talk/{token}", tag = "sharing", params(("token" = String, Path)),
    responses((status = 200, body = TalkRequestDto), (status = 404, body = Problem)))]
pub async fn get(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    Path(token): Path<String>,
) -> Result<Json<TalkRequestDto>, Problem> {
    let p = service::talk::open(&state.ctx.db, &token, state.ctx.clock.now())
        .await
        .map_err(|e| store_failed(lang, e))?
        .ok_or_else(|| refused(lang, Refused::Hidden))?;
    Ok(Json(TalkRequestDto {
        person_name: p.person_name,
        email: p.email,
        employer: p.employer,
        service: p.service,
        asked_at: p.asked_at,
        until: p.until,
        contacted_at: p.contacted_at,
    }))
}

/// The service has made contact: the person sees it, and the request leaves the list of those
/// waiting. Saying it again changes nothing.
#[utoipa::path(post, path = "/api/v1/talk/{token}/contacted", tag = "sharing", params(("token" = String, Path)),
    responses((status = 204, description = "Recorded"), (status = 404, body = Problem)))]
pub async fn contacted(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    Path(token): Path<String>,
) -> Result<StatusCode, Problem> {
    let now = state.ctx.clock.now();
    if service::talk::mark_contacted(&state.ctx.db, &token, now)
        .await
        .map_err(|e| store_failed(lang, e))?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(refused(lang, Refused::Hidden))
    }
}
