//! Anonymous funnel statistics: how often each procedure is looked at, started, filed and
//! paid online, per Vietnam calendar day. Ministries measure online-filing rates with it.
//!
//! What is counted is only ever (procedure code, event, day) → count. No person, device,
//! address, dossier or session is recorded, so nothing in the statistics can be joined
//! back to anyone. Clients report the first two steps ([`FunnelEvent::Viewed`],
//! [`FunnelEvent::Started`]); the server counts the last two itself when a dossier is
//! first stored and when its fee is first verified as paid, so a client can neither
//! inflate nor forget them.

use crate::date::{Date, DateError};
use crate::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};

/// One step of the online-filing funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FunnelEvent {
    /// A procedure's detail page was shown.
    Viewed,
    /// Its application form was started (the first answer of a new draft).
    Started,
    /// A dossier was filed (counted by the server, once per dossier).
    Submitted,
    /// A dossier's fee was paid (counted by the server on the first verified payment).
    Paid,
}

impl FunnelEvent {
    pub const ALL: [FunnelEvent; 4] = [
        FunnelEvent::Viewed,
        FunnelEvent::Started,
        FunnelEvent::Submitted,
        FunnelEvent::Paid,
    ];

    /// The code on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            FunnelEvent::Viewed => "viewed",
            FunnelEvent::Started => "started",
            FunnelEvent::Submitted => "submitted",
            FunnelEvent::Paid => "paid",
        }
    }

    pub fn parse(code: &str) -> Option<FunnelEvent> {
        FunnelEvent::ALL.into_iter().find(|e| e.as_str() == code)
    }

    /// Whether a client may report it. Filing and payment happen on the server, which
    /// counts them where they happen; taking them from clients too would count twice and
    /// let anyone inflate the online-filing rate.
    pub fn client_reportable(self) -> bool {
        matches!(self, FunnelEvent::Viewed | FunnelEvent::Started)
    }
}

/// Why a client's event cannot be counted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("unknown funnel event {0:?}")]
    Unknown(String),
    #[error("the {} event is counted by the server, not reported by clients", .0.as_str())]
    ServerCounted(FunnelEvent),
}

impl EventError {
    pub fn message_vi(&self) -> String {
        match self {
            EventError::Unknown(code) => format!(
                "Sự kiện “{}” không hợp lệ: ứng dụng chỉ được báo “viewed” (xem thủ tục) hoặc “started” (bắt đầu khai biểu mẫu).",
                echo(code)
            ),
            EventError::ServerCounted(e) => format!(
                "Sự kiện “{}” do máy chủ tự đếm khi hồ sơ được nộp hoặc được thanh toán; ứng dụng chỉ được báo “viewed” hoặc “started”.",
                e.as_str()
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            EventError::Unknown(code) => format!(
                "“{}” is not a valid event: clients may only report “viewed” (procedure viewed) or “started” (form started).",
                echo(code)
            ),
            EventError::ServerCounted(e) => format!(
                "The “{}” event is counted by the server itself when a dossier is filed or paid; clients may only report “viewed” or “started”.",
                e.as_str()
            ),
        }
    }

    pub fn to_api_error(&self) -> ApiError {
        ApiError::new(
            ErrorCode::InvalidParameter,
            self.message_vi(),
            self.message_en(),
        )
    }
}

/// Client text echoed in a message is cut short, so an error cannot be made big.
fn echo(input: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = input.chars().take(MAX).collect();
    if input.chars().count() > MAX {
        out.push('…');
    }
    out
}

/// The event a client reported, if it is one clients may report.
pub fn client_event(code: &str) -> Result<FunnelEvent, EventError> {
    let event = FunnelEvent::parse(code).ok_or_else(|| EventError::Unknown(code.to_owned()))?;
    if event.client_reportable() {
        Ok(event)
    } else {
        Err(EventError::ServerCounted(event))
    }
}

/// `POST /api/v1/stats/events`: one funnel event reported by the app.
// The event stays text here so that an unknown or server-counted one gets its own answer
// rather than a generic "malformed JSON".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventReport {
    #[cfg_attr(feature = "openapi", schema(example = "1.001612"))]
    pub procedure: String,
    /// `viewed` or `started`; `submitted` and `paid` are refused (the server counts them).
    #[cfg_attr(feature = "openapi", schema(value_type = FunnelEvent, example = "viewed"))]
    pub event: String,
}

/// Inclusive range of Vietnam calendar days a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

/// Why `from`/`to` cannot make a period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("{param} is not an ISO date (yyyy-mm-dd): {value:?}")]
    BadDate {
        param: &'static str,
        value: String,
        reason: DateError,
    },
    #[error("from {from} is after to {to}")]
    Reversed { from: Date, to: Date },
}

