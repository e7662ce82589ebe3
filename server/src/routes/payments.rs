//! Fee payment endpoints: start an attempt for a dossier, the gateway's IPN, and the
//! verified state of an attempt. The logic lives in [`crate::payments`].

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::dossier::api::{PaymentCreated, PaymentStart, PaymentView, DOSSIER_KEY};
use domain::ApiError;

use crate::error::AppError;
use crate::payments::{self, StartRequest};
use crate::routes::registry::ClientIp;
use crate::routes::ApiPath;
use crate::state::AppState;
use super::no_store;

/// Starts a fee payment for a dossier and returns where to send the payer. Each call
/// is a new attempt with its own reference; one that failed, was cancelled or expired
/// can be followed by another, a paid dossier cannot be paid again.
#[utoipa::path(
    post,
    path = "/api/v1/dossiers/{code}/payments",
    tag = "payments",
    params(
        ("code" = String, Path, description = "Dossier code"),
        ("X-Dossier-Key" = String, Header, description = "The dossier's access key from its receipt"),
    ),
    request_body(content = PaymentStart, content_type = "application/json"),
    responses(
        (status = 201, description = "Payment started: send the browser to `redirect_url` (signed, VNPay 2.1.0 style; valid 15 minutes)", body = PaymentCreated),
        (status = 400, description = "Malformed body, a `return_path` that is not a same-origin path, or a bad Host header", body = ApiError),
        (status = 404, description = "Unknown dossier code or wrong access key (the same answer for both)", body = ApiError),
        (status = 409, description = "Already paid, nothing due online, or the dossier was rejected (`conflict`)", body = ApiError),
    )
)]
pub async fn start_payment(
    State(state): State<AppState>,
    ClientIp(client_ip): ClientIp,
    ApiPath(code): ApiPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let start = payments::parse_start(&body)?;
    let origin = payments::origin_from_host(&headers)?;
    let access_key = headers
        .get(DOSSIER_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let created = payments::start(
        &state.db,
        state.payments.gateway.clone(),
        StartRequest {
            dossier_code: code,
            access_key,
            return_path: start.return_path,
            origin,
            client_ip,
        },
    )
    .await??;
    Ok(no_store(
        (StatusCode::CREATED, Json(created)).into_response(),
    ))
}

// For the OpenAPI document only: `domain::payment::IpnAnswer` writes this body.
/// VNPay's answer to a notification.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct IpnReply {
    /// `00`, `01`, `02`, `04`, `97` or `99`.
    #[schema(rename = "RspCode", example = "00")]
    rsp_code: String,
    #[schema(rename = "Message", example = "Confirm Success")]
    message: String,
}

/// The gateway's server-to-server notification (VNPay IPN). Always 200 with VNPay's
/// `{"RspCode","Message"}`: `00` recorded, `01` unknown reference, `02` already
/// recorded, `04` amount differs, `97` bad signature, `99` anything else. Only a
/// verified IPN changes a payment.
#[utoipa::path(
    get,
    path = "/api/v1/payments/vnpay-ipn",
    tag = "payments",
    // Each parameter is optional: a notification missing any of them is still answered
    // 200 (`97`, bad checksum), as VNPay expects, never refused.
    params(
        ("vnp_TmnCode" = Option<String>, Query, description = "Merchant terminal code"),
        ("vnp_Amount" = Option<String>, Query, description = "Amount × 100, in VND"),
        ("vnp_BankCode" = Option<String>, Query, description = "Bank or wallet used"),
        ("vnp_BankTranNo" = Option<String>, Query, description = "The bank's transaction number"),
        ("vnp_CardType" = Option<String>, Query, description = "Payment method (ATM, QRCODE, …)"),
        ("vnp_OrderInfo" = Option<String>, Query, description = "Order description from the start"),
        ("vnp_PayDate" = Option<String>, Query, description = "`yyyyMMddHHmmss`, GMT+7"),
        ("vnp_ResponseCode" = Option<String>, Query, description = "`00` on success"),
        ("vnp_TransactionNo" = Option<String>, Query, description = "The gateway's transaction number"),
        ("vnp_TransactionStatus" = Option<String>, Query, description = "`00` on success"),
        ("vnp_TxnRef" = Option<String>, Query, description = "The portal's reference (`txn_ref`)"),
        ("vnp_SecureHashType" = Option<String>, Query, description = "`HmacSHA512`; not part of the signed data"),
        ("vnp_SecureHash" = Option<String>, Query, description = "HMAC-SHA512 of the other `vnp_*` parameters, sorted"),
    ),
    responses(
        (status = 200, description = "VNPay answer, e.g. `{\"RspCode\":\"00\",\"Message\":\"Confirm Success\"}`", body = inline(IpnReply)),
    )
)]
pub async fn vnpay_ipn(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let answer = payments::handle_ipn(&state.db, state.payments.gateway.as_ref(), &query).await;
    no_store(Json(answer).into_response())
}

/// The portal's verified state of one payment attempt, for the app's return page and
/// reconciliation. Never the gateway's redirect parameters: a pending attempt past its
/// expiry reads `expired`.
#[utoipa::path(
    get,
    path = "/api/v1/payments/{txn_ref}",
    tag = "payments",
    params(("txn_ref" = String, Path, description = "Transaction reference from the start answer")),
    responses(
        (status = 200, description = "The payment", body = PaymentView),
        (status = 404, description = "No payment with this reference (`not_found`)", body = ApiError),
    )
)]
pub async fn payment(
    State(state): State<AppState>,
    ApiPath(txn_ref): ApiPath<String>,
) -> Result<Response, AppError> {
    let view = payments::view(&state.db, txn_ref).await??;
    Ok(no_store(Json(view).into_response()))
}
