//! The employer's administration page: the employer's settings, the sign-in provider, rehab
//! settings, push figures and the recent changes, and saving the settings form.

use super::render::{failed, read_form, render, render_refused, PageData};
use crate::context::PageUser;
use crate::state::AppState;
use app::ServiceForm;
use app::{AdminView, EmployerForm};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::guidance::ContactKind;

/// The employer the signed-in person administers, if any: their own, by the policy.
pub(super) async fn administered(
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
pub(super) async fn admin_of(
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

pub(super) fn employer_form(
    state: &AppState,
    e: service::employers::EmployerSummary,
) -> EmployerForm {
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
pub(super) async fn admin_page(
    State(state): State<AppState>,
    me: PageUser,
    req: Request,
) -> Response {
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
            let services = services(&state, e.id).await;
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
pub(super) async fn admin_save(
    State(state): State<AppState>,
    me: PageUser,
    req: Request,
) -> Response {
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
                services: match services(&state, employer.id).await {
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

/// The kinds this form edits, in its order.
pub(super) const KINDS: [ContactKind; 2] =
    [ContactKind::OccupationalHealth, ContactKind::StaffSupport];

/// The first entry of each kind the form edits, or empty fields where there is none.
pub(super) async fn services(
    state: &AppState,
    employer: domain::EmployerId,
) -> Result<Vec<ServiceForm>, service::StoreError> {
    let list = service::guidance::employer_contacts(&state.ctx.db, employer).await?;
    Ok(KINDS
        .into_iter()
        .map(|kind| {
            let c = list.iter().find(|c| c.kind == kind);
            let text = |v: Option<&Option<String>>| v.cloned().flatten().unwrap_or_default();
            ServiceForm {
                kind: kind.code().into(),
                name: c.map(|c| c.name.clone()).unwrap_or_default(),
                phone: text(c.map(|c| &c.phone)),
                email: text(c.map(|c| &c.email)),
                url: text(c.map(|c| &c.url)),
                note: text(c.map(|c| &c.note)),
            }
        })
        .collect())
}
