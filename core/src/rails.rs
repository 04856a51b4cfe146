//! What Rails itself answers around the API's controllers: the media types it reads from
//! `Content-Type` and `Accept`, the query's parameters, and the body it sends for an exception
//! no `rescue_from` of upstream `ApiController` handles. Read from Rails 8.0.5 and Rack 3.2.6
//! (upstream `Gemfile.lock`); the files named below are Rails' (`actionpack/lib/…`).
//!
//! The router decodes the path's parameters first: one that is not UTF-8 raises
//! `ActionController::BadRequest` (400, [`unescape_path_param`]). Then, before any callback of
//! the controller, Rails reads three things, and each can raise:
//!
//! 1. `ActionController::ParamsWrapper#_wrapper_enabled?` (`action_controller/metal/
//!    params_wrapper.rb:289-297`, the outermost `process_action`) reads `Content-Type` with
//!    `request.content_mime_type`: a value that is not a media type raises `InvalidType`,
//!    which Rails answers 406 ([`content_mime`]).
//! 2. `ActionController::Instrumentation#process_action` (`metal/instrumentation.rb:59-71`)
//!    reads `request.filtered_parameters`: a query Rails cannot parse raises
//!    `ActionController::BadRequest` (400, [`query_failure`]); a body it cannot parse does not
//!    (`filtered_parameters` rescues `ParseError`, `http/filter_parameters.rb:33-37`).
//! 3. Then `request.format`: unless the parameters give a `format`, an `Accept` Rails cannot
//!    read raises `InvalidType` (406, [`accept_failure`]).
//!
//! A body Rails cannot parse raises `ParseError` where the parameters are next read: by
//! Doorkeeper looking for a token in them when `Authorization` has none (`from_access_token_param`,
//! before the 401), else by `ApiController#validate_include_params`.
//!
//! An exception no `rescue_from` handles (these, a body Rails cannot parse, an unrouted path,
//! every crash) is answered by `ActionDispatch::ShowExceptions` with
//! `ActionDispatch::PublicExceptions` (upstream sets no `exceptions_app`), whose body depends on
//! the format the request asks for ([`exception_body`]): `{"status":400,"error":"Bad Request"}`
//! when it is JSON, nothing when it is HTML (the app has no `public/400.html`).

use std::borrow::Cow;

use serde_json::Value;

use crate::request::Request;

/// A media type as `Mime::Type.lookup` finds it (`http/mime_type.rb:152-157`), by what Rails
/// does with it here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mime {
    /// The app's `:json` (`config/initializers/mime_types.rb`: `application/vnd.api+json`,
    /// with `application/json` and `text/x-json`): its string is `application/vnd.api+json`,
    /// which `restrict_request_content_type` asks for.
    JsonApi,
    /// Rails' own `:json` still found by its other synonyms (`application/jsonrequest`,
    /// `application/problem+json`): parsed as JSON, but its string is `application/json`.
    Json,
    /// `:xml`: a Hash answers `to_xml`.
    Xml,
    /// `:yaml`: a Hash answers `to_yaml`.
    Yaml,
    /// `multipart/form-data`.
    Multipart,
    /// Registered with another symbol (`text/html`, …): a Hash has no `to_<symbol>`.
    Other,
    /// A valid media type nobody registered: it has no symbol, so `request.formats` drops it.
    Unregistered,
    /// `*/*`: no symbol, but `request.formats` keeps it (`http/mime_negotiation.rb:86-88`).
    All,
}

impl Mime {
    /// Rails parses a body of this type as JSON (`Mime[:json].symbol`, `http/parameters.rb`).
    pub fn is_json(self) -> bool {
        matches!(self, Mime::JsonApi | Mime::Json)
    }
}

/// `Mime::LOOKUP`: the types Rails registers (`http/mime_types.rb`) and the app's (re-registering
/// `:json`, `config/initializers/mime_types.rb`), by their exact string. No other code the app
/// loads registers one: not Rails' other frameworks (`config/application.rb` loads none that
/// does), nor the gems of its `Gemfile` that touch requests (jsonapi-serializer, rswag-api,
/// doorkeeper, lograge, sentry-ruby: no `Mime::Type.register` in their code).
fn registered(s: &str) -> Option<Mime> {
    Some(match s {
        "application/vnd.api+json" | "text/x-json" | "application/json" => Mime::JsonApi,
        "application/jsonrequest" | "application/problem+json" => Mime::Json,
        "application/xml" | "text/xml" | "application/x-xml" => Mime::Xml,
        "application/x-yaml" | "text/yaml" => Mime::Yaml,
        "multipart/form-data" => Mime::Multipart,
        "text/html"
        | "application/xhtml+xml"
        | "text/plain"
        | "text/javascript"
        | "application/javascript"
        | "application/x-javascript"
        | "text/css"
        | "text/calendar"
        | "text/csv"
        | "text/vcard"
        | "text/vtt"
        | "image/png"
        | "image/jpeg"
        | "image/gif"
        | "image/bmp"
        | "image/tiff"
        | "image/svg+xml"
        | "image/webp"
        | "video/mpeg"
        | "audio/mpeg"
        | "audio/ogg"
        | "audio/aac"
        | "audio/mp4"
        | "video/webm"
        | "video/mp4"
        | "font/otf"
        | "font/ttf"
        | "font/woff"
        | "font/woff2"
        | "application/rss+xml"
        | "application/atom+xml"
        | "application/x-www-form-urlencoded"
        | "application/pdf"
        | "application/zip"
        | "application/gzip"
        | "application/x-gzip" => Mime::Other,
        _ => return None,
    })
}

/// What `Mime::Type.parse` makes of `text/*` and `application/*`: the registered types whose
/// string or a synonym contains `text` (`application`), in the order they were registered
/// (`parse_data_with_trailing_star`, `http/mime_type.rb:222-224`), by their strings.
const TEXT_STAR: &[&str] = &[
    "text/html",
    "text/plain",
    "text/javascript",
    "text/css",
    "text/calendar",
    "text/csv",
    "text/vcard",
    "text/vtt",
    "application/xml",
    "application/x-yaml",
    "application/json",
    "application/vnd.api+json",
];
const APPLICATION_STAR: &[&str] = &[
    "text/html",
    "text/javascript",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/x-yaml",
    "application/x-www-form-urlencoded",
    "application/json",
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/vnd.api+json",
];

