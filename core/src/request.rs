//! An HTTP request exactly as it goes over the wire, and the checks every endpoint shares:
//! authentication, media type, API version (`api-conventions.md` §1–2).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiErrorObject, ErrorKind, ErrorSource, ErrorText};
use crate::verdict::Verdict;

/// The JSON:API media type: what `Content-Type` should say.
pub const JSON_API: &str = "application/vnd.api+json";
/// The media type `POST /api/documents` takes instead ([`HeaderRules::multipart`]).
pub const MULTIPART: &str = "multipart/form-data";

/// The `Accept` header of a client of the API's version 2, the current one (without
/// `version=` the API reads version 1).
pub const ACCEPT_V2: &str = "application/vnd.api+json; version=2";

/// The headers a well-behaved v2 client sends: bearer token, JSON:API content type and
/// `Accept` with `version=2` ([`Request::with_standard_headers`]).
pub const STANDARD_HEADERS: [(&str, &str); 3] = [
    ("Authorization", "Bearer token"),
    ("Content-Type", JSON_API),
    ("Accept", ACCEPT_V2),
];

/// One request: method, path (with its query), headers and raw body bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// `GET`, `POST`, `PATCH`, `PUT`, `DELETE` (case-insensitive).
    pub method: String,
    /// Path and query, e.g. `/api/moves?filter%5Bdate_from%5D=2020-07-22`.
    pub path: String,
    /// Headers in order; names are case-insensitive.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The raw body.
    #[serde(default)]
    pub body: Vec<u8>,
}

impl Request {
    /// A request without headers or body.
    pub fn new(method: &str, path: &str) -> Self {
        Request {
            method: method.to_owned(),
            path: path.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The headers a well-behaved v2 client sends ([`STANDARD_HEADERS`]).
    pub fn with_standard_headers(self) -> Self {
        STANDARD_HEADERS
            .iter()
            .fold(self, |request, (name, value)| request.header(name, value))
    }

    /// A header's value (several headers of one name are joined with ", ", as Rack does).
    pub fn header_value(&self, name: &str) -> Option<String> {
        self.header_str(name).map(Cow::into_owned)
    }

    /// [`Request::header_value`] without copying: borrowed from the request unless several
    /// headers of that name must be joined. Names compare ASCII-case-insensitively in place.
    pub fn header_str(&self, name: &str) -> Option<Cow<'_, str>> {
        // A plain loop: iterator adapters are calls in the size-optimised .wasm, and this runs
        // for each header the checks read.
        let mut found: Option<Cow<'_, str>> = None;
        for (n, value) in &self.headers {
            // Names as the caller spelt them match byte for byte (the usual case, a short
            // memcmp); only the others are compared case-insensitively, byte by byte.
            if n.len() != name.len() || !(n == name || n.eq_ignore_ascii_case(name)) {
                continue;
            }
            found = Some(match found {
                None => Cow::Borrowed(value.as_str()),
                Some(before) => {
                    let mut joined = before.into_owned();
                    joined.push_str(", ");
                    joined.push_str(value);
                    Cow::Owned(joined)
                }
            });
        }
        found
    }

    /// The method, upper-cased.
    pub fn method_upper(&self) -> String {
        self.method_name().into_owned()
    }

    /// [`Request::method_upper`] without copying when the method is upper-case already.
    pub fn method_name(&self) -> Cow<'_, str> {
        if self.method.bytes().any(|b| b.is_ascii_lowercase()) {
            Cow::Owned(self.method.to_ascii_uppercase())
        } else {
            Cow::Borrowed(&self.method)
        }
    }

    /// The path Rails routes, without the query: [`Request::route`] as a `String`.
    pub fn route_path(&self) -> String {
        self.route().into_owned()
    }

