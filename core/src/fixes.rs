//! How to correct a refused request: `meta.fix` of each error that has a correction (issue 14).
//!
//! One pass over a verdict's errors, after validation, for refusals only: an accepted request
//! allocates nothing more. [`validate_request`](crate::validate_request) makes the fixes of
//! headers and parameters at once and those of values in the body when one is first read
//! (`attach_deferred`, [`FixCell`]); [`attach_fixes`](crate::attach_fixes) makes them all at
//! once (`attach`). Each fix is computed from the error's code, source and allowed values and
//! from what the request sent there, so the endpoints keep one job (finding failures) and this
//! module owns the other (correcting them).
//!
//! A fix with an [`Edit`] is mechanical: one correction is right whatever the caller meant,
//! and `basm_core::edit::apply` makes it. A fix with suggestions and no edit needs a person
//! to choose. Every code core emits, and its fix:
//!
//! | code | fix |
//! | --- | --- |
//! | `invalid_datetime` | edit: the same date-time in ISO 8601 with an explicit offset, when the value reads unambiguously as a date and a time (`2020-12-03 10:50:31 +0000`, `14/08/2027 09:30`, no seconds, basic format); a time without a zone gets Europe/London's offset for that date, as the API reads it. A date read two ways (`03/04/2027`) gets both as suggestions; a date without a time none (the time is the caller's) |
//! | `invalid_date` | edit: the date as `YYYY-MM-DD` when unambiguous (`14/08/2027` day-first as in the UK, `2027/8/14`, `20270814`); ambiguous ones get both readings as suggestions |
//! | `invalid_filter` | edit as `invalid_date` for a date filter; as `inclusion` for the allocations' `sort[by]` and `sort[direction]` |
//! | `inclusion` (an enum attribute or detail, a move's `status` and reasons, `billable`, an action's `/data/type`, the list filters and `sort[…]`), and any code with `meta.allowed` (`invalid_move_type`, `unsupported_include`, the `server_error`s of `meta=` and lodging cancellation reasons) | edit when one allowed value fits: a case, spacing or `-`/`_` variant of one (`Male` → `male`), `"true"` → `true` for booleans, or the only allowed value of a body member; else suggestions: all the allowed values, those within half the value's length in edits first, nearest first; none when no value is allowed (`include=` on the events endpoints, whose error says so) |
//! | `inclusion` of the eventable type, `invalid_eventable_type` | suggestions: the eventable types of the event type (all five postable ones when it is unknown), nearest first; an edit only for a case variant, since the eventable's id must change with its type |
//! | `invalid_event_type` | suggestions: the (at most three) nearest event types within half the value's length in edits (Damerau–Levenshtein, case-insensitive); an edit for a case or spacing variant (`journey_cancel`); none for a value near no event type |
//! | `invalid_idempotency_key` | edit: a fresh UUID v4, derived from the request's [`fingerprint`] (core has no random numbers): the same request always gets the same key, so a retry of the corrected request is still a retry |
//! | `unsupported_media_type` | edit: `Content-Type: application/vnd.api+json`; none on `POST /api/documents`, which takes `multipart/form-data`: the body itself must change |
//! | `unsupported_version`, `not_supported_in_version` | edit: `Accept: application/vnd.api+json; version=2` |
//! | `unacceptable_encoding` | edit: `Accept-Encoding: gzip`, which every HTTP client can read |
//! | `invalid_accept` | edit: `Accept: application/vnd.api+json` with the `version=` the header named, if it named one (without, the API reads version 1) |
//! | `unreadable_parameters` | edit for a query value with a `%` that starts no escape: the value with that `%` as `%25`, what was sent literally; none for a value that is not UTF-8 or brackets that contradict (which parameter the caller meant is theirs), nor for a path's parameter |
//! | `blank`, `parameter_missing`, `missing_relationship` | none: the missing value is the caller's to give |
//! | `exclusion`, `taken`, `present`, `invalid`, `not_a_number`, `not_an_integer`, `greater_than`, `date_order`, `same_as_from_location`, `invalid_postcode` | none: which value is wrong, or what it should be, is the caller's choice (the postcode check already ignores case and spacing) |
//! | `inactive_location`, `invalid_location`, `unsupported_prisoner_category`, `cant_change_allocation`, `reference_not_found`, `not_found`, `duplicate_journey`, `lodging_not_cancellable` | none: they are about the records, not the request's form |
//! | `idempotency_conflict` | none: a new key would run the action again, which only the caller may decide |
//! | `not_authorized` | none: a token is a credential |
//! | `route_not_found` | none: the method and path say what the caller wants |
//! | `invalid_path` | none: what the path should name is the caller's |
//! | `invalid_json`, `invalid_utf8`, `body_too_large`, `too_deep` | none: the body cannot be read, so nothing in it can be corrected |
//! | `server_limit` | none: what to leave out of an over-long path, query or header (fewer filters a request, or several requests) is the caller's choice |
//! | `server_error` without allowed values | none: its `meta.reason` says what crashes |

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use crate::endpoints::Body;
use crate::endpoints::common::fingerprint;
use crate::error::{ApiError, Edit, ErrorSource, Fix, FixCell, codes};
use crate::events::{EVENT_TYPES, EventType, Eventable};
use crate::json::{Arena, Json};
use crate::model::run::EVENTABLE_TYPE;
use crate::request::{ACCEPT_V2, JSON_API, Request};
use crate::time::{Date, DateTime};
use crate::values::BOOLEANS;

/// How many event types an unknown one is given as suggestions.
const NEAREST_EVENT_TYPES: usize = 3;

/// Sets `meta.fix` on each error of `errors` that has a correction (see the module's table).
/// `body` is the request's body as the endpoint parsed it (parsed here, once, only if the
/// endpoint refused before reading it and an error needs a value from it).
pub(crate) fn attach<'r>(errors: &mut [ApiError], request: &'r Request, body: &'r Body<'r>) {
    let mut sent = Sent {
        request,
        body,
        query: None,
        seeds: None,
    };
    for error in errors {
        error.meta.fix = fix(&Failure::of(error), &mut sent).into();
    }
}

/// [`attach`], but the fixes of values in the body are made when first read ([`FixCell`]),
/// from copies of those values the verdict's errors share ([`KeptFixes`]): they are most of
/// the fixes' cost (the event types nearest a misspelt one are found by comparing it with the
/// 92 names, which costs more than the rest of the validation), and most callers read no fix.
/// A fix of a header or a parameter costs little and is made at once; a verdict with no fix to
/// defer keeps nothing.
pub(crate) fn attach_deferred<'r>(
    errors: &mut [ApiError],
    request: &'r Request,
    body: &'r Body<'r>,
) {
    let mut sent = Sent {
        request,
        body,
        query: None,
        seeds: None,
    };
    let (mut kept, mut seeds) = (Vec::new(), Vec::new());
    let count = errors.len();
    for error in errors.iter_mut() {
        let failure = Failure::of(error);
        let Some(maker) = deferred(&failure) else {
            error.meta.fix = fix(&failure, &mut sent).into();
            continue;
        };
        if kept.capacity() == 0 {
            // Room for every error's failure and value, and the event type: one allocation
            // each (not the growth of a push), and none for a refusal with no fix to defer.
            kept = Vec::with_capacity(count);
            seeds = Vec::with_capacity(count + 1);
        }
        // The values the fix reads: its own, and the event type for an eventable's.
        let own = [error.source.pointer.clone()];
        let also = matches!(maker, Maker::Eventable).then_some(Cow::Borrowed(EVENT_TYPE));
        for pointer in own.into_iter().flatten().chain(also) {
            if !seeds.iter().any(|(p, _)| *p == pointer) {
                let value = sent.at(&ErrorSource::pointer(pointer.clone()));
                seeds.push((pointer, value.as_ref().map(Seed::of)));
            }
        }
        kept.push(Kept {
            code: error.code.clone(),
            source: error.source.clone(),
            allowed: error.meta.allowed.clone(),
        });
    }
    if kept.is_empty() {
        return;
    }
    let shared: Arc<dyn crate::error::fix::Deferred> = Arc::new(KeptFixes {
        failures: kept,
        seeds,
        fixes: OnceLock::new(),
    });
    let mut index = 0;
    for error in errors {
        if deferred(&Failure::of(error)).is_some() {
            error.meta.fix = FixCell::deferred(Arc::clone(&shared), index);
            index += 1;
        }
    }
}

/// How the fix of `failure` is made, if it is made when first read: a value in the body that
/// may have one. Such a fix reads nothing of the request but values in its body.
fn deferred(failure: &Failure<'_>) -> Option<Maker> {
    failure.source.pointer.as_ref()?;
    maker(failure)
}

/// The pointer of the event type, which an eventable's fix reads.
const EVENT_TYPE: &str = "/data/attributes/event_type";

/// The fixes of a refusal's errors about values in its body, made together when the first is
/// read ([`attach_deferred`]).
struct KeptFixes {
    /// The errors whose fixes are deferred, in the verdict's order.
    failures: Vec<Kept>,
    /// The values they read, by pointer (`None`: the body has none there).
    seeds: Vec<(Cow<'static, str>, Option<Seed>)>,
    /// Their fixes, once made.
    fixes: OnceLock<Vec<Option<Fix>>>,
}

impl crate::error::fix::Deferred for KeptFixes {
    /// The fix of failure `index`: all of them made on the first call.
    fn fix(&self, index: usize) -> &Option<Fix> {
        const NONE: &Option<Fix> = &None;
        let fixes = self.fixes.get_or_init(|| self.make());
        fixes.get(index).unwrap_or(NONE)
    }
}

impl KeptFixes {
    /// Every deferred fix, from the values kept.
    fn make(&self) -> Vec<Option<Fix>> {
        // Such fixes read only values in the body ([`deferred`]): the request is an empty one.
        let request = Request {
            method: String::new(),
            path: String::new(),
            headers: Vec::new(),
            body: Vec::new(),
        };
        let arena = Arena::new();
        let body = Body::new(&[], &arena);
        let seeds: Vec<(&str, Option<Json<'_>>)> = self
            .seeds
            .iter()
            .map(|(pointer, seed)| (&**pointer, seed.as_ref().map(Seed::json)))
            .collect();
        let mut sent = Sent {
            request: &request,
            body: &body,
            query: None,
            seeds: Some(&seeds),
        };
        self.failures
            .iter()
            .map(|kept| fix(&kept.failure(), &mut sent))
            .collect()
    }
}

/// What a deferred fix reads of a value in the body: a string's text, a scalar, or which kind
/// of container (no fix reads into one: an array or object is "not one of the values").
enum Seed {
    Text(Box<str>),
    Scalar(Json<'static>),
    Array,
    Object,
}

impl Seed {
    fn of(value: &Json<'_>) -> Self {
        match *value {
            Json::String(text) => Seed::Text(text.into()),
            Json::Null => Seed::Scalar(Json::Null),
            Json::Bool(b) => Seed::Scalar(Json::Bool(b)),
            Json::Number(n) => Seed::Scalar(Json::Number(n)),
            Json::Array(_) => Seed::Array,
            Json::Object(_) => Seed::Object,
        }
    }

