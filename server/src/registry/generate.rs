//! The sandbox registry's content: a few fixed demo entries, then several hundred
//! synthetic ones from a seeded PRNG, so every start and every machine gets the same
//! data without shipping a data file.
//!
//! Everything a form would check holds: tax codes carry a valid check digit and a real
//! province prefix, personal IDs agree with the representative's birth date and sex,
//! business lines are VSIC 2018 codes, phones are mobile numbers, head offices are real
//! wards. Names are made up; any match with a real business or person is chance.

use domain::date::Date;
use domain::ids::{cccd, mst, Sex};
use domain::registry::{
    BusinessLine, Enterprise, EnterpriseKind, EnterpriseStatus, HeadOffice, LegalRepresentative,
};
use domain::{Province, Ward};
use std::collections::HashSet;

use super::words::{self, Sector};

/// Synthetic enterprises besides the demo ones and the branches.
const SYNTHETIC: usize = 340;

// The fixed demo entries, documented in docs/api.md. Sandbox codes have 9 as their third
// digit: the sequence numbers tax offices have issued are far from reaching 9,000,000, so
// these do not point at real enterprises.
/// Operating multi-member LLC in Hà Nội.
pub const DEMO_ACTIVE_COMPANY: &str = "0191234567";
/// Operating household business in Hà Nội.
pub const DEMO_HOUSEHOLD: &str = "0190000044";
/// Joint-stock company in TP.HCM with the two branches below.
pub const DEMO_PARENT: &str = "0390000027";
pub const DEMO_BRANCH_1: &str = "0390000027-001";
pub const DEMO_BRANCH_2: &str = "0390000027-002";
/// Temporarily suspended, in Đà Nẵng.
pub const DEMO_SUSPENDED: &str = "0490000013";
/// Dissolved, in Khánh Hòa.
pub const DEMO_DISSOLVED: &str = "4290000013";
/// Well-formed, valid check digit, and never in the registry: below the synthetic range.
pub const DEMO_UNKNOWN: &str = "0190000051";

/// Changing it changes every synthetic entry (the demo ones stay).
const SEED: u64 = 0x5EED_0000_0000_2025;

/// Synthetic sequence numbers start here (digits 3–9 of the code), above every demo one.
const SYNTHETIC_SEQUENCE_FLOOR: u32 = 9_200_000;

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("sandbox registry: province {0} is missing from the administrative units")]
    MissingProvince(u32),
    #[error("sandbox registry: ward {ward} of province {province} is missing from the administrative units")]
    MissingWard { province: u32, ward: u32 },
    #[error("sandbox registry: province {province} has no ward in codes {lo}–{hi}")]
    NoWards { province: u32, lo: u32, hi: u32 },
    #[error("sandbox registry: a generated date is not a calendar date: {0}")]
    Calendar(#[from] domain::date::DateError),
    #[error("sandbox registry: a generated date left the years 1–9999")]
    OutOfCalendar,
}

/// xorshift64*: tiny, fast and fully determined by its seed, which is all synthetic data
/// needs (nothing here is secret).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform enough in `0..n` for n far below 2³²; 0 when n is 0.
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            (self.next() >> 32) % n
        }
    }

    fn range(&mut self, lo: u32, hi_inclusive: u32) -> u32 {
        lo + self.below(u64::from(hi_inclusive.saturating_sub(lo)) + 1) as u32
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut r = self.below(total);
        for (item, w) in items {
            if r < u64::from(*w) {
                return *item;
            }
            r -= u64::from(*w);
        }
        items[items.len() - 1].0
    }
}

/// Where a tax code was issued: its two-digit prefix (the tax department's province
/// code) and where that province lies on the 2025 map. GSO ward codes were kept from the
/// pre-2025 communes and are numbered by old province, so a code range picks out the
/// part of a merged province that issued the prefix (Bình Dương inside TP.HCM, say).
#[derive(Clone, Copy)]
struct TaxArea {
    prefix: &'static str,
    province: u32,
    wards: (u32, u32),
    region: Region,
}

