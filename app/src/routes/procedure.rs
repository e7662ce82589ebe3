use crate::api;
use crate::components::procedure_not_found::ProcedureNotFound;
use crate::document;
use crate::format;
use crate::i18n::Strings;
use crate::store::{now_ms, CachedProcedure, Store};
use domain::fee::format_vnd;
use domain::{Document, Fee, Procedure as ProcedureData, ProcedureCode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// How long a saved procedure is shown without asking the server again.
const FRESH_MS: f64 = 10.0 * 60.0 * 1000.0;

#[derive(Clone)]
enum Detail {
    Loading,
    /// `offline` when this is the saved copy because the server could not be reached.
    Shown { procedure: Arc<ProcedureData>, offline: bool },
    NotFound,
    Failed,
}

#[component]
pub fn Procedure(t: &'static Strings, code: String) -> impl IntoView {
    let detail = RwSignal::new(Detail::Loading);
    let attempt = RwSignal::new(0u32);
    // The page is rebuilt when the code in the path changes, so the code is fixed here.
    let valid = ProcedureCode::parse(&code).ok();
    let alive = StoredValue::new(());

    Effect::new({
        let valid = valid.clone();
        move |_| {
            attempt.track();
            match valid.clone() {
                Some(code) => {
                    detail.set(Detail::Loading);
                    spawn_local(load(code, alive, detail));
                }
                None => detail.set(Detail::NotFound),
            }
        }
    });

    Effect::new(move |_| {
        detail.with(|d| match d {
            Detail::Shown { procedure, .. } => {
                document::set_title(&procedure.name, t.portal_name);
                crate::takeover::ready();
            }
            Detail::NotFound => document::set_title(t.procedure_not_found_title, t.portal_name),
            _ => document::set_title(t.loading_procedure, t.portal_name),
        });
    });

    move || match detail.get() {
        Detail::Loading => view! {
            <div class="container page">
                <h1 class="visually-hidden">{t.loading_procedure}</h1>
                <p class="notice" role="status">{t.loading_procedure}</p>
            </div>
        }
        .into_any(),
        Detail::NotFound => view! { <ProcedureNotFound t code=code.clone()/> }.into_any(),
        Detail::Failed => view! {
            <div class="container page">
                <h1>{format!("{} {}", t.label_code, code)}</h1>
                <div class="notice notice-error" role="alert">
                    <p>{t.procedure_error}</p>
                    <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                        {t.retry}
                    </button>
                </div>
            </div>
        }
        .into_any(),
        Detail::Shown { procedure, offline } => view! { <ProcedureView t procedure offline/> }.into_any(),
    }
}

/// Shows the saved copy at once if there is one, then the server's; a 404 also drops
/// the saved copy. `alive` is disposed with the page, so a slow answer for a page the
/// user has left is dropped.
async fn load(code: ProcedureCode, alive: StoredValue<()>, detail: RwSignal<Detail>) {
    let still_here = || !alive.is_disposed();
    let store = Store::open().await.ok();
    let mut have_copy = false;
    let mut fresh = false;
    if let Some(store) = &store {
        if let Ok(Some(saved)) = store.load_procedure(code.as_str()).await {
            if let Ok(p) = crate::decode::procedure(&saved.body) {
                if still_here() {
                    detail.set(Detail::Shown { procedure: Arc::new(p), offline: false });
                }
                have_copy = true;
                // Opened a moment ago (or the page was rebuilt for a language switch):
                // not worth the user's mobile data to ask again.
                fresh = now_ms() - saved.fetched_at < FRESH_MS;
            }
        }
    }
    if fresh {
        if let Some(store) = store {
            store.close();
        }
        return;
    }
    let fetched = api::procedure(code.as_str()).await;
    if !still_here() {
        if let Some(store) = store {
            store.close();
        }
        return;
    }
    match fetched {
        Ok((p, body)) => {
            detail.set(Detail::Shown { procedure: Arc::new(p), offline: false });
            if let Some(store) = &store {
                let _ = store
                    .save_procedure(code.as_str(), &CachedProcedure { fetched_at: now_ms(), body })
                    .await;
            }
        }
        Err(e) if e.is_not_found() => {
            detail.set(Detail::NotFound);
            if let Some(store) = &store {
                let _ = store.forget_procedure(code.as_str()).await;
            }
        }
        Err(_) if have_copy => detail.update(|d| {
            if let Detail::Shown { offline, .. } = d {
                *offline = true;
            }
        }),
        Err(_) => detail.set(Detail::Failed),
    }
    if let Some(store) = store {
        store.close();
    }
}

#[component]
fn ProcedureView(t: &'static Strings, procedure: Arc<ProcedureData>, offline: bool) -> impl IntoView {
    let p = procedure;
    crate::api::report_event(&p.code, "viewed");
    let apply_href = format!("/thu-tuc/{}/nop-ho-so", p.code);
    let guide_href = format!("/thu-tuc/{}/huong-dan", p.code);
    let stated = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());

    view! {
        <article class="container page procedure">
            <p class="breadcrumb">
                <a href="/thu-tuc">{t.back_to_catalogue}</a>
            </p>
            <h1 lang="vi">{p.name.clone()}</h1>
            {offline.then(|| view! { <p class="notice" role="status">{t.offline_copy}</p> })}
            {t.data_language_note.map(|note| view! { <p class="hint">{note}</p> })}
            <dl class="facts">
                {fact(t, t.label_code, Some(p.code.clone()), false)}
                {fact(t, t.label_field, Some(p.field.clone()), true)}
                {fact(t, t.label_agency, stated(&p.agency), true)}
                {fact(t, t.label_level, Some(format::level(p.level, t).to_owned()), false)}
                {fact(t, t.label_processing_time, stated(&p.processing_time), true)}
            </dl>
            <DraftNotice t code=p.code.clone()/>
            <p>
                <a href=apply_href id="apply" class="button button-primary">
                    {t.apply_button}
                </a>
                " "
                <a href=guide_href id="guide-link" class="button">{t.guide_link}</a>
            </p>
            {section("fees", t.fees_title, fees(t, &p.fees))}
            {section("documents", t.documents_title, documents(t, &p.documents))}
            {section("steps", t.steps_title, text_list(t, &p.steps, true))}
            {section("result", t.result_title, text_list(t, &stated(&p.result).into_iter().collect::<Vec<_>>(), false))}
            {section("legal", t.legal_title, text_list(t, &p.legal_basis, false))}
            <p class="source">{t.source_line}</p>
        </article>
    }
}