    /// The value as the fixes read it (a container empty).
    fn json(&self) -> Json<'_> {
        match self {
            Seed::Text(text) => Json::String(text),
            Seed::Scalar(value) => *value,
            Seed::Array => Json::Array(&[]),
            Seed::Object => Json::Object(&[]),
        }
    }
}

/// What a fix is made from, of one error: its code, source and allowed values.
struct Failure<'e> {
    code: &'e str,
    source: &'e ErrorSource,
    allowed: Option<&'e [Cow<'static, str>]>,
}

impl<'e> Failure<'e> {
    fn of(error: &'e ApiError) -> Self {
        Failure {
            code: &error.code,
            source: &error.source,
            allowed: error.meta.allowed.as_deref(),
        }
    }
}

/// A [`Failure`] kept for its deferred fix (its texts are mostly borrowed constants: copying
/// them copies no text).
struct Kept {
    code: Cow<'static, str>,
    source: ErrorSource,
    allowed: Option<Vec<Cow<'static, str>>>,
}

impl Kept {
    fn failure(&self) -> Failure<'_> {
        Failure {
            code: &self.code,
            source: &self.source,
            allowed: self.allowed.as_deref(),
        }
    }
}

/// What the request sent: its body (parsed once per request, shared with the endpoint) and
/// its query, parsed on first need.
struct Sent<'r> {
    request: &'r Request,
    body: &'r Body<'r>,
    query: Option<Vec<(String, String)>>,
    /// For fixes made when first read ([`KeptFixes`]): the values in the body they read, which
    /// answer for the body.
    seeds: Option<&'r [(&'r str, Option<Json<'r>>)]>,
}

impl<'r> Sent<'r> {
    /// The value at a source: a body member, a header or a query parameter (the last of its
    /// name, as Rails reads it). A body member is the body's own (its strings borrowed from
    /// the body: an error about a large value costs no copy of it); a header or parameter is
    /// copied into the body's arena.
    fn at(&mut self, source: &ErrorSource) -> Option<Json<'r>> {
        let request = self.request;
        if let Some(pointer) = &source.pointer {
            if let Some(seeds) = self.seeds {
                return seeds
                    .iter()
                    .find(|(p, _)| p == pointer)
                    .and_then(|(_, v)| *v);
            }
            let body = self.body.parsed().ok()?;
            return body.pointer(pointer).copied();
        }
        let arena = self.body.arena();
        let text = |s: String| Json::String(arena.str(&s));
        if let Some(name) = &source.header {
            return request.header_value(name).map(text);
        }
        let name = source.parameter.as_deref()?;
        let query = self.query.get_or_insert_with(|| request.query());
        let (_, value) = query.iter().rev().find(|(k, _)| k == name)?;
        Some(text(value.clone()))
    }
}

/// A query value with a `%` that starts no escape: the same value with each such `%` written
/// `%25`, which is what the caller sent literally (an edit of the parameter, which
/// [`crate::edit::apply`] encodes). Not for a name ending `[]`: setting it would drop the
/// array's other items.
fn percent_fix(error: &Failure<'_>, request: &Request) -> Option<Fix> {
    let name = error.source.parameter.as_deref()?;
    if name.ends_with("[]") {
        return None;
    }
    let stray = |raw: &str| {
        let b = raw.as_bytes();
        (0..b.len()).any(|i| {
            b[i] == b'%'
                && !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        })
    };
    let raw = crate::rails::query_pairs(request.query_str()?)
        .find(|(k, _)| crate::request::percent_decode(k) == name)?
        .1?;
    stray(raw).then(|| {
        edit(
            "Write a `%` that is meant as itself as `%25`: Rails reads `%` as the start of an \
             escape.",
            ErrorSource::parameter(name.to_owned()),
            Value::String(crate::request::percent_decode(raw)),
        )
    })
}

/// How the fix of a failure is made ([`maker`]).
#[derive(Clone, Copy)]
enum Maker {
    MediaType,
    Version,
    Accept,
    Percent,
    Encoding,
    IdempotencyKey,
    DateTime,
    Date,
    EventType,
    Eventable,
    Choice,
}

/// How the fix of `failure` is made, if it may have one: chosen by the failure alone (its
/// code, source and allowed values), so that [`attach_deferred`] keeps values only for
/// failures that may have a fix.
fn maker(failure: &Failure<'_>) -> Option<Maker> {
    let pointer = failure.source.pointer.as_deref();
    Some(match failure.code {
        codes::UNSUPPORTED_MEDIA_TYPE => Maker::MediaType,
        codes::UNSUPPORTED_VERSION | codes::NOT_SUPPORTED_IN_VERSION => Maker::Version,
        codes::INVALID_ACCEPT => Maker::Accept,
        codes::UNREADABLE_PARAMETERS => Maker::Percent,
        codes::UNACCEPTABLE_ENCODING => Maker::Encoding,
        codes::INVALID_IDEMPOTENCY_KEY => Maker::IdempotencyKey,
        codes::INVALID_DATETIME => Maker::DateTime,
        codes::INVALID_DATE => Maker::Date,
        codes::INVALID_FILTER if failure.allowed.is_none() => Maker::Date,
        codes::INVALID_EVENT_TYPE => Maker::EventType,
        codes::INVALID_EVENTABLE_TYPE => Maker::Eventable,
        _ if pointer == Some(EVENTABLE_TYPE) && failure.allowed.is_some() => Maker::Eventable,
        // A failure of the record an id names (a move's own `move_type`, reported at the
        // eventable's id): the id is not the value to correct.
        _ if pointer.is_some_and(|p| p.ends_with("/id")) => return None,
        _ if failure.allowed.is_some() => Maker::Choice,
        _ => return None,
    })
}

/// The fix of `failure`, if it has one.
fn fix(failure: &Failure<'_>, sent: &mut Sent<'_>) -> Option<Fix> {
    match maker(failure)? {
        // A multipart upload is a different body, not a different header.
        Maker::MediaType if crate::endpoints::takes_multipart(sent.request) => None,
        Maker::MediaType => Some(edit(
            "Send `Content-Type: application/vnd.api+json`, the JSON:API media type.",
            ErrorSource::header("Content-Type"),
            Value::from(JSON_API),
        )),
        Maker::Version => Some(edit(
            "Send `Accept: application/vnd.api+json; version=2`: the API knows versions 1 and 2, \
             and 2 is the current one (without `version=` it reads 1).",
            ErrorSource::header("Accept"),
            Value::from(ACCEPT_V2),
        )),
        Maker::Accept => {
            // The version the caller named is kept; without one the API reads version 1.
            let accept = sent.request.header_str("Accept");
            let value = match crate::request::api_version_named(accept.as_deref()) {
                Some(version) => format!("{JSON_API}; version={version}"),
                None => JSON_API.to_owned(),
            };
            Some(edit(
                "Send `Accept` as a media type: `application/vnd.api+json`, with the \
                 `version=` you meant.",
                ErrorSource::header("Accept"),
                Value::String(value),
            ))
        }
        Maker::Percent => percent_fix(failure, sent.request),
        Maker::Encoding => Some(edit(
            "Send `Accept-Encoding: gzip` (or no `Accept-Encoding`, which reads as identity): \
             the API encodes its answers in gzip or not at all, and this header refuses both.",
            ErrorSource::header("Accept-Encoding"),
            Value::from("gzip"),
        )),
        Maker::IdempotencyKey => Some(edit(
            "Send a fresh UUID as `Idempotency-Key` (this one is derived from the request, so \
             the same request gets the same key); keep it for retries of this request.",
            ErrorSource::header("Idempotency-Key"),
            Value::String(fresh_key(sent.request)),
        )),
        Maker::DateTime => date_fix(failure, sent, true),
        Maker::Date => date_fix(failure, sent, false),
        Maker::EventType => event_type_fix(failure, sent),
        Maker::Eventable => eventable_fix(failure, sent),
        Maker::Choice => {
            let allowed = failure.allowed?;
            let value = sent.at(failure.source);
            choice_fix(
                value.as_ref(),
                allowed,
                failure.source,
                failure.source.pointer.is_some(),
                sent.body.arena(),
            )
        }
    }
}

fn edit(description: impl Into<Cow<'static, str>>, source: ErrorSource, value: Value) -> Fix {
    Fix {
        description: description.into(),
        edit: Some(Edit { source, value }),
        suggestions: Vec::new(),
    }
}

fn suggest(description: impl Into<Cow<'static, str>>, suggestions: Vec<Cow<'static, str>>) -> Fix {
    Fix {
        description: description.into(),
        edit: None,
        suggestions,
    }
}

