//! Keeps the payments started on this device in step with the server, so a closed tab, a
//! phone that died on the gateway page or a dropped connection on the way back never
//! leaves the person unsure whether they paid.
//!
//! Every payment is written to IndexedDB before the person is sent to the gateway
//! (`components/payment_panel.rs`). When the forms module starts and whenever the browser
//! comes back online, each one not yet settled is asked about again
//! (`GET /api/v1/payments/{txn_ref}`, the server's verified state); the answer is stored on
//! the payment record and on its dossier's last-known status, so the status page and
//! "Hồ sơ của tôi" show it, offline too. Pages showing payments listen for
//! [`CHANGED_EVENT`] to re-read the records.

use crate::payment_api::{self, PaymentApiError};
use domain::dossier::api::{DossierPaymentStatus, DossierStatus, PaymentStatusKind, PaymentView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::{PaymentRecord, Store};
use std::cell::Cell;

/// Fired on `window` after a payment record changed.
pub const CHANGED_EVENT: &str = "portal:payments";

thread_local! {
    /// One sweep at a time: the `online` event and a start can come together.
    static SWEEPING: Cell<bool> = const { Cell::new(false) };
}

/// The server's last answer kept on the record, if it has one and it can be read.
pub fn last_known(record: &PaymentRecord) -> Option<PaymentView> {
    serde_json::from_str(record.status.as_deref()?).ok()
}

/// Not settled yet as far as this device knows: never checked, or pending when last asked.
pub fn unsettled(record: &PaymentRecord) -> bool {
    last_known(record).is_none_or(|v| !v.status.is_final())
}

/// Asks the server about one payment and keeps what it says. A reference the server does
/// not know (404) is dropped from the device: it can never settle.
pub async fn check(txn_ref: &str) -> Result<PaymentView, PaymentApiError> {
    let answer = payment_api::status(txn_ref).await;
    // Keeping the answer is a convenience for offline reading: a storage failure must not
    // hide the server's answer from the page asking.
    if let Ok(store) = Store::open().await {
        match &answer {
            Ok(view) => {
                let _ = remember(&store, view).await;
            }
            Err(PaymentApiError::Rejected { status: 404, .. }) => {
                let _ = store.delete_payment(txn_ref).await;
            }
            Err(_) => return answer,
        }
        announce();
    }
    answer
}

/// Records a payment just created, before leaving for the gateway.
pub async fn record_started(txn_ref: &str, dossier_code: &str) -> Result<(), portal_app::store::StoreError> {
    let store = Store::open().await?;
    let record = PaymentRecord {
        txn_ref: txn_ref.to_owned(),
        dossier_code: dossier_code.to_owned(),
        created_ms: js_sys::Date::now(),
        status: None,
    };
    store.put_payment(&record).await
}

/// Stores `view` on its payment record (creating one for a payment first seen here, e.g.
/// started on another tab whose record was lost) and on its dossier's last-known status.
async fn remember(store: &Store, view: &PaymentView) -> Result<(), portal_app::store::StoreError> {
    let existing = store.payment(&view.txn_ref).await.ok().flatten();
    let record = PaymentRecord {
        txn_ref: view.txn_ref.clone(),
        dossier_code: existing.as_ref().map_or_else(|| view.dossier_code.clone(), |r| r.dossier_code.clone()),
        created_ms: existing.as_ref().map_or_else(js_sys::Date::now, |r| r.created_ms),
        status: serde_json::to_string(view).ok(),
    };
    store.put_payment(&record).await?;
    let Some(mut dossier) = store.dossier(&view.dossier_code).await.ok().flatten() else { return Ok(()) };
    let Some(mut status) = dossier.status.as_deref().and_then(|s| serde_json::from_str::<DossierStatus>(s).ok())
    else {
        return Ok(());
    };
    if apply(&mut status, view) {
        if let Ok(text) = serde_json::to_string(&status) {
            dossier.status = Some(text);
            store.put_dossier(&dossier).await?;
        }
    }
    Ok(())
}

/// Folds a verified payment into a dossier's last-known status; true when it changed.
/// Only moves forward: a paid dossier stays paid whatever an older attempt says.
pub fn apply(status: &mut DossierStatus, view: &PaymentView) -> bool {
    let p = &mut status.payment;
    if p.status == DossierPaymentStatus::Paid || p.status == DossierPaymentStatus::NotRequired {
        return false;
    }
    let before = p.clone();
    match view.status {
        PaymentStatusKind::Paid => {
            p.status = DossierPaymentStatus::Paid;
            p.txn_ref = Some(view.txn_ref.clone());
            p.paid_at = view.paid_at.clone();
            p.amount_vnd = view.amount_vnd;
        }
        PaymentStatusKind::Pending => {
            p.status = DossierPaymentStatus::Pending;
            p.txn_ref = Some(view.txn_ref.clone());
        }
        // A settled failure of the attempt the dossier was waiting on: unpaid again.
        _ if p.txn_ref.as_deref() == Some(view.txn_ref.as_str()) || p.txn_ref.is_none() => {
            p.status = DossierPaymentStatus::Unpaid;
            p.txn_ref = Some(view.txn_ref.clone());
        }
        _ => {}
    }
    *p != before
}

/// Re-checks every unsettled payment on this device; stops at the first one that cannot
/// reach the server (the rest would fail the same way) and tries again on `online`.
pub async fn sweep() {
    if SWEEPING.with(|s| s.replace(true)) {
        return;
    }
    if let Ok(store) = Store::open().await {
        let pending: Vec<String> = store
            .payments()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(unsettled)
            .map(|r| r.txn_ref)
            .collect();
        drop(store);
        for txn_ref in pending {
            if let Err(e) = check(&txn_ref).await {
                if e.is_transient() {
                    break;
                }
            }
        }
    }
    SWEEPING.with(|s| s.set(false));
}

/// Sweeps now and on every `online` event while the calling view lives.
pub fn start() {
    spawn_local(sweep());
    let online = window_event_listener_untyped("online", move |_| spawn_local(sweep()));
    on_cleanup(move || online.remove());
}

/// Tells open pages that payment records changed.
pub fn announce() {
    let Some(window) = web_sys::window() else { return };
    if let Ok(ev) = web_sys::CustomEvent::new(CHANGED_EVENT) {
        let _ = window.dispatch_event(&ev);
    }
}

#[cfg(test)]
mod tests {
    use super::apply;
    use domain::dossier::api::{DossierPaymentStatus, DossierStatus, PaymentStatusKind, PaymentView};

    fn status(payment: &str) -> DossierStatus {
        let json = format!(
            r#"{{"code":"X","procedure_code":"1.001612","procedure_name":"P","submitted_at":"2025-11-22T10:00:00+07:00",
            "received_on":"2025-11-22","fee_total_vnd":150000,"state":{{"state":"received"}},"timeline":[],
            "overdue":false,"payment":{payment},"result_available":false,"answers":{{}},
            "updated_at":"2025-11-22T10:00:00+07:00"}}"#
        );
        serde_json::from_str(&json).expect("a valid status")
    }

    fn view(txn_ref: &str, status: PaymentStatusKind) -> PaymentView {
        PaymentView {
            txn_ref: txn_ref.into(),
            dossier_code: "X".into(),
            amount_vnd: 150_000,
            status,
            method: None,
            bank_code: None,
            gateway_txn_no: None,
            paid_at: (status == PaymentStatusKind::Paid).then(|| "2025-11-22T10:05:00+07:00".into()),
            created_at: "2025-11-22T10:01:00+07:00".into(),
            message_vi: String::new(),
            message_en: String::new(),
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_verified_payment_marks_the_dossier_paid() {
        let mut s = status(r#"{"status":"pending","amount_vnd":150000,"txn_ref":"A"}"#);
        assert!(apply(&mut s, &view("A", PaymentStatusKind::Paid)));
        assert_eq!(s.payment.status, DossierPaymentStatus::Paid);
        assert_eq!(s.payment.paid_at.as_deref(), Some("2025-11-22T10:05:00+07:00"));
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn paid_stays_paid_and_old_failures_do_not_count() {
        let mut paid = status(r#"{"status":"paid","amount_vnd":150000,"txn_ref":"B","paid_at":"x"}"#);
        assert!(!apply(&mut paid, &view("A", PaymentStatusKind::Cancelled)));
        let mut pending = status(r#"{"status":"pending","amount_vnd":150000,"txn_ref":"B"}"#);
        assert!(!apply(&mut pending, &view("A", PaymentStatusKind::Cancelled)));
        assert!(apply(&mut pending, &view("B", PaymentStatusKind::Expired)));
        assert_eq!(pending.payment.status, DossierPaymentStatus::Unpaid);
    }
}
