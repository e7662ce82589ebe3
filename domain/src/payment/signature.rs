//! `vnp_SecureHash`: lower-case hex HMAC-SHA512 of the canonical query, keyed with the
//! merchant's hash secret, and its constant-time verification on callbacks.

use super::canonical::{parse_query, Params, QueryError};
use hmac::{Hmac, Mac};
use sha2::Sha512;
use std::fmt;

type HmacSha512 = Hmac<Sha512>;

/// Parameter carrying the signature.
pub const SECURE_HASH: &str = "vnp_SecureHash";
/// Optional parameter naming the algorithm; like the signature, never signed itself.
pub const SECURE_HASH_TYPE: &str = "vnp_SecureHashType";

/// The merchant's `vnp_HashSecret`. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct HashSecret(String);

impl HashSecret {
    pub fn new(secret: impl Into<String>) -> HashSecret {
        HashSecret(secret.into())
    }

    fn mac(&self) -> HmacSha512 {
        // HMAC takes keys of any length, so this cannot fail.
        HmacSha512::new_from_slice(self.0.as_bytes()).expect("HMAC accepts any key length")
    }
}

impl fmt::Debug for HashSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HashSecret(…)")
    }
}

/// Why a callback is not trusted. Every variant answers VNPay with `97`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("callback has no vnp_SecureHash")]
    Missing,
    #[error("vnp_SecureHash is not 128 hex digits")]
    BadFormat,
    #[error("vnp_SecureHash does not match the parameters")]
    Mismatch,
    #[error(transparent)]
    Query(#[from] QueryError),
}

