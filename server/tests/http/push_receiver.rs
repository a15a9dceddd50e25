//! A push service on loopback, as strict as the real ones: it checks the VAPID `Authorization`
//! (ES256, `aud` = its own origin, `exp` at most 24 h ahead, `sub` a mailto: or https: URI),
//! requires `TTL` and aes128gcm, and decrypts each message with the subscription's private key,
//! so tests read exactly what a browser would. Replies can be scripted per device.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jwt_simple::prelude::*;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};

/// What the receiver answers to the next message for a device.
#[derive(Clone, Debug)]
pub enum Reply {
    Status(u16),
    RetryAfter(u16, String),
    /// Waits this long before answering 201 (longer than the sender's timeout = a timeout).
    Slow(std::time::Duration),
}

/// One message as a browser would see it.
#[derive(Clone, Debug)]
pub struct Delivered {
    pub device: String,
    pub payload: serde_json::Value,
    pub ttl: u32,
    pub urgency: Option<String>,
    pub topic: Option<String>,
    /// The VAPID public key (`k`) the message was signed with.
    pub vapid_key: String,
    pub token: String,
    /// What the receiver answered.
    pub status: u16,
}

struct Keys {
    components: ece::EcKeyComponents,
    auth: Vec<u8>,
}

#[derive(Default)]
struct Inner {
    keys: HashMap<String, Keys>,
    script: HashMap<String, VecDeque<Reply>>,
    delivered: Vec<Delivered>,
    refused: Vec<String>,
}

#[derive(Clone)]
pub struct Receiver {
    pub origin: String,
    inner: Arc<Mutex<Inner>>,
}

impl Receiver {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let receiver = Self {
            origin,
            inner: Arc::default(),
        };
        let router = axum::Router::new()
            .route("/push/{device}", axum::routing::post(receive))
            .with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        receiver
    }

    /// A new browser subscription at this push service: the JSON a browser's
    /// `PushSubscription.toJSON()` gives, for POST /api/v1/push/subscriptions.
    pub fn subscription(&self, device: &str) -> serde_json::Value {
        let (pair, auth) = ece::generate_keypair_and_auth_secret().unwrap();
        let p256dh = URL_SAFE_NO_PAD.encode(pair.pub_as_raw().unwrap());
        self.inner.lock().unwrap().keys.insert(
            device.to_owned(),
            Keys {
                components: pair.raw_components().unwrap(),
                auth: auth.to_vec(),
            },
        );
        serde_json::json!({
            "endpoint": self.endpoint(device),
            "expirationTime": null,
            "keys": { "p256dh": p256dh, "auth": URL_SAFE_NO_PAD.encode(auth) },
        })
    }

    pub fn endpoint(&self, device: &str) -> String {
        format!("{}/push/{device}", self.origin)
    }

    /// Answers the next messages for `device` with these replies, in order, then 201 again.
    pub fn script(&self, device: &str, replies: impl IntoIterator<Item = Reply>) {
        self.inner
            .lock()
            .unwrap()
            .script
            .entry(device.to_owned())
            .or_default()
            .extend(replies);
    }

    /// Messages accepted (201), in arrival order.
    pub fn delivered(&self) -> Vec<Delivered> {
        self.inner
            .lock()
            .unwrap()
            .delivered
            .iter()
            .filter(|d| d.status == 201)
            .cloned()
            .collect()
    }

    /// Every message that arrived, whatever it was answered.
    pub fn attempts(&self) -> Vec<Delivered> {
        self.inner.lock().unwrap().delivered.clone()
    }

    /// Messages refused for bad VAPID or headers, with why.
    pub fn refused(&self) -> Vec<String> {
        self.inner.lock().unwrap().refused.clone()
    }

    pub fn distinct_tokens(&self) -> usize {
        let inner = self.inner.lock().unwrap();
        inner
            .delivered
            .iter()
            .map(|d| d.token.as_str())
            .collect::<HashSet<_>>()
            .len()
    }
}

