//! The offline bundle: every procedure's detail, in pages, for community teams who
//! download the whole catalogue to a phone (`/api/v1/offline/procedures[/{page}]`).
//!
//! The page bodies are assembled from the very JSON text `GET /api/v1/procedures/{code}`
//! serves (the `json` column), so the app can store each element as if it had fetched
//! it alone. They are read at startup; compressing them (≈17 MB raw, brotli 9 at most:
//! ≈1.5 s, where 11 takes ≈22 s for 6 % less) runs in the background and the first
//! requests wait for it; a restart reads the cache. The compressed forms are kept in
//! their own directory, `<cache-dir>/offline/`, pruned once this bundle is built: the
//! shared startup cache is pruned before this work ends, and would delete its entries.

use serde::Serialize;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Instant;
use utoipa::ToSchema;

use crate::compress_cache::CompressCache;
use crate::error::AppError;
use crate::representation::{json_content_type, no_cache, Effort, Representation};

/// Procedures per page. Measured on the seeded catalogue (2,849 procedures, 17.4 MB of
/// detail JSON): 6.1 KB per procedure on average, 76 KB the largest. 50 makes 57 pages
/// of 306 KB raw on average (125–656 KB), 25 KB brotli 11 (13–38 KB); 1.46 MB brotli in
/// all. Each page finishes within seconds on a weak 3G link, so a lost connection costs
/// one short page and progress moves visibly; 250 (≈1.5 MB raw a page) would leave a
/// phone on one request for a long time and parse a large body at once.
pub const PAGE_SIZE: usize = 50;

/// The manifest: what there is to download, page by page, and how big it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OfflineManifest {
    /// 16 lowercase hex digits, a hash of every procedure's detail in order: equal
    /// versions mean identical bundles. Every page carries it too.
    #[schema(example = "3f2a9c0d1b4e5f60")]
    pub version: String,
    /// Number of procedures in the bundle (the catalogue's size).
    pub procedures: usize,
    /// Procedures per page (the last page may hold fewer).
    pub page_size: usize,
    pub pages: Vec<OfflinePageInfo>,
    /// Other API paths a form needs offline: the provinces and each one's wards (for
    /// addresses) and the official form schemas. The app fetches and keeps each; a
    /// procedure without an official form gets its generic form from its detail, which
    /// the pages carry.
    #[schema(example = json!(["/api/v1/admin-units/provinces", "/api/v1/admin-units/provinces/01/wards", "/api/v1/forms/1.001612"]))]
    pub resources: Vec<String>,
    /// Sum of the pages' `bytes`.
    pub total_bytes: usize,
    /// Sum of the pages' `transfer_bytes`: what a browser downloads with `br`.
    pub transfer_bytes: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OfflinePageInfo {
    /// 1-based page number, as in `/api/v1/offline/procedures/{page}`.
    pub page: usize,
    /// Procedures on this page.
    pub procedures: usize,
    /// Size of the page's JSON body.
    pub bytes: usize,
    /// Size of the page's brotli-compressed body (`Accept-Encoding: br`).
    pub transfer_bytes: usize,
}

/// One page, as served (documentation only: the body is assembled from stored JSON).
#[derive(Serialize, ToSchema)]
pub struct OfflinePage {
    /// The bundle version of the manifest.
    pub version: String,
    pub page: usize,
    /// Each exactly as `GET /api/v1/procedures/{code}` answers it, in code order.
    pub procedures: Vec<domain::Procedure>,
}

/// Identity bodies, made at startup from the database.
pub struct Sources {
    version: String,
    procedures: usize,
    /// `(procedures on the page, JSON body)`.
    pages: Vec<(usize, Vec<u8>)>,
    resources: Vec<String>,
}

