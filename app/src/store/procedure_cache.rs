//! Procedures the user has opened, keyed by code, so they open again offline.

use super::{atomically, failure, number_field, set_field, string_field, Store, StoreError, PROCEDURE_STORE};
use wasm_bindgen::JsValue;

fn record(fetched_at: f64, body: &JsValue) -> JsValue {
    let o = js_sys::Object::new();
    set_field(&o, "fetched_at", &JsValue::from_f64(fetched_at));
    set_field(&o, "body", body);
    o.into()
}

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
        self.put(PROCEDURE_STORE, code, &record(p.fetched_at, &JsValue::from_str(&p.body))).await
    }

    /// Saves many procedures in one transaction (a page of the offline catalogue), each
    /// as [`Store::save_procedure`] would: `bodies` pairs a code with the JSON text of its
    /// procedure, kept as a JS string so a page of them never passes through Rust.
    pub async fn save_procedures(&self, bodies: &[(String, JsValue)], fetched_at: f64) -> Result<(), StoreError> {
        let tx = self.write(PROCEDURE_STORE)?;
        atomically(&tx, async {
            let os = tx.object_store(PROCEDURE_STORE).map_err(|_| StoreError::Request)?;
            for (code, body) in bodies {
                os.put_with_key(&record(fetched_at, body), &JsValue::from_str(code)).map_err(|e| failure(&e))?;
            }
            Ok(())
        })
        .await
    }

    /// How many procedures are kept for offline reading.
    pub async fn count_procedures(&self) -> Result<u32, StoreError> {
        self.count(PROCEDURE_STORE).await
    }

    pub async fn forget_procedure(&self, code: &str) -> Result<(), StoreError> {
        self.delete(PROCEDURE_STORE, code).await
    }
}