    /// The path Rails routes, without the query (or a fragment): [`rails_path`], from which
    /// the API's routing filter then removes every `/v1` (`lib/routing_filter/versioned_path.rb`
    /// L19-21, `path.gsub!('/v1', '')`, run by routing-filter's `find_routes`), so
    /// `/api/v1/moves` and `/api/moves/v1` route as `/api/moves`, and `/api/v1x/moves` as
    /// `/apix/moves`. Borrowed when the path is already in that form.
    pub fn route(&self) -> Cow<'_, str> {
        let end = self
            .path
            .bytes()
            .position(|b| b == b'?' || b == b'#')
            .unwrap_or(self.path.len());
        let path = &self.path[..end];
        if is_route_form(path.as_bytes()) {
            return Cow::Borrowed(path);
        }
        Cow::Owned(rails_path(path).replace("/v1", ""))
    }

    /// The query string: after the `?`, up to a `#` (Puma's `QUERY_STRING`); `None` without a
    /// `?`.
    pub fn query_str(&self) -> Option<&str> {
        let (_, query) = self.path.split_once('?')?;
        Some(query.split('#').next().unwrap_or(""))
    }

    /// The query string's parameters, percent-decoded, in order, split as Rails splits them
    /// (at `&` and the spaces after it). A value without `=` is `""`.
    pub fn query(&self) -> Vec<(String, String)> {
        self.query_values()
            .into_iter()
            .map(|(k, v)| (k, v.unwrap_or_default()))
            .collect()
    }

    /// [`Request::query`], a value without `=` `None` (Rails reads it as nil).
    pub fn query_values(&self) -> Vec<(String, Option<String>)> {
        let Some(query) = self.query_str() else {
            return Vec::new();
        };
        crate::rails::query_pairs(query)
            .map(|(k, v)| (percent_decode(k), v.map(percent_decode)))
            .collect()
    }
}

/// A path [`rails_path`] and [`Request::route`] leave as it is, in one pass: `/` then segments,
/// none empty, none starting with `v1` (no `/v1` anywhere), and no `%` (read as bytes: `/` and
/// `%` are ASCII).
fn is_route_form(path: &[u8]) -> bool {
    let Some((b'/', mut rest)) = path.split_first() else {
        return false;
    };
    loop {
        let end = rest
            .iter()
            .position(|&b| b == b'/' || b == b'%')
            .unwrap_or(rest.len());
        let segment = &rest[..end];
        if segment.is_empty() || segment.starts_with(b"v1") || rest.get(end) == Some(&b'%') {
            return false;
        }
        if end == rest.len() {
            return true;
        }
        rest = &rest[end + 1..];
    }
}

/// Rails' `request.path` of a request's path (with its query): `PATH_INFO`, without the query
/// or a fragment, as `RouteSet#call` normalises it before routing (`journey/router/utils.rb:19-31`,
/// `normalize_path`): a leading `/`, runs of `/` squeezed, no trailing `/`, and each `%` and
/// two lower-case hex digits or digits upper-cased (`%2f` → `%2F`). The routing filter gives
/// a routed path its `/v1`s back, so the controllers read this (the idempotency fingerprint
/// does). Borrowed when the path is already in that form (one pass over it).
pub fn rails_path(path: &str) -> Cow<'_, str> {
    let end = path
        .bytes()
        .position(|b| b == b'?' || b == b'#')
        .unwrap_or(path.len());
    let path = &path[..end];
    // A path with an escape or a `/v1` is rare: it takes the long way, even when nothing
    // changes.
    if is_route_form(path.as_bytes()) {
        return Cow::Borrowed(path);
    }
    let mut squeezed = String::with_capacity(path.len() + 1);
    squeezed.push('/');
    for c in path.chars() {
        if !(c == '/' && squeezed.ends_with('/')) {
            squeezed.push(c);
        }
    }
    if squeezed == "/" {
        return Cow::Owned(squeezed);
    }
    if squeezed.ends_with('/') {
        squeezed.pop();
    }
    // The escapes, left to right, each once (a match is not scanned again): `%` and two of
    // `[a-f0-9]`.
    let lower_hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
    let mut bytes = squeezed.into_bytes();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let e = &bytes[i..i + 3];
        if e[0] == b'%' && lower_hex(e[1]) && lower_hex(e[2]) {
            bytes[i + 1].make_ascii_uppercase();
            bytes[i + 2].make_ascii_uppercase();
            i += 3;
        } else {
            i += 1;
        }
    }
    // Only ASCII letters changed case, at ASCII positions: still UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_default())
}

