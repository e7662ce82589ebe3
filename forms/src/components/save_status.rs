//! Where the answers are: a quiet "saved on this device", or a clear problem.

use crate::i18n::use_lang;
use crate::session::{use_session, SaveState};
use crate::time;
use leptos::prelude::*;

#[component]
pub fn SaveStatus() -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let text = move || {
        let t = lang.t();
        match s.save.get() {
            SaveState::Untouched => (String::new(), "save-status"),
            SaveState::Pending => (t.saving.to_owned(), "save-status"),
            SaveState::Saved(at) => (format!("{} · {}", t.saved, time::date_time(at)), "save-status"),
            SaveState::Failed => (t.save_failed.to_owned(), "save-status notice notice-error"),
            SaveState::QuotaExceeded => (t.quota_error.to_owned(), "save-status notice notice-error"),
            SaveState::Unavailable => (t.storage_unavailable.to_owned(), "save-status notice notice-warning"),
        }
    };
    view! { <p class=move || text().1 id="save-status" role="status">{move || text().0}</p> }
}
