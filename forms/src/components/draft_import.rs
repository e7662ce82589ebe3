//! "Nhập từ tệp": a labelled file picker that reads an export file and adds the drafts
//! this device does not have, then says how many were imported and which were skipped.

use crate::draft_transfer::{self, Imported, TransferError};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::StoreError;
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Idle,
    Working,
    Done(Imported),
    Failed(TransferError),
}

#[component]
pub fn DraftImport(#[prop(into)] on_imported: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let state = RwSignal::new(State::Idle);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
        // Cleared so that choosing the same file again (after freeing space) still fires.
        input.set_value("");
        state.set(State::Working);
        spawn_local(async move {
            let next = match draft_transfer::import(&file).await {
                Ok(done) => State::Done(done),
                Err(e) => State::Failed(e),
            };
            let _ = state.try_set(next);
            on_imported.run(());
        });
    };

    move || {
        let s = lang.storage();
        let en = lang.en();
        let result = move || match state.get() {
            State::Working => Some(view! { <p>{s.importing}</p> }.into_any()),
            State::Done(done) => {
                let summary = if en { done.summary.message_en() } else { done.summary.message_vi() };
                let skipped = (!done.skipped.is_empty()).then(|| {
                    let items = done
                        .skipped
                        .iter()
                        .map(|(name, why)| {
                            let why = if en { why.label_en() } else { why.label_vi() };
                            view! { <li>{format!("«{name}» — {why}")}</li> }
                        })
                        .collect_view();
                    view! { <p>{s.import_skipped_title}</p><ul id="import-skipped">{items}</ul> }
                });
                let link = (done.summary.drafts_imported > 0).then(|| view! { <p><a href="/ho-so-nhap">{s.view_drafts}</a></p> });
                Some(view! { <p id="import-summary">{summary}</p>{skipped}{link} }.into_any())
            }
            State::Idle | State::Failed(_) => None,
        };
        let error = move || match state.get() {
            State::Failed(TransferError::File(e)) => if en { e.message_en() } else { e.message_vi() },
            State::Failed(TransferError::Store(StoreError::QuotaExceeded)) => s.import_quota.to_owned(),
            State::Failed(TransferError::Store(_)) => s.import_storage.to_owned(),
            State::Failed(_) => s.import_read_failed.to_owned(),
            _ => String::new(),
        };
        view! {
            <div class="form-group">
                <label class="label" for="import-file">{s.import_label}</label>
                <p class="hint" id="import-file-hint">{s.import_hint}</p>
                <input class="file-input" type="file" id="import-file" accept=".json,application/json"
                    aria-describedby="import-file-hint" disabled=move || state.get() == State::Working on:change=on_change/>
            </div>
            <div role="status" id="import-result">{result}</div>
            <p role="alert" id="import-error" class="error-message">{error}</p>
        }
    }
}
