//! # basm-wasm
//!
//! The wasm side of the npm package `basm-validator`: [`basm_core`] compiled to WebAssembly.
//! The public functions are JavaScript (`src/wrapper.js`, inserted into every entry point by
//! `scripts/build.mjs`): it reads the caller's objects in JS, throws the `TypeError`s for
//! misuse, and makes one call into wasm with primitive arguments ([`validate`]: strings and
//! bytes, no `JsValue` traffic). The answer is a packed `u32` (status, `valid`, endpoint,
//! which members are not empty); the verdict's JSON text ([`Verdict::to_json`], the one
//! writer) is taken with [`take_text`] only when a member needs it, and parsed in JS when one
//! of those members is first read.
//!
//! `eventTypes()` and `jsonSchemas()` are data, not code: `examples/data.rs` writes them as
//! JSON files at build time, and the wrapper loads them when first called.
//!
//! Nothing here panics on input.
#![warn(missing_docs)]

use std::borrow::Cow;
use std::cell::RefCell;

use basm_core::json::MAX_BODY_BYTES;
use basm_core::request::STANDARD_HEADERS;
use basm_core::state::{Machine, StateError, Transition, next_state};
use basm_core::{Context, EventType, Request, Validator, Verdict};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

thread_local! {
    /// The message of the last panic (there should never be one), for the JS wrapper's report.
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
    /// The text the JS wrapper takes after a call: a misuse message.
    static TEXT: RefCell<String> = const { RefCell::new(String::new()) };
    /// What one validation leaves for the next.
    static STATE: RefCell<State> = const { RefCell::new(State::new()) };
    /// Every endpoint name, in core's route order (a verdict's endpoint crosses as its index).
    static ENDPOINTS: Vec<String> = basm_core::endpoints();
}

/// What the package keeps between calls, in one place that each call fills in place: the
/// last verdict and its request stay until the next call, so that its errors' fixes are
/// found and its JSON written only when JS reads a member that needs them (see `wrapper.js`:
/// an older verdict is judged again). Kept whole rather than taken and put back, because in
/// the `.wasm` every move of a verdict or a request is a `memory.copy`, which V8 runs as a
/// call (about 5 ns, whatever the size): session 17 counted 46 a validation.
struct State {
    /// What one validation leaves for the next (the headers that passed, the body's arena).
    validator: Validator,
    /// The request judged last; its buffers are filled again by the next call.
    request: Request,
    /// The last verdict ([`basm_core::validate_request_unfixed`]'s); `None` after a call that
    /// judged nothing.
    verdict: Option<Verdict>,
    /// The fixes are on its errors ([`Validator::attach_fixes`]): it is `validate_request`'s.
    fixed: bool,
}

impl State {
    const fn new() -> Self {
        State {
            validator: Validator::new(),
            request: Request {
                method: String::new(),
                path: String::new(),
                headers: Vec::new(),
                body: Vec::new(),
            },
            verdict: None,
            fixed: false,
        }
    }
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

/// The largest body core reads (the wrapper passes longer ones as bytes, sized exactly).
#[wasm_bindgen(js_name = "__basmMaxBodyBytes", skip_typescript)]
pub fn max_body_bytes() -> u32 {
    u32::try_from(MAX_BODY_BYTES).unwrap_or(u32::MAX)
}

/// The size of the wasm memory in bytes (for the package's memory tests and bench).
#[wasm_bindgen(js_name = "__basmMemoryBytes", skip_typescript)]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    let pages = core::arch::wasm32::memory_size::<0>();
    #[cfg(not(target_arch = "wasm32"))]
    let pages = 0_usize;
    // Exact: at most 65,536 pages of 64 KiB.
    #[allow(clippy::cast_precision_loss)]
    let bytes = (pages * 65536) as f64;
    bytes
}

/// Every endpoint name, one a line, in the order [`validate`] numbers them.
#[wasm_bindgen(js_name = "__basmEndpoints", skip_typescript)]
pub fn endpoint_names() -> String {
    ENDPOINTS.with(|names| names.join("\n"))
}

