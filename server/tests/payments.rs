//! Fee payments against a real server: starting an attempt, the VNPay-style IPN
//! (valid, tampered, wrong amount, replayed, unknown), the verified state, retries, and
//! the sandbox gateway's pages.

mod common;

use common::filings::{household_answers, PDF};
use common::{fresh_dir, get, make_dist, raw, start_with, try_raw, Response, Server};
use domain::payment::{parse_query, sign, verify_query, HashSecret, Params};
use portal_server::config::Secret;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

/// The server is started with this secret, so the test can sign IPNs as the gateway.
const TEST_SECRET: &str = "payments-test-secret-0123456789";
/// The harness's raw client sends `Host: 127.0.0.1`.
const ORIGIN: &str = "http://127.0.0.1";
const RETURN_PATH: &str = "/thanh-toan/ket-qua";
const FEE: i64 = 150_000;

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let root = fresh_dir("payments");
        let dist = make_dist(&root);
        start_with(&root.join("var"), &dist, |c| {
            c.payment_secret = Some(Secret::new(TEST_SECRET));
        })
    })
}

fn secret() -> HashSecret {
    HashSecret::new(TEST_SECRET)
}

fn db() -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(server().data_dir.join(portal_server::DATABASE_FILE))
        .expect("open test database");
    conn.busy_timeout(Duration::from_secs(10))
        .expect("busy timeout");
    conn
}

/// A dossier owed `fee` đồng, written straight into the server's database (dated 2020,
/// so its code never meets one the server issues): for cases the filing API cannot make
/// on demand, such as a dossier with nothing due.
fn insert_dossier(fee: i64) -> (String, String) {
    use domain::dossier::api::DossierReceipt;
    use domain::dossier::{DossierCode, DossierState};
    static N: AtomicU32 = AtomicU32::new(1);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let date = domain::date::Date::new(2020, 1, 2).unwrap();
    let code = DossierCode::new("000.00.31.H29", date, n)
        .unwrap()
        .to_string();
    let key = format!("test-key-{n:04}-0123456789abcdef0123456789abcdef");
    let receipt = DossierReceipt {
        code: code.clone(),
        access_key: key.clone(),
        procedure_code: "1.001612".into(),
        procedure_name: "Đăng ký thành lập hộ kinh doanh".into(),
        agency: None,
        submitted_at: "2020-01-02T09:00:00+07:00".into(),
        received_on: "2020-01-02".into(),
        due_on: None,
        processing_time: None,
        fees: Vec::new(),
        fee_total_vnd: fee,
        state: DossierState::Received,
        practice: false,
    };
    db().execute(
        "INSERT INTO dossiers (code, idempotency_key, request_digest, access_key,
             procedure_code, procedure_name, schema_version, answers, phone, state,
             submitted_at, received_on, due_on, fee_total_vnd, receipt, updated_at)
         VALUES (?1, ?2, 'digest', ?3, '1.001612', 'Đăng ký thành lập hộ kinh doanh', 3,
                 '{}', '0912345678', '{\"state\":\"received\"}', 1577930400, '2020-01-02',
                 NULL, ?4, ?5, 1577930400)",
        rusqlite::params![
            code,
            format!("idem-{code}"),
            key,
            fee,
            serde_json::to_string(&receipt).unwrap()
        ],
    )
    .expect("insert dossier");
    (code, key)
}



