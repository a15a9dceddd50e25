//! A real OpenID Connect provider on loopback for the sign-in tests: discovery, a key set,
//! an authorization endpoint that signs in the configured person at once, a token endpoint
//! that checks client authentication, PKCE and single use of codes, and signs ID tokens with
//! RS256. A `Twist` makes it misbehave the way hostile or broken providers do.

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{
    CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreRsaPrivateSigningKey,
};
use openidconnect::{
    AdditionalClaims, Audience, EndUserEmail, EndUserName, IdToken, IdTokenClaims, IssuerUrl,
    JsonWebKeyId, Nonce, PrivateSigningKey, StandardClaims, SubjectIdentifier,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const CLIENT_ID: &str = "orka";
pub const CLIENT_SECRET: &str = "test-client-secret";

/// How the next token goes wrong, if at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Twist {
    None,
    WrongNonce,
    WrongIssuer,
    WrongAudience,
    Expired,
    /// Signed with a key the provider never publishes.
    UnknownKid,
    /// The payload changed after signing.
    Tampered,
    /// Signed with a new key that the provider has just started publishing.
    RotatedKey,
}

#[derive(Clone, Debug)]
pub struct User {
    pub sub: String,
    pub name: String,
    pub email: String,
    pub groups: Vec<String>,
}

pub fn user(sub: &str, name: &str, groups: &[&str]) -> User {
    User {
        sub: sub.into(),
        name: name.into(),
        email: format!("{sub}@example.se"),
        groups: groups.iter().map(|g| g.to_string()).collect(),
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
struct GroupClaims {
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    groups: Vec<String>,
}
impl AdditionalClaims for GroupClaims {}

struct Grant {
    redirect_uri: String,
    nonce: Option<String>,
    challenge: String,
    user: User,
}

struct Inner {
    issuer: String,
    now: DateTime<Utc>,
    user: User,
    twist: Twist,
    codes: HashMap<String, Grant>,
    jwks_fetches: usize,
    publish_rotated: bool,
    /// RFC 9207: announce and send `iss` in authorization responses.
    iss_in_responses: bool,
}

#[derive(Clone)]
pub struct Provider {
    inner: Arc<Mutex<Inner>>,
    main_key: Arc<CoreRsaPrivateSigningKey>,
    other_key: Arc<CoreRsaPrivateSigningKey>,
}

impl Provider {
    /// Starts a provider on a free loopback port; tokens are issued at `now`.
    pub async fn start(now: DateTime<Utc>) -> Provider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let key = |pem: &str, kid: &str| {
            Arc::new(
                CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new(kid.into())))
                    .unwrap(),
            )
        };
        let provider = Provider {
            inner: Arc::new(Mutex::new(Inner {
                issuer,
                now,
                user: user("person-1", "Test Person", &[]),
                twist: Twist::None,
                codes: HashMap::new(),
                jwks_fetches: 0,
                publish_rotated: false,
                iss_in_responses: false,
            })),
            main_key: key(include_str!("keys/test-a.pem"), "key-a"),
            other_key: key(include_str!("keys/test-b.pem"), "key-b"),
        };
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .route("/logout", get(|| async { "signed out at the provider" }))
            .with_state(provider.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        provider
    }

    pub fn issuer(&self) -> String {
        self.inner.lock().unwrap().issuer.clone()
    }

    /// Who the next sign-in at this provider is.
    pub fn sign_in_as(&self, user: User) {
        self.inner.lock().unwrap().user = user;
    }

    pub fn twist(&self, twist: Twist) {
        let mut inner = self.inner.lock().unwrap();
        inner.twist = twist;
        inner.publish_rotated = twist == Twist::RotatedKey;
    }

    /// Tokens are issued at `now` from here on.
    pub fn set_now(&self, now: DateTime<Utc>) {
        self.inner.lock().unwrap().now = now;
    }

    /// Announces RFC 9207 and puts `iss` in every authorization response from now on.
    pub fn send_iss_in_responses(&self) {
        self.inner.lock().unwrap().iss_in_responses = true;
    }

    pub fn jwks_fetches(&self) -> usize {
        self.inner.lock().unwrap().jwks_fetches
    }

    fn sign(&self, grant: &Grant) -> String {
        let inner = self.inner.lock().unwrap();
        let twist = inner.twist;
        let issuer = if twist == Twist::WrongIssuer {
            format!("{}/other", inner.issuer)
        } else {
            inner.issuer.clone()
        };
        let audience = if twist == Twist::WrongAudience {
            "someone-else"
        } else {
            CLIENT_ID
        };
        let (issued, expires) = if twist == Twist::Expired {
            (
                inner.now - Duration::hours(2),
                inner.now - Duration::hours(1),
            )
        } else {
            (inner.now, inner.now + Duration::minutes(5))
        };
        let nonce = if twist == Twist::WrongNonce {
            Some("not-the-nonce".to_owned())
        } else {
            grant.nonce.clone()
        };
        let claims = IdTokenClaims::new(
            IssuerUrl::new(issuer).unwrap(),
            vec![Audience::new(audience.into())],
            expires,
            issued,
            StandardClaims::new(SubjectIdentifier::new(grant.user.sub.clone()))
                .set_name(Some(EndUserName::new(grant.user.name.clone()).into()))
                .set_email(Some(EndUserEmail::new(grant.user.email.clone()))),
            GroupClaims {
                groups: grant.user.groups.clone(),
            },
        )
        .set_nonce(nonce.map(Nonce::new));
        let key = match twist {
            Twist::UnknownKid | Twist::RotatedKey => &self.other_key,
            _ => &self.main_key,
        };
        let token = IdToken::<
            GroupClaims,
            CoreGenderClaim,
            CoreJweContentEncryptionAlgorithm,
            CoreJwsSigningAlgorithm,
        >::new(
            claims,
            key.as_ref(),
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            None,
            None,
        )
        .unwrap()
        .to_string();
        if twist == Twist::Tampered {
            tamper(&token)
        } else {
            token
        }
    }
}

