//! The dossier code (mã hồ sơ) a citizen gets on the receipt and types to look a dossier up.
//!
//! # Format
//!
//! ```text
//! 000.00.31.H29-251122-0123-NI
//! └─── unit ──┘ └date┘ └ser┘ └check
//! ```
//!
//! The first three parts are exactly the code of Điều 19 Thông tư 01/2018/TT-VPCP
//! (`V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`), which is what the national portal and other
//! agencies' systems exchange; [`DossierCode::legal`] gives that form.
//!
//! * **unit** — the receiving unit's code (mã định danh đơn vị, Thông tư 10/2016/TT-BTTTT,
//!   e.g. `000.00.31.H29`), taken from configuration. Accepted here: 1–32 upper-case ASCII
//!   letters, digits and dots, not starting or ending with a dot, no two dots together.
//! * **date** — `yymmdd` of receipt in Vietnam time (UTC+7, see [`receipt_date`]); years
//!   2000–2099.
//! * **serial** — the unit's running number of the day, 4 digits (`0001`–`9999`), as
//!   Điều 19 fixes.
//! * **check** — two characters `0-9A-Z` added by this portal so that a mistyped code is
//!   refused before any request. They are ISO/IEC 7064 MOD 1271-36 (pure system) over the
//!   legal code, extended so that `.` counts 36 and `-` counts 37, with a leading 1 so
//!   that dropping a leading `0` changes the sum. Every single-character substitution and
//!   every swap of two neighbouring characters changes the check, because both change the
//!   sum by a non-zero amount times a power of 36, which is invertible modulo 1271
//!   (= 31 × 41). One check character cannot do this: with the dot the code uses 37
//!   symbols, so a single character of 36 symbols must let some substitution through.
//!
//! [`DossierCode::parse`] accepts the four-part form (check verified) and, for codes
//! issued by other systems, the three-part legal form (nothing to verify);
//! [`DossierCode::parse_checked`] insists on the check. Both trim surrounding spaces and
//! accept lower case.

use crate::api_error::{ApiError, ErrorCode};
use crate::date::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Longest unit prefix accepted; the Điều 19 unit codes are 13 characters.
pub const MAX_PREFIX_LEN: usize = 32;
/// Digits of the per-day serial (Điều 19: `XXXX`).
pub const SERIAL_WIDTH: usize = 4;
/// Largest per-day serial.
pub const MAX_SERIAL: u32 = 9999;
/// Characters of the check.
pub const CHECK_LEN: usize = 2;

const MODULUS: u32 = 1271;
const RADIX: u32 = 36;
const SYMBOLS: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// Vietnam has used UTC+7 all year since 1975.
const VIETNAM_OFFSET_SECS: i64 = 7 * 3600;

/// A dossier code whose parts are valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DossierCode {
    prefix: String,
    date: Date,
    serial: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("no dossier code entered")]
    Empty,
    /// Not `UNIT-YYMMDD-NNNN-CC` (or `UNIT-YYMMDD-NNNN`).
    #[error("not a dossier code: {0:?}")]
    Format(String),
    #[error("not a unit code: {0:?}")]
    Prefix(String),
    /// The `yymmdd` part is not a date, or the date is outside 2000–2099.
    #[error("{0:?} is not a date in the form yymmdd")]
    Date(String),
    #[error("serial {0} is outside 1–9999")]
    Serial(u32),
    /// The check characters do not match: the code was mistyped.
    #[error("check characters do not match: {0:?}")]
    Check(String),
    /// The four-part form was required.
    #[error("the check characters are missing: {0:?}")]
    MissingCheck(String),
}

impl CodeError {
    pub fn message_vi(&self) -> String {
        match self {
            CodeError::Empty => "Chưa nhập mã hồ sơ".into(),
            CodeError::Format(s) => {
                format!("«{s}» không phải mã hồ sơ; mã có dạng 000.00.31.H29-251122-0123-NI")
            }
            CodeError::Prefix(s) => format!("«{s}» không phải mã đơn vị hợp lệ"),
            CodeError::Date(s) => {
                format!("«{s}» không phải ngày tiếp nhận hợp lệ (năm tháng ngày, ví dụ 251122)")
            }
            CodeError::Serial(n) => format!("Số thứ tự {n} phải từ 1 đến {MAX_SERIAL}"),
            CodeError::Check(s) => {
                format!("Mã hồ sơ «{s}» bị nhập sai, vui lòng kiểm tra lại từng ký tự")
            }
            CodeError::MissingCheck(s) => format!("Mã hồ sơ «{s}» thiếu 2 ký tự kiểm tra ở cuối"),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            CodeError::Empty => "No dossier code entered".into(),
            CodeError::Format(s) => {
                format!("“{s}” is not a dossier code; codes look like 000.00.31.H29-251122-0123-NI")
            }
            CodeError::Prefix(s) => format!("“{s}” is not a valid unit code"),
            CodeError::Date(s) => {
                format!("“{s}” is not a valid date of receipt (year month day, e.g. 251122)")
            }
            CodeError::Serial(n) => format!("Serial {n} must be between 1 and {MAX_SERIAL}"),
            CodeError::Check(s) => {
                format!("The dossier code “{s}” has a typo; check each character")
            }
            CodeError::MissingCheck(s) => {
                format!("The dossier code “{s}” lacks its 2 check characters at the end")
            }
        }
    }

