//! An attachment slot: files are checked (type, size, count) by the same rules the server
//! applies, then kept as Blobs in IndexedDB beside the draft until it is submitted.

use crate::answer_path;
use crate::dom::new_uuid;
use crate::i18n::use_lang;
use crate::session::use_session;
use domain::form::validate::format_size;
use domain::form::{check_field, Answer, FileMeta, Field, FieldError, FieldErrorCode, FieldKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::{AttachmentMeta, Store, StoreError};
use std::sync::Arc;
use wasm_bindgen::JsCast;

#[component]
pub fn AttachmentInput(field: Arc<Field>, path: String, id: String) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let FieldKind::Attachment { accept, max_size, .. } = &field.kind else { return ().into_any() };
    let accept_attr = accept.join(",");
    let types = accept.iter().map(|m| short_type(m)).collect::<Vec<_>>().join(", ");
    let size = format_size(*max_size);
    let files = {
        let path = path.clone();
        move || s.value(&path).and_then(|a| a.as_files().map(|f| f.to_vec())).unwrap_or_default()
    };
    let on_change = {
        let path = path.clone();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(list) = input.files() else { return };
            let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
            // Clear the picker so choosing the same file again still fires `change`.
            input.set_value("");
            let path = path.clone();
            spawn_local(async move { add_files(s, path, picked).await });
        }
    };
    let list = {
        let path = path.clone();
        move || {
            files()
                .into_iter()
                .map(|f| {
                    let path = path.clone();
                    let fid = f.id.clone();
                    let remove = move |_| {
                        let mut list = s.value(&path).and_then(|a| a.as_files().map(|f| f.to_vec())).unwrap_or_default();
                        list.retain(|x| x.id != fid);
                        s.set(&path, (!list.is_empty()).then_some(Answer::Files(list)));
                        s.blur(&path);
                        let fid = fid.clone();
                        spawn_local(async move {
                            if let Ok(store) = Store::open().await {
                                let _ = store.delete_attachment(&fid).await;
                            }
                        });
                    };
                    view! {
                        <li class="file">
                            <span class="file-name">{f.name.clone()}</span>
                            " "<span class="hint">{format_size(f.size)}</span>
                            " "<button type="button" class="link-button" disabled=move || !s.editable.get() on:click=remove>
                                {move || lang.t().remove_file}<span class="visually-hidden">{format!(" {}", f.name)}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        }
    };
    // The slot's label is the fieldset's legend, which names no control: the picker
    // needs a name of its own for screen readers (and axe's "label" rule).
    let label = field.label.clone();
    let name = move || lang.pick(label.vi(), label.en()).to_owned();
    let invalid = {
        let path = path.clone();
        move || s.error(&path, lang).is_some().then_some("true")
    };
    view! {
        <p class="hint">{move || (lang.t().accepted_files)(&types, &size)}</p>
        <ul class="file-list">{list}</ul>
        <input class="file-input" type="file" id=id multiple accept=accept_attr disabled=move || !s.editable.get()
            aria-label=name aria-invalid=invalid on:change=on_change/>
    }
    .into_any()
}

/// `application/pdf` → `PDF`, `image/*` → `ảnh/image`.
fn short_type(mime: &str) -> String {
    match mime.rsplit('/').next() {
        Some("*") => "JPG, PNG".to_owned(),
        Some("jpeg") => "JPG".to_owned(),
        Some(t) => t.to_ascii_uppercase(),
        None => mime.to_owned(),
    }
}

async fn add_files(s: crate::session::Session, path: String, picked: Vec<web_sys::File>) {
    let schema = s.schema();
    let draft_id = s.draft_id.get_value();
    for file in picked {
        let meta = FileMeta { id: new_uuid(), name: file.name(), mime: file.type_(), size: file.size() as u64 };
        let mut list = s.value(&path).and_then(|a| a.as_files().map(|f| f.to_vec())).unwrap_or_default();
        list.push(meta.clone());
        let mut candidate = s.answers.get_untracked();
        answer_path::set(&mut candidate, &path, Some(Answer::Files(list.clone())));
        let check = s.with_ctx(|ctx| check_field(&schema, &path, &candidate, ctx));
        if let Some(e) = check.error {
            // Refused before it takes any storage; the message names the rule.
            show_error(s, &path, e);
            continue;
        }
        let stored = match Store::open().await {
            Ok(store) => {
                let m = AttachmentMeta {
                    id: meta.id.clone(),
                    draft_id: draft_id.clone(),
                    name: meta.name.clone(),
                    mime: meta.mime.clone(),
                    size: meta.size as f64,
                };
                store.put_attachment(&m, &file).await
            }
            Err(e) => Err(e),
        };
        match stored {
            Ok(()) => {
                s.set(&path, Some(Answer::Files(list)));
                s.blur(&path);
            }
            Err(e) => {
                let (vi, en) = match e {
                    StoreError::QuotaExceeded => (crate::i18n::VI.quota_error, crate::i18n::EN.quota_error),
                    _ => (crate::i18n::VI.file_not_saved, crate::i18n::EN.file_not_saved),
                };
                // Shown like a field error; the code is never read for a storage failure.
                show_error(s, &path, FieldError::new(FieldErrorCode::FileEmpty, &path, vi, en));
            }
        }
    }
}

fn show_error(s: crate::session::Session, path: &str, e: FieldError) {
    s.field_errors.update(|errs| {
        errs.retain(|x| x.path != path);
        errs.push(e);
    });
}
