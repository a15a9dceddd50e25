//! Signing in and out: with the employer's identity provider (OpenID Connect), and in demo
//! mode by picking a persona. Both end in the same session code.

use crate::api::problem::Problem;
use crate::context::PageUser;
use crate::state::AppState;
use app::server::RequestLang;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::cookie::{Cookie, SameSite};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use service::employers;
use service::people::{self, DemoPersona, Person};
use service::sessions::{self, IdTokenHint, SessionToken};
use service::sign_in::{self, AttemptRefused, BrowserBinding, ProvisionRefused};

/// The cookies sign-in and the language switch set; `middleware::identify` reads them back.
pub const SESSION_COOKIE: &str = "orka_session";
pub const LANG_COOKIE: &str = "orka_lang";

/// Holds the binding of a sign-in under way to this browser, for the ten minutes it may take.
pub const SIGN_IN_COOKIE: &str = "orka_signin";

/// Why a sign-in ended on the sign-in page; the page explains each in the person's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInFailure {
    UnknownEmployer,
    ProviderUnavailable,
    /// No attempt for this browser: it was finished already (a replay) or never started here.
    NotStarted,
    Expired,
    /// `state` missing or not the one this browser was given.
    Mismatch,
    Cancelled,
    Refused,
    Left,
    Internal,
}

impl SignInFailure {
    pub fn code(self) -> &'static str {
        match self {
            Self::UnknownEmployer => "unknown-employer",
            Self::ProviderUnavailable => "provider-unavailable",
            Self::NotStarted => "not-started",
            Self::Expired => "expired",
            Self::Mismatch => "mismatch",
            Self::Cancelled => "cancelled",
            Self::Refused => "refused",
            Self::Left => "left",
            Self::Internal => "internal",
        }
    }

    fn page(self) -> Redirect {
        Redirect::to(&format!("/signin?error={}", self.code()))
    }
}

fn session_cookie(state: &AppState, token: &SessionToken) -> Cookie<'static> {
    Cookie::build((
        state.settings.cookie_name(SESSION_COOKIE),
        token.expose().to_owned(),
    ))
    .http_only(true)
    .same_site(SameSite::Lax)
    .secure(state.settings.secure_cookies())
    .path("/")
    .max_age(time_duration(
        state.settings.sessions.absolute.num_seconds(),
    ))
    .build()
}

fn removal(state: &AppState, base: &'static str) -> Cookie<'static> {
    Cookie::build(state.settings.cookie_name(base))
        .path("/")
        .secure(state.settings.secure_cookies())
        .build()
}

/// A new session for a person, replacing whatever session the browser had: a new id at every
/// sign-in, so an id planted before sign-in is worth nothing after it.
async fn open_session(
    state: &AppState,
    jar: CookieJar,
    person: &Person,
    id_token: Option<IdTokenHint>,
) -> Result<CookieJar, service::StoreError> {
    if let Some(old) = jar.get(&state.settings.cookie_name(SESSION_COOKIE)) {
        sessions::end(&state.ctx.db, &SessionToken::from_cookie(old.value())).await?;
    }
    let token = sessions::start(
        &state.ctx.db,
        person.id,
        state.settings.sessions,
        id_token,
        state.ctx.clock.now(),
    )
    .await?;
    tracing::info!(person = %person.id, employer = %person.employer_id, "signed in");
    Ok(jar.add(session_cookie(state, &token)))
}

#[derive(Deserialize)]
pub struct DemoSignIn {
    persona: Option<String>,
}

pub async fn demo_sign_in(
    State(state): State<AppState>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    jar: CookieJar,
    Form(form): Form<DemoSignIn>,
) -> Response {
    let Some(persona) = form.persona.as_deref().and_then(DemoPersona::parse) else {
        return Problem::invalid_persona().into_response();
    };
    let person = match people::find_demo_persona(&state.ctx.db, persona).await {
        Ok(Some(p)) => p,
        Ok(None) => return Problem::invalid_persona().into_response(),
        Err(e) => {
            tracing::error!(error = %e, "demo sign-in failed");
            return Problem::internal(lang).into_response();
        }
    };
    match open_session(&state, jar, &person, None).await {
        Ok(jar) => (jar, Redirect::to("/")).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "could not start session");
            Problem::internal(lang).into_response()
        }
    }
}

