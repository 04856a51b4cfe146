//! Pieces every endpoint shares: the two error shapes, `Idempotency-Key`, `include=`, ids in
//! the path, the `timestamp` and `type` params, and the action paths' table rows.

use std::borrow::Cow;

use crate::context::{Fact, Facts, canonical_uuid};
use crate::error::{
    ApiError, ApiErrorObject, ErrorKind, ErrorMeta, ErrorSource, ErrorText, Failure, FixCell,
    ServerLimit, messages,
};
use crate::events::EventType;
use crate::json::Json;
use crate::model::Outcome;
use crate::model::errors::crash;
use crate::pointer;
use crate::request::Request;
use crate::time::parse_strict_datetime;
use crate::verdict::{
    Effect, Unchecked, UncheckedKind, Verdict, Warning, WarningKind, warning_codes,
};

use super::Call;

/// One failure of a params validator (the API's "shape A").
#[derive(Debug, Clone)]
pub(crate) struct ParamFailure {
    /// What failed: always an [`ErrorKind::Param`].
    pub kind: ErrorKind,
    /// The exact place.
    pub pointer: ErrorSource,
    /// The values the check allows, for an inclusion failure (`meta.allowed`).
    pub allowed: Option<&'static [&'static str]>,
}

impl ParamFailure {
    /// A failure of `attribute` (raw: `occurred_at`) with the API's `message`.
    pub fn new(
        attribute: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
        code: Failure,
        pointer: ErrorSource,
    ) -> Self {
        ParamFailure {
            kind: ErrorKind::Param {
                failure: code,
                attribute: attribute.into(),
                message: message.into(),
            },
            pointer,
            allowed: None,
        }
    }

    /// The same failure, with the values its check allows (the list the check reads).
    pub fn allowed(mut self, values: &'static [&'static str]) -> Self {
        self.allowed = Some(values);
        self
    }

    /// An inclusion failure at a body pointer (Rails' message), with the values its check
    /// allows.
    pub fn inclusion(
        attribute: impl Into<Cow<'static, str>>,
        pointer: String,
        allowed: &'static [&'static str],
    ) -> Self {
        Self::at(attribute, messages::INCLUSION, Failure::Inclusion, pointer).allowed(allowed)
    }

    /// A failure at a body pointer.
    pub fn at(
        attribute: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
        code: Failure,
        pointer: String,
    ) -> Self {
        Self::new(attribute, message, code, ErrorSource::pointer(pointer))
    }
}

/// The `timestamp` attribute the params validators of journeys and of allocation, journey and
/// move events read with `Time.iso8601` (`app/services/journeys/params_validator.rb:14`,
/// `app/services/allocation_events/params_validator.rb:12`,
/// `app/services/journey_events/params_validator.rb:13`,
/// `app/services/move_events/params_validator.rb:32`): a string it cannot read is the params
/// failure, and so is a missing or `null` one when `required`; any other JSON value makes
/// `Time.iso8601` raise `TypeError`, which the API answers with a 500 (the `Err`, for
/// [`try_verdict!`]).
pub(crate) fn timestamp_param(
    value: Option<&Json<'_>>,
    required: bool,
) -> Result<Option<ParamFailure>, Box<Verdict>> {
    match value {
        Some(Json::String(s)) if parse_strict_datetime(s).is_some() => Ok(None),
        None | Some(Json::Null) if !required => Ok(None),
        None | Some(Json::Null | Json::String(_)) => Ok(Some(ParamFailure::at(
            "timestamp",
            messages::DATETIME,
            Failure::InvalidDatetime,
            pointer::attribute("timestamp"),
        ))),
        Some(other) => Err(Box::new(Verdict::refused(
            500,
            vec![crash(
                format!(
                    "`timestamp` is a JSON {}: Time.iso8601 raises TypeError",
                    other.type_name()
                ),
                pointer::attribute("timestamp"),
            )],
        ))),
    }
}

/// What an action path (`POST /api/moves/:id/<action>`, `POST
/// /api/moves/:move_id/journeys/:id/<action>`) creates and permits: the event type it writes,
/// the attributes its params permit, and the relationship it reads, if any (`moves.md` §8,
/// `journeys.md` §5).
pub(crate) struct ActionSpec {
    /// The path's last segment.
    pub path: &'static str,
    /// The event the action writes.
    pub event: EventType,
    /// The attributes its params permit.
    pub permitted: &'static [&'static str],
    /// The relationship it reads (`from_location`, `to_location`), if any.
    pub relationship: Option<&'static str>,
}

impl ActionSpec {
    /// The action of the call's `:action` in `actions`; the API's 404 for a path it does not
    /// route otherwise.
    pub fn of<'s>(
        actions: &'s [ActionSpec],
        call: &Call<'_>,
    ) -> Result<&'s ActionSpec, Box<Verdict>> {
        actions
            .iter()
            .find(|a| a.path == call.param("action"))
            .ok_or_else(|| Box::new(route_not_found("POST", &call.req.route_path())))
    }

    /// The paths of `actions`, in table order.
    pub fn paths(actions: &[ActionSpec]) -> Vec<&'static str> {
        actions.iter().map(|a| a.path).collect()
    }
}

/// The `type` param of the action endpoints' params validators (`validates :type, presence:
/// true, inclusion: { in: TYPES }`): its failures pushed onto `failures`, in that order, and
/// its text returned (Ruby's `to_s`: "" when it is absent or `null`).
pub(crate) fn type_param(
    data: &Json<'_>,
    types: &'static [&'static str],
    failures: &mut Vec<ParamFailure>,
) -> String {
    let raw = data.get("type");
    let ty = raw.map(Json::ruby_to_s).unwrap_or_default();
    let at = pointer::join(&["data", "type"]);
    if raw.is_none_or(Json::is_blank) {
        failures.push(ParamFailure::at(
            "type",
            messages::BLANK,
            Failure::Blank,
            at.clone(),
        ));
    }
    if !types.contains(&ty.as_str()) {
        failures.push(ParamFailure::inclusion("type", at, types));
    }
    ty
}

/// Shape A: one API object for the whole step (`Invalid <attrs>` / `Validation failed: …`),
/// one of our errors per message. The texts are written only when read ([`ErrorText`]): the
/// step's failures are kept, once, by every text that is made of them.
#[cold]
pub(crate) fn shape_a(mut failures: Vec<ParamFailure>) -> Verdict {
    // The kinds move into the texts' shared list (one allocation); a unit kind is left behind.
    let texts = ErrorText::step(
        failures
            .iter_mut()
            .map(|f| std::mem::replace(&mut f.kind, ErrorKind::DuplicateJourney))
            .collect(),
    );
    // Each error is made whole where it is pushed, each failure read in place: in the `.wasm`
    // every move of an error (392 bytes) or a failure is a `memory.copy`, a call in V8.
    let mut errors = Vec::with_capacity(failures.len());
    for (i, f) in failures.iter_mut().enumerate() {
        let kind = texts.kind(i);
        errors.push(ApiError {
            code: Cow::Borrowed(kind.code()),
            title: Cow::Borrowed(kind.title()),
            detail: texts.failure(i),
            source: std::mem::take(&mut f.pointer),
            meta: ErrorMeta {
                // Every member named: `..Default::default()` makes a whole default and
                // copies the rest of it in.
                api: Some(ApiErrorObject {
                    title: texts.title(),
                    detail: texts.detail(),
                    source: None,
                    code: None,
                    meta: None,
                }),
                allowed: f.allowed.map(ErrorMeta::allowed_values),
                unverified: false,
                reason: None,
                existing_id: None,
                fix: FixCell::default(),
            },
        });
    }
    Verdict::refused(422, errors)
}

