//! The offline bundle (`/api/v1/offline/procedures[/{page}]`) against a real server on a
//! real SQLite file: the manifest adds up, the pages hold every procedure once, each
//! exactly as its own endpoint serves it, and caching and compression work as elsewhere.

mod common;

use std::collections::HashSet;

use common::{get, get_with, shared, Server};
use serde_json::Value;

fn server() -> &'static Server {
    shared("offline-tests")
}

fn addr() -> std::net::SocketAddr {
    server().addr
}

const MANIFEST: &str = "/api/v1/offline/procedures";

fn manifest() -> Value {
    let r = get(addr(), MANIFEST);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    r.json()
}

fn page(n: u64) -> Value {
    let r = get(addr(), &format!("{MANIFEST}/{n}"));
    assert_eq!(r.status, 200, "page {n}: {}", r.text());
    r.json()
}

fn as_u64(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

#[test]
fn manifest_totals_add_up() {
    let m = manifest();
    let keys: HashSet<&str> = m
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        HashSet::from([
            "version",
            "procedures",
            "page_size",
            "pages",
            "resources",
            "total_bytes",
            "transfer_bytes"
        ])
    );
    let version = m["version"].as_str().expect("version");
    assert_eq!(version.len(), 16, "{version}");
    assert!(version
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));

    let catalogue = get(addr(), "/api/v1/catalogue").json();
    let catalogue_size = catalogue["items"].as_array().expect("items").len() as u64;
    assert_eq!(catalogue_size, server().report.procedures as u64);
    assert_eq!(as_u64(&m["procedures"]), catalogue_size);

    let page_size = as_u64(&m["page_size"]);
    let pages = m["pages"].as_array().expect("pages");
    assert_eq!(pages.len() as u64, catalogue_size.div_ceil(page_size));
    let (mut count, mut bytes, mut transfer) = (0, 0, 0);
    for (i, p) in pages.iter().enumerate() {
        assert_eq!(as_u64(&p["page"]), i as u64 + 1);
        assert_eq!(p.as_object().map(|o| o.len()), Some(4), "{p}");
        let n = as_u64(&p["procedures"]);
        if i + 1 < pages.len() {
            assert_eq!(n, page_size, "page {}", i + 1);
        } else {
            assert!((1..=page_size).contains(&n));
        }
        assert!(as_u64(&p["transfer_bytes"]) < as_u64(&p["bytes"]), "{p}");
        count += n;
        bytes += as_u64(&p["bytes"]);
        transfer += as_u64(&p["transfer_bytes"]);
    }
    assert_eq!(count, catalogue_size);
    assert_eq!(as_u64(&m["total_bytes"]), bytes);
    assert_eq!(as_u64(&m["transfer_bytes"]), transfer);

    // The sizes are those of the bodies served, identity and brotli.
    for n in [1, pages.len() as u64] {
        let info = &pages[n as usize - 1];
        let plain = get(addr(), &format!("{MANIFEST}/{n}"));
        assert_eq!(plain.body.len() as u64, as_u64(&info["bytes"]));
        let br = get_with(
            addr(),
            &format!("{MANIFEST}/{n}"),
            &[("Accept-Encoding", "br")],
        );
        assert_eq!(br.body.len() as u64, as_u64(&info["transfer_bytes"]));
    }
    println!(
        "offline bundle: {} procedures, page_size {page_size}, {} pages, total_bytes {bytes}, transfer_bytes {transfer}",
        catalogue_size,
        pages.len()
    );
}

#[test]
fn pages_hold_every_procedure_once_in_code_order() {
    let m = manifest();
    let version = m["version"].as_str().expect("version");
    let mut codes = Vec::new();
    for (i, info) in m["pages"].as_array().expect("pages").iter().enumerate() {
        let n = i as u64 + 1;
        let p = page(n);
        assert_eq!(p.as_object().map(|o| o.len()), Some(3), "page {n} keys");
        assert_eq!(p["version"], version, "page {n}");
        assert_eq!(as_u64(&p["page"]), n);
        let procedures = p["procedures"].as_array().expect("procedures");
        assert_eq!(procedures.len() as u64, as_u64(&info["procedures"]));
        codes.extend(
            procedures
                .iter()
                .map(|pr| pr["code"].as_str().expect("code").to_owned()),
        );
    }
    let catalogue = get(addr(), "/api/v1/catalogue").json();
    let expected: Vec<String> = catalogue["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["c"].as_str().expect("code").to_owned())
        .collect();
    let unique: HashSet<&String> = codes.iter().collect();
    assert_eq!(unique.len(), codes.len(), "a code appears twice");
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "pages are in code order");
    assert_eq!(codes, expected);
}

