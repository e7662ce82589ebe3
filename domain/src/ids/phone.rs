//! Vietnamese mobile numbers, normalised to the ten-digit national form `0xxxxxxxxx`.
//!
//! Prefix table: the 3-digit mobile prefixes in use since the 2018 re-numbering, when the
//! Ministry of Information and Communications moved 11-digit subscribers to 10 digits
//! between 15/09/2018 and 30/06/2019 (MobiFone 0120/0121/0122/0126/0128 → 070/079/077/
//! 076/078; VinaPhone 0123/0124/0125/0127/0129 → 083/084/085/081/082; Viettel 0162–0169
//! → 032–039; Vietnamobile 0186/0188 → 056/058; Gmobile 0199 → 059), plus the prefixes
//! assigned before and after it. Cross-checked with the mobile pattern and carrier table
//! of Google's libphonenumber metadata for +84 (`resources/carrier/en/84.txt`). Prefixes
//! are checked at 3-digit level: the ministry assigns whole 3-digit blocks to carriers,
//! and a finer table would reject real numbers every time a block is opened further.

use super::{digits_only, echo};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    Viettel,
    Vinaphone,
    Mobifone,
    Vietnamobile,
    /// Gtel Mobile.
    Gmobile,
    /// Indochina Telecom's MVNO.
    Itel,
    /// Mobicast's MVNO, formerly branded Reddi.
    Wintel,
}

impl Carrier {
    pub fn name(self) -> &'static str {
        match self {
            Carrier::Viettel => "Viettel",
            Carrier::Vinaphone => "VinaPhone",
            Carrier::Mobifone => "MobiFone",
            Carrier::Vietnamobile => "Vietnamobile",
            Carrier::Gmobile => "Gmobile",
            Carrier::Itel => "iTel",
            Carrier::Wintel => "Wintel (Reddi)",
        }
    }
}

/// Second and third digit of each mobile prefix (`0` + these two), sorted, and the carrier
/// it was assigned to. Numbers can be ported between carriers since 2021, so the carrier
/// is informative only. 095 (S-Fone, closed 2012) and the 01xx block are no longer in use.
const PREFIXES: [(u8, Carrier); 36] = [
    (32, Carrier::Viettel),
    (33, Carrier::Viettel),
    (34, Carrier::Viettel),
    (35, Carrier::Viettel),
    (36, Carrier::Viettel),
    (37, Carrier::Viettel),
    (38, Carrier::Viettel),
    (39, Carrier::Viettel),
    (52, Carrier::Vietnamobile),
    (55, Carrier::Wintel),
    (56, Carrier::Vietnamobile),
    (58, Carrier::Vietnamobile),
    (59, Carrier::Gmobile),
    (70, Carrier::Mobifone),
    (76, Carrier::Mobifone),
    (77, Carrier::Mobifone),
    (78, Carrier::Mobifone),
    (79, Carrier::Mobifone),
    (81, Carrier::Vinaphone),
    (82, Carrier::Vinaphone),
    (83, Carrier::Vinaphone),
    (84, Carrier::Vinaphone),
    (85, Carrier::Vinaphone),
    (86, Carrier::Viettel),
    (87, Carrier::Itel),
    (88, Carrier::Vinaphone),
    (89, Carrier::Mobifone),
    (90, Carrier::Mobifone),
    (91, Carrier::Vinaphone),
    (92, Carrier::Vietnamobile),
    (93, Carrier::Mobifone),
    (94, Carrier::Vinaphone),
    (96, Carrier::Viettel),
    (97, Carrier::Viettel),
    (98, Carrier::Viettel),
    (99, Carrier::Gmobile),
];

/// The 2018 conversion table: old 11-digit prefix (`01xx`) → new 3-digit prefix.
const RENUMBERED: [(&str, &str); 21] = [
    ("0120", "070"),
    ("0121", "079"),
    ("0122", "077"),
    ("0126", "076"),
    ("0128", "078"),
    ("0123", "083"),
    ("0124", "084"),
    ("0125", "085"),
    ("0127", "081"),
    ("0129", "082"),
    ("0162", "032"),
    ("0163", "033"),
    ("0164", "034"),
    ("0165", "035"),
    ("0166", "036"),
    ("0167", "037"),
    ("0168", "038"),
    ("0169", "039"),
    ("0186", "056"),
    ("0188", "058"),
    ("0199", "059"),
];

/// All mobile prefixes a number may start with today, as `"032"` … `"099"`.
pub fn mobile_prefixes() -> impl Iterator<Item = String> {
    PREFIXES.iter().map(|(p, _)| format!("0{p:02}"))
}