/// A UUID v4 made of two [`fingerprint`]s of the request (method, path, body), with the
/// version and variant bits set: unique per request and the same for the same request.
fn fresh_key(request: &Request) -> String {
    let a = fingerprint(&request.method, &request.path, &request.body);
    let b = fingerprint(&a, &request.path, &request.body);
    let mut hex = [a, b].concat().into_bytes();
    hex[12] = b'4';
    let variant = (hex[16] as char).to_digit(16).unwrap_or(0) & 3;
    hex[16] = b"89ab"[variant as usize];
    let hex = String::from_utf8(hex).unwrap_or_default();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

// ---------------------------------------------------------------------------------------------
// Choices: enums, event types, eventable types
// ---------------------------------------------------------------------------------------------

/// The allowed value this one is a variant of: the same but for ASCII case, surrounding
/// spaces and `-`, `_` or spaces between words (`Male`, `prison transfer`, `journey_cancel`);
/// None when it is one already, or a variant of several. Compared in place: it runs for every
/// allowed value.
fn variant_of<'a>(value: &str, allowed: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    /// [`folded`] of `s` as UTF-8 bytes, without decoding a char (it runs for every allowed
    /// value), when the ends `str::trim` leaves are ASCII; None otherwise. The whitespace it
    /// trims, in ASCII: tab to carriage return, space. Past the ends the bytes fold as the
    /// chars do: a non-ASCII char's bytes are never a space, `-` or `_`, and ASCII lower-casing
    /// leaves them as they are.
    fn folded_bytes(s: &[u8]) -> Option<impl Iterator<Item = u8> + '_> {
        let space = |c: &u8| matches!(c, b'\t'..=b'\r' | b' ');
        let start = s.iter().position(|c| !space(c)).unwrap_or(s.len());
        let end = s.iter().rposition(|c| !space(c)).map_or(start, |i| i + 1);
        let trimmed = s.get(start..end)?;
        if !trimmed.first().is_none_or(u8::is_ascii) || !trimmed.last().is_none_or(u8::is_ascii) {
            return None;
        }
        Some(
            trimmed
                .iter()
                .filter(|c| !matches!(c, b' ' | b'-' | b'_'))
                .map(u8::to_ascii_lowercase),
        )
    }
    let value_folded = folded_value(value);
    let mut found = allowed.into_iter().filter(|a| {
        *a != value
            && match folded_bytes(a.as_bytes()) {
                Some(bytes) => bytes.eq(value_folded.bytes()),
                None => folded(a).eq(value_folded.chars()),
            }
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// `s` as [`variant_of`] compares it: trimmed, without spaces, `-` or `_`, ASCII lower-cased.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .map(|c| c.to_ascii_lowercase())
}

/// [`folded`] of the value sent, collected once for every allowed value it is compared with
/// (into one allocation: no longer than the value).
fn folded_value(value: &str) -> String {
    let mut folded_value = String::with_capacity(value.len());
    folded_value.extend(folded(value));
    folded_value
}

/// The postable event types' names, with their bytes counted as [`BitPattern`] counts a
/// value's (`counts[i]` of `names[i]`).
struct EventTypeNames {
    names: Vec<Cow<'static, str>>,
    counts: Vec<Counts>,
}

/// The postable event types' names ([`EventTypeNames`]), counted once, when the first unknown
/// event type is corrected: each such correction compares the value with every one of them.
fn event_type_names() -> &'static EventTypeNames {
    static NAMES: std::sync::OnceLock<EventTypeNames> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let names: Vec<Cow<'static, str>> = EVENT_TYPES
            .iter()
            .filter(|i| i.postable())
            .map(|i| Cow::Borrowed(i.name))
            .collect();
        let counts = names.iter().map(|n| counts_of(n.as_bytes())).collect();
        EventTypeNames { names, counts }
    })
}

/// [`variant_of`] of `text` among the postable event types. Their names have no spaces, `-`
/// or `_` (a test says so), so a variant of one folds to it lower-cased: compared by length
/// first, not folded name by name.
fn event_type_variant(text: &str) -> Option<&str> {
    // Folded in place: a name is ASCII, so a text with other chars left is no variant of one.
    let trimmed = text.trim();
    if !trimmed.is_ascii() {
        return None;
    }
    let kept = |b: &u8| !matches!(b, b' ' | b'-' | b'_');
    let len = trimmed.bytes().filter(kept).count();
    let mut variants = event_type_names().names.iter().filter(|name| {
        name.len() == len
            && trimmed
                .bytes()
                .filter(kept)
                .zip(name.bytes())
                .all(|(t, n)| t.eq_ignore_ascii_case(&n))
            && **name != text
    });
    match (variants.next(), variants.next()) {
        (Some(only), None) => Some(only.as_ref()),
        _ => None,
    }
}

/// The longest value [`nearest`] ranks by: nothing longer is a slip of the keyboard.
const MAX_RANKED: usize = 64;

/// The positions in `names` of the first `keep` of them: those within reach of `value` (half its length in edits, at
/// least 2) nearest first, then, with `far`, the others in their order (all of them in their
/// order when `value` is longer than [`MAX_RANKED`]). A distance stops counting at the reach,
/// or once `keep` are ranked at the last of them, so a far value costs a few rows of its table
/// or, most often, none ([`bag_distance`]).
fn nearest(
    value: &str,
    names: &[Cow<'static, str>],
    keep: usize,
    far: bool,
    arena: &Arena,
) -> Vec<Cow<'static, str>> {
    ranked(value, names, &[], keep, far, arena)
}

/// [`nearest`] of names given with their counts, `counts[i]` of `names[i]`, or none (counted
/// once for a list compared often, as the event types' names are: each name then costs a
/// comparison of the counts instead of a pass over its bytes). One function for every list,
/// not one per type of list: it is the largest of the fixes' code.
///
/// Best first: every name gets a lower bound of its distance ([`BitPattern::bound`]), and the
/// names are measured in the order of their bounds (ties in the list's order). Once `keep` are
/// ranked, a name must beat the last of them, so its distance stops counting there; and once
/// a bound is past the last of them, no name left can rank. The answer is a full count's: the
/// first `keep` by distance (at most the reach, or past it with `far`), then the list's order.
fn ranked(
    value: &str,
    names: &[Cow<'static, str>],
    counts: &[Counts],
    keep: usize,
    far: bool,
    arena: &Arena,
) -> Vec<Cow<'static, str>> {
    if value.len() > MAX_RANKED {
        return match far {
            true => names[..keep.min(names.len())].to_vec(),
            false => Vec::new(),
        };
    }
    let reach = (value.chars().count() / 2).max(2);
    // The value's bit masks, made once: each name then costs a few operations a byte.
    let mut masks = BitPattern::EMPTY;
    let pattern = masks.set(value.as_bytes()).then_some(&masks);
    // The ranking's lists live in `arena` (the body's, given back with it): a pointer's bump
    // each, where the heap's allocations and frees were a tenth of the ranking's cost.
    // (bound, index) of each name that may rank; `far` ones (bound past the reach) are never
    // measured.
    let bounded = arena.filled(names.len(), (0, 0));
    let mut candidates = 0;
    // How many names have each bound (at most the reach plus one, at most 33).
    let mut per_bound = [0usize; MAX_RANKED / 2 + 2];
    for (i, name) in names.iter().enumerate() {
        // A name the pattern cannot measure (not ASCII, too long) is measured by the table.
        // A bound past the reach counts as one more: such names follow in the list's order.
        let bound = pattern
            .and_then(|p| p.bound(name.as_bytes(), counts.get(i), reach))
            .unwrap_or(0)
            .min(reach + 1);
        if bound > reach && !far {
            continue;
        }
        per_bound[bound] += 1;
        bounded[candidates] = (bound, i);
        candidates += 1;
    }
    let bounded = &bounded[..candidates];
    // In the order of their bounds, ties in the list's order: a counting sort (the bounds
    // are small; it costs the `.wasm` no sort code).
    let mut start = 0;
    for count in &mut per_bound[..=reach + 1] {
        (*count, start) = (start, start + *count);
    }
    let order = arena.filled(candidates, 0);
    for (k, &(bound, _)) in bounded.iter().enumerate() {
        order[per_bound[bound]] = k;
        per_bound[bound] += 1;
    }
    // (distance, index) of the first `ranked` of them, nearest first; a distance past the
    // reach counts as one more.
    let best = arena.filled(keep.min(candidates), (0, 0));
    let mut ranked = 0;
    let mut rows = Vec::new();
    for &k in order.iter() {
        let (bound, i) = bounded[k];
        let a = &names[i];
        // The last ranked one, once there are `keep`: a name must come before it.
        let worst = (ranked == keep && keep > 0).then(|| best[keep - 1]);
        if worst.is_some_and(|w| (bound, i) > w) {
            break;
        }
        let limit = match worst {
            // A tie goes to the name earlier in the list.
            Some((d, w)) => reach.min(if i < w { d } else { d.saturating_sub(1) }),
            None => reach,
        };
        let d = if bound > limit {
            limit + 1
        } else {
            match pattern.filter(|_| a.is_ascii()) {
                Some(p) => p.distance(a.as_bytes(), limit),
                None => distance_within(value, a, limit, &mut rows),
            }
        };
        if d > reach && !far {
            continue;
        }
        let d = d.min(reach + 1);
        let at = best[..ranked].partition_point(|&ranked| ranked < (d, i));
        if at < best.len() {
            // In at its place; the last one out when all `keep` places are taken.
            let end = (ranked + 1).min(best.len());
            best.copy_within(at..end - 1, at + 1);
            best[at] = (d, i);
            ranked = end;
        }
    }
    best[..ranked]
        .iter()
        .map(|&(_, i)| names[i].clone())
        .collect()
}

/// The optimal-string-alignment (restricted Damerau–Levenshtein) distance between `a` and
/// `b`, ignoring ASCII case: insertions, deletions, substitutions and swaps of neighbours.
pub fn distance(a: &str, b: &str) -> usize {
    distance_within(a, b, usize::MAX - 1, &mut Vec::new())
}

