//! What a payment came to, read from VNPay's `vnp_ResponseCode` and
//! `vnp_TransactionStatus` (codes from VNPay's 2.1.0 integration guide, "Bảng mã lỗi").

use serde::{Deserialize, Serialize};

/// Final state of one payment attempt, gateway-neutral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PaymentOutcome {
    /// Money taken: `vnp_ResponseCode` and `vnp_TransactionStatus` both `00`.
    Paid,
    /// The customer cancelled on the gateway's page (VNPay `24`).
    Cancelled,
    /// The payment window ran out (VNPay `11`; `15` is sent by some VNPay products for
    /// the same and is read alike).
    Expired,
    /// Anything else: not paid. Suspected fraud (`07`) also lands here, since VNPay does
    /// not count it as paid; staff should reconcile it by hand.
    Failed(FailureReason),
}

/// Why a payment failed, for the message shown to the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum FailureReason {
    /// `07`: money deducted, transaction held as suspicious.
    Suspicious,
    /// `09`: card or account not registered for internet banking.
    NotRegisteredForOnlineBanking,
    /// `10`: card or account details wrong more than 3 times.
    AuthenticationFailed,
    /// `12`: card or account locked.
    CardLocked,
    /// `13`: wrong one-time password.
    WrongOtp,
    /// `51`: insufficient balance.
    InsufficientFunds,
    /// `65`: daily limit exceeded.
    DailyLimitExceeded,
    /// `75`: the paying bank is under maintenance.
    BankMaintenance,
    /// `79`: payment password wrong too many times.
    WrongPasswordTooManyTimes,
    /// Any other code, kept for the record (`99` is VNPay's "other errors").
    Other {
        response_code: String,
        transaction_status: String,
    },
}

impl PaymentOutcome {
    /// Reads VNPay's two status codes. Paid only when both are `00`, as VNPay's IPN
    /// sample requires; `response_code` `00` with any other transaction status is a
    /// failure of unknown cause.
    pub fn from_vnpay(response_code: &str, transaction_status: &str) -> PaymentOutcome {
        use FailureReason as R;
        let failed = |r| PaymentOutcome::Failed(r);
        match (response_code, transaction_status) {
            ("00", "00") => PaymentOutcome::Paid,
            ("24", _) => PaymentOutcome::Cancelled,
            ("11" | "15", _) => PaymentOutcome::Expired,
            ("07", _) => failed(R::Suspicious),
            ("09", _) => failed(R::NotRegisteredForOnlineBanking),
            ("10", _) => failed(R::AuthenticationFailed),
            ("12", _) => failed(R::CardLocked),
            ("13", _) => failed(R::WrongOtp),
            ("51", _) => failed(R::InsufficientFunds),
            ("65", _) => failed(R::DailyLimitExceeded),
            ("75", _) => failed(R::BankMaintenance),
            ("79", _) => failed(R::WrongPasswordTooManyTimes),
            _ => failed(R::Other {
                response_code: response_code.to_owned(),
                transaction_status: transaction_status.to_owned(),
            }),
        }
    }

    pub fn is_paid(&self) -> bool {
        *self == PaymentOutcome::Paid
    }

    pub fn message_vi(&self) -> &'static str {
        use FailureReason as R;
        match self {
            PaymentOutcome::Paid => "Thanh toán thành công",
            PaymentOutcome::Cancelled => "Bạn đã hủy giao dịch",
            PaymentOutcome::Expired => "Đã hết thời gian chờ thanh toán, vui lòng thực hiện lại",
            PaymentOutcome::Failed(r) => match r {
                R::Suspicious => "Giao dịch đang được kiểm tra, cơ quan sẽ liên hệ với bạn",
                R::NotRegisteredForOnlineBanking => "Thẻ/tài khoản chưa đăng ký Internet Banking",
                R::AuthenticationFailed => "Xác thực thông tin thẻ/tài khoản sai quá 3 lần",
                R::CardLocked => "Thẻ/tài khoản đang bị khóa",
                R::WrongOtp => "Mã OTP không đúng, vui lòng thực hiện lại",
                R::InsufficientFunds => "Tài khoản không đủ số dư",
                R::DailyLimitExceeded => "Tài khoản đã vượt hạn mức giao dịch trong ngày",
                R::BankMaintenance => "Ngân hàng thanh toán đang bảo trì",
                R::WrongPasswordTooManyTimes => "Nhập sai mật khẩu thanh toán quá số lần quy định",
                R::Other { .. } => "Thanh toán không thành công",
            },
        }
    }

    pub fn message_en(&self) -> &'static str {
        use FailureReason as R;
        match self {
            PaymentOutcome::Paid => "Payment successful",
            PaymentOutcome::Cancelled => "You cancelled the payment",
            PaymentOutcome::Expired => "The payment timed out; please try again",
            PaymentOutcome::Failed(r) => match r {
                R::Suspicious => "The payment is under review; the office will contact you",
                R::NotRegisteredForOnlineBanking => {
                    "The card/account is not registered for internet banking"
                }
                R::AuthenticationFailed => "Card/account details were wrong more than 3 times",
                R::CardLocked => "The card/account is locked",
                R::WrongOtp => "Wrong one-time password; please try again",
                R::InsufficientFunds => "Insufficient balance",
                R::DailyLimitExceeded => "The daily transaction limit is exceeded",
                R::BankMaintenance => "The bank is under maintenance",
                R::WrongPasswordTooManyTimes => "Payment password wrong too many times",
                R::Other { .. } => "The payment did not go through",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_vnpay_codes() {
        assert!(PaymentOutcome::from_vnpay("00", "00").is_paid());
        assert_eq!(
            PaymentOutcome::from_vnpay("24", "02"),
            PaymentOutcome::Cancelled
        );
        assert_eq!(
            PaymentOutcome::from_vnpay("11", "02"),
            PaymentOutcome::Expired
        );
        assert_eq!(
            PaymentOutcome::from_vnpay("15", "02"),
            PaymentOutcome::Expired
        );
        assert_eq!(
            PaymentOutcome::from_vnpay("51", "02"),
            PaymentOutcome::Failed(FailureReason::InsufficientFunds)
        );
        assert_eq!(
            PaymentOutcome::from_vnpay("07", "07"),
            PaymentOutcome::Failed(FailureReason::Suspicious)
        );
        // 00 alone is not enough.
        assert_eq!(
            PaymentOutcome::from_vnpay("00", "01"),
            PaymentOutcome::Failed(FailureReason::Other {
                response_code: "00".into(),
                transaction_status: "01".into()
            })
        );
    }

    #[test]
    fn serializes_with_tags() {
        let json = serde_json::to_string(&PaymentOutcome::Failed(FailureReason::WrongOtp)).unwrap();
        assert_eq!(json, r#"{"status":"failed","reason":"wrong_otp"}"#);
        assert_eq!(
            serde_json::to_string(&PaymentOutcome::Paid).unwrap(),
            r#"{"status":"paid"}"#
        );
    }
}
