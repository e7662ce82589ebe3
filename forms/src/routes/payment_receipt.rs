//! `/ho-so/{code}/bien-lai/{txn_ref}`: the electronic receipt (biên lai điện tử) of a
//! completed payment, to keep or print. Built only from the server's verified payment
//! (`GET /api/v1/payments/{txn_ref}`, or the last such answer kept on this device when
//! offline) and the dossier as this device stored it: nothing from a URL's query or a
//! gateway redirect reaches it, so a tampered link cannot print a receipt for an unpaid fee.

use crate::components::fee_lines::FeeLines;
use crate::i18n::{use_lang, Lang};
use crate::payment_api::PaymentApiError;
use crate::payment_reconcile::{self as reconcile, last_known};
use crate::time;
use domain::dossier::api::{DossierReceipt, DossierStatus, PaymentStatusKind, PaymentView};
use domain::dossier::FeeItem;
use domain::fee::format_vnd;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::Store;

/// What the stored dossier adds to the payment: what was paid for.
#[derive(Debug, Clone, PartialEq, Default)]
struct Dossier {
    procedure: Option<String>,
    agency: Option<String>,
    fees: Vec<FeeItem>,
}

#[derive(Debug, Clone, PartialEq)]
enum Page {
    Loading,
    Ready { view: PaymentView, dossier: Dossier, offline_copy: bool },
    /// The server says the payment is not (or not yet) completed.
    NotPaid(PaymentView),
    NotFound,
    Unreachable,
}

#[component]
pub fn PaymentReceipt(code: String, txn_ref: String) -> impl IntoView {
    let lang = use_lang();
    let page = RwSignal::new(Page::Loading);
    Effect::new(move |_| lang.set_title(lang.t().pay_receipt_title));
    {
        let (code, txn_ref) = (code.clone(), txn_ref.clone());
        spawn_local(async move {
            let _ = page.try_set(load(&code, &txn_ref).await);
        });
    }
    let back = format!("/ho-so/{code}");
    let body = move || {
        let t = lang.t();
        match page.get() {
            Page::Loading => view! { <p class="hint" role="status">{t.pay_receipt_loading}</p> }.into_any(),
            Page::NotFound => view! { <p class="notice notice-warning" id="receipt-missing">{t.pay_receipt_not_found}</p> }.into_any(),
            Page::Unreachable => view! { <p class="notice notice-warning" id="receipt-missing">{t.pay_receipt_unavailable}</p> }.into_any(),
            Page::NotPaid(v) => view! {
                <div class="notice notice-warning" id="receipt-missing" data-state=v.status.as_str()>
                    <p>{t.pay_receipt_not_paid}</p>
                </div>
            }
            .into_any(),
            Page::Ready { view, dossier, offline_copy } => receipt(lang, view, dossier, offline_copy).into_any(),
        }
    };
    view! {
        <div class="container page receipt-page">
            <p class="no-print"><a class="back-link" href=back.clone()>{move || lang.t().pay_back_to_dossier}</a></p>
            {body}
        </div>
    }
}

