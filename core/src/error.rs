//! JSON:API error objects, with the exact place of each failure and the API's own wording.
//!
//! Every failure the validator finds becomes one [`ApiError`]. Its `source` names the exact
//! place of the offending value in the request (`/data/attributes/details/vehicle_reg`), even
//! where the real API points elsewhere (`/data/attributes/vehicle_reg`) or nowhere (its
//! "shape A" errors); `meta.api` then holds the error object the real API sends.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::json::ParseError;

pub(crate) mod fix;
mod text;
pub use fix::FixCell;
pub use text::ErrorText;

/// Stable error codes. They are public API: never renamed, never reused.
///
/// Where Rails has an error type the code is that type; otherwise a word documented here.
pub mod codes {
    /// A required value is missing or blank (Rails `blank`).
    pub const BLANK: &str = "blank";
    /// A value is not one of the allowed values (Rails `inclusion`).
    pub const INCLUSION: &str = "inclusion";
    /// A value is reserved (Rails `exclusion`).
    pub const EXCLUSION: &str = "exclusion";
    /// A value must be blank (Rails `present`): `should be blank`, `must be blank`.
    pub const PRESENT: &str = "present";
    /// A value is already taken (Rails `taken`).
    pub const TAKEN: &str = "taken";
    /// A value is invalid (Rails `invalid`).
    pub const INVALID: &str = "invalid";
    /// Not a number (Rails `not_a_number`).
    pub const NOT_A_NUMBER: &str = "not_a_number";
    /// Not an integer (Rails `not_an_integer`).
    pub const NOT_AN_INTEGER: &str = "not_an_integer";
    /// Too small (Rails `greater_than`).
    pub const GREATER_THAN: &str = "greater_than";
    /// A location is discarded (`inactive_location`).
    pub const INACTIVE_LOCATION: &str = "inactive_location";
    /// A location's type does not suit the move type (`invalid_location`).
    pub const INVALID_LOCATION: &str = "invalid_location";
    /// An unknown move type (`invalid_move_type`).
    pub const INVALID_MOVE_TYPE: &str = "invalid_move_type";
    /// An allocation move's date cannot change (`cant_change_allocation`).
    pub const CANT_CHANGE_ALLOCATION: &str = "cant_change_allocation";
    /// The person's category cannot be moved (`unsupported_prisoner_category`).
    pub const UNSUPPORTED_PRISONER_CATEGORY: &str = "unsupported_prisoner_category";
    /// Not an ISO-8601 date-time (API message `must be formatted as a valid ISO-8601 date-time`).
    pub const INVALID_DATETIME: &str = "invalid_datetime";
    /// Not a date (API messages `must be formatted as a valid ISO-8601 date`, `is not a valid date.`).
    pub const INVALID_DATE: &str = "invalid_date";
    /// `to_location` equals `from_location` (API message `should be different to the from location`).
    pub const SAME_AS_FROM_LOCATION: &str = "same_as_from_location";
    /// Not a UK postcode (API message `not recognised as a UK postcode`).
    pub const INVALID_POSTCODE: &str = "invalid_postcode";
    /// Two dates in the wrong order (API messages `must be after start_date`, `must be after date from`).
    pub const DATE_ORDER: &str = "date_order";
    /// `event_type` is not one of the event types (`'<value>' is not a valid event_type`).
    pub const INVALID_EVENT_TYPE: &str = "invalid_event_type";
    /// The eventable type is not one of the five (`'<value>' is not a valid eventable type`).
    pub const INVALID_EVENTABLE_TYPE: &str = "invalid_eventable_type";
    /// `Idempotency-Key` missing or not a UUID.
    pub const INVALID_IDEMPOTENCY_KEY: &str = "invalid_idempotency_key";
    /// A relationship names a record that does not exist (422 in some params validators).
    pub const REFERENCE_NOT_FOUND: &str = "reference_not_found";
    /// A required relationship is missing (422 in some params validators).
    pub const MISSING_RELATIONSHIP: &str = "missing_relationship";
    /// 400: a required member (`data`, …) is missing or empty.
    pub const PARAMETER_MISSING: &str = "parameter_missing";
    /// 400: the body is not JSON.
    pub const INVALID_JSON: &str = "invalid_json";
    /// 400: the body is not UTF-8.
    pub const INVALID_UTF8: &str = "invalid_utf8";
    /// 400: the body is larger than the validator reads.
    pub const BODY_TOO_LARGE: &str = "body_too_large";
    /// 400: the body nests too deep.
    pub const TOO_DEEP: &str = "too_deep";
    /// 400: an `include=` path is not supported.
    pub const UNSUPPORTED_INCLUDE: &str = "unsupported_include";
    /// 400: another journey with the same locations exists.
    pub const DUPLICATE_JOURNEY: &str = "duplicate_journey";
    /// 400: a list filter or sort parameter is invalid (allocations).
    pub const INVALID_FILTER: &str = "invalid_filter";
    /// 400: the lodging cannot be cancelled in its state.
    pub const LODGING_NOT_CANCELLABLE: &str = "lodging_not_cancellable";
    /// 401: no valid bearer token, or the token may not do this.
    pub const NOT_AUTHORIZED: &str = "not_authorized";
    /// 404: a record does not exist.
    pub const NOT_FOUND: &str = "not_found";
    /// 404: no such route.
    pub const ROUTE_NOT_FOUND: &str = "route_not_found";
    /// 409: the idempotency key was used for another request.
    pub const IDEMPOTENCY_CONFLICT: &str = "idempotency_conflict";
    /// 415: `Content-Type` is not JSON:API.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    /// 415: the `version=` in `Accept` is not 1 or 2.
    pub const UNSUPPORTED_VERSION: &str = "unsupported_version";
    /// 406: the endpoint does not exist in API version 1.
    pub const NOT_SUPPORTED_IN_VERSION: &str = "not_supported_in_version";
    /// 500: the real API crashes on this input; never send it.
    pub const SERVER_ERROR: &str = "server_error";
    /// 400: Rails cannot read the query's or the path's parameters (`%` without two hex digits
    /// after it, a value that is not UTF-8, brackets that contradict: `ActionController::
    /// BadRequest`), before the API's controller runs.
    pub const UNREADABLE_PARAMETERS: &str = "unreadable_parameters";
    /// 406: `Accept` is not a list of media types (Rails raises `InvalidMimeType`).
    pub const INVALID_ACCEPT: &str = "invalid_accept";
    /// 400: a CORS preflight to a path with a NUL byte once unescaped (`%00`): `Rack::Cors`,
    /// the app's first middleware, refuses it with an empty body.
    pub const INVALID_PATH: &str = "invalid_path";
    /// 406: `Accept-Encoding` refuses both encodings the API's `Rack::Deflater` has (gzip and
    /// identity), so it answers in plain text in place of the app's answer.
    pub const UNACCEPTABLE_ENCODING: &str = "unacceptable_encoding";
    /// 400: the API's web server (Puma) refuses a part of the request longer than it reads,
    /// with an empty body, before the API sees the request ([`ServerLimit`](super::ServerLimit)).
    pub const SERVER_LIMIT: &str = "server_limit";
}

