//! The canonical query string VNPay signs: sorted, non-empty, form-urlencoded pairs.
//!
//! # Encoding choice
//!
//! Keys and values are encoded with the WHATWG `application/x-www-form-urlencoded` byte
//! serializer ([`form_urlencoded::byte_serialize`]) over UTF-8: ASCII letters, digits and
//! `*-._` stay as they are, a space becomes `+`, every other byte becomes `%XX` with
//! upper-case hex. This is what VNPay's 2.1.0 reference code produces:
//!
//! - the published example URL in VNPay's integration guide
//!   (<https://sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html>) carries
//!   `vnp_OrderInfo=Thanh+toan+don+hang+%3A5` and
//!   `vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl`, and the test
//!   `published_example_query_is_reproduced_byte_for_byte` rebuilds that query exactly;
//! - the PHP demo signs `urlencode($key) . "=" . urlencode($value)`, the .NET demo
//!   `WebUtility.UrlEncode`, the Java demo `URLEncoder.encode`; all turn a space into `+`
//!   and agree with this encoder on letters, digits, `-`, `_`, `.`, and on `%XX` for
//!   everything else.
//!
//! The reference encoders disagree only on `* ! ' ( ) ~` (and the Java demo, which asks
//! for US-ASCII, turns every non-ASCII character into `%3F`). The signature still
//! verifies as long as VNPay rebuilds the same string, so text sent to VNPay should stay
//! out of that disputed set: VNPay's guide asks for `vnp_OrderInfo` in "Tiếng Việt không
//! dấu, không ký tự đặc biệt", which [`plain_order_info`] produces. Diacritics are still
//! encoded correctly (UTF-8, per byte) if a caller sends them anyway.

use crate::fold::fold;
use std::collections::BTreeMap;
use std::fmt;

/// Gateway parameters by key. Keys are kept in byte order (`BTreeMap<String, _>` orders
/// `str` by bytes), which is the order VNPay's reference code sorts `vnp_*` keys in.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    pub fn new() -> Params {
        Params::default()
    }

    /// Sets `key` to `value`, replacing any earlier value.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.insert(key.into(), value.into());
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.0.remove(key)
    }

    /// Pairs in byte order of the key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The string VNPay signs: `k=v` pairs in key order, empty values dropped, keys and
    /// values encoded with [`encode`], joined with `&`.
    pub fn canonical_query(&self) -> String {
        let mut out = String::new();
        for (k, v) in self.iter().filter(|(_, v)| !v.is_empty()) {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(&encode(k));
            out.push('=');
            out.push_str(&encode(v));
        }
        out
    }
}

/// Debug lists keys only: values include customer IP addresses and the signature.
impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Params {
        Params(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

/// Why a callback query string could not be read as parameters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The same key twice: which one was signed would be ambiguous.
    #[error("parameter {0} appears more than once")]
    DuplicateKey(String),
}

/// Form-urlencodes `s` as VNPay's reference code does (see the module doc).
pub fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Decodes a query string (`a=b&c=d`, without the leading `?`): `+` is a space, `%XX`
/// a byte, invalid UTF-8 is replaced. Only `vnp_*` keys are kept: VNPay signs exactly
/// those, and anything else (say a parameter in our own return URL) is unauthenticated
/// and must not reach the caller as if it were signed.
pub fn parse_query(query: &str) -> Result<Params, QueryError> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut map = BTreeMap::new();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if !k.starts_with("vnp_") {
            continue;
        }
        if map.insert(k.clone().into_owned(), v.into_owned()).is_some() {
            return Err(QueryError::DuplicateKey(k.into_owned()));
        }
    }
    Ok(Params(map))
}

