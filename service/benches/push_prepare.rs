//! Push messages prepared per second on one core: aes128gcm encryption (RFC 8291) and the
//! VAPID header (RFC 8292), exactly as the worker prepares them: one token per push service,
//! reused. The same subscriptions, key and payload are written to a file for the Node
//! `web-push` comparison (`scripts/bench-push.sh` runs both and prints the ratio).
//!
//!     cargo bench -p service --bench push_prepare [-- OUT.json]

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use domain::guidance::Language;
use sea_orm::ConnectionTrait;
use service::push::{self, Message, PushKind, Sender, Target};
use service::Db;
use std::time::{Duration, Instant};

const MESSAGES: usize = 20_000;
const CONTACT: &str = "mailto:drift@orka.test";

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let out = std::env::args().skip(1).find(|a| a.ends_with(".json"));
    let dir = std::env::temp_dir().join(format!("orka-bench-push-{}", uuid::Uuid::new_v4()));
    let db = Db::connect(&format!("sqlite://{}/orka.db?mode=rwc", dir.display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let now = chrono::Utc::now();
    let key = push::current_key(&db, now).await.unwrap();
    // Browser keys: a few real P-256 pairs, each used by many subscriptions (the cost of a
    // message does not depend on which key it is for).
    let keys: Vec<(String, String)> = (0..64)
        .map(|_| {
            let (pair, auth) = ece::generate_keypair_and_auth_secret().unwrap();
            (
                URL_SAFE_NO_PAD.encode(pair.pub_as_raw().unwrap()),
                URL_SAFE_NO_PAD.encode(auth),
            )
        })
        .collect();
    let targets: Vec<Target> = (0..MESSAGES)
        .map(|i| {
            let (p256dh, auth) = keys[i % keys.len()].clone();
            Target {
                id: uuid::Uuid::new_v4(),
                endpoint: format!("https://fcm.googleapis.com/fcm/send/bench-{i}"),
                p256dh,
                auth,
                language: Language::Sv,
            }
        })
        .collect();
    let payload = push::payload(PushKind::CheckIn, Language::Sv, Some("2026-W48"));
    let sender = Sender::new(CONTACT.into(), Duration::from_secs(10), 1);
    let message = || Message {
        payload: payload.clone(),
        ttl: 12 * 3600,
        urgency: web_push::Urgency::Normal,
        topic: "check-in",
    };
    for t in targets.iter().take(500) {
        sender.prepare(&key, t, message()).unwrap();
    }
    let start = Instant::now();
    let mut bytes = 0;
    for t in &targets {
        bytes += sender.prepare(&key, t, message()).unwrap().body().len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "prepared {MESSAGES} messages ({} KiB) on one core in {secs:.2} s",
        bytes / 1024
    );
    println!("RESULT rust_per_sec={:.0}", MESSAGES as f64 / secs);

    if let Some(out) = out {
        let private: String = db
            .conn()
            .query_one_raw(sea_orm::Statement::from_string(
                db.backend(),
                "SELECT private_key FROM vapid_keys WHERE retired_at IS NULL",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "private_key")
            .unwrap();
        let subscriptions: Vec<_> = targets
            .iter()
            .map(|t| serde_json::json!({"endpoint": t.endpoint, "keys": {"p256dh": t.p256dh, "auth": t.auth}}))
            .collect();
        let input = serde_json::json!({
            "subject": CONTACT, "public_key": key.public_key, "private_key": private,
            "payload": STANDARD.encode(&payload), "ttl": 12 * 3600, "topic": "check-in",
            "subscriptions": subscriptions,
        });
        std::fs::write(&out, serde_json::to_vec(&input).unwrap()).unwrap();
    }
    let _ = std::fs::remove_dir_all(dir);
}
