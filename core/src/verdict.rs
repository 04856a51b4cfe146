//! What the API would answer to a request, and what it would change.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{ApiError, ApiErrorObject, ErrorSource};

mod text;
use crate::events::EventType;
use crate::state::Machine;

/// Something the API accepts but ignores or treats differently from what the caller may
/// expect: a dropped details key, a deprecated event type, an event that changes nothing.
///
/// It holds a typed [`WarningKind`]; its sentence is rendered only when read ([`Warning::detail`],
/// serialisation), never while validating. Its JSON form is `{code, detail, source}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    kind: WarningKind,
    /// Where in the request.
    pub source: ErrorSource,
}

impl Warning {
    /// A warning of `kind` at `source`.
    pub fn new(kind: WarningKind, source: ErrorSource) -> Self {
        Warning { kind, source }
    }

    /// `data.type` of an action's body does not name the action at `/moves/:id/<path>` or
    /// `/journeys/:id/<path>`: the API ignores it and creates `event` anyway.
    pub fn action_type_mismatch(value: &str, path: &'static str, event: EventType) -> Self {
        Warning::new(
            WarningKind::ActionTypeMismatch {
                value: value.to_owned(),
                path,
                event,
            },
            ErrorSource::pointer("/data/type"),
        )
    }

    /// What the warning is about, typed.
    pub fn kind(&self) -> &WarningKind {
        &self.kind
    }

    /// Stable snake_case code (see [`warning_codes`]).
    pub fn code(&self) -> &str {
        self.kind.code()
    }

    /// What happens, in plain words (rendered now).
    pub fn detail(&self) -> String {
        self.kind.to_string()
    }
}

/// What a [`Warning`] is about, with the names and values it concerns. `Display` renders its
/// sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningKind {
    /// The endpoint ignores `Idempotency-Key`; `consequence` says what a retry does.
    IgnoredIdempotencyKey {
        /// What a retry does.
        consequence: &'static str,
    },
    /// A create does not permit this attribute and drops it.
    UnpermittedOnCreate {
        /// The attribute's key.
        key: String,
    },
    /// `created_by` on an event: the API takes it from the caller instead.
    EventCreatedBy,
    /// An attribute `POST /api/events` does not permit.
    EventAttribute {
        /// The attribute's key.
        key: String,
    },
    /// `notes` that is not a scalar.
    NotesNotScalar {
        /// The JSON type sent.
        json_type: &'static str,
    },
    /// `data.type` other than `events`.
    EventDataType {
        /// The type sent.
        value: String,
    },
    /// The API stores the event type under another name.
    Remapped {
        /// The event type sent.
        event_type: EventType,
        /// The name it is stored as.
        stored_as: &'static str,
    },
    /// A deprecated event type.
    Deprecated {
        /// The event type sent.
        event_type: EventType,
        /// Why, and what to send instead.
        why: &'static str,
    },
    /// A details key the event type does not keep.
    DroppedDetail {
        /// The event type sent.
        event_type: EventType,
        /// The dropped key.
        key: String,
    },
    /// `details` that is not an object.
    DroppedDetails {
        /// The JSON type sent.
        json_type: &'static str,
    },
    /// A relationship the event type does not use.
    UnusedRelationship {
        /// The event type sent.
        event_type: EventType,
        /// The relationship's name.
        name: String,
    },
    /// A method with lower-case letters that `fetch()` sends as written (`patch`).
    MethodCase {
        /// The method as given.
        method: String,
    },
    /// `rebook` sent as a string.
    TruthyRebook {
        /// The string sent.
        value: String,
    },
    /// Accepted, but the state machine ignores it.
    NoChange {
        /// Why nothing changes.
        reason: String,
    },
    /// The event occurs before (or after) a stored event it should follow (precede).
    OutOfOrder {
        /// The event type sent (its name).
        event_type: &'static str,
        /// Whether it occurs before the stored one (else after).
        before: bool,
        /// The stored event's type.
        stored_type: String,
        /// The stored event's `occurred_at`.
        stored_at: String,
    },
    /// More errors of one code than a verdict lists ([`MAX_ERRORS_PER_CODE`]).
    ErrorsTruncated {
        /// The errors' code.
        code: String,
        /// How many were cut.
        cut: usize,
    },
    /// More warnings of one code than a verdict lists ([`MAX_WARNINGS_PER_CODE`]).
    WarningsTruncated {
        /// The warnings' code.
        code: String,
        /// How many were cut.
        cut: usize,
    },
    /// A filter the endpoint does not have.
    UnknownFilter {
        /// The filter's name.
        name: String,
        /// Named as the query parameter `filter[<name>]` (else `filter <name>`).
        bracketed: bool,
    },
    /// A filter given as a list or an object, which `permit` drops.
    FilterDropped {
        /// The filter's name.
        name: String,
        /// Named as the query parameter `filter[<name>]` (else `filter <name>`).
        bracketed: bool,
    },
    /// A boolean filter that is neither `true` nor `false`.
    FilterNotBoolean {
        /// The filter's name.
        name: String,
        /// The value sent.
        value: String,
        /// Named as the query parameter `filter[<name>]` (else `filter <name>`).
        bracketed: bool,
    },
    /// An attribute the endpoint does not permit.
    NotPermittedHere {
        /// The attribute's key.
        key: String,
    },
    /// A move's location relationship sent to `PATCH`.
    MoveLocationFixed {
        /// `from_location` or `to_location`.
        name: &'static str,
    },
    /// A journey's location relationship sent to its update.
    JourneyLocationFixed {
        /// `from_location` or `to_location`.
        name: &'static str,
    },
    /// An attribute a move action (`/cancel`, `/reject`, …) does not permit.
    ActionDoesNotPermit {
        /// The action's path.
        path: &'static str,
        /// The attribute's key.
        key: String,
    },
    /// An attribute a journey action does not keep.
    ActionDoesNotKeep {
        /// The action's path.
        path: &'static str,
        /// The attribute's key.
        key: String,
    },
    /// `data.type` of an action that does not match its path.
    ActionTypeMismatch {
        /// The type sent.
        value: String,
        /// The action's path.
        path: &'static str,
        /// The event the action creates.
        event: EventType,
    },
    /// An allocation update's attribute other than `date` and `date_changed_reason`.
    AllocationAttributeFixed {
        /// The attribute's key.
        key: String,
    },
    /// A `date_of_birth` Rails cannot cast.
    UncastableDateOfBirth {
        /// The value, as Ruby prints it.
        value: String,
    },
    /// A `per_page` Kaminari's `per` ignores (below 0, or no line of it begins with a
    /// digit): the page keeps 20 records.
    PerPageIgnored {
        /// The value, as the request gave it.
        given: String,
    },
    /// A `per_page` over Kaminari's `max_per_page`: the page holds 2,000 records.
    PerPageCapped {
        /// The value, as the request gave it.
        given: String,
    },
    /// A warning whose sentence names nothing from the request: a constant, never copied.
    Static {
        /// Stable snake_case code.
        code: &'static str,
        /// The sentence.
        detail: &'static str,
    },
    /// A warning read back from JSON, its sentence already rendered (validation never builds
    /// it).
    Other {
        /// Stable snake_case code.
        code: std::borrow::Cow<'static, str>,
        /// The sentence.
        detail: String,
    },
}