/// A 400 `Bad request` with the API's detail.
#[cold]
pub(crate) fn bad_request(kind: &ErrorKind, source: ErrorSource) -> Box<Verdict> {
    let e = ApiError::from_kind(kind, source);
    let detail = e.detail.clone();
    let e = e.with_api(ApiErrorObject {
        title: "Bad request".into(),
        detail,
        ..Default::default()
    });
    Box::new(Verdict::refused(400, vec![e]))
}

/// A 404 for a record named by a path parameter.
#[cold]
pub(crate) fn not_found_param(class: &str, id: &str, parameter: &str) -> Box<Verdict> {
    let e = ApiError::record_not_found(class, id, ErrorSource::parameter(parameter.to_owned()));
    Box::new(Verdict::refused(404, vec![e]))
}

/// Looks up a record named in the path: a non-UUID id never exists (404); an unknown one is
/// listed as unchecked.
pub(crate) fn path_record<T>(
    class: &'static str,
    id: &str,
    parameter: &str,
    fetch: impl FnOnce(&str) -> Fact<T>,
    out: &mut Outcome,
) -> Result<Option<T>, Box<Verdict>> {
    let Some(canonical) = canonical_uuid(id) else {
        return Err(not_found_param(class, id, parameter));
    };
    match fetch(&canonical) {
        Fact::Missing => Err(not_found_param(class, id, parameter)),
        Fact::Unknown => {
            out.unchecked.push(Unchecked::new(
                UncheckedKind::Exists {
                    class,
                    id: id.to_owned(),
                },
                ErrorSource::parameter(parameter.to_owned()),
            ));
            Ok(None)
        }
        Fact::Known(t) => Ok(Some(t)),
    }
}

/// `Class.find(id)` of an id in the body at `at` (a relationship's `data.id`): the id made
/// canonical; one that is not a UUID, or that the facts say does not exist, is the 404 at `at`;
/// one the facts do not cover is unchecked. The body's counterpart of [`path_record`].
pub(crate) fn body_record<T>(
    class: &'static str,
    id: &Json<'_>,
    at: &str,
    fetch: impl FnOnce(&str) -> Fact<T>,
    out: &mut Outcome,
) -> Result<(String, Option<T>), Box<Verdict>> {
    let text = id.ruby_to_s();
    let missing = || {
        Box::new(Verdict::refused(
            404,
            vec![crate::model::errors::not_found(
                class,
                Some(id),
                at.to_owned(),
            )],
        ))
    };
    let Some(canonical) = canonical_uuid(&text) else {
        return Err(missing());
    };
    match fetch(&canonical) {
        Fact::Missing => Err(missing()),
        Fact::Unknown => {
            out.unchecked.push(Unchecked::new(
                UncheckedKind::Exists { class, id: text },
                ErrorSource::pointer(at.to_owned()),
            ));
            Ok((canonical, None))
        }
        Fact::Known(t) => Ok((canonical, Some(t))),
    }
}

