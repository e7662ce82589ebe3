//! Adding the portal to the home screen. On iPhone and iPad that is what keeps Safari
//! from deleting the site's data after seven days without a visit; on Android it also
//! makes the browser more willing to grant persistent storage.
//!
//! Chrome offers installation through a `beforeinstallprompt` event, which fires once,
//! early, perhaps before this module is loaded. The boot script keeps it on
//! `window.__portalInstall`; a later one is caught here too.

use crate::js;
use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const STASH: &str = "__portalInstall";

/// Whether the page runs as the installed app (Android, desktop) or from the iOS home
/// screen.
pub fn installed() -> bool {
    let w = js::window();
    let standalone = js::call(&w, "matchMedia", &[JsValue::from_str("(display-mode: standalone)")])
        .and_then(|m| js::prop(&m, "matches"))
        .and_then(|m| m.as_bool())
        .unwrap_or(false);
    let ios_home_screen = js::prop(&w, "navigator").and_then(|n| js::prop(&n, "standalone")).and_then(|s| s.as_bool());
    standalone || ios_home_screen == Some(true)
}

/// The stashed `beforeinstallprompt` event, if the browser offered installation.
pub fn offered() -> Option<JsValue> {
    js::prop(&js::window(), STASH).filter(|e| js::prop(e, "prompt").is_some_and(|p| p.is_function()))
}

/// Keeps `event` (a `beforeinstallprompt` that came while this page was open) where the
/// boot script would have, unless it already did.
pub fn keep(event: &JsValue) {
    if offered().is_none() {
        let _ = js_sys::Reflect::set(&js::window(), &JsValue::from_str(STASH), event);
    }
}

/// Shows the browser's install dialog; `Some(true)` when the person accepted, `None`
/// when the browser did not show it. The event is spent either way.
pub async fn prompt(event: JsValue) -> Option<bool> {
    let _ = js_sys::Reflect::delete_property(&js::window().unchecked_into::<js_sys::Object>(), &JsValue::from_str(STASH));
    // `prompt()` returns a promise in current Chrome, nothing in older ones.
    if let Ok(shown) = js::call(&event, "prompt", &[])?.dyn_into::<Promise>() {
        JsFuture::from(shown).await.ok()?;
    }
    let choice = JsFuture::from(js::prop(&event, "userChoice")?.dyn_into::<Promise>().ok()?).await.ok()?;
    Some(js::prop(&choice, "outcome")?.as_string()? == "accepted")
}