/// Ruby's whitespace for `strip` and `rstrip`: NUL, `\t`, `\n`, `\v`, `\f`, `\r`, space.
fn ruby_space(c: char) -> bool {
    matches!(c, '\0' | '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ')
}

/// Whitespace as a Ruby regexp's `\s` reads it: `\t`, `\n`, `\v`, `\f`, `\r`, space.
fn regexp_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ')
}

/// `Mime::Type::MIME_NAME`: `[a-zA-Z0-9][a-zA-Z0-9!#$&\-^_.+]{0,126}`, the whole of `s`.
fn mime_name(s: &[u8]) -> bool {
    match s.split_first() {
        Some((first, rest)) => {
            first.is_ascii_alphanumeric()
                && rest.len() <= 126
                && rest.iter().all(|&b| {
                    b.is_ascii_alphanumeric()
                        || matches!(
                            b,
                            b'!' | b'#' | b'$' | b'&' | b'-' | b'^' | b'_' | b'.' | b'+'
                        )
                })
        }
        None => false,
    }
}

/// Whether `Mime::Type.new(s)` accepts `s` (`MIME_REGEXP`, `http/mime_type.rb:263-266`),
/// for `s` without parameters: `*/*`, or a name, `/`, then `*` or a name, then whitespace.
fn valid_type(s: &str) -> bool {
    let s = s.trim_end_matches(|c: char| c.is_ascii() && regexp_space(c as u8));
    if s == "*/*" {
        return true;
    }
    let Some((kind, sub)) = s.split_once('/') else {
        return false;
    };
    mime_name(kind.as_bytes()) && (sub == "*" || mime_name(sub.as_bytes()))
}

/// `Mime::Type.lookup(s)`: the registered type of that exact string, else of the part before
/// the first `;`, right-stripped; else a new type, which must be valid (`Err`: Rails raises
/// `InvalidMimeType`).
pub(crate) fn lookup(s: &str) -> Result<Mime, ()> {
    // What every client of the API sends (`application/vnd.api+json; version=2`), found
    // without the table: the exact string, or it before a `;`, is the app's type.
    if let Some(rest) = s.strip_prefix(crate::request::JSON_API)
        && (rest.is_empty() || rest.starts_with(';'))
    {
        return Ok(Mime::JsonApi);
    }
    if let Some(found) = registered(s) {
        return Ok(found);
    }
    let s = s
        .split(';')
        .next()
        .unwrap_or("")
        .trim_end_matches(ruby_space);
    if let Some(found) = registered(s) {
        Ok(found)
    } else if !valid_type(s) {
        Err(())
    } else if s == "*/*" {
        Ok(Mime::All)
    } else {
        Ok(Mime::Unregistered)
    }
}

/// `request.content_mime_type` (`http/mime_negotiation.rb:24-35`): the `Content-Type` up to
/// its first `,` or `;`, stripped and lower-cased, looked up. `Ok(None)` without the header;
/// `Err` when Rails raises `InvalidType` (406).
pub(crate) fn content_mime(req: &Request) -> Result<Option<Mime>, ()> {
    let Some(value) = req.header_str("Content-Type") else {
        return Ok(None);
    };
    // Bytes: `,` and `;` are ASCII, and a `char` pattern search is dearer.
    let end = value
        .bytes()
        .position(|b| b == b',' || b == b';')
        .unwrap_or(value.len());
    let media = value[..end].trim_matches(ruby_space);
    let media: Cow<'_, str> = if media
        .bytes()
        .any(|b| !b.is_ascii() || b.is_ascii_uppercase())
    {
        // `String#downcase`, Unicode's; std's tables would be most of this module's size.
        let mut lower = String::with_capacity(media.len());
        for c in media.chars() {
            crate::case::push_lowercase(&mut lower, c);
        }
        Cow::Owned(lower)
    } else {
        Cow::Borrowed(media)
    };
    lookup(&media).map(Some)
}

/// Why `request.formats` raises while reading `Accept`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AcceptFailure {
    /// An entry is not a media type: `InvalidType`, 406.
    Invalid,
    /// A `q` too large for an integer (`Infinity`): `AcceptItem#initialize` raises
    /// `FloatDomainError`, which nothing rescues: 500.
    Overflow,
}

/// `String#to_f`: the longest leading decimal number (after leading whitespace), 0 when there
/// is none; underscores between digits are read as Ruby reads them. The nearest double, by the
/// JSON reader's float algorithm (std's would add its tables to the .wasm); one too large is
/// infinite, as Ruby's.
fn ruby_to_f(s: &str) -> f64 {
    let b = s.trim_start_matches(ruby_space).as_bytes();
    let mut text = String::new();
    let mut i = 0;
    if let Some(&sign @ (b'+' | b'-')) = b.first() {
        if sign == b'-' {
            text.push('-');
        }
        i = 1;
    }
    // Digits, with single underscores between them.
    let digits = |i: &mut usize, text: &mut String| -> bool {
        let start = *i;
        while *i < b.len() {
            if b[*i].is_ascii_digit() {
                text.push(b[*i] as char);
                *i += 1;
            } else if b[*i] == b'_' && *i > start && b.get(*i + 1).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            } else {
                break;
            }
        }
        *i > start
    };
    let integer = text.len();
    if !digits(&mut i, &mut text) {
        return 0.0;
    }
    // JSON has no leading zeros.
    while text.len() > integer + 1 && text.as_bytes()[integer] == b'0' {
        text.remove(integer);
    }
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        text.push('.');
        i += 1;
        digits(&mut i, &mut text);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut exponent = String::from("e");
        let mut j = i + 1;
        if let Some(&sign @ (b'+' | b'-')) = b.get(j) {
            exponent.push(sign as char);
            j += 1;
        }
        if digits(&mut j, &mut exponent) {
            text.push_str(&exponent);
        }
    }
    let arena = crate::json::Arena::new();
    match crate::json::Json::parse_str(&text, &arena) {
        Ok(crate::json::Json::Number(n)) => match n {
            crate::json::Number::Unsigned(u) => u as f64,
            crate::json::Number::Signed(i) => i as f64,
            crate::json::Number::Float(f) => f,
        },
        // A decimal the reader refuses is out of range.
        _ if text.starts_with('-') => f64::NEG_INFINITY,
        _ => f64::INFINITY,
    }
}

