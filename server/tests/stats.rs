//! Anonymous funnel statistics over real HTTP: what the app reports (views, forms
//! started), what the server counts itself (filings, payments) exactly once, practice mode
//! counting nothing, the refusals, and a counts table that holds nothing but counts.

mod common;

use common::filings::{household_answers, PDF};
use common::{get, post, Multipart, Response, Server};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

const PROCEDURE: &str = "1.001612";
const PRACTICE: (&str, &str) = ("X-Portal-Practice", "1");
/// The harness's raw client sends `Host: 127.0.0.1`.
const ORIGIN: &str = "http://127.0.0.1";
const RETURN_PATH: &str = "/thanh-toan/ket-qua";

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let root = common::fresh_dir("stats-tests");
        let dist = common::make_dist(&root);
        common::start(&root.join("var"), &dist)
    })
}

fn addr() -> std::net::SocketAddr {
    server().addr
}

/// Tests that compare counts before and after take turns: the counts are per procedure
/// and day, shared by every test of this binary.
fn counting() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn db() -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(server().data_dir.join(portal_server::DATABASE_FILE))
        .expect("open test database");
    conn.busy_timeout(Duration::from_secs(10))
        .expect("busy timeout");
    conn
}

fn report_event(body: &str, headers: &[(&str, &str)]) -> Response {
    let mut h = vec![("Content-Type", "application/json")];
    h.extend_from_slice(headers);
    post(addr(), "/api/v1/stats/events", &h, body.as_bytes())
}

fn event(procedure: &str, event: &str, headers: &[(&str, &str)]) -> Response {
    report_event(
        &json!({"procedure": procedure, "event": event}).to_string(),
        headers,
    )
}

