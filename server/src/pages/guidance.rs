//! A reader's feedback on a guidance article, as a plain form.

use super::render::{failed, read_form};
use crate::context::PageUser;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(serde::Deserialize)]
struct FeedbackForm {
    helpful: String,
    comment: Option<String>,
}

/// "Was this helpful?" without JavaScript. The answer is stored with no link to the person;
/// being signed in keeps the counts to the people the library is for, and the answer goes to
/// the editors of their employer alone.
pub(super) async fn guidance_feedback(
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
