//! The router: server-rendered pages, the plain-form check-in, server functions, the JSON API,
//! sign-in, operations and static files.

use crate::middleware;
use crate::state::AppState;
use app::server::SignedIn;
use app::{EmployerChoice, SignInChoices};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use render::{context, render, PageData};
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

mod admin;
mod checkin;
mod contacts;
mod editor;
mod guidance;
mod outcomes;
pub(crate) mod rehab;
mod reminders;
mod render;
mod sharing;
mod talk;

use crate::api::MAX_BODY;

/// Pages that only make sense for a signed-in person.
const PERSONAL_PAGES: [&str; 4] = ["/", "/checkin", "/history", "/more"];

pub fn router(state: AppState) -> Router {
    let site_root = state.leptos_options.site_root.to_string();
    let mut dynamic = Router::new()
        .route("/", get(page))
        .route("/signin", get(sign_in_page))
        .route("/checkin", get(page).post(checkin::check_in_form))
        .route("/history", get(page))
        .route("/offline", get(page))
        .route("/more", get(page))
        .route("/guidance", get(page))
        .route("/guidance/{slug}", get(page))
        .route(
            "/guidance/{slug}/feedback",
            post(guidance::guidance_feedback),
        )
        .route(
            "/editor/guidance/{slug}",
            get(editor::editor_page).post(editor::editor_save),
        )
        .route(
            "/editor/guidance/{slug}/shared",
            post(editor::editor_back_to_shared),
        )
        .route("/editor/feedback", get(editor::feedback_page))
        .route("/admin", get(admin::admin_page))
        .route("/outcomes", get(outcomes::page))
        .route("/admin/employer", post(admin::admin_save))
        .route("/admin/contacts", post(contacts::save))
        .route("/reminders", get(reminders::page).post(reminders::save))
        .route("/reminders/test", post(reminders::test))
        .route("/sharing", get(sharing::page))
        .route("/sharing/grant", post(sharing::grant))
        .route("/sharing/withdraw/{id}", post(sharing::withdraw))
        .route("/sharing/delete-history", post(sharing::delete_history))
        .route("/team", get(sharing::team_page))
        .route("/team/alerts/{id}", post(sharing::acknowledge))
        .route("/rehab", get(rehab::page))
        .route("/rehab/cases", post(rehab::open))
        .route("/rehab/adjustments", post(rehab::open_adjustment))
        .route("/rehab/adjustment-request", post(rehab::request_adjustment))
        .route("/rehab/cases/{id}", get(rehab::case_page))
        .route("/rehab/cases/{id}/print", get(rehab::print_page))
        .route("/rehab/cases/{id}/plan.pdf", get(rehab::print_pdf))
        .route("/rehab/cases/{id}/links", post(rehab::give_link))
        .route(
            "/rehab/cases/{id}/links/{link}/revoke",
            post(rehab::revoke_link),
        )
        .route("/rehab/cases/{id}/tasks/{measure}", post(rehab::task))
        .route("/rehab/cases/{id}/{action}", post(rehab::act))
        .route("/shared/{token}", get(rehab::shared_page))
        .route("/shared/{token}/plan.pdf", get(rehab::shared_pdf))
        .route("/talk/{token}", get(talk::page))
        .route("/talk/{token}/contacted", post(talk::contacted))
        .route(
            "/reminders/devices/{id}/remove",
            post(reminders::remove_device),
        )
        .route("/fn/{*name}", post(server_fn).get(server_fn))
        .route("/auth/signout", post(crate::auth::sign_out))
        .route("/auth/login/{slug}", get(crate::auth::login))
        .route("/auth/callback/{slug}", get(crate::auth::callback))
        .route("/lang", get(crate::auth::set_language))
        .route("/sw.js", get(service_worker))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route_layer(RequestBodyLimitLayer::new(MAX_BODY))
        // The API limits its own routes: one of them takes a payroll file.
        .nest("/api/v1", crate::api::router());
    if state.settings.demo {
        dynamic = dynamic.route("/auth/demo", post(crate::auth::demo_sign_in));
    }
    let dynamic = dynamic
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::reject_cross_site,
        ))
        // Inside `identify`: person limits need to know who is signed in.
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::limits::limit,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::identify,
        ));
    let files = ServeDir::new(site_root)
        .precompressed_br()
        .precompressed_gzip()
        .call_fallback_on_method_not_allowed(true)
        .not_found_service(axum::routing::any(not_found).with_state(state.clone()));
    dynamic
        .fallback_service(files)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::security_headers,
        ))
        .layer(CompressionLayer::new())
        // The largest any route takes; each route's own limit is at most this.
        .layer(RequestBodyLimitLayer::new(crate::api::absence::MAX_IMPORT))
        .layer(
            TraceLayer::new_for_http()
                // The route matched, never the path itself (paths carry people's ids and the
                // tokens of shared links), nor the query string or the body.
                .make_span_with(|req: &Request| {
                    let route = req
                        .extensions()
                        .get::<axum::extract::MatchedPath>()
                        .map_or("-", axum::extract::MatchedPath::as_str);
                    tracing::info_span!("request", method = %req.method(), route = %route)
                }),
        )
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }))
        .with_state(state)
}

async fn page(State(state): State<AppState>, req: Request) -> Response {
    if PERSONAL_PAGES.contains(&req.uri().path()) && req.extensions().get::<SignedIn>().is_none() {
        return Redirect::to("/signin").into_response();
    }
    render(state, PageData::None, req).await
}

/// The sign-in page lists the employers people can sign in to; with exactly one (and no demo
/// personas to offer) it goes straight to that employer's provider, unless the person has just
/// signed out or a sign-in has just failed.
async fn sign_in_page(State(state): State<AppState>, req: Request) -> Response {
    let choices = match service::employers::sign_in_choices(&state.ctx.db).await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "sign-in choices unavailable");
            vec![]
        }
    };
    let query = req.uri().query().unwrap_or_default();
    let lingering = query.contains("error=") || query.contains("signed_out=");
    if let [(slug, _)] = choices.as_slice() {
        if !state.settings.demo && !lingering && req.extensions().get::<SignedIn>().is_none() {
            return Redirect::to(&format!("/auth/login/{slug}")).into_response();
        }
    }
    let choices = SignInChoices(
        choices
            .into_iter()
            .map(|(slug, name)| EmployerChoice { slug, name })
            .collect(),
    );
    render(state, PageData::SignIn(choices), req).await
}

async fn not_found(State(state): State<AppState>, req: Request) -> Response {
    render(state, PageData::None, req).await
}

async fn server_fn(State(state): State<AppState>, req: Request) -> Response {
    leptos_axum::handle_server_fns_with_context(context(&state, PageData::None), req)
        .await
        .into_response()
}

async fn service_worker(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        state.assets.service_worker(),
    )
        .into_response()
}

async fn ready(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), state.ctx.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "database not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database timeout").into_response(),
    }
}
