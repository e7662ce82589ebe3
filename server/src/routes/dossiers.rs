//! Filing a dossier exactly once, reading it back by key or by code + phone, answering a
//! supplement request, and downloading the result.

use axum::body::Body;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Multipart, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::dossier::api::{
    DossierReceipt, DossierStatusBody, LookupRequest, SubmissionBody, SupplementBody, DOSSIER_KEY,
    DOSSIER_PART, IDEMPOTENCY_KEY, IDEMPOTENCY_REPLAYED, SUPPLEMENT_PART,
};
use domain::dossier::{canonical_phone, fees, Action, DossierCode};
use domain::{ApiError, ProcedureCode};
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::dossiers::store::{self, Filed, NewDossier, ProcedureInfo, SupplementData};
use crate::dossiers::submit::{self, Upload};
use crate::dossiers::{keys_match, new_access_key, now_unix};
use crate::error::AppError;
use crate::routes::registry::ClientIp;
use crate::routes::{is_practice, ApiPath};
use crate::state::AppState;
use super::no_store;

/// The draft's UUID in the app; 8–64 letters, digits and hyphens, so a key is neither
/// trivially short nor a way to store arbitrary text.
fn idempotency_key(headers: &HeaderMap) -> Result<String, AppError> {
    let key = headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .ok_or(AppError::IdempotencyKey)?;
    let ok = (8..=64).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(key.to_owned())
    } else {
        Err(AppError::IdempotencyKey)
    }
}

/// The canonical code, or None for anything that is not a code: answered like an
/// unknown code, so a malformed code tells a prober nothing more.
fn canonical_code(raw: &str) -> Option<String> {
    DossierCode::parse(raw).ok().map(|c| c.to_string())
}

fn dossier_key(headers: &HeaderMap) -> String {
    headers
        .get(DOSSIER_KEY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim()
        .to_owned()
}

// For the OpenAPI document only: the handlers read the parts one by one
// (`submit::read_multipart`). Naming `SubmissionBody` as the multipart body would tell
// clients to send one part per field of it.
/// A filing's parts: the JSON, and one part `file:<id>` per new attachment.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct FilingParts {
    /// `SubmissionBody` as JSON.
    dossier: SubmissionBody,
}

/// A supplement's parts: the JSON, and one part `file:<id>` per new attachment.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct SupplementParts {
    /// `SupplementBody` as JSON.
    supplement: SupplementBody,
}

fn filed_response(filed: Filed) -> Response {
    let (body, replayed) = match filed {
        Filed::Created(body) => (body, false),
        Filed::Replayed(body) => (body, true),
    };
    let mut response = (
        StatusCode::CREATED,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    if replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENCY_REPLAYED, HeaderValue::from_static("true"));
    }
    no_store(response)
}