/// One failure, typed: the jsonschema-rs `ValidationErrorKind` pattern (STYLE.md). Each kind
/// knows its stable [`code`](ErrorKind::code) and constant [`title`](ErrorKind::title);
/// `Display` renders its detail (the API's own text). [`ApiError::from_kind`] turns it into the
/// JSON:API error object at the edge.
///
/// Every error core finds is built from a kind. The model's and the params validators'
/// failures ([`Model`](ErrorKind::Model), [`Param`](ErrorKind::Param)) carry the typed
/// [`Failure`] with the API's message, which varies within one failure (`can't be blank`,
/// `must exist`), so it stays a string.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A model validation (the API's "shape B"): Rails' full message,
    /// `humanize("<attribute> <message>")`.
    Model {
        /// What failed.
        failure: Failure,
        /// The attribute the model reports it under (`to_location_id`, `moves.date`):
        /// borrowed when it is a constant.
        attribute: Cow<'static, str>,
        /// The message as the model adds it (`can't be blank`): borrowed when it is a constant.
        message: Cow<'static, str>,
    },
    /// A params validator's failure (the API's "shape A"): `<Human attribute> <message>`.
    Param {
        /// What failed.
        failure: Failure,
        /// The raw attribute name (`occurred_at`, `timestamp`): borrowed when it is a constant.
        attribute: Cow<'static, str>,
        /// The message, in the API's case (`must be formatted as a valid ISO-8601 date-time`):
        /// borrowed when it is a constant.
        message: Cow<'static, str>,
    },
    /// `Class.find(id)` found nothing (404).
    NotFound {
        /// The model class (`Move`, `Location`).
        class: Cow<'static, str>,
        /// The id as Ruby prints it; `None` when there was none.
        id: Option<String>,
    },
    /// `Class.find([ids])` found only some of them (404).
    NotAllFound {
        /// The model class (`Location`).
        class: &'static str,
        /// The ids as Ruby prints them.
        ids: Vec<String>,
        /// How many were found.
        found: usize,
    },
    /// `Class.find_by!(column: value)` found nothing (404).
    NotFoundBy {
        /// The model class (`Move`).
        class: &'static str,
        /// Its table (`moves`).
        table: &'static str,
        /// The column searched (`reference`).
        column: &'static str,
    },
    /// The real API crashes on this input (500).
    ServerError {
        /// Why.
        reason: String,
    },
    /// `params.require(key)` found nothing (400).
    ParameterMissing {
        /// The required key.
        key: String,
    },
    /// `include=` paths the endpoint does not support (400): one failure of the API's
    /// `IncludeParamsValidator`, which lists every path it does not support in one message.
    UnsupportedInclude {
        /// The paths sent that are not supported, in the order sent (duplicates kept, as
        /// Ruby's `values - supported` keeps them).
        paths: Vec<String>,
        /// The supported paths, as the controller's `supported_relationships` gives them
        /// (the message lists them with their prefixes: [`splatted`]).
        valid: &'static [&'static str],
    },
    /// The body cannot be read as JSON (400).
    UnreadableBody {
        /// Why.
        error: ParseError,
    },
    /// The move already has an active journey between the same locations (400).
    DuplicateJourney,
    /// A list filter or sort parameter is invalid (400, a plain JSON body).
    InvalidFilter {
        /// The attribute the API reports (`date_from`, `sort_by`).
        attribute: &'static str,
        /// The API's message (`is not a valid date.`).
        message: &'static str,
    },
    /// The lodging cannot be cancelled in its state (400, a plain JSON body).
    LodgingNotCancellable {
        /// Its status: `cancelled`, `started` or `completed`.
        status: LodgingStatus,
    },
    /// No bearer token, or not a usable one (401).
    TokenInvalid,
    /// The caller's supplier does not own the record (401, `Not authorized`).
    NotAuthorized,
    /// The caller may not use this endpoint (401, Pundit's `You are not authorized…`).
    AccessDenied,
    /// No route matches the method and path (404).
    RouteNotFound {
        /// The method.
        method: String,
        /// The path.
        path: String,
    },
    /// The idempotency key was used for another request, or is still reserved (409).
    IdempotencyConflict {
        /// The key.
        key: String,
    },
    /// `Content-Type` is missing or not JSON (415).
    UnsupportedMediaType,
    /// `Content-Type` is not a media type at all (Rails raises `InvalidMimeType`).
    InvalidMediaType {
        /// The header as sent.
        content_type: String,
    },
    /// The `version=` in `Accept` is not 1 or 2 (415).
    UnsupportedVersion,
    /// Rails cannot read the query's or a path's parameters (400, `ActionController::BadRequest`,
    /// before the controller runs).
    UnreadableParameters {
        /// The query's (`true`) or the path's.
        query: bool,
        /// Why, as Rails' exception says (`invalid %-encoding (100%)`).
        message: String,
    },
    /// A CORS preflight to a path `Rack::Cors` finds invalid (400, no body).
    InvalidPath,
    /// `Accept-Encoding` refuses gzip and identity: `Rack::Deflater` answers 406 in plain text,
    /// after the app has run the request.
    UnacceptableEncoding {
        /// Rack's `request.fullpath` (the path as Rails' router left it, then `?` and the
        /// query when there is one), which the message names.
        fullpath: String,
    },
    /// `Accept` is not a list of media types (406: Rails raises `InvalidMimeType` reading the
    /// request's format, before the controller's callbacks).
    InvalidAccept {
        /// The header as sent.
        accept: String,
    },
    /// A part of the request is longer than the API's web server reads (400, with an empty
    /// body, before the API sees the request).
    ServerLimit {
        /// Which part.
        limit: ServerLimit,
        /// Its length in bytes.
        length: usize,
    },
    /// The endpoint has no action in the API version `Accept` asks for (406; upstream
    /// `NotSupportedInOldVersionError`, `app/controllers/api_controller.rb` L31, L265–275).
    NotSupportedInVersion {
        /// The version `Accept` names; `None` when it names none (the API then uses version 1
        /// and its message names no version: `version v -`).
        version: Option<u8>,
    },
}