/// Reads every procedure's stored detail JSON, in code order, and lays out the pages.
pub fn load(conn: &rusqlite::Connection) -> Result<Sources, rusqlite::Error> {
    let mut stmt = conn.prepare("SELECT json FROM procedures ORDER BY code")?;
    let details = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut resources = vec!["/api/v1/admin-units/provinces".to_owned()];
    let mut stmt = conn.prepare("SELECT code FROM provinces ORDER BY code")?;
    for code in stmt.query_map([], |r| r.get::<_, i64>(0))? {
        resources.push(format!("/api/v1/admin-units/provinces/{}/wards", code?));
    }
    let mut forms: Vec<&str> = crate::forms::embedded_files().iter().map(|(code, _)| *code).collect();
    forms.sort_unstable();
    resources.extend(forms.iter().map(|code| format!("/api/v1/forms/{code}")));
    Ok(Sources { resources, ..layout(&details) })
}

fn layout(details: &[String]) -> Sources {
    let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
    for detail in details {
        hasher.update(detail.as_bytes());
        // A separator, so that moving text across a boundary changes the version.
        hasher.update(b"\n");
    }
    let version = format!("{:016x}", hasher.digest());
    let pages = details
        .chunks(PAGE_SIZE)
        .enumerate()
        .map(|(i, chunk)| (chunk.len(), page_body(&version, i + 1, chunk)))
        .collect();
    Sources {
        version,
        procedures: details.len(),
        pages,
        resources: Vec::new(),
    }
}

/// `{"version":…,"page":…,"procedures":[<detail>,…]}` with each detail verbatim.
fn page_body(version: &str, page: usize, details: &[String]) -> Vec<u8> {
    let len = details.iter().map(|d| d.len() + 1).sum::<usize>() + 64;
    let mut body = Vec::with_capacity(len);
    // The version is hex digits only: nothing in it needs escaping.
    body.extend_from_slice(
        format!("{{\"version\":\"{version}\",\"page\":{page},\"procedures\":[").as_bytes(),
    );
    for (i, detail) in details.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(detail.as_bytes());
    }
    body.extend_from_slice(b"]}");
    body
}

/// The manifest and every page, each in all its encoded forms.
pub struct Bundle {
    pub manifest: Representation,
    pub pages: Vec<Representation>,
}

impl Bundle {
    fn make(sources: Sources, effort: Effort, cache: &CompressCache) -> std::io::Result<Bundle> {
        let mut pages = Vec::with_capacity(sources.pages.len());
        let mut infos = Vec::with_capacity(sources.pages.len());
        for (i, (count, body)) in sources.pages.into_iter().enumerate() {
            let rep =
                Representation::new(body, json_content_type(), no_cache(), true, effort, cache)?;
            infos.push(OfflinePageInfo {
                page: i + 1,
                procedures: count,
                bytes: rep.identity().len(),
                transfer_bytes: rep.brotli().unwrap_or(rep.identity()).len(),
            });
            pages.push(rep);
        }
        let manifest = OfflineManifest {
            version: sources.version,
            procedures: sources.procedures,
            page_size: PAGE_SIZE,
            resources: sources.resources,
            total_bytes: infos.iter().map(|p| p.bytes).sum(),
            transfer_bytes: infos.iter().map(|p| p.transfer_bytes).sum(),
            pages: infos,
        };
        let body = serde_json::to_vec(&manifest).map_err(std::io::Error::other)?;
        let manifest =
            Representation::new(body, json_content_type(), no_cache(), true, effort, cache)?;
        Ok(Bundle { manifest, pages })
    }
}

/// The bundle, built once, by whoever asks first (the startup task, normally).
pub struct OfflineBundle {
    sources: Mutex<Option<Sources>>,
    effort: Effort,
    cache_dir: Option<PathBuf>,
    built: OnceLock<Result<Bundle, String>>,
}

impl OfflineBundle {
    /// `cache_dir` holds compressed pages across restarts; `None` compresses afresh.
    pub fn new(sources: Sources, effort: Effort, cache_dir: Option<PathBuf>) -> OfflineBundle {
        OfflineBundle {
            sources: Mutex::new(Some(sources)),
            effort,
            cache_dir,
            built: OnceLock::new(),
        }
    }

