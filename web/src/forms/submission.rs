//! One submission of a form: the `Idempotency-Key` it keeps across retries, and what the
//! page shows while it is on its way and when it fails.

use serde::{Deserialize, Serialize};

/// A submission attempt, stored with the form's draft so a reload keeps the key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// The `Idempotency-Key` (a UUID v4): the same for every retry of the same request.
    pub key: String,
    /// The request body the key was used for; a different body needs a new key (the API
    /// answers 409 to a key reused for another request).
    pub body: String,
    /// When the first try of this request was sent (ISO 8601, UTC).
    pub started_at: String,
    /// A try failed without an answer (network): the API may have acted on it. A retry
    /// first checks whether it did.
    pub outcome_unknown: bool,
}

impl Attempt {
    /// The attempt for sending `body` now: the previous attempt again when it was for the
    /// same body (same key, first start time), else a new one with `fresh_key()`.
    pub fn for_body(
        previous: Option<&Attempt>,
        body: &str,
        now: &str,
        fresh_key: impl FnOnce() -> String,
    ) -> Attempt {
        match previous {
            Some(attempt) if attempt.body == body && !attempt.key.is_empty() => attempt.clone(),
            _ => Attempt {
                key: fresh_key(),
                body: body.to_owned(),
                started_at: now.to_owned(),
                outcome_unknown: false,
            },
        }
    }
}

/// Where a form's submission is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Progress {
    /// Nothing sent, or the last answer was shown.
    #[default]
    Idle,
    /// A request is on its way: the button is disabled and says so.
    Sending,
    /// The request never got an answer: the page offers to try again, input intact.
    NetworkFailed,
}

impl Progress {
    /// Whether a click on the submit button must be ignored (no double submit).
    pub fn is_busy(&self) -> bool {
        matches!(self, Progress::Sending)
    }
}

/// A UUID v4 from 16 random bytes (RFC 9562 §5.4), for browsers without
/// `crypto.randomUUID`.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_body_keeps_the_key_and_start() {
        let first = Attempt::for_body(None, "{a}", "t1", || "k1".into());
        assert_eq!(first.key, "k1");
        let mut failed = first.clone();
        failed.outcome_unknown = true;
        let retry = Attempt::for_body(Some(&failed), "{a}", "t2", || "k2".into());
        assert_eq!(retry.key, "k1");
        assert_eq!(retry.started_at, "t1");
        assert!(retry.outcome_unknown);
        let changed = Attempt::for_body(Some(&failed), "{b}", "t3", || "k3".into());
        assert_eq!(changed.key, "k3");
        assert!(!changed.outcome_unknown);
    }

    #[test]
    fn uuid_is_v4() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(basm_core::is_idempotency_key(&id));
        assert!(basm_core::is_idempotency_key(&uuid_v4([0; 16])));
    }

    #[test]
    fn busy_only_while_sending() {
        assert!(Progress::Sending.is_busy());
        assert!(!Progress::NetworkFailed.is_busy());
        assert!(!Progress::Idle.is_busy());
    }
}
