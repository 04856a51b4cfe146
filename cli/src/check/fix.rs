//! `basm check --fix`: the mechanical corrections of a file's errors (`meta.fix.edit`),
//! applied to each request with [`basm_core::edit::apply`] and written back into the file's
//! text where the request's parts are written, the rest of the text kept byte for byte.

use std::ops::Range;

use basm_core::{Edit, Request};

use super::curl::quote;
use super::input::{Encoding, HeaderInsert, Item, Piece};
use super::report::{Entry, File};

/// What fixing a file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The corrected text.
    pub text: String,
    /// How many edits were applied.
    pub applied: usize,
    /// The edits that could not be applied, each in a sentence with its place.
    pub failed: Vec<String>,
}

/// The file's text with every mechanical fix of its requests' errors applied; `None` when
/// no error of the file has one.
pub fn fix(file: &File) -> Option<Fixed> {
    let mut splices: Vec<(Range<usize>, String)> = Vec::new();
    let mut applied = 0;
    let mut failed = Vec::new();
    let mut any = false;
    for (k, entry) in file.entries.iter().enumerate() {
        let Entry::Judged(judged) = entry else {
            continue;
        };
        let mut edits: Vec<&Edit> = Vec::new();
        for error in &judged.verdict.errors {
            if let Some(edit) = error.meta.fix.as_ref().and_then(|f| f.edit.as_ref())
                && !edits.contains(&edit)
            {
                edits.push(edit);
            }
        }
        if edits.is_empty() {
            continue;
        }
        any = true;
        let item = &judged.item;
        let mut request = item.request.clone();
        let mut done = 0;
        for edit in edits {
            match basm_core::edit::apply(&mut request, edit) {
                Ok(()) => done += 1,
                Err(e) => failed.push(format!("request {}: {e}", k + 1)),
            }
        }
        match write_back(&file.text, item, &request) {
            Ok(mut s) => {
                applied += done;
                splices.append(&mut s);
            }
            Err(why) => failed.push(format!("request {}: {why}", k + 1)),
        }
    }
    if !any {
        return None;
    }
    splices.sort_by_key(|(range, _)| range.start);
    let mut text = String::with_capacity(file.text.len());
    let mut at = 0;
    for (range, new) in splices {
        if range.start < at {
            failed.push(format!(
                "two fixes overlap at byte {}: the second was left out",
                range.start
            ));
            continue;
        }
        text.push_str(&file.text[at..range.start]);
        text.push_str(&new);
        at = range.end;
    }
    text.push_str(&file.text[at..]);
    Some(Fixed {
        text,
        applied,
        failed,
    })
}

/// The text of `piece` written with its encoding, as `value`.
fn encode(source: &str, piece: &Piece, value: &str, keep_vars: bool) -> Result<String, String> {
    Ok(match piece.encoding {
        Encoding::RawJson => value.to_owned(),
        Encoding::JsonString => json_string(value),
        Encoding::Shell { option } => {
            let glued = source
                .get(piece.span.start..piece.span.start + option)
                .unwrap_or("")
                .trim_end_matches(['\'', '"'])
                // `$'…'` (ANSI-C quoting) is written back in plain single quotes.
                .trim_end_matches('$');
            format!("{glued}{}", quote(value, keep_vars))
        }
        Encoding::Joined => {
            return Err("the body is given in several --data options: fix it by hand".into());
        }
    })
}