/// Fixed-line area codes since the 2017 renumbering: a national number is `02`, then
/// digits `d` and `e` with bit `e` of `FIXED_LINE[d]` set, then seven more (11 digits in
/// all; Hà Nội 024 and Hồ Chí Minh City 028 have 3-digit area codes and 8-digit
/// subscribers, which the table covers through their first subscriber digit). Taken from
/// the fixed-line pattern of libphonenumber's metadata for +84: 0203–0209, 0210–0219
/// without 0217, 0220–0229 without 0223/0224, 0232–0239, 0251, 0252, 0254–0259,
/// 0260–0263, 0269, 0270–0277, 0290–0299 without 0295/0298.
const FIXED_LINE: [u16; 10] = [
    0b11_1111_1000, // 020x
    0b11_0111_1111, // 021x
    0b11_1110_0111, // 022x
    0b11_1111_1100, // 023x
    0b01_1111_1100, // 024 + subscriber 2–8
    0b11_1111_0110, // 025x
    0b10_0000_1111, // 026x
    0b00_1111_1111, // 027x
    0b11_1111_1100, // 028 + subscriber 2–9
    0b10_1101_1111, // 029x
];

fn carrier_of(two: u8) -> Option<Carrier> {
    PREFIXES.iter().find(|(p, _)| *p == two).map(|(_, c)| *c)
}

/// A Vietnamese mobile number in national form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone {
    national: String,
    carrier: Carrier,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("empty phone number")]
    Empty,
    #[error("phone number contains characters other than digits: {0:?}")]
    InvalidCharacters(String),
    #[error("not a Vietnamese number (+84): {0}")]
    Foreign(String),
    #[error("{0} is a landline number")]
    Landline(String),
    #[error("{old} is an old 11-digit number, now {new}")]
    Renumbered { old: String, new: String },
    #[error("a mobile number has 10 digits; got {0}")]
    WrongLength(usize),
    #[error("{prefix} is not a Vietnamese mobile prefix")]
    NotMobilePrefix { prefix: String },
    #[error("a fixed-line number has 11 digits; got {0}")]
    LandlineLength(usize),
    #[error("{prefix} is not a Vietnamese fixed-line area code")]
    UnknownAreaCode { prefix: String },
}

impl PhoneError {
    pub fn message_vi(&self) -> String {
        match self {
            PhoneError::Empty => "Chưa nhập số điện thoại".into(),
            PhoneError::InvalidCharacters(s) => format!("Số điện thoại chỉ gồm chữ số, không hợp lệ: {s}"),
            PhoneError::Foreign(s) => format!("Chỉ nhận số di động Việt Nam (mã +84), không nhận {s}"),
            PhoneError::Landline(s) => format!("{s} là số máy cố định; vui lòng nhập số di động, ví dụ 091…"),
            PhoneError::Renumbered { old, new } => {
                format!("{old} là số 11 chữ số cũ; từ năm 2018 số này đã đổi thành {new}")
            }
            PhoneError::WrongLength(n) => format!("Số di động gồm 10 chữ số (bắt đầu bằng 0), bạn nhập {n} chữ số"),
            PhoneError::NotMobilePrefix { prefix } => format!(
                "Số điện thoại phải bắt đầu bằng đầu số di động Việt Nam, ví dụ 091…, 098…, 032…; {prefix} không phải đầu số di động"
            ),
            PhoneError::LandlineLength(n) => {
                format!("Số máy cố định gồm 11 chữ số (mã vùng và số thuê bao, ví dụ 024 3825 1234), bạn nhập {n} chữ số")
            }
            PhoneError::UnknownAreaCode { prefix } => {
                format!("{prefix}… không phải mã vùng điện thoại cố định của Việt Nam (ví dụ 024 Hà Nội, 028 TP. Hồ Chí Minh, 0236 Đà Nẵng)")
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            PhoneError::Empty => "No phone number entered".into(),
            PhoneError::InvalidCharacters(s) => format!("A phone number contains only digits; not valid: {s}"),
            PhoneError::Foreign(s) => format!("Only Vietnamese mobile numbers (+84) are accepted, not {s}"),
            PhoneError::Landline(s) => format!("{s} is a landline number; please enter a mobile number, e.g. 091…"),
            PhoneError::Renumbered { old, new } => {
                format!("{old} is an old 11-digit number; since 2018 it is {new}")
            }
            PhoneError::WrongLength(n) => format!("A mobile number has 10 digits (starting with 0); you entered {n}"),
            PhoneError::NotMobilePrefix { prefix } => format!(
                "The phone number must start with a Vietnamese mobile prefix such as 091…, 098…, 032…; {prefix} is not one"
            ),
            PhoneError::LandlineLength(n) => {
                format!("A fixed-line number has 11 digits (area code and subscriber, e.g. 024 3825 1234); you entered {n}")
            }
            PhoneError::UnknownAreaCode { prefix } => format!(
                "{prefix}… is not a Vietnamese fixed-line area code (e.g. 024 Hà Nội, 028 Hồ Chí Minh City, 0236 Đà Nẵng)"
            ),
        }
    }
}

impl Phone {
    /// Accepts `0912 345 678`, `091.234.5678`, `+84 912 345 678`, `84912345678`,
    /// `0084…`, and the nine digits after the leading 0 when it was left off.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let national = national_digits(input)?;
        if national.starts_with("02") {
            return Err(PhoneError::Landline(national));
        }
        if national.len() == 11 && national.starts_with("01") {
            if let Some((old, new)) = RENUMBERED.iter().find(|(old, _)| national.starts_with(old)) {
                return Err(PhoneError::Renumbered {
                    old: national.clone(),
                    new: format!("{new}{}", &national[old.len()..]),
                });
            }
        }
        if national.len() != 10 {
            return Err(PhoneError::WrongLength(national.len()));
        }
        let b = national.as_bytes();
        let prefix = national[..3].to_owned();
        let carrier = if b[0] == b'0' {
            carrier_of((b[1] - b'0') * 10 + (b[2] - b'0'))
        } else {
            None
        };
        match carrier {
            Some(carrier) => Ok(Phone { national, carrier }),
            None => Err(PhoneError::NotMobilePrefix { prefix }),
        }
    }

