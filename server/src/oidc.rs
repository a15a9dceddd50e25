//! OpenID Connect with each employer's identity provider: discovery, the authorization code
//! flow with PKCE, ID-token verification, RP-initiated logout. Provider documents are cached
//! per employer; the key set is fetched again when a token names a key we have not seen.

use base64::Engine;
use chrono::{DateTime, Utc};
use domain::EmployerId;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthenticationFlow, CoreClaimName, CoreClaimType, CoreClient,
    CoreClientAuthMethod, CoreGenderClaim, CoreGrantType, CoreIdToken, CoreJsonWebKey,
    CoreJsonWebKeySet, CoreJsonWebKeyUse, CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm, CoreResponseMode, CoreResponseType,
    CoreSubjectIdentifierType,
};
use openidconnect::{
    AdditionalClaims, AdditionalProviderMetadata, AuthorizationCode, ClaimsVerificationError,
    ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken,
    IssuerUrl, JsonWebKey, JsonWebKeySet, LogoutProviderMetadata, LogoutRequest, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadata, RedirectUrl,
    Scope, SignatureVerificationError, TokenResponse,
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

/// Discovery fields beyond RP-initiated logout that Orka acts on.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
struct MixUpDefence {
    /// RFC 9207: the provider puts `iss` in every authorization response, so a response
    /// without it, or with another issuer's, did not come from this provider.
    #[serde(default)]
    authorization_response_iss_parameter_supported: bool,
}

impl AdditionalProviderMetadata for MixUpDefence {}

type Metadata = ProviderMetadata<
    LogoutProviderMetadata<MixUpDefence>,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

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
    #[error("the authorization response does not come from this employer's provider: {0}")]
    WrongIssuer(&'static str),
    #[error("the provider refused the authorization code: {0}")]
    TokenExchange(String),
    #[error("the provider's answer has no ID token")]
    NoIdToken,
    #[error("the ID token was refused: {0}")]
    IdToken(String),
}

#[derive(Clone)]
struct Discovered {
    metadata: Metadata,
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
        let metadata = Metadata::discover_async(issuer, &self.http)
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
    /// exactly, `aud` our client id, `exp`, and the nonce of this browser's attempt. Before the
    /// code goes anywhere, the authorization response's own `iss` (RFC 9207) must be this
    /// provider's where the provider sends one or promises to.
    pub async fn finish(
        &self,
        p: &SignInProvider,
        secrets: &AttemptSecrets,
        response_iss: Option<&str>,
        code: String,
        redirect: &Url,
    ) -> Result<(VerifiedIdentity, String), OidcError> {
        let d = self.discovered(p).await?;
        let promised = d
            .metadata
            .additional_metadata()
            .additional_metadata
            .authorization_response_iss_parameter_supported;
        response_issuer_matches(&p.settings.issuer, promised, response_iss)
            .map_err(OidcError::WrongIssuer)?;
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
        let claims = self
            .with_fresh_keys(p, d, |d| self.verify(p, d, redirect, &token, &nonce))
            .await?;
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

    /// Runs a token check, and once more with a newly fetched key set if the token names a key
    /// we have not seen: the provider may have rotated its keys since we last looked.
    async fn with_fresh_keys<T>(
        &self,
        p: &SignInProvider,
        mut d: Discovered,
        check: impl Fn(&Discovered) -> Result<T, ClaimsVerificationError>,
    ) -> Result<T, OidcError> {
        match check(&d) {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) if self.clock.now() - d.jwks_fetched >= JWKS_REFETCH_MIN => {
                let jwks = JsonWebKeySet::fetch_async(d.metadata.jwks_uri(), &self.http)
                    .await
                    .map_err(|e| OidcError::Discovery(error_chain(&e)))?;
                d.metadata = d.metadata.clone().set_jwks(jwks);
                d.jwks_fetched = self.clock.now();
                self.remember(p.employer_id, d.clone());
                check(&d)
            }
            other => other,
        }
        .map_err(|e| OidcError::IdToken(e.to_string()))
    }

    /// Checks an access token the provider issued for the mobile app and returns its `sub`:
    /// signature by one of the provider's keys (asymmetric algorithms only), `iss` exactly,
    /// `aud` the employer's API audience, `exp` and `nbf` against the service clock.
    ///
    /// `IdTokenVerifier` does not fit: it insists that `azp` is our client id, while an access
    /// token's `azp` is the app that asked for it. The JWS check itself is the library's.
    pub async fn verify_access_token(
        &self,
        p: &SignInProvider,
        raw: &str,
    ) -> Result<String, OidcError> {
        let audience = p
            .settings
            .api_audience
            .as_deref()
            .ok_or_else(|| OidcError::IdToken("no API audience is configured".into()))?;
        let token = AccessJwt::parse(raw).map_err(OidcError::IdToken)?;
        let d = self.discovered(p).await?;
        self.with_fresh_keys(p, d, |d| token.verify_signature(d.metadata.jwks()))
            .await?;
        token
            .check_claims(&p.settings.issuer, audience, self.clock.now())
            .map_err(OidcError::IdToken)
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

/// RFC 9207 section 2.4: an `iss` that is present must be exactly the issuer the request went
/// to; a provider that announces the parameter must send it.
fn response_issuer_matches(
    issuer: &str,
    promised: bool,
    got: Option<&str>,
) -> Result<(), &'static str> {
    match got {
        Some(got) if got == issuer => Ok(()),
        Some(_) => Err("another issuer's response"),
        None if promised => Err("no iss, though the provider sends one"),
        None => Ok(()),
    }
}

/// The issuer and audiences an access token claims, before anything about it is trusted: only
/// to pick the one employer whose settings to check it against.
pub fn claimed_issuer_and_audiences(raw: &str) -> Option<(String, Vec<String>)> {
    let claims = AccessJwt::parse(raw).ok()?.claims;
    let audiences = match claims.aud {
        OneOrMany::None => vec![],
        OneOrMany::One(a) => vec![a],
        OneOrMany::Many(all) => all,
    };
    Some((claims.iss, audiences))
}

/// A compact JWS access token, split and decoded but not yet trusted.
pub(crate) struct AccessJwt {
    alg: CoreJwsSigningAlgorithm,
    kid: Option<String>,
    signing_input: String,
    signature: Vec<u8>,
    claims: AccessClaims,
}

#[derive(Deserialize)]
struct JoseHeader {
    alg: CoreJwsSigningAlgorithm,
    kid: Option<String>,
    typ: Option<String>,
    #[serde(default)]
    crit: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct AccessClaims {
    iss: String,
    #[serde(default)]
    aud: OneOrMany,
    exp: i64,
    nbf: Option<i64>,
    sub: String,
    /// ID tokens carry a nonce; an access token does not, so one is refused here.
    nonce: Option<serde_json::Value>,
}

#[derive(Default, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl AccessJwt {
    pub(crate) fn parse(raw: &str) -> Result<AccessJwt, String> {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut parts = raw.split('.');
        let (Some(h), Some(c), Some(sig), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err("not a compact JWS".into());
        };
        let decode = |part: &str| b64.decode(part).map_err(|_| "bad base64url".to_string());
        let header: JoseHeader =
            serde_json::from_slice(&decode(h)?).map_err(|e| format!("header: {e}"))?;
        if header.crit.is_some() {
            return Err("critical header fields are not supported".into());
        }
        // RFC 9068 names `at+jwt`; many providers still say `JWT`.
        if let Some(typ) = header.typ.as_deref() {
            let typ = typ.to_ascii_lowercase();
            let typ = typ.strip_prefix("application/").unwrap_or(&typ);
            if typ != "jwt" && typ != "at+jwt" {
                return Err(format!("token type {typ} is not an access token"));
            }
        }
        let asymmetric = matches!(
            header.alg,
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256
                | CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384
                | CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512
                | CoreJwsSigningAlgorithm::RsaSsaPssSha256
                | CoreJwsSigningAlgorithm::RsaSsaPssSha384
                | CoreJwsSigningAlgorithm::RsaSsaPssSha512
                | CoreJwsSigningAlgorithm::EcdsaP256Sha256
                | CoreJwsSigningAlgorithm::EcdsaP384Sha384
                | CoreJwsSigningAlgorithm::EdDsa
        );
        if !asymmetric {
            return Err("the signature algorithm is not accepted".into());
        }
        let claims: AccessClaims =
            serde_json::from_slice(&decode(c)?).map_err(|e| format!("claims: {e}"))?;
        Ok(AccessJwt {
            alg: header.alg,
            kid: header.kid,
            signing_input: format!("{h}.{c}"),
            signature: decode(sig)?,
            claims,
        })
    }

    fn verify_signature(&self, keys: &CoreJsonWebKeySet) -> Result<(), ClaimsVerificationError> {
        let candidates: Vec<_> = keys
            .keys()
            .iter()
            .filter(|k| match (&self.kid, k.key_id()) {
                (Some(want), Some(have)) => **have == *want,
                (Some(_), None) => false,
                (None, _) => true,
            })
            .filter(|k| {
                k.key_use()
                    .is_none_or(|u| *u == CoreJsonWebKeyUse::Signature)
            })
            .collect();
        if candidates.is_empty() {
            return Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            ));
        }
        let input = self.signing_input.as_bytes();
        if candidates.iter().any(|k| {
            k.verify_signature(&self.alg, input, &self.signature)
                .is_ok()
        }) {
            Ok(())
        } else {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::CryptoError("the signature does not verify".into()),
            ))
        }
    }

    pub(crate) fn check_claims(
        &self,
        issuer: &str,
        audience: &str,
        now: DateTime<Utc>,
    ) -> Result<String, String> {
        let c = &self.claims;
        if c.iss != issuer {
            return Err("issued by another issuer".into());
        }
        let audience_ok = match &c.aud {
            OneOrMany::One(a) => a == audience,
            OneOrMany::Many(all) => all.iter().any(|a| a == audience),
            OneOrMany::None => false,
        };
        if !audience_ok {
            return Err("meant for another audience".into());
        }
        let now = now.timestamp();
        if c.exp <= now {
            return Err("expired".into());
        }
        if c.nbf.is_some_and(|nbf| nbf > now) {
            return Err("not valid yet".into());
        }
        if c.nonce.is_some() {
            return Err("an ID token is not an access token".into());
        }
        if c.sub.is_empty() {
            return Err("no subject".into());
        }
        Ok(c.sub.clone())
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
    fn an_authorization_response_must_name_this_provider_where_it_names_one() {
        let us = "https://idp.umea.example";
        assert_eq!(response_issuer_matches(us, true, Some(us)), Ok(()));
        assert_eq!(response_issuer_matches(us, false, Some(us)), Ok(()));
        assert_eq!(
            response_issuer_matches(us, false, None),
            Ok(()),
            "older providers"
        );
        assert!(response_issuer_matches(us, true, None).is_err());
        for other in ["https://evil.example", "https://idp.umea.example/", ""] {
            assert!(
                response_issuer_matches(us, false, Some(other)).is_err(),
                "{other}"
            );
            assert!(
                response_issuer_matches(us, true, Some(other)).is_err(),
                "{other}"
            );
        }
    }

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
