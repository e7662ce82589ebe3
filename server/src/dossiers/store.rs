//! SQL over the dossier tables of migration step 3 (`dossiers`, `dossier_serials`,
//! `dossier_files`, `dossier_events`, `dossier_results`) and the read side of `payments`.
//! Plain functions on a connection, so the caller chooses the transaction: filing and
//! every state change run inside one `Db::write`, so a check and the write it guards
//! cannot interleave with another request's.

use domain::dossier::api::{
    DossierFile, DossierPayment, DossierReceipt, DossierStatus, DossierStatusBody, OfficerDossier,
};
use domain::dossier::{
    apply, fees, Action, DossierCode, DossierState, FeeItem, ProcessingTime, StateKind,
    TimelineEntry,
};
use domain::form::Answers;
use domain::stats::FunnelEvent;
use domain::working_days::Calendar;
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension};

use super::{keys_match, rfc3339_vn, vn_date, vn_time, RECEIVING_UNIT};
use crate::error::AppError;

/// One attachment as stored: its bytes live at `files/<sha256>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub id: String,
    pub name: String,
    /// The type the bytes really are (`domain::sniff`), not what the browser declared.
    pub mime: String,
    pub size: u64,
    pub sha256: String,
}

/// What the catalogue says about the procedure a dossier is filed under.
#[derive(Debug, Clone)]
pub struct ProcedureInfo {
    pub code: String,
    pub name: String,
    pub agency: Option<String>,
    pub processing_time: Option<String>,
}

/// A checked filing, ready to be stored.
#[derive(Debug, Clone)]
pub struct NewDossier {
    pub idempotency_key: String,
    /// Digest of the request (answers JSON and each file's sha256): a retry with the same
    /// key must carry the same digest.
    pub request_digest: String,
    pub access_key: String,
    pub procedure: ProcedureInfo,
    pub schema_version: u32,
    /// `domain::form::submission` output, JSON.
    pub answers_json: String,
    /// Canonical contact phone.
    pub phone: String,
    pub submitted_at: i64,
    pub fees: Vec<FeeItem>,
    pub files: Vec<StoredFile>,
    /// Filed in the app's practice mode: stored and answered like any other, but marked,
    /// and left out of the statistics.
    pub practice: bool,
}

/// The receipt JSON to answer with, exactly as first stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filed {
    Created(String),
    Replayed(String),
}

/// The stored request digest and receipt for an idempotency key.
pub fn find_by_key(conn: &Connection, key: &str) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached("SELECT request_digest, receipt FROM dossiers WHERE idempotency_key = ?1")?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The stored receipt for `key` when the digest matches, 409 when it does not, None when
/// the key is new.
pub fn replay(
    conn: &Connection,
    key: &str,
    digest: &str,
) -> rusqlite::Result<Option<Result<Filed, AppError>>> {
    Ok(find_by_key(conn, key)?.map(|(stored, receipt)| {
        if stored == digest {
            Ok(Filed::Replayed(receipt))
        } else {
            Err(AppError::IdempotencyConflict)
        }
    }))
}