/// The JSON text of the last verdict, written now: the whole verdict (core's
/// [`Verdict::to_json`]) when `whole`, else its members that are not empty
/// ([`Verdict::present_members_json`]: the ones [`pack`] marks for JavaScript to read later);
/// "" when there is none.
#[wasm_bindgen(js_name = "__basmVerdictText", skip_typescript)]
pub fn verdict_text(whole: bool) -> String {
    STATE.with(|state| {
        let Ok(mut state) = state.try_borrow_mut() else {
            return String::new();
        };
        let State {
            validator,
            request,
            verdict,
            fixed,
        } = &mut *state;
        let Some(verdict) = verdict.as_mut() else {
            return String::new();
        };
        if !*fixed {
            validator.attach_fixes(verdict, request);
            *fixed = true;
        }
        if whole {
            verdict.to_json()
        } else {
            verdict.present_members_json()
        }
    })
}

/// The text left by the last [`validate`] that returned 0: the misuse message.
#[wasm_bindgen(js_name = "__basmText", skip_typescript)]
pub fn take_text() -> String {
    TEXT.with(|text| {
        text.try_borrow_mut()
            .map(|mut t| std::mem::take(&mut *t))
            .unwrap_or_default()
    })
}

/// What a request is: 0 is `validateRequest` (method, path, headers given); the others are
/// the shortcuts that send a v2 client's standard headers.
const KIND_EVENT: u32 = 1;
const KIND_ALLOCATION: u32 = 2;

/// Bits of [`validate`]'s answer. 0 is misuse (the message is in [`take_text`]).
mod bits {
    /// The HTTP status (10 bits).
    pub const STATUS: u32 = 0x3ff;
    /// `valid`.
    pub const VALID: u32 = 1 << 10;
    /// The endpoint's index + 1 (0: `null`), 6 bits from here.
    pub const ENDPOINT_SHIFT: u32 = 11;
    /// `errors`, `warnings`, `unchecked` not empty; `effect`, `api_body` not `null`: 5 bits
    /// from here, in that order ([`Verdict::present_members`]; a member whose bit is clear is
    /// `[]` or `null`).
    pub const MEMBERS_SHIFT: u32 = 17;
    /// Parse the whole text now (a status or endpoint the bits cannot carry).
    pub const EAGER: u32 = 1 << 22;
    /// Alone: nothing was judged; send the headers again in full. A header piece said to be
    /// the same as the previous call's ([`super::SAME_PIECE`]) when that call's request was
    /// not kept (the first call, a request holding more than [`super::KEPT_INPUT_BYTES`], a
    /// restarted instance).
    pub const RESEND: u32 = 1 << 23;
}

