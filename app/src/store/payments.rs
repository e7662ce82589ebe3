//! Fee payments started from this device, keyed by transaction reference. Written before
//! the person is sent to the gateway, so a closed tab or a lost connection on the way back
//! still leaves something to reconcile with the server on the next start.

use super::{field, number_field, set_field, string_field, Store, StoreError, PAYMENT_STORE};
use js_sys::Object;
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq)]
pub struct PaymentRecord {
    pub txn_ref: String,
    pub dossier_code: String,
    pub created_ms: f64,
    /// JSON text of the last `domain::dossier::api::PaymentView` seen, if any.
    pub status: Option<String>,
}

impl PaymentRecord {
    fn to_js(&self) -> JsValue {
        let o = Object::new();
        set_field(&o, "txn_ref", &JsValue::from_str(&self.txn_ref));
        set_field(&o, "dossier_code", &JsValue::from_str(&self.dossier_code));
        set_field(&o, "created_ms", &JsValue::from_f64(self.created_ms));
        if let Some(s) = &self.status {
            set_field(&o, "status", &JsValue::from_str(s));
        }
        o.into()
    }

    fn from_js(key: &JsValue, v: &JsValue) -> Option<PaymentRecord> {
        let r = PaymentRecord {
            txn_ref: string_field(v, "txn_ref")?,
            dossier_code: string_field(v, "dossier_code")?,
            created_ms: number_field(v, "created_ms")?,
            status: field(v, "status").and_then(|s| s.as_string()),
        };
        (key.as_string()? == r.txn_ref).then_some(r)
    }
}

impl Store {
    pub async fn put_payment(&self, p: &PaymentRecord) -> Result<(), StoreError> {
        self.put(PAYMENT_STORE, &p.txn_ref, &p.to_js()).await
    }

    /// The payment with this reference; `Err(Corrupt)` when its record cannot be read.
    pub async fn payment(&self, txn_ref: &str) -> Result<Option<PaymentRecord>, StoreError> {
        let Some(v) = self.get(PAYMENT_STORE, txn_ref).await? else { return Ok(None) };
        PaymentRecord::from_js(&JsValue::from_str(txn_ref), &v).map(Some).ok_or(StoreError::Corrupt)
    }

    /// Every readable payment, oldest first.
    pub async fn payments(&self) -> Result<Vec<PaymentRecord>, StoreError> {
        let mut list: Vec<PaymentRecord> =
            self.all(PAYMENT_STORE).await?.iter().filter_map(|(k, v)| PaymentRecord::from_js(k, v)).collect();
        list.sort_by(|a, b| a.created_ms.total_cmp(&b.created_ms));
        Ok(list)
    }

    pub async fn delete_payment(&self, txn_ref: &str) -> Result<(), StoreError> {
        self.delete(PAYMENT_STORE, txn_ref).await
    }
}
