//! JSON Schemas (draft 2020-12) of `POST /api/events` bodies, one per event type, generated
//! from [`EVENT_TYPES`] (what the npm package's `jsonSchemas()` returns).
//!
//! A schema is a **shape check only**: the envelope, `event_type`, the timestamps, each
//! details field's JSON type, allowed values and format, and the required details and
//! relationships. It does not know the API's lenient date-time parser (JSON Schema's
//! `date-time` is RFC 3339, stricter than the API), its cross-field rules (personnel numbers,
//! postcode or location description, …), facts about records, or what the API answers
//! (status, error texts). It is stricter than the API where the API silently drops data:
//! unknown attributes and details keys are refused. [`crate::validate_event`] is the exact
//! answer; the schemas are for teams that already run a JSON Schema validator.

use serde_json::{Map, Value, json};

use crate::events::{EVENT_TYPES, EventTypeInfo, Eventable, FieldInfo};
use crate::values::FieldKind;

/// Ids the API casts to a UUID (PostgreSQL's rules: any case, hyphens optional, optional braces);
/// any other id is a record that cannot exist (404).
pub const UUID_PATTERN: &str =
    "^(\\{([0-9a-fA-F]{4}-?){7}[0-9a-fA-F]{4}\\}|([0-9a-fA-F]{4}-?){7}[0-9a-fA-F]{4})$";

/// The JSON Schema dialect of every schema.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Every event type's schema: an object `event_type` → schema, in name order.
///
/// Event types the API refuses from clients (lodging events, written by the server only)
/// get a schema that accepts nothing.
pub fn event_schemas() -> Value {
    let schemas: Map<String, Value> = EVENT_TYPES
        .iter()
        .map(|info| (info.name.to_owned(), event_schema(info)))
        .collect();
    Value::Object(schemas)
}

/// The schema of one event type's request body.
pub fn event_schema(info: &EventTypeInfo) -> Value {
    let id = format!("urn:basm:schema:event:{}", info.name);
    let title = format!("POST /api/events: {}", info.name);
    let eventable: Vec<&str> = info
        .eventable
        .iter()
        .map(|e| e.wire())
        .filter(|w| Eventable::POSTABLE.contains(w))
        .collect();
    if eventable.is_empty() {
        return json!({
            "$schema": DIALECT,
            "$id": id,
            "title": title,
            "description": format!(
                "{} The API writes this event itself and refuses it from clients.",
                info.doc.trim()
            ),
            "not": {},
        });
    }

    let mut details = Map::new();
    for field in info.fields {
        details.insert(field.name.to_owned(), field_schema(field));
    }
    let required_details: Vec<&str> = info
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();

    let mut attributes = json!({
        "type": "object",
        "required": ["event_type", "occurred_at", "recorded_at"],
        "properties": {
            "event_type": { "const": info.name },
            "occurred_at": date_time("When it happened."),
            "recorded_at": date_time("When it was recorded."),
            "notes": { "type": ["string", "null"], "description": "Free text." },
            "details": {
                "type": "object",
                "properties": details,
                "required": required_details,
                "additionalProperties": false,
            },
        },
        "additionalProperties": false,
    });
    if !required_details.is_empty()
        && let Some(required) = attributes["required"].as_array_mut()
    {
        required.push(json!("details"));
    }

    let mut relationships = Map::new();
    relationships.insert(
        "eventable".to_owned(),
        json!({
            "type": "object",
            "required": ["data"],
            "properties": {
                "data": {
                    "type": "object",
                    "required": ["type", "id"],
                    "properties": {
                        "type": { "enum": eventable },
                        "id": { "type": "string", "pattern": UUID_PATTERN },
                    },
                },
            },
        }),
    );
    let mut required_relationships = vec!["eventable"];
    for rel in info.relationships {
        let schema = if rel.required {
            required_relationships.push(rel.name);
            json!({
                "type": "object",
                "description": rel.doc,
                "required": ["data"],
                "properties": {
                    "data": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {
                            "type": { "type": "string", "examples": [rel.resource_type] },
                            "id": { "type": "string", "pattern": UUID_PATTERN },
                        },
                    },
                },
            })
        } else {
            json!({
                "type": "object",
                "description": rel.doc,
                "properties": {
                    "data": {
                        "type": ["object", "null"],
                        "properties": {
                            "type": { "type": "string", "examples": [rel.resource_type] },
                            "id": { "type": ["string", "null"] },
                        },
                    },
                },
            })
        };
        relationships.insert(rel.name.to_owned(), schema);
    }

    let mut description = info.doc.trim().to_owned();
    if let Some(why) = info.deprecated {
        description.push_str(&format!(" Deprecated: {why}."));
    }
    json!({
        "$schema": DIALECT,
        "$id": id,
        "title": title,
        "description": description,
        "type": "object",
        "required": ["data"],
        "properties": {
            "data": {
                "type": "object",
                "required": ["attributes", "relationships"],
                "properties": {
                    "type": { "const": "events" },
                    "attributes": attributes,
                    "relationships": {
                        "type": "object",
                        "required": required_relationships,
                        "properties": relationships,
                    },
                },
            },
        },
    })
}