#[test]
fn page_elements_equal_the_single_procedure_endpoint() {
    let m = manifest();
    let pages = m["pages"].as_array().expect("pages").len() as u64;
    // First, middle and last page; the first, a middle and the last element of each,
    // and a known procedure wherever it falls.
    let mut checked = 0;
    for n in [1, pages / 2 + 1, pages] {
        let p = page(n);
        let procedures = p["procedures"].as_array().expect("procedures");
        for i in [0, procedures.len() / 2, procedures.len() - 1] {
            let element = &procedures[i];
            let code = element["code"].as_str().expect("code");
            let single = get(addr(), &format!("/api/v1/procedures/{code}"));
            assert_eq!(single.status, 200, "{code}");
            assert_eq!(element, &single.json(), "{code} differs");
            checked += 1;
        }
    }
    let mut found = false;
    for n in 1..=pages {
        let p = page(n);
        if let Some(element) = p["procedures"]
            .as_array()
            .expect("procedures")
            .iter()
            .find(|e| e["code"] == "1.001612")
        {
            assert_eq!(element, &get(addr(), "/api/v1/procedures/1.001612").json());
            found = true;
            break;
        }
    }
    assert!(found, "1.001612 is in the bundle");
    assert_eq!(checked, 9);
}

#[test]
fn missing_and_malformed_pages() {
    let pages = manifest()["pages"].as_array().expect("pages").len();
    for bad in [
        "0".to_owned(),
        "00".to_owned(),
        (pages + 1).to_string(),
        "4294967296".to_owned(),
        "99999999999999999999999999".to_owned(),
    ] {
        let r = get(addr(), &format!("{MANIFEST}/{bad}"));
        assert_eq!(r.status, 404, "{bad}: {}", r.text());
        assert_eq!(r.api_error(), "not_found", "{bad}");
        assert_eq!(r.header("cache-control"), Some("no-store"));
        let v = r.json();
        let en = v["error"]["message_en"].as_str().expect("message_en");
        assert!(en.contains(&format!("1 to {pages}")), "{en}");
        assert!(v["error"]["message_vi"]
            .as_str()
            .is_some_and(|m| m.contains("trang")));
    }
    for bad in ["abc", "-1", "1.5", "%2B1", "1a", "%20", "%FF"] {
        let r = get(addr(), &format!("{MANIFEST}/{bad}"));
        assert_eq!(r.status, 400, "{bad}: {}", r.text());
        assert_eq!(r.api_error(), "invalid_parameter", "{bad}");
    }
    // Deeper paths are simply unknown.
    let r = get(addr(), &format!("{MANIFEST}/1/extra"));
    assert_eq!(r.status, 404);
    assert_eq!(r.api_error(), "not_found");
    // Read-only.
    let r = common::raw(addr(), "POST", MANIFEST, &[]);
    assert_eq!(r.status, 405);
    assert_eq!(r.api_error(), "method_not_allowed");
}

#[test]
fn etags_revalidate_to_304() {
    for path in [MANIFEST.to_owned(), format!("{MANIFEST}/1")] {
        for coding in ["identity", "br", "gzip"] {
            let r = get_with(addr(), &path, &[("Accept-Encoding", coding)]);
            assert_eq!(r.status, 200, "{path} {coding}");
            assert_eq!(r.header("vary"), Some("accept-encoding"));
            let etag = r.header("etag").expect("etag").to_owned();
            assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
            let again = get_with(
                addr(),
                &path,
                &[("Accept-Encoding", coding), ("If-None-Match", &etag)],
            );
            assert_eq!(again.status, 304, "{path} {coding}");
            assert!(again.body.is_empty());
            assert_eq!(again.header("etag"), Some(etag.as_str()));
            assert_eq!(again.header("cache-control"), Some("no-cache"));
            let stale = get_with(
                addr(),
                &path,
                &[("Accept-Encoding", coding), ("If-None-Match", "\"0000\"")],
            );
            assert_eq!(stale.status, 200);
        }
    }
    // Pages have tags of their own.
    let one = get(addr(), &format!("{MANIFEST}/1"));
    let two = get(addr(), &format!("{MANIFEST}/2"));
    assert_ne!(one.header("etag"), two.header("etag"));
}