/// One entry of a list `Accept` (`Mime::Type::AcceptItem`, `http/mime_type.rb:60-79`); its
/// index is its place in the list.
struct AcceptItem<'a> {
    name: &'a str,
    q: i64,
}

/// `PARAMETER_SEPARATOR_REGEXP`, `/;\s*q="?/` (the `=` is in it): where it starts and ends
/// in `s`, first match.
fn q_separator(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut at = 0;
    while let Some(offset) = b[at..].iter().position(|&c| c == b';') {
        let start = at + offset;
        let mut end = start + 1;
        while b.get(end).is_some_and(|&c| regexp_space(c)) {
            end += 1;
        }
        if b.get(end) == Some(&b'q') && b.get(end + 1) == Some(&b'=') {
            end += 2;
            if b.get(end) == Some(&b'"') {
                end += 1;
            }
            return Some((start, end));
        }
        at = start + 1;
    }
    None
}

/// `s.split(PARAMETER_SEPARATOR_REGEXP)`'s first two pieces, as Ruby gives them (trailing empty
/// pieces dropped).
fn split_q(s: &str) -> (Option<&str>, Option<&str>) {
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some((start, end)) = q_separator(rest) {
        pieces.push(&rest[..start]);
        rest = &rest[end..];
    }
    pieces.push(rest);
    while pieces.last().is_some_and(|p| p.is_empty()) {
        pieces.pop();
    }
    (pieces.first().copied(), pieces.get(1).copied())
}

/// `parse_trailing_star`: `text/*…` and `application/*…` stand for the registered types.
fn trailing_star(s: &str) -> Option<&'static [&'static str]> {
    if s.starts_with("text/*") {
        Some(TEXT_STAR)
    } else if s.starts_with("application/*") {
        Some(APPLICATION_STAR)
    } else {
        None
    }
}

/// `Mime::Type.parse(header)` (`http/mime_type.rb:192-220`) with `AcceptList.sort!`
/// (`:83-127`), then `request.formats`' filter (types without a symbol dropped, `*/*` kept):
/// the first format, `None` when none is left.
fn parse_accept(header: &str) -> Result<Option<Mime>, AcceptFailure> {
    if !header.contains(',') {
        let header = match q_separator(header) {
            Some((start, _)) => header[..start].trim_matches(ruby_space),
            // Stripped and not blank already ([`accepts`]).
            None => header,
        };
        if header.chars().all(char::is_whitespace) {
            return Ok(None);
        }
        if trailing_star(header).is_some() {
            // Both lists start with `text/html`.
            return Ok(Some(Mime::Other));
        }
        return lookup(header)
            .map(|m| (m != Mime::Unregistered).then_some(m))
            .map_err(|()| AcceptFailure::Invalid);
    }
    let mut list: Vec<AcceptItem<'_>> = Vec::new();
    for entry in accept_entries(header) {
        let (Some(params), q) = split_q(entry) else {
            continue;
        };
        let params = params.trim_matches(ruby_space);
        if params.is_empty() {
            continue;
        }
        // `q ||= 0.0 if @name == "*/*"`: a star's types are never `*/*`.
        let q = match q {
            Some(q) => ruby_to_f(q),
            None if params == "*/*" => 0.0,
            None => 1.0,
        } * 100.0;
        if !q.is_finite() {
            return Err(AcceptFailure::Overflow);
        }
        // Float#to_i truncates.
        let q = q as i64;
        match trailing_star(params) {
            Some(names) => list.extend(names.iter().map(|&name| AcceptItem { name, q })),
            None => list.push(AcceptItem { name: params, q }),
        }
    }
    let mut list = by_quality(list);
    sort_xml(&mut list);
    let mut first = None;
    for item in &list {
        // Every entry is looked up (`list.map!`), so a bad one raises wherever it is.
        let mime = lookup(item.name).map_err(|()| AcceptFailure::Invalid)?;
        if first.is_none() && mime != Mime::Unregistered {
            first = Some(mime);
        }
    }
    Ok(first)
}

