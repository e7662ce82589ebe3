//! Drafts handed from one device to another under a short code (`domain::handoff`): SQL
//! over the `handoffs` table of migration step 4.
//!
//! A hand-off holds a citizen's answers and scans, so it lives no longer than it must: a
//! day at most, and it is deleted the moment it is taken. Expired rows are deleted
//! whenever a hand-off is stored or taken, so no timer is needed to keep the table small.

use domain::handoff::{HandoffCode, CODE_LEN, TTL_SECONDS};
use rusqlite::{params, Connection, OptionalExtension};

/// Codes tried before giving up. With 32⁸ codes and a day's worth of live ones, a second
/// attempt is already a once-in-a-lifetime event; the rest only make the loop finite.
const ATTEMPTS: usize = 4;

/// A random code from the operating system's generator.
pub fn new_code() -> Result<HandoffCode, getrandom::Error> {
    let mut bytes = [0u8; CODE_LEN];
    getrandom::fill(&mut bytes)?;
    Ok(HandoffCode::from_random(bytes))
}

/// Why a hand-off could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no randomness for a hand-off code: {0}")]
    Random(getrandom::Error),
    #[error("{ATTEMPTS} random hand-off codes were all in use")]
    NoFreeCode,
}

fn purge_expired(conn: &Connection, now: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM handoffs WHERE expires_at <= ?1")?
        .execute([now])?;
    Ok(())
}

/// Stores `body` under a fresh code until `now` + [`TTL_SECONDS`]; returns the code and
/// that expiry (Unix seconds). Run inside one write transaction, so the check that a code
/// is free and the insert cannot interleave with another hand-off's.
pub fn put(
    conn: &Connection,
    body: &[u8],
    now: i64,
) -> rusqlite::Result<Result<(HandoffCode, i64), StoreError>> {
    purge_expired(conn, now)?;
    let expires_at = now + TTL_SECONDS;
    let mut insert = conn.prepare_cached(
        "INSERT INTO handoffs (code, body, expires_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (code) DO NOTHING",
    )?;
    for _ in 0..ATTEMPTS {
        let code = match new_code() {
            Ok(code) => code,
            Err(e) => return Ok(Err(StoreError::Random(e))),
        };
        if insert.execute(params![code.as_str(), body, expires_at])? == 1 {
            return Ok(Ok((code, expires_at)));
        }
    }
    Ok(Err(StoreError::NoFreeCode))
}

/// The body stored under `code`, deleted in the same statement so it is taken exactly
/// once; None when there is none or it has expired.
pub fn take(conn: &Connection, code: &HandoffCode, now: i64) -> rusqlite::Result<Option<Vec<u8>>> {
    purge_expired(conn, now)?;
    conn.prepare_cached("DELETE FROM handoffs WHERE code = ?1 RETURNING body")?
        .query_row([code.as_str()], |r| r.get(0))
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().expect("sqlite");
        crate::migrations::migrate(&mut conn).expect("migrated");
        conn
    }

    #[test]
    fn a_handoff_is_taken_once_and_not_after_a_day() {
        let conn = db();
        let now = 1_763_800_000;
        let (code, expires_at) = put(&conn, b"{\"x\":1}", now).unwrap().unwrap();
        assert_eq!(expires_at, now + 24 * 3600);
        assert_eq!(code.as_str().len(), 8);
        assert_eq!(
            take(&conn, &code, now + 5).unwrap().as_deref(),
            Some(&b"{\"x\":1}"[..])
        );
        assert_eq!(take(&conn, &code, now + 6).unwrap(), None);

        let (late, expires_at) = put(&conn, b"{}", now).unwrap().unwrap();
        assert_eq!(take(&conn, &late, expires_at).unwrap(), None);
        // Storing another one cleared the expired row out.
        let (_, _) = put(&conn, b"{}", now).unwrap().unwrap();
        put(&conn, b"{}", expires_at + 1).unwrap().unwrap();
        let left: i64 = conn
            .query_row("SELECT COUNT(*) FROM handoffs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 1);
    }

    #[test]
    fn codes_are_random() {
        let a = new_code().unwrap();
        let b = new_code().unwrap();
        assert_ne!(a, b);
        assert_eq!(HandoffCode::parse(a.as_str()), Ok(a));
    }
}
