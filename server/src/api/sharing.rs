//! What a person shares and with whom, over the API: their grants and the texts behind them,
//! the log of who read their data, and everything Orka holds about them.

use super::problem::{json_body, FieldProblem, Problem};
use crate::context::ApiUser;
use crate::failure::{problem, store_failed};
use crate::state::AppState;
use app::i18n::{Lang, Msg};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use domain::consent::{self, Recipient, Scope};
use serde::{Deserialize, Serialize};
use service::consents::{self, GrantRequest};
use service::policy;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct GrantDto {
    pub id: Uuid,
    /// `ask-to-talk`, `low-wellbeing`, `weekly-scores`, `team-trend` or `rehab-case`.
    pub scope: String,
    /// `manager`, `coordinator`, `manager-above` or `occupational-health`.
    pub recipient: String,
    /// The person granted to; for `occupational-health`, the employer's directory entry.
    pub recipient_id: Uuid,
    pub recipient_name: String,
    /// The version of the consent text the person agreed to, and that text.
    pub text_version: u16,
    pub text: String,
    pub granted_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// Not withdrawn, and the recipient still holds the role (a new manager needs a new grant).
    pub standing: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ConsentTextDto {
    pub scope: String,
    pub version: u16,
    pub text: String,
    /// Whom this scope can be granted to.
    pub recipients: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CandidateDto {
    pub id: Uuid,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ConsentsDto {
    /// Every grant, withdrawn ones included, newest first.
    pub grants: Vec<GrantDto>,
    /// The current texts, in the request's language: a grant must name the version shown.
    pub texts: Vec<ConsentTextDto>,
    pub managers: Vec<CandidateDto>,
    pub coordinators: Vec<CandidateDto>,
    /// Managers further up than the person's own (for `rehab-case`).
    pub managers_above: Vec<CandidateDto>,
    /// The employer's occupational-health services that can be told by e-mail (for
    /// `ask-to-talk`): told only that someone asked to be contacted, with a link to who.
    pub occupational_health: Vec<CandidateDto>,
}

#[derive(Deserialize, ToSchema)]
pub struct GrantBody {
    pub scope: String,
    pub recipient: String,
    /// Required for `coordinator`: which one.
    #[serde(default)]
    pub coordinator_id: Option<Uuid>,
    /// Required for `manager-above`: which one.
    #[serde(default)]
    pub manager_id: Option<Uuid>,
    /// Required for `occupational-health`: which of the employer's services.
    #[serde(default)]
    pub service_id: Option<Uuid>,
    /// The version of the text the person was shown.
    pub text_version: u16,
}

fn dto(lang: Lang, c: consents::Consents) -> ConsentsDto {
    let content = lang.content();
    let candidate = |c: consents::Candidate| CandidateDto {
        id: c.id.as_uuid(),
        name: c.name,
    };
    ConsentsDto {
        grants: c
            .grants
            .into_iter()
            .map(|g| GrantDto {
                id: g.id,
                scope: g.scope.code().into(),
                recipient: g.recipient.code().into(),
                recipient_id: g.recipient_id,
                recipient_name: g.recipient_name,
                text_version: g.text_version,
                text: consent::version(g.scope, g.text_version)
                    .map(|t| t.text(g.language).to_owned())
                    .unwrap_or_default(),
                granted_at: g.granted_at,
                withdrawn_at: g.withdrawn_at,
                standing: g.standing,
            })
            .collect(),
        texts: Scope::ALL
            .into_iter()
            .map(|s| {
                let t = consent::current(s);
                ConsentTextDto {
                    scope: s.code().into(),
                    version: t.version,
                    text: t.text(content).into(),
                    recipients: s.recipients().iter().map(|r| r.code().into()).collect(),
                }
            })
            .collect(),
        managers: c.managers.into_iter().map(candidate).collect(),
        coordinators: c.coordinators.into_iter().map(candidate).collect(),
        managers_above: c.managers_above.into_iter().map(candidate).collect(),
        occupational_health: c
            .occupational_health
            .into_iter()
            .map(|s| CandidateDto {
                id: s.id,
                name: s.name,
            })
            .collect(),
    }
}

/// The signed-in person's grants, the texts they can grant to, and to whom.
#[utoipa::path(get, path = "/api/v1/consents", tag = "sharing",
    responses((status = 200, body = ConsentsDto), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    me: ApiUser,
) -> Result<Json<ConsentsDto>, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let own = policy::own_data(person);
    let c = consents::list_consents(&state.ctx.db, &own)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(dto(lang, c)))
}

/// Shares one scope with the person's manager, a chosen coordinator, a chosen manager above
/// the person's own (their rehab case only) or the employer's occupational health (a wish to
/// talk only, by e-mail). The body names the
/// text version shown; a grant of an outdated text is refused (409 `consent-text-changed`).
#[utoipa::path(post, path = "/api/v1/consents", tag = "sharing", request_body = GrantBody,
    responses((status = 201, body = ConsentsDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn grant(
    State(state): State<AppState>,
    me: ApiUser,
    body: Result<Json<GrantBody>, JsonRejection>,
) -> Result<(StatusCode, Json<ConsentsDto>), Problem> {
    let (lang, person) = (me.lang, &me.person);
    let body = json_body(body)?;
    let field = |field: &str, code: &str, msg: Msg| FieldProblem {
        field: field.into(),
        code: code.into(),
        message: lang.t(msg).into(),
    };
    let scope = Scope::parse(&body.scope);
    let recipient = Recipient::parse(&body.recipient);
    let (Some(scope), Some(recipient)) = (scope, recipient) else {
        let mut errors = vec![];
        if scope.is_none() {
            errors.push(field("scope", "unknown", Msg::ErrConsentScope));
        }
        if recipient.is_none() {
            errors.push(field("recipient", "unknown", Msg::ErrConsentRecipient));
        }
        return Err(Problem::invalid(lang, errors));
    };
    let request = GrantRequest {
        scope,
        recipient,
        chosen: match recipient {
            Recipient::ManagerAbove => body.manager_id,
            Recipient::OccupationalHealth => body.service_id,
            Recipient::Manager | Recipient::Coordinator => body.coordinator_id,
        },
        text_version: body.text_version,
        language: lang.content(),
    };
    let own = policy::own_data(person);
    let c = consents::grant_consent(&state.ctx.db, &own, request, state.ctx.clock.now())
        .await
        .map_err(problem(lang))?;
    Ok((StatusCode::CREATED, Json(dto(lang, c))))
}

/// Withdraws a grant, effective for the very next read.
#[utoipa::path(delete, path = "/api/v1/consents/{id}", tag = "sharing", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn withdraw(
    State(state): State<AppState>,
    me: ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let not_found = || crate::failure::refused(lang, policy::Refused::Hidden);
    let id = Uuid::parse_str(&id).map_err(|_| not_found())?;
    let own = policy::own_data(person);
    let withdrawn = consents::withdraw_consent(&state.ctx.db, &own, id, state.ctx.clock.now())
        .await
        .map_err(|e| store_failed(lang, e))?;
    if withdrawn {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(not_found())
    }
}

#[derive(Serialize, ToSchema)]
pub struct AccessEntryDto {
    /// The latest of the reads this line stands for.
    pub at: DateTime<Utc>,
    /// The first of them.
    pub first_at: DateTime<Utc>,
    /// Reads of the same thing by the same reader for the same reason that day (Stockholm).
    pub times: u32,
    pub actor_id: Uuid,
    pub actor_name: String,
    /// `manager`, `coordinator`, `manager-above` or `occupational-health`: the role the
    /// reader had; absent for a link's holder.
    pub actor_role: Option<String>,
    /// `weekly-scores`, `alert`, `rehab-case`, `rehab-case-list` (a line in a list of open
    /// cases), `absence-signal` (a line in the list for an early health conversation),
    /// `adjustment-case`, `adjustment-case-list` or `talk-request` (occupational health opened
    /// the page with whom to contact); the lists are logged once a day per reader.
    pub what: String,
    /// What allowed it: `consent` (a grant of the person's), `duty` (the reader's part in
    /// the person's sick-leave case) or `link` (a link the person gave).
    pub basis: String,
    /// The grant, when a grant allowed it.
    pub consent_id: Option<Uuid>,
}

#[derive(Serialize, ToSchema)]
pub struct AccessLogDto {
    pub items: Vec<AccessEntryDto>,
    /// Pass as `before` for the next, older page; absent on the last page.
    pub older: Option<NaiveDate>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LogQuery {
    /// A day (YYYY-MM-DD): only reads before it (Stockholm time). Default: from the newest.
    before: Option<String>,
    /// Lines a page holds at least, 1–200 (default 50); whole days are never split.
    limit: Option<String>,
}

/// Who read the signed-in person's data, newest first, a line for each reader, thing, reason
/// and day, a page at a time (follow `older`).
#[utoipa::path(get, path = "/api/v1/me/access-log", tag = "sharing", params(LogQuery),
    responses((status = 200, body = AccessLogDto), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn access_log(
    State(state): State<AppState>,
    me: ApiUser,
    Query(q): Query<LogQuery>,
) -> Result<Json<AccessLogDto>, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let bad = |field: &str, message: Msg| {
        Problem::invalid(
            lang,
            vec![FieldProblem {
                field: field.into(),
                code: "invalid".into(),
                message: lang.t(message).into(),
            }],
        )
    };
    let before = q
        .before
        .map(|d| domain::time::date(&d).ok_or(()))
        .transpose()
        .map_err(|_| bad("before", Msg::ErrFieldNotADate))?;
    let lines = match q.limit.as_deref().map(str::parse::<usize>) {
        None => service::my_data::log::PAGE_LINES,
        Some(Ok(n @ 1..=200)) => n,
        Some(_) => return Err(bad("limit", Msg::ErrFieldOutOfRange)),
    };
    let own = policy::own_data(person);
    let page = service::my_data::log::list_own(&state.ctx.db, &own, before, lines)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(AccessLogDto {
        items: page.entries.into_iter().map(entry_dto).collect(),
        older: page.older,
    }))
}

fn entry_dto(e: service::my_data::log::Entry) -> AccessEntryDto {
    use service::access_log::Why;
    let (basis, consent_id) = match e.why {
        Why::Consent(id) => ("consent", Some(id)),
        Why::Duty(_) => ("duty", None),
        Why::Link(_) => ("link", None),
    };
    AccessEntryDto {
        at: e.at,
        first_at: e.first_at,
        times: e.times,
        actor_id: e.actor.as_uuid(),
        actor_name: e.actor_name,
        actor_role: e.role.map(|r| r.code().into()),
        what: e.what.code().into(),
        basis: basis.into(),
        consent_id,
    }
}

/// Everything Orka holds about the signed-in person, as one JSON file (GDPR Art. 15 and 20).
#[utoipa::path(get, path = "/api/v1/me/export", tag = "sharing",
    responses((status = 200, content_type = "application/json", description = "Everything about the person, as one JSON document"), (status = 401, body = Problem)))]
pub async fn export(
    State(state): State<AppState>,
    me: ApiUser,
) -> Result<impl IntoResponse, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let own = policy::own_data(person);
    let data = service::my_data::export(&state.ctx.db, &own, state.ctx.clock.now())
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok((
        [
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"orka-my-data.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Json(data),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct DeletedDto {
    /// How many weekly check-ins were deleted.
    pub deleted: u64,
}

/// Deletes all of the signed-in person's check-ins (GDPR Art. 17). Alerts already raised
/// under their consent and the access log stay: they record what others were told and did.
#[utoipa::path(delete, path = "/api/v1/me/checkins", tag = "sharing",
    responses((status = 200, body = DeletedDto), (status = 401, body = Problem)))]
pub async fn delete_check_ins(
    State(state): State<AppState>,
    me: ApiUser,
) -> Result<Json<DeletedDto>, Problem> {
    let (lang, person) = (me.lang, &me.person);
    let own = policy::own_data(person);
    let deleted = service::my_data::delete_check_ins(&state.ctx.db, &own)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(DeletedDto { deleted }))
}
