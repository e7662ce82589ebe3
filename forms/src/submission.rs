//! One attempt to file a queued submission, and what becomes of it — the order of the
//! writes is the point of this file:
//!
//! 1. the submission is in the outbox before anything is sent, so a tab closed in the
//!    middle of the request still sends it later (with the same idempotency key, so the
//!    server files it once whatever happens);
//! 2. the server's receipt is stored in `dossiers`, and only then is the outbox entry
//!    deleted, then the draft with its attachments; a failure in between leaves the entry,
//!    and sending it again replays the same receipt;
//! 3. no answer, a timeout or a 5xx keeps the entry, with a later time to try again;
//! 4. a refusal (4xx) takes it out of the outbox: the draft is still there, and the
//!    server's messages are kept for its review page (under [`rejection_key`]).
//!
//! Every outcome is announced with a `portal:outbox` event on `window`, so whichever page
//! is open (the review, the drafts list, "Hồ sơ của tôi") updates itself.

use crate::dossier_api::{self, files_in, DossierApiError, Upload};
use crate::outbox;
use crate::tab_lock::{self, Mode};
use domain::dossier::api::{SubmissionBody, SupplementBody};
use domain::form::{Answers, Loose};
use domain::ApiError;
use js_sys::{Object, Reflect};
use portal_app::store::{DossierRecord, OutboxRecord, Store};
use wasm_bindgen::JsValue;

/// The `window` event announcing a change in the outbox; `detail` is
/// `{draft, state: "queued" | "filed" | "rejected", code?}`.
pub const EVENT: &str = "portal:outbox";
/// One tab sends at a time: two tabs draining at once would only race for the same key.
pub const LOCK: &str = "portal-outbox";

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Filed: the receipt is stored under this code and the draft is gone.
    Filed { code: String },
    /// Waiting in the outbox ("Đang chờ gửi").
    Queued,
    /// Refused by the server (or unsendable); back to the draft with these messages.
    Rejected(Box<ApiError>),
    /// No offline storage: nothing was queued or sent.
    NoStorage,
}

/// "Nộp hồ sơ": queues the submission, then sends it at once (waiting for another tab's
/// drain to finish first, which may have filed it meanwhile: the key makes that harmless).
pub async fn file_now(entry: OutboxRecord) -> Outcome {
    let Ok(store) = Store::open().await else { return Outcome::NoStorage };
    let _lock = tab_lock::acquire_named(LOCK, Mode::Wait, || {}).await;
    // A new attempt: the messages of an earlier refusal no longer apply.
    let _ = store.delete_response(&rejection_key(&entry.id)).await;
    if store.put_outbox(&entry).await.is_err() {
        return Outcome::NoStorage;
    }
    attempt(&store, entry).await
}

/// Sends one queued submission and records the outcome (see the module comment). The
/// caller holds the outbox lock.
pub async fn attempt(store: &Store, entry: OutboxRecord) -> Outcome {
    let outcome = send(store, &entry).await;
    let (state, code) = match &outcome {
        Outcome::Filed { code } => ("filed", Some(code.as_str())),
        Outcome::Queued => ("queued", None),
        Outcome::Rejected(_) | Outcome::NoStorage => ("rejected", None),
    };
    announce(&entry.id, state, code);
    outcome
}

async fn send(store: &Store, entry: &OutboxRecord) -> Outcome {
    let Some(answers) = parse_answers(&entry.answers) else {
        return reject(store, entry, unreadable_answers()).await;
    };
    let files = match uploads(store, &answers, false).await {
        Ok(f) => f,
        Err(name) => return reject(store, entry, missing_file(&name)).await,
    };
    let body = SubmissionBody { procedure_code: entry.procedure.clone(), schema_version: entry.schema_version, answers };
    match dossier_api::submit(&entry.id, &body, &files).await {
        Ok((receipt, raw)) => {
            let record = DossierRecord {
                code: receipt.code.clone(),
                access_key: receipt.access_key.clone(),
                receipt: raw,
                status: None,
                refreshed_ms: js_sys::Date::now(),
                schema_version: entry.schema_version,
                draft_id: Some(entry.id.clone()),
            };
            if let Err(e) = store.put_dossier(&record).await {
                // Filed, but not yet written down here: keep the entry, whose next
                // attempt gets the same receipt back.
                return retry_later(store, entry, &format!("storing the receipt: {e}"), None).await;
            }
            // Failures from here on only leave a duplicate to tidy: a leftover entry is
            // sent again and replayed; a leftover draft can be deleted by hand.
            let _ = store.delete_outbox(&entry.id).await;
            let _ = store.delete_draft(&entry.id).await;
            Outcome::Filed { code: receipt.code }
        }
        // A 2xx we cannot read may well be a filed dossier: sending again replays it.
        Err(e) if e.is_transient() || e == DossierApiError::Decode => {
            let wait = match e {
                DossierApiError::Busy { retry_after } => retry_after,
                _ => None,
            };
            retry_later(store, entry, &e.to_string(), wait).await
        }
        Err(DossierApiError::Rejected { error, .. }) => reject(store, entry, *error).await,
        Err(_) => reject(store, entry, unreadable_answers()).await,
    }
}

