//! One tab edits a draft at a time. Two tabs saving the same draft would silently
//! overwrite each other's answers, so the tab that opens a draft takes a Web Lock named
//! after it; a second tab shows the draft read-only and may take the lock over ("Sửa ở
//! thẻ này"), which turns the first tab read-only. A closed or crashed tab releases its
//! lock by itself, which a flag in storage would not.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A held lock; dropping it releases the lock.
pub struct TabLock {
    release: Function,
}

impl Drop for TabLock {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::NULL);
    }
}

pub enum Acquired {
    Held(TabLock),
    /// Another tab holds it.
    Busy,
    /// No Web Locks here (browsers before 2022, or an insecure origin): editing is
    /// allowed, as it was before this check existed.
    Unsupported,
}

/// How to ask for a lock another tab may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Give up at once ([`Acquired::Busy`]) if it is held.
    IfAvailable,
    /// Take it from the holder.
    Steal,
    /// Wait until the holder lets go.
    Wait,
}

/// Takes the lock of draft `id`, from another tab too when `steal`. `on_lost` runs if
/// another tab steals it later.
pub async fn acquire(id: &str, steal: bool, on_lost: impl FnOnce() + 'static) -> Acquired {
    let mode = if steal { Mode::Steal } else { Mode::IfAvailable };
    acquire_named(&format!("portal-draft:{id}"), mode, on_lost).await
}

/// Takes the Web Lock `name` (any lock of the portal's, e.g. the outbox's).
pub async fn acquire_named(name: &str, mode: Mode, on_lost: impl FnOnce() + 'static) -> Acquired {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return Acquired::Unsupported };
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).unwrap_or(JsValue::UNDEFINED);
    let request = Reflect::get(&locks, &JsValue::from_str("request")).ok().and_then(|f| f.dyn_into::<Function>().ok());
    let Some(request) = request else { return Acquired::Unsupported };

    // `hold` stays pending while we keep the lock; its resolve function releases it.
    let mut release = None;
    let hold = Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut report = None;
    let granted = Promise::new(&mut |resolve, _| report = Some(resolve));
    let (Some(release), Some(report)) = (release, report) else { return Acquired::Unsupported };

    let hold: JsValue = hold.into();
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let got = !lock.is_null() && !lock.is_undefined();
        let _ = report.call1(&JsValue::NULL, &JsValue::from_bool(got));
        if got {
            hold
        } else {
            JsValue::UNDEFINED
        }
    });
    let options = Object::new();
    let key = match mode {
        Mode::Steal => Some("steal"),
        Mode::IfAvailable => Some("ifAvailable"),
        Mode::Wait => None,
    };
    if let Some(key) = key {
        let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::TRUE);
    }
    let name = JsValue::from_str(name);
    let Ok(pending) = request.call3(&locks, &name, &options, &callback) else { return Acquired::Unsupported };
    // A stolen lock rejects the request with an AbortError.
    let lost = Closure::once_into_js(move |_: JsValue| on_lost());
    if let Some(catch) = Reflect::get(&pending, &JsValue::from_str("catch")).ok().and_then(|f| f.dyn_into::<Function>().ok()) {
        let _ = catch.call1(&pending, &lost);
    }
    match JsFuture::from(granted).await {
        Ok(v) if v.as_bool() == Some(true) => Acquired::Held(TabLock { release }),
        Ok(_) => Acquired::Busy,
        Err(_) => Acquired::Unsupported,
    }
}