fn date_time(description: &str) -> Value {
    json!({
        "type": "string",
        "format": "date-time",
        "description": description,
    })
}

/// One details field: its JSON type, allowed values and format. Optional fields may be `null`;
/// required text must not be blank.
fn field_schema(field: &FieldInfo) -> Value {
    let nullable = |t: &str| {
        if field.required {
            json!(t)
        } else {
            json!([t, "null"])
        }
    };
    let mut schema = match field.kind {
        FieldKind::String => {
            let mut s = json!({ "type": nullable("string") });
            if field.required {
                s["pattern"] = json!("\\S");
            }
            s
        }
        FieldKind::Enum => {
            let mut values: Vec<Value> = field.allowed.iter().map(|v| json!(v)).collect();
            if !field.required {
                values.push(Value::Null);
            }
            json!({ "enum": values })
        }
        FieldKind::DateTime => json!({ "type": nullable("string"), "format": "date-time" }),
        FieldKind::Date => json!({ "type": nullable("string"), "format": "date" }),
        FieldKind::Boolean => json!({ "type": nullable("boolean") }),
        FieldKind::StringArray => {
            let mut s = json!({ "type": nullable("array"), "items": { "type": "string" } });
            if field.required {
                // An empty array is blank.
                s["minItems"] = json!(1);
            }
            s
        }
        // Stored without being looked at (PER `responded_by`): any JSON.
        FieldKind::Any => json!({}),
    };
    let doc = field.doc.trim();
    if !doc.is_empty() {
        schema["description"] = json!(doc);
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EventType;

    #[test]
    fn one_schema_per_event_type() {
        let schemas = event_schemas();
        let map = schemas.as_object().expect("an object");
        assert_eq!(map.len(), EVENT_TYPES.len());
        for info in EVENT_TYPES {
            let schema = &map[info.name];
            assert_eq!(schema["$schema"], DIALECT, "{}", info.name);
            assert_eq!(
                schema["$id"],
                format!("urn:basm:schema:event:{}", info.name)
            );
        }
    }

    #[test]
    fn envelope_and_event_type() {
        let s = event_schema(EventType::MoveAccept.info());
        let attributes = &s["properties"]["data"]["properties"]["attributes"];
        assert_eq!(
            attributes["properties"]["event_type"],
            json!({"const": "MoveAccept"})
        );
        assert_eq!(
            attributes["properties"]["occurred_at"]["format"],
            "date-time"
        );
        assert_eq!(
            attributes["required"],
            json!(["event_type", "occurred_at", "recorded_at"])
        );
        let eventable =
            &s["properties"]["data"]["properties"]["relationships"]["properties"]["eventable"];
        assert_eq!(
            eventable["properties"]["data"]["properties"]["type"],
            json!({"enum": ["moves"]})
        );
    }

    #[test]
    fn details_fields_follow_the_table() {
        let s = event_schema(EventType::MoveCancel.info());
        let attributes = &s["properties"]["data"]["properties"]["attributes"];
        let details = &attributes["properties"]["details"];
        assert_eq!(details["required"], json!(["cancellation_reason"]));
        assert_eq!(details["additionalProperties"], json!(false));
        let reasons = details["properties"]["cancellation_reason"]["enum"]
            .as_array()
            .expect("enum");
        assert!(reasons.contains(&json!("made_in_error")));
        assert!(!reasons.contains(&Value::Null));
        assert_eq!(
            details["properties"]["cancellation_reason_comment"]["type"],
            json!(["string", "null"])
        );
        assert!(
            attributes["required"]
                .as_array()
                .expect("required")
                .contains(&json!("details"))
        );

        let s = event_schema(EventType::MoveApprove.info());
        let details = &s["properties"]["data"]["properties"]["attributes"]["properties"]["details"];
        assert_eq!(details["properties"]["date"]["format"], "date");
        assert_eq!(
            details["properties"]["create_in_nomis"]["type"],
            json!(["boolean", "null"])
        );
    }

    #[test]
    fn required_relationships_need_an_id() {
        let s = event_schema(EventType::MoveLodgingEnd.info());
        let relationships = &s["properties"]["data"]["properties"]["relationships"];
        assert_eq!(relationships["required"], json!(["eventable", "location"]));
        assert_eq!(
            relationships["properties"]["location"]["properties"]["data"]["required"],
            json!(["id"])
        );
    }

    #[test]
    fn server_written_events_accept_nothing() {
        let s = event_schema(EventType::LodgingCreate.info());
        assert_eq!(s["not"], json!({}));
        assert!(s.get("properties").is_none());
    }
}
