//! The guidance editor over JSON, for an employer's editors: the employer's own version of an
//! article with its history, a change, going back to the shared text, and what the employer's
//! people answered to "was this helpful?". The same use cases as the editor's pages; the path
//! names the employer, and only that employer's editors get past the policy.

use super::guidance::language;
use super::problem::{json_body, FieldProblem, Problem};
use crate::context::{actor_for, ApiUser};
use crate::failure::{refused, store_failed};
use crate::state::AppState;
use app::i18n::Lang;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use domain::guidance::Language;
use serde::{Deserialize, Serialize};
use service::guidance::{self, Draft, EditOutcome, EditProblem, Version, VersionKind};
use service::policy::{self, EditorAccess, Refused};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EditLangQuery {
    /// The language version to edit, `sv` or `en` (default: the request's language). Each
    /// language is edited on its own.
    lang: Option<String>,
}

/// An article's text as an editor writes it.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleDraftDto {
    pub title: String,
    pub summary: String,
    /// Topic codes, e.g. `stress`, `sleep`; at least one.
    pub topics: Vec<String>,
    /// `employee`, `manager` or `both`.
    pub audience: String,
    /// Markdown.
    pub body: String,
}

#[derive(Serialize, ToSchema)]
pub struct ArticleVersionDto {
    /// Counted for the shared text and the employer's own versions apart.
    pub number: i32,
    /// `file` (the shared text from a content file), `edit` (the employer's own),
    /// `back-to-shared`, or `before-per-employer` (kept from before versions were per employer).
    pub kind: String,
    pub at: DateTime<Utc>,
    /// The editor's name; absent for a file or an editor no longer in Orka.
    pub author: Option<String>,
    /// The content file of a shared version.
    pub file: Option<String>,
    pub title: String,
    pub body: String,
}

#[derive(Serialize, ToSchema)]
pub struct EditingDto {
    pub slug: String,
    pub language: String,
    /// The text the employer's people read: its own version if it keeps one, else the shared.
    pub draft: ArticleDraftDto,
    /// The employer's own version the draft is, if any.
    pub own: Option<ArticleVersionDto>,
    /// The shared text changed after the employer's own version was saved.
    pub shared_changed: bool,
    /// Newest first: the employer's own versions and the shared text's.
    pub history: Vec<ArticleVersionDto>,
}

#[derive(Serialize, ToSchema)]
pub struct FeedbackSummaryDto {
    pub slug: String,
    pub language: String,
    pub title: String,
    pub helpful: usize,
    pub not_helpful: usize,
    /// Newest first, with no trace of who wrote them.
    pub comments: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FeedbackSummariesDto {
    /// Most answered first; answers from other employers' people are never counted.
    pub items: Vec<FeedbackSummaryDto>,
}

/// The editor's access to `employer`'s versions: 404 for no such employer, 403 for anyone
/// who is not one of its editors (also another employer's).
async fn editor_of(
    state: &AppState,
    me: &ApiUser,
    employer: &str,
) -> Result<EditorAccess, Problem> {
    let lang = me.lang;
    let actor = actor_for(me).await?;
    let employer = service::employers::find_summary(&state.ctx.db, employer)
        .await
        .map_err(|e| store_failed(lang, e))?
        .ok_or_else(|| refused(lang, Refused::Hidden))?;
    policy::edit_guidance(actor, employer.id).map_err(|r| refused(lang, r))
}

fn kind_code(k: VersionKind) -> &'static str {
    match k {
        VersionKind::File => "file",
        VersionKind::Edit => "edit",
        VersionKind::BackToShared => "back-to-shared",
        VersionKind::BeforePerEmployer => "before-per-employer",
    }
}

fn version_dto(v: Version) -> ArticleVersionDto {
    ArticleVersionDto {
        number: v.number,
        kind: kind_code(v.kind).into(),
        at: v.at,
        author: v.author,
        file: v.file,
        title: v.title,
        body: v.body,
    }
}

fn draft_dto(d: Draft) -> ArticleDraftDto {
    ArticleDraftDto {
        title: d.title,
        summary: d.summary,
        topics: d
            .topics
            .split([',', ' '])
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        audience: d.audience,
        body: d.body,
    }
}

async fn editing(
    state: &AppState,
    lang: Lang,
    access: &EditorAccess,
    slug: &str,
    language: Language,
) -> Result<EditingDto, Problem> {
    let e = guidance::editing(&state.ctx.db, access, slug, language)
        .await
        .map_err(|e| store_failed(lang, e))?
        .ok_or_else(|| refused(lang, Refused::Hidden))?;
    Ok(EditingDto {
        slug: slug.to_owned(),
        language: language.code().into(),
        draft: draft_dto(e.draft),
        own: e.own.map(version_dto),
        shared_changed: e.shared_changed,
        history: e.history.into_iter().map(version_dto).collect(),
    })
}

