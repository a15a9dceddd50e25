//! The router: server-rendered pages, the plain-form check-in, server functions, the JSON API,
//! sign-in, operations and static files.

use crate::context::PageUser;
use crate::middleware;
use crate::state::AppState;
use app::api::CheckInInput;
use app::server::{CheckInDraft, CspNonce, RequestLang, SignedIn};
use app::{
    shell, AdminView, ArticleForm, EditorView, EmployerChoice, EmployerForm, FeedbackItem,
    FeedbackView, SignInChoices, SiteInfo, Viewer,
};
use axum::body::Body;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use leptos::prelude::provide_context;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

mod adjustment;
mod contacts;
pub(crate) mod rehab;
mod reminders;
mod sharing;
mod talk;

/// No form or API call of ours comes near this; larger bodies get 413 before anyone reads them.
const MAX_BODY: usize = 64 * 1024;

/// Pages that only make sense for a signed-in person.
const PERSONAL_PAGES: [&str; 4] = ["/", "/checkin", "/history", "/more"];

pub fn router(state: AppState) -> Router {
    let site_root = state.leptos_options.site_root.to_string();
    let mut dynamic = Router::new()
        .route("/", get(page))
        .route("/signin", get(sign_in_page))
        .route("/checkin", get(page).post(check_in_form))
        .route("/history", get(page))
        .route("/offline", get(page))
        .route("/more", get(page))
        .route("/guidance", get(page))
        .route("/guidance/{slug}", get(page))
        .route("/guidance/{slug}/feedback", post(guidance_feedback))
        .route(
            "/editor/guidance/{slug}",
            get(editor_page).post(editor_save),
        )
        .route(
            "/editor/guidance/{slug}/shared",
            post(editor_back_to_shared),
        )
        .route("/editor/feedback", get(feedback_page))
        .route("/admin", get(admin_page))
        .route("/admin/employer", post(admin_save))
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
        .route("/rehab/adjustments", post(adjustment::open))
        .route("/rehab/adjustment-request", post(adjustment::request))
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
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
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

/// What every render and server function gets as context, from the request's extensions.
fn context(state: &AppState, extra: PageData) -> impl Fn() + Clone + Send + Sync + 'static {
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
enum PageData {
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
}

async fn render(state: AppState, extra: PageData, mut req: Request) -> Response {
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

/// A plain form POST's fields, and the request's parts to render the page again from.
async fn read_form<T: serde::de::DeserializeOwned>(
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
async fn render_refused(
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

/// The check-in without JavaScript: a plain form POST. Success goes back to the check-in page,
/// which shows the stored result; a rejected submission is rendered again with its messages
/// and the answers as given, so nothing typed is lost.
async fn check_in_form(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let person = me.person;
    let (parts, input) = match read_form::<CheckInInput>(&state, req).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    match app::server::submit(&state.ctx, &person, &input).await {
        Ok(_) => Redirect::to("/checkin").into_response(),
        Err(e) => {
            let errors = match &e {
                app::api::AppError::Invalid(errors) => errors.clone(),
                _ => vec![],
            };
            let draft = CheckInDraft {
                input,
                errors,
                problem: Some(e),
            };
            render_refused(state, parts, None, PageData::Draft(Box::new(draft))).await
        }
    }
}

/// The employer the signed-in person administers, if any: their own, by the policy.
async fn administered(
    state: &AppState,
    person: &service::Person,
) -> Result<Option<service::employers::EmployerSummary>, service::StoreError> {
    let actor = service::policy::actor(&state.ctx.db, person).await?;
    if service::policy::administer(&actor, person.employer_id).is_err() {
        return Ok(None);
    }
    service::employers::summary(&state.ctx.db, person.employer_id).await
}

/// The employer the signed-in person administers, or the page's refusal.
async fn admin_of(
    state: &AppState,
    lang: app::i18n::Lang,
    person: &service::Person,
) -> Result<service::employers::EmployerSummary, Response> {
    match administered(state, person).await {
        Ok(Some(e)) => Ok(e),
        Ok(None) => Err((
            StatusCode::FORBIDDEN,
            lang.t(app::i18n::Msg::AdminNotAllowed),
        )
            .into_response()),
        Err(e) => Err(failed("admin", e)),
    }
}

fn employer_form(state: &AppState, e: service::employers::EmployerSummary) -> EmployerForm {
    let dto = crate::api::employers::settings_dto(state, e, vec![]);
    let redirect_uri = state.settings.callback_url(&dto.slug).to_string();
    let p = dto.provider;
    EmployerForm {
        slug: dto.slug,
        name: dto.name,
        has_secret: p.is_some(),
        issuer: p.as_ref().map(|p| p.issuer.clone()).unwrap_or_default(),
        client_id: p.as_ref().map(|p| p.client_id.clone()).unwrap_or_default(),
        client_secret: String::new(),
        scopes: p.as_ref().map_or_else(
            || service::employers::default_scopes().join(" "),
            |p| p.scopes.clone(),
        ),
        groups_claim: p
            .as_ref()
            .and_then(|p| p.groups_claim.clone())
            .unwrap_or_default(),
        role_map: p.as_ref().map(|p| p.role_map.clone()).unwrap_or_default(),
        api_audience: p
            .as_ref()
            .and_then(|p| p.api_audience.clone())
            .unwrap_or_default(),
        redirect_uri,
    }
}

/// The admin page: the employer's sign-in settings, for the employer's admins only.
async fn admin_page(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let person = me.person;
    let words = domain::human::Words::at(me.lang.content(), state.ctx.clock.now());
    let employer = match administered(&state, &person).await {
        Ok(e) => e,
        Err(e) => return failed("admin", e),
    };
    let (push, changes, services) = match &employer {
        Some(e) => {
            let push = service::push::stats(&state.ctx.db, e.id).await;
            let limit = crate::api::employers::RECENT_CHANGES;
            let changes = service::employer_changes::recent(&state.ctx.db, e.id, limit).await;
            let services = contacts::services(&state, e.id).await;
            match (push, changes, services) {
                (Ok(p), Ok(c), Ok(s)) => (
                    Some(push_figures(p)),
                    c.into_iter().map(|c| change_line(c, words)).collect(),
                    s,
                ),
                (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return failed("admin", e),
            }
        }
        None => (None, vec![], vec![]),
    };
    let query = req.uri().query().unwrap_or_default();
    let view = AdminView {
        form: employer.map(|e| employer_form(&state, e)),
        errors: vec![],
        saved: query.contains("saved="),
        services_saved: query.contains("contacts=saved"),
        push,
        changes,
        services,
    };
    render(state, PageData::Admin(Box::new(view)), req).await
}

/// A change of the settings as the admin page lists it: when, by whom (none: the operator),
/// and which settings.
fn change_line(
    c: service::employer_changes::SettingsChange,
    words: domain::human::Words,
) -> app::ChangeLine {
    app::ChangeLine {
        at: words.day_of(c.at),
        by: c.by.map(|(_, name)| name),
        fields: c.fields.into_iter().map(|f| f.field).collect(),
    }
}

fn push_figures(s: service::push::PushStats) -> app::PushFigures {
    app::PushFigures {
        devices: s.devices,
        pending: s.pending,
        sent: s.sent,
        retried: s.retried,
        failed: s.failed,
        pruned: s.pruned,
        dropped: s.dropped,
    }
}

/// Saves the admin form. Refused settings come back with a message at each field and the
/// values as typed, except the secret, which is never put back into a page.
async fn admin_save(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (parts, typed) = match read_form::<EmployerForm>(&state, req).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let employer = match admin_of(&state, lang, &person).await {
        Ok(e) => e,
        Err(refusal) => return refusal,
    };
    let no_provider_given = employer.provider.is_none()
        && typed.issuer.trim().is_empty()
        && typed.client_id.trim().is_empty()
        && typed.client_secret.is_empty();
    let given = |v: &str| Some(v.to_owned()).filter(|v| !v.trim().is_empty());
    let input = if no_provider_given {
        service::employers::ChangeInput {
            name: Some(typed.name.clone()),
            ..Default::default()
        }
    } else {
        crate::api::employers::EmployerPatch {
            name: Some(typed.name.clone()),
            issuer: given(&typed.issuer),
            client_id: given(&typed.client_id),
            client_secret: Some(typed.client_secret.clone()),
            scopes: given(&typed.scopes),
            groups_claim: Some(typed.groups_claim.clone()),
            role_map: Some(typed.role_map.clone()),
            api_audience: Some(typed.api_audience.clone()),
        }
        .into_input()
    };
    match crate::api::employers::update(&state, lang, &employer, person.id, input).await {
        Ok(()) => Redirect::to("/admin?saved=1").into_response(),
        Err(problem) if !problem.errors.is_empty() => {
            let form = EmployerForm {
                client_secret: String::new(),
                ..employer_form(&state, employer.clone())
            };
            let view = AdminView {
                form: Some(EmployerForm {
                    name: typed.name,
                    client_id: typed.client_id,
                    scopes: typed.scopes,
                    groups_claim: typed.groups_claim,
                    role_map: typed.role_map,
                    api_audience: typed.api_audience,
                    ..form
                }),
                errors: problem
                    .errors
                    .into_iter()
                    .map(|e| (e.field, e.message))
                    .collect(),
                saved: false,
                push: None,
                changes: vec![],
                services: match contacts::services(&state, employer.id).await {
                    Ok(s) => s,
                    Err(e) => return failed("admin", e),
                },
                services_saved: false,
            };
            let mut response = render_refused(
                state,
                parts,
                Some("/admin"),
                PageData::Admin(Box::new(view)),
            )
            .await;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            response
        }
        Err(problem) => problem.into_response(),
    }
}

/// The editor's access, if the signed-in person edits the guidance library.
async fn editor(me: &PageUser) -> Result<Option<service::policy::EditorAccess>, Response> {
    match me.actor().await {
        Ok(actor) => Ok(service::policy::edit_guidance(actor, me.person.employer_id).ok()),
        Err(e) => Err(failed("editor", e)),
    }
}

/// What the last action did, from the redirect's query: only known words are shown.
fn done_from(req: &Request, known: &[&str]) -> Option<String> {
    let query = req.uri().query()?;
    let done = query.split('&').find_map(|kv| kv.strip_prefix("done="))?;
    known.contains(&done).then(|| done.to_owned())
}

/// A page or form whose data could not be had: logged for operators, a plain 500 for the
/// person (the cause is never sent).
fn failed(page: &'static str, e: service::StoreError) -> Response {
    tracing::error!(error = %e, page, "page failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}

/// The article editor's page for an editor: the text as their employer's people read it, and
/// the history. `None` when there is no such article.
async fn editor_view(
    state: &AppState,
    access: &service::policy::EditorAccess,
    employer: &str,
    slug: &str,
    lang: app::i18n::Lang,
) -> Result<Option<EditorView>, Response> {
    let editing =
        match service::guidance::editing(&state.ctx.db, access, slug, lang.content()).await {
            Ok(Some(e)) => e,
            Ok(None) => return Ok(None),
            Err(e) => return Err(failed("editor", e)),
        };
    let words = domain::human::Words::at(lang.content(), state.ctx.clock.now());
    let line = |v: service::guidance::Version| {
        use service::guidance::VersionKind as K;
        app::VersionLine {
            number: v.number,
            kind: match v.kind {
                K::File => app::VersionKind::File,
                K::Edit => app::VersionKind::Edit,
                K::BackToShared => app::VersionKind::BackToShared,
                K::BeforePerEmployer => app::VersionKind::BeforePerEmployer,
            },
            on: words.day_of(v.at),
            author: v.author,
            file: v.file,
            title: v.title,
            body: v.body,
        }
    };
    let d = editing.draft;
    Ok(Some(EditorView {
        slug: slug.to_owned(),
        form: Some(ArticleForm {
            title: d.title,
            summary: d.summary,
            topics: d.topics,
            audience: d.audience,
            body: d.body,
        }),
        errors: vec![],
        missing: false,
        employer: employer.to_owned(),
        own: editing.own.map(line),
        shared_changed: editing.shared_changed,
        history: editing.history.into_iter().map(line).collect(),
    }))
}

/// The article editor, for editors only, in the language the page is shown in.
async fn editor_page(
    State(state): State<AppState>,
    me: PageUser,
    axum::extract::Path(slug): axum::extract::Path<String>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, &me.person);
    let view = match editor(&me).await {
        Ok(Some(access)) => {
            match editor_view(&state, &access, &person.employer_name, &slug, lang).await {
                Ok(Some(view)) => view,
                Ok(None) => EditorView {
                    missing: true,
                    ..EditorView::default()
                },
                Err(r) => return r,
            }
        }
        Ok(None) => EditorView::default(),
        Err(r) => return r,
    };
    render(state, PageData::Editor(Box::new(view)), req).await
}

/// The editor's access for a form, or the answer for someone who is not an editor.
async fn editor_for_form(me: &PageUser) -> Result<service::policy::EditorAccess, Response> {
    let lang = me.lang;
    match editor(me).await? {
        Some(access) => Ok(access),
        None => Err((
            StatusCode::FORBIDDEN,
            lang.t(app::i18n::Msg::EditorNotAllowed),
        )
            .into_response()),
    }
}

async fn editor_save(
    State(state): State<AppState>,
    me: PageUser,
    axum::extract::Path(slug): axum::extract::Path<String>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, &me.person);
    let (parts, typed) = match read_form::<ArticleForm>(&state, req).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let access = match editor_for_form(&me).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let draft = service::guidance::Draft {
        title: typed.title.clone(),
        summary: typed.summary.clone(),
        topics: typed.topics.clone(),
        audience: typed.audience.clone(),
        body: typed.body.clone(),
    };
    let now = state.ctx.clock.now();
    match service::guidance::edit(&state.ctx.db, &access, &slug, lang.content(), draft, now).await {
        Ok(service::guidance::EditOutcome::Saved) => {
            Redirect::to(&format!("/guidance/{slug}")).into_response()
        }
        Ok(service::guidance::EditOutcome::NoSuchArticle) => (
            StatusCode::NOT_FOUND,
            lang.t(app::i18n::Msg::GuidanceNotFound),
        )
            .into_response(),
        Ok(service::guidance::EditOutcome::Invalid(problems)) => {
            // The page as it was, with the text as typed and a message by each field.
            let view = match editor_view(&state, &access, &person.employer_name, &slug, lang).await
            {
                Ok(Some(view)) => view,
                Ok(None) => EditorView::default(),
                Err(r) => return r,
            };
            let view = EditorView {
                slug,
                form: Some(typed),
                errors: problems
                    .into_iter()
                    .map(|(f, p)| (f.to_owned(), app::server::edit_problem(lang, &p)))
                    .collect(),
                ..view
            };
            let mut response =
                render_refused(state, parts, None, PageData::Editor(Box::new(view))).await;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            response
        }
        Err(e) => failed("editor", e),
    }
}

/// Ends the employer's own version of an article: its people read the shared text again.
async fn editor_back_to_shared(
    State(state): State<AppState>,
    me: PageUser,
    axum::extract::Path(slug): axum::extract::Path<String>,
) -> Response {
    let lang = me.lang;
    let access = match editor_for_form(&me).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let now = state.ctx.clock.now();
    match service::guidance::back_to_shared(&state.ctx.db, &access, &slug, lang.content(), now)
        .await
    {
        // Also when there was nothing to go back from: the shared text is what is read.
        Ok(_) => Redirect::to(&format!("/guidance/{slug}")).into_response(),
        Err(e) => failed("editor", e),
    }
}

/// What the editor's employer's people answered to "was this helpful?", for editors only.
async fn feedback_page(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let items = match editor(&me).await {
        Ok(Some(access)) => match service::guidance::feedback_summary(&state.ctx.db, &access).await
        {
            Ok(list) => Some(
                list.into_iter()
                    .map(|s| FeedbackItem {
                        slug: s.slug,
                        language: s.language.code().into(),
                        title: s.title,
                        helpful: s.helpful,
                        not_helpful: s.not_helpful,
                        comments: s.comments,
                    })
                    .collect(),
            ),
            Err(e) => return failed("editor", e),
        },
        Ok(None) => None,
        Err(r) => return r,
    };
    let view = FeedbackView {
        items,
        employer: me.person.employer_name,
    };
    render(state, PageData::Feedback(view), req).await
}

#[derive(serde::Deserialize)]
struct FeedbackForm {
    helpful: String,
    comment: Option<String>,
}

/// "Was this helpful?" without JavaScript. The answer is stored with no link to the person;
/// being signed in keeps the counts to the people the library is for, and the answer goes to
/// the editors of their employer alone.
async fn guidance_feedback(
    State(state): State<AppState>,
    me: PageUser,
    axum::extract::Path(slug): axum::extract::Path<String>,
    req: Request,
) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (_, form) = match read_form::<FeedbackForm>(&state, req).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let helpful = match form.helpful.as_str() {
        "yes" => true,
        "no" => false,
        _ => return (StatusCode::BAD_REQUEST, "helpful is yes or no").into_response(),
    };
    let language = lang.content();
    let today = domain::time::stockholm_date(state.ctx.clock.now());
    match service::guidance::record_feedback(
        &state.ctx.db,
        person.employer_id,
        &slug,
        language,
        helpful,
        form.comment,
        today,
    )
    .await
    {
        Ok(true) => {
            Redirect::to(&format!("/guidance/{slug}?thanks=1#helpful-title")).into_response()
        }
        Ok(false) => (StatusCode::NOT_FOUND, "no such article").into_response(),
        Err(e) => failed("guidance feedback", e),
    }
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
