//! What a file holds, recognised by its content: requests as the npm package takes them,
//! bare JSON:API documents, curl command lines; one or several of them. Each request comes
//! with the places of its parts in the file's text, so that an error's pointer, header or
//! parameter can be shown where the user wrote it, and a fix written back there.

use std::ops::Range;

use basm_core::Request;
use basm_core::span::{self, Spanned, SpannedKind};

use super::curl;

/// Where a decoded text (a body, a path) comes from in the file: byte `i` of the decoded text
/// starts at file offset `map(i)`; `map(len)` is just past its end.
#[derive(Debug, Clone, PartialEq)]
pub enum Offsets {
    /// The text is the file's bytes from this offset on, unchanged (a JSON body as written).
    Linear(usize),
    /// One offset a decoded byte, and one more for the end (a JSON string, a shell word).
    Table(Vec<usize>),
}

impl Offsets {
    /// The file offset of decoded byte `i` (or of the end, for `i` = the text's length).
    pub fn map(&self, i: usize) -> usize {
        match self {
            Offsets::Linear(start) => start + i,
            Offsets::Table(table) => table.get(i).or(table.last()).copied().unwrap_or_default(),
        }
    }
}

/// How a piece is written in the file, for writing a corrected one back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// JSON text as it is (a body given as an object).
    RawJson,
    /// A JSON string literal.
    JsonString,
    /// A shell word; `option` bytes of it are an option glued to the value (`-XPOST`).
    Shell {
        /// How many bytes of the word's source are the glued option (`-X`), kept as written.
        option: usize,
    },
    /// Several shell words joined (curl's `-d a -d b`): not written back.
    Joined,
}

/// One part of a request as written: its decoded text and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The decoded text.
    pub text: String,
    /// The span of the whole written form (a string literal with quotes, a shell word).
    pub span: Range<usize>,
    /// Decoded byte → file offset.
    pub offsets: Offsets,
    /// How it is written.
    pub encoding: Encoding,
}

impl Piece {
    /// The file span of decoded bytes `range`.
    pub fn map(&self, range: Range<usize>) -> Range<usize> {
        let start = self.offsets.map(range.start);
        let end = self.offsets.map(range.end).max(start);
        start..end
    }
}

/// A header as written.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderPlace {
    /// Its name as written.
    pub name: String,
    /// The whole entry (a JSON member or pair, a `-H` word).
    pub span: Range<usize>,
    /// Its value as written: a JSON string, or a curl `-H` word's whole `Name: value`; `None`
    /// for a JSON number or boolean.
    pub value: Option<Piece>,
}

/// Where a header that is missing can be written.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderInsert {
    /// Into a JSON object of headers: after this offset (the last member's end), or just
    /// inside the brace when `empty`.
    JsonObject {
        /// Insert here.
        at: usize,
        /// The object has no member yet.
        empty: bool,
    },
    /// Into a JSON array of `[name, value]` pairs.
    JsonPairs {
        /// Insert here.
        at: usize,
        /// The array has no element yet.
        empty: bool,
    },
    /// A request object without `headers`: a `headers` member after this offset.
    JsonMember {
        /// Insert here.
        at: usize,
    },
    /// A curl command: a ` -H '…'` word after this offset.
    Curl {
        /// Insert here.
        at: usize,
    },
}

/// One request of a file, with where its parts are.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The request as the API would receive it.
    pub request: Request,
    /// The whole request's span (a JSON value, a curl command).
    pub span: Range<usize>,
    /// The span to show for the request as a whole (its opening brace, the word `curl`).
    pub anchor: Range<usize>,
    /// The method as written, when it is.
    pub method: Option<Piece>,
    /// The path (or URL) as written; the request's path is its text from `path_from` on.
    pub path: Option<Piece>,
    /// Where the request's path starts in `path`'s text (after a scheme and host).
    pub path_from: usize,
    /// The headers as written (none for a bare document, which gets the standard ones).
    pub headers: Vec<HeaderPlace>,
    /// Where a missing header can be written (`None`: a bare document).
    pub header_insert: Option<HeaderInsert>,
    /// The body as written.
    pub body: Option<Piece>,
}

/// A request of a file that cannot be judged: why, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    /// The place to show.
    pub span: Range<usize>,
    /// What is wrong.
    pub reason: String,
}

/// A file that cannot be read as requests at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// Where, when a place in the text is at fault (a JSON syntax error).
    pub at: Option<usize>,
    /// What is wrong.
    pub reason: String,
}