/// The lengths Puma, the API's web server, reads of a request, each checked as its HTTP parser
/// reads that part, in this order: a longer part raises `Puma::HttpParserError`, and Puma
/// answers `400` with an empty body (in production, where it does not print the error) before
/// the API sees the request. Puma 8.0.1 (upstream `Gemfile.lock`; `Dockerfile`: `bundle exec
/// puma`): the limits `ext/puma_http11/puma_http11.c:46-64`, checked at 159-160 and 210-240;
/// the answer `lib/puma/server.rb:584-585` (`client_error`), 598-614 (`lowlevel_error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerLimit {
    /// The path, up to the `?` (`REQUEST_PATH`, 8,192 bytes).
    Path,
    /// The query, after the `?` (`QUERY_STRING`, 10,240 bytes).
    Query,
    /// The path and the query (`REQUEST_URI`, 12,288 bytes).
    Uri,
    /// A header's name (`FIELD_NAME`, 256 bytes).
    HeaderName,
    /// A header's value (`FIELD_VALUE`, 81,920 bytes).
    HeaderValue,
    /// The request line and the headers together (`HEADER`, 114,688 bytes; checked once the
    /// parser has read them, line 396). Counted at their fewest bytes: `METHOD target
    /// HTTP/1.1`, each header as `name:value`, each line's CRLF and the blank line's. An HTTP
    /// client adds headers of its own (`Host`, `Content-Length`), so the head Puma reads is
    /// longer still, and a request past this count is refused whatever the client adds.
    Head,
}

impl ServerLimit {
    /// Puma's name of the part (`HTTP element QUERY_STRING is longer than …`).
    pub fn element(self) -> &'static str {
        match self {
            ServerLimit::Path => "REQUEST_PATH",
            ServerLimit::Query => "QUERY_STRING",
            ServerLimit::Uri => "REQUEST_URI",
            ServerLimit::HeaderName => "FIELD_NAME",
            ServerLimit::HeaderValue => "FIELD_VALUE",
            ServerLimit::Head => "HEADER",
        }
    }

    /// The most bytes Puma reads of the part.
    pub fn bytes(self) -> usize {
        match self {
            ServerLimit::Path => 8192,
            ServerLimit::Query => 1024 * 10,
            ServerLimit::Uri => 1024 * 12,
            ServerLimit::HeaderName => 256,
            ServerLimit::HeaderValue => 80 * 1024,
            ServerLimit::Head => 1024 * (80 + 32),
        }
    }

    /// The part, in words.
    fn what(self) -> &'static str {
        match self {
            ServerLimit::Path => "path",
            ServerLimit::Query => "query string",
            ServerLimit::Uri => "request line's target (the path and query)",
            ServerLimit::HeaderName => "header's name",
            ServerLimit::HeaderValue => "header's value",
            ServerLimit::Head => {
                "request line with the headers, at the fewest bytes they are sent in,"
            }
        }
    }
}

/// The states in which a lodging cannot be cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LodgingStatus {
    /// `cancelled`.
    Cancelled,
    /// `started`.
    Started,
    /// `completed`.
    Completed,
}

impl ErrorKind {
    /// Stable snake_case code (see [`codes`]).
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::Model { failure, .. } | ErrorKind::Param { failure, .. } => failure.code(),
            ErrorKind::NotFound { .. }
            | ErrorKind::NotAllFound { .. }
            | ErrorKind::NotFoundBy { .. } => codes::NOT_FOUND,
            ErrorKind::ServerError { .. } => codes::SERVER_ERROR,
            ErrorKind::ParameterMissing { .. } => codes::PARAMETER_MISSING,
            ErrorKind::UnsupportedInclude { .. } => codes::UNSUPPORTED_INCLUDE,
            ErrorKind::UnreadableBody { error } => match error {
                ParseError::NotUtf8 { .. } => codes::INVALID_UTF8,
                ParseError::TooLarge { .. } => codes::BODY_TOO_LARGE,
                ParseError::TooDeep => codes::TOO_DEEP,
                ParseError::Syntax { .. } => codes::INVALID_JSON,
            },
            ErrorKind::DuplicateJourney => codes::DUPLICATE_JOURNEY,
            ErrorKind::InvalidFilter { .. } => codes::INVALID_FILTER,
            ErrorKind::LodgingNotCancellable { .. } => codes::LODGING_NOT_CANCELLABLE,
            ErrorKind::TokenInvalid | ErrorKind::NotAuthorized | ErrorKind::AccessDenied => {
                codes::NOT_AUTHORIZED
            }
            ErrorKind::RouteNotFound { .. } => codes::ROUTE_NOT_FOUND,
            ErrorKind::IdempotencyConflict { .. } => codes::IDEMPOTENCY_CONFLICT,
            ErrorKind::UnsupportedMediaType | ErrorKind::InvalidMediaType { .. } => {
                codes::UNSUPPORTED_MEDIA_TYPE
            }
            ErrorKind::UnsupportedVersion => codes::UNSUPPORTED_VERSION,
            ErrorKind::UnreadableParameters { .. } => codes::UNREADABLE_PARAMETERS,
            ErrorKind::InvalidPath => codes::INVALID_PATH,
            ErrorKind::UnacceptableEncoding { .. } => codes::UNACCEPTABLE_ENCODING,
            ErrorKind::InvalidAccept { .. } => codes::INVALID_ACCEPT,
            ErrorKind::NotSupportedInVersion { .. } => codes::NOT_SUPPORTED_IN_VERSION,
            ErrorKind::ServerLimit { .. } => codes::SERVER_LIMIT,
        }
    }

    /// Short, constant summary of the kind of failure.
    pub fn title(&self) -> &'static str {
        match self {
            ErrorKind::Model { failure, .. } | ErrorKind::Param { failure, .. } => failure.title(),
            ErrorKind::NotFound { .. }
            | ErrorKind::NotAllFound { .. }
            | ErrorKind::NotFoundBy { .. } => "Resource not found",
            ErrorKind::ServerError { .. } => "The API would crash",
            ErrorKind::ParameterMissing { .. } => "Bad request",
            ErrorKind::UnsupportedInclude { .. } => "Unsupported include",
            ErrorKind::UnreadableBody { error } => match error {
                ParseError::NotUtf8 { .. } => "Body is not UTF-8",
                ParseError::TooLarge { .. } => "Body too large",
                ParseError::TooDeep => "Body nested too deep",
                ParseError::Syntax { .. } => "Body is not JSON",
            },
            ErrorKind::DuplicateJourney => "Duplicate journey",
            ErrorKind::InvalidFilter { .. } => "Invalid filter",
            ErrorKind::LodgingNotCancellable { .. } => "Lodging cannot be cancelled",
            ErrorKind::TokenInvalid | ErrorKind::NotAuthorized | ErrorKind::AccessDenied => {
                "Not authorized"
            }
            ErrorKind::RouteNotFound { .. } => "Route not found",
            ErrorKind::IdempotencyConflict { .. } => "Idempotency conflict",
            ErrorKind::UnsupportedMediaType | ErrorKind::InvalidMediaType { .. } => {
                "Unsupported media type"
            }
            ErrorKind::UnsupportedVersion => "Unsupported API version",
            ErrorKind::UnreadableParameters { .. } => "Parameters Rails cannot read",
            ErrorKind::InvalidPath => "Invalid path",
            ErrorKind::UnacceptableEncoding { .. } => "No acceptable encoding",
            ErrorKind::InvalidAccept { .. } => "Accept is not a media type",
            ErrorKind::NotSupportedInVersion { .. } => "Not supported in this API version",
            ErrorKind::ServerLimit { .. } => "Too long for the API's server",
        }
    }

    /// The detail, rendered (what `Display` writes, built without a formatter where it can).
    pub fn detail(&self) -> String {
        match self {
            ErrorKind::Model {
                attribute, message, ..
            } => humanize_parts(&[attribute, message]),
            ErrorKind::Param {
                attribute, message, ..
            } => human_message(attribute, message),
            ErrorKind::InvalidFilter { attribute, message } => human_message(attribute, message),
            ErrorKind::DuplicateJourney
            | ErrorKind::LodgingNotCancellable { .. }
            | ErrorKind::TokenInvalid
            | ErrorKind::NotAuthorized
            | ErrorKind::AccessDenied
            | ErrorKind::UnsupportedMediaType
            | ErrorKind::UnsupportedVersion => self.constant_detail().to_owned(),
            other => other.to_string(),
        }
    }

    /// The detail of the kinds whose text is constant; "" for the others.
    fn constant_detail(&self) -> &'static str {
        match self {
            ErrorKind::DuplicateJourney => {
                "You are trying to submit a duplicate journey for this move, please try again"
            }
            ErrorKind::LodgingNotCancellable { status } => match status {
                LodgingStatus::Cancelled => "Lodging already cancelled",
                LodgingStatus::Started => "Started lodgings may not be cancelled",
                LodgingStatus::Completed => "Completed lodgings may not be cancelled",
            },
            ErrorKind::TokenInvalid => "Token expired or invalid",
            ErrorKind::NotAuthorized => "Not authorized",
            ErrorKind::AccessDenied => "You are not authorized to access this page.",
            ErrorKind::UnsupportedMediaType => "Content-Type must be application/vnd.api+json",
            ErrorKind::UnsupportedVersion => "The Api versions supported are: [\"1\", \"2\"]",
            _ => "",
        }
    }
}