impl WarningKind {
    /// Stable snake_case code (see [`warning_codes`]).
    pub fn code(&self) -> &str {
        use warning_codes as c;
        match self {
            WarningKind::IgnoredIdempotencyKey { .. } => c::IGNORED_HEADER,
            WarningKind::UnpermittedOnCreate { .. }
            | WarningKind::EventCreatedBy
            | WarningKind::EventAttribute { .. }
            | WarningKind::NotesNotScalar { .. }
            | WarningKind::EventDataType { .. } => c::IGNORED_ATTRIBUTE,
            WarningKind::Remapped { .. } => c::REMAPPED,
            WarningKind::Deprecated { .. } => c::DEPRECATED,
            WarningKind::DroppedDetail { .. } => c::DROPPED_DETAIL,
            WarningKind::DroppedDetails { .. } => c::DROPPED_DETAILS,
            WarningKind::UnusedRelationship { .. } => c::UNUSED_RELATIONSHIP,
            WarningKind::TruthyRebook { .. } => c::TRUTHY_STRING,
            WarningKind::MethodCase { .. } => c::METHOD_CASE,
            WarningKind::NoChange { .. } => c::NO_CHANGE,
            WarningKind::OutOfOrder { .. } => c::OUT_OF_ORDER,
            WarningKind::ErrorsTruncated { .. } => c::ERRORS_TRUNCATED,
            WarningKind::WarningsTruncated { .. } => c::WARNINGS_TRUNCATED,
            WarningKind::UnknownFilter { .. }
            | WarningKind::FilterDropped { .. }
            | WarningKind::FilterNotBoolean { .. }
            | WarningKind::PerPageIgnored { .. } => c::IGNORED_PARAMETER,
            WarningKind::PerPageCapped { .. } => c::CAPPED_PARAMETER,
            WarningKind::NotPermittedHere { .. }
            | WarningKind::MoveLocationFixed { .. }
            | WarningKind::JourneyLocationFixed { .. }
            | WarningKind::ActionDoesNotPermit { .. }
            | WarningKind::ActionDoesNotKeep { .. }
            | WarningKind::ActionTypeMismatch { .. }
            | WarningKind::AllocationAttributeFixed { .. }
            | WarningKind::UncastableDateOfBirth { .. } => c::IGNORED_ATTRIBUTE,
            WarningKind::Static { code, .. } => code,
            WarningKind::Other { code, .. } => code,
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::IgnoredIdempotencyKey { consequence } => {
                write!(f, "This endpoint ignores Idempotency-Key: {consequence}")
            }
            WarningKind::UnpermittedOnCreate { key } => {
                write!(f, "{key} is not permitted on create: the API drops it")
            }
            WarningKind::EventCreatedBy => f.write_str(
                "created_by is not permitted: the API takes it from X-Current-User or the token's owner",
            ),
            WarningKind::EventAttribute { key } => write!(
                f,
                "The API does not permit attribute {key} on events and drops it"
            ),
            WarningKind::NotesNotScalar { json_type } => write!(
                f,
                "notes is a JSON {json_type}: only a scalar is permitted, so the API drops it"
            ),
            WarningKind::EventDataType { value } => write!(
                f,
                "data.type is {value:?}: the API never reads it (\"events\" by convention)"
            ),
            WarningKind::Remapped {
                event_type,
                stored_as,
            } => write!(f, "The API stores {} as {stored_as}", event_type.info().name),
            WarningKind::Deprecated { event_type, why } => {
                write!(f, "{} is deprecated: {why}", event_type.info().name)
            }
            WarningKind::DroppedDetail { event_type, key } => {
                let info = event_type.info();
                let name = info.name;
                if info.fields.is_empty() {
                    write!(f, "{name} keeps no details: the API drops {key}.")?;
                } else {
                    write!(f, "{name} keeps only ")?;
                    for (i, field) in info.fields.iter().enumerate() {
                        if i > 0 {
                            f.write_str(", ")?;
                        }
                        f.write_str(field.name)?;
                    }
                    write!(f, ": the API drops {key}.")?;
                }
                if let Some(r) = key
                    .strip_suffix("_id")
                    .filter(|r| info.relationships.iter().any(|rel| rel.name == *r))
                {
                    write!(f, " Send it as the relationship {r} instead.")?;
                }
                Ok(())
            }
            WarningKind::DroppedDetails { json_type } => write!(
                f,
                "details is a JSON {json_type}, not an object: the API drops it"
            ),
            WarningKind::UnusedRelationship { event_type, name } => write!(
                f,
                "{} does not use relationship {name}: the API stores it as details.{name}_id and never reads it",
                event_type.info().name
            ),
            WarningKind::MethodCase { method } => write!(
                f,
                "The method {method:?} has lower-case letters: sent as written, Puma refuses it with a 400 and no body; fetch() upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT, so send {:?}",
                method.to_ascii_uppercase()
            ),
            WarningKind::TruthyRebook { value } => write!(
                f,
                "rebook is the string {value:?}: the API reads any string as true, so the move is rebooked"
            ),
            WarningKind::NoChange { reason } => write!(
                f,
                "The API stores the event and answers 201, but changes nothing: {reason}"
            ),
            WarningKind::OutOfOrder {
                event_type,
                before,
                stored_type,
                stored_at,
            } => write!(
                f,
                "{event_type} occurs {} the stored {stored_type} ({stored_at}); the API accepts it and only logs a warning",
                if *before { "before" } else { "after" }
            ),
            WarningKind::ErrorsTruncated { code, cut } => write!(
                f,
                "{cut} more {code} errors were cut: a verdict lists at most {MAX_ERRORS_PER_CODE} errors of one code"
            ),
            WarningKind::WarningsTruncated { code, cut } => write!(
                f,
                "{cut} more {code} warnings were cut: a verdict lists at most {MAX_WARNINGS_PER_CODE} warnings of one code"
            ),
            WarningKind::UnknownFilter { name, bracketed } => {
                filter_name(f, name, *bracketed)?;
                f.write_str(" is not a filter of this endpoint: the API drops it")
            }
            WarningKind::FilterDropped { name, bracketed } => {
                filter_name(f, name, *bracketed)?;
                f.write_str(
                    " given as a list or an object is dropped (permit keeps a string, a number, \
                     true, false or nil): the API does not filter by it; give one string, a,b",
                )
            }
            WarningKind::FilterNotBoolean {
                name,
                value,
                bracketed,
            } => {
                filter_name(f, name, *bracketed)?;
                write!(f, "={value} is neither true nor false: the API ignores it")
            }
            WarningKind::NotPermittedHere { key } => {
                write!(f, "{key} is not a permitted attribute here: the API drops it")
            }
            WarningKind::MoveLocationFixed { name } => {
                write!(f, "{name} cannot be changed by PATCH: the API ignores it")
            }
            WarningKind::JourneyLocationFixed { name } => {
                write!(f, "A journey's {name} cannot change: the API ignores it")
            }
            WarningKind::ActionDoesNotPermit { path, key } => write!(
                f,
                "/{path} does not permit {key}: the API drops it without checking it"
            ),
            WarningKind::ActionDoesNotKeep { path, key } => {
                write!(f, "/{path} does not keep {key}: the API drops it")
            }
            WarningKind::ActionTypeMismatch { value, path, event } => write!(
                f,
                "type {value:?} does not match /{path}: the API creates a {} anyway",
                event.as_str()
            ),
            WarningKind::AllocationAttributeFixed { key } => write!(
                f,
                "Only date and date_changed_reason can change: the API drops {key}"
            ),
            WarningKind::UncastableDateOfBirth { value } => write!(
                f,
                "date_of_birth {value} is not a date Rails can cast: the person is stored without one"
            ),
            WarningKind::PerPageIgnored { given } => write!(
                f,
                "per_page={given} is ignored: Kaminari's per reads only a value whose text \
                 begins with a digit and is not below 0, so the API serves {default} records a \
                 page (meta.pagination.per_page repeats {given}). Send a number from 1 to {max}",
                max = crate::kaminari::MAX_PER_PAGE,
                default = crate::kaminari::DEFAULT_PER_PAGE
            ),
            WarningKind::PerPageCapped { given } => write!(
                f,
                "per_page={given} is over the API's maximum: it serves at most {max} records a \
                 page (config/initializers/kaminari_config.rb), though meta.pagination.per_page \
                 repeats {given} and total_pages counts pages of {max}",
                max = crate::kaminari::MAX_PER_PAGE
            ),
            WarningKind::Static { detail, .. } => f.write_str(detail),
            WarningKind::Other { detail, .. } => f.write_str(detail),
        }
    }
}