/// Address words differ by region: a street is "phố" in Hà Nội and Hải Phòng and
/// "đường" elsewhere; an alley is "ngõ" in the north, "kiệt" in the centre, "hẻm" in the
/// south; villages are "thôn"/"xóm" in the north and centre, "ấp" in the south.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Region {
    NorthCity,
    North,
    Central,
    South,
}

const ALL_WARDS: (u32, u32) = (0, u32::MAX);

const AREAS: &[(TaxArea, u32)] = &[
    (
        TaxArea {
            prefix: "01",
            province: 1,
            wards: ALL_WARDS,
            region: Region::NorthCity,
        },
        30,
    ),
    (
        TaxArea {
            prefix: "03",
            province: 79,
            wards: (26734, u32::MAX),
            region: Region::South,
        },
        24,
    ),
    (
        TaxArea {
            prefix: "04",
            province: 48,
            wards: (0, 20332),
            region: Region::Central,
        },
        6,
    ),
    (
        TaxArea {
            prefix: "02",
            province: 31,
            wards: (11296, u32::MAX),
            region: Region::NorthCity,
        },
        6,
    ),
    // Bình Dương and Bà Rịa - Vũng Tàu, now part of TP.HCM.
    (
        TaxArea {
            prefix: "37",
            province: 79,
            wards: (25741, 26000),
            region: Region::South,
        },
        5,
    ),
    (
        TaxArea {
            prefix: "35",
            province: 79,
            wards: (26491, 26733),
            region: Region::South,
        },
        3,
    ),
    (
        TaxArea {
            prefix: "36",
            province: 75,
            wards: (25993, u32::MAX),
            region: Region::South,
        },
        5,
    ),
    (
        TaxArea {
            prefix: "23",
            province: 24,
            wards: (9169, u32::MAX),
            region: Region::North,
        },
        4,
    ),
    (
        TaxArea {
            prefix: "18",
            province: 92,
            wards: (0, 31320),
            region: Region::South,
        },
        3,
    ),
    (
        TaxArea {
            prefix: "42",
            province: 56,
            wards: (0, 22735),
            region: Region::Central,
        },
        3,
    ),
    (
        TaxArea {
            prefix: "57",
            province: 22,
            wards: ALL_WARDS,
            region: Region::North,
        },
        3,
    ),
    (
        TaxArea {
            prefix: "28",
            province: 38,
            wards: ALL_WARDS,
            region: Region::North,
        },
        2,
    ),
    (
        TaxArea {
            prefix: "29",
            province: 40,
            wards: ALL_WARDS,
            region: Region::Central,
        },
        2,
    ),
    (
        TaxArea {
            prefix: "33",
            province: 46,
            wards: ALL_WARDS,
            region: Region::Central,
        },
        2,
    ),
    (
        TaxArea {
            prefix: "46",
            province: 19,
            wards: (5443, u32::MAX),
            region: Region::North,
        },
        2,
    ),
    // Hải Dương, now part of Hải Phòng; Quảng Nam, now part of Đà Nẵng.
    (
        TaxArea {
            prefix: "08",
            province: 31,
            wards: (0, 11295),
            region: Region::North,
        },
        2,
    ),
    (
        TaxArea {
            prefix: "40",
            province: 48,
            wards: (20335, u32::MAX),
            region: Region::Central,
        },
        2,
    ),
];

/// The administrative units the generator places head offices in.
struct Map<'a> {
    provinces: &'a [Province],
}

impl<'a> Map<'a> {
    fn province(&self, code: u32) -> Result<&'a Province, GenerateError> {
        self.provinces
            .iter()
            .find(|p| p.code == code)
            .ok_or(GenerateError::MissingProvince(code))
    }

    fn ward(&self, province: u32, ward: u32) -> Result<(&'a Province, &'a Ward), GenerateError> {
        let p = self.province(province)?;
        let w = p
            .wards
            .iter()
            .find(|w| w.code == ward)
            .ok_or(GenerateError::MissingWard { province, ward })?;
        Ok((p, w))
    }

    /// Wards of the area a business can sit in: special zones (đặc khu: islands such as
    /// Hoàng Sa) are left out.
    fn wards(&self, area: &TaxArea) -> Result<(&'a Province, Vec<&'a Ward>), GenerateError> {
        let p = self.province(area.province)?;
        let (lo, hi) = area.wards;
        let mut wards: Vec<&Ward> = p
            .wards
            .iter()
            .filter(|w| (lo..=hi).contains(&w.code) && w.division_type != "đặc khu")
            .collect();
        // Code order, whatever order the caller's list is in: the same units must give
        // the same registry whether read from the embedded file or the database.
        wards.sort_by_key(|w| w.code);
        if wards.is_empty() {
            return Err(GenerateError::NoWards {
                province: area.province,
                lo,
                hi,
            });
        }
        Ok((p, wards))
    }
}