/// Files a dossier. Send the draft's UUID as `Idempotency-Key`: a retry with the same
/// key and body gets the first answer again (`Idempotency-Replayed: true`), so a lost
/// answer can always be asked for again without filing twice. With `X-Portal-Practice: 1`
/// the dossier is a practice one (`practice: true`), kept out of the statistics.
#[utoipa::path(
    post,
    path = "/api/v1/dossiers",
    tag = "dossiers",
    params(
        ("Idempotency-Key" = String, Header, description = "The draft's UUID: 8–64 letters, digits or hyphens", pattern = "^[A-Za-z0-9-]{8,64}$"),
        ("X-Portal-Practice" = Option<String>, Header, description = "`1` from the app's practice mode: the dossier is stored with `practice: true` and not counted in the statistics"),
    ),
    request_body(
        content_type = "multipart/form-data",
        description = "Part `dossier`: `SubmissionBody` JSON. One part `file:<id>` per attachment (FileMeta) in the answers, with the file's name and type.",
        content = inline(FilingParts),
    ),
    responses(
        (status = 201, description = "Filed (or replayed: same key and body)", body = DossierReceipt,
            headers(("Idempotency-Replayed" = String, description = "`true` when this is the stored answer to an earlier request"))),
        (status = 400, description = "Missing or malformed key, multipart body, JSON, or a missing file part (`bad_request`)", body = ApiError),
        (status = 404, description = "No such procedure (`not_found`)", body = ApiError),
        (status = 409, description = "Key used before with another body (`idempotency_conflict`), or the form changed since the draft was made (`conflict`: reload)", body = ApiError),
        (status = 413, description = "A file over 10 MiB or attachments over 50 MiB in all (`payload_too_large`), naming the file", body = ApiError),
        (status = 415, description = "A file that is not a PDF, JPEG or PNG by its bytes, or a type the field does not take (`unsupported_media_type`), naming the file", body = ApiError),
        (status = 422, description = "Answers fail validation (`validation_failed`, with `fields`)", body = ApiError),
        (status = 429, description = "Too many new filings from this client (`rate_limited`); a retry with a stored key is never refused", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds until the next filing is allowed"))),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let key = idempotency_key(&headers)?;
    // A known key is a retry (answered with the stored receipt, or 409 for another
    // body): it files nothing, so it is never refused for the rate. The outbox resends
    // until it has a receipt, and a limit met there would only delay it. Decided before
    // the body is read, so a refused flood costs no upload.
    let k = key.clone();
    let retry = state
        .db
        .read(move |c| store::find_by_key(c, &k))
        .await?
        .is_some();
    if !retry {
        state.filing_limiter.admit(ip)?;
    }
    let practice = is_practice(&headers);
    let multipart = multipart.map_err(|r| AppError::Multipart(r.body_text()))?;
    let mut received = submit::read_multipart(multipart, DOSSIER_PART).await?;
    let json = received
        .json
        .take()
        .ok_or(AppError::MissingPart(DOSSIER_PART))?;
    let value: serde_json::Value =
        serde_json::from_slice(&json).map_err(|e| AppError::BadJson(e.to_string()))?;
    let digest = submit::request_digest(&value, &received.uploads);

    // A retry of a stored filing is answered before any checking: the first answer
    // stands even if the form or the registry changed since.
    let (k, d) = (key.clone(), digest.clone());
    if let Some(known) = state.db.read(move |c| store::replay(c, &k, &d)).await? {
        return Ok(filed_response(known?));
    }

    let body: SubmissionBody =
        serde_json::from_value(value).map_err(|e| AppError::BadJson(e.to_string()))?;
    let code = ProcedureCode::parse(&body.procedure_code)
        .map_err(|_| AppError::InvalidProcedureCode(body.procedure_code.clone()))?;
    let schema_version = body.schema_version;
    let now = now_unix();
    let checking = state.clone();
    let code_str = code.as_str().to_owned();
    let (procedure, answers, phone, new_files) = state
        .db
        .read(move |conn| {
            Ok((|| {
                let procedure = submit::procedure(conn, &code_str)
                    .map_err(|e| AppError::Db(e.into()))?
                    .ok_or_else(|| AppError::ProcedureNotFound(code_str.clone()))?;
                let schema = submit::schema_for(&checking, &procedure)?;
                if body.schema_version != schema.version {
                    return Err(AppError::SchemaOutdated {
                        submitted: body.schema_version,
                        current: schema.version,
                    });
                }
                let (answers, phone) = submit::check_answers(conn, &schema, body.answers, now)?;
                let referenced = submit::referenced_files(&schema, &answers);
                let new_files =
                    submit::check_files(&referenced, &mut received.uploads, &BTreeMap::new())?;
                Ok::<_, AppError>((procedure, answers, phone, new_files))
            })())
        })
        .await??;

    let new_files = save_files(&state, new_files).await?;
    let access_key = new_access_key().map_err(|e| AppError::Random(e.to_string()))?;
    let new = NewDossier {
        idempotency_key: key,
        request_digest: digest,
        access_key,
        procedure: ProcedureInfo {
            code: procedure.code.clone(),
            name: procedure.name.clone(),
            agency: procedure.agency.clone(),
            processing_time: procedure.processing_time.clone(),
        },
        schema_version,
        answers_json: serde_json::to_string(&answers)?,
        phone,
        submitted_at: now,
        fees: fees::due_online(&procedure.fees),
        files: new_files,
        practice,
    };
    let filed = state.db.write(move |tx| store::file(tx, &new)).await??;
    Ok(filed_response(filed))
}

/// Writes the new files' bytes (off the async workers) and gives back their records;
/// the bytes are moved, not copied: they can total 50 MiB.
async fn save_files(
    state: &AppState,
    files: Vec<(store::StoredFile, Upload)>,
) -> Result<Vec<store::StoredFile>, AppError> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let dir = state.files_dir.clone();
    tokio::task::spawn_blocking(move || {
        submit::store_bytes(&dir, &files)?;
        Ok(files.into_iter().map(|(f, _)| f).collect())
    })
    .await?
    .map_err(AppError::Storage)
}