/// The API's idempotency fingerprint of a request: its method, its path as Rails'
/// `request.path` reads it ([`rails_path`](crate::request::rails_path): no query, normalised)
/// and the raw body bytes (`app/controllers/concerns/idempotentable.rb` L27-28,
/// `"#{request.method}|#{request.path}|#{request.raw_post}"`): any byte difference of the body
/// is a different request, a different query is not. `path` is the request's, with its query.
/// The API hashes them with MD5; basm uses FNV-1a 64, which is enough for equality and needs
/// no dependency.
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in method
        .to_ascii_uppercase()
        .bytes()
        .chain([b'|'])
        .chain(crate::request::rails_path(path).bytes())
        .chain([b'|'])
        .chain(body.iter().copied())
    {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Whether a key matches `/\A[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\Z/i`
/// (Ruby's `\Z` also allows one trailing newline).
pub fn is_idempotency_key(key: &str) -> bool {
    let key = key.strip_suffix('\n').unwrap_or(key);
    let b = key.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The idempotency check of the endpoints that require a key (`api-conventions.md` §4): the
/// format (422 A), then replay of a stored response or 409. `Ok(Some(verdict))` is a replay.
pub(crate) fn idempotency(
    req: &Request,
    facts: &dyn Facts,
    out: &mut Outcome,
) -> Result<Option<Verdict>, Box<Verdict>> {
    let key = req.header_value("Idempotency-Key").unwrap_or_default();
    let source = ErrorSource::header("Idempotency-Key");
    if key.is_empty() {
        let failures = vec![
            ParamFailure::new(
                "idempotency_key",
                messages::BLANK,
                Failure::InvalidIdempotencyKey,
                source.clone(),
            ),
            ParamFailure::new(
                "idempotency_key",
                "is invalid",
                Failure::InvalidIdempotencyKey,
                source,
            ),
        ];
        return Err(Box::new(shape_a(failures)));
    }
    if !is_idempotency_key(&key) {
        let failures = vec![ParamFailure::new(
            "idempotency_key",
            "is invalid",
            Failure::InvalidIdempotencyKey,
            source,
        )];
        return Err(Box::new(shape_a(failures)));
    }
    match facts.idempotency_key(&key) {
        Fact::Unknown => {
            out.unchecked.push(Unchecked::new(
                UncheckedKind::IdempotencyKeyUsed { key },
                source,
            ));
            Ok(None)
        }
        Fact::Missing => Ok(None),
        Fact::Known(record) => {
            let same = record.fingerprint == fingerprint(&req.method, &req.path, &req.body);
            if same && record.replayable {
                out.warnings.push(Warning::new(
                    WarningKind::Static { code: warning_codes::REPLAY, detail: "The API replays the stored response of this key: nothing runs again" },
                    source,
                ));
                let status = record.status.unwrap_or(200);
                let mut verdict = Verdict::accepted(
                    status,
                    Effect {
                        summary: "Replays the stored response; nothing changes".into(),
                        changes: Vec::new(),
                    },
                );
                // A stored refusal (the lodging-cancel 400s) is replayed as a refusal.
                verdict.valid = (200..300).contains(&status);
                return Ok(Some(verdict));
            }
            let e = ApiError::from_kind(&ErrorKind::IdempotencyConflict { key }, source);
            let detail = e.detail.clone();
            let mut e = e.with_api(ApiErrorObject {
                title: "Idempotency Conflict Error".into(),
                detail,
                ..Default::default()
            });
            e.meta.reason = Some(if same {
                "the same request, but more than 10 minutes after the first: the key is still reserved for 12 hours".into()
            } else {
                format!(
                    "the key was used for {} {} with another body",
                    record.method, record.path
                )
            });
            Err(Box::new(Verdict::refused(409, vec![e])))
        }
    }
}

/// Ruby's `split(',')`: the fields between commas, the trailing empty ones dropped (`"a,"` is
/// `["a"]`, `",a"` is `["", "a"]`, `""` and `","` are `[]`).
pub(crate) fn ruby_split(value: &str) -> impl Iterator<Item = &str> {
    let kept = value.trim_end_matches(',');
    kept.split(',').filter(move |_| !kept.is_empty())
}

/// The `include=` values of an action whose controller defines no `supported_relationships`:
/// `ApiController`'s default, `[]` (upstream `app/controllers/api_controller.rb` L297-303), so
/// every value is a 400 whose list of valid values is empty. `validate_include_params` is
/// `ApiController`'s last `before_action`, so it runs before the controller's own.
pub(crate) const NO_INCLUDES: &[&str] = &[];

/// The `include=` check (`api-conventions.md` §5) of `params[:include]` as the query or the
/// body gives it (the API's own tests send it in the body of `POST /api/moves/filtered`:
/// `spec/requests/api/moves_controller_filtered_spec.rb` L7, L145-163): split on `,` without
/// trimming; each path and every prefix of an allowed dotted path is accepted.
///
/// `IncludeParamHandler` takes it through `params.permit(:include, :meta)`, which drops an
/// Array or a Hash ([`dropped_by_permit`]: the caller warns), and reads it with
/// `@params[:include]&.split(',')`
/// (`app/services/include_param_handler.rb` L4-10): nil is no include, and a number, `true` or
/// `false` from a JSON body has no `split`, a `NoMethodError` no `rescue_from` handles (500).
pub(crate) fn check_include(
    given: crate::rails::Param<'_, '_, '_>,
    allowed: &'static [&'static str],
) -> Result<(), Box<Verdict>> {
    let Some(value) = given.text() else {
        if given.is_nil() {
            return Ok(());
        }
        return Err(Box::new(param_crash("include", given, SPLIT)));
    };
    if value.is_empty() {
        return Ok(());
    }
    // Every supported path and its prefixes, as the validator compares them.
    let valid = crate::error::splatted(allowed);
    let ok = |path: &str| valid.contains(&path);
    let bad: Vec<String> = ruby_split(&value)
        .filter(|p| !ok(p))
        .map(str::to_owned)
        .collect();
    if bad.is_empty() {
        return Ok(());
    }
    // One failure of the API's `IncludeParamsValidator`, which lists every path it does not
    // support, in the order sent, in one object (`include_params_validator.rb:9-12`): one
    // error, as long as the query that holds the paths.
    let kind = ErrorKind::UnsupportedInclude {
        paths: bad,
        valid: allowed,
    };
    let e = ApiError::from_kind(&kind, given.source("include"));
    let detail = e.detail.clone();
    let mut e = e.with_api(ApiErrorObject {
        title: "Bad request".into(),
        detail,
        ..Default::default()
    });
    e.set_allowed(&valid);
    Err(Box::new(Verdict::refused(400, vec![e])))
}

/// The action params validators' location rule (422 A, `moves.md` §8, `journeys.md` §5):
/// `relationships.<rel>.data.id` present (`is missing`) and existing (`was not found`).
pub(crate) fn location_param(
    data: &crate::json::Json<'_>,
    rel: &str,
    permitted: bool,
    facts: &dyn Facts,
    out: &mut Outcome,
    failures: &mut Vec<ParamFailure>,
) {
    let id_value = data
        .dig(&["relationships", rel, "data", "id"])
        .filter(|_| permitted);
    let attribute = format!("{rel}_id");
    let Some(value) = id_value.filter(|v| !v.is_blank()) else {
        failures.push(ParamFailure::at(
            attribute,
            "is missing",
            Failure::MissingRelationship,
            relationship_id_pointer(data, rel),
        ));
        return;
    };
    let at = crate::pointer::relationship_id(rel);
    let text = value.ruby_to_s();
    let missing = match canonical_uuid(&text) {
        None => true,
        Some(c) => match facts.location(&c) {
            Fact::Missing => true,
            Fact::Unknown => {
                out.unchecked.push(Unchecked::new(
                    UncheckedKind::RelatedLocation {
                        relationship: rel.to_owned(),
                        id: text.clone(),
                    },
                    ErrorSource::pointer(at.clone()),
                ));
                false
            }
            Fact::Known(_) => false,
        },
    };
    if missing {
        failures.push(ParamFailure::at(
            attribute,
            "was not found",
            Failure::ReferenceNotFound,
            at,
        ));
    }
}

/// Where an error about the id of relationship `rel` of a document's `data` points: at the
/// member that is missing — the relationship itself when it is absent, its `data` when that
/// is absent or not an object — else at `data/id` (wrong or missing id), as errors about a
/// missing attribute point at the attribute.
pub(crate) fn relationship_id_pointer(data: &crate::json::Json<'_>, rel: &str) -> String {
    let at = crate::pointer::relationship(rel);
    match data.dig(&["relationships", rel]) {
        None => at,
        Some(r) => match r.get("data") {
            Some(crate::json::Json::Object(_)) => format!("{at}/data/id"),
            _ => format!("{at}/data"),
        },
    }
}

/// Whether a part of `req` may be longer than Puma, the API's web server, reads
/// ([`ServerLimit`](crate::error::ServerLimit)): one pass over the headers, on the way to every
/// verdict, which [`server_limit`] then checks part by part.
#[inline]
pub(crate) fn past_server_limits(req: &Request) -> bool {
    // The head's bytes as [`head_bytes`] counts them, a `#` fragment included (so at least
    // as many), and the path and query, which are at most the whole, within the least of
    // their three limits.
    let mut head = req.method.len() + req.path.len() + 14;
    for (name, value) in &req.headers {
        if name.len() > ServerLimit::HeaderName.bytes()
            || value.len() > ServerLimit::HeaderValue.bytes()
        {
            return true;
        }
        head += name.len() + value.len() + 3;
    }
    req.path.len() > ServerLimit::Path.bytes() || head > ServerLimit::Head.bytes()
}

/// The request line's target as Puma measures it: the path and query, without a `#`
/// fragment (which HTTP clients do not send).
fn target(req: &Request) -> &str {
    req.path.split('#').next().unwrap_or_default()
}

/// The fewest bytes the request line and headers of `req` are sent in ([`ServerLimit::Head`]):
/// `METHOD target HTTP/1.1` and CRLF, `name:value` and CRLF a header, and the blank line.
fn head_bytes(req: &Request) -> usize {
    let line = req.method.len() + 1 + target(req).len() + 11;
    let headers: usize = req.headers.iter().map(|(n, v)| n.len() + v.len() + 3).sum();
    line + headers + 2
}

/// 400 with an empty body for the first part of `req` longer than Puma reads, in the order its
/// parser reads them: the path (up to `?`) as it ends, then the query, then the two together
/// (the request line's target, without a `#` fragment), then each header, name first
/// (`ext/puma_http11/http11_parser_common.rl:30-48`: a part's end is acted on before the
/// part it is in). No API error object: Puma's body is empty. None when every part is within
/// its limit (a `#` fragment, which HTTP clients do not send, made the whole long).
#[cold]
pub(crate) fn server_limit(req: &Request) -> Option<Verdict> {
    let uri = target(req);
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut parts = vec![
        (ServerLimit::Path, path.len(), None),
        (ServerLimit::Query, query.len(), None),
        (ServerLimit::Uri, uri.len(), None),
    ];
    for (name, value) in &req.headers {
        parts.push((ServerLimit::HeaderName, name.len(), Some(name)));
        parts.push((ServerLimit::HeaderValue, value.len(), Some(name)));
    }
    parts.push((ServerLimit::Head, head_bytes(req), None));
    let (limit, length, header) = parts.into_iter().find(|(l, n, _)| *n > l.bytes())?;
    let source = header.map_or_else(ErrorSource::default, |h| ErrorSource::header(h.clone()));
    let error = ApiError::from_kind(&ErrorKind::ServerLimit { limit, length }, source);
    let mut verdict = Verdict::refused(400, vec![error]);
    verdict.set_empty_body();
    Some(verdict)
}

/// 404 for a path no route matches.
#[cold]
pub(crate) fn route_not_found(method: &str, path: &str) -> Verdict {
    let kind = ErrorKind::RouteNotFound {
        method: method.to_owned(),
        path: path.to_owned(),
    };
    // The router answers with `X-Cascade: pass`; `DebugExceptions` raises `RoutingError`, which
    // `ShowExceptions` answers (Rails 8.0.5 `middleware/debug_exceptions.rb`).
    let e = ApiError::from_kind(&kind, ErrorSource::default()).unverified();
    Verdict::refused_by_rails(404, vec![e])
}

/// Rails' 400 for a query it cannot read (`crate::rails::query_failure`).
#[cold]
pub(crate) fn unreadable_query(failure: crate::rails::QueryFailure) -> Verdict {
    let kind = ErrorKind::UnreadableParameters {
        query: true,
        message: failure.message,
    };
    let e = ApiError::from_kind(&kind, ErrorSource::parameter(failure.parameter)).unverified();
    Verdict::refused_by_rails(400, vec![e])
}

/// A list endpoint's filters, from the query (`filter[name]=…`, errors at the parameter) or,
/// for the `POST …/filtered` variants, from `data.attributes.filter` (errors at the pointer).
pub(crate) struct Filters {
    /// Name → value as `permit` leaves it, in order.
    pub values: Vec<(String, FilterValue)>,
    /// Where a filter's error points.
    pub at: fn(&str) -> ErrorSource,
}

/// A filter's value after `permit(PERMITTED_FILTER_PARAMS)`, which keeps a permitted scalar
/// (`ActionController::Parameters::PERMITTED_SCALAR_TYPES`: a String, a number, `true`,
/// `false`, nil) and drops anything else.
pub(crate) enum FilterValue {
    /// nil, which every params validator allows (`allow_nil`): `filter[name]` without `=`
    /// (Rails reads nil), a JSON `null`. The key is there: the finders' `key?` sees it.
    Nil,
    /// A String.
    Text(String),
    /// A number, `true` or `false` of a JSON body: kept, though the validators and finders
    /// are written for strings.
    Other {
        /// Ruby's `to_s` of it.
        to_s: String,
        /// What Ruby's exceptions call it ([`crate::rails::Param::ruby_name`]).
        ruby_name: &'static str,
        /// Ruby's `blank?`: `false` only.
        blank: bool,
    },
    /// An array or an object, which `permit` drops: as if not given.
    Dropped,
}

impl FilterValue {
    /// The warning that `permit(PERMITTED_FILTER_PARAMS)` drops filter `name` given this
    /// value: it is not one of `known`, or it is a list or an object. `bracketed` names it as
    /// the query parameter `filter[name]`.
    pub fn dropped(&self, name: &str, known: &[&str], bracketed: bool) -> Option<WarningKind> {
        let name = name.to_owned();
        if !known.contains(&name.as_str()) {
            Some(WarningKind::UnknownFilter { name, bracketed })
        } else if matches!(self, FilterValue::Dropped) {
            Some(WarningKind::FilterDropped { name, bracketed })
        } else {
            None
        }
    }

    /// Its text: a String's, or Ruby's `to_s` of a number, `true` or `false`; `None` for nil
    /// and for what `permit` drops.
    pub fn text(&self) -> Option<&str> {
        match self {
            FilterValue::Text(s) | FilterValue::Other { to_s: s, .. } => Some(s),
            FilterValue::Nil | FilterValue::Dropped => None,
        }
    }

    /// Rails' `present?`: given, and not blank (a String of spaces is blank, so is `false`).
    pub fn is_present(&self) -> bool {
        match self {
            FilterValue::Text(s) => !s.chars().all(char::is_whitespace),
            FilterValue::Other { blank, .. } => !blank,
            FilterValue::Nil | FilterValue::Dropped => false,
        }
    }
}

/// What a list's params validator or finder does with a filter's value, of which some values
/// raise an exception no `rescue_from` handles: the API answers 500.
#[derive(Clone, Copy)]
pub(crate) enum FilterUse {
    /// The validator's `Date.strptime(value, '%Y-%m-%d')`, which rescues `ArgumentError` only:
    /// a number, `true` or `false` raise `TypeError` (the validators allow nil).
    Strptime,
    /// The moves validator's `value&.split(',')`: a number, `true` or `false` raise
    /// `NoMethodError`.
    Split,
    /// A finder's `split_params` (`return if filter_params[name].blank?`, then
    /// `filter_params[name].split(',')`): a number or `true` raise `NoMethodError`.
    SplitUnlessBlank,
    /// The locations finder's `Date.strptime(value, '%Y-%m-%d')` when the value is not blank
    /// (`app/services/locations/finder.rb` L90-95): a number or `true` raise `TypeError`.
    FinderStrptime,
    /// The moves finder's `Date.parse(filter_params[:created_at_to])` when the key is given
    /// (`app/services/moves/finder.rb` L88): nil, which the validator allowed, raises
    /// `TypeError`.
    DateParse,
    /// The version 2 people index's `filter_params[:prison_number]&.split(',')`
    /// (`app/controllers/api/v2/people_actions.rb` L103-105): a number, `true` or `false` raise
    /// `NoMethodError`.
    PrisonNumbers,
    /// The version 1 people index's `filter_params[:prison_number]&.upcase`
    /// (`app/controllers/api/v1/people_actions.rb` L26-27): a number, `true` or `false` raise
    /// `NoMethodError`.
    Upcase,
}

impl FilterUse {
    /// Whether `value` makes it raise.
    fn raises(self, value: &FilterValue) -> bool {
        match (self, value) {
            (
                FilterUse::Strptime
                | FilterUse::Split
                | FilterUse::PrisonNumbers
                | FilterUse::Upcase,
                FilterValue::Other { .. },
            ) => true,
            (
                FilterUse::SplitUnlessBlank | FilterUse::FinderStrptime,
                FilterValue::Other { blank, .. },
            ) => !blank,
            (FilterUse::DateParse, FilterValue::Nil) => true,
            _ => false,
        }
    }
}

impl Filters {
    /// A list endpoint's filters, after its `include=` check: from the query for `GET`, from
    /// the body for the `POST …/filtered` variant.
    pub fn of(call: &mut super::Call<'_>) -> Result<Filters, Box<Verdict>> {
        call.check_include()?;
        if call.req.method.eq_ignore_ascii_case("POST") {
            return Filters::from_body(call.body);
        }
        // `params.fetch(:filter, {}).permit(PERMITTED_FILTER_PARAMS)` (the moves and
        // allocations controllers, `filter_params`): a Hash from the query or a JSON body;
        // anything else given, nil too, has no `permit`.
        match call.rails_param("filter") {
            None => Ok(Filters::from_query(call.req)),
            Some(given) if given.is_hash() => Ok(match given {
                crate::rails::Param::Body(Json::Object(members)) => {
                    Filters::from_members(members, |name| {
                        ErrorSource::pointer(pointer::join(&["filter", name]))
                    })
                }
                _ => Filters::from_query(call.req),
            }),
            Some(given) => Err(Box::new(param_crash(
                "filter",
                given,
                "the controller's `filter_params` calls `params.fetch(:filter, {}).permit(…)` on \
                 it, which needs a Hash (`filter[…]=…` in the query, an object in a JSON body)",
            ))),
        }
    }

    /// The members of a `filter` object of the body, as `permit` leaves them, an error about
    /// one at `at` of its name.
    pub(crate) fn from_members(
        members: &[(&str, Json<'_>)],
        at: fn(&str) -> ErrorSource,
    ) -> Filters {
        let values = members
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    Json::Null => FilterValue::Nil,
                    Json::Array(_) | Json::Object(_) => FilterValue::Dropped,
                    Json::String(s) => FilterValue::Text((*s).to_owned()),
                    scalar => FilterValue::Other {
                        to_s: scalar.ruby_to_s(),
                        ruby_name: crate::rails::Param::Body(scalar).ruby_name(),
                        blank: scalar.is_blank(),
                    },
                };
                ((*k).to_owned(), value)
            })
            .collect();
        Filters { values, at }
    }

    /// The value of filter `name`, the last given (Ruby's Hash keeps the last of a key twice
    /// in a JSON object, as Rails the last of a query's); `None` when it is not given or
    /// `permit` dropped it.
    pub fn value(&self, name: &str) -> Option<&FilterValue> {
        self.values
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v, FilterValue::Dropped))
    }

    /// The text of filter `name` ([`FilterValue::text`]); `None` when it is not given or nil.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.value(name).and_then(FilterValue::text)
    }

    /// The API's 500 for the first of `names`, in their order, whose value makes `used` raise.
    pub fn crash(&self, names: &[&'static str], used: FilterUse) -> Option<Verdict> {
        let (name, value) = names
            .iter()
            .find_map(|name| Some((*name, self.value(name).filter(|v| used.raises(v))?)))?;
        Some(filter_crash(name, value, used, (self.at)(name)))
    }

    /// The date filters of `names` given a String that `Date.strptime(value, '%Y-%m-%d')`
    /// refuses ([`messages::STRPTIME_DATE`]), in the order of `names` (any other value but nil
    /// makes it raise: [`FilterUse::Strptime`]).
    pub fn bad_dates<'a>(
        &'a self,
        names: &'a [&'static str],
    ) -> impl Iterator<Item = &'static str> + 'a {
        names.iter().copied().filter(|name| {
            matches!(self.value(name), Some(FilterValue::Text(v))
                if crate::time::parse_strptime_ymd(v).is_none())
        })
    }

    /// The `filter[…]` query parameters.
    pub(crate) fn from_query(req: &Request) -> Filters {
        // `filter[name]` without `=`: Rails reads nil.
        // `filter[name][…]=…` makes it a Hash or an Array, which `permit` drops.
        let mut values: Vec<(String, FilterValue)> = Vec::new();
        for (k, v) in req.query_values() {
            let Some((name, rest)) = k.strip_prefix("filter[").and_then(|k| k.split_once(']'))
            else {
                continue;
            };
            let value = if !rest.is_empty() {
                if values
                    .iter()
                    .any(|(n, v)| n == name && matches!(v, FilterValue::Dropped))
                {
                    continue;
                }
                FilterValue::Dropped
            } else {
                v.map_or(FilterValue::Nil, FilterValue::Text)
            };
            values.push((name.to_owned(), value));
        }
        Filters {
            values,
            at: |name| ErrorSource::parameter(format!("filter[{name}]")),
        }
    }

    /// `data.attributes.filter` of the body (400 without `data`).
    fn from_body(body: &super::Body<'_>) -> Result<Filters, Box<Verdict>> {
        let doc = super::parse_body(body)?;
        let data = super::require_data(doc)?;
        let members = data
            .dig(&["attributes", "filter"])
            .and_then(Json::as_object)
            .unwrap_or_default();
        Ok(Filters::from_members(members, |name| {
            ErrorSource::pointer(format!("/data/attributes/filter/{name}"))
        }))
    }
}