/// What `--endpoint` says, or nothing: bare documents' endpoint.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `METHOD /path` for every bare JSON:API document.
    pub endpoint: Option<(String, String)>,
    /// Headers for every bare JSON:API document, over the standard ones (`--header`).
    pub headers: Vec<(String, String)>,
}

/// The requests of a file's text, in order; a request that cannot be judged is an
/// [`ItemError`] in its place.
pub fn read(bytes: &[u8], options: &Options) -> Result<Vec<Result<Item, ItemError>>, FileError> {
    let plain = |reason: &str| FileError {
        at: None,
        reason: reason.to_owned(),
    };
    if bytes.contains(&0) {
        return Err(plain("is a binary file, not text"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| FileError {
        at: Some(e.valid_up_to()),
        reason: "is not UTF-8 text".to_owned(),
    })?;
    // A byte-order mark is whitespace here (offsets stay those of the file).
    let first = span::skip_ws(bytes, if text.starts_with('\u{feff}') { 3 } else { 0 });
    if first == bytes.len() {
        return Err(plain("is empty: no request in it"));
    }
    if matches!(bytes[first], b'{' | b'[') {
        return read_json(text, first, options);
    }
    let commands = curl::commands(text).map_err(|(at, reason)| FileError {
        at: Some(at),
        reason,
    })?;
    if commands.is_empty() {
        return Err(plain(
            "holds no request: neither JSON (a request, a JSON:API document, an array of them \
             or one a line) nor a curl command",
        ));
    }
    Ok(commands)
}

fn read_json(
    text: &str,
    first: usize,
    options: &Options,
) -> Result<Vec<Result<Item, ItemError>>, FileError> {
    let syntax = |e: span::SyntaxError| FileError {
        at: Some(e.at),
        reason: format!("is not JSON: {}", e.message),
    };
    let (value, end) = match span::parse_at(text, first) {
        Ok(parsed) => parsed,
        Err(e) => return read_lines(text, options).ok_or_else(|| syntax(e)),
    };
    let mut next = span::skip_ws(text.as_bytes(), end);
    if next == text.len() {
        if value
            .get("log")
            .is_some_and(|log| log.get("entries").is_some())
        {
            return Err(FileError {
                at: None,
                reason: "is a HAR capture: check it with `basm har`".to_owned(),
            });
        }
        return Ok(match &value.kind {
            SpannedKind::Array(items) if !items.is_empty() => {
                items.iter().map(|v| item(text, v, options)).collect()
            }
            SpannedKind::Array(_) => {
                return Err(FileError {
                    at: Some(value.start),
                    reason: "is an empty array: no request in it".to_owned(),
                });
            }
            _ => vec![item(text, &value, options)],
        });
    }
    // One JSON value after another (one a line, or spread over lines).
    let mut items = vec![item(text, &value, options)];
    while next < text.len() {
        match span::parse_at(text, next) {
            Ok((value, end)) => {
                items.push(item(text, &value, options));
                next = span::skip_ws(text.as_bytes(), end);
            }
            Err(e) => return read_lines(text, options).ok_or_else(|| syntax(e)),
        }
    }
    Ok(items)
}

/// One JSON value a line (NDJSON), a line that is not JSON an [`ItemError`] in its place;
/// `None` when no line is an object of its own (then the file is not NDJSON at all).
fn read_lines(text: &str, options: &Options) -> Option<Vec<Result<Item, ItemError>>> {
    let mut items = Vec::new();
    let mut any = false;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let first = span::skip_ws(text.as_bytes(), line_start);
        if first >= start {
            continue;
        }
        let parsed = span::parse_at(text, first).and_then(|(value, end)| {
            let rest = span::skip_ws(text.as_bytes(), end);
            if end <= start && rest >= start {
                Ok(value)
            } else {
                Err(span::SyntaxError {
                    at: end.min(start),
                    message: "expected one JSON value on this line".to_owned(),
                })
            }
        });
        match parsed {
            Ok(value) => {
                // A line of a broken pretty-printed document may be a value (`[1, 2]`): only
                // a whole object on a line makes the file NDJSON.
                any |= matches!(value.kind, SpannedKind::Object(_));
                items.push(item(text, &value, options));
            }
            Err(e) => items.push(Err(ItemError {
                span: e.at..e.at + 1,
                reason: format!("is not JSON: {}", e.message),
            })),
        }
    }
    any.then_some(items)
}

fn json_type(value: &Spanned) -> &'static str {
    match value.kind {
        SpannedKind::Null => "null",
        SpannedKind::Bool(_) => "a boolean",
        SpannedKind::Number => "a number",
        SpannedKind::String(_) => "a string",
        SpannedKind::Array(_) => "an array",
        SpannedKind::Object(_) => "an object",
    }
}