/// `list.sort!` by `AcceptItem#<=>`: by quality, best first, then in the order sent.
fn by_quality(list: Vec<AcceptItem<'_>>) -> Vec<AcceptItem<'_>> {
    let order = crate::context::stable_order_by(list.len(), &|a, b| list[a].q > list[b].q);
    let mut items: Vec<Option<AcceptItem<'_>>> = list.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| items[i].take()).collect()
}

/// `AcceptList.sort!`'s XML rules (`http/mime_type.rb:86-121`): `text/xml` becomes
/// `application/xml`, which then moves behind the `+xml` types of its quality or better.
fn sort_xml(list: &mut Vec<AcceptItem<'_>>) {
    const APP_XML: &str = "application/xml";
    let text_xml = list.iter().position(|i| i.name == "text/xml");
    let mut app_xml = list.iter().position(|i| i.name == APP_XML);
    match (text_xml, app_xml) {
        (Some(mut text), Some(mut app)) => {
            list[app].q = list[app].q.max(list[text].q);
            if app > text {
                list.swap(app, text);
                std::mem::swap(&mut app, &mut text);
            }
            list.remove(text);
            app_xml = Some(app);
        }
        (Some(text), None) => list[text].name = APP_XML,
        _ => {}
    }
    if let Some(mut app) = app_xml {
        let q = list[app].q;
        let mut idx = app;
        while idx < list.len() {
            if list[idx].q < q {
                break;
            }
            if list[idx].name.ends_with("+xml") {
                list.swap(app, idx);
                app = idx;
            }
            idx += 1;
        }
    }
}

/// `header.scan(ACCEPT_HEADER_REGEXP)`, `/[^,\s"](?:[^,"]|"[^"]*")*/`: the entries of a list.
fn accept_entries(header: &str) -> Vec<&str> {
    let b = header.as_bytes();
    let mut entries = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b',' || b[i] == b'"' || regexp_space(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        loop {
            match b.get(i) {
                Some(b',') | None => break,
                Some(b'"') => match b[i + 1..].iter().position(|&c| c == b'"') {
                    Some(close) => i += close + 2,
                    None => break,
                },
                Some(_) => i += 1,
            }
        }
        entries.push(&header[start..i]);
    }
    entries
}

/// `BROWSER_LIKE_ACCEPTS`, `/,\s*\*\/\*|\*\/\*\s*,/`: a list with `*/*` in it.
fn browser_like(accept: &str) -> bool {
    let b = accept.as_bytes();
    b.windows(3).enumerate().any(|(at, w)| {
        w == b"*/*"
            && (b[..at].iter().rev().find(|&&c| !regexp_space(c)) == Some(&b',')
                || b[at + 3..].iter().find(|&&c| !regexp_space(c)) == Some(&b','))
    })
}

/// `request.xhr?`: `X-Requested-With` contains `XMLHttpRequest`, in any case.
fn xhr(req: &Request) -> bool {
    req.header_str("X-Requested-With")
        .is_some_and(|v| v.to_ascii_lowercase().contains("xmlhttprequest"))
}

/// Whether `request.formats` reads `Accept` (`valid_accept_header`, `http/mime_negotiation.
/// rb:175-178`): when it is present and not a browser's list, or for an XHR with `Accept` or a
/// `Content-Type`.
fn reads_accept(req: &Request, accept: Option<&str>, content: Option<Mime>) -> bool {
    // `present?`: not only whitespace (a visible first byte settles it).
    let present = accept.is_some_and(|a| {
        a.as_bytes().first().is_some_and(u8::is_ascii_graphic)
            || !a.chars().all(char::is_whitespace)
    });
    // `X-Requested-With` is looked for only when it can matter.
    (present && !accept.is_some_and(browser_like)) || (xhr(req) && (present || content.is_some()))
}

/// `request.accepts`' first format that `request.formats` keeps, when `request.formats` reads
/// `Accept`; `Ok(None)` when it does not read it or keeps no format from it.
fn accepts(req: &Request, content: Option<Mime>) -> Result<Option<Option<Mime>>, AcceptFailure> {
    let accept = req.header_str("Accept");
    if !reads_accept(req, accept.as_deref(), content) {
        return Ok(None);
    }
    let header = accept.as_deref().unwrap_or("").trim_matches(ruby_space);
    if header.is_empty() {
        return Ok(Some(content.filter(|&m| m != Mime::Unregistered)));
    }
    parse_accept(header).map(Some)
}

/// Whether Rails raises while reading `Accept` for `request.format` in `Instrumentation`, given
/// the request's `Content-Type` ([`content_mime`]): only when the parameters give no `format`
/// ([`reads_accept_for_format`]), which the caller decides.
pub(crate) fn accept_failure(req: &Request, content: Option<Mime>) -> Option<AcceptFailure> {
    accepts(req, content).err()
}

/// `params[name]` at the top of Rails' parameters ([`param`]): the query's, or the body's member.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Param<'q, 'j, 'a> {
    /// The query's last `name=value`: its value as sent, `None` for `name` without `=` (nil).
    Query(Option<&'q str>),
    /// `name[…]=…` in the query: an Array (`name[]`, `name[][…]`) or else a Hash to Rails.
    QueryNested {
        /// An Array, not a Hash.
        array: bool,
    },
    /// The body's top-level member.
    Body(&'j crate::json::Json<'a>),
}

impl<'q, 'j, 'a> Param<'q, 'j, 'a> {
    /// The value when it is a String (a query value decoded: `None` when it cannot be, which
    /// Rails refuses before any controller reads it).
    pub(crate) fn text(&self) -> Option<Cow<'j, str>>
    where
        'q: 'j,
    {
        match self {
            Param::Query(Some(raw)) => decode_component(raw).ok().map(|v| match v {
                Cow::Borrowed(b) => String::from_utf8_lossy(b),
                Cow::Owned(b) => Cow::Owned(String::from_utf8_lossy(&b).into_owned()),
            }),
            Param::Body(crate::json::Json::String(s)) => Some(Cow::Borrowed(s)),
            _ => None,
        }
    }

    /// `nil`: what `&.` passes over.
    pub(crate) fn is_nil(&self) -> bool {
        matches!(
            self,
            Param::Query(None) | Param::Body(crate::json::Json::Null)
        )
    }

    /// `nil` or `false`: what `||` passes over.
    pub(crate) fn is_falsy(&self) -> bool {
        matches!(
            self,
            Param::Query(None)
                | Param::Body(crate::json::Json::Null | crate::json::Json::Bool(false))
        )
    }

    /// A Hash (`name[key]=…`, a JSON object).
    pub(crate) fn is_hash(&self) -> bool {
        matches!(
            self,
            Param::QueryNested { array: false } | Param::Body(crate::json::Json::Object(_))
        )
    }

    /// A value `permit` keeps: a String, a number, `true`, `false` or nil
    /// (`ActionController::Parameters::PERMITTED_SCALAR_TYPES`); not an Array or a Hash.
    pub(crate) fn is_scalar(&self) -> bool {
        !matches!(
            self,
            Param::QueryNested { .. }
                | Param::Body(crate::json::Json::Array(_) | crate::json::Json::Object(_))
        )
    }

    /// What Ruby's `NoMethodError` calls the value (Ruby 3.4: `undefined method 'split' for
    /// an instance of Integer`, `… for nil`).
    pub(crate) fn ruby_name(&self) -> &'static str {
        use crate::json::Json;
        match self {
            Param::Query(None) | Param::Body(Json::Null) => "nil",
            Param::Query(Some(_)) | Param::Body(Json::String(_)) => "an instance of String",
            Param::QueryNested { array: true } | Param::Body(Json::Array(_)) => {
                "an instance of Array"
            }
            Param::QueryNested { array: false } | Param::Body(Json::Object(_)) => {
                "an instance of ActionController::Parameters"
            }
            Param::Body(Json::Bool(true)) => "true",
            Param::Body(Json::Bool(false)) => "false",
            Param::Body(Json::Number(crate::json::Number::Float(_))) => "an instance of Float",
            Param::Body(Json::Number(_)) => "an instance of Integer",
        }
    }

    /// Where an error about it points: the query parameter, or the body's member.
    pub(crate) fn source(&self, name: &str) -> crate::error::ErrorSource {
        match self {
            Param::Body(_) => crate::error::ErrorSource::pointer(crate::pointer::join(&[name])),
            _ => crate::error::ErrorSource::parameter(name.to_owned()),
        }
    }
}

