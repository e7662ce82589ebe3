//! `/nhan/:code`: the citizen's phone receives a draft handed off from a volunteer's device
//! (the QR code opens this address; typing the code does too, see [`ReceiveForm`]). The
//! import is the file import's, with the same checks: a draft already here is skipped.

use crate::handoff::{self, HandoffError};
use crate::http::HttpError;
use crate::i18n::use_lang;
use crate::draft_transfer::TransferError;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, PartialEq)]
enum State {
    Working,
    Done { imported: usize },
    Failed(HandoffError),
}

#[component]
pub fn Receive(code: String) -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| lang.set_title(lang.assist().receive_title));
    let state = RwSignal::new(State::Working);
    spawn_local(async move {
        let next = match handoff::receive(&code).await {
            Ok(done) => State::Done { imported: done.summary.drafts_imported },
            Err(e) => State::Failed(e),
        };
        let _ = state.try_set(next);
        crate::dom::focus_later("receive-result");
    });
    move || {
        let a = lang.assist();
        let result = match state.get() {
            State::Working => view! { <p>{a.receive_working}</p> }.into_any(),
            State::Done { imported: 0 } => view! { <p>{a.receive_already}</p><p><a href="/ho-so-nhap">{a.receive_open}</a></p> }.into_any(),
            State::Done { imported } => view! {
                <p id="receive-done">{(a.receive_done)(imported)}</p>
                <p><a href="/ho-so-nhap" class="button button-primary">{a.receive_open}</a></p>
            }
            .into_any(),
            State::Failed(e) => {
                let msg = match &e {
                    HandoffError::Http(HttpError::Offline | HttpError::Timeout) => a.receive_offline.to_owned(),
                    HandoffError::Refused(err) => lang.pick(&err.error.message_vi, &err.error.message_en).to_owned(),
                    HandoffError::Transfer(TransferError::File(f)) => lang.pick(&f.message_vi(), &f.message_en()).to_owned(),
                    HandoffError::Transfer(TransferError::Store(_)) => a.receive_storage.to_owned(),
                    _ => a.handoff_failed.to_owned(),
                };
                view! { <p role="alert" class="error-message" id="receive-error">{msg}</p><ReceiveForm/> }.into_any()
            }
        };
        view! {
            <div class="container page receive-page">
                <h1 class="heading-l">{a.receive_title}</h1>
                <p>{a.receive_intro}</p>
                <div id="receive-result" tabindex="-1" role="status">{result}</div>
            </div>
        }
    }
}

/// Typing the code instead of scanning: opens `/nhan/<code>`.
#[component]
pub fn ReceiveForm() -> impl IntoView {
    let lang = use_lang();
    let value = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code: String = value.get_untracked().chars().filter(char::is_ascii_alphanumeric).collect();
        if !code.is_empty() {
            crate::nav::navigate(&format!("/nhan/{code}"), false);
        }
    };
    move || {
        let a = lang.assist();
        view! {
            <form class="form-group receive-form" on:submit=submit>
                <label class="label" for="receive-code">{a.receive_code_label}</label>
                <p class="hint" id="receive-code-hint">{a.receive_code_hint}</p>
                <input class="input input-code" id="receive-code" autocomplete="off" autocapitalize="characters"
                    spellcheck="false" maxlength="12" aria-describedby="receive-code-hint"
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                <button type="submit" class="button">{a.receive_code_button}</button>
            </form>
        }
    }
}
