//! Client-side navigation: the current path and query as signals, link clicks turned
//! into history entries, and back/forward followed.
//!
//! Written here instead of using `leptos_router` because that crate alone added about
//! 150 KB of WASM (≈ 50 KB brotli) to a four-route app, nearly half the first-load
//! budget, for matching five fixed URL shapes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlAnchorElement, MouseEvent};

#[derive(Debug, Clone, Copy)]
pub struct Location {
    /// `location.pathname`, e.g. `/thu-tuc/1.001612`.
    pub path: RwSignal<String>,
    /// `location.search` including the `?`, or empty.
    pub search: RwSignal<String>,
}

impl Location {
    /// Moves to `href` (a same-origin path with optional query). `replace` rewrites the
    /// current history entry instead of adding one, as search-as-you-type wants.
    pub fn navigate(self, href: &str, replace: bool) {
        // The server's first HTML shows only the page it was drawn for.
        crate::takeover::now();
        let Some(window) = web_sys::window() else { return };
        if let Ok(history) = window.history() {
            let done = if replace {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
            } else {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
            };
            if done.is_err() {
                // Not a URL the history accepts: let the browser load it the old way.
                let _ = window.location().set_href(href);
                return;
            }
        }
        let path_changed = self.sync_from_window();
        // The forms module (a separate WASM module) keeps its own view of the URL; this tells
        // it the shell moved (link clicks, search-as-you-type). See docs/architecture.md.
        crate::document::dispatch_window_event("portal:navigate", None);
        if path_changed && !replace {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            focus_new_page();
        }
    }

    /// One query parameter, decoded (`+` and `%20` both become spaces).
    pub fn query(self, key: &str) -> Option<String> {
        self.search
            .with(|s| web_sys::UrlSearchParams::new_with_str(s).ok().and_then(|p| p.get(key)))
    }

    /// Copies the browser's location into the signals; true when the path changed.
    fn sync_from_window(self) -> bool {
        let (path, search) = current();
        let path_changed = self.path.with_untracked(|p| *p != path);
        if path_changed {
            self.path.set(path);
        }
        if self.search.with_untracked(|s| *s != search) {
            self.search.set(search);
        }
        path_changed
    }
}

/// After a client-side page change, screen readers would otherwise stay on the link
/// that was activated, with no sign that the page changed; focusing `<main>` (it has
/// tabindex -1) makes them read the new page from its heading, as a real load would.
/// Waits a frame so the new page is rendered first, and leaves focus alone if the new page
/// already put it inside `<main>`: the forms module stays mounted across its own URLs and
/// focuses what fits (a step's heading, an error summary), which this must not steal.
fn focus_new_page() {
    request_animation_frame(|| {
        if let Some(main) = main_element() {
            let placed = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|el| el.closest("main").ok().flatten())
                .is_some();
            if !placed {
                let _ = main.focus();
            }
        }
    });
}

/// The page's `<main id="main">`, which the app shell always renders.
pub fn main_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
}

fn current() -> (String, String) {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| (l.pathname().unwrap_or_else(|_| "/".into()), l.search().unwrap_or_default()))
        .unwrap_or_else(|| ("/".into(), String::new()))
}

/// Creates the location, listens for back/forward and in-app link clicks, and shares it.
pub fn provide_location() -> Location {
    let (path, search) = current();
    let loc = Location { path: RwSignal::new(path), search: RwSignal::new(search) };
    provide_context(loc);
    // Listeners live as long as the page: the app is never unmounted.
    // Back/forward, and the forms module's own pushState/replaceState, which it follows with
    // a synthetic popstate event so that this one handler keeps the shell in step.
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        crate::takeover::now();
        if loc.sync_from_window() {
            focus_new_page();
        }
    });
    let _ = window_event_listener(leptos::ev::click, move |ev| on_click(loc, ev));
    loc
}

pub fn use_location() -> Location {
    expect_context::<Location>()
}

/// Takes over plain left-clicks on same-origin links; anything the user means for a new
/// tab, a download, another site or the API is left to the browser.
fn on_click(loc: Location, ev: MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return;
    }
    let anchor = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlAnchorElement>().ok());
    let Some(a) = anchor else { return };
    if !a.target().is_empty() || a.has_attribute("download") || a.rel().contains("external") {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let same_origin = window.location().origin().is_ok_and(|o| o == a.origin());
    let path = a.pathname();
    if !same_origin || path.starts_with("/api/") {
        return;
    }
    let search = a.search();
    // A link to a fragment of this very page is the browser's job (scrolling, focus).
    let same_page = loc.path.with_untracked(|p| *p == path) && loc.search.with_untracked(|s| *s == search);
    if same_page && !a.hash().is_empty() {
        return;
    }
    ev.prevent_default();
    loc.navigate(&format!("{path}{search}"), false);
}
