//! The outbox worker: sends queued submissions (see `submission.rs`) when there is reason
//! to think they will get through —
//! - when this module starts (the shell's boot script also loads the module at app start
//!   when the outbox is not empty, and calls [`drain`] through the `drain_outbox` export),
//! - on the browser's `online` event,
//! - when the service worker relays a Background Sync (`sync` → message to the page;
//!   registered where `registration.sync` exists, never relied on),
//! - and on a timer, each entry after its own back-off: exponential, capped, with full
//!   jitter so that phones coming back online together do not all retry in step.
//!
//! One tab drains at a time (a Web Lock); the idempotency key makes a second send harmless
//! anyway, the lock only saves the traffic.

use crate::submission::{self, LOCK};
use crate::tab_lock::{self, Acquired, Mode};
use portal_app::store::Store;
use std::cell::Cell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The first retry waits up to this long…
const BASE_MS: f64 = 2_000.0;
/// …and no retry waits longer than this.
const CAP_MS: f64 = 300_000.0;
/// Not sooner than this, so a zero draw of the jitter cannot spin.
const FLOOR_MS: f64 = 1_000.0;
/// When another tab holds the lock, look again after this long (it may have been closed
/// mid-drain; its lock is then released and this tab takes over).
const BUSY_RETRY_MS: f64 = 30_000.0;
/// The Background Sync tag; public/sw.js answers it with a message to the pages.
pub const SYNC_TAG: &str = "portal-outbox";

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
    static DRAINING: Cell<bool> = const { Cell::new(false) };
    /// The pending timer and when it fires.
    static TIMER: Cell<Option<(i32, f64)>> = const { Cell::new(None) };
}

/// How long to wait before attempt `attempts + 1`: a uniform draw (`random` in [0, 1))
/// below `min(CAP, BASE · 2^(attempts-1))` ("full jitter"), at least [`FLOOR_MS`].
pub fn backoff_ms(attempts: u32, random: f64) -> f64 {
    let exp = 2f64.powi(attempts.saturating_sub(1).min(30) as i32);
    let ceiling = (BASE_MS * exp).min(CAP_MS);
    (random.clamp(0.0, 1.0) * ceiling).max(FLOOR_MS)
}

/// Starts the worker once per page: listens for `online` and drains now.
pub fn start() {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    if let Some(w) = web_sys::window() {
        let on_online = Closure::<dyn FnMut()>::new(|| drain(true));
        let _ = w.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        // For the life of the page, like the worker.
        on_online.forget();
    }
    drain(true);
}

/// Sends what is queued: everything when `force` (a reason to believe the network is
/// back), otherwise the entries whose back-off is over.
pub fn drain(force: bool) {
    wasm_bindgen_futures::spawn_local(run(force));
}

async fn run(force: bool) {
    if DRAINING.with(|d| d.replace(true)) {
        return;
    }
    run_locked(force).await;
    DRAINING.with(|d| d.set(false));
}

async fn run_locked(force: bool) {
    let Ok(store) = Store::open().await else { return };
    // Not skipped when `navigator.onLine` is false: some browsers report it wrongly
    // (captive portals, VPNs), and a failed attempt offline costs nothing but a retry
    // further off; the `online` event sends everything at once anyway.
    let _lock = match tab_lock::acquire_named(LOCK, Mode::IfAvailable, || {}).await {
        Acquired::Busy => {
            wake_at(js_sys::Date::now() + BUSY_RETRY_MS);
            return;
        }
        held => held,
    };
    let now = js_sys::Date::now();
    for entry in store.outbox().await.unwrap_or_default() {
        if force || entry.next_attempt_ms <= now {
            submission::attempt(&store, entry).await;
        }
    }
    // Whatever is still waiting: wake for the first of them.
    if let Some(next) = store.outbox().await.unwrap_or_default().iter().map(|e| e.next_attempt_ms).reduce(f64::min) {
        wake_at(next);
    }
}

/// Drains at `at_ms` (ms since the epoch), unless a timer already fires sooner.
pub fn wake_at(at_ms: f64) {
    let Some(w) = web_sys::window() else { return };
    if let Some((_, when)) = TIMER.with(|t| t.get()) {
        if when <= at_ms && when > js_sys::Date::now() {
            return;
        }
    }
    if let Some((id, _)) = TIMER.with(|t| t.take()) {
        w.clear_timeout_with_handle(id);
    }
    let delay = (at_ms - js_sys::Date::now()).clamp(0.0, CAP_MS) as i32;
    let fire = Closure::once_into_js(|| {
        TIMER.with(|t| t.set(None));
        drain(false);
    });
    if let Ok(id) = w.set_timeout_with_callback_and_timeout_and_arguments_0(fire.unchecked_ref(), delay) {
        TIMER.with(|t| t.set(Some((id, at_ms))));
    }
}

/// Asks the service worker for a Background Sync, where the browser has it (Chromium):
/// the browser then wakes the worker when the connection is back, even with no page
/// open, and the worker tells an open page to drain. Elsewhere the timers and `online`
/// do the job alone.
pub fn register_sync() {
    let Some(w) = web_sys::window() else { return };
    let sw = Reflect::get(&w.navigator(), &"serviceWorker".into()).unwrap_or(JsValue::UNDEFINED);
    if sw.is_undefined() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let Some(ready) = Reflect::get(&sw, &"ready".into()).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) else {
            return;
        };
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(ready).await else { return };
        let sync = Reflect::get(&reg, &"sync".into()).unwrap_or(JsValue::UNDEFINED);
        let register = Reflect::get(&sync, &"register".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let Some(register) = register else { return };
        if let Ok(p) = register.call1(&sync, &JsValue::from_str(SYNC_TAG)) {
            if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
                // Refused (no permission, a headless browser): the timers still run.
                let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            }
        }
    });
}

use js_sys::Reflect;

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn backoff_grows_to_the_cap_with_full_jitter() {
        // The top of the draw doubles per attempt: 2 s, 4 s, 8 s, …
        assert_eq!(backoff_ms(1, 0.999_999).round(), 2_000.0);
        assert_eq!(backoff_ms(2, 0.999_999).round(), 4_000.0);
        assert_eq!(backoff_ms(3, 0.999_999).round(), 8_000.0);
        // …up to five minutes, however many attempts.
        assert_eq!(backoff_ms(9, 0.999_999).round(), 300_000.0);
        assert_eq!(backoff_ms(u32::MAX, 0.999_999).round(), 300_000.0);
        // Anywhere below the top ("full jitter"), but never under a second.
        assert_eq!(backoff_ms(6, 0.5), 32_000.0);
        assert_eq!(backoff_ms(6, 0.0), FLOOR_MS);
        assert_eq!(backoff_ms(0, 0.9), FLOOR_MS.max(0.9 * BASE_MS));
    }
}
