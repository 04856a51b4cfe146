//! Every event type's typed request document round-trips through serde, and every event type
//! has vectors: a valid case (for the types clients may post) and a failing case per rule.

use std::path::Path;

use basm_core::documents::EventCreate;
use basm_core::{Context, EVENT_TYPES, EventDocument, validate_event};
use serde_json::Value;

fn vector_file(name: &str) -> Option<Vec<Value>> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../tests/vectors/events/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn tests(groups: &[Value]) -> impl Iterator<Item = &Value> {
    groups
        .iter()
        .flat_map(|g| g["tests"].as_array().into_iter().flatten())
}

/// Drops the details keys the event type does not keep, as the API does.
fn kept(info: &basm_core::EventTypeInfo, mut data: Value) -> Value {
    if let Some(details) = data
        .pointer_mut("/data/attributes/details")
        .and_then(Value::as_object_mut)
    {
        details.retain(|k, _| info.field(k).is_some());
    }
    data
}

#[test]
fn typed_documents_round_trip() {
    let mut checked = 0;
    let mut problems = Vec::new();
    for info in EVENT_TYPES.iter().filter(|i| i.postable()) {
        let Some(groups) = vector_file(info.name) else {
            problems.push(format!("{}: no vectors file", info.name));
            continue;
        };
        let Some(valid) = tests(&groups).find(|t| {
            t["valid"] == Value::Bool(true) && t.get("data").is_some() && t.get("request").is_none()
        }) else {
            problems.push(format!("{}: no valid case", info.name));
            continue;
        };
        let data = kept(info, valid["data"].clone());
        let typed: EventDocument = match serde_json::from_value(data.clone()) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!(
                    "{}: the valid case does not deserialize: {e}",
                    info.name
                ));
                continue;
            }
        };
        assert_eq!(typed.data.attributes.event.event_type().as_str(), info.name);
        let back = serde_json::to_value(&typed).expect("serialize");
        let again: EventDocument = serde_json::from_value(back.clone()).expect("deserialize again");
        if again != typed {
            problems.push(format!(
                "{}: typed → JSON → typed changed the document",
                info.name
            ));
        }
        // What the types produce is itself accepted.
        let verdict = validate_event(
            &serde_json::to_vec(&back).expect("bytes"),
            &Context::empty(),
        );
        if !verdict.valid {
            problems.push(format!(
                "{}: the typed document is refused: {:?}",
                info.name, verdict.errors
            ));
        }
        checked += 1;
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!("round trip: {checked} event types");
}

/// The form-built request ([`EventCreate`], details as JSON) reads every postable type's
/// valid case and writes it back unchanged, and what it writes is accepted.
#[test]
fn event_create_round_trips_every_valid_case() {
    let mut checked = 0;
    let mut problems = Vec::new();
    for info in EVENT_TYPES.iter().filter(|i| i.postable()) {
        let Some(valid) = vector_file(info.name).and_then(|groups| {
            tests(&groups)
                .find(|t| {
                    t["valid"] == Value::Bool(true)
                        && t.get("data").is_some()
                        && t.get("request").is_none()
                })
                .map(|t| t["data"].clone())
        }) else {
            problems.push(format!("{}: no valid case", info.name));
            continue;
        };
        let document: EventCreate = match serde_json::from_value(valid.clone()) {
            Ok(document) => document,
            Err(e) => {
                problems.push(format!("{}: does not deserialize: {e}", info.name));
                continue;
            }
        };
        assert_eq!(
            document.data.attributes.event.event_type.as_str(),
            info.name
        );
        let back: Value = serde_json::from_slice(&document.to_body()).expect("JSON");
        if back != valid {
            problems.push(format!("{}: {valid} came back as {back}", info.name));
        }
        let verdict = validate_event(&document.to_body(), &Context::empty());
        if !verdict.valid {
            problems.push(format!(
                "{}: its body is refused: {:?}",
                info.name, verdict.errors
            ));
        }
        checked += 1;
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(checked > 80, "{checked} event types");
}

#[test]
fn every_event_type_has_vectors_for_each_rule() {
    let mut problems = Vec::new();
    for info in EVENT_TYPES {
        let Some(groups) = vector_file(info.name) else {
            problems.push(format!(
                "{}: no tests/vectors/events/{}.json",
                info.name, info.name
            ));
            continue;
        };
        let valid = tests(&groups)
            .filter(|t| t["valid"] == Value::Bool(true))
            .count();
        let failing = tests(&groups)
            .filter(|t| t["valid"] == Value::Bool(false))
            .count();
        if info.postable() && valid == 0 {
            problems.push(format!("{}: no valid case", info.name));
        }
        // At least one failing case per rule, plus the wrong-eventable case.
        let needed = info.rules.len() + 1;
        if failing < needed {
            problems.push(format!(
                "{}: {failing} failing cases for {} rules (+1 eventable)",
                info.name,
                info.rules.len()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