/// Why Rails cannot read the query's parameters: the message of the exception that
/// `ActionController::BadRequest` wraps (`Invalid query parameters: <message>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryFailure {
    /// The parameter's name as sent (before decoding when it cannot be decoded).
    pub parameter: String,
    /// Rails' message.
    pub message: String,
}

/// `URI.decode_www_form_component` (Ruby's `uri/common.rb`): `+` is a space and `%XX` a byte;
/// a `%` without two hex digits after it raises `invalid %-encoding (<s>)`. The bytes may not be
/// UTF-8.
fn decode_component(s: &str) -> Result<Cow<'_, [u8]>, String> {
    crate::request::form_decode(s, false).ok_or_else(|| format!("invalid %-encoding ({s})"))
}

/// Parameters as `ActionDispatch::ParamBuilder` stores them, as far as its checks need: a
/// Hash is an object, an Array an array, a string `true` (its text does not matter) and `nil`
/// `null`. serde_json's map (a `BTreeMap`, already in the .wasm) keeps each look-up
/// logarithmic, so no query costs more than its length times a log. A name that is not UTF-8
/// once decoded is read lossily.
type Params = serde_json::Map<String, Value>;

/// `obj.class.name` in ParamBuilder's messages.
fn class(node: &Value) -> &'static str {
    match node {
        Value::Array(_) => "Array",
        Value::Object(_) => "ActiveSupport::HashWithIndifferentAccess",
        _ => "String",
    }
}

/// `ParamBuilder.default`'s depth limit (`http/param_builder.rb`: `make_default(100)`).
const PARAM_DEPTH_LIMIT: usize = 100;

/// What `store_nested_param` returns to its caller.
enum Stored {
    /// `nil` (an empty name).
    Nil,
    /// The params it stored into.
    Params,
    /// `[v]` or `[]` of a `[]` name below the top.
    Array(Vec<Value>),
}

/// `params[k] ||= empty` then `params[k]`: the slot of `k`, set to `empty` when it is `nil`.
fn slot<'p>(params: &'p mut Params, k: &str, empty: fn() -> Value) -> &'p mut Value {
    let slot = params.entry(k).or_insert(Value::Null);
    if slot.is_null() {
        *slot = empty();
    }
    slot
}

/// A value as stored: a string (`true`) or `nil`.
fn leaf(v: bool) -> Value {
    if v { Value::Bool(true) } else { Value::Null }
}

/// `ActionDispatch::ParamBuilder#store_nested_param` (`http/param_builder.rb`), for what it
/// raises: `Err` is the message of `ParameterTypeError` or `ParamsTooDeepError`. `v` is whether
/// the value is a string (not `nil`).
fn store(params: &mut Params, name: &str, v: bool, depth: usize) -> Result<Stored, String> {
    if depth >= PARAM_DEPTH_LIMIT {
        return Err("ActionDispatch::ParamsTooDeepError".into());
    }
    // `name.index(c, 1)`: `[` and `]` are ASCII, so a byte search is a char search.
    let find = |c: u8| name.bytes().skip(1).position(|b| b == c).map(|at| at + 1);
    let (k, after) = if depth == 0 {
        match find(b'[') {
            Some(at) => name.split_at(at),
            None => (name, ""),
        }
    } else if let Some(after) = name.strip_prefix("[]") {
        ("[]", after)
    } else if let Some(close) = find(b']').filter(|_| name.starts_with('[')) {
        (&name[1..close], &name[close + 1..])
    } else {
        (name, "")
    };
    if k.is_empty() {
        return Ok(Stored::Nil);
    }
    let type_error = |expected: &str, got: &Value| {
        format!("expected {expected} (got {}) for param `{k}'", class(got))
    };
    if after.is_empty() {
        if k == "[]" && depth != 0 {
            // `perform_deep_munge` is on: `[nil]` is `[]`.
            let items = if v { vec![leaf(true)] } else { Vec::new() };
            return Ok(Stored::Array(items));
        }
        params.insert(k.to_owned(), leaf(v));
    } else if after == "[" {
        params.insert(name.to_owned(), leaf(v));
    } else if after == "[]" {
        let slot = slot(params, k, || Value::Array(Vec::new()));
        let Value::Array(items) = slot else {
            return Err(type_error("Array", slot));
        };
        if v {
            items.push(leaf(true));
        }
    } else if let Some(tail) = after.strip_prefix("[]") {
        let child_key = tail
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .filter(|c| !c.is_empty() && !c.contains(['[', ']']))
            .unwrap_or(tail);
        let slot = slot(params, k, || Value::Array(Vec::new()));
        let Value::Array(items) = slot else {
            return Err(type_error("Array", slot));
        };
        match items.last_mut() {
            Some(Value::Object(last)) if !has_key(last, child_key) => {
                store(last, child_key, v, depth + 1)?;
            }
            _ => {
                let mut fresh = Params::new();
                let item = match store(&mut fresh, child_key, v, depth + 1)? {
                    Stored::Nil => Value::Null,
                    Stored::Params => Value::Object(fresh),
                    Stored::Array(a) => Value::Array(a),
                };
                items.push(item);
            }
        }
    } else {
        let slot = slot(params, k, || Value::Object(Params::new()));
        let Value::Object(inner) = slot else {
            return Err(type_error("Hash", slot));
        };
        match store(inner, after, v, depth + 1)? {
            Stored::Params => {}
            Stored::Nil => *slot = Value::Null,
            Stored::Array(a) => *slot = Value::Array(a),
        }
    }
    Ok(Stored::Params)
}

/// `params_hash_has_key?` (`http/param_builder.rb`): whether the names in `key` lead somewhere.
fn has_key(hash: &Params, key: &str) -> bool {
    if key.contains("[]") {
        return false;
    }
    let mut at = hash;
    let mut parts = key.split(['[', ']']).filter(|p| !p.is_empty()).peekable();
    while let Some(part) = parts.next() {
        match at.get(part) {
            Some(Value::Object(inner)) => at = inner,
            Some(_) if parts.peek().is_none() => return true,
            _ => return false,
        }
    }
    true
}

