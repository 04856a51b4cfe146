//! What the API would answer to a request, and what it would change.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiErrorObject, ErrorSource};

/// Something the API accepts but ignores or treats differently from what the caller may
/// expect: a dropped details key, a deprecated event type, an event that changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable snake_case code.
    pub code: String,
    /// What happens, in plain words.
    pub detail: String,
    /// Where in the request.
    pub source: ErrorSource,
}

/// Warning codes.
pub mod warning_codes {
    /// A details key the event type does not keep; the API drops it silently.
    pub const DROPPED_DETAIL: &str = "dropped_detail";
    /// `details` is not an object; the API drops it whole.
    pub const DROPPED_DETAILS: &str = "dropped_details";
    /// An attribute the API does not permit here; it is dropped silently.
    pub const IGNORED_ATTRIBUTE: &str = "ignored_attribute";
    /// A relationship this event type does not use; stored as `<name>_id` and never read.
    pub const UNUSED_RELATIONSHIP: &str = "unused_relationship";
    /// A deprecated event type.
    pub const DEPRECATED: &str = "deprecated";
    /// A name the API replaces with another when it stores the event.
    pub const REMAPPED: &str = "remapped";
    /// Timestamps out of the expected order (the API only logs this).
    pub const OUT_OF_ORDER: &str = "out_of_order";
    /// Accepted, but the record's state machine ignores it: nothing changes.
    pub const NO_CHANGE: &str = "no_change";
    /// A header the endpoint ignores (e.g. `Idempotency-Key` on `POST /api/events`: a retry
    /// stores a second event).
    pub const IGNORED_HEADER: &str = "ignored_header";
    /// A value the API reads by Ruby truthiness, so it may not mean what it says (`"false"`).
    pub const TRUTHY_STRING: &str = "truthy_string";
    /// The request replays a stored response: nothing runs again.
    pub const REPLAY: &str = "replay";
    /// A query parameter the endpoint ignores.
    pub const IGNORED_PARAMETER: &str = "ignored_parameter";
}

/// A check that needed a fact the context did not have, so it did not run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unchecked {
    /// What was not checked, in plain words.
    pub detail: String,
    /// Where in the request.
    pub source: ErrorSource,
}

/// One change of state the request causes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// JSON:API type of the record (`moves`, `journeys`, `allocations`, `events`, …).
    #[serde(rename = "type")]
    pub resource_type: String,
    /// The record's id (`null` for a record the request creates).
    pub id: Option<String>,
    /// The attribute that changes (`status`, `state`, `profile`, …), or `null` when the
    /// record is created.
    pub attribute: Option<String>,
    /// The old value, when known.
    pub from: Option<String>,
    /// The new value.
    pub to: Option<String>,
}

/// What the request would do if sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effect {
    /// One sentence.
    pub summary: String,
    /// The changes, in the order the API makes them.
    pub changes: Vec<Change>,
}

/// The predicted answer to one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// True when the API would accept the request (a 2xx status).
    pub valid: bool,
    /// The HTTP status the API would answer.
    pub status: u16,
    /// The endpoint the request was matched to (`POST /api/events`), when it was.
    pub endpoint: Option<String>,
    /// Every failure, each at its exact place.
    pub errors: Vec<ApiError>,
    /// What the API accepts but ignores or treats surprisingly.
    pub warnings: Vec<Warning>,
    /// Checks skipped for want of a fact.
    pub unchecked: Vec<Unchecked>,
    /// What the request changes when it is accepted (`null` when refused).
    pub effect: Option<Effect>,
    /// The body the real API would send on failure, exactly (its own pointers and texts);
    /// `null` on success.
    pub api_body: Option<serde_json::Value>,
}

impl Verdict {
    /// An accepted request.
    pub fn accepted(status: u16, effect: Effect) -> Self {
        Verdict {
            valid: true,
            status,
            endpoint: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            unchecked: Vec::new(),
            effect: Some(effect),
            api_body: None,
        }
    }

    /// A refused request; `api_body` is built from the errors' `meta.api`.
    pub fn refused(status: u16, errors: Vec<ApiError>) -> Self {
        let api_body = api_body_of(&errors);
        Verdict {
            valid: false,
            status,
            endpoint: None,
            errors,
            warnings: Vec::new(),
            unchecked: Vec::new(),
            effect: None,
            api_body,
        }
    }

    /// The whole verdict as JSON text, members in declaration order (what the npm package
    /// hands to JavaScript). The one writer of a verdict's JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The verdict as a JSON:API error document (what the sandbox sends): `{"errors": […]}`.
    pub fn error_document(&self) -> serde_json::Value {
        serde_json::json!({ "errors": self.errors })
    }
}

/// The API's own error objects for a list of errors, each with the indexes of the errors it
/// carries: the distinct `meta.api` objects, in order (several shape-A errors share one
/// object; shape-B duplicates stay, as the API repeats them).
pub fn api_objects(errors: &[ApiError]) -> Vec<(&ApiErrorObject, Vec<usize>)> {
    let mut objects: Vec<(&ApiErrorObject, Vec<usize>)> = Vec::new();
    for (i, e) in errors.iter().enumerate() {
        let Some(api) = &e.meta.api else { continue };
        let shape_a = api.source.is_none() && api.code.is_none();
        if shape_a && let Some((_, carried)) = objects.iter_mut().find(|(o, _)| *o == api) {
            carried.push(i);
            continue;
        }
        objects.push((api, vec![i]));
    }
    objects
}

/// The API's own body for a list of errors (see [`api_objects`]).
fn api_body_of(errors: &[ApiError]) -> Option<serde_json::Value> {
    let objects = api_objects(errors);
    if objects.is_empty() {
        return None;
    }
    // Built by hand: going through `serde_json::to_value` costs several times as much, and
    // every refused request pays it.
    let list = objects
        .into_iter()
        .map(|(o, _)| api_object_value(o))
        .collect();
    let mut body = serde_json::Map::new();
    body.insert("errors".to_owned(), serde_json::Value::Array(list));
    Some(serde_json::Value::Object(body))
}

/// One of the API's error objects as it sends it.
pub fn api_object_value(o: &ApiErrorObject) -> serde_json::Value {
    use serde_json::Value;
    let mut m = serde_json::Map::new();
    m.insert("title".to_owned(), Value::String(o.title.clone()));
    m.insert("detail".to_owned(), Value::String(o.detail.clone()));
    if let Some(source) = &o.source {
        let mut src = serde_json::Map::new();
        for (key, value) in [
            ("pointer", &source.pointer),
            ("parameter", &source.parameter),
            ("header", &source.header),
        ] {
            if let Some(v) = value {
                src.insert(key.to_owned(), Value::String(v.clone()));
            }
        }
        m.insert("source".to_owned(), Value::Object(src));
    }
    if let Some(code) = &o.code {
        m.insert("code".to_owned(), Value::String(code.clone()));
    }
    if let Some(meta) = &o.meta {
        m.insert("meta".to_owned(), meta.clone());
    }
    Value::Object(m)
}
