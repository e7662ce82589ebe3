//! Identifier rules against published, real-world vectors.

use domain::date::Date;
use domain::ids::cccd::province_name;
use domain::ids::mst::check_digit;
use domain::ids::phone::mobile_prefixes;
use domain::ids::vsic::{division_name, divisions};
use domain::ids::{
    Carrier, Cccd, CccdError, Email, EmailError, Landline, Mst, MstError, Phone, PhoneError, Sex,
    Vsic, VsicError,
};

/// Tax codes of well-known enterprises, as printed on their invoices and registrations.
const WELL_KNOWN: [&str; 8] = [
    "0100109106", // Tập đoàn Công nghiệp - Viễn thông Quân đội (Viettel)
    "0100112437", // Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank)
    "0100684378", // Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT)
    "0100100079", // Tập đoàn Điện lực Việt Nam (EVN)
    "0300588569", // Công ty Cổ phần Sữa Việt Nam (Vinamilk)
    "0101245486", // Tập đoàn Vingroup
    "0101248141", // Công ty Cổ phần FPT
    "0100150619", // Ngân hàng TMCP Đầu tư và Phát triển Việt Nam (BIDV)
];

/// Codes "found online" that python-stdnum's test suite (tests/test_vn_mst.doctest)
/// asserts valid; a sample including its branch codes.
const STDNUM_VALID: [&str; 40] = [
    "01.00.112.437",
    "0100112437011",
    "0100233488",
    "0102182292",
    "0102641429-066",
    "0102721191-001",
    "0103131621",
    "0105869220",
    "0106713191",
    "0107338930",
    "0108747679",
    "0109161862",
    "0200747399",
    "0300533351",
    "0302971199",
    "0305000124",
    "0311 916 028",
    "0312 68 78 78 - 001",
    "0314409058-002",
    "0316110224",
    "0400129230",
    "0401 443 048",
    "0700790272",
    "0900283167",
    "1201480559",
    "1300440846-008",
    "1600255033-006",
    "2000102580",
    "2000102580-005",
    "2000730546-015",
    "3100104093-009",
    "3300273243-005",
    "3400416992-007",
    "3603718156",
    "3901203321",
    "4201783848",
    "5200869050",
    "5800199577-002",
    "8037630690",
    "8463763902",
];

/// Branch codes seen on real e-invoices (Viettel's invoicing branches, a Vietcombank branch).
const BRANCHES: [&str; 3] = ["0100109106-501", "0100109106-509", "0100112437-005"];

fn all_valid() -> Vec<&'static str> {
    WELL_KNOWN
        .iter()
        .chain(STDNUM_VALID.iter())
        .chain(BRANCHES.iter())
        .copied()
        .collect()
}

#[test]
fn real_tax_codes_are_valid() {
    for s in all_valid() {
        assert!(Mst::parse(s).is_ok(), "{s}: {:?}", Mst::parse(s));
    }
    let m = Mst::parse("0312 68 78 78 - 001").unwrap();
    assert_eq!(
        (m.base(), m.branch(), m.canonical().as_str()),
        ("0312687878", Some("001"), "0312687878-001")
    );
    assert_eq!(
        Mst::parse("0100112437011").unwrap().canonical(),
        "0100112437-011"
    );
    assert_eq!(
        Mst::parse(" 01.00.109.106 ").unwrap().canonical(),
        "0100109106"
    );
}

#[test]
fn tax_code_errors_say_what_is_wrong() {
    let e = Mst::parse("0100109107").unwrap_err();
    assert_eq!(e, MstError::CheckDigit("0100109107".into()));
    assert_eq!(
        e.message_vi(),
        "Mã số thuế 0100109107 có chữ số kiểm tra sai, vui lòng kiểm tra lại"
    );
    // python-stdnum's own invalid vectors.
    assert!(matches!(
        Mst::parse("0100233480"),
        Err(MstError::CheckDigit(_))
    ));
    assert!(matches!(
        Mst::parse("0100000008"),
        Err(MstError::ZeroSequence(_))
    ));
    assert!(matches!(
        Mst::parse("0314409058-000"),
        Err(MstError::ZeroBranch(_))
    ));
    assert_eq!(Mst::parse("12345"), Err(MstError::WrongLength(5)));
    assert!(matches!(
        Mst::parse("VV34567890"),
        Err(MstError::InvalidCharacters(_))
    ));
    assert_eq!(Mst::parse("0100109106-01"), Err(MstError::WrongLength(12)));
    assert_eq!(Mst::parse(""), Err(MstError::Empty));
}

