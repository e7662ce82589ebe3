//! The device's copy of a filed dossier and its refresh from the server, for the status
//! page and "Hồ sơ của tôi": the copy is shown first (so both work offline), then
//! replaced by the server's answer when there is one.

use crate::dossier_api::{self, DossierApiError};
use domain::dossier::api::{DossierPayment, DossierPaymentStatus, DossierReceipt, DossierStatus};
use domain::dossier::TimelineEntry;
use domain::form::Answers;
use portal_app::store::{DossierRecord, Store};

/// A dossier as last seen on this device.
#[derive(Debug, Clone, PartialEq)]
pub struct Tracked {
    pub record: DossierRecord,
    pub status: DossierStatus,
    /// False while only the receipt is known (just filed, never refreshed): the payment
    /// and the file list are then the receipt's guess, not the server's word.
    pub from_server: bool,
}

impl Tracked {
    /// The record's last status, or its receipt read as a status; `None` if neither can
    /// be read.
    pub fn from_record(record: DossierRecord) -> Option<Tracked> {
        if let Some(status) = record.status.as_deref().and_then(|s| serde_json::from_str::<DossierStatus>(s).ok()) {
            return Some(Tracked { record, status, from_server: true });
        }
        let receipt: DossierReceipt = serde_json::from_str(&record.receipt).ok()?;
        Some(Tracked { status: from_receipt(receipt), record, from_server: false })
    }
}

/// What the receipt says, as a status: received, nothing paid yet.
fn from_receipt(r: DossierReceipt) -> DossierStatus {
    let payment = DossierPayment {
        status: if r.fee_total_vnd > 0 { DossierPaymentStatus::Unpaid } else { DossierPaymentStatus::NotRequired },
        amount_vnd: r.fee_total_vnd,
        txn_ref: None,
        paid_at: None,
    };
    DossierStatus {
        timeline: vec![TimelineEntry::entered(&r.state, r.submitted_at.clone())],
        code: r.code,
        procedure_code: r.procedure_code,
        procedure_name: r.procedure_name,
        agency: r.agency,
        updated_at: r.submitted_at.clone(),
        submitted_at: r.submitted_at,
        received_on: r.received_on,
        due_on: r.due_on,
        processing_time: r.processing_time,
        fees: r.fees,
        fee_total_vnd: r.fee_total_vnd,
        state: r.state,
        overdue: false,
        payment,
        result_available: false,
        files: Vec::new(),
        answers: Answers::new(),
        access_key: None,
    }
}

/// The device's copy; `Ok(None)` when this device has none.
pub async fn local(code: &str) -> Result<Option<Tracked>, ()> {
    let store = Store::open().await.map_err(|_| ())?;
    match store.dossier(code).await {
        Ok(Some(r)) => Ok(Tracked::from_record(r)),
        Ok(None) => Ok(None),
        Err(_) => Err(()),
    }
}

/// Every dossier on this device, newest filing first.
pub async fn all_local() -> Vec<Tracked> {
    let Ok(store) = Store::open().await else { return Vec::new() };
    let mut list: Vec<Tracked> = store.dossiers().await.unwrap_or_default().into_iter().filter_map(Tracked::from_record).collect();
    list.sort_by(|a, b| b.status.submitted_at.cmp(&a.status.submitted_at));
    list
}

/// Asks the server for the status and keeps it on the device.
pub async fn refresh(t: &Tracked) -> Result<Tracked, DossierApiError> {
    let (status, raw) = dossier_api::status(&t.record.code, &t.record.access_key).await?;
    let record = DossierRecord { status: Some(raw), refreshed_ms: js_sys::Date::now(), ..t.record.clone() };
    if let Ok(store) = Store::open().await {
        // Not kept: the page still shows the fresh status, the next visit asks again.
        let _ = store.put_dossier(&record).await;
    }
    Ok(Tracked { record, status, from_server: true })
}

/// Keeps a dossier found with the phone look-up (its answer carries the access key), so
/// it is listed under "Hồ sơ của tôi" from then on.
pub async fn keep_looked_up(status_json: &str) -> Option<Tracked> {
    let status: DossierStatus = serde_json::from_str(status_json).ok()?;
    let access_key = status.access_key.clone()?;
    let store = Store::open().await.ok()?;
    let existing = store.dossier(&status.code).await.ok().flatten();
    // The receipt part of a status: what a receipt would have said, for the record.
    let receipt = existing.as_ref().map(|r| r.receipt.clone()).unwrap_or_else(|| status_json.to_owned());
    let record = DossierRecord {
        code: status.code.clone(),
        access_key,
        receipt,
        status: Some(status_json.to_owned()),
        refreshed_ms: js_sys::Date::now(),
        schema_version: existing.as_ref().map(|r| r.schema_version).unwrap_or(0),
        draft_id: existing.and_then(|r| r.draft_id),
    };
    store.put_dossier(&record).await.ok()?;
    Some(Tracked { record, status, from_server: true })
}

/// `2026-11-23` → `23/11/2026`; anything else as it is.
pub fn iso_day(s: &str) -> String {
    domain::date::Date::parse_iso(s).map(|d| d.to_dmy()).unwrap_or_else(|_| s.to_owned())
}