#[test]
fn compressed_pages_decode_to_the_same_json() {
    for path in [MANIFEST.to_owned(), format!("{MANIFEST}/1")] {
        let plain = get(addr(), &path);
        assert_eq!(plain.header("content-encoding"), None);
        let br = get_with(addr(), &path, &[("Accept-Encoding", "gzip, deflate, br")]);
        assert_eq!(br.status, 200);
        assert_eq!(br.header("content-encoding"), Some("br"));
        assert_eq!(br.header("content-type"), Some("application/json"));
        assert!(br.body.len() < plain.body.len() / 3, "{path}");
        let decoded = common::unbrotli(&br.body);
        assert_eq!(decoded, plain.body);
        let parsed: Value = serde_json::from_slice(&decoded).expect("json");
        assert_eq!(parsed, plain.json());
        let gz = get_with(addr(), &path, &[("Accept-Encoding", "gzip")]);
        assert_eq!(gz.header("content-encoding"), Some("gzip"));
        assert_eq!(common::gunzip(&gz.body), plain.body);
        common::assert_security_headers(&br);
    }
}

#[test]
fn the_bundle_is_in_the_openapi_document() {
    let doc = get(addr(), "/api/openapi.json").json();
    let paths = &doc["paths"];
    let m = &paths[MANIFEST]["get"]["responses"];
    assert!(m.get("200").is_some() && m.get("304").is_some());
    let p = &paths["/api/v1/offline/procedures/{page}"]["get"]["responses"];
    for status in ["200", "304", "400", "404", "405", "500"] {
        assert!(p.get(status).is_some(), "page lacks {status}");
    }
    let schemas = &doc["components"]["schemas"];
    for name in ["OfflineManifest", "OfflinePageInfo", "OfflinePage"] {
        assert!(schemas.get(name).is_some(), "schema {name} missing");
    }
}

#[test]
fn service_worker_and_manifest_headers() {
    let sw = get(addr(), "/sw.js");
    assert_eq!(sw.status, 200);
    assert_eq!(sw.header("cache-control"), Some("no-cache"));
    assert_eq!(sw.header("service-worker-allowed"), Some("/"));
    assert_eq!(
        sw.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    common::assert_security_headers(&sw);
    let manifest = get(addr(), "/manifest.webmanifest");
    assert_eq!(manifest.status, 200);
    assert_eq!(
        manifest.header("content-type"),
        Some("application/manifest+json")
    );
    assert_eq!(manifest.header("cache-control"), Some("no-cache"));
    assert_eq!(manifest.header("service-worker-allowed"), None);
}

/// Everything a form needs offline besides the procedures is listed, and each is served.
#[test]
fn resources_are_the_address_lists_and_official_forms_and_all_answer() {
    let m = manifest();
    let resources: Vec<&str> = m["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .map(|v| v.as_str().expect("a path"))
        .collect();
    assert_eq!(resources.first(), Some(&"/api/v1/admin-units/provinces"));
    let provinces = get(addr(), "/api/v1/admin-units/provinces").json();
    let province_count = provinces.as_array().map_or(0, Vec::len);
    assert_eq!(province_count, 34);
    let wards = resources.iter().filter(|r| r.ends_with("/wards")).count();
    assert_eq!(wards, province_count);
    assert!(resources.contains(&"/api/v1/forms/1.001612"));
    for path in resources {
        let r = get(addr(), path);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
    }
}

/// The app builds a generic form offline from a downloaded detail; it must be the very
/// form the server would have sent, or the filing would be refused as another schema.
#[test]
fn a_generic_form_built_from_a_downloaded_detail_is_the_served_one() {
    let official: HashSet<String> = manifest()["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter_map(|r| r.as_str()?.strip_prefix("/api/v1/forms/").map(str::to_owned))
        .collect();
    let mut checked = 0;
    for detail in page(1)["procedures"].as_array().expect("procedures") {
        let code = detail["code"].as_str().expect("code");
        if official.contains(code) {
            continue;
        }
        let procedure: domain::Procedure = serde_json::from_value(detail.clone()).expect("a procedure");
        let built = serde_json::to_value(domain::form::generic_schema(&procedure)).expect("json");
        let served = get(addr(), &format!("/api/v1/forms/{code}")).json();
        assert_eq!(served["source"], "generic", "{code}");
        assert_eq!(served["schema"], built, "{code}");
        checked += 1;
    }
    assert!(checked > 40, "only {checked} generic forms on page 1");
}