/// Decodes `%XX` escapes and `+` (form encoding); invalid escapes are kept as they are.
pub fn percent_decode(s: &str) -> String {
    match form_decode(s, true) {
        Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        None => s.to_owned(),
    }
}

/// Form decoding: `+` is a space, `%XX` a byte. A `%` without two hex digits after it is kept
/// when `lenient`, else `None` (Ruby's `URI.decode_www_form_component` raises). The bytes may
/// not be UTF-8.
pub(crate) fn form_decode(s: &str, lenient: bool) -> Option<Cow<'_, [u8]>> {
    let b = s.as_bytes();
    if !b.iter().any(|&c| c == b'%' || c == b'+') {
        return Some(Cow::Borrowed(b));
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let hex = |c: Option<&u8>| c.and_then(|&c| (c as char).to_digit(16));
                match (hex(b.get(i + 1)), hex(b.get(i + 2))) {
                    (Some(h), Some(l)) => {
                        out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                        i += 3;
                    }
                    _ if lenient => {
                        out.push(b'%');
                        i += 1;
                    }
                    _ => return None,
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Some(Cow::Owned(out))
}

/// What the shared header checks found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderFacts {
    /// The API version chosen by `Accept` (1 or 2).
    pub version: u8,
    /// Rails parses the body as JSON (`Content-Type` is one of the JSON types).
    pub json_body: bool,
    /// What `Rack::Deflater` encodes the answer in (`Accept-Encoding`), read with the other
    /// headers so that the memo keeps it.
    pub(crate) encoding: crate::rack::Encoding,
}

/// Options of the shared checks for one endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeaderRules {
    /// The endpoint turns authentication off (`GET /api/reference/locations`).
    pub no_auth: bool,
    /// The endpoint takes `multipart/form-data`, not JSON:API (`POST /api/documents`: its
    /// `set_restricted_request_content_type`, upstream `app/controllers/api/documents_controller.rb`
    /// L5, L30–32, read by `ApiController#restrict_request_content_type` L105–113).
    pub multipart: bool,
}

/// The last headers [`check_headers`] passed, and what it found ([`crate::Validator`]'s): a
/// request with the same headers (a supplier portal's token, media type and version) is
/// answered by comparing them instead of checking them again. The comparison is exact (every
/// header, in order, byte for byte), so the answer is always [`check_headers`]'s; a refusal is
/// not kept.
#[derive(Debug)]
pub(crate) struct HeaderMemo {
    /// The request's headers when they passed (their buffers are reused for the next ones).
    headers: Vec<(String, String)>,
    /// The method needed a `Content-Type` (`POST`, `PATCH`, `PUT`).
    needs_type: bool,
    rules: HeaderRules,
    /// What they were found to be; `None`: nothing kept.
    found: Option<HeaderFacts>,
}

impl HeaderMemo {
    /// An empty memo.
    pub const fn new() -> Self {
        HeaderMemo {
            headers: Vec::new(),
            needs_type: false,
            rules: HeaderRules {
                no_auth: false,
                multipart: false,
            },
            found: None,
        }
    }

