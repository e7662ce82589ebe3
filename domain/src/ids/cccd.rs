//! Số định danh cá nhân, the 12-digit number on a citizen ID card (CCCD / thẻ căn cước).
//!
//! Structure (Thông tư 07/2016/TT-BCA, Điều 7, kept by Thông tư 59/2021/TT-BCA and the
//! 2023 Luật Căn cước): three digits for the province where the birth was registered, one
//! digit for sex and century of birth, two for the last digits of the birth year, six
//! random. The number has no check digit, so the province table and the consistency with
//! date of birth and sex are all a form can verify.

use super::{digits_only, echo};
use crate::date::Date;
use serde::{Deserialize, Serialize};

/// The province codes that existing numbers carry: the 63 provinces before the 2025
/// rearrangement, each the two-digit GSO province code with a leading zero (Phụ lục,
/// Thông tư 07/2016/TT-BCA; Thông tư 59/2021/TT-BCA). Numbers are never reissued when
/// provinces merge, so this list stays valid after 2025 even though the administrative
/// map now has 34 provinces; it is NOT the 2025 list.
const PROVINCES: [(u16, &str); 63] = [
    (1, "Hà Nội"),
    (2, "Hà Giang"),
    (4, "Cao Bằng"),
    (6, "Bắc Kạn"),
    (8, "Tuyên Quang"),
    (10, "Lào Cai"),
    (11, "Điện Biên"),
    (12, "Lai Châu"),
    (14, "Sơn La"),
    (15, "Yên Bái"),
    (17, "Hòa Bình"),
    (19, "Thái Nguyên"),
    (20, "Lạng Sơn"),
    (22, "Quảng Ninh"),
    (24, "Bắc Giang"),
    (25, "Phú Thọ"),
    (26, "Vĩnh Phúc"),
    (27, "Bắc Ninh"),
    (30, "Hải Dương"),
    (31, "Hải Phòng"),
    (33, "Hưng Yên"),
    (34, "Thái Bình"),
    (35, "Hà Nam"),
    (36, "Nam Định"),
    (37, "Ninh Bình"),
    (38, "Thanh Hóa"),
    (40, "Nghệ An"),
    (42, "Hà Tĩnh"),
    (44, "Quảng Bình"),
    (45, "Quảng Trị"),
    (46, "Thừa Thiên Huế"),
    (48, "Đà Nẵng"),
    (49, "Quảng Nam"),
    (51, "Quảng Ngãi"),
    (52, "Bình Định"),
    (54, "Phú Yên"),
    (56, "Khánh Hòa"),
    (58, "Ninh Thuận"),
    (60, "Bình Thuận"),
    (62, "Kon Tum"),
    (64, "Gia Lai"),
    (66, "Đắk Lắk"),
    (67, "Đắk Nông"),
    (68, "Lâm Đồng"),
    (70, "Bình Phước"),
    (72, "Tây Ninh"),
    (74, "Bình Dương"),
    (75, "Đồng Nai"),
    (77, "Bà Rịa - Vũng Tàu"),
    (79, "Hồ Chí Minh"),
    (80, "Long An"),
    (82, "Tiền Giang"),
    (83, "Bến Tre"),
    (84, "Trà Vinh"),
    (86, "Vĩnh Long"),
    (87, "Đồng Tháp"),
    (89, "An Giang"),
    (91, "Kiên Giang"),
    (92, "Cần Thơ"),
    (93, "Hậu Giang"),
    (94, "Sóc Trăng"),
    (95, "Bạc Liêu"),
    (96, "Cà Mau"),
];