/// A dossier as its owner sees it: state, timeline, payment, files, answers.
#[utoipa::path(
    get,
    path = "/api/v1/dossiers/{code}",
    tag = "dossiers",
    params(
        ("code" = String, Path, description = "Dossier code", example = "000.00.31.H29-251122-0001-XY"),
        ("X-Dossier-Key" = String, Header, description = "The access key from the receipt"),
    ),
    responses(
        (status = 200, description = "The dossier now", body = DossierStatusBody),
        (status = 404, description = "Unknown code or wrong key, alike (`not_found`)", body = ApiError),
    )
)]
pub async fn status(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(raw): ApiPath<String>,
) -> Result<Response, AppError> {
    let code = canonical_code(&raw).ok_or(AppError::DossierNotFound)?;
    let key = dossier_key(&headers);
    let now = now_unix();
    let found = state
        .db
        .read(move |c| match store::find_with_key(c, &code, &key)? {
            Some(row) => store::status_body(c, &row, now).map(Some),
            None => Ok(None),
        })
        .await?;
    let status = found.ok_or(AppError::DossierNotFound)?;
    Ok(no_store(Json(status).into_response()))
}

/// Finds a dossier by its code and the phone number given at filing, from any device;
/// the answer includes the access key so that device can keep following it. A wrong
/// pair and an unknown code get the same 404, and the look-up is rate-limited per client.
#[utoipa::path(
    post,
    path = "/api/v1/dossiers/lookup",
    tag = "dossiers",
    request_body = LookupRequest,
    responses(
        (status = 200, description = "The dossier now, with `access_key`", body = DossierStatusBody),
        (status = 400, description = "Not a dossier code or not a phone number (`invalid_parameter`, `bad_request`)", body = ApiError),
        (status = 404, description = "No dossier with this code and phone (`not_found`)", body = ApiError),
        (status = 429, description = "Too many look-ups from this client (`rate_limited`)", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds until the next look-up is allowed"))),
    )
)]
pub async fn lookup(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    body: Result<Json<LookupRequest>, JsonRejection>,
) -> Result<Response, AppError> {
    // First, so malformed attempts count too: they are probing as much as wrong pairs.
    state.lookup_limiter.admit(ip)?;
    let Json(request) = body.map_err(|r| AppError::BadJson(r.body_text()))?;
    // The check characters catch a mistyped code before any database work; saying so
    // reveals nothing about which codes exist.
    let code = DossierCode::parse(&request.code)
        .map_err(AppError::InvalidDossierCode)?
        .to_string();
    let phone = canonical_phone(&request.phone).ok_or(AppError::InvalidPhone)?;
    let now = now_unix();
    let found = state
        .db
        .read(move |c| {
            let Some(row) = store::find(c, &code)? else {
                return Ok(None);
            };
            if !keys_match(&phone, &row.phone) {
                return Ok(None);
            }
            let mut body = store::status_body(c, &row, now)?;
            body.status.access_key = Some(row.access_key);
            Ok(Some(body))
        })
        .await?;
    let status = found.ok_or(AppError::DossierNotFound)?;
    Ok(no_store(Json(status).into_response()))
}

