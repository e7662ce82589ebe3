//! Files attached to drafts: metadata and the Blob in one record, keyed by attachment id
//! and indexed by `draft_id` (so [`Store::delete_draft`] takes them along).

use super::{
    failure, field, number_field, result, set_field, string_field, Store, StoreError, ATTACHMENT_STORE, DRAFT_INDEX,
};
use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentMeta {
    pub id: String,
    /// The draft it belongs to.
    pub draft_id: String,
    /// The file name as chosen.
    pub name: String,
    pub mime: String,
    /// Bytes.
    pub size: f64,
}

impl AttachmentMeta {
    fn from_js(v: &JsValue) -> Option<AttachmentMeta> {
        Some(AttachmentMeta {
            id: string_field(v, "id")?,
            draft_id: string_field(v, "draft_id")?,
            name: string_field(v, "name")?,
            mime: string_field(v, "mime")?,
            size: number_field(v, "size")?,
        })
    }

    /// The stored record: the metadata's fields and the Blob.
    pub(super) fn to_js(&self, blob: &Blob) -> JsValue {
        let o = Object::new();
        for (name, text) in [("id", &self.id), ("draft_id", &self.draft_id), ("name", &self.name), ("mime", &self.mime)] {
            set_field(&o, name, &JsValue::from_str(text));
        }
        set_field(&o, "size", &JsValue::from_f64(self.size));
        set_field(&o, "blob", blob);
        o.into()
    }
}

impl Store {
    /// Saves (or replaces) a file with its metadata; returns once committed.
    pub async fn put_attachment(&self, a: &AttachmentMeta, blob: &Blob) -> Result<(), StoreError> {
        self.put(ATTACHMENT_STORE, &a.id, &a.to_js(blob)).await
    }

    /// The file and its metadata; `Err(Corrupt)` when the record is unreadable (it is
    /// left in place: [`Store::delete_draft`] still removes it with its draft).
    pub async fn attachment(&self, id: &str) -> Result<Option<(AttachmentMeta, Blob)>, StoreError> {
        let Some(v) = self.get(ATTACHMENT_STORE, id).await? else { return Ok(None) };
        let blob = field(&v, "blob").and_then(|b| b.dyn_into::<Blob>().ok());
        match (AttachmentMeta::from_js(&v), blob) {
            (Some(meta), Some(blob)) => Ok(Some((meta, blob))),
            _ => Err(StoreError::Corrupt),
        }
    }

    pub async fn delete_attachment(&self, id: &str) -> Result<(), StoreError> {
        self.delete(ATTACHMENT_STORE, id).await
    }

    /// The metadata of a draft's readable attachments, through the `draft_id` index.
    pub async fn attachments_of(&self, draft_id: &str) -> Result<Vec<AttachmentMeta>, StoreError> {
        let index = self.read(ATTACHMENT_STORE)?.index(DRAFT_INDEX).map_err(|_| StoreError::Request)?;
        let all = result(index.get_all_with_key(&JsValue::from_str(draft_id)).map_err(|e| failure(&e))?).await?;
        Ok(Array::from(&all).iter().filter_map(|v| AttachmentMeta::from_js(&v)).collect())
    }
}
