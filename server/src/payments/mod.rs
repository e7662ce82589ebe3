//! Fee payments: starting an attempt for a dossier, recording the gateway's verified
//! notification (IPN), and reading an attempt's state.
//!
//! Only a verified IPN changes a payment; the browser's return URL is never trusted (the
//! app asks [`view`] instead). The gateway sits behind [`gateway::PaymentGateway`]; today
//! it is the in-process [`gateway::VnpaySandbox`], whose pages live in [`sandbox`].

pub mod gateway;
pub mod sandbox;
pub mod store;

use axum::http::{HeaderMap, StatusCode};
use domain::dossier::api::{
    DossierPayment, DossierPaymentStatus, PaymentCreated, PaymentStart, PaymentStatusKind,
    PaymentView,
};
use domain::dossier::{DossierCode, DossierState};
use domain::payment::{
    ipn_decision, plain_order_info, HashSecret, IpnAnswer, IpnCode, Locale, PaymentIntent,
    PaymentOutcome, StoredPayment, VnDateTime,
};
use domain::{ApiError, ErrorCode};
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;

use crate::config::Secret;
use crate::db::{Db, DbError};
use crate::dossiers::{now_unix, rfc3339_vn, vn_time};
use gateway::{GatewayError, PaymentGateway, VnpaySandbox};

/// How long a payment link stays valid (`vnp_ExpireDate` − `vnp_CreateDate`).
pub const PAYMENT_TTL_MINUTES: i64 = 15;
/// A configured secret shorter than this is refused at startup: it could be guessed
/// offline from one signed URL.
pub const MIN_SECRET_LEN: usize = 16;
/// Longest `return_path`: with the origin it must fit `vnp_ReturnUrl` (255 characters).
pub const MAX_RETURN_PATH: usize = 200;
/// VNPay's `vnp_ReturnUrl` limit.
const MAX_RETURN_URL: usize = 255;

/// The gateway the API uses, and the sandbox (the same object) its pages use.
pub struct Payments {
    pub gateway: Arc<dyn PaymentGateway>,
    /// `None` once a real gateway replaces the sandbox: its pages then answer 404.
    pub sandbox: Option<Arc<VnpaySandbox>>,
}

/// Why payments cannot be set up at startup.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("--payment-secret must be at least {MIN_SECRET_LEN} characters")]
    SecretTooShort,
    #[error("cannot generate a payment secret: {0}")]
    Random(getrandom::Error),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Builds the sandbox gateway with the configured secret, or the data directory's own
/// generated one (created on first start, kept in `meta`).
pub async fn setup(db: &Db, configured: Option<&Secret>) -> Result<Payments, SetupError> {
    let secret = match configured {
        Some(s) if s.expose().chars().count() < MIN_SECRET_LEN => {
            return Err(SetupError::SecretTooShort)
        }
        Some(s) => s.expose().to_owned(),
        None => {
            let candidate = random_hex(32).map_err(SetupError::Random)?;
            db.write(move |tx| store::secret_or_insert(tx, &candidate).map(Ok::<_, Infallible>))
                .await?
                .unwrap_or_else(|never| match never {})
        }
    };
    let sandbox = Arc::new(VnpaySandbox::new(HashSecret::new(secret)));
    Ok(Payments {
        gateway: sandbox.clone(),
        sandbox: Some(sandbox),
    })
}

/// What a payment request can meet. Mapped to API errors by [`PaymentError::to_api_error`].
#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// Unknown dossier code, missing or wrong access key: one answer, so codes cannot
    /// be probed.
    #[error("no dossier with this code and key")]
    DossierNotFound,
    #[error("no payment with this reference")]
    PaymentNotFound,
    #[error("malformed payment request body: {0}")]
    BadBody(String),
    #[error("return_path is not a same-origin path")]
    BadReturnPath,
    #[error("Host header is missing or not a plain host[:port]")]
    BadHost,
    #[error("dossier is already paid")]
    AlreadyPaid,
    #[error("dossier has no fee to pay online")]
    NothingDue,
    #[error("dossier was rejected")]
    DossierRejected,
    #[error(transparent)]
    Gateway(#[from] GatewayError),
    #[error("cannot generate a transaction reference: {0}")]
    Random(getrandom::Error),
}

