//! The device's mode, chosen on the "Chế độ hỗ trợ" page (`/ho-tro`) by a community digital
//! tech team volunteer: an assisted session for one citizen, and practice with sample data.
//!
//! Read once at start: switching reloads the page, so no code runs with a mix of two
//! citizens' data in memory, and the shell needs no reactive mode (smaller first load).
//! Each mode has its own IndexedDB database, so drafts, attachments, cached look-ups and
//! "my dossiers" of a session never meet another's, and ending a session is deleting one
//! database rather than picking records out of a shared one.

use crate::document::local_storage_get;

/// localStorage key holding the current assisted session's id (absent: not assisted).
pub const ASSIST_KEY: &str = "assist-session";
/// localStorage key set to "1" in practice mode.
pub const PRACTICE_KEY: &str = "practice";
/// Prefix of every per-session database name; the session id follows it.
pub const SESSION_DB_PREFIX: &str = "portal-phien-";
/// The practice database outside assisted sessions; it holds only sample data.
pub const PRACTICE_DB: &str = "portal-thuc-hanh";
/// Request header that sends a submission (and its statistics) to the sandbox only.
pub const PRACTICE_HEADER: &str = "X-Portal-Practice";

/// The assisted session's id, if one is running. Only ids the forms module would make
/// (letters, digits, dashes) are accepted, since it becomes part of a database name.
pub fn assist_session() -> Option<String> {
    local_storage_get(ASSIST_KEY).filter(|id| {
        !id.is_empty() && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    })
}

pub fn practice() -> bool {
    local_storage_get(PRACTICE_KEY).as_deref() == Some("1")
}

/// The database this page's data lives in.
pub fn db_name() -> String {
    match assist_session() {
        Some(id) => format!("{SESSION_DB_PREFIX}{id}"),
        None if practice() => PRACTICE_DB.to_owned(),
        None => crate::store::DB_NAME.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn set(key: &str, value: Option<&str>) {
        let s = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("localStorage");
        match value {
            Some(v) => s.set_item(key, v).expect("set"),
            None => s.remove_item(key).expect("remove"),
        }
    }

    #[wasm_bindgen_test]
    fn each_mode_has_its_own_database() {
        set(ASSIST_KEY, None);
        set(PRACTICE_KEY, None);
        assert_eq!(db_name(), "portal");
        set(PRACTICE_KEY, Some("1"));
        assert_eq!(db_name(), "portal-thuc-hanh");
        assert!(practice());
        // A session's data stays in the session even when practising in it.
        set(ASSIST_KEY, Some("3f1c2a9e-0b7d-4c1e-9a55-2d1b7e0c6a10"));
        assert_eq!(db_name(), "portal-phien-3f1c2a9e-0b7d-4c1e-9a55-2d1b7e0c6a10");
        // Anything that is not an id the app makes is ignored, not used as a database name.
        set(ASSIST_KEY, Some("../portal"));
        assert_eq!(assist_session(), None);
        assert_eq!(db_name(), "portal-thuc-hanh");
        set(ASSIST_KEY, None);
        set(PRACTICE_KEY, None);
        assert!(!practice());
    }
}
