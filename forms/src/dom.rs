//! Focus moves the wizard makes for keyboard and screen-reader users.

use wasm_bindgen::JsCast;

fn element(id: &str) -> Option<web_sys::HtmlElement> {
    web_sys::window()?.document()?.get_element_by_id(id)?.dyn_into::<web_sys::HtmlElement>().ok()
}

/// Focuses the element `id` after the next render (it may be about to appear).
pub fn focus_later(id: impl Into<String>) {
    let id = id.into();
    leptos::prelude::request_animation_frame(move || {
        focus(&id);
    });
}

thread_local! {
    /// Whether this module has shown a step or review page since it started.
    static PAGE_SHOWN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Where focus goes when a step (or the review) appears, after its first render: the
/// question named in the URL's fragment (the review's "Thay đổi"), else the error summary
/// if one is shown, else the page's heading `heading_id` (tabindex -1), so a screen reader
/// starts reading the new step there and the next Tab goes on from it. The first page the
/// module shows after a full page load leaves focus where the browser put it, as any page
/// load does; arriving from a shell page (focus on `<main>`) still moves it.
pub fn focus_new_page(heading_id: &'static str) {
    let first = !PAGE_SHOWN.with(|s| s.replace(true));
    leptos::prelude::request_animation_frame(move || {
        let window = web_sys::window();
        let hash = window.as_ref().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        if let Some(id) = hash.strip_prefix('#').filter(|h| !h.is_empty()) {
            if focus(id) {
                return;
            }
        }
        let doc = window.and_then(|w| w.document());
        let active = doc.as_ref().and_then(|d| d.active_element());
        let at_start = active.is_none() || active.as_ref().map(|a| a.tag_name()) == Some("BODY".into());
        if first && at_start {
            return;
        }
        if let Some(el) = element(crate::components::error_summary::SUMMARY_ID).or_else(|| element(heading_id)) {
            // No scrolling: the page was just scrolled to its top.
            let _ = el.focus();
        }
    });
}

/// On `keydown` in a dialog: Tab past its last control goes to its first, Shift+Tab before
/// its first goes to its last, so focus stays in the dialog until it is closed.
pub fn trap_tab(ev: &web_sys::KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    let Some(dialog) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    let Ok(list) = dialog.query_selector_all("a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled])") else {
        return;
    };
    let n = list.length();
    let item = |i| list.item(i).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let (Some(first), Some(last)) = (item(0), item(n.saturating_sub(1))) else { return };
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let (edge, to) = if ev.shift_key() { (&first, &last) } else { (&last, &first) };
    let leaving = match &active {
        Some(a) => a == edge.unchecked_ref::<web_sys::Element>() || !dialog.contains(Some(a)),
        None => true,
    };
    if leaving {
        ev.prevent_default();
        let _ = to.focus();
    }
}

pub fn focus(id: &str) -> bool {
    match element(id) {
        Some(el) => {
            let _ = el.focus();
            el.scroll_into_view();
            true
        }
        None => false,
    }
}

thread_local! {
    static PRESSED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Counts presses, so the fallback below ends only the press it was set for.
    static PRESSES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static WATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static AFTER_PRESS: std::cell::RefCell<Vec<Box<dyn FnOnce()>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The longest a message waits for a press to end: a press whose release never reaches
/// the page (a select's own popup takes it) must not hold messages back.
const PRESS_WAIT_MS: i32 = 1000;

/// Runs `f` now or, while a mouse button or a finger is down, just after the click that
/// press becomes. A field's error appears or disappears when it loses focus, which
/// happens on `mousedown` of the next control and moves everything below the message;
/// moved before `mouseup`, that control is no longer under the pointer and the click is
/// lost ("Tra cứu" or "Tiếp tục" right after correcting a field, a radio below it).
pub fn after_press(f: impl FnOnce() + 'static) {
    if !PRESSED.with(|p| p.get()) {
        return f();
    }
    let first = AFTER_PRESS.with(|q| {
        let mut q = q.borrow_mut();
        q.push(Box::new(f));
        q.len() == 1
    });
    if first {
        let press = PRESSES.with(|n| n.get());
        later(move || if PRESSES.with(|n| n.get()) == press { release() }, PRESS_WAIT_MS);
    }
}

/// Starts following presses for [`after_press`]; once per page.
pub fn watch_presses() {
    use wasm_bindgen::closure::Closure;
    if WATCHING.with(|w| w.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    // `mousedown` also comes for a tap, before the focus moves.
    let down = Closure::<dyn FnMut()>::new(|| {
        PRESSES.with(|n| n.set(n.get().wrapping_add(1)));
        PRESSED.with(|p| p.set(true));
    });
    let up = Closure::<dyn FnMut()>::new(release);
    let _ = window.add_event_listener_with_callback_and_bool("mousedown", down.as_ref().unchecked_ref(), true);
    // A key pressed means the press is over, whatever became of its release.
    for end in ["mouseup", "dragend", "pointercancel", "keydown"] {
        let _ = window.add_event_listener_with_callback_and_bool(end, up.as_ref().unchecked_ref(), true);
    }
    down.forget();
    up.forget();
}

/// The press is over: run what waited for it once its click (dispatched right after
/// `mouseup`, in the same task) has been handled.
fn release() {
    PRESSED.with(|p| p.set(false));
    if AFTER_PRESS.with(|q| q.borrow().is_empty()) {
        return;
    }
    later(
        || {
            for f in AFTER_PRESS.with(|q| std::mem::take(&mut *q.borrow_mut())) {
                f();
            }
        },
        0,
    );
}

fn later(f: impl FnOnce() + 'static, ms: i32) {
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms);
    }
}

/// A v4 UUID for a new draft (later the submission's idempotency key).
pub fn new_uuid() -> String {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    let Some(crypto) = crypto else { return fallback_uuid() };
    // randomUUID needs a secure context, which production (HTTPS) and localhost are.
    let random_uuid = js_sys::Reflect::get(&crypto, &"randomUUID".into()).ok().filter(|f| f.is_function());
    if random_uuid.is_some() {
        return crypto.random_uuid();
    }
    let mut bytes = [0u8; 16];
    if crypto.get_random_values_with_u8_array(&mut bytes).is_err() {
        return fallback_uuid();
    }
    format_uuid(bytes)
}

fn fallback_uuid() -> String {
    let mut bytes = [0u8; 16];
    for b in bytes.iter_mut() {
        *b = (js_sys::Math::random() * 256.0) as u8;
    }
    format_uuid(bytes)
}

fn format_uuid(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(HEX[(byte >> 4) as usize] as char);
        s.push(HEX[(byte & 15) as usize] as char);
    }
    s
}

/// Draft ids come from the URL: accept only what [`new_uuid`] makes.
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { c == b'-' } else { c.is_ascii_hexdigit() })
}
