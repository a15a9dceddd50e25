//! The guidance editor: an employer's own version of an article, its history, going back to
//! the shared text, and the readers' feedback.

use super::render::{failed, read_form, render, render_refused, PageData};
use crate::context::PageUser;
use crate::state::AppState;
use app::{ArticleForm, EditorView, FeedbackView};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// The editor's access, if the signed-in person edits the guidance library.
async fn editor(me: &PageUser) -> Result<Option<service::policy::EditorAccess>, Response> {
    match me.actor().await {
        Ok(actor) => Ok(service::policy::edit_guidance(actor, me.person.employer_id).ok()),
        Err(e) => Err(failed("editor", e)),
    }
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
pub(super) async fn editor_page(
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

pub(super) async fn editor_save(
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
pub(super) async fn editor_back_to_shared(
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
pub(super) async fn feedback_page(
    State(state): State<AppState>,
    me: PageUser,
    req: Request,
) -> Response {
    let items = match editor(&me).await {
        Ok(Some(access)) => match service::guidance::feedback_summary(&state.ctx.db, &access).await
        {
            Ok(list) => Some(list),
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