    /// [`check_headers_reading`] of `req`, answered from the memo when its headers, the kind
    /// of its method and `rules` are those it holds. A pass that asked `reads_accept` (an
    /// `Accept` Rails cannot read, let through because the parameters give a `format`) is not
    /// kept: it holds for this request's parameters only.
    pub fn check(
        &mut self,
        req: &Request,
        rules: HeaderRules,
        reads_accept: &mut dyn FnMut() -> bool,
    ) -> Result<HeaderFacts, Box<Verdict>> {
        let needs_type = needs_type(req);
        if let Some(found) = self.found
            && self.needs_type == needs_type
            && self.rules == rules
            && self.headers == req.headers
        {
            return Ok(found);
        }
        let mut asked = false;
        let result = check_headers_reading(req, rules, &mut || {
            asked = true;
            reads_accept()
        });
        self.found = result.as_ref().ok().copied().filter(|_| !asked);
        if self.found.is_some() {
            self.headers.truncate(req.headers.len());
            let kept = self.headers.len();
            for (held, (name, value)) in self.headers.iter_mut().zip(&req.headers) {
                held.0.clone_from(name);
                held.1.clone_from(value);
            }
            self.headers.extend(req.headers.iter().skip(kept).cloned());
            self.needs_type = needs_type;
            self.rules = rules;
        }
        result
    }
}

impl Default for HeaderMemo {
    fn default() -> Self {
        HeaderMemo::new()
    }
}

/// Whether the method's request must say its `Content-Type`.
fn needs_type(req: &Request) -> bool {
    matches!(&*req.method_name(), "POST" | "PATCH" | "PUT")
}

/// The checks every request passes, in the API's order: what Rails reads before the
/// controller's callbacks, `Content-Type` (406 when it is not a media type) then `Accept` (406,
/// or a crash), then the callbacks' 401 → 415 (media type) → 415 (version). (Rails reads the
/// query between `Content-Type` and `Accept`: the caller checks it, see `endpoints::validate`.)
pub fn check_headers(req: &Request, rules: HeaderRules) -> Result<HeaderFacts, Box<Verdict>> {
    check_headers_reading(req, rules, &mut || true)
}

/// [`check_headers`] of a request whose parameters may give a `format`: then Rails never reads
/// `Accept`'s media types for `request.format`, and an `Accept` it cannot read is no refusal.
/// `reads_accept` says whether it reads them; it is asked only when `Accept` would be refused
/// (finding a `format` means reading the query and the body).
pub(crate) fn check_headers_reading(
    req: &Request,
    rules: HeaderRules,
    reads_accept: &mut dyn FnMut() -> bool,
) -> Result<HeaderFacts, Box<Verdict>> {
    let content = match crate::rails::content_mime(req) {
        Ok(content) => content,
        Err(()) => return Err(Box::new(invalid_content_type(req))),
    };
    if let Some(failure) = crate::rails::accept_failure(req, content)
        && reads_accept()
    {
        return Err(Box::new(accept_refusal(req, failure)));
    }
    if !rules.no_auth {
        let authorized = req.header_str("Authorization").is_some_and(|h| {
            let h = trim_start(&h);
            // Bytes first: `bearer ` ends with an ASCII byte, so the token starts on a char
            // boundary (a multi-byte char across byte 7 is not `bearer `, and no panic).
            h.len() > 7
                && h.as_bytes()[..7].eq_ignore_ascii_case(b"bearer ")
                && !trim(&h[7..]).is_empty()
        });
        if !authorized {
            let e = ApiError::from_kind(
                &ErrorKind::TokenInvalid,
                ErrorSource::header("Authorization"),
            );
            let detail = e.detail.clone();
            return Err(Box::new(Verdict::refused(
                401,
                vec![e.with_api(ApiErrorObject {
                    title: "Not authorized".into(),
                    detail,
                    ..Default::default()
                })],
            )));
        }
    }
    // `restrict_request_content_type` compares `request.media_type`, the string of the type
    // `content_mime_type` found: `application/vnd.api+json` for the app's three JSON types.
    match content {
        None if needs_type(req) => {
            return Err(Box::new(media_type_error("Content-Type is missing")));
        }
        None => {}
        Some(mime) => {
            let value = req.header_str("Content-Type").unwrap_or_default();
            if rules.multipart {
                if mime != crate::rails::Mime::Multipart {
                    let mut refused =
                        media_type_error(&format!("Content-Type {value:?} is not {MULTIPART}"));
                    let detail = ErrorText::from(format!("Content-Type must be {MULTIPART}"));
                    for e in &mut refused.errors {
                        if let Some(api) = e.meta.api.as_mut() {
                            api.detail = detail.clone();
                        }
                        e.detail = detail.clone();
                    }
                    return Err(Box::new(refused));
                }
            } else if mime != crate::rails::Mime::JsonApi {
                return Err(Box::new(media_type_error(&format!(
                    "Content-Type {value:?} is not JSON:API"
                ))));
            }
        }
    }
    let json_body = content.is_some_and(crate::rails::Mime::is_json);
    let encoding = crate::rack::encoding(req);
    let accept = req.header_str("Accept");
    match api_version_str(accept.as_deref()) {
        "1" => Ok(HeaderFacts {
            version: 1,
            json_body,
            encoding,
        }),
        "2" => Ok(HeaderFacts {
            version: 2,
            json_body,
            encoding,
        }),
        _ => {
            let e = ApiError::from_kind(
                &ErrorKind::UnsupportedVersion,
                ErrorSource::header("Accept"),
            );
            let detail = e.detail.clone();
            Err(Box::new(Verdict::refused(
                415,
                vec![e.with_api(ApiErrorObject {
                    title: "Invalid Api Version".into(),
                    detail,
                    ..Default::default()
                })],
            )))
        }
    }
}

