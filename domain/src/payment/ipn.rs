//! The IPN (server-to-server payment notification): what to record and what to answer
//! VNPay, decided without IO. The server verifies the query, looks up the stored payment
//! by `vnp_TxnRef`, calls [`ipn_decision`], records [`IpnAnswer::settlement`] if there is
//! one, and replies with the answer serialized as JSON.

use super::canonical::Params;
use super::gateway::{CallbackError, Settlement};
use super::request::VnpAmount;
use super::signature::SignatureError;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// What the portal holds for the `vnp_TxnRef` of an IPN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredPayment {
    pub amount_vnd: i64,
    /// A final result (paid or failed) is already recorded. VNPay retries an IPN until
    /// it gets an answer, so a second one for the same payment must change nothing.
    pub completed: bool,
}

/// VNPay's IPN response codes (`RspCode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IpnCode {
    /// `00`: recorded.
    Confirmed,
    /// `01`: no such `vnp_TxnRef`.
    OrderNotFound,
    /// `02`: a result was already recorded.
    AlreadyConfirmed,
    /// `04`: amount differs from what the portal asked for.
    InvalidAmount,
    /// `97`: signature missing or wrong.
    InvalidChecksum,
    /// `99`: anything else.
    Unknown,
}

impl IpnCode {
    pub fn as_str(self) -> &'static str {
        match self {
            IpnCode::Confirmed => "00",
            IpnCode::OrderNotFound => "01",
            IpnCode::AlreadyConfirmed => "02",
            IpnCode::InvalidAmount => "04",
            IpnCode::InvalidChecksum => "97",
            IpnCode::Unknown => "99",
        }
    }

    /// The messages of VNPay's own IPN sample (VNPay reads only `RspCode`; "Unknow" is
    /// their spelling).
    pub fn message(self) -> &'static str {
        match self {
            IpnCode::Confirmed => "Confirm Success",
            IpnCode::OrderNotFound => "Order not found",
            IpnCode::AlreadyConfirmed => "Order already confirmed",
            IpnCode::InvalidAmount => "Invalid amount",
            IpnCode::InvalidChecksum => "Invalid Checksum",
            IpnCode::Unknown => "Unknow error",
        }
    }
}

/// The decision on one IPN. Serializes as VNPay expects the HTTP body:
/// `{"RspCode":"00","Message":"Confirm Success"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpnAnswer {
    pub code: IpnCode,
    /// Present exactly when `code` is [`IpnCode::Confirmed`]: the result to record
    /// (paid or not) and mark the payment completed. Record it before replying `00`.
    pub settlement: Option<Settlement>,
}

impl IpnAnswer {
    fn only(code: IpnCode) -> IpnAnswer {
        IpnAnswer {
            code,
            settlement: None,
        }
    }
}

impl Serialize for IpnAnswer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("IpnAnswer", 2)?;
        st.serialize_field("RspCode", self.code.as_str())?;
        st.serialize_field("Message", self.code.message())?;
        st.end()
    }
}

