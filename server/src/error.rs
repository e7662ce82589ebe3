//! Errors: those that stop the server from starting, and those a request can meet.
//!
//! Every request error leaves as `domain::ApiError` so the app can show the server's own
//! words in Vietnamese (and English for developers and foreign residents).

use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::{ApiError, ErrorCode};
use std::path::PathBuf;

use crate::db::DbError;
use crate::forms::FormFilesError;
use crate::registry::RegistrySeedError;
use crate::seed::SeedError;
use crate::static_files::DistError;

/// Why the server could not start. Printed once and the process exits non-zero.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Seed(#[from] SeedError),
    #[error(transparent)]
    Registry(#[from] RegistrySeedError),
    #[error(transparent)]
    Forms(#[from] FormFilesError),
    #[error(transparent)]
    Dist(#[from] DistError),
    #[error("cannot build the catalogue index: {0}")]
    Catalogue(#[source] serde_json::Error),
    #[error("cannot serialise the official form of {code}: {source}")]
    FormBody {
        code: String,
        source: serde_json::Error,
    },
    #[error("cannot compress a startup body: {0}")]
    Compress(#[source] std::io::Error),
    #[error("cannot render the OpenAPI document: {0}")]
    OpenApi(#[source] serde_json::Error),
    #[error("a startup task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// What can go wrong while answering one request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("no API endpoint at {0}")]
    UnknownPath(String),
    #[error("method {0} not allowed")]
    MethodNotAllowed(Method),
    #[error("invalid procedure code {0:?}")]
    InvalidProcedureCode(String),
    #[error("no procedure with code {0}")]
    ProcedureNotFound(String),
    #[error("invalid province code {0:?}")]
    InvalidProvinceCode(String),
    #[error("no province with code {0}")]
    ProvinceNotFound(u32),
    #[error("malformed path parameter: {0}")]
    BadPathParameter(String),
    #[error("invalid tax code: {0}")]
    InvalidMst(domain::ids::MstError),
    #[error("no registry entry with tax code {0}")]
    EnterpriseNotFound(String),
    #[error("rate limited; retry after {retry_after} s")]
    RateLimited { retry_after: u64 },
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("background task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("cannot encode response: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("cannot compress response: {0}")]
    Compress(#[source] std::io::Error),
}

/// Client text echoed inside messages is cut so an error cannot be made arbitrarily big.
fn clip(s: &str) -> String {
    const MAX: usize = 80;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

impl AppError {
    fn to_api_error(&self) -> (StatusCode, ApiError) {
        use AppError::*;
        match self {
            UnknownPath(path) => (
                StatusCode::NOT_FOUND,
                ApiError::new(
                    ErrorCode::NotFound,
                    format!("Không có địa chỉ API “{}”. Xem danh sách tại /api/openapi.json.", clip(path)),
                    format!("There is no API endpoint at “{}”. See /api/openapi.json for the list.", clip(path)),
                ),
            ),
            MethodNotAllowed(method) => (
                StatusCode::METHOD_NOT_ALLOWED,
                ApiError::new(
                    ErrorCode::MethodNotAllowed,
                    format!("Phương thức {} không được hỗ trợ ở địa chỉ này; hãy dùng GET.", clip(method.as_str())),
                    format!("Method {} is not allowed here; use GET.", clip(method.as_str())),
                ),
            ),
            InvalidProcedureCode(code) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::InvalidProcedureCode,
                    format!(
                        "Mã thủ tục “{}” không hợp lệ: mã gồm một chữ số, dấu chấm và sáu chữ số, ví dụ 1.001612.",
                        clip(code)
                    ),
                    format!(
                        "“{}” is not a valid procedure code: expected one digit, a dot and six digits, e.g. 1.001612.",
                        clip(code)
                    ),
                ),
            ),
            ProcedureNotFound(code) => (
                StatusCode::NOT_FOUND,
                ApiError::new(
                    ErrorCode::NotFound,
                    format!("Không tìm thấy thủ tục hành chính có mã {code}."),
                    format!("No administrative procedure has the code {code}."),
                ),
            ),
            InvalidProvinceCode(code) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::InvalidParameter,
                    format!(
                        "Mã tỉnh, thành phố “{}” không hợp lệ: mã phải là một số, ví dụ 1 (Hà Nội).",
                        clip(code)
                    ),
                    format!("“{}” is not a valid province code: expected a number, e.g. 1 (Hà Nội).", clip(code)),
                ),
            ),
            ProvinceNotFound(code) => (
                StatusCode::NOT_FOUND,
                ApiError::new(
                    ErrorCode::NotFound,
                    format!("Không tìm thấy tỉnh, thành phố có mã {code}."),
                    format!("No province or centrally-run city has the code {code}."),
                ),
            ),
            BadPathParameter(detail) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::InvalidParameter,
                    "Tham số trong đường dẫn không hợp lệ (có thể chứa ký tự không phải UTF-8).",
                    format!("Malformed path parameter: {}", clip(detail)),
                ),
            ),
            InvalidMst(e) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(ErrorCode::InvalidParameter, e.message_vi(), e.message_en()),
            ),
            EnterpriseNotFound(mst) => (
                StatusCode::NOT_FOUND,
                ApiError::new(
                    ErrorCode::NotFound,
                    format!("Không tìm thấy doanh nghiệp, chi nhánh hoặc hộ kinh doanh có mã số thuế {mst} trong cơ sở dữ liệu đăng ký doanh nghiệp."),
                    format!("No enterprise, branch or household business with tax code {mst} is in the business registry."),
                ),
            ),
            RateLimited { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                ApiError::new(
                    ErrorCode::RateLimited,
                    format!("Bạn tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau {retry_after} giây."),
                    format!("Too many look-ups in a short time. Please try again in {retry_after} seconds."),
                ),
            ),
            Db(_) | Task(_) | Encode(_) | Compress(_) => (StatusCode::INTERNAL_SERVER_ERROR, internal_error()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = self.to_api_error();
        if status.is_server_error() {
            // The client only learns that something broke; the details stay in the log.
            tracing::error!(error = %self, "request failed");
        }
        let mut response = api_error_response(status, body);
        if let AppError::RateLimited { retry_after } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}

pub fn internal_error() -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        "Máy chủ gặp lỗi khi xử lý yêu cầu. Vui lòng thử lại sau.",
        "The server failed while handling the request. Please try again later.",
    )
}

pub fn api_error_response(status: StatusCode, body: ApiError) -> Response {
    let mut response = (status, Json(body)).into_response();
    // Errors are about this moment (a restart, a new build): never reuse one from a cache.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The error a status stands for when the code that produced it (axum's extractors,
/// tower-http's body limit) wrote plain text instead of our shape.
pub fn error_for_status(status: StatusCode) -> ApiError {
    match status {
        StatusCode::BAD_REQUEST => ApiError::new(
            ErrorCode::BadRequest,
            "Yêu cầu không hợp lệ.",
            "The request is malformed.",
        ),
        StatusCode::NOT_FOUND => ApiError::new(
            ErrorCode::NotFound,
            "Không tìm thấy nội dung được yêu cầu.",
            "The requested resource does not exist.",
        ),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::new(
            ErrorCode::MethodNotAllowed,
            "Phương thức này không được hỗ trợ ở địa chỉ này; hãy dùng GET.",
            "This method is not allowed here; use GET.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "Nội dung gửi lên quá lớn (tối đa {} KiB).",
                crate::BODY_LIMIT_BYTES / 1024
            ),
            format!(
                "The request body is too large (at most {} KiB).",
                crate::BODY_LIMIT_BYTES / 1024
            ),
        ),
        StatusCode::TOO_MANY_REQUESTS => ApiError::new(
            ErrorCode::RateLimited,
            "Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.",
            "Too many requests. Please try again in a few minutes.",
        ),
        StatusCode::CONFLICT => ApiError::new(
            ErrorCode::Conflict,
            "Yêu cầu xung đột với trạng thái hiện tại.",
            "The request conflicts with the current state.",
        ),
        s if s.is_server_error() => internal_error(),
        _ => ApiError::new(
            ErrorCode::BadRequest,
            "Yêu cầu không được chấp nhận.",
            "The request was not accepted.",
        ),
    }
}

/// Gives every error answer the API's JSON shape, whoever produced it: axum's
/// extractor rejections, tower-http's body limit, the default 405.
pub async fn normalize_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if response
        .extensions()
        .get::<crate::static_files::PlainErrorBody>()
        .is_some()
    {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|ct| ct.as_bytes().starts_with(b"application/json"));
    if is_json {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let mut fresh = api_error_response(status, error_for_status(status));
    // Keep what still applies (Allow on a 405, for one); drop what described the old body.
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_ENCODING);
    for (name, value) in parts.headers.iter() {
        fresh.headers_mut().entry(name).or_insert(value.clone());
    }
    fresh
}

/// What a panicking handler's client gets: the same 500 as any other internal error.
/// The panic message goes to the log, never to the client.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned());
    tracing::error!(panic = %detail, "handler panicked");
    api_error_response(StatusCode::INTERNAL_SERVER_ERROR, internal_error())
}
