//! `POST /api/v1/csp-reports` over real HTTP: both formats browsers send are counted with
//! nothing but directive, blanked path and blocked origin; junk is a 400 in the API's
//! shape and never a 500; bodies are size-limited and clients rate-limited; the sandbox
//! read shows the counts. The policy names the endpoint (`security_headers.rs` checks it
//! on every response).

mod common;

use common::{get, raw, raw_from, Response, Server};
use portal_server::Config;
use serde_json::{json, Value};
use std::net::{IpAddr, Ipv4Addr};

const PATH: &str = "/api/v1/csp-reports";
const LIST: &str = "/api/v1/sandbox/csp-reports";
const LEGACY: &str = "application/csp-report";
const REPORTING: &str = "application/reports+json";
const OTHER: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3));

fn start(name: &str, adjust: impl FnOnce(&mut Config)) -> Server {
    let root = common::fresh_dir(name);
    let dist = common::make_dist(&root);
    common::start_with(&root.join("var"), &dist, adjust)
}

fn send_from(source: IpAddr, server: &Server, headers: &[(&str, &str)], body: &[u8]) -> Response {
    raw_from(source, server.addr, "POST", PATH, headers, body)
}

fn send(server: &Server, content_type: &str, body: &[u8]) -> Response {
    send_from(
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        server,
        &[("Content-Type", content_type)],
        body,
    )
}

/// What Chromium posts to `report-uri`, with a query and codes that must not be kept.
fn legacy(directive: &str) -> Vec<u8> {
    json!({"csp-report": {
        "document-uri": "http://127.0.0.1:8080/ho-so/000.00.31.H29-251122-0001-AB?key=0123456789abcdef",
        "referrer": "",
        "violated-directive": directive,
        "effective-directive": directive,
        "original-policy": portal_server::CONTENT_SECURITY_POLICY,
        "disposition": "enforce",
        "blocked-uri": "https://tracker.example:8443/pixel.png?who=0912345678",
        "line-number": 1,
        "column-number": 94,
        "source-file": "http://127.0.0.1:8080/ho-so/000.00.31.H29-251122-0001-AB",
        "status-code": 200,
        "script-sample": ""
    }})
    .to_string()
    .into_bytes()
}

/// What Chromium posts for `report-to`: a batch, here with a report of another type.
fn batch() -> Vec<u8> {
    json!([
        {"type": "deprecation", "age": 3, "url": "https://dvc.example/", "user_agent": "x",
         "body": {"id": "x", "message": "y"}},
        {"type": "csp-violation", "age": 0, "url": "https://dvc.example/thu-tuc/1.001612/nop-ho-so",
         "user_agent": "Mozilla/5.0",
         "body": {"documentURL": "https://dvc.example/thu-tuc/1.001612/nop-ho-so/0b6f2c1e-3d4a-4f5b-8c7d-9e0f1a2b3c4d/owner",
                  "referrer": "", "blockedURL": "inline", "effectiveDirective": "script-src-elem",
                  "originalPolicy": "default-src 'self'", "sourceFile": "https://dvc.example/x.js",
                  "sample": "alert(1)", "disposition": "enforce", "statusCode": 200,
                  "lineNumber": 1, "columnNumber": 2}}
    ])
    .to_string()
    .into_bytes()
}

fn listed(server: &Server) -> Value {
    let r = get(server.addr, LIST);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    r.json()
}

#[test]
fn both_formats_are_counted_with_nothing_personal() {
    let server = start("csp-reports-formats", |_| {});
    assert_eq!(listed(&server), json!({"total": 0, "unlisted": 0, "reports": []}));

    for _ in 0..2 {
        let r = send(&server, LEGACY, &legacy("img-src"));
        assert_eq!(r.status, 204, "{}", r.text());
        assert!(r.body.is_empty());
        common::assert_security_headers(&r);
    }
    let r = send(&server, &format!("{REPORTING}; charset=utf-8"), &batch());
    assert_eq!(r.status, 204, "{}", r.text());

    let list = listed(&server);
    assert_eq!(
        list,
        json!({"total": 3, "unlisted": 0, "reports": [
            {"directive": "img-src", "path": "/ho-so/*", "blocked": "https://tracker.example:8443", "count": 2},
            {"directive": "script-src-elem", "path": "/thu-tuc/*/nop-ho-so/*/owner", "blocked": "inline", "count": 1},
        ]})
    );
    let text = list.to_string();
    for secret in ["0123456789abcdef", "0912345678", "H29", "1.001612", "0b6f2c1e", "alert", "Mozilla"] {
        assert!(!text.contains(secret), "{secret} kept: {text}");
    }
}

