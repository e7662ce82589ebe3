//! Handing a draft to another phone over real HTTP: a drafts export goes up, comes back
//! byte for byte under a short code exactly once, and is gone after a day; anything that
//! is not a valid export, or too big, is refused with its reason.

mod common;

use common::filings::PDF;
use common::{get, post, Response, Server};
use domain::device_export::{
    AttachmentInfo, DeviceExport, ExportedAttachment, ExportedDraft, FORMAT, VERSION,
};
use domain::handoff::ALPHABET;
use serde_json::Value;
use std::sync::OnceLock;
use std::time::Duration;

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let root = common::fresh_dir("handoffs-tests");
        let dist = common::make_dist(&root);
        common::start(&root.join("var"), &dist)
    })
}

fn addr() -> std::net::SocketAddr {
    server().addr
}

fn db() -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(server().data_dir.join(portal_server::DATABASE_FILE))
        .expect("open test database");
    conn.busy_timeout(Duration::from_secs(10))
        .expect("busy timeout");
    conn
}

/// One draft of the household-business form with one scan, as "Xuất bản nháp" writes it.
fn export_with(attachment: &[u8]) -> DeviceExport {
    let draft = ExportedDraft {
        id: "6f1c2a4e-8b7d-4e0a-9c3f-2d5b8a1e7f60".into(),
        procedure: "1.001612".into(),
        procedure_name: "Đăng ký thành lập hộ kinh doanh".into(),
        schema_version: 1,
        step: "chu-ho".into(),
        answers: r#"{"owner_full_name":"Nguyễn Thị Hương","capital":"50.000.000"}"#.into(),
        progress_done: 2,
        progress_total: 6,
        created_ms: 1_763_781_748_123.0,
        updated_ms: 1_763_781_799_456.0,
        supplement_for: None,
    };
    let info = AttachmentInfo {
        id: "a1".into(),
        draft_id: draft.id.clone(),
        name: "uỷ quyền chủ hộ.pdf".into(),
        mime: "application/pdf".into(),
        blob_type: "application/pdf".into(),
        file_name: Some("uỷ quyền chủ hộ.pdf".into()),
        last_modified_ms: Some(1_763_700_000_000.0),
    };
    DeviceExport {
        format: FORMAT.into(),
        version: VERSION,
        exported_ms: 1_763_781_800_000.0,
        drafts: vec![draft],
        attachments: vec![ExportedAttachment::new(info, attachment)],
    }
}

/// Pretty-printed, so a server that re-serialised the file would be caught.
fn export_bytes() -> Vec<u8> {
    serde_json::to_vec_pretty(&export_with(PDF)).expect("json")
}

fn send(body: &[u8]) -> Response {
    post(
        addr(),
        "/api/v1/handoffs",
        &[("Content-Type", "application/json")],
        body,
    )
}

/// Uploads `body` and returns the code.
fn hand_off(body: &[u8]) -> String {
    let r = send(body);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let v = r.json();
    assert_eq!(v.as_object().map(|o| o.len()), Some(2), "{v}");
    v["code"].as_str().expect("code").to_owned()
}

fn take(code: &str) -> Response {
    get(addr(), &format!("/api/v1/handoffs/{code}"))
}

fn stored(code: &str) -> i64 {
    db().query_row(
        "SELECT COUNT(*) FROM handoffs WHERE code = ?1",
        [code],
        |r| r.get(0),
    )
    .expect("count")
}

fn assert_gone(r: &Response) {
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(r.api_error(), "not_found");
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let e = &r.json()["error"];
    assert!(
        e["message_vi"].as_str().unwrap().contains("hết hạn")
            && e["message_vi"].as_str().unwrap().contains("đã được dùng"),
        "{e}"
    );
    assert!(
        e["message_en"].as_str().unwrap().contains("expired")
            && e["message_en"].as_str().unwrap().contains("used already"),
        "{e}"
    );
}

#[test]
fn a_draft_comes_back_byte_for_byte_exactly_once() {
    let body = export_bytes();
    let r = send(&body);
    assert_eq!(r.status, 201, "{}", r.text());
    let created = r.json();
    let code = created["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8);
    assert!(code.bytes().all(|b| ALPHABET.contains(&b)), "{code}");
    let expires_at = created["expires_at"].as_str().unwrap();
    assert!(expires_at.ends_with("+07:00"), "{expires_at}");
    let stored_expiry: i64 = db()
        .query_row(
            "SELECT expires_at FROM handoffs WHERE code = ?1",
            [&code],
            |r| r.get(0),
        )
        .expect("stored");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        (stored_expiry - now - 24 * 3600).abs() < 60,
        "{stored_expiry}"
    );

    let r = take(&code);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert!(r.body == body, "the file as it was sent");
    // What the phone imports.
    let back = domain::device_export::read(&r.body).expect("an export");
    back.validate().expect("intact");
    assert_eq!(back.attachments[0].bytes().unwrap(), PDF);

    // Taken: gone from the server, and a second try says the code may be used up.
    assert_eq!(stored(&code), 0);
    assert_gone(&take(&code));
}

