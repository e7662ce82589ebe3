//! Applications in progress, keyed by draft id, and the quarantine for drafts that can
//! no longer be read.

use super::{
    atomically, failure, field, number_field, result, set_field, string_field, u32_field, Store, StoreError,
    ATTACHMENT_STORE, DRAFT_INDEX, DRAFT_STORE, PROCEDURE_INDEX, QUARANTINE_STORE,
};
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

/// A saved application in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftRecord {
    /// A UUID; later the submission's idempotency key.
    pub id: String,
    /// Procedure code, e.g. "1.001612".
    pub procedure: String,
    /// The procedure's name, for the drafts list shown offline.
    pub procedure_name: String,
    pub schema_version: u32,
    /// The step the person is on, or "kiem-tra" (review).
    pub step: String,
    /// JSON text of `domain::form::Answers`; the store does not parse it.
    pub answers: String,
    pub progress_done: u32,
    pub progress_total: u32,
    pub created_ms: f64,
    pub updated_ms: f64,
    /// The code of the dossier this draft supplements (Yêu cầu bổ sung): its review sends
    /// the answers to that dossier instead of filing a new one. Absent in older records.
    pub supplement_for: Option<String>,
}

/// Every readable draft, newest first, and how many unreadable ones were just moved to
/// the quarantine store.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DraftList {
    pub drafts: Vec<DraftRecord>,
    pub quarantined_now: usize,
}

/// A draft that could not be read, as it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct QuarantinedDraft {
    /// The key it was stored under.
    pub id: String,
    /// `JSON.stringify` of the record, or "" when it cannot be serialised.
    pub raw_json: String,
    /// When it was moved aside.
    pub at_ms: f64,
}

impl DraftRecord {
    pub(super) fn to_js(&self) -> JsValue {
        let o = Object::new();
        for (name, text) in [
            ("id", &self.id),
            ("procedure", &self.procedure),
            ("procedure_name", &self.procedure_name),
            ("step", &self.step),
            ("answers", &self.answers),
        ] {
            set_field(&o, name, &JsValue::from_str(text));
        }
        for (name, n) in [
            ("schema_version", self.schema_version as f64),
            ("progress_done", self.progress_done as f64),
            ("progress_total", self.progress_total as f64),
            ("created_ms", self.created_ms),
            ("updated_ms", self.updated_ms),
        ] {
            set_field(&o, name, &JsValue::from_f64(n));
        }
        if let Some(code) = &self.supplement_for {
            set_field(&o, "supplement_for", &JsValue::from_str(code));
        }
        o.into()
    }

    /// The draft stored under `key`, if the record has every field with the right type
    /// and its own `id` is that key.
    fn from_js(key: &JsValue, v: &JsValue) -> Option<DraftRecord> {
        let d = DraftRecord {
            id: string_field(v, "id")?,
            procedure: string_field(v, "procedure")?,
            procedure_name: string_field(v, "procedure_name")?,
            schema_version: u32_field(v, "schema_version")?,
            step: string_field(v, "step")?,
            answers: string_field(v, "answers")?,
            progress_done: u32_field(v, "progress_done")?,
            progress_total: u32_field(v, "progress_total")?,
            created_ms: number_field(v, "created_ms")?,
            updated_ms: number_field(v, "updated_ms")?,
            supplement_for: field(v, "supplement_for").and_then(|c| c.as_string()),
        };
        // Answers that are not JSON at all can never be read back: set the draft aside
        // with the rest of the unreadable ones instead of offering it forever.
        js_sys::JSON::parse(&d.answers).ok()?;
        (key.as_string()? == d.id).then_some(d)
    }
}

/// Pairs `getAllKeys` with `getAll` (same order): readable drafts newest first, and the
/// keys of the unreadable ones.
fn sort_out(keys: &JsValue, values: &JsValue) -> (Vec<DraftRecord>, Vec<JsValue>) {
    let (keys, values) = (Array::from(keys), Array::from(values));
    let mut drafts = Vec::new();
    let mut unreadable = Vec::new();
    for (key, value) in keys.iter().zip(values.iter()) {
        match DraftRecord::from_js(&key, &value) {
            Some(d) => drafts.push(d),
            None => unreadable.push(key),
        }
    }
    drafts.sort_by(|a, b| b.updated_ms.total_cmp(&a.updated_ms));
    (drafts, unreadable)
}

impl Store {
    /// Saves (or replaces) a draft in one transaction; returns once it has committed. On
    /// `QuotaExceeded` the previously saved version is still there.
    pub async fn put_draft(&self, d: &DraftRecord) -> Result<(), StoreError> {
        self.put(DRAFT_STORE, &d.id, &d.to_js()).await
    }

    /// The draft with this id. A record that cannot be read as a draft is moved to the
    /// quarantine store and reported as `Err(Corrupt)`.
    pub async fn draft(&self, id: &str) -> Result<Option<DraftRecord>, StoreError> {
        let Some(value) = self.get(DRAFT_STORE, id).await? else { return Ok(None) };
        let key = JsValue::from_str(id);
        if let Some(d) = DraftRecord::from_js(&key, &value) {
            return Ok(Some(d));
        }
        // If this fails the record stays where it is, to be tried again next time.
        let _ = self.quarantine(&[key]).await;
        Err(StoreError::Corrupt)
    }

