//! A repeatable group, such as the household's members or the business lines: a list of
//! items with the same questions, added and removed by the person.

use super::field::FieldView;
use crate::answer_path;
use crate::i18n::use_lang;
use crate::session::use_session;
use domain::form::{new_item, Answer, Field, FieldKind};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn GroupInput(field: Arc<Field>, path: String, id: String) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let FieldKind::Group { fields, max_items, .. } = &field.kind else { return ().into_any() };
    let children: Vec<Arc<Field>> = fields.iter().cloned().map(Arc::new).collect();
    let max = max_items.map(|m| m as usize);
    let count = {
        let path = path.clone();
        Memo::new(move |_| s.answers.with(|a| answer_path::items(a, &path).len()))
    };
    let top = !path.contains('[');
    let off = {
        let fid = field.id.clone();
        Signal::derive(move || (top && s.locked(&fid)) || !s.editable.get())
    };
    let add = {
        let (path, field, id) = (path.clone(), field.clone(), id.clone());
        move |_| {
            let mut items = s.answers.with_untracked(|a| answer_path::items(a, &path));
            items.push(new_item(&field));
            let n = items.len();
            s.set(&path, Some(Answer::Group(items)));
            // The new item's first question, so keyboard users land where they type next.
            let target = format!("{id}-{}-", n - 1);
            request_animation_frame(move || focus_prefix(&target));
        }
    };
    let item_views = {
        let path = path.clone();
        move || {
            (0..count.get())
                .map(|i| {
                    let item_path = format!("{path}[{i}]");
                    let remove = {
                        let path = path.clone();
                        move |_| {
                            let mut items = s.answers.with_untracked(|a| answer_path::items(a, &path));
                            if i < items.len() {
                                items.remove(i);
                            }
                            s.set(&path, Some(Answer::Group(items)));
                            s.blur(&path);
                        }
                    };
                    let questions = children
                        .iter()
                        .map(|c| view! { <FieldView field=c.clone() path=format!("{item_path}.{}", c.id)/> })
                        .collect_view();
                    view! {
                        <div class="group-item">
                            <h3 class="heading-s">{move || (lang.t().item_n)(i + 1)}</h3>
                            {questions}
                            <button type="button" class="button button-secondary button-small" disabled=move || off.get()
                                on:click=remove>{move || lang.t().remove_item}<span class="visually-hidden">{format!(" {}", i + 1)}</span></button>
                        </div>
                    }
                })
                .collect_view()
        }
    };
    let can_add = move || !off.get() && max.is_none_or(|m| count.get() < m);
    view! {
        <div class="group" id=id.clone() tabindex="-1">
            {move || (count.get() == 0).then(|| view! { <p class="hint">{lang.t().no_items}</p> })}
            {item_views}
            <button type="button" class="button button-secondary" disabled=move || !can_add() on:click=add>
                {move || lang.t().add_item}
            </button>
        </div>
    }
    .into_any()
}

/// Focuses the first control whose id starts with `prefix` (not the hint or error text
/// before it, whose ids share the prefix).
fn focus_prefix(prefix: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let selector = format!("input[id^=\"{prefix}\"], select[id^=\"{prefix}\"], textarea[id^=\"{prefix}\"]");
    if let Ok(Some(el)) = doc.query_selector(&selector) {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            let _ = el.focus();
        }
    }
}
