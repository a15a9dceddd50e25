//! OpenID Connect with each employer's identity provider: discovery, the authorization code
//! flow with PKCE, ID-token verification, RP-initiated logout. Provider documents are cached
//! per employer; the key set is fetched again when a token names a key we have not seen.

use chrono::{DateTime, Utc};
use domain::EmployerId;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreIdToken,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret,
    CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken, IssuerUrl, JsonWebKeySet,
    LogoutRequest, Nonce, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadataWithLogout, RedirectUrl, Scope, SignatureVerificationError, TokenResponse,
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use service::employers::SignInProvider;
use service::sign_in::{AttemptSecrets, VerifiedIdentity};
use service::Clock;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use url::Url;

/// Provider documents are read again after this, or at once when an operator changes settings.
const DISCOVERY_TTL: chrono::Duration = chrono::Duration::hours(1);
/// A token with an unknown key id makes us fetch the key set, but not more often than this:
/// forged tokens must not turn Orka into a hammer on the provider.
const JWKS_REFETCH_MIN: chrono::Duration = chrono::Duration::seconds(10);

/// Every claim of the ID token beyond the standard ones, so the configured groups claim can be
/// read whatever it is called. Never logged.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
struct OtherClaims {
    #[serde(flatten)]
    claims: serde_json::Map<String, serde_json::Value>,
}

impl AdditionalClaims for OtherClaims {}

type OrkaIdToken = IdToken<
    OtherClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a sign-in failed. The texts are for operators' logs and never contain tokens or claims.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("the provider could not be reached or its discovery document is invalid: {0}")]
    Discovery(String),
    #[error("the provider refused the authorization code: {0}")]
    TokenExchange(String),
    #[error("the provider's answer has no ID token")]
    NoIdToken,
    #[error("the ID token was refused: {0}")]
    IdToken(String),
}

#[derive(Clone)]
struct Discovered {
    metadata: ProviderMetadataWithLogout,
    settings_at: DateTime<Utc>,
    fetched: DateTime<Utc>,
    jwks_fetched: DateTime<Utc>,
}

pub struct Oidc {
    http: openidconnect::reqwest::Client,
    clock: Arc<dyn Clock>,
    cache: RwLock<HashMap<EmployerId, Discovered>>,
}

