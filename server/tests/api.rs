//! The portal API over real HTTP against a real SQLite file.

mod common;

use common::{get, get_with, raw, shared, Server};
use serde_json::Value;

fn server() -> &'static Server {
    shared("api-tests")
}

fn addr() -> std::net::SocketAddr {
    server().addr
}

#[test]
fn health_reports_the_seeded_catalogue() {
    let r = get(addr(), "/api/v1/health");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["procedures"], 2849);
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    common::assert_security_headers(&r);
}

#[test]
fn catalogue_has_every_procedure_and_revalidates_with_its_etag() {
    let r = get(addr(), "/api/v1/catalogue");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert_eq!(r.header("vary"), Some("accept-encoding"));
    let v = r.json();
    let items = v["items"].as_array().expect("items");
    assert_eq!(items.len(), 2849);
    let codes: Vec<&str> = items
        .iter()
        .map(|i| i["c"].as_str().expect("code"))
        .collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "entries in code order");
    assert_eq!(v["format"], 1);

    let etag = r.header("etag").expect("etag").to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() > 10,
        "strong, quoted: {etag}"
    );

    let again = get_with(addr(), "/api/v1/catalogue", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    assert_eq!(again.header("cache-control"), Some("no-cache"));
    common::assert_security_headers(&again);
}

#[test]
fn if_none_match_follows_weak_comparison_lists_and_star() {
    let etag = get(addr(), "/api/v1/catalogue")
        .header("etag")
        .expect("etag")
        .to_owned();
    let weak = format!("W/{etag}");
    let list = format!("\"nope\", W/\"other\", {etag}");
    let cases: [(&str, u16); 7] = [
        (&etag, 304),
        (&weak, 304),
        (&list, 304),
        ("*", 304),
        ("\"0123456789abcdef0123456789abcdef\"", 200),
        ("\"nope\", W/\"other\"", 200),
        ("garbage-without-quotes", 200),
    ];
    for (value, want) in cases {
        let r = get_with(addr(), "/api/v1/catalogue", &[("If-None-Match", value)]);
        assert_eq!(r.status, want, "If-None-Match: {value}");
        if want == 200 {
            assert!(!r.body.is_empty());
        }
    }
}

#[test]
fn catalogue_is_served_precompressed_when_the_client_accepts_it() {
    let plain = get(addr(), "/api/v1/catalogue");
    let br = get_with(
        addr(),
        "/api/v1/catalogue",
        &[("Accept-Encoding", "gzip, deflate, br")],
    );
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("vary"), Some("accept-encoding"));
    assert!(
        br.body.len() * 4 < plain.body.len(),
        "brotli shrinks the index"
    );
    assert_eq!(common::unbrotli(&br.body), plain.body);
    let br_tag = br.header("etag").expect("etag");
    assert_ne!(
        Some(br_tag),
        plain.header("etag"),
        "each coding has its own strong ETag"
    );
    let revalidated = get_with(
        addr(),
        "/api/v1/catalogue",
        &[("Accept-Encoding", "br"), ("If-None-Match", br_tag)],
    );
    assert_eq!(revalidated.status, 304);

    let gz = get_with(addr(), "/api/v1/catalogue", &[("Accept-Encoding", "gzip")]);
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(common::gunzip(&gz.body), plain.body);

    let refused = get_with(
        addr(),
        "/api/v1/catalogue",
        &[("Accept-Encoding", "br;q=0, gzip;q=0")],
    );
    assert_eq!(refused.header("content-encoding"), None);
    assert_eq!(refused.body, plain.body);
}

