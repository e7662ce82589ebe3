//! Offline copies of API responses (form schemas, admin units, registry look-ups), keyed
//! by API path.

use super::{number_field, set_field, string_field, Store, StoreError, RESPONSE_STORE};
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq)]
pub struct CachedResponse {
    /// The response body, as sent.
    pub body: String,
    pub fetched_ms: f64,
}

impl Store {
    pub async fn put_response(&self, path: &str, body: &str, fetched_ms: f64) -> Result<(), StoreError> {
        let o = js_sys::Object::new();
        set_field(&o, "body", &JsValue::from_str(body));
        set_field(&o, "fetched_ms", &JsValue::from_f64(fetched_ms));
        self.put(RESPONSE_STORE, path, &o.into()).await
    }

    /// The copy for this path; `None` when there is none or it is unreadable.
    pub async fn response(&self, path: &str) -> Result<Option<CachedResponse>, StoreError> {
        Ok(self.get(RESPONSE_STORE, path).await?.and_then(|v| {
            Some(CachedResponse { body: string_field(&v, "body")?, fetched_ms: number_field(&v, "fetched_ms")? })
        }))
    }

    pub async fn delete_response(&self, path: &str) -> Result<(), StoreError> {
        self.delete(RESPONSE_STORE, path).await
    }
}
