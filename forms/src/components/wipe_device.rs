//! "Xóa toàn bộ dữ liệu trên thiết bị này", with a confirmation step on the page that
//! says what will be lost. Focus moves to "Huỷ" when the confirmation opens (the safe
//! choice under a stray Enter), stays in it (Tab goes round its buttons), and goes back to
//! the button when it closes; Escape cancels.

use crate::device_info::{DeviceInfo, Known};
use crate::i18n::use_lang;
use crate::wipe;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    Confirming,
    Wiping,
    /// Another tab holds the database open; the deletion waits for it.
    Blocked,
    Failed,
}

#[component]
pub fn WipeDevice(info: DeviceInfo) -> impl IntoView {
    let lang = use_lang();
    let state = RwSignal::new(State::Idle);
    let open = move |_| {
        // Counted again: the warning must name what is on the device now.
        info.refresh();
        state.set(State::Confirming);
        crate::dom::focus_later("wipe-cancel");
    };
    let cancel = move || {
        state.set(State::Idle);
        crate::dom::focus_later("wipe-start");
    };
    let confirm = move |_| {
        state.set(State::Wiping);
        spawn_local(async move {
            // `blocked` also fires, briefly, while this tab's own connections finish their
            // last reads: only a wait that lasts is worth telling the person about.
            let blocked = move || {
                spawn_local(async move {
                    crate::http::sleep(1_500).await;
                    if state.try_get_untracked() == Some(State::Wiping) {
                        let _ = state.try_set(State::Blocked);
                    }
                });
            };
            // On success the page is already on its way to `/`.
            if wipe::wipe(blocked).await.is_err() {
                let _ = state.try_set(State::Failed);
            }
        });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            cancel();
        }
        // Until it is answered, Tab goes round the confirmation's two buttons.
        crate::dom::trap_tab(&ev);
    };

    move || {
        let s = lang.storage();
        let loss = move || {
            let c = match info.counts.get() {
                Known::Read(Some(c)) => c,
                _ => return None,
            };
            (c.drafts > 0 || c.outbox > 0).then(|| {
                view! {
                    <p class="notice notice-warning" id="wipe-loss">
                        <strong>{(s.wipe_loss)(c.drafts, c.outbox)}</strong>" "{s.wipe_export_first}
                    </p>
                }
            })
        };
        let action = move || {
            if state.get() != State::Confirming {
                let idle = matches!(state.get(), State::Idle | State::Failed);
                return idle
                    .then(|| {
                        view! {
                            <p class="actions">
                                <button type="button" class="button button-warning" id="wipe-start" on:click=open>
                                    {s.wipe_button}
                                </button>
                            </p>
                        }
                    })
                    .into_any();
            }
            view! {
                <div class="confirm" role="alertdialog" id="wipe-confirm" aria-labelledby="wipe-confirm-title"
                    aria-describedby="wipe-confirm-body" on:keydown=on_key>
                    <h3 class="heading-s" id="wipe-confirm-title">{s.wipe_confirm_title}</h3>
                    <div id="wipe-confirm-body">
                        {loss}
                        <p>{s.wipe_confirm_body}</p>
                    </div>
                    <p class="actions">
                        <button type="button" class="button button-warning" id="wipe-confirm-yes" on:click=confirm>
                            {s.wipe_confirm_yes}
                        </button>
                        <button type="button" class="button button-secondary" id="wipe-cancel" on:click=move |_| cancel()>
                            {lang.t().cancel}
                        </button>
                    </p>
                </div>
            }
            .into_any()
        };
        let status = move || match state.get() {
            State::Wiping => s.wiping,
            State::Blocked => s.wipe_blocked,
            _ => "",
        };
        let error = move || if state.get() == State::Failed { s.wipe_failed } else { "" };
        view! {
            <section id="wipe-device" aria-labelledby="wipe-device-title">
                <h2 class="heading-m" id="wipe-device-title">{s.wipe_title}</h2>
                <p>{s.wipe_intro}</p>
                <ul id="wipe-what">{s.wipe_list.iter().map(|item| view! { <li>{*item}</li> }).collect_view()}</ul>
                <p>{s.wipe_unaffected}</p>
                {action}
                <p role="status" id="wipe-status">{status}</p>
                <p role="alert" id="wipe-error" class="error-message">{error}</p>
            </section>
        }
    }
}