    /// All readable drafts, newest `updated_ms` first; unreadable ones are quarantined
    /// in passing (a failure to do so leaves them for next time).
    pub async fn drafts(&self) -> Result<DraftList, StoreError> {
        let os = self.read(DRAFT_STORE)?;
        let keys = os.get_all_keys().map_err(|e| failure(&e))?;
        let values = os.get_all().map_err(|e| failure(&e))?;
        let (keys, values) = (result(keys).await?, result(values).await?);
        let (drafts, unreadable) = sort_out(&keys, &values);
        let quarantined_now = if unreadable.is_empty() { 0 } else { self.quarantine(&unreadable).await.unwrap_or(0) };
        Ok(DraftList { drafts, quarantined_now })
    }

    /// The readable drafts for one procedure, newest first, through the `procedure`
    /// index. Unreadable ones are skipped here ([`Store::drafts`] quarantines them).
    pub async fn drafts_for(&self, procedure: &str) -> Result<Vec<DraftRecord>, StoreError> {
        let index = self.read(DRAFT_STORE)?.index(PROCEDURE_INDEX).map_err(|_| StoreError::Request)?;
        let code = JsValue::from_str(procedure);
        let keys = index.get_all_keys_with_key(&code).map_err(|e| failure(&e))?;
        let values = index.get_all_with_key(&code).map_err(|e| failure(&e))?;
        let (keys, values) = (result(keys).await?, result(values).await?);
        Ok(sort_out(&keys, &values).0)
    }

    /// How many drafts of one procedure are saved: for the shell's "you have a draft"
    /// notice, which must not carry the record reader into the first-load bundle.
    pub async fn count_drafts_for(&self, procedure: &str) -> Result<u32, StoreError> {
        let index = self.read(DRAFT_STORE)?.index(PROCEDURE_INDEX).map_err(|_| StoreError::Request)?;
        let count = index.count_with_key(&JsValue::from_str(procedure)).map_err(|e| failure(&e))?;
        Ok(result(count).await?.as_f64().unwrap_or(0.0) as u32)
    }

    /// Deletes a draft and all its attachments, in one transaction.
    pub async fn delete_draft(&self, id: &str) -> Result<(), StoreError> {
        let tx = self.write_both(DRAFT_STORE, ATTACHMENT_STORE)?;
        let key = JsValue::from_str(id);
        atomically(&tx, async {
            let drafts = tx.object_store(DRAFT_STORE).map_err(|_| StoreError::Request)?;
            let files = tx.object_store(ATTACHMENT_STORE).map_err(|_| StoreError::Request)?;
            let by_draft = files.index(DRAFT_INDEX).map_err(|_| StoreError::Request)?;
            let owned = result(by_draft.get_all_keys_with_key(&key).map_err(|e| failure(&e))?).await?;
            for file in Array::from(&owned).iter() {
                files.delete(&file).map_err(|e| failure(&e))?;
            }
            drafts.delete(&key).map_err(|e| failure(&e))?;
            Ok(())
        })
        .await
    }

    /// Drafts set aside as unreadable, oldest first.
    pub async fn quarantined(&self) -> Result<Vec<QuarantinedDraft>, StoreError> {
        let all = result(self.read(QUARANTINE_STORE)?.get_all().map_err(|e| failure(&e))?).await?;
        Ok(Array::from(&all)
            .iter()
            .map(|q| QuarantinedDraft {
                id: string_field(&q, "id").unwrap_or_default(),
                raw_json: field(&q, "raw")
                    .and_then(|raw| js_sys::JSON::stringify(&raw).ok())
                    .and_then(|s| JsValue::from(s).as_string())
                    .unwrap_or_default(),
                at_ms: number_field(&q, "at_ms").unwrap_or(0.0),
            })
            .collect())
    }

    pub async fn clear_quarantine(&self) -> Result<(), StoreError> {
        let tx = self.write(QUARANTINE_STORE)?;
        let os = tx.object_store(QUARANTINE_STORE).map_err(|_| StoreError::Request)?;
        os.clear().map_err(|e| failure(&e))?;
        super::committed(&tx).await
    }

    /// Moves the drafts under `keys` that are (still) unreadable to the quarantine store,
    /// in one transaction; returns how many moved. Each is read again first, so a good
    /// version another tab saved meanwhile is left alone.
    async fn quarantine(&self, keys: &[JsValue]) -> Result<usize, StoreError> {
        let tx = self.write_both(DRAFT_STORE, QUARANTINE_STORE)?;
        atomically(&tx, async {
            let drafts = tx.object_store(DRAFT_STORE).map_err(|_| StoreError::Request)?;
            let aside = tx.object_store(QUARANTINE_STORE).map_err(|_| StoreError::Request)?;
            let mut moved = 0;
            for key in keys {
                let found = result(drafts.get(key).map_err(|e| failure(&e))?).await?;
                if found.is_undefined() || DraftRecord::from_js(key, &found).is_some() {
                    continue;
                }
                let record = Object::new();
                set_field(&record, "id", key);
                set_field(&record, "raw", &found);
                set_field(&record, "at_ms", &JsValue::from_f64(super::now_ms()));
                aside.add(&record).map_err(|e| failure(&e))?;
                drafts.delete(key).map_err(|e| failure(&e))?;
                moved += 1;
            }
            Ok(moved)
        })
        .await
    }
}