/// Decides an IPN, in the order of VNPay's sample: checksum (`97`), order (`01`),
/// amount (`04`), already recorded (`02`), then `00` with the settlement to record.
///
/// `stored` is what the server found for the IPN's `vnp_TxnRef` (`None` when not found,
/// or when verification failed and nothing was looked up). A signed IPN that lacks
/// `vnp_TxnRef` answers `01`; one with an unreadable amount `04`; one without
/// `vnp_ResponseCode` `99`.
pub fn ipn_decision(
    verified: Result<Params, SignatureError>,
    stored: Option<StoredPayment>,
) -> IpnAnswer {
    let Ok(params) = verified else {
        return IpnAnswer::only(IpnCode::InvalidChecksum);
    };
    let Some(stored) = stored.filter(|_| params.get("vnp_TxnRef").is_some_and(|r| !r.is_empty()))
    else {
        return IpnAnswer::only(IpnCode::OrderNotFound);
    };
    let amount_matches = params
        .get("vnp_Amount")
        .and_then(|a| VnpAmount::parse(a).ok())
        .is_some_and(|a| a.vnd() == stored.amount_vnd);
    if !amount_matches {
        return IpnAnswer::only(IpnCode::InvalidAmount);
    }
    if stored.completed {
        return IpnAnswer::only(IpnCode::AlreadyConfirmed);
    }
    match Settlement::from_vnpay(&params) {
        Ok(settlement) => IpnAnswer {
            code: IpnCode::Confirmed,
            settlement: Some(settlement),
        },
        Err(CallbackError::Amount(_)) => IpnAnswer::only(IpnCode::InvalidAmount),
        Err(CallbackError::Missing(_)) => IpnAnswer::only(IpnCode::Unknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payment::outcome::{FailureReason, PaymentOutcome};
    use crate::payment::signature::{sign, verify_query, HashSecret};

    const SECRET: &str = "TESTSECRET";

    /// A signed IPN query as VNPay would send it (hash appended, parameters encoded).
    fn ipn(amount: &str, response: &str, status: &str) -> String {
        let data = format!(
            "vnp_Amount={amount}&vnp_BankCode=NCB&vnp_BankTranNo=VNP14226112&vnp_CardType=ATM&vnp_OrderInfo=Le+phi+ho+tich+HS01&vnp_PayDate=20250101001010&vnp_ResponseCode={response}&vnp_TmnCode=PORTAL01&vnp_TransactionNo=14226112&vnp_TransactionStatus={status}&vnp_TxnRef=HS01"
        );
        format!(
            "{data}&vnp_SecureHashType=HmacSHA512&vnp_SecureHash={}",
            sign(&HashSecret::new(SECRET), &data)
        )
    }

    fn decide(query: &str, stored: Option<StoredPayment>) -> IpnAnswer {
        ipn_decision(verify_query(query, &HashSecret::new(SECRET)), stored)
    }

    const OPEN: StoredPayment = StoredPayment {
        amount_vnd: 50_000,
        completed: false,
    };

    #[test]
    fn paid_ipn_is_confirmed_with_settlement() {
        let a = decide(&ipn("5000000", "00", "00"), Some(OPEN));
        assert_eq!(a.code, IpnCode::Confirmed);
        let s = a.settlement.unwrap();
        assert_eq!(s.outcome, PaymentOutcome::Paid);
        assert_eq!((s.txn_ref.as_str(), s.amount_vnd), ("HS01", 50_000));
        assert_eq!(s.gateway_txn_no.as_deref(), Some("14226112"));
    }

    #[test]
    fn failed_payments_are_confirmed_too() {
        let a = decide(&ipn("5000000", "24", "02"), Some(OPEN));
        assert_eq!(a.code, IpnCode::Confirmed);
        assert_eq!(a.settlement.unwrap().outcome, PaymentOutcome::Cancelled);
        let a = decide(&ipn("5000000", "51", "02"), Some(OPEN));
        assert_eq!(
            a.settlement.unwrap().outcome,
            PaymentOutcome::Failed(FailureReason::InsufficientFunds)
        );
    }

    #[test]
    fn tampered_amount_is_invalid_checksum() {
        let q = ipn("5000000", "00", "00").replace("vnp_Amount=5000000", "vnp_Amount=100");
        assert_eq!(
            decide(&q, Some(OPEN)),
            IpnAnswer::only(IpnCode::InvalidChecksum)
        );
    }

    #[test]
    fn missing_hash_is_invalid_checksum() {
        let q = ipn("5000000", "00", "00");
        let unsigned = q.split("&vnp_SecureHashType=").next().unwrap();
        assert_eq!(
            decide(unsigned, Some(OPEN)),
            IpnAnswer::only(IpnCode::InvalidChecksum)
        );
    }

    #[test]
    fn signed_but_different_amount_is_invalid_amount() {
        assert_eq!(
            decide(&ipn("4900000", "00", "00"), Some(OPEN)),
            IpnAnswer::only(IpnCode::InvalidAmount)
        );
        assert_eq!(
            decide(&ipn("5000050", "00", "00"), Some(OPEN)),
            IpnAnswer::only(IpnCode::InvalidAmount)
        );
    }

    #[test]
    fn replay_for_completed_payment_is_already_confirmed() {
        let done = StoredPayment {
            completed: true,
            ..OPEN
        };
        assert_eq!(
            decide(&ipn("5000000", "00", "00"), Some(done)),
            IpnAnswer::only(IpnCode::AlreadyConfirmed)
        );
    }

    #[test]
    fn unknown_ref_is_order_not_found() {
        assert_eq!(
            decide(&ipn("5000000", "00", "00"), None),
            IpnAnswer::only(IpnCode::OrderNotFound)
        );
    }

    #[test]
    fn signed_ipn_without_response_code_is_unknown_error() {
        let data = "vnp_Amount=5000000&vnp_TxnRef=HS01";
        let q = format!(
            "{data}&vnp_SecureHash={}",
            sign(&HashSecret::new(SECRET), data)
        );
        assert_eq!(decide(&q, Some(OPEN)), IpnAnswer::only(IpnCode::Unknown));
    }

    #[test]
    fn answers_serialize_as_vnpay_expects() {
        let json = |c| serde_json::to_string(&IpnAnswer::only(c)).unwrap();
        assert_eq!(
            json(IpnCode::Confirmed),
            r#"{"RspCode":"00","Message":"Confirm Success"}"#
        );
        assert_eq!(
            json(IpnCode::OrderNotFound),
            r#"{"RspCode":"01","Message":"Order not found"}"#
        );
        assert_eq!(
            json(IpnCode::AlreadyConfirmed),
            r#"{"RspCode":"02","Message":"Order already confirmed"}"#
        );
        assert_eq!(
            json(IpnCode::InvalidAmount),
            r#"{"RspCode":"04","Message":"Invalid amount"}"#
        );
        assert_eq!(
            json(IpnCode::InvalidChecksum),
            r#"{"RspCode":"97","Message":"Invalid Checksum"}"#
        );
        assert_eq!(
            json(IpnCode::Unknown),
            r#"{"RspCode":"99","Message":"Unknow error"}"#
        );
        // The settlement is for the server, never for VNPay.
        let a = decide(&ipn("5000000", "00", "00"), Some(OPEN));
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"RspCode":"00","Message":"Confirm Success"}"#
        );
    }
}
