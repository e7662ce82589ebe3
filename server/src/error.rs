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
    #[error("cannot set up payments: {0}")]
    Payments(#[from] crate::payments::SetupError),
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
    #[error("invalid offline bundle page {0:?}")]
    InvalidPage(String),
    #[error("no offline bundle page {page} (there are {pages})")]
    PageNotFound { page: String, pages: usize },
    #[error("invalid tax code: {0}")]
    InvalidMst(domain::ids::MstError),
    #[error("no registry entry with tax code {0}")]
    EnterpriseNotFound(String),
    #[error("rate limited ({what:?}); retry after {retry_after} s")]
    RateLimited {
        what: crate::rate_limit::Limited,
        retry_after: u64,
    },
    #[error("missing or malformed Idempotency-Key header")]
    IdempotencyKey,
    #[error("Idempotency-Key reused with a different body")]
    IdempotencyConflict,
    #[error("malformed multipart body: {0}")]
    Multipart(String),
    #[error("malformed JSON body: {0}")]
    BadJson(String),
    #[error("multipart body lacks the {0:?} part")]
    MissingPart(&'static str),
    #[error("attachment {name:?} (id {id:?}) has no file part")]
    MissingFilePart { id: String, name: String },
    #[error("file part {0:?} does not belong to a new attachment")]
    StrayFilePart(String),
    #[error(transparent)]
    Upload(#[from] domain::sniff::UploadError),
    #[error("form schema version {submitted} submitted, {current} served")]
    SchemaOutdated { submitted: u32, current: u32 },
    #[error("answers failed validation ({} problems)", .0.len())]
    Validation(Vec<domain::form::FieldError>),
    #[error("the answers hold no contact phone")]
    NoContactPhone(Option<String>),
    #[error("no dossier with this code and key")]
    DossierNotFound,
    #[error("invalid dossier code: {0}")]
    InvalidDossierCode(domain::dossier::CodeError),
    #[error("invalid phone number")]
    InvalidPhone,
    #[error("the dossier has no result document yet")]
    ResultNotFound,
    #[error(transparent)]
    Transition(#[from] domain::dossier::TransitionError),
    #[error("no dossier serial left for {day}")]
    SerialsExhausted { day: String },
    #[error("cannot store a file: {0}")]
    Storage(#[source] std::io::Error),
    #[error("no randomness for an access key: {0}")]
    Random(String),
    #[error(transparent)]
    Payment(#[from] crate::payments::PaymentError),
    #[error("funnel event refused: {0}")]
    Event(domain::stats::EventError),
    #[error("CSP report without a report media type")]
    CspReportMediaType,
    #[error("CSP report refused: {0}")]
    CspReport(crate::csp_reports::ReportError),
    #[error("bad statistics period: {0}")]
    StatsPeriod(domain::stats::PeriodError),
    #[error("not a drafts export: {0}")]
    InvalidHandoff(domain::device_export::ExportError),
    #[error("the drafts export holds no draft")]
    EmptyHandoff,
    #[error("hand-off body over the upload limit")]
    HandoffTooLarge,
    #[error("invalid hand-off code: {0}")]
    InvalidHandoffCode(domain::handoff::HandoffCodeError),
    #[error("no hand-off with this code (unknown, taken or expired)")]
    HandoffNotFound,
    #[error("cannot store a hand-off: {0}")]
    HandoffStore(#[from] crate::handoffs::StoreError),
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
    pub(crate) fn to_api_error(&self) -> (StatusCode, ApiError) {
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
            InvalidPage(page) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::InvalidParameter,
                    format!("Số trang “{}” không hợp lệ: số trang là một số nguyên dương, ví dụ 1.", clip(page)),
                    format!("“{}” is not a valid page number: expected a positive whole number, e.g. 1.", clip(page)),
                ),
            ),
            PageNotFound { page, pages } => (
                StatusCode::NOT_FOUND,
                ApiError::new(
                    ErrorCode::NotFound,
                    format!("Không có trang {} trong gói dữ liệu ngoại tuyến: các trang được đánh số từ 1 đến {pages}.", clip(page)),
                    format!("The offline bundle has no page {}: pages are numbered 1 to {pages}.", clip(page)),
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
            RateLimited { what, retry_after } => {
                use crate::rate_limit::Limited;
                let (vi, en) = match what {
                    Limited::LookUps => (
                        format!("Bạn tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau {retry_after} giây."),
                        format!("Too many look-ups in a short time. Please try again in {retry_after} seconds."),
                    ),
                    Limited::Filings => (
                        format!("Có quá nhiều hồ sơ được gửi từ thiết bị hoặc mạng này trong thời gian ngắn. Vui lòng gửi lại sau {retry_after} giây; bản nháp của bạn được giữ nguyên."),
                        format!("Too many dossiers were sent from this device or network in a short time. Please send again in {retry_after} seconds; your draft is kept."),
                    ),
                    Limited::Handoffs => (
                        format!("Có quá nhiều lượt chuyển hoặc nhận bản nháp bằng mã từ thiết bị hoặc mạng này trong thời gian ngắn. Vui lòng thử lại sau {retry_after} giây."),
                        format!("Too many drafts were sent or received by code from this device or network in a short time. Please try again in {retry_after} seconds."),
                    ),
                    Limited::Events => (
                        format!("Có quá nhiều lượt ghi nhận thống kê từ thiết bị hoặc mạng này trong thời gian ngắn. Vui lòng thử lại sau {retry_after} giây."),
                        format!("Too many usage events from this device or network in a short time. Please try again in {retry_after} seconds."),
                    ),
                    Limited::CspReports => (
                        format!("Có quá nhiều báo cáo vi phạm chính sách bảo mật nội dung (CSP) từ thiết bị hoặc mạng này trong thời gian ngắn. Vui lòng thử lại sau {retry_after} giây."),
                        format!("Too many Content-Security-Policy reports from this device or network in a short time. Please try again in {retry_after} seconds."),
                    ),
                };
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    ApiError::new(ErrorCode::RateLimited, vi, en),
                )
            }
            IdempotencyKey => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::BadRequest,
                    "Thiếu hoặc sai tiêu đề Idempotency-Key (8–64 ký tự chữ, số hoặc dấu gạch ngang).",
                    "The Idempotency-Key header is missing or malformed (8–64 letters, digits or hyphens).",
                ),
            ),
            IdempotencyConflict => (
                StatusCode::CONFLICT,
                ApiError::new(
                    ErrorCode::IdempotencyConflict,
                    "Hồ sơ này đã được nộp trước đó với nội dung khác. Vui lòng tải lại trang để xem hồ sơ đã nộp, hoặc tạo hồ sơ mới.",
                    "This dossier was already submitted with different content. Reload to see the submitted dossier, or start a new one.",
                ),
            ),
            Multipart(detail) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::BadRequest,
                    "Nội dung gửi lên không đúng định dạng multipart/form-data.",
                    format!("The body is not valid multipart/form-data: {}", clip(detail)),
                ),
            ),
            BadJson(detail) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::BadRequest,
                    "Dữ liệu JSON gửi lên không hợp lệ.",
                    format!("The JSON body is invalid: {}", clip(detail)),
                ),
            ),
            MissingPart(part) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::BadRequest,
                    format!("Thiếu phần “{part}” trong nội dung gửi lên."),
                    format!("The multipart body has no “{part}” part."),
                ),
            ),
            MissingFilePart { name, .. } => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::BadRequest,
                    format!("Chưa nhận được nội dung tệp «{}». Vui lòng đính kèm lại tệp này.", clip(name)),
                    format!("The content of “{}” was not received. Please attach the file again.", clip(name)),
                ),
            ),
            StrayFilePart(part) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::BadRequest,
                    format!("Phần “{}” không ứng với tệp đính kèm mới nào trong hồ sơ.", clip(part)),
                    format!("The part “{}” matches no new attachment in the answers.", clip(part)),
                ),
            ),
            Upload(e) => {
                let status = match e {
                    domain::sniff::UploadError::TooLarge { .. }
                    | domain::sniff::UploadError::TotalTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                    domain::sniff::UploadError::Unsupported { .. }
                    | domain::sniff::UploadError::NotAccepted { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    domain::sniff::UploadError::Empty { .. } => StatusCode::BAD_REQUEST,
                };
                let mut body = e.to_api_error();
                if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
                    body.error.code = ErrorCode::UnsupportedMediaType;
                }
                (status, body)
            }
            SchemaOutdated { submitted, current } => (
                StatusCode::CONFLICT,
                ApiError::new(
                    ErrorCode::Conflict,
                    format!("Biểu mẫu đã được cập nhật (phiên bản {current}, hồ sơ của bạn theo phiên bản {submitted}). Vui lòng tải lại trang, kiểm tra lại thông tin rồi nộp lại; bản nháp của bạn được giữ nguyên."),
                    format!("The form has been updated (version {current}; your answers follow version {submitted}). Please reload the page, check your answers and submit again; your draft is kept."),
                ),
            ),
            Validation(fields) => {
                let mut body = ApiError::new(
                    ErrorCode::ValidationFailed,
                    "Một số thông tin chưa hợp lệ. Vui lòng kiểm tra lại các mục được đánh dấu.",
                    "Some answers are not valid. Please check the marked fields.",
                );
                body.error.fields = fields.clone();
                (StatusCode::UNPROCESSABLE_ENTITY, body)
            }
            NoContactPhone(field) => {
                let vi = "Vui lòng nhập số điện thoại liên hệ: số này dùng để tra cứu hồ sơ.";
                let en = "Please give a contact phone number: it is used to look the dossier up.";
                let mut body = ApiError::new(ErrorCode::ValidationFailed, vi, en);
                if let Some(path) = field {
                    body.error.fields = vec![domain::form::FieldError::new(
                        domain::form::FieldErrorCode::Required,
                        path,
                        vi,
                        en,
                    )];
                }
                (StatusCode::UNPROCESSABLE_ENTITY, body)
            }
            DossierNotFound => (
                StatusCode::NOT_FOUND,
                ApiError::new(
                    ErrorCode::NotFound,
                    "Không tìm thấy hồ sơ. Vui lòng kiểm tra lại mã hồ sơ và số điện thoại.",
                    "No dossier found. Please check the dossier code and phone number.",
                ),
            ),
            InvalidDossierCode(e) => (StatusCode::BAD_REQUEST, e.to_api_error()),
            InvalidPhone => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::InvalidParameter,
                    "Số điện thoại không hợp lệ, ví dụ 0912345678.",
                    "The phone number is not valid, e.g. 0912345678.",
                ),
            ),
            ResultNotFound => (
                StatusCode::NOT_FOUND,
                ApiError::new(
                    ErrorCode::NotFound,
                    "Hồ sơ chưa có kết quả giải quyết.",
                    "The dossier has no result yet.",
                ),
            ),
            Transition(e) => {
                let body = e.to_api_error();
                let status = if body.error.code == ErrorCode::Conflict {
                    StatusCode::CONFLICT
                } else {
                    StatusCode::BAD_REQUEST
                };
                (status, body)
            }
            SerialsExhausted { .. } => (
                StatusCode::SERVICE_UNAVAILABLE,
                ApiError::new(
                    ErrorCode::Internal,
                    "Hôm nay đơn vị đã tiếp nhận số hồ sơ tối đa. Vui lòng nộp lại vào ngày mai.",
                    "The receiving unit has issued every dossier number for today. Please submit again tomorrow.",
                ),
            ),
            Payment(e) => e.to_api_error(),
            Event(e) => (StatusCode::BAD_REQUEST, e.to_api_error()),
            CspReportMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ApiError::new(
                    ErrorCode::UnsupportedMediaType,
                    "Báo cáo vi phạm CSP phải có Content-Type application/csp-report hoặc application/reports+json.",
                    "A CSP report must have Content-Type application/csp-report or application/reports+json.",
                ),
            ),
            CspReport(e) => {
                use crate::csp_reports::ReportError;
                let (vi, en) = match e {
                    ReportError::Shape(detail) => (
                        "Nội dung gửi lên không phải báo cáo vi phạm CSP đúng định dạng đã khai báo.".to_owned(),
                        format!("The body is not a CSP violation report in the declared format: {}", clip(detail)),
                    ),
                    ReportError::Empty => (
                        "Không có báo cáo nào trong nội dung gửi lên.".to_owned(),
                        "The batch holds no report.".to_owned(),
                    ),
                    ReportError::TooMany(n) => (
                        format!("Có {n} báo cáo trong một lần gửi; tối đa {}.", crate::csp_reports::MAX_BATCH),
                        format!("{n} reports in one batch; at most {}.", crate::csp_reports::MAX_BATCH),
                    ),
                    ReportError::Directive(d) => (
                        format!("“{}” không phải tên một chỉ thị CSP, ví dụ img-src.", clip(d)),
                        format!("“{}” is not a CSP directive name, e.g. img-src.", clip(d)),
                    ),
                    ReportError::DocumentUrl(u) => (
                        format!("Địa chỉ trang “{}” không hợp lệ: cần một URL đầy đủ, ví dụ https://…/thu-tuc.", clip(u)),
                        format!("The page address “{}” is not valid: expected an absolute URL, e.g. https://…/thu-tuc.", clip(u)),
                    ),
                };
                (StatusCode::BAD_REQUEST, ApiError::new(ErrorCode::BadRequest, vi, en))
            }
            StatsPeriod(e) => (StatusCode::BAD_REQUEST, e.to_api_error()),
            InvalidHandoff(e) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(ErrorCode::BadRequest, e.message_vi(), e.message_en()),
            ),
            EmptyHandoff => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::BadRequest,
                    "Tệp không có bản nháp nào để chuyển sang máy khác.",
                    "The file holds no draft to hand over to another device.",
                ),
            ),
            HandoffTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ApiError::new(
                    ErrorCode::PayloadTooLarge,
                    format!(
                        "Bản nháp cùng các tệp đính kèm quá lớn để chuyển bằng mã (tối đa {} MiB). Hãy dùng “Xuất bản nháp” rồi chép tệp sang máy kia.",
                        crate::UPLOAD_BODY_LIMIT_BYTES / (1024 * 1024)
                    ),
                    format!(
                        "The draft with its attachments is too large to hand over by code (at most {} MiB). Use “Export drafts” and copy the file to the other device instead.",
                        crate::UPLOAD_BODY_LIMIT_BYTES / (1024 * 1024)
                    ),
                ),
            ),
            InvalidHandoffCode(e) => (StatusCode::BAD_REQUEST, e.to_api_error()),
            HandoffNotFound => (
                StatusCode::NOT_FOUND,
                ApiError::new(
                    ErrorCode::NotFound,
                    "Không có bản nháp nào chờ nhận với mã này. Mỗi mã chỉ dùng được một lần và hết hạn sau 24 giờ, nên có thể mã đã được dùng hoặc đã hết hạn. Vui lòng kiểm tra lại mã, hoặc nhờ người hỗ trợ gửi lại bản nháp.",
                    "No draft is waiting under this code. Each code works once and expires after 24 hours, so it may have been used already or expired. Check the code, or ask your helper to send the draft again.",
                ),
            ),
            Db(_) | Task(_) | Encode(_) | Compress(_) | Storage(_) | Random(_) | HandoffStore(_) => (StatusCode::INTERNAL_SERVER_ERROR, internal_error()),
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
        if let AppError::RateLimited { retry_after, .. } = self {
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
