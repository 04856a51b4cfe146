//! One HAR entry: which request it is, what core predicts for it, and whether the API's real
//! answer agrees.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use basm_core::verdict::UncheckedKind;
use basm_core::{BodyForm, Facts, Request, Verdict, validate_request};

/// One `log.entries[]` element, the members basm reads (others are ignored).
#[derive(Debug, Deserialize)]
pub struct Entry<'a> {
    /// The request as sent.
    #[serde(borrow)]
    pub request: HarRequest<'a>,
    /// The answer; absent (or status 0) when the request was aborted or is still pending.
    #[serde(default, borrow)]
    pub response: Option<HarResponse<'a>>,
}

/// `entry.request`.
#[derive(Debug, Deserialize)]
pub struct HarRequest<'a> {
    /// `GET`, `POST`, …
    #[serde(borrow)]
    pub method: Cow<'a, str>,
    /// The absolute URL, with its query.
    #[serde(borrow)]
    pub url: Cow<'a, str>,
    /// The headers as sent (HTTP/2 pseudo-headers included).
    #[serde(default, borrow)]
    pub headers: Vec<Header<'a>>,
    /// The body.
    #[serde(default, rename = "postData", borrow)]
    pub post_data: Option<PostData<'a>>,
}

/// One `{name, value}` header.
#[derive(Debug, Deserialize)]
pub struct Header<'a> {
    /// The name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// The value.
    #[serde(borrow)]
    pub value: Cow<'a, str>,
}

/// `request.postData`.
#[derive(Debug, Deserialize)]
pub struct PostData<'a> {
    /// The body as text (absent when the capture kept only form `params`).
    #[serde(default, borrow)]
    pub text: Option<Cow<'a, str>>,
}

/// `entry.response`.
#[derive(Debug, Deserialize)]
pub struct HarResponse<'a> {
    /// The status (0 for an aborted request).
    #[serde(default)]
    pub status: i64,
    /// The body.
    #[serde(default, borrow)]
    pub content: Option<Content<'a>>,
}

/// `response.content`.
#[derive(Debug, Deserialize)]
pub struct Content<'a> {
    /// The body as text, or base64 when `encoding` says so; often absent (not captured).
    #[serde(default, borrow)]
    pub text: Option<Cow<'a, str>>,
    /// `base64` when `text` is encoded.
    #[serde(default, borrow)]
    pub encoding: Option<Cow<'a, str>>,
    /// The body's length in bytes (0: an empty body, whether or not `text` was captured).
    #[serde(default)]
    pub size: Option<i64>,
}

/// How an entry compares with the prediction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The API answered as predicted.
    Agrees,
    /// The API answered otherwise.
    Drift,
    /// No answer to compare with.
    Unjudged,
}

/// One error of the prediction, as the JSON output lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PredictedError {
    /// The error's code.
    pub code: String,
    /// Its JSON pointer into the body; `null` when the error is about a header, a query or
    /// path parameter, or the whole request.
    pub pointer: Option<String>,
}

/// What core predicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Predicted {
    /// The status.
    pub status: u16,
    /// Whether the API would accept the request.
    pub valid: bool,
    /// Every error.
    pub errors: Vec<PredictedError>,
}

/// What the API answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actual {
    /// The status.
    pub status: u16,
}

/// One judged entry, as the JSON output lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judged {
    /// Position in `log.entries`.
    pub index: usize,
    /// The method, upper-cased.
    pub method: String,
    /// The path and query judged.
    pub path: String,
    /// Core's prediction.
    pub predicted: Predicted,
    /// The API's answer (`null` when there was none).
    pub actual: Option<Actual>,
    /// The comparison.
    pub outcome: Outcome,
    /// For the text output: what differs, or what was not compared.
    #[serde(skip)]
    pub note: Option<String>,
}

/// Where the API lives, for choosing the entries to judge.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// `--base URL`: judge every entry under it, the path being what follows it. Without
    /// it, every entry whose URL path starts with `/api/` on any host.
    pub base: Option<String>,
}

impl Scope {
    /// The path and query to judge, or `None` when the entry is not an API call.
    pub fn path_of(&self, url: &str) -> Option<String> {
        match &self.base {
            Some(base) => {
                let base = base.trim_end_matches('/');
                let rest = url.strip_prefix(base)?;
                match rest.chars().next() {
                    None => Some("/".to_owned()),
                    Some('/') => Some(rest.to_owned()),
                    Some('?') => Some(format!("/{rest}")),
                    // `https://host/apix` is not under `https://host/api`.
                    Some(_) => None,
                }
            }
            None => {
                let path = url_path(url)?;
                path.starts_with("/api/").then(|| path.to_owned())
            }
        }
    }
}

