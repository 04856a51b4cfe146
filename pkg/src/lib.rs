//! # basm-wasm
//!
//! The `#[wasm_bindgen]` exports of the npm package `basm-validator`: [`basm_core`] compiled to
//! WebAssembly. Every function takes `JsValue`s and converts them here, so the JS side can pass
//! objects, JSON strings or bytes. Results cross as JSON (serialised with `serde_json`, parsed
//! with `JSON.parse`), so JS receives plain objects with `null`, never `undefined`, exactly as
//! the TypeScript declarations in `src/types.d.ts` describe them.
//!
//! Bad payloads come back as results; only misuse (a body that is a number, a context that is
//! not a `Context`, …) throws a `TypeError`. Nothing here panics on input.
#![warn(missing_docs)]

use std::cell::RefCell;

use basm_core::json::Json;
use basm_core::state::{Machine, StateError, Transition, next_state};
use basm_core::{Context, EVENT_TYPES, EventType, EventTypeInfo, Request, Verdict};
use js_sys::{Array, ArrayBuffer, JSON, Object, TypeError, Uint8Array};
use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

thread_local! {
    /// The message of the last panic (there should never be one), for the JS wrapper's report.
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

// Runs when the module is instantiated: records panic messages (a panic aborts the call; the
// JS wrapper then reads the message, reports it and starts a fresh instance).
#[wasm_bindgen(start, js_name = "__basmStart", skip_typescript)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        LAST_PANIC.with(|last| {
            if let Ok(mut last) = last.try_borrow_mut() {
                *last = message;
            }
        });
    }));
}

/// The message of the last panic, or "" (for the JS wrapper; not public API).
#[wasm_bindgen(js_name = "__basmLastPanic", skip_typescript)]
pub fn last_panic() -> String {
    LAST_PANIC.with(|last| last.try_borrow().map(|s| s.clone()).unwrap_or_default())
}

/// The package's version (for the JS wrappers' `VERSION`; not public API).
#[wasm_bindgen(js_name = "__basmVersion", skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// What the API would answer to an HTTP request: `{ method, path, headers, body }`.
///
/// Throws a `TypeError` only for misuse: `request` not an object, `method` or `path` not a
/// string, a header value that is not a string, a body that is neither an object, a string nor
/// bytes, or a malformed `context`.
#[wasm_bindgen(js_name = validateRequest, unchecked_return_type = "Verdict")]
pub fn validate_request(
    #[wasm_bindgen(unchecked_param_type = "HttpRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Context | null")] context: JsValue,
) -> Result<JsValue, JsValue> {
    let request = http_request(&request)?;
    let context = context_of(&context)?;
    Ok(verdict_to_js(&basm_core::validate_request(
        &request, &context,
    )))
}

/// What the API would answer to `POST /api/events` with `body`, sent with a v2 client's
/// standard headers.
#[wasm_bindgen(js_name = validateEvent, unchecked_return_type = "Verdict")]
pub fn validate_event(
    #[wasm_bindgen(unchecked_param_type = "RequestBody")] body: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Context | null")] context: JsValue,
) -> Result<JsValue, JsValue> {
    let body = body_bytes(&body, "body")?;
    let context = context_of(&context)?;
    Ok(verdict_to_js(&basm_core::validate_event(&body, &context)))
}

/// What the API would answer to `POST /api/allocations` with `body`, sent with a v2 client's
/// standard headers.
#[wasm_bindgen(js_name = validateAllocation, unchecked_return_type = "Verdict")]
pub fn validate_allocation(
    #[wasm_bindgen(unchecked_param_type = "RequestBody")] body: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Context | null")] context: JsValue,
) -> Result<JsValue, JsValue> {
    let body = body_bytes(&body, "body")?;
    let context = context_of(&context)?;
    let request = Request::new("POST", "/api/allocations")
        .with_standard_headers()
        .body(body);
    Ok(verdict_to_js(&basm_core::validate_request(
        &request, &context,
    )))
}