#[test]
fn a_weighted_sum_with_remainder_zero_has_no_valid_check_digit() {
    // 100000009: 31·1 + 3·9 = 58 ≡ 3 (mod 11) → check 7. Find a prefix with sum ≡ 0.
    let mut found = 0;
    for n in 100_000_000u32..100_001_000 {
        let digits: Vec<u8> = n.to_string().bytes().map(|b| b - b'0').collect();
        let nine: [u8; 9] = digits.try_into().unwrap();
        if check_digit(&nine).is_none() {
            found += 1;
            let prefix: String = nine.iter().map(|d| char::from(b'0' + d)).collect();
            for last in 0..=9 {
                assert!(Mst::parse(&format!("{prefix}{last}")).is_err());
            }
        }
    }
    assert!(
        found > 50,
        "about 1 in 11 prefixes has no check digit, found {found}"
    );
}

/// Changing one digit of a valid code must make it invalid unless the change happens to
/// yield another valid code. Weights 31, 29, 23, 19, 17, 13, 7, 5, 3 are all coprime with
/// 11, so changing one of the first nine digits by ±1…9 always changes the sum mod 11 and
/// thus the required check digit: no single-digit change can produce another valid code.
/// The test verifies that rather than assuming it.
#[test]
fn every_single_digit_change_is_caught() {
    let mut mutants = 0;
    let mut still_valid = Vec::new();
    for s in all_valid() {
        let m = Mst::parse(s).unwrap();
        let base = m.base().as_bytes().to_vec();
        for pos in 0..10 {
            for digit in b'0'..=b'9' {
                if digit == base[pos] {
                    continue;
                }
                let mut b = base.clone();
                b[pos] = digit;
                let mutated = String::from_utf8(b).unwrap();
                mutants += 1;
                if Mst::parse(&mutated).is_ok() {
                    still_valid.push(mutated);
                }
            }
        }
    }
    assert_eq!(mutants, all_valid().len() * 90);
    assert!(
        still_valid.is_empty(),
        "single-digit changes that stay valid: {still_valid:?}"
    );
}

/// Swapping two neighbouring data digits changes the sum by (wᵢ − wᵢ₊₁)·(dᵢ₊₁ − dᵢ); the
/// weight differences (2, 6, 4, 2, 4, 6, 2, 2) are never multiples of 11, so every such
/// swap is caught. A swap involving the check digit itself can yield another valid code,
/// so it is counted, not forbidden.
#[test]
fn adjacent_swaps_of_data_digits_are_caught() {
    let (mut with_check, mut valid_with_check) = (0, 0);
    for s in all_valid() {
        let base = Mst::parse(s).unwrap().base().as_bytes().to_vec();
        for i in 0..9 {
            if base[i] == base[i + 1] {
                continue;
            }
            let mut b = base.clone();
            b.swap(i, i + 1);
            let swapped = String::from_utf8(b).unwrap();
            if i < 8 {
                assert!(Mst::parse(&swapped).is_err(), "{s} → {swapped} stays valid");
            } else {
                with_check += 1;
                valid_with_check += usize::from(Mst::parse(&swapped).is_ok());
            }
        }
    }
    assert!(
        valid_with_check < with_check,
        "{valid_with_check} of {with_check}"
    );
}

#[test]
fn cccd_structure() {
    let c = Cccd::parse("001090000123").unwrap();
    assert_eq!(
        (
            c.province_code(),
            c.province_name(),
            c.sex(),
            c.birth_year()
        ),
        (1, "Hà Nội", Sex::Male, 1990)
    );
    let c = Cccd::parse("079 301 000 456").unwrap();
    assert_eq!(
        (c.province_name(), c.sex(), c.birth_year()),
        ("Hồ Chí Minh", Sex::Female, 2001)
    );
    assert_eq!(c.as_str(), "079301000456");
    // Digit 4 across all centuries the law defines.
    for (g, sex, year) in [
        (0, Sex::Male, 1985),
        (1, Sex::Female, 1985),
        (2, Sex::Male, 2085),
        (3, Sex::Female, 2085),
        (4, Sex::Male, 2185),
        (5, Sex::Female, 2185),
        (6, Sex::Male, 2285),
        (7, Sex::Female, 2285),
        (8, Sex::Male, 2385),
        (9, Sex::Female, 2385),
    ] {
        let c = Cccd::parse(&format!("096{g}85000001")).unwrap();
        assert_eq!(
            (c.sex(), c.birth_year(), c.province_name()),
            (sex, year, "Cà Mau")
        );
    }
}