/// A JSON string value as a piece of the request.
fn string_piece(text: &str, value: &Spanned) -> Option<Piece> {
    let (decoded, offsets) = span::decode_string_mapped(&text[value.span()])?;
    Some(Piece {
        text: decoded,
        span: value.span(),
        offsets: Offsets::Table(offsets.into_iter().map(|o| o + value.start).collect()),
        encoding: Encoding::JsonString,
    })
}

/// One request from a JSON value: a request object or a bare document.
fn item(text: &str, value: &Spanned, options: &Options) -> Result<Item, ItemError> {
    let error = |span: Range<usize>, reason: String| ItemError { span, reason };
    let anchor = value.start..value.start + 1;
    if !matches!(value.kind, SpannedKind::Object(_)) {
        return Err(error(
            anchor,
            format!(
                "expected a request {{method, path, headers, body}} or a JSON:API document \
                 {{data}}, found {}",
                json_type(value)
            ),
        ));
    }
    if value.get("method").is_some() || value.get("path").is_some() {
        request_item(text, value)
    } else if value.get("data").is_some() {
        document_item(text, value, options)
    } else {
        Err(error(
            anchor,
            "expected a request {method, path, headers, body} or a JSON:API document {data}: \
             this object has neither method and path nor data"
                .to_owned(),
        ))
    }
}

fn request_item(text: &str, value: &Spanned) -> Result<Item, ItemError> {
    let anchor = value.start..value.start + 1;
    let member_string = |name: &str, example: &str| -> Result<Piece, ItemError> {
        match value.get(name) {
            Some(v) => match string_piece(text, v) {
                Some(piece) => Ok(piece),
                None => Err(ItemError {
                    span: v.span(),
                    reason: format!(
                        "{name} must be a string such as {example:?}, not {}",
                        json_type(v)
                    ),
                }),
            },
            None => Err(ItemError {
                span: anchor.clone(),
                reason: format!("this request has no {name} (a string such as {example:?})"),
            }),
        }
    };
    let method = member_string("method", "POST")?;
    let path = member_string("path", "/api/events")?;
    // A full URL is taken as the package takes it: its origin is ignored.
    let path_from = origin_len(&path.text);
    let mut request = Request::new(&method.text, &path.text[path_from..]);
    let mut headers = Vec::new();
    let header_insert;
    match value.member("headers") {
        None => {
            header_insert = Some(HeaderInsert::JsonMember {
                at: last_member_end(value),
            })
        }
        Some(member) => match &member.value.kind {
            SpannedKind::Null => {
                header_insert = None;
            }
            SpannedKind::Object(members) => {
                header_insert = Some(HeaderInsert::JsonObject {
                    at: members
                        .last()
                        .map_or(member.value.start + 1, |m| m.value.end),
                    empty: members.is_empty(),
                });
                for m in members {
                    header_values(
                        text,
                        &m.key,
                        m.key_span.start..m.value.end,
                        &m.value,
                        &mut request,
                        &mut headers,
                    )?;
                }
            }
            SpannedKind::Array(pairs) => {
                header_insert = Some(HeaderInsert::JsonPairs {
                    at: pairs.last().map_or(member.value.start + 1, |p| p.end),
                    empty: pairs.is_empty(),
                });
                for pair in pairs {
                    let (name, value) = match &pair.kind {
                        SpannedKind::Array(nv) if nv.len() == 2 && nv[0].as_str().is_some() => {
                            (nv[0].as_str().unwrap_or_default(), &nv[1])
                        }
                        _ => {
                            return Err(ItemError {
                                span: pair.span(),
                                reason: "headers must hold [name, value] pairs when it is an \
                                         array"
                                    .to_owned(),
                            });
                        }
                    };
                    header_values(text, name, pair.span(), value, &mut request, &mut headers)?;
                }
            }
            _ => {
                return Err(ItemError {
                    span: member.value.span(),
                    reason: format!(
                        "headers must be an object of header names to values, not {}",
                        json_type(&member.value)
                    ),
                });
            }
        },
    }
    let body = match value.get("body") {
        None => None,
        Some(v) => match &v.kind {
            SpannedKind::Null => None,
            SpannedKind::String(_) => string_piece(text, v),
            SpannedKind::Object(_) | SpannedKind::Array(_) => Some(Piece {
                text: text[v.span()].to_owned(),
                span: v.span(),
                offsets: Offsets::Linear(v.start),
                encoding: Encoding::RawJson,
            }),
            _ => {
                return Err(ItemError {
                    span: v.span(),
                    reason: format!(
                        "body must be an object, a JSON string or null, not {}",
                        json_type(v)
                    ),
                });
            }
        },
    };
    if let Some(body) = &body {
        request.body = body.text.clone().into_bytes();
    }
    Ok(Item {
        request,
        span: value.span(),
        anchor,
        method: Some(method),
        path: Some(path),
        path_from,
        headers,
        header_insert,
        body,
    })
}