#[test]
fn junk_is_refused_with_400_and_never_500() {
    let server = start("csp-reports-junk", |_| {});
    let bodies: [(&str, &[u8]); 12] = [
        (LEGACY, b""),
        (LEGACY, b"not json"),
        (LEGACY, b"{}"),
        (LEGACY, b"[]"),
        (LEGACY, br#"{"csp-report": "x"}"#),
        (LEGACY, br#"{"csp-report": {"document-uri": "http://h/", "effective-directive": "no such directive!"}}"#),
        (LEGACY, br#"{"csp-report": {"document-uri": "/relative", "effective-directive": "img-src"}}"#),
        (LEGACY, br#"{"csp-report": {"document-uri": 7, "effective-directive": "img-src"}}"#),
        (REPORTING, b"[]"),
        (REPORTING, br#"[{"type": "csp-violation"}]"#),
        (REPORTING, br#"[{"type": "csp-violation", "body": {"documentURL": "http://h/"}}]"#),
        (REPORTING, &[0xff, 0xfe, b'[', b']']),
    ];
    for (content_type, body) in bodies {
        let r = send(&server, content_type, body);
        let what = format!("{content_type} {:?}: {}", String::from_utf8_lossy(body), r.text());
        assert_eq!(r.status, 400, "{what}");
        assert_eq!(r.api_error(), "bad_request", "{what}");
        common::assert_security_headers(&r);
    }
    let too_many = format!(
        "[{}]",
        vec![r#"{"type":"x"}"#; portal_server::BODY_LIMIT_BYTES / 16].join(",")
    );
    assert!(too_many.len() < portal_server::BODY_LIMIT_BYTES);
    assert_eq!(send(&server, REPORTING, too_many.as_bytes()).status, 400);

    for content_type in ["text/plain", "application/x-www-form-urlencoded", "application/csp-reportx"] {
        let r = send(&server, content_type, &legacy("img-src"));
        assert_eq!(r.status, 415, "{content_type}: {}", r.text());
        assert_eq!(r.api_error(), "unsupported_media_type");
    }
    let r = send_from(IpAddr::V4(Ipv4Addr::LOCALHOST), &server, &[], &legacy("img-src"));
    assert_eq!(r.status, 415, "{}", r.text());

    // Read-only elsewhere: no listing at the public address, no writing to the sandbox one.
    for (method, path) in [("GET", PATH), ("POST", LIST), ("DELETE", LIST)] {
        let r = raw(server.addr, method, path, &[]);
        assert_eq!(r.status, 405, "{method} {path}: {}", r.text());
        assert_eq!(r.api_error(), "method_not_allowed");
    }
    assert_eq!(listed(&server)["total"], 0, "nothing refused was counted");
}

#[test]
fn bodies_over_16_kib_are_refused() {
    let server = start("csp-reports-size", |_| {});
    let mut body = legacy("img-src");
    body.truncate(body.len() - 2);
    body.extend_from_slice(b",\"script-sample\":\"");
    body.resize(portal_server::BODY_LIMIT_BYTES + 1 - 3, b'a');
    body.extend_from_slice(b"\"}}");
    assert_eq!(body.len(), portal_server::BODY_LIMIT_BYTES + 1);
    let r = send(&server, LEGACY, &body);
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.api_error(), "payload_too_large");
    assert_eq!(listed(&server)["total"], 0);
}

#[test]
fn another_sites_reports_are_answered_but_not_counted() {
    let server = start("csp-reports-cross-site", |_| {});
    let r = send_from(
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        &server,
        &[("Content-Type", LEGACY), ("Sec-Fetch-Site", "cross-site")],
        &legacy("img-src"),
    );
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(listed(&server)["total"], 0);
    let r = send_from(
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        &server,
        &[("Content-Type", LEGACY), ("Sec-Fetch-Site", "same-origin")],
        &legacy("img-src"),
    );
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(listed(&server)["total"], 1);
}

#[test]
fn reports_past_the_allowance_wait_and_are_not_counted() {
    let server = start("csp-reports-rate", |c| c.csp_report_rate_per_minute = 3);
    let me = IpAddr::V4(Ipv4Addr::LOCALHOST);
    // Refused reports use up the allowance too.
    assert_eq!(send(&server, LEGACY, b"junk").status, 400);
    for _ in 0..2 {
        assert_eq!(send(&server, LEGACY, &legacy("img-src")).status, 204);
    }
    let r = send_from(me, &server, &[("Content-Type", LEGACY)], &legacy("img-src"));
    common::assert_limited(&r, 20);
    assert!(r.json()["error"]["message_en"]
        .as_str()
        .is_some_and(|m| m.contains("Content-Security-Policy")));
    assert_eq!(listed(&server)["total"], 2);
    // Another client has its own allowance.
    let r = send_from(OTHER, &server, &[("Content-Type", LEGACY)], &legacy("img-src"));
    assert_eq!(r.status, 204, "{}", r.text());

    assert_eq!(Config::new("var", "dist").csp_report_rate_per_minute, 60);
}

#[test]
fn the_openapi_document_describes_both_formats_and_the_429() {
    let server = start("csp-reports-openapi", |_| {});
    let doc = get(server.addr, "/api/openapi.json").json();
    let post = &doc["paths"][PATH]["post"];
    for content_type in [LEGACY, REPORTING] {
        assert!(
            post["requestBody"]["content"][content_type].is_object(),
            "{content_type}: {post}"
        );
    }
    for status in ["204", "400", "413", "415", "429"] {
        assert!(post["responses"][status].is_object(), "{status}: {post}");
    }
    assert!(post["responses"]["429"]["headers"]["Retry-After"].is_object());
    assert!(doc["paths"][LIST]["get"]["responses"]["200"].is_object());
}
