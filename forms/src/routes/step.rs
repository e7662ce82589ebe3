//! One question page: the step's questions, "Tiếp tục" (validate, then go on) and a way
//! back that keeps every answer.

use crate::components::error_summary::{ErrorSummary, SUMMARY_ID};
use crate::components::field::FieldView;
use crate::components::save_status::SaveStatus;
use crate::components::step_indicator::StepIndicator;
use crate::i18n::use_lang;
use crate::nav::{navigate, step_href, use_url, FROM_REVIEW, REVIEW};
use crate::session::use_session;
use leptos::prelude::*;
use std::sync::Arc;

/// The step's (and the review's) heading, which takes focus when the page appears.
pub const HEADING_ID: &str = "step-heading";

#[component]
pub fn StepPage(index: usize) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let url = use_url();
    let schema = s.schema();
    let Some(step) = schema.steps.get(index).cloned() else { return ().into_any() };
    let (code, draft) = (s.code.get_value(), s.draft_id.get_value());

    let position = Memo::new(move |_| {
        let visible = s.visible_steps();
        let at = visible.iter().position(|v| *v == index).unwrap_or(0);
        (at, visible)
    });
    let title = step.title.clone();
    {
        let (title, form) = (step.title.clone(), schema.title.clone());
        Effect::new(move |_| {
            let page = format!("{} – {}", lang.pick(title.vi(), title.en()), lang.pick(form.vi(), form.en()));
            lang.set_title(&page);
        });
    }
    let back_href = {
        let (code, draft) = (code.clone(), draft.clone());
        move || {
            let (at, visible) = position.get();
            if url.opened_from_review() {
                return step_href(&code, &draft, REVIEW);
            }
            match at.checked_sub(1).and_then(|i| visible.get(i)) {
                Some(prev) => step_href(&code, &draft, &s.step_id(*prev)),
                None => format!("/thu-tuc/{code}"),
            }
        }
    };
    let on_continue = {
        let (code, draft) = (code.clone(), draft.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !s.editable.get_untracked() {
                return;
            }
            if !s.check_step(index) {
                crate::dom::focus_later(SUMMARY_ID);
                return;
            }
            // Visibility may have changed with this step's answers: recompute.
            let visible = s.visible_steps();
            let next = if url.opened_from_review() {
                REVIEW.to_owned()
            } else {
                visible.iter().find(|v| **v > index).map(|v| s.step_id(*v)).unwrap_or_else(|| REVIEW.to_owned())
            };
            navigate(&step_href(&code, &draft, &next), false);
        }
    };
    let fields = step
        .fields
        .iter()
        .map(|f| {
            let f = Arc::new(f.clone());
            let path = f.id.clone();
            view! { <FieldView field=f path/> }
        })
        .collect_view();
    let exit_href = "/ho-so-nhap";
    // Opened from the review's "Thay đổi": start at the question to change; else at the
    // step's heading.
    crate::dom::focus_new_page(HEADING_ID);
    view! {
        <a class="back-link" href=back_href>{move || lang.t().back}</a>
        <ErrorSummary/>
        <StepIndicator number=Signal::derive(move || position.get().0 + 1) total=Signal::derive(move || position.get().1.len())/>
        <h1 class="heading-l" id=HEADING_ID tabindex="-1">{move || lang.pick(title.vi(), title.en()).to_owned()}</h1>
        <form class="form" novalidate on:submit=on_continue>
            {fields}
            <div class="actions">
                <button type="submit" class="button" id="continue" disabled=move || !s.editable.get()>
                    {move || lang.t().continue_button}
                </button>
                <a class="button button-secondary" href=exit_href>{move || lang.t().save_and_exit}</a>
            </div>
        </form>
        <SaveStatus/>
    }
    .into_any()
}

/// Link to a step from the review, returning there after "Tiếp tục".
pub fn change_href(code: &str, draft: &str, step: &str, field_dom_id: &str) -> String {
    format!("{}{FROM_REVIEW}#{field_dom_id}", step_href(code, draft, step))
}
