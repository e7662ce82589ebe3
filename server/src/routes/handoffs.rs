//! Handing a draft to another phone: the volunteer's device uploads a drafts export and
//! gets a short code; the citizen's phone fetches the export with that code, once. The
//! storage rules are in [`crate::handoffs`], the code's in `domain::handoff`.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::device_export;
use domain::handoff::{HandoffCode, HandoffCreated};
use domain::ApiError;
use std::convert::Infallible;

use crate::dossiers::{now_unix, rfc3339_vn};
use crate::error::AppError;
use crate::routes::registry::ClientIp;
use crate::routes::ApiPath;
use crate::state::AppState;
use super::no_store;

/// Keeps a drafts export (the file "Xuất bản nháp" writes, `portal-device-export`
/// version 1) for a day under a new 8-character code. The whole file is checked first,
/// every attachment's checksum included, so the phone never receives a broken draft.
#[utoipa::path(
    post,
    path = "/api/v1/handoffs",
    tag = "handoffs",
    request_body(
        content = serde_json::Value,
        content_type = "application/json",
        description = "A drafts export, `portal-device-export` version 1 (`domain::device_export`), with at least one draft; at most the dossier upload limit (52 MiB)",
    ),
    responses(
        (status = 201, description = "Stored until `expires_at` (24 hours); `Cache-Control: no-store`", body = HandoffCreated),
        (status = 400, description = "Not a valid version-1 drafts export, or one without drafts (`bad_request`), with the reason", body = ApiError),
        (status = 413, description = "Over the upload limit (`payload_too_large`)", body = ApiError),
        (status = 429, description = "Too many hand-offs stored or fetched by this client (`rate_limited`)", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds until the next hand-off request is allowed"))),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    request: Request,
) -> Result<Response, AppError> {
    // Before the body is read: a refused client must not make us buffer 52 MiB first.
    state.handoff_limiter.admit(ip)?;
    let body = Bytes::from_request(request, &state).await.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::HandoffTooLarge
        } else {
            AppError::BadJson(r.body_text())
        }
    })?;
    // Parsing, base64 and SHA-256 over tens of megabytes: off the async workers.
    let body = tokio::task::spawn_blocking(move || {
        let export = device_export::read(&body).map_err(AppError::InvalidHandoff)?;
        export.validate().map_err(AppError::InvalidHandoff)?;
        if export.drafts.is_empty() {
            return Err(AppError::EmptyHandoff);
        }
        Ok(body)
    })
    .await??;
    let now = now_unix();
    let (code, expires_at) = state
        .db
        .write(move |tx| crate::handoffs::put(tx, &body, now))
        .await??;
    let created = HandoffCreated {
        code: code.to_string(),
        expires_at: rfc3339_vn(expires_at),
    };
    Ok(no_store(
        (StatusCode::CREATED, Json(created)).into_response(),
    ))
}

/// The drafts export stored under `code`, exactly as it was sent, and deleted as it is
/// answered: a code works once. Typing is forgiving (any case, spaces and dashes
/// ignored, O for 0, I or L for 1).
#[utoipa::path(
    get,
    path = "/api/v1/handoffs/{code}",
    tag = "handoffs",
    params(("code" = String, Path, description = "The 8-character code, as typed", example = "K7QX-3M2P")),
    responses(
        (status = 200, description = "The drafts export, byte for byte as uploaded; `Cache-Control: no-store`", body = serde_json::Value),
        (status = 400, description = "Not a code: wrong length or a character no code has (`invalid_parameter`)", body = ApiError),
        (status = 404, description = "No draft under this code: unknown, already taken or expired (`not_found`)", body = ApiError),
        (status = 429, description = "Too many hand-offs stored or fetched by this client (`rate_limited`)", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds until the next hand-off request is allowed"))),
    )
)]
pub async fn take(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(raw): ApiPath<String>,
) -> Result<Response, AppError> {
    // First, so malformed codes count too: they are guesses as much as unknown ones.
    state.handoff_limiter.admit(ip)?;
    let code = HandoffCode::parse(&raw).map_err(AppError::InvalidHandoffCode)?;
    let now = now_unix();
    // Not-found is decided after the commit: an error inside the transaction would roll
    // back the deletion of expired rows along with it.
    let body = state
        .db
        .write(move |tx| crate::handoffs::take(tx, &code, now).map(Ok::<_, Infallible>))
        .await?
        .unwrap_or_else(|never| match never {})
        .ok_or(AppError::HandoffNotFound)?;
    let response = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        Body::from(body),
    )
        .into_response();
    Ok(no_store(response))
}

/// The hand-off route's body limit answers a too-large `Content-Length` before the
/// handler runs, in plain text; this gives that answer the hand-off's own words (the
/// shared error shape would quote the small limit of the other routes).
pub async fn handoff_too_large(response: Response) -> Response {
    super::dossiers::reword_plain_413(response, || AppError::HandoffTooLarge)
}
