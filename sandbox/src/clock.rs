//! The sandbox's notion of "now", and London-time formatting.
//!
//! Time is injectable so tests can move it (idempotency keys replay for 10 minutes and stay
//! reserved for 12 hours). The API renders times in Europe/London, so every timestamp the
//! sandbox writes is formatted the same way.

use std::sync::atomic::{AtomicI64, Ordering};

use basm_core::time::Date;

/// An instant: whole seconds since the Unix epoch and the nanoseconds past them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub secs: i64,
    /// Nanoseconds, 0..1e9.
    pub nanos: u32,
}

/// The wall clock plus an offset that tests may move forward.
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
}

impl Clock {
    /// The real time.
    pub fn new() -> Self {
        Self::default()
    }

    /// Now, as the sandbox sees it.
    pub fn now(&self) -> Stamp {
        let (secs, nanos) = system_now();
        Stamp {
            secs: secs.saturating_add(self.offset_secs.load(Ordering::Relaxed)),
            // Microseconds, as the API's database keeps its timestamps.
            nanos: nanos / 1000 * 1000,
        }
    }

    /// Moves the sandbox's time forward (or back, when negative) by `secs`.
    pub fn advance(&self, secs: i64) {
        self.offset_secs.fetch_add(secs, Ordering::Relaxed);
    }
}

// The workspace bans SystemTime because it panics on wasm32; the sandbox is native only.
#[allow(clippy::disallowed_types)]
fn system_now() -> (i64, u32) {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => (
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            d.subsec_nanos(),
        ),
        Err(_) => (0, 0),
    }
}

const DAY: i64 = 86_400;

/// Europe/London's offset from UTC at a UTC instant: BST (+1h) from the last Sunday of March
/// 01:00 UTC to the last Sunday of October 01:00 UTC.
pub fn london_offset(secs: i64) -> i64 {
    let year = Date::from_days_since_epoch(secs.div_euclid(DAY)).year;
    let last_sunday = |month: u8| {
        let last = Date::new(year, month, 31).map_or(0, Date::days_since_epoch);
        // 1970-01-01 (day 0) was a Thursday; with Sunday = 0 that is 4.
        last - (last + 4).rem_euclid(7)
    };
    let start = last_sunday(3) * DAY + 3600;
    let end = last_sunday(10) * DAY + 3600;
    if (start..end).contains(&secs) {
        3600
    } else {
        0
    }
}

/// `2020-07-20T11:09:10+01:00`: London time, no fraction (as the API's serializers write
/// `created_at`, `updated_at` and journey timestamps).
pub fn london(secs: i64) -> String {
    london_with_fraction(Stamp { secs, nanos: 0 })
}

/// London time with the fraction when there is one (`…T10:47:51.589+01:00`), as events keep
/// the precision they were sent with.
pub fn london_with_fraction(t: Stamp) -> String {
    let offset = london_offset(t.secs);
    let local = t.secs.saturating_add(offset);
    let date = Date::from_days_since_epoch(local.div_euclid(DAY));
    let in_day = local.rem_euclid(DAY);
    let mut out = format!(
        "{date}T{:02}:{:02}:{:02}",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    );
    if t.nanos > 0 {
        let digits = format!("{:09}", t.nanos);
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out.push_str(if offset == 0 { "+00:00" } else { "+01:00" });
    out
}

/// The London calendar date of an instant.
pub fn london_date(secs: i64) -> Date {
    Date::from_days_since_epoch(secs.saturating_add(london_offset(secs)).div_euclid(DAY))
}

/// The instant London's `date` begins.
pub fn london_midnight(date: Date) -> i64 {
    let utc_midnight = date.days_since_epoch().saturating_mul(DAY);
    // The offset at local midnight equals the offset an hour either side of it.
    utc_midnight - london_offset(utc_midnight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_london_time() {
        // 2020-07-20T10:09:10Z is summer time.
        assert_eq!(london(1_595_239_750), "2020-07-20T11:09:10+01:00");
        // 2020-12-03T10:50:31Z is winter time.
        assert_eq!(london(1_606_992_631), "2020-12-03T10:50:31+00:00");
        let t = Stamp {
            secs: 1_595_242_071,
            nanos: 589_000_000,
        };
        assert_eq!(london_with_fraction(t), "2020-07-20T11:47:51.589+01:00");
    }

    #[test]
    fn dst_changes_at_one_utc() {
        // 2020-03-29 is the last Sunday of March.
        let change = Date::new(2020, 3, 29).map_or(0, Date::days_since_epoch) * DAY + 3600;
        assert_eq!(london_offset(change - 1), 0);
        assert_eq!(london_offset(change), 3600);
        let date = Date::new(2020, 7, 22).unwrap_or(Date::from_days_since_epoch(0));
        assert_eq!(london_midnight(date), 1_595_372_400);
        assert_eq!(london_date(1_595_372_400), date);
    }

    #[test]
    fn clock_moves() {
        let clock = Clock::new();
        let before = clock.now();
        clock.advance(600);
        assert!(clock.now().secs >= before.secs + 600);
    }
}