/// "Thành phố Hà Nội" stays; "Cao Bằng" (stored without its type) becomes "Tỉnh Cao Bằng".
fn province_title(p: &Province) -> String {
    if p.division_type == "tỉnh" && !p.name.starts_with("Tỉnh") {
        format!("Tỉnh {}", p.name)
    } else {
        p.name.clone()
    }
}

/// How a branch name says where it is: "tại Hà Nội", "tại Thành phố Hồ Chí Minh".
fn place_name(p: &Province) -> String {
    if p.code == 79 {
        return p.name.clone();
    }
    p.name
        .strip_prefix("Thành phố ")
        .unwrap_or(&p.name)
        .to_owned()
}

fn head_office(p: &Province, w: &Ward, street: &str) -> (HeadOffice, String) {
    let address = format!("{street}, {}, {}", w.name.trim(), province_title(p));
    let office = HeadOffice {
        province: p.code,
        province_name: p.name.clone(),
        ward: w.code,
        ward_name: w.name.trim().to_owned(),
        street: street.to_owned(),
    };
    (office, address)
}

fn lines(codes: &[&str]) -> Vec<BusinessLine> {
    codes
        .iter()
        .filter_map(|c| {
            words::vsic_name(c).map(|name| BusinessLine {
                code: (*c).to_owned(),
                name: name.to_owned(),
            })
        })
        .collect()
}

fn date(y: u32, m: u32, d: u32) -> String {
    // Only called with literal dates below, which a test reads back.
    Date::new(y, m, d).map(Date::to_iso).unwrap_or_default()
}

fn person(full_name: &str, cccd: &str, title: &str, dob: &str, sex: Sex) -> LegalRepresentative {
    LegalRepresentative {
        full_name: full_name.to_owned(),
        cccd: cccd.to_owned(),
        title: title.to_owned(),
        date_of_birth: dob.to_owned(),
        sex,
    }
}

