//! A calendar date without a clock.
//!
//! Hand-written rather than `chrono` because the app ships as WASM on a tight size budget
//! and forms only need civil dates: parse what people type (`dd/mm/yyyy`), store ISO
//! (`yyyy-mm-dd`), compare, and count days. "Today" is always passed in by the caller so
//! every rule stays pure and testable; the later working-day calendar builds on
//! [`Date::day_number`] and [`Date::weekday`].

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A valid proleptic-Gregorian date in years 1–9999.
///
/// Fields are private so that a `Date` is valid by construction; field order makes the
/// derived `Ord` chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    y: u16,
    m: u8,
    d: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("empty date")]
    Empty,
    #[error("not a date in the form dd/mm/yyyy: {0:?}")]
    Format(String),
    #[error("year {0} is outside 1–9999")]
    YearOutOfRange(i64),
    #[error("month {0} does not exist")]
    NoSuchMonth(u32),
    #[error("{d:02}/{m:02}/{y:04} does not exist")]
    NoSuchDay { d: u32, m: u32, y: u32 },
}

impl DateError {
    pub fn message_vi(&self) -> String {
        match self {
            DateError::Empty => "Chưa nhập ngày".into(),
            DateError::Format(_) => "Ngày phải có dạng ngày/tháng/năm, ví dụ 05/09/1990".into(),
            DateError::YearOutOfRange(y) => format!("Năm {y} không hợp lệ, hãy nhập đủ 4 chữ số"),
            DateError::NoSuchMonth(m) => format!("Không có tháng {m}"),
            DateError::NoSuchDay { d, m, y } => format!("Ngày {d:02}/{m:02}/{y:04} không tồn tại"),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            DateError::Empty => "No date entered".into(),
            DateError::Format(_) => "Enter the date as day/month/year, e.g. 05/09/1990".into(),
            DateError::YearOutOfRange(y) => format!("Year {y} is not valid; enter all 4 digits"),
            DateError::NoSuchMonth(m) => format!("There is no month {m}"),
            DateError::NoSuchDay { d, m, y } => format!("{d:02}/{m:02}/{y:04} does not exist"),
        }
    }
}

/// Day of the week, Monday first as on Vietnamese calendars (Thứ Hai … Chủ Nhật).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

