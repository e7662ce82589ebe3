//! What a dossier owes when it is filed online: the procedure's fee rows that name the
//! online channel, itemised as phí (a charge for a service) or lệ phí (a state levy),
//! because a receipt (biên lai) must show which is which.

use crate::fee::applies_online;
use crate::procedure::Fee;
use serde::{Deserialize, Serialize};

/// Phí or lệ phí: the law (Luật Phí và lệ phí 2015) treats them differently and a
/// receipt names each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FeeKind {
    /// Lệ phí: a levy for a state act such as a registration.
    LePhi,
    /// Phí: a charge for a public service such as an appraisal or a copy.
    Phi,
}

impl FeeKind {
    pub fn label_vi(self) -> &'static str {
        match self {
            FeeKind::LePhi => "Lệ phí",
            FeeKind::Phi => "Phí",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FeeKind::LePhi => "Levy (\"lệ phí\")",
            FeeKind::Phi => "Fee (\"phí\")",
        }
    }
}

/// One line of what is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeeItem {
    pub kind: FeeKind,
    /// The fee as the catalogue words it, e.g. "150,000 Việt Nam Đồng".
    pub label: String,
    pub amount_vnd: i64,
}

/// The online-channel fee rows with a known, non-zero amount.
///
/// The catalogue states the amount in `amount_vnd` when it is unambiguous and otherwise
/// only in `text` ("150,000 Việt Nam Đồng"); a text that is exactly one amount is read,
/// anything vaguer ("theo quy định") is not charged online, since charging a guess is
/// worse than letting the agency collect it.
pub fn due_online(fees: &[Fee]) -> Vec<FeeItem> {
    fees.iter()
        .filter(|f| applies_online(f))
        .filter_map(|f| {
            let amount = f.amount_vnd.or_else(|| amount_in_text(&f.text))?;
            (amount > 0).then(|| FeeItem {
                kind: kind_of(f),
                label: f.text.trim().to_owned(),
                amount_vnd: amount,
            })
        })
        .collect()
}

pub fn total(items: &[FeeItem]) -> i64 {
    items.iter().map(|i| i.amount_vnd).sum()
}

/// Lệ phí when the row's wording says so, phí otherwise.
fn kind_of(fee: &Fee) -> FeeKind {
    let words = format!("{} {}", fee.description.as_deref().unwrap_or(""), fee.text).to_lowercase();
    if words.contains("lệ phí") {
        FeeKind::LePhi
    } else {
        FeeKind::Phi
    }
}

/// `150,000 Việt Nam Đồng`, `50.000 VNĐ`, `10000 đồng` → the amount; anything with a
/// second number or no currency word → None.
fn amount_in_text(text: &str) -> Option<i64> {
    let t = text.trim();
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(t.len());
    let (number, rest) = t.split_at(digits_end);
    if number.is_empty() || rest.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = rest.trim().to_lowercase();
    let currency = ["việt nam đồng", "vnđ", "vnd", "đồng", "đ"];
    if !currency.iter().any(|c| rest == *c) {
        return None;
    }
    // Thousands separators only: "150,000" and "150.000" both mean 150000.
    let groups: Vec<&str> = number.split([',', '.']).collect();
    let grouped =
        groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) && !groups[0].is_empty();
    if groups.len() > 1 && !grouped {
        return None;
    }
    groups.concat().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fee(description: &str, amount: Option<i64>, text: &str) -> Fee {
        Fee {
            description: Some(description.into()),
            amount_vnd: amount,
            text: text.into(),
        }
    }

    #[test]
    fn reads_amounts_stated_only_in_text() {
        assert_eq!(amount_in_text("150,000 Việt Nam Đồng"), Some(150_000));
        assert_eq!(amount_in_text("50.000 VNĐ"), Some(50_000));
        assert_eq!(amount_in_text("10000 đồng"), Some(10_000));
        assert_eq!(amount_in_text("Miễn phí"), None);
        assert_eq!(amount_in_text("100,000 - 200,000 đồng"), None);
        assert_eq!(amount_in_text("1,5 triệu"), None);
        assert_eq!(amount_in_text("150,00 đồng"), None);
    }

    #[test]
    fn only_online_rows_with_an_amount_are_due() {
        let fees = vec![
            fee(
                "Trực tuyến, Dịch vụ bưu chính: (Lệ phí đăng ký hộ kinh doanh …)",
                None,
                "150,000 Việt Nam Đồng",
            ),
            fee("Trực tiếp: (…)", None, "50,000 VNĐ"),
        ];
        let due = due_online(&fees);
        assert_eq!(
            due,
            vec![FeeItem {
                kind: FeeKind::LePhi,
                label: "150,000 Việt Nam Đồng".into(),
                amount_vnd: 150_000
            }]
        );
        assert_eq!(total(&due), 150_000);
    }

    #[test]
    fn free_and_vague_rows_are_not_charged() {
        let fees = vec![
            fee("Trực tuyến, Trực tiếp", Some(0), "Miễn phí"),
            fee("Trực tuyến", None, "Theo quy định của HĐND tỉnh"),
        ];
        assert!(due_online(&fees).is_empty());
    }

    #[test]
    fn a_service_charge_is_phi() {
        let fees = vec![fee(
            "Trực tuyến: (Phí thẩm định hồ sơ)",
            Some(30_000),
            "30,000 đồng",
        )];
        assert_eq!(due_online(&fees)[0].kind, FeeKind::Phi);
    }
}