async fn retry_later(store: &Store, entry: &OutboxRecord, why: &str, retry_after_s: Option<u32>) -> Outcome {
    let attempts = entry.attempts.saturating_add(1);
    let mut wait = outbox::backoff_ms(attempts, js_sys::Math::random());
    if let Some(s) = retry_after_s {
        wait = wait.max(f64::from(s) * 1000.0);
    }
    let next = OutboxRecord {
        attempts,
        next_attempt_ms: js_sys::Date::now() + wait,
        last_error: Some(why.to_owned()),
        ..entry.clone()
    };
    // If even this fails the old entry stays, due at once: it is tried again all the same.
    let _ = store.put_outbox(&next).await;
    outbox::wake_at(next.next_attempt_ms);
    outbox::register_sync();
    Outcome::Queued
}

async fn reject(store: &Store, entry: &OutboxRecord, error: ApiError) -> Outcome {
    if let Ok(json) = serde_json::to_string(&error) {
        let _ = store.put_response(&rejection_key(&entry.id), &json, js_sys::Date::now()).await;
    }
    let _ = store.delete_outbox(&entry.id).await;
    Outcome::Rejected(Box::new(error))
}

/// Where the server's refusal of a draft's submission is kept (in the `responses` store),
/// for its review page to show even when the refusal came to a background drain.
pub fn rejection_key(draft_id: &str) -> String {
    format!("rejected:{draft_id}")
}

/// The refusal kept for this draft, if any.
pub async fn rejection(store: &Store, draft_id: &str) -> Option<ApiError> {
    let saved = store.response(&rejection_key(draft_id)).await.ok()??;
    serde_json::from_str(&saved.body).ok()
}

/// Answers a supplement request with the draft made for it: online only (a supplement
/// is not queued: the server keeps no key for it, so a retry after a lost answer would be
/// refused as "not waiting for a supplement"). Returns the dossier's code.
pub async fn supplement_now(draft_id: &str, answers_json: &str, code: &str) -> Result<String, DossierApiError> {
    let store = Store::open().await.map_err(|_| DossierApiError::Build)?;
    let Ok(Some(mut record)) = store.dossier(code).await else {
        return Err(DossierApiError::Rejected { status: 404, error: Box::new(no_access_key()) });
    };
    let answers = parse_answers(answers_json).ok_or(DossierApiError::Build)?;
    // Only files picked for this supplement are on the device under the draft; the ones
    // filed before are on the server already and go by id.
    let files = uploads(&store, &answers, true).await.unwrap_or_default();
    let (status, raw) = dossier_api::supplement(code, &record.access_key, &SupplementBody { answers }, &files).await?;
    record.status = Some(raw);
    record.refreshed_ms = js_sys::Date::now();
    let _ = status;
    if store.put_dossier(&record).await.is_ok() {
        let _ = store.delete_draft(draft_id).await;
    }
    Ok(record.code)
}

pub fn parse_answers(json: &str) -> Option<Answers> {
    serde_json::from_str::<Loose>(json).ok().map(Answers::from_loose)
}

/// The attachments the answers refer to, from IndexedDB. `Err(name)` names a file that is
/// not on the device; with `new_only`, such files are skipped instead (a supplement).
async fn uploads(store: &Store, answers: &Answers, new_only: bool) -> Result<Vec<Upload>, String> {
    let mut out = Vec::new();
    for meta in files_in(answers) {
        match store.attachment(&meta.id).await {
            Ok(Some((_, blob))) => out.push(Upload { meta, blob }),
            _ if new_only => {}
            _ => return Err(meta.name),
        }
    }
    Ok(out)
}

fn announce(draft: &str, state: &str, code: Option<&str>) {
    let detail = Object::new();
    let _ = Reflect::set(&detail, &"draft".into(), &JsValue::from_str(draft));
    let _ = Reflect::set(&detail, &"state".into(), &JsValue::from_str(state));
    if let Some(c) = code {
        let _ = Reflect::set(&detail, &"code".into(), &JsValue::from_str(c));
    }
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    let event = web_sys::CustomEvent::new_with_event_init_dict(EVENT, &init);
    if let (Some(w), Ok(ev)) = (web_sys::window(), event) {
        let _ = w.dispatch_event(&ev);
    }
}

fn unreadable_answers() -> ApiError {
    ApiError::new(
        domain::api_error::ErrorCode::BadRequest,
        "Không đọc được nội dung hồ sơ đã lưu trên máy. Hãy kiểm tra lại các thông tin rồi nộp lại.",
        "The saved application could not be read. Check your answers and submit again.",
    )
}

fn missing_file(name: &str) -> ApiError {
    ApiError::new(
        domain::api_error::ErrorCode::BadRequest,
        format!("Tệp “{name}” không còn trên máy này. Hãy đính kèm lại rồi nộp lại."),
        format!("The file “{name}” is no longer on this device. Attach it again, then submit."),
    )
}

fn no_access_key() -> ApiError {
    ApiError::new(
        domain::api_error::ErrorCode::NotFound,
        "Máy này không có mã truy cập của hồ sơ. Hãy tra cứu hồ sơ bằng mã hồ sơ và số điện thoại rồi thử lại.",
        "This device has no access key for the application. Look it up with its code and phone number, then try again.",
    )
}
