//! One submission of a form, as plain decisions: the `Idempotency-Key` it keeps across
//! retries, what is kept of it after a failure, whether a retry first looks for what a lost
//! try did, and what the page shows while it is on its way and when it fails. The one path
//! that acts on them is [`crate::submit`].

use serde::{Deserialize, Serialize};

use crate::api::Failure;

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

    /// What is kept of this attempt after `failure`: after a try without an answer, the
    /// same key with its outcome unknown (the API may have acted); after a key conflict
    /// (409), nothing (the next try needs a new key); after any other refusal, the same.
    pub fn after(mut self, failure: &Failure) -> Option<Attempt> {
        match failure {
            Failure::Network => {
                self.outcome_unknown = true;
                Some(self)
            }
            refused if refused.status() == 409 => None,
            Failure::Refused { .. } => Some(self),
        }
    }

    /// What a try of this attempt does first: when an earlier try got no answer and the
    /// form can look for what that try did (`can_look`), look before sending again.
    pub fn first_step(&self, can_look: bool) -> FirstStep {
        if self.outcome_unknown && can_look {
            FirstStep::Look
        } else {
            FirstStep::Send
        }
    }
}

/// What a try does first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstStep {
    /// Send the request.
    Send,
    /// Ask the API whether an earlier try, whose answer was lost, acted; send only if not.
    Look,
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

    /// Where the submission is after `failure`: offering to try again after a try without
    /// an answer, else idle (the refusal is shown).
    pub fn after(failure: &Failure) -> Progress {
        match failure {
            Failure::Network => Progress::NetworkFailed,
            Failure::Refused { .. } => Progress::Idle,
        }
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

    fn refused(status: u16) -> Failure {
        Failure::Refused {
            status,
            errors: Vec::new(),
            local: false,
        }
    }

    #[test]
    fn progress_after_a_failure() {
        assert_eq!(Progress::after(&Failure::Network), Progress::NetworkFailed);
        assert_eq!(Progress::after(&refused(422)), Progress::Idle);
        assert!(!Progress::after(&Failure::Network).is_busy());
    }

    #[test]
    fn what_is_kept_after_a_failure() {
        let sent = Attempt::for_body(None, "{a}", "t1", || "k1".into());
        let lost = sent.clone().after(&Failure::Network).unwrap();
        assert_eq!((lost.key.as_str(), lost.outcome_unknown), ("k1", true));
        // The retry of the same body keeps the key and the unknown outcome.
        let retry = Attempt::for_body(Some(&lost), "{a}", "t2", || "k2".into());
        assert_eq!((retry.key.as_str(), retry.outcome_unknown), ("k1", true));
        assert_eq!(sent.clone().after(&refused(409)), None);
        let refused_once = sent.clone().after(&refused(422)).unwrap();
        assert_eq!(refused_once, sent);
        // Local refusals (nothing sent) keep it as it was too.
        let local = Failure::Refused {
            status: 422,
            errors: Vec::new(),
            local: true,
        };
        assert_eq!(sent.clone().after(&local), Some(sent));
    }

    #[test]
    fn a_retry_after_a_lost_answer_looks_first() {
        let sent = Attempt::for_body(None, "{a}", "t1", || "k1".into());
        assert_eq!(sent.first_step(true), FirstStep::Send);
        let lost = sent.after(&Failure::Network).unwrap();
        assert_eq!(lost.first_step(true), FirstStep::Look);
        // A form that cannot look sends again with the same key: the API replays it.
        assert_eq!(lost.first_step(false), FirstStep::Send);
    }
}