impl PaymentError {
    pub fn to_api_error(&self) -> (StatusCode, ApiError) {
        use PaymentError::*;
        let e = |status, code, vi: &str, en: &str| (status, ApiError::new(code, vi, en));
        match self {
            DossierNotFound => e(
                StatusCode::NOT_FOUND,
                ErrorCode::NotFound,
                "Không tìm thấy hồ sơ với mã và khóa truy cập này.",
                "No dossier matches this code and access key.",
            ),
            PaymentNotFound => e(
                StatusCode::NOT_FOUND,
                ErrorCode::NotFound,
                "Không tìm thấy giao dịch thanh toán với mã tham chiếu này.",
                "No payment has this reference.",
            ),
            BadBody(detail) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    ErrorCode::BadRequest,
                    "Nội dung yêu cầu thanh toán không hợp lệ: cần JSON {\"return_path\": \"/…\"}.",
                    format!(
                        "Malformed payment request: expected JSON {{\"return_path\": \"/…\"}} ({}).",
                        clip(detail)
                    ),
                ),
            ),
            BadReturnPath => e(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidParameter,
                "Địa chỉ quay lại (return_path) phải là một đường dẫn trong cổng, bắt đầu bằng một dấu “/”, chỉ gồm chữ, số và - . _ ~ / ? = & %, tối đa 200 ký tự.",
                "return_path must be a path on this portal: starting with a single “/”, only letters, digits and - . _ ~ / ? = & %, at most 200 characters.",
            ),
            BadHost => e(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                "Tiêu đề Host thiếu hoặc không hợp lệ.",
                "The Host header is missing or is not a plain host[:port].",
            ),
            AlreadyPaid => e(
                StatusCode::CONFLICT,
                ErrorCode::Conflict,
                "Hồ sơ này đã được thanh toán; không thể thanh toán lần nữa.",
                "This dossier is already paid; it cannot be paid again.",
            ),
            NothingDue => e(
                StatusCode::CONFLICT,
                ErrorCode::Conflict,
                "Hồ sơ này không có phí, lệ phí phải nộp trực tuyến.",
                "This dossier has no fee to pay online.",
            ),
            DossierRejected => e(
                StatusCode::CONFLICT,
                ErrorCode::Conflict,
                "Hồ sơ đã bị từ chối nên không thể thanh toán.",
                "The dossier was rejected, so it cannot be paid.",
            ),
            Gateway(_) | Random(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, crate::error::internal_error())
            }
        }
    }
}

/// Client-influenced text in a message is cut short, so an error cannot be made big.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Lower-case hex of `bytes` random bytes from the OS generator.
fn random_hex(bytes: usize) -> Result<String, getrandom::Error> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Crockford's base-32 alphabet: letters and digits only (what VNPay accepts in
/// `vnp_TxnRef`), without I, L, O, U that read like other characters.
const BASE32: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `yyyyMMdd` (Vietnam day) + 20 random base-32 characters: 100 random bits, so a
/// reference (which alone reads a payment's state) cannot be guessed, and the date
/// helps staff reconcile with the gateway's statements.
pub fn new_txn_ref(now: VnDateTime) -> Result<String, getrandom::Error> {
    let mut buf = [0u8; 20];
    getrandom::fill(&mut buf)?;
    let d = now.date();
    let mut out = format!("{:04}{:02}{:02}", d.year(), d.month(), d.day());
    out.extend(buf.iter().map(|b| char::from(BASE32[usize::from(b & 31)])));
    Ok(out)
}

/// A plausible transaction reference: what [`new_txn_ref`] makes, loosely (any length
/// up to VNPay's 100, letters and digits), so a garbage path is a 404 without a query.
pub fn looks_like_txn_ref(s: &str) -> bool {
    !s.is_empty() && s.len() <= 100 && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `http://` + the request's Host, the origin the gateway sends the payer back to.
///
/// The Host header is client-controlled; that is acceptable here because the origin only
/// ever reaches the same client: it builds the redirect and return URLs answered to the
/// request that sent it, both signed, and the IPN (which records results) does not use
/// it. A client lying about Host can only send its own browser elsewhere. The value is
/// still checked to be a plain `host[:port]` so nothing else (a path, `@`, spaces) can be
/// smuggled into a signed URL or a Location header. The portal itself speaks plain HTTP;
/// a deployment behind TLS should configure its public origin instead (not done yet).
pub fn origin_from_host(headers: &HeaderMap) -> Result<String, PaymentError> {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .ok_or(PaymentError::BadHost)?;
    if is_plain_host(host) {
        Ok(format!("http://{host}"))
    } else {
        Err(PaymentError::BadHost)
    }
}

fn is_plain_host(host: &str) -> bool {
    if host.is_empty() || host.len() > 260 {
        return false;
    }
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        // IPv6 literal: `[…]` then an optional port.
        let Some((inner, after)) = rest.split_once(']') else {
            return false;
        };
        if inner.is_empty()
            || !inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return false;
        }
        match after {
            "" => return true,
            p => match p.strip_prefix(':') {
                Some(port) => ("[ipv6]", Some(port)),
                None => return false,
            },
        }
    } else {
        match host.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    let name_ok = name == "[ipv6]"
        || (!name.is_empty()
            && name.len() <= 253
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u16>().is_ok()
    });
    name_ok && port_ok
}