/// The 500 of filter `name`, whose `value` makes `used` raise ([`Filters::crash`]).
#[cold]
fn filter_crash(name: &str, value: &FilterValue, used: FilterUse, source: ErrorSource) -> Verdict {
    let called = match value {
        FilterValue::Other { ruby_name, .. } => ruby_name,
        _ => "nil",
    };
    let class = called.strip_prefix("an instance of ").unwrap_or(called);
    let (what, advice) = match used {
        FilterUse::Strptime => (
            "the params validator calls Date.strptime(value, '%Y-%m-%d'), which rescues \
             ArgumentError only",
            "Give the date as a string",
        ),
        FilterUse::Split => (
            "the params validator calls value&.split(',')",
            "Give the values as one string, a,b",
        ),
        FilterUse::SplitUnlessBlank => (
            "the finder's split_params calls split(',') on a value that is not blank",
            "Give the values as one string, a,b",
        ),
        FilterUse::FinderStrptime => (
            "the finder calls Date.strptime(value, '%Y-%m-%d') on a value that is not blank",
            "Give the date as a string, YYYY-MM-DD",
        ),
        FilterUse::DateParse => (
            "the params validator allows nil, then the finder, which sees the key, calls \
             Date.parse(nil)",
            "Give a date or leave the filter out",
        ),
        FilterUse::PrisonNumbers => (
            "the people index calls value&.split(',') to import the people from NOMIS",
            "Give the prison numbers as one string, A1234BC,B2345CD",
        ),
        FilterUse::Upcase => (
            "the people index calls value&.upcase to import the person from NOMIS",
            "Give the prison number as a string",
        ),
    };
    let raised = match used {
        FilterUse::Strptime | FilterUse::FinderStrptime | FilterUse::DateParse => {
            format!("TypeError (no implicit conversion of {class} into String)")
        }
        FilterUse::Upcase => format!("NoMethodError (undefined method 'upcase' for {called})"),
        _ => format!("NoMethodError (undefined method 'split' for {called})"),
    };
    let reason = format!(
        "filter {name} is {called}: {what}; it raises {raised}, which no rescue_from handles. \
         {advice}"
    );
    let mut e = crash(reason, String::new());
    e.source = source;
    Verdict::refused(500, vec![e])
}