/// Stores a filing, or replays/refuses it when its idempotency key is known. Run inside
/// one write transaction: the key check, the serial and the insert are then atomic, so
/// a hundred concurrent posts with one key make exactly one dossier.
pub fn file(tx: &Connection, new: &NewDossier) -> rusqlite::Result<Result<Filed, AppError>> {
    if let Some(known) = replay(tx, &new.idempotency_key, &new.request_digest)? {
        return Ok(known);
    }
    let at = vn_time(new.submitted_at);
    // The code carries the calendar day of receipt in Vietnam; serials restart each day.
    let day = at.date();
    let serial: i64 = tx
        .prepare_cached(
            "INSERT INTO dossier_serials (prefix, day, last) VALUES (?1, ?2, 1)
             ON CONFLICT (prefix, day) DO UPDATE SET last = last + 1
             RETURNING last",
        )?
        .query_row(params![RECEIVING_UNIT, day.to_iso()], |r| r.get(0))?;
    let code = match DossierCode::new(
        RECEIVING_UNIT,
        day,
        u32::try_from(serial).unwrap_or(u32::MAX),
    ) {
        Ok(code) => code.to_string(),
        // Past serial 9999 (the most Điều 19 allows) or a clock outside 2000–2099.
        Err(_) => return Ok(Err(AppError::SerialsExhausted { day: day.to_iso() })),
    };
    let (hour, minute, _) = at.hms();
    // hms() is < 24 and < 60, so the narrowing is lossless.
    let (hour, minute) = (hour as u8, minute as u8);
    let calendar = Calendar::VIETNAM;
    let received_on = calendar.receipt_day(day, hour, minute);
    let due_on = new
        .procedure
        .processing_time
        .as_deref()
        .and_then(ProcessingTime::parse)
        .map(|t| t.appointment(&calendar, day, hour, minute));
    let fee_total_vnd = fees::total(&new.fees);
    let state = DossierState::Received;
    let receipt = DossierReceipt {
        code: code.clone(),
        access_key: new.access_key.clone(),
        procedure_code: new.procedure.code.clone(),
        procedure_name: new.procedure.name.clone(),
        agency: new.procedure.agency.clone(),
        submitted_at: rfc3339_vn(new.submitted_at),
        received_on: received_on.to_iso(),
        due_on: due_on.map(|d| d.to_iso()),
        processing_time: new.procedure.processing_time.clone(),
        fees: new.fees.clone(),
        fee_total_vnd,
        state: state.clone(),
        practice: new.practice,
    };
    let (receipt_json, state_json) = match (
        serde_json::to_string(&receipt),
        serde_json::to_string(&state),
    ) {
        (Ok(r), Ok(s)) => (r, s),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(AppError::Encode(e))),
    };
    tx.prepare_cached(
        "INSERT INTO dossiers (code, idempotency_key, request_digest, access_key,
             procedure_code, procedure_name, schema_version, answers, phone, state,
             submitted_at, received_on, due_on, fee_total_vnd, receipt, updated_at, practice)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?11, ?16)",
    )?
    .execute(params![
        code,
        new.idempotency_key,
        new.request_digest,
        new.access_key,
        new.procedure.code,
        new.procedure.name,
        new.schema_version,
        new.answers_json,
        new.phone,
        state_json,
        new.submitted_at,
        receipt.received_on,
        receipt.due_on,
        fee_total_vnd,
        receipt_json,
        new.practice,
    ])?;
    insert_files(tx, &code, &new.files, 0)?;
    insert_event(tx, &code, &state, new.submitted_at)?;
    // Here, after the replay check and in the filing's transaction: a retry of this
    // filing, or a filing that fails, never counts.
    if !new.practice {
        crate::stats::count(tx, &new.procedure.code, FunnelEvent::Submitted, day)?;
    }
    Ok(Ok(Filed::Created(receipt_json)))
}

fn insert_files(
    tx: &Connection,
    code: &str,
    files: &[StoredFile],
    round: u32,
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO dossier_files (dossier_code, file_id, name, mime, size, sha256, round)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for f in files {
        insert.execute(params![
            code,
            f.id,
            f.name,
            f.mime,
            i64::try_from(f.size).unwrap_or(i64::MAX),
            f.sha256,
            round
        ])?;
    }
    Ok(())
}

fn insert_event(
    tx: &Connection,
    code: &str,
    state: &DossierState,
    at: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO dossier_events (dossier_code, state, note, at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![code, state.kind().as_str(), state.note(), at])?;
    Ok(())
}

/// A stored dossier, as much as every reader needs.
#[derive(Debug, Clone)]
pub struct DossierRow {
    pub code: String,
    pub access_key: String,
    pub phone: String,
    pub receipt: DossierReceipt,
    pub state: DossierState,
    pub answers_json: String,
    pub updated_at: i64,
    pub practice: bool,
}

fn json_column<T: serde::de::DeserializeOwned>(index: usize, text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e)))
}

/// The dossier with this (canonical) code.
pub fn find(conn: &Connection, code: &str) -> rusqlite::Result<Option<DossierRow>> {
    conn.prepare_cached(
        "SELECT code, access_key, phone, receipt, state, answers, updated_at, practice
         FROM dossiers WHERE code = ?1",
    )?
    .query_row([code], |r| {
        let receipt: String = r.get(3)?;
        let state: String = r.get(4)?;
        Ok(DossierRow {
            code: r.get(0)?,
            access_key: r.get(1)?,
            phone: r.get(2)?,
            receipt: json_column(3, &receipt)?,
            state: json_column(4, &state)?,
            answers_json: r.get(5)?,
            updated_at: r.get(6)?,
            practice: r.get(7)?,
        })
    })
    .optional()
}