/// The input area JS writes a validation's arguments into (see [`input`]); reused by every
/// call, so a call allocates nothing to receive them.
fn with_input<T>(f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    thread_local! {
        static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    INPUT.with(|input| f(&mut input.borrow_mut()))
}

/// Inputs longer than this are not kept as the input area once judged: the area goes with
/// the body it holds (a 10 MB body is not held twice, nor kept after its call).
const KEPT_INPUT_BYTES: usize = 1 << 16;

/// Makes the input area at least `capacity` bytes and returns where it starts in the wasm
/// memory: JS then writes the body, method, path, headers and context there, one after the
/// other (`TextEncoder.encodeInto`, or the caller's bytes), and calls [`validate`] with their
/// lengths. One call with numbers instead of a copy and an allocation per string.
#[wasm_bindgen(js_name = "__basmInput", skip_typescript)]
pub fn input(capacity: u32) -> u32 {
    let capacity = usize::try_from(capacity).unwrap_or(usize::MAX);
    with_input(|input| {
        if input.len() < capacity {
            input.resize(capacity, 0);
        }
        // The address in the 32-bit wasm memory (natively, only its low bits; never used).
        #[allow(clippy::cast_possible_truncation)]
        let address = input.as_mut_ptr() as usize as u32;
        address
    })
}

/// One validation of what JS wrote into the input area ([`input`]): `kind` (0,
/// [`KIND_EVENT`], [`KIND_ALLOCATION`]), then the lengths in bytes of what lies there one
/// after the other: the body, the method, the path, the headers (each name and value after
/// its length, four bytes little-endian, or [`SAME_PIECE`]: [`split_headers`]) and the context's JSON text
/// (`context_bytes` negative: no context). JS writes each as UTF-8 (`encodeInto`, or the
/// caller's bytes for a body); a stray byte in any but the body would become U+FFFD.
///
/// Returns the packed verdict (see [`bits`]) and keeps the verdict for [`verdict_text`] until
/// the next call; 0 when the context is malformed (the message is left for [`take_text`]);
/// [`bits::RESEND`] when a header piece is said to be the previous call's and that call's
/// request is not held.
#[wasm_bindgen(js_name = "__basmValidate", skip_typescript)]
pub fn validate(
    kind: u32,
    body_bytes: u32,
    method_bytes: u32,
    path_bytes: u32,
    headers_bytes: u32,
    context_bytes: i32,
) -> u32 {
    STATE.with(|state| match state.try_borrow_mut() {
        Ok(mut state) => judge(
            &mut state,
            kind,
            [body_bytes, method_bytes, path_bytes, headers_bytes],
            context_bytes,
        ),
        // Never: a validation does not call back into JS.
        Err(_) => {
            set_text("basm-validator: a validation is already running".to_owned());
            0
        }
    })
}

/// [`validate`] with the state borrowed: `lengths` are the body's, the method's, the path's
/// and the headers' byte lengths.
fn judge(state: &mut State, kind: u32, lengths: [u32; 4], context_bytes: i32) -> u32 {
    let [body_bytes, method_bytes, path_bytes, headers_bytes] = lengths;
    // The previous verdict goes first: its memory serves this call. Its request's buffers
    // are filled again (a small one's: the memory of a big body or header is given back), so
    // that once warm a call allocates nothing for its method, path, headers and body.
    state.verdict = None;
    state.fixed = false;
    if held_bytes(&state.request) > KEPT_INPUT_BYTES {
        state.request = Request::default();
    }
    let request = &mut state.request;
    let size = |n: u32| usize::try_from(n).unwrap_or(usize::MAX);
    // Written only when a context is given: a `Context` is a few hundred bytes, and each
    // move of one (in a closure's answer, say) is a `memory.copy` every call would pay.
    let mut given = None;
    let read = with_input(|input| {
        let mut pieces = Pieces {
            input: input.as_slice(),
            at: size(body_bytes),
        };
        let method = pieces.text(size(method_bytes))?;
        let path = pieces.text(size(path_bytes))?;
        let headers = pieces.take(size(headers_bytes))?;
        let (method, path) = match kind {
            KIND_EVENT => ("POST", "/api/events"),
            KIND_ALLOCATION => ("POST", "/api/allocations"),
            _ => (&*method, strip_origin(&path)),
        };
        replace(&mut request.method, method);
        replace(&mut request.path, path);
        let filled = if kind == KIND_EVENT || kind == KIND_ALLOCATION {
            fill_headers(
                &mut request.headers,
                STANDARD_HEADERS
                    .iter()
                    .map(|&(n, v)| (Piece::Text(n.into()), Piece::Text(v.into()))),
            )
        } else {
            fill_headers(&mut request.headers, split_headers(headers))
        };
        if filled.is_none() {
            return Some(Err(Resend));
        }
        if let Ok(n) = u32::try_from(context_bytes) {
            given = Some(basm_core::context_json::context_from_json(
                pieces.take(size(n))?,
            ));
        }
        let body_end = size(body_bytes);
        if input.len() > KEPT_INPUT_BYTES {
            let mut body = std::mem::take(input);
            body.truncate(body_end);
            request.body = body;
        } else {
            request.body.clear();
            request.body.extend_from_slice(input.get(..body_end)?);
        }
        Some(Ok(()))
    });
    match read {
        Some(Ok(())) => {}
        Some(Err(Resend)) => return bits::RESEND,
        None => {
            set_text("basm-validator: the arguments do not fit the input area written".to_owned());
            return 0;
        }
    }
    // No context: the shared empty one, not a new one made and dropped (its two dozen empty
    // lists' drops were 5% of a validation in wasm: V8's profile, session 14).
    let context = match &mut given {
        None => Context::none(),
        Some(Ok(context)) => &*context,
        Some(Err(message)) => {
            set_text(std::mem::take(message));
            return 0;
        }
    };
    let verdict = state
        .verdict
        .insert(state.validator.validate_unfixed(&state.request, context));
    // A body too large to read gives no value to a fix: fixed now, and not kept (a caller
    // sending several such bodies holds one in wasm memory at a time, not two).
    if state.request.body.len() > MAX_BODY_BYTES {
        basm_core::attach_fixes(verdict, &state.request);
        state.request.body = Vec::new();
        state.fixed = true;
    }
    pack(verdict)
}

fn set_text(text: String) {
    TEXT.with(|t| {
        if let Ok(mut t) = t.try_borrow_mut() {
            *t = text;
        }
    });
}

/// The verdict as [`bits`] (the verdict itself stays in [`STATE`] for [`verdict_text`],
/// which adds the fixes).
fn pack(verdict: &Verdict) -> u32 {
    let members = verdict
        .present_members()
        .iter()
        .enumerate()
        .fold(0, |acc, (i, &set)| acc | (u32::from(set) << i));
    let endpoint = match &verdict.endpoint {
        None => Some(0),
        Some(name) => ENDPOINTS
            .with(|names| names.iter().position(|n| n == name))
            .and_then(|i| u32::try_from(i + 1).ok())
            .filter(|&i| i < 64),
    };
    let status = u32::from(verdict.status);
    let mut packed = match endpoint {
        Some(endpoint) if status <= bits::STATUS && status != 0 => {
            status | (endpoint << bits::ENDPOINT_SHIFT) | (members << bits::MEMBERS_SHIFT)
        }
        // Never with core's routes and statuses; kept exact all the same.
        _ => bits::EAGER | 1,
    };
    if verdict.valid {
        packed |= bits::VALID;
    }
    packed
}

/// What JS wrote into the input area, read piece by piece.
struct Pieces<'a> {
    input: &'a [u8],
    /// Where the next piece starts.
    at: usize,
}