/// Order description in the form VNPay asks for: Vietnamese without diacritics, letters,
/// digits, spaces and `- . _ : , /` only, at most 255 characters. Case is kept
/// ("Lệ phí HỘ TỊCH" → "Le phi HO TICH"); other characters are dropped and runs of
/// spaces collapse.
pub fn plain_order_info(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let folded = fold(c.encode_utf8(&mut buf));
        for f in folded.chars() {
            let f = if c.is_uppercase() {
                f.to_ascii_uppercase()
            } else {
                f
            };
            let keep = f.is_ascii_alphanumeric() || matches!(f, '-' | '.' | '_' | ':' | ',' | '/');
            if keep {
                out.push(f);
            } else if f.is_whitespace() && !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
    }
    let trimmed = out.trim_end();
    trimmed
        .chars()
        .take(255)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_vnpay_reference_code() {
        assert_eq!(encode("Thanh toan don hang :5"), "Thanh+toan+don+hang+%3A5");
        assert_eq!(
            encode("https://domainmerchant.vn/ReturnUrl"),
            "https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl"
        );
        assert_eq!(encode("a&b=c"), "a%26b%3Dc");
        assert_eq!(encode("a+b%"), "a%2Bb%25");
        // Kept as-is by every reference encoder.
        assert_eq!(encode("AZaz09-_."), "AZaz09-_.");
        // UTF-8 bytes, upper-case hex: "Lệ phí" = 4C E1 BB 87 20 70 68 C3 AD.
        assert_eq!(encode("Lệ phí"), "L%E1%BB%87+ph%C3%AD");
        assert_eq!(encode("Đ"), "%C4%90");
        // The characters the reference encoders disagree on, pinned to the Java
        // URLEncoder / WHATWG choice (PHP would give %2A for '*', .NET keeps "!()").
        assert_eq!(encode("*~!'()"), "*%7E%21%27%28%29");
    }

    #[test]
    fn canonical_query_sorts_by_bytes_and_drops_empty_values() {
        let p: Params = [
            ("vnp_TxnRef", "7"),
            ("vnp_BankCode", ""),
            ("vnp_Amount", "100"),
            ("vnp_OrderInfo", "a b"),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            p.canonical_query(),
            "vnp_Amount=100&vnp_OrderInfo=a+b&vnp_TxnRef=7"
        );
        // Byte order puts upper case before lower case: TmnCode < TransactionNo < TxnRef.
        let p: Params = [
            ("vnp_TxnRef", "1"),
            ("vnp_TransactionNo", "2"),
            ("vnp_TmnCode", "3"),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            p.canonical_query(),
            "vnp_TmnCode=3&vnp_TransactionNo=2&vnp_TxnRef=1"
        );
    }

    #[test]
    fn parse_decodes_and_round_trips_through_canonical_form() {
        let p: Params = [
            ("vnp_OrderInfo", "Lệ phí & thuế = 5% + phí"),
            ("vnp_TxnRef", "HS 01"),
        ]
        .into_iter()
        .collect();
        let q = p.canonical_query();
        assert_eq!(
            q,
            "vnp_OrderInfo=L%E1%BB%87+ph%C3%AD+%26+thu%E1%BA%BF+%3D+5%25+%2B+ph%C3%AD&vnp_TxnRef=HS+01"
        );
        assert_eq!(parse_query(&q).unwrap(), p);
        assert_eq!(parse_query(&format!("?{q}")).unwrap(), p);
    }

    #[test]
    fn parse_keeps_only_vnp_keys_and_refuses_duplicates() {
        let p = parse_query("lang=vi&vnp_TxnRef=1&utm=x").unwrap();
        assert_eq!(p.iter().collect::<Vec<_>>(), vec![("vnp_TxnRef", "1")]);
        assert_eq!(
            parse_query("vnp_Amount=1&vnp_Amount=2"),
            Err(QueryError::DuplicateKey("vnp_Amount".into()))
        );
        // %20 and + both decode to a space.
        assert_eq!(
            parse_query("vnp_OrderInfo=a%20b+c")
                .unwrap()
                .get("vnp_OrderInfo"),
            Some("a b c")
        );
    }

    #[test]
    fn debug_hides_values() {
        let p: Params = [("vnp_IpAddr", "10.0.0.1")].into_iter().collect();
        assert_eq!(format!("{p:?}"), "{\"vnp_IpAddr\"}");
    }

    #[test]
    fn order_info_is_plain_ascii() {
        assert_eq!(
            plain_order_info("  Lệ phí đăng ký HỘ TỊCH: hồ sơ #H57-001 (bản sao)!  "),
            "Le phi dang ky HO TICH: ho so H57-001 ban sao"
        );
        assert_eq!(plain_order_info("Đ đ"), "D d");
        assert_eq!(plain_order_info(&"a".repeat(300)).len(), 255);
        let s = plain_order_info("Thanh toán lệ phí * ~ ' ( ) !");
        assert_eq!(s, "Thanh toan le phi");
        assert_eq!(encode(&s), "Thanh+toan+le+phi");
    }
}