/// Files a 1.001612 dossier through `POST /api/v1/dossiers`, as the app does, and
/// returns its code and access key.
fn file_dossier() -> (String, String) {
    static N: AtomicU32 = AtomicU32::new(0);
    let form = get(server().addr, "/api/v1/forms/1.001612");
    assert_eq!(form.status, 200, "{}", form.text());
    let version = form.json()["schema"]["version"].clone();
    let dossier = json!({"procedure_code": "1.001612", "schema_version": version, "answers": household_answers()});
    let (content_type, body) = common::Multipart::new()
        .json("dossier", &dossier)
        .file("file:f1", "uy-quyen-chu-ho.pdf", "application/pdf", PDF)
        .finish();
    let idempotency_key = format!("payments-test-{:06}", N.fetch_add(1, Ordering::SeqCst));
    let r = common::post(
        server().addr,
        "/api/v1/dossiers",
        &[
            ("Content-Type", &content_type),
            ("Idempotency-Key", &idempotency_key),
        ],
        &body,
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let receipt = r.json();
    assert_eq!(receipt["fee_total_vnd"], FEE, "{receipt}");
    (
        receipt["code"].as_str().expect("code").to_owned(),
        receipt["access_key"]
            .as_str()
            .expect("access_key")
            .to_owned(),
    )
}

fn post_json(target: &str, headers: &[(&str, &str)], body: &str) -> Response {
    let mut h = vec![("Content-Type", "application/json")];
    h.extend_from_slice(headers);
    try_raw(
        server().addr,
        "POST",
        target.as_bytes(),
        &h,
        body.as_bytes(),
    )
    .unwrap_or_else(|| panic!("no answer to POST {target}"))
}

fn start_payment_raw(code: &str, key: &str, return_path: &str) -> Response {
    post_json(
        &format!("/api/v1/dossiers/{code}/payments"),
        &[("X-Dossier-Key", key)],
        &json!({ "return_path": return_path }).to_string(),
    )
}

/// Starts a payment and returns its answer (`txn_ref`, `redirect_url`, …).
fn start_payment(code: &str, key: &str) -> Value {
    let r = start_payment_raw(code, key, RETURN_PATH);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    r.json()
}

fn payment(txn_ref: &str) -> Value {
    let r = get(server().addr, &format!("/api/v1/payments/{txn_ref}"));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

/// The gateway's result parameters for a payment, as VNPay sends them.
fn result_params(txn_ref: &str, amount_vnd: i64, response: &str, status: &str) -> Params {
    let mut p = Params::new();
    p.insert("vnp_Amount", (amount_vnd * 100).to_string());
    p.insert("vnp_BankCode", "NCB");
    p.insert("vnp_CardType", "ATM");
    p.insert("vnp_OrderInfo", "Le phi ho so");
    p.insert("vnp_PayDate", "20250102101500");
    p.insert("vnp_ResponseCode", response);
    p.insert("vnp_TmnCode", "PORTAL01");
    p.insert("vnp_TransactionNo", "14226112");
    p.insert("vnp_TransactionStatus", status);
    p.insert("vnp_TxnRef", txn_ref);
    p
}

fn signed(p: &Params) -> String {
    let q = p.canonical_query();
    format!(
        "{q}&vnp_SecureHashType=HmacSHA512&vnp_SecureHash={}",
        sign(&secret(), &q)
    )
}

/// Sends an IPN and returns its `RspCode`, checking the VNPay answer shape.
fn ipn(query: &str) -> String {
    let r = get(
        server().addr,
        &format!("/api/v1/payments/vnpay-ipn?{query}"),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert!(v["Message"].is_string(), "{v}");
    assert_eq!(v.as_object().map(|o| o.len()), Some(2), "{v}");
    v["RspCode"].as_str().expect("RspCode").to_owned()
}

fn status_of(txn_ref: &str) -> String {
    payment(txn_ref)["status"].as_str().unwrap().to_owned()
}

fn txn_of(created: &Value) -> String {
    created["txn_ref"].as_str().unwrap().to_owned()
}

#[test]
fn start_answers_a_signed_redirect_to_the_sandbox() {
    let (code, key) = file_dossier();
    let created = start_payment(&code, &key);
    let txn = txn_of(&created);
    assert!(
        txn.len() >= 20 && txn.bytes().all(|b| b.is_ascii_alphanumeric()),
        "{txn}"
    );
    assert_eq!(created["amount_vnd"], FEE);
    assert!(
        created["expires_at"].as_str().unwrap().ends_with("+07:00"),
        "{created}"
    );
    let url = created["redirect_url"].as_str().unwrap();
    let (base, query) = url.split_once('?').unwrap();
    assert_eq!(base, format!("{ORIGIN}/sandbox/gateway/pay"));
    let p = verify_query(query, &secret()).expect("merchant signature verifies");
    assert_eq!(p.get("vnp_Amount"), Some("15000000"));
    assert_eq!(p.get("vnp_TxnRef"), Some(txn.as_str()));
    assert_eq!(p.get("vnp_TmnCode"), Some("PORTAL01"));
    assert_eq!(p.get("vnp_Version"), Some("2.1.0"));
    assert_eq!(p.get("vnp_Command"), Some("pay"));
    assert_eq!(p.get("vnp_CurrCode"), Some("VND"));
    assert_eq!(
        p.get("vnp_ReturnUrl"),
        Some(format!("{ORIGIN}{RETURN_PATH}").as_str())
    );
    let created_at = p.get("vnp_CreateDate").unwrap().parse::<u64>().unwrap();
    let expire = p.get("vnp_ExpireDate").unwrap().parse::<u64>().unwrap();
    assert!(expire > created_at);
    assert!(p.get("vnp_OrderInfo").unwrap().contains(&code), "{p:?}");

    let v = payment(&txn);
    assert_eq!(v["status"], "pending");
    let d = common::get_with(
        server().addr,
        &format!("/api/v1/dossiers/{code}"),
        &[("X-Dossier-Key", &key)],
    );
    assert_eq!(d.json()["payment"]["status"], "pending", "{}", d.text());
    assert_eq!(v["dossier_code"], code.as_str());
    assert_eq!(v["amount_vnd"], FEE);
    assert!(v["paid_at"].is_null());
    assert!(!v["message_vi"].as_str().unwrap().is_empty());
}

#[test]
fn valid_ipn_marks_paid_and_a_replay_answers_already_confirmed() {
    let (code, key) = file_dossier();
    let txn = txn_of(&start_payment(&code, &key));
    let q = signed(&result_params(&txn, FEE, "00", "00"));
    assert_eq!(ipn(&q), "00");
    let v = payment(&txn);
    assert_eq!(v["status"], "paid", "{v}");
    assert_eq!(v["method"], "ATM");
    assert_eq!(v["bank_code"], "NCB");
    assert_eq!(v["gateway_txn_no"], "14226112");
    assert_eq!(v["paid_at"], "2025-01-02T10:15:00+07:00");
    assert_eq!(v["message_en"], "Payment successful");

    // VNPay retries until it hears back: the same IPN again changes nothing.
    assert_eq!(ipn(&q), "02");
    // Nor does a later, contradicting one for the same payment.
    assert_eq!(ipn(&signed(&result_params(&txn, FEE, "24", "02"))), "02");
    assert_eq!(payment(&txn), v);
}

#[test]
fn tampered_checksum_is_refused_and_changes_nothing() {
    let (code, key) = file_dossier();
    let txn = txn_of(&start_payment(&code, &key));
    let q = signed(&result_params(&txn, FEE, "24", "02"));
    let forged = q.replace("vnp_ResponseCode=24", "vnp_ResponseCode=00");
    assert_ne!(forged, q);
    assert_eq!(ipn(&forged), "97");
    // Unsigned, or signed with another key.
    assert_eq!(
        ipn(&result_params(&txn, FEE, "00", "00").canonical_query()),
        "97"
    );
    let other = {
        let p = result_params(&txn, FEE, "00", "00");
        let c = p.canonical_query();
        format!(
            "{c}&vnp_SecureHash={}",
            sign(&HashSecret::new("not-the-secret"), &c)
        )
    };
    assert_eq!(ipn(&other), "97");
    assert_eq!(ipn(""), "97");
    assert_eq!(status_of(&txn), "pending");
}

#[test]
fn amount_mismatch_is_refused() {
    let (code, key) = file_dossier();
    let txn = txn_of(&start_payment(&code, &key));
    assert_eq!(
        ipn(&signed(&result_params(&txn, FEE - 1, "00", "00"))),
        "04"
    );
    assert_eq!(status_of(&txn), "pending");
    // The right amount still goes through afterwards.
    assert_eq!(ipn(&signed(&result_params(&txn, FEE, "00", "00"))), "00");
    assert_eq!(status_of(&txn), "paid");
}

#[test]
fn unknown_reference_is_order_not_found() {
    assert_eq!(
        ipn(&signed(&result_params(
            "20250101UNKNOWNREF000000000",
            FEE,
            "00",
            "00"
        ))),
        "01"
    );
    let r = get(
        server().addr,
        "/api/v1/payments/20250101UNKNOWNREF000000000",
    );
    assert_eq!(r.status, 404);
    assert_eq!(r.api_error(), "not_found");
    let r = get(server().addr, "/api/v1/payments/not%20a%20ref");
    assert_eq!(r.status, 404);
}

#[test]
fn return_url_without_ipn_leaves_the_payment_pending() {
    let (code, key) = file_dossier();
    let txn = txn_of(&start_payment(&code, &key));
    // The browser comes back with a perfectly signed "paid" result, but no IPN came.
    let q = signed(&result_params(&txn, FEE, "00", "00"));
    let r = get(server().addr, &format!("{RETURN_PATH}?{q}"));
    assert_eq!(r.status, 200);
    assert!(r.text().contains(common::INDEX_MARKER), "the app's page");
    let v = payment(&txn);
    assert_eq!(v["status"], "pending");
    assert!(v["paid_at"].is_null());
}

#[test]
fn a_paid_dossier_cannot_be_paid_twice() {
    let (code, key) = file_dossier();
    let txn = txn_of(&start_payment(&code, &key));
    assert_eq!(ipn(&signed(&result_params(&txn, FEE, "00", "00"))), "00");
    let r = start_payment_raw(&code, &key, RETURN_PATH);
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(r.api_error(), "conflict");
}

#[test]
fn failed_or_cancelled_payments_can_be_retried() {
    for (response, status, expect) in [("51", "02", "failed"), ("24", "02", "cancelled")] {
        let (code, key) = file_dossier();
        let first = txn_of(&start_payment(&code, &key));
        assert_eq!(
            ipn(&signed(&result_params(&first, FEE, response, status))),
            "00"
        );
        let v = payment(&first);
        assert_eq!(v["status"], expect, "{v}");
        assert!(v["paid_at"].is_null());
        if expect == "failed" {
            assert_eq!(v["message_en"], "Insufficient balance");
        }
        let second = txn_of(&start_payment(&code, &key));
        assert_ne!(second, first);
        assert_eq!(ipn(&signed(&result_params(&second, FEE, "00", "00"))), "00");
        assert_eq!(status_of(&second), "paid");
        assert_eq!(status_of(&first), expect);
    }
}

#[test]
fn an_unanswered_payment_expires() {
    let (code, key) = file_dossier();
    let txn = txn_of(&start_payment(&code, &key));
    db().execute(
        "UPDATE payments SET expires_at = expires_at - 3600 WHERE txn_ref = ?1",
        [&txn],
    )
    .unwrap();
    let v = payment(&txn);
    assert_eq!(v["status"], "expired");
    assert_eq!(v["message_en"], "The payment timed out; please try again");
    // An expired attempt allows a new one.
    let again = txn_of(&start_payment(&code, &key));
    assert_eq!(status_of(&again), "pending");
}

#[test]
fn start_refuses_bad_requests() {
    let (code, key) = file_dossier();
    let wrong_key = start_payment_raw(&code, "not-the-key", RETURN_PATH);
    assert_eq!(wrong_key.status, 404);
    assert_eq!(wrong_key.api_error(), "not_found");
    let unknown = start_payment_raw("NO-SUCH-DOSSIER", &key, RETURN_PATH);
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json(), wrong_key.json(), "indistinguishable");
    let no_key = post_json(
        &format!("/api/v1/dossiers/{code}/payments"),
        &[],
        r#"{"return_path":"/thanh-toan/ket-qua"}"#,
    );
    assert_eq!(no_key.status, 404);

    for bad in [
        "//evil.example/steal",
        "https://evil.example/",
        "/\\evil.example",
        "thanh-toan",
        "/a b",
        "",
    ] {
        let r = start_payment_raw(&code, &key, bad);
        assert_eq!(r.status, 400, "{bad:?}: {}", r.text());
        assert_eq!(r.api_error(), "invalid_parameter");
    }
    for body in ["", "{", "[]", r#"{"return_path":5}"#, r#"{"other":"/x"}"#] {
        let r = post_json(
            &format!("/api/v1/dossiers/{code}/payments"),
            &[("X-Dossier-Key", &key)],
            body,
        );
        assert_eq!(r.status, 400, "{body:?}: {}", r.text());
        assert_eq!(r.api_error(), "bad_request");
    }
    // The Host header becomes the return URL's origin: only a plain host[:port] will do.
    let body = json!({ "return_path": RETURN_PATH }).to_string();
    let mut req = format!(
        "POST /api/v1/dossiers/{code}/payments HTTP/1.1\r\nHost: evil.example/x@y\r\n\
         Connection: close\r\nContent-Type: application/json\r\nX-Dossier-Key: {key}\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let r = send_raw(std::mem::take(&mut req).as_bytes());
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(r.api_error(), "bad_request");

    // Nothing due, or a rejected dossier: conflict.
    let (free, free_key) = insert_dossier(0);
    let r = start_payment_raw(&free, &free_key, RETURN_PATH);
    assert_eq!(r.status, 409);
    assert_eq!(r.api_error(), "conflict");
    let (rejected, rejected_key) = file_dossier();
    let r = common::post_json(
        server().addr,
        &format!("/api/v1/sandbox/officer/dossiers/{rejected}/actions"),
        &json!({"action": "reject", "reason": "Hồ sơ không thuộc thẩm quyền"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = start_payment_raw(&rejected, &rejected_key, RETURN_PATH);
    assert_eq!(r.status, 409);
    assert!(r.json()["error"]["message_en"]
        .as_str()
        .unwrap()
        .contains("rejected"));

    // None of these left a payment behind.
    let n: i64 = db()
        .query_row(
            "SELECT COUNT(*) FROM payments WHERE dossier_code IN (?1, ?2, ?3)",
            [&code, &free, &rejected],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

/// Sends a complete raw HTTP request (for headers the harness always sets itself).
fn send_raw(request: &[u8]) -> Response {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(server().addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: body.as_bytes().to_vec(),
    }
}

/// The gateway page for a payment's redirect URL (path and query only).
fn gateway_target(created: &Value) -> String {
    let url = created["redirect_url"].as_str().unwrap();
    url.strip_prefix(ORIGIN).unwrap().to_owned()
}

#[test]
fn gateway_page_shows_the_payment_and_refuses_tampered_links() {
    let (code, key) = file_dossier();
    let created = start_payment(&code, &key);
    let target = gateway_target(&created);
    let r = get(server().addr, &target);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    common::assert_security_headers(&r);
    let html = r.text();
    for needle in [
        "SANDBOX",
        "Cổng thanh toán thử nghiệm",
        "PORTAL01",
        "150.000 ₫",
        code.as_str(),
        "id=\"method-ATM\"",
        "id=\"method-INTCARD\"",
        "id=\"method-VNPAYQR\"",
        "id=\"method-VNPAYEWALLET\"",
        "Thẻ ATM nội địa",
        "Thẻ quốc tế",
        "QR ngân hàng",
        "Ví điện tử",
        "name=\"outcome\" value=\"success\"",
        "name=\"outcome\" value=\"failure\"",
        "name=\"outcome\" value=\"cancel\"",
        "href=\"/sandbox/gateway/style.css\"",
    ] {
        assert!(html.contains(needle), "{needle} missing in {html}");
    }
    assert!(!html.contains("<script"), "no script on the page");
    // The signed query travels in the form, escaped.
    let query = target.split_once('?').unwrap().1;
    assert!(html.contains(&query.replace('&', "&amp;")));

    let css = get(server().addr, "/sandbox/gateway/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));

    for forged in [
        target.replace("vnp_Amount=15000000", "vnp_Amount=100"),
        target.replace("vnp_SecureHash=", "vnp_SecureHash=00"),
        target.split("&vnp_SecureHash").next().unwrap().to_owned(),
        "/sandbox/gateway/pay".to_owned(),
        format!("/sandbox/gateway/pay?{query}&vnp_Amount=100"),
    ] {
        let r = get(server().addr, &forged);
        assert_eq!(r.status, 400, "{forged}: {}", r.text());
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        let html = r.text();
        assert!(
            html.contains("SANDBOX") && html.contains("id=\"gateway-error\""),
            "{html}"
        );
        assert!(!html.contains("150.000"), "a refused link shows no payment");
    }
    // A link signed by the portal but past its expiry.
    let mut expired = parse_query(query).unwrap();
    expired.remove("vnp_SecureHash");
    expired.insert("vnp_CreateDate", "20200101000000");
    expired.insert("vnp_ExpireDate", "20200101001500");
    let r = get(
        server().addr,
        &format!("/sandbox/gateway/pay?{}", signed(&expired)),
    );
    assert_eq!(r.status, 410, "{}", r.text());
    assert!(r.text().contains("hết hạn"));
}

fn urlencode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                domain::payment::encode(k),
                domain::payment::encode(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn submit_gateway(created: &Value, method: Option<&str>, outcome: &str) -> Response {
    let target = gateway_target(created);
    let query = target.split_once('?').unwrap().1;
    let mut pairs = vec![("request", query), ("outcome", outcome)];
    if let Some(m) = method {
        pairs.push(("method", m));
    }
    let body = urlencode(&pairs);
    try_raw(
        server().addr,
        "POST",
        b"/sandbox/gateway/pay",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    )
    .expect("gateway answers")
}

/// Follows the gateway's 303: checks the target is the return URL and the parameters
/// are signed by the gateway, and returns them.
fn returned_params(r: &Response) -> Params {
    assert_eq!(r.status, 303, "{}", r.text());
    let location = r.header("location").expect("Location");
    let (base, query) = location.split_once('?').unwrap();
    assert_eq!(base, format!("{ORIGIN}{RETURN_PATH}"));
    verify_query(query, &secret()).expect("return parameters are signed")
}

#[test]
fn gateway_success_flow_pays_and_returns_signed_parameters() {
    let (code, key) = file_dossier();
    let created = start_payment(&code, &key);
    let txn = txn_of(&created);
    let r = submit_gateway(&created, Some("VNPAYQR"), "success");
    let p = returned_params(&r);
    assert_eq!(p.get("vnp_TxnRef"), Some(txn.as_str()));
    assert_eq!(p.get("vnp_ResponseCode"), Some("00"));
    assert_eq!(p.get("vnp_TransactionStatus"), Some("00"));
    assert_eq!(p.get("vnp_Amount"), Some("15000000"));
    assert_eq!(p.get("vnp_CardType"), Some("VNPAYQR"));
    // The IPN was delivered before the redirect: the state is already recorded.
    let v = payment(&txn);
    assert_eq!(v["status"], "paid", "{v}");
    assert_eq!(v["method"], "VNPAYQR");
    assert_eq!(
        v["gateway_txn_no"].as_str(),
        p.get("vnp_TransactionNo"),
        "{v}"
    );
    assert!(v["paid_at"].as_str().unwrap().ends_with("+07:00"));
    // The dossier's own status says so too.
    let d = common::get_with(
        server().addr,
        &format!("/api/v1/dossiers/{code}"),
        &[("X-Dossier-Key", &key)],
    );
    assert_eq!(d.status, 200, "{}", d.text());
    let d = d.json();
    assert_eq!(d["payment"]["status"], "paid", "{d}");
    assert_eq!(d["payment"]["txn_ref"], txn.as_str());
    assert_eq!(d["payment"]["paid_at"], v["paid_at"]);
    // Submitting the same page again does not pay twice.
    let again = submit_gateway(&created, Some("ATM"), "success");
    returned_params(&again);
    assert_eq!(payment(&txn)["method"], "VNPAYQR");
    assert_eq!(start_payment_raw(&code, &key, RETURN_PATH).status, 409);
}

#[test]
fn gateway_cancel_then_retry_succeeds() {
    let (code, key) = file_dossier();
    let first = start_payment(&code, &key);
    let p = returned_params(&submit_gateway(&first, None, "cancel"));
    assert_eq!(p.get("vnp_ResponseCode"), Some("24"));
    assert_eq!(status_of(&txn_of(&first)), "cancelled");
    let second = start_payment(&code, &key);
    returned_params(&submit_gateway(&second, Some("ATM"), "failure"));
    assert_eq!(status_of(&txn_of(&second)), "failed");
    let third = start_payment(&code, &key);
    returned_params(&submit_gateway(&third, Some("INTCARD"), "success"));
    assert_eq!(status_of(&txn_of(&third)), "paid");
}

#[test]
fn gateway_refuses_bad_submissions() {
    let (code, key) = file_dossier();
    let created = start_payment(&code, &key);
    for (method, outcome) in [
        (Some("ATM"), "maybe"),
        (None, "success"),
        (Some("BITCOIN"), "success"),
    ] {
        let r = submit_gateway(&created, method, outcome);
        assert_eq!(r.status, 400, "{method:?} {outcome}: {}", r.text());
        assert!(r.text().contains("SANDBOX"));
    }
    let r = try_raw(
        server().addr,
        "POST",
        b"/sandbox/gateway/pay",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"request=vnp_Amount%3D1&method=ATM&outcome=success",
    )
    .unwrap();
    assert_eq!(r.status, 400);
    assert_eq!(status_of(&txn_of(&created)), "pending");
}

#[test]
fn a_generated_secret_survives_a_restart() {
    let root = fresh_dir("payments-secret");
    let dist = make_dist(&root);
    let data = root.join("var");
    let read_secret = || -> String {
        rusqlite::Connection::open(data.join(portal_server::DATABASE_FILE))
            .unwrap()
            .query_row(
                "SELECT value FROM meta WHERE key = 'payment_hash_secret'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let first = {
        let s = start_with(&data, &dist, |_| {});
        let r = raw(s.addr, "GET", "/api/v1/payments/vnpay-ipn", &[]);
        assert_eq!(r.json()["RspCode"], "97");
        read_secret()
    };
    assert_eq!(first.len(), 64);
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_ne!(first, TEST_SECRET);
    let _again = start_with(&data, &dist, |_| {});
    assert_eq!(read_secret(), first);
}

#[test]
fn the_payment_endpoints_are_documented() {
    let doc = get(server().addr, "/api/openapi.json").json();
    for path in [
        "/api/v1/dossiers/{code}/payments",
        "/api/v1/payments/vnpay-ipn",
        "/api/v1/payments/{txn_ref}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["components"]["schemas"]["PaymentView"].is_object());
}