/// The offset just past the last member of an object (just inside the brace when empty).
fn last_member_end(object: &Spanned) -> usize {
    match &object.kind {
        SpannedKind::Object(members) => members.last().map_or(object.start + 1, |m| m.value.end),
        _ => object.start + 1,
    }
}

/// One header's value or values (an array gives one header an element), as the package
/// reads them: strings as they are, numbers and booleans as JSON writes them, `null` left out.
fn header_values(
    text: &str,
    name: &str,
    span: Range<usize>,
    value: &Spanned,
    request: &mut Request,
    places: &mut Vec<HeaderPlace>,
) -> Result<(), ItemError> {
    let values: Vec<&Spanned> = match &value.kind {
        SpannedKind::Array(items) => items.iter().collect(),
        _ => vec![value],
    };
    for v in values {
        let (header, piece) = match &v.kind {
            SpannedKind::Null => continue,
            SpannedKind::String(s) => (s.clone(), string_piece(text, v)),
            SpannedKind::Number | SpannedKind::Bool(_) => (text[v.span()].to_owned(), None),
            _ => {
                return Err(ItemError {
                    span: v.span(),
                    reason: format!("header {name:?} must be a string, not {}", json_type(v)),
                });
            }
        };
        request.headers.push((name.to_owned(), header));
        places.push(HeaderPlace {
            name: name.to_owned(),
            span: span.clone(),
            value: piece,
        });
    }
    Ok(())
}

/// How long the scheme and host of a full URL are (`https://host`), as the package strips
/// them; 0 for a path.
pub fn origin_len(path: &str) -> usize {
    for scheme in ["https://", "http://"] {
        if path.len() >= scheme.len() && path[..scheme.len()].eq_ignore_ascii_case(scheme) {
            let rest = &path[scheme.len()..];
            return match rest.find(['/', '?', '#']) {
                Some(i) => scheme.len() + i,
                None => path.len(),
            };
        }
    }
    0
}

/// The endpoint a bare document goes to when `--endpoint` does not say: by its `data.type`.
pub fn default_endpoint(document: &Spanned) -> Result<(String, String), String> {
    let data = document.get("data");
    let kind = data.and_then(|d| d.get("type")).and_then(Spanned::as_str);
    let id = data.and_then(|d| d.get("id")).and_then(Spanned::as_str);
    let event_type = data
        .and_then(|d| d.find("/attributes/event_type"))
        .is_some();
    let post = |path: &str| Ok(("POST".to_owned(), path.to_owned()));
    match (kind, id) {
        (Some("events"), _) | (None, _) if event_type => post("/api/events"),
        (Some("events"), _) => post("/api/events"),
        (Some("moves"), Some(id)) => Ok(("PATCH".to_owned(), format!("/api/moves/{id}"))),
        (Some("moves"), None) => post("/api/moves"),
        (Some("allocations"), Some(id)) => {
            Ok(("PATCH".to_owned(), format!("/api/allocations/{id}")))
        }
        (Some("allocations"), None) => post("/api/allocations"),
        (Some("people"), _) => post("/api/people"),
        (Some(other), _) => Err(format!(
            "a JSON:API document of type {other:?} names no endpoint by itself (its path \
             needs an id): give one with --endpoint \"METHOD /api/…\""
        )),
        (None, _) => Err(
            "a JSON:API document without data.type names no endpoint: give one with \
             --endpoint \"METHOD /api/…\""
                .to_owned(),
        ),
    }
}

