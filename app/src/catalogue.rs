//! The catalogue index the whole app searches, loaded once per visit: from the
//! IndexedDB copy when there is one (so search works offline and at once), then
//! revalidated against the server with the copy's ETag.

use crate::api::{self, Catalogue};
use crate::store::{now_ms, CachedCatalogue, Store};
use crate::decode;
use domain::search::SearchIndex;
use domain::CatalogueIndex;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// A usable catalogue: the data and its search index, built once per body.
pub struct Loaded {
    pub index: CatalogueIndex,
    pub search: SearchIndex,
}

impl Loaded {
    fn new(index: CatalogueIndex) -> Loaded {
        let search = SearchIndex::new(&index);
        Loaded { index, search }
    }
}

#[derive(Clone)]
pub enum Status {
    Loading,
    Ready(Arc<Loaded>),
    /// Nothing cached and the server unreachable (or answering nonsense).
    Failed,
}

#[derive(Clone, Copy)]
pub struct CatalogueState {
    status: RwSignal<Status>,
    started: StoredValue<bool>,
}

impl CatalogueState {
    pub fn new() -> CatalogueState {
        CatalogueState { status: RwSignal::new(Status::Loading), started: StoredValue::new(false) }
    }

    pub fn status(self) -> Status {
        self.status.get()
    }

    pub fn loaded(self) -> Option<Arc<Loaded>> {
        self.status.with(|s| match s {
            Status::Ready(l) => Some(Arc::clone(l)),
            _ => None,
        })
    }

    /// Starts loading on first use only, so pages that do not need the catalogue (a
    /// procedure opened from a shared link) do not spend the user's data on it.
    fn ensure_started(self) {
        if !self.started.get_value() {
            self.started.set_value(true);
            spawn_local(load(self));
        }
    }

    pub fn retry(self) {
        self.status.set(Status::Loading);
        spawn_local(load(self));
    }

    fn is_ready(self) -> bool {
        self.status.with_untracked(|s| matches!(s, Status::Ready(_)))
    }

    fn show(self, index: CatalogueIndex) {
        self.status.set(Status::Ready(Arc::new(Loaded::new(index))));
    }
}

impl Default for CatalogueState {
    fn default() -> Self {
        Self::new()
    }
}

/// The catalogue for this page, loading it if nobody has yet.
pub fn use_catalogue() -> CatalogueState {
    let state = expect_context::<CatalogueState>();
    state.ensure_started();
    state
}

/// A cached or downloaded body, if it is a catalogue of the format this build reads.
fn decode(body: &str) -> Option<CatalogueIndex> {
    decode::catalogue(body).ok()
}

async fn load(state: CatalogueState) {
    // Without IndexedDB the app still works, just without an offline copy.
    let store = Store::open().await.ok();
    let mut etag = None;
    if let Some(store) = &store {
        if let Ok(Some(cached)) = store.load_catalogue().await {
            match decode(&cached.body) {
                Some(index) => {
                    state.show(index);
                    etag = Some(cached.etag).filter(|e| !e.is_empty());
                }
                None => {
                    let _ = store.forget_catalogue().await;
                }
            }
        }
    }

    match api::catalogue(etag.as_deref()).await {
        Ok(Catalogue::NotModified) => {}
        Ok(Catalogue::Fresh { etag, body }) => {
            if let Some(index) = decode(&body) {
                state.show(index);
                if let Some(store) = &store {
                    let record = CachedCatalogue {
                        etag: etag.unwrap_or_default(),
                        fetched_at: now_ms(),
                        body,
                    };
                    // A full disk only costs the offline copy.
                    let _ = store.save_catalogue(&record).await;
                }
            }
        }
        // With a cached copy on screen, a failed revalidation is not worth a word.
        Err(_) => {}
    }
    if !state.is_ready() {
        state.status.set(Status::Failed);
    }
    if let Some(store) = store {
        store.close();
    }
}
