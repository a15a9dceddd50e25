//! Employers (tenants) and their identity providers: adding, listing and changing them. Client
//! secrets go in and are used, but nothing here ever hands one back.

use crate::employer_changes::{ChangedBy, FieldChange};
use crate::entity::{employer, identity_provider};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use domain::{EmployerId, RoleMap, Slug};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use secrecy::{ExposeSecret, SecretString};

/// How an employer's people sign in.
#[derive(Clone, Debug)]
pub struct ProviderSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: SecretString,
    pub scopes: Vec<String>,
    pub groups_claim: Option<String>,
    pub role_map: RoleMap,
    /// The `aud` that the provider's access tokens for the mobile app carry.
    pub api_audience: Option<String>,
}

#[derive(Clone, Debug)]
pub struct NewEmployer {
    pub slug: Slug,
    pub name: String,
    pub provider: Option<ProviderSettings>,
}

/// What to change; `None` leaves a setting as it is.
#[derive(Clone, Debug, Default)]
pub struct EmployerChanges {
    pub name: Option<String>,
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<SecretString>,
    pub scopes: Option<Vec<String>>,
    pub groups_claim: Option<String>,
    pub role_map: Option<RoleMap>,
    pub api_audience: Option<String>,
}

/// A setting as someone typed it was refused; `field` names it (`issuer`, `role_map`, ...).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct BadSetting {
    pub field: &'static str,
    pub problem: SettingProblem,
}

/// What is wrong with a setting. The English wording is the command line's; pages and the API
/// word it in the reader's language from the variant.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingProblem {
    #[error("must not be empty")]
    Missing,
    #[error("is not a URL")]
    NotAUrl,
    #[error("must be an https URL")]
    NotHttps,
    #[error(transparent)]
    RoleMap(#[from] domain::org::BadRoleMap),
}

fn bad(field: &'static str, problem: SettingProblem) -> BadSetting {
    BadSetting { field, problem }
}

/// Changes as an operator or admin typed them, checked by [`ChangeInput::check`] before use.
/// `None` leaves a setting as it is; an empty groups claim or API audience clears it.
#[derive(Clone, Debug, Default)]
pub struct ChangeInput {
    pub name: Option<String>,
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<SecretString>,
    pub scopes: Option<String>,
    pub groups_claim: Option<String>,
    pub role_map: Option<String>,
    pub api_audience: Option<String>,
}

