//! The whole store seen from the "Dữ liệu trên thiết bị" page: how much of each kind is
//! kept, which ids are taken, and adding drafts imported from another device. Only the
//! forms module calls these, so they stay out of the first-load bundle.

use super::{
    atomically, failure, result, AttachmentMeta, DraftRecord, Store, StoreError, ATTACHMENT_STORE, DOSSIER_STORE,
    DRAFT_STORE,
};
use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{Blob, IdbObjectStore};

impl Store {
    /// Every saved draft, readable or not (an unreadable one still holds its id).
    pub async fn count_drafts(&self) -> Result<u32, StoreError> {
        self.count(DRAFT_STORE).await
    }

    pub async fn count_attachments(&self) -> Result<u32, StoreError> {
        self.count(ATTACHMENT_STORE).await
    }

    /// Dossiers filed from (or looked up on) this device.
    pub async fn count_dossiers(&self) -> Result<u32, StoreError> {
        self.count(DOSSIER_STORE).await
    }

    /// The keys of every draft record, readable or not.
    pub async fn draft_ids(&self) -> Result<Vec<String>, StoreError> {
        self.keys(DRAFT_STORE).await
    }

    /// The keys of every attachment record.
    pub async fn attachment_ids(&self) -> Result<Vec<String>, StoreError> {
        self.keys(ATTACHMENT_STORE).await
    }

    async fn keys(&self, store: &str) -> Result<Vec<String>, StoreError> {
        let keys = result(self.read(store)?.get_all_keys().map_err(|e| failure(&e))?).await?;
        Ok(Array::from(&keys).iter().filter_map(|k| k.as_string()).collect())
    }

    /// Adds a draft from another device with its files, all or nothing, and only if
    /// neither the draft's id nor any file's id is taken: `Ok(false)` (nothing written)
    /// when one is. The check and the writes share one transaction, so another tab
    /// cannot slip a record in between.
    pub async fn add_imported_draft(&self, d: &DraftRecord, files: &[(AttachmentMeta, Blob)]) -> Result<bool, StoreError> {
        let tx = self.write_both(DRAFT_STORE, ATTACHMENT_STORE)?;
        atomically(&tx, async {
            let drafts = tx.object_store(DRAFT_STORE).map_err(|_| StoreError::Request)?;
            let attachments = tx.object_store(ATTACHMENT_STORE).map_err(|_| StoreError::Request)?;
            if taken(&drafts, &d.id).await? {
                return Ok(false);
            }
            for (meta, _) in files {
                if taken(&attachments, &meta.id).await? {
                    return Ok(false);
                }
            }
            drafts.add_with_key(&d.to_js(), &JsValue::from_str(&d.id)).map_err(|e| failure(&e))?;
            for (meta, blob) in files {
                attachments.add_with_key(&meta.to_js(blob), &JsValue::from_str(&meta.id)).map_err(|e| failure(&e))?;
            }
            Ok(true)
        })
        .await
    }
}

/// Whether `store` has a record under `key`. `count` rather than `getKey`, which Safari
/// before 15 lacks.
async fn taken(store: &IdbObjectStore, key: &str) -> Result<bool, StoreError> {
    let n = result(store.count_with_key(&JsValue::from_str(key)).map_err(|e| failure(&e))?).await?;
    Ok(n.as_f64().unwrap_or(0.0) > 0.0)
}
