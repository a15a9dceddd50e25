//! Sending one push: `web-push` signs (VAPID, RFC 8292) and builds the request around the
//! payload we encrypt (aes128gcm, RFC 8291, see `seal`); our own HTTP client sends, with a
//! timeout, and every answer is read, `Retry-After` included.

use super::vapid::VapidKey;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use domain::reminders::PushAnswer;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::Semaphore;
use uuid::Uuid;
use web_push::{
    ContentEncoding, SubscriptionInfo, Urgency, VapidSignature, WebPushMessage, WebPushPayload,
};

/// How long a VAPID token is valid (RFC 8292 allows up to 24 hours) and how close to its end
/// a new one is made.
const TOKEN_LIFETIME: Duration = Duration::from_secs(12 * 3600);
const TOKEN_RENEW_BEFORE: Duration = Duration::from_secs(3600);

/// Where a push goes: one device's subscription.
#[derive(Clone)]
pub struct Target {
    pub id: Uuid,
    /// A capability URL: whoever holds it can push to the device, so it stays out of logs.
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub language: domain::guidance::Language,
}

pub struct Message {
    pub payload: Vec<u8>,
    pub ttl: u32,
    pub urgency: Urgency,
    /// Replaces an undelivered push with the same topic at the push service: at most 32
    /// base64url characters (RFC 8030), so only the fixed names in `worker`.
    pub topic: &'static str,
}

pub struct Sender {
    client: reqwest::Client,
    /// `sub` of every VAPID token: how a push service reaches the operator.
    contact: String,
    per_origin: usize,
    tokens: Mutex<HashMap<(Uuid, String), (VapidSignature, Instant)>>,
    gates: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl Sender {
    pub fn new(contact: String, timeout: Duration, per_origin: usize) -> Self {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            // An endpoint is checked against the allow-list; a redirect would leave it.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client with rustls and no redirects builds");
        Self {
            client,
            contact,
            per_origin: per_origin.max(1),
            tokens: Mutex::default(),
            gates: Mutex::default(),
        }
    }

    fn gate(&self, origin: &str) -> Arc<Semaphore> {
        let mut gates = self.gates.lock().unwrap_or_else(|e| e.into_inner());
        gates
            .entry(origin.to_owned())
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_origin)))
            .clone()
    }

    /// One token per (key, push service), reused until shortly before it expires.
    fn token(
        &self,
        key: &VapidKey,
        origin: &str,
        device: &Target,
    ) -> Result<VapidSignature, web_push::WebPushError> {
        let slot = (key.id, origin.to_owned());
        let now = Instant::now();
        // Held while signing: the sends of a fan-out start together, and one token is enough.
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((sig, renew_at)) = tokens.get(&slot) {
            if now < *renew_at {
                return Ok(sig.clone());
            }
        }
        // Push services check `exp` against real time, so this is the system clock.
        let exp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            + TOKEN_LIFETIME;
        // The crate wants a subscription to sign for; `aud` is set to the origin below anyway.
        let info = SubscriptionInfo::new(
            device.endpoint.clone(),
            device.p256dh.clone(),
            device.auth.clone(),
        );
        let mut builder = key.signer().add_sub_info(&info);
        builder.add_claim("aud", origin);
        builder.add_claim("sub", self.contact.as_str());
        builder.add_claim("exp", exp.as_secs());
        let sig = builder.build()?;
        tokens.insert(
            slot,
            (sig.clone(), now + TOKEN_LIFETIME - TOKEN_RENEW_BEFORE),
        );
        Ok(sig)
    }

    /// Encrypts and signs `message` for `device` (CPU work: call off the async workers).
    /// The request is the `web-push` crate's; only sending it is ours.
    pub fn prepare(
        &self,
        key: &VapidKey,
        device: &Target,
        message: Message,
    ) -> Result<http::Request<Vec<u8>>, web_push::WebPushError> {
        let origin = origin(&device.endpoint).ok_or(web_push::WebPushError::InvalidUri)?;
        let sig = self.token(key, &origin, device)?;
        let (Some(ua_public), Some(auth)) = (
            super::subscriptions::decoded(&device.p256dh),
            super::subscriptions::decoded(&device.auth),
        ) else {
            return Err(web_push::WebPushError::InvalidCryptoKeys);
        };
        let content =
            super::seal::seal(&ua_public, &auth, &message.payload).map_err(|e| match e {
                super::seal::SealError::TooLarge => web_push::WebPushError::PayloadTooLarge,
                super::seal::SealError::BadKey => web_push::WebPushError::InvalidCryptoKeys,
            })?;
        let authorization = format!(
            "vapid t={}, k={}",
            sig.auth_t,
            URL_SAFE_NO_PAD.encode(&sig.auth_k)
        );
        let message = WebPushMessage {
            endpoint: device.endpoint.parse()?,
            ttl: message.ttl,
            urgency: Some(message.urgency),
            topic: Some(message.topic.to_owned()),
            payload: Some(WebPushPayload {
                content,
                crypto_headers: vec![("Authorization", authorization)],
                content_encoding: ContentEncoding::Aes128Gcm,
            }),
        };
        Ok(web_push::request_builder::build_request::<Vec<u8>>(message))
    }

    /// Sends `message` to `device`. Returns what the answer means, and the HTTP status if
    /// there was one.
    pub async fn send(
        self: &Arc<Self>,
        key: &VapidKey,
        device: &Target,
        message: Message,
        now: chrono::DateTime<chrono::Utc>,
    ) -> (PushAnswer, Option<u16>) {
        let Some(origin) = origin(&device.endpoint) else {
            return (PushAnswer::Rejected, None);
        };
        let gate = self.gate(&origin);
        let Ok(_permit) = gate.acquire_owned().await else {
            return (PushAnswer::Failed, None);
        };
        let (sender, key, device2) = (self.clone(), key.clone(), device.clone());
        let built =
            tokio::task::spawn_blocking(move || sender.prepare(&key, &device2, message)).await;
        let request = match built {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => {
                // A key the browser gave us that is not a P-256 point, or a payload too big.
                tracing::warn!(error = %e, "push message could not be built");
                return (PushAnswer::Rejected, None);
            }
            Err(_) => return (PushAnswer::Failed, None),
        };
        let mut send = self.client.post(device.endpoint.as_str());
        for (name, value) in request.headers() {
            send = send.header(name.as_str(), value.as_bytes());
        }
        match send.body(request.into_body()).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let retry_after = response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                (
                    PushAnswer::from_status(status, retry_after.as_deref(), now),
                    Some(status),
                )
            }
            Err(e) => {
                tracing::info!(timeout = e.is_timeout(), "push service unreachable");
                (PushAnswer::Failed, None)
            }
        }
    }
}

/// A push service's origin, the unit VAPID tokens and concurrency limits are kept per.
fn origin(endpoint: &str) -> Option<String> {
    url::Url::parse(endpoint)
        .ok()
        .map(|u| u.origin().ascii_serialization())
}
