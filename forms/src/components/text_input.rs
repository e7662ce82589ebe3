//! Single-line and multi-line text, and every identifier, number and date typed as text.
//! Numbers and dates are text inputs with a numeric keyboard, not `type=number`/`date`:
//! those reject partial input silently and render differently on every phone.

use crate::i18n::use_lang;
use crate::session::use_session;
use domain::date::Date;
use domain::fee::group_digits;
use domain::form::{Field, FieldKind};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn TextInput(field: Arc<Field>, path: String, id: String, described: Signal<Option<String>>) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let focused = RwSignal::new(false);
    let kind = field.kind.clone();
    let value = {
        let (path, kind) = (path.clone(), kind.clone());
        move || shown(&kind, &s.text(&path), focused.get())
    };
    let locked = {
        let id = crate::answer_path::top(&path).to_owned();
        move || s.locked(&id) || !s.editable.get()
    };
    let invalid = {
        let path = path.clone();
        move || s.error(&path, lang).is_some().then_some("true")
    };
    let on_input = {
        let path = path.clone();
        move |ev: leptos::ev::Event| s.set_text(&path, event_target_value(&ev))
    };
    let on_blur = {
        let path = path.clone();
        move |_| {
            focused.set(false);
            s.blur(&path);
        }
    };
    let (input_type, mode, autocomplete) = attributes(&kind);
    if matches!(kind, FieldKind::LongText { .. }) {
        return view! {
            <textarea class="textarea" id=id name=path.clone() rows="5"
                aria-describedby=move || described.get() aria-invalid=invalid readonly=locked
                prop:value=value on:input=on_input on:blur=on_blur on:focus=move |_| focused.set(true)></textarea>
        }
        .into_any();
    }
    let placeholder = matches!(kind, FieldKind::Date { .. }).then_some("dd/mm/yyyy");
    let width = match kind {
        FieldKind::Date { .. } => "input input-w10",
        FieldKind::Cccd { .. } | FieldKind::Mst { .. } | FieldKind::Phone { .. } | FieldKind::Integer { .. } => {
            "input input-w20"
        }
        FieldKind::Vsic { .. } => "input input-w10",
        _ => "input",
    };
    let money = matches!(kind, FieldKind::Money { .. }).then(|| {
        let path = path.clone();
        move || {
            let digits = s.text(&path);
            let n: Option<u64> = digits.parse().ok();
            n.map(|n| view! { <p class="input-echo">{domain::fee::format_vnd(n as i64)}</p> })
        }
    });
    view! {
        <input class=width id=id name=path.clone() type=input_type inputmode=mode autocomplete=autocomplete
            spellcheck="false" placeholder=placeholder
            aria-describedby=move || described.get() aria-invalid=invalid readonly=locked
            prop:value=value on:input=on_input on:blur=on_blur on:focus=move |_| focused.set(true)/>
        {money}
    }
    .into_any()
}

/// What the input shows for a stored answer: dates as dd/mm/yyyy once normalised, money
/// grouped with dots while the field is not being edited.
fn shown(kind: &FieldKind, stored: &str, focused: bool) -> String {
    match kind {
        FieldKind::Date { .. } => match Date::parse_iso(stored) {
            Ok(d) => d.to_dmy(),
            Err(_) => stored.to_owned(),
        },
        FieldKind::Money { .. } if !focused => match stored.parse::<u64>() {
            Ok(n) => group_digits(n, '.'),
            Err(_) => stored.to_owned(),
        },
        _ => stored.to_owned(),
    }
}

fn attributes(kind: &FieldKind) -> (&'static str, Option<&'static str>, &'static str) {
    match kind {
        FieldKind::Integer { .. } | FieldKind::Money { .. } | FieldKind::Cccd { .. } | FieldKind::Date { .. } => {
            ("text", Some("numeric"), "off")
        }
        FieldKind::Vsic { .. } => ("text", Some("numeric"), "off"),
        FieldKind::Phone { .. } => ("tel", None, "tel"),
        FieldKind::Email => ("email", None, "email"),
        _ => ("text", None, "off"),
    }
}
