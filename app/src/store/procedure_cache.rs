//! Procedures the user has opened, keyed by code, so they open again offline.

use super::{number_field, set_field, string_field, Store, StoreError, PROCEDURE_STORE};
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq)]
pub struct CachedProcedure {
    pub fetched_at: f64,
    /// The API's JSON for the procedure, as sent.
    pub body: String,
}

impl Store {
    pub async fn load_procedure(&self, code: &str) -> Result<Option<CachedProcedure>, StoreError> {
        Ok(self.get(PROCEDURE_STORE, code).await?.and_then(|v| {
            Some(CachedProcedure {
                fetched_at: number_field(&v, "fetched_at")?,
                body: string_field(&v, "body")?,
            })
        }))
    }

    pub async fn save_procedure(&self, code: &str, p: &CachedProcedure) -> Result<(), StoreError> {
        let o = js_sys::Object::new();
        set_field(&o, "fetched_at", &JsValue::from_f64(p.fetched_at));
        set_field(&o, "body", &JsValue::from_str(&p.body));
        self.put(PROCEDURE_STORE, code, &o.into()).await
    }

    pub async fn forget_procedure(&self, code: &str) -> Result<(), StoreError> {
        self.delete(PROCEDURE_STORE, code).await
    }
}