fn receipt(lang: Lang, v: PaymentView, d: Dossier, offline_copy: bool) -> impl IntoView {
    let t = lang.t();
    let total = v.amount_vnd;
    // The lines as filed; if they do not add up to what was verifiably paid (the fees
    // changed since), the paid amount alone is printed: the receipt states what was paid.
    let lines = (!d.fees.is_empty() && d.fees.iter().map(|f| f.amount_vnd).sum::<i64>() == total).then_some(d.fees);
    let row = |label: &'static str, value: String, id: &'static str| {
        // The procedure's and agency's names are the catalogue's Vietnamese (WCAG 3.1.2).
        let official = matches!(id, "receipt-procedure" | "receipt-agency").then_some("vi");
        view! { <div class="summary-row"><dt>{label}</dt><dd id=id lang=official>{value}</dd></div> }
    };
    let method = v.method.as_deref().map(|m| method_name(lang, m)).unwrap_or_else(|| "—".to_owned());
    let paid_at = v.paid_at.as_deref().map(time::rfc3339).unwrap_or_else(|| "—".to_owned());
    let dash = |s: Option<String>| s.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".to_owned());
    view! {
        {offline_copy.then(|| view! { <p class="notice notice-warning no-print">{t.pay_receipt_offline_copy}</p> })}
        <article class="receipt" id="receipt" aria-labelledby="receipt-title">
            <header class="receipt-head">
                <p class="receipt-issuer">{t.pay_receipt_issuer}</p>
                <h1 class="heading-l" id="receipt-title">{t.pay_receipt_title}</h1>
                <p class="hint">{t.pay_receipt_intro}</p>
            </header>
            <dl class="summary-list">
                {row(t.pay_receipt_number, v.txn_ref.clone(), "receipt-txn-ref")}
                {row(t.pay_receipt_dossier_code, v.dossier_code.clone(), "receipt-dossier")}
                {row(t.pay_receipt_procedure, dash(d.procedure), "receipt-procedure")}
                {d.agency.map(|a| row(t.pay_receipt_agency, a, "receipt-agency"))}
                {row(t.pay_receipt_paid_at, paid_at, "receipt-paid-at")}
                {row(t.pay_receipt_method, method, "receipt-method")}
                {row(t.pay_receipt_bank, dash(v.bank_code.clone()), "receipt-bank")}
                {row(t.pay_receipt_gateway_no, dash(v.gateway_txn_no.clone()), "receipt-gateway-no")}
                {row(t.pay_receipt_amount, format_vnd(total), "receipt-amount")}
            </dl>
            {lines.map(|items| view! { <FeeLines items total_vnd=total/> })}
            <p class="receipt-status"><strong>{t.pay_paid}</strong></p>
        </article>
        <p class="actions no-print">
            <button type="button" class="button" id="print-receipt" on:click=move |_| {
                if let Some(w) = web_sys::window() {
                    // Printing may be unavailable (some in-app browsers): nothing to undo.
                    let _ = w.print();
                }
            }>{t.pay_receipt_print}</button>
        </p>
    }
}

/// The payer's words for the gateway's method codes (VNPay's `vnp_CardType`/method values).
fn method_name(lang: Lang, code: &str) -> String {
    let (vi, en) = match code {
        "ATM" => ("Thẻ ATM nội địa", "Domestic ATM card"),
        "INTCARD" => ("Thẻ quốc tế", "International card"),
        "VNPAYQR" => ("QR ngân hàng", "Bank QR code"),
        "VNPAYEWALLET" => ("Ví điện tử", "E-wallet"),
        other => return other.to_owned(),
    };
    lang.pick(vi, en).to_owned()
}

async fn load(code: &str, txn_ref: &str) -> Page {
    let store = Store::open().await.ok();
    let (view, offline_copy) = match reconcile::check(txn_ref).await {
        Ok(v) => (v, false),
        Err(PaymentApiError::Rejected { status: 404, .. }) => return Page::NotFound,
        Err(e) if e.is_transient() => {
            // The last verified answer kept on this device: still the server's word.
            let kept = match &store {
                Some(s) => s.payment(txn_ref).await.ok().flatten().as_ref().and_then(last_known),
                None => None,
            };
            match kept {
                Some(v) => (v, true),
                None => return Page::Unreachable,
            }
        }
        Err(_) => return Page::Unreachable,
    };
    // A receipt of another dossier's payment under this dossier's address is not shown.
    if view.dossier_code != code {
        return Page::NotFound;
    }
    if view.status != PaymentStatusKind::Paid {
        return Page::NotPaid(view);
    }
    let dossier = match &store {
        Some(s) => s.dossier(code).await.ok().flatten().map(|r| stored_dossier(r.status.as_deref(), &r.receipt)),
        None => None,
    };
    Page::Ready { view, dossier: dossier.unwrap_or_default(), offline_copy }
}

/// The procedure, agency and fee lines from the last status seen, or else the receipt
/// given at filing.
fn stored_dossier(status: Option<&str>, receipt: &str) -> Dossier {
    if let Some(s) = status.and_then(|s| serde_json::from_str::<DossierStatus>(s).ok()) {
        return Dossier { procedure: Some(s.procedure_name), agency: s.agency, fees: s.fees };
    }
    match serde_json::from_str::<DossierReceipt>(receipt) {
        Ok(r) => Dossier { procedure: Some(r.procedure_name), agency: r.agency, fees: r.fees },
        Err(_) => Dossier::default(),
    }
}
