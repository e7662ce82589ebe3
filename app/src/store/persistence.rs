//! Asking the browser to keep the site's storage under storage pressure.

use super::field;
use js_sys::{Function, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// `navigator.storage.persist()`: `Some(true)` when storage is (now) persistent,
/// `Some(false)` when the browser declined, `None` when it has no such API. Ask once,
/// when the first draft is saved: the browser may prompt or remember the answer.
pub async fn request_persistence() -> Option<bool> {
    let storage = field(&field(&js_sys::global(), "navigator")?, "storage")?;
    let persist = field(&storage, "persist")?.dyn_into::<Function>().ok()?;
    let promise = persist.call0(&storage).ok()?.dyn_into::<Promise>().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}
