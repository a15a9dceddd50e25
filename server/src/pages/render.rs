//! Rendering a page: what every page and server function gets as context, the page data a
//! handler adds, and the shared steps of a form handler (reading the form, rendering it again
//! when refused, the short "done" notice, a store failure as a plain 500).

use crate::state::AppState;
use app::server::{CheckInDraft, CspNonce, RequestLang, SignedIn};
use app::{shell, AdminView, EditorView, FeedbackView, SignInChoices, SiteInfo, Viewer};
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use leptos::prelude::provide_context;

/// What every render and server function gets as context, from the request's extensions.
pub(super) fn context(
    state: &AppState,
    extra: PageData,
) -> impl Fn() + Clone + Send + Sync + 'static {
    let ctx = state.ctx.clone();
    let site = SiteInfo {
        demo: state.settings.demo,
    };
    move || {
        provide_context(ctx.clone());
        provide_context(site);
        match extra.clone() {
            PageData::None => {}
            PageData::Draft(d) => provide_context(*d),
            PageData::SignIn(c) => provide_context(c),
            PageData::Admin(a) => provide_context(*a),
            PageData::Editor(e) => provide_context(*e),
            PageData::Feedback(f) => provide_context(f),
            PageData::Reminders(r) => provide_context(*r),
            PageData::Sharing(v) => provide_context(*v),
            PageData::Team(v) => provide_context(*v),
            PageData::Rehab(v) => provide_context(*v),
            PageData::Case(v) => provide_context(*v),
            PageData::Print(v) => provide_context(*v),
            PageData::Talk(v) => provide_context(*v),
            PageData::Outcomes(v) => provide_context(*v),
        }
        if let Some(parts) = leptos::prelude::use_context::<axum::http::request::Parts>() {
            provide_context(
                parts
                    .extensions
                    .get::<RequestLang>()
                    .map(|l| l.0)
                    .unwrap_or_default(),
            );
            provide_context(
                parts
                    .extensions
                    .get::<Viewer>()
                    .cloned()
                    .unwrap_or_default(),
            );
            if let Some(CspNonce(n)) = parts.extensions.get::<CspNonce>() {
                provide_context(leptos::nonce::Nonce::from_value(n.clone()));
            }
        }
    }
}

/// What a page gets beyond the request itself.
#[derive(Clone)]
pub(super) enum PageData {
    None,
    Draft(Box<CheckInDraft>),
    SignIn(SignInChoices),
    Admin(Box<AdminView>),
    Editor(Box<EditorView>),
    Feedback(FeedbackView),
    Reminders(Box<app::RemindersView>),
    Sharing(Box<app::pages::SharingView>),
    Team(Box<app::pages::TeamView>),
    Rehab(Box<app::pages::RehabView>),
    Case(Box<app::pages::CaseView>),
    Print(Box<app::pages::PrintView>),
    Talk(Box<app::pages::TalkView>),
    Outcomes(Box<app::pages::OutcomesView>),
}

pub(super) async fn render(state: AppState, extra: PageData, mut req: Request) -> Response {
    if let Some(SignedIn(person)) = req.extensions().get::<SignedIn>() {
        let db = &state.ctx.db;
        let menu = async {
            let places = service::people::places(db, person.id).await?;
            let own_case = service::rehab::cases::own_case_id(db, person.id).await?;
            Ok::<_, service::StoreError>(Viewer {
                name: Some(person.display_name.clone()),
                team: places.team,
                own_case: own_case.is_some(),
                admin: places.admin,
                editor: places.editor,
                outcomes: places.outcomes,
            })
        };
        match menu.await {
            Ok(m) => req.extensions_mut().insert(m),
            Err(e) => return failed("menu", e),
        };
    }
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(context(&state, extra), move || {
        shell(options.clone())
    });
    handler(req).await.into_response()
}

/// A plain form POST's fields, and the request's parts to render the page again from.
pub(super) async fn read_form<T: serde::de::DeserializeOwned>(
    state: &AppState,
    req: Request,
) -> Result<(axum::http::request::Parts, T), Response> {
    let (parts, body) = req.into_parts();
    match Form::<T>::from_request(Request::from_parts(parts.clone(), body), state).await {
        Ok(Form(fields)) => Ok((parts, fields)),
        Err(_) => Err((StatusCode::BAD_REQUEST, "expected a form submission").into_response()),
    }
}

/// Renders the page for a form that was refused, as a GET, with what it needs to show the
/// messages and the values as typed: the form's own page, or `page` when the form posts
/// elsewhere.
pub(super) async fn render_refused(
    state: AppState,
    mut parts: axum::http::request::Parts,
    page: Option<&'static str>,
    data: PageData,
) -> Response {
    parts.method = Method::GET;
    if let Some(path) = page {
        parts.uri = axum::http::Uri::from_static(path);
    }
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    render(state, data, Request::from_parts(parts, Body::empty())).await
}

/// What the last action did, from the redirect's query: only known words are shown.
pub(super) fn done_from(req: &Request, known: &[&str]) -> Option<String> {
    let query = req.uri().query()?;
    let done = query.split('&').find_map(|kv| kv.strip_prefix("done="))?;
    known.contains(&done).then(|| done.to_owned())
}

/// A page or form whose data could not be had: logged for operators, a plain 500 for the
/// person (the cause is never sent).
pub(super) fn failed(page: &'static str, e: service::StoreError) -> Response {
    tracing::error!(error = %e, page, "page failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}
