//! Submissions waiting to be sent (the offline outbox), keyed by their idempotency key,
//! which is the draft's id. The draft and its attachments stay in their own stores until
//! the server's receipt is stored in `dossiers`; the outbox holds the answers as they
//! were when the person pressed "Nộp hồ sơ", so a retry sends exactly that body.

use super::{field, number_field, set_field, string_field, u32_field, Store, StoreError, OUTBOX_STORE};
use js_sys::Object;
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRecord {
    /// The idempotency key: the draft's UUID.
    pub id: String,
    pub procedure: String,
    /// For the "waiting to be sent" lists, shown offline.
    pub procedure_name: String,
    pub schema_version: u32,
    /// JSON text of the frozen `domain::form::Answers`.
    pub answers: String,
    pub created_ms: f64,
    /// Sending attempts so far (the backoff grows with it).
    pub attempts: u32,
    /// Not to be tried before this time (ms since the epoch).
    pub next_attempt_ms: f64,
    /// Why the last attempt did not get through, for support; never shown as an error.
    pub last_error: Option<String>,
}

impl OutboxRecord {
    fn to_js(&self) -> JsValue {
        let o = Object::new();
        for (name, text) in [
            ("id", &self.id),
            ("procedure", &self.procedure),
            ("procedure_name", &self.procedure_name),
            ("answers", &self.answers),
        ] {
            set_field(&o, name, &JsValue::from_str(text));
        }
        for (name, n) in [
            ("schema_version", self.schema_version as f64),
            ("created_ms", self.created_ms),
            ("attempts", self.attempts as f64),
            ("next_attempt_ms", self.next_attempt_ms),
        ] {
            set_field(&o, name, &JsValue::from_f64(n));
        }
        if let Some(e) = &self.last_error {
            set_field(&o, "last_error", &JsValue::from_str(e));
        }
        o.into()
    }

    fn from_js(key: &JsValue, v: &JsValue) -> Option<OutboxRecord> {
        let r = OutboxRecord {
            id: string_field(v, "id")?,
            procedure: string_field(v, "procedure")?,
            procedure_name: string_field(v, "procedure_name")?,
            schema_version: u32_field(v, "schema_version")?,
            answers: string_field(v, "answers")?,
            created_ms: number_field(v, "created_ms")?,
            attempts: u32_field(v, "attempts").unwrap_or(0),
            next_attempt_ms: number_field(v, "next_attempt_ms").unwrap_or(0.0),
            last_error: field(v, "last_error").and_then(|e| e.as_string()),
        };
        (key.as_string()? == r.id).then_some(r)
    }
}

impl Store {
    /// Queues (or updates) a submission; returns once committed.
    pub async fn put_outbox(&self, r: &OutboxRecord) -> Result<(), StoreError> {
        self.put(OUTBOX_STORE, &r.id, &r.to_js()).await
    }

    pub async fn outbox_entry(&self, id: &str) -> Result<Option<OutboxRecord>, StoreError> {
        let Some(v) = self.get(OUTBOX_STORE, id).await? else { return Ok(None) };
        OutboxRecord::from_js(&JsValue::from_str(id), &v).map(Some).ok_or(StoreError::Corrupt)
    }

    /// Every readable queued submission, oldest first. An unreadable one is skipped (and
    /// left in place: it is someone's application, and its draft still holds the answers).
    pub async fn outbox(&self) -> Result<Vec<OutboxRecord>, StoreError> {
        let mut list: Vec<OutboxRecord> =
            self.all(OUTBOX_STORE).await?.iter().filter_map(|(k, v)| OutboxRecord::from_js(k, v)).collect();
        list.sort_by(|a, b| a.created_ms.total_cmp(&b.created_ms));
        Ok(list)
    }

    pub async fn count_outbox(&self) -> Result<u32, StoreError> {
        self.count(OUTBOX_STORE).await
    }

    pub async fn delete_outbox(&self, id: &str) -> Result<(), StoreError> {
        self.delete(OUTBOX_STORE, id).await
    }
}