/// `filter[<name>]` (the query parameter) or `filter <name>`.
fn filter_name(f: &mut fmt::Formatter<'_>, name: &str, bracketed: bool) -> fmt::Result {
    if bracketed {
        write!(f, "filter[{name}]")
    } else {
        write!(f, "filter {name}")
    }
}

/// Renders a `Display` value as a JSON string without building it first.
struct Rendered<'a, T: fmt::Display>(&'a T);

impl<T: fmt::Display> Serialize for Rendered<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Warning", 3)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("detail", &Rendered(&self.kind))?;
        s.serialize_field("source", &self.source)?;
        s.end()
    }
}

/// The JSON form of a warning or an unchecked fact, read back.
#[derive(Deserialize)]
struct Written {
    #[serde(default)]
    code: String,
    detail: String,
    source: ErrorSource,
}

impl<'de> Deserialize<'de> for Warning {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = Written::deserialize(deserializer)?;
        Ok(Warning::new(
            WarningKind::Other {
                code: w.code.into(),
                detail: w.detail,
            },
            w.source,
        ))
    }
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
    /// A parameter the API reads but bounds: `per_page` over 2,000 is served 2,000 a page.
    pub const CAPPED_PARAMETER: &str = "capped_parameter";
    /// A method with lower-case letters that `fetch()` sends as written: Puma refuses it.
    pub const METHOD_CASE: &str = "method_case";
    /// The verdict lists at most [`MAX_ERRORS_PER_CODE`](super::MAX_ERRORS_PER_CODE) errors
    /// of one code; this many more were cut.
    pub const ERRORS_TRUNCATED: &str = "errors_truncated";
    /// The verdict lists at most [`MAX_WARNINGS_PER_CODE`](super::MAX_WARNINGS_PER_CODE)
    /// warnings of one code; this many more were cut.
    pub const WARNINGS_TRUNCATED: &str = "warnings_truncated";
}