/// "You have a draft of this": the apply link then offers to resume it.
#[component]
fn DraftNotice(t: &'static Strings, code: String) -> impl IntoView {
    let count = RwSignal::new(0u32);
    leptos::task::spawn_local(async move {
        if let Ok(store) = crate::store::Store::open().await {
            let n = store.count_drafts_for(&code).await.unwrap_or(0);
            store.close();
            let _ = count.try_set(n);
        }
    });
    move || (count.get() > 0).then(|| view! { <p class="notice" id="draft-notice" role="status">{t.has_draft}</p> })
}

/// One line of the fact sheet. Values from the catalogue are Vietnamese whatever the
/// interface language, and say so for screen readers.
fn fact(t: &'static Strings, label: &'static str, value: Option<String>, source_text: bool) -> impl IntoView {
    let lang = (source_text && value.is_some()).then_some("vi");
    let value = value.unwrap_or_else(|| t.not_stated.to_owned());
    view! {
        <div>
            <dt>{label}</dt>
            <dd lang=lang class="pre">{value}</dd>
        </div>
    }
}

/// A titled part of the page, labelled by its heading for landmark navigation.
fn section(id: &'static str, title: &'static str, body: AnyView) -> AnyView {
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    view! {
        <section id=id aria-labelledby=labelled_by>
            <h2 id=heading>{title}</h2>
            {body}
        </section>
    }
    .into_any()
}

/// Source texts as a list (steps are ordered), or "not stated".
fn text_list(t: &'static Strings, items: &[String], ordered: bool) -> AnyView {
    let items: Vec<_> = items.iter().filter(|s| !s.trim().is_empty()).cloned().collect();
    if items.is_empty() {
        return view! { <p>{t.not_stated}</p> }.into_any();
    }
    let lis = items.into_iter().map(|s| view! { <li class="pre">{s}</li> }).collect_view();
    if ordered {
        view! { <ol class="steps" lang="vi">{lis}</ol> }.into_any()
    } else {
        view! { <ul class="texts" lang="vi">{lis}</ul> }.into_any()
    }
}

fn fees(t: &'static Strings, fees: &[Fee]) -> AnyView {
    if fees.is_empty() {
        return view! { <p>{t.no_fees}</p> }.into_any();
    }
    // Short columns first: on a phone each row becomes a card (see .fees in main.css),
    // and the long channel notes read best last. Explicit roles keep the table a table
    // for screen readers when CSS changes its display.
    let rows = fees
        .iter()
        .map(|f| {
            view! {
                <tr role="row">
                    <td role="cell" data-label=t.fee_col_text>{f.text.clone()}</td>
                    <td role="cell" data-label=t.fee_col_amount class="amount">
                        {f.amount_vnd.map(format_vnd).unwrap_or_else(|| "—".to_owned())}
                    </td>
                    <td role="cell" data-label=t.fee_col_channel>{f.description.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="fees" role="table">
            <thead role="rowgroup">
                <tr role="row">
                    <th role="columnheader" scope="col">{t.fee_col_text}</th>
                    <th role="columnheader" scope="col">{t.fee_col_amount}</th>
                    <th role="columnheader" scope="col">{t.fee_col_channel}</th>
                </tr>
            </thead>
            <tbody role="rowgroup" lang="vi">{rows}</tbody>
        </table>
    }
    .into_any()
}

/// Documents under their group headings ([`Document::groups`]).
fn documents(t: &'static Strings, documents: &[Document]) -> AnyView {
    let groups = Document::groups(documents);
    if groups.is_empty() {
        return view! { <p>{t.no_documents}</p> }.into_any();
    }
    groups
        .into_iter()
        .map(|g| {
            let items = (!g.items.is_empty()).then(|| {
                let lis = g
                    .items
                    .into_iter()
                    .map(|d| {
                        let copies = d.copies.filter(|c| !c.trim().is_empty()).map(|c| {
                            view! {
                                <span class="doc-copies">
                                    <span lang=t.lang>{t.copies}</span>
                                    ": "
                                    {c}
                                </span>
                            }
                        });
                        view! {
                            <li>
                                <span class="doc-name">{d.name}</span>
                                {copies}
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="documents">{lis}</ul> }
            });
            view! {
                <div class="doc-group" lang="vi">
                    {g.heading.map(|h| view! { <h3>{h}</h3> })}
                    {items}
                </div>
            }
        })
        .collect_view()
        .into_any()
}
