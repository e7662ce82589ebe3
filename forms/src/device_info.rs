//! What this device holds for the portal, as the storage page shows it: the browser's
//! usage and quota, whether the storage is persistent, and how many records of each kind
//! IndexedDB keeps. Read again after anything on the page changes them.

use crate::js;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_app::store::Store;

/// `navigator.storage.estimate()`, in bytes. Both are the browser's estimates (padded
/// for privacy, and the quota is a share of the free disk, not a promise).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub usage: f64,
    pub quota: f64,
}

/// Records of each kind on this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub drafts: u32,
    pub attachments: u32,
    pub outbox: u32,
    pub procedures: u32,
    pub dossiers: u32,
}

pub async fn estimate() -> Option<Estimate> {
    let e = js::call_async(&js::storage_manager()?, "estimate", &[]).await?;
    Some(Estimate { usage: js::prop(&e, "usage")?.as_f64()?, quota: js::prop(&e, "quota")?.as_f64()? })
}

/// `navigator.storage.persisted()`; `None` where the browser cannot tell.
pub async fn persisted() -> Option<bool> {
    js::call_async(&js::storage_manager()?, "persisted", &[]).await?.as_bool()
}

/// `None` when IndexedDB cannot be opened (private mode on some browsers).
pub async fn counts() -> Option<Counts> {
    let store = Store::open().await.ok()?;
    // A count that fails reads as none: the page is informative, not a ledger.
    let counts = Counts {
        drafts: store.count_drafts().await.unwrap_or(0),
        attachments: store.count_attachments().await.unwrap_or(0),
        outbox: store.count_outbox().await.unwrap_or(0),
        procedures: store.count_procedures().await.unwrap_or(0),
        dossiers: store.count_dossiers().await.unwrap_or(0),
    };
    store.close();
    Some(counts)
}

/// Where a reading stands: not yet read, or read (`None` inside: the browser cannot say).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Known<T> {
    Loading,
    Read(Option<T>),
}

impl<T: Copy> Known<T> {
    pub fn value(self) -> Option<T> {
        match self {
            Known::Read(v) => v,
            Known::Loading => None,
        }
    }
}

/// The page's readings, shared by its sections.
#[derive(Debug, Clone, Copy)]
pub struct DeviceInfo {
    pub estimate: RwSignal<Known<Estimate>>,
    pub persisted: RwSignal<Known<bool>>,
    pub counts: RwSignal<Known<Counts>>,
}

impl DeviceInfo {
    pub fn new() -> DeviceInfo {
        DeviceInfo {
            estimate: RwSignal::new(Known::Loading),
            persisted: RwSignal::new(Known::Loading),
            counts: RwSignal::new(Known::Loading),
        }
    }

    /// Reads everything again (after a download, an import, a persistence request).
    pub fn refresh(self) {
        spawn_local(async move {
            let counts = counts().await;
            let _ = self.counts.try_set(Known::Read(counts));
            let persisted = persisted().await;
            let _ = self.persisted.try_set(Known::Read(persisted));
            let estimate = estimate().await;
            let _ = self.estimate.try_set(Known::Read(estimate));
        });
    }

    /// Drafts on the device, `0` until counted.
    pub fn drafts(self) -> u32 {
        self.counts.get().value().map_or(0, |c| c.drafts)
    }
}
