//! Europe/London time: the offset from UTC at an instant, the offset of a wall-clock time
//! (with the hour the spring change skips and the hour the autumn change repeats), and
//! London timestamps as the API writes them.
//!
//! The rule is the current one, applied to every year: British Summer Time (UTC+01:00) from
//! 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October, Greenwich
//! Mean Time (UTC+00:00) otherwise. [`london_offset_at`] is the only place it is written;
//! everything else here is derived from it.

use std::fmt::Write as _;

use super::calendar::Date;

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// Europe/London's offset from UTC, in seconds (0 or 3600), at an instant given as seconds
/// since 1970-01-01T00:00:00Z.
pub fn london_offset_at(unix_seconds: i64) -> i64 {
    let year = Date::from_days_since_epoch(unix_seconds.div_euclid(DAY)).year;
    // The changes happen at 01:00 UTC on the last Sunday (7) of March and of October.
    let change = |month: u8| {
        Date::last_weekday_of_month(year, month, 7)
            .map_or(i64::MAX, Date::days_since_epoch)
            .saturating_mul(DAY)
            .saturating_add(HOUR)
    };
    if (change(3)..change(10)).contains(&unix_seconds) {
        HOUR
    } else {
        0
    }
}

/// What a London wall-clock time is, in terms of instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LondonWallClock {
    /// It happens once, at this offset from UTC in seconds (0 or 3600).
    Once(i64),
    /// It never happens: 01:00–01:59 on the last Sunday of March, when the clocks go forward.
    Skipped,
    /// It happens twice: 01:00–01:59 on the last Sunday of October, first in BST (+3600),
    /// then, after the clocks go back, in GMT (0).
    Repeated,
}

/// How London's wall-clock time `local_seconds` (the civil date and time counted as seconds
/// since 1970-01-01T00:00:00 as if it were UTC) maps to instants. Each caller chooses what
/// to do with a skipped or repeated time and says so.
pub fn london_wall_clock(local_seconds: i64) -> LondonWallClock {
    // Read as BST it is the instant an hour earlier, which must itself be in BST; read as
    // GMT it is that instant, which must be in GMT.
    let as_bst = london_offset_at(local_seconds.saturating_sub(HOUR)) == HOUR;
    let as_gmt = london_offset_at(local_seconds) == 0;
    match (as_bst, as_gmt) {
        (true, true) => LondonWallClock::Repeated,
        (true, false) => LondonWallClock::Once(HOUR),
        (false, true) => LondonWallClock::Once(0),
        (false, false) => LondonWallClock::Skipped,
    }
}

/// An instant as London's clocks show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LondonTime {
    /// The London date.
    pub date: Date,
    /// Hour, 0..=23.
    pub hour: u8,
    /// Minute, 0..=59.
    pub minute: u8,
    /// Second, 0..=59.
    pub second: u8,
    /// The offset from UTC in seconds: 0 (GMT) or 3600 (BST).
    pub offset: i64,
}

/// The London date and wall-clock time of an instant (seconds since the epoch).
pub fn london_time(unix_seconds: i64) -> LondonTime {
    let offset = london_offset_at(unix_seconds);
    let local = unix_seconds.saturating_add(offset);
    let in_day = local.rem_euclid(DAY);
    LondonTime {
        date: Date::from_days_since_epoch(local.div_euclid(DAY)),
        hour: (in_day / HOUR) as u8,
        minute: (in_day % HOUR / 60) as u8,
        second: (in_day % 60) as u8,
        offset,
    }
}

/// The date in London of an instant given as seconds since the epoch (what Rails'
/// `to_date` gives in the Europe/London zone).
pub fn london_date_of(unix_seconds: i64) -> Date {
    london_time(unix_seconds).date
}

/// The instant London's `date` begins. (Midnight is never skipped or repeated: the clocks
/// change at 01:00 and 02:00 local time.)
pub fn london_midnight(date: Date) -> i64 {
    let local = date.days_since_epoch().saturating_mul(DAY);
    match london_wall_clock(local) {
        LondonWallClock::Once(offset) => local.saturating_sub(offset),
        LondonWallClock::Skipped | LondonWallClock::Repeated => local,
    }
}

/// An instant as London time, the way the API writes it: `2020-07-20T11:09:10+01:00`, with
/// the fraction of the second when `nanos` is not 0 (`…T11:47:51.589+01:00`, up to nine
/// digits, trailing zeros removed).
pub fn london_rfc3339(unix_seconds: i64, nanos: u32) -> String {
    let t = london_time(unix_seconds);
    let mut out = format!("{}T{:02}:{:02}:{:02}", t.date, t.hour, t.minute, t.second);
    push_fraction(&mut out, nanos);
    out.push_str(if t.offset == 0 { "+00:00" } else { "+01:00" });
    out
}