    /// `0912345678`.
    pub fn national(&self) -> &str {
        &self.national
    }

    /// `+84912345678`, for SMS gateways.
    pub fn international(&self) -> String {
        format!("+84{}", &self.national[1..])
    }

    /// Carrier that was assigned the prefix; the subscriber may have ported since.
    pub fn carrier(&self) -> Carrier {
        self.carrier
    }
}

/// A Vietnamese fixed-line number in national form, `02…` with 11 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Landline {
    national: String,
}

impl Landline {
    /// Accepts the spellings [`Phone::parse`] does (`024 3825 1234`, `+84 236 3822 123`).
    pub fn parse(input: &str) -> Result<Landline, PhoneError> {
        let national = national_digits(input)?;
        let b = national.as_bytes();
        let known = b.len() >= 4
            && b.starts_with(b"02")
            && FIXED_LINE[usize::from(b[2] - b'0')] & (1 << (b[3] - b'0')) != 0;
        if !known {
            return Err(PhoneError::UnknownAreaCode {
                prefix: national.chars().take(4).collect(),
            });
        }
        if national.len() != 11 {
            return Err(PhoneError::LandlineLength(national.len()));
        }
        Ok(Landline { national })
    }

    /// `02438251234`.
    pub fn national(&self) -> &str {
        &self.national
    }
}

/// The digits of a Vietnamese number in national form (leading 0), from any of the
/// usual spellings; foreign numbers are refused here.
fn national_digits(input: &str) -> Result<String, PhoneError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(PhoneError::Empty);
    }
    let (plus, rest) = match trimmed.strip_prefix('+') {
        Some(r) => (true, r),
        None => (false, trimmed),
    };
    let digits = digits_only(rest, &['.', '-', '(', ')'])
        .ok_or_else(|| PhoneError::InvalidCharacters(echo(trimmed)))?;
    if digits.is_empty() {
        return Err(PhoneError::InvalidCharacters(echo(trimmed)));
    }
    let national = if plus {
        match digits.strip_prefix("84") {
            Some(r) => format!("0{}", r.trim_start_matches('0')),
            None => return Err(PhoneError::Foreign(echo(trimmed))),
        }
    } else if let Some(r) = digits.strip_prefix("0084") {
        format!("0{}", r.trim_start_matches('0'))
    } else if digits.starts_with("00") {
        return Err(PhoneError::Foreign(echo(trimmed)));
    } else if (digits.len() == 11 || digits.len() == 12) && digits.starts_with("84") {
        format!("0{}", &digits[2..])
    } else if (digits.len() == 9 && !digits.starts_with('0'))
        || (digits.len() == 10 && digits.starts_with('2'))
    {
        // The trunk 0 left off a mobile (9 digits) or a fixed line (10, area code 2x).
        format!("0{digits}")
    } else {
        digits
    };
    Ok(national)
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.national)
    }
}
