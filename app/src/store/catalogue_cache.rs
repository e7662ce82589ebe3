//! The catalogue index and its ETag, under the single key "index".

use super::{number_field, set_field, string_field, Store, StoreError, CATALOGUE_STORE};
use wasm_bindgen::JsValue;

const KEY: &str = "index";

/// The last catalogue body the server sent, exactly as sent, with its validator.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedCatalogue {
    pub etag: String,
    pub fetched_at: f64,
    pub body: String,
}

impl CachedCatalogue {
    fn to_js(&self) -> JsValue {
        let o = js_sys::Object::new();
        set_field(&o, "etag", &JsValue::from_str(&self.etag));
        set_field(&o, "fetched_at", &JsValue::from_f64(self.fetched_at));
        set_field(&o, "body", &JsValue::from_str(&self.body));
        o.into()
    }

    fn from_js(v: &JsValue) -> Option<CachedCatalogue> {
        Some(CachedCatalogue {
            etag: string_field(v, "etag")?,
            fetched_at: number_field(v, "fetched_at")?,
            body: string_field(v, "body")?,
        })
    }
}

impl Store {
    /// The cached catalogue; `None` when there is none or the record is unreadable.
    pub async fn load_catalogue(&self) -> Result<Option<CachedCatalogue>, StoreError> {
        Ok(self.get(CATALOGUE_STORE, KEY).await?.and_then(|v| CachedCatalogue::from_js(&v)))
    }

    pub async fn save_catalogue(&self, c: &CachedCatalogue) -> Result<(), StoreError> {
        self.put(CATALOGUE_STORE, KEY, &c.to_js()).await
    }

    pub async fn forget_catalogue(&self) -> Result<(), StoreError> {
        self.delete(CATALOGUE_STORE, KEY).await
    }
}