#[test]
fn procedure_detail_has_fees_documents_and_an_etag() {
    let r = get(addr(), "/api/v1/procedures/1.001612");
    assert_eq!(r.status, 200);
    let p: domain::Procedure = serde_json::from_slice(&r.body).expect("a domain::Procedure");
    assert_eq!(p.code, "1.001612");
    assert_eq!(p.name, "Đăng ký thành lập hộ kinh doanh");
    assert!(!p.fees.is_empty(), "fees");
    assert!(!p.documents.is_empty(), "documents");
    let etag = r.header("etag").expect("etag");
    let again = get_with(
        addr(),
        "/api/v1/procedures/1.001612",
        &[("If-None-Match", etag)],
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    let br = get_with(
        addr(),
        "/api/v1/procedures/1.001612",
        &[("Accept-Encoding", "br")],
    );
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(common::unbrotli(&br.body), r.body);
}

#[test]
fn procedure_errors_have_the_api_shape() {
    let unknown = get(addr(), "/api/v1/procedures/9.999999");
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.api_error(), "not_found");
    assert!(unknown.json()["error"]["message_vi"]
        .as_str()
        .is_some_and(|m| m.contains("9.999999")));
    common::assert_security_headers(&unknown);

    for bad in [
        "1.00161",
        "abc",
        "1.0016120",
        "1%2C001612",
        "%FF%FE",
        "1.00161%20",
        "..%2F..%2Fetc",
    ] {
        let r = get(addr(), &format!("/api/v1/procedures/{bad}"));
        assert_eq!(r.status, 400, "{bad}: {}", r.text());
        let code = r.api_error();
        assert!(
            code == "invalid_procedure_code" || code == "invalid_parameter",
            "{bad}: {code}"
        );
    }
    let r = get(addr(), "/api/v1/procedures/1.00161");
    assert_eq!(r.api_error(), "invalid_procedure_code");
}

#[test]
fn unknown_api_paths_and_methods_answer_in_json() {
    for path in [
        "/api/v1/nope",
        "/api/v2/catalogue",
        "/api/v1/procedures",
        "/api",
        "/api/v1/catalogue/extra",
    ] {
        let r = get(addr(), path);
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.api_error(), "not_found", "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"));
    }
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let r = raw(addr(), method, "/api/v1/catalogue", &[]);
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.api_error(), "method_not_allowed");
        assert!(
            r.header("allow").is_some_and(|a| a.contains("GET")),
            "{r:?}"
        );
        common::assert_security_headers(&r);
    }
    let head = raw(addr(), "HEAD", "/api/v1/health", &[]);
    assert_eq!(head.status, 200);
}

#[test]
fn provinces_and_their_wards() {
    let r = get(addr(), "/api/v1/admin-units/provinces");
    assert_eq!(r.status, 200);
    let provinces: Vec<domain::ProvinceSummary> =
        serde_json::from_slice(&r.body).expect("provinces");
    assert_eq!(provinces.len(), 34);
    assert_eq!(provinces.iter().map(|p| p.ward_count).sum::<u32>(), 3321);
    let ha_noi = provinces.iter().find(|p| p.code == 1).expect("Hà Nội");
    assert!(ha_noi.name.contains("Hà Nội"));
    // Vietnamese order: Đ comes right after D, long before H.
    let pos = |needle: &str| {
        provinces
            .iter()
            .position(|p| p.name.contains(needle))
            .expect(needle)
    };
    assert!(pos("Đà Nẵng") < pos("Hà Nội"));
    assert!(pos("An Giang") < pos("Bắc Ninh"));

    let r = get(addr(), "/api/v1/admin-units/provinces/1/wards");
    assert_eq!(r.status, 200);
    let wards: Vec<domain::Ward> = serde_json::from_slice(&r.body).expect("wards");
    assert_eq!(wards.len() as u32, ha_noi.ward_count);
    assert!(wards.iter().any(|w| w.name == "Phường Hoàn Kiếm"));
    let etag = r.header("etag").expect("etag");
    assert_eq!(
        get_with(
            addr(),
            "/api/v1/admin-units/provinces/01/wards",
            &[("If-None-Match", etag)]
        )
        .status,
        304
    );
}

#[test]
fn bad_and_unknown_province_codes() {
    for bad in ["abc", "-1", "1.5", "%FF", "99999999999999"] {
        let r = get(
            addr(),
            &format!("/api/v1/admin-units/provinces/{bad}/wards"),
        );
        assert_eq!(r.status, 400, "{bad}");
        assert_eq!(r.api_error(), "invalid_parameter", "{bad}");
    }
    let r = get(addr(), "/api/v1/admin-units/provinces/999/wards");
    assert_eq!(r.status, 404);
    assert_eq!(r.api_error(), "not_found");
}