/// The demo entries, in the order docs/api.md lists them.
fn demo(map: &Map) -> Result<Vec<Enterprise>, GenerateError> {
    let mut out = Vec::new();
    let mut add = |mst: &str,
                   name: &str,
                   kind: EnterpriseKind,
                   status: EnterpriseStatus,
                   (province, ward, street): (u32, u32, &str),
                   rep: LegalRepresentative,
                   capital: i64,
                   registered_on: String,
                   vsic: &[&str],
                   (phone, email): (&str, &str),
                   parent: Option<&str>|
     -> Result<(), GenerateError> {
        let (p, w) = map.ward(province, ward)?;
        let (head_office, address) = head_office(p, w, street);
        out.push(Enterprise {
            mst: mst.to_owned(),
            name: name.to_owned(),
            kind,
            status,
            address,
            head_office,
            legal_representative: rep,
            charter_capital_vnd: capital,
            registered_on,
            vsic: lines(vsic),
            phone: phone.to_owned(),
            email: email.to_owned(),
            parent_mst: parent.map(str::to_owned),
        });
        Ok(())
    };
    use EnterpriseKind as K;
    use EnterpriseStatus as S;
    add(
        DEMO_ACTIVE_COMPANY,
        "Công ty TNHH Thương mại Dịch vụ An Phát",
        K::CongTyTnhh2tv,
        S::DangHoatDong,
        (1, 70, "Số 25 phố Tràng Tiền"),
        person(
            "Nguyễn Văn An",
            "001085012345",
            "Giám đốc",
            &date(1985, 3, 14),
            Sex::Male,
        ),
        5_000_000_000,
        date(2016, 8, 1),
        &["4649", "4659", "8299"],
        ("0912345678", "lienhe@anphat.com.vn"),
        None,
    )?;
    add(
        DEMO_HOUSEHOLD,
        "Hộ kinh doanh Phở Hà Thành",
        K::HoKinhDoanh,
        S::DangHoatDong,
        (1, 235, "Số 12 phố Tôn Đức Thắng"),
        person(
            "Trần Thị Bích Ngọc",
            "001179004821",
            "Chủ hộ kinh doanh",
            &date(1979, 11, 2),
            Sex::Female,
        ),
        200_000_000,
        date(2019, 4, 15),
        &["5610", "5630"],
        ("0983456712", "phohathanh@gmail.com"),
        None,
    )?;
    add(
        DEMO_PARENT,
        "Công ty cổ phần Thực phẩm Sài Gòn Xanh",
        K::CongTyCoPhan,
        S::DangHoatDong,
        (79, 26743, "Số 88 đường Lê Lợi"),
        person(
            "Lê Minh Tuấn",
            "079072003456",
            "Tổng giám đốc",
            &date(1972, 6, 20),
            Sex::Male,
        ),
        45_000_000_000,
        date(2012, 2, 10),
        &["1079", "4632", "5610", "4722"],
        ("0903123456", "info@saigonxanh.com.vn"),
        None,
    )?;
    add(
        DEMO_BRANCH_1,
        "Chi nhánh Công ty cổ phần Thực phẩm Sài Gòn Xanh tại Hà Nội",
        K::ChiNhanh,
        S::DangHoatDong,
        (1, 167, "Số 15 phố Trần Thái Tông"),
        person(
            "Phạm Thu Hà",
            "036188007712",
            "Giám đốc chi nhánh",
            &date(1988, 9, 5),
            Sex::Female,
        ),
        0,
        date(2015, 5, 20),
        &["4632", "4722"],
        ("0977654321", "hanoi@saigonxanh.com.vn"),
        Some(DEMO_PARENT),
    )?;
    add(
        DEMO_BRANCH_2,
        "Chi nhánh Công ty cổ phần Thực phẩm Sài Gòn Xanh tại Đà Nẵng",
        K::ChiNhanh,
        S::DangHoatDong,
        (48, 20242, "Số 120 đường Bạch Đằng"),
        person(
            "Võ Văn Hùng",
            "048083009876",
            "Giám đốc chi nhánh",
            &date(1983, 1, 25),
            Sex::Male,
        ),
        0,
        date(2018, 10, 8),
        &["4632"],
        ("0935222333", "danang@saigonxanh.com.vn"),
        Some(DEMO_PARENT),
    )?;
    add(
        DEMO_SUSPENDED,
        "Công ty TNHH Xây dựng Minh Khang",
        K::CongTyTnhh1tv,
        S::TamNgung,
        (48, 20200, "Số 45 đường Nguyễn Lương Bằng"),
        person(
            "Đặng Quốc Khánh",
            "049080001234",
            "Giám đốc",
            &date(1980, 12, 1),
            Sex::Male,
        ),
        3_000_000_000,
        date(2014, 7, 7),
        &["4101", "4102", "4330"],
        ("0905111222", "minhkhang.xd@gmail.com"),
        None,
    )?;
    add(
        DEMO_DISSOLVED,
        "Công ty TNHH Du lịch Biển Xanh Nha Trang",
        K::CongTyTnhh2tv,
        S::DaGiaiThe,
        (56, 22366, "Số 10 đường Trần Phú"),
        person(
            "Huỳnh Thị Mai",
            "056175002468",
            "Giám đốc",
            &date(1975, 4, 30),
            Sex::Female,
        ),
        2_000_000_000,
        date(2010, 3, 15),
        &["7911", "7912", "5510"],
        ("0914777888", "bienxanh.nt@gmail.com"),
        None,
    )?;
    Ok(out)
}

