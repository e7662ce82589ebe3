//! "Tải danh mục để dùng ngoại tuyến": every procedure's details, downloaded page by page
//! into the `procedures` store the procedure page already reads offline.
//!
//! The server lists the pages (`GET /api/v1/offline/procedures`, with a version and each
//! page's size) and serves each (`…/{page}`, 1-based). Each page is stored in one
//! transaction, and the progress record after it, so a connection lost half-way keeps
//! every page already stored and "Tiếp tục" asks for the next missing one. The progress
//! lives in the `responses` store under [`PROGRESS_KEY`], with the catalogue version it
//! belongs to: a newer version on the server starts again from page 1.
//!
//! A page holds tens of procedures (a few hundred KB of JSON): it is parsed by the
//! browser's `JSON.parse` and each procedure re-serialised with `JSON.stringify`, so the
//! bodies go from the network to IndexedDB without passing through Rust strings.
//!
//! After the pages come the manifest's `resources`, the other answers a form needs with
//! no network (provinces and their wards, the official form schemas): each is kept in
//! the `responses` store under its API path, where `fetch::get_cached` looks offline.

use js_sys::{Array, JSON};
use portal_app::api::{self, ApiClientError};
use portal_app::store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use wasm_bindgen::JsValue;

pub const MANIFEST_PATH: &str = "/api/v1/offline/procedures";
/// Not an API path, so no cached response can ever land on it.
const PROGRESS_KEY: &str = "offline:procedures";

thread_local! {
    /// One download per page load, whichever view started it.
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// `GET /api/v1/offline/procedures`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Manifest {
    pub version: String,
    /// How many procedures in all.
    pub procedures: u32,
    pub pages: Vec<PageInfo>,
    /// API paths to keep as well, after the pages.
    #[serde(default)]
    pub resources: Vec<String>,
    /// Bytes of JSON once stored.
    pub total_bytes: u64,
    /// Bytes over the wire (compressed).
    pub transfer_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PageInfo {
    pub page: u32,
    pub procedures: u32,
    pub bytes: u64,
    pub transfer_bytes: u64,
}

impl Manifest {
    /// The pages from `next` on: what a (resumed) download still has to fetch.
    pub fn rest(&self, next: u32) -> impl Iterator<Item = &PageInfo> {
        self.pages.iter().filter(move |p| p.page >= next)
    }

    fn page_count(&self) -> u32 {
        self.pages.len() as u32
    }
}

/// How far the download of one catalogue version got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: String,
    pub pages: u32,
    /// The first page not stored yet; `pages + 1` when all are.
    pub next_page: u32,
    /// Procedures stored so far.
    pub procedures: u32,
    /// Resources to keep after the pages, and how many are kept so far.
    #[serde(default)]
    pub resources: u32,
    #[serde(default)]
    pub resources_done: u32,
    /// When everything was stored.
    #[serde(default)]
    pub done_ms: Option<f64>,
}

impl Progress {
    /// Nothing stored yet of the catalogue `m` describes.
    pub fn start(m: &Manifest) -> Progress {
        Progress {
            version: m.version.clone(),
            pages: m.page_count(),
            next_page: 1,
            procedures: 0,
            resources: m.resources.len() as u32,
            resources_done: 0,
            done_ms: None,
        }
    }

    pub fn pages_done(&self) -> u32 {
        self.next_page.saturating_sub(1).min(self.pages)
    }

    /// Anything of this version stored yet.
    pub fn started(&self) -> bool {
        self.pages_done() > 0 || self.resources_done > 0
    }