impl Provider {
    /// An RFC 9068 access token for the mobile app (`typ` at+jwt, `azp` the app's own client
    /// id), signed like the ID tokens and spoiled by the current twist the same way.
    pub fn access_token(&self, sub: &str, audience: &str) -> String {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let (issuer, now, twist) = {
            let inner = self.inner.lock().unwrap();
            (inner.issuer.clone(), inner.now, inner.twist)
        };
        let (key, kid) = match twist {
            Twist::UnknownKid | Twist::RotatedKey => (&self.other_key, "key-b"),
            _ => (&self.main_key, "key-a"),
        };
        let (iat, exp) = if twist == Twist::Expired {
            (now - Duration::hours(2), now - Duration::hours(1))
        } else {
            (now, now + Duration::minutes(5))
        };
        let mut claims = serde_json::json!({
            "iss": if twist == Twist::WrongIssuer { format!("{issuer}/other") } else { issuer },
            "aud": if twist == Twist::WrongAudience { "someone-else" } else { audience },
            "sub": sub,
            "azp": "orka-mobile",
            "client_id": "orka-mobile",
            "scope": "orka.api",
            "jti": uuid::Uuid::new_v4().to_string(),
            "iat": iat.timestamp(),
            "exp": exp.timestamp(),
        });
        if twist == Twist::WrongNonce {
            // What an ID token looks like: it must not pass as an access token.
            claims["nonce"] = "n-0".into();
        }
        let header = serde_json::json!({ "alg": "RS256", "typ": "at+jwt", "kid": kid });
        let input = format!(
            "{}.{}",
            b64.encode(serde_json::to_vec(&header).unwrap()),
            b64.encode(serde_json::to_vec(&claims).unwrap())
        );
        let signature = key
            .sign(
                &CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
                input.as_bytes(),
            )
            .unwrap();
        let token = format!("{input}.{}", b64.encode(signature));
        if twist == Twist::Tampered {
            tamper(&token)
        } else {
            token
        }
    }
}

/// Swaps the subject in a signed token for another person's, keeping the signature.
fn tamper(token: &str) -> String {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = token.split('.').collect();
    let mut payload: serde_json::Value =
        serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap();
    payload["sub"] = "somebody-else".into();
    let payload = b64.encode(serde_json::to_vec(&payload).unwrap());
    format!("{}.{}.{}", parts[0], payload, parts[2])
}

async fn discovery(State(p): State<Provider>) -> Json<serde_json::Value> {
    let issuer = p.issuer();
    let iss_in_responses = p.inner.lock().unwrap().iss_in_responses;
    Json(serde_json::json!({
        "authorization_response_iss_parameter_supported": iss_in_responses,
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "end_session_endpoint": format!("{issuer}/logout"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
    }))
}

async fn jwks(State(p): State<Provider>) -> Json<serde_json::Value> {
    let mut keys = vec![serde_json::to_value(p.main_key.as_verification_key()).unwrap()];
    let mut inner = p.inner.lock().unwrap();
    inner.jwks_fetches += 1;
    if inner.publish_rotated {
        keys.push(serde_json::to_value(p.other_key.as_verification_key()).unwrap());
    }
    Json(serde_json::json!({ "keys": keys }))
}

#[derive(Deserialize)]
struct AuthorizeQuery {
    client_id: String,
    redirect_uri: String,
    response_type: String,
    state: String,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    scope: String,
}

async fn authorize(State(p): State<Provider>, Query(q): Query<AuthorizeQuery>) -> Response {
    let bad = q.client_id != CLIENT_ID
        || q.response_type != "code"
        || !q.scope.split(' ').any(|s| s == "openid")
        || q.code_challenge_method.as_deref() != Some("S256");
    let Some(challenge) = q.code_challenge.filter(|_| !bad) else {
        return (StatusCode::BAD_REQUEST, "bad authorization request").into_response();
    };
    let code = uuid::Uuid::new_v4().simple().to_string();
    let mut inner = p.inner.lock().unwrap();
    let user = inner.user.clone();
    inner.codes.insert(
        code.clone(),
        Grant {
            redirect_uri: q.redirect_uri.clone(),
            nonce: q.nonce,
            challenge,
            user,
        },
    );
    let mut back = url::Url::parse(&q.redirect_uri).unwrap();
    back.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &q.state);
    if inner.iss_in_responses {
        back.query_pairs_mut().append_pair("iss", &inner.issuer);
    }
    Redirect::to(back.as_str()).into_response()
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: String,
    code: String,
    redirect_uri: String,
    code_verifier: String,
}

async fn token(
    State(p): State<Provider>,
    headers: HeaderMap,
    Form(f): Form<TokenForm>,
) -> Response {
    let b64 = base64::engine::general_purpose::STANDARD;
    let expected = format!(
        "Basic {}",
        b64.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    // A code is good once: a replay finds nothing.
    let grant = p.inner.lock().unwrap().codes.remove(&f.code);
    let Some(grant) = grant else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    };
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(Sha256::digest(f.code_verifier.as_bytes()));
    if f.grant_type != "authorization_code"
        || f.redirect_uri != grant.redirect_uri
        || challenge != grant.challenge
    {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    Json(serde_json::json!({
        "access_token": uuid::Uuid::new_v4().to_string(),
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": p.sign(&grant),
    }))
    .into_response()
}

fn oauth_error(status: StatusCode, error: &str) -> Response {
    (status, Json(serde_json::json!({ "error": error }))).into_response()
}
