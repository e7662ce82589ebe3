//! SQL over `funnel_counts` (migration step 4): anonymous counts per procedure, event and
//! Vietnam day. Plain functions on a connection, so filing and payment can count inside
//! the transaction that stores what they count: a rolled-back filing counts nothing, and a
//! replayed one never reaches the insert.

use domain::date::Date;
use domain::stats::{CountRow, FunnelEvent, Period, StatsReport};
use rusqlite::{params, Connection, OptionalExtension};

/// Adds one to the count of `event` for `procedure` on `day`.
pub fn count(
    conn: &Connection,
    procedure: &str,
    event: FunnelEvent,
    day: Date,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO funnel_counts (procedure_code, event, day, count) VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (day, procedure_code, event) DO UPDATE SET count = count + 1",
    )?
    .execute(params![procedure, event.as_str(), day.to_iso()])?;
    Ok(())
}

/// Counts `event` for the procedure of the dossier `code`, unless it is a practice filing
/// (or, which cannot happen inside a payment's transaction, unknown).
pub fn count_for_dossier(
    conn: &Connection,
    code: &str,
    event: FunnelEvent,
    day: Date,
) -> rusqlite::Result<()> {
    let found: Option<(String, bool)> = conn
        .prepare_cached("SELECT procedure_code, practice FROM dossiers WHERE code = ?1")?
        .query_row([code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match found {
        Some((procedure, false)) => count(conn, &procedure, event, day),
        _ => Ok(()),
    }
}

/// Whether the catalogue has a procedure with this (canonical) code.
pub fn procedure_exists(conn: &Connection, code: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM procedures WHERE code = ?1)")?
        .query_row([code], |r| r.get(0))
}

/// The report for `period`, summed over its days. A count stored under an event this
/// server does not know (written by a newer one) is left out rather than misfiled.
pub fn report(conn: &Connection, period: &Period) -> rusqlite::Result<StatsReport> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.procedure_code, COALESCE(p.name, ''), f.event, SUM(f.count)
         FROM funnel_counts f LEFT JOIN procedures p ON p.code = f.procedure_code
         WHERE f.day BETWEEN ?1 AND ?2
         GROUP BY f.procedure_code, f.event",
    )?;
    let rows = stmt.query_map(params![period.from.to_iso(), period.to.to_iso()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut counts = Vec::new();
    for row in rows {
        let (code, name, event, count) = row?;
        if let Some(event) = FunnelEvent::parse(&event) {
            counts.push(CountRow {
                code,
                name,
                event,
                count: u64::try_from(count).unwrap_or(0),
            });
        }
    }
    Ok(StatsReport::build(period, counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().expect("sqlite");
        crate::migrations::migrate(&mut conn).expect("migrated");
        conn.execute(
            "INSERT INTO procedures (code, name, field, json) VALUES ('1.001612', 'Đăng ký hộ kinh doanh', 'f', '{}')",
            [],
        )
        .expect("procedure");
        conn
    }

    fn day(d: u32) -> Date {
        Date::new(2025, 11, d).expect("date")
    }

    #[test]
    fn counts_add_up_per_day_and_only_within_the_period() {
        let conn = db();
        for d in [1, 1, 2, 30] {
            count(&conn, "1.001612", FunnelEvent::Viewed, day(d)).unwrap();
        }
        count(&conn, "1.001612", FunnelEvent::Submitted, day(2)).unwrap();
        // A procedure that has left the catalogue keeps its counts, without a name.
        count(&conn, "9.999999", FunnelEvent::Started, day(2)).unwrap();
        // From a newer server: not misread as one of ours.
        conn.execute(
            "INSERT INTO funnel_counts VALUES ('1.001612', 'shared', '2025-11-02', 5)",
            [],
        )
        .unwrap();
        let stored: i64 = conn
            .query_row(
                "SELECT count FROM funnel_counts WHERE day = '2025-11-01'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stored, 2);

        let period = Period {
            from: day(1),
            to: day(2),
        };
        let r = report(&conn, &period).unwrap();
        assert_eq!(r.period.from, "2025-11-01");
        let codes: Vec<&str> = r.procedures.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["1.001612", "9.999999"]);
        assert_eq!(r.procedures[0].name, "Đăng ký hộ kinh doanh");
        assert_eq!(r.procedures[0].counts.viewed, 3);
        assert_eq!(r.procedures[0].counts.submitted, 1);
        assert_eq!(r.procedures[1].name, "");
        assert_eq!(r.totals.viewed, 3);
        assert_eq!(r.totals.started, 1);
    }
}
