//! Turning domain values into the words a list or a detail page shows.

use crate::i18n::Strings;
use domain::fee::{format_vnd, group_digits};
use domain::{FeeSummary, Level};

/// `2849` → `2.849`, the Vietnamese way.
pub fn thousands(n: usize) -> String {
    group_digits(n as u64, '.')
}

/// `2849` → `2,849`, the English way.
pub fn thousands_en(n: usize) -> String {
    group_digits(n as u64, ',')
}

pub fn level(level: Option<Level>, t: &Strings) -> &'static str {
    match level {
        Some(Level::Province) => t.level_province,
        Some(Level::District) => t.level_district,
        Some(Level::Commune) => t.level_commune,
        Some(Level::Ministry) => t.level_ministry,
        None => t.level_unknown,
    }
}

/// One line about cost for a result list: free, an amount, a range, or "see details"
/// when the published fee text gives no amount we can trust.
pub fn fee_summary(fee: &FeeSummary, t: &Strings) -> String {
    let base = if fee.free {
        t.fee_free.to_owned()
    } else {
        match (fee.min_vnd, fee.max_vnd) {
            (Some(min), Some(max)) if min == max => format_vnd(min),
            (Some(min), Some(max)) => format!("{} – {}", format_vnd(min), format_vnd(max)),
            _ => t.fee_unknown.to_owned(),
        }
    };
    match fee.online_fee_vnd {
        // A single amount that already is the online fee says it all.
        Some(online) if fee.min_vnd != fee.max_vnd || fee.min_vnd != Some(online) => {
            format!("{base} ({})", (t.fee_online)(&format_vnd(online)))
        }
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn groups_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2849), "2.849");
        assert_eq!(thousands_en(1_234_567), "1,234,567");
    }
}