impl<'a> Pieces<'a> {
    /// The next `len` bytes; `None` past the end of what was written.
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(len)?;
        let piece = self.input.get(self.at..end)?;
        self.at = end;
        Some(piece)
    }

    /// The next `len` bytes as text (checked by `from_utf8`, whose ASCII runs go a word at a
    /// time; `from_utf8_lossy` checks byte by byte, and is needed only for a stray byte).
    fn text(&mut self, len: usize) -> Option<Cow<'a, str>> {
        let bytes = self.take(len)?;
        Some(match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(bytes),
        })
    }
}

/// The length JS writes for a header piece whose text is the same as the piece at the same
/// place in the previous call (no text follows): a portal sends the same headers but for one
/// or two, and an unchanged piece then costs JS a string comparison and wasm nothing.
const SAME_PIECE: u32 = u32::MAX;

/// A header name or value as JS wrote it.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    /// Its text.
    Text(Cow<'a, str>),
    /// The text of the previous call's piece at the same place ([`SAME_PIECE`]).
    Same,
}

/// The headers could not be filled: a piece is the previous call's, which is not held.
struct Resend;

/// The headers JS wrote: each name and value after its length in bytes (four bytes,
/// little-endian) or [`SAME_PIECE`], in pairs. A piece cut short ends them.
fn split_headers(bytes: &[u8]) -> impl Iterator<Item = (Piece<'_>, Piece<'_>)> {
    let mut pieces = Pieces {
        input: bytes,
        at: 0,
    };
    std::iter::from_fn(move || {
        let mut next = || match u32::from_le_bytes(pieces.take(4)?.try_into().ok()?) {
            SAME_PIECE => Some(Piece::Same),
            len => pieces.text(usize::try_from(len).ok()?).map(Piece::Text),
        };
        Some((next()?, next()?))
    })
}

/// The bytes a request's buffers hold room for.
fn held_bytes(request: &Request) -> usize {
    let headers: usize = request
        .headers
        .iter()
        .map(|(name, value)| name.capacity() + value.capacity())
        .sum();
    request.method.capacity() + request.path.capacity() + request.body.capacity() + headers
}

/// `text` in place of what `target` held, in its buffer (left as it is when the same: a
/// caller sends the same method and path again and again, and a copy costs more in the
/// `.wasm` than a comparison).
fn replace(target: &mut String, text: &str) {
    if target != text {
        target.clear();
        target.push_str(text);
    }
}

/// `headers` in place of the ones held, each in the buffers of the one it replaces; a
/// [`Piece::Same`] keeps the piece held at its place. `None` when there is none there (the
/// headers are then partly filled: the caller sends them again in full).
fn fill_headers<'a>(
    held: &mut Vec<(String, String)>,
    headers: impl Iterator<Item = (Piece<'a>, Piece<'a>)>,
) -> Option<()> {
    fn fill(target: &mut String, piece: &Piece<'_>) {
        if let Piece::Text(text) = piece {
            replace(target, text);
        }
    }
    fn owned(piece: Piece<'_>) -> Option<String> {
        match piece {
            Piece::Text(text) => Some(text.into_owned()),
            Piece::Same => None,
        }
    }
    let mut count = 0;
    for (name, value) in headers {
        match held.get_mut(count) {
            Some((held_name, held_value)) => {
                fill(held_name, &name);
                fill(held_value, &value);
            }
            None => held.push((owned(name)?, owned(value)?)),
        }
        count += 1;
    }
    held.truncate(count);
    Some(())
}

