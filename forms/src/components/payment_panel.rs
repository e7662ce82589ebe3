//! Fees and online payment on a dossier's status page: the fees line by line, where the
//! payment stands, and "Thanh toán trực tuyến" (or "Thanh toán lại" after a failed,
//! cancelled or expired attempt). A paid dossier shows "Đã thanh toán" and its receipt,
//! and no pay button: it cannot be paid twice.
//!
//! Where the payment stands comes from the server's verified answers only — the dossier's
//! own status and `GET /api/v1/payments/{txn_ref}` — kept on this device by
//! [`crate::payment_reconcile`], so it reads the same offline.

use crate::components::fee_lines::FeeLines;
use crate::i18n::{use_lang, Lang, Strings};
use crate::payment_api::{self, PaymentApiError};
use crate::payment_reconcile::{self as reconcile, last_known, unsettled, CHANGED_EVENT};
use crate::time;
use domain::dossier::api::{DossierPayment, DossierPaymentStatus, DossierStatus, PaymentStatusKind, PaymentView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::{PaymentRecord, Store};

/// Where the payment of a dossier stands, as shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    NotRequired,
    Unpaid,
    /// Sent to the gateway; no verified outcome yet.
    Pending,
    Paid { txn_ref: Option<String>, paid_at: Option<String> },
    /// The last attempt failed, was cancelled or expired: it may be tried again.
    Retry(PaymentView),
}

/// Combines the dossier's last-known payment with this device's payment records (each
/// holding the server's last answer about it). A verified payment anywhere wins; else the
/// newest attempt says where things stand.
pub fn standing(payment: &DossierPayment, fee_total_vnd: i64, records: &[PaymentRecord]) -> Standing {
    if payment.status == DossierPaymentStatus::NotRequired || fee_total_vnd <= 0 {
        return Standing::NotRequired;
    }
    if payment.status == DossierPaymentStatus::Paid {
        return Standing::Paid { txn_ref: payment.txn_ref.clone(), paid_at: payment.paid_at.clone() };
    }
    let views: Vec<PaymentView> = records.iter().filter_map(last_known).collect();
    if let Some(v) = views.iter().find(|v| v.status == PaymentStatusKind::Paid) {
        return Standing::Paid { txn_ref: Some(v.txn_ref.clone()), paid_at: v.paid_at.clone() };
    }
    // Started here and never answered about: pending until the server says otherwise.
    if records.iter().any(|r| r.status.is_none()) {
        return Standing::Pending;
    }
    // Timestamps are RFC 3339 in one offset, so they sort as text.
    let newest = views.into_iter().max_by(|a, b| a.created_at.cmp(&b.created_at));
    match newest {
        // The server knows of a newer attempt than any seen here (another device).
        Some(v) if payment.status == DossierPaymentStatus::Pending && payment.txn_ref.as_deref() != Some(&v.txn_ref) => {
            Standing::Pending
        }
        Some(v) if v.status == PaymentStatusKind::Pending => Standing::Pending,
        Some(v) => Standing::Retry(v),
        None if payment.status == DossierPaymentStatus::Pending => Standing::Pending,
        None => Standing::Unpaid,
    }
}