/// The dossier when `access_key` is its key; None both for an unknown code and a wrong
/// key, so the two cannot be told apart.
pub fn find_with_key(
    conn: &Connection,
    code: &str,
    access_key: &str,
) -> rusqlite::Result<Option<DossierRow>> {
    Ok(find(conn, code)?.filter(|row| keys_match(access_key, &row.access_key)))
}

/// What paying for a dossier needs: for the payments endpoints.
#[derive(Debug, Clone)]
#[allow(dead_code)] // Read by the payment endpoints.
pub struct FeeDue {
    pub code: String,
    pub procedure_name: String,
    /// Sum of the online fee rows; 0 when nothing is due online.
    pub fee_total_vnd: i64,
    pub fees: Vec<FeeItem>,
    pub state: DossierState,
    /// The payment state as [`payment_of`] computes it now.
    pub payment: DossierPayment,
}

/// The fee of the dossier `code` (canonical form) when `access_key` is its key; None for
/// an unknown code or a wrong key alike.
#[allow(dead_code)] // Called by the payment endpoints.
pub(crate) fn fee_due(
    conn: &Connection,
    code: &str,
    access_key: &str,
    now: i64,
) -> rusqlite::Result<Option<FeeDue>> {
    let Some(row) = find_with_key(conn, code, access_key)? else {
        return Ok(None);
    };
    let payment = payment_of(conn, &row.code, row.receipt.fee_total_vnd, now)?;
    Ok(Some(FeeDue {
        code: row.code,
        procedure_name: row.receipt.procedure_name,
        fee_total_vnd: row.receipt.fee_total_vnd,
        fees: row.receipt.fees,
        state: row.state,
        payment,
    }))
}

/// Where the fee of a dossier stands, from its `payments` rows. The payments module
/// owns the rules (paid if any attempt was paid, pending while the latest attempt waits
/// and has not expired, otherwise unpaid when a fee is due online, not required when
/// none is); this is the one place the dossier side asks it.
pub fn payment_of(
    conn: &Connection,
    code: &str,
    fee_total_vnd: i64,
    now: i64,
) -> rusqlite::Result<DossierPayment> {
    crate::payments::dossier_payment(conn, code, fee_total_vnd, now)
}

/// Past the appointment date and not yet finished: the result is not ready and the
/// dossier was not rejected. The day of the appointment itself is not late.
pub fn is_overdue(state: &DossierState, due_on: Option<&str>, now: i64) -> bool {
    let finished = matches!(
        state.kind(),
        StateKind::ResultReady | StateKind::Returned | StateKind::Rejected
    );
    let Some(due) = due_on.and_then(|d| domain::date::Date::parse_iso(d).ok()) else {
        return false;
    };
    !finished && vn_date(now) > due
}

fn timeline(conn: &Connection, code: &str) -> rusqlite::Result<Vec<TimelineEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT state, note, at FROM dossier_events WHERE dossier_code = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([code], |r| {
        let state: String = r.get(0)?;
        let state = StateKind::parse(&state).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                Type::Text,
                format!("unknown dossier state {state:?}").into(),
            )
        })?;
        Ok(TimelineEntry {
            state,
            note: r.get(1)?,
            at: rfc3339_vn(r.get(2)?),
        })
    })?;
    rows.collect()
}

pub fn files(conn: &Connection, code: &str) -> rusqlite::Result<Vec<DossierFile>> {
    let mut stmt = conn.prepare_cached(
        "SELECT file_id, name, mime, size, round FROM dossier_files
         WHERE dossier_code = ?1 ORDER BY round, file_id",
    )?;
    let rows = stmt.query_map([code], |r| {
        Ok(DossierFile {
            id: r.get(0)?,
            name: r.get(1)?,
            mime: r.get(2)?,
            size: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
            round: r.get(4)?,
        })
    })?;
    rows.collect()
}

fn has_result(conn: &Connection, code: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM dossier_results WHERE dossier_code = ?1)")?
        .query_row([code], |r| r.get(0))
}

/// The dossier as its owner sees it now (without the access key).
pub fn status(conn: &Connection, row: &DossierRow, now: i64) -> rusqlite::Result<DossierStatus> {
    let r = &row.receipt;
    let answers: Answers = json_column(5, &row.answers_json)?;
    Ok(DossierStatus {
        code: row.code.clone(),
        procedure_code: r.procedure_code.clone(),
        procedure_name: r.procedure_name.clone(),
        agency: r.agency.clone(),
        submitted_at: r.submitted_at.clone(),
        received_on: r.received_on.clone(),
        due_on: r.due_on.clone(),
        processing_time: r.processing_time.clone(),
        fees: r.fees.clone(),
        fee_total_vnd: r.fee_total_vnd,
        state: row.state.clone(),
        timeline: timeline(conn, &row.code)?,
        overdue: is_overdue(&row.state, r.due_on.as_deref(), now),
        payment: payment_of(conn, &row.code, r.fee_total_vnd, now)?,
        result_available: has_result(conn, &row.code)?,
        files: files(conn, &row.code)?,
        answers,
        updated_at: rfc3339_vn(row.updated_at),
        access_key: None,
    })
}