/// Name of the (pre-2025) province a CCCD code stands for, e.g. `1` → "Hà Nội".
pub fn province_name(code: u16) -> Option<&'static str> {
    PROVINCES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn label_vi(self) -> &'static str {
        match self {
            Sex::Male => "nam",
            Sex::Female => "nữ",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// A 12-digit personal identification number whose structure is valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cccd {
    number: String,
    province: u16,
    sex: Sex,
    birth_year: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CccdError {
    #[error("empty ID number")]
    Empty,
    #[error("ID number contains characters other than digits: {0:?}")]
    InvalidCharacters(String),
    #[error("an ID number has 12 digits; got {0}")]
    WrongLength(usize),
    #[error("{number}: {code:03} is not a province code")]
    UnknownProvince { number: String, code: u16 },
    #[error("{number}: birth year {year} is in the future")]
    BirthYearInFuture { number: String, year: u32 },
    #[error("{number} encodes birth year {encoded}, date of birth says {given}")]
    BirthYearMismatch {
        number: String,
        encoded: u32,
        given: u32,
    },
    #[error("{number} encodes sex {encoded:?}, the form says {given:?}")]
    SexMismatch {
        number: String,
        encoded: Sex,
        given: Sex,
    },
}

impl CccdError {
    pub fn message_vi(&self) -> String {
        match self {
            CccdError::Empty => "Chưa nhập số định danh cá nhân (số CCCD)".into(),
            CccdError::InvalidCharacters(s) => format!("Số CCCD chỉ gồm chữ số, không hợp lệ: {s}"),
            CccdError::WrongLength(9) => {
                "Số CCCD gồm 12 chữ số; 9 chữ số là số CMND cũ, vui lòng nhập số định danh cá nhân 12 số".into()
            }
            CccdError::WrongLength(n) => format!("Số CCCD gồm 12 chữ số, bạn nhập {n} chữ số"),
            CccdError::UnknownProvince { number, code } => {
                format!("Số CCCD {number} không hợp lệ: 3 số đầu {code:03} không phải mã tỉnh nơi đăng ký khai sinh")
            }
            CccdError::BirthYearInFuture { number, year } => {
                format!("Số CCCD {number} không hợp lệ: năm sinh mã hóa ({year}) ở tương lai")
            }
            CccdError::BirthYearMismatch { number, encoded, given } => {
                format!("Số CCCD {number} ứng với năm sinh {encoded}, nhưng ngày sinh đã khai là năm {given}")
            }
            CccdError::SexMismatch { number, encoded, given } => format!(
                "Số CCCD {number} ứng với giới tính {}, nhưng giới tính đã khai là {}",
                encoded.label_vi(),
                given.label_vi()
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            CccdError::Empty => "No personal ID (CCCD) number entered".into(),
            CccdError::InvalidCharacters(s) => format!("A CCCD number contains only digits; not valid: {s}"),
            CccdError::WrongLength(9) => {
                "A CCCD number has 12 digits; 9 digits is an old ID card (CMND) number, enter the 12-digit personal ID"
                    .into()
            }
            CccdError::WrongLength(n) => format!("A CCCD number has 12 digits; you entered {n}"),
            CccdError::UnknownProvince { number, code } => {
                format!("CCCD number {number} is not valid: its first 3 digits {code:03} are not a province code")
            }
            CccdError::BirthYearInFuture { number, year } => {
                format!("CCCD number {number} is not valid: the birth year it encodes ({year}) is in the future")
            }
            CccdError::BirthYearMismatch { number, encoded, given } => {
                format!("CCCD number {number} belongs to someone born in {encoded}, but the date of birth given is in {given}")
            }
            CccdError::SexMismatch { number, encoded, given } => format!(
                "CCCD number {number} encodes sex {}, but the sex given is {}",
                encoded.label_en(),
                given.label_en()
            ),
        }
    }
}

impl Cccd {
    /// Accepts 12 digits, tolerating spaces and dots between groups.
    pub fn parse(input: &str) -> Result<Cccd, CccdError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(CccdError::Empty);
        }
        let number = digits_only(trimmed, &['.', '-'])
            .ok_or_else(|| CccdError::InvalidCharacters(echo(trimmed)))?;
        if number.len() != 12 {
            return Err(CccdError::WrongLength(number.len()));
        }
        let digit = |i: usize| u32::from(number.as_bytes()[i] - b'0');
        let province = (digit(0) * 100 + digit(1) * 10 + digit(2)) as u16;
        if province_name(province).is_none() {
            return Err(CccdError::UnknownProvince {
                number,
                code: province,
            });
        }
        // Digit 4: even = male, odd = female; each pair steps one century from 1900.
        let g = digit(3);
        let sex = if g % 2 == 0 { Sex::Male } else { Sex::Female };
        let birth_year = 1900 + (g / 2) * 100 + digit(4) * 10 + digit(5);
        Ok(Cccd {
            number,
            province,
            sex,
            birth_year,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.number
    }

    /// Pre-2025 province code of the birth registration, e.g. 1 for Hà Nội.
    pub fn province_code(&self) -> u16 {
        self.province
    }

    pub fn province_name(&self) -> &'static str {
        province_name(self.province).unwrap_or("")
    }

    pub fn sex(&self) -> Sex {
        self.sex
    }

    pub fn birth_year(&self) -> u32 {
        self.birth_year
    }

    /// A number cannot belong to someone born after `today`.
    pub fn check_not_future(&self, today: Date) -> Result<(), CccdError> {
        if self.birth_year > today.year() {
            return Err(CccdError::BirthYearInFuture {
                number: self.number.clone(),
                year: self.birth_year,
            });
        }
        Ok(())
    }

    pub fn check_birth_date(&self, dob: Date) -> Result<(), CccdError> {
        if dob.year() != self.birth_year {
            return Err(CccdError::BirthYearMismatch {
                number: self.number.clone(),
                encoded: self.birth_year,
                given: dob.year(),
            });
        }
        Ok(())
    }

    pub fn check_sex(&self, sex: Sex) -> Result<(), CccdError> {
        if sex != self.sex {
            return Err(CccdError::SexMismatch {
                number: self.number.clone(),
                encoded: self.sex,
                given: sex,
            });
        }
        Ok(())
    }
}
