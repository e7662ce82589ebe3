//! Restarts, missing app build, panics and body limits.

mod common;

use axum::routing::get as get_route;
use axum::Router;
use portal_server::{DistStatus, RegistrySeedOutcome, SeedOutcome};
use rusqlite::Connection;

fn table_counts(db: &std::path::Path) -> (i64, i64, i64, String) {
    let conn = Connection::open(db).expect("open db");
    let count = |t: &str| {
        conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
            .expect("count")
    };
    let digest: String = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'seed_digest'",
            [],
            |r| r.get(0),
        )
        .expect("digest");
    (
        count("procedures"),
        count("provinces"),
        count("wards"),
        digest,
    )
}

#[test]
fn restart_on_the_same_data_dir_does_not_reseed_and_works_without_dist() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tempdir");
    let data = root.path().join("var");
    let dist = common::make_dist(root.path());

    let first = common::start(&data, &dist);
    assert_eq!(
        first.report.seed,
        SeedOutcome::Seeded {
            procedures: 2849,
            provinces: 34,
            wards: 3321
        }
    );
    assert_eq!(first.report.schema_version, 4);
    let RegistrySeedOutcome::Seeded { enterprises } = first.report.registry else {
        panic!(
            "first start seeds the registry: {:?}",
            first.report.registry
        );
    };
    assert!(enterprises >= 300, "{enterprises}");
    let etag = common::get(first.addr, "/api/v1/catalogue")
        .header("etag")
        .map(str::to_owned);
    drop(first);

    let db = data.join("portal.db");
    let before = table_counts(&db);
    assert_eq!((before.0, before.1, before.2), (2849, 34, 3321));
    let mtime = std::fs::metadata(&db)
        .and_then(|m| m.modified())
        .expect("mtime");

    let cache = data.join("cache/compressed");
    let cached = std::fs::read_dir(&cache)
        .expect("compression cache")
        .count();
    assert!(cached >= 2, "catalogue br+gz cached, found {cached}");
    for entry in std::fs::read_dir(&cache).expect("ls cache").flatten() {
        std::fs::write(entry.path(), b"damaged").expect("damage entry");
    }
    std::fs::write(cache.join("stale-entry.br11"), b"from an old build")
        .expect("write stale entry");

    // Second start: same data, and no app build at all.
    let second = common::start(&data, &root.path().join("no-such-dist"));
    assert_eq!(second.report.seed, SeedOutcome::AlreadySeeded);
    assert_eq!(second.report.registry, RegistrySeedOutcome::AlreadySeeded);
    assert_eq!(second.report.dist, DistStatus::Missing);
    assert_eq!(table_counts(&db), before);
    assert_eq!(
        std::fs::metadata(&db)
            .and_then(|m| m.modified())
            .expect("mtime"),
        mtime,
        "db file untouched"
    );

    let health = common::get(second.addr, "/api/v1/health");
    assert_eq!(health.json()["procedures"], 2849);
    assert_eq!(
        common::get(second.addr, "/api/v1/catalogue")
            .header("etag")
            .map(str::to_owned),
        etag,
        "same data, same ETag across restarts"
    );

    // Damaged cache entries are recompressed, stale ones pruned.
    let plain = common::get(second.addr, "/api/v1/catalogue");
    for encoding in ["br", "gzip"] {
        let r = common::get_with(
            second.addr,
            "/api/v1/catalogue",
            &[("Accept-Encoding", encoding)],
        );
        let decoded = if encoding == "br" {
            common::unbrotli(&r.body)
        } else {
            common::gunzip(&r.body)
        };
        assert_eq!(decoded, plain.body, "{encoding}");
    }
    assert!(
        !cache.join("stale-entry.br11").exists(),
        "unused cache entries are pruned"
    );

    for path in ["/", "/thu-tuc/1.001612"] {
        let page = common::get(second.addr, path);
        assert_eq!(page.status, 503, "{path}");
        assert_eq!(
            page.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert!(
            page.text().contains("trunk build"),
            "explains how to build: {}",
            page.text()
        );
        common::assert_security_headers(&page);
    }
    drop(second);

    let conn = Connection::open(&db).expect("open");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal");
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version");
    assert_eq!(version, 4);
}

#[test]
fn a_database_from_a_newer_server_is_refused_not_modified() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tempdir");
    let data = root.path().join("var");
    std::fs::create_dir_all(&data).expect("mkdir");
    let conn = Connection::open(data.join("portal.db")).expect("create db");
    conn.execute_batch("PRAGMA user_version = 99")
        .expect("set version");
    drop(conn);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let result = runtime.block_on(portal_server::build(&portal_server::Config::new(
        &data,
        root.path().join("dist"),
    )));
    let err = result.err().expect("startup must fail");
    assert!(err.to_string().contains("newer"), "{err}");
}

async fn boom() -> &'static str {
    panic!("deliberate test panic")
}

/// Serves a router wrapped in the real middleware stack on an ephemeral port.
fn serve_custom(router: Router) -> (std::net::SocketAddr, std::thread::JoinHandle<()>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("addr"))
                .expect("send addr");
            // Ends when the test process does; nothing to clean up on disk.
            let _ = portal_server::serve(
                listener,
                portal_server::with_middleware(router),
                std::future::pending(),
            )
            .await;
        });
    });
    (rx.recv().expect("addr"), handle)
}

#[test]
fn a_panicking_handler_becomes_a_json_500_with_security_headers() {
    let (addr, _server) = serve_custom(Router::new().route("/api/boom", get_route(boom)));
    let r = common::get(addr, "/api/boom");
    assert_eq!(r.status, 500);
    assert_eq!(r.api_error(), "internal");
    assert!(
        !r.text().contains("deliberate"),
        "panic text stays in the log"
    );
    common::assert_security_headers(&r);
    // The server survives.
    assert_eq!(common::get(addr, "/api/boom").status, 500);
}

#[test]
fn oversized_bodies_are_refused_with_413_json() {
    let (addr, _server) = serve_custom(Router::new().route(
        "/api/echo",
        axum::routing::post(|body: String| async move { body }),
    ));
    let small = common::try_raw(addr, "POST", b"/api/echo", &[], b"hello").expect("answer");
    assert_eq!(small.status, 200);
    let big = vec![b'x'; portal_server::BODY_LIMIT_BYTES + 1];
    let r = common::try_raw(addr, "POST", b"/api/echo", &[], &big).expect("answer");
    assert_eq!(r.status, 413);
    assert_eq!(r.api_error(), "payload_too_large");
    common::assert_security_headers(&r);
}