/// The path and query of an absolute URL (`scheme://host/path?query`), or the URL itself
/// when it is already a path.
fn url_path(url: &str) -> Option<&str> {
    if url.starts_with('/') {
        return Some(url);
    }
    let (_, rest) = url.split_once("://")?;
    let start = rest.find(['/', '?', '#'])?;
    let path = &rest[start..];
    path.starts_with('/').then_some(path)
}

/// The request core judges: HTTP/2 pseudo-headers (`:authority`, `:path`) dropped, the body
/// from `postData.text`.
pub fn request_of(entry: &Entry<'_>, path: String) -> Request {
    let mut request = Request::new(&entry.request.method, &path);
    request.headers = entry
        .request
        .headers
        .iter()
        .filter(|h| !h.name.starts_with(':'))
        .map(|h| (h.name.to_string(), h.value.to_string()))
        .collect();
    if let Some(text) = entry
        .request
        .post_data
        .as_ref()
        .and_then(|p| p.text.as_ref())
    {
        request.body = text.as_bytes().to_vec();
    }
    request
}

/// Judges one entry; `None` when it is not an API call (skipped).
pub fn judge(index: usize, entry: &Entry<'_>, scope: &Scope, facts: &dyn Facts) -> Option<Judged> {
    let path = scope.path_of(&entry.request.url)?;
    let request = request_of(entry, path);
    let verdict = validate_request(&request, facts);
    let predicted = Predicted {
        status: verdict.status,
        valid: verdict.valid,
        errors: verdict
            .errors
            .iter()
            .map(|e| PredictedError {
                code: e.code.to_string(),
                pointer: e.source.pointer.as_ref().map(|p| p.to_string()),
            })
            .collect(),
    };
    let answered = entry.response.as_ref().and_then(|r| {
        u16::try_from(r.status)
            .ok()
            .filter(|s| *s != 0)
            .map(|s| (r, s))
    });
    // A route of the API that basm does not judge: nothing to compare the answer with.
    let not_judged = verdict.unchecked.iter().find_map(|u| match u.kind() {
        UncheckedKind::NotJudged { endpoint, .. } => Some(*endpoint),
        _ => None,
    });
    let (actual, outcome, note) = match answered {
        _ if verdict.valid && not_judged.is_some() => (
            answered.map(|(_, status)| Actual { status }),
            Outcome::Unjudged,
            not_judged.map(|e| format!("basm does not judge {e}")),
        ),
        None => (None, Outcome::Unjudged, Some("no response".to_owned())),
        Some((response, status)) => {
            let (outcome, note) = compare(&verdict, status, response);
            (Some(Actual { status }), outcome, note)
        }
    };
    Some(Judged {
        index,
        method: request.method_upper(),
        path: request.path,
        predicted,
        actual,
        outcome,
        note,
    })
}

