//! The proleptic Gregorian calendar: dates, days since 1970-01-01 and back, weekdays, month
//! lengths and leap years. Everything else in the crate that counts days counts them here.
//!
//! (Ruby's `Date` switches to the Julian calendar before 1582-10-15; the Ruby-exact parsers
//! in [`crate::time`] handle that themselves on top of these functions.)
//!
//! Why not chrono: the same work — a checked date from year, month and day, days added,
//! the weekday — built for wasm32 at this workspace's release profile (opt-level "z", fat
//! LTO, `wasm-opt -Oz` of npm binaryen 132) is 747 bytes (634 gzip -9) with these
//! functions and 4,423 bytes (1,835 gzip) with `chrono` 0.4.45 without default features
//! (`NaiveDate::from_ymd_opt`, `checked_add_days`, `weekday`), measured on 2026-12-03 with
//! two one-function `cdylib` crates side by side. The calendar is about 100 lines and
//! tested against Ruby's; chrono would not replace the Ruby-exact parsers either.

use std::fmt;
use std::str::FromStr;

/// A civil date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year (astronomical numbering: 0 is 1 BC).
    pub year: i64,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of the month, 1..=31.
    pub day: u8,
}

impl Date {
    /// The date with these fields, or None unless it is a real date of the proleptic Gregorian calendar.
    pub fn new(year: i64, month: u8, day: u8) -> Option<Date> {
        (day >= 1 && day <= Date::days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// The date `days` days later (earlier when negative), saturating at the ends of the `i64` day count.
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch().saturating_add(days))
    }

    /// Days since 1970-01-01 (which is day 0), counted in the proleptic Gregorian calendar.
    pub fn days_since_epoch(self) -> i64 {
        clamp_i64(gregorian_days(
            i128::from(self.year),
            i128::from(self.month),
            i128::from(self.day),
        ))
    }

    /// The date `days` days after 1970-01-01 in the proleptic Gregorian calendar.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let (year, month, day) = gregorian_from_days(i128::from(days));
        Date {
            year: clamp_i64(year),
            month: small(month),
            day: small(day),
        }
    }

    /// The day of the week, numbered as ISO 8601 does: Monday = 1 .. Sunday = 7. This is the
    /// crate's only weekday numbering.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        small((i128::from(self.days_since_epoch()) + 3).rem_euclid(7) + 1)
    }

    /// Number of days in the month (proleptic Gregorian leap years), 0 for a month outside 1..=12.
    pub fn days_in_month(year: i64, month: u8) -> u8 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap_year(year) => 29,
            2 => 28,
            _ => 0,
        }
    }

    /// The last day of `month` (1..=12) of `year` that falls on `weekday` (ISO, Monday = 1
    /// .. Sunday = 7), e.g. the last Sunday of March; None for a month or weekday out of range.
    pub fn last_weekday_of_month(year: i64, month: u8, weekday: u8) -> Option<Date> {
        if !(1..=7).contains(&weekday) {
            return None;
        }
        let last = Date::new(year, month, Date::days_in_month(year, month))?;
        let back = (i64::from(last.weekday()) - i64::from(weekday)).rem_euclid(7);
        Some(last.add_days(-back))
    }
}

/// Whether `year` is a leap year of the proleptic Gregorian calendar.
pub fn is_leap_year(year: i64) -> bool {
    gregorian_leap(i128::from(year))
}

impl fmt::Display for Date {
    /// `2020-07-22`: the year zero-padded to 4 digits with a `-` when negative, as Ruby's
    /// `Date#to_s` writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year < 0 {
            write!(
                f,
                "-{:04}-{:02}-{:02}",
                self.year.unsigned_abs(),
                self.month,
                self.day
            )
        } else {
            write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
        }
    }
}

impl FromStr for Date {
    type Err = ();

    /// The crate's own canonical form: exactly `YYYY-MM-DD` naming a real date.
    fn from_str(s: &str) -> Result<Date, ()> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(());
        }
        // Only ASCII digits are left, so the numbers are small.
        let number = |digits: &[u8]| {
            digits
                .iter()
                .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'))
        };
        let (year, month, day) = (number(&b[0..4]), number(&b[5..7]), number(&b[8..10]));
        Date::new(year, small(i128::from(month)), small(i128::from(day))).ok_or(())
    }
}

