//! The sandbox payment gateway's pages (`/sandbox/gateway/…`), server-rendered HTML
//! plainly marked as a test gateway. They stand in for VNPay's hosted payment page:
//!
//! - `GET /sandbox/gateway/pay?vnp_…` checks the merchant's signed link as VNPay would
//!   (signature, terminal, expiry) and shows merchant, dossier and amount, a choice of
//!   method and three outcome buttons. "Timeout" is the payer leaving the page: nothing
//!   is sent and the attempt expires after [`super::PAYMENT_TTL_MINUTES`].
//! - `POST /sandbox/gateway/pay` builds the gateway's signed result, delivers it as the
//!   IPN and then sends the browser to `vnp_ReturnUrl` with the same signed parameters.
//!
//! The IPN is delivered in-process: the sandbox runs inside the portal, so instead of an
//! HTTP request to `/api/v1/payments/vnpay-ipn` it calls [`super::handle_ipn`], the very
//! function that endpoint calls, with the signed query string. Verification, amount and
//! replay checks are the same; only the socket is skipped (a real gateway's IPN arrives
//! over HTTP and reaches the same function through the endpoint).
//!
//! No script (the CSP forbids inline script anyway); the look comes from a small
//! stylesheet served at `/sandbox/gateway/style.css`, which `style-src 'self'` allows.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::fee::format_vnd;
use domain::payment::{Params, VnDateTime};
use std::sync::Arc;

use super::gateway::{
    RequestCheckError, SandboxRequest, VnpaySandbox, SANDBOX_MERCHANT_NAME, SANDBOX_PAY_PATH,
    SANDBOX_TMN_CODE,
};
use super::handle_ipn;
use crate::dossiers::{escape_html as esc, now_unix, vn_time};
use crate::state::AppState;
use crate::static_files::PlainErrorBody;

pub const STYLESHEET_PATH: &str = "/sandbox/gateway/style.css";

/// The gateway's routes, relative to `/sandbox` (merged into [`crate::sandbox::router`]).
pub fn router() -> Router<AppState> {
    let relative = |p: &'static str| p.strip_prefix("/sandbox").unwrap_or(p);
    Router::new()
        .route(relative(SANDBOX_PAY_PATH), get(pay_page).post(pay_submit))
        .route(relative(STYLESHEET_PATH), get(stylesheet))
}

/// A way to pay, as the payer picks it on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Method {
    /// Form value and the recorded `vnp_CardType` (so the app's label for it is stable).
    pub code: &'static str,
    pub label_vi: &'static str,
    pub label_en: &'static str,
    /// `vnp_BankCode` the sandbox reports for it.
    pub bank_code: &'static str,
}

pub const METHODS: [Method; 4] = [
    Method {
        code: "ATM",
        label_vi: "Thẻ ATM nội địa",
        label_en: "Domestic ATM card",
        bank_code: "NCB",
    },
    Method {
        code: "INTCARD",
        label_vi: "Thẻ quốc tế",
        label_en: "International card",
        bank_code: "VISA",
    },
    Method {
        code: "VNPAYQR",
        label_vi: "QR ngân hàng",
        label_en: "Bank QR code",
        bank_code: "VNPAYQR",
    },
    Method {
        code: "VNPAYEWALLET",
        label_vi: "Ví điện tử",
        label_en: "E-wallet",
        bank_code: "VNPAYEWALLET",
    },
];

/// What the payer chose to happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// Refused by the bank: VNPay `51`, insufficient balance.
    Failure,
    /// Cancelled by the payer: VNPay `24`.
    Cancel,
}

impl Outcome {
    fn parse(s: &str) -> Option<Outcome> {
        match s {
            "success" => Some(Outcome::Success),
            "failure" => Some(Outcome::Failure),
            "cancel" => Some(Outcome::Cancel),
            _ => None,
        }
    }

    /// `vnp_ResponseCode`, `vnp_TransactionStatus`.
    fn vnpay_codes(self) -> (&'static str, &'static str) {
        match self {
            Outcome::Success => ("00", "00"),
            Outcome::Failure => ("51", "02"),
            Outcome::Cancel => ("24", "02"),
        }
    }
}