/// The warning that `params.permit(:include, :meta)` drops `params[name]`, an Array or a Hash
/// (`include[]=a`, `"include": ["a"]`): the API reads no value, so it includes nothing.
#[cold]
pub(crate) fn dropped_by_permit(name: &str, given: crate::rails::Param<'_, '_, '_>) -> Warning {
    Warning::new(
        WarningKind::Static {
            code: crate::verdict::warning_codes::IGNORED_PARAMETER,
            detail: if name == "include" {
                "include given as a list or an object is dropped (params.permit(:include, :meta) \
                 keeps a string only): the API includes nothing; give one string, include=a,b"
            } else {
                "meta given as a list or an object is dropped (params.permit(:include, :meta) \
                 keeps a string only): the API adds nothing to meta; give one string, meta=a,b"
            },
        },
        given.source(name),
    )
}

/// What `IncludeParamHandler` does with `params[:include]` and `params[:meta]` (after
/// `params.permit(:include, :meta)`): `…&.split(',')` (`app/services/include_param_handler.rb`
/// L8-14), which a number, `true` or `false` has not.
pub(crate) const SPLIT: &str = "IncludeParamHandler calls `split` on it";

/// `params[:meta]` of an action that loads its records with `includes(active_record_relationships)`:
/// `IncludeParamHandler#meta_fields` splits it (`@params[:meta]&.split(',')`, after
/// `params.permit(:include, :meta)`) when `active_record_relationships` is read, before the
/// records load (`app/services/include_param_handler.rb` L4-24). `Ok(None)` for nil, and,
/// with a warning, when `permit` drops it (an Array or a Hash); the 500 of a number, `true`
/// or `false`, which have no `split`. The names are checked when the records load
/// ([`Meta::unloadable`]).
pub(crate) fn meta_given(call: &mut Call<'_>) -> Result<Option<Meta>, Box<Verdict>> {
    let Some(given) = call.rails_param("meta") else {
        return Ok(None);
    };
    let Some(text) = given.text() else {
        if given.is_nil() {
            return Ok(None);
        }
        if !given.is_scalar() {
            let warning = dropped_by_permit("meta", given);
            call.out.warnings.push(warning);
            return Ok(None);
        }
        return Err(Box::new(param_crash("meta", given, SPLIT)));
    };
    Ok(Some(Meta {
        text: text.into_owned(),
        source: given.source("meta"),
    }))
}