/// Starts sign-in at an employer's provider: fresh state, nonce and PKCE verifier, bound to
/// this browser by a cookie, and off to the provider.
pub async fn login(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    jar: CookieJar,
) -> Response {
    let provider = match employers::provider_by_slug(&state.ctx.db, &slug).await {
        Ok(Some(p)) => p,
        Ok(None) => return SignInFailure::UnknownEmployer.page().into_response(),
        Err(e) => {
            tracing::error!(error = %e, "sign-in: employer lookup failed");
            return SignInFailure::Internal.page().into_response();
        }
    };
    let (url, secrets) = match state
        .oidc
        .authorization(&provider, &state.settings.callback_url(&provider.slug))
        .await
    {
        Ok(found) => found,
        Err(e) => {
            tracing::error!(employer = %provider.slug, error = %e, "sign-in: provider unavailable");
            return SignInFailure::ProviderUnavailable.page().into_response();
        }
    };
    let binding = match sign_in::begin(
        &state.ctx.db,
        provider.employer_id,
        secrets,
        state.ctx.clock.now(),
    )
    .await
    {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "sign-in: could not record the attempt");
            return SignInFailure::Internal.page().into_response();
        }
    };
    let cookie = Cookie::build((
        state.settings.cookie_name(SIGN_IN_COOKIE),
        binding.expose().to_owned(),
    ))
    .http_only(true)
    // Lax: the provider sends the browser back with a top-level GET from its own site.
    .same_site(SameSite::Lax)
    .secure(state.settings.secure_cookies())
    .path("/")
    .max_age(time_duration(sign_in::ATTEMPT_LIFETIME.num_seconds()));
    (jar.add(cookie), Redirect::to(url.as_str())).into_response()
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    /// RFC 9207: the issuer of this authorization response.
    iss: Option<String>,
}

/// An employer's provider sends the browser back here, to the employer's own address.
/// Everything is checked before anything is stored, and before the code goes anywhere: the
/// attempt of this browser (once), that it was started for this employer, `state`, the
/// response's issuer, then the code and the ID token.
pub async fn callback(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<CallbackQuery>,
    jar: CookieJar,
) -> Response {
    let cookie_name = state.settings.cookie_name(SIGN_IN_COOKIE);
    let binding = jar
        .get(&cookie_name)
        .map(|c| BrowserBinding::from_cookie(c.value()));
    let jar = jar.remove(removal(&state, SIGN_IN_COOKIE));
    match finish_sign_in(&state, &slug, q, binding, jar.clone()).await {
        Ok(jar) => (jar, Redirect::to("/")).into_response(),
        Err(failure) => {
            tracing::warn!(reason = failure.code(), "sign-in refused");
            (jar, failure.page()).into_response()
        }
    }
}

