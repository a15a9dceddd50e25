//! The employee's own case as they read it: `GET /api/v1/me/rehab`, the same read model
//! (`service::own_case`) as the rehab page.

use super::case_view::{case_dto, CaseDto};
use super::links::{link_dto, LinkDto};
use super::problem::Problem;
use crate::context::{actor_for, ApiUser};
use crate::failure::{problem, refused};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use service::own_case;
use service::policy::Refused;
use utoipa::ToSchema;

/// The signed-in person's own case (the open one, else the latest), with the links they have
/// given and whom to turn to about it.
#[utoipa::path(get, path = "/api/v1/me/rehab", tag = "rehabilitation",
    responses((status = 200, body = OwnCaseDto), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn mine(State(state): State<AppState>, me: ApiUser) -> Result<Json<OwnCaseDto>, Problem> {
    let (lang, now) = (me.lang, state.ctx.clock.now());
    let actor = actor_for(&me).await?;
    let own = own_case::read(&state.ctx.db, &me.person, actor, now)
        .await
        .map_err(problem(lang))?
        .ok_or_else(|| refused(lang, Refused::Hidden))?;
    Ok(Json(own_case_dto(own, now)))
}

/// The employee's own case screen: the case, the links they have given, whom to turn to.
#[derive(Serialize, ToSchema)]
pub struct OwnCaseDto {
    #[serde(flatten)]
    pub case: CaseDto,
    /// Read-only links to the plan given to someone outside the employer.
    pub links: Vec<LinkDto>,
    /// Whom to turn to about the case, in this order.
    pub contacts: Vec<CaseContactDto>,
}

#[derive(Serialize, ToSchema)]
pub struct CaseContactDto {
    pub name: String,
    /// `opened-case`: whoever opened the case; `manager`: the person's manager.
    pub role: String,
}

pub(crate) fn own_case_dto(o: own_case::OwnCase, now: DateTime<Utc>) -> OwnCaseDto {
    OwnCaseDto {
        case: case_dto(o.case),
        links: o
            .links
            .into_iter()
            .map(|l| link_dto(l, now, None))
            .collect(),
        contacts: o
            .contacts
            .into_iter()
            .map(|c| CaseContactDto {
                name: c.name,
                role: match c.role {
                    own_case::ContactRole::OpenedCase => "opened-case",
                    own_case::ContactRole::Manager => "manager",
                }
                .into(),
            })
            .collect(),
    }
}