/// Compares the prediction with the API's answer: the status, then for refusals the set of
/// pointers the API's body names against the set in the body core predicts the API sends.
fn compare(
    verdict: &Verdict,
    status: u16,
    response: &HarResponse<'_>,
) -> (Outcome, Option<String>) {
    // A conditional GET the API answered from the ETag, which core cannot know: within what
    // it predicted (a 200, or a 304 it lists as not checked).
    if status == 304
        && verdict.status == 200
        && verdict
            .unchecked
            .iter()
            .any(|u| matches!(u.kind(), UncheckedKind::NotModified))
    {
        return (
            Outcome::Agrees,
            Some("304: If-None-Match was the body's ETag, which core does not know".to_owned()),
        );
    }
    if status != verdict.status {
        let mut note = "status differs".to_owned();
        if !verdict.unchecked.is_empty() {
            // Core judged without facts it needed: the drift may be the record, not the rule.
            note.push_str("; core lacked facts (give them with --context): ");
            let details: Vec<String> = verdict.unchecked.iter().map(|u| u.detail()).collect();
            note.push_str(&details.join("; "));
        }
        return (Outcome::Drift, Some(note));
    }
    if status < 400 {
        return (Outcome::Agrees, None);
    }
    // Whether the answer has a body at all: Puma's 400 and Rails' own answers to a request
    // that asks for no JSON have none (`Verdict::body_form`).
    let body = response_body(response);
    let empty = match (&body, response.content.as_ref().and_then(|c| c.size)) {
        (_, Some(0)) => Some(true),
        (Some(b), _) if !b.is_empty() => Some(false),
        _ => None,
    };
    match (verdict.body_form(), empty) {
        (BodyForm::Empty, Some(true)) => return (Outcome::Agrees, None),
        (BodyForm::Empty, Some(false)) => {
            return (
                Outcome::Drift,
                Some("body: core predicted none, the API sent one".to_owned()),
            );
        }
        (BodyForm::Json, Some(true)) => {
            return (
                Outcome::Drift,
                Some("body: the API sent none, core predicted one".to_owned()),
            );
        }
        _ => {}
    }
    let Some(actual) = body.as_deref().and_then(api_pointers) else {
        return (
            Outcome::Agrees,
            Some("response body not captured or not JSON: pointers not compared".to_owned()),
        );
    };
    let predicted = verdict
        .api_body()
        .map(|body| pointers_of(&body))
        .unwrap_or_default();
    if actual == predicted {
        return (Outcome::Agrees, None);
    }
    let only_api: Vec<&str> = actual.difference(&predicted).map(String::as_str).collect();
    let only_core: Vec<&str> = predicted.difference(&actual).map(String::as_str).collect();
    let mut parts = Vec::new();
    if !only_api.is_empty() {
        parts.push(format!("the API named {}", only_api.join(", ")));
    }
    if !only_core.is_empty() {
        parts.push(format!("core predicted {}", only_core.join(", ")));
    }
    (
        Outcome::Drift,
        Some(format!("pointers: {}", parts.join("; "))),
    )
}

/// The response body's bytes (base64 decoded when `encoding` says so).
fn response_body(response: &HarResponse<'_>) -> Option<Vec<u8>> {
    let content = response.content.as_ref()?;
    let text = content.text.as_ref()?;
    if content.encoding.as_deref() == Some("base64") {
        base64_decode(text)
    } else {
        Some(text.as_bytes().to_vec())
    }
}

/// The pointers a response body names, or `None` when it is not JSON.
fn api_pointers(body: &[u8]) -> Option<BTreeSet<String>> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    Some(pointers_of(&value))
}

/// `errors[].source.pointer` of an error document (an empty set for other shapes).
pub fn pointers_of(body: &serde_json::Value) -> BTreeSet<String> {
    body.get("errors")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            e.pointer("/source/pointer")
                .and_then(serde_json::Value::as_str)
        })
        .map(str::to_owned)
        .collect()
}