#[test]
fn cccd_province_codes_are_the_63_old_provinces() {
    let codes: Vec<u16> = (0..=999).filter(|&c| province_name(c).is_some()).collect();
    assert_eq!(codes.len(), 63);
    assert_eq!((codes[0], codes[62]), (1, 96));
    // Codes of provinces merged away in 2025 still appear on cards.
    assert_eq!(province_name(2), Some("Hà Giang"));
    assert_eq!(province_name(74), Some("Bình Dương"));
    for missing in [0, 3, 5, 7, 9, 13, 97, 101] {
        assert_eq!(province_name(missing), None, "{missing:03}");
        let n = format!("{missing:03}090000001");
        assert!(
            matches!(Cccd::parse(&n), Err(CccdError::UnknownProvince { .. })),
            "{n}"
        );
    }
}

#[test]
fn cccd_errors() {
    assert_eq!(Cccd::parse("123456789"), Err(CccdError::WrongLength(9)));
    assert!(Cccd::parse("123456789")
        .unwrap_err()
        .message_vi()
        .contains("CMND"));
    assert_eq!(Cccd::parse("00109000012"), Err(CccdError::WrongLength(11)));
    assert!(matches!(
        Cccd::parse("00109000012a"),
        Err(CccdError::InvalidCharacters(_))
    ));
    let e = Cccd::parse("003090000001").unwrap_err();
    assert!(e.message_vi().contains("003"), "{}", e.message_vi());
    let today = Date::new(2025, 9, 2).unwrap();
    let future = Cccd::parse("001299000001").unwrap();
    assert!(matches!(
        future.check_not_future(today),
        Err(CccdError::BirthYearInFuture { year: 2099, .. })
    ));
    let c = Cccd::parse("001090000001").unwrap();
    assert!(c.check_birth_date(Date::new(1990, 5, 1).unwrap()).is_ok());
    assert!(matches!(
        c.check_birth_date(Date::new(1991, 5, 1).unwrap()),
        Err(CccdError::BirthYearMismatch {
            encoded: 1990,
            given: 1991,
            ..
        })
    ));
    assert!(c.check_sex(Sex::Male).is_ok());
    let e = c.check_sex(Sex::Female).unwrap_err();
    assert_eq!(
        e.message_vi(),
        "Số CCCD 001090000001 ứng với giới tính nam, nhưng giới tính đã khai là nữ"
    );
}

#[test]
fn every_listed_mobile_prefix_is_accepted() {
    let prefixes: Vec<String> = mobile_prefixes().collect();
    assert_eq!(prefixes.len(), 36);
    for p in &prefixes {
        let n = format!("{p}1234567");
        assert_eq!(
            Phone::parse(&n).map(|p| p.national().to_owned()),
            Ok(n.clone())
        );
    }
    for p in [
        "032", "033", "034", "035", "036", "037", "038", "039", "052", "055", "056", "058", "059",
        "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "086", "087", "088",
        "089", "090", "091", "092", "093", "094", "096", "097", "098", "099",
    ] {
        assert!(prefixes.iter().any(|x| x == p), "{p}");
    }
    assert_eq!(Phone::parse("0871234567").unwrap().carrier(), Carrier::Itel);
    assert_eq!(
        Phone::parse("0591234567").unwrap().carrier(),
        Carrier::Gmobile
    );
    assert_eq!(
        Phone::parse("0991234567").unwrap().carrier(),
        Carrier::Gmobile
    );
    assert_eq!(
        Phone::parse("0321234567").unwrap().carrier(),
        Carrier::Viettel
    );
}

#[test]
fn phone_numbers_are_normalised() {
    for s in [
        "0912345678",
        "0912 345 678",
        "091.234.5678",
        "091-234-5678",
        "(091) 234 5678",
        "+84912345678",
        "+84 912 345 678",
        "+84 (0) 912 345 678",
        "84912345678",
        "0084912345678",
        "912345678",
        " 0912345678 ",
    ] {
        let p = Phone::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(p.national(), "0912345678", "{s}");
        assert_eq!(p.international(), "+84912345678");
    }
}