pub(super) fn gregorian_leap(year: i128) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

/// The proleptic Gregorian calendar (Howard Hinnant's `days_from_civil` / `civil_from_days`),
/// written once for each integer width: `i128` for any year Ruby accepts, `i64` for the years
/// of the parsers' `MAX_ABS_YEAR` (its largest figure, `era * 146_097`, stays below 4 * 10^13,
/// so its results are exactly the `i128` ones — a test compares them — without 128-bit
/// division).
macro_rules! gregorian {
    ($int:ty, $days:ident, $from_days:ident) => {
        /// Days from 1970-01-01 to a proleptic Gregorian date (month 1..=12; linear in `day`).
        pub(super) fn $days(year: $int, month: $int, day: $int) -> $int {
            let y = if month <= 2 { year - 1 } else { year };
            let era = y.div_euclid(400);
            let yoe = y.rem_euclid(400);
            let mp = (month + 9).rem_euclid(12);
            let doy = (153 * mp + 2) / 5 + day - 1;
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            era * 146_097 + doe - 719_468
        }

        /// The proleptic Gregorian date `days` after 1970-01-01.
        pub(super) fn $from_days(days: $int) -> ($int, $int, $int) {
            let z = days + 719_468;
            let era = z.div_euclid(146_097);
            let doe = z.rem_euclid(146_097);
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            let mp = (5 * doy + 2) / 153;
            let day = doy - (153 * mp + 2) / 5 + 1;
            let month = if mp < 10 { mp + 3 } else { mp - 9 };
            (era * 400 + yoe + <$int>::from(month <= 2), month, day)
        }
    };
}

gregorian!(i128, gregorian_days, gregorian_from_days);
gregorian!(i64, gregorian_days_i64, gregorian_from_days_i64);

