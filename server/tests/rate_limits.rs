//! The anti-automation limits on filing, hand-offs and usage events, over real HTTP: the
//! request past the allowance is a 429 with `Retry-After` and words saying what has to
//! wait, another client address is unaffected, a retry of a stored filing is never
//! refused, and 0 turns each limit off. The look-up limits have their tests beside their
//! endpoints (`registry.rs`, `dossiers.rs`).

mod common;

use common::filings::{household_answers, PDF};
use common::{assert_limited, get, post, raw_from, Multipart, Response, Server};
use domain::device_export::{DeviceExport, ExportedDraft, FORMAT, VERSION};
use portal_server::Config;
use serde_json::{json, Value};
use std::net::{IpAddr, Ipv4Addr};
use std::time::Instant;

const HKD: &str = "1.001612";
/// Another client: the server keys its buckets on the peer address.
const OTHER: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
/// A well-formed code no hand-off has (codes are random; this one is never stored).
const UNKNOWN_HANDOFF: &str = "ZZZZZZZZ";

fn start(name: &str, adjust: impl FnOnce(&mut Config)) -> Server {
    let root = common::fresh_dir(name);
    let dist = common::make_dist(&root);
    common::start_with(&root.join("var"), &dist, adjust)
}

fn schema_version(server: &Server) -> u64 {
    let r = get(server.addr, &format!("/api/v1/forms/{HKD}"));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["schema"]["version"].as_u64().expect("version")
}

fn filing(version: u64) -> (String, Vec<u8>) {
    Multipart::new()
        .json(
            "dossier",
            &json!({"procedure_code": HKD, "schema_version": version, "answers": household_answers()}),
        )
        .file("file:f1", "uy-quyen-chu-ho.pdf", "application/pdf", PDF)
        .finish()
}

fn file_from(source: IpAddr, server: &Server, key: &str, version: u64) -> Response {
    let (content_type, body) = filing(version);
    raw_from(
        source,
        server.addr,
        "POST",
        "/api/v1/dossiers",
        &[("Content-Type", &content_type), ("Idempotency-Key", key)],
        &body,
    )
}

fn file(server: &Server, key: &str, version: u64) -> Response {
    file_from(IpAddr::V4(Ipv4Addr::LOCALHOST), server, key, version)
}

/// A filing that is refused as malformed (no `dossier` part) once admitted: cheap, and
/// it uses up the allowance like any new filing.
fn junk_filing(server: &Server, key: &str) -> Response {
    let (content_type, body) = Multipart::new().text("other", "text/plain", b"x").finish();
    post(
        server.addr,
        "/api/v1/dossiers",
        &[("Content-Type", &content_type), ("Idempotency-Key", key)],
        &body,
    )
}

/// One draft, no attachments: the smallest export a hand-off takes.
fn export() -> Vec<u8> {
    let draft = ExportedDraft {
        id: "0b6f2c1e-3d4a-4f5b-8c7d-9e0f1a2b3c4d".into(),
        procedure: HKD.into(),
        procedure_name: "Đăng ký thành lập hộ kinh doanh".into(),
        schema_version: 1,
        step: "chu-ho".into(),
        answers: r#"{"owner_full_name":"Trần Văn Bình"}"#.into(),
        progress_done: 1,
        progress_total: 6,
        created_ms: 1_763_781_748_123.0,
        updated_ms: 1_763_781_799_456.0,
        supplement_for: None,
    };
    serde_json::to_vec(&DeviceExport {
        format: FORMAT.into(),
        version: VERSION,
        exported_ms: 1_763_781_800_000.0,
        drafts: vec![draft],
        attachments: Vec::new(),
    })
    .expect("json")
}

fn handoff_from(source: IpAddr, server: &Server, body: &[u8]) -> Response {
    raw_from(
        source,
        server.addr,
        "POST",
        "/api/v1/handoffs",
        &[("Content-Type", "application/json")],
        body,
    )
}

fn take_from(source: IpAddr, server: &Server, code: &str) -> Response {
    raw_from(
        source,
        server.addr,
        "GET",
        &format!("/api/v1/handoffs/{code}"),
        &[],
        b"",
    )
}

