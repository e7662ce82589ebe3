//! The payment gateway behind a trait, so the in-process VNPay sandbox can be swapped for
//! a real VNPay terminal or PayGov adapter without touching the endpoints; and the
//! sandbox itself, which plays both sides of VNPay 2.1.0 with one shared hash secret:
//! the merchant's (sign the redirect, verify callbacks) through [`PaymentGateway`], and
//! the gateway's (verify the merchant's request, sign the result) through its own
//! methods, which only the sandbox pages call.

use domain::payment::signature::SECURE_HASH;
use domain::payment::{
    sign, verify_query, vnpay_redirect, AmountError, HashSecret, Params, PaymentIntent,
    PaymentRequest, Redirect, RequestError, SignatureError, VnDateTime, VnpAmount, VnpayConfig,
};

/// Why a gateway would not build a redirect.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The intent breaks the gateway's rules (a field too long, an amount out of range).
    #[error("payment request refused by the gateway's rules: {0}")]
    Request(#[from] RequestError),
}

/// What the portal needs from a payment gateway. All of it is local computation for
/// VNPay (signing and verifying); an adapter that must call its gateway over the network
/// to open a payment would do that before returning the redirect.
pub trait PaymentGateway: Send + Sync + 'static {
    /// Short name for logs, e.g. `vnpay-sandbox`.
    fn name(&self) -> &'static str;

    /// Where to send the citizen's browser to pay for `intent`. `portal_origin` is the
    /// origin the citizen reached the portal at (`http://host:port`): a gateway on its own
    /// host ignores it; the in-process sandbox serves its page there.
    fn redirect(
        &self,
        intent: &PaymentIntent,
        portal_origin: &str,
    ) -> Result<Redirect, GatewayError>;

    /// Verifies a callback query string (IPN or return URL) and returns only the signed
    /// parameters. Nothing unsigned may change a payment.
    fn verify_callback(&self, query: &str) -> Result<Params, SignatureError>;
}

/// The sandbox terminal code (`vnp_TmnCode`), 8 characters like VNPay's.
pub const SANDBOX_TMN_CODE: &str = "PORTAL01";
/// Path of the sandbox gateway's payment page on the portal's own origin.
pub const SANDBOX_PAY_PATH: &str = "/sandbox/gateway/pay";
/// What the sandbox page calls the merchant.
pub const SANDBOX_MERCHANT_NAME: &str = "Cổng Dịch vụ công (thử nghiệm)";

/// A VNPay 2.1.0 look-alike that runs inside the portal. `Debug` hides the secret
/// (through [`HashSecret`]).
#[derive(Debug, Clone)]
pub struct VnpaySandbox {
    secret: HashSecret,
}

impl VnpaySandbox {
    pub fn new(secret: HashSecret) -> VnpaySandbox {
        VnpaySandbox { secret }
    }

    fn config(&self, portal_origin: &str) -> VnpayConfig {
        VnpayConfig {
            tmn_code: SANDBOX_TMN_CODE.to_owned(),
            hash_secret: self.secret.clone(),
            pay_url: format!("{portal_origin}{SANDBOX_PAY_PATH}"),
        }
    }

    /// The gateway's check of a payment request arriving at its page: the merchant's
    /// signature, the terminal, the command and the expiry, as VNPay would check them.
    pub fn verify_request(
        &self,
        query: &str,
        now: VnDateTime,
    ) -> Result<SandboxRequest, RequestCheckError> {
        let params = verify_query(query, &self.secret)?;
        let need = |k: &'static str| {
            params
                .get(k)
                .filter(|v| !v.is_empty())
                .ok_or(RequestCheckError::Missing(k))
        };
        if need("vnp_TmnCode")? != SANDBOX_TMN_CODE {
            return Err(RequestCheckError::UnknownMerchant);
        }
        if need("vnp_Command")? != PaymentRequest::COMMAND
            || need("vnp_Version")? != PaymentRequest::VERSION
            || need("vnp_CurrCode")? != PaymentRequest::CURR_CODE
        {
            return Err(RequestCheckError::Unsupported);
        }
        let amount = VnpAmount::parse(need("vnp_Amount")?)?;
        let expires_at = VnDateTime::parse_vnpay(need("vnp_ExpireDate")?)
            .ok_or(RequestCheckError::Missing("vnp_ExpireDate"))?;
        if expires_at <= now {
            return Err(RequestCheckError::Expired { expires_at });
        }
        let return_url = need("vnp_ReturnUrl")?;
        // The browser is sent there with a Location header: only a plain http(s) URL
        // without spaces or control characters can be one.
        let plain = return_url.bytes().all(|b| b.is_ascii_graphic());
        if !plain || !(return_url.starts_with("http://") || return_url.starts_with("https://")) {
            return Err(RequestCheckError::BadReturnUrl);
        }
        Ok(SandboxRequest {
            txn_ref: need("vnp_TxnRef")?.to_owned(),
            amount,
            order_info: need("vnp_OrderInfo")?.to_owned(),
            return_url: return_url.to_owned(),
            expires_at,
        })
    }

    /// The gateway's signature over its result parameters: the canonical query with
    /// `vnp_SecureHash` appended, ready for an IPN or a return URL.
    pub fn signed_query(&self, params: &Params) -> String {
        let query = params.canonical_query();
        let hash = sign(&self.secret, &query);
        format!("{query}&{SECURE_HASH}={hash}")
    }
}