/// Ruby's `Array#to_s` of strings: `["a", "b"]`, each as `String#inspect` writes it
/// ([`crate::json::write_ruby_string`]).
/// `IncludeParamsValidator#splatted_supported_relationships` (upstream
/// `app/services/include_params_validator.rb` L26-37): every supported path and each of its
/// prefixes (`a.b.c` gives `a`, `a.b`, `a.b.c`), in the order first met (a Ruby `Set`'s), as
/// slices of the paths. What the include check accepts, and what its 400 lists.
pub(crate) fn splatted(chains: &[&'static str]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for chain in chains {
        let ends = chain
            .match_indices('.')
            .map(|(at, _)| at)
            .chain(std::iter::once(chain.len()));
        for end in ends {
            let prefix = &chain[..end];
            if !out.contains(&prefix) {
                out.push(prefix);
            }
        }
    }
    out
}

fn ruby_array<'s>(items: impl IntoIterator<Item = &'s str>) -> String {
    let mut out = String::from("[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        crate::json::write_ruby_string(&mut out, item);
    }
    out.push(']');
    out
}

/// `<Human attribute> <message>`, in one allocation.
fn human_message(attribute: &str, message: &str) -> String {
    // One allocation: the humanized attribute is made with room for the rest.
    let mut out = humanize_with_room(&[attribute], message.len() + 1);
    out.push(' ');
    out.push_str(message);
    out
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErrorKind::Model {
                attribute, message, ..
            } => f.write_str(&humanize_parts(&[attribute, message])),
            ErrorKind::Param {
                attribute, message, ..
            } => write!(f, "{} {message}", human_attribute(attribute)),
            ErrorKind::InvalidFilter { attribute, message } => {
                write!(f, "{} {message}", human_attribute(attribute))
            }
            ErrorKind::NotFound { class, id: None } => {
                write!(f, "Couldn't find {class} without an ID")
            }
            ErrorKind::NotFound {
                class,
                id: Some(id),
            } => write!(f, "Couldn't find {class} with 'id'={id}"),
            ErrorKind::NotAllFound { class, ids, found } => write!(
                f,
                "Couldn't find all {class}s with 'id': ({}) (found {found} results, but was looking for {})",
                ids.join(", "),
                ids.len()
            ),
            ErrorKind::NotFoundBy {
                class,
                table,
                column,
            } => write!(
                f,
                "Couldn't find {class} with [WHERE \"{table}\".\"{column}\" = $1]"
            ),
            ErrorKind::ServerError { reason } => write!(
                f,
                "The API answers 500 Internal Server Error to this: {reason}"
            ),
            ErrorKind::ParameterMissing { key } => write!(
                f,
                "param is missing or the value is empty or invalid: {key}"
            ),
            // `"#{unsupported_values} is not supported. Valid values are:
            // #{record.splatted_supported_relationships}"`: two arrays' `to_s`
            // (upstream `app/services/include_params_validator.rb:12`).
            ErrorKind::UnsupportedInclude { paths, valid } => {
                let mut text = ruby_array(paths.iter().map(String::as_str));
                text.push_str(" is not supported. Valid values are: ");
                text.push_str(&ruby_array(splatted(valid)));
                f.write_str(&text)
            }
            ErrorKind::UnreadableBody { error } => write!(f, "{error}"),
            // Rails' `"No route matches [#{env['REQUEST_METHOD']}] #{env['PATH_INFO'].inspect}"`.
            ErrorKind::RouteNotFound { method, path } => {
                let path = crate::json::ruby_quote(path);
                write!(f, "No route matches [{method}] {path}")
            }
            ErrorKind::IdempotencyConflict { key } => write!(
                f,
                "Idempotency::ConflictError: Conflicting idempotency key: {key}"
            ),
            ErrorKind::ServerLimit { limit, length } => write!(
                f,
                "The {} is {length} bytes: Puma, the API's web server, reads at most {} ({}) \
                 and answers 400 with an empty body before the API sees the request (a proxy in \
                 front of it may refuse the request first, with a status of its own)",
                limit.what(),
                limit.bytes(),
                limit.element(),
            ),
            ErrorKind::InvalidMediaType { content_type } => write!(
                f,
                "Content-Type {content_type:?} is not a media type: Rails raises Mime::Type::InvalidMimeType"
            ),
            // `ActionController::BadRequest`'s message (Rails' `http/request.rb`,
            // `http/parameters.rb`).
            ErrorKind::UnreadableParameters { query, message } => write!(
                f,
                "Invalid {} parameters: {message}",
                if *query { "query" } else { "path" }
            ),
            ErrorKind::InvalidPath => f.write_str(
                "The path has a NUL byte once unescaped (%00): Rack::Cors answers a CORS preflight to it 400",
            ),
            // Rack 3.2.6 `lib/rack/deflater.rb` L76, the body of its 406.
            ErrorKind::UnacceptableEncoding { fullpath } => write!(
                f,
                "An acceptable encoding for the requested resource {fullpath} could not be found."
            ),
            ErrorKind::InvalidAccept { accept } => write!(
                f,
                "Accept {accept:?} is not a list of media types: Rails raises Mime::Type::InvalidMimeType"
            ),
            ErrorKind::NotSupportedInVersion { version } => {
                f.write_str("This endpoint is not supported in version v")?;
                if let Some(v) = version {
                    write!(f, "{v}")?;
                }
                f.write_str(" - please change the ACCEPT header to a newer version")
            }
            ErrorKind::DuplicateJourney
            | ErrorKind::LodgingNotCancellable { .. }
            | ErrorKind::TokenInvalid
            | ErrorKind::NotAuthorized
            | ErrorKind::AccessDenied
            | ErrorKind::UnsupportedMediaType
            | ErrorKind::UnsupportedVersion => f.write_str(self.constant_detail()),
        }
    }
}

