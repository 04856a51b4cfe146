//! `basm openapi [--output FILE]`: an OpenAPI 3.1.0 document of every endpoint core knows.
//!
//! Every fact in it is core's: the routes and what each endpoint checks
//! ([`basm_core::endpoint_infos`]: `include=` values, filters, sorting, pagination, body,
//! `Idempotency-Key`, the statuses it answers), the event schemas
//! ([`basm_core::schema::event_schemas`], the generator of the package's `jsonSchemas()`, in
//! JSON Schema 2020-12, OpenAPI 3.1's dialect) and the examples (see [`examples`], each one
//! passing `validate_request`). The generator lives here, not in core: it is presentation
//! (the npm package's wasm does not need it), and it builds a `serde_json::Value`, so moving it
//! into core later is moving a file.
//!
//! Where core has no schema of a body (every body but `POST /api/events`), the document says
//! so and gives a permissive object schema, not invented fields. `Accept` and `Content-Type`
//! cannot be OpenAPI header parameters (the specification ignores those names), so the media
//! types say them: request and response content is `application/vnd.api+json`, and each
//! operation's description names the `Accept` a v2 client sends.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{Map, Value, json};

use basm_core::kaminari::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use basm_core::{BodyUse, EndpointInfo, KeyUse};

use crate::{CliError, EXIT_OK};

pub mod examples;

const USAGE: &str = "\
Usage: basm openapi [--output FILE]

Prints an OpenAPI 3.1.0 document of every endpoint basm knows (to FILE with --output).";

/// The JSON:API media type.
const JSON_API: &str = "application/vnd.api+json";

/// The `Accept` a v2 client sends.
const ACCEPT: &str = "application/vnd.api+json; version=2";

/// Runs `basm openapi` with its arguments.
pub fn run(args: &[String], out: &mut dyn Write) -> Result<i32, CliError> {
    let mut output = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                let _ = writeln!(out, "{USAGE}");
                return Ok(EXIT_OK);
            }
            "--output" | "-o" => {
                output =
                    Some(args.next().cloned().ok_or_else(|| {
                        CliError::Usage("`--output` needs a file name".to_owned())
                    })?);
            }
            other => {
                return Err(CliError::Usage(format!(
                    "unknown argument `{other}` for `basm openapi`"
                )));
            }
        }
    }
    let mut text = serde_json::to_string_pretty(&TopLevel(&document())).unwrap_or_default();
    text.push('\n');
    match output {
        None => out.write_all(text.as_bytes()).map_err(CliError::Output)?,
        Some(path) => std::fs::write(&path, text).map_err(|e| CliError::Input {
            path,
            reason: format!("cannot be written: {e}"),
        })?,
    }
    Ok(EXIT_OK)
}

/// The document's members in the specification's order (`openapi` first) rather than
/// `serde_json::Map`'s sorted order; nested members stay sorted.
struct TopLevel<'a>(&'a Value);

impl serde::Serialize for TopLevel<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        const ORDER: [&str; 6] = ["openapi", "info", "tags", "security", "paths", "components"];
        let members = self.0.as_object();
        let mut map = serializer.serialize_map(None)?;
        for key in ORDER {
            if let Some(value) = members.and_then(|m| m.get(key)) {
                map.serialize_entry(key, value)?;
            }
        }
        for (key, value) in members.into_iter().flatten() {
            if !ORDER.contains(&key.as_str()) {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

/// The document.
pub fn document() -> Value {
    let infos = basm_core::endpoint_infos();
    let examples = examples::examples();
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut tags: Vec<&str> = Vec::new();
    for info in &infos {
        if !tags.contains(&info.resource) {
            tags.push(info.resource);
        }
        let mine: Vec<&examples::Example> = examples
            .iter()
            .filter(|e| e.endpoint == info.endpoint)
            .collect();
        paths
            .entry(openapi_path(info.pattern))
            .or_default()
            .insert(info.method.to_ascii_lowercase(), operation(info, &mine));
    }
    let paths: Map<String, Value> = paths
        .into_iter()
        .map(|(path, ops)| (path, Value::Object(ops)))
        .collect();
    let mut schemas = Map::new();
    schemas.insert("JsonApiErrors".to_owned(), json_api_errors());
    schemas.insert("PlainError".to_owned(), plain_error());
    schemas.insert("Document".to_owned(), document_schema());
    for (name, schema) in event_schemas() {
        schemas.insert(name, schema);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Book a Secure Move API, as basm knows it",
            "version": basm_core::VERSION,
            "description": format!(
                "Every endpoint basm validates, generated from basm-core. Send \
                 `Accept: {ACCEPT}` (without `version=2` the API answers as version 1) and, \
                 with a body, `Content-Type: {JSON_API}`. The schemas are shape checks only: \
                 `validateRequest` (npm `basm-validator`) or `basm check` gives the API's \
                 exact answer."
            ),
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "tags": tags.iter().map(|t| json!({"name": t})).collect::<Vec<_>>(),
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "`Authorization: Bearer <token>` (an OAuth2 client-credentials token); without it 401.",
                },
            },
            "schemas": schemas,
        },
    })
}

