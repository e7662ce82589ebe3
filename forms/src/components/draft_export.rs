//! "Xuất bản nháp": every draft and its attachments into one downloaded file.

use crate::draft_transfer::{self, Exported, TransferError};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Idle,
    Working,
    Done(Exported),
    Failed(TransferError),
}

#[component]
pub fn DraftExport() -> impl IntoView {
    let lang = use_lang();
    let state = RwSignal::new(State::Idle);
    let export = move |_| {
        if state.get_untracked() == State::Working {
            return;
        }
        state.set(State::Working);
        spawn_local(async move {
            let next = match draft_transfer::export().await {
                Ok(done) => State::Done(done),
                Err(e) => State::Failed(e),
            };
            let _ = state.try_set(next);
        });
    };

    move || {
        let s = lang.storage();
        let status = move || match state.get() {
            State::Idle | State::Failed(_) => String::new(),
            State::Working => s.exporting.to_owned(),
            State::Done(d) => {
                let mut text = (s.export_done)(d.drafts, d.files, &d.file_name);
                if d.unreadable > 0 {
                    text.push(' ');
                    text.push_str(&(s.export_unreadable)(d.unreadable));
                }
                text
            }
        };
        let error = move || match state.get() {
            State::Failed(TransferError::NoDrafts) => s.export_nothing,
            State::Failed(_) => s.export_failed,
            _ => "",
        };
        view! {
            <p class="actions">
                <button type="button" class="button" id="export-drafts"
                    disabled=move || state.get() == State::Working on:click=export>
                    {s.export_button}
                </button>
            </p>
            <p role="status" id="export-result">{status}</p>
            <p role="alert" id="export-error" class="error-message">{error}</p>
        }
    }
}
