//! Dossiers filed from this device (or found with the phone look-up), keyed by dossier
//! code: the receipt as the server gave it, the access key that reads the status, and the
//! last status seen, so "Hồ sơ của tôi" and a bookmarked status page work offline.
//! The receipt and status are kept as the server's JSON text; the forms module reads them
//! with the domain types, the store does not parse them.

use super::{field, number_field, set_field, string_field, u32_field, Store, StoreError, DOSSIER_STORE};
use js_sys::Object;
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq)]
pub struct DossierRecord {
    pub code: String,
    /// Reads the status without the phone look-up; it never leaves this device otherwise.
    pub access_key: String,
    /// JSON text of `domain::dossier::api::DossierReceipt`.
    pub receipt: String,
    /// JSON text of the last `DossierStatus` seen, if any.
    pub status: Option<String>,
    /// When `status` (or, without one, the receipt) came from the server.
    pub refreshed_ms: f64,
    /// The form version the answers were filed with, for a supplement draft (0: unknown).
    pub schema_version: u32,
    /// The draft the dossier was filed from, if filed on this device.
    pub draft_id: Option<String>,
}

impl DossierRecord {
    fn to_js(&self) -> JsValue {
        let o = Object::new();
        for (name, text) in [("code", &self.code), ("access_key", &self.access_key), ("receipt", &self.receipt)] {
            set_field(&o, name, &JsValue::from_str(text));
        }
        for (name, text) in [("status", &self.status), ("draft_id", &self.draft_id)] {
            if let Some(t) = text {
                set_field(&o, name, &JsValue::from_str(t));
            }
        }
        set_field(&o, "refreshed_ms", &JsValue::from_f64(self.refreshed_ms));
        set_field(&o, "schema_version", &JsValue::from_f64(self.schema_version as f64));
        o.into()
    }

    fn from_js(key: &JsValue, v: &JsValue) -> Option<DossierRecord> {
        let r = DossierRecord {
            code: string_field(v, "code")?,
            access_key: string_field(v, "access_key")?,
            receipt: string_field(v, "receipt")?,
            status: field(v, "status").and_then(|s| s.as_string()),
            refreshed_ms: number_field(v, "refreshed_ms")?,
            schema_version: u32_field(v, "schema_version").unwrap_or(0),
            draft_id: field(v, "draft_id").and_then(|s| s.as_string()),
        };
        (key.as_string()? == r.code).then_some(r)
    }
}

impl Store {
    pub async fn put_dossier(&self, d: &DossierRecord) -> Result<(), StoreError> {
        self.put(DOSSIER_STORE, &d.code, &d.to_js()).await
    }

    /// The dossier with this code; `Err(Corrupt)` when its record cannot be read (it is
    /// left in place: the next refresh or look-up overwrites it).
    pub async fn dossier(&self, code: &str) -> Result<Option<DossierRecord>, StoreError> {
        let Some(v) = self.get(DOSSIER_STORE, code).await? else { return Ok(None) };
        DossierRecord::from_js(&JsValue::from_str(code), &v).map(Some).ok_or(StoreError::Corrupt)
    }

    /// Every readable dossier, in code order (codes start with the filing date).
    pub async fn dossiers(&self) -> Result<Vec<DossierRecord>, StoreError> {
        Ok(self.all(DOSSIER_STORE).await?.iter().filter_map(|(k, v)| DossierRecord::from_js(k, v)).collect())
    }

    pub async fn delete_dossier(&self, code: &str) -> Result<(), StoreError> {
        self.delete(DOSSIER_STORE, code).await
    }
}