impl PeriodError {
    pub fn message_vi(&self) -> String {
        match self {
            PeriodError::BadDate {
                param,
                value,
                reason,
            } => format!(
                "Tham số “{param}” = “{}” không phải là ngày hợp lệ dạng năm-tháng-ngày, ví dụ 2025-11-01 ({}).",
                echo(value),
                reason.message_vi()
            ),
            PeriodError::Reversed { from, to } => format!(
                "Ngày bắt đầu (from = {}) ở sau ngày kết thúc (to = {}).",
                from.to_iso(),
                to.to_iso()
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            PeriodError::BadDate {
                param,
                value,
                reason,
            } => format!(
                "The “{param}” parameter “{}” is not a valid date of the form year-month-day, e.g. 2025-11-01 ({}).",
                echo(value),
                reason.message_en()
            ),
            PeriodError::Reversed { from, to } => format!(
                "The start day (from = {}) is after the end day (to = {}).",
                from.to_iso(),
                to.to_iso()
            ),
        }
    }

    pub fn to_api_error(&self) -> ApiError {
        ApiError::new(
            ErrorCode::InvalidParameter,
            self.message_vi(),
            self.message_en(),
        )
    }
}

impl Period {
    /// Days covered when `from` is not given: the last 30 days up to `to`.
    pub const DEFAULT_DAYS: i64 = 30;

    /// The period `from`..=`to` (ISO days, as every date of the API). `to` defaults to
    /// `today`, `from` to [`Self::DEFAULT_DAYS`] days up to `to`; blank counts as absent.
    pub fn parse(from: Option<&str>, to: Option<&str>, today: Date) -> Result<Period, PeriodError> {
        let day = |param: &'static str, raw: Option<&str>| -> Result<Option<Date>, PeriodError> {
            match raw.map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => Date::parse_iso(s)
                    .map(Some)
                    .map_err(|reason| PeriodError::BadDate {
                        param,
                        value: s.to_owned(),
                        reason,
                    }),
            }
        };
        let to = day("to", to)?.unwrap_or(today);
        let from = match day("from", from)? {
            Some(d) => d,
            // Date's range starts at year 1; a `to` that early has no 30 days before it.
            None => to.add_days(1 - Self::DEFAULT_DAYS).unwrap_or(to),
        };
        if from > to {
            return Err(PeriodError::Reversed { from, to });
        }
        Ok(Period { from, to })
    }
}

/// The four counts of one procedure, or of all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelCounts {
    pub viewed: u64,
    pub started: u64,
    pub submitted: u64,
    pub paid: u64,
}

impl FunnelCounts {
    pub fn add(&mut self, event: FunnelEvent, n: u64) {
        let slot = match event {
            FunnelEvent::Viewed => &mut self.viewed,
            FunnelEvent::Started => &mut self.started,
            FunnelEvent::Submitted => &mut self.submitted,
            FunnelEvent::Paid => &mut self.paid,
        };
        *slot = slot.saturating_add(n);
    }
}

/// One procedure's row of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureFunnel {
    #[cfg_attr(feature = "openapi", schema(example = "1.001612"))]
    pub code: String,
    /// The catalogue name; empty if the procedure has left the catalogue since.
    pub name: String,
    #[serde(flatten)]
    pub counts: FunnelCounts,
}

/// The period of a report, ISO days in Vietnam time, both included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportPeriod {
    #[cfg_attr(feature = "openapi", schema(example = "2025-11-01"))]
    pub from: String,
    #[cfg_attr(feature = "openapi", schema(example = "2025-11-30"))]
    pub to: String,
}

/// `GET /api/v1/stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatsReport {
    pub period: ReportPeriod,
    /// Every procedure with at least one count in the period, most filings first, then by
    /// code.
    pub procedures: Vec<ProcedureFunnel>,
    pub totals: FunnelCounts,
}

/// One stored count (already summed over days or not: [`StatsReport::build`] adds up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRow {
    pub code: String,
    pub name: String,
    pub event: FunnelEvent,
    pub count: u64,
}

