//! Offline data in IndexedDB (database "portal"): copies of API data, and the person's
//! application drafts with their attached files.
//!
//! Talks to IndexedDB through `web-sys` directly. The `indexed_db_futures` crate was
//! tried first and measured: it added 40 KB of WASM (15 KB brotli, an eighth of the
//! whole first-load budget), mostly error formatting and async plumbing, for the few
//! small transactions this module needs.
//!
//! Records are plain JS objects of strings and numbers (and a Blob for attachments).
//! An unreadable cached copy is treated as not cached: a broken record must cost a
//! download, never a crash. An unreadable draft is the person's work, so it is moved
//! aside to the `quarantine` store rather than dropped (see [`Store::draft`]).
//!
//! Some transactions read, then write on what they read (`delete_draft`, quarantining).
//! They `await` inside the transaction: the futures executor runs on microtasks, which
//! run before the transaction goes inactive at the end of each `success` event.
//!
//! Version history: 1 had `catalogue` and `procedures`; 2 added `drafts` (index
//! `procedure`), `attachments` (index `draft_id`), `responses` and `quarantine`; 3 added
//! `outbox`, `dossiers` and `payments` (submission, status tracking, fee payment).
//!
//! The shell itself only opens the database; the submission records are read and written
//! by the forms module, so their code never reaches the first-load bundle.

mod attachments;
mod catalogue_cache;
mod device_data;
mod dossiers;
mod drafts;
mod outbox;
mod payments;
mod persistence;
mod procedure_cache;
mod response_cache;

pub use attachments::AttachmentMeta;
pub use catalogue_cache::CachedCatalogue;
pub use dossiers::DossierRecord;
pub use drafts::{DraftList, DraftRecord, QuarantinedDraft};
pub use outbox::OutboxRecord;
pub use payments::PaymentRecord;
pub use persistence::request_persistence;
pub use procedure_cache::CachedProcedure;
pub use response_cache::CachedResponse;

use core::future::Future;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbObjectStore, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest, IdbTransaction,
    IdbTransactionMode,
};

pub const DB_NAME: &str = "portal";
const DB_VERSION: u32 = 3;
pub const CATALOGUE_STORE: &str = "catalogue";
pub const PROCEDURE_STORE: &str = "procedures";
/// Drafts keyed by their id, with an index on `procedure`.
pub const DRAFT_STORE: &str = "drafts";
/// Attachment records (metadata and the Blob) keyed by attachment id, indexed by `draft_id`.
pub const ATTACHMENT_STORE: &str = "attachments";
/// Offline copies of API responses, keyed by API path.
pub const RESPONSE_STORE: &str = "responses";
/// Unreadable drafts moved out of `drafts`, under auto-incremented keys.
pub const QUARANTINE_STORE: &str = "quarantine";
/// Submissions waiting to be sent, keyed by their idempotency key (the draft id).
pub const OUTBOX_STORE: &str = "outbox";
/// Dossiers filed from (or looked up on) this device, keyed by dossier code.
pub const DOSSIER_STORE: &str = "dossiers";
/// Fee payments started from this device, keyed by transaction reference.
pub const PAYMENT_STORE: &str = "payments";
const PROCEDURE_INDEX: &str = "procedure";
const DRAFT_INDEX: &str = "draft_id";

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// No IndexedDB (old browser, some private modes), or it refused to open.
    #[error("offline storage is unavailable")]
    Unavailable,
    /// Another tab holds an older version of the database open.
    #[error("offline storage is blocked by another tab")]
    Blocked,
    #[error("an offline storage request failed")]
    Request,
    /// The browser refused to store more for this site (`QuotaExceededError`); what was
    /// saved before is unchanged.
    #[error("the device has no room left for offline data")]
    QuotaExceeded,
    /// A saved draft could not be read; it has been moved to the quarantine store.
    #[error("a saved draft was damaged and has been set aside")]
    Corrupt,
}

/// An open connection to the portal's database.
pub struct Store {
    db: IdbDatabase,
}

impl Store {
    /// Opens this device mode's database (see [`crate::mode`]).
    pub async fn open() -> Result<Store, StoreError> {
        Store::open_named(&crate::mode::db_name()).await
    }

