//! Signing in and out. Demo mode's persona sign-in goes through the same session code that the
//! identity-provider sign-in will use.

use crate::api::problem::Problem;
use crate::middleware::{LANG_COOKIE, SESSION_COOKIE};
use crate::state::AppState;
use app::server::RequestLang;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::cookie::{Cookie, SameSite};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use service::people::{self, DemoPersona};
use service::sessions::{self, SessionToken, SESSION_LIFETIME};

#[derive(Deserialize)]
pub struct DemoSignIn {
    persona: Option<String>,
}

pub async fn demo_sign_in(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    jar: CookieJar,
    Form(form): Form<DemoSignIn>,
) -> Response {
    let Some(persona) = form.persona.as_deref().and_then(DemoPersona::parse) else {
        return Problem::invalid_persona().into_response();
    };
    let person = match people::find_demo_persona(&state.ctx.db, persona).await {
        Ok(Some(p)) => p,
        Ok(None) => return Problem::invalid_persona().into_response(),
        Err(e) => {
            tracing::error!(error = %e, "demo sign-in failed");
            return Problem::internal(lang).into_response();
        }
    };
    // A fresh session every time: whatever cookie came in is replaced.
    if let Some(old) = jar.get(SESSION_COOKIE) {
        let _ = sessions::end(&state.ctx.db, &SessionToken::from_cookie(old.value())).await;
    }
    match sessions::start(&state.ctx.db, person.id, state.ctx.clock.now()).await {
        Ok(token) => {
            let cookie = Cookie::build((SESSION_COOKIE, token.expose().to_owned()))
                .http_only(true)
                .same_site(SameSite::Lax)
                .secure(state.settings.secure_cookies())
                .path("/")
                .max_age(time_duration(SESSION_LIFETIME.num_seconds()));
            (jar.add(cookie), Redirect::to("/")).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "could not start session");
            Problem::internal(lang).into_response()
        }
    }
}

pub async fn sign_out(State(state): State<AppState>, jar: CookieJar) -> Response {
    if let Some(c) = jar.get(SESSION_COOKIE) {
        if let Err(e) = sessions::end(&state.ctx.db, &SessionToken::from_cookie(c.value())).await {
            tracing::error!(error = %e, "could not end session");
        }
    }
    (
        jar.remove(Cookie::build(SESSION_COOKIE).path("/")),
        Redirect::to("/signin"),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct SetLang {
    set: Option<String>,
    next: Option<String>,
}

/// Remembers a language choice and goes back to the page it was made on.
pub async fn set_language(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(q): Query<SetLang>,
) -> Response {
    let next = q
        .next
        .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let Some(lang) = q.set.as_deref().and_then(app::i18n::Lang::from_code) else {
        return Redirect::to(&next).into_response();
    };
    let cookie = Cookie::build((LANG_COOKIE, lang.code()))
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies())
        .http_only(true)
        .path("/")
        .max_age(time_duration(365 * 24 * 3600));
    (jar.add(cookie), Redirect::to(&next)).into_response()
}

fn time_duration(seconds: i64) -> time::Duration {
    time::Duration::seconds(seconds)
}