/// The whole registry: demo entries first, then synthetic ones with their branches right
/// after each parent. Same input, same output, byte for byte.
pub fn generate(provinces: &[Province]) -> Result<Vec<Enterprise>, GenerateError> {
    let map = Map { provinces };
    let mut out = demo(&map)?;
    let mut used_codes: HashSet<String> = out.iter().map(|e| e.mst.clone()).collect();
    let mut used_names: HashSet<String> = out.iter().map(|e| e.name.clone()).collect();
    let mut g = Generator {
        rng: Rng::new(SEED),
        map: &map,
        cccd_provinces: (1..=99u16)
            .filter(|c| cccd::province_name(*c).is_some())
            .collect(),
        mobile_prefixes: domain::ids::phone::mobile_prefixes().collect(),
    };
    for _ in 0..SYNTHETIC {
        let area = g.rng.weighted(AREAS);
        let base = g.tax_code(area.prefix, &mut used_codes);
        let parent = g.enterprise(&base, &area, &mut used_names)?;
        let branches = match parent.kind {
            EnterpriseKind::CongTyCoPhan | EnterpriseKind::CongTyTnhh2tv if g.rng.percent(30) => {
                g.rng.range(1, 2)
            }
            EnterpriseKind::CongTyTnhh1tv if g.rng.percent(10) => 1,
            _ => 0,
        };
        let mut kids: Vec<Enterprise> = Vec::new();
        for n in 1..=branches {
            let taken: Vec<u32> = kids.iter().map(|k| k.head_office.province).collect();
            kids.push(g.branch(&parent, n, &taken)?);
        }
        out.push(parent);
        out.extend(kids);
    }
    Ok(out)
}

struct Generator<'a> {
    rng: Rng,
    map: &'a Map<'a>,
    cccd_provinces: Vec<u16>,
    mobile_prefixes: Vec<String>,
}