/// The most errors of one code a verdict lists. Beyond it the errors of that code are cut,
/// and a warning `errors_truncated` (no `source`) says which code and how many were cut, so
/// that no request makes a verdict many times its own size (16,000 unsupported `include`
/// paths give 100 errors and one warning).
pub const MAX_ERRORS_PER_CODE: usize = 100;

/// The most warnings of one code a verdict lists, for the same reason: beyond it they are
/// cut, and a warning `warnings_truncated` (no `source`) says which code and how many (5,000
/// unknown attributes of an event give 100 `ignored_attribute` warnings and that one).
pub const MAX_WARNINGS_PER_CODE: usize = 100;

/// A check that needed a fact the context did not have, so it did not run.
///
/// It holds a typed [`UncheckedKind`]; its sentence is rendered only when read
/// ([`Unchecked::detail`], serialisation). Its JSON form is `{detail, source}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchecked {
    kind: UncheckedKind,
    /// Where in the request.
    pub source: ErrorSource,
}

impl Unchecked {
    /// An unchecked fact of `kind` at `source`.
    pub fn new(kind: UncheckedKind, source: ErrorSource) -> Self {
        Unchecked { kind, source }
    }

    /// What was not checked, typed.
    pub fn kind(&self) -> &UncheckedKind {
        &self.kind
    }

    /// What was not checked, in plain words (rendered now).
    pub fn detail(&self) -> String {
        self.kind.to_string()
    }
}

/// What an [`Unchecked`] fact is, with the ids it concerns. `Display` renders its sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UncheckedKind {
    /// Whether a record exists (the API answers 404 if it does not).
    Exists {
        /// The record's class (`Move`, `Location`, …).
        class: &'static str,
        /// The id sent.
        id: String,
    },
    /// Whether a record named in the body exists (the API answers 422 if it does not).
    Referenced {
        /// The record's class (`Location`).
        class: &'static str,
        /// The id sent.
        id: String,
    },
    /// The record's current state or status, which decides whether a trigger changes it.
    CurrentState {
        /// The record's machine (the sentence names the record and its state's attribute).
        machine: Machine,
        /// The state machine's trigger.
        trigger: &'static str,
    },
    /// A move validation skipped: the facts do not give the members it reads.
    MoveRule {
        /// The rule, as `"<attribute> <message>"` (`date can't be blank`).
        rule: &'static str,
        /// The move's members the facts do not give.
        members: Vec<&'static str>,
    },
    /// Whether a location is active: its `disabled` is not given.
    ActiveLocation {
        /// `from_location` or `to_location`.
        attribute: &'static str,
    },
    /// A location's type, which a move type rule reads.
    LocationType {
        /// `from_location` or `to_location`.
        attribute: String,
        /// The model's message if the rule fails.
        message: String,
    },
    /// A member of the move a rebook copies.
    RebookMember {
        /// The member the facts do not give.
        member: &'static str,
    },
    /// Which of the move's lodgings changes status.
    LodgingBecomes {
        /// The status it becomes.
        status: String,
    },
    /// Whether a move with this reference exists (404 if not).
    MoveReference {
        /// The reference sent.
        reference: String,
    },
    /// A lodging's rules on its dates.
    LodgingDates {
        /// The member the facts do not give (`start_date`, `end_date`).
        member: &'static str,
    },
    /// A refusal of the body that applies only if the move has lodgings.
    RefusedIfLodgings {
        /// The refusal's status.
        status: u16,
        /// The error's code.
        code: String,
        /// The error's detail.
        detail: String,
    },
    /// Whether an `Idempotency-Key` was used before (409 if for another request).
    IdempotencyKeyUsed {
        /// The key.
        key: String,
    },
    /// Whether the location a relationship names exists (422 if not).
    RelatedLocation {
        /// The relationship (`from_location`).
        relationship: String,
        /// The id sent.
        id: String,
    },
    /// Whether a deeper `meta=` path loads: its first name is an association of the model,
    /// and basm does not know those of the records it leads to.
    MetaPath {
        /// The path (`supplier.locations`).
        path: String,
        /// The model whose records load (`GenericEvent`).
        model: &'static str,
    },
    /// Everything an endpoint basm does not judge checks past the shared headers.
    NotJudged {
        /// `METHOD /pattern`.
        endpoint: &'static str,
        /// The upstream controller action.
        upstream: &'static str,
    },
    /// Whether a `GET` or `HEAD` is answered 304 Not Modified instead of its 200: its
    /// `If-None-Match` may be the ETag of the body, which basm does not know (`crate::rack`).
    NotModified,
    /// A check whose sentence names nothing from the request: a constant, never copied.
    Static(&'static str),
    /// A check read back from JSON, its sentence already rendered (validation never builds
    /// it).
    Other {
        /// The sentence.
        detail: String,
    },
}