    /// Builds the bundle if nobody has yet; blocks (a blocking thread) while it is built.
    pub fn build(&self) -> &Result<Bundle, String> {
        self.built.get_or_init(|| {
            let t = Instant::now();
            let Some(sources) = self
                .sources
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
            else {
                // Only if an earlier build panicked half-way.
                return Err("the offline bundle's sources are gone".to_owned());
            };
            let cache = match &self.cache_dir {
                Some(dir) => CompressCache::open(dir.clone()),
                None => CompressCache::disabled(),
            };
            let bundle = Bundle::make(sources, self.effort, &cache).map_err(|e| e.to_string());
            if bundle.is_ok() {
                cache.prune();
            }
            match &bundle {
                Ok(b) => tracing::info!(
                    ms = t.elapsed().as_millis() as u64,
                    pages = b.pages.len(),
                    "offline bundle ready"
                ),
                Err(e) => tracing::error!("cannot build the offline bundle: {e}"),
            }
            bundle
        })
    }

    /// The bundle, waiting off the async workers for it to be built if need be.
    pub async fn ready(self: &std::sync::Arc<Self>) -> Result<&Bundle, AppError> {
        if self.built.get().is_none() {
            let this = self.clone();
            tokio::task::spawn_blocking(move || {
                this.build();
            })
            .await?;
        }
        match self.built.get() {
            Some(Ok(bundle)) => Ok(bundle),
            Some(Err(e)) => Err(AppError::Compress(std::io::Error::other(e.clone()))),
            None => Err(AppError::Compress(std::io::Error::other(
                "the offline bundle was not built",
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("{{\"code\":\"1.{i:06}\",\"name\":\"Thủ tục số {i}\"}}"))
            .collect()
    }

    #[test]
    fn pages_hold_the_details_verbatim_in_order() {
        let d = details(PAGE_SIZE * 2 + 3);
        let s = layout(&d);
        assert_eq!(s.version.len(), 16);
        assert!(s
            .version
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
        assert_eq!(s.procedures, d.len());
        assert_eq!(
            s.pages.iter().map(|p| p.0).collect::<Vec<_>>(),
            [PAGE_SIZE, PAGE_SIZE, 3]
        );
        let mut seen = Vec::new();
        for (i, (_, body)) in s.pages.iter().enumerate() {
            let v: serde_json::Value = serde_json::from_slice(body).unwrap();
            assert_eq!(v["version"], s.version.as_str());
            assert_eq!(v["page"], i + 1);
            assert_eq!(v.as_object().unwrap().len(), 3);
            seen.extend(v["procedures"].as_array().unwrap().iter().cloned());
        }
        let expected: Vec<serde_json::Value> =
            d.iter().map(|s| serde_json::from_str(s).unwrap()).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn the_version_follows_the_content() {
        let a = layout(&details(10)).version;
        assert_eq!(a, layout(&details(10)).version);
        assert_ne!(a, layout(&details(11)).version);
        let mut d = details(10);
        d[3].push(' ');
        assert_ne!(a, layout(&d).version);
    }

    #[test]
    fn the_manifest_adds_up() {
        let bundle = OfflineBundle::new(layout(&details(PAGE_SIZE + 1)), Effort::startup(4), None);
        let b = bundle.build().as_ref().unwrap();
        let m: serde_json::Value = serde_json::from_slice(b.manifest.identity()).unwrap();
        assert_eq!(m["procedures"], PAGE_SIZE + 1);
        assert_eq!(m["page_size"], PAGE_SIZE);
        let pages = m["pages"].as_array().unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0]["bytes"], b.pages[0].identity().len());
        let sum = |k: &str| pages.iter().map(|p| p[k].as_u64().unwrap()).sum::<u64>();
        assert_eq!(m["total_bytes"], sum("bytes"));
        assert_eq!(m["transfer_bytes"], sum("transfer_bytes"));
        assert!(sum("transfer_bytes") < sum("bytes"));
    }
}
