//! Form schemas over real HTTP: official ones from data/forms/, generic ones for every
//! other procedure. Data-driven: whatever data/forms/ holds when the tests run.

mod common;

use common::{get, get_with, shared, Server};
use domain::form::{generic_schema, FormSchema};
use std::path::PathBuf;

fn server() -> &'static Server {
    shared("forms-tests")
}

fn addr() -> std::net::SocketAddr {
    server().addr
}

/// `(procedure code, parsed schema)` of every official file, read from disk now.
fn official_files() -> Vec<(String, FormSchema)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/forms");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, FormSchema)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let code = name.strip_suffix(".json")?.to_owned();
            if name.starts_with('.') {
                return None;
            }
            let bytes = std::fs::read(e.path()).ok()?;
            let schema = serde_json::from_slice(&bytes)
                .unwrap_or_else(|err| panic!("data/forms/{name}: {err}"));
            Some((code, schema))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn schema_of(r: &common::Response) -> FormSchema {
    serde_json::from_value(r.json()["schema"].clone()).expect("a FormSchema")
}

#[test]
fn every_official_file_is_served_as_official_and_unchanged() {
    let files = official_files();
    assert_eq!(
        server().report.official_forms,
        files.len(),
        "the build embeds every file of data/forms (rebuild if this fails right after editing)"
    );
    if files.is_empty() {
        eprintln!("data/forms has no schemas yet; only generic forms are tested");
    }
    for (code, on_disk) in &files {
        let r = get(addr(), &format!("/api/v1/forms/{code}"));
        assert_eq!(r.status, 200, "{code}: {}", r.text());
        assert_eq!(r.header("cache-control"), Some("no-cache"));
        assert_eq!(r.json()["source"], "official", "{code}");
        let served = schema_of(&r);
        assert_eq!(&served, on_disk, "{code}");
        served.check().expect("checked before serving");
    }
}

#[test]
fn procedures_without_a_file_get_a_generic_schema_that_passes_its_checks() {
    let official: Vec<String> = official_files().into_iter().map(|(c, _)| c).collect();
    let catalogue = get(addr(), "/api/v1/catalogue").json();
    let codes: Vec<String> = catalogue["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["c"].as_str().map(str::to_owned))
        .filter(|c| !official.contains(c))
        .collect();
    assert!(codes.len() > 2000);
    // A spread across the catalogue rather than the first few.
    for code in codes.iter().step_by(codes.len() / 12) {
        let r = get(addr(), &format!("/api/v1/forms/{code}"));
        assert_eq!(r.status, 200, "{code}: {}", r.text());
        assert_eq!(r.json()["source"], "generic", "{code}");
        let served = schema_of(&r);
        served.check().unwrap_or_else(|e| panic!("{code}: {e:?}"));
        assert_eq!(served.id, format!("generic:{code}"));
        let procedure: domain::Procedure =
            serde_json::from_slice(&get(addr(), &format!("/api/v1/procedures/{code}")).body)
                .expect("procedure");
        assert_eq!(served, generic_schema(&procedure), "{code}");
    }
}

#[test]
fn forms_revalidate_with_their_etag_and_compress() {
    let mut codes = vec!["1.000005".to_owned()];
    codes.extend(official_files().into_iter().map(|(c, _)| c).take(1));
    for code in codes {
        let path = format!("/api/v1/forms/{code}");
        let r = get(addr(), &path);
        assert_eq!(r.status, 200, "{code}");
        let etag = r.header("etag").expect("etag").to_owned();
        let again = get_with(addr(), &path, &[("If-None-Match", &etag)]);
        assert_eq!(again.status, 304, "{code}");
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        assert_eq!(again.header("cache-control"), Some("no-cache"));

        let br = get_with(addr(), &path, &[("Accept-Encoding", "br")]);
        if br.header("content-encoding") == Some("br") {
            assert_eq!(common::unbrotli(&br.body), r.body, "{code}");
        } else {
            assert_eq!(br.body, r.body, "{code}");
        }
        let stale = get_with(addr(), &path, &[("If-None-Match", "\"stale\"")]);
        assert_eq!(stale.status, 200);
    }
}

#[test]
fn malformed_and_unknown_codes_have_the_api_error_shape() {
    for bad in ["abc", "1.00161", "1.0016120", "%FF"] {
        let r = get(addr(), &format!("/api/v1/forms/{bad}"));
        assert_eq!(r.status, 400, "{bad}");
        let code = r.api_error();
        assert!(
            code == "invalid_procedure_code" || code == "invalid_parameter",
            "{bad}: {code}"
        );
        assert_eq!(r.header("cache-control"), Some("no-store"));
    }
    assert_eq!(
        get(addr(), "/api/v1/forms/1.00161").api_error(),
        "invalid_procedure_code"
    );
    let r = get(addr(), "/api/v1/forms/9.999999");
    assert_eq!(r.status, 404);
    assert_eq!(r.api_error(), "not_found");
    assert!(r.json()["error"]["message_vi"]
        .as_str()
        .is_some_and(|m| m.contains("9.999999")));
}

#[test]
fn a_broken_official_schema_stops_startup_with_a_clear_message() {
    let broken = r#"{"id": "x", "version": 1, "title": {"vi": "X"}, "steps": [
        {"id": "s", "title": {"vi": "S"}, "fields": [
            {"id": "kind", "type": "single_choice", "label": {"vi": "Loại"}, "options": []},
            {"id": "who", "type": "short_text", "label": {"vi": "Ai"},
             "visible_when": {"field": "nobody", "equals": "x"}}]}]}"#;
    let unparsable = r#"{"id": "y", "version": 1, "title": {"vi": "Y"}, "steps": [
        {"id": "s", "title": {"vi": "S"}, "fields": [{"id": "a", "type": "colour", "label": {"vi": "A"}}]}]}"#;
    let files: Vec<(&str, &[u8])> = vec![
        ("1.001612", broken.as_bytes()),
        ("1.000005", unparsable.as_bytes()),
    ];
    let err = portal_server::forms::load_official(&files, |_| true).expect_err("refused");
    let text = portal_server::StartError::from(err).to_string();
    for needle in [
        "official form schemas are broken",
        "data/forms/1.001612.json: kind: a choice field needs at least one option",
        "condition reads unknown field \"nobody\"",
        "data/forms/1.000005.json is not a form schema",
        "unknown field type \"colour\"",
    ] {
        assert!(text.contains(needle), "{needle:?} in {text}");
    }
    // And what this build embeds is fine, against the real catalogue.
    let codes = get(addr(), "/api/v1/catalogue").json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["c"].as_str().map(str::to_owned))
        .collect();
    let loaded = portal_server::forms::load_embedded(&codes).expect("embedded schemas load");
    assert_eq!(loaded.len(), server().report.official_forms);
}