/// The query's pairs as Rails splits them (`ActionDispatch::QueryParser.each_pair`,
/// `http/query_parser.rb`): at each `&` and the spaces after it, empty parts skipped, each at
/// its first `=` (no `=`: a `nil` value).
pub(crate) fn query_pairs(query: &str) -> impl Iterator<Item = (&str, Option<&str>)> {
    query
        .split('&')
        .map(|part| part.trim_start_matches(' '))
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (part, None),
        })
}

/// Why Rails cannot read the query's parameters (`ActionDispatch::Request#GET`,
/// `http/request.rb:395-404`, with `ParamBuilder.from_query_string`), or `None`: the first pair
/// whose name or value is not %-encoded right, whose value is not UTF-8 once decoded, or whose
/// name's brackets contradict an earlier one's (`a=1&a[b]=2`) or nest 100 deep.
pub(crate) fn query_failure(req: &Request) -> Option<QueryFailure> {
    let query = req.query_str()?;
    let mut params = Params::new();
    for (raw_key, raw_value) in query_pairs(query) {
        let fail = |parameter: String, message: String| Some(QueryFailure { parameter, message });
        let key = match decode_component(raw_key) {
            Ok(k) => String::from_utf8_lossy(&k).into_owned(),
            Err(message) => return fail(raw_key.to_owned(), message),
        };
        let value = match raw_value.map(decode_component).transpose() {
            Ok(v) => v,
            Err(message) => return fail(key, message),
        };
        // `return if k.empty?` comes before the value's encoding is checked (and a name is
        // empty only when its `k` is).
        if !key.is_empty()
            && let Some(bytes) = &value
            && std::str::from_utf8(bytes).is_err()
        {
            let scrubbed = String::from_utf8_lossy(bytes).into_owned();
            return fail(key, format!("Invalid encoding for parameter: {scrubbed}"));
        }
        if let Err(message) = store(&mut params, &key, value.is_some(), 0) {
            return fail(key, message);
        }
    }
    None
}

/// `params[name]` at the top of Rails' parameters (`http/parameters.rb`, `parameters`: the
/// body's parameters merged with the query's, which win; `query` is the request's query string
/// ([`Request::query_str`]) and `body` the body's parameters when Rails parses it), or `None`
/// when neither has `name`. The query's last pair of that name decides, as
/// Rack's parser keeps it (a name both plain and bracketed is Rails' 400 before this is read).
pub(crate) fn param<'q, 'j, 'a>(
    query: Option<&'q str>,
    body: Option<&'j crate::json::Json<'a>>,
    name: &str,
) -> Option<Param<'q, 'j, 'a>> {
    if let Some(query) = query {
        let mut found = None;
        for (raw_key, raw_value) in query_pairs(query) {
            let Ok(key) = decode_component(raw_key) else {
                continue;
            };
            let Some(after) = key.strip_prefix(name.as_bytes()) else {
                continue;
            };
            if after.is_empty() {
                found = Some(Param::Query(raw_value));
            } else if after.starts_with(b"[") && after != b"[" {
                // Rack's `normalize_params`: `name[` alone is a name of its own.
                found = Some(Param::QueryNested {
                    array: after.starts_with(b"[]"),
                });
            }
        }
        if found.is_some() {
            return found;
        }
    }
    body?.get(name).map(Param::Body)
}

/// The body as Rails' parameters read it: a JSON body of a JSON `Content-Type`, parsed into
/// `arena`; `None` for any other body, or one that is not JSON.
pub(crate) fn json_body<'a>(
    req: &'a Request,
    arena: &'a crate::json::Arena,
) -> Option<crate::json::Json<'a>> {
    match content_mime(req) {
        Ok(Some(mime)) if mime.is_json() && !req.body.is_empty() => {
            crate::json::Json::parse(&req.body, arena).ok()
        }
        _ => None,
    }
}

/// `params` at `name`, in Rails' bracket notation (`include`, `sort[by]`, `search[person]`),
/// as the API's controllers read it ([`param`]): when the query gives the name's first
/// segment, the query's last value of `name` (`""` for a name without `=`); otherwise the
/// JSON body's member at that path, as Ruby's `to_s` writes a String, a number or a boolean.
/// `None` when neither gives one, or it is nil, an Array or a Hash.
pub(crate) fn param_text(req: &Request, name: &str) -> Option<String> {
    let (top, rest) = match name.split_once('[') {
        Some((top, rest)) => (top, rest.strip_suffix(']').unwrap_or(rest)),
        None => (name, ""),
    };
    let arena = crate::json::Arena::new();
    let body = json_body(req, &arena);
    match param(req.query_str(), body.as_ref(), top)? {
        Param::Body(value) => {
            let mut value = value;
            for key in rest.split("][").filter(|_| !rest.is_empty()) {
                value = value.get(key)?;
            }
            use crate::json::Json;
            match value {
                Json::Null | Json::Array(_) | Json::Object(_) => None,
                scalar => Some(scalar.ruby_to_s()),
            }
        }
        _ => req
            .query()
            .into_iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v),
    }
}

/// `Mime[ext]` (`Mime::EXTENSION_LOOKUP`), for what an answer's body is: only `json`, `xml`,
/// `yaml` and `yml` give a body other than HTML's.
fn by_extension(ext: &str) -> Option<Mime> {
    match ext {
        "json" => Some(Mime::JsonApi),
        "xml" => Some(Mime::Xml),
        "yaml" | "yml" => Some(Mime::Yaml),
        _ => None,
    }
}

/// The body of Rails' answer to an exception no controller handles.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExceptionBody {
    /// `{"status":…,"error":…}`, as `Hash#to_json` writes it (`application/vnd.api+json`).
    Json(serde_json::Value),
    /// No body: HTML asked for (or nothing), and the app has no `public/<status>.html`
    /// (`ShowExceptions#pass_response`), or a `HEAD`.
    Empty,
    /// `Hash#to_xml` or `Hash#to_yaml`, for the media type named.
    NotJson(&'static str),
    /// Rendering it raised again (an `Accept` whose `q` overflows): `ShowExceptions`' failsafe
    /// 500, `text/plain`.
    Failsafe,
}

