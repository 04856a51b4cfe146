//! The sandbox's notion of "now".
//!
//! Time is injectable so tests can move it (idempotency keys replay for 10 minutes and stay
//! reserved for 12 hours). The API renders times in Europe/London: the sandbox writes them
//! with `basm_core::time::london_rfc3339` and reads London dates with
//! `basm_core::time::{london_date_of, london_midnight}`.

use std::sync::atomic::{AtomicI64, Ordering};

/// An instant: whole seconds since the Unix epoch and the nanoseconds past them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub secs: i64,
    /// Nanoseconds, 0..1e9.
    pub nanos: u32,
}

/// The wall clock plus an offset that tests may move forward; or, once [`Clock::freeze`]d,
/// a fixed instant plus that offset.
#[derive(Debug)]
pub struct Clock {
    offset_secs: AtomicI64,
    /// The second it was frozen at ([`NOT_FROZEN`] while it follows the wall clock).
    frozen_secs: AtomicI64,
}

/// [`Clock::frozen_secs`] of a clock that follows the wall clock.
const NOT_FROZEN: i64 = i64::MIN;

impl Default for Clock {
    fn default() -> Self {
        Clock {
            offset_secs: AtomicI64::new(0),
            frozen_secs: AtomicI64::new(NOT_FROZEN),
        }
    }
}

impl Clock {
    /// The real time.
    pub fn new() -> Self {
        Self::default()
    }

    /// Now, as the sandbox sees it.
    pub fn now(&self) -> Stamp {
        let (secs, nanos) = match self.frozen_secs.load(Ordering::Relaxed) {
            NOT_FROZEN => system_now(),
            frozen => (frozen, 0),
        };
        Stamp {
            secs: secs.saturating_add(self.offset_secs.load(Ordering::Relaxed)),
            // Microseconds, as the API's database keeps its timestamps.
            nanos: nanos / 1000 * 1000,
        }
    }

    /// Stops the clock at the current second, so that a test's requests take no time
    /// (a token's seconds left, a key's ten minutes): only [`Clock::advance`] moves it then.
    pub fn freeze(&self) {
        let (secs, _) = system_now();
        self.frozen_secs.store(secs, Ordering::Relaxed);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_moves() {
        let clock = Clock::new();
        let before = clock.now();
        clock.advance(600);
        assert!(clock.now().secs >= before.secs + 600);
        clock.freeze();
        let frozen = clock.now();
        assert_eq!(clock.now(), frozen);
        clock.advance(1);
        assert_eq!(clock.now().secs, frozen.secs + 1);
    }
}