/// The API's own messages of the validations it runs most, written here once: the params
/// validators (`app/services/*/params_validator.rb`) and the models add the same ones.
pub(crate) mod messages {
    /// Rails' `presence` message (`errors.messages.blank`).
    pub const BLANK: &str = "can't be blank";
    /// Rails' `inclusion` message (`errors.messages.inclusion`).
    pub const INCLUSION: &str = "is not included in the list";
    /// A date-time that `Time.iso8601` refuses: `app/validators/iso_date_time_validator.rb:5`
    /// and the params validators of allocation, journey and move events and of journeys
    /// (`app/services/journeys/params_validator.rb:14`).
    pub const DATETIME: &str = "must be formatted as a valid ISO-8601 date-time";
    /// A date that `Date.iso8601` refuses: `app/models/lodging.rb:15`,
    /// `app/services/lodgings/params_validator.rb:12`, the lodging events' models.
    pub const DATE: &str = "must be formatted as a valid ISO-8601 date";
    /// A date that `Date.strptime(value, '%Y-%m-%d')` refuses: the list filters' and the move
    /// approve's date validator (`app/services/allocations/params_validator.rb:12`,
    /// `app/services/moves/params_validator.rb:12`,
    /// `app/services/move_events/params_validator.rb:26`).
    pub const STRPTIME_DATE: &str = "is not a valid date.";
}

/// The failure a model or params-validator error reports (a Rails validation rule): its stable
/// [`code`](Failure::code) (one of [`codes`]) and constant [`title`](Failure::title).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// A required value is missing or blank (Rails `blank`).
    Blank,
    /// A value is not one of the allowed values (Rails `inclusion`).
    Inclusion,
    /// A value is reserved (Rails `exclusion`).
    Exclusion,
    /// A value must be blank (Rails `present`): `should be blank`, `must be blank`.
    Present,
    /// A value is already taken (Rails `taken`).
    Taken,
    /// A value is invalid (Rails `invalid`).
    Invalid,
    /// Not a number (Rails `not_a_number`).
    NotANumber,
    /// Not an integer (Rails `not_an_integer`).
    NotAnInteger,
    /// Too small (Rails `greater_than`).
    GreaterThan,
    /// A location is discarded (`inactive_location`).
    InactiveLocation,
    /// A location's type does not suit the move type (`invalid_location`).
    InvalidLocation,
    /// An unknown move type (`invalid_move_type`).
    InvalidMoveType,
    /// An allocation move's date cannot change (`cant_change_allocation`).
    CantChangeAllocation,
    /// The person's category cannot be moved (`unsupported_prisoner_category`).
    UnsupportedPrisonerCategory,
    /// Not an ISO-8601 date-time (API message `must be formatted as a valid ISO-8601 date-time`).
    InvalidDatetime,
    /// Not a date (API messages `must be formatted as a valid ISO-8601 date`, `is not a valid date.`).
    InvalidDate,
    /// `to_location` equals `from_location` (API message `should be different to the from location`).
    SameAsFromLocation,
    /// Not a UK postcode (API message `not recognised as a UK postcode`).
    InvalidPostcode,
    /// Two dates in the wrong order (API messages `must be after start_date`, `must be after date from`).
    DateOrder,
    /// `event_type` is not one of the event types (`'<value>' is not a valid event_type`).
    InvalidEventType,
    /// The eventable type is not one of the five (`'<value>' is not a valid eventable type`).
    InvalidEventableType,
    /// `Idempotency-Key` missing or not a UUID.
    InvalidIdempotencyKey,
    /// A relationship names a record that does not exist (422 in some params validators).
    ReferenceNotFound,
    /// A required relationship is missing (422 in some params validators).
    MissingRelationship,
}