/// `Rack::Utils::HTTP_STATUS_CODES` for the statuses Rails answers here.
fn status_text(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        404 => "Not Found",
        406 => "Not Acceptable",
        _ => "Internal Server Error",
    }
}

/// What `ShowExceptions` sends for an exception of `status` raised by `req`
/// (`middleware/show_exceptions.rb:48-65`, `middleware/public_exceptions.rb`): the format is
/// `params[:format]` when the parameters can be read, else `Accept`'s first (an `Accept` it
/// cannot read becomes `text/html`), else the path's extension, else HTML.
pub(crate) fn exception_body(
    status: u16,
    req: &Request,
    body: &crate::endpoints::Body<'_>,
) -> ExceptionBody {
    // `PublicExceptions#call` renders `""` for a HEAD request.
    if req.method_name() == "HEAD" {
        return ExceptionBody::Empty;
    }
    // `fallback_to_html_format_if_invalid_mime_type`: a `Content-Type` Rails cannot read
    // becomes `text/html`, so the body is not parsed.
    let content = content_mime(req).unwrap_or(Some(Mime::Other));
    let first = match format_given(req, content, body) {
        Some(mime) => mime,
        None => match accepts(req, content) {
            Ok(Some(first)) => first,
            Err(AcceptFailure::Invalid) => None,
            Err(AcceptFailure::Overflow) => return ExceptionBody::Failsafe,
            Ok(None) => {
                // The extension (`/\.(\w+)\z/`) of `PATH_INFO` as the router left it
                // (`format_from_path_extension`, `http/mime_negotiation.rb:184-189`; normalised,
                // without its query), else HTML (or JavaScript for an XHR: neither has a body
                // here). routing-filter leaves an unrouted path without its `/v1`s, as
                // `route` is, and gives a routed one its `/v1`s back: the two differ only for a
                // `/v1` after the extension (`/api/moves.json/v1`), which is left as it is.
                let route = req.route();
                let path: &str = &route;
                let word = path
                    .bytes()
                    .rev()
                    .take_while(|&b| b.is_ascii_alphanumeric() || b == b'_')
                    .count();
                let dot = path.len() - word;
                (word > 0 && dot > 0 && path.as_bytes()[dot - 1] == b'.')
                    .then(|| by_extension(&path[dot..]))
                    .flatten()
            }
        },
    };
    match first {
        Some(Mime::JsonApi | Mime::Json) => ExceptionBody::Json(serde_json::json!({
            "status": status,
            "error": status_text(status),
        })),
        Some(Mime::Xml) => ExceptionBody::NotJson("application/xml"),
        Some(Mime::Yaml) => ExceptionBody::NotJson("application/x-yaml"),
        _ => ExceptionBody::Empty,
    }
}

/// The body's parameters as Rails reads them: `Ok(None)` when it does not parse the body (its
/// `Content-Type` is not a JSON type, or it is empty), `Err` when it cannot.
fn body_params<'b, 'r>(
    content: Option<Mime>,
    body: &'b crate::endpoints::Body<'r>,
) -> Result<Option<&'b crate::json::Json<'r>>, ()> {
    if !content.is_some_and(Mime::is_json) || body.bytes().is_empty() {
        return Ok(None);
    }
    body.parsed().map(Some).map_err(|_| ())
}

/// The format `params[:format]` gives (`request.formats`, `http/mime_negotiation.rb:74-75`),
/// when Rails can read the parameters (`params_readable?` rescues `BadRequest` and
/// `ParseError`) and they give a truthy one: `Some(None)` for one that names no type with a
/// body here. `None`: Rails reads `Accept`.
fn format_given(
    req: &Request,
    content: Option<Mime>,
    body: &crate::endpoints::Body<'_>,
) -> Option<Option<Mime>> {
    let parsed = body_params(content, body).ok()?;
    if query_failure(req).is_some() {
        return None;
    }
    // The path's parameters are merged last (`http/parameters.rb`, `parameters`), so its
    // extension wins.
    if let Some(ext) = crate::endpoints::path_format(req) {
        return Some(by_extension(&ext));
    }
    let format = param(req.query_str(), parsed, "format")?;
    match format.text() {
        _ if format.is_falsy() => None,
        Some(ext) => Some(by_extension(&ext)),
        // Truthy, and no format's name (a Hash, an Array, a number, `true`, or a value Rails
        // cannot decode).
        None => Some(None),
    }
}

/// Whether Rails reads `Accept` for `request.format` in `Instrumentation`: not when the
/// parameters give a `format`.
pub(crate) fn reads_accept_for_format(req: &Request, body: &crate::endpoints::Body<'_>) -> bool {
    format_given(req, content_mime(req).ok().flatten(), body).is_none()
}

