//! The error summary at the top of a step after "Tiếp tục": every problem, each a link
//! to its field. It takes focus, so screen readers announce it first.

use crate::answer_path::dom_id;
use crate::i18n::use_lang;
use crate::session::use_session;
use leptos::prelude::*;

pub const SUMMARY_ID: &str = "error-summary";

#[component]
pub fn ErrorSummary() -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    move || {
        let errors = s.summary.get();
        (!errors.is_empty()).then(|| {
            let items = errors
                .into_iter()
                .map(|e| {
                    let target = dom_id(&e.path);
                    let href = format!("#{target}");
                    let message = lang.pick(&e.message_vi, &e.message_en).to_owned();
                    view! {
                        <li>
                            <a href=href on:click=move |ev| {
                                // Focus the control itself: a fragment jump only scrolls.
                                if crate::dom::focus(&target) {
                                    ev.prevent_default();
                                }
                            }>{message}</a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="error-summary" id=SUMMARY_ID tabindex="-1" role="alert" aria-labelledby="error-summary-title">
                    <h2 class="error-summary-title" id="error-summary-title">{move || lang.t().error_summary_title}</h2>
                    <ul class="error-summary-list">{items}</ul>
                </div>
            }
        })
    }
}
