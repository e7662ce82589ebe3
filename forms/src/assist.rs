//! Assisted mode ("Chế độ hỗ trợ") and practice mode ("Thực hành") for community digital
//! tech teams on shared devices. Which mode is on lives in localStorage (read by
//! `portal_app::mode`); each assisted session has its own IndexedDB database, so ending it
//! deletes that database whole. Every switch reloads the page, so no memory of one citizen's
//! session survives into the next.

use crate::js;
use js_sys::Array;
use portal_app::mode::{ASSIST_KEY, PRACTICE_DB, PRACTICE_KEY, SESSION_DB_PREFIX};
use wasm_bindgen::JsValue;

/// localStorage key of the practice persona chosen (see `domain::practice`).
pub const PERSONA_KEY: &str = "practice-persona";
/// localStorage key of when the session started (ms), for the banner on `/ho-tro`.
const STARTED_KEY: &str = "assist-started";
/// Device preferences that are not personal and outlive a session: language, text size,
/// and the modes themselves.
const KEPT_KEYS: [&str; 4] = ["lang", "text-size", PRACTICE_KEY, PERSONA_KEY];

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EndError {
    /// The session's database could not be deleted (another tab holds it open); the session
    /// stays on so nothing is left behind unnoticed, and trying again is safe.
    #[error("the session's data could not be deleted")]
    Incomplete,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn started_ms() -> Option<f64> {
    storage()?.get_item(STARTED_KEY).ok().flatten()?.parse().ok()
}

/// Starts a new citizen's session and reloads into it.
pub fn start_session() {
    let Some(s) = storage() else { return };
    let id = crate::dom::new_uuid();
    let _ = s.set_item(ASSIST_KEY, &id);
    let _ = s.set_item(STARTED_KEY, &js_sys::Date::now().to_string());
    reload("/ho-tro");
}

/// "Kết thúc phiên & xóa dữ liệu": deletes the session's database and every piece of web
/// storage that is not a device preference, then reloads with assisted mode still on for
/// the next citizen only if `next` is true. `on_blocked` runs if another tab holds the
/// database open.
pub async fn end_session(next: bool, on_blocked: impl Fn() + 'static) -> Result<(), EndError> {
    let mut complete = true;
    if let Some(id) = portal_app::mode::assist_session() {
        complete &= crate::wipe::delete_database(&format!("{SESSION_DB_PREFIX}{id}"), on_blocked).await;
    }
    complete &= crate::wipe::delete_personal_caches().await;
    if !complete {
        return Err(EndError::Incomplete);
    }
    clear_session_storage();
    if next {
        start_session();
    } else {
        reload("/ho-tro?da-xoa=1");
    }
    Ok(())
}

/// Everything in Web Storage except [`KEPT_KEYS`]; the session key goes too.
fn clear_session_storage() {
    if let Some(s) = storage() {
        let keys: Vec<String> = (0..s.length().unwrap_or(0)).filter_map(|i| s.key(i).ok().flatten()).collect();
        for k in keys {
            if !KEPT_KEYS.contains(&k.as_str()) {
                let _ = s.remove_item(&k);
            }
        }
    }
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.clear();
    }
}

/// Switches practice mode; leaving it deletes the practice database (sample data only).
pub async fn set_practice(on: bool) {
    let Some(s) = storage() else { return };
    if on {
        let _ = s.set_item(PRACTICE_KEY, "1");
    } else {
        let _ = s.remove_item(PRACTICE_KEY);
        let _ = s.remove_item(PERSONA_KEY);
        if portal_app::mode::assist_session().is_none() {
            let _ = crate::wipe::delete_database(PRACTICE_DB, || {}).await;
        }
    }
    reload("/ho-tro");
}

pub fn persona() -> Option<String> {
    storage()?.get_item(PERSONA_KEY).ok().flatten()
}

pub fn set_persona(id: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(PERSONA_KEY, id);
    }
}

/// Names of this origin's IndexedDB databases, where the browser can list them.
pub async fn database_names() -> Option<Vec<String>> {
    let factory = js::prop(&js::window(), "indexedDB")?;
    let list = js::call_async(&factory, "databases", &[]).await?;
    Some(
        Array::from(&list)
            .iter()
            .filter_map(|d| js::prop(&d, "name").and_then(|n: JsValue| n.as_string()))
            .collect(),
    )
}

/// A full load, not a client-side move: the shell and this module start over in the new
/// mode with nothing of the old one in memory.
fn reload(path: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(path);
    }
}
