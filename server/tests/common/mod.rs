//! Test harness: a real server on an ephemeral loopback port with its own data
//! directory (real SQLite file) and a fake `dist/`, and a raw HTTP/1.1 client that can
//! send what a well-behaved client library would refuse to (bad escapes, `..`).
#![allow(dead_code)]

pub mod filings;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use portal_server::{Config, StartupReport};

/// Low brotli quality keeps debug-build startup quick; the code path is the real one.
pub const TEST_BROTLI_QUALITY: u32 = 4;

pub const HASHED_JS: &str = "portal-app-0123456789abcdef.js";
pub const HASHED_WASM: &str = "portal-app-0123456789abcdef_bg.wasm";
pub const HASHED_CSS: &str = "main-fedcba9876543210.css";
pub const INDEX_MARKER: &str = "<!-- fake portal index -->";
/// Written next to (outside) the dist directory; must never be served.
pub const SECRET: &str = "TOP-SECRET-OUTSIDE-DIST";

pub struct Server {
    pub addr: SocketAddr,
    pub report: StartupReport,
    pub data_dir: PathBuf,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts a server on its own runtime thread, so it outlives any one test's runtime.
pub fn start(data_dir: &Path, dist: &Path) -> Server {
    start_with(data_dir, dist, |_| {})
}

/// [`start`] with settings changed by `adjust` (say, a lower registry rate limit).
pub fn start_with(data_dir: &Path, dist: &Path, adjust: impl FnOnce(&mut Config)) -> Server {
    let mut config = Config::new(data_dir, dist);
    config.brotli_quality = TEST_BROTLI_QUALITY;
    // A test binary files, hands off and reports events by the hundred within seconds,
    // all from 127.0.0.1: the anti-automation limits would be what it measures.
    // `tests/rate_limits.rs` turns them on (and checks their defaults) itself.
    config.filing_rate_per_minute = 0;
    config.handoff_rate_per_minute = 0;
    config.event_rate_per_minute = 0;
    adjust(&mut config);
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (shutdown_tx, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("test runtime");
        runtime.block_on(async move {
            let portal = portal_server::build(&config).await.expect("server builds");
            let listener = tokio::net::TcpListener::bind((config.bind, config.port))
                .await
                .expect("bind");
            let addr = listener.local_addr().expect("local addr");
            ready_tx.send((addr, portal.report)).expect("report ready");
            portal_server::serve(listener, portal.router, async {
                let _ = shutdown_rx.await;
            })
            .await
            .expect("serve");
        });
    });
    let (addr, report) = ready_rx
        .recv_timeout(Duration::from_secs(300))
        .expect("server started");
    Server {
        addr,
        report,
        data_dir: data_dir.to_owned(),
        shutdown: Some(shutdown_tx),
        thread: Some(thread),
    }
}

/// A work directory under Cargo's target tmp dir, emptied first: shared servers live
/// in statics that are never dropped, so a temp dir would leak on every run.
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create test dir");
    dir
}

/// Builds a small fake Trunk output in `root/dist` and a secret file beside it.
pub fn make_dist(root: &Path) -> PathBuf {
    let dist = root.join("dist");
    std::fs::create_dir_all(dist.join("snippets/portal-app-0123456789abcdef")).expect("mkdir dist");
    let write =
        |name: &str, body: &[u8]| std::fs::write(dist.join(name), body).expect("write dist file");
    write(
        "index.html",
        format!(
            "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Cổng DVC</title>\
             <script type=\"module\" src=\"/{HASHED_JS}\"></script></head><body>{INDEX_MARKER}</body></html>\n"
        )
        .as_bytes(),
    );
    // Large and repetitive so compression clearly wins.
    write(
        HASHED_JS,
        "export function thuTuc() { return 'thủ tục hành chính'; }\n"
            .repeat(200)
            .as_bytes(),
    );
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(0u8, 4096));
    write(HASHED_WASM, &wasm);
    write(
        HASHED_CSS,
        "body { font-family: system-ui; color: #111; }\n"
            .repeat(50)
            .as_bytes(),
    );
    write("sw.js", b"self.addEventListener('fetch', () => {});\n");
    write(
        "manifest.webmanifest",
        br#"{"name":"Cong Dich vu cong","start_url":"/"}"#,
    );
    write(
        "snippets/portal-app-0123456789abcdef/inline0.js",
        b"export const x = 1;\n",
    );
    write(".hidden", b"dotfiles are not part of the app");
    std::fs::write(root.join("secret.txt"), SECRET).expect("write secret");
    dist
}