/// A path parameter as the router decodes it (`Journey::Router::Utils.unescape_uri`,
/// `journey/router/utils.rb:64-67`): each `%` and two letters or digits is the byte
/// `String#hex` reads from them (`%zz` is NUL); `+` stays. `Err` when the bytes are not UTF-8:
/// `path_parameters=` raises `BadRequest` (`http/parameters.rb`).
pub(crate) fn unescape_path_param(segment: &str) -> Result<Cow<'_, str>, String> {
    let b = segment.as_bytes();
    if !b.contains(&b'%') {
        return Ok(Cow::Borrowed(segment));
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
            && b.get(i + 2).is_some_and(u8::is_ascii_alphanumeric)
        {
            // `String#hex`: the leading hex digits.
            let hex = |c: u8| (c as char).to_digit(16);
            let byte = match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => h * 16 + l,
                (Some(h), None) => h,
                (None, _) => 0,
            };
            out.push(byte as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map(Cow::Owned).map_err(|e| {
        let scrubbed = String::from_utf8_lossy(e.as_bytes()).into_owned();
        format!("Invalid encoding for parameter: {scrubbed}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(path: &str, headers: &[(&str, &str)]) -> Request {
        let mut r = Request::new("GET", path);
        for (n, v) in headers {
            r = r.header(n, v);
        }
        r
    }

    #[test]
    fn content_types_as_rails_looks_them_up() {
        let ct = |v: &str| content_mime(&req("/api/moves", &[("Content-Type", v)]));
        assert_eq!(ct("application/vnd.api+json"), Ok(Some(Mime::JsonApi)));
        assert_eq!(
            ct(" Application/JSON ; charset=utf-8"),
            Ok(Some(Mime::JsonApi))
        );
        // Up to the first `,`, as `content_mime_type`'s `/^([^,;]*)/`.
        assert_eq!(ct("application/json, text/plain"), Ok(Some(Mime::JsonApi)));
        assert_eq!(ct("application/jsonrequest"), Ok(Some(Mime::Json)));
        assert_eq!(ct("text/plain"), Ok(Some(Mime::Other)));
        assert_eq!(ct("application/x-foo"), Ok(Some(Mime::Unregistered)));
        assert_eq!(ct("*/*"), Ok(Some(Mime::All)));
        for bad in [
            "json",
            "",
            "application/",
            "/json",
            "a/b c",
            "application/jsön",
            "a/*x",
        ] {
            assert_eq!(ct(bad), Err(()), "{bad:?}");
        }
        assert_eq!(content_mime(&req("/api/moves", &[])), Ok(None));
    }

    #[test]
    fn accept_as_request_formats_reads_it() {
        let first = |v: &str| accepts(&req("/api/moves", &[("Accept", v)]), None);
        assert_eq!(
            first("application/vnd.api+json; version=2"),
            Ok(Some(Some(Mime::JsonApi)))
        );
        assert_eq!(
            first("application/json;q=0.5"),
            Ok(Some(Some(Mime::JsonApi)))
        );
        assert_eq!(first("*/*"), Ok(Some(Some(Mime::All))));
        assert_eq!(first("text/*"), Ok(Some(Some(Mime::Other))));
        assert_eq!(first("application/x-foo"), Ok(Some(None)));
        assert_eq!(first("json"), Err(AcceptFailure::Invalid));
        // A list: by quality, then order; unregistered types are dropped.
        assert_eq!(
            first("text/html;q=0.5, application/json"),
            Ok(Some(Some(Mime::JsonApi)))
        );
        assert_eq!(
            first("application/x-foo, application/json"),
            Ok(Some(Some(Mime::JsonApi)))
        );
        assert_eq!(first("application/json, json"), Err(AcceptFailure::Invalid));
        assert_eq!(
            first("text/xml, application/json"),
            Ok(Some(Some(Mime::Xml)))
        );
        assert_eq!(
            first("application/json;q=1e400, text/html"),
            Err(AcceptFailure::Overflow)
        );
        // `0.29 * 100` is 28.999…: truncated to 28, behind 0.29's neighbour written as 0.2900001.
        assert_eq!(
            first("text/html;q=0.29, application/json;q=0.2900001"),
            Ok(Some(Some(Mime::JsonApi)))
        );
        // A browser's list is not read, nor a blank one.
        assert_eq!(first("application/json, text/plain, */*"), Ok(None));
        assert_eq!(first("  "), Ok(None));
        let r = req("/api/moves", &[("X-Requested-With", "XMLHttpRequest")]);
        assert_eq!(
            accepts(&r, Some(Mime::JsonApi)),
            Ok(Some(Some(Mime::JsonApi)))
        );
    }

    #[test]
    fn ruby_to_f_reads_the_leading_number() {
        for (s, f) in [
            ("0.5", 0.5),
            (" 1", 1.0),
            ("1_0", 10.0),
            ("1__0", 1.0),
            (".5", 0.0),
            ("5.", 5.0),
            ("2e1x", 20.0),
            ("abc", 0.0),
            ("-1", -1.0),
        ] {
            assert_eq!(ruby_to_f(s), f, "{s:?}");
        }
        assert!(ruby_to_f("1e400").is_infinite());
        assert!(ruby_to_f("-1e400").is_infinite());
        assert_eq!(ruby_to_f("007.5"), 7.5);
        assert_eq!(ruby_to_f("+0.29") * 100.0, 0.29 * 100.0);
    }

    #[test]
    fn queries_rails_cannot_read() {
        let failure =
            |q: &str| query_failure(&req(&format!("/api/moves?{q}"), &[])).map(|f| f.message);
        assert_eq!(
            failure("filter[date_from]=2020-01-01&include=profile"),
            None
        );
        assert_eq!(failure("a=100%"), Some("invalid %-encoding (100%)".into()));
        assert_eq!(failure("a%zz=1"), Some("invalid %-encoding (a%zz)".into()));
        assert_eq!(
            failure("a=%FF"),
            Some("Invalid encoding for parameter: \u{FFFD}".into())
        );
        // An empty name is skipped before its value is checked.
        assert_eq!(failure("=%FF"), None);
        assert_eq!(
            failure("a=1&a[b]=2"),
            Some("expected Hash (got String) for param `a'".into())
        );
        assert_eq!(
            failure("a[]=1&a[b]=2"),
            Some("expected Hash (got Array) for param `a'".into())
        );
        assert_eq!(
            failure("a[b]=1&a[]=2"),
            Some(
                "expected Array (got ActiveSupport::HashWithIndifferentAccess) for param `a'"
                    .into()
            )
        );
        // A later plain value replaces a hash; a key without `=` is nil and is replaced.
        assert_eq!(failure("a[b]=1&a=2"), None);
        assert_eq!(failure("a&a[b]=2"), None);
        assert_eq!(failure("a[][b]=1&a[][b]=2&a[][c]=3"), None);
        let deep = format!("a{}=1", "[b]".repeat(99));
        assert_eq!(failure(&deep), None);
        let deeper = format!("a{}=1", "[b]".repeat(100));
        assert_eq!(
            failure(&deeper),
            Some("ActionDispatch::ParamsTooDeepError".into())
        );
        // `&` and the spaces after it split; `;` does not.
        assert_eq!(
            query_pairs("a=1& b=2;c").collect::<Vec<_>>(),
            [("a", Some("1")), ("b", Some("2;c"))]
        );
    }

    #[test]
    fn path_parameters_as_the_router_decodes_them() {
        assert_eq!(unescape_path_param("a+b%20c").as_deref(), Ok("a+b c"));
        assert_eq!(unescape_path_param("%zz").as_deref(), Ok("\0"));
        assert_eq!(unescape_path_param("%1z").as_deref(), Ok("\u{1}"));
        assert_eq!(unescape_path_param("100%").as_deref(), Ok("100%"));
        assert!(unescape_path_param("%FF").is_err());
    }
}
