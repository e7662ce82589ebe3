//! "Chuyển hồ sơ nháp sang điện thoại của người dân": the session's drafts, each with a
//! button that uploads it and shows the one-time code, its QR code and the address.

use crate::components::qr_code::QrCode;
use crate::handoff::{self, Handoff, HandoffError};
use crate::http::HttpError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::{DraftRecord, Store};

#[derive(Debug, Clone, PartialEq)]
enum State {
    Idle,
    Working,
    Ready(Handoff),
    Failed(HandoffError),
}

#[component]
pub fn HandoffPanel() -> impl IntoView {
    let lang = use_lang();
    let drafts = RwSignal::new(None::<Vec<DraftRecord>>);
    spawn_local(async move {
        let list = match Store::open().await {
            Ok(store) => {
                let l = store.drafts().await.map(|l| l.drafts).unwrap_or_default();
                store.close();
                l
            }
            Err(_) => Vec::new(),
        };
        let _ = drafts.try_set(Some(list));
    });
    move || {
        let a = lang.assist();
        let list = match drafts.get() {
            None => return ().into_any(),
            Some(l) if l.is_empty() => return view! { <p id="handoff-none">{a.handoff_none}</p> }.into_any(),
            Some(l) => l,
        };
        let items = list
            .into_iter()
            .map(|d| view! { <li class="handoff-item"><DraftHandoff draft=d/></li> })
            .collect_view();
        view! { <ul class="handoff-list">{items}</ul> }.into_any()
    }
}

#[component]
fn DraftHandoff(draft: DraftRecord) -> impl IntoView {
    let lang = use_lang();
    let state = RwSignal::new(State::Idle);
    let id = draft.id.clone();
    let send = move |_| {
        let id = id.clone();
        state.set(State::Working);
        spawn_local(async move {
            let next = match handoff::send(&id).await {
                Ok(h) => State::Ready(h),
                Err(e) => State::Failed(e),
            };
            let _ = state.try_set(next);
        });
    };
    let name = draft.procedure_name.clone();
    move || {
        let a = lang.assist();
        let body = match state.get() {
            State::Idle => view! {
                <button type="button" class="button button-secondary handoff-send" on:click=send.clone()>
                    {a.handoff_button}
                </button>
            }
            .into_any(),
            State::Working => view! { <p role="status">{a.handoff_working}</p> }.into_any(),
            State::Ready(h) => {
                let url = h.url();
                let expires = crate::time::rfc3339(&h.expires_at);
                view! {
                    <div class="handoff-ready" role="status">
                        <p>{a.handoff_code_label}": " <strong class="handoff-code">{h.display_code()}</strong></p>
                        <QrCode text=url.clone() label=a.handoff_qr_label.to_owned()/>
                        <p class="hint">{(a.handoff_expires)(&expires)}</p>
                        <p class="handoff-url">{url}</p>
                    </div>
                }
                .into_any()
            }
            State::Failed(e) => {
                let msg = match &e {
                    HandoffError::Http(HttpError::Offline | HttpError::Timeout) => a.handoff_offline.to_owned(),
                    HandoffError::Refused(err) => lang.pick(&err.error.message_vi, &err.error.message_en).to_owned(),
                    _ => a.handoff_failed.to_owned(),
                };
                view! { <p role="alert" class="error-message">{msg}</p> }.into_any()
            }
        };
        view! { <p lang="vi" class="handoff-name">{name.clone()}</p>{body} }
    }
}
