//! The page occupational health opens from its e-mail (`service::talk`): no sign-in, the link
//! is the key, and every opening is in the person's access log.

use super::render::{failed, render, PageData};
use crate::state::AppState;
use app::pages::TalkView;
use app::server::RequestLang;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use chrono::{DateTime, Utc};

pub async fn page(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    Path(token): Path<String>,
    req: Request,
) -> Response {
    let now = state.ctx.clock.now();
    let words = domain::human::Words::at(lang.content(), now);
    let day = |t: DateTime<Utc>| words.near(domain::time::stockholm_date(t));
    let view = match service::talk::open(&state.ctx.db, &token, now).await {
        Ok(Some(p)) => TalkView {
            token,
            person: p.person_name,
            email: p.email,
            employer: p.employer,
            service: p.service,
            asked: day(p.asked_at),
            until: day(p.until),
            contacted: p.contacted_at.map(day),
        },
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return failed("talk page", e),
    };
    let mut response = render(state, PageData::Talk(Box::new(view)), req).await;
    // A name and an address: kept by no cache and passed to no other site.
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        "no-store".parse().expect("a header value"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        "no-referrer".parse().expect("a header value"),
    );
    response
}

pub async fn contacted(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let now = state.ctx.clock.now();
    match service::talk::mark_contacted(&state.ctx.db, &token, now).await {
        Ok(true) => Redirect::to(&format!("/talk/{token}")).into_response(),
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => failed("talk contacted", e),
    }
}
