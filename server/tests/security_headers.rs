//! Every kind of response the server gives — the app's HTML, deep links, hashed assets,
//! the service worker, the manifest, API answers and errors, the OpenAPI document, the
//! sandbox gateway's and officer's pages, redirects, 304s — carries the security headers,
//! and none sets a cookie. What the policies must say is checked directive by directive,
//! so a future edit that weakens one (an `unsafe-inline`, a missing `frame-ancestors`)
//! fails here, not in a browser.

mod common;

use common::filings::{household_answers, PDF};
use common::{
    get, get_with, post, post_json, raw, Multipart, Response, HASHED_CSS, HASHED_JS, HASHED_WASM,
};
use serde_json::json;
use std::collections::HashMap;

/// Referrer policies that never send a path to another origin: URLs here hold dossier,
/// hand-off and payment references.
const SAFE_REFERRER_POLICIES: [&str; 4] = [
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
];

fn directives(csp: &str) -> HashMap<String, Vec<String>> {
    csp.split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            let name = words.next()?.to_ascii_lowercase();
            Some((name, words.map(str::to_owned).collect()))
        })
        .collect()
}

/// What every response must carry, whatever it is.
fn assert_common(what: &str, r: &Response) {
    assert_eq!(
        r.header("x-content-type-options"),
        Some("nosniff"),
        "{what}: nosniff"
    );
    let referrer = r
        .header("referrer-policy")
        .unwrap_or_else(|| panic!("{what}: no Referrer-Policy"));
    assert!(
        SAFE_REFERRER_POLICIES.contains(&referrer),
        "{what}: Referrer-Policy {referrer}"
    );
    // A worker script and a JSON body viewed directly are protected by the CSP too.
    assert!(
        r.header("content-security-policy").is_some(),
        "{what}: no CSP"
    );
    for (name, value) in &r.headers {
        if name == "set-cookie" {
            let v = value.to_ascii_lowercase();
            let attrs: Vec<&str> = v.split(';').map(str::trim).collect();
            assert!(
                attrs.contains(&"secure")
                    && attrs.contains(&"httponly")
                    && attrs.iter().any(|a| a.starts_with("samesite=")),
                "{what}: cookie without Secure, HttpOnly and SameSite: {value}"
            );
        }
    }
}

/// What a document must carry: a policy that allows only this origin's files, no inline
/// or evaluated script, and no framing.
fn assert_document(what: &str, r: &Response) {
    assert_common(what, r);
    assert!(
        r.header("content-type")
            .is_some_and(|ct| ct.starts_with("text/html")),
        "{what}: not HTML: {r:?}"
    );
    let csp = r.header("content-security-policy").expect("CSP");
    let d = directives(csp);
    assert_eq!(
        d.get("default-src").map(Vec::as_slice),
        Some(&["'self'".to_owned()][..]),
        "{what}: default-src in {csp}"
    );
    let frames_denied = d
        .get("frame-ancestors")
        .is_some_and(|s| s == &["'none'".to_owned()]);
    assert!(
        frames_denied && r.header("x-frame-options") == Some("DENY"),
        "{what}: framing allowed by {csp}"
    );
    // The directive that governs scripts: script-src, or default-src without it.
    let scripts = d
        .get("script-src")
        .or_else(|| d.get("default-src"))
        .expect("a script policy");
    for forbidden in [
        "'unsafe-inline'",
        "'unsafe-eval'",
        "*",
        "data:",
        "http:",
        "https:",
    ] {
        assert!(
            !scripts.iter().any(|s| s == forbidden),
            "{what}: scripts allow {forbidden}: {csp}"
        );
    }
    // The service worker and the forms module are files of this origin; WebAssembly
    // compilation and the one inline script of the server's first HTML of a page, named by
    // its hash (src/prerender), are the narrow permissions beyond that.
    let hashes = scripts.iter().filter(|s| s.starts_with("'sha256-")).count();
    assert!(hashes <= 1, "{what}: one inline script at most: {scripts:?}");
    assert!(
        scripts
            .iter()
            .all(|s| s == "'self'" || s == "'wasm-unsafe-eval'" || s.starts_with("'sha256-")),
        "{what}: script-src {scripts:?}"
    );
    // Violations reach the server, where the e2e suite fails on any. No `report-to`: a
    // browser that knows it ignores `report-uri`, and Chromium honours it only over HTTPS,
    // which this server never speaks (see server/src/headers.rs).
    assert_eq!(
        d.get("report-uri").map(Vec::as_slice),
        Some(&["/api/v1/csp-reports".to_owned()][..]),
        "{what}: report-uri in {csp}"
    );
    assert!(!d.contains_key("report-to"), "{what}: report-to in {csp}");
    for (directive, want) in [("object-src", "'none'"), ("base-uri", "'none'")] {
        assert_eq!(
            d.get(directive).map(Vec::as_slice),
            Some(&[want.to_owned()][..]),
            "{what}: {directive} in {csp}"
        );
    }
    for styles in [
        d.get("style-src"),
        d.get("style-src-attr"),
        d.get("style-src-elem"),
    ]
    .into_iter()
    .flatten()
    {
        assert!(
            !styles.iter().any(|s| s == "'unsafe-inline'"),
            "{what}: inline style allowed: {csp}"
        );
    }
}

