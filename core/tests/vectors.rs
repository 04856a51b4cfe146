//! Runs every file under `tests/vectors/` and reports every mismatch at once.
//!
//! A file is an array of groups (the JSON-Schema-Test-Suite shape):
//!
//! ```json
//! [{ "description": "…",
//!    "request": {"method": "POST", "path": "/api/events", "headers": {…}},   // optional group defaults
//!    "context": {…},                                                          // optional, a basm_core::Context
//!    "tests": [{
//!      "description": "…",
//!      "data": {…} | "body": "raw text" | "body_base64": "…",
//!      "request": {…}, "context": {…},            // optional per-test overrides (merged over the group's)
//!      "valid": true, "status": 201,
//!      "errors": [{"code": "…", "pointer": "…", "detail": "…"?, "parameter": "…"?, "header": "…"?}],
//!      "warnings": ["dropped_detail", …],          // optional: exact list of warning codes
//!      "unchecked": ["Profile can't be blank", …], // optional: each a part of a skipped check's detail
//!      "api_body": {…},                            // optional: the real API's exact body
//!      "changes": [{"type": "moves", "attribute": "status", "from": "requested", "to": "booked"}]  // optional
//!    }]}]
//! ```
//!
//! Without a `request`, a test is `POST /api/events` with a v2 client's standard headers.

mod common;

use basm_core::context::{Fact, JourneyFacts};
use basm_core::{
    BodyForm, Context, Facts, Request, Validator, Verdict, validate_request,
    validate_request_unfixed,
};
use serde_json::{Value, json};

use common::{build_context, build_request, each_vector, xfail};

