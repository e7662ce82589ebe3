//! The built SPA (Trunk's `dist/`), read into memory once at startup with every
//! compressible file precompressed.
//!
//! Requests are answered from a map keyed by relative path and never touch the file
//! system, so no request path — `..`, encoded slashes, odd bytes — can reach a file
//! outside `dist/`.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::compress_cache::CompressCache;
use crate::error::AppError;
use crate::representation::{Effort, Representation};

/// Guards against a wrong `--dist` (say, `/`) filling memory.
const MAX_FILES: usize = 10_000;
const MAX_DEPTH: usize = 12;
const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum DistError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} holds more than {MAX_FILES} files or {MAX_TOTAL_BYTES} bytes; is --dist pointing at the app build?")]
    TooBig { path: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistStatus {
    /// The directory does not exist: the app has not been built.
    Missing,
    /// Files were loaded but there is no `index.html` to fall back to.
    NoIndex {
        files: usize,
    },
    Ready {
        files: usize,
    },
}

/// Marks a non-JSON error answer as deliberate, so the error-shape middleware leaves it.
#[derive(Debug, Clone, Copy)]
pub struct PlainErrorBody;

pub struct Dist {
    files: HashMap<String, Representation>,
    status: DistStatus,
}

impl Dist {
    pub fn status(&self) -> DistStatus {
        self.status
    }

    /// The app's shell, uncompressed, for the server's first HTML of a page.
    pub fn index_html(&self) -> Option<&[u8]> {
        self.files.get("index.html").map(|f| f.identity().as_ref())
    }

    pub fn load(dir: &Path, effort: Effort, cache: &CompressCache) -> Result<Dist, DistError> {
        if !dir.exists() {
            return Ok(Dist {
                files: HashMap::new(),
                status: DistStatus::Missing,
            });
        }
        let mut found = Vec::new();
        let mut total = 0_u64;
        walk(dir, String::new(), 0, &mut found, &mut total)?;
        let mut files = HashMap::with_capacity(found.len());
        for (rel, path) in found {
            let bytes = std::fs::read(&path).map_err(|source| DistError::Read {
                path: path.clone(),
                source,
            })?;
            let (content_type, compressible) = content_type(&rel);
            let cache_control = if rel != "index.html" && is_hashed(&rel) {
                HeaderValue::from_static("public, max-age=31536000, immutable")
            } else {
                // index.html, sw.js, the manifest: their names stay the same across builds,
                // so the browser must ask every time whether they changed.
                HeaderValue::from_static("no-cache")
            };
            let rep = Representation::new(
                bytes,
                HeaderValue::from_static(content_type),
                cache_control,
                compressible,
                effort,
                cache,
            )
            .map_err(|source| DistError::Read { path, source })?;
            files.insert(rel, rep);
        }
        let status = if files.contains_key("index.html") {
            DistStatus::Ready { files: files.len() }
        } else {
            DistStatus::NoIndex { files: files.len() }
        };
        Ok(Dist { files, status })
    }
}

fn walk(
    dir: &Path,
    prefix: String,
    depth: usize,
    out: &mut Vec<(String, PathBuf)>,
    total: &mut u64,
) -> Result<(), DistError> {
    let read_err = |source| DistError::Read {
        path: dir.to_owned(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let Ok(name) = entry.file_name().into_string() else {
            tracing::warn!(path = %entry.path().display(), "skipping a file whose name is not UTF-8");
            continue;
        };
        // Trunk stages builds in dot-directories; editors leave dotfiles. Neither is the app.
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let meta = std::fs::metadata(&path).map_err(|source| DistError::Read {
            path: path.clone(),
            source,
        })?;
        let rel = format!("{prefix}{name}");
        if meta.is_dir() {
            if depth < MAX_DEPTH {
                walk(&path, format!("{rel}/"), depth + 1, out, total)?;
            }
        } else if meta.is_file() {
            *total += meta.len();
            out.push((rel, path));
            if out.len() > MAX_FILES || *total > MAX_TOTAL_BYTES {
                return Err(DistError::TooBig {
                    path: dir.to_owned(),
                });
            }
        }
    }
    Ok(())
}

fn extension(name: &str) -> Option<&str> {
    let last = name.rsplit('/').next().unwrap_or(name);
    let (_, ext) = last.rsplit_once('.')?;
    // "1.001612" in /thu-tuc/1.001612 is a procedure code, not a file type: a real
    // extension is short and has a letter.
    let plausible = !ext.is_empty()
        && ext.len() <= 12
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && ext.bytes().any(|b| b.is_ascii_alphabetic());
    plausible.then_some(ext)
}

/// `(Content-Type, worth compressing)` by file extension.
fn content_type(name: &str) -> (&'static str, bool) {
    match extension(name).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => ("text/html; charset=utf-8", true),
        Some("js" | "mjs") => ("text/javascript; charset=utf-8", true),
        Some("css") => ("text/css; charset=utf-8", true),
        Some("wasm") => ("application/wasm", true),
        Some("json" | "map") => ("application/json", true),
        Some("webmanifest") => ("application/manifest+json", true),
        Some("svg") => ("image/svg+xml", true),
        Some("txt") => ("text/plain; charset=utf-8", true),
        Some("xml") => ("application/xml", true),
        Some("ico") => ("image/x-icon", true),
        Some("ttf" | "otf") => ("font/ttf", true),
        Some("png") => ("image/png", false),
        Some("jpg" | "jpeg") => ("image/jpeg", false),
        Some("webp") => ("image/webp", false),
        Some("avif") => ("image/avif", false),
        Some("gif") => ("image/gif", false),
        Some("woff2") => ("font/woff2", false),
        Some("woff") => ("font/woff", false),
        _ => ("application/octet-stream", false),
    }
}

/// Trunk puts a 16-hex-digit content hash in file names (`portal-app-1a2b…_bg.wasm`,
/// `main-1a2b….css`) and snippet directories; the build hook does the same for
/// `boot-1a2b….js`. Such a URL's content never changes, so it may be cached forever.
fn is_hashed(rel: &str) -> bool {
    rel.split(['/', '-', '_', '.'])
        .any(|part| (16..=64).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The map key a request path names, or None when no file could ever have that name.
fn key_for(path: &str) -> Option<String> {
    let decoded = String::from_utf8(percent_decode(path)?).ok()?;
    let rel = decoded.strip_prefix('/').unwrap_or(&decoded);
    if rel.is_empty() {
        return Some("index.html".to_owned());
    }
    // A trailing slash (`/thu-tuc/`) is still an SPA route; empty segments elsewhere are not.
    let inner = rel.strip_suffix('/').unwrap_or(rel);
    let safe = inner
        .split('/')
        .all(|seg| !seg.is_empty() && seg != "." && seg != ".." && !seg.contains(['\\', '\0']));
    safe.then(|| rel.to_owned())
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = (status, text).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.extensions_mut().insert(PlainErrorBody);
    response
}

const NOT_BUILT: &str = r#"<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><title>Ứng dụng chưa được build — app not built</title></head>
<body>
<h1>Ứng dụng chưa được build</h1>
<p>Máy chủ đang chạy nhưng không tìm thấy bản build của ứng dụng (thư mục <code>dist/</code>).
Hãy chạy <code>./scripts/run.sh</code> (hoặc <code>trunk build --release</code> rồi khởi động lại máy chủ với <code>--dist</code>).</p>
<h2 lang="en">The app has not been built</h2>
<p lang="en">The server is running but found no app build (the <code>dist/</code> directory, or its
<code>index.html</code>). Run <code>./scripts/run.sh</code>, or <code>trunk build --release</code> and restart the
server with <code>--dist</code> pointing at the output. The API works meanwhile: <a href="/api/v1/health">/api/v1/health</a>,
<a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body>
</html>
"#;

fn not_built() -> Response {
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, NOT_BUILT).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.extensions_mut().insert(PlainErrorBody);
    response
}

/// The service worker's file: `no-cache` like every unhashed name (a stale worker would
/// pin a stale app), and allowed to control all of `/`.
const SERVICE_WORKER: &str = "sw.js";

/// Every path outside `/api`: a file from `dist/`, else `index.html` so the SPA's
/// router can handle deep links such as `/thu-tuc/1.001612`.
pub async fn serve(
    State(dist): State<Arc<Dist>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = AppError::MethodNotAllowed(method).into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let Some(key) = key_for(uri.path()) else {
        return plain(StatusCode::NOT_FOUND, "404 — không tìm thấy / not found\n");
    };
    if let Some(file) = dist.files.get(&key) {
        let mut response = file.respond(&headers);
        if key == SERVICE_WORKER {
            // The worker may control the whole origin, wherever a later build puts it.
            response.headers_mut().insert(
                HeaderName::from_static("service-worker-allowed"),
                HeaderValue::from_static("/"),
            );
        }
        return response;
    }
    if key != "index.html" && extension(&key).is_some() {
        // A missing script or image must fail loudly, not arrive as HTML the browser
        // then refuses to run.
        return plain(
            StatusCode::NOT_FOUND,
            "404 — không tìm thấy tệp / file not found\n",
        );
    }
    match dist.files.get("index.html") {
        Some(index) => index.respond(&headers),
        None => not_built(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_names_count_as_hashed() {
        assert!(is_hashed("portal-app-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed("portal-app-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed("main-0123456789abcdef.css"));
        assert!(is_hashed("snippets/portal-app-0123456789abcdef/inline0.js"));
        assert!(!is_hashed("sw.js"));
        assert!(!is_hashed("manifest.webmanifest"));
        assert!(!is_hashed("icon-192.png"));
    }

    #[test]
    fn procedure_codes_are_not_extensions() {
        assert_eq!(extension("thu-tuc/1.001612"), None);
        assert_eq!(extension("missing.js"), Some("js"));
        assert_eq!(extension("a/b.webmanifest"), Some("webmanifest"));
        assert_eq!(extension("thu-tuc"), None);
    }

    fn serve_now(dist: &Arc<Dist>, path: &str, headers: HeaderMap) -> Response {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(serve(
                State(dist.clone()),
                Method::GET,
                path.parse().expect("uri"),
                headers,
            ))
    }

    #[test]
    fn worker_and_manifest_headers() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("index.html"), "<!doctype html>").unwrap();
        std::fs::write(
            dir.path().join("sw.js"),
            "self.addEventListener('fetch', () => {});",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("manifest.webmanifest"),
            r#"{"name":"Cổng"}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("app-0123456789abcdef.js"), "export {};").unwrap();
        let dist = Arc::new(
            Dist::load(dir.path(), Effort::startup(4), &CompressCache::disabled()).unwrap(),
        );

        let sw = serve_now(&dist, "/sw.js", HeaderMap::new());
        assert_eq!(sw.status(), StatusCode::OK);
        let h = sw.headers();
        assert_eq!(h["cache-control"], "no-cache");
        assert_eq!(h["service-worker-allowed"], "/");
        assert_eq!(h["content-type"], "text/javascript; charset=utf-8");
        // A revalidated worker keeps its scope permission.
        let mut again = HeaderMap::new();
        again.insert(header::IF_NONE_MATCH, h["etag"].clone());
        let not_modified = serve_now(&dist, "/sw.js", again);
        assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(not_modified.headers()["service-worker-allowed"], "/");
        assert_eq!(not_modified.headers()["cache-control"], "no-cache");

        let manifest = serve_now(&dist, "/manifest.webmanifest", HeaderMap::new());
        assert_eq!(manifest.status(), StatusCode::OK);
        assert_eq!(
            manifest.headers()["content-type"],
            "application/manifest+json"
        );
        assert_eq!(manifest.headers()["cache-control"], "no-cache");
        assert!(manifest.headers().get("service-worker-allowed").is_none());

        let hashed = serve_now(&dist, "/app-0123456789abcdef.js", HeaderMap::new());
        assert_eq!(
            hashed.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert!(hashed.headers().get("service-worker-allowed").is_none());
    }

    #[test]
    fn unsafe_paths_have_no_key() {
        assert_eq!(key_for("/"), Some("index.html".into()));
        assert_eq!(key_for("/a/b.js"), Some("a/b.js".into()));
        assert_eq!(key_for("/thu-tuc/"), Some("thu-tuc/".into()));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/a/%2E%2E/%2E%2E/b",
            "/a//b",
            "//",
            "/a/../",
            "/a\\b",
            "/%5c..%5cx",
            "/%ff",
            "/%zz",
            "/%",
            "/a/./b",
            "/x%00.js",
        ] {
            assert_eq!(key_for(bad), None, "{bad}");
        }
    }
}
