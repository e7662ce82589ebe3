//! "Nộp hồ sơ" on the review page, and what the person sees after pressing it: sending,
//! "Đang chờ gửi" (queued in the outbox, not an error), or the server's refusal with its
//! messages. A dossier that is filed goes straight to its receipt.
//!
//! The button is disabled while a submission is on its way, so a double tap sends once;
//! the idempotency key (the draft id) would make a second send file nothing new anyway.

use super::step::change_href;
use crate::answer_path::dom_id;
use crate::i18n::use_lang;
use crate::nav::{dossier_href, navigate};
use crate::session::Session;
use crate::submission::{self, Outcome, EVENT};
use domain::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::{OutboxRecord, Store};
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Idle,
    Sending,
    /// In the outbox, to be sent by the worker.
    Queued,
    /// No offline storage, so nothing could be queued or sent.
    NoStorage,
    /// A supplement that did not get through (it is not queued).
    NotSent,
}

#[derive(Clone, Copy)]
pub struct SubmitButton {
    s: Session,
    state: RwSignal<State>,
}

impl SubmitButton {
    /// Follows the outbox for this draft: it may already be queued, and the worker (in
    /// this tab or another) may file it or get it refused while the page is open.
    pub fn new(s: Session) -> SubmitButton {
        let this = SubmitButton { s, state: RwSignal::new(State::Idle) };
        let draft = s.draft_id.get_value();
        {
            let draft = draft.clone();
            spawn_local(async move {
                let Ok(store) = Store::open().await else { return };
                if let Ok(Some(_)) = store.outbox_entry(&draft).await {
                    let _ = this.state.try_set(State::Queued);
                }
            });
        }
        let listener = window_event_listener_untyped(EVENT, move |ev| {
            let detail = ev.dyn_ref::<web_sys::CustomEvent>().map(|e| e.detail()).unwrap_or_default();
            let get = |k: &str| js_sys::Reflect::get(&detail, &k.into()).ok().and_then(|v| v.as_string());
            if get("draft").as_deref() != Some(draft.as_str()) || this.busy_untracked() {
                return;
            }
            match (get("state").as_deref(), get("code")) {
                (Some("filed"), Some(code)) => {
                    // The draft is gone: leaving must not save it back.
                    s.editable.set(false);
                    navigate(&dossier_href(&code), false)
                }
                (Some("queued"), _) => this.state.set(State::Queued),
                (Some("rejected"), _) => {
                    let draft = draft.clone();
                    spawn_local(async move {
                        let Ok(store) = Store::open().await else { return };
                        if let Some(e) = submission::rejection(&store, &draft).await {
                            this.refused(e);
                        }
                    });
                }
                _ => {}
            }
        });
        on_cleanup(move || listener.remove());
        this
    }

    pub fn busy(self) -> bool {
        self.state.get() == State::Sending
    }

    fn busy_untracked(self) -> bool {
        self.state.get_untracked() == State::Sending
    }

    pub fn press(self) {
        if self.busy_untracked() {
            return;
        }
        let s = self.s;
        let Some(answers) = s.answers.with_untracked(|a| serde_json::to_string(a).ok()) else { return };
        self.state.set(State::Sending);
        s.rejection.set(None);
        // No autosave while the submission is on its way: a save landing after the
        // filed draft is deleted would bring it back. Given back unless filed.
        let was_editable = s.editable.get_untracked();
        s.editable.set(false);
        let thaw = move || {
            let _ = s.editable.try_set(was_editable);
        };
        let draft = s.draft_id.get_value();
        if let Some(code) = s.supplement_for.get_value() {
            spawn_local(async move {
                match submission::supplement_now(&draft, &answers, &code).await {
                    Ok(code) => navigate(&dossier_href(&code), false),
                    Err(crate::dossier_api::DossierApiError::Rejected { error, .. }) => {
                        thaw();
                        self.refused(*error)
                    }
                    Err(_) => {
                        thaw();
                        let _ = self.state.try_set(State::NotSent);
                    }
                }
            });
            return;
        }
        let schema = s.schema();
        let entry = OutboxRecord {
            id: draft,
            procedure: s.code.get_value(),
            procedure_name: schema.title.vi().to_owned(),
            schema_version: schema.version,
            answers,
            created_ms: js_sys::Date::now(),
            attempts: 0,
            next_attempt_ms: 0.0,
            last_error: None,
        };
        spawn_local(async move {
            match submission::file_now(entry).await {
                Outcome::Filed { code } => navigate(&dossier_href(&code), false),
                Outcome::Queued => {
                    thaw();
                    let _ = self.state.try_set(State::Queued);
                    crate::dom::focus_later("outbox-status");
                }
                Outcome::Rejected(e) => {
                    thaw();
                    self.refused(*e)
                }
                Outcome::NoStorage => {
                    thaw();
                    let _ = self.state.try_set(State::NoStorage);
                }
            }
        });
    }

    /// Back to the draft: the server's messages beside their fields and listed here.
    fn refused(self, e: ApiError) {
        let s = self.s;
        let _ = s.server_errors.try_set(e.error.fields.clone());
        let _ = s.field_errors.try_set(e.error.fields.clone());
        let _ = s.rejection.try_set(Some(e));
        let _ = self.state.try_set(State::Idle);
        crate::dom::focus_later("submit-error");
    }

    /// The refusal, each field message a link to its question.
    pub fn rejection(self) -> Option<impl IntoView> {
        let s = self.s;
        let lang = use_lang();
        let e = s.rejection.get()?;
        let (code, draft) = (s.code.get_value(), s.draft_id.get_value());
        let schema = s.schema();
        let items = e
            .error
            .fields
            .iter()
            .map(|f| {
                let top = f.path.split(['[', '.']).next().unwrap_or(&f.path);
                let step = schema.steps.iter().find(|st| st.fields.iter().any(|x| x.id == top)).map(|st| st.id.clone());
                let href = change_href(&code, &draft, &step.unwrap_or_default(), &dom_id(&f.path));
                let go = href.clone();
                let message = lang.pick(&f.message_vi, &f.message_en).to_owned();
                view! { <li><a href=href on:click=move |ev| { ev.prevent_default(); navigate(&go, false) }>{message}</a></li> }
            })
            .collect_view();
        let message = lang.pick(&e.error.message_vi, &e.error.message_en).to_owned();
        Some(view! {
            <div class="error-summary" id="submit-error" tabindex="-1" role="alert">
                <h2 class="error-summary-title">{move || lang.t().rejected_title}</h2>
                <p>{move || lang.t().rejected_body}</p>
                <p>{message}</p>
                <ul class="error-summary-list">{items}</ul>
            </div>
        })
    }

    pub fn status(self) -> impl IntoView {
        let lang = use_lang();
        match self.state.get() {
            State::Idle => ().into_any(),
            State::Sending => view! { <p class="notice" role="status" id="submit-status">{move || lang.t().submitting}</p> }.into_any(),
            State::Queued => view! {
                <div class="notice notice-queued" role="status" id="outbox-status" tabindex="-1">
                    <h2 class="heading-s">{move || lang.t().queued_title}</h2>
                    <p>{move || lang.t().queued_body}</p>
                </div>
            }
            .into_any(),
            State::NoStorage => {
                view! { <p class="notice notice-warning" role="alert">{move || lang.t().storage_unavailable}</p> }.into_any()
            }
            State::NotSent => {
                view! { <p class="notice notice-warning" role="alert" id="submit-status">{move || lang.t().supplement_not_sent}</p> }.into_any()
            }
        }
    }
}
