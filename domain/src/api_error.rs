//! The one error shape of the portal API, so the app can show the server's words.

use serde::{Deserialize, Serialize};

/// Stable machine codes: clients switch on these, never on the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrorCode {
    NotFound,
    BadRequest,
    InvalidProcedureCode,
    InvalidParameter,
    MethodNotAllowed,
    PayloadTooLarge,
    RateLimited,
    Conflict,
    /// The same Idempotency-Key was sent before with a different body.
    IdempotencyConflict,
    /// Submitted answers failed the server's check; `fields` says where.
    ValidationFailed,
    /// A file is not of an accepted type by its bytes.
    UnsupportedMediaType,
    Internal,
}

/// Body of every non-2xx API answer: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub error: ApiErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub code: ErrorCode,
    /// Vietnamese message, shown by default.
    pub message_vi: String,
    pub message_en: String,
    /// Per-field problems when the server re-validated submitted answers
    /// (`validation_failed`), so the app can show each beside its field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<crate::form::FieldError>,
}

impl ApiError {
    pub fn new(
        code: ErrorCode,
        message_vi: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        ApiError {
            error: ApiErrorBody {
                code,
                message_vi: message_vi.into(),
                message_en: message_en.into(),
                fields: Vec::new(),
            },
        }
    }
}
