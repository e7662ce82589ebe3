//! "Xóa toàn bộ dữ liệu trên thiết bị này": everything the portal keeps in this browser,
//! for a shared phone handed back or a device given away.
//!
//! The service worker goes first, so it cannot answer the reload from a cache about to
//! be deleted or re-create one; then Cache Storage, Web Storage, and last the IndexedDB
//! database, whose deletion may have to wait for other tabs. Then a full page load of
//! `/`: the boot script registers the service worker again, which precaches afresh.

use crate::js;
use js_sys::{Array, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WipeError {
    /// Some part refused (a cache, a service worker, the database); what could be
    /// deleted is gone, and trying again is safe.
    #[error("some of the data could not be deleted")]
    Incomplete,
}

/// Deletes it all, then reloads to `/`. `on_blocked` runs if another tab keeps the
/// database open; the deletion then waits for that tab to close it.
pub async fn wipe(on_blocked: impl Fn() + 'static) -> Result<(), WipeError> {
    let mut complete = unregister_service_workers().await;
    complete &= delete_caches().await;
    complete &= clear_web_storage();
    // The assisted sessions' and practice databases too: a device given away keeps none.
    let mut names = crate::assist::database_names().await.unwrap_or_default();
    names.retain(|n| n.starts_with(portal_app::mode::SESSION_DB_PREFIX));
    names.push(portal_app::mode::PRACTICE_DB.to_owned());
    let on_blocked = std::rc::Rc::new(on_blocked);
    for name in names {
        let on_blocked = on_blocked.clone();
        complete &= delete_database(&name, move || on_blocked()).await;
    }
    complete &= delete_database(portal_app::store::DB_NAME, move || on_blocked()).await;
    if !complete {
        return Err(WipeError::Incomplete);
    }
    if let Some(w) = web_sys::window() {
        // `replace`: Back should not lead to a page about data that is gone.
        let _ = w.location().replace("/");
    }
    Ok(())
}

async fn unregister_service_workers() -> bool {
    let container = js::prop(&js::window(), "navigator").and_then(|n| js::prop(&n, "serviceWorker"));
    let Some(container) = container else { return true };
    let Some(registrations) = js::call_async(&container, "getRegistrations", &[]).await else { return false };
    let mut all = true;
    for r in Array::from(&registrations).iter() {
        all &= js::call_async(&r, "unregister", &[]).await.is_some();
    }
    all
}

async fn delete_caches() -> bool {
    let Some(caches) = js::prop(&js::window(), "caches") else { return true };
    let Some(names) = js::call_async(&caches, "keys", &[]).await else { return false };
    let mut all = true;
    for name in Array::from(&names).iter() {
        all &= js::call_async(&caches, "delete", &[name]).await.is_some();
    }
    all
}

fn clear_web_storage() -> bool {
    let Some(w) = web_sys::window() else { return false };
    // Storage disabled by the user throws on access: then there is nothing to clear.
    let local = w.local_storage().ok().flatten().is_none_or(|s| s.clear().is_ok());
    let session = w.session_storage().ok().flatten().is_none_or(|s| s.clear().is_ok());
    local && session
}

/// API paths whose answers name a person. The service worker never caches them (see
/// public/sw.js); this deletes any copy all the same, should an older worker have kept one.
const PERSONAL_API: [&str; 4] = ["/api/v1/dossiers", "/api/v1/payments", "/api/v1/registry", "/api/v1/handoffs"];

/// Deletes the Cache Storage entries of [`PERSONAL_API`] paths, keeping the app and the
/// public catalogue copies (an assisted session's end must not cost the next one offline use).
pub async fn delete_personal_caches() -> bool {
    let Some(caches) = js::prop(&js::window(), "caches") else { return true };
    let Some(names) = js::call_async(&caches, "keys", &[]).await else { return false };
    let mut all = true;
    for name in Array::from(&names).iter() {
        let Some(cache) = js::call_async(&caches, "open", &[name]).await else {
            all = false;
            continue;
        };
        let Some(requests) = js::call_async(&cache, "keys", &[]).await else {
            all = false;
            continue;
        };
        for request in Array::from(&requests).iter() {
            let url = js::prop(&request, "url").and_then(|u| u.as_string()).unwrap_or_default();
            let path = web_sys::Url::new(&url).map(|u| u.pathname()).unwrap_or_default();
            if PERSONAL_API.iter().any(|p| path.starts_with(p)) {
                all &= js::call_async(&cache, "delete", &[request]).await.is_some();
            }
        }
    }
    all
}

/// `indexedDB.deleteDatabase(name)`. Every connection the app opens closes itself on
/// `versionchange` (see `portal_app::store`), so `blocked` means a tab running older
/// code; the request stays pending and succeeds once that tab closes.
pub async fn delete_database(name: &str, on_blocked: impl Fn() + 'static) -> bool {
    let Some(factory) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) else {
        // No IndexedDB: nothing was ever stored there.
        return true;
    };
    let Ok(request) = factory.delete_database(name) else { return false };
    let blocked = Closure::<dyn Fn()>::new(on_blocked);
    request.set_onblocked(Some(blocked.as_ref().unchecked_ref()));
    let done = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let outcome = JsFuture::from(done).await;
    request.set_onblocked(None);
    request.set_onsuccess(None);
    request.set_onerror(None);
    drop(blocked);
    outcome.is_ok()
}

