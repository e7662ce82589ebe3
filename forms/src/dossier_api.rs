//! The dossier API as typed calls: file a dossier (multipart, exactly once through its
//! `Idempotency-Key`), read its status with its access key, find it by code and phone,
//! and answer a supplement request.
//!
//! The errors split the way the submission acts on them: no answer or a server in
//! trouble ([`DossierApiError::is_transient`]) keeps the submission in the outbox to be
//! sent again with the same key; a refusal ([`DossierApiError::Rejected`]) goes back to
//! the draft with the server's messages on the fields.

use crate::http::{self, HttpError, Reply};
use crate::payment_api::segment;
use domain::dossier::api::{
    DossierReceipt, DossierStatus, LookupRequest, SubmissionBody, SupplementBody, DOSSIER_KEY, DOSSIER_PART,
    FILE_PART_PREFIX, IDEMPOTENCY_KEY, SUPPLEMENT_PART,
};
use domain::form::{Answer, Answers, FieldErrorCode, FileMeta};
use domain::ApiError;
use web_sys::{Blob, FormData};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DossierApiError {
    #[error("offline")]
    Offline,
    /// No answer in time: the dossier may have been filed; the same key finds out.
    #[error("timed out")]
    Timeout,
    /// 5xx: the server's trouble, not the dossier's.
    #[error("the server answered {0}")]
    Server(u16),
    /// 429 (or 408): asked too often; `Retry-After` in seconds when the server gave one.
    #[error("busy")]
    Busy { retry_after: Option<u32> },
    /// 4xx with the server's reason (`fields` for answers it does not accept).
    #[error("refused ({status}): {}", .error.error.message_en)]
    Rejected { status: u16, error: Box<ApiError> },
    /// A 2xx body that is not what the API promises.
    #[error("unexpected answer")]
    Decode,
    /// The request could not be put together (a body the browser would not take).
    #[error("the request could not be built")]
    Build,
}

impl DossierApiError {
    /// Worth sending again later, unchanged.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            DossierApiError::Offline | DossierApiError::Timeout | DossierApiError::Server(_) | DossierApiError::Busy { .. }
        )
    }
}

impl From<HttpError> for DossierApiError {
    fn from(e: HttpError) -> Self {
        match e {
            HttpError::Offline => DossierApiError::Offline,
            HttpError::Timeout => DossierApiError::Timeout,
        }
    }
}

/// An attachment to send: its metadata from the answers and its bytes from IndexedDB.
pub struct Upload {
    pub meta: FileMeta,
    pub blob: Blob,
}

/// `POST /api/v1/dossiers`. Returns the receipt and the body as the server sent it (kept
/// verbatim on the device).
pub async fn submit(key: &str, body: &SubmissionBody, files: &[Upload]) -> Result<(DossierReceipt, String), DossierApiError> {
    let json = serde_json::to_string(body).map_err(|_| DossierApiError::Build)?;
    let form = multipart(DOSSIER_PART, &json, files)?;
    let reply = http::send_form("POST", "/api/v1/dossiers", &[(IDEMPOTENCY_KEY, key)], &form).await?;
    decode(reply)
}

/// `GET /api/v1/dossiers/{code}` with the dossier's access key.
pub async fn status(code: &str, access_key: &str) -> Result<(DossierStatus, String), DossierApiError> {
    let path = format!("/api/v1/dossiers/{}", segment(code).ok_or_else(not_found)?);
    let reply = http::send("GET", &path, &[(DOSSIER_KEY, access_key)], None).await?;
    decode(reply)
}

/// `POST /api/v1/dossiers/lookup`: the status, with the access key, for a code and the
/// phone number given at filing. A wrong pair is a 404 like an unknown code.
pub async fn lookup(code: &str, phone: &str) -> Result<(DossierStatus, String), DossierApiError> {
    let body = LookupRequest { code: code.trim().to_owned(), phone: phone.trim().to_owned() };
    let json = serde_json::to_string(&body).map_err(|_| DossierApiError::Build)?;
    let reply = http::send("POST", "/api/v1/dossiers/lookup", &[], Some(&json)).await?;
    decode(reply)
}

/// `POST /api/v1/dossiers/{code}/supplement`: the whole corrected answers, with parts for
/// the new files only (files already on the dossier are referenced by id).
pub async fn supplement(
    code: &str,
    access_key: &str,
    body: &SupplementBody,
    new_files: &[Upload],
) -> Result<(DossierStatus, String), DossierApiError> {
    let path = format!("/api/v1/dossiers/{}/supplement", segment(code).ok_or_else(not_found)?);
    let json = serde_json::to_string(body).map_err(|_| DossierApiError::Build)?;
    let form = multipart(SUPPLEMENT_PART, &json, new_files)?;
    let reply = http::send_form("POST", &path, &[(DOSSIER_KEY, access_key)], &form).await?;
    decode(reply)
}

/// The result document's address (a plain link: the browser downloads it).
pub fn result_href(code: &str, access_key: &str) -> String {
    let code = segment(code).unwrap_or_default();
    let key = js_sys::encode_uri_component(access_key);
    format!("/api/v1/dossiers/{code}/result?key={key}")
}

