//! RFC 9457 problem details: a stable `type` per kind of problem, a translated `title`, and
//! per-field messages for invalid input. Internal causes are logged, never sent.

use app::i18n::{Lang, Msg};
use axum::extract::rejection::JsonRejection;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; stable across versions.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For invalid input: one entry per field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field, e.g. `stress`, `work_ability`, `who5.2`, `note`.
    pub field: String,
    /// A stable code: `missing`, `not_a_number`, `out_of_range`, `too_long`, `wrong_type`.
    pub code: String,
    /// A message for people, in the request's language.
    pub message: String,
}

impl Problem {
    pub fn new(status: StatusCode, code: &str, title: impl Into<String>) -> Self {
        Self {
            kind: format!("urn:orka:problem:{code}"),
            title: title.into(),
            status: status.as_u16(),
            detail: None,
            errors: vec![],
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn internal(lang: Lang) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            lang.t(Msg::ErrInternal),
        )
    }

    pub fn signed_out(lang: Lang) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            lang.t(Msg::ErrSignedOut),
        )
    }

    pub fn cross_site() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "cross-site-request",
            "Cross-site request refused",
        )
    }

    pub fn invalid_persona() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-persona",
            "Unknown demo persona",
        )
        .detail("persona must be one of employee, manager, coordinator, sicklisted, admin")
    }

    pub fn invalid(lang: Lang, errors: Vec<FieldProblem>) -> Self {
        let mut p = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-input",
            lang.t(Msg::ErrorSummary),
        );
        p.errors = errors;
        p
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match serde_json::to_vec(&self) {
            Ok(body) => (
                status,
                [(header::CONTENT_TYPE, "application/problem+json")],
                body,
            )
                .into_response(),
            Err(_) => status.into_response(),
        }
    }
}

pub async fn not_found() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "not-found", "No such resource")
}

/// A JSON body, or a 400 problem saying what is wrong with it.
pub(crate) fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, Problem> {
    body.map(|Json(t)| t).map_err(|e| {
        Problem::new(StatusCode::BAD_REQUEST, "malformed-json", "Malformed JSON")
            .detail(e.body_text())
    })
}
