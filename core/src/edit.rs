//! Applying an error's mechanical correction ([`Edit`], in `meta.fix.edit`) to a request:
//! the value at a body pointer, a header or a query parameter is set to the edit's value.
//!
//! A body is changed by replacing the bytes of the one value the pointer names (or by
//! inserting a member where the pointer names one that is missing), so the rest of the body
//! keeps the caller's formatting and member order byte for byte.

use std::fmt;

use crate::error::Edit;
use crate::request::{Request, percent_decode};
use crate::span::{self, Spanned, SpannedKind};

/// Why an edit could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The edit names no place (its source has no pointer, header or parameter).
    NoPlace,
    /// The body is not UTF-8 JSON, so no value in it can be found.
    BodyNotJson,
    /// The pointer names no value, and no object or array that could take it.
    NotFound {
        /// The pointer.
        pointer: String,
    },
    /// A header or parameter value that is not a string, number or boolean.
    NotText {
        /// The header or parameter.
        name: String,
    },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NoPlace => f.write_str("the edit names no pointer, header or parameter"),
            EditError::BodyNotJson => f.write_str("the body is not JSON"),
            EditError::NotFound { pointer } => {
                write!(f, "the body has no value at {pointer} nor a place for one")
            }
            EditError::NotText { name } => write!(f, "the value for {name} is not text"),
        }
    }
}

impl std::error::Error for EditError {}

/// Applies `edit` to `request`: sets the body value at its pointer, or the header, or the
/// query parameter (replacing every header or parameter of that name by one; adding it when
/// missing). The request is unchanged when it fails.
pub fn apply(request: &mut Request, edit: &Edit) -> Result<(), EditError> {
    let source = &edit.source;
    if let Some(pointer) = source.pointer.as_deref() {
        let body = std::str::from_utf8(&request.body).map_err(|_| EditError::BodyNotJson)?;
        request.body = set_in_json(body, pointer, &edit.value)?.into_bytes();
    } else if let Some(name) = source.header.as_deref() {
        let value = text_value(&edit.value, name)?;
        set_header(request, name, &value);
    } else if let Some(name) = source.parameter.as_deref() {
        let value = text_value(&edit.value, name)?;
        request.path = set_parameter(&request.path, name, &value);
    } else {
        return Err(EditError::NoPlace);
    }
    Ok(())
}

/// A header's or parameter's text: a string as it is, a number or boolean as JSON writes it.
fn text_value(value: &serde_json::Value, name: &str) -> Result<String, EditError> {
    match value {
        serde_json::Value::String(s) => Ok(s.clone()),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        _ => Err(EditError::NotText {
            name: name.to_owned(),
        }),
    }
}

/// Sets header `name` (case-insensitive) to `value`: the first of that name keeps its place
/// and name, the others are removed; appended when there is none.
pub fn set_header(request: &mut Request, name: &str, value: &str) {
    let mut seen = false;
    request.headers.retain_mut(|(n, v)| {
        if !n.eq_ignore_ascii_case(name) {
            return true;
        }
        if seen {
            return false;
        }
        seen = true;
        *v = value.to_owned();
        true
    });
    if !seen {
        request.headers.push((name.to_owned(), value.to_owned()));
    }
}

/// `path` with query parameter `name` set to `value` (percent-encoded): the first parameter
/// whose decoded name is `name` keeps its place, the others are removed; appended when there
/// is none.
pub fn set_parameter(path: &str, name: &str, value: &str) -> String {
    let (before_fragment, fragment) = match path.find('#') {
        Some(i) => path.split_at(i),
        None => (path, ""),
    };
    let (base, query) = match before_fragment.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (before_fragment, None),
    };
    let mut pairs: Vec<String> = Vec::new();
    let mut seen = false;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let key = pair.split_once('=').map_or(pair, |(k, _)| k);
        if percent_decode(key) == name {
            if !seen {
                seen = true;
                pairs.push(format!("{key}={}", percent_encode(value)));
            }
        } else {
            pairs.push(pair.to_owned());
        }
    }
    if !seen {
        pairs.push(format!(
            "{}={}",
            percent_encode(name),
            percent_encode(value)
        ));
    }
    format!("{base}?{}{fragment}", pairs.join("&"))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The JSON text `text` with the value at `pointer` replaced by `value` (compact JSON), or,
/// when the pointer names a missing member of an object (or the next element of an array),
/// with it inserted. Every other byte of `text` is kept.
pub fn set_in_json(
    text: &str,
    pointer: &str,
    value: &serde_json::Value,
) -> Result<String, EditError> {
    let root = span::parse(text).map_err(|_| EditError::BodyNotJson)?;
    let not_found = || EditError::NotFound {
        pointer: pointer.to_owned(),
    };
    let new = serde_json::to_string(value).map_err(|_| not_found())?;
    if let Some(target) = root.find(pointer) {
        return Ok(splice(text, target.start, target.end, &new));
    }
    let tokens = span::tokens(pointer).ok_or_else(not_found)?;
    let (last, parent) = tokens.split_last().ok_or_else(not_found)?;
    let mut container: &Spanned = &root;
    for token in parent {
        container = container.child(token).ok_or_else(not_found)?;
    }
    match &container.kind {
        SpannedKind::Object(members) => {
            let key = serde_json::to_string(last).map_err(|_| not_found())?;
            Ok(match members.last() {
                Some(m) => splice(text, m.value.end, m.value.end, &format!(", {key}: {new}")),
                None => splice(
                    text,
                    container.start + 1,
                    container.start + 1,
                    &format!("{key}: {new}"),
                ),
            })
        }
        SpannedKind::Array(items)
            if last == "-" || last.parse::<usize>().ok() == Some(items.len()) =>
        {
            Ok(match items.last() {
                Some(item) => splice(text, item.end, item.end, &format!(", {new}")),
                None => splice(text, container.start + 1, container.start + 1, &new),
            })
        }
        _ => Err(not_found()),
    }
}