fn multipart(part: &str, json: &str, files: &[Upload]) -> Result<FormData, DossierApiError> {
    let form = FormData::new().map_err(|_| DossierApiError::Build)?;
    form.append_with_str(part, json).map_err(|_| DossierApiError::Build)?;
    for f in files {
        // The part's type is the one declared in the answers, which the server checks
        // against the bytes; a stored Blob may have lost its type.
        let blob = if f.blob.type_() == f.meta.mime {
            f.blob.clone()
        } else {
            f.blob.slice_with_f64_and_f64_and_content_type(0.0, f.blob.size(), &f.meta.mime).map_err(|_| DossierApiError::Build)?
        };
        let name = format!("{FILE_PART_PREFIX}{}", f.meta.id);
        form.append_with_blob_and_filename(&name, &blob, &f.meta.name).map_err(|_| DossierApiError::Build)?;
    }
    Ok(form)
}

fn decode<T: serde::de::DeserializeOwned>(reply: Reply) -> Result<(T, String), DossierApiError> {
    match reply.status {
        200..=299 => match serde_json::from_str(&reply.body) {
            Ok(v) => Ok((v, reply.body)),
            Err(_) => Err(DossierApiError::Decode),
        },
        408 | 429 => Err(DossierApiError::Busy { retry_after: reply.retry_after }),
        500.. => Err(DossierApiError::Server(reply.status)),
        status => Err(DossierApiError::Rejected { status, error: Box::new(refusal(&reply)) }),
    }
}

/// The server's error document. A code this build does not know (a newer server) must not
/// cost the person the messages, which are all the app shows of a refusal: such codes are
/// read as generic ones.
fn refusal(reply: &Reply) -> ApiError {
    if let Ok(e) = serde_json::from_str::<ApiError>(&reply.body) {
        return e;
    }
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&reply.body) else { return reply.api_error() };
    if let Some(fields) = v.pointer_mut("/error/fields").and_then(|f| f.as_array_mut()) {
        for f in fields.iter_mut().filter(|f| serde_json::from_value::<FieldErrorCode>(f["code"].clone()).is_err()) {
            f["code"] = "wrong_type".into();
        }
    }
    if let Some(code) = v.pointer_mut("/error/code") {
        if serde_json::from_value::<domain::api_error::ErrorCode>(code.clone()).is_err() {
            *code = "bad_request".into();
        }
    }
    serde_json::from_value(v).unwrap_or_else(|_| reply.api_error())
}

/// What the server says of an unknown code, for one that cannot even be sent.
fn not_found() -> DossierApiError {
    let error = ApiError::new(
        domain::api_error::ErrorCode::NotFound,
        "Không tìm thấy hồ sơ này.",
        "This application was not found.",
    );
    DossierApiError::Rejected { status: 404, error: Box::new(error) }
}

/// Every file the answers refer to, in order, groups included.
pub fn files_in(answers: &Answers) -> Vec<FileMeta> {
    let mut out = Vec::new();
    collect(answers, &mut out);
    out
}

fn collect(answers: &Answers, out: &mut Vec<FileMeta>) {
    for (_, a) in answers.iter() {
        match a {
            Answer::Files(files) => out.extend(files.iter().cloned()),
            Answer::Group(items) => items.iter().for_each(|item| collect(item, out)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn files_are_found_in_groups_too() {
        let f = |id: &str| FileMeta { id: id.into(), name: format!("{id}.pdf"), mime: "application/pdf".into(), size: 3 };
        let item = Answers::new().with("scan", Answer::Files(vec![f("b")]));
        let answers = Answers::new()
            .with("name", Answer::text("An"))
            .with("docs", Answer::Files(vec![f("a")]))
            .with("members", Answer::Group(vec![item]));
        let ids: Vec<String> = files_in(&answers).into_iter().map(|m| m.id).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_refusal_with_codes_unknown_here_keeps_its_messages() {
        let body = r#"{"error":{"code":"brand_new","message_vi":"Sai","message_en":"Wrong",
            "fields":[{"path":"name","code":"brand_new_rule","message_vi":"Tên trùng","message_en":"Name taken"},
                      {"path":"phone","code":"required","message_vi":"Thiếu","message_en":"Missing"}]}}"#;
        let reply = Reply { status: 422, body: body.into(), retry_after: None };
        let e = refusal(&reply);
        assert_eq!(e.error.message_vi, "Sai");
        let got: Vec<(&str, &str, FieldErrorCode)> =
            e.error.fields.iter().map(|f| (f.path.as_str(), f.message_vi.as_str(), f.code)).collect();
        assert_eq!(got, [("name", "Tên trùng", FieldErrorCode::WrongType), ("phone", "Thiếu", FieldErrorCode::Required)]);
        // Not JSON at all (a proxy's page): the portal's own words.
        let e = refusal(&Reply { status: 418, body: "<html>".into(), retry_after: None });
        assert!(e.error.message_vi.contains("418"));
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn only_no_answer_and_server_trouble_are_retried() {
        assert!(DossierApiError::Offline.is_transient());
        assert!(DossierApiError::Timeout.is_transient());
        assert!(DossierApiError::Server(503).is_transient());
        assert!(DossierApiError::Busy { retry_after: Some(5) }.is_transient());
        let refused = DossierApiError::Rejected { status: 422, error: Box::new(not_found().api().clone()) };
        assert!(!refused.is_transient());
        assert!(!DossierApiError::Decode.is_transient());
    }

    impl DossierApiError {
        fn api(&self) -> &ApiError {
            match self {
                DossierApiError::Rejected { error, .. } => error,
                _ => panic!("not a refusal"),
            }
        }
    }
}
