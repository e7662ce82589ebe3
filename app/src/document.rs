//! Small side effects on the page outside Leptos' tree: `<html lang>`, the tab title,
//! and remembered preferences. Each tolerates a missing window or blocked storage
//! (private mode, storage quota) by doing nothing.

pub fn set_lang(tag: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        // Fails only for invalid attribute names; "lang" is valid.
        let _ = root.set_attribute("lang", tag);
    }
}

/// Sets the tab title as "<page> – <portal>", which screen readers announce on navigation.
pub fn set_title(page: &str, portal: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if page.is_empty() {
            doc.set_title(portal);
        } else {
            doc.set_title(&format!("{page} – {portal}"));
        }
    }
}

/// Dispatches `new CustomEvent(name, {detail})` on `window`: how the shell tells the
/// separately loaded forms module about navigation and language (docs/architecture.md).
pub fn dispatch_window_event(name: &str, detail: Option<&str>) {
    let Some(window) = web_sys::window() else { return };
    let init = web_sys::CustomEventInit::new();
    if let Some(detail) = detail {
        init.set_detail(&wasm_bindgen::JsValue::from_str(detail));
    }
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        // Listeners' exceptions are reported by the browser, not returned here.
        let _ = window.dispatch_event(&event);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn local_storage_get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

pub fn local_storage_set(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        // A full or disabled storage only means the choice is not remembered.
        let _ = s.set_item(key, value);
    }
}