impl Failure {
    /// Stable snake_case code (see [`codes`]).
    pub fn code(self) -> &'static str {
        match self {
            Failure::Blank => codes::BLANK,
            Failure::Inclusion => codes::INCLUSION,
            Failure::Exclusion => codes::EXCLUSION,
            Failure::Present => codes::PRESENT,
            Failure::Taken => codes::TAKEN,
            Failure::Invalid => codes::INVALID,
            Failure::NotANumber => codes::NOT_A_NUMBER,
            Failure::NotAnInteger => codes::NOT_AN_INTEGER,
            Failure::GreaterThan => codes::GREATER_THAN,
            Failure::InactiveLocation => codes::INACTIVE_LOCATION,
            Failure::InvalidLocation => codes::INVALID_LOCATION,
            Failure::InvalidMoveType => codes::INVALID_MOVE_TYPE,
            Failure::CantChangeAllocation => codes::CANT_CHANGE_ALLOCATION,
            Failure::UnsupportedPrisonerCategory => codes::UNSUPPORTED_PRISONER_CATEGORY,
            Failure::InvalidDatetime => codes::INVALID_DATETIME,
            Failure::InvalidDate => codes::INVALID_DATE,
            Failure::SameAsFromLocation => codes::SAME_AS_FROM_LOCATION,
            Failure::InvalidPostcode => codes::INVALID_POSTCODE,
            Failure::DateOrder => codes::DATE_ORDER,
            Failure::InvalidEventType => codes::INVALID_EVENT_TYPE,
            Failure::InvalidEventableType => codes::INVALID_EVENTABLE_TYPE,
            Failure::InvalidIdempotencyKey => codes::INVALID_IDEMPOTENCY_KEY,
            Failure::ReferenceNotFound => codes::REFERENCE_NOT_FOUND,
            Failure::MissingRelationship => codes::MISSING_RELATIONSHIP,
        }
    }

    /// Short, constant summary of the failure.
    pub fn title(self) -> &'static str {
        match self {
            Failure::Blank => "Required value missing",
            Failure::Inclusion => "Value not allowed",
            Failure::Exclusion => "Value reserved",
            Failure::Present => "Value must be blank",
            Failure::Taken => "Value already taken",
            Failure::Invalid => "Invalid value",
            Failure::NotANumber => "Not a number",
            Failure::NotAnInteger => "Not a whole number",
            Failure::GreaterThan => "Number too small",
            Failure::InactiveLocation => "Inactive location",
            Failure::InvalidLocation => "Wrong kind of location",
            Failure::InvalidMoveType => "Unknown move type",
            Failure::CantChangeAllocation => "Allocation move date cannot change",
            Failure::UnsupportedPrisonerCategory => "Prisoner category not supported",
            Failure::InvalidDatetime => "Invalid date-time",
            Failure::InvalidDate => "Invalid date",
            Failure::SameAsFromLocation => "Same as from location",
            Failure::InvalidPostcode => "Invalid postcode",
            Failure::DateOrder => "Dates out of order",
            Failure::InvalidEventType => "Unknown event type",
            Failure::InvalidEventableType => "Unknown eventable type",
            Failure::InvalidIdempotencyKey => "Invalid idempotency key",
            Failure::ReferenceNotFound => "Referenced record not found",
            Failure::MissingRelationship => "Relationship missing",
        }
    }
}

/// Where in the request an error is. A constant place (`/data/attributes/occurred_at`) is
/// borrowed, never copied; only a place that names a key of the body is built.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorSource {
    /// JSON pointer (RFC 6901) into the request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<Cow<'static, str>>,
    /// The query or path parameter at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<Cow<'static, str>>,
    /// The request header at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Cow<'static, str>>,
}

impl ErrorSource {
    /// A pointer into the body.
    pub fn pointer(pointer: impl Into<Cow<'static, str>>) -> Self {
        ErrorSource {
            pointer: Some(pointer.into()),
            ..Self::default()
        }
    }
    /// A query or path parameter.
    pub fn parameter(name: impl Into<Cow<'static, str>>) -> Self {
        ErrorSource {
            parameter: Some(name.into()),
            ..Self::default()
        }
    }
    /// A header.
    pub fn header(name: impl Into<Cow<'static, str>>) -> Self {
        ErrorSource {
            header: Some(name.into()),
            ..Self::default()
        }
    }
}

/// The error object exactly as the real API sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiErrorObject {
    /// The API's title (a constant, borrowed; or written when read).
    pub title: ErrorText,
    /// The API's detail (written when read).
    pub detail: ErrorText,
    /// The API's `source`, only for its model-validation ("shape B") errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ErrorSource>,
    /// The API's `code` (shape B only): a Rails error type or a literal message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Cow<'static, str>>,
    /// The API's `meta` (duplicate moves only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Value>,
}

/// What an error carries beyond the JSON:API basics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorMeta {
    /// The error object the real API sends for this failure. For its "shape A" errors that
    /// one object carries every failure of the step, so several errors share it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<ApiErrorObject>,
    /// The allowed values, for `inclusion` errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<Cow<'static, str>>>,
    /// The upstream rule is derived from the API's code, not seen in its tests.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unverified: bool,
    /// For 500s: why the real API crashes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For duplicate moves: the id of the existing move.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing_id: Option<String>,
    /// How to correct the request, where a correction is known (issue 14); for a value in
    /// the body, made when first read ([`FixCell`]).
    #[serde(default, skip_serializing_if = "FixCell::is_none")]
    pub fix: FixCell,
}

impl ErrorMeta {
    /// `meta.allowed` of the values a check allows.
    pub(crate) fn allowed_values(allowed: &[&'static str]) -> Vec<Cow<'static, str>> {
        allowed.iter().map(|s| Cow::Borrowed(*s)).collect()
    }
}

/// How to correct the request an error is about: in words, and where one correction is right
/// whatever the caller meant, as an [`Edit`] a tool can apply (`basm check --fix`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    /// What to change, in a sentence a developer can act on.
    pub description: Cow<'static, str>,
    /// The mechanical correction, when there is exactly one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit: Option<Edit>,
    /// Values to choose from, nearest first, when a person must choose.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Cow<'static, str>>,
}

/// One mechanical correction: set the value at `source` (a body pointer, a header or a query
/// parameter) to `value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    /// Where: the same kinds of place as an error's `source`.
    pub source: ErrorSource,
    /// The new value (a string for a header or a parameter).
    pub value: serde_json::Value,
}

/// One JSON:API error object of a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    /// Stable snake_case code (see [`codes`]). Core's own are `&'static` (borrowed: building
    /// an error copies no constant text); errors read from a server own theirs.
    pub code: Cow<'static, str>,
    /// Short, constant summary of the kind of failure.
    pub title: Cow<'static, str>,
    /// The API's own text for this failure (written when read).
    pub detail: ErrorText,
    /// The exact place of the failure in the request.
    pub source: ErrorSource,
    /// What the API itself sends, allowed values, notes.
    #[serde(default)]
    pub meta: ErrorMeta,
}

impl ApiError {
    /// An error core did not find itself: what a server answered, a client-side failure
    /// (the web app's `api.rs`), a test. Core builds every error of its own from an
    /// [`ErrorKind`] with [`ApiError::from_kind`].
    pub fn new(code: &str, title: &str, detail: impl Into<String>, source: ErrorSource) -> Self {
        ApiError {
            code: Cow::Owned(code.to_owned()),
            title: Cow::Owned(title.to_owned()),
            detail: detail.into().into(),
            source,
            meta: ErrorMeta::default(),
        }
    }

    /// The error object of a typed failure: code, title and detail from `kind`.
    #[cold]
    pub fn from_kind(kind: &ErrorKind, source: ErrorSource) -> Self {
        ApiError {
            code: Cow::Borrowed(kind.code()),
            title: Cow::Borrowed(kind.title()),
            detail: ErrorText::of_kind(kind),
            source,
            meta: ErrorMeta::default(),
        }
    }

    /// The 404 the API sends when `Class.find(id)` finds nothing: for a fact only the caller
    /// holds (core lists the check as unchecked), so its answer is the API's own.
    #[cold]
    pub fn record_not_found(class: &str, id: &str, source: ErrorSource) -> Self {
        let kind = ErrorKind::NotFound {
            class: class.to_owned().into(),
            id: Some(id.to_owned()),
        };
        ApiError::not_found(&kind, source)
    }