impl SignatureError {
    pub fn message_vi(&self) -> String {
        match self {
            SignatureError::Missing => "Phản hồi thanh toán thiếu chữ ký".into(),
            SignatureError::BadFormat | SignatureError::Mismatch => {
                "Chữ ký của phản hồi thanh toán không hợp lệ".into()
            }
            SignatureError::Query(QueryError::DuplicateKey(k)) => {
                format!("Tham số {k} xuất hiện nhiều lần trong phản hồi thanh toán")
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            SignatureError::Missing => "The payment response is not signed".into(),
            SignatureError::BadFormat | SignatureError::Mismatch => {
                "The payment response has an invalid signature".into()
            }
            SignatureError::Query(QueryError::DuplicateKey(k)) => {
                format!("Parameter {k} appears more than once in the payment response")
            }
        }
    }
}

/// Lower-case hex HMAC-SHA512 of `data`.
pub fn sign(secret: &HashSecret, data: &str) -> String {
    let mut mac = secret.mac();
    mac.update(data.as_bytes());
    to_hex(&mac.finalize().into_bytes())
}

/// Verifies a callback query string (IPN or return URL, without or with the leading
/// `?`): decodes it, keeps the `vnp_*` parameters, takes out `vnp_SecureHash` and
/// `vnp_SecureHashType`, rebuilds the canonical query and compares HMACs in constant
/// time. On success returns the signed parameters only.
pub fn verify_query(query: &str, secret: &HashSecret) -> Result<Params, SignatureError> {
    verify_params(parse_query(query)?, secret)
}

/// [`verify_query`] for parameters already decoded (by a web framework, say). The caller
/// must have kept only `vnp_*` keys and refused duplicates, as [`parse_query`] does.
pub fn verify_params(mut params: Params, secret: &HashSecret) -> Result<Params, SignatureError> {
    let given = params.remove(SECURE_HASH).ok_or(SignatureError::Missing)?;
    params.remove(SECURE_HASH_TYPE);
    // VNPay's own samples compare case-insensitively, so upper-case hex is accepted.
    let given = from_hex(&given)
        .filter(|b| b.len() == 64)
        .ok_or(SignatureError::BadFormat)?;
    let mut mac = secret.mac();
    mac.update(params.canonical_query().as_bytes());
    mac.verify_slice(&given)
        .map_err(|_| SignatureError::Mismatch)?;
    // Empty values are left out of the signed string (VNPay's rule), so nothing vouches
    // for them: `&vnp_Anything=` added to a signed query must not come back as signed.
    Ok(params.iter().filter(|(_, v)| !v.is_empty()).collect())
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0xF)] as char);
    }
    s
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    b.chunks_exact(2)
        .map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Computed independently with Python:
    /// `hmac.new(b"TESTSECRETKEY0123456789ABCDEFGHI", MSG, hashlib.sha512).hexdigest()`
    /// where MSG is VNPay's published example query (without the hash).
    const KEY: &str = "TESTSECRETKEY0123456789ABCDEFGHI";
    pub(crate) const SAMPLE_QUERY: &str = "vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0";
    const SAMPLE_HASH: &str = "4148c1be54b3389b4aacddb533861a9ecaf2ab236f67e2699296d85bfeec74b68ef09b931c5d82d75fcfb24e011d75f5064714b8f2942e623f65f39d0560d69b";

    #[test]
    fn known_answer_hmac_sha512() {
        // RFC 4231 test case 2 ("Jefe"), an independent check of the primitive.
        assert_eq!(
            sign(&HashSecret::new("Jefe"), "what do ya want for nothing?"),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        );
        assert_eq!(sign(&HashSecret::new(KEY), SAMPLE_QUERY), SAMPLE_HASH);
    }

    #[test]
    fn verifies_signed_query_and_returns_signed_params_only() {
        let secret = HashSecret::new(KEY);
        let q = format!(
            "{SAMPLE_QUERY}&vnp_SecureHashType=HmacSHA512&vnp_SecureHash={SAMPLE_HASH}&lang=vi"
        );
        let p = verify_query(&q, &secret).unwrap();
        assert_eq!(p.get("vnp_OrderInfo"), Some("Thanh toan don hang :5"));
        assert_eq!(
            (p.get(SECURE_HASH), p.get(SECURE_HASH_TYPE), p.get("lang")),
            (None, None, None)
        );
        // Upper-case hex and parameter order do not matter.
        let q = format!(
            "vnp_SecureHash={}&{SAMPLE_QUERY}",
            SAMPLE_HASH.to_uppercase()
        );
        assert!(verify_query(&q, &secret).is_ok());
    }

    #[test]
    fn rejects_tampering_missing_and_malformed_hashes() {
        let secret = HashSecret::new(KEY);
        let tampered = SAMPLE_QUERY.replace("vnp_Amount=1806000", "vnp_Amount=1000");
        let q = format!("{tampered}&vnp_SecureHash={SAMPLE_HASH}");
        assert_eq!(verify_query(&q, &secret), Err(SignatureError::Mismatch));
        let q = format!("{SAMPLE_QUERY}&vnp_SecureHash={SAMPLE_HASH}");
        assert_eq!(
            verify_query(&q, &HashSecret::new("other")),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_query(SAMPLE_QUERY, &secret),
            Err(SignatureError::Missing)
        );
        let q = format!("{SAMPLE_QUERY}&vnp_SecureHash={}", &SAMPLE_HASH[..126]);
        assert_eq!(verify_query(&q, &secret), Err(SignatureError::BadFormat));
        let q = format!("{SAMPLE_QUERY}&vnp_SecureHash={}zz", &SAMPLE_HASH[..126]);
        assert_eq!(verify_query(&q, &secret), Err(SignatureError::BadFormat));
        let q = format!("{SAMPLE_QUERY}&vnp_TxnRef=6&vnp_SecureHash={SAMPLE_HASH}");
        assert!(matches!(
            verify_query(&q, &secret),
            Err(SignatureError::Query(_))
        ));
    }

    /// Found by the `payment_query` fuzz target (input `FF 00 00 00 "vnp_"`: the empty
    /// query, signed, with `vnp_` inserted in front): a parameter without a value was
    /// added to a signed query and came back among the verified ones.
    #[test]
    fn unsigned_empty_parameters_are_not_returned_as_signed() {
        let secret = HashSecret::new(KEY);
        let q = format!("vnp_&vnp_SecureHash={}", sign(&secret, ""));
        assert_eq!(verify_query(&q, &secret), Ok(Params::new()));
        let q = format!("{SAMPLE_QUERY}&vnp_SecureHash={SAMPLE_HASH}&vnp_BankCode=&vnp_Fake=");
        let p = verify_query(&q, &secret).unwrap();
        assert_eq!((p.get("vnp_BankCode"), p.get("vnp_Fake")), (None, None));
        assert_eq!(p, parse_query(SAMPLE_QUERY).unwrap());
    }

    #[test]
    fn secret_is_not_printed() {
        assert_eq!(format!("{:?}", HashSecret::new(KEY)), "HashSecret(…)");
    }

    #[test]
    fn hex_round_trip() {
        assert_eq!(to_hex(&[0x00, 0x9f, 0xff]), "009fff");
        assert_eq!(from_hex("009FfF"), Some(vec![0x00, 0x9f, 0xff]));
        assert_eq!(from_hex("0"), None);
    }
}