fn event_from(source: IpAddr, server: &Server, event: &str) -> Response {
    raw_from(
        source,
        server.addr,
        "POST",
        "/api/v1/stats/events",
        &[("Content-Type", "application/json")],
        json!({"procedure": HKD, "event": event})
            .to_string()
            .as_bytes(),
    )
}

fn event(server: &Server, event: &str) -> Response {
    post(
        server.addr,
        "/api/v1/stats/events",
        &[("Content-Type", "application/json")],
        json!({"procedure": HKD, "event": event})
            .to_string()
            .as_bytes(),
    )
}

/// Sends `request(n)` until one is refused and returns how many were admitted, checked
/// against the allowance: the burst, plus what refilled while they were being sent.
fn admitted_before_429(per_minute: u32, mut request: impl FnMut(u32) -> Response) -> u32 {
    let started = Instant::now();
    let cap = per_minute * 3;
    for n in 0..cap {
        let r = request(n);
        if r.status == 429 {
            let refilled = started.elapsed().as_secs_f64() * f64::from(per_minute) / 60.0;
            assert!(
                n >= per_minute && f64::from(n) <= f64::from(per_minute) + refilled.ceil() + 1.0,
                "{n} admitted for {per_minute} a minute in {:?}",
                started.elapsed()
            );
            assert_limited(&r, 60 / u64::from(per_minute) + 1);
            return n;
        }
    }
    panic!("no 429 after {cap} requests at {per_minute} a minute");
}

fn viewed(server: &Server) -> u64 {
    let r = get(server.addr, "/api/v1/stats");
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["procedures"]
        .as_array()
        .expect("procedures")
        .iter()
        .find(|p| p["code"] == HKD)
        .map_or(0, |p| p["viewed"].as_u64().expect("viewed"))
}

#[test]
fn filing_past_the_allowance_waits_but_a_retry_never_does() {
    let server = start("rate-limits-filing", |c| c.filing_rate_per_minute = 2);
    let version = schema_version(&server);
    let first = file(&server, "rate-filing-0001", version);
    assert_eq!(first.status, 201, "{}", first.text());
    assert_eq!(file(&server, "rate-filing-0002", version).status, 201);

    let r = file(&server, "rate-filing-0003", version);
    // 2 a minute refill one every 30 s.
    let (_, vi) = assert_limited(&r, 31);
    assert!(vi.contains("hồ sơ") && vi.contains("bản nháp"), "{vi}");
    assert!(r.json()["error"]["message_en"]
        .as_str()
        .is_some_and(|m| m.contains("dossiers") && m.contains("draft is kept")));

    // The outbox resending a stored filing gets its receipt, limit or not.
    let again = file(&server, "rate-filing-0001", version);
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(again.header("idempotency-replayed"), Some("true"));
    assert_eq!(again.body, first.body);

    // A supplement uploads as much as a filing, so it shares the allowance.
    let receipt = first.json();
    let (code, key) = (
        receipt["code"].as_str().expect("code"),
        receipt["access_key"].as_str().expect("key"),
    );
    let (content_type, body) = Multipart::new()
        .json("supplement", &json!({"answers": household_answers()}))
        .finish();
    let r = post(
        server.addr,
        &format!("/api/v1/dossiers/{code}/supplement"),
        &[("Content-Type", &content_type), ("X-Dossier-Key", key)],
        &body,
    );
    assert_limited(&r, 31);

    // Another address has its own allowance.
    let other = file_from(OTHER, &server, "rate-filing-0004", version);
    assert_eq!(other.status, 201, "{}", other.text());
}

#[test]
fn hand_offs_stored_and_fetched_share_one_allowance() {
    let server = start("rate-limits-handoffs", |c| c.handoff_rate_per_minute = 3);
    let me = IpAddr::V4(Ipv4Addr::LOCALHOST);
    // Malformed uploads and codes use it up too: they are probing as much as guesses.
    assert_eq!(handoff_from(me, &server, b"{}").status, 400);
    assert_eq!(take_from(me, &server, "not-a-code!").status, 400);
    assert_eq!(take_from(me, &server, UNKNOWN_HANDOFF).status, 404);

    let (_, vi) = assert_limited(&take_from(me, &server, UNKNOWN_HANDOFF), 21);
    assert!(vi.contains("bản nháp bằng mã"), "{vi}");
    // Refused before the body is read: a valid upload is refused the same.
    assert_limited(&handoff_from(me, &server, &export()), 21);

    // The citizen's phone on another address stores and fetches as usual.
    let created = handoff_from(OTHER, &server, &export());
    assert_eq!(created.status, 201, "{}", created.text());
    let code = created.json()["code"].as_str().expect("code").to_owned();
    let taken = take_from(OTHER, &server, &code);
    assert_eq!(taken.status, 200, "{}", taken.text());
    assert_eq!(taken.body, export());
}