fn document_item(text: &str, value: &Spanned, options: &Options) -> Result<Item, ItemError> {
    let (method, path) = match &options.endpoint {
        Some(endpoint) => endpoint.clone(),
        None => default_endpoint(value).map_err(|reason| ItemError {
            span: value
                .find("/data/type")
                .map_or(value.start..value.start + 1, Spanned::span),
            reason,
        })?,
    };
    let body = &text[value.span()];
    let mut request = Request::new(&method, &path)
        .with_standard_headers()
        .body(body.as_bytes().to_vec());
    for (name, value) in &options.headers {
        basm_core::edit::set_header(&mut request, name, value);
    }
    Ok(Item {
        request,
        span: value.span(),
        anchor: value.start..value.start + 1,
        method: None,
        path: None,
        path_from: 0,
        headers: Vec::new(),
        header_insert: None,
        body: Some(Piece {
            text: body.to_owned(),
            span: value.span(),
            offsets: Offsets::Linear(value.start),
            encoding: Encoding::RawJson,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Item {
        let mut items = read(text.as_bytes(), &Options::default()).unwrap();
        assert_eq!(items.len(), 1);
        items.remove(0).unwrap()
    }

    #[test]
    fn a_request_with_a_string_body_maps_into_the_string() {
        let text = r#"{"method": "post", "path": "https://x.test/api/events?a=1",
  "headers": {"Accept": "a", "X-N": 3, "Y": null, "Z": ["1", "2"]},
  "body": "{\"data\": {\"id\": \"\u00e9x\"}}"}"#;
        let item = one(text);
        assert_eq!(item.request.method, "post");
        assert_eq!(item.request.path, "/api/events?a=1");
        assert_eq!(
            item.request.headers,
            vec![
                ("Accept".into(), "a".into()),
                ("X-N".into(), "3".into()),
                ("Z".into(), "1".into()),
                ("Z".into(), "2".into())
            ]
        );
        let body = item.body.unwrap();
        assert_eq!(body.text, r#"{"data": {"id": "éx"}}"#);
        // The id's value in the decoded body, mapped back: from its escaped quote to past
        // the closing escaped quote.
        let at = body.text.find("\"éx\"").unwrap();
        let span = body.map(at..at + "\"éx\"".len());
        assert_eq!(&text[span], r#"\"\u00e9x\""#);
    }

    #[test]
    fn documents_and_sequences() {
        let text = "{\"data\": {\"type\": \"moves\", \"id\": \"m1\"}}\n{\"data\": {\"type\": \"events\"}}\n[1]";
        let items = read(text.as_bytes(), &Options::default()).unwrap();
        assert_eq!(items.len(), 3);
        let first = items[0].as_ref().unwrap();
        assert_eq!(
            (first.request.method.as_str(), first.request.path.as_str()),
            ("PATCH", "/api/moves/m1")
        );
        assert_eq!(
            first.request.header_value("Authorization").as_deref(),
            Some("Bearer token")
        );
        assert_eq!(items[1].as_ref().unwrap().request.path, "/api/events");
        assert!(
            items[2]
                .as_ref()
                .unwrap_err()
                .reason
                .contains("found an array")
        );
        let journeys = read(b"{\"data\": {\"type\": \"journeys\"}}", &Options::default()).unwrap();
        assert!(
            journeys[0]
                .as_ref()
                .unwrap_err()
                .reason
                .contains("--endpoint")
        );
        let given = read(
            b"{\"data\": {\"type\": \"journeys\"}}",
            &Options {
                endpoint: Some(("POST".into(), "/api/moves/m1/journeys".into())),
                headers: vec![("Idempotency-Key".into(), "k".into())],
            },
        )
        .unwrap();
        let given = given[0].as_ref().unwrap();
        assert_eq!(given.request.path, "/api/moves/m1/journeys");
        assert_eq!(
            given.request.header_value("idempotency-key").as_deref(),
            Some("k")
        );
        assert_eq!(given.request.headers.len(), 4);
    }

    #[test]
    fn files_that_hold_no_request() {
        for (bytes, reason) in [
            (&b""[..], "is empty"),
            (b"  \n", "is empty"),
            (b"\x00\x01", "binary"),
            (b"\xff\xfe{", "not UTF-8"),
            (b"{\"a\": }", "is not JSON: expected a JSON value"),
            (b"[]", "empty array"),
            (b"hello world\n", "holds no request"),
            (b"{\"log\": {\"entries\": []}}", "basm har"),
        ] {
            let e = read(bytes, &Options::default()).unwrap_err();
            assert!(e.reason.contains(reason), "{bytes:?}: {}", e.reason);
        }
        // One broken line of NDJSON: that line is not read, the others are.
        let lines = read(
            b"{\"data\": {\"type\": \"events\"}}\n{\"data\": oops}\n\n[1]\n",
            &Options::default(),
        )
        .unwrap();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].is_ok());
        let broken = lines[1].as_ref().unwrap_err();
        assert_eq!(broken.span.start, 38);
        assert_eq!(
            broken.reason,
            "is not JSON: expected a JSON value, found 'o'"
        );
        assert!(
            lines[2]
                .as_ref()
                .unwrap_err()
                .reason
                .contains("found an array")
        );
        let bad = read(b"{\"method\": 1, \"path\": \"/\"}", &Options::default()).unwrap();
        assert_eq!(
            bad[0].as_ref().unwrap_err().reason,
            "method must be a string such as \"POST\", not a number"
        );
    }
}