/// A `meta=` an action loads its records with ([`meta_given`]).
pub(crate) struct Meta {
    text: String,
    source: ErrorSource,
}

/// What an action's `Model.includes(active_record_relationships)` can load.
pub(crate) struct Loads {
    /// The model (`Move`).
    pub model: &'static str,
    /// What loads, for the message (`the moves`, `the event`).
    pub records: &'static str,
    /// The model's associations (`belongs_to`, `has_many`, …, and `versions` where
    /// `has_paper_trail` adds it).
    pub associations: &'static [&'static str],
    /// The `include=` paths the action accepts: each is a path the API loads.
    pub includes: &'static [&'static str],
    /// The `meta=` values the answer reads, if any (`meta.allowed`).
    pub meta_values: Option<&'static [&'static str]>,
}

impl Meta {
    /// The 500 of the first name `on.model` cannot load: `AssociationNotFoundError` when the
    /// records load, which no `rescue_from` handles. `IncludeParamHandler#to_active_record_include_hash`
    /// (`app/services/include_param_handler.rb` L26-79) skips the timeline events' locations
    /// (`NOT_DATABASE_ASSOCIATIONS`) and renames a path's first name (`db_alias`: the meta
    /// fields name the associations their values come from, `vehicle_registration` the
    /// journeys); the name must then be an association of the model. A deeper path loads when
    /// it is one of the action's `include=` paths; basm does not know the associations of the
    /// records a path leads to, so for any other deeper path whether it loads is unchecked.
    pub fn unloadable(&self, on: &Loads, out: &mut Outcome) -> Option<Verdict> {
        // `Some(true)`: it loads; `Some(false)`: it does not; `None`: its first name is an
        // association, and what follows is not a path basm knows.
        let loads = |value: &str| {
            if matches!(
                value,
                "timeline_events.location"
                    | "timeline_events.court_location"
                    | "timeline_events.from_location"
                    | "timeline_events.to_location"
            ) {
                return Some(true);
            }
            let (first, deeper) = match value.split_once('.') {
                Some((first, _)) => (first, true),
                None => (value, false),
            };
            let aliased = match first {
                "timeline_events" => "generic_events",
                "important_events" => "incident_events",
                "expected_time_of_arrival" | "expected_collection_time" => "notification_events",
                "vehicle_registration" => "journeys",
                // `flags`, `questions`, `responses`, … name a framework's tables.
                other => other,
            };
            if !on.associations.contains(&aliased) {
                Some(false)
            } else if !deeper || crate::error::splatted(on.includes).contains(&value) {
                Some(true)
            } else {
                None
            }
        };
        let Some(bad) = ruby_split(&self.text).find(|m| loads(m) == Some(false)) else {
            for path in ruby_split(&self.text).filter(|m| loads(m).is_none()) {
                out.unchecked.push(Unchecked::new(
                    UncheckedKind::MetaPath {
                        path: path.to_owned(),
                        model: on.model,
                    },
                    self.source.clone(),
                ));
            }
            return None;
        };
        let Loads { model, records, .. } = on;
        let use_of_it = if on.meta_values.is_some() {
            ""
        } else {
            ". The answer reads no meta field: leave meta out"
        };
        let mut e = crash(
            format!(
                "meta={bad} is passed to the database `includes` \
                 (IncludeParamHandler#active_record_relationships), and {model} has no such \
                 association: AssociationNotFoundError when {records} load{use_of_it}"
            ),
            String::new(),
        );
        e.source = self.source.clone();
        if let Some(values) = on.meta_values {
            e.set_allowed(values);
        }
        Some(Verdict::refused(500, vec![e]))
    }
}

/// `Serializable#paginate` (upstream `app/controllers/concerns/serializable.rb` L5-18,
/// L53-70): `collection.page(params[:page] || 1).per(params[:per_page] || 20)`, then
/// `pagination_meta`'s `total_pages`. Kaminari 1.2.2 calls `to_i` on both ([`crate::kaminari`]).
/// A String, a number and nil have `to_i`, and `false` gives way to the default; a Hash (the
/// obsolete `page[number]=2`, `page[size]=50`), an Array and `true` do not: the 500 of
/// `NoMethodError`, which no `rescue_from` handles. A `per_page` Kaminari reads as 0 is
/// `limit(0)`, and `total_pages` then raises `ZeroPerPageOperation`: 500 too. Else a `per_page`
/// Kaminari ignores or caps is a warning. An action asks where it paginates: after its finder,
/// before its records load.
pub(crate) fn paginate(call: &mut Call<'_>) -> Option<Verdict> {
    let crashed = ["page", "per_page"].into_iter().find_map(|name| {
        let given = call.rails_param(name)?;
        if given.is_scalar() && !matches!(given, crate::rails::Param::Body(Json::Bool(true))) {
            return None;
        }
        let how = match (name, given.is_hash()) {
            ("page", true) => {
                "Serializable#paginate passes it to Kaminari's page, which calls `to_i` on it \
                 (page[number] and page[size] are obsolete: send page=N and per_page=M)"
            }
            ("page", false) => {
                "Serializable#paginate passes it to Kaminari's page, which calls `to_i` on it"
            }
            _ => "Serializable#paginate passes it to Kaminari's per, which calls `to_i` on it",
        };
        Some(param_crash(name, given, how))
    });
    if crashed.is_some() {
        return crashed;
    }
    use crate::kaminari::PerPage;
    let per_given = call.rails_param("per_page");
    let per_page = per_given.map_or(PerPage::Default, crate::kaminari::per_page);
    if let (PerPage::Zero, Some(given)) = (per_page, per_given) {
        let mut e = crash(
            format!(
                "per_page={} is read by Kaminari's per as 0 (`to_i`, and its text begins with a \
                 digit), so the page is limit(0); pagination_meta's total_pages then divides by \
                 it and raises Kaminari::ZeroPerPageOperation (a ZeroDivisionError), which no \
                 rescue_from handles. Send 1 to {}",
                shown(given),
                crate::kaminari::MAX_PER_PAGE
            ),
            String::new(),
        );
        e.source = given.source("per_page");
        return Some(Verdict::refused(500, vec![e]));
    }
    let (Some(given), PerPage::Ignored | PerPage::Capped(_)) = (per_given, per_page) else {
        return None;
    };
    let kind = if per_page == PerPage::Ignored {
        WarningKind::PerPageIgnored {
            given: shown(given),
        }
    } else {
        WarningKind::PerPageCapped {
            given: shown(given),
        }
    };
    call.out
        .warnings
        .push(Warning::new(kind, given.source("per_page")));
    None
}