    /// Opens (creating or upgrading) a database of this schema under another name;
    /// tests use it to stay apart from each other and from the app's data.
    pub async fn open_named(name: &str) -> Result<Store, StoreError> {
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or(StoreError::Unavailable)?;
        let req = factory.open_with_u32(name, DB_VERSION).map_err(|_| StoreError::Unavailable)?;
        let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(create_stores);
        req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
        let opened = settle(&req, Some(&req)).await;
        // The handler may only run during this open; drop it with the request's hooks.
        req.set_onupgradeneeded(None);
        drop(upgrade);
        match opened {
            Ok(()) => {}
            Err(StoreError::Blocked) => return Err(StoreError::Blocked),
            Err(_) => return Err(StoreError::Unavailable),
        }
        let db = req.result().ok().and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        let db = db.ok_or(StoreError::Unavailable)?;
        // When another tab opens a newer version, step aside rather than block it: this
        // connection's later requests fail (and are treated as no storage) until reload.
        if let Some(close) = field(&db, "close").and_then(|f| f.dyn_into::<Function>().ok()) {
            db.set_onversionchange(Some(&close.bind0(&db)));
        }
        Ok(Store { db })
    }

    /// Closes the connection so the database can be deleted (tests) or upgraded.
    pub fn close(self) {
        self.db.close();
    }

    /// The value under `key`; `None` only when there is no record (a stored `null` is
    /// returned, for the caller to find unreadable).
    async fn get(&self, store: &str, key: &str) -> Result<Option<JsValue>, StoreError> {
        let os = self.read(store)?;
        let value = result(os.get(&JsValue::from_str(key)).map_err(|e| failure(&e))?).await?;
        Ok(Some(value).filter(|v| !v.is_undefined()))
    }

    /// One readwrite transaction putting one record, resolved once it has committed.
    async fn put(&self, store: &str, key: &str, value: &JsValue) -> Result<(), StoreError> {
        let tx = self.write(store)?;
        let os = tx.object_store(store).map_err(|_| StoreError::Request)?;
        os.put_with_key(value, &JsValue::from_str(key)).map_err(|e| failure(&e))?;
        committed(&tx).await
    }

    async fn delete(&self, store: &str, key: &str) -> Result<(), StoreError> {
        let tx = self.write(store)?;
        let os = tx.object_store(store).map_err(|_| StoreError::Request)?;
        os.delete(&JsValue::from_str(key)).map_err(|_| StoreError::Request)?;
        committed(&tx).await
    }

    fn write(&self, store: &str) -> Result<IdbTransaction, StoreError> {
        self.db
            .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)
            .map_err(|_| StoreError::Request)
    }

    /// A store in a transaction of its own, for reading.
    fn read(&self, store: &str) -> Result<IdbObjectStore, StoreError> {
        let tx = self.db.transaction_with_str(store).map_err(|_| StoreError::Request)?;
        tx.object_store(store).map_err(|_| StoreError::Request)
    }

    /// Every record of a store with its key, in key order.
    async fn all(&self, store: &str) -> Result<Vec<(JsValue, JsValue)>, StoreError> {
        let os = self.read(store)?;
        let keys = os.get_all_keys().map_err(|e| failure(&e))?;
        let values = os.get_all().map_err(|e| failure(&e))?;
        let (keys, values) = (result(keys).await?, result(values).await?);
        Ok(js_sys::Array::from(&keys).iter().zip(js_sys::Array::from(&values).iter()).collect())
    }

    /// How many records a store holds.
    async fn count(&self, store: &str) -> Result<u32, StoreError> {
        let count = self.read(store)?.count().map_err(|e| failure(&e))?;
        Ok(result(count).await?.as_f64().unwrap_or(0.0) as u32)
    }

    /// A readwrite transaction over two stores.
    fn write_both(&self, a: &str, b: &str) -> Result<IdbTransaction, StoreError> {
        let names = js_sys::Array::of2(&JsValue::from_str(a), &JsValue::from_str(b));
        self.db
            .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite)
            .map_err(|_| StoreError::Request)
    }

    /// Writes any value under a key, bypassing the record format: for tests that need a
    /// corrupt record in place.
    #[doc(hidden)]
    pub async fn put_raw(&self, store: &str, key: &str, value: &JsValue) -> Result<(), StoreError> {
        self.put(store, key, value).await
    }
}

