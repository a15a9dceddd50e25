//! The check-in without JavaScript: the plain form POST.

use super::render::{read_form, render_refused, PageData};
use crate::context::PageUser;
use crate::state::AppState;
use app::api::CheckInInput;
use app::server::CheckInDraft;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Redirect, Response};

/// The check-in without JavaScript: a plain form POST. Success goes back to the check-in page,
/// which shows the stored result; a rejected submission is rendered again with its messages
/// and the answers as given, so nothing typed is lost.
pub(super) async fn check_in_form(
    State(state): State<AppState>,
    me: PageUser,
    req: Request,
) -> Response {
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
