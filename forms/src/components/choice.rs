//! Choices: radios, a select for long lists, checkboxes, yes/no and the declaration tick.

use crate::i18n::use_lang;
use crate::session::use_session;
use domain::form::{Answer, Choice, Field, FieldKind};
use leptos::prelude::*;
use std::sync::Arc;

fn choices(field: &Field) -> Vec<Choice> {
    match &field.kind {
        FieldKind::SingleChoice { options, .. } | FieldKind::MultiChoice { options, .. } => options.to_vec(),
        _ => Vec::new(),
    }
}

/// `aria-invalid="true"` while the answer at `path` has an error on show. Not for radios,
/// which ARIA does not let carry it: their fieldset is described by the error instead.
fn invalid(path: &str) -> impl Fn() -> Option<&'static str> + Send + Sync + Clone + 'static {
    let s = use_session();
    let lang = use_lang();
    let path = path.to_owned();
    move || s.error(&path, lang).is_some().then_some("true")
}

/// Whether the person may change this answer now: not locked by a prefill, and this tab
/// holds the draft.
fn disabled(field: &Field, path: &str) -> impl Fn() -> bool + Send + Sync + 'static {
    let s = use_session();
    // Inside a group, the group's lock: a read-only prefilled group locks its items.
    let id = if path.contains('[') { crate::answer_path::top(path).to_owned() } else { field.id.clone() };
    move || s.locked(&id) || !s.editable.get()
}

#[component]
pub fn Radios(field: Arc<Field>, path: String, id: String) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let off = disabled(&field, &path);
    let off = Signal::derive(off);
    let items = choices(&field)
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let input_id = if i == 0 { id.clone() } else { format!("{id}-{i}") };
            let (path_c, path_b, value) = (path.clone(), path.clone(), c.value.clone());
            let checked = {
                let (path, value) = (path.clone(), c.value.clone());
                move || s.value(&path).and_then(|a| a.as_text().map(|t| t == value)).unwrap_or(false)
            };
            let label = c.label.clone();
            view! {
                <div class="radio">
                    <input class="radio-input" type="radio" id=input_id.clone() name=path.clone() value=c.value.clone()
                        prop:checked=checked disabled=move || off.get()
                        on:change=move |_| { s.set_text(&path_c, value.clone()); s.blur(&path_c) }
                        on:blur=move |_| s.blur(&path_b)/>
                    <label class="radio-label" for=input_id>{move || lang.pick(label.vi(), label.en()).to_owned()}</label>
                </div>
            }
        })
        .collect_view();
    view! { <div class="radios">{items}</div> }
}

#[component]
pub fn Select(field: Arc<Field>, path: String, id: String, described: Signal<Option<String>>) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let off = Signal::derive(disabled(&field, &path));
    let list = choices(&field);
    let current = {
        let path = path.clone();
        move || s.value(&path).and_then(|a| a.as_text().map(str::to_owned)).unwrap_or_default()
    };
    let on_change = {
        let path = path.clone();
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            s.set(&path, (!v.is_empty()).then_some(Answer::Text(v)));
            s.blur(&path);
        }
    };
    let options = move || {
        let now = current();
        let mut out = vec![view! { <option value="" selected=now.is_empty()>{lang.t().choose}</option> }.into_any()];
        for c in &list {
            let selected = c.value == now;
            out.push(
                view! { <option value=c.value.clone() selected=selected>{lang.pick(c.label.vi(), c.label.en()).to_owned()}</option> }
                    .into_any(),
            );
        }
        out
    };
    view! {
        <select class="select" id=id name=path.clone() aria-describedby=move || described.get() aria-invalid=invalid(&path)
            disabled=move || off.get() on:change=on_change>
            {options}
        </select>
    }
}

#[component]
pub fn Checkboxes(field: Arc<Field>, path: String, id: String) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let off = Signal::derive(disabled(&field, &path));
    let bad = invalid(&path);
    let items = choices(&field)
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let input_id = if i == 0 { id.clone() } else { format!("{id}-{i}") };
            let bad = bad.clone();
            let checked = {
                let (path, value) = (path.clone(), c.value.clone());
                move || s.value(&path).and_then(|a| a.as_list().map(|l| l.contains(&value))).unwrap_or(false)
            };
            let toggle = {
                let (path, value) = (path.clone(), c.value.clone());
                move |ev: leptos::ev::Event| {
                    let on = event_target_checked(&ev);
                    let mut list: Vec<String> =
                        s.value(&path).and_then(|a| a.as_list().map(|l| l.into_owned())).unwrap_or_default();
                    list.retain(|v| *v != value);
                    if on {
                        list.push(value.clone());
                    }
                    s.set(&path, (!list.is_empty()).then_some(Answer::List(list)));
                    s.blur(&path);
                }
            };
            let label = c.label.clone();
            view! {
                <div class="checkbox">
                    <input class="checkbox-input" type="checkbox" id=input_id.clone() name=path.clone() value=c.value.clone()
                        prop:checked=checked disabled=move || off.get() aria-invalid=bad on:change=toggle/>
                    <label class="checkbox-label" for=input_id>{move || lang.pick(label.vi(), label.en()).to_owned()}</label>
                </div>
            }
        })
        .collect_view();
    view! { <div class="checkboxes">{items}</div> }
}

#[component]
pub fn YesNo(field: Arc<Field>, path: String, id: String) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let off = Signal::derive(disabled(&field, &path));
    let option = move |value: bool, input_id: String| {
        let path = path.clone();
        let checked = {
            let path = path.clone();
            move || s.value(&path).and_then(|a| a.as_bool()) == Some(value)
        };
        let p = path.clone();
        view! {
            <div class="radio">
                <input class="radio-input" type="radio" id=input_id.clone() name=path.clone()
                    prop:checked=checked disabled=move || off.get()
                    on:change=move |_| { s.set(&p, Some(Answer::Bool(value))); s.blur(&p) }/>
                <label class="radio-label" for=input_id>{move || if value { lang.t().yes } else { lang.t().no }}</label>
            </div>
        }
    };
    let yes = option(true, id.clone());
    let no = option(false, format!("{id}-no"));
    view! { <div class="radios radios-inline">{yes}{no}</div> }
}

/// The declaration's text is the field's label, shown as the fieldset legend; the box
/// itself says "I confirm".
#[component]
pub fn Declaration(field: Arc<Field>, path: String, id: String) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let off = Signal::derive(disabled(&field, &path));
    let checked = {
        let path = path.clone();
        move || s.value(&path).and_then(|a| a.as_bool()) == Some(true)
    };
    let p = path.clone();
    view! {
        <div class="checkbox">
            <input class="checkbox-input" type="checkbox" id=id.clone() name=path.clone() prop:checked=checked
                disabled=move || off.get() aria-invalid=invalid(&path)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    s.set(&p, on.then_some(Answer::Bool(true)));
                    s.blur(&p);
                }/>
            <label class="checkbox-label" for=id>{move || lang.t().confirm_box}</label>
        </div>
    }
}