    /// A 404 of a record look-up (`kind` is one of the not-found kinds), with the object the
    /// API sends for it: title "Resource not found", the same detail.
    #[cold]
    pub fn not_found(kind: &ErrorKind, source: ErrorSource) -> Self {
        let mut error = ApiError::from_kind(kind, source);
        error.meta.api = Some(ApiErrorObject {
            title: "Resource not found".into(),
            detail: error.detail.clone(),
            ..ApiErrorObject::default()
        });
        error
    }

    /// Sets what the real API sends.
    pub fn with_api(mut self, api: ApiErrorObject) -> Self {
        self.meta.api = Some(api);
        self
    }

    /// Sets the allowed values.
    pub fn with_allowed(mut self, allowed: &[&'static str]) -> Self {
        self.set_allowed(allowed);
        self
    }

    /// Sets the allowed values (`meta.allowed`) in place: where an error is built in steps,
    /// this moves nothing, where [`ApiError::with_allowed`] takes the error and gives it back
    /// (in the `.wasm`, a `memory.copy` of the whole error).
    pub fn set_allowed(&mut self, allowed: &[&'static str]) {
        self.meta.allowed = Some(ErrorMeta::allowed_values(allowed));
    }

    /// Marks the rule as derived from code only.
    pub fn unverified(mut self) -> Self {
        self.meta.unverified = true;
        self
    }

    /// The pointer, or "" when the error has none.
    pub fn pointer(&self) -> &str {
        self.source.pointer.as_deref().unwrap_or("")
    }
}

/// Rails `String#humanize` as the API applies it to whole `"<attribute> <message>"` strings:
/// underscores become spaces, a trailing `_id` is dropped, everything is lower-cased but the
/// first letter.
pub fn humanize(s: &str) -> String {
    humanize_parts(&[s])
}

/// [`humanize`] of the parts joined with spaces (`humanize_parts(&[attribute, message])` is
/// `humanize("<attribute> <message>")`), in one pass and one allocation.
pub fn humanize_parts(parts: &[&str]) -> String {
    humanize_with_room(parts, 0)
}

/// [`humanize_parts`], in a string with room for `room` more bytes.
fn humanize_with_room(parts: &[&str], room: usize) -> String {
    let len = parts.iter().map(|p| p.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(len + room);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(part);
    }
    // The trailing `_id` of the whole string, as Rails strips it before anything else.
    if out.ends_with("_id") {
        out.truncate(out.len() - 3);
    }
    if out.is_ascii() {
        // The common case, in place: the bytes stay ASCII, so the string stays UTF-8.
        let mut bytes = out.into_bytes();
        for (i, b) in bytes.iter_mut().enumerate() {
            if *b == b'_' {
                *b = b' ';
            } else if i == 0 {
                b.make_ascii_uppercase();
            } else {
                b.make_ascii_lowercase();
            }
        }
        return String::from_utf8(bytes).unwrap_or_default();
    }
    let mut human = String::with_capacity(out.len() + room);
    for (i, c) in out.chars().enumerate() {
        let c = if c == '_' { ' ' } else { c };
        if i == 0 {
            crate::case::push_uppercase(&mut human, c);
        } else {
            crate::case::push_lowercase(&mut human, c);
        }
    }
    human
}

/// Rails `humanize.downcase` (the move type in `must be a valid move type (…)`).
///
/// The same as `humanize(s).to_lowercase()`, char by char: `str::to_lowercase` differs from
/// mapping each char only for a capital sigma ending a word after a cased letter, and
/// [`humanize`] leaves a capital only first, where there is no letter before it. Mapping chars
/// keeps `str::to_lowercase` (and its final-sigma tables) out of the npm .wasm.
pub fn humanize_lowercase(s: &str) -> String {
    let human = humanize(s);
    let mut out = String::with_capacity(human.len());
    for c in human.chars() {
        crate::case::push_lowercase(&mut out, c);
    }
    out
}

/// Rails `human_attribute_name`: `occurred_at` → `Occurred at`, `to_location_id` → `To location`.
pub fn human_attribute(attribute: &str) -> String {
    humanize(attribute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supported_paths_are_splatted_as_ruby_splats_them() {
        assert_eq!(
            splatted(&["a.b.c", "a.d", "e", "a.b", "f.g"]),
            ["a", "a.b", "a.b.c", "a.d", "e", "f", "f.g"]
        );
        assert!(splatted(&[]).is_empty());
        // `**` is a path's last segment like any other.
        assert_eq!(splatted(&["p.q.**"]), ["p", "p.q", "p.q.**"]);
    }

    #[test]
    fn humanize_lowercase_is_humanize_then_to_lowercase() {
        let mut cases: Vec<String> = Vec::new();
        // Every char alone, first and after a letter.
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            cases.push(c.to_string());
            cases.push(format!("a{c}"));
        }
        // Sigmas around letters, marks and separators, in every position.
        let parts = [
            "Σ", "σ", "ς", "Α", "α", "a", "_", " ", "'", "\u{301}", "ß", "İ", "Ω", "1", "_id",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    cases.push(format!("{a}{b}{c}"));
                    cases.push(format!("{a}{b}{c}{a}"));
                }
            }
        }
        for s in cases {
            assert_eq!(humanize_lowercase(&s), humanize(&s).to_lowercase(), "{s:?}");
        }
    }