    pub fn to_api_error(&self) -> ApiError {
        ApiError::new(
            ErrorCode::InvalidParameter,
            self.message_vi(),
            self.message_en(),
        )
    }
}

impl DossierCode {
    /// The code of the `serial`-th dossier `prefix` received on `date` (Vietnam time;
    /// see [`receipt_date`]). The prefix is trimmed and upper-cased.
    pub fn new(prefix: &str, date: Date, serial: u32) -> Result<DossierCode, CodeError> {
        let prefix = valid_prefix(prefix)?;
        if !(2000..=2099).contains(&date.year()) {
            return Err(CodeError::Date(date.to_iso()));
        }
        if !(1..=MAX_SERIAL).contains(&serial) {
            return Err(CodeError::Serial(serial));
        }
        Ok(DossierCode {
            prefix,
            date,
            serial: serial as u16,
        })
    }

    /// Reads a code as typed: either form, surrounding spaces and lower case tolerated.
    pub fn parse(input: &str) -> Result<DossierCode, CodeError> {
        Self::parse_with(input, false)
    }

    /// Like [`DossierCode::parse`] but refuses the legal form without check characters:
    /// for the lookup box of codes this portal issued.
    pub fn parse_checked(input: &str) -> Result<DossierCode, CodeError> {
        Self::parse_with(input, true)
    }

    fn parse_with(input: &str, require_check: bool) -> Result<DossierCode, CodeError> {
        let s = input.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(CodeError::Empty);
        }
        let shown = || crate::ids::echo(&s);
        let parts: Vec<&str> = s.split('-').collect();
        let (prefix, date, serial, check) = match parts[..] {
            [p, d, n, c] => (p, d, n, Some(c)),
            [p, d, n] => (p, d, n, None),
            _ => return Err(CodeError::Format(shown())),
        };
        let digits = |x: &str, len: usize| x.len() == len && x.bytes().all(|b| b.is_ascii_digit());
        if !digits(date, 6)
            || !digits(serial, SERIAL_WIDTH)
            || check
                .is_some_and(|c| c.len() != CHECK_LEN || !c.bytes().all(|b| SYMBOLS.contains(&b)))
        {
            return Err(CodeError::Format(shown()));
        }
        let num = |x: &str| x.parse::<u32>().unwrap_or(0);
        let date = Date::new(2000 + num(&date[..2]), num(&date[2..4]), num(&date[4..]))
            .map_err(|_| CodeError::Date(date.to_owned()))?;
        let code = DossierCode::new(prefix, date, num(serial))?;
        match check {
            Some(c) if c != code.check() => Err(CodeError::Check(shown())),
            None if require_check => Err(CodeError::MissingCheck(shown())),
            _ => Ok(code),
        }
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn date(&self) -> Date {
        self.date
    }

    pub fn serial(&self) -> u32 {
        u32::from(self.serial)
    }

    /// The Điều 19 code without check characters, e.g. `000.00.31.H29-251122-0123`.
    pub fn legal(&self) -> String {
        format!(
            "{}-{:02}{:02}{:02}-{:0width$}",
            self.prefix,
            self.date.year() % 100,
            self.date.month(),
            self.date.day(),
            self.serial,
            width = SERIAL_WIDTH
        )
    }

    /// The two check characters.
    pub fn check(&self) -> String {
        check_chars(&self.legal())
    }
}

/// The check characters for a legal code (see the module text).
fn check_chars(legal: &str) -> String {
    let mut sum: u32 = 1;
    for b in legal.bytes() {
        sum = (sum * RADIX + symbol_value(b)) % MODULUS;
    }
    // The whole string, check included, must come to 1 modulo 1271.
    let c = (1 + MODULUS - (sum * RADIX * RADIX) % MODULUS) % MODULUS;
    let hi = SYMBOLS[(c / RADIX) as usize];
    let lo = SYMBOLS[(c % RADIX) as usize];
    String::from_utf8(vec![hi, lo]).unwrap_or_default()
}

fn symbol_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'A'..=b'Z' => u32::from(b - b'A') + 10,
        b'.' => 36,
        // '-' only: codes reaching here are already valid.
        _ => 37,
    }
}

