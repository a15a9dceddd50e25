//! The peer for the check-in load benchmark: a bare axum handler that accepts the same request
//! (JSON body in, JSON out) with no session, validation or database. Run by `scripts/bench.sh`.

use axum::routing::put;
use axum::{Json, Router};
use serde_json::{json, Value};

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3901".into());
    let app = Router::new().route(
        "/api/v1/checkins/{week}",
        put(|axum::extract::Path(week): axum::extract::Path<String>, Json(body): Json<Value>| async move {
            Json(json!({ "check_in": { "week": week, "stress": body["stress"] }, "signals": [] }))
        }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