fn check(test: &Value, verdict: &Verdict) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(valid) = test.get("valid").and_then(Value::as_bool)
        && valid != verdict.valid
    {
        problems.push(format!("valid: expected {valid}, got {}", verdict.valid));
    }
    if let Some(status) = test.get("status").and_then(Value::as_u64)
        && status != u64::from(verdict.status)
    {
        problems.push(format!("status: expected {status}, got {}", verdict.status));
    }
    if let Some(Value::Array(expected)) = test.get("errors") {
        let got: Vec<String> = verdict
            .errors
            .iter()
            .map(|e| format!("{} @ {}", e.code, location(e)))
            .collect();
        let want: Vec<String> = expected
            .iter()
            .map(|e| {
                let at = e
                    .get("pointer")
                    .or_else(|| e.get("parameter"))
                    .or_else(|| e.get("header"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                format!("{} @ {at}", e["code"].as_str().unwrap_or(""))
            })
            .collect();
        if got != want {
            problems.push(format!("errors: expected {want:?}, got {got:?}"));
        } else {
            for (e, got) in expected.iter().zip(&verdict.errors) {
                if let Some(detail) = e.get("detail").and_then(Value::as_str)
                    && detail != got.detail
                {
                    problems.push(format!("detail: expected {detail:?}, got {:?}", got.detail));
                }
            }
        }
    }
    if let Some(Value::Array(expected)) = test.get("warnings") {
        let want: Vec<&str> = expected.iter().filter_map(Value::as_str).collect();
        let got: Vec<&str> = verdict.warnings.iter().map(|w| w.code()).collect();
        if want != got {
            problems.push(format!("warnings: expected {want:?}, got {got:?}"));
        }
    }
    if let Some(Value::Array(expected)) = test.get("unchecked") {
        // Each text names a check the verdict lists as skipped (a part of its detail).
        for want in expected.iter().filter_map(Value::as_str) {
            if !verdict.unchecked.iter().any(|u| u.detail().contains(want)) {
                let got: Vec<String> = verdict.unchecked.iter().map(|u| u.detail()).collect();
                problems.push(format!(
                    "unchecked: expected one with {want:?}, got {got:?}"
                ));
            }
        }
    }
    if let Some(expected) = test.get("api_body") {
        let got = verdict.api_body().unwrap_or(Value::Null);
        if &got != expected {
            problems.push(format!("api_body: expected {expected}, got {got}"));
        }
    }
    // The hand-written JSON text is serde's, byte for byte.
    let text = verdict.to_json();
    let serde_text = serde_json::to_string(&verdict).unwrap_or_default();
    if text != serde_text {
        problems.push(format!("to_json: {text}\n  serde: {serde_text}"));
    }
    // The JSON form writes `api_body` without building it: it must be the built one.
    let written: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let built = verdict.api_body().unwrap_or(Value::Null);
    if written.get("api_body") != Some(&built) {
        problems.push(format!(
            "api_body: written {:?}, built {built}",
            written.get("api_body")
        ));
    }
    // The present members' text is the whole text's non-empty members, byte for byte; the
    // others are `[]` or `null` there.
    let mut present_text = String::from("{");
    let mut empty_only = true;
    for (name, present) in basm_core::Verdict::MEMBERS
        .iter()
        .zip(verdict.present_members())
    {
        let member = basm_core::span::span_of(&text, &format!("/{name}"))
            .and_then(|span| text.get(span))
            .unwrap_or_default();
        if present {
            if present_text.len() > 1 {
                present_text.push(',');
            }
            present_text.push_str(&format!("\"{name}\":{member}"));
        } else {
            empty_only &= matches!(member, "[]" | "null");
        }
    }
    present_text.push('}');
    if verdict.present_members_json() != present_text || !empty_only {
        problems.push(format!(
            "present_members_json: {}\n  whole: {text}",
            verdict.present_members_json()
        ));
    }
    if verdict.has_api_body() != verdict.api_body().is_some() {
        problems.push(format!(
            "has_api_body() is {} but api_body() is {built}",
            verdict.has_api_body()
        ));
    }
    // Every refusal but one answered with no body (Puma's 400, Rails' own answers to a request
    // that asks for no JSON) or a body that is not JSON, and a replayed answer (no errors: the
    // stored body is sent again), has the API's JSON body: the sandbox answers with it
    // (`sandbox/src/http.rs`).
    if !verdict.valid && !verdict.errors.is_empty() && verdict.body_form() == BodyForm::Unknown {
        problems.push(format!(
            "api_body: none for a {} refusal ({:?})",
            verdict.status,
            verdict.errors.iter().map(|e| &e.code).collect::<Vec<_>>()
        ));
    }
    if let Some(Value::Array(expected)) = test.get("changes") {
        let got: Vec<Value> = verdict
            .effect
            .iter()
            .flat_map(|e| &e.changes)
            .filter(|c| c.attribute.is_some())
            .map(|c| json!({"type": c.resource_type, "attribute": c.attribute, "from": c.from, "to": c.to}))
            .collect();
        if &got != expected {
            problems.push(format!("changes: expected {expected:?}, got {got:?}"));
        }
    }
    problems
}

fn location(e: &basm_core::ApiError) -> &str {
    e.source
        .pointer
        .as_deref()
        .or(e.source.parameter.as_deref())
        .or(e.source.header.as_deref())
        .unwrap_or("")
}

#[test]
fn vectors() {
    let (mut run, mut failed, mut xfailed) = (0, Vec::new(), 0);
    let mut unexpected_pass = Vec::new();
    let xfail = xfail();
    let files_read = each_vector(|id, group, test| {
        let id = id.to_owned();
        let request = build_request(group, test);
        let context = build_context(group, test);
        let verdict = validate_request(&request, &context);
        let problems = check(test, &verdict);
        run += 1;
        let expected_failure = xfail.contains(&id);
        match (problems.is_empty(), expected_failure) {
            (true, true) => unexpected_pass.push(id),
            (true, false) => {}
            (false, true) => {
                xfailed += 1;
                // `BASM_SHOW_XFAIL=1` prints why each expected failure still fails.
                if std::env::var_os("BASM_SHOW_XFAIL").is_some() {
                    eprintln!("XFAIL {id}\n    {}", problems.join("\n    "));
                }
            }
            (false, false) => failed.push(format!(
                "{id}\n    {}\n    verdict: {}",
                problems.join("\n    "),
                serde_json::to_string(&verdict).unwrap_or_default()
            )),
        }
    });
    eprintln!(
        "vectors: {run} run in {} files, {} failed, {xfailed} expected failures",
        files_read,
        failed.len()
    );
    assert!(
        unexpected_pass.is_empty(),
        "expected failures that now pass (remove them from tests/vectors/xfail/):\n{}",
        unexpected_pass.join("\n")
    );
    assert!(
        failed.is_empty(),
        "{} of {run} vectors failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// One [`Validator`] judging every vector in turn (headers that change and stay the same, bodies
/// small and large) gives each one [`validate_request_unfixed`]'s verdict, and with its fixes
/// added ([`Validator::attach_fixes`]) [`validate_request`]'s.
#[test]
fn a_validator_reused_gives_every_vector_its_verdict() {
    let mut validator = Validator::new();
    let mut run = 0;
    // A body larger than the arena the validator keeps, between the vectors.
    let large = Request::new("POST", "/api/events")
        .with_standard_headers()
        .body(
            format!(
                r#"{{"data":{{"type":"events","attributes":{{"notes":"{}"}}}}}}"#,
                "x".repeat(200_000)
            )
            .into_bytes(),
        );
    each_vector(|id, group, test| {
        let request = build_request(group, test);
        let context = build_context(group, test);
        for request in [&request, &request] {
            assert_eq!(
                validator.validate_unfixed(request, &context),
                validate_request_unfixed(request, &context),
                "{id}"
            );
        }
        // Its fixes, added in its arena, are validate_request's.
        let mut fixed = validator.validate_unfixed(&request, &context);
        validator.attach_fixes(&mut fixed, &request);
        let whole = validate_request(&request, &context);
        assert_eq!(fixed, whole, "{id}");
        assert_eq!(fixed.to_json(), whole.to_json(), "{id}: fixes");
        // validate_request's own validator (the thread's, reused since the first vector) gives
        // a fresh one's verdict.
        assert_eq!(
            whole.to_json(),
            Validator::new().validate(&request, &context).to_json(),
            "{id}: the thread's validator"
        );
        if run % 500 == 0 {
            assert_eq!(
                validator.validate_unfixed(&large, &context),
                validate_request_unfixed(&large, &context),
                "the large body after {id}"
            );
        }
        run += 1;
    });
    assert!(run > 3_000, "only {run} vectors");
}

/// A [`Facts`] that validates a request of its own while it is asked (as a caller's facts
/// might, from a cache it fills through basm): the thread's validator is in use then, so the
/// inner call gets a fresh one, and both verdicts are a fresh validator's.
#[test]
fn validate_request_called_from_facts_gives_both_verdicts() {
    struct Validating {
        inner: Request,
        verdicts: std::cell::RefCell<Vec<Verdict>>,
    }
    impl Facts for Validating {
        fn journey(&self, _id: &str) -> Fact<JourneyFacts> {
            let verdict = validate_request(&self.inner, &Context::empty());
            self.verdicts.borrow_mut().push(verdict);
            Fact::Unknown
        }
    }
    let event = |event_type: &str| {
        Request::new("POST", "/api/events")
            .with_standard_headers()
            .body(
                format!(
                    r#"{{"data":{{"type":"events","attributes":{{"event_type":"{event_type}",
                      "occurred_at":"2020-12-03T10:50:31+00:00","recorded_at":"2020-12-03T10:50:31+00:00"}},
                      "relationships":{{"eventable":{{"data":{{"type":"journeys",
                      "id":"ed0ec488-2875-45bb-9594-4b4bb7fa8cb3"}}}}}}}}}}"#
                )
                .into_bytes(),
            )
    };
    let facts = Validating {
        inner: event("JourneyStrat"),
        verdicts: Default::default(),
    };
    let outer = event("JourneyCancel");
    let verdict = validate_request(&outer, &facts);
    let inner = facts.verdicts.borrow();
    assert!(
        !inner.is_empty(),
        "the facts were not asked for the journey"
    );
    for v in inner.iter() {
        assert_eq!(
            v.to_json(),
            Validator::new()
                .validate(&facts.inner, &Context::empty())
                .to_json()
        );
        assert!(!v.valid);
    }
    assert_eq!(
        verdict.to_json(),
        Validator::new()
            .validate(&outer, &Context::empty())
            .to_json()
    );
}
