//! `/thanh-toan/ket-qua`: where the gateway sends the payer back. The query string is the
//! gateway's word only, and anyone can type one: the page takes nothing from it but the
//! transaction reference (`vnp_TxnRef`) and asks the server for the verified state. The
//! gateway's server-to-server notification (IPN) may land a moment after the browser, so
//! a pending answer is asked again a few times, waiting longer each time.

use crate::components::payment_panel::{outcome_title, receipt_href};
use crate::http;
use crate::i18n::use_lang;
use crate::payment_api::PaymentApiError;
use crate::payment_reconcile::{self as reconcile, last_known, unsettled};
use crate::nav::use_url;
use domain::dossier::api::{PaymentStatusKind, PaymentView};
use domain::fee::format_vnd;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::Store;

/// Waits before each further question while the answer is "pending": about 15 s in all,
/// long enough for a notification delayed by the gateway, short enough not to keep the
/// person staring at a spinner (the reconciliation goes on after that).
const BACKOFF_MS: [i32; 5] = [1_000, 2_000, 3_000, 4_000, 5_000];

#[derive(Debug, Clone, PartialEq)]
enum Page {
    Checking,
    /// The verified state (possibly still pending after the polls).
    Known(PaymentView),
    /// No answer; the last one stored on this device, if any.
    Unreachable { last: Option<PaymentView>, txn_ref: String },
    /// No reference in the URL and no payment waiting on this device, or one the server
    /// does not know.
    NotFound,
}

#[component]
pub fn PaymentReturn() -> impl IntoView {
    let lang = use_lang();
    let url = use_url();
    let page = RwSignal::new(Page::Checking);
    Effect::new(move |_| lang.set_title(lang.t().return_title));

    let run = move || {
        page.set(Page::Checking);
        let search = url.search.get_untracked();
        spawn_local(async move {
            let Some(txn_ref) = reference(&search).await else {
                let _ = page.try_set(Page::NotFound);
                return;
            };
            let _ = page.try_set(poll(&txn_ref, page).await);
        });
    };
    run();
    // Offline on return: ask again as soon as the connection is back.
    let online = window_event_listener_untyped("online", move |_| {
        if page.try_with_untracked(|p| matches!(p, Page::Unreachable { .. })) == Some(true) {
            run();
        }
    });
    on_cleanup(move || online.remove());

    let body = move || {
        let t = lang.t();
        match page.get() {
            Page::Checking => view! { <p class="hint" role="status">{t.return_checking}</p> }.into_any(),
            Page::NotFound => view! {
                <div class="notice notice-warning" id="payment-result" data-state="not_found">
                    <p>{t.return_not_found}</p>
                </div>
                <p><a href="/ho-so-cua-toi">{t.return_my_dossiers}</a></p>
            }
            .into_any(),
            Page::Known(v) => outcome(v, false, run).into_any(),
            Page::Unreachable { last: Some(v), .. } => outcome(v, true, run).into_any(),
            Page::Unreachable { last: None, txn_ref } => view! {
                <div class="notice notice-warning" id="payment-result" data-state="offline">
                    <p>{t.return_offline}</p>
                    <p class="hint">{(t.pay_ref)(&txn_ref)}</p>
                </div>
                <p><button type="button" class="button" on:click=move |_| run()>{t.pay_check_again}</button></p>
            }
            .into_any(),
        }
    };
    view! {
        <div class="container page">
            <h1 class="heading-l" id="return-title">{move || lang.t().return_title}</h1>
            <div aria-live="polite">{body}</div>
        </div>
    }
}

/// The verified outcome and what to do next. `stale`: the server could not be asked, and
/// this is the last answer stored on this device.
fn outcome(v: PaymentView, stale: bool, again: impl Fn() + Copy + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let back = format!("/ho-so/{}", v.dossier_code);
    let amount = format_vnd(v.amount_vnd);
    let (class, next) = match v.status {
        PaymentStatusKind::Paid => ("notice notice-success", (t.return_paid_body)(&amount, &v.dossier_code)),
        PaymentStatusKind::Pending => ("notice notice-warning", t.return_pending_body.to_owned()),
        _ => ("notice notice-error", t.return_retry_body.to_owned()),
    };
    let reason = lang.pick(&v.message_vi, &v.message_en).to_owned();
    let receipt = (v.status == PaymentStatusKind::Paid).then(|| {
        view! { <a class="button" id="receipt-link" href=receipt_href(&v.dossier_code, &v.txn_ref)>{t.pay_view_receipt}</a>" " }
    });
    let check = (stale || v.status == PaymentStatusKind::Pending).then(|| {
        view! { <button type="button" class="button" id="payment-check" on:click=move |_| again()>{t.pay_check_again}</button>" " }
    });
    let primary_back = if v.status.allows_retry() { "button" } else { "button button-secondary" };
    view! {
        {stale.then(|| view! { <p class="notice notice-warning" id="payment-offline">{t.return_offline}</p> })}
        <div class=class id="payment-result" data-state=v.status.as_str()>
            <p><strong>{outcome_title(t, v.status)}</strong></p>
            {(v.status != PaymentStatusKind::Paid && !reason.is_empty()).then(|| view! { <p>{reason}</p> })}
            <p>{next}</p>
            <p class="hint">{(t.pay_ref)(&v.txn_ref)}</p>
        </div>
        <p class="actions">
            {receipt}
            {check}
            <a class=primary_back id="back-to-dossier" href=back>
                {if v.status.allows_retry() { t.return_pay_again } else { t.pay_back_to_dossier }}
            </a>
        </p>
    }
}

/// The reference to ask about: the URL's `vnp_TxnRef`, or else the newest payment on this
/// device still waiting for an outcome (a return URL stripped by the gateway or the
/// browser).
async fn reference(search: &str) -> Option<String> {
    let from_url = domain::payment::parse_query(search)
        .ok()
        .and_then(|p| p.get("vnp_TxnRef").map(str::to_owned))
        .filter(|r| !r.is_empty());
    if from_url.is_some() {
        return from_url;
    }
    let store = Store::open().await.ok()?;
    let mut waiting: Vec<_> = store.payments().await.ok()?.into_iter().filter(unsettled).collect();
    waiting.sort_by(|a, b| b.created_ms.total_cmp(&a.created_ms));
    waiting.into_iter().next().map(|r| r.txn_ref)
}

/// Asks until the answer is final or the back-off runs out; stops early if the page is gone.
async fn poll(txn_ref: &str, page: RwSignal<Page>) -> Page {
    let mut waits = BACKOFF_MS.iter();
    loop {
        match reconcile::check(txn_ref).await {
            Ok(v) if v.status.is_final() => return Page::Known(v),
            Ok(v) => {
                let Some(wait) = waits.next() else { return Page::Known(v) };
                // Show "pending" meanwhile, with its next steps, rather than a bare spinner.
                if page.try_set(Page::Known(v)).is_some() {
                    return Page::Checking;
                }
                http::sleep(*wait).await;
            }
            Err(PaymentApiError::Rejected { status: 404, .. }) => return Page::NotFound,
            Err(e) if e.is_transient() || !http::online() => {
                let last = match Store::open().await {
                    Ok(store) => store.payment(txn_ref).await.ok().flatten().as_ref().and_then(last_known),
                    Err(_) => None,
                };
                return Page::Unreachable { last, txn_ref: txn_ref.to_owned() };
            }
            Err(_) => return Page::NotFound,
        }
    }
}