impl PaymentGateway for VnpaySandbox {
    fn name(&self) -> &'static str {
        "vnpay-sandbox"
    }

    fn redirect(
        &self,
        intent: &PaymentIntent,
        portal_origin: &str,
    ) -> Result<Redirect, GatewayError> {
        Ok(vnpay_redirect(intent, &self.config(portal_origin))?)
    }

    fn verify_callback(&self, query: &str) -> Result<Params, SignatureError> {
        verify_query(query, &self.secret)
    }
}

/// A payment request the sandbox gateway accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxRequest {
    pub txn_ref: String,
    pub amount: VnpAmount,
    pub order_info: String,
    pub return_url: String,
    pub expires_at: VnDateTime,
}

/// Why the sandbox gateway refuses a payment link. Each reads as a page for the payer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestCheckError {
    #[error(transparent)]
    Signature(#[from] SignatureError),
    #[error("payment request has no {0}")]
    Missing(&'static str),
    #[error("unknown terminal code")]
    UnknownMerchant,
    #[error("unsupported command, version or currency")]
    Unsupported,
    #[error(transparent)]
    Amount(#[from] AmountError),
    #[error("payment link expired at {expires_at}")]
    Expired { expires_at: VnDateTime },
    #[error("return URL is not a plain http(s) URL")]
    BadReturnUrl,
}

impl RequestCheckError {
    pub fn message_vi(&self) -> String {
        match self {
            RequestCheckError::Signature(_) => {
                "Liên kết thanh toán không hợp lệ: chữ ký không khớp (liên kết đã bị sửa đổi hoặc không do cổng dịch vụ công tạo ra).".into()
            }
            RequestCheckError::Missing(k) => {
                format!("Liên kết thanh toán thiếu tham số {k}.")
            }
            RequestCheckError::UnknownMerchant => {
                "Mã đơn vị chấp nhận thanh toán không được cổng thử nghiệm hỗ trợ.".into()
            }
            RequestCheckError::Unsupported => {
                "Yêu cầu thanh toán không đúng phiên bản, lệnh hoặc loại tiền được hỗ trợ.".into()
            }
            RequestCheckError::Amount(e) => e.message_vi(),
            RequestCheckError::Expired { .. } => {
                "Liên kết thanh toán đã hết hạn. Vui lòng quay lại cổng dịch vụ công và thực hiện thanh toán lại.".into()
            }
            RequestCheckError::BadReturnUrl => "Địa chỉ quay lại của giao dịch không hợp lệ.".into(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            RequestCheckError::Signature(_) => {
                "Invalid payment link: the signature does not match (the link was altered or not issued by the portal).".into()
            }
            RequestCheckError::Missing(k) => format!("The payment link lacks parameter {k}."),
            RequestCheckError::UnknownMerchant => {
                "The sandbox gateway does not know this merchant terminal.".into()
            }
            RequestCheckError::Unsupported => {
                "The payment request has an unsupported version, command or currency.".into()
            }
            RequestCheckError::Amount(e) => e.message_en(),
            RequestCheckError::Expired { .. } => {
                "The payment link has expired. Please go back to the portal and start the payment again.".into()
            }
            RequestCheckError::BadReturnUrl => "The payment's return address is not valid.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::payment::{parse_query, Locale};

    fn intent(now: VnDateTime) -> PaymentIntent {
        PaymentIntent {
            txn_ref: "20250101ABCDEFGHJKMNPQRSTVWX".into(),
            amount_vnd: 150_000,
            description: "Le phi ho so".into(),
            locale: Locale::Vn,
            return_url: "http://127.0.0.1:8080/thanh-toan/ket-qua".into(),
            client_ip: "127.0.0.1".into(),
            created_at: now,
            expires_at: now.add_minutes(15).unwrap(),
        }
    }

    #[test]
    fn sandbox_accepts_its_own_redirect_and_refuses_tampering_and_expiry() {
        let now = VnDateTime::from_unix_seconds(1_735_664_400).unwrap();
        let gw = VnpaySandbox::new(HashSecret::new("sandbox-test-secret"));
        let r = gw.redirect(&intent(now), "http://127.0.0.1:8080").unwrap();
        let (base, query) = r.url.split_once('?').unwrap();
        assert_eq!(base, "http://127.0.0.1:8080/sandbox/gateway/pay");
        let req = gw.verify_request(query, now).unwrap();
        assert_eq!(req.amount.vnd(), 150_000);
        assert_eq!(req.return_url, "http://127.0.0.1:8080/thanh-toan/ket-qua");
        let tampered = query.replace("vnp_Amount=15000000", "vnp_Amount=100");
        assert!(matches!(
            gw.verify_request(&tampered, now),
            Err(RequestCheckError::Signature(_))
        ));
        let later = now.add_minutes(15).unwrap();
        assert!(matches!(
            gw.verify_request(query, later),
            Err(RequestCheckError::Expired { .. })
        ));
        let other = VnpaySandbox::new(HashSecret::new("another-secret"));
        assert!(other.verify_request(query, now).is_err());
    }

    #[test]
    fn signed_results_verify_as_callbacks() {
        let gw = VnpaySandbox::new(HashSecret::new("sandbox-test-secret"));
        let mut p = Params::new();
        p.insert("vnp_TxnRef", "X1");
        p.insert("vnp_Amount", "100000");
        p.insert("vnp_OrderInfo", "Le phi ho so");
        let q = gw.signed_query(&p);
        assert_eq!(gw.verify_callback(&q).unwrap(), p);
        assert_eq!(parse_query(&q).unwrap().len(), 4);
    }
}
