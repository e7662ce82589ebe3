//! The SQLite database: opening, pragmas, and a small pool of read connections used
//! from blocking threads so queries never stall the async workers.

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::migrations;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database schema version {found} is newer than this server knows ({known}); refusing to touch it")]
    TooNew { found: u32, known: u32 },
    #[error("database task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Readers idle in the pool beyond this are closed instead of kept.
const MAX_IDLE_READERS: usize = 8;
/// A writer (a seeding process next door) may hold the lock briefly; wait rather than fail.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens the read-write connection used at startup, with the journal settings every
/// later connection inherits from the file.
pub fn open_writer(path: &Path) -> Result<Connection, DbError> {
    let conn = Connection::open(path).map_err(|source| DbError::Open {
        path: path.to_owned(),
        source,
    })?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL lets request readers run while a writer works; NORMAL is durable enough there.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(%mode, "SQLite refused WAL mode; continuing with this journal mode");
    }
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
    Ok(conn)
}

/// Opens, migrates and returns the writer connection.
pub fn open_and_migrate(path: &Path) -> Result<(Connection, u32), DbError> {
    let mut conn = open_writer(path)?;
    let version = migrations::migrate(&mut conn)?;
    Ok((conn, version))
}

#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    /// The one read-write connection. Writes queue on this lock, so a check-then-insert
    /// inside one `write` (an idempotency key, a serial number) cannot race another.
    writer: Mutex<Option<Connection>>,
}

impl Db {
    pub fn new(path: PathBuf) -> Db {
        Db {
            inner: Arc::new(Inner {
                path,
                idle: Mutex::new(Vec::new()),
                writer: Mutex::new(None),
            }),
        }
    }

    fn checkout(&self) -> Result<Connection, DbError> {
        let pooled = self
            .inner
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        if let Some(conn) = pooled {
            return Ok(conn);
        }
        let path = &self.inner.path;
        // Requests only read; a read-only handle makes that a guarantee, not a habit.
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| DbError::Open {
            path: path.clone(),
            source,
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(conn)
    }

    fn checkin(&self, conn: Connection) {
        let mut idle = self
            .inner
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE_READERS {
            idle.push(conn);
        }
    }

    /// Runs `f` with a read connection on a blocking thread.
    pub async fn read<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, rusqlite::Error> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let conn = db.checkout()?;
            let result = f(&conn);
            // A connection that just failed may be in a bad state; let it close.
            if result.is_ok() {
                db.checkin(conn);
            }
            Ok(result?)
        })
        .await?
    }
}

impl Db {
    /// Runs `f` inside one immediate transaction on the writer connection, on a blocking
    /// thread; commits when `f` returns `Ok`, rolls back otherwise. `f` may return its own
    /// error type (say, "this key was used with another body") next to SQLite's.
    pub async fn write<T, E, F>(&self, f: F) -> Result<Result<T, E>, DbError>
    where
        T: Send + 'static,
        E: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> Result<Result<T, E>, rusqlite::Error>
            + Send
            + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = db
                .inner
                .writer
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let mut conn = match guard.take() {
                Some(conn) => conn,
                None => open_writer(&db.inner.path)?,
            };
            let outcome = (|| {
                let tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                match f(&tx)? {
                    Ok(value) => tx.commit().map(|()| Ok(value)),
                    // Dropping the transaction rolls it back.
                    Err(e) => Ok(Err(e)),
                }
            })();
            // A connection whose statement failed may be in an odd state: let it close
            // (dropping it rolls back) and open a fresh one next time.
            if outcome.is_ok() {
                *guard = Some(conn);
            }
            Ok(outcome?)
        })
        .await?
    }
}

/// The digest of the embedded data a seed step last wrote, kept in `meta` under `key`, so a
/// restart with the same binary can skip seeding and a new binary's data replaces the old.
pub fn stored_digest(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()
}

pub fn store_digest(conn: &Connection, key: &str, digest: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, digest],
    )?;
    Ok(())
}