    pub fn complete(&self) -> bool {
        self.done_ms.is_some()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DownloadError {
    /// No connection, or it dropped mid-way.
    #[error("the server could not be reached")]
    Offline,
    /// The server has no offline catalogue to give (not deployed yet, or failing).
    #[error("the server answered {0}")]
    Unavailable(u16),
    /// A body that is not the promised JSON (a proxy's error page, a cut-off body).
    #[error("the server's answer was not the expected JSON")]
    Damaged,
    #[error("the device has no room left")]
    Quota,
    /// No IndexedDB at all (private mode on some browsers).
    #[error("offline storage is unavailable")]
    Storage,
    /// Another download is under way on this page.
    #[error("a download is already running")]
    Busy,
    /// A page of another version than the manifest's: the server was redeployed midway.
    #[error("the catalogue changed during the download")]
    Changed,
}

impl From<ApiClientError> for DownloadError {
    fn from(e: ApiClientError) -> DownloadError {
        match e {
            ApiClientError::Status(s) => DownloadError::Unavailable(s),
            ApiClientError::Unreachable => DownloadError::Offline,
            ApiClientError::Decode(_) => DownloadError::Damaged,
        }
    }
}

impl From<StoreError> for DownloadError {
    fn from(e: StoreError) -> DownloadError {
        match e {
            StoreError::QuotaExceeded => DownloadError::Quota,
            _ => DownloadError::Storage,
        }
    }
}

/// How a download ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Finished {
    /// Every page stored now.
    Done(Progress),
    /// This version was already complete on the device; nothing was fetched.
    UpToDate(Progress),
}

pub async fn manifest() -> Result<Manifest, DownloadError> {
    let body = api::get_text(MANIFEST_PATH).await?;
    serde_json::from_str(&body).map_err(|_| DownloadError::Damaged)
}

/// The progress record; `None` when there is none or it is unreadable.
pub async fn progress() -> Option<Progress> {
    let store = Store::open().await.ok()?;
    let saved = read_progress(&store).await;
    store.close();
    saved
}

async fn read_progress(store: &Store) -> Option<Progress> {
    let saved = store.response(PROGRESS_KEY).await.ok()??;
    serde_json::from_str(&saved.body).ok()
}

async fn write_progress(store: &Store, p: &Progress) -> Result<(), StoreError> {
    let body = serde_json::to_string(p).map_err(|_| StoreError::Request)?;
    store.put_response(PROGRESS_KEY, &body, js_sys::Date::now()).await
}

/// Downloads what the device lacks of the server's current catalogue: asks for the
/// manifest (`on_manifest` sees it), then stores the pages and resources still missing,
/// calling `on_step` after each. Resumes where a download of the same version stopped;
/// if the server changes version midway, starts over on the new one.
pub async fn update(on_manifest: impl Fn(&Manifest), on_step: impl Fn(&Progress)) -> Result<Finished, DownloadError> {
    if RUNNING.with(|r| r.replace(true)) {
        return Err(DownloadError::Busy);
    }
    let mut outcome = Err(DownloadError::Changed);
    // A redeploy during a download is rare; two in a row rarer still.
    for _ in 0..3 {
        outcome = match manifest().await {
            Ok(m) => {
                on_manifest(&m);
                run(&m, &on_step).await
            }
            Err(e) => Err(e),
        };
        if outcome != Err(DownloadError::Changed) {
            break;
        }
    }
    RUNNING.with(|r| r.set(false));
    outcome
}

async fn run(m: &Manifest, on_step: &impl Fn(&Progress)) -> Result<Finished, DownloadError> {
    let store = Store::open().await?;
    let outcome = steps(&store, m, on_step).await;
    store.close();
    outcome
}

async fn steps(store: &Store, m: &Manifest, on_step: &impl Fn(&Progress)) -> Result<Finished, DownloadError> {
    let resources = m.resources.len() as u32;
    let mut p = match read_progress(store).await {
        Some(p) if p.version == m.version && p.pages == m.page_count() && p.resources == resources => p,
        // Same procedures, other resources (a form schema added): keep the pages.
        Some(p) if p.version == m.version && p.pages == m.page_count() => {
            Progress { resources, resources_done: 0, done_ms: None, ..p }
        }
        // Another version's pages stay stored (the new ones overwrite them) but count
        // for nothing towards this one.
        _ => Progress::start(m),
    };
    if p.complete() {
        return Ok(Finished::UpToDate(p));
    }
    let todo: Vec<u32> = m.rest(p.next_page).map(|info| info.page).collect();
    for page in todo {
        let text = api::get_text(&format!("{MANIFEST_PATH}/{page}")).await?;
        let bodies = procedures_of(&text, &m.version)?;
        store.save_procedures(&bodies, js_sys::Date::now()).await?;
        p.next_page = page + 1;
        p.procedures += bodies.len() as u32;
        write_progress(store, &p).await?;
        on_step(&p);
    }
    p.next_page = p.pages + 1;
    for path in m.resources.iter().skip(p.resources_done as usize) {
        match api::get_text(path).await {
            Ok(body) => store.put_response(path, &body, js_sys::Date::now()).await?,
            // Gone since the manifest was made (a form withdrawn): nothing to keep.
            Err(ApiClientError::Status(s)) if (400..500).contains(&s) => {}
            Err(e) => return Err(e.into()),
        }
        p.resources_done += 1;
        write_progress(store, &p).await?;
        on_step(&p);
    }
    p.done_ms = Some(js_sys::Date::now());
    write_progress(store, &p).await?;
    Ok(Finished::Done(p))
}

/// Each procedure of a page as (code, its JSON text). A page of another version than
/// the manifest's is [`DownloadError::Changed`].
fn procedures_of(text: &str, version: &str) -> Result<Vec<(String, JsValue)>, DownloadError> {
    let page = JSON::parse(text).map_err(|_| DownloadError::Damaged)?;
    let field = |v: &JsValue, name: &str| js_sys::Reflect::get(v, &JsValue::from_str(name)).ok();
    match field(&page, "version").and_then(|v| v.as_string()) {
        Some(v) if v == version => {}
        Some(_) => return Err(DownloadError::Changed),
        None => return Err(DownloadError::Damaged),
    }
    let list = field(&page, "procedures").filter(Array::is_array).ok_or(DownloadError::Damaged)?;
    let mut bodies = Vec::new();
    for item in Array::from(&list).iter() {
        // A procedure without a code could never be opened: leave it out, keep the rest.
        let Some(code) = field(&item, "code").and_then(|c| c.as_string()) else { continue };
        let body = JSON::stringify(&item).map_err(|_| DownloadError::Damaged)?;
        bodies.push((code, body.into()));
    }
    Ok(bodies)
}