/// Appends `.` and the fraction of a second (trailing zeros removed), nothing for 0.
pub(super) fn push_fraction(out: &mut String, nanos: u32) {
    if nanos > 0 {
        let digits = format!("{nanos:09}");
        let _ = write!(out, ".{}", digits.trim_end_matches('0'));
    }
}

/// The strict ISO-8601 timestamp of the London wall-clock time `hour:minute` on
/// `year-month-day` (`2020-07-20T11:01:00+01:00`), or `None` for an impossible date or
/// time, a year outside 0..=9999, or a time the spring clock change skips. A time the
/// autumn change repeats is its first occurrence (BST), as the move-action forms send it.
pub fn london_timestamp(year: i64, month: u8, day: u8, hour: u8, minute: u8) -> Option<String> {
    let date = Date::new(year, month, day).filter(|_| (0..=9999).contains(&year))?;
    if hour > 23 || minute > 59 {
        return None;
    }
    let local = date.days_since_epoch() * DAY + i64::from(hour) * HOUR + i64::from(minute) * 60;
    let offset = match london_wall_clock(local) {
        LondonWallClock::Once(offset) => offset,
        LondonWallClock::Repeated => HOUR,
        LondonWallClock::Skipped => return None,
    };
    Some(format!(
        "{date}T{hour:02}:{minute:02}:00+0{}:00",
        offset / HOUR
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{parse_iso_date, parse_strict_datetime};

    fn date(iso: &str) -> Date {
        parse_iso_date(iso).unwrap()
    }

    /// Once `core/src/forms/move_action.rs`'s: London wall-clock times as form timestamps.
    #[test]
    fn london_offsets() {
        let cases = [
            ((2026, 1, 15, 12, 0), Some("2026-01-15T12:00:00+00:00")),
            ((2026, 7, 20, 11, 1), Some("2026-07-20T11:01:00+01:00")),
            // 2026: clocks go forward on 29 March, back on 25 October.
            ((2026, 3, 28, 23, 59), Some("2026-03-28T23:59:00+00:00")),
            ((2026, 3, 29, 0, 59), Some("2026-03-29T00:59:00+00:00")),
            ((2026, 3, 29, 1, 0), None),
            ((2026, 3, 29, 1, 59), None),
            ((2026, 3, 29, 2, 0), Some("2026-03-29T02:00:00+01:00")),
            ((2026, 3, 30, 0, 0), Some("2026-03-30T00:00:00+01:00")),
            ((2026, 10, 24, 23, 0), Some("2026-10-24T23:00:00+01:00")),
            ((2026, 10, 25, 0, 30), Some("2026-10-25T00:30:00+01:00")),
            ((2026, 10, 25, 1, 30), Some("2026-10-25T01:30:00+01:00")),
            ((2026, 10, 25, 2, 0), Some("2026-10-25T02:00:00+00:00")),
            ((2026, 10, 26, 9, 0), Some("2026-10-26T09:00:00+00:00")),
            ((2026, 12, 31, 23, 59), Some("2026-12-31T23:59:00+00:00")),
            // 2020: 29 March and 25 October.
            ((2020, 3, 29, 1, 30), None),
            ((2020, 3, 28, 1, 30), Some("2020-03-28T01:30:00+00:00")),
            ((2020, 10, 25, 2, 30), Some("2020-10-25T02:30:00+00:00")),
            ((2020, 10, 24, 2, 30), Some("2020-10-24T02:30:00+01:00")),
            // 2027: 28 March and 31 October.
            ((2027, 3, 28, 1, 0), None),
            ((2027, 10, 31, 3, 0), Some("2027-10-31T03:00:00+00:00")),
            ((2027, 10, 30, 3, 0), Some("2027-10-30T03:00:00+01:00")),
            ((2026, 2, 29, 12, 0), None),
            ((2026, 2, 1, 24, 0), None),
            ((2026, 2, 1, 12, 60), None),
        ];
        for ((y, m, d, h, min), expected) in cases {
            let got = london_timestamp(y, m, d, h, min);
            assert_eq!(got.as_deref(), expected, "{y}-{m}-{d} {h}:{min}");
            if let Some(text) = got {
                assert!(parse_strict_datetime(&text).is_some(), "{text}");
            }
        }
    }

    /// Once `sandbox/src/clock.rs`'s.
    #[test]
    fn formats_london_time() {
        // 2020-07-20T10:09:10Z is summer time.
        assert_eq!(
            london_rfc3339(1_595_239_750, 0),
            "2020-07-20T11:09:10+01:00"
        );
        // 2020-12-03T10:50:31Z is winter time.
        assert_eq!(
            london_rfc3339(1_606_992_631, 0),
            "2020-12-03T10:50:31+00:00"
        );
        assert_eq!(
            london_rfc3339(1_595_242_071, 589_000_000),
            "2020-07-20T11:47:51.589+01:00"
        );
        assert_eq!(
            london_rfc3339(1_606_992_631, 1),
            "2020-12-03T10:50:31.000000001+00:00"
        );
    }

    /// Once `sandbox/src/clock.rs`'s.
    #[test]
    fn dst_changes_at_one_utc() {
        // 2020-03-29 is the last Sunday of March.
        let change = date("2020-03-29").days_since_epoch() * DAY + 3600;
        assert_eq!(london_offset_at(change - 1), 0);
        assert_eq!(london_offset_at(change), 3600);
        let day = date("2020-07-22");
        assert_eq!(london_midnight(day), 1_595_372_400);
        assert_eq!(london_date_of(1_595_372_400), day);
        // 2020-10-25 is the last Sunday of October.
        let back = date("2020-10-25").days_since_epoch() * DAY + 3600;
        assert_eq!(london_offset_at(back - 1), 3600);
        assert_eq!(london_offset_at(back), 0);
        // Midnight in winter is midnight UTC.
        assert_eq!(
            london_midnight(date("2020-12-03")),
            date("2020-12-03").days_since_epoch() * DAY
        );
        // The day ends at the next day's midnight, also across a change.
        assert_eq!(
            london_date_of(london_midnight(date("2020-03-30")) - 1),
            date("2020-03-29")
        );
        assert_eq!(
            london_date_of(london_midnight(date("2020-10-26")) - 1),
            date("2020-10-25")
        );
    }

    /// Once `web/src/forms/moves.rs`'s `london_clock` test.
    #[test]
    fn london_time_follows_the_clock_changes() {
        // 2026-07-20T10:01:00Z is 11:01 BST; 2026-01-15T12:00:00Z is 12:00 GMT.
        let cases = [
            (1_784_541_660, ("2026-07-20", 11, 1)),
            (1_768_478_400, ("2026-01-15", 12, 0)),
            // 2026-03-29T00:59:00Z: 00:59 GMT; 01:00Z: 02:00 BST.
            (1_774_745_940, ("2026-03-29", 0, 59)),
            (1_774_746_000, ("2026-03-29", 2, 0)),
            // 2026-05-21T23:30:00Z is already 22 May in London.
            (1_779_406_200, ("2026-05-22", 0, 30)),
        ];
        for (seconds, (day, hour, minute)) in cases {
            let t = london_time(seconds);
            assert_eq!(
                (t.date, t.hour, t.minute),
                (date(day), hour, minute),
                "{seconds}"
            );
        }
    }

    #[test]
    fn wall_clock_gap_and_overlap() {
        let local = |iso: &str, hour: i64, minute: i64| {
            date(iso).days_since_epoch() * DAY + hour * 3600 + minute * 60
        };
        use LondonWallClock::{Once, Repeated, Skipped};
        let cases = [
            (local("2026-03-29", 0, 59), Once(0)),
            (local("2026-03-29", 1, 0), Skipped),
            (local("2026-03-29", 1, 59), Skipped),
            (local("2026-03-29", 2, 0), Once(3600)),
            (local("2026-10-25", 0, 59), Once(3600)),
            (local("2026-10-25", 1, 0), Repeated),
            (local("2026-10-25", 1, 59), Repeated),
            (local("2026-10-25", 2, 0), Once(0)),
            (local("2026-01-01", 0, 0), Once(0)),
            (local("2026-07-01", 0, 0), Once(3600)),
        ];
        for (seconds, expected) in cases {
            assert_eq!(london_wall_clock(seconds), expected, "{seconds}");
        }
        // Every instant of two years reads back through its wall-clock time.
        let start = local("2026-01-01", 0, 0);
        for step in 0..(2 * 365 * 96) {
            let instant = start + step * 900;
            let t = london_time(instant);
            let wall = t.date.days_since_epoch() * DAY
                + i64::from(t.hour) * 3600
                + i64::from(t.minute) * 60
                + i64::from(t.second);
            match london_wall_clock(wall) {
                Once(offset) => assert_eq!(wall - offset, instant),
                Repeated => assert!(wall - 3600 == instant || wall == instant),
                Skipped => panic!("{instant} shows a skipped time"),
            }
        }
    }

    #[test]
    fn extremes_do_not_overflow() {
        for seconds in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX] {
            let _ = london_offset_at(seconds);
            let _ = london_wall_clock(seconds);
            let _ = london_rfc3339(seconds, 999_999_999);
        }
        let _ = london_midnight(Date::from_days_since_epoch(i64::MAX));
        let _ = london_midnight(Date::from_days_since_epoch(i64::MIN));
    }
}
