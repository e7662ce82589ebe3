//! Option lists shared by many forms, named from a schema with `"options_ref"` instead of
//! being copied into every file (54 ethnic groups in eight fields of six forms would be
//! the same list eight times, each free to drift).

use super::schema::{Choice, Text};
use serde::Serialize;

/// A built-in list a choice field can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SharedOptions {
    /// The 54 ethnic groups of Vietnam; values are their two-digit codes.
    Ethnicities,
}

impl SharedOptions {
    pub fn parse(name: &str) -> Option<SharedOptions> {
        match name {
            "ethnicities" => Some(SharedOptions::Ethnicities),
            _ => None,
        }
    }

    pub fn choices(self) -> Vec<Choice> {
        match self {
            SharedOptions::Ethnicities => ETHNICITIES
                .iter()
                .map(|(code, vi, en)| Choice {
                    value: (*code).to_owned(),
                    label: Text::new(*vi, *en),
                })
                .collect(),
        }
    }
}

/// Danh mục các dân tộc Việt Nam (Quyết định 121-TCTK/PPCĐ, 2 March 1979), with that
/// decision's codes. The GSO's 2008 list (Quyết định 1019/QĐ-TCTK) orders by population
/// and renumbers from 04 on (04 Mường, 06 Hoa), so a stored code means nothing without
/// the list it came from. Names are spelt as in the 2019 census tables (Mông, not the
/// 1979 "HMông (Mèo)"); the English column is the usual romanisation, with the exonym
/// where one is common.
const ETHNICITIES: [(&str, &str, &str); 54] = [
    ("01", "Kinh", "Kinh (Viet)"),
    ("02", "Tày", "Tay"),
    ("03", "Thái", "Thai"),
    ("04", "Hoa", "Hoa (Chinese)"),
    ("05", "Khơ-me", "Khmer"),
    ("06", "Mường", "Muong"),
    ("07", "Nùng", "Nung"),
    ("08", "Mông", "Hmong"),
    ("09", "Dao", "Dao (Yao)"),
    ("10", "Gia-rai", "Gia Rai (Jarai)"),
    ("11", "Ngái", "Ngai"),
    ("12", "Ê-đê", "E De (Rhade)"),
    ("13", "Ba-na", "Ba Na (Bahnar)"),
    ("14", "Xơ-đăng", "Xo Dang (Sedang)"),
    ("15", "Sán Chay", "San Chay"),
    ("16", "Cơ-ho", "Co Ho (Koho)"),
    ("17", "Chăm", "Cham"),
    ("18", "Sán Dìu", "San Diu"),
    ("19", "Hrê", "Hre"),
    ("20", "Mnông", "Mnong"),
    ("21", "Ra-glai", "Ra Glai (Roglai)"),
    ("22", "Xtiêng", "Xtieng (Stieng)"),
    ("23", "Bru-Vân Kiều", "Bru-Van Kieu"),
    ("24", "Thổ", "Tho"),
    ("25", "Giáy", "Giay"),
    ("26", "Cơ-tu", "Co Tu (Katu)"),
    ("27", "Gié-Triêng", "Gie Trieng"),
    ("28", "Mạ", "Ma"),
    ("29", "Khơ-mú", "Kho Mu (Khmu)"),
    ("30", "Co", "Co"),
    ("31", "Tà-ôi", "Ta Oi"),
    ("32", "Chơ-ro", "Cho Ro"),
    ("33", "Kháng", "Khang"),
    ("34", "Xinh-mun", "Xinh Mun"),
    ("35", "Hà Nhì", "Ha Nhi"),
    ("36", "Chu-ru", "Chu Ru"),
    ("37", "Lào", "Lao"),
    ("38", "La Chí", "La Chi"),
    ("39", "La Ha", "La Ha"),
    ("40", "Phù Lá", "Phu La"),
    ("41", "La Hủ", "La Hu"),
    ("42", "Lự", "Lu"),
    ("43", "Lô Lô", "Lo Lo"),
    ("44", "Chứt", "Chut"),
    ("45", "Mảng", "Mang"),
    ("46", "Pà Thẻn", "Pa Then"),
    ("47", "Cơ Lao", "Co Lao"),
    ("48", "Cống", "Cong"),
    ("49", "Bố Y", "Bo Y"),
    ("50", "Si La", "Si La"),
    ("51", "Pu Péo", "Pu Peo"),
    ("52", "Brâu", "Brau"),
    ("53", "Ơ Đu", "O Du"),
    ("54", "Rơ-măm", "Ro Mam"),
];
