//! An employer's sign-in settings for its admins: read (never the client secret) and change.

use super::problem::{json_body, FieldProblem, Problem};
use crate::context::{actor_for, ApiUser};
use crate::failure::{problem, refused, store_failed};
use crate::state::AppState;
use app::i18n::{Lang, Msg};
use axum::extract::{Path, State};
use axum::Json;
use domain::access::Actor;
use domain::{EmployerId, PersonId};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use service::employer_changes::{self, ChangedBy, SettingsChange};
use service::employers::{self, BadSetting, ChangeInput, EmployerSummary, SettingProblem};
use service::policy;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct EmployerSettingsDto {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    /// Absent until the employer's identity provider is configured.
    pub provider: Option<ProviderDto>,
    /// Who changed the settings and how, newest first (the latest 20).
    pub changes: Vec<SettingsChangeDto>,
}

/// The provider settings; the client secret is write-only and never appears here.
#[derive(Serialize, ToSchema)]
pub struct ProviderDto {
    pub issuer: String,
    pub client_id: String,
    /// Space-separated.
    pub scopes: String,
    pub groups_claim: Option<String>,
    /// `group=role,...`
    pub role_map: String,
    pub api_audience: Option<String>,
    /// Where to register Orka at the provider.
    pub redirect_uri: String,
}

/// What to change; absent fields stay as they are, and an empty `groups_claim` or
/// `api_audience` clears it.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct EmployerPatch {
    pub name: Option<String>,
    /// Only the current issuer is accepted: changing it is the operator's (422
    /// `operator_only`).
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    /// Write-only.
    pub client_secret: Option<String>,
    pub scopes: Option<String>,
    pub groups_claim: Option<String>,
    pub role_map: Option<String>,
    pub api_audience: Option<String>,
}

impl EmployerPatch {
    pub fn into_input(self) -> ChangeInput {
        ChangeInput {
            name: self.name,
            issuer: self.issuer,
            client_id: self.client_id,
            // An empty secret field means "keep the current one", as in the admin form.
            client_secret: self
                .client_secret
                .filter(|s| !s.is_empty())
                .map(SecretString::from),
            scopes: self.scopes,
            groups_claim: self.groups_claim,
            role_map: self.role_map,
            api_audience: self.api_audience,
        }
    }
}

/// One change of the settings, newest first in `changes`.
#[derive(Serialize, ToSchema)]
pub struct SettingsChangeDto {
    pub at: chrono::DateTime<chrono::Utc>,
    /// The admin who made it; absent for the operator's command line.
    pub by: Option<Uuid>,
    pub by_name: Option<String>,
    pub fields: Vec<FieldChangeDto>,
}