/// What an event does to a record's state: `kind` is `move`, `journey`, `allocation` or
/// `lodging`; `event` is a state-machine event (`accept`) or an event type (`MoveAccept`).
///
/// Unknown states and events come back as results (`unknown_state`, `unknown_event`, with
/// the machine's states or events); an unknown `kind` throws a `TypeError`.
#[wasm_bindgen(js_name = nextState, unchecked_return_type = "NextState")]
pub fn next_state_js(
    #[wasm_bindgen(unchecked_param_type = "MachineKind")] kind: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] event: JsValue,
) -> Result<JsValue, JsValue> {
    let kind_name = kind
        .as_string()
        .ok_or_else(|| type_error(format!("kind must be a string, not {}", type_name(&kind))))?;
    let machine = Machine::from_name(&kind_name).ok_or_else(|| {
        type_error(format!(
            "kind must be \"move\", \"journey\", \"allocation\" or \"lodging\", not {kind_name:?}"
        ))
    })?;
    let state = state
        .as_string()
        .ok_or_else(|| type_error(format!("state must be a string, not {}", type_name(&state))))?;
    let event = event
        .as_string()
        .ok_or_else(|| type_error(format!("event must be a string, not {}", type_name(&event))))?;
    Ok(to_js(&transition(machine, &state, &event)))
}

/// Metadata of every event type, in table order: name, doc, eventable types, details fields
/// (required, allowed values, kind), relationships, trigger; enough to build forms.
#[wasm_bindgen(js_name = eventTypes, unchecked_return_type = "EventTypeInfo[]")]
pub fn event_types() -> JsValue {
    /// An event type's metadata, with whether clients may post it.
    #[derive(Serialize)]
    struct Info<'a> {
        #[serde(flatten)]
        info: &'a EventTypeInfo,
        postable: bool,
    }
    let infos: Vec<Info<'_>> = EVENT_TYPES
        .iter()
        .map(|info| Info {
            info,
            postable: info.postable(),
        })
        .collect();
    to_js(&infos)
}

/// A JSON Schema (draft 2020-12) per event type, keyed by event type: a shape check only
/// (`validateEvent` is the exact answer).
#[wasm_bindgen(js_name = jsonSchemas, unchecked_return_type = "Record<string, JsonSchema>")]
pub fn json_schemas() -> JsValue {
    to_js(&basm_core::schema::event_schemas())
}

// ---- conversions ----

fn type_error(message: impl AsRef<str>) -> JsValue {
    TypeError::new(message.as_ref()).into()
}

/// `typeof`-like name of a value, for error messages.
fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if Array::is_array(value) {
        "an array".to_owned()
    } else {
        let t = value.js_typeof().as_string().unwrap_or_default();
        match t.as_str() {
            "object" => "an object".to_owned(),
            "undefined" => "undefined".to_owned(),
            other => format!("a {other}"),
        }
    }
}

/// Serialises a value with serde_json and parses it with `JSON.parse`: plain objects, `null`.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

fn verdict_to_js(verdict: &Verdict) -> JsValue {
    JSON::parse(&verdict.to_json()).unwrap_or(JsValue::NULL)
}

/// A body: a JSON string (used as is), bytes (`Uint8Array`, any `ArrayBufferView`,
/// `ArrayBuffer`), or any other object (serialised with `JSON.stringify`). `null` and
/// `undefined` are an empty body, as in `fetch`.
fn body_bytes(body: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = body.as_string() {
        return Ok(text.into_bytes());
    }
    if body.is_undefined() || body.is_null() {
        return Ok(Vec::new());
    }
    if let Some(bytes) = body.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if let Some(buffer) = body.dyn_ref::<ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    if ArrayBuffer::is_view(body) {
        let view: &Object = body.unchecked_ref();
        let get = |name: &str| js_sys::Reflect::get(view, &JsValue::from_str(name)).ok();
        let buffer = get("buffer").and_then(|b| b.dyn_into::<ArrayBuffer>().ok());
        let offset = get("byteOffset").and_then(|v| v.as_f64());
        let length = get("byteLength").and_then(|v| v.as_f64());
        if let (Some(buffer), Some(offset), Some(length)) = (buffer, offset, length) {
            // Offsets and lengths of a view are integers below 2^32 here (wasm32 memory).
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let bytes =
                Uint8Array::new_with_byte_offset_and_length(&buffer, offset as u32, length as u32);
            return Ok(bytes.to_vec());
        }
        return Err(type_error(format!(
            "{what} is a view on a buffer that cannot be read (a SharedArrayBuffer?)"
        )));
    }
    if body.is_object() && !body.is_function() {
        return match JSON::stringify(body) {
            Ok(text) => match text.as_string() {
                Some(text) => Ok(text.into_bytes()),
                None => Err(type_error(format!(
                    "{what} cannot be serialised: JSON.stringify returned undefined"
                ))),
            },
            Err(error) => Err(type_error(format!(
                "{what} cannot be serialised with JSON.stringify: {}",
                error_message(&error)
            ))),
        };
    }
    Err(type_error(format!(
        "{what} must be an object, a JSON string or bytes (Uint8Array or ArrayBuffer), not {}",
        type_name(body)
    )))
}

