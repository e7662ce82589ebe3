//! The payment request the portal sends (as a browser redirect) to VNPay, API 2.1.0.

use super::canonical::Params;
use super::signature::{sign, HashSecret, SECURE_HASH};
use super::time::VnDateTime;
use serde::{Deserialize, Serialize};

/// Largest `vnp_Amount` VNPay accepts: the field is `Numeric[1,12]`.
pub const MAX_VNP_AMOUNT: u64 = 999_999_999_999;

/// An amount in VNPay's unit: đồng × 100, as sent in `vnp_Amount` and returned in
/// callbacks. Valid by construction: positive and at most [`MAX_VNP_AMOUNT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VnpAmount(u64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("a payment amount must be positive, got {0} VND")]
    NotPositive(i64),
    #[error("{0} VND is more than VNPay accepts in one payment")]
    TooLarge(i64),
    #[error("vnp_Amount {0:?} is not a whole number of đồng × 100")]
    Malformed(String),
}

impl AmountError {
    pub fn message_vi(&self) -> String {
        match self {
            AmountError::NotPositive(_) => "Số tiền thanh toán phải lớn hơn 0".into(),
            AmountError::TooLarge(_) => "Số tiền vượt quá hạn mức một lần thanh toán".into(),
            AmountError::Malformed(_) => "Số tiền trong phản hồi thanh toán không hợp lệ".into(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            AmountError::NotPositive(_) => "The payment amount must be more than 0".into(),
            AmountError::TooLarge(_) => "The amount is over the limit for one payment".into(),
            AmountError::Malformed(_) => "The amount in the payment response is not valid".into(),
        }
    }
}

impl VnpAmount {
    /// Đồng × 100, refusing zero, negatives and anything over 12 digits (which also
    /// guards the multiplication against overflow).
    pub fn from_vnd(vnd: i64) -> Result<VnpAmount, AmountError> {
        if vnd <= 0 {
            return Err(AmountError::NotPositive(vnd));
        }
        (vnd as u64)
            .checked_mul(100)
            .filter(|&a| a <= MAX_VNP_AMOUNT)
            .map(VnpAmount)
            .ok_or(AmountError::TooLarge(vnd))
    }

    /// Reads `vnp_Amount` from a callback: ASCII digits only, a multiple of 100 (VND has
    /// no minor unit), positive and within 12 digits.
    pub fn parse(s: &str) -> Result<VnpAmount, AmountError> {
        let bad = || AmountError::Malformed(s.chars().take(20).collect());
        if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let n: u64 = s.parse().map_err(|_| bad())?;
        if n == 0 || !n.is_multiple_of(100) {
            return Err(bad());
        }
        Ok(VnpAmount(n))
    }

    /// The value of `vnp_Amount`.
    pub fn get(self) -> u64 {
        self.0
    }

    /// Whole đồng; exact, since the value is a multiple of 100 below 10^12.
    pub fn vnd(self) -> i64 {
        (self.0 / 100) as i64
    }
}

/// `vnp_Locale`: the language of VNPay's payment pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Vn,
    En,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Vn => "vn",
            Locale::En => "en",
        }
    }
}

/// Merchant settings for one VNPay terminal. `Debug` hides the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VnpayConfig {
    /// `vnp_TmnCode`, 8 characters, issued by VNPay.
    pub tmn_code: String,
    pub hash_secret: HashSecret,
    /// Payment page without a query, e.g. `https://sandbox.vnpayment.vn/paymentv2/vpcpay.html`.
    pub pay_url: String,
}

/// One payment request, field for field as VNPay names them (`vnp_Version`,
/// `vnp_Command` and `vnp_CurrCode` are constants of API 2.1.0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRequest {
    /// `vnp_TmnCode`.
    pub tmn_code: String,
    /// `vnp_Amount`: đồng × 100.
    pub amount: VnpAmount,
    /// `vnp_TxnRef`: our reference, unique per payment attempt (alphanumeric, ≤ 100).
    pub txn_ref: String,
    /// `vnp_OrderInfo`: see [`super::canonical::plain_order_info`].
    pub order_info: String,
    /// `vnp_OrderType`: VNPay's goods category; `other` when none fits.
    pub order_type: String,
    /// `vnp_Locale`.
    pub locale: Locale,
    /// `vnp_ReturnUrl`: where VNPay sends the customer's browser back.
    pub return_url: String,
    /// `vnp_IpAddr`: the customer's IP address.
    pub ip_addr: String,
    /// `vnp_CreateDate`, GMT+7.
    pub create_date: VnDateTime,
    /// `vnp_ExpireDate`, GMT+7.
    pub expire_date: VnDateTime,
    /// `vnp_BankCode`: preselects a payment method; `None` lets the customer choose.
    pub bank_code: Option<String>,
}

