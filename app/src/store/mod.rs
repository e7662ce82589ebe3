//! Offline copies of API data in IndexedDB (database "portal").
//!
//! Talks to IndexedDB through `web-sys` directly. The `indexed_db_futures` crate was
//! tried first and measured: it added 40 KB of WASM (15 KB brotli, an eighth of the
//! whole first-load budget), mostly error formatting and async plumbing, for the three
//! one-request transactions this module needs.
//!
//! Records are plain JS objects of strings and numbers. Anything unreadable is treated
//! as not cached: a broken record must cost a download, never a crash.

mod catalogue_cache;
mod procedure_cache;

pub use catalogue_cache::CachedCatalogue;
pub use procedure_cache::CachedProcedure;

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

pub const DB_NAME: &str = "portal";
const DB_VERSION: u32 = 1;
pub const CATALOGUE_STORE: &str = "catalogue";
pub const PROCEDURE_STORE: &str = "procedures";

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
}

/// An open connection to the portal's database.
pub struct Store {
    db: IdbDatabase,
}

impl Store {
    pub async fn open() -> Result<Store, StoreError> {
        Store::open_named(DB_NAME).await
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
        db.map(|db| Store { db }).ok_or(StoreError::Unavailable)
    }

    /// Closes the connection so the database can be deleted (tests) or upgraded.
    pub fn close(self) {
        self.db.close();
    }

    async fn get(&self, store: &str, key: &str) -> Result<Option<JsValue>, StoreError> {
        let tx = self.db.transaction_with_str(store).map_err(|_| StoreError::Request)?;
        let os = tx.object_store(store).map_err(|_| StoreError::Request)?;
        let req = os.get(&JsValue::from_str(key)).map_err(|_| StoreError::Request)?;
        settle(&req, None).await?;
        let value = req.result().map_err(|_| StoreError::Request)?;
        Ok(Some(value).filter(|v| !v.is_undefined() && !v.is_null()))
    }

    async fn put(&self, store: &str, key: &str, value: &JsValue) -> Result<(), StoreError> {
        let tx = self.write(store)?;
        let os = tx.object_store(store).map_err(|_| StoreError::Request)?;
        os.put_with_key(value, &JsValue::from_str(key)).map_err(|_| StoreError::Request)?;
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

    /// Writes any value under a key, bypassing the record format: for tests that need a
    /// corrupt record in place.
    #[doc(hidden)]
    pub async fn put_raw(&self, store: &str, key: &str, value: &JsValue) -> Result<(), StoreError> {
        self.put(store, key, value).await
    }
}

/// `upgradeneeded`: creates whichever stores this version has and the database lacks.
fn create_stores(ev: web_sys::Event) {
    let db = ev
        .target()
        .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
        .and_then(|r| r.result().ok())
        .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
    let Some(db) = db else { return };
    let names = db.object_store_names();
    for store in [CATALOGUE_STORE, PROCEDURE_STORE] {
        if !names.contains(store) {
            // A failure here aborts the upgrade, and the open then fails: no cache.
            let _ = db.create_object_store(store);
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
        Err(_) => Err(StoreError::Request),
    }
}

/// Waits until a write transaction has committed, so "saved" means on disk.
async fn committed(tx: &IdbTransaction) -> Result<(), StoreError> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(|_| StoreError::Request)
}

/// A record field as a string, if it is one.
fn string_field(record: &JsValue, name: &str) -> Option<String> {
    if !record.is_object() {
        return None;
    }
    js_sys::Reflect::get(record, &JsValue::from_str(name)).ok()?.as_string()
}

fn number_field(record: &JsValue, name: &str) -> Option<f64> {
    if !record.is_object() {
        return None;
    }
    js_sys::Reflect::get(record, &JsValue::from_str(name)).ok()?.as_f64()
}

fn set_field(record: &js_sys::Object, name: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(record, &JsValue::from_str(name), value);
}

/// Milliseconds since the epoch, for "fetched at" stamps.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
