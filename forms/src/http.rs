//! JSON requests with a method, headers and a body, for the dossier and payment APIs
//! (the shell's `portal_app::api` only GETs). Each call ends in an answer or in one of
//! two ways of having none — offline or timed out — because the pages say different
//! things for each: "you are offline" vs "the server is slow, we will check again".

use domain::ApiError;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

/// As the shell's: on patchy mobile data a request can hang for minutes without failing.
const TIMEOUT_MS: i32 = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    /// No connection, DNS failure, refused, or a body cut off by a dropped connection.
    #[error("the server could not be reached")]
    Offline,
    /// No full answer within [`TIMEOUT_MS`]; the request may still have reached the server.
    #[error("the server did not answer in time")]
    Timeout,
}

/// Any answer the server gave, successful or not.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    /// `Retry-After` in seconds (429 and 503 answers), when given as a number.
    pub retry_after: Option<u32>,
}

impl Reply {
    /// The server's error document, or one in the portal's words when the body is not
    /// one (a proxy's HTML page, an empty 502).
    pub fn api_error(&self) -> ApiError {
        serde_json::from_str::<ApiError>(&self.body).unwrap_or_else(|_| {
            ApiError::new(
                domain::api_error::ErrorCode::Internal,
                format!("Máy chủ trả lời lỗi {}. Vui lòng thử lại sau.", self.status),
                format!("The server answered with error {}. Please try again later.", self.status),
            )
        })
    }
}

/// Sends `body` (JSON) with `headers` to a same-origin `path`.
pub async fn send(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Result<Reply, HttpError> {
    let body = body.map(wasm_bindgen::JsValue::from_str);
    let json = body.as_ref().map(|_| ("Content-Type", "application/json"));
    let all: Vec<(&str, &str)> = json.into_iter().chain(headers.iter().copied()).collect();
    request(method, path, &all, body.as_ref()).await
}

/// Sends a `multipart/form-data` body (the browser writes its Content-Type, with the
/// boundary) with `headers` to a same-origin `path`.
pub async fn send_form(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    form: &web_sys::FormData,
) -> Result<Reply, HttpError> {
    request(method, path, headers, Some(form.as_ref())).await
}

/// Sends a Blob (an export file) as the body, typed `application/json`.
pub async fn send_json_blob(method: &str, path: &str, blob: &web_sys::Blob) -> Result<Reply, HttpError> {
    request(method, path, &[("Content-Type", "application/json")], Some(blob.as_ref())).await
}

async fn request(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&wasm_bindgen::JsValue>,
) -> Result<Reply, HttpError> {
    let window = web_sys::window().ok_or(HttpError::Offline)?;
    let h = Headers::new().map_err(|_| HttpError::Offline)?;
    let _ = h.set("Accept", "application/json");
    // Practice mode: the server files it in the sandbox and counts nothing.
    if portal_app::mode::practice() {
        let _ = h.set(portal_app::mode::PRACTICE_HEADER, "1");
    }
    for (name, value) in headers {
        // Only our own header values go here; a value the browser refuses is a bug,
        // and the server then answers 4xx for the missing header, which is shown.
        let _ = h.set(name, value);
    }
    let init = RequestInit::new();
    init.set_method(method);
    init.set_headers(&h);
    // Answers about payments and dossiers change by the second: never from HTTP cache.
    init.set_cache(web_sys::RequestCache::NoStore);
    if let Some(b) = body {
        init.set_body(b);
    }
    let controller = AbortController::new().ok();
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
        let c = c.clone();
        let abort = Closure::once_into_js(move || c.abort());
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), TIMEOUT_MS);
    }
    let why = || {
        if controller.as_ref().is_some_and(|c| c.signal().aborted()) {
            HttpError::Timeout
        } else {
            HttpError::Offline
        }
    };
    let value = JsFuture::from(window.fetch_with_str_and_init(path, &init)).await.map_err(|_| why())?;
    let resp: Response = value.dyn_into().map_err(|_| HttpError::Offline)?;
    let status = resp.status();
    let retry_after = resp.headers().get("Retry-After").ok().flatten().and_then(|v| v.trim().parse().ok());
    let text = resp.text().map_err(|_| HttpError::Offline)?;
    let body = JsFuture::from(text).await.map_err(|_| why())?.as_string().unwrap_or_default();
    Ok(Reply { status, body, retry_after })
}

/// Whether the browser believes it has a network; `true` when it cannot tell.
pub fn online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

/// Resolves after `ms`, for back-off between polls.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let timer = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).is_ok());
        if timer != Some(true) {
            // No timer to wait on: go on at once rather than hang the caller.
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}
