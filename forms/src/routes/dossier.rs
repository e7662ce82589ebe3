//! `/ho-so/:code`: the receipt (giấy tiếp nhận hồ sơ và hẹn trả kết quả) and the status
//! of a filed dossier. It shows the device's copy first — so a bookmark or a reload works
//! offline, saying when the copy was last updated — and then the server's status when it
//! can be had. Without a copy on this device it offers the look-up by code and phone.

use crate::components::copy_code::CopyCode;
use crate::components::payment_panel::PaymentPanel;
use crate::components::timeline::Timeline;
use crate::dom::new_uuid;
use crate::dossier_api::{result_href, DossierApiError};
use crate::i18n::use_lang;
use crate::nav::{navigate, step_href, REVIEW};
use crate::time;
use crate::tracking::{self, iso_day, Tracked};
use domain::dossier::api::DossierStatus;
use domain::dossier::DossierState;
use domain::fee::format_vnd;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::{DraftRecord, Store};

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready(Box<Tracked>),
    /// No copy on this device.
    Missing,
}

/// How the last refresh went.
#[derive(Clone, Copy, PartialEq)]
enum Fresh {
    Checking,
    Current,
    /// No answer: the copy on show is as of its `refreshed_ms`.
    Stale,
}

#[component]
pub fn Dossier(code: String) -> impl IntoView {
    let lang = use_lang();
    let load = RwSignal::new(Load::Loading);
    let fresh = RwSignal::new(Fresh::Checking);
    {
        let code = code.clone();
        spawn_local(async move {
            let Ok(Some(t)) = tracking::local(&code).await else {
                let _ = load.try_set(Load::Missing);
                return;
            };
            let _ = load.try_set(Load::Ready(Box::new(t.clone())));
            let next = match tracking::refresh(&t).await {
                Ok(newer) => {
                    let _ = load.try_set(Load::Ready(Box::new(newer)));
                    Fresh::Current
                }
                // Unknown to the server (e.g. a sandbox reset): keep showing the copy.
                Err(DossierApiError::Rejected { .. }) => Fresh::Current,
                Err(_) => Fresh::Stale,
            };
            let _ = fresh.try_set(next);
        });
    }
    Effect::new(move |_| {
        lang.set_title(lang.t().receipt_title);
    });
    let body = move || match load.get() {
        Load::Loading => view! { <p class="hint" role="status">{move || lang.t().loading_form}</p> }.into_any(),
        Load::Missing => {
            let href = format!("/tra-cuu?ma={}", js_sys::encode_uri_component(&code));
            view! {
                <h1 class="heading-l">{move || lang.t().receipt_title}</h1>
                <div class="notice notice-warning" id="not-on-device"><p>{move || lang.t().not_on_device}</p></div>
                <p><a class="button" href=href>{move || lang.t().lookup_this}</a></p>
            }
            .into_any()
        }
        Load::Ready(t) => view! { <Receipt t=*t fresh/> }.into_any(),
    };
    view! { <div class="container page dossier-page">{body}</div> }
}

#[component]
fn Receipt(t: Tracked, fresh: RwSignal<Fresh>) -> impl IntoView {
    let lang = use_lang();
    let Tracked { record, status, from_server } = t;
    let st = status.clone();
    let state = st.state.kind();
    let refreshed = time::date_time(record.refreshed_ms);
    let updated = {
        let refreshed = refreshed.clone();
        move || match fresh.get() {
            Fresh::Stale => view! { <p class="notice notice-warning" role="status" id="refreshed">{(lang.t().offline_copy)(&refreshed)}</p> }.into_any(),
            _ => view! { <p class="hint" id="refreshed">{(lang.t().updated_at)(&refreshed)}</p> }.into_any(),
        }
    };
    let filed = matches!(st.state, DossierState::Received).then(|| {
        view! { <div class="notice notice-success" id="filed"><h2 class="heading-m">{move || lang.t().filed_title}</h2></div> }
    });
    let due = match st.due_on.as_deref() {
        Some(d) => iso_day(d),
        None => lang.t().not_stated.to_owned(),
    };
    let overdue = st.overdue.then(|| view! { " "<span class="badge badge-overdue" id="overdue">{move || lang.t().overdue}</span> });
    let agency = st.agency.clone().map(|a| {
        view! { <div class="summary-row"><dt>{move || lang.t().agency_label}</dt><dd lang="vi">{a}</dd></div> }
    });
    // The payment panel lists the fees itself; the summary does while it is not shown.
    let fees = (!from_server).then(|| {
        let rows = fee_rows(&st);
        view! { <div class="summary-row"><dt>{move || lang.t().fees_title}</dt><dd id="fees">{rows}</dd></div> }
    });
    let action = action_block(&st, &record.code, &record.access_key, record.schema_version);
    // The payment panel needs the server's view of the payment.
    let payment = from_server.then(|| {
        view! { <PaymentPanel code=record.code.clone() access_key=record.access_key.clone() status=status.clone()/> }
    });
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <h1 class="heading-l">{move || lang.t().receipt_title}</h1>
        {filed}
        <dl class="summary-list receipt">
            <div class="summary-row"><dt>{move || lang.t().dossier_code}</dt><dd><CopyCode code=record.code.clone()/></dd></div>
            <div class="summary-row"><dt>{move || lang.t().procedure_label}</dt><dd id="procedure-name" lang="vi">{st.procedure_name.clone()}</dd></div>
            {agency}
            <div class="summary-row"><dt>{move || lang.t().submitted_at}</dt><dd>{time::rfc3339(&st.submitted_at)}</dd></div>
            <div class="summary-row"><dt>{move || lang.t().received_on}</dt><dd id="received-on">{iso_day(&st.received_on)}</dd></div>
            <div class="summary-row"><dt>{move || lang.t().due_on}</dt><dd id="due-on">{due}{overdue}</dd></div>
            <div class="summary-row">
                <dt>{move || lang.t().dossier_state}</dt>
                <dd id="dossier-state" data-state=state.as_str()>{move || lang.pick(state.label_vi(), state.label_en()).to_owned()}</dd>
            </div>
            {fees}
        </dl>
        {updated}
        {action}
        // Payment: the panel of the payment flow (components/payment_panel.rs).
        {payment}
        <h2 class="heading-m">{move || lang.t().next_title}</h2>
        <p>{move || lang.t().next_body}</p>
        <Timeline entries=st.timeline.clone()/>
        <p class="actions no-print">
            <button type="button" class="button button-secondary" id="print" on:click=print>{move || lang.t().print}</button>
        </p>
    }
}