#[test]
fn phone_errors_are_specific() {
    for bad in [
        "0951234567",
        "0311234567",
        "0501234567",
        "0601234567",
        "0801234567",
        "0111234567",
    ] {
        let e = Phone::parse(bad).unwrap_err();
        assert!(
            matches!(e, PhoneError::NotMobilePrefix { .. }),
            "{bad}: {e:?}"
        );
        assert!(e
            .message_vi()
            .starts_with("Số điện thoại phải bắt đầu bằng đầu số di động Việt Nam, ví dụ 091"));
    }
    assert!(matches!(
        Phone::parse("024 3934 3137"),
        Err(PhoneError::Landline(_))
    ));
    assert!(matches!(
        Phone::parse("+1 650 253 0000"),
        Err(PhoneError::Foreign(_))
    ));
    assert!(matches!(
        Phone::parse("001 650 253 0000"),
        Err(PhoneError::Foreign(_))
    ));
    assert_eq!(
        Phone::parse("0169 123 4567"),
        Err(PhoneError::Renumbered {
            old: "01691234567".into(),
            new: "0391234567".into()
        })
    );
    assert_eq!(
        Phone::parse("01201234567"),
        Err(PhoneError::Renumbered {
            old: "01201234567".into(),
            new: "0701234567".into()
        })
    );
    assert_eq!(Phone::parse("091234567"), Err(PhoneError::WrongLength(9)));
    assert_eq!(
        Phone::parse("09123456789"),
        Err(PhoneError::WrongLength(11))
    );
    assert!(matches!(
        Phone::parse("09l2345678"),
        Err(PhoneError::InvalidCharacters(_))
    ));
    assert_eq!(Phone::parse("  "), Err(PhoneError::Empty));
}

#[test]
fn fixed_line_numbers_follow_the_2017_area_codes() {
    for (typed, national) in [
        ("024 3825 1234", "02438251234"), // Hà Nội: 3-digit area code, 8-digit subscriber
        ("(028) 3829 6789", "02838296789"), // Hồ Chí Minh City
        ("0236.3822.123", "02363822123"), // Đà Nẵng: 4-digit area code, 7 digits
        ("+84 225 3842 123", "02253842123"), // Hải Phòng, international form
        ("0084 292 3820 123", "02923820123"), // Cần Thơ
        ("2963852123", "02963852123"),    // An Giang, trunk 0 left off
        ("0203 3825 123", "02033825123"), // Quảng Ninh, the lowest code
        ("0299 3822 123", "02993822123"), // Sóc Trăng, the highest
    ] {
        let l = Landline::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
        assert_eq!(l.national(), national, "{typed}");
    }
    // Codes never assigned, or retired in 2017 (0217, 0223, 0295, 0298), and Hà Nội
    // subscribers cannot start with 0, 1 or 9.
    for bad in [
        "0217 3825 123",
        "0223 3825 123",
        "0250 3825 123",
        "0295 3825 123",
        "0298 3825 123",
        "024 9825 1234",
    ] {
        let e = Landline::parse(bad).unwrap_err();
        assert!(
            matches!(e, PhoneError::UnknownAreaCode { .. }),
            "{bad}: {e:?}"
        );
    }
    assert_eq!(
        Landline::parse("0223 3825 123").unwrap_err().message_vi(),
        "0223… không phải mã vùng điện thoại cố định của Việt Nam (ví dụ 024 Hà Nội, 028 TP. Hồ Chí Minh, 0236 Đà Nẵng)"
    );
    // Mobiles and old pre-2017 landlines are not fixed lines today.
    assert!(matches!(
        Landline::parse("0912345678"),
        Err(PhoneError::UnknownAreaCode { .. })
    ));
    assert!(matches!(
        Landline::parse("04 3825 1234"),
        Err(PhoneError::UnknownAreaCode { .. })
    ));
    assert_eq!(
        Landline::parse("024 3825 123"),
        Err(PhoneError::LandlineLength(10))
    );
    assert_eq!(
        Landline::parse("0236 3822 1234"),
        Err(PhoneError::LandlineLength(12))
    );
}

#[test]
fn emails() {
    for ok in [
        "a@b.vn",
        "nguyen.van.a@gmail.com",
        "x+tag@sub.domain.gov.vn",
        "o'brien@example.org",
        "a@xn--p1ai.xn--p1ai",
    ] {
        assert_eq!(
            Email::parse(ok).map(|e| e.as_str().to_owned()),
            Ok(ok.to_owned())
        );
    }
    assert_eq!(
        Email::parse(" USER@Example.COM ").unwrap().as_str(),
        "USER@example.com"
    );
    type Expect = fn(&EmailError) -> bool;
    let cases: [(&str, Expect); 11] = [
        ("", |e| *e == EmailError::Empty),
        ("abc", |e| matches!(e, EmailError::MissingAt(_))),
        ("a@b@c.vn", |e| matches!(e, EmailError::MultipleAt(_))),
        ("a@b", |e| matches!(e, EmailError::Domain(_))),
        ("a@b..vn", |e| matches!(e, EmailError::Domain(_))),
        ("a@-b.vn", |e| matches!(e, EmailError::Domain(_))),
        ("a@b.v", |e| matches!(e, EmailError::Domain(_))),
        (".a@b.vn", |e| matches!(e, EmailError::LocalPart(_))),
        ("a..b@c.vn", |e| matches!(e, EmailError::LocalPart(_))),
        ("a b@c.vn", |e| matches!(e, EmailError::Spaces(_))),
        ("nguyễn@gmail.com", |e| {
            matches!(e, EmailError::NonAscii(_))
        }),
    ];
    for (s, expect) in cases {
        let e = Email::parse(s).unwrap_err();
        assert!(expect(&e), "{s}: {e:?}");
    }
}