/// The gateway's result parameters for `req`, unsigned. VNPay reports transaction
/// number 0 for a cancelled payment; otherwise `txn_no` is the gateway's own number.
pub fn result_params(
    req: &SandboxRequest,
    outcome: Outcome,
    method: Method,
    paid_at: VnDateTime,
    txn_no: u32,
) -> Params {
    let (response, status) = outcome.vnpay_codes();
    let txn_no = match outcome {
        Outcome::Cancel => "0".to_owned(),
        _ => txn_no.to_string(),
    };
    let mut p = Params::new();
    p.insert("vnp_Amount", req.amount.get().to_string());
    p.insert("vnp_BankCode", method.bank_code);
    if outcome == Outcome::Success {
        p.insert("vnp_BankTranNo", format!("VNP{txn_no}"));
    }
    p.insert("vnp_CardType", method.code);
    p.insert("vnp_OrderInfo", req.order_info.as_str());
    p.insert("vnp_PayDate", paid_at.to_vnpay());
    p.insert("vnp_ResponseCode", response);
    p.insert("vnp_TmnCode", SANDBOX_TMN_CODE);
    p.insert("vnp_TransactionNo", txn_no);
    p.insert("vnp_TransactionStatus", status);
    p.insert("vnp_TxnRef", req.txn_ref.as_str());
    p
}

/// `HH:MM:SS dd/mm/yyyy`, as Vietnamese payment pages write times.
fn vn_display(t: VnDateTime) -> String {
    let (h, m, s) = t.hms();
    let d = t.date();
    format!(
        "{h:02}:{m:02}:{s:02} {:02}/{:02}/{:04}",
        d.day(),
        d.month(),
        d.year()
    )
}

fn html_page(status: StatusCode, title: &str, main: &str) -> Response {
    let body = format!(
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"robots\" content=\"noindex\">\n\
<title>{title} — SANDBOX</title>\n<link rel=\"stylesheet\" href=\"{STYLESHEET_PATH}\">\n</head>\n\
<body>\n<header class=\"sandbox-banner\" role=\"banner\"><strong>SANDBOX</strong> · Cổng thanh toán thử nghiệm — \
không có giao dịch tiền thật <span lang=\"en\">(test payment gateway — no real money moves)</span></header>\n\
<main>\n{main}\n</main>\n</body>\n</html>\n",
        title = esc(title),
    );
    let mut response = (status, body).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // Each page carries a one-off signed link or a result: never reuse one from a cache.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Deliberate HTML error pages: the API's JSON error shape is for API clients.
    response.extensions_mut().insert(PlainErrorBody);
    response
}

fn refusal(status: StatusCode, vi: &str, en: &str) -> Response {
    html_page(
        status,
        "Không thể thanh toán",
        &format!(
            "<h1>Không thể thực hiện giao dịch</h1>\n<p class=\"error\" id=\"gateway-error\">{}</p>\n\
<p class=\"error\" lang=\"en\">{}</p>\n<p><a href=\"/\">Về Cổng Dịch vụ công</a></p>",
            esc(vi),
            esc(en)
        ),
    )
}

fn check_refusal(e: &RequestCheckError) -> Response {
    let status = match e {
        RequestCheckError::Expired { .. } => StatusCode::GONE,
        _ => StatusCode::BAD_REQUEST,
    };
    refusal(status, &e.message_vi(), &e.message_en())
}

fn sandbox_of(state: &AppState) -> Option<Arc<VnpaySandbox>> {
    state.payments.sandbox.clone()
}

fn not_enabled() -> Response {
    refusal(
        StatusCode::NOT_FOUND,
        "Cổng thanh toán thử nghiệm không được bật trên máy chủ này.",
        "The sandbox payment gateway is not enabled on this server.",
    )
}