    #[test]
    fn kinds_know_code_title_and_detail() {
        let cases = [
            (
                ErrorKind::Model {
                    failure: Failure::Blank,
                    attribute: "to_location_id".into(),
                    message: "can't be blank".into(),
                },
                "blank",
                "Required value missing",
                "To location id can't be blank",
            ),
            (
                ErrorKind::Param {
                    failure: Failure::InvalidDatetime,
                    attribute: "occurred_at".into(),
                    message: "must be formatted as a valid ISO-8601 date-time".into(),
                },
                "invalid_datetime",
                "Invalid date-time",
                "Occurred at must be formatted as a valid ISO-8601 date-time",
            ),
            (
                ErrorKind::NotFound {
                    class: "Move".into(),
                    id: None,
                },
                "not_found",
                "Resource not found",
                "Couldn't find Move without an ID",
            ),
            (
                ErrorKind::NotFound {
                    class: "Location".into(),
                    id: Some("x".into()),
                },
                "not_found",
                "Resource not found",
                "Couldn't find Location with 'id'=x",
            ),
            (
                ErrorKind::ServerError {
                    reason: "boom".into(),
                },
                "server_error",
                "The API would crash",
                "The API answers 500 Internal Server Error to this: boom",
            ),
            (
                ErrorKind::ParameterMissing { key: "data".into() },
                "parameter_missing",
                "Bad request",
                "param is missing or the value is empty or invalid: data",
            ),
            (
                ErrorKind::UnsupportedInclude {
                    paths: vec!["a\"b".into()],
                    valid: &["x", "y.z"],
                },
                "unsupported_include",
                "Unsupported include",
                r#"["a\"b"] is not supported. Valid values are: ["x", "y", "y.z"]"#,
            ),
            (
                ErrorKind::UnsupportedInclude {
                    paths: vec!["#{x}".into(), "a\u{1b}b".into(), "a".into()],
                    valid: &["x"],
                },
                "unsupported_include",
                "Unsupported include",
                r#"["\#{x}", "a\eb", "a"] is not supported. Valid values are: ["x"]"#,
            ),
            (
                ErrorKind::NotAllFound {
                    class: "Location",
                    ids: vec!["a".into(), "b".into()],
                    found: 1,
                },
                "not_found",
                "Resource not found",
                "Couldn't find all Locations with 'id': (a, b) (found 1 results, but was looking for 2)",
            ),
            (
                ErrorKind::NotFoundBy {
                    class: "Move",
                    table: "moves",
                    column: "reference",
                },
                "not_found",
                "Resource not found",
                r#"Couldn't find Move with [WHERE "moves"."reference" = $1]"#,
            ),
            (
                ErrorKind::UnreadableBody {
                    error: ParseError::NotUtf8 { at: 3 },
                },
                "invalid_utf8",
                "Body is not UTF-8",
                "The request body is not valid UTF-8 (first bad byte at offset 3)",
            ),
            (
                ErrorKind::DuplicateJourney,
                "duplicate_journey",
                "Duplicate journey",
                "You are trying to submit a duplicate journey for this move, please try again",
            ),
            (
                ErrorKind::InvalidFilter {
                    attribute: "date_from",
                    message: "is not a valid date.",
                },
                "invalid_filter",
                "Invalid filter",
                "Date from is not a valid date.",
            ),
            (
                ErrorKind::LodgingNotCancellable {
                    status: LodgingStatus::Started,
                },
                "lodging_not_cancellable",
                "Lodging cannot be cancelled",
                "Started lodgings may not be cancelled",
            ),
            (
                ErrorKind::TokenInvalid,
                "not_authorized",
                "Not authorized",
                "Token expired or invalid",
            ),
            (
                ErrorKind::AccessDenied,
                "not_authorized",
                "Not authorized",
                "You are not authorized to access this page.",
            ),
            (
                ErrorKind::RouteNotFound {
                    method: "GET".into(),
                    path: "/api/x".into(),
                },
                "route_not_found",
                "Route not found",
                r#"No route matches [GET] "/api/x""#,
            ),
            (
                ErrorKind::RouteNotFound {
                    method: "GET".into(),
                    path: "/api/\"#{x}".into(),
                },
                "route_not_found",
                "Route not found",
                r##"No route matches [GET] "/api/\"\#{x}""##,
            ),
            (
                ErrorKind::IdempotencyConflict { key: "k".into() },
                "idempotency_conflict",
                "Idempotency conflict",
                "Idempotency::ConflictError: Conflicting idempotency key: k",
            ),
            (
                ErrorKind::InvalidMediaType {
                    content_type: "json".into(),
                },
                "unsupported_media_type",
                "Unsupported media type",
                r#"Content-Type "json" is not a media type: Rails raises Mime::Type::InvalidMimeType"#,
            ),
            (
                ErrorKind::UnreadableParameters {
                    query: true,
                    message: "invalid %-encoding (100%)".into(),
                },
                "unreadable_parameters",
                "Parameters Rails cannot read",
                "Invalid query parameters: invalid %-encoding (100%)",
            ),
            (
                ErrorKind::InvalidPath,
                "invalid_path",
                "Invalid path",
                "The path has a NUL byte once unescaped (%00): Rack::Cors answers a CORS preflight to it 400",
            ),
            (
                ErrorKind::UnacceptableEncoding {
                    fullpath: "/api/moves?page=2".into(),
                },
                "unacceptable_encoding",
                "No acceptable encoding",
                "An acceptable encoding for the requested resource /api/moves?page=2 could not be found.",
            ),
            (
                ErrorKind::InvalidAccept {
                    accept: "json".into(),
                },
                "invalid_accept",
                "Accept is not a media type",
                r#"Accept "json" is not a list of media types: Rails raises Mime::Type::InvalidMimeType"#,
            ),
            (
                ErrorKind::UnsupportedVersion,
                "unsupported_version",
                "Unsupported API version",
                r#"The Api versions supported are: ["1", "2"]"#,
            ),
            (
                ErrorKind::NotSupportedInVersion { version: Some(1) },
                "not_supported_in_version",
                "Not supported in this API version",
                "This endpoint is not supported in version v1 - please change the ACCEPT header to a newer version",
            ),
            (
                ErrorKind::ServerLimit {
                    limit: ServerLimit::Query,
                    length: 10241,
                },
                "server_limit",
                "Too long for the API's server",
                "The query string is 10241 bytes: Puma, the API's web server, reads at most 10240 \
                 (QUERY_STRING) and answers 400 with an empty body before the API sees the \
                 request (a proxy in front of it may refuse the request first, with a status of \
                 its own)",
            ),
            (
                ErrorKind::NotSupportedInVersion { version: None },
                "not_supported_in_version",
                "Not supported in this API version",
                "This endpoint is not supported in version v - please change the ACCEPT header to a newer version",
            ),
        ];
        for (kind, code, title, detail) in cases {
            assert_eq!(kind.code(), code);
            assert_eq!(kind.title(), title);
            assert_eq!(kind.to_string(), detail);
            assert_eq!(kind.detail(), detail);
            let e = ApiError::from_kind(&kind, ErrorSource::pointer("/data"));
            assert_eq!((&*e.code, &*e.title), (code, title));
            assert_eq!(e.detail, detail);
        }
    }

    #[test]
    fn humanize_matches_rails() {
        assert_eq!(
            humanize("expected_at must be formatted as a valid ISO-8601 date-time"),
            "Expected at must be formatted as a valid iso-8601 date-time"
        );
        assert_eq!(
            humanize("to_location_id should be different to the from location"),
            "To location id should be different to the from location"
        );
        assert_eq!(humanize("to_location_id"), "To location");
        assert_eq!(humanize("occurred_at"), "Occurred at");
        assert_eq!(humanize("_x"), " x");
        assert_eq!(humanize("éCOLE_Ñ_id"), "École ñ");
        assert_eq!(humanize(""), "");
        assert_eq!(
            humanize_parts(&["to_location_id", "is missing"]),
            humanize("to_location_id is missing")
        );
        assert_eq!(humanize_parts(&["profile", "foo_id"]), "Profile foo");
    }
}
