//! Gateway-neutral data: what the portal asks a gateway to collect ([`PaymentIntent`]),
//! where the citizen is sent ([`Redirect`]), and what a verified callback says
//! ([`Settlement`]); plus the VNPay mapping of each.

use super::canonical::Params;
use super::outcome::PaymentOutcome;
use super::request::{AmountError, Locale, PaymentRequest, RequestError, VnpAmount, VnpayConfig};
use super::signature::{verify_query, SignatureError};
use super::time::VnDateTime;
use serde::{Deserialize, Serialize};

/// One attempt to collect a fee. `txn_ref` must be unique per attempt: a retry after a
/// failed payment gets a new reference (gateways refuse a reused one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentIntent {
    pub txn_ref: String,
    pub amount_vnd: i64,
    /// Shown on the gateway's page and the bank statement; for VNPay, pass it through
    /// [`super::canonical::plain_order_info`].
    pub description: String,
    pub locale: Locale,
    /// Where the gateway sends the browser back.
    pub return_url: String,
    pub client_ip: String,
    pub created_at: VnDateTime,
    pub expires_at: VnDateTime,
}

/// Where to send the citizen's browser to pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Redirect {
    pub txn_ref: String,
    pub url: String,
}

/// What a verified gateway callback (IPN or return URL) reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    pub txn_ref: String,
    /// Amount the gateway reports, in whole đồng.
    pub amount_vnd: i64,
    pub outcome: PaymentOutcome,
    /// The gateway's own transaction number (`vnp_TransactionNo`), for reconciliation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_txn_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_code: Option<String>,
    /// When the customer paid, GMT+7 (`vnp_PayDate`), if the gateway says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<VnDateTime>,
}