/// The heading for a settled attempt that did not pay.
pub fn outcome_title(t: &'static Strings, kind: PaymentStatusKind) -> &'static str {
    match kind {
        PaymentStatusKind::Paid => t.pay_paid,
        PaymentStatusKind::Pending => t.pay_pending,
        PaymentStatusKind::Failed => t.pay_failed,
        PaymentStatusKind::Cancelled => t.pay_cancelled,
        PaymentStatusKind::Expired => t.pay_expired,
    }
}

pub fn receipt_href(code: &str, txn_ref: &str) -> String {
    format!("/ho-so/{code}/bien-lai/{txn_ref}")
}

#[derive(Debug, Clone, PartialEq)]
enum Busy {
    Idle,
    Starting,
    Checking,
    Failed(PaymentApiError),
}

#[component]
pub fn PaymentPanel(code: String, access_key: String, status: DossierStatus) -> impl IntoView {
    let lang = use_lang();
    let records = RwSignal::new(Vec::<PaymentRecord>::new());
    let busy = RwSignal::new(Busy::Idle);
    let payment = status.payment.clone();
    let fee_total = status.fee_total_vnd;

    let reload = {
        let code = code.clone();
        move || {
            let code = code.clone();
            spawn_local(async move {
                let Ok(store) = Store::open().await else { return };
                let mine: Vec<PaymentRecord> =
                    store.payments().await.unwrap_or_default().into_iter().filter(|r| r.dossier_code == code).collect();
                let _ = records.try_set(mine);
            });
        }
    };
    // Asks the server about every attempt not settled yet, and the one the dossier itself
    // is waiting on; each answer is stored and announced, which reloads the records.
    let check_all = {
        let (code, payment) = (code.clone(), payment.clone());
        move || {
            let (code, payment) = (code.clone(), payment.clone());
            spawn_local(async move {
                let mine: Vec<PaymentRecord> = match Store::open().await {
                    Ok(store) => {
                        store.payments().await.unwrap_or_default().into_iter().filter(|r| r.dossier_code == code).collect()
                    }
                    Err(_) => Vec::new(),
                };
                let mut refs: Vec<String> = mine.iter().filter(|r| unsettled(r)).map(|r| r.txn_ref.clone()).collect();
                // The dossier's latest attempt, if this device has not seen it (made on
                // another device): pending, or settled unpaid with a reason to show.
                let latest = payment.txn_ref.filter(|r| !mine.iter().any(|m| &m.txn_ref == r));
                let open = matches!(payment.status, DossierPaymentStatus::Pending | DossierPaymentStatus::Unpaid);
                refs.extend(latest.filter(|_| open));
                for r in refs {
                    if let Err(e) = reconcile::check(&r).await {
                        if e.is_transient() {
                            let _ = busy.try_update(|b| {
                                if *b == Busy::Checking {
                                    *b = Busy::Failed(e);
                                }
                            });
                            return;
                        }
                    }
                }
                let _ = busy.try_update(|b| {
                    if *b == Busy::Checking {
                        *b = Busy::Idle;
                    }
                });
            });
        }
    };
    reload();
    check_all();
    let changed = window_event_listener_untyped(CHANGED_EVENT, {
        let reload = reload.clone();
        move |_| reload()
    });
    on_cleanup(move || changed.remove());

    let shown = Memo::new(move |_| records.with(|r| standing(&payment, fee_total, r)));

    let pay = {
        let (code, key) = (code.clone(), access_key.clone());
        move || {
            busy.set(Busy::Starting);
            let (code, key) = (code.clone(), key.clone());
            spawn_local(async move {
                match payment_api::start(&code, &key).await {
                    Ok(created) if is_gateway_url(&created.redirect_url) => {
                        // On the device before leaving, so a tab closed on the gateway page
                        // or a return that never comes is still reconciled on next start.
                        // Without storage (a private window) the return URL still names
                        // the payment, and the server keeps it either way.
                        let _ = reconcile::record_started(&created.txn_ref, &code).await;
                        let gone = web_sys::window().map(|w| w.location().assign(&created.redirect_url));
                        if gone.is_none_or(|r| r.is_err()) {
                            let _ = busy.try_set(Busy::Failed(PaymentApiError::Decode));
                        }
                    }
                    Ok(_) => {
                        let _ = busy.try_set(Busy::Failed(PaymentApiError::Decode));
                    }
                    Err(e) => {
                        // 409: already paid (perhaps from another device) or nothing due:
                        // the server's words say which, and a fresh check shows it.
                        let _ = busy.try_set(Busy::Failed(e));
                    }
                }
            });
        }
    };

    let fees = (fee_total > 0).then(|| view! { <FeeLines items=status.fees.clone() total_vnd=fee_total/> });
    let body = {
        let code = code.clone();
        move || {
            let t = lang.t();
            match shown.get() {
                Standing::NotRequired => view! { <p id="payment-state">{t.pay_no_fee}</p> }.into_any(),
                Standing::Paid { txn_ref, paid_at } => {
                    let when = paid_at.map(|at| (t.pay_paid_at)(&time::rfc3339(&at)));
                    let link = txn_ref.map(|r| {
                        view! { <p><a class="button button-secondary" id="receipt-link" href=receipt_href(&code, &r)>{t.pay_view_receipt}</a></p> }
                    });
                    view! {
                        <div class="notice notice-success" id="payment-state" data-state="paid">
                            <p><strong>{t.pay_paid}</strong></p>
                            {when.map(|w| view! { <p>{w}</p> })}
                        </div>
                        {link}
                    }
                    .into_any()
                }
                Standing::Unpaid => view! {
                    <p id="payment-state" data-state="unpaid">{t.pay_unpaid}</p>
                    <PayButton busy label=t.pay_button pay=pay.clone() primary=true/>
                }
                .into_any(),
                Standing::Pending => view! {
                    <div class="notice notice-warning" id="payment-state" data-state="pending">
                        <p><strong>{t.pay_pending}</strong></p>
                        <p>{t.pay_pending_body}</p>
                    </div>
                    <p class="actions">
                        <button type="button" class="button" id="payment-check"
                            disabled=move || busy.with(|b| matches!(b, Busy::Starting | Busy::Checking))
                            on:click={
                                let check_all = check_all.clone();
                                move |_| {
                                    busy.set(Busy::Checking);
                                    check_all();
                                }
                            }>
                            {move || if busy.with(|b| *b == Busy::Checking) { lang.t().pay_checking } else { lang.t().pay_check_again }}
                        </button>
                    </p>
                    <PayButton busy label=t.pay_again pay=pay.clone() primary=false/>
                }
                .into_any(),
                Standing::Retry(v) => {
                    let reason = lang.pick(&v.message_vi, &v.message_en).to_owned();
                    view! {
                        <div class="notice notice-error" id="payment-state" data-state=v.status.as_str()>
                            <p><strong>{outcome_title(t, v.status)}</strong></p>
                            {(!reason.is_empty()).then(|| view! { <p>{reason}</p> })}
                            <p class="hint">{(t.pay_ref)(&v.txn_ref)}</p>
                        </div>
                        <PayButton busy label=t.pay_again pay=pay.clone() primary=true/>
                    }
                    .into_any()
                }
            }
        }
    };
    let problem = move || match busy.get() {
        Busy::Failed(e) => Some(view! { <p class="notice notice-error" role="alert" id="payment-error">{failure_text(lang, &e)}</p> }),
        _ => None,
    };
    view! {
        <section class="payment-panel" id="payment" aria-labelledby="payment-title">
            <h2 class="heading-m" id="payment-title">{move || lang.t().pay_fees_title}</h2>
            {fees}
            <div aria-live="polite">{body}</div>
            {problem}
        </section>
    }
}

#[component]
fn PayButton(
    busy: RwSignal<Busy>,
    label: &'static str,
    pay: impl Fn() + Clone + 'static,
    primary: bool,
) -> impl IntoView {
    let lang = use_lang();
    let class = if primary { "button" } else { "button button-secondary" };
    view! {
        <p class="actions">
            <button type="button" class=class id="pay-button"
                disabled=move || busy.with(|b| matches!(b, Busy::Starting | Busy::Checking))
                on:click=move |_| pay()>
                {move || if busy.with(|b| *b == Busy::Starting) { lang.t().pay_redirecting } else { label }}
            </button>
        </p>
    }
}

/// What went wrong starting or checking a payment, in the person's language.
pub fn failure_text(lang: Lang, e: &PaymentApiError) -> String {
    let t = lang.t();
    match e {
        PaymentApiError::Offline => t.pay_offline.to_owned(),
        PaymentApiError::Timeout => t.pay_timeout.to_owned(),
        PaymentApiError::Server(_) | PaymentApiError::Decode => t.pay_server_error.to_owned(),
        PaymentApiError::Rejected { error, .. } => lang.pick(&error.error.message_vi, &error.error.message_en).to_owned(),
    }
}

/// Only a web address goes to `location.assign`: a `javascript:` URL from a broken or
/// hostile answer must not run in the portal's origin.
fn is_gateway_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://") || (url.starts_with('/') && !url.starts_with("//"))
}

