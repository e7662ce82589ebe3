//! Filing, reading, looking up, supplementing and the officer's state machine, over real
//! HTTP against a real SQLite file and file store.

mod common;

use common::filings::{household_answers, PDF};
use common::{get_with, post, post_json, Multipart, Response, Server};
use domain::date::Date;
use domain::dossier::{DossierCode, ProcessingTime};
use domain::working_days::Calendar;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// Look-ups unlimited here; the limit has its own server below.
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let root = common::fresh_dir("dossiers-tests");
        let dist = common::make_dist(&root);
        common::start_with(&root.join("var"), &dist, |c| c.lookup_rate_per_minute = 0)
    })
}

fn addr() -> std::net::SocketAddr {
    server().addr
}

/// A fresh idempotency key per call (a draft UUID in the app).
fn new_key(label: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!("test-{label}-{:06}", N.fetch_add(1, Ordering::Relaxed))
}

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H',
];


fn schema_version(procedure: &str) -> u64 {
    let r = common::get(addr(), &format!("/api/v1/forms/{procedure}"));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["schema"]["version"].as_u64().expect("version")
}

fn dossier_json(procedure: &str, answers: Value) -> Value {
    json!({"procedure_code": procedure, "schema_version": schema_version(procedure), "answers": answers})
}

fn submit_parts(key: &str, parts: Multipart) -> Response {
    let (content_type, body) = parts.finish();
    post(
        addr(),
        "/api/v1/dossiers",
        &[("Content-Type", &content_type), ("Idempotency-Key", key)],
        &body,
    )
}

fn household_parts(answers: Value) -> Multipart {
    Multipart::new()
        .json("dossier", &dossier_json("1.001612", answers))
        .file("file:f1", "uy-quyen-chu-ho.pdf", "application/pdf", PDF)
}

