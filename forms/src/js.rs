//! Browser APIs that old phones may lack (`navigator.storage`, `caches`, service workers,
//! the install prompt), called by name so a missing one is `None`, not a crash.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A property of an object; `None` for non-objects, throwing getters and `undefined`.
pub fn prop(target: &JsValue, name: &str) -> Option<JsValue> {
    if !target.is_object() && !target.is_function() {
        return None;
    }
    Reflect::get(target, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// `target[name](...args)`, when `target` has such a method.
pub fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let f = prop(target, name)?.dyn_into::<Function>().ok()?;
    let args: js_sys::Array = args.iter().collect();
    f.apply(target, &args).ok()
}

/// `await target[name](...args)`: `None` when there is no such method, it throws, or its
/// promise rejects.
pub async fn call_async(target: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let promise = call(target, name, args)?.dyn_into::<Promise>().ok()?;
    JsFuture::from(promise).await.ok()
}

/// `window` as a plain value, for [`prop`] and [`call`].
pub fn window() -> JsValue {
    js_sys::global().into()
}

/// `navigator.storage`, where the browser has it (not Safari before 15.2 in every mode).
pub fn storage_manager() -> Option<JsValue> {
    prop(&prop(&window(), "navigator")?, "storage")
}
