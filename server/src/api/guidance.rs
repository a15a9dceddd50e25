//! The guidance library over JSON: list, filter and search, one article with its contacts, and
//! the anonymous "was this helpful?". Articles are not personal: anyone may read them, so crisis
//! contacts are one request away even when signed out.

use super::problem::{FieldProblem, Problem};
use crate::context::ApiUser;
use crate::failure::store_failed;
use crate::state::AppState;
use app::i18n::Lang;
use app::server::RequestLang;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use domain::guidance::{Audience, Language, Topic};
use serde::{Deserialize, Serialize};
use service::guidance::{self, text::Segment, Filter};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GuidanceQuery {
    /// Words to search for; stemmed, typo-tolerant. Without it: the whole library by title.
    q: Option<String>,
    /// A topic code, e.g. `stress`, `sleep`, `return-to-work`.
    topic: Option<String>,
    /// `employee`, `manager` or `both`.
    audience: Option<String>,
    /// `sv` or `en` (default: the request's language).
    lang: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SegmentDto {
    pub text: String,
    /// True for words that matched the search.
    pub hit: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ArticleLineDto {
    pub slug: String,
    pub language: String,
    pub title: String,
    pub summary: String,
    pub topics: Vec<String>,
    pub audience: String,
}

#[derive(Serialize, ToSchema)]
pub struct HighlightsDto {
    pub title: Vec<SegmentDto>,
    pub summary: Vec<SegmentDto>,
    /// Text around the first match in the article body, when it matched there.
    pub snippet: Option<Vec<SegmentDto>>,
}

#[derive(Serialize, ToSchema)]
pub struct GuidanceItemDto {
    #[serde(flatten)]
    pub article: ArticleLineDto,
    /// Present for search results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub highlights: Option<HighlightsDto>,
}

#[derive(Serialize, ToSchema)]
pub struct GuidanceListDto {
    pub items: Vec<GuidanceItemDto>,
}

#[derive(Serialize, ToSchema)]
pub struct ContactDto {
    /// `manager`, `occupational-health`, `hr`, `union`, `1177`, `112`, `90101`, `forsakringskassan`.
    pub kind: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ArticleDto {
    #[serde(flatten)]
    pub article: ArticleLineDto,
    /// `YYYY-MM-DD`: when the content was last checked.
    pub reviewed: String,
    /// The text as HTML (from Markdown; raw HTML in the source is escaped).
    pub body_html: String,
    pub related: Vec<ArticleLineDto>,
    /// Who to contact: the signed-in person's employer's contacts and the national services.
    pub contacts: Vec<ContactDto>,
    /// The kinds of contact the article names, including those the employer has not filled in.
    pub contact_kinds: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct FeedbackBody {
    pub helpful: bool,
    /// Optional, at most 1,000 characters; stored without any link to the person.
    pub comment: Option<String>,
}

pub fn line_dto(l: &guidance::ArticleLine) -> ArticleLineDto {
    ArticleLineDto {
        slug: l.slug.clone(),
        language: l.language.code().into(),
        title: l.title.clone(),
        summary: l.summary.clone(),
        topics: l.topics.iter().map(|t| t.code().to_owned()).collect(),
        audience: l.audience.code().into(),
    }
}

fn segments(s: &[Segment]) -> Vec<SegmentDto> {
    s.iter()
        .map(|s| SegmentDto {
            text: s.text.clone(),
            hit: s.hit,
        })
        .collect()
}

fn invalid(lang: Lang, field: &str, message: &str) -> Problem {
    Problem::invalid(
        lang,
        vec![FieldProblem {
            field: field.into(),
            code: "invalid".into(),
            message: message.into(),
        }],
    )
}

/// The article language for a request: `?lang=` if given, else the request's language.
pub(super) fn language(lang: Lang, asked: Option<&str>) -> Result<Language, Problem> {
    match asked {
        Some(code) => Language::parse(code).ok_or_else(|| invalid(lang, "lang", "sv or en")),
        None => Ok(lang.content()),
    }
}

pub fn filter(lang: Lang, topic: Option<&str>, audience: Option<&str>) -> Result<Filter, Problem> {
    let topic = match topic.filter(|t| !t.is_empty()) {
        Some(t) => Some(Topic::parse(t).ok_or_else(|| {
            let all: Vec<_> = Topic::ALL.iter().map(|t| t.code()).collect();
            invalid(lang, "topic", &format!("one of {}", all.join(", ")))
        })?),
        None => None,
    };
    let audience = match audience.filter(|a| !a.is_empty()) {
        Some(a) => Some(
            Audience::parse(a)
                .ok_or_else(|| invalid(lang, "audience", "employee, manager or both"))?,
        ),
        None => None,
    };
    Ok(Filter { topic, audience })
}

/// The library as the signed-in person's employer has it (its own versions over the shared
/// text), filtered; with `q`, ranked search results with the matching words marked.
#[utoipa::path(get, path = "/api/v1/guidance", tag = "guidance", params(GuidanceQuery),
    responses((status = 200, body = GuidanceListDto), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    me: Option<ApiUser>,
    Query(query): Query<GuidanceQuery>,
) -> Result<Json<GuidanceListDto>, Problem> {
    let language = language(lang, query.lang.as_deref())?;
    let filter = filter(lang, query.topic.as_deref(), query.audience.as_deref())?;
    let db = &state.ctx.db;
    let reader = me.map(|me| me.person.employer_id);
    let items = match query.q.as_deref().filter(|q| !q.trim().is_empty()) {
        Some(q) => guidance::search(db, reader, language, q, &filter)
            .await
            .map_err(|e| store_failed(lang, e))?
            .into_iter()
            .map(|h| GuidanceItemDto {
                article: line_dto(&h.article),
                highlights: Some(HighlightsDto {
                    title: segments(&h.title),
                    summary: segments(&h.summary),
                    snippet: h.snippet.as_deref().map(segments),
                }),
            })
            .collect(),
        None => guidance::list(db, reader, language, &filter)
            .await
            .map_err(|e| store_failed(lang, e))?
            .iter()
            .map(|l| GuidanceItemDto {
                article: line_dto(l),
                highlights: None,
            })
            .collect(),
    };
    Ok(Json(GuidanceListDto { items }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// `sv` or `en` (default: the request's language; the other one if the article is not
    /// written in it).
    lang: Option<String>,
}

/// One article as the signed-in person's employer has it, with related articles and who to
/// contact.
#[utoipa::path(get, path = "/api/v1/guidance/{slug}", tag = "guidance", params(("slug" = String, Path), LangQuery),
    responses((status = 200, body = ArticleDto), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn get(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    me: Option<ApiUser>,
    Path(slug): Path<String>,
    Query(query): Query<LangQuery>,
) -> Result<Json<ArticleDto>, Problem> {
    let language = language(lang, query.lang.as_deref())?;
    let db = &state.ctx.db;
    let employer = me.map(|me| me.person.employer_id);
    let article = guidance::get(db, employer, &slug, language)
        .await
        .map_err(|e| store_failed(lang, e))?
        .ok_or_else(|| crate::failure::refused(lang, service::policy::Refused::Hidden))?;
    let contacts = guidance::contacts(db, employer, &article.contacts, article.language)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(ArticleDto {
        article: line_dto(&guidance::ArticleLine {
            slug: article.slug.clone(),
            language: article.language,
            title: article.title.clone(),
            summary: article.summary.clone(),
            topics: article.topics.clone(),
            audience: article.audience,
        }),
        reviewed: article.reviewed.to_string(),
        body_html: article.body_html,
        related: article.related.iter().map(line_dto).collect(),
        contacts: contacts
            .into_iter()
            .map(|c| ContactDto {
                kind: c.kind.code().into(),
                name: c.name,
                phone: c.phone,
                email: c.email,
                url: c.url,
                note: c.note,
            })
            .collect(),
        contact_kinds: article.contacts.iter().map(|c| c.code().into()).collect(),
    }))
}

/// "Was this helpful?" for the signed-in person's reading of an article. Stored anonymously:
/// the answer has no link to who gave it.
#[utoipa::path(post, path = "/api/v1/guidance/{slug}/feedback", tag = "guidance", params(("slug" = String, Path), LangQuery),
    request_body = FeedbackBody,
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn feedback(
    State(state): State<AppState>,
    me: ApiUser,
    Path(slug): Path<String>,
    Query(query): Query<LangQuery>,
    body: Bytes,
) -> Result<StatusCode, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let language = language(lang, query.lang.as_deref())?;
    // The parser's message could quote the comment back: keep it out of the answer.
    let body: FeedbackBody = serde_json::from_slice(&body).map_err(|_| {
        Problem::new(StatusCode::BAD_REQUEST, "malformed-json", "Malformed JSON")
            .detail("expected {\"helpful\": true or false, \"comment\": optional text}")
    })?;
    let today = domain::time::stockholm_date(state.ctx.clock.now());
    let found = guidance::record_feedback(
        &state.ctx.db,
        person.employer_id,
        &slug,
        language,
        body.helpful,
        body.comment,
        today,
    )
    .await
    .map_err(|e| store_failed(lang, e))?;
    if found {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(crate::failure::refused(
            lang,
            service::policy::Refused::Hidden,
        ))
    }
}