/// [`distance`], or `limit + 1` as soon as it is known to be more than `limit`; `rows` is
/// scratch space, reused across calls.
fn distance_within(a: &str, b: &str, limit: usize, rows: &mut Vec<usize>) -> usize {
    if a.is_ascii() && b.is_ascii() {
        // Bytes, without collecting: the common case, run for every allowed value.
        if bag_distance(a.as_bytes(), b.as_bytes()) > limit {
            return limit + 1;
        }
        return alignment(a.as_bytes(), b.as_bytes(), limit, rows);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    alignment(&a, &b, limit, rows)
}

/// A value of at most 64 ASCII bytes, ready for [`BitPattern::distance`]: for each byte, the
/// positions where the value has it, ASCII case ignored, as bits.
struct BitPattern {
    /// Bit `i` of `masks[c]`: byte `i` of the value is `c`, ignoring ASCII case (both cases of
    /// a letter have its bits, so a byte compared is not folded first).
    masks: [u64; 128],
    /// The value's length, 1 to 64.
    len: usize,
    /// The value's bytes counted in [`bag_distance`]'s buckets ([`counts_of`]).
    counts: Counts,
}

/// Bytes counted in [`bag_distance`]'s buckets (case folded, `& 31`): a value of at most 64
/// bytes, or a name of at most 255 (no name longer is counted), so `u8` holds them.
type Counts = [u8; 32];

/// [`Counts`] of `bytes` (at most 255 of them).
fn counts_of(bytes: &[u8]) -> Counts {
    let mut counts = [0u8; 32];
    for &c in bytes.iter().take(255) {
        counts[usize::from(c.to_ascii_lowercase() & 31)] += 1;
    }
    counts
}

impl BitPattern {
    /// A pattern of no value, for [`BitPattern::set`] to fill where it is kept (it is 1 KiB:
    /// made in place, not moved there).
    const EMPTY: BitPattern = BitPattern {
        masks: [0; 128],
        len: 0,
        counts: [0; 32],
    };

    /// Makes this (empty) pattern the pattern of `value`; false, leaving it empty, for a value
    /// that is empty, longer than 64 bytes or not ASCII.
    fn set(&mut self, value: &[u8]) -> bool {
        if value.is_empty() || value.len() > 64 || !value.is_ascii() {
            return false;
        }
        for (i, &c) in value.iter().enumerate() {
            self.masks[usize::from(c.to_ascii_lowercase())] |= 1 << i;
            self.masks[usize::from(c.to_ascii_uppercase())] |= 1 << i;
        }
        self.len = value.len();
        self.counts = counts_of(value);
        true
    }

    /// A lower bound of the [`distance`] from the value to `other` (whose [`Counts`] are
    /// `counted` when known): the difference of the lengths, or the [`bag_distance`] when it
    /// is more (from the value's counts), not counted when the lengths alone are past `limit`.
    /// None when `other` is not ASCII (the distance counts chars).
    fn bound(&self, other: &[u8], counted: Option<&Counts>, limit: usize) -> Option<usize> {
        // A name counted before is ASCII and short ([`event_type_names`]: a test says so).
        if counted.is_none() && !other.is_ascii() {
            return None;
        }
        let apart = self.len.abs_diff(other.len());
        if apart > limit {
            return Some(apart);
        }
        // `fewer`: the bytes of `other` past the value's count in their bucket; `more - fewer`
        // is the difference of the lengths.
        let fewer = match counted {
            // From the two counts: every byte of each is counted (a counted name is short),
            // so their differences bucket by bucket sum to the difference of the lengths, and
            // `fewer` is half of that plus the sum of the differences' sizes. That sum is the
            // pattern compilers make one vector instruction of (x86's `psadbw`).
            Some(counted) => (counts_apart(counted, &self.counts) + other.len() - self.len) / 2,
            // As the value's counts are taken down by each byte of `other`, with no branch a
            // byte: which way it goes depends on the data, so it was mispredicted.
            None => {
                let mut counts = self.counts;
                let mut fewer = 0;
                for &y in other {
                    let bucket = &mut counts[usize::from(y.to_ascii_lowercase() & 31)];
                    fewer += usize::from(*bucket == 0);
                    *bucket = bucket.saturating_sub(1);
                }
                fewer
            }
        };
        let more = (fewer + self.len).saturating_sub(other.len());
        Some(more.max(fewer))
    }

    /// [`distance_within`] of the value and `other` (ASCII), one column of the table per byte
    /// as bit vectors: Hyyrö's bit-parallel optimal string alignment ("A bit-vector algorithm
    /// for computing Levenshtein and Damerau edit distances", 2003; as rapidfuzz's
    /// `osa_hyrroe2003`). `VP`/`VN`: the column's +1/−1 vertical steps; `D0`: its diagonal
    /// zero steps, including a swap of neighbours (`TR`).
    ///
    /// It stops at `limit + 1` once the distance from the value to the bytes of `other` read
    /// so far is past the limit by more than the bytes left: each byte left can take it down
    /// by one at most. A name that parts from the value early stops a few bytes after.
    fn distance(&self, other: &[u8], limit: usize) -> usize {
        let last = 1u64 << (self.len - 1);
        let (mut vp, mut vn, mut d0, mut previous) = (u64::MAX, 0u64, 0u64, 0u64);
        let mut distance = self.len;
        // The limit plus the bytes left after this one.
        let mut within = limit + other.len();
        for &c in other {
            let pm = self.masks[usize::from(c & 0x7f)];
            let tr = ((!d0 & pm) << 1) & previous;
            d0 = ((((pm & vp).wrapping_add(vp)) ^ vp) | pm | vn) | tr;
            let hp = vn | !(d0 | vp);
            let hn = d0 & vp;
            distance += usize::from(hp & last != 0);
            distance -= usize::from(hn & last != 0);
            within -= 1;
            if distance > within {
                return limit + 1;
            }
            let hp = (hp << 1) | 1;
            let hn = hn << 1;
            vp = hn | !(d0 | hp);
            vn = hp & d0;
            previous = pm;
        }
        distance.min(limit + 1)
    }
}

/// The sum of the differences' sizes of two [`Counts`], bucket by bucket: the pattern compilers
/// make one vector instruction of (x86's `psadbw`), kept out of line, where it is made so.
#[inline(never)]
fn counts_apart(a: &Counts, b: &Counts) -> usize {
    let mut sum = 0i32;
    for i in 0..32 {
        sum += (i32::from(a[i]) - i32::from(b[i])).abs();
    }
    sum as usize
}

/// A lower bound of [`distance`], in one pass over each: how many bytes (case folded, in 32
/// buckets) one has more of than the other, the larger way round. A substitution changes each
/// count by at most one, an insertion or deletion one of them, a swap neither; so names far
/// from the value (most of the event types from a misspelt one) are passed over without a table.
fn bag_distance(a: &[u8], b: &[u8]) -> usize {
    let mut counts = [0i32; 32];
    for &x in a {
        counts[usize::from(x.to_ascii_lowercase() & 31)] += 1;
    }
    for &y in b {
        counts[usize::from(y.to_ascii_lowercase() & 31)] -= 1;
    }
    bag_of(&counts)
}

/// [`bag_distance`] from the bucket counts of one string less the other's.
fn bag_of(counts: &[i32; 32]) -> usize {
    let (more, fewer) = counts.iter().fold((0, 0), |(more, fewer), &c| {
        (more + c.max(0), fewer + (-c).max(0))
    });
    more.max(fewer).unsigned_abs() as usize
}

/// [`distance_within`] over two sequences, in three rows of `rows`.
fn alignment<T: Copy + PartialEq + AsciiFold>(
    a: &[T],
    b: &[T],
    limit: usize,
    rows: &mut Vec<usize>,
) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let width = b.len() + 1;
    rows.clear();
    rows.resize(3 * width, 0);
    let (before, rest) = rows.split_at_mut(width);
    let (prev, row) = rest.split_at_mut(width);
    for (j, cell) in prev.iter_mut().enumerate() {
        *cell = j;
    }
    let mut prev_least = 0;
    for i in 1..=a.len() {
        row[0] = i;
        let mut least = i;
        let x = a[i - 1].fold();
        for j in 1..width {
            let y = b[j - 1].fold();
            let mut d = (prev[j] + 1)
                .min(row[j - 1] + 1)
                .min(prev[j - 1] + usize::from(x != y));
            if i > 1 && j > 1 && x == b[j - 2].fold() && a[i - 2].fold() == y {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
            least = least.min(d);
        }
        // A later cell is a cell of this row plus something, or (a swap) of the row before
        // plus one: past the limit when both are.
        if least > limit && prev_least >= limit {
            return limit + 1;
        }
        prev_least = least;
        before.copy_from_slice(prev);
        prev.copy_from_slice(row);
    }
    prev[b.len()].min(limit + 1)
}

/// ASCII case folding for [`alignment`]'s bytes and chars.
trait AsciiFold {
    fn fold(self) -> Self;
}

impl AsciiFold for u8 {
    fn fold(self) -> Self {
        self.to_ascii_lowercase()
    }
}

impl AsciiFold for char {
    fn fold(self) -> Self {
        self.to_ascii_lowercase()
    }
}

/// The fix of a value that must be one of `allowed`. `member`: the source is a body member,
/// which may be set even when it was not sent.
fn choice_fix(
    value: Option<&Json<'_>>,
    allowed: &[Cow<'static, str>],
    source: &ErrorSource,
    member: bool,
    arena: &Arena,
) -> Option<Fix> {
    if allowed.is_empty() {
        // Nothing to choose from (`include=` on the events endpoints): leaving the value out
        // is no edit, and the error says no value is allowed.
        return None;
    }
    // `whole`: the text is all of the value, so an edit may replace it.
    let (text, whole) = match value {
        // A list parameter (`include=a,b`, `meta=…`): the one item not allowed, if one.
        Some(Json::String(s)) if !member && s.contains(',') => {
            let mut strangers = s.split(',').filter(|i| !allowed.iter().any(|a| a == i));
            match (strangers.next(), strangers.next()) {
                (Some(one), None) => (Some(one), false),
                _ => (None, false),
            }
        }
        Some(Json::String(s)) => (Some(*s), true),
        None | Some(Json::Null) => (None, true),
        // Numbers, arrays, objects: the caller's choice, among the values.
        Some(_) => return Some(suggest(CHOOSE, allowed.to_vec())),
    };
    if let Some(text) = text.filter(|_| whole) {
        let truth = text.trim();
        if member
            && allowed == BOOLEANS
            && (truth.eq_ignore_ascii_case("true") || truth.eq_ignore_ascii_case("false"))
        {
            let value = truth.eq_ignore_ascii_case("true");
            return Some(edit(
                format!("Send the JSON boolean `{value}`, not a string."),
                source.clone(),
                Value::Bool(value),
            ));
        }
        if let Some(exact) = variant_of(text, allowed.iter().map(AsRef::as_ref)) {
            return Some(edit(
                format!("Send `{exact}`: values are matched exactly, case and spacing included."),
                source.clone(),
                Value::from(exact),
            ));
        }
    }
    match allowed {
        [only] if member => Some(edit(
            format!("Send `{only}`, the only value allowed here."),
            source.clone(),
            Value::from(only.as_ref()),
        )),
        _ => {
            let suggestions = match text {
                Some(text) => nearest(text, allowed, allowed.len(), true, arena),
                None => allowed.to_vec(),
            };
            Some(suggest(CHOOSE, suggestions))
        }
    }
}

/// The description of a fix that suggests allowed values.
const CHOOSE: &str = "Choose one of the allowed values (nearest first).";

fn event_type_fix(error: &Failure<'_>, sent: &mut Sent<'_>) -> Option<Fix> {
    let value = sent.at(error.source)?;
    let text = value
        .as_str()
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= MAX_RANKED)?;
    if let Some(exact) = event_type_variant(text) {
        return Some(edit(
            format!("Send `{exact}`: event types are matched exactly, case included."),
            error.source.clone(),
            Value::from(exact),
        ));
    }
    let EventTypeNames { names, counts } = event_type_names();
    let suggestions = ranked(
        text,
        names,
        counts,
        NEAREST_EVENT_TYPES,
        false,
        sent.body.arena(),
    );
    if suggestions.is_empty() {
        return None;
    }
    Some(suggest(
        "Not an event type; the nearest known ones are suggested (docs/events.md lists all).",
        suggestions,
    ))
}

fn eventable_fix(error: &Failure<'_>, sent: &mut Sent<'_>) -> Option<Fix> {
    let info = sent
        .at(&ErrorSource::pointer(EVENT_TYPE))
        .and_then(|v| v.as_str())
        .and_then(EventType::from_wire)
        .map(EventType::info);
    // Only the types the envelope check lets through (a lodging event is the server's own).
    let listed: Vec<&str> = match (error.allowed, info) {
        (Some(allowed), _) => allowed.iter().map(AsRef::as_ref).collect(),
        (None, Some(info)) => info.eventable.iter().map(|e| e.wire()).collect(),
        (None, None) => Eventable::POSTABLE.to_vec(),
    };
    let candidates: Vec<Cow<'static, str>> = listed
        .into_iter()
        .filter_map(|c| Eventable::POSTABLE.iter().find(|p| **p == c))
        .map(|p| Cow::Borrowed(*p))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let text = sent.at(error.source).and_then(|v| v.as_str());
    if let Some(exact) = text.and_then(|t| variant_of(t, candidates.iter().map(AsRef::as_ref))) {
        return Some(edit(
            format!("Send `{exact}`: types are matched exactly, case included."),
            error.source.clone(),
            Value::from(exact),
        ));
    }
    // Pushed piece by piece into one allocation (no formatting machinery: it runs for every
    // event about the wrong kind of record).
    const ABOUT: &str = ": set the eventable's type and id to the record it is about.";
    let subject = info.map_or("An event", |info| info.name);
    let listed: usize = candidates.iter().map(|c| c.len() + 6).sum();
    let mut description = String::with_capacity(subject.len() + 10 + listed + ABOUT.len());
    description.push_str(subject);
    description.push_str(" is about ");
    for (i, c) in candidates.iter().enumerate() {
        description.push_str(match i {
            0 => "",
            _ if i + 1 == candidates.len() => " or ",
            _ => ", ",
        });
        description.push('`');
        description.push_str(c);
        description.push('`');
    }
    description.push_str(ABOUT);
    Some(suggest(
        description,
        nearest(
            text.unwrap_or(""),
            &candidates,
            candidates.len(),
            true,
            sent.body.arena(),
        ),
    ))
}

// ---------------------------------------------------------------------------------------------
// Dates and date-times
// ---------------------------------------------------------------------------------------------

/// A date (and maybe a time) read from a value that is not ISO 8601.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reading {
    date: Date,
    /// The month-first reading, when the value reads both ways (`03/04/2027`).
    other: Option<Date>,
    /// How the date was ordered, when not year first: said in the description.
    order: Option<&'static str>,
    /// Hour, minute, second, nanoseconds.
    time: Option<(u8, u8, u8, u32)>,
    /// Offset in seconds east of UTC, when the value had a zone.
    offset: Option<i32>,
}

