//! Business-registry look-up under a tax-code field: the tax code is checked first (a
//! wrong check digit never leaves the phone), the record is shown, and "Dùng thông tin
//! này" fills the mapped fields with their provenance.

use crate::i18n::use_lang;
use crate::registry::{lookup, Lookup};
use crate::session::{use_session, Session};
use crate::time;
use domain::form::{apply_prefill, Answer, PrefillSource, Provenance, ENTERPRISE_STATUS_FIELD};
use domain::registry::EnterpriseLookup;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, PartialEq)]
enum Panel {
    Idle,
    Loading,
    Done(Lookup),
    Filled(usize),
}

#[component]
pub fn RegistryPanel(mst_field: String) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let panel = RwSignal::new(Panel::Idle);
    let search = {
        let field = mst_field.clone();
        move |_| {
            s.blur(&field);
            let mst = s.text(&field);
            if mst.is_empty() || s.field_errors.with_untracked(|e| e.iter().any(|e| e.path == field)) {
                if mst.is_empty() {
                    s.field_errors.update(|errs| errs.push(required_error(&field)));
                }
                crate::dom::focus(&crate::answer_path::dom_id(&field));
                return;
            }
            if mst.len() == 12 {
                // A personal ID used as tax code: the registry holds enterprises and
                // household businesses only, so there is nothing to ask it.
                panel.set(Panel::Done(Lookup::NotFound));
                return;
            }
            panel.set(Panel::Loading);
            spawn_local(async move {
                let found = lookup(&mst).await;
                if let Lookup::Found { enterprise, .. } = &found {
                    record_status(s, enterprise);
                }
                let _ = panel.try_set(Panel::Done(found));
            });
        }
    };
    let body = move || match panel.get() {
        Panel::Idle => ().into_any(),
        Panel::Loading => view! { <p class="hint">{move || lang.t().looking_up}</p> }.into_any(),
        Panel::Filled(n) => view! { <p class="notice notice-success">{move || (lang.t().registry_filled)(n)}</p> }.into_any(),
        Panel::Done(Lookup::NotFound) => view! { <p class="notice notice-warning">{move || lang.t().registry_not_found}</p> }.into_any(),
        Panel::Done(Lookup::Busy) => view! { <p class="notice notice-warning">{move || lang.t().registry_busy}</p> }.into_any(),
        Panel::Done(Lookup::Unreachable) => {
            view! { <p class="notice notice-warning">{move || lang.t().registry_unreachable}</p> }.into_any()
        }
        Panel::Done(Lookup::Found { record, enterprise, cached_at }) => {
            let use_it = move |_| {
                let schema = s.schema();
                let (answers, filled) = s
                    .answers
                    .with_untracked(|a| apply_prefill(&schema, a, PrefillSource::BusinessRegistry, &record, true));
                s.replace(answers);
                s.unlocked.update(|u| u.retain(|id| !filled.contains(id)));
                s.field_errors.update(|e| e.retain(|e| !filled.iter().any(|f| e.path.starts_with(f.as_str()))));
                panel.set(Panel::Filled(filled.len()));
            };
            view! { <EnterpriseCard enterprise=*enterprise cached_at use_it/> }.into_any()
        }
    };
    view! {
        <div class="registry">
            <button type="button" class="button button-secondary" disabled=move || panel.with(|p| *p == Panel::Loading) || !s.editable.get()
                on:click=search>{move || lang.t().lookup_button}</button>
            <div class="registry-result" aria-live="polite">{body}</div>
        </div>
    }
}

#[component]
fn EnterpriseCard(
    enterprise: EnterpriseLookup,
    cached_at: Option<f64>,
    use_it: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let s = use_session();
    let lang = use_lang();
    let e = enterprise.enterprise;
    let active = e.status.is_active();
    let blocks = !active && s.schema().requires_active_enterprise;
    let (status_vi, status_en) = (e.status.label_vi(), e.status.label_en());
    let (kind_vi, kind_en) = (e.kind.label_vi(), e.kind.label_en());
    view! {
        <div class="card registry-card">
            <p class="registry-head">
                <strong>{move || lang.t().registry_title}</strong>" "
                <span class="badge badge-sandbox" title=move || lang.t().sandbox_note>{move || lang.t().sandbox_badge}</span>
            </p>
            <p class="hint">{move || lang.t().sandbox_note}</p>
            {cached_at.map(|at| view! { <p class="notice notice-warning">{move || (lang.t().registry_offline_cached)(&time::date_time(at))}</p> })}
            <dl class="summary-list">
                <div class="summary-row"><dt>"MST"</dt><dd>{e.mst.clone()}</dd></div>
                <div class="summary-row"><dt>{move || if lang.en() { "Name" } else { "Tên" }}</dt><dd>{e.name.clone()}</dd></div>
                <div class="summary-row"><dt>{move || if lang.en() { "Type" } else { "Loại hình" }}</dt><dd>{move || if lang.en() { kind_en } else { kind_vi }}</dd></div>
                <div class="summary-row"><dt>{move || lang.t().status_label}</dt><dd class:status-bad=!active>{move || if lang.en() { status_en } else { status_vi }}</dd></div>
                <div class="summary-row"><dt>{move || lang.t().address_label}</dt><dd>{e.address.clone()}</dd></div>
                <div class="summary-row"><dt>{move || lang.t().representative}</dt><dd>{e.legal_representative.full_name.clone()}</dd></div>
            </dl>
            {(!active).then(|| view! {
                <div class="notice notice-error" role="alert">
                    <p>{move || lang.t().status_inactive_warning}</p>
                    {blocks.then(|| view! { <p><strong>{move || lang.t().status_blocks_form}</strong></p> })}
                </div>
            })}
            <button type="button" class="button" id="use-registry" disabled=move || !s.editable.get() on:click=use_it>
                {move || lang.t().use_this}
            </button>
        </div>
    }
}

/// Puts the registry status where the precondition reads it as soon as the record is
/// seen, so a form for operating enterprises stops here even if the details are typed
/// by hand. The server checks it again against a fresh look-up on submission.
fn record_status(s: Session, e: &EnterpriseLookup) {
    let schema = s.schema();
    if schema.field(ENTERPRISE_STATUS_FIELD).is_none() {
        return;
    }
    let status = Answer::Text(e.enterprise.status.as_str().to_owned());
    let provenance = Provenance { source: PrefillSource::BusinessRegistry, retrieved_at: e.retrieved_at.clone(), edited: false };
    let mut answers = s.answers.get_untracked();
    answers.insert(ENTERPRISE_STATUS_FIELD, status);
    answers.set_provenance(ENTERPRISE_STATUS_FIELD, provenance);
    s.replace(answers);
}

fn required_error(field: &str) -> domain::form::FieldError {
    domain::form::FieldError::new(
        domain::form::FieldErrorCode::Required,
        field,
        "Nhập mã số thuế để tra cứu.",
        "Enter the tax code to look it up.",
    )
}