fn stats(query: &str) -> Value {
    let r = get(addr(), &format!("/api/v1/stats{query}"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    r.json()
}

/// This procedure's four counts over the default period (the last 30 days).
fn counts(procedure: &str) -> [u64; 4] {
    let report = stats("");
    let row = report["procedures"]
        .as_array()
        .expect("procedures")
        .iter()
        .find(|p| p["code"] == procedure)
        .cloned()
        .unwrap_or(Value::Null);
    ["viewed", "started", "submitted", "paid"].map(|k| row[k].as_u64().unwrap_or(0))
}

fn totals() -> Value {
    stats("")["totals"].clone()
}

fn minus(after: [u64; 4], before: [u64; 4]) -> [u64; 4] {
    [0, 1, 2, 3].map(|i| after[i] - before[i])
}

fn new_key() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!("stats-test-{:06}", N.fetch_add(1, Ordering::SeqCst))
}

fn submit(key: &str, headers: &[(&str, &str)]) -> Response {
    let form = get(addr(), &format!("/api/v1/forms/{PROCEDURE}"));
    let version = form.json()["schema"]["version"].clone();
    let dossier = json!({"procedure_code": PROCEDURE, "schema_version": version, "answers": household_answers()});
    let (content_type, body) = Multipart::new()
        .json("dossier", &dossier)
        .file("file:f1", "uy-quyen-chu-ho.pdf", "application/pdf", PDF)
        .finish();
    let mut h = vec![
        ("Content-Type", content_type.as_str()),
        ("Idempotency-Key", key),
    ];
    h.extend_from_slice(headers);
    post(addr(), "/api/v1/dossiers", &h, &body)
}

fn code_and_key(receipt: &Value) -> (String, String) {
    (
        receipt["code"].as_str().expect("code").to_owned(),
        receipt["access_key"].as_str().expect("key").to_owned(),
    )
}

/// Starts a payment and pays it on the sandbox gateway's page, as a person would; returns
/// the gateway's signed result query (what the return URL carries) and the reference.
fn pay(code: &str, key: &str, headers: &[(&str, &str)]) -> (String, String) {
    let mut h = vec![("Content-Type", "application/json"), ("X-Dossier-Key", key)];
    h.extend_from_slice(headers);
    let started = post(
        addr(),
        &format!("/api/v1/dossiers/{code}/payments"),
        &h,
        json!({ "return_path": RETURN_PATH }).to_string().as_bytes(),
    );
    assert_eq!(started.status, 201, "{}", started.text());
    let created = started.json();
    let txn = created["txn_ref"].as_str().expect("txn_ref").to_owned();
    let result = pay_on_gateway(&created);
    (txn, result)
}

fn pay_on_gateway(created: &Value) -> String {
    let url = created["redirect_url"].as_str().expect("redirect_url");
    let query = url.split_once('?').expect("query").1;
    let body = format!(
        "request={}&method=ATM&outcome=success",
        domain::payment::encode(query)
    );
    let r = post(
        addr(),
        "/sandbox/gateway/pay",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let location = r.header("location").expect("Location");
    let (base, result) = location.split_once('?').expect("result query");
    assert_eq!(base, format!("{ORIGIN}{RETURN_PATH}"));
    result.to_owned()
}

fn payment_status(txn: &str) -> String {
    let r = get(addr(), &format!("/api/v1/payments/{txn}"));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["status"].as_str().expect("status").to_owned()
}

#[test]
fn a_whole_journey_counts_each_step_exactly_once() {
    let _turn = counting();
    let before = counts(PROCEDURE);
    let totals_before = totals();

    for e in ["viewed", "started"] {
        let r = event(PROCEDURE, e, &[]);
        assert_eq!(r.status, 204, "{e}: {}", r.text());
        assert!(r.body.is_empty());
        assert_eq!(r.header("cache-control"), Some("no-store"));
    }

    let key = new_key();
    let first = submit(&key, &[]);
    assert_eq!(first.status, 201, "{}", first.text());
    let receipt = first.json();
    assert_eq!(receipt["practice"], false, "{receipt}");
    // The app's outbox sends again when it never heard the answer: replayed, not refiled.
    let again = submit(&key, &[]);
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(again.header("idempotency-replayed"), Some("true"));
    assert_eq!(again.body, first.body);
    assert_eq!(minus(counts(PROCEDURE), before), [1, 1, 1, 0]);

    let (code, access) = code_and_key(&receipt);
    let (txn, result) = pay(&code, &access, &[]);
    assert_eq!(payment_status(&txn), "paid");
    // The gateway retries its notification, the return page asks again and again: the
    // payment is already recorded, nothing more is counted.
    let ipn = get(addr(), &format!("/api/v1/payments/vnpay-ipn?{result}"));
    assert_eq!(ipn.json()["RspCode"], "02", "{}", ipn.text());
    assert_eq!(payment_status(&txn), "paid");
    assert_eq!(payment_status(&txn), "paid");

    assert_eq!(minus(counts(PROCEDURE), before), [1, 1, 1, 1]);
    let totals_after = totals();
    for k in ["viewed", "started", "submitted", "paid"] {
        assert_eq!(
            totals_after[k].as_u64().unwrap() - totals_before[k].as_u64().unwrap(),
            1,
            "{k}: {totals_before} → {totals_after}"
        );
    }

    // Reading the dossier or the statistics counts nothing either.
    let status = common::get_with(
        addr(),
        &format!("/api/v1/dossiers/{code}"),
        &[("X-Dossier-Key", &access)],
    );
    assert_eq!(status.json()["practice"], false);
    assert_eq!(minus(counts(PROCEDURE), before), [1, 1, 1, 1]);
}

#[test]
fn practice_mode_is_stored_marked_and_counts_nothing() {
    let _turn = counting();
    let before = counts(PROCEDURE);
    let totals_before = totals();

    for e in ["viewed", "started"] {
        let r = event(PROCEDURE, e, &[PRACTICE]);
        assert_eq!(r.status, 204, "{e}: {}", r.text());
    }
    let key = new_key();
    let filed = submit(&key, &[PRACTICE]);
    assert_eq!(filed.status, 201, "{}", filed.text());
    let receipt = filed.json();
    assert_eq!(receipt["practice"], true, "{receipt}");
    let replayed = submit(&key, &[PRACTICE]);
    assert_eq!(replayed.body, filed.body);
    let (code, access) = code_and_key(&receipt);
    let (txn, _) = pay(&code, &access, &[PRACTICE]);
    assert_eq!(payment_status(&txn), "paid");

    assert_eq!(counts(PROCEDURE), before);
    assert_eq!(totals(), totals_before);

    // The dossier says so everywhere it is read.
    let status = common::get_with(
        addr(),
        &format!("/api/v1/dossiers/{code}"),
        &[("X-Dossier-Key", &access)],
    );
    assert_eq!(status.status, 200, "{}", status.text());
    let status = status.json();
    assert_eq!(status["practice"], true, "{status}");
    assert_eq!(status["payment"]["status"], "paid");
    let stored: bool = db()
        .query_row(
            "SELECT practice FROM dossiers WHERE code = ?1",
            [&code],
            |r| r.get(0),
        )
        .expect("stored");
    assert!(stored);
    let list = get(addr(), "/api/v1/sandbox/officer/dossiers").json();
    let row = list
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["code"] == code.as_str())
        .cloned()
        .expect("listed");
    assert_eq!(row["practice"], true, "{row}");

    // The officer cannot mistake it for a real application.
    let page = get(addr(), &format!("/sandbox/officer/dossiers/{code}")).text();
    assert!(page.contains("BẢN THỬ"), "{page}");
    let list_html = get(addr(), "/sandbox/officer").text();
    let line = list_html
        .lines()
        .find(|l| l.contains(&code))
        .expect("listed in the console");
    assert!(line.contains("BẢN THỬ"), "{line}");
    let acted = common::post_json(
        addr(),
        &format!("/api/v1/sandbox/officer/dossiers/{code}/actions"),
        &json!({"action": "start_processing"}),
    );
    assert_eq!(acted.status, 200, "{}", acted.text());
    assert_eq!(acted.json()["practice"], true);

    // A real filing next to it is not marked.
    let real = submit(&new_key(), &[]);
    let (real_code, _) = code_and_key(&real.json());
    let page = get(addr(), &format!("/sandbox/officer/dossiers/{real_code}")).text();
    assert!(!page.contains("BẢN THỬ"), "{page}");
    let list_html = get(addr(), "/sandbox/officer").text();
    let line = list_html
        .lines()
        .find(|l| l.contains(&real_code))
        .expect("listed");
    assert!(!line.contains("BẢN THỬ"), "{line}");
}

#[test]
fn refused_events_say_why_and_count_nothing() {
    let _turn = counting();
    let totals_before = totals();
    for server_counted in ["submitted", "paid"] {
        for headers in [&[][..], &[PRACTICE][..]] {
            let r = event(PROCEDURE, server_counted, headers);
            assert_eq!(r.status, 400, "{server_counted}: {}", r.text());
            assert_eq!(r.api_error(), "invalid_parameter");
            let e = &r.json()["error"];
            assert!(
                e["message_vi"].as_str().unwrap().contains("máy chủ tự đếm"),
                "{e}"
            );
            assert!(
                e["message_en"]
                    .as_str()
                    .unwrap()
                    .contains("counted by the server"),
                "{e}"
            );
        }
    }
    let r = event(PROCEDURE, "clicked", &[]);
    assert_eq!(r.status, 400);
    assert_eq!(r.api_error(), "invalid_parameter");
    assert!(r.json()["error"]["message_en"]
        .as_str()
        .unwrap()
        .contains("“clicked”"));

    let r = event("1.00161", "viewed", &[]);
    assert_eq!(r.status, 400);
    assert_eq!(r.api_error(), "invalid_procedure_code");
    let r = event("9.999999", "viewed", &[]);
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(r.api_error(), "not_found");
    assert!(r.json()["error"]["message_vi"]
        .as_str()
        .unwrap()
        .contains("9.999999"));

    for body in [
        "",
        "{",
        "[]",
        "null",
        r#"{"procedure":"1.001612"}"#,
        r#"{"event":"viewed"}"#,
        r#"{"procedure":1001612,"event":"viewed"}"#,
    ] {
        let r = report_event(body, &[]);
        assert_eq!(r.status, 400, "{body:?}: {}", r.text());
        assert_eq!(r.api_error(), "bad_request", "{body:?}");
    }
    // A beacon may not say it is JSON; what counts is that it is.
    let beacon = post(
        addr(),
        "/api/v1/stats/events",
        &[("Content-Type", "text/plain;charset=UTF-8")],
        br#"{"procedure":"1.001612","event":"viewed"}"#,
    );
    assert_eq!(beacon.status, 204, "{}", beacon.text());
    let after = totals();
    assert_eq!(
        after["viewed"].as_u64().unwrap(),
        totals_before["viewed"].as_u64().unwrap() + 1
    );
    for k in ["started", "submitted", "paid"] {
        assert_eq!(after[k], totals_before[k], "{k}");
    }

    let r = get(addr(), "/api/v1/stats/events");
    assert_eq!(r.status, 405);
    assert_eq!(r.api_error(), "method_not_allowed");
}

#[test]
fn the_period_is_iso_days_and_checked() {
    let report = stats("");
    let from = domain::date::Date::parse_iso(report["period"]["from"].as_str().unwrap()).unwrap();
    let to = domain::date::Date::parse_iso(report["period"]["to"].as_str().unwrap()).unwrap();
    assert_eq!(from.days_until(to), 29, "{report}");

    let old = stats("?from=2020-01-01&to=2020-01-31");
    assert_eq!(
        old,
        json!({"period": {"from": "2020-01-01", "to": "2020-01-31"}, "procedures": [],
               "totals": {"viewed": 0, "started": 0, "submitted": 0, "paid": 0}})
    );

    for (query, needle) in [
        ("?from=01/11/2025", "from"),
        ("?to=2025-02-30", "to"),
        ("?from=2025-11-02&to=2025-11-01", "after"),
        ("?from=yesterday", "from"),
    ] {
        let r = get(addr(), &format!("/api/v1/stats{query}"));
        assert_eq!(r.status, 400, "{query}: {}", r.text());
        assert_eq!(r.api_error(), "invalid_parameter");
        assert_eq!(r.header("cache-control"), Some("no-store"));
        let en = r.json()["error"]["message_en"].as_str().unwrap().to_owned();
        assert!(en.contains(needle), "{query}: {en}");
    }
}

#[test]
fn the_counts_table_holds_counts_and_nothing_else() {
    {
        let _turn = counting();
        assert_eq!(event(PROCEDURE, "viewed", &[]).status, 204);
    }
    let conn = db();
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('funnel_counts') ORDER BY cid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(columns, ["procedure_code", "event", "day", "count"]);
    // No hidden rowid (its order could line a count up with a filing), no link to a
    // dossier, no index carrying anything else.
    assert!(conn.prepare("SELECT rowid FROM funnel_counts").is_err());
    let foreign: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM pragma_foreign_key_list('funnel_counts')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(foreign, 0);
    let indexes: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'funnel_counts' AND sql IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 0);
    // Every value is a procedure code, one of four words, a day and a number.
    let mut stmt = conn
        .prepare("SELECT procedure_code, event, day, count FROM funnel_counts")
        .unwrap();
    let rows: Vec<(String, String, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!rows.is_empty());
    for (procedure, event, day, count) in rows {
        assert!(
            domain::ProcedureCode::parse(&procedure).is_ok(),
            "{procedure}"
        );
        assert!(
            domain::stats::FunnelEvent::parse(&event).is_some(),
            "{event}"
        );
        assert!(domain::date::Date::parse_iso(&day).is_ok(), "{day}");
        assert!(count > 0);
    }
}

#[test]
fn the_endpoints_and_the_practice_flag_are_documented() {
    let doc = get(addr(), "/api/openapi.json").json();
    let paths = &doc["paths"];
    let events = &paths["/api/v1/stats/events"]["post"];
    for status in ["204", "400", "404"] {
        assert!(
            events["responses"].get(status).is_some(),
            "events lack {status}"
        );
    }
    let report = &paths["/api/v1/stats"]["get"];
    assert!(report["responses"].get("200").is_some() && report["responses"].get("400").is_some());
    let params: Vec<&str> = report["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(params, ["from", "to"]);
    let schemas = &doc["components"]["schemas"];
    for name in [
        "StatsReport",
        "ProcedureFunnel",
        "FunnelCounts",
        "EventReport",
        "FunnelEvent",
    ] {
        assert!(schemas.get(name).is_some(), "schema {name} missing");
    }
    assert!(schemas["DossierReceipt"]["properties"]["practice"].is_object());
    assert!(schemas["OfficerDossier"]["properties"]["practice"].is_object());
    let body = schemas["DossierStatusBody"].to_string();
    assert!(
        body.contains("practice") && body.contains("DossierStatus"),
        "{body}"
    );
}
