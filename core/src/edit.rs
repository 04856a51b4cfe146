//! Applying a fix's [`Edit`] to a request: what `basm check --fix` does, and what the fixes'
//! property test checks (`core/tests/fixes.rs`).

use std::fmt;

use serde_json::Value;

use crate::error::Edit;
use crate::request::Request;

/// Why an edit could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The edit's source names no pointer, header or parameter.
    NoPlace,
    /// A body pointer, but the body is not JSON.
    BodyNotJson,
    /// The pointer's parent is not in the body (only a missing last member is created).
    NoParent {
        /// The pointer.
        pointer: String,
    },
    /// The pointer's parent is an array and its last token is not an index in it (or `-`).
    BadIndex {
        /// The pointer.
        pointer: String,
    },
    /// A header or parameter value that is not a string.
    NotAString,
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NoPlace => f.write_str("the edit names no pointer, header or parameter"),
            EditError::BodyNotJson => f.write_str("the body is not JSON"),
            EditError::NoParent { pointer } => {
                write!(f, "the body has no place for {pointer:?}")
            }
            EditError::BadIndex { pointer } => {
                write!(f, "{pointer:?} is not an index of its array")
            }
            EditError::NotAString => f.write_str("a header or parameter value must be a string"),
        }
    }
}

impl std::error::Error for EditError {}

/// Applies `edit` to `request`: sets the value at a body pointer (the body is parsed and
/// written again as compact JSON, so its formatting is not kept; a missing last member is
/// created), replaces a header (every header of that name gives way to one) or adds it, or
/// sets a query parameter (every one of that name gives way to one, added at the end).
pub fn apply(request: &mut Request, edit: &Edit) -> Result<(), EditError> {
    let source = &edit.source;
    if let Some(pointer) = &source.pointer {
        let mut body: Value =
            serde_json::from_slice(&request.body).map_err(|_| EditError::BodyNotJson)?;
        set(&mut body, pointer, edit.value.clone())?;
        request.body = serde_json::to_vec(&body).map_err(|_| EditError::BodyNotJson)?;
        return Ok(());
    }
    let text = edit.value.as_str().ok_or(EditError::NotAString)?;
    if let Some(name) = &source.header {
        let at = request
            .headers
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name));
        request
            .headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        let header = (name.to_string(), text.to_owned());
        match at {
            Some(at) => request.headers.insert(at, header),
            None => request.headers.push(header),
        }
        return Ok(());
    }
    let name = source.parameter.as_deref().ok_or(EditError::NoPlace)?;
    set_parameter(request, name, text);
    Ok(())
}

/// Sets the value at `pointer` in `doc`, creating the last member if its parent exists.
fn set(doc: &mut Value, pointer: &str, value: Value) -> Result<(), EditError> {
    if pointer.is_empty() {
        *doc = value;
        return Ok(());
    }
    let no_parent = || EditError::NoParent {
        pointer: pointer.to_owned(),
    };
    let (parent, last) = pointer.rsplit_once('/').ok_or_else(no_parent)?;
    let last = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent).ok_or_else(no_parent)? {
        Value::Object(members) => {
            members.insert(last, value);
            Ok(())
        }
        Value::Array(items) => {
            let bad = || EditError::BadIndex {
                pointer: pointer.to_owned(),
            };
            let index = if last == "-" {
                items.len()
            } else {
                last.parse::<usize>().map_err(|_| bad())?
            };
            match index.cmp(&items.len()) {
                std::cmp::Ordering::Less => items[index] = value,
                std::cmp::Ordering::Equal => items.push(value),
                std::cmp::Ordering::Greater => return Err(bad()),
            }
            Ok(())
        }
        _ => Err(no_parent()),
    }
}

/// Replaces every `name=` pair of the query with one `name=value` at the end.
fn set_parameter(request: &mut Request, name: &str, value: &str) {
    let (path, fragment) = match request.path.find('#') {
        Some(at) => request.path.split_at(at),
        None => (request.path.as_str(), ""),
    };
    let (route, query) = path.split_once('?').unwrap_or((path, ""));
    let mut out = format!("{route}?");
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let key = pair.split_once('=').map_or(pair, |(k, _)| k);
        if crate::request::percent_decode(key) != name {
            out.push_str(pair);
            out.push('&');
        }
    }
    encode(&mut out, name);
    out.push('=');
    encode(&mut out, value);
    out.push_str(fragment);
    request.path = out;
}