pub fn is_leap_year(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

pub fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Day number of 0001-01-01 in the scale of [`Date::day_number`].
const MIN_DAY: i64 = -719_162;
/// Day number of 9999-12-31.
const MAX_DAY: i64 = 2_932_896;

impl Date {
    /// 1 January 1970, day number 0: a fixed date for fallbacks.
    pub const EPOCH: Date = Date {
        y: 1970,
        m: 1,
        d: 1,
    };

    pub fn new(y: u32, m: u32, d: u32) -> Result<Date, DateError> {
        if !(1..=9999).contains(&y) {
            return Err(DateError::YearOutOfRange(i64::from(y)));
        }
        if !(1..=12).contains(&m) {
            return Err(DateError::NoSuchMonth(m));
        }
        if d == 0 || d > days_in_month(y, m) {
            return Err(DateError::NoSuchDay { d, m, y });
        }
        // The ranges above make these narrowing casts lossless.
        Ok(Date {
            y: y as u16,
            m: m as u8,
            d: d as u8,
        })
    }

    pub fn year(self) -> u32 {
        u32::from(self.y)
    }

    pub fn month(self) -> u32 {
        u32::from(self.m)
    }

    pub fn day(self) -> u32 {
        u32::from(self.d)
    }

    /// Parses what a person types: `dd/mm/yyyy`, also `d/m/yyyy`, with `/`, `.` or `-`
    /// between the parts, or ISO `yyyy-mm-dd` (what the app stores and browsers' date
    /// pickers send). Two-digit years are refused: "05/09/90" is ambiguous on a form
    /// where birth years span a century.
    pub fn parse(input: &str) -> Result<Date, DateError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(DateError::Empty);
        }
        let format = || DateError::Format(s.chars().take(40).collect());
        let parts: Vec<&str> = s.split(['/', '.', '-']).map(str::trim).collect();
        if parts.len() != 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(format());
        }
        let (d, m, y) = if parts[0].len() == 4 && parts[1].len() <= 2 && parts[2].len() <= 2 {
            (parts[2], parts[1], parts[0])
        } else if parts[0].len() <= 2 && parts[1].len() <= 2 {
            (parts[0], parts[1], parts[2])
        } else {
            return Err(format());
        };
        if y.len() != 4 {
            return Err(match y.len() {
                1 | 2 => DateError::YearOutOfRange(num(y)),
                _ => format(),
            });
        }
        Date::new(num(y) as u32, num(m) as u32, num(d) as u32)
    }

    /// Parses storage form only: exactly `yyyy-mm-dd`.
    pub fn parse_iso(input: &str) -> Result<Date, DateError> {
        let b = input.as_bytes();
        let ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !ok {
            return Err(DateError::Format(input.chars().take(40).collect()));
        }
        Date::new(
            num(&input[0..4]) as u32,
            num(&input[5..7]) as u32,
            num(&input[8..10]) as u32,
        )
    }

    pub fn to_iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    /// Display form for Vietnamese users: `05/09/1990`.
    pub fn to_dmy(self) -> String {
        format!("{:02}/{:02}/{:04}", self.d, self.m, self.y)
    }

    /// Days since 1970-01-01 (negative before). Linear, so differences count days.
    pub fn day_number(self) -> i64 {
        // Howard Hinnant's days_from_civil: shift the year to start in March so the
        // leap day falls at the end and month lengths follow a fixed pattern.
        let (y, m, d) = (i64::from(self.y), i64::from(self.m), i64::from(self.d));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Inverse of [`Date::day_number`]; `None` outside years 1–9999.
    pub fn from_day_number(n: i64) -> Option<Date> {
        if !(MIN_DAY..=MAX_DAY).contains(&n) {
            return None;
        }
        let z = n + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(y as u32, m as u32, d as u32).ok()
    }

    /// `None` when the result would leave years 1–9999.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_day_number(self.day_number().checked_add(days)?)
    }

    /// Signed number of days from `self` to `later`.
    pub fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3 counting from Monday).
        const DAYS: [Weekday; 7] = [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ];
        DAYS[(self.day_number() + 3).rem_euclid(7) as usize]
    }

    /// Whole years from `self` (a birth date) to `on`; 0 if `on` is earlier.
    /// A person born on 29 February turns a year older on 1 March in common years.
    pub fn full_years_until(self, on: Date) -> u32 {
        if on <= self {
            return 0;
        }
        let mut years = on.year() - self.year();
        if (on.month(), on.day()) < (self.month(), self.day()) {
            years -= 1;
        }
        years
    }
}

/// Parses a run of at most a few ASCII digits already checked by the caller.
fn num(s: &str) -> i64 {
    s.bytes().fold(0i64, |acc, b| {
        acc.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    })
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_dmy())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse_iso(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u32, m: u32, dd: u32) -> Date {
        Date::new(y, m, dd).unwrap()
    }

    #[test]
    fn day_number_round_trips_across_the_whole_range() {
        assert_eq!(d(1970, 1, 1).day_number(), 0);
        assert_eq!(d(1, 1, 1).day_number(), MIN_DAY);
        assert_eq!(d(9999, 12, 31).day_number(), MAX_DAY);
        let mut n = MIN_DAY;
        while n <= MAX_DAY {
            let date = Date::from_day_number(n).unwrap();
            assert_eq!(date.day_number(), n);
            n += 97;
        }
        assert_eq!(Date::from_day_number(MIN_DAY - 1), None);
        assert_eq!(Date::from_day_number(MAX_DAY + 1), None);
    }

    #[test]
    fn consecutive_days_follow_each_other() {
        let mut date = d(1899, 12, 25);
        for _ in 0..(366 * 4 * 30) {
            let next = date.add_days(1).unwrap();
            assert!(next > date);
            assert_eq!(date.days_until(next), 1);
            date = next;
        }
    }
}
