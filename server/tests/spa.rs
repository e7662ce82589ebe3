//! Static SPA hosting, caching and security headers, and a fuzz-style pass of odd
//! requests that must never produce a 5xx or reach outside `dist/`.

mod common;

use common::{
    get, get_with, raw, shared, try_raw, Server, HASHED_CSS, HASHED_JS, HASHED_WASM, INDEX_MARKER,
    SECRET,
};

fn server() -> &'static Server {
    shared("spa-tests")
}

fn addr() -> std::net::SocketAddr {
    server().addr
}

#[test]
fn startup_reports_the_loaded_dist() {
    assert!(
        matches!(
            server().report.dist,
            portal_server::DistStatus::Ready { files: 7 }
        ),
        "{:?}",
        server().report.dist
    );
}

#[test]
fn index_is_never_cached_without_revalidation() {
    for path in ["/", "/index.html"] {
        let r = get(addr(), path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.text().contains(INDEX_MARKER));
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(r.header("cache-control"), Some("no-cache"));
        common::assert_security_headers(&r);
        let etag = r.header("etag").expect("etag");
        assert_eq!(
            get_with(addr(), path, &[("If-None-Match", etag)]).status,
            304
        );
    }
}

#[test]
fn deep_links_fall_back_to_the_index() {
    for path in [
        "/thu-tuc/1.001612",
        "/thu-tuc/1.001612?tab=phi",
        "/tim-kiem",
        "/en/procedures/1.000005/",
        "/a/b/c/d",
    ] {
        let r = get(addr(), path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.text().contains(INDEX_MARKER), "{path}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(r.header("cache-control"), Some("no-cache"));
        common::assert_security_headers(&r);
    }
}

#[test]
fn missing_files_with_an_extension_are_404_not_the_index() {
    for path in [
        "/missing.js",
        "/portal-app-ffffffffffffffff_bg.wasm",
        "/icons/none.png",
        "/a/b/style.css",
    ] {
        let r = get(addr(), path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.text().contains(INDEX_MARKER), "{path}");
        common::assert_security_headers(&r);
    }
}

#[test]
fn hashed_assets_are_immutable_and_typed() {
    for (name, ctype) in [
        (HASHED_JS, "text/javascript; charset=utf-8"),
        (HASHED_WASM, "application/wasm"),
        (HASHED_CSS, "text/css; charset=utf-8"),
        (
            "snippets/portal-app-0123456789abcdef/inline0.js",
            "text/javascript; charset=utf-8",
        ),
    ] {
        let r = get(addr(), &format!("/{name}"));
        assert_eq!(r.status, 200, "{name}");
        assert_eq!(r.header("content-type"), Some(ctype), "{name}");
        assert_eq!(
            r.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{name}"
        );
        common::assert_security_headers(&r);
    }
    for (name, ctype) in [
        ("sw.js", "text/javascript; charset=utf-8"),
        ("manifest.webmanifest", "application/manifest+json"),
    ] {
        let r = get(addr(), &format!("/{name}"));
        assert_eq!(r.status, 200, "{name}");
        assert_eq!(r.header("content-type"), Some(ctype), "{name}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{name}");
    }
}

#[test]
fn compressible_assets_come_precompressed() {
    let plain = get(addr(), &format!("/{HASHED_JS}"));
    let br = get_with(
        addr(),
        &format!("/{HASHED_JS}"),
        &[("Accept-Encoding", "br, gzip")],
    );
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("vary"), Some("accept-encoding"));
    assert_eq!(common::unbrotli(&br.body), plain.body);
    let gz = get_with(
        addr(),
        &format!("/{HASHED_WASM}"),
        &[("Accept-Encoding", "gzip")],
    );
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gz.header("content-type"), Some("application/wasm"));
    assert_eq!(
        common::gunzip(&gz.body),
        get(addr(), &format!("/{HASHED_WASM}")).body
    );
}

#[test]
fn dotfiles_and_files_outside_dist_are_not_served() {
    for path in [
        "/.hidden",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
    ] {
        let r = try_raw(addr(), "GET", path.as_bytes(), &[], b"");
        if let Some(r) = r {
            assert!(r.status < 500, "{path}");
            assert!(!r.text().contains(SECRET), "{path}");
            assert!(!r.text().contains("dotfiles are not part"), "{path}");
        }
    }
}

#[test]
fn static_paths_accept_only_get_and_head() {
    let head = raw(addr(), "HEAD", &format!("/{HASHED_JS}"), &[]);
    assert_eq!(head.status, 200);
    assert!(head.header("content-length").is_some_and(|l| l != "0"));
    let post = raw(addr(), "POST", "/thu-tuc/1.001612", &[]);
    assert_eq!(post.status, 405);
    assert_eq!(post.api_error(), "method_not_allowed");
    common::assert_security_headers(&post);
}