fn json_string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// The splices that write `new` where `item` (its old form) is written.
/// `source` is the file's text (a glued shell option, `-d'…'`, is kept as written).
fn write_back(
    source: &str,
    item: &Item,
    new: &Request,
) -> Result<Vec<(Range<usize>, String)>, String> {
    let old = &item.request;
    let mut splices = Vec::new();
    if new.body != old.body {
        let piece = item
            .body
            .as_ref()
            .ok_or("the request has no body to write into")?;
        let body = String::from_utf8(new.body.clone()).map_err(|_| "the body is not UTF-8")?;
        splices.push((piece.span.clone(), encode(source, piece, &body, false)?));
    }
    if new.path != old.path {
        let piece = item
            .path
            .as_ref()
            .ok_or("the request's path is not written in the file")?;
        if piece.text[item.path_from..] != old.path {
            return Err("the path is built from several options: fix it by hand".into());
        }
        let url = format!("{}{}", &piece.text[..item.path_from], new.path);
        splices.push((piece.span.clone(), encode(source, piece, &url, true)?));
    }
    // Headers: one splice a name whose value changed; the new ones written together.
    let mut missing: Vec<(String, String)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (name, _) in &new.headers {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name.clone());
        }
    }
    for name in names {
        let value = new.header_value(&name).unwrap_or_default();
        if old.header_value(&name).as_deref() == Some(value.as_str()) {
            continue;
        }
        match item
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(&name))
        {
            Some(place) => {
                let written = match (&place.value, &item.header_insert) {
                    (Some(piece), _) if matches!(piece.encoding, Encoding::Shell { .. }) => {
                        encode(source, piece, &format!("{}: {value}", place.name), true)?
                    }
                    (Some(piece), _) => encode(source, piece, &value, false)?,
                    (None, Some(HeaderInsert::JsonPairs { .. })) => {
                        format!("[{}, {}]", json_string(&place.name), json_string(&value))
                    }
                    (None, _) => format!("{}: {}", json_string(&place.name), json_string(&value)),
                };
                let span = match &place.value {
                    Some(piece) => piece.span.clone(),
                    None => place.span.clone(),
                };
                splices.push((span, written));
            }
            None => missing.push((name, value)),
        }
    }
    if missing.is_empty() {
        return Ok(splices);
    }
    let members = |pairs: bool| {
        missing
            .iter()
            .map(|(name, value)| {
                if pairs {
                    format!("[{}, {}]", json_string(name), json_string(value))
                } else {
                    format!("{}: {}", json_string(name), json_string(value))
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let separator = |empty: bool| if empty { "" } else { ", " };
    let (at, text) = match &item.header_insert {
        Some(HeaderInsert::JsonObject { at, empty }) => {
            (*at, format!("{}{}", separator(*empty), members(false)))
        }
        Some(HeaderInsert::JsonPairs { at, empty }) => {
            (*at, format!("{}{}", separator(*empty), members(true)))
        }
        Some(HeaderInsert::JsonMember { at }) => {
            (*at, format!(", \"headers\": {{{}}}", members(false)))
        }
        Some(HeaderInsert::Curl { at }) => (
            *at,
            missing
                .iter()
                .map(|(name, value)| format!(" -H {}", quote(&format!("{name}: {value}"), true)))
                .collect(),
        ),
        None => {
            let names: Vec<&str> = missing.iter().map(|(n, _)| n.as_str()).collect();
            return Err(format!(
                "a bare document has no headers to write {} into: write the request as \
                 {{method, path, headers, body}}, or give --header",
                names.join(", ")
            ));
        }
    };
    splices.push((at..at, text));
    Ok(splices)
}

#[cfg(test)]
mod tests {
    use basm_core::{ApiError, ErrorSource, Fix, Verdict};
    use serde_json::json;

    use super::*;
    use crate::check::input::{self, Options};
    use crate::check::report::{Judged, Lines};

    /// The file of `text`, each request refused with one error an edit for each of `edits`.
    fn file(text: &str, edits: &[Edit]) -> File {
        let entries = input::read(text.as_bytes(), &Options::default())
            .unwrap()
            .into_iter()
            .map(|item| {
                let errors = edits
                    .iter()
                    .map(|edit| {
                        let mut e = ApiError::new("c", "t", "d", edit.source.clone());
                        *e.meta.fix = Some(Fix {
                            description: "do it".into(),
                            edit: Some(edit.clone()),
                            suggestions: Vec::new(),
                        });
                        e
                    })
                    .collect();
                Entry::Judged(Box::new(Judged {
                    item: item.unwrap(),
                    verdict: Verdict::refused(422, errors),
                }))
            })
            .collect();
        File {
            name: "t".into(),
            text: text.into(),
            lines: Lines::new(text),
            entries,
        }
    }

    /// Fixes `text`; checks that the fixed text reads back as the requests core's
    /// `edit::apply` makes; returns the fixed text.
    fn fixed(text: &str, edits: &[Edit]) -> String {
        let f = file(text, edits);
        let out = fix(&f).unwrap();
        assert!(out.failed.is_empty(), "{:?}", out.failed);
        let again = input::read(out.text.as_bytes(), &Options::default()).unwrap();
        for (entry, new) in f.entries.iter().zip(again) {
            let Entry::Judged(judged) = entry else {
                unreachable!()
            };
            let mut expected = judged.item.request.clone();
            for edit in edits {
                basm_core::edit::apply(&mut expected, edit).unwrap();
            }
            let new = new.unwrap().request;
            assert_eq!(new.method, expected.method);
            assert_eq!(new.path, expected.path);
            assert_eq!(new.body, expected.body, "{}", out.text);
            for (name, _) in &expected.headers {
                assert_eq!(
                    new.header_value(name),
                    expected.header_value(name),
                    "{name}"
                );
            }
        }
        out.text
    }

    fn pointer(p: &'static str, value: serde_json::Value) -> Edit {
        Edit {
            source: ErrorSource::pointer(p),
            value,
        }
    }

    fn header(name: &'static str, value: &str) -> Edit {
        Edit {
            source: ErrorSource::header(name),
            value: json!(value),
        }
    }

    #[test]
    fn a_request_file_keeps_its_formatting() {
        let text = "{\n  \"method\": \"GET\",\n  \"path\": \"/api/moves?sort%5Bby%5D=colour\",\n  \"headers\": {\"Accept\": \"application/json\"},\n  \"body\": {\n    \"a\": \"2020-12-03 10:50:31\"\n  }\n}\n";
        let out = fixed(
            text,
            &[
                pointer("/a", json!("2020-12-03T10:50:31+00:00")),
                header("Accept", "application/vnd.api+json; version=2"),
                header("Idempotency-Key", "k1"),
                Edit {
                    source: ErrorSource::parameter("sort[by]"),
                    value: json!("date"),
                },
            ],
        );
        assert_eq!(
            out,
            "{\n  \"method\": \"GET\",\n  \"path\": \"/api/moves?sort%5Bby%5D=date\",\n  \"headers\": {\"Accept\": \"application/vnd.api+json; version=2\", \"Idempotency-Key\": \"k1\"},\n  \"body\": {\n    \"a\": \"2020-12-03T10:50:31+00:00\"\n  }\n}\n"
        );
    }

    #[test]
    fn string_bodies_pairs_and_missing_headers() {
        let text = r#"[{"method": "POST", "path": "/x", "body": "{\"a\": \"b\"}"},
 {"method": "POST", "path": "/x", "headers": [["X", 1]], "body": {"a": 1}}]"#;
        let out = fixed(
            text,
            &[
                pointer("/a", json!("c")),
                header("Accept", "v"),
                header("X", "2"),
            ],
        );
        assert!(
            out.contains(r#""body": "{\"a\": \"c\"}", "headers": {"Accept": "v", "X": "2"}"#),
            "{out}"
        );
        assert!(
            out.contains(r#""headers": [["X", "2"], ["Accept", "v"]]"#),
            "{out}"
        );
    }

    #[test]
    fn curl_commands() {
        let text = "curl -X POST \"$API/api/moves?a=1\" \\\n  -H 'Accept: application/json' \\\n  -d'{\"a\": \"it'\\''s\"}'\n";
        let out = fixed(
            text,
            &[
                pointer("/a", json!("b")),
                header("Accept", "application/vnd.api+json; version=2"),
                header("Idempotency-Key", "k"),
                Edit {
                    source: ErrorSource::parameter("a"),
                    value: json!("2"),
                },
            ],
        );
        assert_eq!(
            out,
            "curl -X POST \"$API/api/moves?a=2\" \\\n  -H 'Accept: application/vnd.api+json; version=2' -H 'Idempotency-Key: k' \\\n  -d'{\"a\": \"b\"}'\n"
        );
    }

    #[test]
    fn ansi_c_quoted_bodies_are_written_back_in_single_quotes() {
        let text = "curl http://s/api/events --data-raw $'{\"a\": \"it\\'s\"}'\n";
        let out = fixed(text, &[pointer("/a", json!("x\\n"))]);
        assert_eq!(
            out,
            "curl http://s/api/events --data-raw '{\"a\": \"x\\\\n\"}'\n"
        );
    }

    #[test]
    fn what_cannot_be_written() {
        let f = file(
            "{\"data\": {\"type\": \"events\"}}",
            &[header("Idempotency-Key", "k")],
        );
        let out = fix(&f).unwrap();
        assert_eq!(out.applied, 0);
        assert!(out.failed[0].contains("bare document"), "{:?}", out.failed);
        let f = file(
            "{\"method\": \"POST\", \"path\": \"/x\", \"body\": {\"a\": 1}}",
            &[pointer("/b/c", json!(1))],
        );
        let out = fix(&f).unwrap();
        assert!(
            out.failed[0].contains("no value at /b/c"),
            "{:?}",
            out.failed
        );
        let none = file("{\"data\": {\"type\": \"events\"}}", &[]);
        assert!(fix(&none).is_none());
    }
}
