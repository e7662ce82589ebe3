//! How long an agency has to answer, read from the catalogue's "thời hạn giải quyết"
//! ("5 Ngày làm việc", "30 Ngày", "1 Giờ"), and the appointment date (ngày hẹn trả) it gives.

use crate::date::Date;
use crate::working_days::Calendar;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", content = "count", rename_all = "snake_case")]
pub enum ProcessingTime {
    /// Ngày làm việc: weekends and public holidays do not count.
    WorkingDays(u32),
    /// Ngày: calendar days.
    Days(u32),
    /// Giờ: answered within the receipt day.
    Hours(u32),
}

impl ProcessingTime {
    /// The leading "N unit" of the catalogue text; None for anything else (the
    /// catalogue leaves 476 procedures blank and words a few as prose).
    pub fn parse(text: &str) -> Option<ProcessingTime> {
        let t = text.trim();
        let end = t.find(|c: char| !c.is_ascii_digit())?;
        let n: u32 = t[..end].parse().ok()?;
        let unit = t[end..].trim().to_lowercase();
        if n == 0 {
            return None;
        }
        if unit.starts_with("ngày làm việc") {
            Some(ProcessingTime::WorkingDays(n))
        } else if unit.starts_with("ngày") {
            Some(ProcessingTime::Days(n))
        } else if unit.starts_with("giờ") {
            Some(ProcessingTime::Hours(n))
        } else {
            None
        }
    }

    /// The appointment date for a dossier received at `hour:minute` on `submitted`
    /// (Vietnam time). Counting starts on the receipt day (the next working day after
    /// 16:00, see [`Calendar::receipt_day`]). Calendar-day deadlines that end on a day
    /// off move to the next working day, as the Civil Code (Art. 148) has it.
    pub fn appointment(self, calendar: &Calendar, submitted: Date, hour: u8, minute: u8) -> Date {
        match self {
            ProcessingTime::WorkingDays(n) => calendar.appointment_date(submitted, hour, minute, n),
            ProcessingTime::Days(n) => {
                let received = calendar.receipt_day(submitted, hour, minute);
                // Only a date beyond the calendar's range has no successor; keep the
                // receipt day rather than invent one.
                received
                    .add_days(i64::from(n))
                    .map_or(received, |end| calendar.next_working_day(end))
            }
            ProcessingTime::Hours(_) => calendar.receipt_day(submitted, hour, minute),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).expect("test date")
    }

    #[test]
    fn parses_the_catalogue_wordings() {
        assert_eq!(
            ProcessingTime::parse("5 Ngày làm việc"),
            Some(ProcessingTime::WorkingDays(5))
        );
        assert_eq!(
            ProcessingTime::parse("30 Ngày"),
            Some(ProcessingTime::Days(30))
        );
        assert_eq!(
            ProcessingTime::parse("1 Giờ"),
            Some(ProcessingTime::Hours(1))
        );
        assert_eq!(ProcessingTime::parse("Theo quy định"), None);
        assert_eq!(ProcessingTime::parse("0 Ngày"), None);
    }

    #[test]
    fn working_days_skip_tet() {
        // Tết Bính Ngọ: 14–22 Feb 2026 are off. Filed Friday 13 Feb 2026 at 09:00.
        let due =
            ProcessingTime::WorkingDays(3).appointment(&Calendar::VIETNAM, d("2026-02-13"), 9, 0);
        assert!(due > d("2026-02-22"), "{due:?}");
    }

    #[test]
    fn calendar_days_ending_on_a_sunday_move_to_monday() {
        // Mon 2 Nov 2026 + 6 days = Sun 8 Nov → Mon 9 Nov.
        let due = ProcessingTime::Days(6).appointment(&Calendar::VIETNAM, d("2026-11-02"), 9, 0);
        assert_eq!(due, d("2026-11-09"));
    }
}