/// What an event does to a record's state (`nextState`; its `TypeError`s are thrown in JS).
/// `kind` is a machine name the wrapper has checked; an unknown one gives `null`.
#[wasm_bindgen(js_name = "__basmNextState", skip_typescript)]
pub fn next_state_js(kind: &str, state: &str, event: &str) -> String {
    match Machine::from_name(kind) {
        Some(machine) => transition(machine, state, event),
        None => "null".to_owned(),
    }
}

/// `https://host/api/events?x` → `/api/events?x`: a full URL is accepted, its origin ignored.
fn strip_origin(path: &str) -> &str {
    // A path (the usual case) is answered without comparing: a slice's `eq_ignore_ascii_case`
    // costs about 30 instructions a byte in the size-optimised build.
    if path.starts_with('/') {
        return path;
    }
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

/// The result of `nextState` as JSON text: a transition, or why there is none (core's
/// [`Transition::to_json`], [`StateError::to_json`]). `event` may be a machine event
/// (`accept`) or an event type (`MoveAccept`).
fn transition(machine: Machine, state: &str, event: &str) -> String {
    let Some(event_type) = EventType::from_wire(event) else {
        return match next_state(machine, state, event) {
            Ok(t) => t.to_json(),
            Err(e) => e.to_json(),
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
            Ok(t) => t.to_json(),
            Err(e) => e.to_json(),
        },
        None => {
            // Validate the state first, as for a machine event.
            if let Err(e @ StateError::UnknownState { .. }) =
                next_state(machine, state, machine.transitions()[0].0)
            {
                return e.to_json();
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
            Transition::NoChange { reason }.to_json()
        }
    }
}

#[cfg(test)]
mod tests {
    use basm_core::context_json::context_from_json;
    use serde_json::{Value, json};

    use super::*;

    /// The reader the package used before `basm_core::context_json` (serde's derived
    /// `Deserialize`, then a search for the failing member): the oracle of its messages.
    mod oracle {
        use basm_core::Context;
        use basm_core::json::{Arena, Json};
        use serde_json::{Map, Value};

        /// Deserialises a context, with errors that name the bad member (`context.moves.m1.status:
        /// invalid type: …`) and refuse unknown members (a typo would silently drop a fact).
        pub fn context_from_json(text: &[u8]) -> Result<Context, String> {
            match serde_json::from_slice::<Context>(text) {
                Ok(context) => {
                    let output = serde_json::to_vec(&context).unwrap_or_default();
                    let arena = Arena::new();
                    if let (Ok(input), Ok(output)) =
                        (Json::parse(text, &arena), Json::parse(&output, &arena))
                        && let Some(path) = unknown_member(&input, &output, &mut String::new())
                    {
                        return Err(format!(
                            "context{path} is not a member of a Context (see the Context type)"
                        ));
                    }
                    Ok(context)
                }
                Err(error) => {
                    let arena = Arena::new();
                    let located = Json::parse(text, &arena)
                        .ok()
                        .and_then(|input| locate_error(&input, &mut Vec::new()));
                    let (path, error) =
                        located.unwrap_or_else(|| (String::new(), error.to_string()));
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
                let probe =
                    serde_json::to_vec(&rebuild(path, child.to_value())).unwrap_or_default();
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
        fn unknown_member(
            input: &Json<'_>,
            output: &Json<'_>,
            path: &mut String,
        ) -> Option<String> {
            match (input, output) {
                (Json::Object(members), Json::Object(_)) => {
                    for (key, value) in members.iter() {
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
                    for (n, (value, out)) in i.iter().zip(o.iter()).enumerate() {
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
    }

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
    fn context_messages_equal_the_serde_readers() {
        let cases = [
            json!({}),
            json!({"caller": "nobody"}),
            json!({"caller": 3}),
            json!({"caller": null}),
            json!({"caller": true}),
            json!({"caller": [1]}),
            json!({"caller": {"supplier": null}}),
            json!({"caller": {"nobody": null}}),
            json!({"caller": "authority", "supplier_id": 4}),
            json!({"supplier_id": null, "today": "2020-01-01"}),
            json!({"today": 1.5}),
            json!({"today": -2}),
            json!({"today": 1e300}),
            json!({"today": 2.0}),
            json!({"today": "x\"y\u{1}é"}),
            json!({"moves": 3}),
            json!({"moves": null}),
            json!({"moves": []}),
            json!({"moves": {"m1": 3}}),
            json!({"moves": {"m1": "x"}}),
            json!({"moves": {"m1": {"status": 3}}}),
            json!({"moves": {"a-b": {"status": "booked", "statsu": "x"}}}),
            json!({"moves": {"m1": {"statsu": null}}}),
            json!({"moves": {"m1": {"has_lockout": "yes"}}}),
            json!({"moves": {"m1": {"has_lockout": null, "status": null}}}),
            json!({"moves": {"m1": {"statsu": "x"}, "m2": {"status": 1}}}),
            json!({"mooves": {}, "caller": "nobody"}),
            json!({"mooves": {}}),
            json!({"mooves": null, "caller": "supplier"}),
            json!({"locations": {"l1": {"supplier_ids": ["a", 3]}}}),
            json!({"locations": {"l1": {"supplier_ids": "a"}}}),
            json!({"locations": {"l1": {"supplier_ids": null, "disabled": 0}}}),
            json!({"allocations": {"a": {"move_ids": [null]}}}),
            json!({"people": {"p": {"move_supported": "no"}}}),
            json!({"profiles": {"p": {"person_id": {}}}}),
            json!({"person_escort_records": {"p": {"status": false}}}),
            json!({"suppliers": {"s": {"name": 1, "x": 2}}}),
            json!({"journeys": {"j": {"state": "proposed", "move_id": 7}}}),
            json!({"lodgings": {"l": {"end_date": []}}}),
            json!({"events": 1}),
            json!({"events": {"m1": null}}),
            json!({"events": {"m1": {}}}),
            json!({"events": {"m1": [1]}}),
            json!({"events": {"m1": [{"event_type": "MoveAccept"}, {"occurred_at": 1}]}}),
            json!({"events": {"m1": [{"event_type": null}]}}),
            json!({"events": {"m1": [{"event_typo": "x"}]}}),
            json!({"idempotency_keys": {"k": {"status": 70000}}}),
            json!({"idempotency_keys": {"k": {"status": -1}}}),
            json!({"idempotency_keys": {"k": {"status": 1.5}}}),
            json!({"idempotency_keys": {"k": {"status": "200"}}}),
            json!({"idempotency_keys": {"k": {"replayable": null}}}),
            json!({"idempotency_keys": {"k": {"method": "POST", "extra": 1}}}),
            json!({"idempotency_keys": {"k": null}}),
            json!({"idempotency_keys": {"k": {"status": null, "replayable": true, "fingerprint": "f"}}}),
            json!({"complete": ["moves", "x"]}),
            json!({"complete": "moves"}),
            json!({"complete": [1]}),
            json!({"complete": ["moves", "moves", "events"], "moves": {}}),
            json!({"moves": {"m": {"status": "booked"}}, "complete": ["moves"], "today": null}),
        ];
        for case in cases {
            let text = case.to_string();
            let new = context_from_json(text.as_bytes());
            let old = oracle::context_from_json(text.as_bytes());
            assert_eq!(new, old, "{text}");
        }
        // The one difference: serde's derived readers also took a record as an array of its
        // members by position (`{"m1": []}`, `{"m1": ["booked"]}`), which no Context type
        // allows; a record must now be an object.
        for (case, message) in [
            (
                json!({"moves": {"m1": []}}),
                "context.moves.m1: invalid type: sequence, expected struct MoveFacts",
            ),
            (
                json!({"events": {"m1": [["MoveAccept"]]}}),
                "context.events.m1[0][0]: invalid type: sequence, expected struct StoredEvent",
            ),
        ] {
            let text = case.to_string();
            assert!(oracle::context_from_json(text.as_bytes()).is_ok(), "{text}");
            assert_eq!(context_from_json(text.as_bytes()), Err(message.to_owned()));
        }
    }

    #[test]
    fn next_state_takes_event_types_and_triggers() {
        let t = |m, s, e| serde_json::from_str::<Value>(&transition(m, s, e)).unwrap_or_default();
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

    /// Header pieces as `send` in `wrapper.js` writes them.
    fn framed(pieces: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        for piece in pieces {
            let len = u32::try_from(piece.len()).unwrap();
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(piece.as_bytes());
        }
        out
    }

    #[test]
    fn headers_cross_as_lengths_and_text() {
        let pairs = |v: &[(&str, &str)]| {
            v.iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect::<Vec<_>>()
        };
        let split = |bytes: &[u8]| {
            let mut held = Vec::new();
            fill_headers(&mut held, split_headers(bytes));
            held
        };
        assert_eq!(
            split(&framed(&["Accept", "a:b", "", "x"])),
            pairs(&[("Accept", "a:b"), ("", "x")])
        );
        assert_eq!(split(&framed(&["😀", "é"])), pairs(&[("😀", "é")]));
        assert_eq!(split(b""), pairs(&[]));
        // A name without its value, a length past the end, a stray byte.
        assert_eq!(split(&framed(&["Accept"])), pairs(&[]));
        let mut cut = framed(&["Accept", "xy"]);
        cut.pop();
        assert_eq!(split(&cut), pairs(&[]));
        let mut stray = framed(&["Accept", "x"]);
        *stray.last_mut().unwrap() = 0xff;
        assert_eq!(split(&stray), pairs(&[("Accept", "\u{FFFD}")]));
    }

    #[test]
    fn headers_refill_the_buffers_they_replace() {
        let mut held = vec![
            ("Authorization".to_owned(), "Bearer a long token".to_owned()),
            ("X-Old".to_owned(), "gone".to_owned()),
            ("X-Older".to_owned(), "gone too".to_owned()),
        ];
        let buffer = held[0].1.as_ptr();
        fill_headers(
            &mut held,
            split_headers(&framed(&["accept", "x", "B", "y"])),
        )
        .unwrap();
        assert_eq!(
            held,
            [
                ("accept".to_owned(), "x".to_owned()),
                ("B".to_owned(), "y".to_owned())
            ]
        );
        assert_eq!(
            held[0].1.as_ptr(),
            buffer,
            "the first value's buffer is reused"
        );
        fill_headers(
            &mut held,
            split_headers(&framed(&["a", "1", "b", "2", "c", "3"])),
        )
        .unwrap();
        assert_eq!(held.len(), 3);
        assert_eq!(held[2], ("c".to_owned(), "3".to_owned()));
    }

    /// Header pieces as `send` writes them when some are the previous call's (`None`).
    fn framed_same(pieces: &[Option<&str>]) -> Vec<u8> {
        let mut out = Vec::new();
        for piece in pieces {
            match piece {
                Some(text) => {
                    out.extend_from_slice(&u32::try_from(text.len()).unwrap().to_le_bytes());
                    out.extend_from_slice(text.as_bytes());
                }
                None => out.extend_from_slice(&SAME_PIECE.to_le_bytes()),
            }
        }
        out
    }

    #[test]
    fn a_piece_the_same_as_the_last_calls_keeps_the_held_one() {
        let mut held = vec![
            ("Authorization".to_owned(), "Bearer a long token".to_owned()),
            ("Idempotency-Key".to_owned(), "first".to_owned()),
        ];
        let pieces = framed_same(&[None, None, None, Some("second"), Some("Accept"), Some("x")]);
        assert_eq!(fill_headers(&mut held, split_headers(&pieces)), Some(()));
        assert_eq!(
            held,
            [
                ("Authorization".to_owned(), "Bearer a long token".to_owned()),
                ("Idempotency-Key".to_owned(), "second".to_owned()),
                ("Accept".to_owned(), "x".to_owned()),
            ]
        );
        // Nothing held at the third place: wasm asks for the headers in full.
        let pieces = framed_same(&[None, None, None, None, None, None, None, None]);
        assert_eq!(fill_headers(&mut held, split_headers(&pieces)), None);
        assert_eq!(
            fill_headers(
                &mut Vec::new(),
                split_headers(&framed_same(&[None, Some("v")]))
            ),
            None
        );
    }

    #[test]
    fn pieces_stop_at_the_end_of_what_was_written() {
        let mut pieces = Pieces {
            input: b"POST/api",
            at: 0,
        };
        assert_eq!(pieces.text(4).as_deref(), Some("POST"));
        assert_eq!(pieces.take(5), None);
        assert_eq!(pieces.take(4), Some(&b"/api"[..]));
        assert_eq!(pieces.take(0), Some(&b""[..]));
        assert_eq!(pieces.take(usize::MAX), None);
    }
}
