//! The two notices that concern the whole app rather than a page: being offline, and a new
//! version waiting to take over.
//!
//! The offline notice follows `navigator.onLine`, which is only a hint (a phone on a dead
//! access point is "online"): pages still say what failed when a request does. It sits in
//! a polite live region, so it is announced once when the connection drops.
//!
//! The update signal comes from the boot script (scripts/trunk-post-build.mjs), which owns
//! the service worker registration and defines `__portalApplyUpdate`; it may fire before
//! the WASM runs, so the flag it leaves on `window` is read at mount as well.
//!

use crate::i18n::use_i18n;
use js_sys::{Function, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

#[component]
pub fn StatusBar() -> impl IntoView {
    let i18n = use_i18n();
    let online = RwSignal::new(true);
    let update = RwSignal::new(false);
    let read = move || {
        online.set(global(&["navigator", "onLine"]) != Some(false));
        update.set(global(&["__portalUpdateReady"]) == Some(true));
    };
    read();
    for event in ["online", "offline", "portal:update"] {
        let _ = window_event_listener_untyped(event, move |_| read());
    }
    // Both notices are always in the DOM and `hidden` toggles them: one more conditional
    // view type would cost more WASM than these two paragraphs.
    view! {
        <div class="status-bar" role="status">
            <p class="notice offline-notice" hidden=move || online.get()>{move || i18n.t().offline_banner}</p>
            <p class="notice update-notice" hidden=move || !update.get()>
                {move || i18n.t().update_ready} " "
                <button type="button" class="button" on:click=|_| apply_update()>{move || i18n.t().update_reload}</button>
            </p>
        </div>
    }
}

/// `window.a.b…` as a boolean, if it is one.
fn global(path: &[&str]) -> Option<bool> {
    let mut v: JsValue = js_sys::global().into();
    for key in path {
        v = Reflect::get(&v, &JsValue::from_str(key)).ok()?;
    }
    v.as_bool()
}

fn apply_update() {
    if let Some(f) = Reflect::get(&js_sys::global(), &JsValue::from_str("__portalApplyUpdate"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    {
        let _ = f.call0(&JsValue::NULL);
    }
}