/// `upgradeneeded`: creates whichever stores this version has and the database lacks,
/// leaving the others (and their data) as they are.
fn create_stores(ev: web_sys::Event) {
    let Some(req) = ev.target().and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok()) else { return };
    let Some(db) = req.result().ok().and_then(|r| r.dyn_into::<IdbDatabase>().ok()) else { return };
    let names = db.object_store_names();
    let stores = [
        CATALOGUE_STORE,
        PROCEDURE_STORE,
        DRAFT_STORE,
        ATTACHMENT_STORE,
        RESPONSE_STORE,
        QUARANTINE_STORE,
        OUTBOX_STORE,
        DOSSIER_STORE,
        PAYMENT_STORE,
    ];
    for store in stores {
        if names.contains(store) {
            continue;
        }
        let created = if store == QUARANTINE_STORE {
            let params = IdbObjectStoreParameters::new();
            params.set_auto_increment(true);
            db.create_object_store_with_optional_parameters(store, &params)
        } else {
            db.create_object_store(store)
        };
        let index = match store {
            DRAFT_STORE => Some(PROCEDURE_INDEX),
            ATTACHMENT_STORE => Some(DRAFT_INDEX),
            _ => None,
        };
        let ok = created.is_ok_and(|os| index.is_none_or(|i| os.create_index_with_str(i, i).is_ok()));
        if !ok {
            // Abort the upgrade rather than commit half a schema; the open then fails.
            if let Some(tx) = req.transaction() {
                let _ = tx.abort();
            }
            return;
        }
    }
}

/// Waits for a request's `success` or `error` (and, when opening, `blocked`). The
/// promise's own resolve/reject functions are the handlers, so no Rust closure has to
/// outlive this call.
async fn settle(req: &IdbRequest, open: Option<&IdbOpenDbRequest>) -> Result<(), StoreError> {
    let blocked = js_sys::Object::new();
    let promise = Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
        if let Some(open) = open {
            let flag: JsValue = blocked.clone().into();
            // `blocked` rejects with this marker object, so it can be told from an error.
            let bound = reject.bind1(&JsValue::NULL, &flag);
            open.set_onblocked(Some(bound.unchecked_ref()));
        }
    });
    let outcome = JsFuture::from(promise).await;
    req.set_onsuccess(None);
    req.set_onerror(None);
    match outcome {
        Ok(_) => Ok(()),
        Err(e) if e == JsValue::from(blocked) => Err(StoreError::Blocked),
        Err(e) => Err(failure(&e)),
    }
}

/// Waits for a request and gives its result.
async fn result(req: IdbRequest) -> Result<JsValue, StoreError> {
    settle(&req, None).await?;
    req.result().map_err(|_| StoreError::Request)
}

/// Waits until a write transaction has committed, so "saved" means on disk. Commits it
/// explicitly where the browser has `commit()` (Chrome 76+, Firefox 74+, Safari 15+);
/// older ones commit by themselves once no request is pending.
async fn committed(tx: &IdbTransaction) -> Result<(), StoreError> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    if let Some(commit) = field(tx, "commit").and_then(|f| f.dyn_into::<Function>().ok()) {
        // Throws only if the transaction has already finished; its events still come.
        let _ = commit.call0(tx);
    }
    JsFuture::from(promise).await.map(|_| ()).map_err(|e| failure(&e))
}

/// Runs `work` (requests in `tx`) and waits for the commit; if `work` fails, aborts `tx`
/// so none of it is kept.
async fn atomically<T>(
    tx: &IdbTransaction,
    work: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    match work.await {
        Ok(value) => committed(tx).await.map(|()| value),
        Err(e) => {
            // Throws if a failed request has already aborted it: fine either way.
            let _ = tx.abort();
            Err(e)
        }
    }
}

/// The error behind a failed request or transaction: `e` is an `error`/`abort` event
/// (whose target's `error` is the DOMException) or a thrown DOMException.
fn failure(e: &JsValue) -> StoreError {
    let error = field(e, "target").and_then(|t| field(&t, "error")).filter(|x| x.is_object());
    let name = field(error.as_ref().unwrap_or(e), "name").and_then(|n| n.as_string());
    match name.as_deref() {
        Some("QuotaExceededError") => StoreError::QuotaExceeded,
        _ => StoreError::Request,
    }
}

/// A property of an object; `None` for non-objects and throwing getters.
fn field(record: &JsValue, name: &str) -> Option<JsValue> {
    if !record.is_object() {
        return None;
    }
    Reflect::get(record, &JsValue::from_str(name)).ok()
}

/// A record field as a string, if it is one.
fn string_field(record: &JsValue, name: &str) -> Option<String> {
    field(record, name)?.as_string()
}

fn number_field(record: &JsValue, name: &str) -> Option<f64> {
    field(record, name)?.as_f64()
}

/// A whole number field that fits a `u32`.
fn u32_field(record: &JsValue, name: &str) -> Option<u32> {
    let n = number_field(record, name)?;
    (n >= 0.0 && n <= u32::MAX as f64 && n.fract() == 0.0).then_some(n as u32)
}

fn set_field(record: &js_sys::Object, name: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(record, &JsValue::from_str(name), value);
}

/// Milliseconds since the epoch, for "fetched at" stamps.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