/// Rails' 406 for a `Content-Type` that is not a media type: `ParamsWrapper` reads it before
/// anything else of the controller (`crate::rails`), and `InvalidType` maps to 406.
#[cold]
pub(crate) fn invalid_content_type(req: &Request) -> Verdict {
    let kind = ErrorKind::InvalidMediaType {
        content_type: req
            .header_str("Content-Type")
            .unwrap_or_default()
            .into_owned(),
    };
    let e = ApiError::from_kind(&kind, ErrorSource::header("Content-Type")).unverified();
    Verdict::refused_by_rails(406, vec![e])
}

/// Rails' answer to an `Accept` it cannot read for `request.format`: 406 for one that is not a
/// list of media types; a crash for a `q` that overflows.
#[cold]
fn accept_refusal(req: &Request, failure: crate::rails::AcceptFailure) -> Verdict {
    let accept = req.header_str("Accept").unwrap_or_default().into_owned();
    match failure {
        crate::rails::AcceptFailure::Invalid => {
            let kind = ErrorKind::InvalidAccept { accept };
            let e = ApiError::from_kind(&kind, ErrorSource::header("Accept")).unverified();
            Verdict::refused_by_rails(406, vec![e])
        }
        crate::rails::AcceptFailure::Overflow => {
            let reason = format!(
                "Accept {accept:?} has a q too large for Ruby's Float#to_i (Infinity): \
                 Mime::Type::AcceptItem raises FloatDomainError, which nothing rescues"
            );
            let kind = ErrorKind::ServerError {
                reason: reason.clone(),
            };
            let mut e = ApiError::from_kind(&kind, ErrorSource::header("Accept")).unverified();
            e.meta.reason = Some(reason);
            Verdict::refused(500, vec![e])
        }
    }
}

fn media_type_error(why: &str) -> Verdict {
    let e = ApiError::from_kind(
        &ErrorKind::UnsupportedMediaType,
        ErrorSource::header("Content-Type"),
    );
    let detail = e.detail.clone();
    let mut e = e.with_api(ApiErrorObject {
        title: "Invalid Media Type".into(),
        detail,
        ..Default::default()
    });
    e.meta.reason = Some(why.to_owned());
    Verdict::refused(415, vec![e])
}

/// The version the API reads from `Accept` with `%r{.*version=(?<version>\d+)}`: the last
/// `version=` followed by a digit wins, its leading digits are taken; none → `"1"`.
pub fn api_version(accept: Option<&str>) -> String {
    api_version_str(accept).to_owned()
}