/// Answers a supplement request: the whole corrected answers, and a `file:<id>` part for
/// each new file (files already on the dossier are referenced by id only). The dossier
/// goes back to processing.
#[utoipa::path(
    post,
    path = "/api/v1/dossiers/{code}/supplement",
    tag = "dossiers",
    params(
        ("code" = String, Path, description = "Dossier code"),
        ("X-Dossier-Key" = String, Header, description = "The access key from the receipt"),
    ),
    request_body(
        content_type = "multipart/form-data",
        description = "Part `supplement`: `SupplementBody` JSON; parts `file:<id>` for new files only.",
        content = inline(SupplementParts),
    ),
    responses(
        (status = 200, description = "Supplemented; back in processing", body = DossierStatusBody),
        (status = 400, description = "Malformed body or a missing file part (`bad_request`)", body = ApiError),
        (status = 404, description = "Unknown code or wrong key (`not_found`)", body = ApiError),
        (status = 409, description = "The dossier is not waiting for a supplement (`conflict`)", body = ApiError),
        (status = 413, description = "Files too large (`payload_too_large`)", body = ApiError),
        (status = 415, description = "A file of the wrong type (`unsupported_media_type`)", body = ApiError),
        (status = 422, description = "Answers fail validation (`validation_failed`)", body = ApiError),
        (status = 429, description = "Too many filings and supplements from this client (`rate_limited`)", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds until the next upload is allowed"))),
    )
)]
pub async fn supplement(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiPath(raw): ApiPath<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    // Shares the filings' allowance: it uploads and checks as much as a filing does.
    state.filing_limiter.admit(ip)?;
    let code = canonical_code(&raw).ok_or(AppError::DossierNotFound)?;
    let key = dossier_key(&headers);
    let multipart = multipart.map_err(|r| AppError::Multipart(r.body_text()))?;
    let mut received = submit::read_multipart(multipart, SUPPLEMENT_PART).await?;
    let json = received
        .json
        .take()
        .ok_or(AppError::MissingPart(SUPPLEMENT_PART))?;
    let body: SupplementBody =
        serde_json::from_slice(&json).map_err(|e| AppError::BadJson(e.to_string()))?;
    let now = now_unix();
    let checking = state.clone();
    let c2 = code.clone();
    let (answers, new_files) = state
        .db
        .read(move |conn| {
            Ok((|| {
                let row = store::find_with_key(conn, &c2, &key)
                    .map_err(|e| AppError::Db(e.into()))?
                    .ok_or(AppError::DossierNotFound)?;
                // Refuse early with the state machine's words; the write re-checks.
                domain::dossier::apply(&row.state, &Action::Supplement)?;
                let procedure = submit::procedure(conn, &row.receipt.procedure_code)
                    .map_err(|e| AppError::Db(e.into()))?
                    .ok_or_else(|| {
                        AppError::ProcedureNotFound(row.receipt.procedure_code.clone())
                    })?;
                let schema = submit::schema_for(&checking, &procedure)?;
                let (answers, _phone) = submit::check_answers(conn, &schema, body.answers, now)?;
                let existing: BTreeMap<String, u64> = store::files(conn, &c2)
                    .map_err(|e| AppError::Db(e.into()))?
                    .into_iter()
                    .map(|f| (f.id, f.size))
                    .collect();
                let referenced = submit::referenced_files(&schema, &answers);
                let new_files = submit::check_files(&referenced, &mut received.uploads, &existing)?;
                Ok::<_, AppError>((answers, new_files))
            })())
        })
        .await??;
    let new_files = save_files(&state, new_files).await?;
    let data = SupplementData {
        answers_json: serde_json::to_string(&answers)?,
        new_files,
    };
    let c3 = code.clone();
    state
        .db
        .write(move |tx| store::act(tx, &c3, &Action::Supplement, Some(&data), now))
        .await??;
    let status = state
        .db
        .read(move |c| match store::find(c, &code)? {
            Some(row) => store::status_body(c, &row, now).map(Some),
            None => Ok(None),
        })
        .await?
        .ok_or(AppError::DossierNotFound)?;
    Ok(no_store(Json(status).into_response()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultQuery {
    /// The access key from the receipt (a query parameter, so a plain link downloads it).
    #[serde(default)]
    pub key: String,
}

/// The result document, as a download.
#[utoipa::path(
    get,
    path = "/api/v1/dossiers/{code}/result",
    tag = "dossiers",
    params(
        ("code" = String, Path, description = "Dossier code"),
        ResultQuery,
    ),
    responses(
        (status = 200, description = "The printable result document", content_type = "text/html",
            headers(("Content-Disposition" = String, description = "`attachment; filename=\"ket-qua-<code>.html\"`"))),
        (status = 404, description = "Unknown code, wrong key, or no result yet (`not_found`)", body = ApiError),
    )
)]
pub async fn result(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath<String>,
    query: Result<Query<ResultQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let code = canonical_code(&raw).ok_or(AppError::DossierNotFound)?;
    let Query(query) = query.map_err(|r| AppError::BadPathParameter(r.body_text()))?;
    let found = state
        .db
        .read(move |c| {
            if store::find_with_key(c, &code, &query.key)?.is_none() {
                return Ok(Err(AppError::DossierNotFound));
            }
            Ok(store::result(c, &code)?.ok_or(AppError::ResultNotFound))
        })
        .await??;
    let (name, mime, body) = found;
    let mut response = Response::new(Body::from(body));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&mime)
            .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8")),
    );
    // The stored name is built from the canonical code (ASCII letters, digits, dots,
    // hyphens), so it is a valid header value; a fallback keeps this total anyway.
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
            .unwrap_or(HeaderValue::from_static("attachment")),
    );
    Ok(no_store(response))
}

/// The upload routes' body limit answers a too-large `Content-Length` before any handler
/// runs, in plain text; this gives that answer the dossier total's words (the shared
/// error shape would quote the small limit of the other routes).
pub async fn upload_too_large(response: Response) -> Response {
    reword_plain_413(response, || {
        AppError::Upload(domain::sniff::UploadError::TotalTooLarge {
            total: crate::UPLOAD_BODY_LIMIT_BYTES as u64,
            limit: domain::sniff::MAX_DOSSIER_BYTES,
        })
    })
}

/// Replaces the body limit's plain-text 413 with `error`'s JSON answer; any other
/// response (including a 413 the handlers already worded) passes through.
pub fn reword_plain_413(response: Response, error: impl FnOnce() -> AppError) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|ct| ct.as_bytes().starts_with(b"application/json"));
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE || is_json {
        return response;
    }
    error().into_response()
}