/// Standard base64 (padding optional, whitespace skipped); `None` when malformed.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use basm_core::Context;

    #[test]
    fn scope_without_base_takes_api_paths_on_any_host() {
        let scope = Scope::default();
        for (url, path) in [
            ("https://api.example/api/moves?x=1", Some("/api/moves?x=1")),
            ("http://localhost:3000/api/events", Some("/api/events")),
            ("/api/events", Some("/api/events")),
            ("https://cdn.example/app.js", None),
            ("https://api.example/apix/moves", None),
            ("https://api.example", None),
            ("data:text/plain,hi", None),
        ] {
            assert_eq!(scope.path_of(url).as_deref(), path, "{url}");
        }
    }

    #[test]
    fn scope_with_base_takes_what_follows_it() {
        let scope = Scope {
            base: Some("https://gw.example/basm/".to_owned()),
        };
        for (url, path) in [
            ("https://gw.example/basm/api/moves", Some("/api/moves")),
            ("https://gw.example/basm?x=1", Some("/?x=1")),
            ("https://gw.example/basmx/api/moves", None),
            ("https://other.example/basm/api/moves", None),
            ("https://gw.example/api/moves", None),
        ] {
            assert_eq!(scope.path_of(url).as_deref(), path, "{url}");
        }
    }

    #[test]
    fn base64_decodes_padded_and_unpadded() {
        assert_eq!(base64_decode("eyJhIjoxfQ==").unwrap(), br#"{"a":1}"#);
        assert_eq!(base64_decode("eyJhIjoxfQ").unwrap(), br#"{"a":1}"#);
        assert_eq!(base64_decode("aGk=").unwrap(), b"hi");
        assert!(base64_decode("a*b").is_none());
    }

    fn entry(json: &str) -> Entry<'_> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn pseudo_headers_are_dropped_and_the_body_kept() {
        let e = entry(
            r#"{"request": {"method": "post", "url": "https://h/api/events",
              "headers": [{"name": ":authority", "value": "h"}, {"name": "accept", "value": "x"}],
              "postData": {"mimeType": "application/json", "text": "{}"}}}"#,
        );
        let r = request_of(&e, "/api/events".to_owned());
        assert_eq!(r.headers, vec![("accept".to_owned(), "x".to_owned())]);
        assert_eq!(r.body, b"{}");
    }

    #[test]
    fn a_refusal_agrees_only_when_the_api_names_the_same_pointers() {
        // A details field out of its list: core points at the field, the API (shape B) at
        // /data/attributes/<field>.
        let body = r#"{\"data\": {\"type\": \"events\", \"attributes\": {\"event_type\": \"MoveReject\", \"occurred_at\": \"2020-12-03T10:51:29+00:00\", \"recorded_at\": \"2020-12-03T10:51:29+00:00\", \"details\": {\"rejection_reason\": \"bogus\", \"rebook\": false}}, \"relationships\": {\"eventable\": {\"data\": {\"type\": \"moves\", \"id\": \"db6a65c8-4385-4d17-afcd-767d06529a61\"}}}}}"#;
        let har = |answer: &str| {
            format!(
                r#"{{"request": {{"method": "POST", "url": "https://h/api/events",
                  "headers": [{{"name": "Authorization", "value": "Bearer t"}},
                    {{"name": "Content-Type", "value": "application/vnd.api+json"}},
                    {{"name": "Accept", "value": "application/vnd.api+json; version=2"}}],
                  "postData": {{"text": "{body}"}}}},
                 "response": {{"status": 422, "content": {{"text": "{answer}"}}}}}}"#
            )
        };
        let facts = Context::empty();
        let scope = Scope::default();
        let same = har(
            r#"{\"errors\": [{\"title\": \"Unprocessable content\", \"detail\": \"x\", \"source\": {\"pointer\": \"/data/attributes/rejection_reason\"}}]}"#,
        );
        let judged = judge(3, &entry(&same), &scope, &facts).unwrap();
        assert_eq!(judged.predicted.status, 422);
        assert_eq!(judged.outcome, Outcome::Agrees, "{judged:?}");
        let other = har(
            r#"{\"errors\": [{\"title\": \"x\", \"detail\": \"x\", \"source\": {\"pointer\": \"/data/attributes/details/rejection_reason\"}}]}"#,
        );
        let judged = judge(3, &entry(&other), &scope, &facts).unwrap();
        assert_eq!(judged.outcome, Outcome::Drift);
        let note = judged.note.unwrap();
        assert!(
            note.contains("the API named /data/attributes/details/rejection_reason"),
            "{note}"
        );
        assert!(
            note.contains("core predicted /data/attributes/rejection_reason"),
            "{note}"
        );
    }

    #[test]
    fn a_refusal_rails_answers_itself_is_compared_by_its_body_form() {
        // A query Rails cannot read (`100%`): 400 from Rails itself, with no body without a
        // JSON `Accept`, `{"status":400,"error":"Bad Request"}` with one.
        let har = |accept: &str, content: &str| {
            format!(
                r#"{{"request": {{"method": "GET", "url": "https://h/api/moves?filter%5Breference%5D=100%",
                  "headers": [{{"name": "Authorization", "value": "Bearer t"}}{accept}]}},
                 "response": {{"status": 400, "content": {content}}}}}"#
            )
        };
        let json_accept = r#", {"name": "Accept", "value": "application/vnd.api+json; version=2"}"#;
        let facts = Context::empty();
        let scope = Scope::default();
        let outcome = |json: String| judge(0, &entry(&json), &scope, &facts).unwrap();
        let empty = outcome(har("", r#"{"size": 0, "text": ""}"#));
        assert_eq!(empty.outcome, Outcome::Agrees, "{empty:?}");
        let sent = outcome(har("", r#"{"size": 2, "text": "{}"}"#));
        assert_eq!(sent.outcome, Outcome::Drift);
        assert_eq!(
            sent.note.as_deref(),
            Some("body: core predicted none, the API sent one")
        );
        let json = outcome(har(
            json_accept,
            r#"{"text": "{\"status\":400,\"error\":\"Bad Request\"}"}"#,
        ));
        assert_eq!(json.outcome, Outcome::Agrees, "{json:?}");
        let none = outcome(har(json_accept, r#"{"size": 0}"#));
        assert_eq!(none.outcome, Outcome::Drift);
        assert_eq!(
            none.note.as_deref(),
            Some("body: the API sent none, core predicted one")
        );
    }

    #[test]
    fn a_304_agrees_only_where_the_etag_may_have_matched() {
        // A browser revalidating its cache: Rack::ConditionalGet's 304 when If-None-Match is
        // the body's ETag, which core cannot know.
        let har = |if_none_match: &str| {
            format!(
                r#"{{"request": {{"method": "GET", "url": "https://h/api/moves",
                  "headers": [{{"name": "Authorization", "value": "Bearer t"}},
                              {{"name": "Accept", "value": "application/vnd.api+json; version=2"}},
                              {{"name": "If-None-Match", "value": "{if_none_match}"}}]}},
                 "response": {{"status": 304, "content": {{"size": 0}}}}}}"#
            )
        };
        let facts = Context::empty();
        let scope = Scope::default();
        let judged = judge(
            0,
            &entry(&har(r#"W/\"0123456789abcdef0123456789abcdef\""#)),
            &scope,
            &facts,
        )
        .unwrap();
        assert_eq!(judged.predicted.status, 200);
        assert_eq!(judged.outcome, Outcome::Agrees, "{judged:?}");
        // A value that can be no ETag of Rack's: the 304 is drift.
        let judged = judge(0, &entry(&har("*")), &scope, &facts).unwrap();
        assert_eq!(judged.outcome, Outcome::Drift, "{judged:?}");
        // A client that takes gzip gets no ETag (Rack::Deflater streams the body, which
        // Rack::ETag does not digest), so the API never answers it 304: drift (a proxy's).
        let gzip = har(r#"W/\"0123456789abcdef0123456789abcdef\""#).replace(
            r#"{"name": "If-None-Match""#,
            r#"{"name": "Accept-Encoding", "value": "gzip, deflate, br"}, {"name": "If-None-Match""#,
        );
        let judged = judge(0, &entry(&gzip), &scope, &facts).unwrap();
        assert_eq!(judged.outcome, Outcome::Drift, "{judged:?}");
    }

    #[test]
    fn no_response_or_status_zero_is_unjudged() {
        let facts = Context::empty();
        for json in [
            r#"{"request": {"method": "GET", "url": "https://h/api/moves"}}"#,
            r#"{"request": {"method": "GET", "url": "https://h/api/moves"}, "response": {"status": 0}}"#,
        ] {
            let judged = judge(0, &entry(json), &Scope::default(), &facts).unwrap();
            assert_eq!(judged.outcome, Outcome::Unjudged);
            assert_eq!(judged.actual, None);
            // No Authorization header: core predicts 401, pointer-less.
            assert_eq!(judged.predicted.status, 401);
            assert_eq!(judged.predicted.errors[0].pointer, None);
        }
    }

    #[test]
    fn a_route_basm_does_not_judge_is_unjudged_whatever_the_api_answered() {
        let facts = Context::empty();
        let json = r#"{"request": {"method": "GET", "url": "https://h/api/person_escort_records/0b5e8a3c-0000-4000-8000-000000000001",
            "headers": [{"name": "Authorization", "value": "Bearer t"}, {"name": "Accept", "value": "application/vnd.api+json; version=2"}]},
            "response": {"status": 404}}"#;
        let judged = judge(0, &entry(json), &Scope::default(), &facts).unwrap();
        assert_eq!(judged.outcome, Outcome::Unjudged, "{judged:?}");
        assert_eq!(judged.predicted.status, 200);
        assert_eq!(judged.actual, Some(Actual { status: 404 }));
        assert_eq!(
            judged.note.as_deref(),
            Some("basm does not judge GET /api/person_escort_records/:id")
        );
        // Its headers are still judged: without a token, the 401 is a prediction like any.
        let json = r#"{"request": {"method": "GET", "url": "https://h/api/person_escort_records/0b5e8a3c-0000-4000-8000-000000000001"},
            "response": {"status": 200}}"#;
        let judged = judge(0, &entry(json), &Scope::default(), &facts).unwrap();
        assert_eq!(judged.predicted.status, 401);
        assert_eq!(judged.outcome, Outcome::Drift);
    }
}