/// An `i128` as an `i64`, saturating at its ends.
pub(super) fn clamp_i64(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

/// A calendar field known to be small (month, day, hour…) as a byte.
pub(super) fn small(value: i128) -> u8 {
    u8::try_from(value).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::MAX_ABS_YEAR;

    #[test]
    fn calendar_in_i64_is_the_calendar_in_i128() {
        let mut seed: u64 = 0x0dd_ba11_5eed_1234;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let max_days = gregorian_days(i128::from(MAX_ABS_YEAR) + 1, 12, 31);
        for i in 0..200_000u64 {
            let year = match i % 4 {
                0 => (next() % 4001) as i64 - 2000,
                1 => (next() % (2 * MAX_ABS_YEAR as u64 + 3)) as i64 - MAX_ABS_YEAR - 1,
                2 => {
                    [MAX_ABS_YEAR + 1, -MAX_ABS_YEAR - 1, 0, -1, 1970, 1582][(next() % 6) as usize]
                }
                _ => (next() % 801) as i64 - 400,
            };
            let month = (next() % 12) as i64 + 1;
            let day = (next() % 40) as i64 - 4;
            assert_eq!(
                i128::from(gregorian_days_i64(year, month, day)),
                gregorian_days(i128::from(year), i128::from(month), i128::from(day)),
                "{year}-{month}-{day}"
            );
            let days = match i % 3 {
                0 => (next() % 2_000_000) as i64 - 1_000_000,
                _ => (next() % (2 * max_days as u64 + 1)) as i64 - max_days as i64,
            };
            let (y, m, d) = gregorian_from_days_i64(days);
            assert_eq!(
                (i128::from(y), i128::from(m), i128::from(d)),
                gregorian_from_days(i128::from(days)),
                "{days}"
            );
        }
    }

    #[test]
    fn date_api() {
        assert_eq!(
            Date::new(2020, 2, 29).map(|d| d.to_string()).as_deref(),
            Some("2020-02-29")
        );
        assert_eq!(Date::new(2019, 2, 29), None);
        assert_eq!(Date::new(1900, 2, 29), None);
        assert!(Date::new(2000, 2, 29).is_some());
        assert_eq!(Date::new(1500, 2, 29), None); // proleptic Gregorian
        assert_eq!(Date::new(2020, 0, 1), None);
        assert_eq!(Date::new(2020, 13, 1), None);
        assert_eq!(Date::new(2020, 4, 31), None);
        assert_eq!(Date::new(2020, 4, 0), None);
        assert_eq!(Date::days_in_month(2020, 2), 29);
        assert_eq!(Date::days_in_month(2100, 2), 28);
        assert_eq!(Date::days_in_month(2020, 13), 0);
        let epoch = Date::new(1970, 1, 1).unwrap();
        assert_eq!(epoch.days_since_epoch(), 0);
        assert_eq!(epoch.weekday(), 4);
        assert_eq!(Date::from_days_since_epoch(0), epoch);
        assert_eq!(Date::from_days_since_epoch(-1).to_string(), "1969-12-31");
        let d = Date::new(2020, 7, 22).unwrap();
        assert_eq!(d.days_since_epoch(), 18_465);
        assert_eq!(d.weekday(), 3);
        assert_eq!(d.add_days(10).to_string(), "2020-08-01");
        assert_eq!(d.add_days(-204).to_string(), "2019-12-31");
        assert_eq!(Date::new(2020, 6, 14).unwrap().weekday(), 7);
        assert_eq!(Date::new(2020, 6, 15).unwrap().weekday(), 1);
        assert_eq!(
            Date {
                year: -1,
                month: 1,
                day: 1
            }
            .to_string(),
            "-0001-01-01"
        );
        assert_eq!(
            Date {
                year: 12020,
                month: 7,
                day: 22
            }
            .to_string(),
            "12020-07-22"
        );
        assert_eq!(
            Date {
                year: 20,
                month: 7,
                day: 2
            }
            .to_string(),
            "0020-07-02"
        );
        // Extremes saturate instead of overflowing.
        let max = Date::from_days_since_epoch(i64::MAX);
        assert!(max.year > 0);
        assert_eq!(max.add_days(i64::MAX).days_since_epoch(), i64::MAX);
        let _ = Date::from_days_since_epoch(i64::MIN).weekday();
        let _ = Date {
            year: i64::MAX,
            month: 12,
            day: 31,
        }
        .days_since_epoch();
        for days in [
            -1_000_000i64,
            -719_468,
            -1,
            0,
            1,
            59,
            10_957,
            18_465,
            2_932_896,
        ] {
            let d = Date::from_days_since_epoch(days);
            assert_eq!(d.days_since_epoch(), days);
            assert_eq!(Date::new(d.year, d.month, d.day), Some(d));
        }
    }

    #[test]
    fn date_from_str() {
        assert_eq!(
            "2020-07-22".parse::<Date>().map(|d| d.to_string()),
            Ok("2020-07-22".into())
        );
        for bad in [
            "2020-7-22",
            "2020-02-30",
            " 2020-07-22",
            "2020-07-22 ",
            "20200722",
            "",
            "+202-07-22",
            "２０20-07-22",
            "2020-07-2x",
        ] {
            assert_eq!(bad.parse::<Date>(), Err(()), "{bad:?}");
        }
    }

    #[test]
    fn forms_calendar_helpers() {
        // Once `core/src/forms.rs`'s own calendar, which numbered weekdays from Sunday = 0.
        let date = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(date(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(date(2000, 3, 1).days_since_epoch(), 11_017);
        assert_eq!(date(2026, 3, 29).weekday(), 7); // a Sunday
        assert_eq!(date(2020, 7, 20).weekday(), 1); // a Monday
        assert!(is_leap_year(2000) && !is_leap_year(1900) && is_leap_year(2024));
        assert_eq!(Date::days_in_month(2024, 2), 29);
    }

    #[test]
    fn last_weekday_of_month() {
        let last_sunday = |y, m| Date::last_weekday_of_month(y, m, 7).map(|d| d.to_string());
        assert_eq!(last_sunday(2026, 3).as_deref(), Some("2026-03-29"));
        assert_eq!(last_sunday(2026, 10).as_deref(), Some("2026-10-25"));
        assert_eq!(last_sunday(2027, 10).as_deref(), Some("2027-10-31"));
        assert_eq!(last_sunday(2020, 3).as_deref(), Some("2020-03-29"));
        assert_eq!(
            Date::last_weekday_of_month(2026, 5, 5)
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-05-29")
        );
        assert_eq!(Date::last_weekday_of_month(2026, 13, 7), None);
        assert_eq!(Date::last_weekday_of_month(2026, 3, 0), None);
    }
}