/// One server per test binary, started on first use.
pub fn shared(name: &'static str) -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let root = fresh_dir(name);
        let dist = make_dist(&root);
        start(&root.join("var"), &dist)
    })
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Asserts the API error shape and returns the code.
    pub fn api_error(&self) -> String {
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "{self:?}"
        );
        let v = self.json();
        let e = &v["error"];
        for field in ["message_vi", "message_en"] {
            let m = e[field]
                .as_str()
                .unwrap_or_else(|| panic!("{field} missing in {v}"));
            assert!(!m.is_empty(), "{field} empty in {v}");
        }
        assert_eq!(
            v.as_object().map(|o| o.len()),
            Some(1),
            "only `error` at top level: {v}"
        );
        e["code"]
            .as_str()
            .unwrap_or_else(|| panic!("code missing in {v}"))
            .to_owned()
    }
}

/// Sends raw bytes as the request target; `None` when the server closed the
/// connection without a parsable answer (as hyper may on a malformed request line).
pub fn try_raw(
    addr: SocketAddr,
    method: &str,
    target: &[u8],
    headers: &[(&str, &str)],
    body: &[u8],
) -> Option<Response> {
    let stream = TcpStream::connect(addr).expect("connect");
    exchange(stream, method, target, headers, body)
}

/// [`try_raw`] from another local address (say `127.0.0.2`; all of 127/8 is loopback on
/// Linux), so the server sees another client, as the rate limits key on the peer address.
pub fn raw_from(
    source: std::net::IpAddr,
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    // std cannot bind before connecting; tokio's socket can, and hands the stream back.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("client runtime");
    let stream = runtime.block_on(async {
        let socket = match source {
            std::net::IpAddr::V4(_) => tokio::net::TcpSocket::new_v4(),
            std::net::IpAddr::V6(_) => tokio::net::TcpSocket::new_v6(),
        }
        .expect("socket");
        socket
            .bind(SocketAddr::new(source, 0))
            .expect("bind source");
        socket.connect(addr).await.expect("connect")
    });
    let stream = stream.into_std().expect("std stream");
    stream.set_nonblocking(false).expect("blocking");
    drop(runtime);
    exchange(stream, method, target.as_bytes(), headers, body)
        .unwrap_or_else(|| panic!("no HTTP answer to {method} {target}"))
}

fn exchange(
    mut stream: TcpStream,
    method: &str,
    target: &[u8],
    headers: &[(&str, &str)],
    body: &[u8],
) -> Option<Response> {
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let mut req = Vec::new();
    req.extend_from_slice(method.as_bytes());
    req.push(b' ');
    req.extend_from_slice(target);
    req.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    if !body.is_empty() {
        req.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    req.extend_from_slice(b"\r\n");
    req.extend_from_slice(body);
    // The server may answer and close before reading everything (e.g. a 413).
    let _ = stream.write_all(&req);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse(&raw, method == "HEAD")
}

pub fn raw(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)]) -> Response {
    try_raw(addr, method, target.as_bytes(), headers, b"")
        .unwrap_or_else(|| panic!("no HTTP answer to {method} {target}"))
}

pub fn get(addr: SocketAddr, target: &str) -> Response {
    raw(addr, "GET", target, &[])
}

pub fn get_with(addr: SocketAddr, target: &str, headers: &[(&str, &str)]) -> Response {
    raw(addr, "GET", target, headers)
}