fn valid_prefix(input: &str) -> Result<String, CodeError> {
    let p = input.trim().to_ascii_uppercase();
    let ok = !p.is_empty()
        && p.len() <= MAX_PREFIX_LEN
        && p.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.')
        && !p.starts_with('.')
        && !p.ends_with('.')
        && !p.contains("..");
    if ok {
        Ok(p)
    } else {
        Err(CodeError::Prefix(crate::ids::echo(input)))
    }
}

/// The calendar day in Vietnam (UTC+7) at `unix_seconds`: the date a dossier code carries.
pub fn receipt_date(unix_seconds: i64) -> Option<Date> {
    let local = unix_seconds.checked_add(VIETNAM_OFFSET_SECS)?;
    Date::from_day_number(local.div_euclid(86_400))
}

impl fmt::Display for DossierCode {
    /// The four-part form with check characters, as the receipt prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let legal = self.legal();
        let check = check_chars(&legal);
        write!(f, "{legal}-{check}")
    }
}

impl std::str::FromStr for DossierCode {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DossierCode::parse(s)
    }
}

impl Serialize for DossierCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DossierCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DossierCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for DossierCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("Mã hồ sơ / dossier code: unit-yymmdd-serial-check, e.g. 000.00.31.H29-251122-0123-NI"))
            .pattern(Some(r"^[0-9A-Z](?:\.?[0-9A-Z])*-[0-9]{6}-[0-9]{4}(?:-[0-9A-Z]{2})?$"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for DossierCode {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: u32, m: u32, d: u32) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn sample() -> DossierCode {
        DossierCode::new("000.00.31.H29", date(2025, 11, 22), 123).unwrap()
    }

    #[test]
    fn shows_the_legal_code_then_the_check() {
        let c = sample();
        assert_eq!(c.legal(), "000.00.31.H29-251122-0123");
        let shown = c.to_string();
        assert_eq!(shown, "000.00.31.H29-251122-0123-NI");
        assert_eq!(shown.len(), c.legal().len() + 1 + CHECK_LEN);
        assert_eq!(DossierCode::parse(&shown), Ok(c.clone()));
        assert_eq!(
            DossierCode::parse(&format!("  {}\n", shown.to_lowercase())),
            Ok(c.clone())
        );
        assert_eq!(DossierCode::parse(&c.legal()), Ok(c.clone()));
        assert_eq!(DossierCode::parse_checked(&shown), Ok(c.clone()));
        assert!(matches!(
            DossierCode::parse_checked(&c.legal()),
            Err(CodeError::MissingCheck(_))
        ));
        assert_eq!(
            DossierCode::new("g01.tthc", date(2026, 1, 5), 7)
                .unwrap()
                .legal(),
            "G01.TTHC-260105-0007"
        );
    }

    #[test]
    fn check_satisfies_the_iso_7064_equation() {
        // Σ aᵢ·36^(i−1) ≡ 1 (mod 1271) over the whole string with a leading 1.
        for c in [
            sample(),
            DossierCode::new("A", date(2000, 1, 1), 1).unwrap(),
        ] {
            let mut sum = 1u32;
            for b in c.legal().bytes().chain(c.check().bytes()) {
                sum = (sum * 36 + symbol_value(b)) % 1271;
            }
            assert_eq!(sum, 1, "{c}");
        }
    }

    #[test]
    fn bad_parts_are_refused() {
        let d = date(2025, 11, 22);
        for bad in [
            "",
            ".A",
            "A.",
            "A..B",
            "A-B",
            "Á",
            "A B",
            &"A".repeat(MAX_PREFIX_LEN + 1),
        ] {
            assert!(
                matches!(DossierCode::new(bad, d, 1), Err(CodeError::Prefix(_))),
                "{bad:?}"
            );
        }
        assert_eq!(DossierCode::new("A", d, 0), Err(CodeError::Serial(0)));
        assert_eq!(
            DossierCode::new("A", d, 10_000),
            Err(CodeError::Serial(10_000))
        );
        assert!(DossierCode::new("A", d, MAX_SERIAL).is_ok());
        assert!(matches!(
            DossierCode::new("A", date(1999, 12, 31), 1),
            Err(CodeError::Date(_))
        ));
        assert!(matches!(
            DossierCode::new("A", date(2100, 1, 1), 1),
            Err(CodeError::Date(_))
        ));

        assert_eq!(DossierCode::parse("   "), Err(CodeError::Empty));
        for bad in [
            "000.00.31.H29",
            "000.00.31.H29-251122",
            "000.00.31.H29-251122-123",
            "000.00.31.H29-251122-00123",
            "000.00.31.H29-2511220-0123",
            "000.00.31.H29-251122-0123-7",
            "000.00.31.H29-251122-0123-NI-1",
            "000.00.31.H29-251122-0123-*K",
            "000.00.31.H29-25112a-0123",
            "000.00.31.H29 - 251122 - 0123",
        ] {
            assert!(
                matches!(DossierCode::parse(bad), Err(CodeError::Format(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            DossierCode::parse("000.00.31.H29-251131-0123"),
            Err(CodeError::Date(_))
        ));
        assert!(matches!(
            DossierCode::parse("000.00.31.H29-251122-0000"),
            Err(CodeError::Serial(0))
        ));
        assert!(matches!(
            DossierCode::parse("000..31.H29-251122-0001"),
            Err(CodeError::Prefix(_))
        ));
        assert!(matches!(
            DossierCode::parse("000.00.31.H29-251122-0123-NJ"),
            Err(CodeError::Check(_))
        ));
        assert!(matches!(
            DossierCode::parse("000.00.31.H29-251122-0132-NI"),
            Err(CodeError::Check(_))
        ));
        let e = CodeError::Check("x".into());
        assert!(e.message_vi().contains("nhập sai") && e.message_en().contains("typo"));
        assert_eq!(e.to_api_error().error.code, ErrorCode::InvalidParameter);
        assert!(CodeError::MissingCheck("x".into())
            .message_vi()
            .contains("thiếu"));
    }

    #[test]
    fn serde_uses_the_printed_form() {
        let c = sample();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, format!("\"{c}\""));
        assert_eq!(serde_json::from_str::<DossierCode>(&json).unwrap(), c);
        assert!(serde_json::from_str::<DossierCode>("\"nope\"").is_err());
    }

    #[test]
    fn receipt_date_is_vietnam_time() {
        // 2025-11-21T17:00:00Z is midnight of the 22nd in Hà Nội.
        let midnight = 1_763_744_400;
        assert_eq!(receipt_date(midnight), Some(date(2025, 11, 22)));
        assert_eq!(receipt_date(midnight - 1), Some(date(2025, 11, 21)));
        assert_eq!(receipt_date(0), Some(date(1970, 1, 1)));
        assert_eq!(receipt_date(-7 * 3600 - 1), Some(date(1969, 12, 31)));
        assert_eq!(receipt_date(i64::MAX), None);
    }

    #[test]
    fn every_substitution_in_the_sample_is_caught() {
        let good = sample().to_string();
        for i in 0..good.len() {
            for &new in TYPO_CHARS {
                let mut bytes = good.clone().into_bytes();
                if bytes[i] == new {
                    continue;
                }
                bytes[i] = new;
                let typo = String::from_utf8(bytes).unwrap();
                assert!(DossierCode::parse(&typo).is_err(), "{typo}");
            }
        }
    }

    #[cfg(feature = "openapi")]
    #[test]
    fn openapi_describes_a_string() {
        let schema =
            serde_json::to_value(<DossierCode as utoipa::PartialSchema>::schema()).unwrap();
        assert_eq!(schema["type"], "string");
        let pattern = schema["pattern"].as_str().unwrap();
        assert!(pattern.starts_with('^') && pattern.ends_with('$'));
    }

    fn code_strategy() -> impl Strategy<Value = DossierCode> {
        (
            "[0-9A-Z]{1,4}(\\.[0-9A-Z]{1,4}){0,4}",
            2000u32..=2099,
            1u32..=12,
            1u32..=28,
            1u32..=MAX_SERIAL,
        )
            .prop_map(|(p, y, m, d, n)| {
                DossierCode::new(&p, Date::new(y, m, d).unwrap(), n).unwrap()
            })
    }

    const TYPO_CHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.- ";

    proptest! {
        #[test]
        fn round_trips(c in code_strategy()) {
            prop_assert_eq!(DossierCode::parse(&c.to_string()), Ok(c.clone()));
            prop_assert_eq!(DossierCode::parse(&c.to_string().to_lowercase()), Ok(c.clone()));
            prop_assert_eq!(DossierCode::parse(&c.legal()), Ok(c.clone()));
        }

        #[test]
        fn any_single_substitution_is_caught(c in code_strategy(), pos in any::<prop::sample::Index>(), with in any::<prop::sample::Index>()) {
            let mut bytes = c.to_string().into_bytes();
            let i = pos.index(bytes.len());
            let new = TYPO_CHARS[with.index(TYPO_CHARS.len())];
            prop_assume!(new != bytes[i]);
            bytes[i] = new;
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert!(DossierCode::parse(&typo).is_err(), "{} accepted as {:?}", typo, DossierCode::parse(&typo));
        }

        #[test]
        fn any_swap_of_neighbours_is_caught(c in code_strategy(), pos in any::<prop::sample::Index>()) {
            let mut bytes = c.to_string().into_bytes();
            let i = pos.index(bytes.len() - 1);
            prop_assume!(bytes[i] != bytes[i + 1]);
            bytes.swap(i, i + 1);
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert!(DossierCode::parse(&typo).is_err(), "{} accepted", typo);
        }
    }
}