fn date_fix(error: &Failure<'_>, sent: &mut Sent<'_>, with_time: bool) -> Option<Fix> {
    let value = sent.at(error.source)?;
    let text = value.as_str()?;
    let reading = read_date_time(text)?;
    if with_time && reading.time.is_none() {
        return None;
    }
    let write = |date: Date| -> String {
        match reading.time {
            Some((hour, minute, second, nanos)) if with_time => DateTime {
                year: date.year,
                month: date.month,
                day: date.day,
                hour,
                minute,
                second,
                nanos,
                offset: reading.offset,
            }
            .to_rfc3339(),
            _ => date.to_string(),
        }
    };
    let fixed = write(reading.date);
    let what = if with_time { "date-time" } else { "date" };
    if let Some(other) = reading.other {
        return Some(suggest(
            format!(
                "Write the {what} in ISO 8601; `{text}` reads two ways: day first as in the UK, \
                 or month first as in the US (nearest first)."
            ),
            vec![fixed.into(), write(other).into()],
        ));
    }
    if fixed == text {
        return None;
    }
    let mut description = format!("Write the {what} in ISO 8601: `{fixed}`.");
    if let Some(order) = reading.order {
        let _ = write!(description, " The date was read {order}.");
    }
    if with_time && reading.offset.is_none() {
        let zone = if fixed.ends_with("+01:00") {
            "+01:00, British Summer Time"
        } else {
            "+00:00, Greenwich Mean Time"
        };
        let _ = write!(
            description,
            " It had no zone, so Europe/London's offset on that date ({zone}) was assumed, as the \
             API reads a time without one; if the time was recorded elsewhere, write that zone's \
             offset."
        );
    }
    Some(edit(
        description,
        error.source.clone(),
        Value::String(fixed),
    ))
}

/// Reads `Y-M-D`, `Y/M/D`, `D/M/Y`, `M/D/Y` (separators `-`, `/`, `.`) and `YYYYMMDD`, then
/// optionally `T`, `t` or spaces and a time `H:MM[:SS[.fff]]` or `HHMM[SS]`, then optionally
/// a zone: `Z`, `UTC`, `GMT` or `±HH[[:]MM]`. None unless all of it reads and is a real date
/// and time of a four-digit year.
fn read_date_time(text: &str) -> Option<Reading> {
    let mut c = Cursor(text.trim().as_bytes());
    let first = c.digits();
    let (date, other, order) = if first.len() == 8 {
        let n = |r: std::ops::Range<usize>| num(&first[r]);
        (ymd(n(0..4)?, n(4..6)?, n(6..8)?)?, None, None)
    } else {
        let sep = c.one_of(b"-/.")?;
        let second = c.digits();
        c.eat(sep).then_some(())?;
        let third = c.digits();
        let (a, b, z) = (num(first)?, num(second)?, num(third)?);
        if first.len() == 4 && (1..=2).contains(&second.len()) && (1..=2).contains(&third.len()) {
            (ymd(a, b, z)?, None, None)
        } else if third.len() == 4 && first.len() <= 2 && second.len() <= 2 {
            match (ymd(z, b, a), ymd(z, a, b)) {
                (Some(uk), Some(us)) if uk != us => (uk, Some(us), None),
                (Some(uk), Some(_)) => (uk, None, None),
                (Some(uk), None) => (uk, None, Some("day first, as in the UK")),
                (None, Some(us)) => (us, None, Some("month first, as in the US")),
                (None, None) => return None,
            }
        } else {
            return None;
        }
    };
    let mut reading = Reading {
        date,
        other,
        order,
        time: None,
        offset: None,
    };
    let spaced = c.spaces();
    if c.0.is_empty() {
        return Some(reading);
    }
    if !c.eat(b'T') && !c.eat(b't') && !spaced {
        return None;
    }
    reading.time = Some(c.time()?);
    c.spaces();
    if !c.0.is_empty() {
        reading.offset = Some(c.zone()?);
    }
    c.spaces();
    c.0.is_empty().then_some(reading)
}

