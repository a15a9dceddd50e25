//! Request-wide concerns: who is signed in, which language, cross-site protection and the
//! security headers (with a fresh CSP nonce per response).

use crate::auth::{LANG_COOKIE, SESSION_COOKIE};
use crate::state::AppState;
use app::i18n::Lang;
use app::server::{CspNonce, RequestLang, SignedIn};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use base64::Engine;
use rand::RngCore;
use service::sessions::{self, SessionToken};

/// Resolves the session cookie and the language once per request, as request extensions.
pub async fn identify(
    State(state): State<AppState>,
    jar: CookieJar,
    mut req: Request,
    next: Next,
) -> Response {
    let lang = jar
        .get(LANG_COOKIE)
        .and_then(|c| Lang::from_code(c.value()))
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Lang::negotiate)
        })
        .unwrap_or_default();
    req.extensions_mut().insert(RequestLang(lang));
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token);
    if let Some(raw) = bearer.filter(|_| req.uri().path().starts_with("/api/")) {
        // A native app's token. It stands alone: a cookie sent beside it is not looked at.
        match crate::auth::bearer_person(&state, &raw).await {
            Ok(person) => {
                req.extensions_mut().insert(SignedIn(person));
            }
            Err(refused) => return refused.problem(lang),
        }
    } else if let Some(cookie) = jar.get(&state.settings.cookie_name(SESSION_COOKIE)) {
        let token = SessionToken::from_cookie(cookie.value());
        let policy = state.settings.sessions;
        match sessions::resolve(&state.ctx.db, &token, policy, state.ctx.clock.now()).await {
            Ok(Some(person)) => {
                req.extensions_mut().insert(SignedIn(person));
            }
            Ok(None) => {}
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return crate::api::problem::Problem::internal(lang).into_response();
            }
        }
    }
    next.run(req).await
}

/// The token of an `Authorization: Bearer` header (the scheme is case-insensitive); an empty
/// one is still a bearer attempt, to be refused as such.
fn bearer_token(value: &str) -> Option<String> {
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// Refuses state-changing requests that a browser marks as coming from another site.
/// Browsers send `Sec-Fetch-Site` (and `Origin`) on such requests; native clients send neither.
pub async fn reject_cross_site(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && is_cross_site(req.headers(), &state.settings.origin())
    {
        return crate::api::problem::Problem::cross_site().into_response();
    }
    next.run(req).await
}

fn is_cross_site(headers: &HeaderMap, own_origin: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return true;
        }
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => origin != own_origin,
        None => false,
    }
}

/// Security headers on every response; the CSP nonce is made here and handed to the renderer.
pub async fn security_headers(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let mut bytes = [0u8; 18];
    rand::rng().fill_bytes(&mut bytes);
    let nonce = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let ok = res.status() == StatusCode::OK;
    let h = res.headers_mut();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    set(h, header::CONTENT_SECURITY_POLICY, &csp);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    set(h, "cross-origin-opener-policy", "same-origin");
    if state.settings.public_url.scheme() == "https" {
        set(
            h,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        let policy = if path.starts_with(&format!("/{}/", state.leptos_options.site_pkg_dir)) && ok
        {
            // File names carry a content hash: a new build gets new names.
            "public, max-age=31536000, immutable"
        } else if path.starts_with("/icons/")
            || path == "/manifest.webmanifest"
            || path == "/register-sw.js"
        {
            "public, max-age=86400"
        } else if path == "/sw.js" {
            "no-cache"
        } else {
            // Pages and API answers are personal: no shared or disk caches.
            "no-store"
        };
        set(h, header::CACHE_CONTROL, policy);
    }
    res
}

fn set(h: &mut HeaderMap, name: impl header::IntoHeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        h.insert(name, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn bearer_tokens_are_read_whatever_the_scheme_case() {
        assert_eq!(bearer_token("Bearer abc").as_deref(), Some("abc"));
        assert_eq!(bearer_token("bearer  abc ").as_deref(), Some("abc"));
        assert_eq!(bearer_token("Bearer").as_deref(), Some(""));
        assert_eq!(bearer_token("Basic b3JrYQ=="), None);
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        let own = "http://127.0.0.1:3000";
        assert!(
            !is_cross_site(&headers(&[]), own),
            "native clients send no browser headers"
        );
        assert!(!is_cross_site(
            &headers(&[
                ("sec-fetch-site", "same-origin"),
                ("origin", "http://127.0.0.1:3000")
            ]),
            own
        ));
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            own
        ));
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            own
        ));
        assert!(is_cross_site(
            &headers(&[("origin", "https://evil.example")]),
            own
        ));
        assert!(is_cross_site(&headers(&[("origin", "null")]), own));
    }
}
