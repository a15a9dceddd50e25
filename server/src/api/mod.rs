//! `/api/v1`: the JSON API for the mobile app, described by the OpenAPI document it serves.
//! Errors are RFC 9457 problem details; the same policy and use cases as the web pages.

pub mod checkins;
pub mod me;
pub mod problem;

use crate::state::AppState;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Orka API", version = "1", description = "Employee self-service: weekly wellbeing check-ins and their trend."),
    paths(me::me, checkins::list, checkins::get_one, checkins::put),
    components(schemas(
        me::MeDto, me::EmployerDto, checkins::CheckInDto, checkins::Who5Dto, checkins::CheckInBody,
        checkins::SubmitResultDto, checkins::SignalDto, checkins::CheckInListDto, problem::Problem, problem::FieldProblem
    )),
    tags((name = "check-ins", description = "The person's own weekly check-ins"))
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/me", get(me::me))
        .route("/checkins", get(checkins::list))
        .route(
            "/checkins/{iso_week}",
            get(checkins::get_one).put(checkins::put),
        )
        .fallback(problem::not_found)
}