impl Generator<'_> {
    /// A fresh ten-digit code under `prefix` with a valid check digit.
    fn tax_code(&mut self, prefix: &str, used: &mut HashSet<String>) -> String {
        loop {
            let sequence = self.rng.range(SYNTHETIC_SEQUENCE_FLOOR, 9_999_999);
            let nine = format!("{prefix}{sequence:07}");
            let mut digits = [0u8; 9];
            for (d, b) in digits.iter_mut().zip(nine.bytes()) {
                *d = b - b'0';
            }
            // One sequence in eleven has no valid check digit; draw again.
            let Some(check) = mst::check_digit(&digits) else {
                continue;
            };
            let code = format!("{nine}{check}");
            if used.insert(code.clone()) {
                return code;
            }
        }
    }

    fn registered_on(&mut self, not_before: Option<Date>) -> Result<Date, GenerateError> {
        // Up to mid-2025: household businesses registered later use the owner's
        // personal ID as tax code (Thông tư 86/2024/TT-BTC), not a ten-digit one.
        let last = Date::new(2025, 6, 30)?;
        let first = match not_before {
            Some(d) => d,
            None => Date::new(2005, 1, 3)?,
        };
        let span = first.days_until(last).max(0) as u64;
        first
            .add_days(self.rng.below(span + 1) as i64)
            .ok_or(GenerateError::OutOfCalendar)
    }

    fn person(
        &mut self,
        registered: Date,
        title: &str,
    ) -> Result<LegalRepresentative, GenerateError> {
        let sex = if self.rng.percent(62) {
            Sex::Male
        } else {
            Sex::Female
        };
        let family = *self.rng.pick(words::FAMILY_NAMES);
        let (middle, given) = match sex {
            Sex::Male => (
                *self.rng.pick(words::MIDDLE_MALE),
                *self.rng.pick(words::GIVEN_MALE),
            ),
            Sex::Female => (
                *self.rng.pick(words::MIDDLE_FEMALE),
                *self.rng.pick(words::GIVEN_FEMALE),
            ),
        };
        let full_name = format!("{family} {middle} {given}");
        // 22 to 60 years old when the business was registered.
        let year = registered.year() - self.rng.range(22, 60);
        let month = self.rng.range(1, 12);
        let day = self.rng.range(1, domain::date::days_in_month(year, month));
        let dob = Date::new(year, month, day)?;
        let cccd = self.cccd(dob, sex);
        Ok(LegalRepresentative {
            full_name,
            cccd,
            title: title.to_owned(),
            date_of_birth: dob.to_iso(),
            sex,
        })
    }

    /// Province of birth registration, sex-and-century digit, two digits of the birth
    /// year, six random digits (Thông tư 07/2016/TT-BCA, Điều 7).
    fn cccd(&mut self, dob: Date, sex: Sex) -> String {
        let province = *self.rng.pick(&self.cccd_provinces);
        let century = (dob.year() - 1900) / 100;
        let sex_digit = century * 2 + u32::from(sex == Sex::Female);
        let serial = self.rng.below(1_000_000);
        format!("{province:03}{sex_digit}{:02}{serial:06}", dob.year() % 100)
    }

    fn phone(&mut self) -> String {
        let prefix = self.rng.pick(&self.mobile_prefixes).clone();
        format!("{prefix}{:07}", self.rng.below(10_000_000))
    }

    fn street(&mut self, area: &TaxArea, ward: &Ward) -> String {
        if ward.division_type == "xã" {
            let hamlets = if area.region == Region::South {
                words::HAMLETS_SOUTH
            } else {
                words::HAMLETS
            };
            return (*self.rng.pick(hamlets)).to_owned();
        }
        let number = self.rng.range(1, 350);
        let road = if area.region == Region::NorthCity {
            "phố"
        } else {
            "đường"
        };
        let alley = match area.region {
            Region::NorthCity | Region::North => "ngõ",
            Region::Central => "kiệt",
            Region::South => "hẻm",
        };
        let street = *self.rng.pick(words::STREETS);
        if self.rng.percent(25) {
            format!(
                "Số {number}, {alley} {} {road} {street}",
                self.rng.range(2, 199)
            )
        } else {
            format!("Số {number} {road} {street}")
        }
    }

    fn enterprise(
        &mut self,
        mst: &str,
        area: &TaxArea,
        used_names: &mut HashSet<String>,
    ) -> Result<Enterprise, GenerateError> {
        use EnterpriseKind as K;
        let kind = self.rng.weighted(&[
            (K::CongTyTnhh1tv, 30),
            (K::CongTyTnhh2tv, 15),
            (K::CongTyCoPhan, 15),
            (K::DoanhNghiepTuNhan, 6),
            (K::CongTyHopDanh, 2),
            (K::HoKinhDoanh, 20),
        ]);
        let status = self.rng.weighted(&[
            (EnterpriseStatus::DangHoatDong, 85),
            (EnterpriseStatus::TamNgung, 9),
            (EnterpriseStatus::DaGiaiThe, 6),
        ]);
        let sectors = if kind == K::HoKinhDoanh {
            words::SHOPS
        } else {
            words::SECTORS
        };
        let (sector, brand, name) = loop {
            let sector = self.rng.pick(sectors);
            let brand = *self.rng.pick(words::BRANDS);
            let name = match kind {
                K::CongTyTnhh1tv if self.rng.percent(20) => {
                    format!("Công ty TNHH Một thành viên {} {brand}", sector.words)
                }
                K::CongTyTnhh1tv | K::CongTyTnhh2tv => {
                    format!("Công ty TNHH {} {brand}", sector.words)
                }
                K::CongTyCoPhan => format!("Công ty cổ phần {} {brand}", sector.words),
                K::DoanhNghiepTuNhan => format!("Doanh nghiệp tư nhân {} {brand}", sector.words),
                K::CongTyHopDanh => format!("Công ty hợp danh {} {brand}", sector.words),
                _ => format!("Hộ kinh doanh {} {brand}", sector.words),
            };
            if used_names.insert(name.clone()) {
                break (sector, brand, name);
            }
        };
        let title = match kind {
            K::CongTyCoPhan if self.rng.percent(40) => "Chủ tịch Hội đồng quản trị",
            K::CongTyCoPhan => "Tổng giám đốc",
            K::CongTyTnhh2tv if self.rng.percent(30) => "Chủ tịch Hội đồng thành viên",
            K::DoanhNghiepTuNhan => "Chủ doanh nghiệp",
            K::CongTyHopDanh => "Chủ tịch Hội đồng thành viên",
            K::HoKinhDoanh => "Chủ hộ kinh doanh",
            _ => "Giám đốc",
        };
        let registered = self.registered_on(None)?;
        let rep = self.person(registered, title)?;
        let (province, wards) = self.map.wards(area)?;
        let ward = *self.rng.pick(&wards);
        let street = self.street(area, ward);
        let (head_office, address) = head_office(province, ward, &street);
        let capital = match kind {
            K::HoKinhDoanh => i64::from(self.rng.range(2, 50)) * 10_000_000,
            K::DoanhNghiepTuNhan => i64::from(self.rng.range(1, 50)) * 100_000_000,
            K::CongTyHopDanh => i64::from(self.rng.range(5, 50)) * 100_000_000,
            K::CongTyTnhh1tv => i64::from(self.rng.range(1, 100)) * 100_000_000,
            K::CongTyTnhh2tv => i64::from(self.rng.range(5, 200)) * 100_000_000,
            _ => i64::from(self.rng.range(10, 2_000)) * 100_000_000,
        };
        let vsic = self.business_lines(sector);
        let phone = self.phone();
        let email = self.email(brand, kind);
        Ok(Enterprise {
            mst: mst.to_owned(),
            name,
            kind,
            status,
            address,
            head_office,
            legal_representative: rep,
            charter_capital_vnd: capital,
            registered_on: registered.to_iso(),
            vsic,
            phone,
            email,
            parent_mst: None,
        })
    }

    /// The sector's main line, then up to three more of its lines.
    fn business_lines(&mut self, sector: &Sector) -> Vec<BusinessLine> {
        let extra = self.rng.below(sector.lines.len().min(4) as u64) as usize;
        let mut codes = vec![sector.lines[0]];
        let mut rest: Vec<&str> = sector.lines[1..].to_vec();
        for _ in 0..extra {
            if rest.is_empty() {
                break;
            }
            let i = self.rng.below(rest.len() as u64) as usize;
            codes.push(rest.remove(i));
        }
        lines(&codes)
    }

    fn email(&mut self, brand: &str, kind: EnterpriseKind) -> String {
        let slug: String = domain::fold::fold(brand)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        match kind {
            EnterpriseKind::HoKinhDoanh => format!("{slug}{}@gmail.com", self.rng.range(10, 99)),
            _ if self.rng.percent(50) => format!("lienhe@{slug}.com.vn"),
            _ => format!("info@{slug}.vn"),
        }
    }

    fn branch(
        &mut self,
        parent: &Enterprise,
        n: u32,
        taken: &[u32],
    ) -> Result<Enterprise, GenerateError> {
        // Branches sit in the big cities, one per city, away from the parent's province,
        // so that "Chi nhánh … tại <city>" names one unit.
        let cities: Vec<TaxArea> = AREAS
            .iter()
            .map(|(a, _)| *a)
            .filter(|a| matches!(a.prefix, "01" | "03" | "04" | "02" | "18"))
            .filter(|a| a.province != parent.head_office.province && !taken.contains(&a.province))
            .collect();
        let area = *self.rng.pick(&cities);
        let (province, wards) = self.map.wards(&area)?;
        let ward = *self.rng.pick(&wards);
        let street = self.street(&area, ward);
        let (head_office, address) = head_office(province, ward, &street);
        let parent_registered = Date::parse_iso(&parent.registered_on).ok();
        let registered = self.registered_on(parent_registered)?;
        let status = if parent.status.is_active() {
            self.rng.weighted(&[
                (EnterpriseStatus::DangHoatDong, 90),
                (EnterpriseStatus::TamNgung, 10),
            ])
        } else {
            // A branch cannot outlive or outwork its enterprise.
            parent.status
        };
        let rep = self.person(registered, "Giám đốc chi nhánh")?;
        let keep = 1 + self.rng.below(parent.vsic.len() as u64) as usize;
        let domain = parent.email.split('@').nth(1).unwrap_or("gmail.com");
        Ok(Enterprise {
            mst: format!("{}-{n:03}", parent.mst),
            name: format!("Chi nhánh {} tại {}", parent.name, place_name(province)),
            kind: EnterpriseKind::ChiNhanh,
            status,
            address,
            head_office,
            legal_representative: rep,
            charter_capital_vnd: 0,
            registered_on: registered.to_iso(),
            vsic: parent.vsic[..keep].to_vec(),
            phone: self.phone(),
            email: format!("chinhanh{n}@{domain}"),
            parent_mst: Some(parent.mst.clone()),
        })
    }
}