fn error_message(error: &JsValue) -> String {
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        return e.message().as_string().unwrap_or_default();
    }
    error
        .as_string()
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// `{ method, path, headers?, body? }` → a core `Request`.
fn http_request(value: &JsValue) -> Result<Request, JsValue> {
    if !value.is_object() || Array::is_array(value) {
        return Err(type_error(format!(
            "request must be an object {{ method, path, headers?, body? }}, not {}",
            type_name(value)
        )));
    }
    let get = |name: &str| js_sys::Reflect::get(value, &JsValue::from_str(name));
    let method = get("method")?;
    let method = method.as_string().ok_or_else(|| {
        type_error(format!(
            "request.method must be a string such as \"POST\", not {}",
            type_name(&method)
        ))
    })?;
    let path = get("path")?;
    let path = path.as_string().ok_or_else(|| {
        type_error(format!(
            "request.path must be a string such as \"/api/events\", not {}",
            type_name(&path)
        ))
    })?;
    let mut request = Request::new(&method, strip_origin(&path));
    request.headers = headers(&get("headers")?)?;
    request.body = body_bytes(&get("body")?, "request.body")?;
    Ok(request)
}

/// `https://host/api/events?x` → `/api/events?x`: a full URL is accepted, its origin ignored.
fn strip_origin(path: &str) -> &str {
    for scheme in ["https://", "http://"] {
        if path.len() >= scheme.len() && path[..scheme.len()].eq_ignore_ascii_case(scheme) {
            let rest = &path[scheme.len()..];
            return match rest.find(['/', '?', '#']) {
                Some(i) => &rest[i..],
                None => "/",
            };
        }
    }
    path
}

/// Headers: a plain object (`{ "Content-Type": "…" }`), an array of `[name, value]` pairs,
/// or any iterable of pairs (`Headers`, `Map`). `null`/`undefined` values are left out; an
/// array value gives one header per element (as Node's `IncomingHttpHeaders`).
fn headers(value: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    let mut out = Vec::new();
    if value.is_undefined() || value.is_null() {
        return Ok(out);
    }
    if !value.is_object() {
        return Err(type_error(format!(
            "request.headers must be an object of header names to values, not {}",
            type_name(value)
        )));
    }
    let pairs: Vec<JsValue> = if Array::is_array(value) || !is_plain_object(value) {
        match js_sys::try_iter(value) {
            Ok(Some(iter)) => iter.collect::<Result<Vec<_>, _>>()?,
            _ => Object::entries(value.unchecked_ref()).to_vec(),
        }
    } else {
        Object::entries(value.unchecked_ref()).to_vec()
    };
    for pair in pairs {
        let pair: Option<&Array> = pair.dyn_ref::<Array>().filter(|a| a.length() == 2);
        let Some(pair) = pair else {
            return Err(type_error(
                "request.headers must hold [name, value] pairs when it is an array or iterable",
            ));
        };
        let name = pair.get(0);
        let name = name.as_string().ok_or_else(|| {
            type_error(format!(
                "a header name must be a string, not {}",
                type_name(&name)
            ))
        })?;
        push_header(&mut out, name, &pair.get(1))?;
    }
    Ok(out)
}

fn push_header(
    out: &mut Vec<(String, String)>,
    name: String,
    value: &JsValue,
) -> Result<(), JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(());
    }
    if let Some(text) = value.as_string() {
        out.push((name, text));
        return Ok(());
    }
    if let Some(n) = value.as_f64() {
        out.push((name, number_text(n)));
        return Ok(());
    }
    if let Some(b) = value.as_bool() {
        out.push((name, b.to_string()));
        return Ok(());
    }
    if let Some(values) = value.dyn_ref::<Array>() {
        for v in values.iter() {
            push_header(out, name.clone(), &v)?;
        }
        return Ok(());
    }
    Err(type_error(format!(
        "header {name:?} must be a string, not {}",
        type_name(value)
    )))
}

/// A number as JavaScript's `String(n)` writes the common cases.
fn number_text(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        // Exact: the value is an integer well inside i64.
        #[allow(clippy::cast_possible_truncation)]
        let i = n as i64;
        i.to_string()
    } else {
        n.to_string()
    }
}

fn is_plain_object(value: &JsValue) -> bool {
    let proto = Object::get_prototype_of(value);
    proto.is_null() || proto == Object::get_prototype_of(&Object::new())
}