impl Oidc {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        let http = openidconnect::reqwest::ClientBuilder::new()
            // Following redirects would let a provider's answer send us anywhere.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .expect("an HTTP client without custom TLS settings always builds");
        Self {
            http,
            clock,
            cache: RwLock::new(HashMap::new()),
        }
    }

    async fn discovered(&self, p: &SignInProvider) -> Result<Discovered, OidcError> {
        let cached = self
            .cache
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&p.employer_id)
            .cloned();
        if let Some(d) = cached.filter(|d| {
            d.settings_at == p.updated_at && self.clock.now() - d.fetched < DISCOVERY_TTL
        }) {
            return Ok(d);
        }
        let issuer = IssuerUrl::new(p.settings.issuer.clone())
            .map_err(|e| OidcError::Discovery(e.to_string()))?;
        // Discovery checks that the document's `issuer` is exactly the configured one.
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| OidcError::Discovery(error_chain(&e)))?;
        let d = Discovered {
            metadata,
            settings_at: p.updated_at,
            fetched: self.clock.now(),
            jwks_fetched: self.clock.now(),
        };
        self.remember(p.employer_id, d.clone());
        Ok(d)
    }

    fn remember(&self, employer: EmployerId, d: Discovered) {
        self.cache
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(employer, d);
    }

    fn client(p: &SignInProvider, d: &Discovered, redirect: &Url) -> Result<Client, OidcError> {
        let redirect = RedirectUrl::from_url(redirect.clone());
        Ok(CoreClient::from_provider_metadata(
            d.metadata.clone(),
            ClientId::new(p.settings.client_id.clone()),
            Some(ClientSecret::new(
                p.settings.client_secret.expose_secret().to_owned(),
            )),
        )
        .set_redirect_uri(redirect))
    }

    /// Where to send the browser, and the secrets to keep until it comes back.
    pub async fn authorization(
        &self,
        p: &SignInProvider,
        redirect: &Url,
    ) -> Result<(Url, AttemptSecrets), OidcError> {
        let d = self.discovered(p).await?;
        let client = Self::client(p, &d, redirect)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in p.settings.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        Ok((
            url,
            AttemptSecrets {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
            },
        ))
    }

    /// Redeems the code and verifies the ID token: signature by the provider's keys, `iss`
    /// exactly, `aud` our client id, `exp`, and the nonce of this browser's attempt.
    pub async fn finish(
        &self,
        p: &SignInProvider,
        secrets: &AttemptSecrets,
        code: String,
        redirect: &Url,
    ) -> Result<(VerifiedIdentity, String), OidcError> {
        let mut d = self.discovered(p).await?;
        let client = Self::client(p, &d, redirect)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::TokenExchange(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(secrets.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::TokenExchange(error_chain(&e)))?;
        let raw = response.id_token().ok_or(OidcError::NoIdToken)?.to_string();
        let token: OrkaIdToken = raw
            .parse()
            .map_err(|e: serde_json::Error| OidcError::IdToken(e.to_string()))?;
        let nonce = Nonce::new(secrets.nonce.clone());
        let claims = match self.verify(p, &d, redirect, &token, &nonce) {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) if self.clock.now() - d.jwks_fetched >= JWKS_REFETCH_MIN => {
                // The provider may have rotated its keys since we last looked.
                let jwks = JsonWebKeySet::fetch_async(d.metadata.jwks_uri(), &self.http)
                    .await
                    .map_err(|e| OidcError::Discovery(error_chain(&e)))?;
                d.metadata = d.metadata.clone().set_jwks(jwks);
                d.jwks_fetched = self.clock.now();
                self.remember(p.employer_id, d.clone());
                self.verify(p, &d, redirect, &token, &nonce)
            }
            other => other,
        }
        .map_err(|e| OidcError::IdToken(e.to_string()))?;
        let identity = VerifiedIdentity {
            employer: p.employer_id,
            subject: claims.subject().to_string(),
            name: claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.to_string())
                .or_else(|| {
                    let given = claims.given_name().and_then(|n| n.get(None));
                    let family = claims.family_name().and_then(|n| n.get(None));
                    match (given, family) {
                        (Some(g), Some(f)) => Some(format!("{} {}", g.as_str(), f.as_str())),
                        (Some(g), None) => Some(g.to_string()),
                        _ => None,
                    }
                }),
            email: claims.email().map(|e| e.to_string()),
            roles: p
                .settings
                .groups_claim
                .as_deref()
                .map_or_else(Vec::new, |claim| {
                    p.settings
                        .role_map
                        .roles_for(groups(&claims.additional_claims().claims, claim))
                }),
        };
        Ok((identity, raw))
    }

    fn verify<'t>(
        &self,
        p: &SignInProvider,
        d: &Discovered,
        redirect: &Url,
        token: &'t OrkaIdToken,
        nonce: &Nonce,
    ) -> Result<
        &'t openidconnect::IdTokenClaims<OtherClaims, CoreGenderClaim>,
        ClaimsVerificationError,
    > {
        let client = Self::client(p, d, redirect)
            .map_err(|e| ClaimsVerificationError::Other(e.to_string()))?;
        let clock = self.clock.clone();
        let verifier = client.id_token_verifier().set_time_fn(move || clock.now());
        token.claims(&verifier, nonce)
    }

    /// Where to send the browser to sign out at the provider too, if it supports that.
    pub async fn logout_url(&self, p: &SignInProvider, id_token: &str, after: &Url) -> Option<Url> {
        let d = self.discovered(p).await.ok()?;
        let endpoint = d
            .metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(p.settings.client_id.clone()))
            .set_post_logout_redirect_uri(PostLogoutRedirectUrl::from_url(after.clone()));
        if let Ok(hint) = id_token.parse::<CoreIdToken>() {
            request = request.set_id_token_hint(&hint);
        }
        Some(request.http_get_url())
    }
}

/// The groups claim may be a list of strings or one string.
fn groups<'c>(claims: &'c serde_json::Map<String, serde_json::Value>, name: &str) -> Vec<&'c str> {
    match claims.get(name) {
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(|v| v.as_str()).collect(),
        Some(serde_json::Value::String(one)) => vec![one.as_str()],
        _ => vec![],
    }
}

/// An error and its sources on one line: the outer texts of HTTP errors hide the cause.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_read_from_a_list_or_a_single_string() {
        let claims: serde_json::Map<_, _> = serde_json::from_value(serde_json::json!({
            "groups": ["hr", 7, "chefer"],
            "role": "admins",
        }))
        .unwrap();
        assert_eq!(groups(&claims, "groups"), vec!["hr", "chefer"]);
        assert_eq!(groups(&claims, "role"), vec!["admins"]);
        assert!(groups(&claims, "missing").is_empty());
    }
}