fn refuse(r: &Receiver, status: StatusCode, why: String) -> Response {
    r.inner.lock().unwrap().refused.push(why.clone());
    (status, why).into_response()
}

/// RFC 8292 §2–3: `vapid t=<JWT>, k=<key>`; the JWT signed by `k`, for this origin.
fn check_vapid(origin: &str, headers: &HeaderMap) -> Result<(String, String), String> {
    let value = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .ok_or("no Authorization")?;
    let params = value.strip_prefix("vapid ").ok_or("not the vapid scheme")?;
    let mut t = None;
    let mut k = None;
    for part in params.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = Some(v.to_owned()),
            Some(("k", v)) => k = Some(v.to_owned()),
            _ => {}
        }
    }
    let (t, k) = (t.ok_or("no t")?, k.ok_or("no k")?);
    let raw = URL_SAFE_NO_PAD
        .decode(&k)
        .map_err(|_| "k is not base64url")?;
    if raw.len() != 65 || raw[0] != 4 {
        return Err("k is not an uncompressed P-256 point".into());
    }
    let key = ES256PublicKey::from_bytes(&raw).map_err(|e| format!("k: {e}"))?;
    let options = VerificationOptions {
        allowed_audiences: Some(HashSet::from([origin.to_owned()])),
        time_tolerance: Some(Duration::from_secs(0)),
        ..Default::default()
    };
    let claims = key
        .verify_token::<NoCustomClaims>(&t, Some(options))
        .map_err(|e| format!("JWT: {e}"))?;
    let exp = claims.expires_at.ok_or("no exp")?;
    if exp > Clock::now_since_epoch() + Duration::from_hours(24) {
        return Err("exp more than 24 hours ahead".into());
    }
    let sub = claims.subject.unwrap_or_default();
    if !(sub.starts_with("mailto:") || sub.starts_with("https:")) {
        return Err(format!("sub '{sub}' is not mailto: or https:"));
    }
    Ok((t, k))
}

async fn receive(
    State(r): State<Receiver>,
    Path(device): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (token, vapid_key) = match check_vapid(&r.origin, &headers) {
        Ok(v) => v,
        Err(why) => return refuse(&r, StatusCode::UNAUTHORIZED, why),
    };
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let Some(ttl) = header("ttl").and_then(|v| v.parse::<u32>().ok()) else {
        return refuse(&r, StatusCode::BAD_REQUEST, "no TTL".into());
    };
    if header("content-encoding").as_deref() != Some("aes128gcm") {
        return refuse(&r, StatusCode::BAD_REQUEST, "not aes128gcm".into());
    }
    let (plain, reply) = {
        let mut inner = r.inner.lock().unwrap();
        let Some(keys) = inner.keys.get(&device) else {
            drop(inner);
            return refuse(
                &r,
                StatusCode::NOT_FOUND,
                format!("unknown device {device}"),
            );
        };
        let plain = ece::decrypt(&keys.components, &keys.auth, &body);
        let reply = inner.script.get_mut(&device).and_then(|q| q.pop_front());
        (plain, reply)
    };
    let Ok(plain) = plain else {
        return refuse(
            &r,
            StatusCode::BAD_REQUEST,
            "payload does not decrypt".into(),
        );
    };
    let payload = serde_json::from_slice(&plain).unwrap_or(serde_json::Value::Null);
    let (status, retry_after) = match reply {
        None => (201, None),
        Some(Reply::Status(s)) => (s, None),
        Some(Reply::RetryAfter(s, after)) => (s, Some(after)),
        Some(Reply::Slow(wait)) => {
            tokio::time::sleep(wait).await;
            (201, None)
        }
    };
    r.inner.lock().unwrap().delivered.push(Delivered {
        device,
        payload,
        ttl,
        urgency: header("urgency"),
        topic: header("topic"),
        vapid_key,
        token,
        status,
    });
    let mut response = StatusCode::from_u16(status).unwrap().into_response();
    if let Some(after) = retry_after {
        response
            .headers_mut()
            .insert("retry-after", after.parse().unwrap());
    }
    response
}
