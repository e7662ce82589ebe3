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
    // 3: filed dossiers, their files and history, payments, and the officers' results.
    r#"
    CREATE TABLE dossiers (
        code             TEXT PRIMARY KEY NOT NULL,
        -- The client's Idempotency-Key (a draft UUID) and a digest of what it sent under
        -- it: a retry with the same key replays `receipt`, a different body is refused.
        idempotency_key  TEXT NOT NULL UNIQUE,
        request_digest   TEXT NOT NULL,
        -- Unguessable; the device that filed keeps it to read the dossier without a
        -- rate-limited phone look-up.
        access_key       TEXT NOT NULL,
        procedure_code   TEXT NOT NULL,
        procedure_name   TEXT NOT NULL,
        schema_version   INTEGER NOT NULL,
        -- domain::form::submission output, JSON.
        answers          TEXT NOT NULL,
        -- Canonical contact phone (digits only, leading 0), for look-ups.
        phone            TEXT NOT NULL,
        -- domain::dossier::DossierState, JSON.
        state            TEXT NOT NULL,
        submitted_at     INTEGER NOT NULL,
        received_on      TEXT NOT NULL,
        due_on           TEXT,
        fee_total_vnd    INTEGER NOT NULL,
        -- The exact JSON body of the first successful answer, replayed verbatim.
        receipt          TEXT NOT NULL,
        updated_at       INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX dossiers_submitted ON dossiers (submitted_at);

    -- Last serial handed out per code prefix and receipt day.
    CREATE TABLE dossier_serials (
        prefix TEXT NOT NULL,
        day    TEXT NOT NULL,
        last   INTEGER NOT NULL,
        PRIMARY KEY (prefix, day)
    ) WITHOUT ROWID;

    CREATE TABLE dossier_files (
        dossier_code TEXT NOT NULL REFERENCES dossiers (code),
        file_id      TEXT NOT NULL,
        name         TEXT NOT NULL,
        mime         TEXT NOT NULL,
        size         INTEGER NOT NULL,
        sha256       TEXT NOT NULL,
        -- 0 for the filing, n for the n-th supplement.
        round        INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (dossier_code, file_id)
    ) WITHOUT ROWID;

    CREATE TABLE dossier_events (
        id           INTEGER PRIMARY KEY,
        dossier_code TEXT NOT NULL REFERENCES dossiers (code),
        state        TEXT NOT NULL,
        note         TEXT,
        at           INTEGER NOT NULL
    );
    CREATE INDEX dossier_events_code ON dossier_events (dossier_code, id);

    CREATE TABLE dossier_results (
        dossier_code TEXT PRIMARY KEY NOT NULL REFERENCES dossiers (code),
        name         TEXT NOT NULL,
        mime         TEXT NOT NULL,
        body         BLOB NOT NULL,
        created_at   INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE payments (
        txn_ref         TEXT PRIMARY KEY NOT NULL,
        dossier_code    TEXT NOT NULL REFERENCES dossiers (code),
        amount_vnd      INTEGER NOT NULL,
        -- pending | paid | failed | cancelled | expired
        status          TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        expires_at      INTEGER NOT NULL,
        method          TEXT,
        bank_code       TEXT,
        gateway_txn_no  TEXT,
        response_code   TEXT,
        paid_at         INTEGER,
        updated_at      INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX payments_dossier ON payments (dossier_code);
    "#,
    // 4: practice filings, anonymous funnel counts, drafts handed off to another phone.
    r#"
    -- 1 for a filing made in practice mode (X-Portal-Practice: 1): kept apart from the
    -- statistics and marked in the officer console.
    ALTER TABLE dossiers ADD COLUMN practice INTEGER NOT NULL DEFAULT 0;

    -- Anonymous on purpose: only these four columns, and no rowid, whose order of
    -- insertion could line a count up with a dossier filed at that moment.
    CREATE TABLE funnel_counts (
        procedure_code TEXT NOT NULL,
        -- domain::stats::FunnelEvent: viewed | started | submitted | paid
        event          TEXT NOT NULL,
        -- Vietnam calendar day, ISO.
        day            TEXT NOT NULL,
        count          INTEGER NOT NULL,
        PRIMARY KEY (day, procedure_code, event)
    ) WITHOUT ROWID;

    -- A device export waiting for the phone that types its code; deleted when taken.
    -- A rowid table: bodies run to megabytes, which WITHOUT ROWID stores badly.
    CREATE TABLE handoffs (
        code       TEXT PRIMARY KEY NOT NULL,
        -- The export file exactly as received, answered byte for byte.
        body       BLOB NOT NULL,
        expires_at INTEGER NOT NULL
    );
    CREATE INDEX handoffs_expiry ON handoffs (expires_at);
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