/// The records' query of a paginated list, as it loads them: `OFFSET limit * (page - 1)`
/// (Kaminari's `page` and `per`, [`crate::kaminari`]), which PostgreSQL reads as a bigint, so
/// a larger one is `ActiveRecord::RangeError` when the records load, which no `rescue_from`
/// handles: the 500 at `page`. An action asks where its records load: after
/// [`paginate`] and the serializer's checks, before an association `meta=` names is loaded.
pub(crate) fn page_offset_crash(call: &Call<'_>) -> Option<Verdict> {
    let given = call.rails_param("page")?;
    let limit = call
        .rails_param("per_page")
        .map_or(crate::kaminari::PerPage::Default, crate::kaminari::per_page)
        .limit();
    let number = crate::kaminari::page_number(given);
    // Compared without a `u128`, whose formatting alone is 1.6 KB of the `.wasm`.
    if (number - 1)
        .checked_mul(limit)
        .is_some_and(|offset| offset <= i64::MAX as u64)
    {
        return None;
    }
    let mut e = crash(
        format!(
            "page={} at {limit} records a page makes the records' query's OFFSET ({limit} × \
             (page − 1)) over PostgreSQL's bigint: the query raises ActiveRecord::RangeError \
             when the records load, which no rescue_from handles. Send a page number within \
             total_pages",
            shown(given),
        ),
        String::new(),
    );
    e.source = given.source("page");
    Some(Verdict::refused(500, vec![e]))
}

/// A parameter's value as a message names it: its text, a JSON body's value as Ruby writes it.
fn shown(given: crate::rails::Param<'_, '_, '_>) -> String {
    match given {
        crate::rails::Param::Body(value) => value.ruby_inspect(),
        _ => given.text().map(Cow::into_owned).unwrap_or_default(),
    }
}