/// A small deterministic generator: reproducible failures without a fuzzing crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() as usize) % items.len()]
    }
}

#[test]
fn odd_requests_never_cause_a_server_error_or_escape_dist() {
    let prefixes = [
        "/",
        "/api/",
        "/api/v1/",
        "/api/v1/procedures/",
        "/api/v1/admin-units/provinces/",
        "/thu-tuc/",
        "/snippets/",
        "/api/v1/catalogue",
        "/api/openapi.json",
    ];
    let pieces: [&[u8]; 24] = [
        b"..",
        b"%2e%2e",
        b"%2E%2e%2F",
        b"..%2f",
        b"..%5c",
        b"%5c",
        b"%00",
        b"%ff%fe",
        b"%c0%af",
        b"%e0%80%af",
        b"%",
        b"%zz",
        b"%%",
        b"secret.txt",
        b"etc/passwd",
        b"1.001612",
        b"wards",
        b"//",
        b"./",
        b"~",
        b"%F0%9F%98%80",
        b"\xc3\xa1",
        b"a;b=c",
        b"?q=%ff%00&x=..%2f",
    ];
    let mut rng = Lcg(0x5eed);
    let mut targets: Vec<Vec<u8>> = Vec::new();
    for _ in 0..260 {
        let mut t = rng.pick(&prefixes).as_bytes().to_vec();
        for _ in 0..(1 + rng.next() % 6) {
            let piece = rng.pick::<&[u8]>(&pieces);
            t.extend_from_slice(piece);
            if rng.next().is_multiple_of(3) {
                t.push(b'/');
            }
        }
        targets.push(t);
    }
    targets.push(format!("/{}", "a".repeat(8_000)).into_bytes());
    targets.push(format!("/api/v1/procedures/{}", "9".repeat(8_000)).into_bytes());
    targets.push(format!("/thu-tuc/{}", "%ff".repeat(3_000)).into_bytes());
    targets.push(format!("/?{}", "x=%00&".repeat(2_000)).into_bytes());
    targets.push(format!("/{}", "../".repeat(500)).into_bytes());
    targets.push(b"/../../../../../../etc/passwd".to_vec());
    targets.push(b"/api/../../secret.txt".to_vec());
    targets.push(b"*".to_vec());
    targets.push(b"http://127.0.0.1/../secret.txt".to_vec());

    let header_sets: [&[(&str, &str)]; 8] = [
        &[],
        &[("Accept-Encoding", "br;q=NaN, gzip;q=-1, *;q=2")],
        &[("If-None-Match", "\"unterminated, W/, ,,,\"\"")],
        &[("If-None-Match", "*"), ("Accept-Encoding", "identity;q=0")],
        &[("Range", "bytes=0-10, 5-1")],
        &[
            ("Content-Type", "application/json"),
            ("Accept", "*/*;q=abc"),
        ],
        &[("X-Forwarded-For", "::::"), ("Cookie", "a=%ff")],
        &[(
            "Accept-Encoding",
            "gzip, br, deflate, zstd, compress, x-gzip;q=0.5",
        )],
    ];
    let methods = ["GET", "HEAD", "GET", "OPTIONS", "POST", "TRACE", "PROPFIND"];
    let long_header = "W/\"x\", ".repeat(1_000);

    let mut answered = 0;
    for (i, target) in targets.iter().enumerate() {
        let method = methods[i % methods.len()];
        let mut headers: Vec<(&str, &str)> = header_sets[i % header_sets.len()].to_vec();
        if i % 17 == 0 {
            headers.push(("If-None-Match", &long_header));
        }
        let Some(r) = try_raw(addr(), method, target, &headers, b"") else {
            continue;
        };
        answered += 1;
        let shown = String::from_utf8_lossy(&target[..target.len().min(120)]).into_owned();
        assert!(
            r.status < 500,
            "{method} {shown} -> {}: {}",
            r.status,
            r.text()
        );
        assert!(
            !r.text().contains(SECRET),
            "{method} {shown} leaked a file outside dist"
        );
        assert!(
            !r.text().contains("root:x:0:0"),
            "{method} {shown} served /etc/passwd"
        );
        if target.starts_with(b"/api/") && r.status >= 400 && method != "HEAD" {
            r.api_error();
        }
    }
    assert!(
        answered > 200,
        "only {answered} requests got an HTTP answer"
    );
}