/// Files a household-business dossier (150,000 VND due online); its code and access key.
fn file(addr: std::net::SocketAddr) -> (Response, String, String) {
    let form = get(addr, "/api/v1/forms/1.001612").json();
    let version = form["schema"]["version"].as_u64().expect("version");
    let (content_type, body) = Multipart::new()
        .json(
            "dossier",
            &json!({"procedure_code": "1.001612", "schema_version": version, "answers": household_answers()}),
        )
        .file("file:f1", "uy-quyen-chu-ho.pdf", "application/pdf", PDF)
        .finish();
    let r = post(
        addr,
        "/api/v1/dossiers",
        &[
            ("Content-Type", &content_type),
            ("Idempotency-Key", "headers-test-filing-0001"),
        ],
        &body,
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let receipt = r.json();
    let code = receipt["code"].as_str().expect("code").to_owned();
    let key = receipt["access_key"].as_str().expect("key").to_owned();
    (r, code, key)
}

#[test]
fn every_kind_of_response_carries_the_headers_and_no_cookie() {
    let addr = common::shared("security-headers").addr;

    let documents = [
        ("the app at /", get(addr, "/")),
        ("a deep link", get(addr, "/thu-tuc/1.001612/nop-ho-so")),
        ("index.html", get(addr, "/index.html")),
        ("the officer console", get(addr, "/sandbox/officer")),
        (
            "a refused gateway link",
            get(addr, "/sandbox/gateway/pay?vnp_TxnRef=x"),
        ),
    ];
    for (what, r) in &documents {
        assert!(matches!(r.status, 200 | 400), "{what}: {r:?}");
        assert_document(what, r);
    }

    let (filed, code, key) = file(addr);
    assert_common("a filing's receipt", &filed);
    assert_document(
        "an officer's dossier page",
        &get(addr, &format!("/sandbox/officer/dossiers/{code}")),
    );
    let started = post(
        addr,
        &format!("/api/v1/dossiers/{code}/payments"),
        &[
            ("Content-Type", "application/json"),
            ("X-Dossier-Key", &key),
        ],
        json!({"return_path": "/thanh-toan/ket-qua"})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(started.status, 201, "{}", started.text());
    assert_common("a payment start", &started);
    let created = started.json();
    let redirect = created["redirect_url"].as_str().expect("redirect_url");
    let gateway_path = redirect
        .find("/sandbox/gateway/pay")
        .map(|at| &redirect[at..])
        .expect("the sandbox gateway");
    let page = get(addr, gateway_path);
    assert_eq!(page.status, 200, "{}", page.text());
    assert_document("the gateway's payment page", &page);
    let query = gateway_path.split_once('?').expect("query").1;
    let paid = post(
        addr,
        "/sandbox/gateway/pay",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        format!(
            "request={}&method=ATM&outcome=success",
            domain::payment::encode(query)
        )
        .as_bytes(),
    );
    assert_eq!(paid.status, 303, "{}", paid.text());
    assert_common("the gateway's redirect back", &paid);

    // The result document carries its own inline style sheet (it is opened from disk),
    // which the policy would block: it must only ever be downloaded, never shown here.
    for action in ["start_processing", "attach_result"] {
        let r = post_json(
            addr,
            &format!("/api/v1/sandbox/officer/dossiers/{code}/actions"),
            &json!({ "action": action }),
        );
        assert_eq!(r.status, 200, "{action}: {}", r.text());
    }
    let result = get(addr, &format!("/api/v1/dossiers/{code}/result?key={key}"));
    assert_eq!(result.status, 200, "{}", result.text());
    assert_common("the result document", &result);
    assert!(
        result
            .header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment")),
        "{result:?}"
    );

    let catalogue = get(addr, "/api/v1/catalogue");
    let etag = catalogue.header("etag").expect("ETag").to_owned();
    let others = [
        ("a hashed script", get(addr, &format!("/{HASHED_JS}"))),
        ("a hashed module", get(addr, &format!("/{HASHED_WASM}"))),
        ("a hashed style sheet", get(addr, &format!("/{HASHED_CSS}"))),
        ("the service worker", get(addr, "/sw.js")),
        ("the manifest", get(addr, "/manifest.webmanifest")),
        ("a missing file", get(addr, "/missing.js")),
        ("the catalogue", catalogue),
        (
            "a 304",
            get_with(addr, "/api/v1/catalogue", &[("If-None-Match", &etag)]),
        ),
        ("the health check", get(addr, "/api/v1/health")),
        ("an API 400", get(addr, "/api/v1/procedures/1.00161")),
        ("an API 404", get(addr, "/api/v1/nothing-here")),
        ("an API 405", raw(addr, "DELETE", "/api/v1/catalogue", &[])),
        (
            "an API 413",
            post(
                addr,
                "/api/v1/dossiers/lookup",
                &[("Content-Type", "application/json")],
                &vec![b' '; portal_server::BODY_LIMIT_BYTES + 1],
            ),
        ),
        (
            "a 204",
            post_json(
                addr,
                "/api/v1/stats/events",
                &json!({"procedure": "1.001612", "event": "viewed"}),
            ),
        ),
        ("the OpenAPI document", get(addr, "/api/openapi.json")),
        (
            "a CSP report's 204",
            post(
                addr,
                "/api/v1/csp-reports",
                &[("Content-Type", "application/csp-report")],
                br#"{"csp-report":{"document-uri":"http://127.0.0.1/","effective-directive":"img-src","blocked-uri":"inline"}}"#,
            ),
        ),
        ("the CSP reports read", get(addr, "/api/v1/sandbox/csp-reports")),
        (
            "a dossier's status",
            get_with(
                addr,
                &format!("/api/v1/dossiers/{code}"),
                &[("X-Dossier-Key", &key)],
            ),
        ),
        (
            "the payment's state",
            get(
                addr,
                &format!(
                    "/api/v1/payments/{}",
                    created["txn_ref"].as_str().expect("txn_ref")
                ),
            ),
        ),
        (
            "an IPN answer",
            get(addr, "/api/v1/payments/vnpay-ipn?vnp_TxnRef=x"),
        ),
        (
            "the gateway's style sheet",
            get(addr, "/sandbox/gateway/style.css"),
        ),
        ("a HEAD", raw(addr, "HEAD", "/", &[])),
    ];
    for (what, r) in &others {
        assert!(r.status < 500, "{what}: {r:?}");
        assert_common(what, r);
    }
    // Every response gets the same policy, documents and the rest alike.
    let policies: std::collections::HashSet<&str> = documents
        .iter()
        .chain(others.iter())
        .filter_map(|(_, r)| r.header("content-security-policy"))
        .collect();
    assert_eq!(policies.len(), 1, "{policies:?}");
}

/// Without a build the server answers every app path with a page saying how to build it;
/// that page is a document like any other.
#[test]
fn the_not_built_page_is_protected_too() {
    let root = common::fresh_dir("security-headers-no-dist");
    let server = common::start(&root.join("var"), &root.join("no-dist"));
    let r = get(server.addr, "/");
    assert_eq!(r.status, 503, "{r:?}");
    assert_document("the not-built page", &r);
}