/// Files the household business and returns the receipt.
fn file_household() -> Value {
    let r = submit_parts(&new_key("hkd"), household_parts(household_answers()));
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

fn status_of(code: &str, key: &str) -> Response {
    get_with(
        addr(),
        &format!("/api/v1/dossiers/{code}"),
        &[("X-Dossier-Key", key)],
    )
}

fn receipt_parts(receipt: &Value) -> (String, String) {
    (
        receipt["code"].as_str().expect("code").to_owned(),
        receipt["access_key"].as_str().expect("key").to_owned(),
    )
}

#[test]
fn a_filing_gets_a_receipt_and_its_status_reads_back() {
    let receipt = file_household();
    let (code, key) = receipt_parts(&receipt);
    let parsed = DossierCode::parse_checked(&code).expect("a checked code");
    assert_eq!(parsed.prefix(), "000.00.31.H29");
    assert_eq!(key.len(), 32);
    assert!(key.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(receipt["procedure_code"], "1.001612");
    assert_eq!(receipt["state"], json!({"state": "received"}));
    // The catalogue states no processing time for this procedure: no appointment date.
    assert_eq!(receipt["due_on"], Value::Null);
    assert_eq!(receipt["fee_total_vnd"], 150_000);
    assert_eq!(receipt["fees"][0]["kind"], "le_phi");
    let submitted = receipt["submitted_at"].as_str().expect("submitted_at");
    assert!(submitted.ends_with("+07:00"), "{submitted}");
    assert_eq!(&submitted[..10], parsed.date().to_iso());

    let r = status_of(&code, &key);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let s = r.json();
    assert_eq!(s["code"], code.as_str());
    assert!(s.get("access_key").is_none(), "the key is not echoed: {s}");
    assert_eq!(s["timeline"].as_array().map(Vec::len), Some(1));
    assert_eq!(s["timeline"][0]["state"], "received");
    assert_eq!(s["payment"]["status"], "unpaid");
    assert_eq!(s["payment"]["amount_vnd"], 150_000);
    assert_eq!(s["result_available"], false);
    assert_eq!(s["overdue"], false);
    let files = s["files"].as_array().expect("files");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["id"], "f1");
    assert_eq!(files[0]["mime"], "application/pdf");
    assert_eq!(files[0]["size"], PDF.len());
    assert_eq!(files[0]["round"], 0);
    // Stored normalised, provenance kept.
    assert_eq!(s["answers"]["owner_phone"], "0912345678");
    assert_eq!(s["answers"]["capital"], "50000000");
    assert_eq!(
        s["answers"]["$provenance"]["owner_full_name"]["source"],
        "business_registry"
    );
    // The bytes are kept under their content address.
    let sha = {
        use sha2::Digest;
        let d = sha2::Sha256::digest(PDF);
        d.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    assert_eq!(
        std::fs::read(server().data_dir.join("files").join(sha)).expect("stored file"),
        PDF
    );
}

#[test]
fn status_needs_the_key_and_says_nothing_about_unknown_codes() {
    let (code, key) = receipt_parts(&file_household());
    let wrong = status_of(&code, "0123456789abcdef0123456789abcdef");
    let none = get_with(addr(), &format!("/api/v1/dossiers/{code}"), &[]);
    // A valid code nobody was given.
    let unknown_code = DossierCode::new("000.00.31.H29", Date::new(2030, 1, 2).expect("date"), 9)
        .expect("code")
        .to_string();
    let unknown = status_of(&unknown_code, &key);
    let garbled = status_of("not-a-code", &key);
    for r in [&wrong, &none, &unknown, &garbled] {
        assert_eq!(r.status, 404, "{}", r.text());
        assert_eq!(r.api_error(), "not_found");
        assert_eq!(r.body, wrong.body, "identical answers");
    }
    // Lower case and spaces are the same code.
    let lower = status_of(&format!("%20{}", code.to_lowercase()), &key);
    assert_eq!(lower.status, 200, "{}", lower.text());
}

#[test]
fn the_same_key_and_body_replays_the_first_answer() {
    let key = new_key("replay");
    let first = submit_parts(&key, household_parts(household_answers()));
    assert_eq!(first.status, 201, "{}", first.text());
    assert_eq!(first.header("idempotency-replayed"), None);
    let again = submit_parts(&key, household_parts(household_answers()));
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(again.header("idempotency-replayed"), Some("true"));
    assert_eq!(again.body, first.body, "verbatim");
}

#[test]
fn the_same_key_with_another_body_is_a_conflict() {
    let key = new_key("conflict");
    assert_eq!(
        submit_parts(&key, household_parts(household_answers())).status,
        201
    );
    let mut changed = household_answers();
    changed["employees"] = json!("4");
    let r = submit_parts(&key, household_parts(changed));
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(r.api_error(), "idempotency_conflict");
    // Other file bytes under the same ids are another body too.
    let other_bytes = Multipart::new()
        .json("dossier", &dossier_json("1.001612", household_answers()))
        .file(
            "file:f1",
            "uy-quyen-chu-ho.pdf",
            "application/pdf",
            b"%PDF-1.4 other\n",
        );
    let r = submit_parts(&key, other_bytes);
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(r.api_error(), "idempotency_conflict");
}

fn officer_list() -> Vec<Value> {
    let r = common::get(addr(), "/api/v1/sandbox/officer/dossiers");
    assert_eq!(r.status, 200, "{}", r.text());
    r.json().as_array().expect("list").clone()
}

#[test]
fn a_hundred_concurrent_posts_with_one_key_make_one_dossier() {
    let key = new_key("concurrent");
    let (content_type, body) = household_parts(household_answers()).finish();
    let answers: Vec<Response> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..100)
            .map(|_| {
                s.spawn(|| {
                    post(
                        addr(),
                        "/api/v1/dossiers",
                        &[("Content-Type", &content_type), ("Idempotency-Key", &key)],
                        &body,
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let codes: std::collections::BTreeSet<String> = answers
        .iter()
        .map(|r| {
            assert_eq!(r.status, 201, "{}", r.text());
            r.json()["code"].as_str().expect("code").to_owned()
        })
        .collect();
    assert_eq!(codes.len(), 1, "{codes:?}");
    let fresh = answers
        .iter()
        .filter(|r| r.header("idempotency-replayed").is_none())
        .count();
    assert_eq!(fresh, 1, "exactly one answer created the dossier");
    let code = codes.into_iter().next().expect("one code");
    let listed = officer_list()
        .iter()
        .filter(|d| d["code"] == code.as_str())
        .count();
    assert_eq!(listed, 1);
}

#[test]
fn a_file_that_is_not_what_it_claims_is_refused_by_name() {
    let parts = Multipart::new()
        .json("dossier", &dossier_json("1.001612", household_answers()))
        .file(
            "file:f1",
            "uy-quyen-chu-ho.pdf",
            "application/pdf",
            b"MZ\x90\x00 this is an executable",
        );
    let r = submit_parts(&new_key("magic"), parts);
    assert_eq!(r.status, 415, "{}", r.text());
    assert_eq!(r.api_error(), "unsupported_media_type");
    let e = r.json();
    assert!(
        e["error"]["message_vi"]
            .as_str()
            .is_some_and(|m| m.contains("uy-quyen-chu-ho.pdf")),
        "{e}"
    );
    assert!(e["error"]["message_en"]
        .as_str()
        .is_some_and(|m| m.contains("uy-quyen-chu-ho.pdf")));
}

#[test]
fn an_oversized_file_is_refused_by_name() {
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let mut answers = household_answers();
    answers["members_authorisation"][0]["size"] = json!(big.len());
    let parts = Multipart::new()
        .json("dossier", &dossier_json("1.001612", answers))
        .file("file:f1", "uy-quyen-chu-ho.pdf", "application/pdf", &big);
    let r = submit_parts(&new_key("big"), parts);
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.api_error(), "payload_too_large");
    assert!(r.json()["error"]["message_en"]
        .as_str()
        .is_some_and(|m| m.contains("uy-quyen-chu-ho.pdf")));
}

#[test]
fn a_missing_file_part_is_named() {
    let parts = Multipart::new().json("dossier", &dossier_json("1.001612", household_answers()));
    let r = submit_parts(&new_key("nofile"), parts);
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(r.api_error(), "bad_request");
    assert!(r.json()["error"]["message_vi"]
        .as_str()
        .is_some_and(|m| m.contains("uy-quyen-chu-ho.pdf")));
}

#[test]
fn malformed_requests_are_400_not_500() {
    // No key, a short key, no multipart, no dossier part, broken JSON.
    let (ct, body) = household_parts(household_answers()).finish();
    let no_key = post(addr(), "/api/v1/dossiers", &[("Content-Type", &ct)], &body);
    assert_eq!(no_key.status, 400);
    assert_eq!(no_key.api_error(), "bad_request");
    let short = post(
        addr(),
        "/api/v1/dossiers",
        &[("Content-Type", &ct), ("Idempotency-Key", "abc")],
        &body,
    );
    assert_eq!(short.status, 400);
    let not_multipart = post(
        addr(),
        "/api/v1/dossiers",
        &[
            ("Content-Type", "application/json"),
            ("Idempotency-Key", &new_key("json")),
        ],
        b"{}",
    );
    assert_eq!(not_multipart.status, 400, "{}", not_multipart.text());
    assert_eq!(not_multipart.api_error(), "bad_request");
    let only_file = Multipart::new().file("file:f1", "a.pdf", "application/pdf", PDF);
    let r = submit_parts(&new_key("nodossier"), only_file);
    assert_eq!(r.status, 400, "{}", r.text());
    let broken = Multipart::new().text("dossier", "application/json", b"{\"procedure_code\": ");
    let r = submit_parts(&new_key("broken"), broken);
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(r.api_error(), "bad_request");
}

#[test]
fn invalid_answers_come_back_field_by_field() {
    let mut answers = household_answers();
    answers["capital"] = json!("0");
    answers["owner_cccd"] = json!("001085012345");
    answers
        .as_object_mut()
        .expect("object")
        .remove("business_name");
    let r = submit_parts(&new_key("invalid"), household_parts(answers));
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.api_error(), "validation_failed");
    let fields = r.json()["error"]["fields"]
        .as_array()
        .expect("fields")
        .clone();
    let found: Vec<(String, String)> = fields
        .iter()
        .map(|f| {
            assert!(f["message_vi"].as_str().is_some_and(|m| !m.is_empty()));
            assert!(f["message_en"].as_str().is_some_and(|m| !m.is_empty()));
            (
                f["path"].as_str().unwrap_or("").to_owned(),
                f["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    for expected in [
        ("owner_cccd", "cccd_sex"),
        ("capital", "too_small"),
        ("business_name", "required"),
    ] {
        assert!(
            found.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {found:?}"
        );
    }
}

#[test]
fn an_address_outside_its_province_is_refused_by_the_server() {
    let mut answers = household_answers();
    // Ward 4 is in Hà Nội (1), not in province 79.
    answers["head_office_address"] = json!({"province": 79, "ward": 4, "street": "1 Lê Lợi"});
    let r = submit_parts(&new_key("ward"), household_parts(answers));
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(
        r.json()["error"]["fields"][0]["path"],
        "head_office_address"
    );
}

#[test]
fn answers_made_under_an_older_form_are_refused_with_a_reload_hint() {
    let mut dossier = dossier_json("1.001612", household_answers());
    dossier["schema_version"] = json!(1);
    let parts = Multipart::new().json("dossier", &dossier).file(
        "file:f1",
        "uy-quyen-chu-ho.pdf",
        "application/pdf",
        PDF,
    );
    let r = submit_parts(&new_key("version"), parts);
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(r.api_error(), "conflict");
    assert!(r.json()["error"]["message_vi"]
        .as_str()
        .is_some_and(|m| m.contains("tải lại")));
}

#[test]
fn a_suspended_enterprise_is_refused_whatever_the_client_claims() {
    let lookup = common::get(addr(), "/api/v1/registry/enterprises/0490000013");
    assert_eq!(lookup.status, 200, "{}", lookup.text());
    let e = lookup.json();
    assert_eq!(e["status"], "tam_ngung", "{e}");
    let answers = json!({
      "enterprise_mst": "0490000013",
      // A tampered client says it is operating; the server asks the registry.
      "enterprise_status": "dang_hoat_dong",
      "enterprise_name": e["name"], "enterprise_kind": e["kind"],
      "enterprise_head_office": {"province": e["head_office"]["province"], "ward": e["head_office"]["ward"], "street": e["head_office"]["street"]},
      "enterprise_phone": "0912345678",
      "rep_full_name": e["legal_representative"]["full_name"], "rep_sex": e["legal_representative"]["sex"],
      "rep_date_of_birth": e["legal_representative"]["date_of_birth"], "rep_cccd": e["legal_representative"]["cccd"],
      "changes": ["tax"], "tax_changes": "Đổi phương pháp tính thuế",
      "submitted_by": "representative", "declaration": true
    });
    let parts = Multipart::new().json("dossier", &dossier_json("2.002041", answers));
    let r = submit_parts(&new_key("suspended"), parts);
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.api_error(), "validation_failed");
    let fields = r.json()["error"]["fields"]
        .as_array()
        .expect("fields")
        .clone();
    assert!(
        fields
            .iter()
            .any(|f| f["path"] == "enterprise_mst" && f["code"] == "enterprise_not_active"),
        "{fields:?}"
    );
}

/// 1.000239 has no hand-made form (the generic one is served), 10 working days and a
/// 250,000 VNĐ online fee.
const GENERIC: &str = "1.000239";

/// Generic-form answers with a PDF in every required document slot (ids `d1`, `d2`, …).
fn generic_filing(extra_png_in_first_slot: bool) -> Multipart {
    let r = common::get(addr(), &format!("/api/v1/forms/{GENERIC}"));
    assert_eq!(r.status, 200);
    let served = r.json();
    assert_eq!(served["source"], "generic");
    let mut answers = json!({
      "applicant_type": "person", "full_name": "Trần Văn Bình", "cccd": "001090012345",
      "date_of_birth": "05/06/1990", "address": {"province": 1, "ward": 8, "street": "2 Hoàng Hoa Thám"},
      "phone": "+84 912 000 111", "declaration": true
    });
    let mut parts = Vec::new();
    let mut first = true;
    for step in served["schema"]["steps"].as_array().expect("steps") {
        for f in step["fields"].as_array().expect("fields") {
            if f["type"] != "attachment" || (f["required"] != true && !first) {
                continue;
            }
            let n = parts.len() + 1;
            let id = format!("d{n}");
            let mut files = vec![
                json!({"id": id, "name": format!("giay-to-{n}.pdf"), "mime": "application/pdf", "size": PDF.len()}),
            ];
            parts.push((id, format!("giay-to-{n}.pdf"), "application/pdf", PDF));
            if first && extra_png_in_first_slot {
                files.push(json!({"id": "scan", "name": "anh-chup.png", "mime": "image/png", "size": PNG.len()}));
                parts.push(("scan".into(), "anh-chup.png".into(), "image/png", PNG));
            }
            first = false;
            answers[f["id"].as_str().expect("id")] = Value::Array(files);
        }
    }
    assert!(!parts.is_empty(), "the generic form has document slots");
    let mut m = Multipart::new().json("dossier", &dossier_json(GENERIC, answers));
    for (id, name, mime, bytes) in parts {
        m = m.file(&format!("file:{id}"), &name, mime, bytes);
    }
    m
}

fn file_generic() -> Value {
    let r = submit_parts(&new_key("generic"), generic_filing(true));
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

/// `2026-02-13T09:00:05+07:00` → (date, hour, minute).
fn vn_time_of(at: &str) -> (Date, u8, u8) {
    let date = Date::parse_iso(&at[..10]).expect("date");
    let hour = at[11..13].parse().expect("hour");
    let minute = at[14..16].parse().expect("minute");
    (date, hour, minute)
}

#[test]
fn dates_follow_the_working_day_rules() {
    let receipt = file_generic();
    assert_eq!(receipt["processing_time"], "10 Ngày làm việc");
    assert_eq!(receipt["fee_total_vnd"], 250_000);
    let (date, hour, minute) = vn_time_of(receipt["submitted_at"].as_str().expect("at"));
    let calendar = Calendar::VIETNAM;
    assert_eq!(
        receipt["received_on"],
        calendar.receipt_day(date, hour, minute).to_iso()
    );
    assert_eq!(
        receipt["due_on"],
        ProcessingTime::WorkingDays(10)
            .appointment(&calendar, date, hour, minute)
            .to_iso()
    );
    // The rule itself across Tết Bính Ngọ (14–22 Feb 2026 off): filed on Friday 13 Feb
    // after 16:00, counting starts on Monday 23 Feb.
    let tet = Date::new(2026, 2, 13).expect("date");
    assert_eq!(
        calendar.receipt_day(tet, 16, 30).to_iso(),
        "2026-02-23",
        "after the cut-off, the next working day"
    );
}

#[test]
fn lookup_by_code_and_phone_is_all_or_nothing() {
    let receipt = file_generic();
    let (code, key) = receipt_parts(&receipt);
    let ok = post_json(
        addr(),
        "/api/v1/dossiers/lookup",
        &json!({"code": code.to_lowercase(), "phone": "0912.000.111"}),
    );
    assert_eq!(ok.status, 200, "{}", ok.text());
    assert_eq!(ok.json()["access_key"], key.as_str());
    assert_eq!(ok.json()["code"], code.as_str());

    let wrong_phone = post_json(
        addr(),
        "/api/v1/dossiers/lookup",
        &json!({"code": code, "phone": "0912000112"}),
    );
    let unknown = DossierCode::new("000.00.31.H29", Date::new(2030, 1, 2).expect("date"), 7)
        .expect("code")
        .to_string();
    let unknown_code = post_json(
        addr(),
        "/api/v1/dossiers/lookup",
        &json!({"code": unknown, "phone": "0912000111"}),
    );
    for r in [&wrong_phone, &unknown_code] {
        assert_eq!(r.status, 404, "{}", r.text());
        assert_eq!(r.api_error(), "not_found");
    }
    assert_eq!(wrong_phone.body, unknown_code.body, "identical answers");
    assert_eq!(wrong_phone.headers.len(), unknown_code.headers.len());

    // A mistyped code is caught by its check characters; nothing is revealed by that.
    let mut typo = code.clone();
    typo.replace_range(typo.len() - 6..typo.len() - 5, "9");
    let r = post_json(
        addr(),
        "/api/v1/dossiers/lookup",
        &json!({"code": typo, "phone": "0912000111"}),
    );
    assert!(matches!(r.status, 400 | 404), "{}", r.text());
    let bad = post(
        addr(),
        "/api/v1/dossiers/lookup",
        &[("Content-Type", "application/json")],
        b"{\"code\": 1}",
    );
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert_eq!(bad.api_error(), "bad_request");
}

#[test]
fn lookups_are_rate_limited_per_client() {
    let root = common::fresh_dir("dossiers-lookup-limit");
    let dist = common::make_dist(&root);
    let limited = common::start_with(&root.join("var"), &dist, |c| c.lookup_rate_per_minute = 3);
    let unknown = DossierCode::new("000.00.31.H29", Date::new(2030, 1, 2).expect("date"), 7)
        .expect("code")
        .to_string();
    let ask = || {
        post_json(
            limited.addr,
            "/api/v1/dossiers/lookup",
            &json!({"code": unknown, "phone": "0912000111"}),
        )
    };
    for _ in 0..3 {
        assert_eq!(ask().status, 404);
    }
    common::assert_limited(&ask(), 20);
}

fn act(code: &str, action: Value) -> Response {
    post_json(
        addr(),
        &format!("/api/v1/sandbox/officer/dossiers/{code}/actions"),
        &action,
    )
}

fn supplement(code: &str, key: &str, parts: Multipart) -> Response {
    let (ct, body) = parts.finish();
    post(
        addr(),
        &format!("/api/v1/dossiers/{code}/supplement"),
        &[("Content-Type", &ct), ("X-Dossier-Key", key)],
        &body,
    )
}

#[test]
fn a_dossier_goes_through_its_whole_life() {
    let (code, key) = receipt_parts(&file_household());
    let listed = officer_list();
    let row = listed
        .iter()
        .find(|d| d["code"] == code.as_str())
        .expect("listed");
    assert_eq!(row["state"]["state"], "received");
    assert_eq!(row["payment_status"], "unpaid");

    // Not yet: a result before processing starts.
    let r = act(&code, json!({"action": "attach_result"}));
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(r.api_error(), "conflict");

    let r = act(&code, json!({"action": "start_processing"}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["state"]["state"], "processing");

    // A supplement request must say what is missing.
    let r = act(&code, json!({"action": "request_supplement", "note": "  "}));
    assert_eq!(r.status, 400, "{}", r.text());
    let r = act(
        &code,
        json!({"action": "request_supplement", "note": "Bổ sung bản chụp CCCD của thành viên"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json()["state"]["note"],
        "Bổ sung bản chụp CCCD của thành viên"
    );

    // The citizen answers: corrected answers, the old file by id, one new file.
    let mut answers = household_answers();
    answers["members_authorisation"] = json!([
        {"id": "f1", "name": "uy-quyen-chu-ho.pdf", "mime": "application/pdf", "size": PDF.len()},
        {"id": "f2", "name": "cccd-thanh-vien.png", "mime": "image/png", "size": PNG.len()}
    ]);
    answers["employees"] = json!("5");
    let missing_new = supplement(
        &code,
        &key,
        Multipart::new().json("supplement", &json!({"answers": answers})),
    );
    assert_eq!(missing_new.status, 400, "{}", missing_new.text());
    let wrong_key = supplement(
        &code,
        "0123456789abcdef0123456789abcdef",
        Multipart::new().json("supplement", &json!({"answers": answers})),
    );
    assert_eq!(wrong_key.status, 404);
    let r = supplement(
        &code,
        &key,
        Multipart::new()
            .json("supplement", &json!({"answers": answers}))
            .file("file:f2", "cccd-thanh-vien.png", "image/png", PNG),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let s = r.json();
    assert_eq!(s["state"]["state"], "processing");
    assert_eq!(s["answers"]["employees"], "5");
    let rounds: Vec<(String, u64)> = s["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap_or("").to_owned(),
                f["round"].as_u64().unwrap_or(99),
            )
        })
        .collect();
    assert_eq!(rounds, vec![("f1".into(), 0), ("f2".into(), 1)]);

    // A second supplement without a request is refused.
    let again = supplement(
        &code,
        &key,
        Multipart::new().json("supplement", &json!({"answers": answers})),
    );
    assert_eq!(again.status, 409, "{}", again.text());
    assert_eq!(again.api_error(), "conflict");

    // No result yet.
    let none = common::get(addr(), &format!("/api/v1/dossiers/{code}/result?key={key}"));
    assert_eq!(none.status, 404);

    let r = act(&code, json!({"action": "attach_result"}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["result_available"], true);

    let doc = common::get(addr(), &format!("/api/v1/dossiers/{code}/result?key={key}"));
    assert_eq!(doc.status, 200, "{}", doc.text());
    assert_eq!(
        doc.header("content-disposition"),
        Some(format!("attachment; filename=\"ket-qua-{code}.html\"").as_str())
    );
    assert!(doc
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/html")));
    let html = doc.text();
    assert!(html.contains(&code) && html.contains("SANDBOX"), "{html}");
    assert!(
        html.contains("Nguyễn Thị Hương"),
        "names the applicant: {html}"
    );
    let wrong = common::get(
        addr(),
        &format!("/api/v1/dossiers/{code}/result?key=0123456789abcdef0123456789abcdef"),
    );
    assert_eq!(wrong.status, 404);

    let r = act(&code, json!({"action": "return_result"}));
    assert_eq!(r.status, 200, "{}", r.text());
    // Final: nothing leaves Returned.
    let r = act(&code, json!({"action": "reject", "reason": "Sai"}));
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.json()["error"]["message_vi"]
        .as_str()
        .is_some_and(|m| m.contains("Đã trả kết quả")));

    let s = status_of(&code, &key).json();
    let states: Vec<&str> = s["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|t| t["state"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        states,
        [
            "received",
            "processing",
            "supplement_requested",
            "processing",
            "result_ready",
            "returned"
        ]
    );
    assert_eq!(
        s["timeline"][2]["note"],
        "Bổ sung bản chụp CCCD của thành viên"
    );
}

#[test]
fn a_rejection_carries_its_reason() {
    let (code, key) = receipt_parts(&file_generic());
    let r = act(&code, json!({"action": "reject", "reason": ""}));
    assert_eq!(r.status, 400, "{}", r.text());
    let r = act(
        &code,
        json!({"action": "reject", "reason": "Sai thẩm quyền giải quyết"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let s = status_of(&code, &key).json();
    assert_eq!(
        s["state"],
        json!({"state": "rejected", "reason": "Sai thẩm quyền giải quyết"})
    );
    assert_eq!(s["overdue"], false);
    let r = act(&code, json!({"action": "supplement"}));
    assert_eq!(r.status, 400, "the citizen's action is not the officer's");
    let r = act(&code, json!({"action": "fly"}));
    assert_eq!(r.status, 400);
    assert_eq!(r.api_error(), "bad_request");
    let unknown = DossierCode::new("000.00.31.H29", Date::new(2030, 1, 2).expect("date"), 5)
        .expect("code")
        .to_string();
    assert_eq!(
        act(&unknown, json!({"action": "start_processing"})).status,
        404
    );
}

#[test]
fn the_officer_console_is_plain_escaped_html() {
    let (code, _) = receipt_parts(&file_household());
    let list = common::get(addr(), "/sandbox/officer");
    assert_eq!(list.status, 200);
    assert!(list
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/html")));
    let html = list.text();
    assert!(html.contains("SANDBOX") && html.contains(&code));
    common::assert_security_headers(&list);

    let page = common::get(addr(), &format!("/sandbox/officer/dossiers/{code}"));
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("name=\"action\" value=\"start_processing\""),
        "{html}"
    );
    assert!(!html.contains("<HƯƠNG LIÊN>"), "user text is escaped");
    assert!(html.contains("&lt;HƯƠNG LIÊN&gt;"));
    assert!(!html.contains("<script") && !html.contains("style="));

    let post_form = |body: &[u8]| {
        post(
            addr(),
            &format!("/sandbox/officer/dossiers/{code}/actions"),
            &[("Content-Type", "application/x-www-form-urlencoded")],
            body,
        )
    };
    for body in [
        &b"action=start_processing"[..],
        b"action=request_supplement&note=Thi%E1%BA%BFu+b%E1%BA%A3n+ch%E1%BB%A5p+%3Cb%3E",
    ] {
        let r = post_form(body);
        assert_eq!(r.status, 303, "{}", r.text());
        assert_eq!(
            r.header("location"),
            Some(format!("/sandbox/officer/dossiers/{code}").as_str())
        );
    }
    let html = common::get(addr(), &format!("/sandbox/officer/dossiers/{code}")).text();
    assert!(html.contains("Thiếu bản chụp &lt;b&gt;"), "{html}");
    assert!(html.contains("value=\"reject\""), "{html}");
    // Not allowed while waiting for a supplement: an HTML error page, not JSON.
    let refused = post_form(b"action=return_result");
    assert_eq!(refused.status, 409, "{}", refused.text());
    assert!(refused
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/html")));
    assert!(refused.text().contains("SANDBOX"));
}

#[test]
fn attachments_over_fifty_megabytes_in_all_are_refused() {
    // Six files of 8.6 MiB: each within its own limit, 51.6 MiB together (the body still
    // fits the upload routes' 52 MiB, so the dossier total is what refuses it).
    let mut big = PDF.to_vec();
    big.resize(8 * 1024 * 1024 + 600 * 1024, b' ');
    let r = common::get(addr(), &format!("/api/v1/forms/{GENERIC}"));
    let served = r.json();
    let slot = served["schema"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .flat_map(|s| s["fields"].as_array().cloned().unwrap_or_default())
        .find(|f| f["type"] == "attachment")
        .expect("a document slot");
    let slot_id = slot["id"].as_str().expect("id").to_owned();
    let files: Vec<Value> = (1..=6)
        .map(|n| json!({"id": format!("b{n}"), "name": format!("ban-scan-{n}.pdf"), "mime": "application/pdf", "size": big.len()}))
        .collect();
    let mut answers = json!({
      "applicant_type": "person", "full_name": "Trần Văn Bình", "cccd": "001090012345",
      "date_of_birth": "05/06/1990", "address": {"province": 1, "ward": 8, "street": "2 Hoàng Hoa Thám"},
      "phone": "0912000111", "declaration": true
    });
    answers[slot_id.as_str()] = Value::Array(files);
    let mut parts = Multipart::new().json("dossier", &dossier_json(GENERIC, answers));
    for n in 1..=6 {
        parts = parts.file(
            &format!("file:b{n}"),
            &format!("ban-scan-{n}.pdf"),
            "application/pdf",
            &big,
        );
    }
    let r = submit_parts(&new_key("total"), parts);
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.api_error(), "payload_too_large");
    assert!(r.json()["error"]["message_en"]
        .as_str()
        .is_some_and(|m| m.contains("per dossier")));
}

#[test]
fn a_body_over_the_upload_limit_is_refused_before_it_is_read() {
    let (ct, mut body) = household_parts(household_answers()).finish();
    body.resize(portal_server::UPLOAD_BODY_LIMIT_BYTES + 1, b' ');
    let r = post(
        addr(),
        "/api/v1/dossiers",
        &[("Content-Type", &ct), ("Idempotency-Key", &new_key("huge"))],
        &body,
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.api_error(), "payload_too_large");
    assert!(r.json()["error"]["message_en"]
        .as_str()
        .is_some_and(|m| m.contains("per dossier")));
    // Every other route keeps the small limit.
    let big = vec![b'x'; portal_server::BODY_LIMIT_BYTES + 1];
    let r = post(
        addr(),
        "/api/v1/dossiers/lookup",
        &[("Content-Type", "application/json")],
        &big,
    );
    assert_eq!(r.status, 413);
}
