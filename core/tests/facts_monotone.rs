//! Knowing less never adds a refusal. For every vector that is valid with a non-empty context,
//! every context made from it by *removing* facts is still valid: each member of each record
//! removed alone, each record removed, each collection removed, each `complete` entry removed,
//! and a seeded pseudo-random sample of several removals at once. A member is never set to
//! `null` (that is a fact: known empty), and a record or collection removed is also dropped
//! from `complete` (an id absent from a complete collection is known not to exist).
//!
//! `BASM_MONOTONE_SAMPLES` sets the random removals per vector (default 24).

mod common;

use basm_core::{Context, validate_request};
use serde_json::{Map, Value};

use common::{Rng, build_request, context_json, each_vector, xfail};

/// The collections of records whose members are facts.
const RECORDS: &[&str] = &[
    "locations",
    "moves",
    "journeys",
    "lodgings",
    "allocations",
    "people",
    "profiles",
    "person_escort_records",
    "suppliers",
];

/// One way of knowing less.
#[derive(Debug, Clone, PartialEq)]
enum Removal {
    /// A member of a record: collection, id, member.
    Member(String, String, String),
    /// A whole record (or an id mapped to `null`).
    Record(String, String),
    /// A whole collection.
    Collection(String),
    /// One entry of `complete`.
    Complete(String),
}

/// Every single removal the context allows.
fn removals(context: &Value) -> Vec<Removal> {
    let mut out = Vec::new();
    for &collection in RECORDS {
        let Some(records) = context.get(collection).and_then(Value::as_object) else {
            continue;
        };
        out.push(Removal::Collection(collection.to_owned()));
        for (id, record) in records {
            out.push(Removal::Record(collection.to_owned(), id.clone()));
            if let Some(members) = record.as_object() {
                for member in members.keys() {
                    out.push(Removal::Member(
                        collection.to_owned(),
                        id.clone(),
                        member.clone(),
                    ));
                }
            }
        }
    }
    for entry in context
        .get("complete")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        out.push(Removal::Complete(entry.to_owned()));
    }
    out
}

fn uncomplete(context: &mut Map<String, Value>, collection: &str) {
    if let Some(Value::Array(entries)) = context.get_mut("complete") {
        entries.retain(|e| e.as_str() != Some(collection));
    }
}

/// Applies removals (those that no longer apply are ignored).
fn apply(context: &Value, removals: &[&Removal]) -> Value {
    let mut context = context.clone();
    let Some(map) = context.as_object_mut() else {
        return context;
    };
    for removal in removals {
        match removal {
            Removal::Member(collection, id, member) => {
                if let Some(Value::Object(record)) = map
                    .get_mut(collection.as_str())
                    .and_then(|c| c.get_mut(id.as_str()))
                {
                    record.remove(member.as_str());
                }
            }
            Removal::Record(collection, id) => {
                if let Some(Value::Object(records)) = map.get_mut(collection.as_str()) {
                    records.remove(id.as_str());
                }
                uncomplete(map, collection);
            }
            Removal::Collection(collection) => {
                map.remove(collection.as_str());
                uncomplete(map, collection);
            }
            Removal::Complete(collection) => uncomplete(map, collection),
        }
    }
    context
}

fn has_facts(context: &Value) -> bool {
    RECORDS.iter().any(|c| {
        context
            .get(*c)
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
    })
}

#[test]
fn knowing_less_never_adds_a_refusal() {
    let samples: usize = std::env::var("BASM_MONOTONE_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(24);
    let xfail = xfail();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut vectors, mut checked) = (0usize, 0usize);
    let mut failures = Vec::new();
    each_vector(|id, group, test| {
        let full = context_json(group, test);
        if !has_facts(&full) || xfail.iter().any(|x| x == id) {
            return;
        }
        let request = build_request(group, test);
        let context = |v: &Value| -> Context {
            serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{id}: bad context: {e}"))
        };
        // Only vectors valid with their whole context.
        if !validate_request(&request, &context(&full)).valid {
            return;
        }
        vectors += 1;
        let singles = removals(&full);
        let mut tries: Vec<Vec<&Removal>> = singles.iter().map(|r| vec![r]).collect();
        if singles.len() > 1 {
            for _ in 0..samples {
                let k = 2 + rng.below(singles.len() - 1);
                let set: Vec<&Removal> = (0..k).map(|_| rng.pick(&singles)).collect();
                tries.push(set);
            }
        }
        for set in tries {
            let less = apply(&full, &set);
            let verdict = validate_request(&request, &context(&less));
            checked += 1;
            if !verdict.valid {
                failures.push(format!(
                    "{id}\n    removed {set:?}\n    now {} {}",
                    verdict.status,
                    serde_json::to_string(&verdict.errors).unwrap_or_default()
                ));
            }
        }
    });
    eprintln!(
        "facts monotone: {checked} contexts checked from {vectors} vectors valid with their facts, {} refused",
        failures.len()
    );
    assert!(vectors > 0, "no vector is valid with a context");
    assert!(
        failures.is_empty(),
        "{} contexts with less known are refused:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
