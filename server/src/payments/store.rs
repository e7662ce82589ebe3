//! SQL over the `payments` table (migration step 3) and the few `dossiers` columns a
//! payment needs. Plain functions on a connection, so callers choose the transaction.

use domain::dossier::api::PaymentStatusKind;
use domain::payment::{Params, PaymentOutcome, Settlement};
use rusqlite::{params, Connection, OptionalExtension};

/// One row of `payments`, status as stored (a pending row past its expiry still says
/// `pending` here; [`PaymentRow::effective_status`] reads it as expired).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRow {
    pub txn_ref: String,
    pub dossier_code: String,
    pub amount_vnd: i64,
    pub status: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub method: Option<String>,
    pub bank_code: Option<String>,
    pub gateway_txn_no: Option<String>,
    pub response_code: Option<String>,
    pub paid_at: Option<i64>,
}

impl PaymentRow {
    /// The status a client is told at `now` (Unix seconds). An unknown stored value
    /// (written by a newer server, say) reads as failed: never as paid.
    pub fn effective_status(&self, now: i64) -> PaymentStatusKind {
        match PaymentStatusKind::parse(&self.status) {
            Some(PaymentStatusKind::Pending) if now >= self.expires_at => {
                PaymentStatusKind::Expired
            }
            Some(kind) => kind,
            None => PaymentStatusKind::Failed,
        }
    }
}

const ROW_COLUMNS: &str = "txn_ref, dossier_code, amount_vnd, status, created_at, expires_at, \
     method, bank_code, gateway_txn_no, response_code, paid_at";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PaymentRow> {
    Ok(PaymentRow {
        txn_ref: r.get(0)?,
        dossier_code: r.get(1)?,
        amount_vnd: r.get(2)?,
        status: r.get(3)?,
        created_at: r.get(4)?,
        expires_at: r.get(5)?,
        method: r.get(6)?,
        bank_code: r.get(7)?,
        gateway_txn_no: r.get(8)?,
        response_code: r.get(9)?,
        paid_at: r.get(10)?,
    })
}

pub fn find(conn: &Connection, txn_ref: &str) -> rusqlite::Result<Option<PaymentRow>> {
    conn.query_row(
        &format!("SELECT {ROW_COLUMNS} FROM payments WHERE txn_ref = ?1"),
        [txn_ref],
        read_row,
    )
    .optional()
}

/// The dossier's paid payment if it has one, else its most recent attempt.
pub fn current_for_dossier(conn: &Connection, code: &str) -> rusqlite::Result<Option<PaymentRow>> {
    conn.query_row(
        &format!(
            "SELECT {ROW_COLUMNS} FROM payments WHERE dossier_code = ?1
             ORDER BY status = 'paid' DESC, created_at DESC, txn_ref DESC LIMIT 1"
        ),
        [code],
        read_row,
    )
    .optional()
}

pub struct NewPayment<'a> {
    pub txn_ref: &'a str,
    pub dossier_code: &'a str,
    pub amount_vnd: i64,
    pub created_at: i64,
    pub expires_at: i64,
}

pub fn insert_pending(conn: &Connection, p: &NewPayment<'_>) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO payments (txn_ref, dossier_code, amount_vnd, status, created_at,
                               expires_at, updated_at)
         VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?4)",
        params![
            p.txn_ref,
            p.dossier_code,
            p.amount_vnd,
            p.created_at,
            p.expires_at
        ],
    )?;
    Ok(())
}

/// The stored status for a verified gateway outcome.
pub fn status_of(outcome: &PaymentOutcome) -> PaymentStatusKind {
    match outcome {
        PaymentOutcome::Paid => PaymentStatusKind::Paid,
        PaymentOutcome::Cancelled => PaymentStatusKind::Cancelled,
        PaymentOutcome::Expired => PaymentStatusKind::Expired,
        PaymentOutcome::Failed(_) => PaymentStatusKind::Failed,
    }
}

/// Records a verified IPN's result on a still-pending payment. Returns whether a row
/// changed: `false` means the payment was no longer pending, and nothing was written.
/// `params` are the signed IPN parameters, for what [`Settlement`] does not carry (the
/// card type the payer used, the raw response code).
pub fn record_settlement(
    conn: &Connection,
    settlement: &Settlement,
    params: &Params,
    now: i64,
) -> rusqlite::Result<bool> {
    let status = status_of(&settlement.outcome);
    let paid_at = match status {
        // The gateway's own time when it gives one (the payer's bank statement shows it).
        PaymentStatusKind::Paid => Some(
            settlement
                .paid_at
                .map(|t| t.to_unix_seconds())
                .unwrap_or(now),
        ),
        _ => None,
    };
    let non_empty = |k: &str| params.get(k).filter(|v| !v.is_empty());
    let changed = conn.execute(
        "UPDATE payments SET status = ?2, method = ?3, bank_code = ?4, gateway_txn_no = ?5,
                response_code = ?6, paid_at = ?7, updated_at = ?8
         WHERE txn_ref = ?1 AND status = 'pending'",
        params![
            settlement.txn_ref,
            status.as_str(),
            non_empty("vnp_CardType"),
            settlement.bank_code,
            settlement.gateway_txn_no,
            non_empty("vnp_ResponseCode"),
            paid_at,
            now,
        ],
    )?;
    Ok(changed == 1)
}

/// How many payments of `code` are paid; more than one means a refund is due.
pub fn paid_count(conn: &Connection, code: &str) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COUNT(*) FROM payments WHERE dossier_code = ?1 AND status = 'paid'",
        [code],
        |r| r.get(0),
    )
}

/// Meta key of the generated gateway hash secret.
pub const SECRET_META_KEY: &str = "payment_hash_secret";

/// The stored secret, or `candidate` stored now if there is none. Inside the writer's
/// transaction, so two processes starting on one data directory agree on one secret.
pub fn secret_or_insert(conn: &Connection, candidate: &str) -> rusqlite::Result<String> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
        [SECRET_META_KEY, candidate],
    )?;
    conn.query_row(
        "SELECT value FROM meta WHERE key = ?1",
        [SECRET_META_KEY],
        |r| r.get(0),
    )
}