/// A same-origin path: one leading `/` (never `//`, which a browser reads as another
/// host), URL-safe characters only (so no `\`, spaces, `#`, `@` or control characters).
pub fn is_same_origin_path(path: &str) -> bool {
    let safe = |b: u8| b.is_ascii_alphanumeric() || b"-._~/?=&%".contains(&b);
    path.starts_with('/')
        && !path.starts_with("//")
        && path.len() <= MAX_RETURN_PATH
        && path.bytes().all(safe)
}

/// Parses and checks `POST /api/v1/dossiers/{code}/payments`' body.
pub fn parse_start(body: &[u8]) -> Result<PaymentStart, PaymentError> {
    let start: PaymentStart =
        serde_json::from_slice(body).map_err(|e| PaymentError::BadBody(e.to_string()))?;
    if !is_same_origin_path(&start.return_path) {
        return Err(PaymentError::BadReturnPath);
    }
    Ok(start)
}

/// Where and for whom a payment is started.
pub struct StartRequest {
    pub dossier_code: String,
    /// `X-Dossier-Key`; `None` when the header is absent (same answer as a wrong key).
    pub access_key: Option<String>,
    pub return_path: String,
    pub origin: String,
    pub client_ip: IpAddr,
}

/// Starts a payment attempt: checks the dossier, key and what is due, records a pending
/// payment and returns the signed gateway redirect. One write transaction, so two
/// attempts racing each other and an IPN marking the dossier paid are serialised.
pub async fn start(
    db: &Db,
    gateway: Arc<dyn PaymentGateway>,
    req: StartRequest,
) -> Result<Result<PaymentCreated, PaymentError>, DbError> {
    let return_url = format!("{}{}", req.origin, req.return_path);
    if return_url.len() > MAX_RETURN_URL {
        return Ok(Err(PaymentError::BadReturnPath));
    }
    // Codes are stored in canonical form; anything that is not a code is simply unknown.
    let Some(code) = DossierCode::parse(&req.dossier_code)
        .ok()
        .map(|c| c.to_string())
    else {
        return Ok(Err(PaymentError::DossierNotFound));
    };
    let now = now_unix();
    let expires_unix = now + PAYMENT_TTL_MINUTES * 60;
    let (created, expires) = (vn_time(now), vn_time(expires_unix));
    let txn_ref = match new_txn_ref(created) {
        Ok(r) => r,
        Err(e) => return Ok(Err(PaymentError::Random(e))),
    };
    db.write(move |tx| {
        // The key is compared in constant time there; a missing header is an empty key,
        // which matches nothing.
        let key = req.access_key.as_deref().unwrap_or("");
        let Some(dossier) = crate::dossiers::store::fee_due(tx, &code, key, now)? else {
            return Ok(Err(PaymentError::DossierNotFound));
        };
        if matches!(dossier.state, DossierState::Rejected { .. }) {
            return Ok(Err(PaymentError::DossierRejected));
        }
        if dossier.fee_total_vnd <= 0 {
            return Ok(Err(PaymentError::NothingDue));
        }
        if dossier.payment.status == DossierPaymentStatus::Paid {
            return Ok(Err(PaymentError::AlreadyPaid));
        }
        let intent = PaymentIntent {
            txn_ref: txn_ref.clone(),
            amount_vnd: dossier.fee_total_vnd,
            description: plain_order_info(&format!(
                "Le phi ho so {} - {}",
                dossier.code, dossier.procedure_name
            )),
            locale: Locale::Vn,
            return_url,
            client_ip: req.client_ip.to_string(),
            created_at: created,
            expires_at: expires,
        };
        let redirect = match gateway.redirect(&intent, &req.origin) {
            Ok(r) => r,
            Err(e) => return Ok(Err(e.into())),
        };
        store::insert_pending(
            tx,
            &store::NewPayment {
                txn_ref: &txn_ref,
                dossier_code: &dossier.code,
                amount_vnd: dossier.fee_total_vnd,
                created_at: now,
                expires_at: expires_unix,
            },
        )?;
        tracing::info!(
            txn_ref = %txn_ref,
            dossier = %dossier.code,
            amount_vnd = dossier.fee_total_vnd,
            gateway = gateway.name(),
            "payment started"
        );
        Ok(Ok(PaymentCreated {
            txn_ref,
            redirect_url: redirect.url,
            amount_vnd: dossier.fee_total_vnd,
            expires_at: rfc3339_vn(expires_unix),
        }))
    })
    .await
}