impl StatsReport {
    pub fn build(period: &Period, rows: impl IntoIterator<Item = CountRow>) -> StatsReport {
        let mut by_code: std::collections::BTreeMap<String, ProcedureFunnel> = Default::default();
        let mut totals = FunnelCounts::default();
        for row in rows {
            totals.add(row.event, row.count);
            by_code
                .entry(row.code.clone())
                .or_insert_with(|| ProcedureFunnel {
                    code: row.code,
                    name: row.name,
                    counts: FunnelCounts::default(),
                })
                .counts
                .add(row.event, row.count);
        }
        let mut procedures: Vec<ProcedureFunnel> = by_code.into_values().collect();
        procedures.sort_by(|a, b| {
            b.counts
                .submitted
                .cmp(&a.counts.submitted)
                .then_with(|| a.code.cmp(&b.code))
        });
        StatsReport {
            period: ReportPeriod {
                from: period.from.to_iso(),
                to: period.to.to_iso(),
            },
            procedures,
            totals,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u32, m: u32, d: u32) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn codes_round_trip_and_match_serde() {
        for e in FunnelEvent::ALL {
            assert_eq!(FunnelEvent::parse(e.as_str()), Some(e));
            assert_eq!(
                serde_json::to_string(&e).unwrap(),
                format!("\"{}\"", e.as_str())
            );
        }
        assert_eq!(FunnelEvent::parse("Viewed"), None);
        assert_eq!(FunnelEvent::parse(""), None);
    }

    #[test]
    fn clients_may_report_only_the_first_two_steps() {
        assert_eq!(client_event("viewed"), Ok(FunnelEvent::Viewed));
        assert_eq!(client_event("started"), Ok(FunnelEvent::Started));
        for e in [FunnelEvent::Submitted, FunnelEvent::Paid] {
            let err = client_event(e.as_str()).unwrap_err();
            assert_eq!(err, EventError::ServerCounted(e));
            assert!(
                err.message_vi().contains("máy chủ tự đếm"),
                "{}",
                err.message_vi()
            );
            assert!(err.message_en().contains("counted by the server"));
        }
        let err = client_event("clicked").unwrap_err();
        assert_eq!(err, EventError::Unknown("clicked".into()));
        assert!(err.message_vi().contains("“clicked”"));
        // A pasted page is not echoed whole.
        let long = "x".repeat(500);
        assert!(
            client_event(&long)
                .unwrap_err()
                .message_en()
                .chars()
                .count()
                < 250
        );
    }

    #[test]
    fn periods_default_to_the_last_thirty_days() {
        let today = date(2025, 11, 22);
        assert_eq!(
            Period::parse(None, None, today),
            Ok(Period {
                from: date(2025, 10, 24),
                to: today
            })
        );
        assert_eq!(
            Period::parse(None, Some("2025-03-01"), today),
            Ok(Period {
                from: date(2025, 1, 31),
                to: date(2025, 3, 1)
            })
        );
        assert_eq!(
            Period::parse(Some(" 2025-11-01 "), Some(""), today),
            Ok(Period {
                from: date(2025, 11, 1),
                to: today
            })
        );
        let one_day = Period::parse(Some("2025-11-22"), Some("2025-11-22"), today).unwrap();
        assert_eq!(one_day.from, one_day.to);
    }

    #[test]
    fn bad_periods_say_which_parameter_is_wrong() {
        let today = date(2025, 11, 22);
        let err = Period::parse(Some("01/11/2025"), None, today).unwrap_err();
        assert!(
            matches!(err, PeriodError::BadDate { param: "from", .. }),
            "{err:?}"
        );
        assert!(err.message_vi().contains("“from”"), "{}", err.message_vi());
        assert!(err.message_en().contains("2025-11-01"));
        let err = Period::parse(None, Some("2025-02-30"), today).unwrap_err();
        assert!(
            matches!(err, PeriodError::BadDate { param: "to", .. }),
            "{err:?}"
        );
        let err = Period::parse(Some("2025-11-23"), Some("2025-11-22"), today).unwrap_err();
        assert_eq!(
            err,
            PeriodError::Reversed {
                from: date(2025, 11, 23),
                to: date(2025, 11, 22)
            }
        );
        assert!(err.message_en().contains("after"));
    }

    fn row(code: &str, event: FunnelEvent, count: u64) -> CountRow {
        CountRow {
            code: code.into(),
            name: format!("Thủ tục {code}"),
            event,
            count,
        }
    }

    #[test]
    fn the_report_sums_days_and_sorts_by_filings_then_code() {
        use FunnelEvent::*;
        let period = Period {
            from: date(2025, 11, 1),
            to: date(2025, 11, 30),
        };
        let report = StatsReport::build(
            &period,
            [
                row("2.000001", Viewed, 5),
                row("1.001612", Viewed, 10),
                row("1.001612", Viewed, 3),
                row("1.001612", Started, 4),
                row("1.001612", Submitted, 2),
                row("1.001612", Paid, 1),
                row("1.000239", Submitted, 2),
                row("3.000100", Submitted, 7),
            ],
        );
        let order: Vec<&str> = report.procedures.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(order, ["3.000100", "1.000239", "1.001612", "2.000001"]);
        let hkd = &report.procedures[2];
        assert_eq!(
            hkd.counts,
            FunnelCounts {
                viewed: 13,
                started: 4,
                submitted: 2,
                paid: 1
            }
        );
        assert_eq!(
            report.totals,
            FunnelCounts {
                viewed: 18,
                started: 4,
                submitted: 11,
                paid: 1
            }
        );
        assert_eq!(
            report.period,
            ReportPeriod {
                from: "2025-11-01".into(),
                to: "2025-11-30".into()
            }
        );

        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(
            json["procedures"][2],
            serde_json::json!({"code": "1.001612", "name": "Thủ tục 1.001612",
                               "viewed": 13, "started": 4, "submitted": 2, "paid": 1})
        );
        assert_eq!(serde_json::from_value::<StatsReport>(json).unwrap(), report);
    }

    #[test]
    fn an_empty_period_has_zero_totals() {
        let period = Period {
            from: date(2025, 11, 1),
            to: date(2025, 11, 1),
        };
        let report = StatsReport::build(&period, []);
        assert!(report.procedures.is_empty());
        assert_eq!(report.totals, FunnelCounts::default());
    }
}