impl fmt::Display for UncheckedKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UncheckedKind::Exists { class, id } => {
                write!(f, "Whether {class} {id} exists (404 if it does not)")
            }
            UncheckedKind::Referenced { class, id } => {
                write!(f, "Whether {class} {id} exists (422 if not)")
            }
            UncheckedKind::CurrentState { machine, trigger } => {
                let (record, attribute) = (machine.record(), machine.attribute());
                write!(
                    f,
                    "The {record}'s current {attribute}: whether {trigger} changes it"
                )
            }
            UncheckedKind::MoveRule { rule, members } => {
                write!(
                    f,
                    "Move validation \"{}\": the facts do not give the move's ",
                    crate::error::humanize(rule)
                )?;
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(m)?;
                }
                Ok(())
            }
            UncheckedKind::ActiveLocation { attribute } => write!(
                f,
                "Whether {attribute} is an active location (its disabled is not given)"
            ),
            UncheckedKind::LocationType { attribute, message } => {
                write!(f, "The location type of {attribute} ({message} otherwise)")
            }
            UncheckedKind::RebookMember { member } => write!(
                f,
                "Whether the rebooked move is valid: the facts do not give the move's {member}"
            ),
            UncheckedKind::LodgingBecomes { status } => {
                write!(f, "The move's lodgings: which one becomes {status}")
            }
            UncheckedKind::MoveReference { reference } => {
                write!(
                    f,
                    "Whether a move with reference {reference} exists (404 if not)"
                )
            }
            UncheckedKind::LodgingDates { member } => write!(
                f,
                "The lodging's rules on its dates (end after start, dates not taken): the facts do not give its {member}"
            ),
            UncheckedKind::RefusedIfLodgings {
                status,
                code,
                detail,
            } => write!(
                f,
                "Whether the move has lodgings: if it has, the body is read and refused ({status} {code}: {detail})"
            ),
            UncheckedKind::IdempotencyKeyUsed { key } => write!(
                f,
                "Whether Idempotency-Key {key} was used before (409 if for another request)"
            ),
            UncheckedKind::RelatedLocation { relationship, id } => write!(
                f,
                "Whether {} {id} exists (422 if not)",
                crate::error::humanize(relationship)
            ),
            UncheckedKind::MetaPath { path, model } => write!(
                f,
                "Whether meta={path} loads with the {model} records: basm knows {model}'s associations, not those of the records they lead to (AssociationNotFoundError, a 500, if it does not)"
            ),
            UncheckedKind::NotJudged { endpoint, upstream } => write!(
                f,
                "Everything {endpoint} checks past the shared headers (authentication, Content-Type, the API version): basm does not judge this endpoint (upstream {upstream})"
            ),
            UncheckedKind::NotModified => f.write_str(
                "Whether the answer is a 304 Not Modified with no body: Rack::ConditionalGet answers so when If-None-Match is the ETag of the body the API would send",
            ),
            UncheckedKind::Static(detail) => f.write_str(detail),
            UncheckedKind::Other { detail } => f.write_str(detail),
        }
    }
}

impl Serialize for Unchecked {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Unchecked", 2)?;
        s.serialize_field("detail", &Rendered(&self.kind))?;
        s.serialize_field("source", &self.source)?;
        s.end()
    }
}

impl<'de> Deserialize<'de> for Unchecked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = Written::deserialize(deserializer)?;
        Ok(Unchecked::new(
            UncheckedKind::Other { detail: w.detail },
            w.source,
        ))
    }
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
///
/// Its JSON form has the members below in this order, then `api_body` ([`Verdict::api_body`]).
#[derive(Debug, Clone)]
pub struct Verdict {
    /// True when the API would accept the request (a 2xx status).
    pub valid: bool,
    /// The HTTP status the API would answer.
    pub status: u16,
    /// The endpoint the request was matched to (`POST /api/events`), when it was.
    pub endpoint: Option<std::borrow::Cow<'static, str>>,
    /// Every failure, each at its exact place.
    pub errors: Vec<ApiError>,
    /// What the API accepts but ignores or treats surprisingly.
    pub warnings: Vec<Warning>,
    /// Checks skipped for want of a fact.
    pub unchecked: Vec<Unchecked>,
    /// What the request changes when it is accepted (`null` when refused, but for a request
    /// the API runs and then answers with an error: `Rack::Deflater`'s 406,
    /// `unacceptable_encoding`, `crate::rack`).
    pub effect: Option<Effect>,
    /// The API's own body: built from the errors when read, unless an endpoint gave it.
    api_body: ApiBody,
}