#[test]
fn vsic_codes() {
    assert_eq!(divisions().count(), 88);
    assert_eq!(divisions().next(), Some(1));
    assert_eq!(divisions().last(), Some(99));
    assert_eq!(
        division_name(62),
        Some(
            "Lập trình máy vi tính, dịch vụ tư vấn và các hoạt động khác liên quan đến máy vi tính"
        )
    );
    // Gaps in the 2018 division list.
    for gap in [0, 4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89] {
        assert_eq!(division_name(gap), None, "{gap:02}");
    }
    let v = Vsic::parse(" 6201 ").unwrap();
    assert_eq!((v.as_str(), v.level(), v.division()), ("6201", 4, 62));
    assert_eq!(Vsic::parse("47110").unwrap().level(), 5);
    assert_eq!(
        Vsic::parse("0111").unwrap().division_name(),
        "Nông nghiệp và hoạt động dịch vụ có liên quan"
    );
    let e = Vsic::parse("4811").unwrap_err();
    assert_eq!(
        e,
        VsicError::UnknownDivision {
            code: "4811".into(),
            division: 48
        }
    );
    assert!(e.message_vi().contains("\"48\""));
    assert_eq!(Vsic::parse("620"), Err(VsicError::WrongLength(3)));
    assert_eq!(Vsic::parse("620100"), Err(VsicError::WrongLength(6)));
    assert!(matches!(Vsic::parse("62a1"), Err(VsicError::NotDigits(_))));
}

mod never_panic {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn parsers_take_any_text(s in "\\PC{0,40}") {
            let _ = Mst::parse(&s);
            let _ = Cccd::parse(&s);
            let _ = Phone::parse(&s);
            let _ = Landline::parse(&s);
            let _ = Email::parse(&s);
            let _ = Vsic::parse(&s);
            let _ = Date::parse(&s);
            let _ = domain::form::number::parse_vnd(&s);
            let _ = domain::form::number::parse_integer(&s);
        }

        #[test]
        fn parsers_take_digit_soup(s in "[0-9+ .\\-()đ₫,]{0,20}") {
            let _ = Mst::parse(&s);
            let _ = Cccd::parse(&s);
            let _ = Phone::parse(&s);
            let _ = Landline::parse(&s);
            let _ = Date::parse(&s);
            let _ = domain::form::number::parse_vnd(&s);
            let _ = domain::form::number::parse_integer(&s);
        }

        #[test]
        fn computed_check_digits_validate(nine in proptest::array::uniform9(0u8..10)) {
            let prefix: String = nine.iter().map(|d| char::from(b'0' + d)).collect();
            let zero_seq = &prefix[2..9] == "0000000";
            match check_digit(&nine) {
                Some(c) => prop_assert_eq!(Mst::parse(&format!("{prefix}{c}")).is_ok(), !zero_seq),
                None => {
                    let none_valid = (0..10).all(|c| Mst::parse(&format!("{}{}", prefix, c)).is_err());
                    prop_assert!(none_valid);
                }
            }
        }

        #[test]
        fn valid_phones_survive_formatting(prefix in 0usize..36, rest in "[0-9]{7}", style in 0usize..4) {
            let p = mobile_prefixes().nth(prefix).unwrap();
            let national = format!("{p}{rest}");
            let typed = match style {
                0 => national.clone(),
                1 => format!("+84 {} {} {}", &national[1..4], &national[4..7], &national[7..]),
                2 => format!("{}.{}.{}", &national[..4], &national[4..7], &national[7..]),
                _ => format!("84{}", &national[1..]),
            };
            prop_assert_eq!(Phone::parse(&typed).map(|p| p.national().to_owned()), Ok(national));
        }
    }
}