/// Why a request cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("{0} is required")]
    Missing(&'static str),
    #[error("{field} is longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("vnp_ExpireDate must be after vnp_CreateDate")]
    ExpiresBeforeCreated,
    #[error(transparent)]
    Amount(#[from] AmountError),
}

impl RequestError {
    pub fn message_vi(&self) -> String {
        match self {
            RequestError::Missing(f) => format!("Thiếu thông tin thanh toán {f}"),
            RequestError::TooLong { field, max } => format!("{field} dài quá {max} ký tự"),
            RequestError::ExpiresBeforeCreated => {
                "Thời hạn thanh toán phải sau thời điểm tạo".into()
            }
            RequestError::Amount(e) => e.message_vi(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            RequestError::Missing(f) => format!("Payment field {f} is missing"),
            RequestError::TooLong { field, max } => {
                format!("{field} is longer than {max} characters")
            }
            RequestError::ExpiresBeforeCreated => {
                "The payment must expire after it is created".into()
            }
            RequestError::Amount(e) => e.message_en(),
        }
    }
}

impl PaymentRequest {
    pub const VERSION: &'static str = "2.1.0";
    pub const COMMAND: &'static str = "pay";
    pub const CURR_CODE: &'static str = "VND";

    /// Checks what VNPay would refuse: required fields empty, VNPay's length limits,
    /// expiry not after creation.
    pub fn validate(&self) -> Result<(), RequestError> {
        let fields: [(&'static str, &str, usize); 6] = [
            ("vnp_TmnCode", &self.tmn_code, 8),
            ("vnp_TxnRef", &self.txn_ref, 100),
            ("vnp_OrderInfo", &self.order_info, 255),
            ("vnp_OrderType", &self.order_type, 100),
            ("vnp_ReturnUrl", &self.return_url, 255),
            ("vnp_IpAddr", &self.ip_addr, 45),
        ];
        for (field, value, max) in fields {
            if value.trim().is_empty() {
                return Err(RequestError::Missing(field));
            }
            if value.chars().count() > max {
                return Err(RequestError::TooLong { field, max });
            }
        }
        if self.expire_date <= self.create_date {
            return Err(RequestError::ExpiresBeforeCreated);
        }
        Ok(())
    }

    /// All `vnp_*` parameters except the signature.
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        p.insert("vnp_Version", Self::VERSION);
        p.insert("vnp_Command", Self::COMMAND);
        p.insert("vnp_TmnCode", self.tmn_code.as_str());
        p.insert("vnp_Amount", self.amount.get().to_string());
        p.insert("vnp_CurrCode", Self::CURR_CODE);
        p.insert("vnp_TxnRef", self.txn_ref.as_str());
        p.insert("vnp_OrderInfo", self.order_info.as_str());
        p.insert("vnp_OrderType", self.order_type.as_str());
        p.insert("vnp_Locale", self.locale.as_str());
        p.insert("vnp_ReturnUrl", self.return_url.as_str());
        p.insert("vnp_IpAddr", self.ip_addr.as_str());
        p.insert("vnp_CreateDate", self.create_date.to_vnpay());
        p.insert("vnp_ExpireDate", self.expire_date.to_vnpay());
        if let Some(bank) = &self.bank_code {
            p.insert("vnp_BankCode", bank.as_str());
        }
        p
    }

    /// The redirect URL: `pay_url ? canonical_query & vnp_SecureHash=<hmac>`. The query
    /// in the URL is the very string that is signed.
    pub fn signed_url(&self, pay_url: &str, secret: &HashSecret) -> Result<String, RequestError> {
        self.validate()?;
        let query = self.params().canonical_query();
        let hash = sign(secret, &query);
        Ok(format!("{pay_url}?{query}&{SECURE_HASH}={hash}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payment::signature::verify_query;

    fn at(s: &str) -> VnDateTime {
        VnDateTime::parse_vnpay(s).unwrap()
    }

    /// VNPay's published example request (integration guide, "Tạo URL Thanh toán").
    fn sample() -> PaymentRequest {
        PaymentRequest {
            tmn_code: "DEMOV210".into(),
            amount: VnpAmount::from_vnd(18_060).unwrap(),
            txn_ref: "5".into(),
            order_info: "Thanh toan don hang :5".into(),
            order_type: "other".into(),
            locale: Locale::Vn,
            return_url: "https://domainmerchant.vn/ReturnUrl".into(),
            ip_addr: "127.0.0.1".into(),
            create_date: at("20210801153333"),
            expire_date: at("20210801154833"),
            bank_code: None,
        }
    }

    #[test]
    fn published_example_query_is_reproduced_byte_for_byte() {
        // The guide's example has no vnp_ExpireDate; drop ours to compare.
        let mut p = sample().params();
        p.remove("vnp_ExpireDate");
        assert_eq!(
            p.canonical_query(),
            "vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0"
        );
    }

    #[test]
    fn signed_url_round_trips_through_verification() {
        let secret = HashSecret::new("TESTSECRET");
        let mut req = sample();
        req.order_info = "Lệ phí hộ tịch & bản sao = 2".into();
        req.bank_code = Some("NCB".into());
        let url = req
            .signed_url(
                "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
                &secret,
            )
            .unwrap();
        let (base, query) = url.split_once('?').unwrap();
        assert_eq!(base, "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html");
        assert!(query.starts_with("vnp_Amount=1806000&vnp_BankCode=NCB&vnp_Command=pay&"));
        assert!(query.contains(
            "&vnp_ExpireDate=20210801154833&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=L%E1%BB%87+ph%C3%AD+h%E1%BB%99+t%E1%BB%8Bch+%26+b%E1%BA%A3n+sao+%3D+2&"
        ));
        let (signed, hash) = query.rsplit_once("&vnp_SecureHash=").unwrap();
        assert_eq!(hash, sign(&secret, signed));
        assert_eq!(hash.len(), 128);
        let params = verify_query(query, &secret).unwrap();
        assert_eq!(params, req.params());
    }

    #[test]
    fn amount_is_guarded() {
        assert_eq!(VnpAmount::from_vnd(10_000).unwrap().get(), 1_000_000);
        assert_eq!(
            VnpAmount::from_vnd(9_999_999_999).unwrap().get(),
            MAX_VNP_AMOUNT - 99
        );
        assert_eq!(
            VnpAmount::from_vnd(10_000_000_000),
            Err(AmountError::TooLarge(10_000_000_000))
        );
        assert_eq!(
            VnpAmount::from_vnd(i64::MAX),
            Err(AmountError::TooLarge(i64::MAX))
        );
        assert_eq!(VnpAmount::from_vnd(0), Err(AmountError::NotPositive(0)));
        assert_eq!(
            VnpAmount::from_vnd(i64::MIN),
            Err(AmountError::NotPositive(i64::MIN))
        );
        assert_eq!(VnpAmount::parse("1806000").unwrap().vnd(), 18_060);
        for bad in [
            "",
            "0",
            "1806001",
            "-100",
            "+100",
            "1e5",
            "18060.00",
            "1000000000000",
            "99999999999999999999",
        ] {
            assert!(VnpAmount::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn validation_names_the_field() {
        let secret = HashSecret::new("k");
        let mut req = sample();
        req.ip_addr = " ".into();
        assert_eq!(
            req.signed_url("u", &secret),
            Err(RequestError::Missing("vnp_IpAddr"))
        );
        let mut req = sample();
        req.order_info = "x".repeat(256);
        assert_eq!(
            req.validate(),
            Err(RequestError::TooLong {
                field: "vnp_OrderInfo",
                max: 255
            })
        );
        let mut req = sample();
        req.expire_date = req.create_date;
        assert_eq!(req.validate(), Err(RequestError::ExpiresBeforeCreated));
    }

    #[test]
    fn debug_of_config_hides_secret() {
        let c = VnpayConfig {
            tmn_code: "DEMOV210".into(),
            hash_secret: HashSecret::new("S3CR3T"),
            pay_url: "u".into(),
        };
        assert!(!format!("{c:?}").contains("S3CR3T"));
    }
}