/// Where a verdict's `api_body` comes from.
#[derive(Debug, Clone, Default)]
enum ApiBody {
    /// The distinct `meta.api` objects of the errors ([`api_objects`]), built when read: a
    /// refusal costs no JSON tree unless someone asks for it.
    #[default]
    FromErrors,
    /// A body that is not made of the errors' objects (`{"error": …}` of some list
    /// endpoints), or one read back from JSON.
    Given(Option<serde_json::Value>),
    /// Rails' own answer to an exception no controller handles (every crash, a request Rails
    /// cannot read, an unrouted path): its body depends on the format the request asks for,
    /// and is decided when the validation ends (`crate::rails::exception_body`).
    Rails,
    /// No body (Puma's 400; Rails' own answer when the request asks for no JSON).
    Empty,
    /// A body that is not JSON, of this media type.
    NotJson(&'static str),
}

/// What the body of the API's answer to a refused request is ([`Verdict::body_form`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyForm {
    /// JSON: [`Verdict::api_body`].
    Json,
    /// No body at all.
    Empty,
    /// A body of this media type, which is not JSON (Rails renders an exception as XML or
    /// YAML when the request asks for them): `api_body` is `None`.
    NotJson(&'static str),
    /// Not known: an accepted request's (but a CORS preflight's, which has none: `Empty`), one
    /// basm refuses by a limit of its own (`body_too_large`), or a verdict read back from JSON
    /// (which keeps `api_body` only).
    Unknown,
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
            api_body: ApiBody::FromErrors,
        }
    }

    /// Keeps the first [`MAX_WARNINGS_PER_CODE`] warnings of each code, and says how many
    /// of each were cut in a `warnings_truncated` warning.
    pub(crate) fn cap_warnings(&mut self) {
        let cuts = cap_by_code(&mut self.warnings, MAX_WARNINGS_PER_CODE, Warning::code);
        self.warnings.extend(cuts.into_iter().map(|(code, cut)| {
            Warning::new(
                WarningKind::WarningsTruncated { code, cut },
                ErrorSource::default(),
            )
        }));
    }

    /// A refused request; `api_body` is built from the errors' `meta.api`. At most
    /// [`MAX_ERRORS_PER_CODE`] errors of one code are kept (see there).
    #[cold]
    pub fn refused(status: u16, mut errors: Vec<ApiError>) -> Self {
        let warnings = cap_errors(&mut errors)
            .into_iter()
            .map(|(code, cut)| {
                Warning::new(
                    WarningKind::ErrorsTruncated { code, cut },
                    ErrorSource::default(),
                )
            })
            .collect();
        Verdict {
            valid: false,
            status,
            endpoint: None,
            errors,
            warnings,
            unchecked: Vec::new(),
            effect: None,
            // A crash is an exception no `rescue_from` handles: Rails answers it.
            api_body: if status == 500 {
                ApiBody::Rails
            } else {
                ApiBody::FromErrors
            },
        }
    }

    /// A request refused by Rails itself, not by the API's controllers: an exception no
    /// `rescue_from` handles, answered by `ActionDispatch::ShowExceptions` with a body that
    /// depends on what the request asks for (decided when the validation ends).
    #[cold]
    pub(crate) fn refused_by_rails(status: u16, errors: Vec<ApiError>) -> Self {
        let mut verdict = Verdict::refused(status, errors);
        verdict.api_body = ApiBody::Rails;
        verdict
    }

    /// Whether Rails itself answers this refusal and its body is still to be decided.
    pub(crate) fn answered_by_rails(&self) -> bool {
        matches!(self.api_body, ApiBody::Rails)
    }

    /// The body Rails answers with ([`Verdict::refused_by_rails`]).
    pub(crate) fn set_rails_body(&mut self, body: crate::rails::ExceptionBody) {
        use crate::rails::ExceptionBody;
        self.api_body = match body {
            ExceptionBody::Json(v) => ApiBody::Given(Some(v)),
            ExceptionBody::Empty => ApiBody::Empty,
            ExceptionBody::NotJson(media) => ApiBody::NotJson(media),
            ExceptionBody::Failsafe => ApiBody::NotJson("text/plain"),
        };
    }

    /// Marks the answer as having no body (Puma's 400).
    pub(crate) fn set_empty_body(&mut self) {
        self.api_body = ApiBody::Empty;
    }

    /// Marks the answer's body as one of `media`, not JSON (`Rack::Deflater`'s 406).
    pub(crate) fn set_not_json_body(&mut self, media: &'static str) {
        self.api_body = ApiBody::NotJson(media);
    }

    /// What the body of the API's answer is: JSON ([`Verdict::api_body`]), none, or another
    /// form. The sandbox answers each as the API would.
    pub fn body_form(&self) -> BodyForm {
        match &self.api_body {
            ApiBody::Empty => BodyForm::Empty,
            ApiBody::NotJson(media) => BodyForm::NotJson(media),
            _ if self.has_api_body() => BodyForm::Json,
            _ => BodyForm::Unknown,
        }
    }

    /// The body the real API would send on failure, exactly (its own pointers and texts);
    /// `None` on success. Unless an endpoint gave another ([`Verdict::set_api_body`]), it is
    /// the `{"errors": […]}` of the listed errors' `meta.api` objects, built now: when errors
    /// of one code are cut ([`MAX_ERRORS_PER_CODE`]) it holds the listed ones only.
    pub fn api_body(&self) -> Option<serde_json::Value> {
        match &self.api_body {
            ApiBody::FromErrors => api_body_of(&self.errors),
            ApiBody::Given(body) => body.clone(),
            ApiBody::Rails | ApiBody::Empty | ApiBody::NotJson(_) => None,
        }
    }

    /// The members a verdict may leave empty, in their order: `errors`, `warnings` and
    /// `unchecked` are `[]` when empty, `effect` and `api_body` `null`.
    pub const MEMBERS: [&'static str; 5] =
        ["errors", "warnings", "unchecked", "effect", "api_body"];

    /// Which of [`Verdict::MEMBERS`] are not empty.
    pub fn present_members(&self) -> [bool; 5] {
        [
            !self.errors.is_empty(),
            !self.warnings.is_empty(),
            !self.unchecked.is_empty(),
            self.effect.is_some(),
            self.has_api_body(),
        ]
    }

    /// The members of [`Verdict::MEMBERS`] that are not empty (the others are `[]` or
    /// `null`), as a JSON object in their order: what the npm package reads when JavaScript
    /// first reads one of them. Each is written as in [`Verdict::to_json`].
    pub fn present_members_json(&self) -> String {
        text::present_members(self)
    }

    /// Whether [`Verdict::api_body`] is not `None`, without building it.
    pub fn has_api_body(&self) -> bool {
        match &self.api_body {
            ApiBody::FromErrors => self.errors.iter().any(|e| e.meta.api.is_some()),
            ApiBody::Given(body) => body.is_some(),
            ApiBody::Rails | ApiBody::Empty | ApiBody::NotJson(_) => false,
        }
    }

    /// Sets a body the API sends that is not made of the errors' objects.
    pub fn set_api_body(&mut self, body: serde_json::Value) {
        self.api_body = ApiBody::Given(Some(body));
    }

    /// The whole verdict as JSON text, members in declaration order (what the npm package
    /// hands to JavaScript). The one writer of a verdict's JSON form.
    /// Written by hand (`verdict/text.rs`), byte for byte what serde_json writes for the
    /// verdict's `Serialize` form.
    pub fn to_json(&self) -> String {
        text::verdict(self)
    }

    /// The verdict as a JSON:API error document (what the sandbox sends): `{"errors": […]}`.
    pub fn error_document(&self) -> serde_json::Value {
        serde_json::json!({ "errors": self.errors })
    }
}