#[cfg(test)]
mod tests {
    use super::{is_gateway_url, standing, Standing};
    use domain::dossier::api::{DossierPayment, DossierPaymentStatus, PaymentStatusKind};
    use portal_app::store::PaymentRecord;

    fn payment(status: DossierPaymentStatus, txn_ref: Option<&str>) -> DossierPayment {
        DossierPayment { status, amount_vnd: 150_000, txn_ref: txn_ref.map(Into::into), paid_at: None }
    }

    fn record(txn_ref: &str, status: Option<PaymentStatusKind>, created_at: &str) -> PaymentRecord {
        let view = status.map(|s| {
            format!(
                r#"{{"txn_ref":"{txn_ref}","dossier_code":"X","amount_vnd":150000,"status":"{}","created_at":"{created_at}","message_vi":"","message_en":""}}"#,
                s.as_str()
            )
        });
        PaymentRecord { txn_ref: txn_ref.into(), dossier_code: "X".into(), created_ms: 0.0, status: view }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn standings() {
        let unpaid = payment(DossierPaymentStatus::Unpaid, None);
        assert_eq!(standing(&unpaid, 150_000, &[]), Standing::Unpaid);
        assert_eq!(standing(&payment(DossierPaymentStatus::NotRequired, None), 0, &[]), Standing::NotRequired);
        // Started here, not yet answered about.
        assert_eq!(standing(&unpaid, 150_000, &[record("A", None, "")]), Standing::Pending);
        let cancelled = record("A", Some(PaymentStatusKind::Cancelled), "2025-11-22T10:00:00+07:00");
        assert!(matches!(standing(&unpaid, 150_000, std::slice::from_ref(&cancelled)), Standing::Retry(v) if v.txn_ref == "A"));
        // The retry that followed it paid.
        let paid = record("B", Some(PaymentStatusKind::Paid), "2025-11-22T10:05:00+07:00");
        assert!(matches!(standing(&unpaid, 150_000, &[cancelled.clone(), paid]), Standing::Paid { txn_ref: Some(r), .. } if r == "B"));
        // The server waits on an attempt this device has not seen.
        let elsewhere = payment(DossierPaymentStatus::Pending, Some("C"));
        assert_eq!(standing(&elsewhere, 150_000, &[cancelled]), Standing::Pending);
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn only_web_addresses_are_followed() {
        assert!(is_gateway_url("http://127.0.0.1:8080/sandbox/gateway/pay?vnp_Amount=1"));
        assert!(is_gateway_url("/sandbox/gateway/pay?x"));
        assert!(!is_gateway_url("javascript:alert(1)"));
        assert!(!is_gateway_url("//evil.example/"));
    }
}