fn parse(raw: &[u8], head: bool) -> Option<Response> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head_text = std::str::from_utf8(&raw[..split]).ok()?;
    let mut lines = head_text.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if head || status == 304 || status == 204 {
        Vec::new()
    } else if chunked {
        dechunk(rest)?
    } else {
        rest.to_vec()
    };
    Some(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(
            std::str::from_utf8(&rest[..line_end])
                .ok()?
                .split(';')
                .next()?
                .trim(),
            16,
        )
        .ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

pub fn unbrotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &data[..], &mut out).expect("valid brotli");
    out
}

pub fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

pub const SECURITY_HEADERS: [&str; 6] = [
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "permissions-policy",
    "cross-origin-opener-policy",
];

pub fn assert_security_headers(r: &Response) {
    assert_eq!(
        r.header("content-security-policy"),
        Some(portal_server::CONTENT_SECURITY_POLICY),
        "{r:?}"
    );
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
    assert_eq!(r.header("cross-origin-opener-policy"), Some("same-origin"));
    assert!(r.header("referrer-policy").is_some());
    assert!(r
        .header("permissions-policy")
        .is_some_and(|p| p.contains("camera=()")));
}

/// A `multipart/form-data` body built by hand, so tests control every byte (a file
/// part's declared type, a missing part, a duplicated one).
pub struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

impl Default for Multipart {
    fn default() -> Self {
        Multipart::new()
    }
}

impl Multipart {
    pub fn new() -> Multipart {
        Multipart {
            boundary: "----portal-test-boundary-7MA4YWxkTrZu0gW".to_owned(),
            body: Vec::new(),
        }
    }

    /// A part without a file name, e.g. the `dossier` JSON.
    pub fn text(mut self, name: &str, content_type: &str, value: &[u8]) -> Multipart {
        self.body.extend_from_slice(
            format!(
                "--{}\r\nContent-Disposition: form-data; name=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n",
                self.boundary
            )
            .as_bytes(),
        );
        self.body.extend_from_slice(value);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    pub fn json(self, name: &str, value: &serde_json::Value) -> Multipart {
        let bytes = serde_json::to_vec(value).expect("json");
        self.text(name, "application/json", &bytes)
    }

    pub fn file(mut self, name: &str, file_name: &str, mime: &str, bytes: &[u8]) -> Multipart {
        self.body.extend_from_slice(
            format!(
                "--{}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {mime}\r\n\r\n",
                self.boundary
            )
            .as_bytes(),
        );
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// The `Content-Type` header value and the finished body.
    pub fn finish(mut self) -> (String, Vec<u8>) {
        self.body
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        (
            format!("multipart/form-data; boundary={}", self.boundary),
            self.body,
        )
    }
}

/// POST with a body; `headers` should name the content type.
pub fn post(addr: SocketAddr, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    try_raw(addr, "POST", target.as_bytes(), headers, body)
        .unwrap_or_else(|| panic!("no HTTP answer to POST {target}"))
}

pub fn post_json(addr: SocketAddr, target: &str, value: &serde_json::Value) -> Response {
    let body = serde_json::to_vec(value).expect("json");
    post(addr, target, &[("Content-Type", "application/json")], &body)
}

/// The 429 shape every limit shares; returns `Retry-After` and the Vietnamese message.
pub fn assert_limited(r: &Response, max_wait: u64) -> (u64, String) {
    assert_eq!(r.status, 429, "{}", r.text());
    assert_eq!(r.api_error(), "rate_limited");
    let wait: u64 = r
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in whole seconds");
    assert!((1..=max_wait).contains(&wait), "{wait}");
    let body = r.json();
    let vi = body["error"]["message_vi"].as_str().expect("vi").to_owned();
    let en = body["error"]["message_en"].as_str().expect("en");
    for m in [vi.as_str(), en] {
        assert!(m.contains(&wait.to_string()), "the wait is named: {m}");
    }
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_security_headers(r);
    (wait, vi)
}