async fn finish_sign_in(
    state: &AppState,
    slug: &str,
    q: CallbackQuery,
    binding: Option<BrowserBinding>,
    jar: CookieJar,
) -> Result<CookieJar, SignInFailure> {
    let internal = |e: service::StoreError| {
        tracing::error!(error = %e, "sign-in failed");
        SignInFailure::Internal
    };
    let binding = binding.ok_or(SignInFailure::NotStarted)?;
    let attempt = sign_in::take(
        &state.ctx.db,
        &binding,
        q.state.as_deref().unwrap_or_default(),
        state.ctx.clock.now(),
    )
    .await
    .map_err(internal)?
    .map_err(|refused| match refused {
        AttemptRefused::Unknown => SignInFailure::NotStarted,
        AttemptRefused::Expired => SignInFailure::Expired,
        AttemptRefused::StateMismatch => SignInFailure::Mismatch,
    })?;
    if let Some(error) = q.error {
        return Err(if error == "access_denied" {
            SignInFailure::Cancelled
        } else {
            tracing::warn!(error = %error.chars().take(64).collect::<String>(), "sign-in: the provider answered with an error");
            SignInFailure::Refused
        });
    }
    let code = q
        .code
        .filter(|c| !c.is_empty())
        .ok_or(SignInFailure::Refused)?;
    let provider = employers::provider_by_id(&state.ctx.db, attempt.employer_id)
        .await
        .map_err(internal)?
        .ok_or(SignInFailure::UnknownEmployer)?;
    if provider.slug != slug {
        // An answer at one employer's address for a sign-in started at another's: the shape
        // of a mix-up attack, where a provider relays a victim to another employer's provider.
        tracing::warn!(employer = %provider.slug, "sign-in: the answer came to another employer's address");
        return Err(SignInFailure::Mismatch);
    }
    let (identity, id_token) = state
        .oidc
        .finish(
            &provider,
            &attempt.secrets,
            q.iss.as_deref(),
            code,
            &state.settings.callback_url(slug),
        )
        .await
        .map_err(|e| {
            tracing::warn!(employer = %provider.slug, error = %e, "sign-in: provider answer refused");
            SignInFailure::Refused
        })?;
    let person = sign_in::provision(&state.ctx.db, identity, state.ctx.clock.now())
        .await
        .map_err(internal)?
        .map_err(|ProvisionRefused::Deactivated| SignInFailure::Left)?;
    open_session(state, jar, &person, Some(IdTokenHint(id_token)))
        .await
        .map_err(internal)
}

/// Ends the person's Orka sessions on every device (a phone or a ward computer left signed in
/// elsewhere is the risk sign-out exists for) and, where the provider supports it, the
/// provider's session too.
pub async fn sign_out(
    State(state): State<AppState>,
    me: Option<PageUser>,
    Extension(RequestLang(lang)): Extension<RequestLang>,
    jar: CookieJar,
) -> Response {
    let mut hint = None;
    if let Some(c) = jar.get(&state.settings.cookie_name(SESSION_COOKIE)) {
        match sessions::end(&state.ctx.db, &SessionToken::from_cookie(c.value())).await {
            Ok(h) => hint = h,
            Err(e) => tracing::error!(error = %e, "could not end session"),
        }
    }
    if let Some(me) = &me {
        if let Err(e) = sessions::end_all(&state.ctx.db, me.person.id).await {
            tracing::error!(error = %e, "could not end the other sessions");
        }
    }
    let jar = jar.remove(removal(&state, SESSION_COOKIE));
    let after = state
        .settings
        .public_url
        .join("/signin?signed_out=1")
        .expect("a fixed path joins");
    let provider_logout = match (hint, me) {
        (Some(IdTokenHint(id_token)), Some(me)) => {
            match employers::provider_by_id(&state.ctx.db, me.person.employer_id).await {
                Ok(Some(p)) => state.oidc.logout_url(&p, &id_token, &after).await,
                _ => None,
            }
        }
        _ => None,
    };
    // On a shared phone nothing of the person may stay: the browser drops every cached page
    // and stored value of this site, and the service worker with its push subscription, so no
    // notice meant for them reaches the next person (it registers again on the next page).
    let clear = (
        header::HeaderName::from_static("clear-site-data"),
        CLEAR_SITE_DATA,
    );
    match provider_logout {
        // A page, not a redirect: the sign-out form's CSP (form-action 'self') would stop a
        // redirect to the provider.
        Some(url) => (
            jar,
            [(header::CACHE_CONTROL, "no-store"), clear],
            Html(leaving_page(lang, &url)),
        )
            .into_response(),
        None => (jar, [clear], Redirect::to("/signin?signed_out=1")).into_response(),
    }
}

/// Cached pages, Cache Storage, IndexedDB and local storage, and service workers (with their
/// push subscriptions). Not cookies: the language choice stays, and the session cookie is
/// removed by name.
const CLEAR_SITE_DATA: &str = "\"cache\", \"storage\"";

