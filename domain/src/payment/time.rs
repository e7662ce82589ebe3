//! Wall-clock time in Vietnam (GMT+7, no daylight saving), as VNPay writes it:
//! `yyyyMMddHHmmss`.
//!
//! The domain never reads the clock: the server passes "now" in, either as a
//! [`VnDateTime`] or as Unix seconds through [`VnDateTime::from_unix_seconds`].

use crate::date::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Offset of Vietnam time from UTC, in seconds. Vietnam has kept UTC+7 without
/// daylight saving since 1975.
pub const VN_OFFSET_SECONDS: i64 = 7 * 3600;

/// A date and time of day in GMT+7, to the second. Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VnDateTime {
    date: Date,
    hour: u8,
    minute: u8,
    second: u8,
}

impl VnDateTime {
    /// `None` unless `hour < 24`, `minute < 60`, `second < 60`.
    pub fn new(date: Date, hour: u32, minute: u32, second: u32) -> Option<VnDateTime> {
        if hour >= 24 || minute >= 60 || second >= 60 {
            return None;
        }
        // Ranges checked above make the casts lossless.
        Some(VnDateTime {
            date,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
        })
    }

    pub fn date(self) -> Date {
        self.date
    }

    pub fn hms(self) -> (u32, u32, u32) {
        (
            u32::from(self.hour),
            u32::from(self.minute),
            u32::from(self.second),
        )
    }

    /// Vietnam wall-clock time of a Unix instant (seconds since 1970-01-01T00:00:00Z).
    /// `None` outside years 1–9999.
    pub fn from_unix_seconds(secs: i64) -> Option<VnDateTime> {
        let local = secs.checked_add(VN_OFFSET_SECONDS)?;
        let date = Date::from_day_number(local.div_euclid(86_400))?;
        let s = local.rem_euclid(86_400);
        VnDateTime::new(
            date,
            (s / 3600) as u32,
            (s % 3600 / 60) as u32,
            (s % 60) as u32,
        )
    }

    /// Inverse of [`VnDateTime::from_unix_seconds`].
    pub fn to_unix_seconds(self) -> i64 {
        let (h, m, s) = self.hms();
        self.date.day_number() * 86_400 + i64::from(h * 3600 + m * 60 + s) - VN_OFFSET_SECONDS
    }

    /// `None` when the result would leave years 1–9999.
    pub fn add_minutes(self, minutes: i64) -> Option<VnDateTime> {
        let secs = self
            .to_unix_seconds()
            .checked_add(minutes.checked_mul(60)?)?;
        VnDateTime::from_unix_seconds(secs)
    }

    /// VNPay's form: exactly 14 digits, `yyyyMMddHHmmss`.
    pub fn parse_vnpay(s: &str) -> Option<VnDateTime> {
        if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
        let date = Date::new(n(0..4)?, n(4..6)?, n(6..8)?).ok()?;
        VnDateTime::new(date, n(8..10)?, n(10..12)?, n(12..14)?)
    }

    /// `yyyyMMddHHmmss`, e.g. `20210801153333`.
    pub fn to_vnpay(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for VnDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date;
        write!(
            f,
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            d.year(),
            d.month(),
            d.day(),
            self.hour,
            self.minute,
            self.second
        )
    }
}

/// Serialized in VNPay's form, `"20210801153333"`.
impl Serialize for VnDateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for VnDateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<VnDateTime, D::Error> {
        let s = String::deserialize(d)?;
        VnDateTime::parse_vnpay(&s)
            .ok_or_else(|| serde::de::Error::custom("expected yyyyMMddHHmmss"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_become_gmt7_wall_clock() {
        // 2021-08-01T08:33:33Z is 15:33:33 in Hà Nội.
        let t = VnDateTime::from_unix_seconds(1_627_806_813).unwrap();
        assert_eq!(t.to_vnpay(), "20210801153333");
        assert_eq!(t.to_unix_seconds(), 1_627_806_813);
        // 17:00Z on New Year's Eve is already midnight of the new year in Vietnam.
        let t = VnDateTime::from_unix_seconds(1_735_664_400).unwrap();
        assert_eq!(t.to_vnpay(), "20250101000000");
        assert_eq!(
            VnDateTime::from_unix_seconds(-25_200).unwrap().to_vnpay(),
            "19700101000000"
        );
        assert_eq!(VnDateTime::from_unix_seconds(i64::MAX), None);
    }

    #[test]
    fn parses_and_prints_vnpay_form() {
        let t = VnDateTime::parse_vnpay("20240229235959").unwrap();
        assert_eq!(t.to_vnpay(), "20240229235959");
        assert_eq!(t.add_minutes(15).unwrap().to_vnpay(), "20240301001459");
        for bad in [
            "20230229000000",
            "20240101240000",
            "2024010112000",
            "2024-01-01 1200",
            "+0240101120000",
        ] {
            assert_eq!(VnDateTime::parse_vnpay(bad), None, "{bad}");
        }
    }
}
