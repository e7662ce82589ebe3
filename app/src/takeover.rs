//! Taking over a page the server already drew.
//!
//! For direct loads of the home, catalogue and procedure pages the server sends the page's
//! real content in the first HTML (server/src/prerender), inside `<div id="ssr">`, with the
//! same markup and words as the app draws. The app then mounts into an element outside the
//! document, so the page never holds two copies (two `#search`, two live regions). Each of
//! those pages calls [`ready`] once its own content equals the server's (the catalogue or
//! the procedure has loaded), and the app's nodes replace the server's before the next
//! frame is painted: the two copies look the same, so nothing flashes or moves. A
//! navigation swaps at once with [`now`].
//!
//! The inline script the server puts in `<head>` marks `<html class="spa-only">` when the
//! device asked for what the server cannot know (English, practice mode, an assisted
//! session): the server's copy is then never shown and the app mounts as usual.
//!
//! The DOM work itself is the boot script's (`TAKEOVER` in scripts/trunk-post-build.mjs):
//! in Rust it cost about 1.4 KB brotli of first load, in JavaScript about a fifth of that.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

fn global(name: &str) -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name)).ok()
}

/// The element to mount the app in while the server's copy is shown, if there is one.
pub fn detached_root() -> Option<HtmlElement> {
    global("__portalRoot")?.dyn_into::<HtmlElement>().ok()
}

fn take_over(later: bool) {
    if let Some(f) = global("__portalTakeOver").and_then(|f| f.dyn_into::<Function>().ok()) {
        let _ = f.call1(&JsValue::NULL, &JsValue::from_bool(later));
    }
}

/// The page's own content now matches the server's: swap before the next paint.
pub fn ready() {
    take_over(true);
}

/// Swap at once: the person is leaving the page the server drew.
pub fn now() {
    take_over(false);
}