fn splice(text: &str, start: usize, end: usize, new: &str) -> String {
    let mut out = String::with_capacity(text.len() + new.len());
    out.push_str(&text[..start]);
    out.push_str(new);
    out.push_str(&text[end..]);
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::error::ErrorSource;

    fn edit(source: ErrorSource, value: serde_json::Value) -> Edit {
        Edit { source, value }
    }

    #[test]
    fn body_values_are_replaced_in_place() {
        let body = "{\n  \"data\": {\n    \"attributes\": {\"occurred_at\": \"2020-12-03 10:50:31\",  \"b\": 1}\n  }\n}";
        let mut request = Request::new("POST", "/api/events").body(body);
        apply(
            &mut request,
            &edit(
                ErrorSource::pointer("/data/attributes/occurred_at"),
                json!("2020-12-03T10:50:31+00:00"),
            ),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(request.body).unwrap(),
            body.replace("2020-12-03 10:50:31", "2020-12-03T10:50:31+00:00")
        );
    }

    #[test]
    fn missing_members_are_inserted() {
        for (text, pointer, expected) in [
            ("{\"a\": {}}", "/a/b", "{\"a\": {\"b\": true}}"),
            (
                "{\"a\": {\"x\": 1}}",
                "/a/b",
                "{\"a\": {\"x\": 1, \"b\": true}}",
            ),
            ("{\"a\": [1]}", "/a/1", "{\"a\": [1, true]}"),
            ("{\"a\": []}", "/a/-", "{\"a\": [true]}"),
            ("{\"a/b\": 0}", "/a~1b", "{\"a/b\": true}"),
        ] {
            assert_eq!(set_in_json(text, pointer, &json!(true)).unwrap(), expected);
        }
        for (text, pointer) in [
            ("{\"a\": {}}", "/x/y"),
            ("{\"a\": [1]}", "/a/5"),
            ("{\"a\": 1}", "/a/b"),
            ("{\"a\": 1}", ""),
        ] {
            if pointer.is_empty() {
                assert_eq!(set_in_json(text, pointer, &json!(2)).unwrap(), "2");
            } else {
                assert_eq!(
                    set_in_json(text, pointer, &json!(true)),
                    Err(EditError::NotFound {
                        pointer: pointer.to_owned()
                    })
                );
            }
        }
        assert_eq!(
            set_in_json("{", "/a", &json!(1)),
            Err(EditError::BodyNotJson)
        );
    }

    #[test]
    fn headers_are_set_once() {
        let mut request = Request::new("POST", "/api/moves")
            .header("accept", "application/json")
            .header("X", "1")
            .header("ACCEPT", "b");
        let accept = edit(
            ErrorSource::header("Accept"),
            json!("application/vnd.api+json; version=2"),
        );
        apply(&mut request, &accept).unwrap();
        assert_eq!(
            request.headers,
            vec![
                (
                    "accept".to_owned(),
                    "application/vnd.api+json; version=2".to_owned()
                ),
                ("X".to_owned(), "1".to_owned())
            ]
        );
        let key = edit(ErrorSource::header("Idempotency-Key"), json!("k"));
        apply(&mut request, &key).unwrap();
        assert_eq!(
            request.header_value("idempotency-key").as_deref(),
            Some("k")
        );
        let bad = edit(ErrorSource::header("X"), json!({"a": 1}));
        assert!(matches!(
            apply(&mut request, &bad),
            Err(EditError::NotText { .. })
        ));
        let nowhere = edit(ErrorSource::default(), json!(1));
        assert_eq!(apply(&mut request, &nowhere), Err(EditError::NoPlace));
    }

    #[test]
    fn parameters_are_set_in_the_query() {
        for (path, name, value, expected) in [
            (
                "/api/moves",
                "sort[by]",
                "date",
                "/api/moves?sort%5Bby%5D=date",
            ),
            (
                "/api/moves?sort%5Bby%5D=x&a=1&sort[by]=y",
                "sort[by]",
                "date",
                "/api/moves?sort%5Bby%5D=date&a=1",
            ),
            ("/api/moves?a=1#f", "b", "a b", "/api/moves?a=1&b=a%20b#f"),
        ] {
            assert_eq!(set_parameter(path, name, value), expected);
        }
        let mut request = Request::new("GET", "/api/moves?sort%5Bdirection%5D=up");
        apply(
            &mut request,
            &edit(ErrorSource::parameter("sort[direction]"), json!("asc")),
        )
        .unwrap();
        assert_eq!(
            request.query(),
            vec![("sort[direction]".into(), "asc".into())]
        );
    }
}
