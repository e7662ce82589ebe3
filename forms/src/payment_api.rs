//! The payment API: start a payment for a dossier, and read the portal's verified state of
//! one. The gateway's redirect parameters are never read as the outcome; only
//! `GET /api/v1/payments/{txn_ref}` says whether a payment went through.

use crate::http::{self, HttpError, Reply};
use domain::dossier::api::{PaymentCreated, PaymentStart, PaymentView, DOSSIER_KEY};
use domain::ApiError;

/// Where the gateway sends the payer back; the route [`crate::nav::FormRoute::PaymentReturn`].
pub const RETURN_PATH: &str = "/thanh-toan/ket-qua";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PaymentApiError {
    #[error("offline")]
    Offline,
    /// The request may have reached the server: a started payment is found again by
    /// the next start (the server answers with the pending one) or by reconciliation.
    #[error("timed out")]
    Timeout,
    /// 5xx: the server is in trouble, not the request.
    #[error("the server answered {0}")]
    Server(u16),
    /// 4xx with the server's reason: 404 (unknown dossier or key, unknown reference),
    /// 409 (already paid, nothing due).
    #[error("refused ({status}): {}", .error.error.message_en)]
    Rejected { status: u16, error: Box<ApiError> },
    /// A 2xx body that is not what the API promises.
    #[error("unexpected answer")]
    Decode,
}

impl PaymentApiError {
    /// Worth asking again later (the answer may differ once the network or server is back).
    pub fn is_transient(&self) -> bool {
        matches!(self, PaymentApiError::Offline | PaymentApiError::Timeout | PaymentApiError::Server(_))
    }
}

impl From<HttpError> for PaymentApiError {
    fn from(e: HttpError) -> Self {
        match e {
            HttpError::Offline => PaymentApiError::Offline,
            HttpError::Timeout => PaymentApiError::Timeout,
        }
    }
}

/// `POST /api/v1/dossiers/{code}/payments`: a new payment and the gateway URL to send the
/// payer to.
pub async fn start(code: &str, access_key: &str) -> Result<PaymentCreated, PaymentApiError> {
    let body = PaymentStart { return_path: RETURN_PATH.to_owned() };
    // Serialising a struct of one String cannot fail.
    let body = serde_json::to_string(&body).map_err(|_| PaymentApiError::Decode)?;
    let path = format!("/api/v1/dossiers/{}/payments", segment(code).ok_or_else(unknown)?);
    let reply = http::send("POST", &path, &[(DOSSIER_KEY, access_key)], Some(&body)).await?;
    decode(reply)
}

/// `GET /api/v1/payments/{txn_ref}`: the portal's verified state of one payment.
pub async fn status(txn_ref: &str) -> Result<PaymentView, PaymentApiError> {
    let path = format!("/api/v1/payments/{}", segment(txn_ref).ok_or_else(unknown)?);
    let reply = http::send("GET", &path, &[], None).await?;
    decode(reply)
}

fn decode<T: serde::de::DeserializeOwned>(reply: Reply) -> Result<T, PaymentApiError> {
    match reply.status {
        200..=299 => serde_json::from_str(&reply.body).map_err(|_| PaymentApiError::Decode),
        500.. => Err(PaymentApiError::Server(reply.status)),
        status => Err(PaymentApiError::Rejected { status, error: Box::new(reply.api_error()) }),
    }
}

/// What the server says of a reference it does not know, for one that cannot be sent.
fn unknown() -> PaymentApiError {
    let error = ApiError::new(
        domain::api_error::ErrorCode::NotFound,
        "Không tìm thấy giao dịch thanh toán này.",
        "This payment transaction was not found.",
    );
    PaymentApiError::Rejected { status: 404, error: Box::new(error) }
}

/// A path segment from text that came from the URL or storage: only the characters of
/// dossier codes and transaction references pass as they are, so a crafted
/// `vnp_TxnRef` cannot reach another API path. `None` for an empty or dots-only text,
/// which the URL parser would read as "this" or "parent" directory even when escaped.
pub fn segment(s: &str) -> Option<String> {
    if s.bytes().all(|b| b == b'.') {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn segments_cannot_leave_the_path() {
        assert_eq!(segment("000.00.31.H29-251122-0001-XY").as_deref(), Some("000.00.31.H29-251122-0001-XY"));
        assert_eq!(segment("../dossiers?x=1").as_deref(), Some("..%2Fdossiers%3Fx%3D1"));
        assert_eq!(segment(".."), None);
        assert_eq!(segment(""), None);
    }
}