/// How a crash reason names a JSON value of the body as Ruby sees it once Rails has parsed
/// it (`an instance of String`, `nil`, `true`).
pub(crate) fn ruby_name(value: &Json<'_>) -> &'static str {
    crate::rails::Param::Body(value).ruby_name()
}

/// The exception Ruby raises for `value[:key]` on a JSON value of the body, when it raises: a
/// Hash has `[]` by a Symbol; a String's, an Array's and an Integer's take none
/// (`TypeError`); nil, `true`, `false` and a Float have no `[]` (`NoMethodError`).
pub(crate) fn index_raises(value: &Json<'_>) -> Option<&'static str> {
    match value {
        Json::Object(_) => None,
        Json::String(_) | Json::Array(_) => Some("TypeError"),
        Json::Number(crate::json::Number::Float(_)) => Some("NoMethodError"),
        Json::Number(_) => Some("TypeError"),
        Json::Null | Json::Bool(_) => Some("NoMethodError"),
    }
}

/// The 500 of a top-level parameter that the controller reads as something it is not:
/// `params[name]` is `given`, and `how` says what the controller does with it (a list's
/// `filter`, `sort` or `search` read as a Hash, by `permit` or `[:by]`; `include` or `meta`
/// split, [`SPLIT`]). `NoMethodError` or `TypeError`, which no `rescue_from` handles.
#[cold]
pub(crate) fn param_crash(
    name: &str,
    given: crate::rails::Param<'_, '_, '_>,
    how: &str,
) -> Verdict {
    let from = match given {
        crate::rails::Param::Body(_) => "the body",
        _ => "the query",
    };
    let mut e = crash(
        format!(
            "params[:{name}] is {} (from {from}): {how}, which raises, and no rescue_from \
             handles it",
            given.ruby_name()
        ),
        String::new(),
    );
    e.source = given.source(name);
    Verdict::refused(500, vec![e])
}

/// One member of a list's `params[:sort]` (`by`, `direction`) as its params validator reads
/// it, when it is not nil.
pub(crate) struct SortMember {
    /// Its text when it is a String (a number or `true` is in no list of names).
    pub text: Option<String>,
    /// Ruby's `blank?` of it.
    pub blank: bool,
    /// Where an error about it points.
    pub source: ErrorSource,
}

impl SortMember {
    /// Whether `validates inclusion: { in: values }` passes it.
    pub fn is_in(&self, values: &[&str]) -> bool {
        self.text.as_deref().is_some_and(|t| values.contains(&t))
    }
}

/// A list's `params[:sort]`: `by` and `direction`, from the query (`sort[by]=…`) or a JSON
/// body (`"sort": {"by": …}`, as the API's own tests of `POST /api/allocations/filtered` send
/// it: `spec/requests/api/allocations_controller_filtered_spec.rb` L7, L90-99).
pub(crate) struct Sort {
    pub by: Option<SortMember>,
    pub direction: Option<SortMember>,
}

impl Sort {
    /// `params[:sort]` read as the moves controller reads it, `params[:sort] || {}` and then
    /// `[:by]` (`app/controllers/api/moves_controller.rb` L61, L71; nil or `false` is no
    /// sort), or with `permit` as the allocations controller does,
    /// `params.fetch(:sort, {}).permit(:by, :direction)` (L60: nil or `false` given has no
    /// `permit`, and an Array or a Hash inside is dropped). Anything else than a Hash is the
    /// 500 of [`param_crash`].
    pub(crate) fn of(call: &Call<'_>, permit: bool) -> Result<Sort, Box<Verdict>> {
        let none = Sort {
            by: None,
            direction: None,
        };
        let Some(given) = call.rails_param("sort") else {
            return Ok(none);
        };
        if !permit && given.is_falsy() {
            return Ok(none);
        }
        match given {
            crate::rails::Param::Body(Json::Object(_)) => {
                let crate::rails::Param::Body(object) = given else {
                    return Ok(none);
                };
                let member = |key: &str| {
                    let value = object.get(key)?;
                    if matches!(value, Json::Null)
                        || (permit && matches!(value, Json::Array(_) | Json::Object(_)))
                    {
                        return None;
                    }
                    Some(SortMember {
                        text: match value {
                            Json::String(s) => Some((*s).to_owned()),
                            _ => None,
                        },
                        blank: value.is_blank(),
                        source: ErrorSource::pointer(pointer::join(&["sort", key])),
                    })
                };
                Ok(Sort {
                    by: member("by"),
                    direction: member("direction"),
                })
            }
            crate::rails::Param::QueryNested { array: false } => {
                // `sort[by]` without `=` is nil; `sort[by][…]=…` a Hash or an Array, which
                // `permit` drops and no list of names includes.
                let member =
                    |key: &'static str| match crate::rails::param(call.req.query_str(), None, key)?
                    {
                        crate::rails::Param::Query(None) => None,
                        crate::rails::Param::QueryNested { .. } if permit => None,
                        crate::rails::Param::QueryNested { .. } => Some(SortMember {
                            text: None,
                            blank: false,
                            source: ErrorSource::parameter(key),
                        }),
                        _ => query_value(call.req, key).map(|text| SortMember {
                            blank: Json::String(&text).is_blank(),
                            text: Some(text),
                            source: ErrorSource::parameter(key),
                        }),
                    };
                Ok(Sort {
                    by: member("sort[by]"),
                    direction: member("sort[direction]"),
                })
            }
            _ => Err(Box::new(param_crash(
                "sort",
                given,
                if permit {
                    "the controller's `sort_params` calls `params.fetch(:sort, {}).permit(…)` on \
                     it, which needs a Hash (`sort[by]=…` in the query, an object in a JSON body)"
                } else {
                    "Moves::ParamsValidator reads `[:by]` of it, which needs a Hash (`sort[by]=…` \
                     in the query, an object in a JSON body)"
                },
            ))),
        }
    }
}

/// `sort[direction]` values of the list endpoints (moves and allocations).
pub(crate) const SORT_DIRECTIONS: &[&str] = &["asc", "desc"];

/// A query parameter's last value.
pub(crate) fn query_value(req: &Request, name: &str) -> Option<String> {
    req.query()
        .into_iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_key_format() {
        assert!(is_idempotency_key("fe6050e5-ae32-4ed2-b2a7-fe6e3eb2c239"));
        assert!(is_idempotency_key("FE6050E5-AE32-4ED2-B2A7-FE6E3EB2C239\n"));
        assert!(!is_idempotency_key("fe6050e5ae324ed2b2a7fe6e3eb2c239"));
        assert!(!is_idempotency_key(
            "{fe6050e5-ae32-4ed2-b2a7-fe6e3eb2c239}"
        ));
        assert!(!is_idempotency_key(""));
    }

    #[test]
    fn fingerprint_sees_every_byte() {
        let a = fingerprint("POST", "/api/moves", b"{}");
        assert_eq!(a, fingerprint("post", "/api/moves", b"{}"));
        assert_ne!(a, fingerprint("POST", "/api/moves", b"{ }"));
        assert_ne!(a, fingerprint("PATCH", "/api/moves", b"{}"));
        // `request.path`: no query, normalised as the router normalises it; `/v1` kept.
        assert_eq!(a, fingerprint("POST", "/api/moves?include=x", b"{}"));
        assert_eq!(a, fingerprint("POST", "//api/moves/", b"{}"));
        assert_ne!(a, fingerprint("POST", "/api/v1/moves", b"{}"));
    }

    /// Each of Puma's limits, at its length and one byte past it, and the order it reads the
    /// parts in (the vectors of `tests/vectors/regressions/014-server-limits.json` cover the
    /// path, the query and a header's name).
    #[test]
    fn the_servers_limits_refuse_the_first_part_past_its_length() {
        let judged = |path: &str, headers: &[(String, String)]| {
            let mut request = Request::new("GET", path).with_standard_headers();
            request.headers.extend(headers.iter().cloned());
            crate::validate_request(&request, &crate::Context::empty())
        };
        let refused = |path: &str, headers: &[(String, String)]| {
            let verdict = judged(path, headers);
            let error = verdict.errors.first().filter(|e| e.code == "server_limit");
            assert_eq!(verdict.status, 400, "{:?}", verdict.errors);
            assert!(verdict.api_body().is_none());
            error.map(|e| (e.detail.to_string(), e.source.header.clone()))
        };
        // The path and the query each within theirs, together past the request line's.
        let path = format!("/api/moves/{}", "a".repeat(8192 - 11));
        let query = format!("?{}", "b".repeat(12288 - 8192 - 1));
        let at = judged(&format!("{path}{query}"), &[]);
        assert_ne!(at.errors.first().map(|e| &*e.code), Some("server_limit"));
        let (detail, _) = refused(&format!("{path}{query}b"), &[]).unwrap_or_default();
        assert!(
            detail.starts_with("The request line's target (the path and query) is 12289 bytes"),
            "{detail}"
        );
        assert!(
            detail.contains("reads at most 12288 (REQUEST_URI)"),
            "{detail}"
        );
        // A long path and a long query: the path is read first.
        let (detail, _) =
            refused(&format!("{path}a?{}", "b".repeat(20_000)), &[]).unwrap_or_default();
        assert!(detail.starts_with("The path is 8193 bytes"), "{detail}");
        // A header's value, at its limit and past it; the request line is read before it.
        let value = |n: usize| vec![("X-Note".to_owned(), "v".repeat(n))];
        assert_ne!(
            judged("/api/moves", &value(80 * 1024))
                .errors
                .first()
                .map(|e| &*e.code),
            Some("server_limit")
        );
        let (detail, header) = refused("/api/moves", &value(80 * 1024 + 1)).unwrap_or_default();
        assert!(
            detail.starts_with("The header's value is 81921 bytes"),
            "{detail}"
        );
        assert_eq!(header.as_deref(), Some("X-Note"));
        let (detail, _) = refused(&format!("{path}a"), &value(90_000)).unwrap_or_default();
        assert!(detail.starts_with("The path is"), "{detail}");
        // Headers each within their limits, together past the head's (counted at their
        // fewest bytes: `GET /api/moves HTTP/1.1` and three standard headers, then these).
        let standard = head_bytes(&Request::new("GET", "/api/moves").with_standard_headers());
        let room = ServerLimit::Head.bytes() - standard;
        let values = |last: usize| {
            let mut headers: Vec<(String, String)> = (0..(room / 60_000))
                .map(|i| (format!("X-{i}"), "v".repeat(60_000 - 6)))
                .collect();
            headers.push(("X-last".to_owned(), "v".repeat(last)));
            headers
        };
        let used = room / 60_000 * 60_000 + "X-last".len() + 3;
        let at = judged("/api/moves", &values(room - used));
        assert_ne!(at.errors.first().map(|e| &*e.code), Some("server_limit"));
        let (detail, header) = refused("/api/moves", &values(room - used + 1)).unwrap_or_default();
        assert!(
            detail.starts_with(&format!(
                "The request line with the headers, at the fewest bytes they are sent in, is {} bytes",
                ServerLimit::Head.bytes() + 1
            )),
            "{detail}"
        );
        assert!(detail.contains("reads at most 114688 (HEADER)"), "{detail}");
        assert_eq!(header, None);
        // A fragment (which clients do not send) is not part of the request line's target.
        let fragment = format!("/api/moves#{}", "f".repeat(9_000));
        assert_ne!(
            judged(&fragment, &[]).errors.first().map(|e| &*e.code),
            Some("server_limit")
        );
    }
}
