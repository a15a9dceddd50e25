//! The employee's part in their case: acknowledging or commenting on the plan, marking their
//! own tasks, and the links they give occupational health.

use super::overview::{refused_on_rehab, rehab_view};
use super::shared::access;
use crate::context::PageUser;
use crate::pages::render::{failed, read_form, render_refused, PageData};
use crate::state::AppState;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::plan::TaskStatus;
use service::rehab::{links, plan};

#[derive(serde::Deserialize)]
pub struct VersionForm {
    version: i32,
    #[serde(default)]
    comment: Option<String>,
}

/// The employee acknowledges the plan, comments on it, or marks a task done.
pub(super) async fn take_part(
    State(state): State<AppState>,
    me: PageUser,
    Path((case, what)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (_, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (parts, form) = match read_form::<VersionForm>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let now = state.ctx.clock.now();
    let db = &state.ctx.db;
    let (comment, done) = match what.as_str() {
        "acknowledge" => (None, "acknowledged"),
        _ => (Some(form.comment.unwrap_or_default()), "commented"),
    };
    match plan::take_part(db, &access, form.version, comment, now).await {
        Ok(()) => Redirect::to(&format!("/rehab?done={done}")).into_response(),
        Err(e) => refused_on_rehab(state, lang, &person, parts, "comment", e).await,
    }
}

#[derive(serde::Deserialize)]
pub struct TaskForm {
    status: String,
}

pub async fn task(
    State(state): State<AppState>,
    me: PageUser,
    Path((case, measure)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (_, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (parts, form) = match read_form::<TaskForm>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let (Ok(measure), Some(status)) = (measure.parse(), TaskStatus::parse(&form.status)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let now = state.ctx.clock.now();
    match plan::set_own_task(&state.ctx.db, &access, measure, status, now).await {
        Ok(_) => Redirect::to("/rehab?done=task").into_response(),
        Err(e) => refused_on_rehab(state, lang, &person, parts, "task", e).await,
    }
}

#[derive(serde::Deserialize)]
pub struct LinkForm {
    contact_name: String,
    organisation: String,
    days: String,
}

pub async fn give_link(
    State(state): State<AppState>,
    me: PageUser,
    Path(case): Path<String>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (_, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (parts, form) = match read_form::<LinkForm>(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let days = form.days.trim().parse().unwrap_or(0);
    let now = state.ctx.clock.now();
    let db = &state.ctx.db;
    match links::create(
        db,
        &access,
        &form.contact_name,
        &form.organisation,
        days,
        now,
    )
    .await
    {
        // The address is shown on this one answer only: render rather than redirect.
        Ok((_, token)) => {
            let url = format!(
                "{}/shared/{token}",
                state.settings.public_url.as_str().trim_end_matches('/')
            );
            let mut view = match rehab_view(&state, lang, &person).await {
                Ok(v) => v,
                Err(e) => return failed("rehab", e),
            };
            view.new_link = Some(url);
            render_refused(
                state,
                parts,
                Some("/rehab"),
                PageData::Rehab(Box::new(view)),
            )
            .await
        }
        Err(e) => refused_on_rehab(state, lang, &person, parts, "link", e).await,
    }
}

pub async fn revoke_link(
    State(state): State<AppState>,
    me: PageUser,
    Path((case, link)): Path<(String, String)>,
) -> Response {
    let person = me.person;
    let (_, access) = match access(&state, &person, &case).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Ok(link) = link.parse() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match links::revoke(&state.ctx.db, &access, link, state.ctx.clock.now()).await {
        Ok(true) => Redirect::to("/rehab?done=revoked").into_response(),
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => failed("rehab", e),
    }
}