/// A signed callback whose content cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    #[error("callback has no {0}")]
    Missing(&'static str),
    #[error(transparent)]
    Amount(#[from] AmountError),
}

/// Why a return-URL callback is not shown as a result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReturnError {
    #[error(transparent)]
    Signature(#[from] SignatureError),
    #[error(transparent)]
    Callback(#[from] CallbackError),
}

impl PaymentIntent {
    /// The VNPay request for this intent (`vnp_OrderType` `other`, no preselected bank).
    pub fn to_vnpay(&self, tmn_code: &str) -> Result<PaymentRequest, AmountError> {
        Ok(PaymentRequest {
            tmn_code: tmn_code.to_owned(),
            amount: VnpAmount::from_vnd(self.amount_vnd)?,
            txn_ref: self.txn_ref.clone(),
            order_info: self.description.clone(),
            order_type: "other".to_owned(),
            locale: self.locale,
            return_url: self.return_url.clone(),
            ip_addr: self.client_ip.clone(),
            create_date: self.created_at,
            expire_date: self.expires_at,
            bank_code: None,
        })
    }
}

/// Signed VNPay redirect for `intent`.
pub fn vnpay_redirect(
    intent: &PaymentIntent,
    config: &VnpayConfig,
) -> Result<Redirect, RequestError> {
    let url = intent
        .to_vnpay(&config.tmn_code)?
        .signed_url(&config.pay_url, &config.hash_secret)?;
    Ok(Redirect {
        txn_ref: intent.txn_ref.clone(),
        url,
    })
}

impl Settlement {
    /// Reads verified VNPay parameters. Only signed parameters should reach this: get
    /// them from [`super::signature::verify_query`].
    pub fn from_vnpay(params: &Params) -> Result<Settlement, CallbackError> {
        let required = |k: &'static str| {
            params
                .get(k)
                .filter(|v| !v.is_empty())
                .ok_or(CallbackError::Missing(k))
        };
        let optional = |k: &str| params.get(k).filter(|v| !v.is_empty()).map(str::to_owned);
        let txn_ref = required("vnp_TxnRef")?.to_owned();
        let amount = VnpAmount::parse(required("vnp_Amount")?)?;
        let response_code = required("vnp_ResponseCode")?;
        // Present in every 2.1.0 callback; read as "not 00" (so never paid) if absent.
        let status = params.get("vnp_TransactionStatus").unwrap_or("");
        Ok(Settlement {
            txn_ref,
            amount_vnd: amount.vnd(),
            outcome: PaymentOutcome::from_vnpay(response_code, status),
            gateway_txn_no: optional("vnp_TransactionNo"),
            bank_code: optional("vnp_BankCode"),
            paid_at: params.get("vnp_PayDate").and_then(VnDateTime::parse_vnpay),
        })
    }
}

/// The return URL path: verify, then read. Shows the citizen a result; never records
/// one (that is the IPN's job, see [`super::ipn::ipn_decision`]).
pub fn vnpay_return(query: &str, config: &VnpayConfig) -> Result<Settlement, ReturnError> {
    let params = verify_query(query, &config.hash_secret)?;
    Ok(Settlement::from_vnpay(&params)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payment::canonical::parse_query;
    use crate::payment::signature::{sign, HashSecret};

    fn config() -> VnpayConfig {
        VnpayConfig {
            tmn_code: "PORTAL01".into(),
            hash_secret: HashSecret::new("TESTSECRET"),
            pay_url: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html".into(),
        }
    }

    #[test]
    fn intent_becomes_signed_vnpay_redirect() {
        let created = VnDateTime::from_unix_seconds(1_735_664_400).unwrap();
        let intent = PaymentIntent {
            txn_ref: "HS250101A1".into(),
            amount_vnd: 50_000,
            description: "Le phi ho tich HS250101".into(),
            locale: Locale::En,
            return_url: "https://dichvucong.example.vn/thanh-toan/ket-qua".into(),
            client_ip: "203.0.113.7".into(),
            created_at: created,
            expires_at: created.add_minutes(15).unwrap(),
        };
        let r = vnpay_redirect(&intent, &config()).unwrap();
        assert_eq!(r.txn_ref, "HS250101A1");
        let q = r.url.split_once('?').unwrap().1;
        let p = parse_query(q).unwrap();
        assert_eq!(p.get("vnp_Amount"), Some("5000000"));
        assert_eq!(p.get("vnp_ExpireDate"), Some("20250101001500"));
        assert_eq!(p.get("vnp_Locale"), Some("en"));
        assert_eq!(p.get("vnp_TmnCode"), Some("PORTAL01"));
        let too_big = PaymentIntent {
            amount_vnd: i64::MAX,
            ..intent
        };
        assert!(matches!(
            vnpay_redirect(&too_big, &config()),
            Err(RequestError::Amount(_))
        ));
    }

    #[test]
    fn return_url_is_verified_then_read() {
        let cfg = config();
        let signed = "vnp_Amount=5000000&vnp_BankCode=NCB&vnp_PayDate=20250101000812&vnp_ResponseCode=24&vnp_TmnCode=PORTAL01&vnp_TransactionNo=0&vnp_TransactionStatus=02&vnp_TxnRef=HS250101A1";
        let q = format!("{signed}&vnp_SecureHash={}", sign(&cfg.hash_secret, signed));
        let s = vnpay_return(&q, &cfg).unwrap();
        assert_eq!(s.outcome, PaymentOutcome::Cancelled);
        assert_eq!((s.txn_ref.as_str(), s.amount_vnd), ("HS250101A1", 50_000));
        assert_eq!(
            s.paid_at.map(VnDateTime::to_vnpay).as_deref(),
            Some("20250101000812")
        );
        let forged = q.replace("vnp_ResponseCode=24", "vnp_ResponseCode=00");
        assert_eq!(
            vnpay_return(&forged, &cfg),
            Err(ReturnError::Signature(SignatureError::Mismatch))
        );
        let no_code = "vnp_Amount=5000000&vnp_TxnRef=X";
        let q = format!(
            "{no_code}&vnp_SecureHash={}",
            sign(&cfg.hash_secret, no_code)
        );
        assert_eq!(
            vnpay_return(&q, &cfg),
            Err(ReturnError::Callback(CallbackError::Missing(
                "vnp_ResponseCode"
            )))
        );
    }
}
