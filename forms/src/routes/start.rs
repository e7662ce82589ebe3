//! `/thu-tuc/:code/nop-ho-so`: resume a draft of this procedure, or start a new one.

use crate::dom::new_uuid;
use crate::i18n::use_lang;
use crate::nav::{navigate, step_href};
use crate::time;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::{DraftRecord, Store};

/// Any step id: the wizard sends an unknown one to the first step of the form.
const FIRST: &str = "bat-dau";

#[component]
pub fn Start(code: String) -> impl IntoView {
    let lang = use_lang();
    let existing = RwSignal::new(None::<Vec<DraftRecord>>);
    {
        let code = code.clone();
        spawn_local(async move {
            let drafts = match Store::open().await {
                Ok(store) => store.drafts_for(&code).await.unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            if drafts.is_empty() {
                // Nothing to choose between: straight to the first question.
                navigate(&step_href(&code, &new_uuid(), FIRST), true);
            } else {
                let _ = existing.try_set(Some(drafts));
            }
        });
    }
    let start_new = {
        let code = code.clone();
        move |_| navigate(&step_href(&code, &new_uuid(), FIRST), false)
    };
    view! {
        <div class="container page">
            <h1 class="heading-l">{move || lang.t().start_title}</h1>
            {move || existing.get().map(|drafts| {
                let n = drafts.len();
                let items = drafts.into_iter().map(|d| {
                    let href = step_href(&d.procedure, &d.id, &d.step);
                    let edited = time::date_time(d.updated_ms);
                    view! {
                        <li class="draft">
                            <a href=href>{move || lang.t().resume}</a>
                            " · "{move || lang.t().last_edited}" "{edited.clone()}
                        </li>
                    }
                }).collect_view();
                view! {
                    <p>{move || (lang.t().start_existing)(n)}</p>
                    <ul class="draft-list">{items}</ul>
                }
            })}
            <p class="actions">
                <button type="button" class="button" id="start-new" on:click=start_new>{move || lang.t().start_new}</button>
                <a class="button button-secondary" href=format!("/thu-tuc/{code}")>{move || lang.t().back_to_procedure}</a>
            </p>
        </div>
    }
}