/// The document says a province code is a `u32`, so every number that fits is a code to
/// look up: ten digits used to be refused as "not a number" (found by the API contract
/// check, scripts/api-contract.sh).
#[test]
fn every_documented_province_code_is_looked_up() {
    for code in ["2147483646", "4294967295"] {
        let r = get(addr(), &format!("/api/v1/admin-units/provinces/{code}/wards"));
        assert_eq!(r.status, 404, "{code}: {}", r.text());
        assert_eq!(r.api_error(), "not_found", "{code}");
    }
    let r = get(addr(), "/api/v1/admin-units/provinces/0000000001/wards");
    assert_eq!(r.status, 200, "{}", r.text());
    let r = get(addr(), "/api/v1/admin-units/provinces/4294967296/wards");
    assert_eq!(r.status, 400);
    assert_eq!(r.api_error(), "invalid_parameter");
}

fn counts(path: &str) -> Vec<(String, u64)> {
    let r = get(addr(), path);
    assert_eq!(r.status, 200, "{path}");
    r.json()
        .as_array()
        .expect("array")
        .iter()
        .map(|o| {
            (
                o["name"].as_str().expect("name").to_owned(),
                o["count"].as_u64().expect("count"),
            )
        })
        .collect()
}

#[test]
fn field_and_agency_counts_cover_the_catalogue() {
    let fields = counts("/api/v1/fields");
    assert_eq!(fields.iter().map(|(_, n)| n).sum::<u64>(), 2849);
    let catalogue = get(addr(), "/api/v1/catalogue").json();
    assert_eq!(
        fields.len(),
        catalogue["fields"].as_array().expect("fields").len()
    );

    let agencies = counts("/api/v1/agencies");
    // The source leaves the agency blank on some procedures; those are under no name.
    let without_agency = catalogue["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i.get("a").is_none())
        .count() as u64;
    assert_eq!(
        agencies.iter().map(|(_, n)| n).sum::<u64>() + without_agency,
        2849
    );
    assert_eq!(
        agencies.len(),
        catalogue["agencies"].as_array().expect("agencies").len()
    );
    assert!(agencies.iter().all(|(name, n)| !name.is_empty() && *n > 0));
}

#[test]
fn openapi_document_lists_every_route_and_its_errors() {
    let r = get(addr(), "/api/openapi.json");
    assert_eq!(r.status, 200);
    let doc: Value = r.json();
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().expect("paths");
    let expected = [
        "/api/v1/health",
        "/api/v1/catalogue",
        "/api/v1/procedures/{code}",
        "/api/v1/fields",
        "/api/v1/agencies",
        "/api/v1/admin-units/provinces",
        "/api/v1/admin-units/provinces/{code}/wards",
        "/api/v1/forms/{code}",
        "/api/v1/registry/enterprises/{mst}",
        "/api/openapi.json",
    ];
    for path in expected {
        let get = &paths.get(path).unwrap_or_else(|| panic!("{path} missing"))["get"];
        let responses = get["responses"].as_object().expect("responses");
        for status in ["200", "405", "500"] {
            assert!(responses.contains_key(status), "{path} lacks {status}");
        }
    }
    // Endpoints that need a filed dossier, a key or a body: documented, checked in
    // their own test files.
    let elsewhere = [
        "/api/v1/dossiers",
        "/api/v1/dossiers/lookup",
        "/api/v1/dossiers/{code}",
        "/api/v1/dossiers/{code}/supplement",
        "/api/v1/dossiers/{code}/result",
        "/api/v1/dossiers/{code}/payments",
        "/api/v1/payments/vnpay-ipn",
        "/api/v1/payments/{txn_ref}",
        "/api/v1/sandbox/officer/dossiers",
        "/api/v1/sandbox/officer/dossiers/{code}/actions",
        "/api/v1/offline/procedures",
        "/api/v1/offline/procedures/{page}",
        "/api/v1/stats",
        "/api/v1/stats/events",
        "/api/v1/handoffs",
        "/api/v1/handoffs/{code}",
        "/api/v1/csp-reports",
        "/api/v1/sandbox/csp-reports",
    ];
    for path in elsewhere {
        assert!(paths.contains_key(path), "{path} missing");
    }
    assert_eq!(
        paths.len(),
        expected.len() + elsewhere.len(),
        "no undocumented extras: {:?}",
        paths.keys()
    );
    let detail = &paths["/api/v1/procedures/{code}"]["get"]["responses"];
    assert!(
        detail.get("400").is_some() && detail.get("404").is_some() && detail.get("304").is_some()
    );
    let form = &paths["/api/v1/forms/{code}"]["get"]["responses"];
    assert!(form.get("400").is_some() && form.get("404").is_some() && form.get("304").is_some());
    let registry = &paths["/api/v1/registry/enterprises/{mst}"]["get"]["responses"];
    for status in ["400", "404", "429"] {
        assert!(registry.get(status).is_some(), "registry lacks {status}");
    }
    assert!(registry["429"]["headers"].get("Retry-After").is_some());
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for name in [
        "Procedure",
        "CatalogueIndex",
        "IndexEntry",
        "FeeSummary",
        "ApiError",
        "ErrorCode",
        "Ward",
        "ProvinceSummary",
        "EnterpriseLookup",
        "Enterprise",
        "EnterpriseKind",
        "EnterpriseStatus",
        "ServedForm",
        "FormSource",
    ] {
        assert!(schemas.contains_key(name), "schema {name} missing");
    }
    // Every route the server answers is in the document, and each answers.
    for path in expected {
        let concrete = path
            .replace(
                "{code}",
                if path.contains("procedures") || path.contains("forms") {
                    "1.001612"
                } else {
                    "1"
                },
            )
            .replace("{mst}", portal_server::registry::DEMO_ACTIVE_COMPANY);
        assert_eq!(get(addr(), &concrete).status, 200, "{concrete}");
    }
}

fn parameter<'a>(op: &'a Value, name: &str) -> &'a Value {
    op["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

/// What the contract check (scripts/api-contract.sh) showed the document had wrong: a
/// client that generates requests from it must be able to build the ones the server
/// reads.
#[test]
fn openapi_requests_are_described_as_the_server_reads_them() {
    let doc = get(addr(), "/api/openapi.json").json();
    let paths = &doc["paths"];

    // The result's access key is a query parameter (`?key=`), not part of the path.
    let result = &paths["/api/v1/dossiers/{code}/result"]["get"];
    assert_eq!(parameter(result, "key")["in"], "query");

    // A filing and a supplement are one JSON part each (plus `file:<id>` parts), not one
    // part per field of the JSON.
    for (path, part, body) in [
        ("/api/v1/dossiers", "dossier", "SubmissionBody"),
        ("/api/v1/dossiers/{code}/supplement", "supplement", "SupplementBody"),
    ] {
        let schema = &paths[path]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(
            schema["properties"][part]["$ref"],
            format!("#/components/schemas/{body}"),
            "{path}: {schema}"
        );
        assert_eq!(schema["required"], serde_json::json!([part]), "{path}");
    }

    // The key's rule is in the document, so a generated key is one the server takes.
    let submit = &paths["/api/v1/dossiers"]["post"];
    assert_eq!(
        parameter(submit, "Idempotency-Key")["schema"]["pattern"],
        "^[A-Za-z0-9-]{8,64}$"
    );
    let start = &doc["components"]["schemas"]["PaymentStart"]["properties"]["return_path"];
    assert_eq!(start["maxLength"], 200, "{start}");
    assert!(start["pattern"].is_string(), "{start}");

    // The IPN is answered 200 whatever it carries: no parameter is required, and there
    // is none literally named `vnp_*`.
    let ipn = &paths["/api/v1/payments/vnpay-ipn"]["get"];
    let params = ipn["parameters"].as_array().expect("parameters");
    assert!(params.iter().any(|p| p["name"] == "vnp_SecureHash"));
    for p in params {
        assert_eq!(p["in"], "query", "{p}");
        assert_ne!(p["required"], true, "{p}");
        assert_ne!(p["name"], "vnp_*");
    }
    let answer = &ipn["responses"]["200"]["content"]["application/json"]["schema"];
    assert!(answer["properties"]["RspCode"].is_object(), "{answer}");
}
