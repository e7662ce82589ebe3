//! Dates and times as a person in Vietnam reads them, whatever the device's time zone.

use domain::date::Date;

const VN_OFFSET_MS: f64 = 7.0 * 3600.0 * 1000.0;
const FALLBACK: Date = Date::EPOCH;
const DAY_MS: f64 = 86_400_000.0;

/// Today in Vietnam (UTC+7, no daylight saving), for "not in the future" rules.
pub fn today() -> Date {
    // Only a clock beyond year ±5 million makes this fall back.
    day_of(js_sys::Date::now()).unwrap_or(FALLBACK)
}

fn day_of(ms: f64) -> Option<Date> {
    Date::from_day_number(((ms + VN_OFFSET_MS) / DAY_MS).floor() as i64)
}

/// `22/11/2026 10:32` in Vietnam time, for "saved at" and "last edited".
pub fn date_time(ms: f64) -> String {
    let Some(d) = day_of(ms) else { return String::new() };
    let minutes = (((ms + VN_OFFSET_MS).rem_euclid(DAY_MS)) / 60_000.0).floor() as u32;
    let (h, m) = (minutes / 60, minutes % 60);
    let mut s = d.to_dmy();
    s.push(' ');
    push2(&mut s, h);
    s.push(':');
    push2(&mut s, m);
    s
}

/// An RFC 3339 timestamp from the server (`2026-11-22T10:22:28Z`) in Vietnam time.
pub fn rfc3339(stamp: &str) -> String {
    let ms = js_sys::Date::parse(stamp);
    if ms.is_nan() {
        return stamp.to_owned();
    }
    date_time(ms)
}

fn push2(s: &mut String, n: u32) {
    s.push(char::from(b'0' + (n / 10 % 10) as u8));
    s.push(char::from(b'0' + (n % 10) as u8));
}