/// Each fee named phí or lệ phí, and the total; or that none is due online.
fn fee_rows(st: &DossierStatus) -> AnyView {
    let lang = use_lang();
    if st.fees.is_empty() || st.fee_total_vnd <= 0 {
        return view! { {move || lang.t().no_fees} }.into_any();
    }
    let lines = st
        .fees
        .iter()
        .map(|f| {
            let kind = f.kind;
            let amount = format_vnd(f.amount_vnd);
            view! { <li>{move || lang.pick(kind.label_vi(), kind.label_en()).to_owned()}": "{amount}</li> }
        })
        .collect_view();
    let total = format_vnd(st.fee_total_vnd);
    view! {
        <ul class="fee-list">{lines}</ul>
        <p><strong>{move || lang.t().fee_total}": "{total}</strong></p>
    }
    .into_any()
}

/// What the state asks of the person: the supplement asked for (with the way to answer
/// it), the reason for a rejection, or the result to download.
fn action_block(st: &DossierStatus, code: &str, access_key: &str, schema_version: u32) -> Option<AnyView> {
    let lang = use_lang();
    match &st.state {
        DossierState::SupplementRequested { note } => {
            let note = note.clone();
            let (st, code) = (st.clone(), code.to_owned());
            let busy = RwSignal::new(false);
            let start = move |_| {
                if busy.get_untracked() {
                    return;
                }
                busy.set(true);
                let (st, code) = (st.clone(), code.clone());
                spawn_local(async move {
                    if let Some(href) = supplement_draft(&st, &code, schema_version).await {
                        navigate(&href, false);
                    }
                    let _ = busy.try_set(false);
                });
            };
            Some(
                view! {
                    <div class="notice notice-warning" id="supplement" role="region" aria-labelledby="supplement-title">
                        <h2 class="heading-m" id="supplement-title">{move || lang.t().supplement_title}</h2>
                        <p id="supplement-note">{note}</p>
                        <button type="button" class="button no-print" id="start-supplement" disabled=move || busy.get() on:click=start>
                            {move || lang.t().supplement_button}
                        </button>
                    </div>
                }
                .into_any(),
            )
        }
        DossierState::Rejected { reason } => Some(
            view! {
                <div class="notice notice-error" id="rejected">
                    <h2 class="heading-m">{move || lang.t().rejected_reason}</h2>
                    <p>{reason.clone()}</p>
                </div>
            }
            .into_any(),
        ),
        _ if st.result_available => {
            let href = result_href(code, access_key);
            Some(
                view! {
                    <p class="no-print"><a class="button" id="result-link" href=href download="">{move || lang.t().result_download}</a></p>
                }
                .into_any(),
            )
        }
        _ => None,
    }
}

/// The draft that answers a supplement request: the dossier's answers as filed, marked
/// `supplement_for`, opened at the review so the person sees everything and changes what
/// was asked. An existing one for this dossier is reopened instead of making another.
async fn supplement_draft(st: &DossierStatus, code: &str, schema_version: u32) -> Option<String> {
    let store = Store::open().await.ok()?;
    let existing = store.drafts_for(&st.procedure_code).await.unwrap_or_default();
    if let Some(d) = existing.iter().find(|d| d.supplement_for.as_deref() == Some(code)) {
        return Some(step_href(&d.procedure, &d.id, &d.step));
    }
    // Unknown when the dossier was looked up on another device: the form as it is now.
    // The server checked the answers against the form of the day, which is this one
    // unless the form changed since, and then the wizard's migration says what to redo.
    let schema_version = match schema_version {
        0 => crate::schema_source::load(&st.procedure_code).await.map(|s| s.version).unwrap_or(0),
        v => v,
    };
    let now = js_sys::Date::now();
    let draft = DraftRecord {
        id: new_uuid(),
        procedure: st.procedure_code.clone(),
        procedure_name: st.procedure_name.clone(),
        schema_version,
        step: REVIEW.to_owned(),
        answers: serde_json::to_string(&st.answers).ok()?,
        progress_done: 0,
        progress_total: 0,
        created_ms: now,
        updated_ms: now,
        supplement_for: Some(code.to_owned()),
    };
    store.put_draft(&draft).await.ok()?;
    Some(step_href(&draft.procedure, &draft.id, REVIEW))
}