/// Percent-encodes all but RFC 3986's unreserved characters.
fn encode(out: &mut String, text: &str) {
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorSource;

    fn edit(source: ErrorSource, value: Value) -> Edit {
        Edit { source, value }
    }

    #[test]
    fn sets_body_members_creating_the_last() {
        let mut r = Request::new("POST", "/").body(br#"{"a": {"b": 1, "c~/d": [1, 2]}}"#.to_vec());
        apply(
            &mut r,
            &edit(ErrorSource::pointer("/a/b"), Value::from("x")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        apply(
            &mut r,
            &edit(ErrorSource::pointer("/a/new"), Value::Bool(true)),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        apply(
            &mut r,
            &edit(ErrorSource::pointer("/a/c~0~1d/1"), Value::from(3)),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        apply(
            &mut r,
            &edit(ErrorSource::pointer("/a/c~0~1d/-"), Value::from(4)),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let body: Value = serde_json::from_slice(&r.body).unwrap_or_default();
        assert_eq!(
            body,
            serde_json::json!({"a": {"b": "x", "new": true, "c~/d": [1, 3, 4]}})
        );
        for (pointer, error) in [
            (
                "/x/y",
                EditError::NoParent {
                    pointer: "/x/y".into(),
                },
            ),
            (
                "/a/c~0~1d/9",
                EditError::BadIndex {
                    pointer: "/a/c~0~1d/9".into(),
                },
            ),
            (
                "/a/b/z",
                EditError::NoParent {
                    pointer: "/a/b/z".into(),
                },
            ),
        ] {
            assert_eq!(
                apply(&mut r, &edit(ErrorSource::pointer(pointer), Value::Null)),
                Err(error)
            );
        }
        let mut not_json = Request::new("POST", "/").body(b"{".to_vec());
        assert_eq!(
            apply(
                &mut not_json,
                &edit(ErrorSource::pointer("/a"), Value::Null)
            ),
            Err(EditError::BodyNotJson)
        );
    }

    #[test]
    fn replaces_or_adds_headers() {
        let mut r = Request::new("GET", "/")
            .header("accept", "a")
            .header("X", "1")
            .header("ACCEPT", "b");
        apply(
            &mut r,
            &edit(ErrorSource::header("Accept"), Value::from("c")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        apply(
            &mut r,
            &edit(ErrorSource::header("Idempotency-Key"), Value::from("k")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.header_value("Accept").as_deref(), Some("c"));
        assert_eq!(r.headers[0].0, "Accept");
        assert_eq!(r.header_value("idempotency-key").as_deref(), Some("k"));
        assert_eq!(
            apply(&mut r, &edit(ErrorSource::header("A"), Value::from(1))),
            Err(EditError::NotAString)
        );
        assert_eq!(
            apply(&mut r, &edit(ErrorSource::default(), Value::from("x"))),
            Err(EditError::NoPlace)
        );
    }

    #[test]
    fn sets_query_parameters() {
        let mut r = Request::new(
            "GET",
            "/api/moves?filter%5Bdate_from%5D=14/08/2027&page=2&filter[date_from]=x#top",
        );
        apply(
            &mut r,
            &edit(
                ErrorSource::parameter("filter[date_from]"),
                Value::from("2027-08-14 x"),
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            r.path,
            "/api/moves?page=2&filter%5Bdate_from%5D=2027-08-14%20x#top"
        );
        assert_eq!(
            r.query(),
            vec![
                ("page".into(), "2".into()),
                ("filter[date_from]".into(), "2027-08-14 x".into())
            ]
        );
        let mut r = Request::new("GET", "/api/moves");
        apply(
            &mut r,
            &edit(ErrorSource::parameter("include"), Value::from("a,b")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.path, "/api/moves?include=a%2Cb");
    }
}