/// A context object → core's `Context`; malformed → `TypeError` naming the bad member.
fn context_of(value: &JsValue) -> Result<Context, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Context::empty());
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(type_error(format!(
            "context must be an object (a Context), not {}",
            type_name(value)
        )));
    }
    let text = JSON::stringify(value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| type_error("context cannot be serialised with JSON.stringify"))?;
    context_from_json(text.as_bytes()).map_err(type_error)
}

/// Deserialises a context, with errors that name the bad member (`context.moves.m1.status:
/// invalid type: …`) and refuse unknown members (a typo would silently drop a fact).
fn context_from_json(text: &[u8]) -> Result<Context, String> {
    match serde_json::from_slice::<Context>(text) {
        Ok(context) => {
            let output = serde_json::to_vec(&context).unwrap_or_default();
            if let (Ok(input), Ok(output)) = (Json::parse(text), Json::parse(&output))
                && let Some(path) = unknown_member(&input, &output, &mut String::new())
            {
                return Err(format!(
                    "context{path} is not a member of a Context (see the Context type)"
                ));
            }
            Ok(context)
        }
        Err(error) => {
            let located = Json::parse(text)
                .ok()
                .and_then(|input| locate_error(&input, &mut Vec::new()));
            let (path, error) = located.unwrap_or_else(|| (String::new(), error.to_string()));
            Err(format!("context{path}: {}", plain_serde_error(&error)))
        }
    }
}

/// Strips serde_json's position suffix (" at line 1 column 12"): positions in the
/// re-serialised context mean nothing to the caller.
fn plain_serde_error(error: &str) -> &str {
    match error.rfind(" at line ") {
        Some(i) => &error[..i],
        None => error,
    }
}

/// Finds the smallest member of `input` that fails on its own: keeps only one member at each
/// level and sees whether the context still fails. Returns its path and the error.
fn locate_error(input: &Json<'_>, path: &mut Vec<Step>) -> Option<(String, String)> {
    let children: Vec<(Step, &Json<'_>)> = match input {
        Json::Object(members) => members
            .iter()
            .map(|(k, v)| (Step::Key(k.to_string()), v))
            .collect(),
        Json::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (Step::Index(i), v))
            .collect(),
        _ => Vec::new(),
    };
    for (step, child) in children {
        path.push(step);
        let probe = serde_json::to_vec(&rebuild(path, child.to_value())).unwrap_or_default();
        if let Err(error) = serde_json::from_slice::<Context>(&probe) {
            let deeper = locate_error(child, path);
            let found = deeper.unwrap_or_else(|| (render_path(path), error.to_string()));
            path.pop();
            return Some(found);
        }
        path.pop();
    }
    None
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// The context that holds only `leaf` at `path` (arrays keep only that element).
fn rebuild(path: &[Step], leaf: Value) -> Value {
    path.iter().rev().fold(leaf, |inner, step| match step {
        Step::Key(k) => {
            let mut map = Map::new();
            map.insert(k.clone(), inner);
            Value::Object(map)
        }
        Step::Index(_) => Value::Array(vec![inner]),
    })
}

