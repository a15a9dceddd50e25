//! The admin page's directory of the services people can turn to: occupational health (where
//! a wish to talk can go by e-mail) and the staff support line. The other entries of the
//! directory (HR, unions) are kept as they are.

use super::admin::{admin_of, employer_form, KINDS};
use super::render::{failed, read_form, render_refused, PageData};
use crate::context::PageUser;
use crate::state::AppState;
use app::ServiceForm;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use service::guidance::ContactInput;
use std::collections::HashMap;

/// Saves the two services; a refused field comes back with its message and the values as typed.
pub async fn save(State(state): State<AppState>, me: PageUser, req: Request) -> Response {
    let (lang, person) = (me.lang, me.person);
    let (parts, typed) = match read_form::<HashMap<String, String>>(&state, req).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let employer = match admin_of(&state, lang, &person).await {
        Ok(e) => e,
        Err(refusal) => return refusal,
    };
    let forms: Vec<ServiceForm> = KINDS
        .into_iter()
        .map(|kind| {
            let get = |f: &str| {
                typed
                    .get(&format!("{}.{f}", kind.code()))
                    .map(|v| v.trim().to_owned())
                    .unwrap_or_default()
            };
            ServiceForm {
                kind: kind.code().into(),
                name: get("name"),
                phone: get("phone"),
                email: get("email"),
                url: get("url"),
                note: get("note"),
            }
        })
        .collect();
    // Only the entries with a name: the form has a row for every kind.
    let named: Vec<&ServiceForm> = forms.iter().filter(|f| !f.name.is_empty()).collect();
    let typed = named
        .iter()
        .map(|f| ContactInput {
            kind: f.kind.clone(),
            name: f.name.clone(),
            phone: Some(f.phone.clone()),
            email: Some(f.email.clone()),
            url: Some(f.url.clone()),
            note: Some(f.note.clone()),
        })
        .collect();
    let db = &state.ctx.db;
    match service::guidance::replace_own_contacts(db, employer.id, &KINDS, typed).await {
        Ok(Ok(())) => Redirect::to("/admin?contacts=saved").into_response(),
        Ok(Err(problems)) => {
            let errors = problems
                .into_iter()
                .filter_map(|(i, field, _)| {
                    let kind = &named.get(i)?.kind;
                    Some((
                        format!("{kind}.{field}"),
                        crate::api::employers::contact_message(lang, field).to_owned(),
                    ))
                })
                .collect();
            refused(state, parts, employer, forms, errors).await
        }
        Err(e) => failed("admin contacts", e),
    }
}

async fn refused(
    state: AppState,
    parts: axum::http::request::Parts,
    employer: service::employers::EmployerSummary,
    services: Vec<ServiceForm>,
    errors: Vec<(String, String)>,
) -> Response {
    let view = app::AdminView {
        form: Some(employer_form(&state, employer)),
        errors,
        services,
        ..Default::default()
    };
    let data = PageData::Admin(Box::new(view));
    let mut response = render_refused(state, parts, Some("/admin"), data).await;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}