/// A setting's old and new value; a secret shows only as changed (both absent).
#[derive(Serialize, ToSchema)]
pub struct FieldChangeDto {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

pub fn settings_dto(
    state: &AppState,
    e: EmployerSummary,
    changes: Vec<SettingsChange>,
) -> EmployerSettingsDto {
    let redirect_uri = state.settings.callback_url(&e.slug).to_string();
    EmployerSettingsDto {
        changes: changes
            .into_iter()
            .map(|c| SettingsChangeDto {
                at: c.at,
                by: c.by.as_ref().map(|(id, _)| id.as_uuid()),
                by_name: c.by.map(|(_, name)| name),
                fields: c
                    .fields
                    .into_iter()
                    .map(|f| FieldChangeDto {
                        field: f.field,
                        from: f.from,
                        to: f.to,
                    })
                    .collect(),
            })
            .collect(),
        id: e.id.as_uuid(),
        slug: e.slug,
        name: e.name,
        provider: e.provider.map(|p| ProviderDto {
            issuer: p.issuer,
            client_id: p.client_id,
            scopes: p.scopes,
            groups_claim: p.groups_claim,
            role_map: p.role_map,
            api_audience: p.api_audience,
            redirect_uri,
        }),
    }
}

/// The employer and the proof that the signed-in person administers it.
pub(super) async fn administered(
    state: &AppState,
    me: &ApiUser,
    slug: &str,
) -> Result<(EmployerSummary, policy::EmployerAccess), Problem> {
    employer_with(state, me, slug, policy::administer).await
}

/// The employer a path names, with the proof `prove` gives the signed-in actor over it; an
/// employer that does not exist is refused as one the actor may not see.
pub(super) async fn employer_with<P>(
    state: &AppState,
    me: &ApiUser,
    slug: &str,
    prove: impl FnOnce(&Actor, EmployerId) -> Result<P, policy::Refused>,
) -> Result<(EmployerSummary, P), Problem> {
    let lang = me.lang;
    let actor = actor_for(me).await?;
    let employer = employers::find_summary(&state.ctx.db, slug)
        .await
        .map_err(|e| store_failed(lang, e))?
        .ok_or_else(|| refused(lang, policy::Refused::Hidden))?;
    let proof = prove(actor, employer.id).map_err(|r| refused(lang, r))?;
    Ok((employer, proof))
}

/// The settings with their latest changes, as the API shows them.
async fn settings_with_changes(
    state: &AppState,
    lang: Lang,
    employer: EmployerSummary,
) -> Result<EmployerSettingsDto, Problem> {
    let changes = employer_changes::recent(&state.ctx.db, employer.id, RECENT_CHANGES)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(settings_dto(state, employer, changes))
}

/// How many of the latest changes the settings show.
pub const RECENT_CHANGES: u64 = 20;

/// An employer's settings, for its admins.
#[utoipa::path(get, path = "/api/v1/employers/{slug}", tag = "administration", params(("slug" = String, Path)),
    responses((status = 200, body = EmployerSettingsDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get(
    State(state): State<AppState>,
    me: ApiUser,
    Path(slug): Path<String>,
) -> Result<Json<EmployerSettingsDto>, Problem> {
    let lang = me.lang;
    let (employer, _) = administered(&state, &me, &slug).await?;
    Ok(Json(settings_with_changes(&state, lang, employer).await?))
}

/// Change an employer's name or sign-in settings. A provider that does not exist yet needs
/// `issuer`, `client_id` and `client_secret` together.
#[utoipa::path(patch, path = "/api/v1/employers/{slug}", tag = "administration", params(("slug" = String, Path)),
    request_body = EmployerPatch,
    responses((status = 200, body = EmployerSettingsDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn patch(
    State(state): State<AppState>,
    me: ApiUser,
    Path(slug): Path<String>,
    body: Result<Json<EmployerPatch>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<EmployerSettingsDto>, Problem> {
    let lang = me.lang;
    let (employer, _) = administered(&state, &me, &slug).await?;
    let patch = json_body(body)?;
    update(&state, lang, &employer, me.person.id, patch.into_input()).await?;
    let employer = employers::find_summary(&state.ctx.db, &employer.slug)
        .await
        .map_err(|e| store_failed(lang, e))?
        .ok_or_else(|| refused(lang, policy::Refused::Hidden))?;
    Ok(Json(settings_with_changes(&state, lang, employer).await?))
}

/// Checks and applies an admin's changes; shared with the admin page's form. The issuer is
/// not theirs to change: whoever controls it decides who signs in as the employer's people,
/// so moving it is an operator's action (`orka employer update --issuer`). Sending the
/// current issuer back is fine, so a client can return what it read.
pub async fn update(
    state: &AppState,
    lang: Lang,
    employer: &EmployerSummary,
    by: PersonId,
    mut input: ChangeInput,
) -> Result<(), Problem> {
    let current = employer.provider.as_ref().map(|p| p.issuer.as_str());
    let moves_issuer = input
        .issuer
        .take()
        .is_some_and(|i| Some(i.trim()) != current);
    let (changes, mut problems) = match input.check() {
        Ok(changes) => (Some(changes), vec![]),
        Err(bad) => (
            None,
            bad.into_iter().map(|b| setting_problem(lang, b)).collect(),
        ),
    };
    if moves_issuer {
        problems.insert(
            0,
            FieldProblem {
                field: "issuer".into(),
                code: "operator_only".into(),
                message: lang.t(Msg::ErrIssuerOperatorOnly).into(),
            },
        );
    }
    let Some(changes) = changes.filter(|_| problems.is_empty()) else {
        let mut p = Problem::invalid(lang, problems);
        p.title = lang.t(Msg::ErrSettingsInvalid).into();
        return Err(p);
    };
    let slug = domain::Slug::parse(&employer.slug).map_err(|_| Problem::internal(lang))?;
    let by = ChangedBy::Admin(by);
    employers::update_employer(&state.ctx.db, &slug, changes, by, state.ctx.clock.now())
        .await
        .map_err(problem(lang))
}

/// One entry in an employer's contact directory.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployerContactDto {
    /// `occupational-health`, `hr`, `union` or `manager`.
    pub kind: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// An https address.
    pub url: Option<String>,
    /// When and what for, e.g. "Book yourself: weekdays 8–16".
    pub note: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct EmployerContactsDto {
    pub items: Vec<EmployerContactDto>,
}

fn contacts_dto(list: Vec<service::guidance::Contact>) -> EmployerContactsDto {
    EmployerContactsDto {
        items: list
            .into_iter()
            .map(|c| EmployerContactDto {
                kind: c.kind.code().into(),
                name: c.name,
                phone: c.phone,
                email: c.email,
                url: c.url,
                note: c.note,
            })
            .collect(),
    }
}

/// The employer's own contacts, shown with the guidance articles that name their kind.
#[utoipa::path(get, path = "/api/v1/employers/{slug}/contacts", tag = "administration", params(("slug" = String, Path)),
    responses((status = 200, body = EmployerContactsDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_contacts(
    State(state): State<AppState>,
    me: ApiUser,
    Path(slug): Path<String>,
) -> Result<Json<EmployerContactsDto>, Problem> {
    let lang = me.lang;
    let (employer, _) = administered(&state, &me, &slug).await?;
    let list = service::guidance::employer_contacts(&state.ctx.db, employer.id)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(contacts_dto(list)))
}

/// Replaces the employer's contact directory with the list given (an empty list clears it).
#[utoipa::path(put, path = "/api/v1/employers/{slug}/contacts", tag = "administration", params(("slug" = String, Path)),
    request_body = EmployerContactsDto,
    responses((status = 200, body = EmployerContactsDto), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_contacts(
    State(state): State<AppState>,
    me: ApiUser,
    Path(slug): Path<String>,
    body: Result<Json<EmployerContactsDto>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<EmployerContactsDto>, Problem> {
    let lang = me.lang;
    let (employer, _) = administered(&state, &me, &slug).await?;
    let body = json_body(body)?;
    let typed = body
        .items
        .into_iter()
        .map(|c| service::guidance::ContactInput {
            kind: c.kind,
            name: c.name,
            phone: c.phone,
            email: c.email,
            url: c.url,
            note: c.note,
        })
        .collect();
    let list = service::guidance::check_contacts(typed).map_err(|problems| {
        Problem::invalid(
            lang,
            problems
                .into_iter()
                .map(|(i, field, _)| FieldProblem {
                    field: format!("items[{i}].{field}"),
                    code: "invalid".into(),
                    message: contact_message(lang, field).into(),
                })
                .collect(),
        )
    })?;
    service::guidance::set_employer_contacts(&state.ctx.db, employer.id, list)
        .await
        .map_err(|e| store_failed(lang, e))?;
    let list = service::guidance::employer_contacts(&state.ctx.db, employer.id)
        .await
        .map_err(|e| store_failed(lang, e))?;
    Ok(Json(contacts_dto(list)))
}

/// A refused field of the directory, in the reader's language.
pub(crate) fn contact_message(lang: Lang, field: &str) -> &'static str {
    use app::i18n::Msg;
    lang.t(match field {
        "kind" => Msg::ErrContactKind,
        "name" => Msg::ErrContactName,
        "phone" => Msg::ErrContactPhone,
        "email" => Msg::ErrContactEmail,
        "url" => Msg::ErrContactUrl,
        "note" => Msg::ErrContactNote,
        _ => Msg::ErrSettingsInvalid,
    })
}

/// A refused setting in the reader's language, with a code an app can act on.
fn setting_problem(lang: Lang, b: BadSetting) -> FieldProblem {
    use domain::org::BadRoleMap;
    let (code, message) = match &b.problem {
        SettingProblem::Missing => ("missing", lang.t(Msg::ErrFieldMissing).to_owned()),
        SettingProblem::NotAUrl => ("not_a_url", lang.t(Msg::ErrFieldNotAUrl).to_owned()),
        SettingProblem::NotHttps => ("not_https", lang.t(Msg::ErrFieldNotHttps).to_owned()),
        SettingProblem::RoleMap(BadRoleMap::NotAPair(p)) => {
            ("not_group_role", lang.tf(Msg::ErrRoleMapPair, &[p]))
        }
        SettingProblem::RoleMap(BadRoleMap::UnknownRole(r)) => {
            ("unknown_role", lang.tf(Msg::ErrRoleMapRole, &[r]))
        }
    };
    FieldProblem {
        field: b.field.into(),
        code: code.into(),
        message,
    }
}