/// `GET /sandbox/gateway/pay?vnp_…`: the payment page.
pub async fn pay_page(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let Some(sandbox) = sandbox_of(&state) else {
        return not_enabled();
    };
    let now = vn_time(now_unix());
    let query = query.unwrap_or_default();
    let req = match sandbox.verify_request(&query, now) {
        Ok(r) => r,
        Err(e) => return check_refusal(&e),
    };
    let methods: String = METHODS
        .iter()
        .enumerate()
        .map(|(i, m)| {
            format!(
                "<label class=\"method\" for=\"method-{code}\"><input type=\"radio\" id=\"method-{code}\" \
name=\"method\" value=\"{code}\"{checked}> {vi} <span lang=\"en\">({en})</span></label>\n",
                code = esc(m.code),
                vi = esc(m.label_vi),
                en = esc(m.label_en),
                checked = if i == 0 { " checked" } else { "" },
            )
        })
        .collect();
    let main = format!(
        "<h1>Thanh toán trực tuyến</h1>\n\
<dl class=\"order\">\n\
<dt>Đơn vị chấp nhận thanh toán</dt><dd id=\"merchant\">{merchant} ({tmn})</dd>\n\
<dt>Nội dung (hồ sơ)</dt><dd id=\"order-info\">{order}</dd>\n\
<dt>Mã giao dịch</dt><dd id=\"txn-ref\">{txn}</dd>\n\
<dt>Số tiền</dt><dd id=\"amount\" class=\"amount\">{amount}</dd>\n\
<dt>Hiệu lực đến</dt><dd id=\"expires\">{expires}</dd>\n\
</dl>\n\
<form method=\"post\" action=\"{action}\" id=\"pay-form\">\n\
<input type=\"hidden\" name=\"request\" id=\"request\" value=\"{request}\">\n\
<fieldset>\n<legend>Phương thức thanh toán</legend>\n{methods}</fieldset>\n\
<fieldset>\n<legend>Kết quả giả lập <span lang=\"en\">(simulated outcome)</span></legend>\n\
<button type=\"submit\" name=\"outcome\" value=\"success\" id=\"outcome-success\" class=\"ok\">Thanh toán thành công</button>\n\
<button type=\"submit\" name=\"outcome\" value=\"failure\" id=\"outcome-failure\" class=\"fail\">Thanh toán thất bại (không đủ số dư)</button>\n\
<button type=\"submit\" name=\"outcome\" value=\"cancel\" id=\"outcome-cancel\">Hủy giao dịch</button>\n\
</fieldset>\n</form>\n\
<p class=\"hint\">Muốn thử trường hợp hết thời gian chờ: chỉ cần rời trang này; giao dịch hết hạn sau 15 phút.\n\
<span lang=\"en\">To try a timeout, just leave this page; the payment expires after 15 minutes.</span></p>",
        merchant = esc(SANDBOX_MERCHANT_NAME),
        tmn = esc(SANDBOX_TMN_CODE),
        order = esc(&req.order_info),
        txn = esc(&req.txn_ref),
        amount = esc(&format_vnd(req.amount.vnd())),
        expires = esc(&vn_display(req.expires_at)),
        action = SANDBOX_PAY_PATH,
        request = esc(&query),
    );
    html_page(StatusCode::OK, "Cổng thanh toán thử nghiệm", &main)
}

/// The fields of the page's form.
#[derive(Debug, Default)]
struct Submission {
    request: Option<String>,
    method: Option<String>,
    outcome: Option<String>,
}

fn parse_submission(body: &[u8]) -> Result<Submission, String> {
    let mut s = Submission::default();
    for (k, v) in form_urlencoded::parse(body) {
        let slot = match k.as_ref() {
            "request" => &mut s.request,
            "method" => &mut s.method,
            "outcome" => &mut s.outcome,
            _ => continue,
        };
        if slot.replace(v.into_owned()).is_some() {
            return Err(k.into_owned());
        }
    }
    Ok(s)
}

