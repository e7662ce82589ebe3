//! Crash safety of filing: the real server binary is SIGKILLed while filings are in
//! flight, then started again on the same data directory, several times over. A receipt
//! is a promise to the citizen (the app deletes its outbox entry once it has one), so
//! every acknowledged filing must survive the kill; nothing may be half-written; and
//! the outbox's retry (the same key and body) must end with exactly one dossier per key.
//!
//! `CRASH_SEED=<n>` repeats a run's kill timings (the seed is printed on failure).

mod common;

use common::filings::household_answers;
use common::Multipart;
use rusqlite::{Connection, OpenFlags};
use serde_json::{json, Value};
use sha2::Digest;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROUNDS: usize = 6;
const CLIENTS: usize = 6;
const HKD: &str = "1.001612";

/// Enough randomness for kill timings, without a crate for it.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Portal {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(data: &Path, dist: &Path, cache: &Path) -> Portal {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(["--bind", "127.0.0.1", "--port", "0", "--data-dir"])
        .arg(data)
        .arg("--dist")
        .arg(dist)
        .env("PORTAL_CACHE_DIR", cache)
        .env(
            "PORTAL_BROTLI_QUALITY",
            common::TEST_BROTLI_QUALITY.to_string(),
        )
        // Six clients filing from one address would meet the anti-automation limit.
        .env("PORTAL_FILING_RATE", "0")
        .env("RUST_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn portal-server");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(url) = line.strip_prefix("listening on http://") {
                    break url.trim().parse().expect("listening address");
                }
            }
            _ => panic!("portal-server exited before listening: {:?}", child.wait()),
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Portal { child, addr }
}

struct Reply {
    status: u16,
    replayed: bool,
    body: Vec<u8>,
}

/// One request on its own connection; None when there was no whole answer (the server
/// was killed, or was not up).
fn exchange(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Option<Reply> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .ok()?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    stream.write_all(&bytes).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split])
        .ok()?
        .to_ascii_lowercase();
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())?;
    let body = raw[split + 4..].to_vec();
    // A connection cut mid-body is no answer either.
    (body.len() == length).then(|| Reply {
        status,
        replayed: head
            .lines()
            .any(|l| l.starts_with("idempotency-replayed: true")),
        body,
    })
}