/// [`status`] with the practice flag, as the API answers it.
pub fn status_body(
    conn: &Connection,
    row: &DossierRow,
    now: i64,
) -> rusqlite::Result<DossierStatusBody> {
    Ok(DossierStatusBody {
        status: status(conn, row, now)?,
        practice: row.practice,
    })
}

/// Every dossier, newest first, for the sandbox officer. Capped: the sandbox is for
/// demonstrations, not for paging through a real agency's backlog.
pub fn list(conn: &Connection, now: i64) -> rusqlite::Result<Vec<OfficerDossier>> {
    const MAX_LISTED: i64 = 1000;
    let mut stmt = conn.prepare_cached(
        "SELECT code, procedure_code, procedure_name, state, submitted_at, due_on, fee_total_vnd,
             practice
         FROM dossiers ORDER BY submitted_at DESC, code DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([MAX_LISTED], |r| {
        let state: String = r.get(3)?;
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            json_column::<DossierState>(3, &state)?,
            r.get::<_, i64>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, i64>(6)?,
            r.get::<_, bool>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            code,
            procedure_code,
            procedure_name,
            state,
            submitted_at,
            due_on,
            fee_total,
            practice,
        ) = row?;
        let payment = payment_of(conn, &code, fee_total, now)?;
        out.push(OfficerDossier {
            overdue: is_overdue(&state, due_on.as_deref(), now),
            code,
            procedure_code,
            procedure_name,
            state,
            submitted_at: rfc3339_vn(submitted_at),
            due_on,
            payment_status: payment.status,
            practice,
        });
    }
    Ok(out)
}

/// What a supplement brings besides the state change.
#[derive(Debug, Clone)]
pub struct SupplementData {
    pub answers_json: String,
    pub new_files: Vec<StoredFile>,
}

/// Applies `action` to the dossier `code` through the domain state machine and records
/// it: new state, timeline entry, and for `attach_result` the result document, for
/// `supplement` the corrected answers and new files. Refusals come back as
/// [`AppError::Transition`] with the state machine's own words.
pub fn act(
    tx: &Connection,
    code: &str,
    action: &Action,
    supplement: Option<&SupplementData>,
    now: i64,
) -> rusqlite::Result<Result<DossierState, AppError>> {
    let Some(row) = find(tx, code)? else {
        return Ok(Err(AppError::DossierNotFound));
    };
    let next = match apply(&row.state, action) {
        Ok(next) => next,
        Err(e) => return Ok(Err(AppError::Transition(e))),
    };
    let state_json = match serde_json::to_string(&next) {
        Ok(s) => s,
        Err(e) => return Ok(Err(AppError::Encode(e))),
    };
    tx.prepare_cached("UPDATE dossiers SET state = ?2, updated_at = ?3 WHERE code = ?1")?
        .execute(params![code, state_json, now])?;
    if let (Action::Supplement, Some(s)) = (action, supplement) {
        // The n-th supplement answers the n-th request.
        let round: u32 = tx
            .prepare_cached(
                "SELECT COUNT(*) FROM dossier_events
                 WHERE dossier_code = ?1 AND state = 'supplement_requested'",
            )?
            .query_row([code], |r| r.get(0))?;
        tx.prepare_cached("UPDATE dossiers SET answers = ?2 WHERE code = ?1")?
            .execute(params![code, s.answers_json])?;
        insert_files(tx, code, &s.new_files, round.max(1))?;
    }
    if matches!(action, Action::AttachResult) {
        let answers: Answers = json_column(5, &row.answers_json)?;
        let body = super::result_doc::render(&row.receipt, &answers, now);
        tx.prepare_cached(
            "INSERT INTO dossier_results (dossier_code, name, mime, body, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (dossier_code) DO UPDATE SET
                 name = excluded.name, mime = excluded.mime, body = excluded.body,
                 created_at = excluded.created_at",
        )?
        .execute(params![
            code,
            super::result_doc::file_name(code),
            super::result_doc::MIME,
            body.as_bytes(),
            now
        ])?;
    }
    insert_event(tx, code, &next, now)?;
    Ok(Ok(next))
}

/// The stored result document: (file name, MIME type, bytes).
pub fn result(
    conn: &Connection,
    code: &str,
) -> rusqlite::Result<Option<(String, String, Vec<u8>)>> {
    conn.prepare_cached("SELECT name, mime, body FROM dossier_results WHERE dossier_code = ?1")?
        .query_row([code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::date::Date;
    use domain::payment::VnDateTime;

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().expect("sqlite");
        crate::migrations::migrate(&mut conn).expect("migrated");
        conn
    }

    fn filing(key: &str, digest: &str, at: i64) -> NewDossier {
        NewDossier {
            idempotency_key: key.into(),
            request_digest: digest.into(),
            access_key: "0123456789abcdef0123456789abcdef".into(),
            procedure: ProcedureInfo {
                code: "1.000239".into(),
                name: "Thủ tục thử".into(),
                agency: None,
                processing_time: Some("3 Ngày làm việc".into()),
            },
            schema_version: 1,
            answers_json: "{}".into(),
            phone: "0912345678".into(),
            submitted_at: at,
            fees: Vec::new(),
            practice: false,
            files: vec![StoredFile {
                id: "f1".into(),
                name: "a.pdf".into(),
                mime: "application/pdf".into(),
                size: 10,
                sha256: "00".repeat(32),
            }],
        }
    }

    fn receipt(filed: Filed) -> DossierReceipt {
        match filed {
            Filed::Created(json) | Filed::Replayed(json) => {
                serde_json::from_str(&json).expect("receipt")
            }
        }
    }

    fn at(y: u32, m: u32, d: u32, hour: u32, minute: u32) -> i64 {
        VnDateTime::new(Date::new(y, m, d).expect("date"), hour, minute, 0)
            .expect("time")
            .to_unix_seconds()
    }

    #[test]
    fn a_filing_just_before_tet_after_the_cutoff_counts_from_after_tet() {
        let conn = db();
        // Friday 13 Feb 2026, 16:30 in Hà Nội; Tết Bính Ngọ closes 14–22 Feb.
        let when = at(2026, 2, 13, 16, 30);
        let filed = file(&conn, &filing("key-tet-00001", "d1", when))
            .expect("sql")
            .expect("filed");
        assert!(matches!(filed, Filed::Created(_)));
        let r = receipt(filed);
        assert_eq!(r.submitted_at, "2026-02-13T16:30:00+07:00");
        assert_eq!(r.received_on, "2026-02-23");
        let expected = ProcessingTime::WorkingDays(3).appointment(
            &Calendar::VIETNAM,
            Date::new(2026, 2, 13).expect("date"),
            16,
            30,
        );
        assert_eq!(r.due_on, Some(expected.to_iso()));
        assert!(expected > Date::new(2026, 2, 23).expect("date"));
        // The code carries the calendar day of receipt and the day's first serial.
        assert!(
            r.code.starts_with("000.00.31.H29-260213-0001-"),
            "{}",
            r.code
        );

        // The next one that day gets the next serial; a retry gets the same receipt; the
        // same key with another digest is refused.
        let second = receipt(
            file(&conn, &filing("key-tet-00002", "d2", when + 60))
                .expect("sql")
                .expect("filed"),
        );
        assert!(second.code.starts_with("000.00.31.H29-260213-0002-"));
        let again = file(&conn, &filing("key-tet-00001", "d1", when + 120))
            .expect("sql")
            .expect("replayed");
        assert!(matches!(&again, Filed::Replayed(_)));
        assert_eq!(receipt(again), r);
        assert!(matches!(
            file(&conn, &filing("key-tet-00001", "other", when)).expect("sql"),
            Err(AppError::IdempotencyConflict)
        ));
    }

    #[test]
    fn overdue_only_past_the_appointment_and_while_open() {
        let due = Some("2026-03-02");
        let on_the_day = at(2026, 3, 2, 23, 0);
        let next_day = at(2026, 3, 3, 8, 0);
        assert!(!is_overdue(&DossierState::Processing, due, on_the_day));
        assert!(is_overdue(&DossierState::Processing, due, next_day));
        assert!(!is_overdue(&DossierState::ResultReady, due, next_day));
        assert!(!is_overdue(&DossierState::Processing, None, next_day));
    }
}