/// `/api/moves/:id` → `/api/moves/{id}`.
pub fn openapi_path(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|s| match s.strip_prefix(':') {
            Some(name) => format!("{{{name}}}"),
            None => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `POST /api/moves/:id/:action` → `postApiMovesIdAction`.
fn operation_id(info: &EndpointInfo) -> String {
    let mut id = info.method.to_ascii_lowercase();
    for part in info
        .pattern
        .split(['/', '_', ':'])
        .filter(|p| !p.is_empty())
    {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            id.push(first.to_ascii_uppercase());
            id.extend(chars);
        }
    }
    id
}

fn operation(info: &EndpointInfo, examples: &[&examples::Example]) -> Value {
    let mut op = Map::new();
    op.insert("operationId".into(), json!(operation_id(info)));
    op.insert("summary".into(), json!(info.summary));
    op.insert("tags".into(), json!([info.resource]));
    let mut description = format!("Send `Accept: {ACCEPT}`.");
    if info.body != BodyUse::None {
        description.push_str(&format!(" Send `Content-Type: {JSON_API}` with the body."));
    }
    if let Some(doc) = info.document {
        description.push_str(&format!(
            " The body is `basm_core::documents::{doc}` (typed builders in basm-core)."
        ));
    }
    if info.paginated {
        description.push_str(&format!(
            " Paginated: `page` (from 1) and `per_page` (default {DEFAULT_PER_PAGE}; over \
             {MAX_PER_PAGE} is served {MAX_PER_PAGE} a page, and 0 is a 500: Kaminari's \
             `per(0)`); `page[number]` and `page[size]` are obsolete, and a 500: Kaminari calls \
             `to_i` on the Hash they make."
        ));
    }
    op.insert("description".into(), json!(description));
    if !info.auth {
        op.insert("security".into(), json!([]));
    }
    let parameters = parameters(info);
    if !parameters.is_empty() {
        op.insert("parameters".into(), Value::Array(parameters));
    }
    if info.body != BodyUse::None {
        op.insert("requestBody".into(), request_body(info, examples));
    }
    op.insert("responses".into(), responses(info));
    Value::Object(op)
}

fn parameters(info: &EndpointInfo) -> Vec<Value> {
    let mut out = Vec::new();
    for segment in info.pattern.split('/') {
        let Some(name) = segment.strip_prefix(':') else {
            continue;
        };
        let schema = if name == "action" {
            json!({"type": "string", "enum": info.actions})
        } else {
            json!({"type": "string"})
        };
        let description = if name == "action" {
            "The action".to_owned()
        } else {
            format!(
                "The record's id: a UUID (any case, hyphens optional); any other id names no \
                 record (404). Pattern: `{}`",
                basm_core::schema::UUID_PATTERN
            )
        };
        out.push(json!({
            "name": name, "in": "path", "required": true,
            "description": description, "schema": schema,
        }));
    }
    if !info.includes.is_empty() {
        out.push(json!({
            "name": "include", "in": "query", "required": false,
            "description": format!(
                "Comma-separated related resources (no spaces: they are not trimmed); each \
                 value, or a prefix of a dotted value, of: {}. Anything else: 400.",
                info.includes.join(", ")
            ),
            "schema": {"type": "string"},
            "example": info.includes[0],
        }));
    }
    if !info.filters_in_body {
        for filter in info.filters {
            out.push(json!({
                "name": format!("filter[{filter}]"), "in": "query", "required": false,
                "schema": {"type": "string"},
            }));
        }
    }
    if !info.sort_by.is_empty() {
        out.push(json!({
            "name": "sort[by]", "in": "query", "required": false,
            "schema": {"type": "string", "enum": info.sort_by},
        }));
        out.push(json!({
            "name": "sort[direction]", "in": "query", "required": false,
            "schema": {"type": "string", "enum": info.sort_directions},
        }));
    }
    if info.paginated {
        out.push(json!({
            "name": "page", "in": "query", "required": false,
            "schema": {"type": "integer", "minimum": 1, "default": 1},
        }));
        out.push(json!({
            "name": "per_page", "in": "query", "required": false,
            "description": format!("Over {MAX_PER_PAGE} is served {MAX_PER_PAGE} a page (the meta repeats what was sent); 0 is the API's 500."),
            "schema": {"type": "integer", "minimum": 1, "default": DEFAULT_PER_PAGE},
        }));
    }
    match info.idempotency_key {
        KeyUse::Required => out.push(json!({
            "name": "Idempotency-Key", "in": "header", "required": true,
            "description": "A UUID, fresh for each new request: the same key with the same request within 10 minutes replays the first answer; with another request it is 409. Missing or malformed: 422.",
            "schema": {"type": "string", "format": "uuid"},
        })),
        KeyUse::Ignored => out.push(json!({
            "name": "Idempotency-Key", "in": "header", "required": false,
            "description": "Ignored by this endpoint: a retry repeats the action.",
            "schema": {"type": "string"},
        })),
        KeyUse::NotRead => {}
    }
    out
}

fn request_body(info: &EndpointInfo, examples: &[&examples::Example]) -> Value {
    let schema = if info.endpoint == "POST /api/events" {
        let refs: Vec<Value> = event_schemas()
            .into_iter()
            .map(|(name, _)| json!({"$ref": format!("#/components/schemas/{name}")}))
            .collect();
        json!({"oneOf": refs})
    } else if info.filters_in_body {
        let filters: Map<String, Value> = info
            .filters
            .iter()
            .map(|f| ((*f).to_owned(), json!({})))
            .collect();
        json!({
            "type": "object",
            "required": ["data"],
            "properties": {"data": {"type": "object", "properties": {"attributes": {
                "type": "object",
                "properties": {"filter": {
                    "type": "object",
                    "description": "The filters (each value is read as text; other names are dropped).",
                    "properties": filters,
                }},
            }}}},
        })
    } else {
        json!({"$ref": "#/components/schemas/Document"})
    };
    let mut media = Map::new();
    media.insert("schema".into(), schema);
    if !examples.is_empty() {
        let map: Map<String, Value> = examples
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    json!({"summary": format!("{} {}: {}", e.method, e.path, e.summary), "value": e.body}),
                )
            })
            .collect();
        media.insert("examples".into(), Value::Object(map));
    }
    json!({
        "required": info.body == BodyUse::Required,
        "content": {JSON_API: media},
    })
}