fn leaving_page(lang: app::i18n::Lang, url: &url::Url) -> String {
    use app::i18n::Msg;
    let href = app::server::escape_html(url.as_str());
    format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"refresh\" content=\"0;url={href}\"><title>{title}</title></head>\
         <body><p>{text}</p><p><a href=\"{href}\">{link}</a></p></body></html>",
        code = lang.code(),
        title = lang.t(Msg::SignedOutTitle),
        text = lang.t(Msg::SignedOutAtProvider),
        link = lang.t(Msg::SignedOutContinue),
    )
}

#[derive(Deserialize)]
pub struct SetLang {
    set: Option<String>,
    next: Option<String>,
}

/// Remembers a language choice and goes back to the page it was made on.
pub async fn set_language(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(q): Query<SetLang>,
) -> Response {
    let next = q
        .next
        .and_then(|n| crate::redirect::local_target(&state.settings.public_url, &n))
        .unwrap_or_else(|| "/".into());
    let Some(lang) = q.set.as_deref().and_then(app::i18n::Lang::from_code) else {
        return Redirect::to(&next).into_response();
    };
    let cookie = Cookie::build((LANG_COOKIE, lang.code()))
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies())
        .http_only(true)
        .path("/")
        .max_age(time_duration(365 * 24 * 3600));
    (jar.add(cookie), Redirect::to(&next)).into_response()
}

fn time_duration(seconds: i64) -> time::Duration {
    time::Duration::seconds(seconds)
}

/// Why a mobile app's access token did not sign anyone in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BearerRefused {
    /// Not a token any configured employer's provider issued for its API, or no longer valid.
    Invalid,
    /// A valid token for someone Orka has never seen at that employer.
    UnknownPerson,
    Left,
    /// The provider's keys could not be fetched to check the token.
    Unavailable,
}

impl BearerRefused {
    pub fn problem(self, lang: app::i18n::Lang) -> Response {
        use app::i18n::Msg;
        use axum::http::StatusCode;
        let (status, code, msg) = match self {
            Self::Invalid => (
                StatusCode::UNAUTHORIZED,
                "invalid-token",
                Msg::ErrTokenInvalid,
            ),
            Self::UnknownPerson => (
                StatusCode::FORBIDDEN,
                "unknown-person",
                Msg::ErrUnknownPerson,
            ),
            Self::Left => (StatusCode::FORBIDDEN, "account-closed", Msg::SignInErrLeft),
            Self::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "provider-unavailable",
                Msg::SignInErrProviderUnavailable,
            ),
        };
        let mut response = Problem::new(status, code, lang.t(msg)).into_response();
        if self == Self::Invalid {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        response
    }
}

/// The person an `Authorization: Bearer` access token stands for. The token's unverified
/// issuer and audience pick the one employer whose settings it must then pass in full; an
/// (issuer, audience) pair belongs to one employer only.
pub async fn bearer_person(state: &AppState, raw: &str) -> Result<Person, BearerRefused> {
    let (issuer, audiences) =
        crate::oidc::claimed_issuer_and_audiences(raw).ok_or(BearerRefused::Invalid)?;
    let p = employers::api_provider(&state.ctx.db, &issuer, &audiences)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "API token: provider lookup failed");
            BearerRefused::Unavailable
        })?
        .ok_or(BearerRefused::Invalid)?;
    let subject = match state.oidc.verify_access_token(&p, raw).await {
        Ok(subject) => subject,
        Err(e @ crate::oidc::OidcError::Discovery(_)) => {
            tracing::warn!(employer = %p.slug, error = %e, "API token: provider unavailable");
            return Err(BearerRefused::Unavailable);
        }
        Err(e) => {
            tracing::info!(employer = %p.slug, error = %e, "API token refused");
            return Err(BearerRefused::Invalid);
        }
    };
    match people::find_by_subject(&state.ctx.db, p.employer_id, &subject).await {
        Ok(Some((person, true))) => Ok(person),
        Ok(Some((_, false))) => Err(BearerRefused::Left),
        Ok(None) => Err(BearerRefused::UnknownPerson),
        Err(e) => {
            tracing::error!(error = %e, "API token: person lookup failed");
            Err(BearerRefused::Unavailable)
        }
    }
}