impl ChangeInput {
    /// Every problem, not just the first, so a form can mark all its wrong fields at once.
    pub fn check(self) -> Result<EmployerChanges, Vec<BadSetting>> {
        let mut problems = vec![];
        let mut keep = |r: Result<String, BadSetting>| r.map_err(|e| problems.push(e)).ok();
        let name = self.name.map(|n| keep(non_empty("name", &n)));
        let issuer = self.issuer.map(|i| keep(issuer_url(&i)));
        let client_id = self.client_id.map(|c| keep(non_empty("client_id", &c)));
        let role_map = match self.role_map.as_deref().map(RoleMap::parse) {
            Some(Err(e)) => {
                problems.push(bad("role_map", e.into()));
                None
            }
            Some(Ok(m)) => Some(m),
            None => None,
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(EmployerChanges {
            name: name.flatten(),
            issuer: issuer.flatten(),
            client_id: client_id.flatten(),
            client_secret: self.client_secret,
            scopes: self.scopes.as_deref().map(split_scopes),
            groups_claim: self.groups_claim.map(|g| g.trim().to_owned()),
            role_map,
            api_audience: self.api_audience.map(|a| a.trim().to_owned()),
        })
    }
}

pub fn non_empty(field: &'static str, s: &str) -> Result<String, BadSetting> {
    let s = s.trim();
    if s.is_empty() {
        Err(bad(field, SettingProblem::Missing))
    } else {
        Ok(s.to_owned())
    }
}

/// https, or plain http on this machine only (a provider under test).
pub fn issuer_url(s: &str) -> Result<String, BadSetting> {
    let s = s.trim();
    let url = url::Url::parse(s).map_err(|_| bad("issuer", SettingProblem::NotAUrl))?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    if url.scheme() == "https" || (url.scheme() == "http" && loopback) {
        // `iss` is compared exactly, so keep the spelling as given (trailing slash and all).
        Ok(s.to_owned())
    } else {
        Err(bad("issuer", SettingProblem::NotHttps))
    }
}

/// Scopes separated by spaces or commas.
pub fn split_scopes(s: &str) -> Vec<String> {
    s.split([' ', ','])
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// An employer as shown to operators and admins: everything but the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmployerSummary {
    pub id: EmployerId,
    pub slug: String,
    pub name: String,
    pub provider: Option<ProviderSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSummary {
    pub issuer: String,
    pub client_id: String,
    pub scopes: String,
    pub groups_claim: Option<String>,
    pub role_map: String,
    pub api_audience: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum EmployerError {
    #[error("an employer with the slug '{0}' already exists")]
    SlugTaken(String),
    #[error("no employer has the slug '{0}'")]
    NotFound(String),
    #[error("{0}")]
    Incomplete(&'static str),
    /// Another employer has the same issuer and API audience: a mobile app's token could not
    /// tell the two apart.
    #[error(
        "another employer already has this issuer and API audience; give this one its own audience"
    )]
    AudienceTaken,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<DbErr> for EmployerError {
    fn from(e: DbErr) -> Self {
        Self::Store(e.into())
    }
}

/// Scopes always include `openid`, once, first.
fn scope_string(scopes: &[String]) -> String {
    let mut out = vec!["openid"];
    for s in scopes.iter().map(String::as_str) {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out.join(" ")
}

/// Adds an employer: the operator's action alone.
pub async fn add_employer(
    db: &Db,
    new: NewEmployer,
    now: DateTime<Utc>,
) -> Result<EmployerId, EmployerError> {
    let id = uuid::Uuid::new_v4();
    let slug = new.slug.to_string();
    let added = db
        .write(move |txn| {
            let new = new.clone();
            Box::pin(async move {
                if find_row(txn, new.slug.as_str()).await?.is_some() {
                    return Ok(false);
                }
                employer::Entity::insert(employer::ActiveModel {
                    id: Set(id),
                    slug: Set(new.slug.to_string()),
                    name: Set(new.name.clone()),
                    created_at: Set(now),
                })
                .exec_without_returning(txn)
                .await?;
                let mut fields: Vec<FieldChange> = FieldChange::of("name", None, Some(&new.name))
                    .into_iter()
                    .collect();
                if let Some(p) = &new.provider {
                    identity_provider::Entity::insert(provider_row(id, p, now))
                        .exec_without_returning(txn)
                        .await?;
                    fields.extend(provider_fields(None, &provider_row(id, p, now)));
                }
                crate::employer_changes::record(txn, id, ChangedBy::Operator, fields, now).await?;
                Ok(true)
            })
        })
        .await
        .map_err(audience_taken)?;
    if !added {
        return Err(EmployerError::SlugTaken(slug));
    }
    tracing::info!(employer = %slug, "employer added");
    Ok(EmployerId::from_uuid(id))
}

/// The unique index on (issuer, API audience) refused the write.
fn audience_taken(e: DbErr) -> EmployerError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(m)) if m.contains("api_audience") => {
            EmployerError::AudienceTaken
        }
        _ => e.into(),
    }
}

fn provider_row(
    employer_id: uuid::Uuid,
    p: &ProviderSettings,
    now: DateTime<Utc>,
) -> identity_provider::ActiveModel {
    identity_provider::ActiveModel {
        employer_id: Set(employer_id),
        issuer: Set(p.issuer.clone()),
        client_id: Set(p.client_id.clone()),
        client_secret: Set(p.client_secret.expose_secret().to_owned()),
        scopes: Set(scope_string(&p.scopes)),
        groups_claim: Set(p.groups_claim.clone()),
        role_map: Set(p.role_map.to_string()),
        api_audience: Set(p.api_audience.clone()),
        updated_at: Set(now),
    }
}

async fn find_row(txn: &DatabaseTransaction, slug: &str) -> Result<Option<employer::Model>, DbErr> {
    employer::Entity::find()
        .filter(employer::Column::Slug.eq(slug))
        .one(txn)
        .await
}

/// Changes an employer's settings, recording who did and what changed.
pub async fn update_employer(
    db: &Db,
    slug: &Slug,
    changes: EmployerChanges,
    by: ChangedBy,
    now: DateTime<Utc>,
) -> Result<(), EmployerError> {
    let key = slug.to_string();
    let outcome = db
        .write(move |txn| {
            let (key, c) = (key.clone(), changes.clone());
            Box::pin(async move { apply_changes(txn, &key, c, by, now).await })
        })
        .await
        .map_err(audience_taken)?;
    match outcome {
        Changed::Yes => {
            tracing::info!(employer = %slug, "employer updated");
            Ok(())
        }
        Changed::NoSuchEmployer => Err(EmployerError::NotFound(slug.to_string())),
        Changed::ProviderIncomplete => Err(EmployerError::Incomplete(
            "this employer has no identity provider yet: give the issuer, client id and client secret together",
        )),
    }
}

enum Changed {
    Yes,
    NoSuchEmployer,
    ProviderIncomplete,
}

async fn apply_changes(
    txn: &DatabaseTransaction,
    slug: &str,
    c: EmployerChanges,
    by: ChangedBy,
    now: DateTime<Utc>,
) -> Result<Changed, DbErr> {
    let Some(row) = find_row(txn, slug).await? else {
        return Ok(Changed::NoSuchEmployer);
    };
    let mut fields: Vec<FieldChange> = vec![];
    if let Some(name) = c.name {
        fields.extend(FieldChange::of("name", Some(&row.name), Some(&name)));
        let mut e = row.clone().into_active_model();
        e.name = Set(name);
        employer::Entity::update(e).exec(txn).await?;
    }
    let existing = identity_provider::Entity::find_by_id(row.id)
        .one(txn)
        .await?;
    let provider_touched = c.issuer.is_some()
        || c.client_id.is_some()
        || c.client_secret.is_some()
        || c.scopes.is_some()
        || c.groups_claim.is_some()
        || c.role_map.is_some()
        || c.api_audience.is_some();
    if !provider_touched {
        crate::employer_changes::record(txn, row.id, by, fields, now).await?;
        return Ok(Changed::Yes);
    }
    let Some(existing) = existing else {
        let (Some(issuer), Some(client_id), Some(client_secret)) =
            (c.issuer, c.client_id, c.client_secret)
        else {
            return Ok(Changed::ProviderIncomplete);
        };
        let p = ProviderSettings {
            issuer,
            client_id,
            client_secret,
            scopes: c.scopes.unwrap_or_else(default_scopes),
            groups_claim: c.groups_claim.filter(|g| !g.is_empty()),
            role_map: c.role_map.unwrap_or_default(),
            api_audience: c.api_audience.filter(|a| !a.is_empty()),
        };
        let new = provider_row(row.id, &p, now);
        fields.extend(provider_fields(None, &new));
        identity_provider::Entity::insert(new)
            .exec_without_returning(txn)
            .await?;
        crate::employer_changes::record(txn, row.id, by, fields, now).await?;
        return Ok(Changed::Yes);
    };
    let before = existing.clone();
    let mut p = existing.into_active_model();
    if let Some(v) = c.issuer {
        p.issuer = Set(v);
    }
    if let Some(v) = c.client_id {
        p.client_id = Set(v);
    }
    if let Some(v) = c.client_secret {
        p.client_secret = Set(v.expose_secret().to_owned());
    }
    if let Some(v) = c.scopes {
        p.scopes = Set(scope_string(&v));
    }
    // An empty value clears an optional setting.
    if let Some(v) = c.groups_claim {
        p.groups_claim = Set(Some(v).filter(|g| !g.is_empty()));
    }
    if let Some(v) = c.role_map {
        p.role_map = Set(v.to_string());
    }
    if let Some(v) = c.api_audience {
        p.api_audience = Set(Some(v).filter(|a| !a.is_empty()));
    }
    p.updated_at = Set(now);
    fields.extend(provider_fields(Some(&before), &p));
    identity_provider::Entity::update(p).exec(txn).await?;
    crate::employer_changes::record(txn, row.id, by, fields, now).await?;
    Ok(Changed::Yes)
}

/// What a provider row's settings change from `before` (none: it is new) to `after`.
fn provider_fields(
    before: Option<&identity_provider::Model>,
    after: &identity_provider::ActiveModel,
) -> Vec<FieldChange> {
    use sea_orm::ActiveValue;
    fn value<T: Clone + Into<sea_orm::Value>>(v: &ActiveValue<T>) -> Option<T> {
        match v {
            ActiveValue::Set(v) | ActiveValue::Unchanged(v) => Some(v.clone()),
            ActiveValue::NotSet => None,
        }
    }
    let text = |field: &str, old: Option<&str>, new: Option<String>| {
        FieldChange::of(field, old, new.as_deref())
    };
    let old = |f: fn(&identity_provider::Model) -> Option<&str>| before.and_then(f);
    let mut out: Vec<FieldChange> = [
        text("issuer", old(|b| Some(&b.issuer)), value(&after.issuer)),
        text(
            "client_id",
            old(|b| Some(&b.client_id)),
            value(&after.client_id),
        ),
        text("scopes", old(|b| Some(&b.scopes)), value(&after.scopes)),
        text(
            "groups_claim",
            old(|b| b.groups_claim.as_deref()),
            value(&after.groups_claim).flatten(),
        ),
        text(
            "role_map",
            old(|b| Some(&b.role_map)),
            value(&after.role_map),
        ),
        text(
            "api_audience",
            old(|b| b.api_audience.as_deref()),
            value(&after.api_audience).flatten(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    if before.map(|b| &b.client_secret) != value(&after.client_secret).as_ref() {
        out.push(FieldChange::secret("client_secret"));
    }
    out
}

pub fn default_scopes() -> Vec<String> {
    ["openid", "profile", "email"].map(String::from).to_vec()
}

pub async fn list_employers(db: &Db) -> Result<Vec<EmployerSummary>, StoreError> {
    let rows = employer::Entity::find()
        .order_by_asc(employer::Column::Slug)
        .all(db.conn())
        .await?;
    let providers = identity_provider::Entity::find().all(db.conn()).await?;
    Ok(rows
        .into_iter()
        .map(|e| EmployerSummary {
            id: EmployerId::from_uuid(e.id),
            provider: providers
                .iter()
                .find(|p| p.employer_id == e.id)
                .map(|p| ProviderSummary {
                    issuer: p.issuer.clone(),
                    client_id: p.client_id.clone(),
                    scopes: p.scopes.clone(),
                    groups_claim: p.groups_claim.clone(),
                    role_map: p.role_map.clone(),
                    api_audience: p.api_audience.clone(),
                }),
            slug: e.slug,
            name: e.name,
        })
        .collect())
}

/// One employer as its admins see it, by slug.
pub async fn find_summary(db: &Db, slug: &str) -> Result<Option<EmployerSummary>, StoreError> {
    Ok(list_employers(db)
        .await?
        .into_iter()
        .find(|e| e.slug == slug))
}

/// One employer as its admins see it, by id.
pub async fn summary(db: &Db, id: EmployerId) -> Result<Option<EmployerSummary>, StoreError> {
    Ok(list_employers(db).await?.into_iter().find(|e| e.id == id))
}

/// An employer's provider as the sign-in code uses it, secret included. Never shown.
#[derive(Clone, Debug)]
pub struct SignInProvider {
    pub employer_id: EmployerId,
    pub slug: String,
    pub settings: ProviderSettings,
    /// Changes whenever an operator changes the settings, so cached discovery can be dropped.
    pub updated_at: DateTime<Utc>,
}

/// Employers people can sign in to: (slug, name), by name.
pub async fn sign_in_choices(db: &Db) -> Result<Vec<(String, String)>, StoreError> {
    let rows = employer::Entity::find()
        .inner_join(identity_provider::Entity)
        .order_by_asc(employer::Column::Name)
        .all(db.conn())
        .await?;
    Ok(rows.into_iter().map(|e| (e.slug, e.name)).collect())
}

pub async fn provider_by_slug(db: &Db, slug: &str) -> Result<Option<SignInProvider>, StoreError> {
    provider_where(db, employer::Column::Slug.eq(slug)).await
}

pub async fn provider_by_id(db: &Db, id: EmployerId) -> Result<Option<SignInProvider>, StoreError> {
    provider_where(db, employer::Column::Id.eq(id.as_uuid())).await
}

/// The employer whose mobile app's access tokens this issuer signs for one of these audiences
/// (several employers may share one provider, each with its own audience; an issuer and an
/// audience together name one employer). A token naming the audiences of several employers
/// names none.
pub async fn api_provider(
    db: &Db,
    issuer: &str,
    audiences: &[String],
) -> Result<Option<SignInProvider>, StoreError> {
    let found = providers_where(
        db,
        sea_orm::sea_query::ExprTrait::and(
            identity_provider::Column::Issuer.eq(issuer),
            identity_provider::Column::ApiAudience.is_in(audiences.iter().cloned()),
        ),
    )
    .await?;
    Ok(match <[SignInProvider; 1]>::try_from(found) {
        Ok([one]) => Some(one),
        Err(_) => None,
    })
}

async fn provider_where(
    db: &Db,
    condition: sea_orm::sea_query::SimpleExpr,
) -> Result<Option<SignInProvider>, StoreError> {
    Ok(providers_where(db, condition).await?.into_iter().next())
}

async fn providers_where(
    db: &Db,
    condition: sea_orm::sea_query::SimpleExpr,
) -> Result<Vec<SignInProvider>, StoreError> {
    let found = employer::Entity::find()
        .find_also_related(identity_provider::Entity)
        .filter(condition)
        .all(db.conn())
        .await?;
    Ok(found
        .into_iter()
        .filter_map(|(e, p)| p.map(|p| (e, p)))
        .map(|(e, p)| SignInProvider {
            employer_id: EmployerId::from_uuid(e.id),
            slug: e.slug,
            updated_at: p.updated_at,
            settings: ProviderSettings {
                issuer: p.issuer,
                client_id: p.client_id,
                client_secret: SecretString::from(p.client_secret),
                scopes: p.scopes.split(' ').map(String::from).collect(),
                groups_claim: p.groups_claim,
                // Written by `RoleMap`'s own Display, so it parses; a hand-edited row that does
                // not grants no roles rather than stopping sign-in.
                role_map: RoleMap::parse(&p.role_map).unwrap_or_default(),
                api_audience: p.api_audience,
            },
        })
        .collect())
}