/// [`api_version`] as a slice of `accept` (or `"1"`), without allocating.
pub fn api_version_str(accept: Option<&str>) -> &str {
    api_version_named(accept).unwrap_or("1")
}

/// The version `Accept` names, as the API's `api_version` reads it (the digits after the last
/// `version=`; `REGEXP_API_VERSION` in `app/controllers/api_controller.rb`): `None` when it
/// names none, where the API uses version 1 but writes nothing in its messages.
#[inline]
pub fn api_version_named(accept: Option<&str>) -> Option<&str> {
    let accept = accept?;
    let bytes = accept.as_bytes();
    // The last `version=` followed by digits wins, so the search runs from the end (the
    // usual header ends `; version=2`), and finds each `version=` by its `=`: not a window
    // compared at every byte, a call each in the size-optimised .wasm. `version=` cannot
    // overlap itself, so these are the occurrences a left-to-right search finds.
    let mut at = bytes.len();
    while at > 0 {
        at -= 1;
        if bytes[at] != b'=' || at < 7 || &bytes[at - 7..at] != b"version" {
            continue;
        }
        // After an ASCII `=`: a char boundary.
        let rest = &accept[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            return Some(&rest[..digits]);
        }
    }
    None
}

/// `str::trim`: the same text, without its Unicode machinery when both ends are printable
/// ASCII (then neither end is whitespace), as header values almost always are.
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// `str::trim_start`, the same way as [`trim`].
fn trim_start(s: &str) -> &str {
    match s.as_bytes().first() {
        Some(first) if first.is_ascii_graphic() => s,
        _ => s.trim_start(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_regex_quirks() {
        for (accept, version) in [
            (None, "1"),
            (Some("application/vnd.api+json; version=2"), "2"),
            (
                Some("application/vnd.api+json; version=2, application/json; version=3"),
                "3",
            ),
            (Some("a; version=3, b; version=2"), "2"),
            (Some("a; version=2; version=abc"), "2"),
            (Some("apiversion=2"), "2"),
            (Some("version=2.0"), "2"),
            (Some("version=2abc"), "2"),
            (Some("version=abc"), "1"),
            (Some("Version=2"), "1"),
            (Some("version=01"), "01"),
        ] {
            assert_eq!(api_version(accept), version, "{accept:?}");
        }
        // What the API writes in its messages: nothing when no version is named.
        for (accept, named) in [
            (None, None),
            (Some("application/vnd.api+json"), None),
            (Some("version=abc"), None),
            (Some("application/vnd.api+json; version=1"), Some("1")),
            (Some("a; version=3, b; version=2"), Some("2")),
            (Some("version=version=2"), Some("2")),
            (Some("€version=2;é"), Some("2")),
            (Some("=version=2=version="), Some("2")),
            (Some("versio=2"), None),
            (Some("version"), None),
        ] {
            assert_eq!(api_version_named(accept), named, "{accept:?}");
        }
    }

    #[test]
    fn a_header_memo_answers_as_check_headers_does() {
        let rules = HeaderRules::default();
        let documents = HeaderRules {
            multipart: true,
            ..HeaderRules::default()
        };
        let events = Request::new("POST", "/api/events").with_standard_headers();
        let no_token = Request::new("POST", "/api/events")
            .header("Content-Type", "application/vnd.api+json")
            .header("Accept", "application/vnd.api+json; version=2");
        let get = Request::new("GET", "/api/moves")
            .header("Authorization", "Bearer token")
            .header("Accept", "application/vnd.api+json; version=1");
        let post_without_type = Request::new("POST", "/api/moves")
            .header("Authorization", "Bearer token")
            .header("Accept", "application/vnd.api+json; version=1");
        let lower = Request::new("post", "/api/events").with_standard_headers();
        let status = |r: Result<HeaderFacts, Box<Verdict>>| r.map_err(|v| v.status);
        let mut memo = HeaderMemo::new();
        // Each in turn, twice, and after every other one: the memo's answer is the check's.
        let cases = [
            (&events, rules),
            (&events, documents),
            (&no_token, rules),
            (&get, rules),
            (&post_without_type, rules),
            (&lower, rules),
        ];
        for (first, first_rules) in cases {
            for (second, second_rules) in cases {
                for (req, r) in [
                    (first, first_rules),
                    (second, second_rules),
                    (second, second_rules),
                ] {
                    assert_eq!(
                        status(memo.check(req, r, &mut || true)),
                        status(check_headers(req, r)),
                        "{} {:?} {r:?}",
                        req.method,
                        req.headers
                    );
                }
            }
        }
        assert_eq!(
            status(memo.check(&get, rules, &mut || true)),
            Ok(HeaderFacts {
                version: 1,
                json_body: false,
                encoding: crate::rack::Encoding::Identity,
            })
        );
        assert_eq!(
            status(memo.check(&post_without_type, rules, &mut || true)),
            Err(415)
        );
    }

    #[test]
    fn header_values_are_trimmed_as_str_trim_does() {
        let rules = HeaderRules {
            no_auth: false,
            multipart: false,
        };
        let status = |authorization: &str, content_type: &str| {
            let req = Request::new("POST", "/api/events")
                .header("Authorization", authorization)
                .header("Content-Type", content_type)
                .header("Accept", "application/vnd.api+json; version=2");
            check_headers(&req, rules).map_or_else(|v| v.status, |_| 200)
        };
        let json = "application/vnd.api+json";
        assert_eq!(status("Bearer token", json), 200);
        assert_eq!(status(" \u{3000}bearer  token\u{2003}", json), 200);
        // A multi-byte char across byte 7 is not `bearer `: 401, not a panic.
        assert_eq!(status("Bearer€token", json), 401);
        assert_eq!(status("Bearer \u{2003}\u{3000} ", json), 401);
        assert_eq!(status("Bearer ", json), 401);
        // `Content-Type` is stripped as Ruby's `String#strip` does (ASCII whitespace and NUL),
        // then must be a media type: other spaces make it none, which Rails answers 406.
        assert_eq!(
            status("Bearer token", " \tapplication/json ; charset=utf-8"),
            200
        );
        assert_eq!(status("Bearer token", " text/x-json\0"), 200);
        assert_eq!(
            status("Bearer token", "\u{2003}application/json ; charset=utf-8"),
            406
        );
        assert_eq!(status("Bearer token", " text/x-json\u{3000}"), 406);
        assert_eq!(status("Bearer token", "application/jsonx"), 415);
    }

    /// A pass that let an `Accept` Rails cannot read through (the parameters gave a `format`)
    /// is not kept: the same headers without a `format` are refused.
    #[test]
    fn the_memo_keeps_no_pass_that_skipped_accept() {
        let req = Request::new("GET", "/api/moves")
            .header("Authorization", "Bearer t")
            .header("Accept", "garbage");
        let rules = HeaderRules {
            no_auth: false,
            multipart: false,
        };
        let mut memo = HeaderMemo::new();
        assert!(memo.check(&req, rules, &mut || false).is_ok());
        let refused = memo.check(&req, rules, &mut || true).map(|_| ());
        assert_eq!(refused.map_err(|v| v.status), Err(406));
    }

    #[test]
    fn route_path_strips_v1_and_query() {
        for (path, route) in [
            ("/api/v1/moves?x=1", "/api/moves"),
            ("/api/moves/", "/api/moves"),
            ("/api/moves/v1", "/api/moves"),
            ("api//v1//moves/", "/api/moves"),
            // `gsub('/v1', '')` takes `/v1` wherever it is, once, left to right.
            ("/api/v1x/moves", "/apix/moves"),
            ("/api/moves/v12", "/api/moves2"),
            ("/v1/v1/api", "/api"),
            ("/v/v11", "/v1"),
            ("/v1v1/api", "v1/api"),
            ("/v1", ""),
            ("", "/"),
            ("/api/moves.json#x", "/api/moves.json"),
            ("/api/moves/a%2fb%2F%zz%e9", "/api/moves/a%2Fb%2F%zz%E9"),
        ] {
            assert_eq!(Request::new("GET", path).route_path(), route, "{path}");
        }
    }

    #[test]
    fn route_is_rails_normalised_path_and_borrows_when_it_can() {
        // The definition, in Ruby's steps: `normalize_path`, then `gsub('/v1', '')`.
        let normalize = |path: &str| {
            let path = path.split(['?', '#']).next().unwrap_or("");
            let mut normal = format!("/{path}");
            while normal.contains("//") {
                normal = normal.replace("//", "/");
            }
            if normal != "/" {
                normal = normal.strip_suffix('/').unwrap_or(&normal).to_owned();
                // `gsub(/(%[a-f0-9]{2})/) { $1.upcase }`, by a regex of its own.
                let mut out = String::new();
                let mut rest = normal.as_str();
                while let Some(at) = rest.find('%') {
                    out.push_str(&rest[..at]);
                    let escape = rest.get(at..at + 3).filter(|e| {
                        e[1..]
                            .chars()
                            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
                    });
                    match escape {
                        Some(e) => {
                            out.push_str(&e.to_uppercase());
                            rest = &rest[at + 3..];
                        }
                        None => {
                            out.push('%');
                            rest = &rest[at + 1..];
                        }
                    }
                }
                out.push_str(rest);
                normal = out;
            }
            normal
        };
        let rails = |path: &str| normalize(path).replace("/v1", "");
        let pieces = [
            "/", "api", "v1", "moves", "", "?", "#", "x=1", "v2", "/v1", "//", "é", "v", "1",
            "%2f", "%A", "%%ab", "%e9",
        ];
        let mut seed = 0x5eed_u64;
        for i in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let path: String = (0..(i % 7))
                .map(|k| pieces[((seed >> (k * 6)) % pieces.len() as u64) as usize])
                .collect();
            let req = Request::new("GET", &path);
            assert_eq!(rails_path(&path), normalize(&path), "{path:?}");
            assert_eq!(req.route(), rails(&path), "{path:?}");
            assert_eq!(req.route_path(), rails(&path), "{path:?}");
        }
        let req = Request::new("GET", "/api/moves/abc?include=x");
        assert!(matches!(req.route(), Cow::Borrowed("/api/moves/abc")));
        assert!(matches!(
            Request::new("GET", "/api/v1/moves").route(),
            Cow::Owned(_)
        ));
    }

    #[test]
    fn headers_are_read_in_place() {
        let req = Request::new("post", "/api/events")
            .header("accept", "a")
            .header("X-Other", "b")
            .header("ACCEPT", "c");
        assert_eq!(req.header_value("Accept").as_deref(), Some("a, c"));
        assert!(matches!(
            req.header_str("x-other"),
            Some(Cow::Borrowed("b"))
        ));
        assert_eq!(req.header_str("Missing"), None);
        assert_eq!(req.method_upper(), "POST");
        let upper = Request::new("POST", "/");
        assert!(matches!(upper.method_name(), Cow::Borrowed("POST")));
        let three = upper.header("A", "1").header("a", "2").header("a", "3");
        assert_eq!(three.header_value("A").as_deref(), Some("1, 2, 3"));
    }

    #[test]
    fn query_is_decoded() {
        let r = Request::new(
            "GET",
            "/api/moves?filter%5Bdate_from%5D=2020-07-22&include=a%2Cb&x=%zz",
        );
        assert_eq!(
            r.query(),
            vec![
                ("filter[date_from]".into(), "2020-07-22".into()),
                ("include".into(), "a,b".into()),
                ("x".into(), "%zz".into())
            ]
        );
    }
}