/// An article in one language as the employer's people read it, with its history.
#[utoipa::path(get, path = "/api/v1/employers/{employer}/guidance/{slug}", tag = "guidance",
    params(("employer" = String, Path), ("slug" = String, Path), EditLangQuery),
    responses((status = 200, body = EditingDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn get(
    State(state): State<AppState>,
    me: ApiUser,
    Path((employer, slug)): Path<(String, String)>,
    Query(query): Query<EditLangQuery>,
) -> Result<Json<EditingDto>, Problem> {
    let lang = me.lang;
    let access = editor_of(&state, &me, &employer).await?;
    let language = language(lang, query.lang.as_deref())?;
    Ok(Json(editing(&state, lang, &access, &slug, language).await?))
}

/// Saves the employer's own version of an article in one language; its people read it from
/// now on. A refused change saves nothing and names each field to correct.
#[utoipa::path(put, path = "/api/v1/employers/{employer}/guidance/{slug}", tag = "guidance",
    params(("employer" = String, Path), ("slug" = String, Path), EditLangQuery),
    request_body = ArticleDraftDto,
    responses((status = 200, body = EditingDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put(
    State(state): State<AppState>,
    me: ApiUser,
    Path((employer, slug)): Path<(String, String)>,
    Query(query): Query<EditLangQuery>,
    body: Result<Json<ArticleDraftDto>, JsonRejection>,
) -> Result<Json<EditingDto>, Problem> {
    let lang = me.lang;
    let access = editor_of(&state, &me, &employer).await?;
    let language = language(lang, query.lang.as_deref())?;
    let body = json_body(body)?;
    let draft = Draft {
        title: body.title,
        summary: body.summary,
        topics: body.topics.join(","),
        audience: body.audience,
        body: body.body,
    };
    let now = state.ctx.clock.now();
    match guidance::edit(&state.ctx.db, &access, &slug, language, draft, now)
        .await
        .map_err(|e| store_failed(lang, e))?
    {
        EditOutcome::Saved => Ok(Json(editing(&state, lang, &access, &slug, language).await?)),
        EditOutcome::NoSuchArticle => Err(refused(lang, Refused::Hidden)),
        EditOutcome::Invalid(problems) => Err(Problem::invalid(
            lang,
            problems
                .into_iter()
                .map(|(field, p)| FieldProblem {
                    field: field.into(),
                    code: problem_code(&p).into(),
                    message: app::server::edit_problem(lang, &p),
                })
                .collect(),
        )),
    }
}

fn problem_code(p: &EditProblem) -> &'static str {
    match p {
        EditProblem::Missing | EditProblem::NoTopic => "missing",
        EditProblem::TooLong { .. } => "too_long",
        EditProblem::UnknownTopic(_) | EditProblem::UnknownAudience => "unknown",
    }
}

/// Ends the employer's own version of an article in one language: its people read the shared
/// text again. The own versions stay in the history. Also 204 when there was none.
#[utoipa::path(delete, path = "/api/v1/employers/{employer}/guidance/{slug}", tag = "guidance",
    params(("employer" = String, Path), ("slug" = String, Path), EditLangQuery),
    responses((status = 204, description = "The shared text is what the employer's people read"),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn back_to_shared(
    State(state): State<AppState>,
    me: ApiUser,
    Path((employer, slug)): Path<(String, String)>,
    Query(query): Query<EditLangQuery>,
) -> Result<StatusCode, Problem> {
    let lang = me.lang;
    let access = editor_of(&state, &me, &employer).await?;
    let language = language(lang, query.lang.as_deref())?;
    // An unknown article is a 404, as for the other two methods.
    editing(&state, lang, &access, &slug, language).await?;
    guidance::back_to_shared(
        &state.ctx.db,
        &access,
        &slug,
        language,
        state.ctx.clock.now(),
    )
    .await
    .map_err(|e| store_failed(lang, e))?;
    Ok(StatusCode::NO_CONTENT)
}

/// What the employer's people answered to "was this helpful?", per article, for its editors.
#[utoipa::path(get, path = "/api/v1/employers/{employer}/guidance-feedback", tag = "guidance",
    params(("employer" = String, Path)),
    responses((status = 200, body = FeedbackSummariesDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
pub async fn feedback(
    State(state): State<AppState>,
    me: ApiUser,
    Path(employer): Path<String>,
) -> Result<Json<FeedbackSummariesDto>, Problem> {
    let lang = me.lang;
    let access = editor_of(&state, &me, &employer).await?;
    let items = guidance::feedback_summary(&state.ctx.db, &access)
        .await
        .map_err(|e| store_failed(lang, e))?
        .into_iter()
        .map(|s| FeedbackSummaryDto {
            slug: s.slug,
            language: s.language.code().into(),
            title: s.title,
            helpful: s.helpful,
            not_helpful: s.not_helpful,
            comments: s.comments,
        })
        .collect();
    Ok(Json(FeedbackSummariesDto { items }))
}
