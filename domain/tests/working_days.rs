use domain::date::{Date, Weekday};
use domain::working_days::{
    add_working_days, appointment_date, is_working_day, receipt_day, working_days_between,
    Calendar, DayOffKind, DayStatus, HOLIDAYS, MAKEUP_WORKING_DAYS, NATIONAL_DAY, NEW_YEAR, TET,
};
use proptest::prelude::*;

fn d(iso: &str) -> Date {
    Date::parse_iso(iso).unwrap()
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

// --- the table ----------------------------------------------------------------------------

#[test]
fn table_is_valid_sorted_unique_and_in_range() {
    let dates: Vec<Date> = HOLIDAYS
        .iter()
        .map(|r| r.date().expect("valid row"))
        .collect();
    for w in dates.windows(2) {
        assert!(
            w[0] < w[1],
            "not sorted or duplicated: {} then {}",
            w[0],
            w[1]
        );
    }
    for date in &dates {
        assert!((2025..=2030).contains(&date.year()), "{date}");
    }
    let makeup: Vec<Date> = MAKEUP_WORKING_DAYS
        .iter()
        .map(|r| r.date().unwrap())
        .collect();
    for w in makeup.windows(2) {
        assert!(w[0] < w[1]);
    }
    for m in &makeup {
        assert_eq!(m.weekday(), Weekday::Saturday, "{m}");
        assert!(
            is_working_day(*m),
            "make-up Saturday {m} must be a working day"
        );
    }
}

#[test]
fn compensatory_and_swapped_days_are_weekdays() {
    for r in HOLIDAYS {
        let date = r.date().unwrap();
        if r.kind != DayOffKind::Holiday {
            assert!(!is_weekend(date), "{date} {:?}", r.kind);
        }
    }
}

/// Labour Code art. 112(1): 11 paid holiday days a year. With every weekend holiday day
/// compensated, exactly 11 weekdays a year are Holiday or Compensatory; swaps come on top.
#[test]
fn eleven_weekday_holidays_a_year() {
    for year in 2025..=2030 {
        let n = HOLIDAYS
            .iter()
            .filter(|r| u32::from(r.year) == year && r.kind != DayOffKind::Swapped)
            .filter(|r| !is_weekend(r.date().unwrap()))
            .count();
        assert_eq!(n, 11, "{year}");
        let swapped = HOLIDAYS
            .iter()
            .filter(|r| u32::from(r.year) == year && r.kind == DayOffKind::Swapped)
            .count();
        let makeup = MAKEUP_WORKING_DAYS
            .iter()
            .filter(|r| u32::from(r.year) == year)
            .count();
        assert_eq!(
            swapped, makeup,
            "every swap is paid back by one make-up Saturday ({year})"
        );
    }
}

#[test]
fn lunar_dates() {
    let cal = Calendar::VIETNAM;
    // 1 tháng Giêng (Vietnam, UTC+7). 2030 is the 2nd in Vietnam, the 3rd in China.
    for iso in [
        "2025-01-29",
        "2026-02-17",
        "2027-02-06",
        "2028-01-26",
        "2029-02-13",
        "2030-02-02",
    ] {
        assert_eq!(
            cal.day_off(d(iso)).map(|(_, h)| h.name_vi),
            Some("Tết Nguyên đán"),
            "{iso}"
        );
    }
    // 10 tháng Ba.
    for iso in [
        "2025-04-07",
        "2026-04-26",
        "2027-04-16",
        "2028-04-04",
        "2029-04-23",
        "2030-04-12",
    ] {
        assert_eq!(
            cal.day_off(d(iso)).map(|(_, h)| h.name_vi),
            Some("Giỗ Tổ Hùng Vương"),
            "{iso}"
        );
    }
}

// --- working days ---------------------------------------------------------------------------

#[test]
fn ordinary_week() {
    assert!(is_working_day(d("2025-06-02"))); // Monday
    assert!(is_working_day(d("2025-06-06"))); // Friday
    assert!(!is_working_day(d("2025-06-07"))); // Saturday
    assert!(!is_working_day(d("2025-06-08"))); // Sunday
    assert_eq!(
        Calendar::VIETNAM.status(d("2025-06-07")),
        DayStatus::Weekend
    );
    assert_eq!(add_working_days(d("2025-06-06"), 1), d("2025-06-09"));
    assert_eq!(add_working_days(d("2025-06-07"), 0), d("2025-06-07"));
}

#[test]
fn tet_2026() {
    for iso in [
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
    ] {
        assert!(!is_working_day(d(iso)), "{iso}");
    }
    assert!(is_working_day(d("2026-02-13")));
    assert!(is_working_day(d("2026-02-23")));
    assert_eq!(add_working_days(d("2026-02-12"), 2), d("2026-02-23"));
    assert_eq!(working_days_between(d("2026-02-13"), d("2026-02-23")), 1);
    // Received Friday 13/02/2026 after 16:00, 3 working days: receipt day Monday 23/02,
    // counted Tue 24, Wed 25, Thu 26.
    assert_eq!(receipt_day(d("2026-02-13"), 16, 30), d("2026-02-23"));
    assert_eq!(
        appointment_date(d("2026-02-13"), 16, 30, 3),
        d("2026-02-26")
    );
    // Before the cut-off the same Friday counts, so the break is skipped from Monday.
    assert_eq!(appointment_date(d("2026-02-13"), 9, 0, 3), d("2026-02-25"));
}

#[test]
fn reunification_and_labour_day_with_swap_2025() {
    // Wed 30/4 and Thu 1/5 off, Fri 2/5 swapped, Saturday 26/4 worked instead.
    assert!(!is_working_day(d("2025-04-30")));
    assert!(!is_working_day(d("2025-05-01")));
    assert_eq!(
        Calendar::VIETNAM.status(d("2025-05-02")),
        DayStatus::Off(DayOffKind::Swapped, &domain::working_days::LABOUR_DAY)
    );
    assert!(is_working_day(d("2025-04-26")));
    assert_eq!(add_working_days(d("2025-04-29"), 1), d("2025-05-05"));
    assert_eq!(appointment_date(d("2025-04-25"), 10, 0, 1), d("2025-04-26"));
    assert_eq!(receipt_day(d("2025-04-26"), 9, 0), d("2025-04-26"));
}

#[test]
fn hung_kings_on_sunday_2026_and_projected_weekend_holidays() {
    assert!(!is_working_day(d("2026-04-27"))); // nghỉ bù for Sunday 26/4
    assert_eq!(add_working_days(d("2026-04-24"), 1), d("2026-04-28"));
    // 30/4–1/5/2026 Thu–Fri: back on Monday 4/5.
    assert_eq!(add_working_days(d("2026-04-29"), 1), d("2026-05-04"));
    // 2028: 30/4 Sunday, 1/5 Monday → compensatory Tuesday 2/5.
    assert!(!is_working_day(d("2028-05-02")));
    assert_eq!(add_working_days(d("2028-04-28"), 1), d("2028-05-03"));
}

#[test]
fn national_day() {
    // 2025: Sat 30/8 – Tue 2/9.
    assert_eq!(add_working_days(d("2025-08-29"), 1), d("2025-09-03"));
    // 2026: Mon 31/8 swapped (make-up Sat 22/8), Tue 1/9 and Wed 2/9 off.
    assert!(is_working_day(d("2026-08-22")));
    assert!(!is_working_day(d("2026-08-31")));
    assert_eq!(add_working_days(d("2026-08-28"), 1), d("2026-09-03"));
    // Sat 22/8, Mon 24 – Fri 28/8, Thu 3/9, Fri 4/9.
    assert_eq!(working_days_between(d("2026-08-21"), d("2026-09-04")), 8);
    // 2028: 2/9 Saturday → Fri 1/9 and Mon 4/9 (compensatory) off.
    assert_eq!(add_working_days(d("2028-08-31"), 1), d("2028-09-05"));
    assert_eq!(
        Calendar::VIETNAM.day_off(d("2028-09-04")),
        Some((DayOffKind::Compensatory, &NATIONAL_DAY))
    );
}

#[test]
fn new_year_2026_swap() {
    assert!(!is_working_day(d("2026-01-02")));
    assert!(is_working_day(d("2026-01-10")));
    assert_eq!(add_working_days(d("2025-12-31"), 1), d("2026-01-05"));
    assert_eq!(add_working_days(d("2026-01-09"), 1), d("2026-01-10"));
}

// --- receipt and appointment ----------------------------------------------------------------

#[test]
fn cutoff_at_sixteen() {
    let mon = d("2025-06-02");
    assert_eq!(receipt_day(mon, 15, 59), mon);
    assert_eq!(receipt_day(mon, 16, 0), d("2025-06-03"));
    assert_eq!(receipt_day(mon, 0, 0), mon);
    assert_eq!(receipt_day(mon, 23, 59), d("2025-06-03"));
    assert_eq!(receipt_day(mon, 24, 0), d("2025-06-03"));
    assert_eq!(receipt_day(mon, 10, 60), d("2025-06-03"));
    assert_eq!(appointment_date(mon, 8, 0, 1), d("2025-06-03"));
    assert_eq!(appointment_date(mon, 15, 59, 1), d("2025-06-03"));
    assert_eq!(appointment_date(mon, 16, 0, 1), d("2025-06-04"));
    assert_eq!(appointment_date(mon, 8, 0, 0), mon);
    // Friday after 16:00 with 5 working days: received Monday, due the Monday after.
    assert_eq!(appointment_date(d("2025-06-06"), 16, 0, 5), d("2025-06-16"));
}

#[test]
fn saturday_and_holiday_receipt() {
    let sat = d("2025-06-07");
    assert_eq!(receipt_day(sat, 9, 0), d("2025-06-09"));
    assert_eq!(appointment_date(sat, 9, 0, 1), d("2025-06-10"));
    assert_eq!(receipt_day(d("2025-09-02"), 9, 0), d("2025-09-03"));
    assert_eq!(receipt_day(d("2026-02-18"), 9, 0), d("2026-02-23"));
}

// --- outside the covered years ----------------------------------------------------------------

#[test]
fn outside_coverage_only_fixed_holidays() {
    let cal = Calendar::VIETNAM;
    assert!(cal.covers(2025) && cal.covers(2030));
    assert!(!cal.covers(2024) && !cal.covers(2031));
    // 2031: 1/1 Wednesday is off; Tết (23/1/2031) is unknown, so it counts as working.
    assert_eq!(
        cal.day_off(d("2031-01-01")),
        Some((DayOffKind::Holiday, &NEW_YEAR))
    );
    assert!(is_working_day(d("2031-01-23")));
    assert!(cal.day_off(d("2031-01-23")).is_none());
    // 2033: 30/4 Saturday, 1/5 Sunday → Monday 2/5 and Tuesday 3/5 compensatory.
    assert_eq!(d("2033-04-30").weekday(), Weekday::Saturday);
    assert!(!is_working_day(d("2033-05-02")));
    assert!(!is_working_day(d("2033-05-03")));
    assert!(is_working_day(d("2033-05-04")));
    // 2034: 1/1 Sunday → Monday 2/1.
    assert_eq!(d("2034-01-01").weekday(), Weekday::Sunday);
    assert_eq!(
        cal.day_off(d("2034-01-02")),
        Some((DayOffKind::Compensatory, &NEW_YEAR))
    );
    // 2/9/2035 is a Sunday → Monday 3/9; no second Quốc khánh day is guessed.
    assert_eq!(d("2035-09-02").weekday(), Weekday::Sunday);
    assert!(!is_working_day(d("2035-09-03")));
    assert!(is_working_day(d("2035-09-04")));
    // 2024 (before the table): 1/1/2024 Monday off, Tết 2024 unknown.
    assert!(!is_working_day(d("2024-01-01")));
    assert!(is_working_day(d("2024-02-12")));
}

#[test]
fn custom_calendar() {
    static OFF: &[domain::working_days::DayOff] = &[domain::working_days::DayOff {
        year: 2040,
        month: 2,
        day: 13,
        kind: DayOffKind::Holiday,
        holiday: &TET,
    }];
    let cal = Calendar::new(OFF, &[], 2040, 2040);
    assert!(cal.covers(2040));
    assert!(!cal.is_working_day(d("2040-02-13")));
    // Inside coverage the table is authoritative: 1/1/2040 is not in it, so it is a working day.
    assert!(cal.is_working_day(d("2040-01-02")));
}

#[test]
fn end_of_range_does_not_panic() {
    let last = d("9999-12-31");
    assert_eq!(add_working_days(last, 3), last);
    assert!(working_days_between(d("9999-12-20"), last) > 0);
    assert!(Calendar::VIETNAM.next_working_day(last) == last);
}

// --- properties -----------------------------------------------------------------------------

fn any_date() -> impl Strategy<Value = Date> {
    // 2020-01-01 .. 2036-12-31: across the table and both sides of it.
    (18_262i64..24_472).prop_map(|n| Date::from_day_number(n).unwrap())
}

proptest! {
    #[test]
    fn added_day_is_working_and_monotonic(start in any_date(), n in 1u32..400) {
        let a = add_working_days(start, n);
        prop_assert!(is_working_day(a));
        prop_assert!(a > start);
        let b = add_working_days(start, n + 1);
        prop_assert!(b > a);
        prop_assert_eq!(working_days_between(start, a), i64::from(n));
        prop_assert_eq!(working_days_between(a, start), -i64::from(n));
    }

    #[test]
    fn appointment_after_receipt(date in any_date(), hour in 0u8..24, minute in 0u8..60, n in 0u32..60) {
        let r = receipt_day(date, hour, minute);
        prop_assert!(is_working_day(r));
        prop_assert!(r >= date);
        let due = appointment_date(date, hour, minute, n);
        prop_assert_eq!(working_days_between(r, due), i64::from(n));
    }
}