#[test]
fn events_past_the_allowance_are_refused_and_not_counted() {
    let server = start("rate-limits-events", |c| c.event_rate_per_minute = 2);
    let before = viewed(&server);
    assert_eq!(event(&server, "viewed").status, 204);
    // A refused event counts against the allowance as well.
    assert_eq!(event(&server, "submitted").status, 400);

    let (_, vi) = assert_limited(&event(&server, "viewed"), 31);
    assert!(vi.contains("thống kê"), "{vi}");
    assert_eq!(
        viewed(&server),
        before + 1,
        "the refused event is not counted"
    );

    assert_eq!(event_from(OTHER, &server, "viewed").status, 204);
    assert_eq!(viewed(&server), before + 2);
}

#[test]
fn zero_turns_each_limit_off() {
    let server = start("rate-limits-off", |c| {
        c.filing_rate_per_minute = 0;
        c.handoff_rate_per_minute = 0;
        c.event_rate_per_minute = 0;
    });
    // Well past every default allowance.
    for n in 0..70 {
        assert_eq!(event(&server, "viewed").status, 204, "event {n}");
    }
    for n in 0..40 {
        let r = junk_filing(&server, &format!("rate-off-{n:04}"));
        assert_eq!(r.status, 400, "filing {n}: {}", r.text());
    }
    let me = IpAddr::V4(Ipv4Addr::LOCALHOST);
    for n in 0..25 {
        assert_eq!(
            take_from(me, &server, UNKNOWN_HANDOFF).status,
            404,
            "hand-off {n}"
        );
    }
}

/// The defaults are generous for people (and for the e2e suite, which runs each worker's
/// whole share against one server from 127.0.0.1) yet finite: exactly as documented.
#[test]
fn the_default_allowances_are_as_documented() {
    let defaults = Config::new("var", "dist");
    assert_eq!(
        (
            defaults.filing_rate_per_minute,
            defaults.handoff_rate_per_minute,
            defaults.event_rate_per_minute,
        ),
        (30, 20, 60)
    );
    let server = start("rate-limits-defaults", |c| {
        c.filing_rate_per_minute = defaults.filing_rate_per_minute;
        c.handoff_rate_per_minute = defaults.handoff_rate_per_minute;
        c.event_rate_per_minute = defaults.event_rate_per_minute;
    });
    admitted_before_429(defaults.filing_rate_per_minute, |n| {
        let r = junk_filing(&server, &format!("rate-default-{n:04}"));
        assert_ne!(r.status, 201, "{}", r.text());
        r
    });
    let me = IpAddr::V4(Ipv4Addr::LOCALHOST);
    admitted_before_429(defaults.handoff_rate_per_minute, |_| {
        take_from(me, &server, UNKNOWN_HANDOFF)
    });
    admitted_before_429(defaults.event_rate_per_minute, |_| event(&server, "viewed"));
}

#[test]
fn every_limited_operation_documents_its_429() {
    let doc: Value = get(
        common::shared("rate-limits-openapi").addr,
        "/api/openapi.json",
    )
    .json();
    for (path, method) in [
        ("/api/v1/dossiers", "post"),
        ("/api/v1/dossiers/{code}/supplement", "post"),
        ("/api/v1/handoffs", "post"),
        ("/api/v1/handoffs/{code}", "get"),
        ("/api/v1/stats/events", "post"),
        ("/api/v1/csp-reports", "post"),
        ("/api/v1/dossiers/lookup", "post"),
        ("/api/v1/registry/enterprises/{mst}", "get"),
    ] {
        let r = &doc["paths"][path][method]["responses"]["429"];
        assert!(r.is_object(), "{method} {path} lacks a 429");
        assert!(
            r["headers"]["Retry-After"].is_object(),
            "{method} {path}: 429 without Retry-After"
        );
    }
}