impl PartialEq for Verdict {
    fn eq(&self, other: &Self) -> bool {
        self.valid == other.valid
            && self.status == other.status
            && self.endpoint == other.endpoint
            && self.errors == other.errors
            && self.warnings == other.warnings
            && self.unchecked == other.unchecked
            && self.effect == other.effect
            && self.api_body() == other.api_body()
    }
}

impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Verdict", 8)?;
        s.serialize_field("valid", &self.valid)?;
        s.serialize_field("status", &self.status)?;
        s.serialize_field("endpoint", &self.endpoint)?;
        s.serialize_field("errors", &self.errors)?;
        s.serialize_field("warnings", &self.warnings)?;
        s.serialize_field("unchecked", &self.unchecked)?;
        s.serialize_field("effect", &self.effect)?;
        match &self.api_body {
            ApiBody::FromErrors => s.serialize_field("api_body", &ApiBodyOf(&self.errors))?,
            ApiBody::Given(body) => s.serialize_field("api_body", body)?,
            ApiBody::Rails | ApiBody::Empty | ApiBody::NotJson(_) => {
                s.serialize_field("api_body", &())?
            }
        }
        s.end()
    }
}

/// A verdict's JSON form, read back.
#[derive(Deserialize)]
struct VerdictWire {
    valid: bool,
    status: u16,
    endpoint: Option<std::borrow::Cow<'static, str>>,
    errors: Vec<ApiError>,
    warnings: Vec<Warning>,
    unchecked: Vec<Unchecked>,
    effect: Option<Effect>,
    api_body: Option<serde_json::Value>,
}

impl<'de> Deserialize<'de> for Verdict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = VerdictWire::deserialize(deserializer)?;
        Ok(Verdict {
            valid: w.valid,
            status: w.status,
            endpoint: w.endpoint,
            errors: w.errors,
            warnings: w.warnings,
            unchecked: w.unchecked,
            effect: w.effect,
            api_body: ApiBody::Given(w.api_body),
        })
    }
}

/// Writes the API's body for a list of errors straight to the serializer, members in the
/// order `serde_json::Value` keeps them (sorted), exactly as [`api_body_of`] then
/// serialising would: no tree is built.
struct ApiBodyOf<'a>(&'a [ApiError]);

impl Serialize for ApiBodyOf<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        let objects = api_objects(self.0);
        if objects.is_empty() {
            return serializer.serialize_none();
        }
        struct List<'a>(Vec<(&'a ApiErrorObject, Vec<usize>)>);
        impl Serialize for List<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
                for (o, _) in &self.0 {
                    seq.serialize_element(&ApiObject(o))?;
                }
                seq.end()
            }
        }
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("errors", &List(objects))?;
        map.end()
    }
}

/// One of the API's error objects as [`api_object_value`] builds it, members sorted.
struct ApiObject<'a>(&'a ApiErrorObject);

impl Serialize for ApiObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let o = self.0;
        let mut map = serializer.serialize_map(None)?;
        if let Some(code) = &o.code {
            map.serialize_entry("code", code)?;
        }
        map.serialize_entry("detail", &o.detail)?;
        if let Some(meta) = &o.meta {
            map.serialize_entry("meta", meta)?;
        }
        if let Some(source) = &o.source {
            map.serialize_entry("source", &SortedSource(source))?;
        }
        map.serialize_entry("title", &o.title)?;
        map.end()
    }
}

/// An [`ErrorSource`] with its members sorted (`header`, `parameter`, `pointer`), as in a
/// `serde_json::Map`.
struct SortedSource<'a>(&'a ErrorSource);

