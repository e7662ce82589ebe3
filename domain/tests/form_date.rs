use domain::date::{days_in_month, is_leap_year, Date, DateError, Weekday};

fn d(y: u32, m: u32, dd: u32) -> Date {
    Date::new(y, m, dd).unwrap()
}

#[test]
fn leap_years() {
    for y in [1600, 2000, 2004, 2024, 2400] {
        assert!(is_leap_year(y), "{y}");
    }
    for y in [1700, 1800, 1900, 2023, 2100] {
        assert!(!is_leap_year(y), "{y}");
    }
    assert_eq!(days_in_month(2024, 2), 29);
    assert_eq!(days_in_month(1900, 2), 28);
    assert!(Date::new(2024, 2, 29).is_ok());
    assert!(Date::new(2000, 2, 29).is_ok());
    assert_eq!(
        Date::new(2023, 2, 29),
        Err(DateError::NoSuchDay {
            d: 29,
            m: 2,
            y: 2023
        })
    );
    assert_eq!(
        Date::new(1900, 2, 29),
        Err(DateError::NoSuchDay {
            d: 29,
            m: 2,
            y: 1900
        })
    );
    assert!(Date::new(2025, 4, 31).is_err());
    assert_eq!(Date::new(2025, 13, 1), Err(DateError::NoSuchMonth(13)));
    assert_eq!(Date::new(2025, 0, 1), Err(DateError::NoSuchMonth(0)));
    assert!(Date::new(2025, 1, 0).is_err());
    assert!(Date::new(0, 1, 1).is_err());
    assert!(Date::new(10000, 1, 1).is_err());
}

#[test]
fn parses_what_people_type() {
    for s in [
        "05/09/1990",
        "5/9/1990",
        "05.09.1990",
        "05-09-1990",
        " 5 / 9 / 1990 ",
        "1990-09-05",
        "1990-9-5",
    ] {
        assert_eq!(Date::parse(s), Ok(d(1990, 9, 5)), "{s}");
    }
    assert_eq!(Date::parse("29/02/2024"), Ok(d(2024, 2, 29)));
    assert_eq!(
        Date::parse("29/02/2023"),
        Err(DateError::NoSuchDay {
            d: 29,
            m: 2,
            y: 2023
        })
    );
    assert_eq!(Date::parse("05/09/90"), Err(DateError::YearOutOfRange(90)));
    assert_eq!(
        Date::parse("32/01/2020"),
        Err(DateError::NoSuchDay {
            d: 32,
            m: 1,
            y: 2020
        })
    );
    assert_eq!(Date::parse("01/13/2020"), Err(DateError::NoSuchMonth(13)));
    assert_eq!(Date::parse(""), Err(DateError::Empty));
    for bad in [
        "abc",
        "1/2",
        "1/2/3/4",
        "05/09/19901",
        "123/1/2020",
        "a5/09/1990",
        "05//1990",
    ] {
        assert!(
            matches!(Date::parse(bad), Err(DateError::Format(_))),
            "{bad}: {:?}",
            Date::parse(bad)
        );
    }
    assert_eq!(
        Date::parse("31/04/2025").unwrap_err().message_vi(),
        "Ngày 31/04/2025 không tồn tại"
    );
}

#[test]
fn iso_for_storage() {
    let x = d(1990, 9, 5);
    assert_eq!(x.to_iso(), "1990-09-05");
    assert_eq!(x.to_dmy(), "05/09/1990");
    assert_eq!(x.to_string(), "05/09/1990");
    assert_eq!(Date::parse_iso("1990-09-05"), Ok(x));
    assert!(Date::parse_iso("05/09/1990").is_err());
    assert!(Date::parse_iso("1990-9-5").is_err());
    assert!(Date::parse_iso("1990-02-30").is_err());
    assert_eq!(serde_json::to_string(&x).unwrap(), "\"1990-09-05\"");
    assert_eq!(
        serde_json::from_str::<Date>("\"0001-01-01\"").unwrap(),
        d(1, 1, 1)
    );
    assert!(serde_json::from_str::<Date>("\"2023-02-29\"").is_err());
    assert!(serde_json::from_str::<Date>("20230101").is_err());
}

#[test]
fn ordering_is_chronological() {
    let mut v = vec![
        d(2024, 1, 31),
        d(2023, 12, 31),
        d(2024, 2, 1),
        d(2024, 1, 1),
    ];
    v.sort();
    assert_eq!(
        v,
        vec![
            d(2023, 12, 31),
            d(2024, 1, 1),
            d(2024, 1, 31),
            d(2024, 2, 1)
        ]
    );
    assert!(d(1999, 12, 31) < d(2000, 1, 1));
}

#[test]
fn day_arithmetic() {
    assert_eq!(d(2024, 2, 28).add_days(1), Some(d(2024, 2, 29)));
    assert_eq!(d(2023, 2, 28).add_days(1), Some(d(2023, 3, 1)));
    assert_eq!(d(2024, 12, 31).add_days(1), Some(d(2025, 1, 1)));
    assert_eq!(d(2025, 1, 1).add_days(-1), Some(d(2024, 12, 31)));
    assert_eq!(d(2025, 3, 1).add_days(-365), Some(d(2024, 3, 1)));
    assert_eq!(d(2024, 2, 28).days_until(d(2024, 3, 1)), 2);
    assert_eq!(d(2025, 1, 1).days_until(d(2024, 1, 1)), -366);
    assert_eq!(d(1970, 1, 1).day_number(), 0);
    assert_eq!(d(2025, 9, 2).day_number(), 20_333);
    assert_eq!(d(9999, 12, 31).add_days(1), None);
    assert_eq!(d(1, 1, 1).add_days(-1), None);
    assert_eq!(d(2025, 1, 1).add_days(i64::MAX), None);
}

#[test]
fn weekdays() {
    assert_eq!(d(1970, 1, 1).weekday(), Weekday::Thursday);
    assert_eq!(d(2025, 1, 1).weekday(), Weekday::Wednesday);
    // Quốc khánh 2025.
    assert_eq!(d(2025, 9, 2).weekday(), Weekday::Tuesday);
    assert_eq!(d(2000, 2, 29).weekday(), Weekday::Tuesday);
    assert_eq!(d(1, 1, 1).weekday(), Weekday::Monday);
}

#[test]
fn ages() {
    let born = d(2004, 2, 29);
    assert_eq!(born.full_years_until(d(2022, 2, 28)), 17);
    assert_eq!(born.full_years_until(d(2022, 3, 1)), 18);
    assert_eq!(born.full_years_until(d(2024, 2, 29)), 20);
    assert_eq!(born.full_years_until(d(2000, 1, 1)), 0);
}