/// Handles one IPN query string: verify, look up, decide ([`ipn_decision`]) and record,
/// all in one write transaction, so a replayed or concurrent IPN sees the first one's
/// result and answers `02` instead of applying it twice. Never fails: a database error
/// answers `99`, which makes VNPay retry later.
pub async fn handle_ipn(db: &Db, gateway: &dyn PaymentGateway, query: &str) -> IpnAnswer {
    let verified = gateway.verify_callback(query);
    let has_ref = verified
        .as_ref()
        .is_ok_and(|p| p.get("vnp_TxnRef").is_some_and(|r| !r.is_empty()));
    if !has_ref {
        // Unsigned, forged or without a reference: answered (97 or 01) without taking
        // the writer, so a flood of junk notifications cannot hold up real writes.
        let answer = ipn_decision(verified, None);
        tracing::info!(rsp_code = answer.code.as_str(), "payment IPN refused");
        return answer;
    }
    let outcome = db
        .write(move |tx| {
            let stored = match verified.as_ref().ok().and_then(|p| p.get("vnp_TxnRef")) {
                Some(r) if !r.is_empty() => store::find(tx, r)?,
                _ => None,
            };
            let stored_payment = stored.as_ref().map(|row| StoredPayment {
                amount_vnd: row.amount_vnd,
                completed: row.status != PaymentStatusKind::Pending.as_str(),
            });
            let params = verified.as_ref().ok().cloned();
            let answer = ipn_decision(verified, stored_payment);
            if let (Some(settlement), Some(params), Some(row)) =
                (&answer.settlement, params, stored.as_ref())
            {
                let now = now_unix();
                if !store::record_settlement(tx, settlement, &params, now)? {
                    // Cannot happen inside this transaction (the row was pending a moment
                    // ago); refuse rather than claim a result was recorded.
                    return Ok(Err(()));
                }
                let paid = if settlement.outcome.is_paid() {
                    store::paid_count(tx, &row.dossier_code)?
                } else {
                    0
                };
                if paid == 1 {
                    // The funnel counts dossiers paid, so only the first verified payment
                    // of a dossier; a replayed IPN never gets here (no longer pending).
                    crate::stats::count_for_dossier(
                        tx,
                        &row.dossier_code,
                        domain::stats::FunnelEvent::Paid,
                        crate::dossiers::vn_date(now),
                    )?;
                }
                if paid > 1 {
                    // Two attempts were open and both were paid: money was taken twice.
                    // Recorded as it happened; staff must refund one.
                    tracing::warn!(
                        dossier = %row.dossier_code,
                        txn_ref = %row.txn_ref,
                        "dossier paid more than once; a refund is due"
                    );
                }
            }
            Ok(Ok(answer))
        })
        .await;
    let answer = match outcome {
        Ok(Ok(answer)) => answer,
        Ok(Err(())) => IpnAnswer {
            code: IpnCode::Unknown,
            settlement: None,
        },
        Err(e) => {
            tracing::error!(error = %e, "IPN could not be recorded");
            IpnAnswer {
                code: IpnCode::Unknown,
                settlement: None,
            }
        }
    };
    tracing::info!(
        rsp_code = answer.code.as_str(),
        outcome = ?answer.settlement.as_ref().map(|s| &s.outcome),
        txn_ref = answer.settlement.as_ref().map(|s| s.txn_ref.as_str()),
        "payment IPN"
    );
    answer
}

fn messages(row: &store::PaymentRow, status: PaymentStatusKind) -> (&'static str, &'static str) {
    let outcome = match status {
        PaymentStatusKind::Pending => {
            return (
                "Đang chờ kết quả từ cổng thanh toán. Nếu bạn đã thanh toán, kết quả sẽ được cập nhật trong giây lát.",
                "Waiting for the payment gateway's result. If you have paid, it will show here shortly.",
            )
        }
        PaymentStatusKind::Paid => PaymentOutcome::Paid,
        PaymentStatusKind::Cancelled => PaymentOutcome::Cancelled,
        PaymentStatusKind::Expired => PaymentOutcome::Expired,
        // The stored response code gives the reason ("" status: any failure code reads
        // the same whatever the transaction status was).
        PaymentStatusKind::Failed => {
            PaymentOutcome::from_vnpay(row.response_code.as_deref().unwrap_or(""), "")
        }
    };
    (outcome.message_vi(), outcome.message_en())
}

