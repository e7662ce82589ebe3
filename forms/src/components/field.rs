//! One question: its label, hint, error and control, shown only while its visibility
//! condition holds. The control is built once and survives keystrokes; only a change of
//! visibility rebuilds it.

use super::address::AddressInput;
use super::attachment::AttachmentInput;
use super::choice::{Checkboxes, Declaration, Radios, Select, YesNo};
use super::group::GroupInput;
use super::provenance::ProvenanceBadge;
use super::registry_panel::RegistryPanel;
use super::text_input::TextInput;
use crate::answer_path::dom_id;
use crate::i18n::use_lang;
use crate::session::use_session;
use domain::form::{ChoiceDisplay, Field as SchemaField, FieldKind, PrefillSource};
use leptos::prelude::*;
use std::sync::Arc;

/// How the label and hint of a control are laid out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// `<label for>` above one input.
    Label,
    /// `<fieldset><legend>` around several inputs (radios, checkboxes, an address).
    Fieldset,
    /// A heading and text, no input.
    Heading,
}

pub fn frame_of(kind: &FieldKind) -> Frame {
    match kind {
        FieldKind::Heading => Frame::Heading,
        FieldKind::SingleChoice { display: ChoiceDisplay::Select, .. } => Frame::Label,
        FieldKind::SingleChoice { .. }
        | FieldKind::MultiChoice { .. }
        | FieldKind::YesNo
        | FieldKind::Address { .. }
        | FieldKind::Group { .. }
        | FieldKind::Attachment { .. }
        | FieldKind::Declaration => Frame::Fieldset,
        _ => Frame::Label,
    }
}

/// The field at `path` (`id`, or `group[i].id`), if and while it is shown.
#[component]
pub fn FieldView(field: Arc<SchemaField>, path: String) -> impl IntoView {
    let s = use_session();
    let visible = {
        let path = path.clone();
        let schema = s.schema();
        Memo::new(move |_| s.answers.with(|a| domain::form::is_visible(&schema, &path, a)))
    };
    move || visible.get().then(|| field_body(field.clone(), path.clone()))
}

fn field_body(field: Arc<SchemaField>, path: String) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let frame = frame_of(&field.kind);
    if matches!(field.kind, FieldKind::Hidden) {
        return ().into_any();
    }
    let id = dom_id(&path);
    if frame == Frame::Heading {
        let f = field.clone();
        let hint = field.hint.clone();
        return view! {
            <div class="form-heading">
                <h2 class="heading-m">{move || lang.pick(f.label.vi(), f.label.en()).to_owned()}</h2>
                {hint.map(|h| view! { <p class="hint">{move || lang.pick(h.vi(), h.en()).to_owned()}</p> })}
            </div>
        }
        .into_any();
    }
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = field.hint.is_some();
    let described = {
        let (hint_id, error_id, path) = (hint_id.clone(), error_id.clone(), path.clone());
        move || {
            let mut d = String::new();
            if has_hint {
                d.push_str(&hint_id);
            }
            if s.error(&path, lang).is_some() {
                if !d.is_empty() {
                    d.push(' ');
                }
                d.push_str(&error_id);
            }
            (!d.is_empty()).then_some(d)
        }
    };
    let described = Signal::derive(described);
    let error = {
        let path = path.clone();
        Memo::new(move |_| s.error(&path, lang))
    };
    let top_level = !path.contains('[');
    let label = {
        let f = field.clone();
        move || {
            let mut l = lang.pick(f.label.vi(), f.label.en()).to_owned();
            if !f.required && !matches!(f.kind, FieldKind::Declaration | FieldKind::Group { .. }) {
                l.push(' ');
                l.push_str(lang.t().optional);
            }
            l
        }
    };
    let hint = field.hint.clone().map(|h| {
        let hint_id = hint_id.clone();
        view! { <div class="hint" id=hint_id>{move || lang.pick(h.vi(), h.en()).to_owned()}</div> }
    });
    let error_view = {
        let error_id = error_id.clone();
        move || {
            error.get().map(|m| {
                view! {
                    <p class="error-message" id=error_id.clone()>
                        <span class="visually-hidden">{move || if lang.en() { "Error: " } else { "Lỗi: " }}</span>
                        {m}
                    </p>
                }
            })
        }
    };
    let badge = top_level.then(|| view! { <ProvenanceBadge id=field.id.clone() input_id=id.clone()/> });
    let is_key = top_level && is_registry_key(&s.schema(), &field.id);
    let control = control(field.clone(), path.clone(), id.clone(), described);
    let panel = is_key.then(|| view! { <RegistryPanel mst_field=field.id.clone()/> });
    let group_class = move || if error.with(|e| e.is_some()) { "form-group form-group-error" } else { "form-group" };
    match frame {
        Frame::Fieldset => view! {
            <div class=group_class>
                <fieldset class="fieldset" aria-describedby=move || described.get()>
                    <legend class="fieldset-legend">{label}</legend>
                    {hint}
                    {badge}
                    {error_view}
                    {control}
                </fieldset>
            </div>
        }
        .into_any(),
        _ => view! {
            <div class=group_class>
                <label class="label" for=id>{label}</label>
                {hint}
                {badge}
                {error_view}
                {control}
                {panel}
            </div>
        }
        .into_any(),
    }
}

/// Whether some field is prefilled from the registry record found by this field.
pub fn is_registry_key(schema: &domain::form::FormSchema, id: &str) -> bool {
    schema.top_fields().any(|(_, f)| {
        f.prefill.as_ref().is_some_and(|p| p.source == PrefillSource::BusinessRegistry && p.key_field.as_deref() == Some(id))
    })
}

fn control(field: Arc<SchemaField>, path: String, id: String, described: Signal<Option<String>>) -> AnyView {
    match &field.kind {
        FieldKind::SingleChoice { display: ChoiceDisplay::Select, .. } => {
            view! { <Select field path id described/> }.into_any()
        }
        FieldKind::SingleChoice { .. } => view! { <Radios field path id/> }.into_any(),
        FieldKind::MultiChoice { .. } => view! { <Checkboxes field path id/> }.into_any(),
        FieldKind::YesNo => view! { <YesNo field path id/> }.into_any(),
        FieldKind::Declaration => view! { <Declaration field path id/> }.into_any(),
        FieldKind::Address { .. } => view! { <AddressInput field path id/> }.into_any(),
        FieldKind::Group { .. } => view! { <GroupInput field path id/> }.into_any(),
        FieldKind::Attachment { .. } => view! { <AttachmentInput field path id/> }.into_any(),
        FieldKind::Heading | FieldKind::Hidden => ().into_any(),
        _ => view! { <TextInput field path id described/> }.into_any(),
    }
}