fn ymd(year: u32, month: u32, day: u32) -> Option<Date> {
    Date::new(
        i64::from(year),
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

fn num(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    Some(digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// What is left to read.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn digits(&mut self) -> &'a [u8] {
        let n = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        let (digits, rest) = self.0.split_at(n);
        self.0 = rest;
        digits
    }

    fn eat(&mut self, byte: u8) -> bool {
        let ate = self.0.first() == Some(&byte);
        if ate {
            self.0 = &self.0[1..];
        }
        ate
    }

    fn one_of(&mut self, bytes: &[u8]) -> Option<u8> {
        let b = *self.0.first().filter(|b| bytes.contains(b))?;
        self.0 = &self.0[1..];
        Some(b)
    }

    fn spaces(&mut self) -> bool {
        let n = self.0.iter().take_while(|b| **b == b' ').count();
        self.0 = &self.0[n..];
        n > 0
    }

    fn time(&mut self) -> Option<(u8, u8, u8, u32)> {
        let hour = self.digits();
        let (hour, minute, second) = if hour.len() >= 4 && !self.0.starts_with(b":") {
            // Basic format: HHMM or HHMMSS.
            match hour.len() {
                4 => (num(&hour[..2])?, num(&hour[2..])?, 0),
                6 => (num(&hour[..2])?, num(&hour[2..4])?, num(&hour[4..])?),
                _ => return None,
            }
        } else {
            (hour.len() <= 2).then_some(())?;
            self.eat(b':').then_some(())?;
            let minute = self.digits();
            (minute.len() == 2).then_some(())?;
            let second = if self.eat(b':') {
                let s = self.digits();
                (s.len() == 2).then_some(())?;
                num(s)?
            } else {
                0
            };
            (num(hour)?, num(minute)?, second)
        };
        let mut nanos = 0;
        if self.one_of(b".,").is_some() {
            let fraction = self.digits();
            let mut scale = 100_000_000;
            for d in fraction.iter().take(9) {
                nanos += u32::from(d - b'0') * scale;
                scale /= 10;
            }
            (!fraction.is_empty()).then_some(())?;
        }
        (hour < 24 && minute < 60 && second < 60).then_some(())?;
        Some((
            u8::try_from(hour).ok()?,
            u8::try_from(minute).ok()?,
            u8::try_from(second).ok()?,
            nanos,
        ))
    }

    fn zone(&mut self) -> Option<i32> {
        for utc in [&b"Z"[..], b"UTC", b"GMT"] {
            if self.0.len() >= utc.len() && self.0[..utc.len()].eq_ignore_ascii_case(utc) {
                self.0 = &self.0[utc.len()..];
                return Some(0);
            }
        }
        let sign = match self.one_of(b"+-")? {
            b'-' => -1,
            _ => 1,
        };
        let digits = self.digits();
        let (hours, minutes) = match digits.len() {
            2 if self.eat(b':') => {
                let m = self.digits();
                (m.len() == 2).then_some(())?;
                (num(digits)?, num(m)?)
            }
            2 => (num(digits)?, 0),
            4 => (num(&digits[..2])?, num(&digits[2..])?),
            _ => return None,
        };
        (hours < 24 && minutes < 60).then_some(())?;
        Some(sign * i32::try_from(hours * 3600 + minutes * 60).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Context;
    use crate::error::ErrorMeta;

    /// The bit-parallel distance is the table's, on the event types against each other and
    /// on many generated strings (swaps, case, repeats, lengths up to 64).
    #[test]
    fn the_bit_parallel_distance_is_the_tables() {
        let names: Vec<String> = EVENT_TYPES.iter().map(|i| i.name.to_owned()).collect();
        let mut words: Vec<String> = names.clone();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..400 {
            let len = (next() % 65) as usize;
            let alphabet = if next() % 2 == 0 {
                &b"abAB_"[..]
            } else {
                &b"moveAcptJurnyCl"[..]
            };
            words.push(
                (0..len)
                    .map(|_| char::from(alphabet[(next() % alphabet.len() as u64) as usize]))
                    .collect(),
            );
        }
        for (i, a) in words.iter().enumerate() {
            let mut pattern = BitPattern::EMPTY;
            if !pattern.set(a.as_bytes()) {
                assert!(a.is_empty());
                continue;
            }
            assert_eq!(pattern.bound("é".as_bytes(), None, 5), None);
            for b in words.iter().skip(i % 7).step_by(7).chain(&names) {
                let table = alignment(a.as_bytes(), b.as_bytes(), usize::MAX - 1, &mut Vec::new());
                assert_eq!(pattern.distance(b.as_bytes(), 200), table, "{a:?} {b:?}");
                for limit in [0, 1, 2, 5, 32] {
                    assert_eq!(
                        pattern.distance(b.as_bytes(), limit),
                        table.min(limit + 1),
                        "{a:?} {b:?} {limit}"
                    );
                }
                // A bound, the same whether `b`'s counts are given or counted on the way.
                let counts = counts_of(b.as_bytes());
                let bound = pattern.bound(b.as_bytes(), None, 200);
                assert!(bound.is_some_and(|d| d <= table), "{a:?} {b:?}");
                assert_eq!(pattern.bound(b.as_bytes(), Some(&counts), 200), bound);
                for limit in [0, 2, 5] {
                    let near = pattern.bound(b.as_bytes(), None, limit);
                    assert!(near.is_some_and(|d| d <= table), "{a:?} {b:?} {limit}");
                    assert_eq!(pattern.bound(b.as_bytes(), Some(&counts), limit), near);
                }
            }
        }
    }

    /// The event types' own path (`event_type_fix`) compares a folded value with each name by
    /// length and ASCII case: right only while no postable name has a space, `-` or `_` or a
    /// byte outside ASCII, which would fold away or differently. It gives `variant_of`'s answer
    /// and `nearest`'s suggestions.
    #[test]
    fn event_type_names_fold_to_themselves_lower_cased() {
        let EventTypeNames { names, counts } = event_type_names();
        assert_eq!(
            names.len(),
            EVENT_TYPES.iter().filter(|i| i.postable()).count()
        );
        assert_eq!(counts.len(), names.len());
        for (name, counted) in names.iter().zip(counts) {
            assert!(name.bytes().all(|b| b.is_ascii_alphanumeric()), "{name}");
            assert!(name.len() <= 255, "{name}: longer than its counts hold");
            assert_eq!(folded_value(name), name.to_ascii_lowercase());
            assert_eq!(*counted, counts_of(name.as_bytes()));
        }
        let plain = || names.iter().map(AsRef::as_ref);
        let arena = Arena::new();
        for sent in [
            "movecancel",
            "MOVE_CANCEL",
            " move-cancel ",
            "MoveCancel",
            "MoveCancelX",
            "journy cancel",
            "PerGeneric",
            "xyz",
        ] {
            assert_eq!(
                event_type_variant(sent),
                variant_of(sent, plain()),
                "{sent}"
            );
            assert_eq!(
                ranked(sent, names, counts, NEAREST_EVENT_TYPES, false, &arena),
                nearest(sent, names, NEAREST_EVENT_TYPES, false, &arena),
                "{sent}"
            );
        }
    }

    /// `variant_of` reads a name as bytes when its trimmed ends are ASCII; the answers are
    /// those of the char reading.
    #[test]
    fn variants_read_as_bytes_are_the_char_readings() {
        fn by_chars<'a>(value: &str, allowed: &[&'a str]) -> Option<&'a str> {
            let folded = |s: &str| -> String {
                s.trim()
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '-' | '_'))
                    .map(|c| c.to_ascii_lowercase())
                    .collect()
            };
            let mut found = allowed
                .iter()
                .filter(|a| **a != value && folded(a) == folded(value));
            let first = found.next()?;
            found.next().is_none().then_some(*first)
        }
        let allowed = [
            "MoveAccept",
            " journey_cancel ",
            "\u{b}prison-transfer\u{c}",
            "made in error",
            "Café",
            "a\u{85}",
            "x\u{1c}",
            "\u{a0}Lodging\u{2003}",
            "Ünï_Code",
            "x-Ünï y",
        ];
        for value in [
            "moveaccept",
            "MOVE_ACCEPT",
            "JourneyCancel",
            "PrisonTransfer",
            " prison transfer\t",
            "madeinerror",
            "café",
            "CAFÉ",
            "A",
            "a\u{85}",
            "x",
            "x\u{1c}",
            "lodging",
            "\u{a0}lodging",
            "ünïcode",
            "ÜNÏCODE",
            "xÜnïy",
            "xünïy",
            "",
            "   ",
        ] {
            assert_eq!(
                variant_of(value, allowed),
                by_chars(value, &allowed),
                "{value:?}"
            );
        }
    }

    #[test]
    fn the_bag_distance_never_exceeds_the_distance() {
        let names: Vec<&str> = EVENT_TYPES.iter().map(|i| i.name).collect();
        for a in &names {
            for b in names.iter().chain(&["moveaccept", "MoveAcceptX", "", "x"]) {
                assert!(
                    bag_distance(a.as_bytes(), b.as_bytes()) <= distance(a, b),
                    "{a} {b}"
                );
            }
        }
    }

    /// `nearest` measures best first and stops counting a distance at the last ranked one; the
    /// ranking is the one a full count gives (nearest first, ties in the list's order), for
    /// names counted once (the event types' path) or on the way, any `keep`, with `far` or not.
    #[test]
    fn nearest_ranks_as_a_full_count_would() {
        let names: Vec<&str> = EVENT_TYPES.iter().map(|i| i.name).collect();
        let counted = event_type_names();
        let listed: Vec<Cow<'static, str>> = names.iter().map(|n| Cow::Borrowed(*n)).collect();
        let arena = Arena::new();
        let nearest =
            |value: &str, keep: usize, far: bool| nearest(value, &listed, keep, far, &arena);
        let mut values: Vec<String> = [
            "MoveAcceptX",
            "moveacept",
            "JourneyStrat",
            "PerMoveTreat",
            "Lodging",
            "Move",
            "xyz",
            "MoveCancelled",
            "JOURNEYCOMPLETE",
            "PersonMoveUsedForce",
            "é",
            "Journéy",
            "ab",
            "",
            "x",
        ]
        .map(String::from)
        .to_vec();
        // Slips of the keyboard in every name: one byte dropped, doubled, changed, or two
        // swapped, at a place that moves along the name.
        for (i, name) in names.iter().enumerate() {
            let mut bytes = name.as_bytes().to_vec();
            let (len, at) = (bytes.len(), i * 7 % bytes.len());
            let byte = bytes[at];
            match i % 4 {
                0 => drop(bytes.remove(at)),
                1 => bytes.insert(at, byte),
                2 => bytes[at] = b'q',
                _ => bytes.swap(at, (at + 1) % len),
            }
            values.push(String::from_utf8(bytes).unwrap_or_default());
        }
        for value in &values {
            let value = value.as_str();
            let reach = (value.chars().count() / 2).max(2);
            let mut all: Vec<(usize, usize, &str)> = names
                .iter()
                .enumerate()
                .map(|(i, n)| (distance(value, n).min(reach + 1), i, *n))
                .collect();
            all.sort();
            // The first `keep` names of the full count that `kept` keeps.
            let first = |keep: usize, kept: &dyn Fn(usize, &str) -> bool| -> Vec<String> {
                all.iter()
                    .filter(|(d, _, n)| kept(*d, n))
                    .take(keep)
                    .map(|(_, _, n)| (*n).to_owned())
                    .collect()
            };
            for keep in [1, 3, 8] {
                let within = first(keep, &|d, _| d <= reach);
                assert_eq!(nearest(value, keep, false), within, "{value} {keep}");
                // With `far`, the others follow in the list's order.
                let all = first(keep, &|_, _| true);
                assert_eq!(nearest(value, keep, true), all, "{value} {keep}");
            }
            // The postable names, counted once, as `event_type_fix` ranks them.
            let expected = first(NEAREST_EVENT_TYPES, &|d, n| {
                d <= reach && counted.names.iter().any(|c| c == n)
            });
            assert_eq!(
                ranked(
                    value,
                    &counted.names,
                    &counted.counts,
                    NEAREST_EVENT_TYPES,
                    false,
                    &arena
                ),
                expected,
                "{value}"
            );
        }
    }

    fn errors_of(request: &Request) -> Vec<ApiError> {
        crate::validate_request(request, &Context::empty()).errors
    }

    fn event(attributes: &str) -> Request {
        let body = format!(
            r#"{{"data": {{"type": "events", "attributes": {attributes},
              "relationships": {{"eventable": {{"data": {{"type": "journeys",
                "id": "ed0ec488-2875-45bb-9594-4b4bb7fa8cb3"}}}}}}}}}}"#
        );
        Request::new("POST", "/api/events")
            .with_standard_headers()
            .body(body.into_bytes())
    }

    /// A refusal's fixes of values in the body are made when first read, from a copy of the
    /// body its errors share: a clone made before shares it, a verdict sent to another thread
    /// makes them there, and they are the fixes made at once. A fix of a header is made at
    /// once.
    #[test]
    fn fixes_of_the_body_are_made_when_first_read() {
        fn sendable<T: Send>(_: &T) {}
        let request = event(
            r#"{"event_type": "JourneyCancell", "occurred_at": "03/12/2020 10:50",
              "recorded_at": "2020-12-03T10:50:31+00:00", "notes": "x"}"#,
        );
        let verdict = crate::validate_request(&request, &Context::empty());
        let deferred: Vec<(&str, Option<usize>)> = verdict
            .errors
            .iter()
            .map(|e| (&*e.code, e.meta.fix.deferred_index()))
            .collect();
        assert_eq!(
            deferred,
            [
                (codes::INVALID_DATETIME, Some(0)),
                (codes::INVALID_EVENT_TYPE, Some(1))
            ]
        );
        let clone = verdict.errors.clone();
        sendable(&verdict);
        let there = std::thread::spawn(move || verdict.to_json()).join();
        let there = there.unwrap_or_default();
        assert_eq!(
            fix_at(&clone, codes::INVALID_EVENT_TYPE).suggestions[0],
            "JourneyCancel"
        );
        assert!(there.contains("JourneyCancel\""), "{there}");
        assert!(there.contains("2020-12-03T10:50:00+00:00"), "{there}");
        let mut attached = crate::validate_request_unfixed(&request, &Context::empty());
        crate::attach_fixes(&mut attached, &request);
        assert_eq!(attached.errors, clone);

        let mut header = request.clone();
        header.headers.retain(|(name, _)| name != "Content-Type");
        header
            .headers
            .push(("Content-Type".into(), "text/plain".into()));
        let errors = errors_of(&header);
        let fix = fix_at(&errors, codes::UNSUPPORTED_MEDIA_TYPE);
        assert!(fix.edit.is_some());
        assert!(errors.iter().all(|e| e.meta.fix.deferred_index().is_none()));
    }

    /// A refusal none of whose errors may have a fix of a value in the body keeps no copy of
    /// it (a body too large to read is not copied).
    #[test]
    fn a_refusal_without_such_fixes_keeps_no_body() {
        let large = Request::new("POST", "/api/events")
            .with_standard_headers()
            .body(vec![b' '; crate::json::MAX_BODY_BYTES + 1]);
        let verdict = crate::validate_request(&large, &Context::empty());
        assert!(!verdict.valid);
        assert!(
            verdict
                .errors
                .iter()
                .all(|e| e.meta.fix.deferred_index().is_none()),
            "{:?}",
            verdict.errors
        );
    }

    fn fix_at<'e>(errors: &'e [ApiError], code: &str) -> &'e Fix {
        let e = errors
            .iter()
            .find(|e| e.code == code)
            .unwrap_or_else(|| panic!("no {code} in {errors:?}"));
        e.meta
            .fix
            .as_ref()
            .unwrap_or_else(|| panic!("no fix on {e:?}"))
    }

    #[test]
    fn distance_counts_edits_and_swaps() {
        for (a, b, d) in [
            ("", "", 0),
            ("abc", "", 3),
            ("", "abc", 3),
            ("JourneyCancel", "journeycancel", 0),
            ("JourneyCancle", "JourneyCancel", 1),
            ("kitten", "sitting", 3),
            ("ca", "abc", 3),
            ("MoveAccept", "MoveAcept", 1),
        ] {
            assert_eq!(distance(a, b), d, "{a} {b}");
            assert_eq!(distance(b, a), d, "{b} {a}");
        }
    }

    #[test]
    fn a_distance_within_a_limit_is_the_distance_up_to_it() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "cab",
            "abcd",
            "badc",
            "MoveAccept",
            "moveacept",
            "MoveCancel",
            "JourneyCancel",
            "journeycancle",
            "made_in_error",
            "mde_in_eror",
            "é",
            "éa",
        ];
        for a in words {
            for b in words {
                let d = distance(a, b);
                for limit in 0..6 {
                    assert_eq!(
                        distance_within(a, b, limit, &mut Vec::new()),
                        d.min(limit + 1),
                        "{a} {b} {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn dates_read_only_when_unambiguous() {
        let date = |s: &str| {
            read_date_time(s).map(|r| (r.date.to_string(), r.other.map(|d| d.to_string())))
        };
        assert_eq!(date("14/08/2027"), Some(("2027-08-14".into(), None)));
        assert_eq!(date("08/14/2027"), Some(("2027-08-14".into(), None)));
        assert_eq!(
            date("03/04/2027"),
            Some(("2027-04-03".into(), Some("2027-03-04".into())))
        );
        assert_eq!(date("05.05.2027"), Some(("2027-05-05".into(), None)));
        assert_eq!(date("2027/8/14"), Some(("2027-08-14".into(), None)));
        assert_eq!(date("20270814"), Some(("2027-08-14".into(), None)));
        for bad in [
            "2027-02-30",
            "14/08/27",
            "2027-08",
            "",
            "abc",
            "32/01/2027",
            "2027/08-14",
            "14/08/2027 25:00",
        ] {
            assert_eq!(read_date_time(bad), None, "{bad}");
        }
        let r = read_date_time("2020-12-03 10:50:31 +0000").unwrap_or_else(|| panic!());
        assert_eq!((r.time, r.offset), (Some((10, 50, 31, 0)), Some(0)));
        let r = read_date_time(" 2020-12-03t10:50:31,5 -01:30 ").unwrap_or_else(|| panic!());
        assert_eq!(
            (r.time, r.offset),
            (Some((10, 50, 31, 500_000_000)), Some(-5400))
        );
        let r = read_date_time("20201203T1050").unwrap_or_else(|| panic!());
        assert_eq!((r.time, r.offset), (Some((10, 50, 0, 0)), None));
    }

    #[test]
    fn a_time_without_a_zone_gets_londons_offset() {
        let errors = errors_of(&event(
            r#"{"event_type": "JourneyCancel", "occurred_at": "2020-07-03 10:50:31",
               "recorded_at": "03/12/2020 10:50 UTC"}"#,
        ));
        let summer = fix_at(&errors, "invalid_datetime");
        let edit = summer.edit.as_ref().unwrap_or_else(|| panic!());
        assert_eq!(edit.value, "2020-07-03T10:50:31+01:00");
        assert_eq!(
            edit.source.pointer.as_deref(),
            Some("/data/attributes/occurred_at")
        );
        assert!(
            summer.description.contains("British Summer Time"),
            "{}",
            summer.description
        );
        // The second reads two ways: a person chooses.
        let recorded = errors
            .iter()
            .filter(|e| e.code == "invalid_datetime")
            .nth(1)
            .and_then(|e| e.meta.fix.as_ref())
            .unwrap_or_else(|| panic!());
        assert_eq!(recorded.edit, None);
        assert_eq!(
            recorded.suggestions,
            ["2020-12-03T10:50:00+00:00", "2020-03-12T10:50:00+00:00"]
        );
        let winter = errors_of(&event(
            r#"{"event_type": "JourneyCancel", "occurred_at": "2020-12-03T10:50:31+00:00",
               "recorded_at": "25/12/2020 09:00"}"#,
        ));
        let fix = fix_at(&winter, "invalid_datetime");
        assert_eq!(
            fix.edit.as_ref().map(|e| e.value.clone()),
            Some(Value::from("2020-12-25T09:00:00+00:00"))
        );
        assert!(fix.description.contains("day first"), "{}", fix.description);
        assert!(fix.description.contains("Greenwich"), "{}", fix.description);
    }

    #[test]
    fn unknown_event_types_get_the_nearest() {
        let errors = errors_of(&event(
            r#"{"event_type": "JourneyCancle", "occurred_at": "2020-12-03T10:50:31+00:00",
               "recorded_at": "2020-12-03T10:50:31+00:00"}"#,
        ));
        let fix = fix_at(&errors, "invalid_event_type");
        assert_eq!(fix.edit, None);
        assert_eq!(fix.suggestions.len(), NEAREST_EVENT_TYPES);
        assert_eq!(fix.suggestions[0], "JourneyCancel");
        let errors = errors_of(&event(
            r#"{"event_type": "journey_cancel", "occurred_at": "2020-12-03T10:50:31+00:00",
               "recorded_at": "2020-12-03T10:50:31+00:00"}"#,
        ));
        let fix = fix_at(&errors, "invalid_event_type");
        assert_eq!(
            fix.edit.as_ref().map(|e| e.value.clone()),
            Some(Value::from("JourneyCancel"))
        );
    }

    #[test]
    fn wrong_eventable_types_get_the_allowed_ones() {
        let body = |eventable: &str| {
            format!(
                r#"{{"data": {{"type": "events", "attributes": {{"event_type": "MoveAccept",
                  "occurred_at": "2020-12-03T10:50:31+00:00",
                  "recorded_at": "2020-12-03T10:50:31+00:00"}},
                  "relationships": {{"eventable": {{"data": {{"type": "{eventable}",
                    "id": "ed0ec488-2875-45bb-9594-4b4bb7fa8cb3"}}}}}}}}}}"#
            )
        };
        let request = |eventable: &str| {
            Request::new("POST", "/api/events")
                .with_standard_headers()
                .body(body(eventable).into_bytes())
        };
        let errors = errors_of(&request("journeys"));
        let fix = fix_at(&errors, "inclusion");
        assert_eq!(fix.edit, None);
        assert_eq!(fix.suggestions, ["moves"]);
        assert_eq!(
            fix.description,
            "MoveAccept is about `moves`: set the eventable's type and id to the record it is about."
        );
        // Unknown to the event type's table: every postable type, in one sentence.
        let unknown = Request::new("POST", "/api/events")
            .with_standard_headers()
            .body(
                body("mvoes")
                    .replace("MoveAccept", "MoveAcceptX")
                    .into_bytes(),
            );
        let errors = errors_of(&unknown);
        let fix = fix_at(&errors, "invalid_eventable_type");
        assert_eq!(
            fix.description,
            "An event is about `moves`, `people`, `person_escort_records`, `profiles` or \
             `journeys`: set the eventable's type and id to the record it is about."
        );
        let errors = errors_of(&request("mvoes"));
        let fix = fix_at(&errors, "invalid_eventable_type");
        assert_eq!(
            (fix.edit.as_ref(), fix.suggestions.as_slice()),
            (None, &[Cow::Borrowed("moves")][..])
        );
        let errors = errors_of(&request("Moves"));
        let fix = fix_at(&errors, "invalid_eventable_type");
        assert_eq!(
            fix.edit.as_ref().map(|e| e.value.clone()),
            Some(Value::from("moves"))
        );
    }

    #[test]
    fn enums_get_a_variant_or_the_values_nearest_first() {
        let allowed = ErrorMeta::allowed_values(&["male", "female", "other"]);
        let at = ErrorSource::pointer("/data/attributes/gender");
        let arena = Arena::new();
        let choice_fix =
            |value, allowed, at, member| choice_fix(value, allowed, at, member, &arena);
        let fix = choice_fix(Some(&Json::String(" Male ")), &allowed, &at, true)
            .unwrap_or_else(|| panic!());
        assert_eq!(fix.edit.map(|e| e.value), Some(Value::from("male")));
        let fix = choice_fix(Some(&Json::String("femal")), &allowed, &at, true)
            .unwrap_or_else(|| panic!());
        assert_eq!(
            (fix.edit, fix.suggestions),
            (None, vec!["female".into(), "male".into(), "other".into()])
        );
        let fix = choice_fix(None, &allowed[..1], &at, true).unwrap_or_else(|| panic!());
        assert_eq!(fix.edit.map(|e| e.value), Some(Value::from("male")));
        let booleans = ErrorMeta::allowed_values(&["true", "false"]);
        let fix = choice_fix(Some(&Json::String("True")), &booleans, &at, true)
            .unwrap_or_else(|| panic!());
        assert_eq!(fix.edit.map(|e| e.value), Some(Value::Bool(true)));
        let fix = choice_fix(
            Some(&Json::parse(b"3", &arena).unwrap_or(Json::Null)),
            &allowed,
            &at,
            true,
        )
        .unwrap_or_else(|| panic!());
        assert_eq!(fix.suggestions, allowed);
    }

    #[test]
    fn inclusions_of_the_endpoints_list_their_values() {
        // An action's type: a case variant is edited, to the list the check reads.
        let action = |body: &str| {
            Request::new(
                "POST",
                "/api/moves/ed0ec488-2875-45bb-9594-4b4bb7fa8cb3/cancel",
            )
            .with_standard_headers()
            .header("Idempotency-Key", "8a3a4c3e-2a8f-4d3c-9a0b-0c1d2e3f4a5b")
            .body(body.as_bytes().to_vec())
        };
        let errors = errors_of(&action(r#"{"data": {"type": "Cancels"}}"#));
        let fix = fix_at(&errors, "inclusion");
        assert_eq!(
            fix.edit.as_ref().map(|e| e.value.clone()),
            Some(Value::from("cancels"))
        );
        // The move's reason: the nearest allowed value first.
        let errors = errors_of(&action(
            r#"{"data": {"type": "cancels", "attributes": {"cancellation_reason": "made_in_eror"}}}"#,
        ));
        let fix = fix_at(&errors, "inclusion");
        assert_eq!(fix.suggestions[0], "made_in_error");
        // A list's sort direction: both values, nearest first.
        let request = Request::new(
            "GET",
            "/api/moves?sort%5Bby%5D=date&sort%5Bdirection%5D=dessc",
        )
        .with_standard_headers();
        let fix = fix_at(&errors_of(&request), "inclusion").clone();
        assert_eq!(
            (fix.edit, fix.suggestions),
            (None, vec!["desc".into(), "asc".into()])
        );
        // `billable` as a string: the JSON boolean.
        let request = Request::new(
            "POST",
            "/api/moves/ed0ec488-2875-45bb-9594-4b4bb7fa8cb3/journeys",
        )
        .with_standard_headers()
        .body(br#"{"data": {"type": "journeys", "attributes": {"billable": "TRUE"}}}"#.to_vec());
        let fix = fix_at(&errors_of(&request), "inclusion").clone();
        assert_eq!(fix.edit.map(|e| e.value), Some(Value::Bool(true)));
    }

    #[test]
    fn rails_own_refusals_get_their_fixes() {
        let accept = |accept: &str| {
            let request = Request::new("GET", "/api/moves")
                .header("Authorization", "Bearer t")
                .header("Accept", accept);
            fix_at(&errors_of(&request), "invalid_accept")
                .clone()
                .edit
                .map(|e| e.value)
        };
        assert_eq!(accept("json"), Some(Value::from(JSON_API)));
        assert_eq!(accept("json; version=2"), Some(Value::from(ACCEPT_V2)));
        // A `%` meant as itself: the value as sent, which `edit::apply` encodes.
        let mut request = Request::new("GET", "/api/moves?filter%5Breference%5D=100%&x=%41")
            .with_standard_headers();
        let edit = fix_at(&errors_of(&request), "unreadable_parameters")
            .edit
            .clone()
            .unwrap_or_else(|| panic!());
        assert_eq!(edit.value, Value::from("100%"));
        crate::edit::apply(&mut request, &edit).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            request.path,
            "/api/moves?filter%5Breference%5D=100%25&x=%41"
        );
        assert!(crate::validate_request(&request, &Context::empty()).valid);
        // A value that is not UTF-8: which one was meant is the caller's.
        let request =
            Request::new("GET", "/api/moves?filter%5Breference%5D=%FF").with_standard_headers();
        let errors = errors_of(&request);
        assert_eq!(errors[0].code, "unreadable_parameters");
        assert!(errors[0].meta.fix.is_none(), "{errors:?}");
    }

    #[test]
    fn headers_get_the_right_value() {
        let request = Request::new("POST", "/api/events")
            .header("Authorization", "Bearer t")
            .header("Content-Type", "text/plain")
            .body(b"{}".to_vec());
        let fix = fix_at(&errors_of(&request), "unsupported_media_type").clone();
        let edit = fix.edit.unwrap_or_else(|| panic!());
        assert_eq!(
            (edit.source.header.as_deref(), edit.value),
            (Some("Content-Type"), Value::from(JSON_API))
        );
        let request = Request::new("GET", "/api/moves")
            .header("Authorization", "Bearer t")
            .header("Accept", "application/vnd.api+json; version=3");
        let fix = fix_at(&errors_of(&request), "unsupported_version").clone();
        assert_eq!(fix.edit.map(|e| e.value), Some(Value::from(ACCEPT_V2)));
        // A document upload sent as JSON:API: the body must become multipart, so no edit.
        let request = Request::new("POST", "/api/documents")
            .with_standard_headers()
            .body(b"{}".to_vec());
        let errors = errors_of(&request);
        assert_eq!(errors[0].code, "unsupported_media_type");
        assert_eq!(errors[0].detail, "Content-Type must be multipart/form-data");
        assert!(errors[0].meta.fix.is_none(), "{errors:?}");
    }

    #[test]
    fn a_missing_key_gets_a_uuid_of_the_request() {
        let request = Request::new("POST", "/api/moves/m/accept")
            .with_standard_headers()
            .body(br#"{"data": {"type": "accepts", "attributes": {}}}"#.to_vec());
        let key = fresh_key(&request);
        assert!(crate::is_idempotency_key(&key), "{key}");
        assert_eq!(&key[14..15], "4");
        assert!("89ab".contains(&key[19..20]), "{key}");
        assert_eq!(key, fresh_key(&request.clone()));
        assert_ne!(key, fresh_key(&request.clone().body(b"{}".to_vec())));
    }

    #[test]
    fn accepted_requests_carry_no_fix() {
        let v = crate::validate_request(
            &event(
                r#"{"event_type": "JourneyCancel", "occurred_at": "2020-12-03T10:50:31+00:00",
                   "recorded_at": "2020-12-03T10:50:31+00:00"}"#,
            ),
            &Context::empty(),
        );
        assert!(v.valid);
        assert!(v.errors.is_empty());
    }
}