/// `POST /sandbox/gateway/pay`: settle as the payer chose, notify the portal, return.
pub async fn pay_submit(State(state): State<AppState>, body: Bytes) -> Response {
    let Some(sandbox) = sandbox_of(&state) else {
        return not_enabled();
    };
    let now = vn_time(now_unix());
    let form = match parse_submission(&body) {
        Ok(f) => f,
        Err(field) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                &format!("Trường {} xuất hiện nhiều lần.", super::clip(&field)),
                &format!("Field {} appears more than once.", super::clip(&field)),
            )
        }
    };
    let req = match sandbox.verify_request(form.request.as_deref().unwrap_or(""), now) {
        Ok(r) => r,
        Err(e) => return check_refusal(&e),
    };
    let Some(outcome) = form.outcome.as_deref().and_then(Outcome::parse) else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "Hãy chọn một kết quả: thành công, thất bại hoặc hủy.",
            "Choose an outcome: success, failure or cancel.",
        );
    };
    let method = form
        .method
        .as_deref()
        .and_then(|m| METHODS.iter().find(|x| x.code == m));
    let method = match (method, outcome) {
        (Some(m), _) => *m,
        // Cancelling needs no method; the first one stands in for the record.
        (None, Outcome::Cancel) => METHODS[0],
        (None, _) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                "Hãy chọn phương thức thanh toán.",
                "Choose a payment method.",
            )
        }
    };
    let txn_no = match getrandom::u32() {
        Ok(n) => 10_000_000 + n % 90_000_000,
        Err(e) => {
            tracing::error!(error = %e, "no randomness for a sandbox transaction number");
            return refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Cổng thanh toán thử nghiệm gặp lỗi. Vui lòng thử lại.",
                "The sandbox gateway failed. Please try again.",
            );
        }
    };
    let signed = sandbox.signed_query(&result_params(&req, outcome, method, now, txn_no));
    // The server-to-server notification first, as VNPay does, so the return page finds
    // the result already recorded. Whatever the portal answers, the payer is sent back:
    // the return page reads the portal's verified state, not these parameters.
    let answer = handle_ipn(&state.db, state.payments.gateway.as_ref(), &signed).await;
    if answer.code.as_str() != "00" {
        tracing::warn!(
            txn_ref = %req.txn_ref,
            rsp_code = answer.code.as_str(),
            "sandbox gateway: portal did not confirm the IPN"
        );
    }
    let sep = if req.return_url.contains('?') {
        '&'
    } else {
        '?'
    };
    let location = format!("{}{sep}{signed}", req.return_url);
    let Ok(location) = HeaderValue::from_str(&location) else {
        // verify_request admits only printable ASCII return URLs and the signed query is
        // percent-encoded, so this is not expected; refuse rather than panic.
        return check_refusal(&RequestCheckError::BadReturnUrl);
    };
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(header::LOCATION, location);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

const STYLESHEET: &str = "\
:root { color-scheme: light; font-family: system-ui, sans-serif; }
body { margin: 0; background: #f4f6f8; color: #1b1f23; }
.sandbox-banner { background: #b00020; color: #fff; padding: .6rem 1rem; font-size: .95rem; }
main { max-width: 36rem; margin: 1.5rem auto; background: #fff; padding: 1.25rem 1.5rem;
  border-radius: .5rem; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
h1 { font-size: 1.35rem; margin-top: 0; }
dl.order { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; }
dt { color: #555; } dd { margin: 0; font-weight: 600; word-break: break-word; }
.amount { font-size: 1.3rem; color: #0a5; }
fieldset { border: 1px solid #ccd; border-radius: .4rem; margin: 1rem 0; }
.method { display: block; padding: .3rem 0; }
button { font: inherit; margin: .3rem .4rem .3rem 0; padding: .55rem .9rem; border-radius: .35rem;
  border: 1px solid #889; background: #eef; cursor: pointer; }
button.ok { background: #0a5; color: #fff; border-color: #084; }
button.fail { background: #fbe9e7; }
.error { color: #b00020; }
.hint { color: #555; font-size: .9rem; }
";

/// `GET /sandbox/gateway/style.css`.
pub async fn stylesheet() -> Response {
    let mut response = STYLESHEET.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_read_once() {
        let s = parse_submission(b"request=vnp_A%3D1&method=ATM&outcome=success&x=1").unwrap();
        assert_eq!(s.request.as_deref(), Some("vnp_A=1"));
        assert_eq!(s.method.as_deref(), Some("ATM"));
        assert_eq!(s.outcome.as_deref(), Some("success"));
        assert!(parse_submission(b"outcome=success&outcome=cancel").is_err());
    }
}
