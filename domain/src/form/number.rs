//! Amounts and whole numbers as people type them.
//!
//! Vietnamese writes `1.500.000` (dot groups thousands, comma marks decimals); people
//! also paste `1,500,000` from English sites and add `đ`, `₫` or `VND`. The đồng has no
//! minor unit, so a non-zero fraction is a mistake to point out, never to round away.

use crate::ids::echo;

/// One thousand trillion đồng; anything larger on a public-service form is a typo.
pub const MAX_VND: i64 = 1_000_000_000_000_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("empty")]
    Empty,
    #[error("not a number: {0:?}")]
    NotANumber(String),
    #[error("amounts cannot be negative")]
    Negative,
    #[error("the đồng has no fractional part: {0:?}")]
    Fraction(String),
    #[error("thousands must be grouped by 3 digits: {0:?}")]
    Grouping(String),
    #[error("number too large")]
    TooLarge,
}

impl NumberError {
    pub fn message_vi(&self) -> String {
        match self {
            NumberError::Empty => "Chưa nhập số".into(),
            NumberError::NotANumber(s) => format!("“{s}” không phải là số"),
            NumberError::Negative => "Số tiền không được âm".into(),
            NumberError::Fraction(s) => {
                format!("“{s}” có phần lẻ; tiền đồng không có phần lẻ, hãy nhập như 1.500.000")
            }
            NumberError::Grouping(s) => {
                format!("“{s}” viết chưa đúng: dấu chấm ngăn cách mỗi 3 chữ số, ví dụ 1.500.000")
            }
            NumberError::TooLarge => "Số quá lớn".into(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            NumberError::Empty => "No number entered".into(),
            NumberError::NotANumber(s) => format!("“{s}” is not a number"),
            NumberError::Negative => "An amount cannot be negative".into(),
            NumberError::Fraction(s) => {
                format!("“{s}” has a fractional part; the đồng has none, enter e.g. 1.500.000")
            }
            NumberError::Grouping(s) => {
                format!(
                    "“{s}” is not written correctly: separators go every 3 digits, e.g. 1.500.000"
                )
            }
            NumberError::TooLarge => "The number is too large".into(),
        }
    }
}

/// Currency marks after folding (so "VNĐ", "đồng" and "Đ" all match); "d" is how "đ"
/// comes out of keyboards without Vietnamese.
const CURRENCY: [&str; 4] = ["vnd", "dong", "₫", "d"];

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{202f}'
}

/// Parses an amount in đồng: `1.500.000`, `1500000`, `1,500,000 đ`, `1.500.000 ₫`,
/// `1 500 000 VND`, `1.500.000,00`.
pub fn parse_vnd(input: &str) -> Result<i64, NumberError> {
    // The search fold (shared, table-light) rather than `to_lowercase`, whose Unicode
    // tables the WASM app would otherwise carry.
    let folded = crate::fold::fold(input.trim());
    let mut s = folded.as_str();
    for c in CURRENCY {
        if let Some(rest) = s.strip_suffix(c) {
            s = rest.trim_end();
            break;
        }
    }
    for c in ["vnd", "₫"] {
        if let Some(rest) = s.strip_prefix(c) {
            s = rest.trim_start();
            break;
        }
    }
    if s.is_empty() {
        return Err(NumberError::Empty);
    }
    if s.starts_with('-') {
        return Err(NumberError::Negative);
    }
    let s = s.strip_prefix('+').unwrap_or(s);
    let digits = grouped_digits(s, input.trim())?;
    to_i64(&digits)
        .filter(|&v| v <= MAX_VND)
        .ok_or(NumberError::TooLarge)
}

/// Parses a whole number, with an optional sign and the same thousands grouping.
pub fn parse_integer(input: &str) -> Result<i64, NumberError> {
    let t = input.trim();
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(t).trim_start()),
    };
    let digits = grouped_digits(body, t)?;
    let v = to_i64(&digits).ok_or(NumberError::TooLarge)?;
    Ok(if neg { -v } else { v })
}