fn responses(info: &EndpointInfo) -> Value {
    let mut out = Map::new();
    let success = match info.success {
        204 => json!({"description": "Done; no body."}),
        status => json!({
            "description": if status == 201 { "Created" } else { "OK" },
            "content": {JSON_API: {"schema": {"$ref": "#/components/schemas/Document"}}},
        }),
    };
    out.insert(info.success.to_string(), success);
    let errors = json!({"$ref": "#/components/schemas/JsonApiErrors"});
    for status in info.refusals {
        let (description, schema) = match status {
            400 if info.plain_400 => (
                "Bad request: a JSON:API error document, or plain JSON `{\"error\": …}` for this endpoint's filter, sort or state errors",
                Some(json!({"oneOf": [errors, {"$ref": "#/components/schemas/PlainError"}]})),
            ),
            400 => (
                "Bad request: unreadable body, missing `data`, or an unsupported `include`",
                Some(errors.clone()),
            ),
            401 => (
                "Not authorized: no bearer token, or a token that may not do this",
                Some(errors.clone()),
            ),
            404 => (
                "A record named in the path or body does not exist",
                Some(errors.clone()),
            ),
            406 => ("Content-Type is not a media type (unverified)", None),
            409 => (
                "Idempotency-Key used before for another request",
                Some(errors.clone()),
            ),
            415 => (
                "Content-Type is not JSON:API, or Accept names an unsupported version",
                Some(errors.clone()),
            ),
            422 => (
                "The body or parameters break the API's rules",
                Some(errors.clone()),
            ),
            500 => (
                "The API fails on this request (a crash basm predicts)",
                None,
            ),
            _ => ("Refused", Some(errors.clone())),
        };
        let mut response = Map::new();
        response.insert("description".into(), json!(description));
        if let Some(schema) = schema {
            response.insert("content".into(), json!({JSON_API: {"schema": schema}}));
        }
        out.insert(status.to_string(), Value::Object(response));
    }
    Value::Object(out)
}

