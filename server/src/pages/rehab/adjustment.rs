//! The adjustment forms on the rehab pages: a coordinator or manager opens an adjustment case,
//! the employee asks for one, and the employee lets their manager in or leaves them out. The
//! investigation and the follow-up are case forms (`case::change`).

use super::overview::refused_on_rehab;
use super::shared::{access, actor_and_subject};
use crate::context::PageUser;
use crate::pages::render::read_form;
use crate::state::AppState;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::adjustment::{Recipient, Start};
use domain::problem::ProblemCode;
use service::policy;
use service::rehab::adjustment::{self, NewAdjustment};
use service::rehab::RehabError;

#[derive(serde::Deserialize)]
pub struct OpenForm {
    person_id: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    alert_id: String,
    #[serde(default)]
    observed: String,
}

/// A coordinator or the employee's own manager opens an adjustment case.
pub async fn open(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (parts, form) = match read_form::<OpenForm>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let db = &state.ctx.db;
    let (actor, subject) = match actor_and_subject(&state, &person, &form.person_id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let Some((m, with_manager)) = subject.and_then(|s| policy::open_adjustment(&actor, s).ok())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let result = match Start::parse(&form.start) {
        Some(start) => {
            let new = NewAdjustment {
                start,
                alert: form.alert_id.parse().ok(),
                observed: form.observed,
            };
            let now = state.ctx.clock.now();
            adjustment::open(db, &actor, &m, with_manager, new, now).await
        }
        None => Err(RehabError::Invalid(vec![(
            "start".into(),
            ProblemCode::Unknown,
        )])),
    };
    match result {
        Ok(id) => Redirect::to(&format!("/rehab/cases/{id}?done=saved")).into_response(),
        Err(e) => refused_on_rehab(state, lang, &person, parts, "adjustment", e).await,
    }
}

#[derive(serde::Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    words: String,
}

/// The employee asks for adjusted work, to their manager or to a coordinator.
pub async fn request(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (parts, form) = match read_form::<RequestForm>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let result = match Recipient::parse(&form.to) {
        Some(to) => {
            let own = policy::own_data(&person);
            let now = state.ctx.clock.now();
            adjustment::request(&state.ctx.db, &own, to, &form.words, now).await
        }
        None => Err(RehabError::Invalid(vec![(
            "to".into(),
            ProblemCode::Missing,
        )])),
    };
    match result {
        Ok(_) => Redirect::to("/rehab?done=saved").into_response(),
        Err(e) => refused_on_rehab(state, lang, &person, parts, "request", e).await,
    }
}

#[derive(serde::Deserialize)]
pub struct ManagerForm {
    takes_part: bool,
}

/// The employee lets their own manager into their adjustment case, or leaves them out.
pub(super) async fn manager(
    State(state): State<AppState>,
    me: PageUser,
    Path((case, _)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (_, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (parts, form) = match read_form::<ManagerForm>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let own = policy::own_data(&person);
    let db = &state.ctx.db;
    match adjustment::let_manager_in(db, &own, access.case(), form.takes_part).await {
        Ok(()) => Redirect::to("/rehab?done=saved").into_response(),
        Err(e) => refused_on_rehab(state, lang, &person, parts, "manager", e).await,
    }
}