fn render_path(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) if is_identifier(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Key(k) => {
                out.push('[');
                out.push_str(&serde_json::to_string(k).unwrap_or_default());
                out.push(']');
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// The first member of `input` that the deserialised context (`output`) does not have.
fn unknown_member(input: &Json<'_>, output: &Json<'_>, path: &mut String) -> Option<String> {
    match (input, output) {
        (Json::Object(members), Json::Object(_)) => {
            for (key, value) in members {
                let len = path.len();
                path.push_str(&render_path(&[Step::Key(key.to_string())]));
                let found = match output.get(key) {
                    None if !matches!(value, Json::Null) => Some(path.clone()),
                    None => None,
                    Some(out) => unknown_member(value, out, path),
                };
                path.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        (Json::Array(i), Json::Array(o)) if i.len() == o.len() => {
            for (n, (value, out)) in i.iter().zip(o).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{n}]"));
                let found = unknown_member(value, out, path);
                path.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        _ => None,
    }
}

/// The result of `nextState`: a transition, or why there is none.
#[derive(Serialize)]
#[serde(untagged)]
enum NextState {
    Transition(Transition),
    Error(StateError),
}

/// `event` may be a machine event (`accept`) or an event type (`MoveAccept`).
fn transition(machine: Machine, state: &str, event: &str) -> NextState {
    let Some(event_type) = EventType::from_wire(event) else {
        return match next_state(machine, state, event) {
            Ok(t) => NextState::Transition(t),
            Err(e) => NextState::Error(e),
        };
    };
    let info = event_type.info();
    let applies = match machine {
        Machine::Move => info.eventable.contains(&basm_core::Eventable::Move),
        Machine::Journey => info.eventable.contains(&basm_core::Eventable::Journey),
        Machine::Allocation | Machine::Lodging => false,
    };
    let trigger = info
        .trigger
        .filter(|t| applies && machine.transitions().iter().any(|(e, _, _)| e == t));
    match trigger {
        Some(trigger) => match next_state(machine, state, trigger) {
            Ok(t) => NextState::Transition(t),
            Err(e) => NextState::Error(e),
        },
        None => {
            // Validate the state first, as for a machine event.
            if let Err(e @ StateError::UnknownState { .. }) =
                next_state(machine, state, machine.transitions()[0].0)
            {
                return NextState::Error(e);
            }
            let (noun, attribute) = match machine {
                Machine::Move => ("move", "status"),
                Machine::Journey => ("journey", "state"),
                Machine::Allocation => ("allocation", "status"),
                Machine::Lodging => ("lodging", "status"),
            };
            let reason = if !applies {
                format!(
                    "{event} is not an event about a {noun}, so it never changes a {noun}'s {attribute}"
                )
            } else if info.trigger == Some("redirect") {
                format!("{event} changes the move's destination, not its {attribute}")
            } else {
                format!("{event} does not change a {noun}'s {attribute}")
            };
            NextState::Transition(Transition::NoChange { reason })
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn strips_origins() {
        assert_eq!(strip_origin("/api/events"), "/api/events");
        assert_eq!(
            strip_origin("https://x.test/api/events?a=1"),
            "/api/events?a=1"
        );
        assert_eq!(strip_origin("HTTP://x.test"), "/");
        assert_eq!(strip_origin("http://x.test?q"), "?q");
        assert_eq!(strip_origin("ftp://x/api"), "ftp://x/api");
    }

    #[test]
    fn context_errors_name_the_member() {
        let parse = |v: Value| context_from_json(v.to_string().as_bytes());
        let bad = json!({"moves": {"m1": {"status": 3}}});
        let e = parse(bad).expect_err("bad status");
        assert!(
            e.starts_with("context.moves.m1.status: invalid type"),
            "{e}"
        );

        let bad = json!({"moves": {"a-b": {"status": "booked", "statsu": "x"}}});
        let e = parse(bad).expect_err("typo");
        assert_eq!(
            e,
            "context.moves[\"a-b\"].statsu is not a member of a Context (see the Context type)"
        );

        let bad = json!({"caller": "nobody"});
        let e = parse(bad).expect_err("caller");
        assert!(
            e.starts_with("context.caller: unknown variant `nobody`"),
            "{e}"
        );

        let bad = json!({"events": {"m1": [{"event_type": "MoveAccept"}, {"occurred_at": 1}]}});
        let e = parse(bad).expect_err("events");
        assert!(e.starts_with("context.events.m1[1].occurred_at: "), "{e}");

        let good = json!({"caller": "supplier", "moves": {"m1": {"status": "booked"}, "m2": null}, "complete": ["moves"]});
        assert!(parse(good).is_ok());
    }

    #[test]
    fn next_state_takes_event_types_and_triggers() {
        let t = |m, s, e| serde_json::to_value(transition(m, s, e)).unwrap_or_default();
        assert_eq!(
            t(Machine::Move, "requested", "MoveAccept"),
            json!({"kind": "changed", "from": "requested", "to": "booked"})
        );
        assert_eq!(
            t(Machine::Move, "requested", "accept"),
            t(Machine::Move, "requested", "MoveAccept")
        );
        assert_eq!(
            t(Machine::Journey, "nope", "JourneyStart")["kind"],
            "unknown_state"
        );
        assert_eq!(
            t(Machine::Journey, "nope", "JourneyUpdate")["kind"],
            "unknown_state"
        );
        assert_eq!(
            t(Machine::Journey, "proposed", "fly")["kind"],
            "unknown_event"
        );
        assert_eq!(
            t(Machine::Move, "booked", "MoveLockout")["kind"],
            "no_change"
        );
        assert_eq!(
            t(Machine::Move, "booked", "MoveRedirect")["kind"],
            "no_change"
        );
        assert_eq!(
            t(Machine::Journey, "proposed", "MoveAccept")["kind"],
            "no_change"
        );
    }

    #[test]
    fn numbers_as_header_text() {
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(1.5), "1.5");
    }
}