impl Serialize for SortedSource<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in [
            ("header", &self.0.header),
            ("parameter", &self.0.parameter),
            ("pointer", &self.0.pointer),
        ] {
            if let Some(v) = value {
                map.serialize_entry(key, v)?;
            }
        }
        map.end()
    }
}

/// Keeps the first [`MAX_ERRORS_PER_CODE`] errors of each code, in order; returns the codes
/// cut and how many of each.
fn cap_errors(errors: &mut Vec<ApiError>) -> Vec<(String, usize)> {
    cap_by_code(errors, MAX_ERRORS_PER_CODE, |e| &e.code)
}

/// Keeps the first `max` items of each code, in order; returns the codes cut and how many
/// of each. Linear: the codes of one verdict are few.
fn cap_by_code<T>(
    items: &mut Vec<T>,
    max: usize,
    code: impl Fn(&T) -> &str,
) -> Vec<(String, usize)> {
    if items.len() <= max {
        return Vec::new();
    }
    let mut seen: Vec<(String, usize)> = Vec::new();
    items.retain(|item| {
        let item_code = code(item);
        let i = match seen.iter().position(|(c, _)| c == item_code) {
            Some(i) => i,
            None => {
                seen.push((item_code.to_owned(), 0));
                seen.len() - 1
            }
        };
        seen[i].1 += 1;
        seen[i].1 <= max
    });
    seen.into_iter()
        .filter(|(_, n)| *n > max)
        .map(|(c, n)| (c, n - max))
        .collect()
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
    m.insert("title".to_owned(), Value::String(o.title.to_string()));
    m.insert("detail".to_owned(), Value::String(o.detail.to_string()));
    if let Some(source) = &o.source {
        let mut src = serde_json::Map::new();
        for (key, value) in [
            ("pointer", &source.pointer),
            ("parameter", &source.parameter),
            ("header", &source.header),
        ] {
            if let Some(v) = value {
                src.insert(key.to_owned(), Value::String(v.to_string()));
            }
        }
        m.insert("source".to_owned(), Value::Object(src));
    }
    if let Some(code) = &o.code {
        m.insert("code".to_owned(), Value::String(code.to_string()));
    }
    if let Some(meta) = &o.meta {
        m.insert("meta".to_owned(), meta.clone());
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::codes;

    fn error(code: &str, i: usize) -> ApiError {
        ApiError::new(
            code,
            "t",
            format!("{i}"),
            ErrorSource::pointer(format!("/{i}")),
        )
    }

    #[test]
    fn typed_kinds_render_their_sentences() {
        let warnings = [
            (
                WarningKind::UnknownFilter {
                    name: "x".into(),
                    bracketed: true,
                },
                "ignored_parameter",
                "filter[x] is not a filter of this endpoint: the API drops it",
            ),
            (
                WarningKind::FilterNotBoolean {
                    name: "ready_for_transit".into(),
                    value: "y".into(),
                    bracketed: false,
                },
                "ignored_parameter",
                "filter ready_for_transit=y is neither true nor false: the API ignores it",
            ),
            (
                WarningKind::ActionTypeMismatch {
                    value: "a\"b".into(),
                    path: "cancel",
                    event: EventType::MoveCancel,
                },
                "ignored_attribute",
                "type \"a\\\"b\" does not match /cancel: the API creates a MoveCancel anyway",
            ),
        ];
        for (kind, code, sentence) in warnings {
            assert_eq!(kind.code(), code);
            assert_eq!(kind.to_string(), sentence);
        }
        let unchecked = [
            (
                UncheckedKind::MoveRule {
                    rule: "date can't be blank",
                    members: vec!["status", "date"],
                },
                "Move validation \"Date can't be blank\": the facts do not give the move's status, date",
            ),
            (
                UncheckedKind::LodgingBecomes {
                    status: "cancelled".into(),
                },
                "The move's lodgings: which one becomes cancelled",
            ),
            (
                UncheckedKind::RelatedLocation {
                    relationship: "to_location".into(),
                    id: "x".into(),
                },
                "Whether To location x exists (422 if not)",
            ),
        ];
        for (kind, sentence) in unchecked {
            assert_eq!(kind.to_string(), sentence);
        }
    }

    #[test]
    fn refused_keeps_the_first_errors_of_each_code_in_order() {
        let mut errors = Vec::new();
        for i in 0..MAX_ERRORS_PER_CODE + 5 {
            errors.push(error(codes::BLANK, i));
            if i < 3 {
                errors.push(error(codes::INVALID, i));
            }
        }
        let verdict = Verdict::refused(422, errors);
        assert_eq!(verdict.errors.len(), MAX_ERRORS_PER_CODE + 3);
        let blanks: Vec<&str> = verdict
            .errors
            .iter()
            .filter(|e| e.code == codes::BLANK)
            .map(|e| e.detail.as_str())
            .collect();
        assert_eq!(blanks.len(), MAX_ERRORS_PER_CODE);
        assert_eq!(blanks[0], "0");
        assert_eq!(blanks[MAX_ERRORS_PER_CODE - 1], "99");
        assert_eq!(verdict.warnings.len(), 1);
        assert_eq!(
            verdict.warnings[0].kind(),
            &WarningKind::ErrorsTruncated {
                code: codes::BLANK.to_owned(),
                cut: 5
            }
        );
        assert_eq!(verdict.warnings[0].code(), warning_codes::ERRORS_TRUNCATED);
        assert!(verdict.to_json().contains(
            r#"{"code":"errors_truncated","detail":"5 more blank errors were cut: a verdict lists at most 100 errors of one code","source":{}}"#
        ));
    }
}