/// The postable event types' schemas, by name.
fn event_schemas() -> Vec<(String, Value)> {
    let Value::Object(all) = basm_core::schema::event_schemas() else {
        return Vec::new();
    };
    all.into_iter()
        .filter(|(name, _)| {
            basm_core::EVENT_TYPES
                .iter()
                .any(|info| info.name == name && info.postable())
        })
        .collect()
}

/// The API's JSON:API error document.
fn json_api_errors() -> Value {
    json!({
        "type": "object",
        "description": "A JSON:API error document, as the API sends it.",
        "required": ["errors"],
        "properties": {"errors": {"type": "array", "items": {
            "type": "object",
            "required": ["title", "detail"],
            "properties": {
                "title": {"type": "string"},
                "detail": {"type": "string"},
                "code": {"type": "string"},
                "source": {"type": "object", "properties": {
                    "pointer": {"type": "string", "description": "A JSON pointer into the body (the API's, e.g. /data/attributes/rejection_reason for a details field)."},
                    "parameter": {"type": "string"},
                    "header": {"type": "string"},
                }},
                "meta": {"type": "object"},
            },
        }}},
    })
}

/// The plain-JSON 400 of the allocation filters and the lodging cancel.
fn plain_error() -> Value {
    json!({
        "type": "object",
        "description": "Plain JSON, not JSON:API: `{\"error\": {\"<attribute>\": [\"<message>\", …]}}` for filter and sort errors, `{\"error\": \"<message>\"}` for a lodging that cannot be cancelled.",
        "required": ["error"],
        "properties": {"error": {"type": ["object", "string"]}},
    })
}

/// Any JSON:API document: what basm has no schema of.
fn document_schema() -> Value {
    json!({
        "type": "object",
        "description": "A JSON:API document ({\"data\": {\"type\", \"attributes\", \"relationships\"}}). basm has no JSON Schema of this body: `validateRequest` / `basm check` judge it exactly.",
        "properties": {"data": {}},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_operation_ids() {
        assert_eq!(
            openapi_path("/api/moves/:move_id/journeys/:id/:action"),
            "/api/moves/{move_id}/journeys/{id}/{action}"
        );
        let info = basm_core::endpoint_infos()
            .into_iter()
            .find(|i| i.endpoint == "POST /api/moves/:id/:action")
            .unwrap();
        assert_eq!(operation_id(&info), "postApiMovesIdAction");
    }

    #[test]
    fn operation_ids_are_unique() {
        let mut ids: Vec<String> = basm_core::endpoint_infos()
            .iter()
            .map(operation_id)
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
