//! Filed dossiers (hồ sơ): taking a filing in exactly once, keeping its attachments,
//! moving it through the domain state machine, and the result document.
//!
//! The HTTP handlers live in `routes::dossiers` and `routes::officer`; this module holds
//! what they share: SQL ([`store`]), the multipart filing checks ([`submit`]) and the
//! printable result ([`result_doc`]).

pub mod result_doc;
pub mod store;
pub mod submit;

use domain::date::Date;
use domain::payment::VnDateTime;
use sha2::{Digest, Sha256};
use std::time::{SystemTime, UNIX_EPOCH};

/// The receiving unit (mã định danh đơn vị, Thông tư 10/2016/TT-BTTTT) every dossier of
/// this sandbox is filed with: the first part of each dossier code. A real deployment
/// takes the code of the agency that receives the procedure; the sandbox has one unit.
pub const RECEIVING_UNIT: &str = "000.00.31.H29";

/// Seconds since the Unix epoch. A clock before 1970 is a broken host; reading it as
/// the epoch keeps requests answerable rather than failing them.
pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Vietnam wall-clock time of `unix`. Instants outside years 1970–9999 (which no
/// clock or stored timestamp of ours produces) are clamped into that range.
pub fn vn_time(unix: i64) -> VnDateTime {
    const LAST: i64 = 253_402_300_799 - 7 * 3600;
    VnDateTime::from_unix_seconds(unix.clamp(0, LAST))
        .or_else(|| VnDateTime::from_unix_seconds(0))
        // The epoch is a fixed, valid instant: not something a client can influence.
        .expect("1970-01-01 is representable")
}

/// The Vietnam calendar day of `unix`.
pub fn vn_date(unix: i64) -> Date {
    vn_time(unix).date()
}

/// `2025-11-22T09:15:00+07:00`: the API's `*_at` form.
pub fn rfc3339_vn(unix: i64) -> String {
    let t = vn_time(unix);
    let (h, m, s) = t.hms();
    format!("{}T{h:02}:{m:02}:{s:02}+07:00", t.date().to_iso())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// 32 hex characters (128 bits) from the operating system's generator: the dossier's
/// access key, which must not be guessable from the (sequential) dossier code.
pub fn new_access_key() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}

/// Compares two keys in time independent of where they differ, so response timing does
/// not reveal how much of a guessed key was right.
pub fn keys_match(given: &str, stored: &str) -> bool {
    let (a, b) = (given.as_bytes(), stored.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Text made safe to put between HTML tags or inside a double-quoted attribute: every
/// character HTML gives a meaning there is written as an entity.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_vietnam_time() {
        assert_eq!(rfc3339_vn(0), "1970-01-01T07:00:00+07:00");
        // 2025-11-22T08:30:45Z is 15:30:45 in Hà Nội.
        assert_eq!(rfc3339_vn(1_763_800_245), "2025-11-22T15:30:45+07:00");
        // 17:00Z is already the next day in Vietnam.
        assert_eq!(vn_date(1_763_830_800).to_iso(), "2025-11-23");
    }

    #[test]
    fn access_keys_are_32_hex_and_compare_exactly() {
        let k = new_access_key().expect("randomness");
        assert_eq!(k.len(), 32);
        assert!(k.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(keys_match(&k, &k.clone()));
        assert!(!keys_match(&k, &k[..31]));
        assert!(!keys_match("0000", "0001"));
        assert_eq!(sha256_hex(b"abc").len(), 64);
    }

    #[test]
    fn html_escaping_covers_tags_and_attributes() {
        assert_eq!(
            escape_html(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
