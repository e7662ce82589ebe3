//! Versioned schema. `PRAGMA user_version` records how many steps a database has had;
//! steps are append-only: never edit one that has shipped, add the next.

use rusqlite::Connection;

use crate::db::DbError;

const STEPS: &[&str] = &[
    // 1: catalogue and administrative units.
    r#"
    CREATE TABLE procedures (
        code    TEXT PRIMARY KEY NOT NULL,
        name    TEXT NOT NULL,
        field   TEXT NOT NULL,
        agency  TEXT,
        level   TEXT,
        online  TEXT,
        -- The whole domain::Procedure, so the API can answer without reassembling rows.
        json    TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX procedures_field ON procedures (field);
    CREATE INDEX procedures_agency ON procedures (agency);

    CREATE TABLE provinces (
        code          INTEGER PRIMARY KEY NOT NULL,
        name          TEXT NOT NULL,
        codename      TEXT NOT NULL,
        division_type TEXT NOT NULL,
        phone_code    INTEGER NOT NULL
    );

    CREATE TABLE wards (
        code           INTEGER PRIMARY KEY NOT NULL,
        province_code  INTEGER NOT NULL REFERENCES provinces (code) ON DELETE CASCADE,
        name           TEXT NOT NULL,
        codename       TEXT NOT NULL,
        division_type  TEXT NOT NULL,
        short_codename TEXT NOT NULL
    );
    CREATE INDEX wards_province ON wards (province_code);

    -- Facts about this database itself, such as which embedded data it was seeded from.
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 2: the sandbox business registry, one row per tax code (branches included).
    r#"
    CREATE TABLE enterprises (
        mst         TEXT PRIMARY KEY NOT NULL,
        parent_mst  TEXT,
        name        TEXT NOT NULL,
        kind        TEXT NOT NULL,
        status      TEXT NOT NULL,
        -- The whole domain::registry::Enterprise, served as it is.
        json        TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX enterprises_parent ON enterprises (parent_mst);
    "#,
];

pub fn latest_version() -> u32 {
    STEPS.len() as u32
}

/// Brings the schema up to date; returns the version it ends at.
pub fn migrate(conn: &mut Connection) -> Result<u32, DbError> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let latest = latest_version();
    if current > latest {
        // Written by a newer server: changing it could lose data that version relies on.
        return Err(DbError::TooNew {
            found: current,
            known: latest,
        });
    }
    for (i, step) in STEPS.iter().enumerate().skip(current as usize) {
        let version = i as u32 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(step)?;
        // PRAGMA takes no bound parameters; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {version}"))?;
        tx.commit()?;
        tracing::info!(version, "applied schema migration");
    }
    Ok(latest)
}
