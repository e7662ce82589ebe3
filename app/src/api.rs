//! The portal API as typed calls. Hand-rolled on `fetch` because an HTTP client crate
//! would cost more of the download budget than these few GET requests are worth.

use crate::decode;
use domain::Procedure;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

/// On patchy mobile data a request can hang for minutes without failing; after this the
/// app gives up, falls back to what it has saved, and offers a retry instead of a spinner.
const TIMEOUT_MS: i32 = 20_000;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiClientError {
    /// No answer at all: offline, DNS, connection refused, or the request was blocked.
    #[error("the server could not be reached")]
    Unreachable,
    /// The server answered with an error status. Its error document is not read: the
    /// app words its own messages, and the status says all it acts on.
    #[error("the server answered {0}")]
    Status(u16),
    /// The body was not what the API promises.
    #[error("unexpected response: {0}")]
    Decode(#[from] decode::DecodeError),
}

impl ApiClientError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiClientError::Status(404))
    }
}

/// Result of a conditional catalogue request.
pub enum Catalogue {
    NotModified,
    Fresh { etag: Option<String>, body: String },
}

/// `GET /api/v1/catalogue`, conditional on `etag` when there is a cached copy.
/// The body is returned raw so it can be cached as-is; the caller parses it.
pub async fn catalogue(etag: Option<&str>) -> Result<Catalogue, ApiClientError> {
    let resp = get("/api/v1/catalogue", etag).await?;
    if resp.status() == 304 {
        return Ok(Catalogue::NotModified);
    }
    let etag = resp.headers().get("etag").ok().flatten();
    let body = ok_text(resp).await?;
    Ok(Catalogue::Fresh { etag, body })
}

/// `GET /api/v1/procedures/{code}`, with the raw body for the offline copy.
pub async fn procedure(code: &str) -> Result<(Procedure, String), ApiClientError> {
    // Codes are checked against `d.dddddd` before any call, so no escaping is needed.
    let resp = get(&format!("/api/v1/procedures/{code}"), None).await?;
    let body = ok_text(resp).await?;
    Ok((decode::procedure(&body)?, body))
}

/// `GET` of any portal API path, the body of a 2xx answer as text. The forms module
/// decodes what it fetches itself (it links a JSON reader the shell does without).
pub async fn get_text(path: &str) -> Result<String, ApiClientError> {
    ok_text(get(path, None).await?).await
}

/// Reports an anonymous funnel event (`viewed`, `started`) for a procedure to
/// `/api/v1/stats/events`, at most once per procedure and event for this page's life, so a
/// language switch or going back and forth is still one journey. Nothing but the code and
/// the event is sent (docs/privacy.md); failures are ignored, since a lost count must
/// never cost the person anything. Practice mode marks it so the server counts nothing.
pub fn report_event(procedure: &str, event: &str) {
    thread_local! {
        static SENT: core::cell::RefCell<Vec<String>> = const { core::cell::RefCell::new(Vec::new()) };
    }
    let key = format!("{event} {procedure}");
    let first = SENT.with(|s| {
        let mut s = s.borrow_mut();
        let first = !s.contains(&key);
        if first {
            s.push(key);
        }
        first
    });
    let (Some(window), true) = (web_sys::window(), first) else { return };
    let Ok(headers) = Headers::new() else { return };
    let _ = headers.set("Content-Type", "application/json");
    if crate::mode::practice() {
        let _ = headers.set(crate::mode::PRACTICE_HEADER, "1");
    }
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    // Procedure codes are `d.dddddd` and events are fixed words: nothing to escape.
    init.set_body(&format!(r#"{{"procedure":"{procedure}","event":"{event}"}}"#).into());
    // Survives the page being left right after the click that caused it.
    // (web-sys has no setter for it.)
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
    // Awaited only so that a failure (offline, server down) is handled: an unawaited
    // promise that rejects is an uncaught "Failed to fetch" in the console. A lost count
    // is acceptable; nothing is retried.
    let sent = window.fetch_with_str_and_init("/api/v1/stats/events", &init);
    leptos::task::spawn_local(async move {
        let _ = JsFuture::from(sent).await;
    });
}

async fn get(path: &str, if_none_match: Option<&str>) -> Result<Response, ApiClientError> {
    let window = web_sys::window().ok_or(ApiClientError::Unreachable)?;
    let headers = Headers::new().map_err(|_| ApiClientError::Unreachable)?;
    let _ = headers.set("Accept", "application/json");
    if let Some(tag) = if_none_match {
        // A header set by the page makes the browser pass a 304 through instead of
        // answering from its own HTTP cache.
        let _ = headers.set("If-None-Match", tag);
    }
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    abort_after(&window, &init, TIMEOUT_MS);
    let value = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(|_| ApiClientError::Unreachable)?;
    value.dyn_into::<Response>().map_err(|_| ApiClientError::Unreachable)
}

/// Aborts the request (headers and body alike) after `ms`. AbortController with a timer
/// rather than `AbortSignal.timeout()`, which phones older than Chrome 103 lack.
/// Aborting a request that has already finished does nothing.
fn abort_after(window: &web_sys::Window, init: &RequestInit, ms: i32) {
    let Ok(controller) = AbortController::new() else { return };
    init.set_signal(Some(&controller.signal()));
    let abort = Closure::once_into_js(move || controller.abort());
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), ms);
}

/// The body of a 2xx answer.
async fn ok_text(resp: Response) -> Result<String, ApiClientError> {
    let status = resp.status();
    if !(200..300).contains(&status) {
        return Err(ApiClientError::Status(status));
    }
    let promise = resp.text().map_err(|_| ApiClientError::Unreachable)?;
    // A body cut off by a dropped connection rejects the promise: that is unreachable.
    let text = JsFuture::from(promise).await.map_err(|_| ApiClientError::Unreachable)?;
    text.as_string().ok_or(ApiClientError::Unreachable)
}