/// A filing of its own: the answers and a PDF whose bytes differ per key, so that each
/// dossier has its own file under `files/` to check.
fn filing(key: &str, schema_version: u64) -> (String, Vec<u8>) {
    let pdf = format!(
        "%PDF-1.7\n% {key}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes();
    let mut answers = household_answers();
    answers["members_authorisation"] = json!([{"id": "f1", "name": "uy-quyen-chu-ho.pdf", "mime": "application/pdf", "size": pdf.len()}]);
    let dossier =
        json!({"procedure_code": HKD, "schema_version": schema_version, "answers": answers});
    Multipart::new()
        .json("dossier", &dossier)
        .file("file:f1", "uy-quyen-chu-ho.pdf", "application/pdf", &pdf)
        .finish()
}

fn post_filing(
    addr: SocketAddr,
    key: &str,
    (content_type, body): &(String, Vec<u8>),
) -> Option<Reply> {
    exchange(
        addr,
        "POST",
        "/api/v1/dossiers",
        &[("Content-Type", content_type), ("Idempotency-Key", key)],
        body,
    )
}

fn receipt_code(reply: &Reply) -> String {
    let v: Value = serde_json::from_slice(&reply.body).expect("receipt JSON");
    v["code"].as_str().expect("code").to_owned()
}

#[derive(Default)]
struct Ledger {
    /// Every key ever sent, with the exact body (a retry must send the same).
    sent: BTreeMap<String, (String, Vec<u8>)>,
    /// Keys the server answered 2xx, with the code it gave.
    acked: BTreeMap<String, String>,
}

struct Clients {
    next: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    /// Requests sent and not yet answered (or cut).
    in_flight: Arc<AtomicU64>,
}

/// Files from `CLIENTS` threads until told to stop; one request in four resends an earlier
/// key, as the outbox would.
fn fire(
    addr: SocketAddr,
    ledger: &Arc<Mutex<Ledger>>,
    c: &Clients,
    version: u64,
    seed: u64,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..CLIENTS)
        .map(|client| {
            let (ledger, next, stop, in_flight) = (
                ledger.clone(),
                c.next.clone(),
                c.stop.clone(),
                c.in_flight.clone(),
            );
            std::thread::spawn(move || {
                let mut rng =
                    XorShift(seed ^ (client as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
                while !stop.load(Ordering::Relaxed) {
                    let (key, body) = {
                        let mut l = ledger.lock().unwrap();
                        let resend = rng.below(4) == 0 && !l.sent.is_empty();
                        if resend {
                            let i = rng.below(l.sent.len() as u64) as usize;
                            let (k, b) = l.sent.iter().nth(i).expect("in range");
                            (k.clone(), b.clone())
                        } else {
                            let key = format!("crash-{:08}", next.fetch_add(1, Ordering::Relaxed));
                            let body = filing(&key, version);
                            l.sent.insert(key.clone(), body.clone());
                            (key, body)
                        }
                    };
                    in_flight.fetch_add(1, Ordering::SeqCst);
                    let reply = post_filing(addr, &key, &body);
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    match reply {
                        Some(r) if r.status == 201 => {
                            let code = receipt_code(&r);
                            let mut l = ledger.lock().unwrap();
                            if let Some(first) = l.acked.get(&key) {
                                assert_eq!(first, &code, "a replay of {key} answered another code");
                            }
                            l.acked.insert(key, code);
                        }
                        Some(r) => panic!(
                            "filing {key}: {} {}",
                            r.status,
                            String::from_utf8_lossy(&r.body)
                        ),
                        // Killed mid-request: only the stop flag ends the loop.
                        None => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The database after a restart: WAL, intact, and every dossier whole.
fn check_database(data: &Path, ledger: &Ledger, round: usize) -> usize {
    let db = Connection::open_with_flags(data.join("portal.db"), OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open db");
    let mode: String = db
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal_mode");
    assert_eq!(mode, "wal", "the server must run SQLite in WAL mode");
    let integrity: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(integrity, "ok", "round {round}");
    // Child rows whose dossier is missing: files, events, results and payments alike.
    let orphans: Vec<String> = db
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        orphans.is_empty(),
        "round {round}: rows without their dossier in {orphans:?}"
    );

    for (key, code) in &ledger.acked {
        let stored: Option<String> = db
            .query_row(
                "SELECT code FROM dossiers WHERE idempotency_key = ?1",
                [key],
                |r| r.get(0),
            )
            .ok();
        assert_eq!(
            stored.as_deref(),
            Some(code.as_str()),
            "round {round}: acknowledged filing {key} lost or changed"
        );
    }

    let mut stmt = db
        .prepare(
            "SELECT d.code, d.idempotency_key, d.receipt,
                    (SELECT COUNT(*) FROM dossier_events e WHERE e.dossier_code = d.code AND e.state = 'received'),
                    (SELECT COUNT(*) FROM dossier_files f WHERE f.dossier_code = d.code)
             FROM dossiers d",
        )
        .unwrap();
    let rows: Vec<(String, String, String, i64, i64)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (code, key, receipt, events, files) in &rows {
        assert_eq!(
            (*events, *files),
            (1, 1),
            "round {round}: dossier {code} ({key}) is half-written"
        );
        let receipt: Value = serde_json::from_str(receipt).expect("stored receipt is JSON");
        assert_eq!(
            receipt["code"],
            code.as_str(),
            "round {round}: the stored receipt is {code}'s"
        );
        assert!(
            ledger.sent.contains_key(key),
            "round {round}: dossier {code} under a key nobody sent: {key}"
        );
    }
    let files: Vec<(String, String, i64)> = db
        .prepare("SELECT dossier_code, sha256, size FROM dossier_files")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (code, sha, size) in files {
        let bytes = std::fs::read(data.join("files").join(&sha))
            .unwrap_or_else(|e| panic!("round {round}: attachment of {code} missing ({sha}): {e}"));
        assert_eq!(
            (sha256_hex(&bytes), bytes.len() as i64),
            (sha.clone(), size),
            "round {round}: attachment of {code} damaged"
        );
    }
    // Counted in the filing's own transaction: one count per dossier, never more or less.
    let (dossiers, submitted, serials): (i64, i64, i64) = db
        .query_row(
            "SELECT (SELECT COUNT(*) FROM dossiers),
                    (SELECT COALESCE(SUM(count), 0) FROM funnel_counts WHERE event = 'submitted'),
                    (SELECT COALESCE(SUM(last), 0) FROM dossier_serials)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (submitted, serials),
        (dossiers, dossiers),
        "round {round}: counts and serials follow the dossiers"
    );
    rows.len()
}

#[test]
fn filings_survive_sigkill_and_replay_to_exactly_one_dossier() {
    let began = Instant::now();
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = XorShift(seed);
    let root = common::fresh_dir("crash-restart");
    let dist = common::make_dist(&root);
    let (data, cache): (PathBuf, PathBuf) = (root.join("var"), root.join("cache"));

    let mut portal = start(&data, &dist, &cache);
    let form = exchange(
        portal.addr,
        "GET",
        &format!("/api/v1/forms/{HKD}"),
        &[],
        b"",
    )
    .expect("form");
    let version = serde_json::from_slice::<Value>(&form.body).unwrap()["schema"]["version"]
        .as_u64()
        .expect("version");
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let next = Arc::new(AtomicU64::new(0));
    let mut kills_mid_flight = 0;
    // Unacknowledged keys whose retry found them filed (the answer died with the server),
    // and those the retry filed for the first time.
    let (mut found_on_retry, mut filed_on_retry) = (0, 0);

    for round in 1..=ROUNDS {
        let c = Clients {
            next: next.clone(),
            stop: Arc::new(AtomicBool::new(false)),
            in_flight: Arc::new(AtomicU64::new(0)),
        };
        let clients = fire(portal.addr, &ledger, &c, version, rng.next());
        // Anywhere from the first requests to well into the stream.
        std::thread::sleep(Duration::from_millis(20 + rng.below(600)));
        // Child::kill is SIGKILL on Unix: no shutdown handler, no flush, no rollback.
        portal.child.kill().expect("SIGKILL");
        let in_flight = c.in_flight.load(Ordering::SeqCst);
        portal.child.wait().expect("reap");
        c.stop.store(true, Ordering::Relaxed);
        for t in clients {
            t.join()
                .unwrap_or_else(|_| panic!("a client failed (CRASH_SEED={seed})"));
        }
        if in_flight > 0 {
            kills_mid_flight += 1;
        }

        portal = start(&data, &dist, &cache);
        let mut l = ledger.lock().unwrap();
        check_database(&data, &l, round);

        // The outbox's retry of everything it ever sent, acknowledged or not.
        let addr = portal.addr;
        let sent: Vec<(&String, &(String, Vec<u8>))> = l.sent.iter().collect();
        // From as many clients as filed, so the check stays quick as the keys pile up.
        let replies: Vec<(String, Reply)> = std::thread::scope(|s| {
            let chunks: Vec<_> = sent
                .chunks(sent.len().div_ceil(CLIENTS).max(1))
                .map(|chunk| {
                    s.spawn(move || {
                        chunk
                            .iter()
                            .map(|(key, body)| {
                                let r = post_filing(addr, key, body)
                                    .unwrap_or_else(|| panic!("no answer to the replay of {key}"));
                                ((*key).clone(), r)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            chunks
                .into_iter()
                .flat_map(|h| h.join().expect("replay client"))
                .collect()
        });
        for (key, r) in &replies {
            assert_eq!(
                r.status,
                201,
                "replay of {key}: {}",
                String::from_utf8_lossy(&r.body)
            );
            let code = receipt_code(r);
            match l.acked.get(key) {
                Some(first) => {
                    assert!(
                        r.replayed,
                        "{key} was acknowledged, so its retry is a replay (CRASH_SEED={seed})"
                    );
                    assert_eq!(
                        &code, first,
                        "{key}: the replay answers the stored receipt (CRASH_SEED={seed})"
                    );
                }
                None => {
                    if r.replayed {
                        found_on_retry += 1;
                    } else {
                        filed_on_retry += 1;
                    }
                    l.acked.insert(key.clone(), code);
                }
            }
        }
        let count = check_database(&data, &l, round);
        assert_eq!(
            count,
            l.sent.len(),
            "round {round}: exactly one dossier per key (CRASH_SEED={seed})"
        );
    }
    assert!(
        kills_mid_flight > 0,
        "no kill came while filings were in flight"
    );
    let l = ledger.lock().unwrap();
    eprintln!(
        "crash_restart: {ROUNDS} kills ({kills_mid_flight} with requests in flight), {} keys, {} acknowledged before a kill, \
         {found_on_retry} filed but unacknowledged (the retry replayed them), {filed_on_retry} filed by the retry, \
         {:.1} s (CRASH_SEED={seed})",
        l.sent.len(),
        l.sent.len() - found_on_retry - filed_on_retry,
        began.elapsed().as_secs_f64()
    );
}