#[test]
fn codes_are_read_the_way_people_type_them() {
    let body = export_bytes();
    let code = hand_off(&body);
    // Lower case, a dash in the middle, spaces, and the look-alikes for 0 and 1.
    let mut typed: String = code
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'l',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    typed.insert(4, '-');
    let typed = format!("%20{typed}%20");
    let r = take(&typed);
    assert_eq!(r.status, 200, "{typed}: {}", r.text());
    assert!(r.body == body);

    let code = hand_off(&body);
    let spaced = format!("{}%20{}", &code[..4], code[4..].replace('1', "I"));
    assert_eq!(take(&spaced).status, 200, "{spaced}");

    for (bad, needle) in [
        ("K7QX3M2", "8 characters"),
        ("K7QX3M2PP", "8 characters"),
        ("K7QU3M2P", "“U”"),
        ("K7QX3M2%2A", "“*”"),
    ] {
        let r = take(bad);
        assert_eq!(r.status, 400, "{bad}: {}", r.text());
        assert_eq!(r.api_error(), "invalid_parameter");
        let en = r.json()["error"]["message_en"].as_str().unwrap().to_owned();
        assert!(en.contains(needle), "{bad}: {en}");
    }
    // Well formed, never issued.
    assert_gone(&take("ZZZZ-ZZZZ"));
}

#[test]
fn an_expired_handoff_is_gone() {
    let code = hand_off(&export_bytes());
    db().execute(
        "UPDATE handoffs SET expires_at = expires_at - 24 * 3600 - 1 WHERE code = ?1",
        [&code],
    )
    .expect("age it");
    assert_gone(&take(&code));
    assert_eq!(stored(&code), 0, "deleted, not just hidden");

    // Expired rows go even when nobody asks for them: the next upload clears them.
    let forgotten = hand_off(&export_bytes());
    db().execute(
        "UPDATE handoffs SET expires_at = expires_at - 24 * 3600 - 1 WHERE code = ?1",
        [&forgotten],
    )
    .expect("age it");
    let fresh = hand_off(&export_bytes());
    assert_eq!(stored(&forgotten), 0);
    assert_eq!(stored(&fresh), 1);
}

#[test]
fn anything_but_a_valid_export_is_refused_with_its_reason() {
    let valid: Value = serde_json::from_slice(&export_bytes()).unwrap();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = valid.clone();
        f(&mut v);
        serde_json::to_vec(&v).unwrap()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "damaged or incomplete"),
        ("not JSON", PDF.to_vec(), "not a drafts file"),
        ("a list", b"[1,2]".to_vec(), "not a drafts file"),
        (
            "another format",
            with(&|v| v["format"] = "zalo-backup".into()),
            "not a drafts file",
        ),
        (
            "version 2",
            with(&|v| v["version"] = 2.into()),
            "newer version",
        ),
        (
            "cut short",
            export_bytes()[..200].to_vec(),
            "damaged or incomplete",
        ),
        (
            "bytes changed",
            with(&|v| {
                let content = v["attachments"][0]["content"].as_str().unwrap().to_owned();
                v["attachments"][0]["content"] = content.replacen('J', "K", 1).into();
            }),
            "checksum",
        ),
        (
            "an orphan attachment",
            with(&|v| v["attachments"][0]["draft_id"] = "someone-else".into()),
            "belongs to no draft",
        ),
        (
            "no drafts",
            with(&|v| {
                v["drafts"] = Value::Array(Vec::new());
                v["attachments"] = Value::Array(Vec::new());
            }),
            "no draft",
        ),
    ];
    for (what, body, needle) in cases {
        let r = send(&body);
        assert_eq!(r.status, 400, "{what}: {}", r.text());
        assert_eq!(r.api_error(), "bad_request", "{what}");
        assert_eq!(r.header("cache-control"), Some("no-store"));
        let e = &r.json()["error"];
        assert!(
            e["message_en"].as_str().unwrap().contains(needle),
            "{what}: {e}"
        );
        assert!(!e["message_vi"].as_str().unwrap().is_empty());
        let kept: i64 = db()
            .query_row(
                "SELECT COUNT(*) FROM handoffs WHERE body = ?1",
                [&body],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kept, 0, "{what} was stored");
    }
}

#[test]
fn the_size_limit_is_the_filings_and_is_said_in_words() {
    // Well past every other route's 16 KiB: a draft with a real scan goes through.
    let mut scan = PDF.to_vec();
    scan.resize(3 * 1024 * 1024, b' ');
    let body = serde_json::to_vec(&export_with(&scan)).unwrap();
    assert!(body.len() > 4 * 1024 * 1024);
    let code = hand_off(&body);
    assert!(take(&code).body == body);

    let mut huge = export_bytes();
    huge.resize(portal_server::UPLOAD_BODY_LIMIT_BYTES + 1, b' ');
    let r = send(&huge);
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.api_error(), "payload_too_large");
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let e = &r.json()["error"];
    assert!(e["message_en"].as_str().unwrap().contains("52 MiB"), "{e}");
    assert!(e["message_vi"].as_str().unwrap().contains("52 MiB"), "{e}");
}

#[test]
fn only_post_and_get_and_both_are_documented() {
    let r = get(addr(), "/api/v1/handoffs");
    assert_eq!(r.status, 405, "{}", r.text());
    assert_eq!(r.api_error(), "method_not_allowed");
    let r = post(
        addr(),
        "/api/v1/handoffs/K7QX3M2P",
        &[("Content-Type", "application/json")],
        b"{}",
    );
    assert_eq!(r.status, 405, "{}", r.text());

    let doc = get(addr(), "/api/openapi.json").json();
    let create = &doc["paths"]["/api/v1/handoffs"]["post"]["responses"];
    for status in ["201", "400", "413"] {
        assert!(create.get(status).is_some(), "POST lacks {status}");
    }
    let take = &doc["paths"]["/api/v1/handoffs/{code}"]["get"]["responses"];
    for status in ["200", "400", "404"] {
        assert!(take.get(status).is_some(), "GET lacks {status}");
    }
    assert!(doc["components"]["schemas"]["HandoffCreated"].is_object());
}
