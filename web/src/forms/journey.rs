//! Journeys that survive real use: each run of a multi-step journey ("create an allocation")
//! has its own id in the address (`?journey=…`), and its draft, its submission's
//! `Idempotency-Key` and, once finished, its result are kept under that id. A second tab
//! starts its own journey and never overwrites the first; reopening a finished journey's
//! address shows what it made, not an empty form to send again. The index of journeys
//! (newest first) lets old ones be forgotten: after [`MAX_AGE_MS`], and beyond the
//! [`MAX_KEPT`] newest.

use serde::{Deserialize, Serialize};

/// The query parameter naming the journey.
pub const JOURNEY_PARAM: &str = "journey";

/// A journey untouched for this long is forgotten (its draft and its result): 14 days.
pub const MAX_AGE_MS: f64 = 14.0 * 24.0 * 60.0 * 60.0 * 1000.0;

/// At most this many journeys are kept; the oldest go first.
pub const MAX_KEPT: usize = 20;

/// Whether `id` can be a journey id (as [`new_id`] makes them: 12 lower-case hex digits).
pub fn is_id(id: &str) -> bool {
    id.len() == 12
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A new journey id from a random UUID: its first 12 hex digits (48 random bits, short
/// enough for an address, ample among the [`MAX_KEPT`] a browser keeps).
pub fn new_id(uuid: &str) -> String {
    uuid.chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_lowercase())
        .take(12)
        .collect()
}

/// Storage key of journey `id`'s draft.
pub fn draft_key(kind: &str, id: &str) -> String {
    format!("basm:draft:{kind}:{id}")
}

/// Storage key of journey `id`'s submission attempt (its `Idempotency-Key`).
pub fn attempt_key(kind: &str, id: &str) -> String {
    format!("basm:attempt:{kind}:{id}")
}

/// Storage key of journey `id`'s result, once finished.
pub fn result_key(kind: &str, id: &str) -> String {
    format!("basm:done:{kind}:{id}")
}

/// What a finished "create an allocation" journey made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Created {
    /// The allocation's id.
    pub allocation: String,
}

/// One journey of the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Its kind (`allocation-new`).
    pub kind: String,
    /// Its id.
    pub id: String,
    /// When it was last opened (ms since the epoch).
    pub touched: f64,
}

/// The index after journey `kind`/`id` was opened at `now`: it comes first.
pub fn touch(index: &[Entry], kind: &str, id: &str, now: f64) -> Vec<Entry> {
    let mut list = vec![Entry {
        kind: kind.to_owned(),
        id: id.to_owned(),
        touched: now,
    }];
    list.extend(
        index
            .iter()
            .filter(|e| !(e.kind == kind && e.id == id))
            .cloned(),
    );
    list
}

/// The index split into the journeys kept and those to forget: older than [`MAX_AGE_MS`]
/// at `now`, or beyond the [`MAX_KEPT`] most recently opened.
pub fn prune(index: Vec<Entry>, now: f64) -> (Vec<Entry>, Vec<Entry>) {
    let mut sorted = index;
    sorted.sort_by(|a, b| b.touched.total_cmp(&a.touched));
    let (mut kept, mut dropped) = (Vec::new(), Vec::new());
    for entry in sorted {
        if kept.len() < MAX_KEPT && now - entry.touched <= MAX_AGE_MS {
            kept.push(entry);
        } else {
            dropped.push(entry);
        }
    }
    (kept, dropped)
}

/// `path` with the journey, and any other query `extra` (`return=check`), before
/// `fragment` (a field id, or empty).
pub fn href(path: &str, journey: &str, extra: &str, fragment: &str) -> String {
    let mut href = format!("{path}?");
    if !extra.is_empty() {
        href.push_str(extra);
        href.push('&');
    }
    href.push_str(JOURNEY_PARAM);
    href.push('=');
    href.push_str(journey);
    if !fragment.is_empty() {
        href.push('#');
        href.push_str(fragment);
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, touched: f64) -> Entry {
        Entry {
            kind: "allocation-new".into(),
            id: id.into(),
            touched,
        }
    }

    #[test]
    fn ids_are_short_and_checked() {
        let id = new_id("9F86D081-884C-4D63-9f8e-0b5c8f9a1e2d");
        assert_eq!(id, "9f86d081884c");
        assert!(is_id(&id));
        assert!(!is_id("9f86d081884"));
        assert!(!is_id("9f86d081884g"));
        assert!(!is_id("../../x"));
    }

    #[test]
    fn opening_a_journey_puts_it_first_once() {
        let index = vec![entry("a", 1.0), entry("b", 2.0)];
        let touched = touch(&index, "allocation-new", "b", 5.0);
        assert_eq!(touched, vec![entry("b", 5.0), entry("a", 1.0)]);
    }

    #[test]
    fn old_and_surplus_journeys_are_forgotten() {
        let now = MAX_AGE_MS * 3.0;
        let mut index = vec![entry("old", now - MAX_AGE_MS - 1.0)];
        for i in 0..MAX_KEPT + 2 {
            index.push(entry(&format!("j{i}"), now - i as f64));
        }
        let (kept, dropped) = prune(index, now);
        assert_eq!(kept.len(), MAX_KEPT);
        assert_eq!(kept[0].id, "j0", "newest first");
        let gone: Vec<&str> = dropped.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            gone,
            [
                &format!("j{}", MAX_KEPT),
                &format!("j{}", MAX_KEPT + 1),
                "old"
            ]
        );
    }

    #[test]
    fn the_address_keeps_the_journey_before_the_fragment() {
        assert_eq!(
            href("/step", "abc", "return=check", "moves-count"),
            "/step?return=check&journey=abc#moves-count"
        );
        assert_eq!(href("/step", "abc", "", ""), "/step?journey=abc");
    }
}
