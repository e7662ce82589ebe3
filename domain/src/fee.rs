//! Fee rules: what a procedure costs, summarised for lists and filters.

use crate::procedure::Fee;
use serde::{Deserialize, Serialize};

/// Channel name the national portal uses for online submission.
const ONLINE_CHANNEL: &str = "Trực tuyến";

/// What a list needs to know about a procedure's fees, without the whole fee table.
///
/// `amount_vnd` is only known where the source states it without doubt, so `free` is
/// true only when every row is known to be zero, never merely because amounts are missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeeSummary {
    #[serde(rename = "min", default, skip_serializing_if = "Option::is_none")]
    pub min_vnd: Option<i64>,
    #[serde(rename = "max", default, skip_serializing_if = "Option::is_none")]
    pub max_vnd: Option<i64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub free: bool,
    /// Highest known non-zero amount on a row that applies to online submission.
    #[serde(rename = "on", default, skip_serializing_if = "Option::is_none")]
    pub online_fee_vnd: Option<i64>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl FeeSummary {
    pub fn of(fees: &[Fee]) -> FeeSummary {
        let known = fees.iter().filter_map(|f| f.amount_vnd);
        let min_vnd = known.clone().min();
        let max_vnd = known.max();
        let free = !fees.is_empty() && fees.iter().all(|f| f.amount_vnd == Some(0));
        let online_fee_vnd = fees
            .iter()
            .filter(|f| applies_online(f))
            .filter_map(|f| f.amount_vnd)
            .filter(|&a| a > 0)
            .max();
        FeeSummary {
            min_vnd,
            max_vnd,
            free,
            online_fee_vnd,
        }
    }

    pub fn has_online_fee(&self) -> bool {
        self.online_fee_vnd.is_some()
    }
}

/// True when the fee row's channels include online submission.
pub fn applies_online(fee: &Fee) -> bool {
    fee.description
        .as_deref()
        .is_some_and(|d| d.contains(ONLINE_CHANNEL))
}

/// True when any fee row names the online channel: the portal lists the procedure as
/// one that accepts online submission.
pub fn has_online_channel(fees: &[Fee]) -> bool {
    fees.iter().any(applies_online)
}

/// Formats an amount the Vietnamese way: `1.500.000 ₫`.
pub fn format_vnd(amount: i64) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}{} ₫", group_digits(amount.unsigned_abs(), '.'))
}

/// `1500000` → `1.500.000` with `'.'` (Vietnamese) or `1,500,000` with `','` (English).
pub fn group_digits(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fee(desc: Option<&str>, amount: Option<i64>) -> Fee {
        Fee {
            description: desc.map(str::to_owned),
            amount_vnd: amount,
            text: String::new(),
        }
    }

    #[test]
    fn free_needs_every_row_known_zero() {
        assert!(FeeSummary::of(&[fee(None, Some(0)), fee(Some("Trực tuyến"), Some(0))]).free);
        assert!(!FeeSummary::of(&[fee(None, Some(0)), fee(None, None)]).free);
        assert!(!FeeSummary::of(&[]).free);
    }

    #[test]
    fn online_fee_only_from_online_rows() {
        let s = FeeSummary::of(&[
            fee(Some("Trực tiếp"), Some(100_000)),
            fee(Some("Trực tuyến, Dịch vụ bưu chính"), Some(50_000)),
        ]);
        assert_eq!(s.online_fee_vnd, Some(50_000));
        assert_eq!((s.min_vnd, s.max_vnd), (Some(50_000), Some(100_000)));
        assert!(!FeeSummary::of(&[fee(Some("Trực tiếp"), Some(100_000))]).has_online_fee());
    }

    #[test]
    fn vnd_uses_dots_and_dong_sign() {
        assert_eq!(format_vnd(0), "0 ₫");
        assert_eq!(format_vnd(999), "999 ₫");
        assert_eq!(format_vnd(1_500_000), "1.500.000 ₫");
        assert_eq!(format_vnd(-25_000), "-25.000 ₫");
        assert_eq!(format_vnd(i64::MIN), "-9.223.372.036.854.775.808 ₫");
        assert_eq!(group_digits(2849, ','), "2,849");
    }
}