/// The verified state of one payment as the API shows it.
pub fn view_of(row: &store::PaymentRow, now: i64) -> PaymentView {
    let status = row.effective_status(now);
    let (vi, en) = messages(row, status);
    PaymentView {
        txn_ref: row.txn_ref.clone(),
        dossier_code: row.dossier_code.clone(),
        amount_vnd: row.amount_vnd,
        status,
        method: row.method.clone(),
        bank_code: row.bank_code.clone(),
        gateway_txn_no: row.gateway_txn_no.clone(),
        paid_at: row.paid_at.map(rfc3339_vn),
        created_at: rfc3339_vn(row.created_at),
        message_vi: vi.to_owned(),
        message_en: en.to_owned(),
    }
}

/// `GET /api/v1/payments/{txn_ref}`.
pub async fn view(db: &Db, txn_ref: String) -> Result<Result<PaymentView, PaymentError>, DbError> {
    if !looks_like_txn_ref(&txn_ref) {
        return Ok(Err(PaymentError::PaymentNotFound));
    }
    let row = db.read(move |c| store::find(c, &txn_ref)).await?;
    Ok(row
        .map(|r| view_of(&r, now_unix()))
        .ok_or(PaymentError::PaymentNotFound))
}

/// The `payment` block of a dossier's status (contract endpoint 2), for the dossier
/// endpoints: `not_required` when nothing is due online, `paid` when any attempt was
/// paid, `pending` while the latest attempt waits for the gateway (and has not expired),
/// `unpaid` otherwise (never tried, failed, cancelled or expired: a retry is allowed).
pub fn dossier_payment(
    conn: &rusqlite::Connection,
    dossier_code: &str,
    fee_total_vnd: i64,
    now: i64,
) -> rusqlite::Result<DossierPayment> {
    if fee_total_vnd <= 0 {
        return Ok(DossierPayment {
            status: DossierPaymentStatus::NotRequired,
            amount_vnd: 0,
            txn_ref: None,
            paid_at: None,
        });
    }
    let current = store::current_for_dossier(conn, dossier_code)?;
    let (status, txn_ref, paid_at) = match &current {
        Some(row) => match row.effective_status(now) {
            PaymentStatusKind::Paid => (
                DossierPaymentStatus::Paid,
                Some(row.txn_ref.clone()),
                row.paid_at.map(rfc3339_vn),
            ),
            PaymentStatusKind::Pending => (
                DossierPaymentStatus::Pending,
                Some(row.txn_ref.clone()),
                None,
            ),
            _ => (
                DossierPaymentStatus::Unpaid,
                Some(row.txn_ref.clone()),
                None,
            ),
        },
        None => (DossierPaymentStatus::Unpaid, None, None),
    };
    Ok(DossierPayment {
        status,
        amount_vnd: fee_total_vnd,
        txn_ref,
        paid_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txn_refs_are_dated_random_and_vnpay_safe() {
        let now = VnDateTime::parse_vnpay("20250101093000").unwrap();
        let a = new_txn_ref(now).unwrap();
        let b = new_txn_ref(now).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 28);
        assert!(a.starts_with("20250101"));
        assert!(looks_like_txn_ref(&a));
    }

    #[test]
    fn return_paths_must_stay_on_this_origin() {
        for ok in ["/thanh-toan/ket-qua", "/ho-so/X?tab=1&a=%20"] {
            assert!(is_same_origin_path(ok), "{ok}");
        }
        for bad in [
            "",
            "thanh-toan",
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example/",
            "/a b",
            "/a#b",
            "/a@b",
            "/\u{0}",
            "/ø",
        ] {
            assert!(!is_same_origin_path(bad), "{bad:?}");
        }
        assert!(!is_same_origin_path(&format!("/{}", "a".repeat(200))));
    }

    #[test]
    fn hosts_must_be_plain() {
        for ok in [
            "127.0.0.1:8080",
            "localhost",
            "dichvucong.example.vn",
            "[::1]:3000",
            "[::1]",
        ] {
            assert!(is_plain_host(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.example/x",
            "a@b",
            "a b",
            "host:",
            "host:99999",
            "host:80:80",
            "[::1",
            "[::1]x",
            "[zz]:1",
            "host:8a",
        ] {
            assert!(!is_plain_host(bad), "{bad:?}");
        }
    }
}