fn to_i64(digits: &str) -> Option<i64> {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.len() > 18 {
        return None;
    }
    if trimmed.is_empty() {
        return Some(0);
    }
    trimmed.parse::<i64>().ok()
}

/// Digits of a number written with `.`, `,` or spaces between thousands; a trailing
/// decimal part is accepted only when it is all zeros.
fn grouped_digits(s: &str, shown: &str) -> Result<String, NumberError> {
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_space(c))
    {
        return Err(NumberError::NotANumber(echo(shown)));
    }
    if !s.starts_with(|c: char| c.is_ascii_digit()) || !s.ends_with(|c: char| c.is_ascii_digit()) {
        return Err(NumberError::NotANumber(echo(shown)));
    }
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    // Decide which mark, if any, separates a decimal part.
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) | (0, _) => {
            let mark = if dots > 0 { '.' } else { ',' };
            let tail = s.rsplit(mark).next().unwrap_or("");
            // A single mark followed by other than 3 digits can only be a decimal point.
            ((dots + commas) == 1 && tail.len() != 3).then_some(mark)
        }
        // Both marks: whichever comes last is the decimal one.
        _ => s.rfind(['.', ',']).and_then(|i| s[i..].chars().next()),
    };
    let (int_part, frac) = match decimal {
        Some(mark) => match s.rsplit_once(mark) {
            Some((i, f)) => (i, f),
            None => (s, ""),
        },
        None => (s, ""),
    };
    if !frac.chars().all(|c| c == '0') || frac.chars().any(is_space) {
        return Err(NumberError::Fraction(echo(shown)));
    }
    let groups: Vec<&str> = int_part
        .split(|c: char| c == '.' || c == ',' || is_space(c))
        .collect();
    if groups.len() > 1 {
        let mark_kinds = [int_part.contains('.'), int_part.contains(',')];
        let ok = mark_kinds.iter().filter(|&&k| k).count() <= 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return Err(NumberError::Grouping(echo(shown)));
        }
    }
    Ok(groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_the_ways_people_type_them() {
        for s in [
            "1.500.000",
            "1500000",
            "1,500,000 đ",
            "1.500.000 ₫",
            "1 500 000 VND",
            "1.500.000đ",
            "1.500.000,00",
            "1,500,000.00",
            "VND 1.500.000",
            "1500000 đồng",
            " 1.500.000 vnđ ",
        ] {
            assert_eq!(parse_vnd(s), Ok(1_500_000), "{s}");
        }
        assert_eq!(parse_vnd("0"), Ok(0));
        assert_eq!(parse_vnd("1.500"), Ok(1_500));
    }

    #[test]
    fn amounts_that_are_mistakes() {
        assert!(matches!(parse_vnd("1,5"), Err(NumberError::Fraction(_))));
        assert!(matches!(
            parse_vnd("1.500.000,50"),
            Err(NumberError::Fraction(_))
        ));
        assert!(matches!(
            parse_vnd("15.00.000"),
            Err(NumberError::Grouping(_))
        ));
        assert!(matches!(
            parse_vnd("1.500,000.000"),
            Err(NumberError::Fraction(_) | NumberError::Grouping(_))
        ));
        assert_eq!(parse_vnd("-5.000"), Err(NumberError::Negative));
        assert_eq!(parse_vnd("đ"), Err(NumberError::Empty));
        assert!(matches!(parse_vnd("abc"), Err(NumberError::NotANumber(_))));
        assert!(matches!(parse_vnd("1..000"), Err(NumberError::Grouping(_))));
        assert_eq!(
            parse_vnd("99999999999999999999999"),
            Err(NumberError::TooLarge)
        );
    }

    #[test]
    fn integers() {
        assert_eq!(parse_integer("12"), Ok(12));
        assert_eq!(parse_integer("-3"), Ok(-3));
        assert_eq!(parse_integer("1.000"), Ok(1000));
        assert!(parse_integer("1.5").is_err());
        assert!(parse_integer("").is_err());
    }
}
