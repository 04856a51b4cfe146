//! No request makes a verdict grow faster than the request: at most `MAX_ERRORS_PER_CODE`
//! errors and `MAX_WARNINGS_PER_CODE` warnings of one code are listed, and a warning says how
//! many were cut (issue 13; the errors' cap is unit-tested in `verdict.rs`); a failure the
//! API reports once, listing every value (`include=`), is one error as long as the values,
//! and the values are at most what the API's web server reads of a query (10,240 bytes).
//! Sizes, not timings: the machine is shared.

use basm_core::verdict::{MAX_ERRORS_PER_CODE, MAX_WARNINGS_PER_CODE, WarningKind, warning_codes};
use basm_core::{Context, Request, ServerLimit, Verdict, validate_event, validate_request};

fn moves_with_includes(paths: &[String]) -> Verdict {
    let request = Request::new("GET", &format!("/api/moves?include={}", paths.join(",")))
        .with_standard_headers();
    validate_request(&request, &Context::empty())
}

#[test]
fn sixteen_thousand_unsupported_includes_are_refused_by_the_apis_server() {
    // The issue's request: 16,000 copies of one unsupported path, a query of 32,007 bytes.
    // Puma, the API's web server, reads a query of at most 10,240 bytes, so the API never
    // sees it: a 400 with an empty body, and one short error.
    let same: Vec<String> = vec!["a".to_owned(); 16_000];
    let verdict = moves_with_includes(&same);
    assert_eq!((verdict.valid, verdict.status), (false, 400));
    assert_eq!(verdict.errors.len(), 1);
    let error = &verdict.errors[0];
    assert_eq!(error.code, "server_limit");
    assert!(
        error.detail.starts_with("The query string is 32007 bytes"),
        "{}",
        error.detail
    );
    assert_eq!(verdict.api_body(), None);
    assert!(verdict.to_json().len() < 1_024, "{}", verdict.to_json());
}

#[test]
fn the_most_unsupported_includes_the_server_reads_give_one_error_as_long_as_the_query() {
    // One-byte paths filling the longest query Puma reads. The API fails them once, listing
    // every path it does not support (`include_params_validator.rb:9-12`), so the verdict
    // has one error whose text grows with the query, not one error a path.
    let n = (ServerLimit::Query.bytes() - "include=".len()).div_ceil(2);
    let same: Vec<String> = vec!["a".to_owned(); n];
    let verdict = moves_with_includes(&same);
    assert_eq!(verdict.status, 400);
    assert_eq!(verdict.errors.len(), 1);
    let error = &verdict.errors[0];
    assert_eq!(error.code, "unsupported_include");
    let listed = format!("[{}]", vec![r#""a""#; n].join(", "));
    assert!(
        error
            .detail
            .starts_with(&format!("{listed} is not supported. Valid values are: [")),
        "{}",
        &error.detail[..200]
    );
    let api = error.meta.api.as_ref().map(|a| a.detail.as_str());
    assert_eq!(api, Some(error.detail.as_str()));
    assert!(verdict.warnings.is_empty(), "{:?}", verdict.warnings);
    // One more path, and the server refuses the query.
    let more = moves_with_includes(&vec!["a".to_owned(); n + 1]);
    assert_eq!(more.errors[0].code, "server_limit");
}

#[test]
fn the_verdict_grows_with_the_query_only() {
    // Distinct paths of two to six bytes: short, so the most text a byte of the query.
    let paths = |n: usize| (0..n).map(|i| format!("x{i}")).collect::<Vec<_>>();
    let most = (1..)
        .take_while(|&n| "include=".len() + paths(n).join(",").len() <= ServerLimit::Query.bytes())
        .last()
        .unwrap_or_default();
    for n in [MAX_ERRORS_PER_CODE + 1, most] {
        let query = paths(n).join(",");
        let json = moves_with_includes(&paths(n)).to_json();
        // The paths are in the text three times (the error's detail, its `meta.api`, and
        // `api_body`), a path of k bytes and its comma written as k + 6 bytes each time.
        assert!(
            json.len() <= 8 * query.len() + 4_096,
            "{} bytes for a query of {} ({n} paths)",
            json.len(),
            query.len()
        );
        let listed: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        let api_errors = listed["api_body"]["errors"].as_array().map_or(0, Vec::len);
        assert_eq!(api_errors, 1, "the API's one object");
    }
    // So no query the server reads gives a verdict much past 8 times its longest.
    let largest = moves_with_includes(&vec!["a".to_owned(); 5_116]).to_json();
    assert!(
        largest.len() < 12 * ServerLimit::Query.bytes(),
        "{}",
        largest.len()
    );
}

/// An accepted event with `n` attributes and `n` details fields the API ignores.
fn event_with_ignored(n: usize) -> Verdict {
    let attributes: String = (0..n).map(|i| format!(r#","junk{i}":1"#)).collect();
    let details: String = (0..n)
        .map(|i| format!(r#""x{i}":"v""#))
        .collect::<Vec<_>>()
        .join(",");
    let body = format!(
        r#"{{"data":{{"type":"events","attributes":{{"event_type":"MoveAccept","occurred_at":"2021-01-01T10:00:00Z","recorded_at":"2021-01-01T10:00:00Z","details":{{{details}}}{attributes}}},"relationships":{{"eventable":{{"data":{{"type":"moves","id":"0b6e4c1e-1111-4222-8333-944455556661"}}}}}}}}}}"#
    );
    validate_event(body.as_bytes(), &Context::empty())
}

#[test]
fn five_thousand_ignored_members_give_a_bounded_list_of_warnings() {
    let verdict = event_with_ignored(5_000);
    assert!(verdict.valid, "{:?}", verdict.errors);
    let count = |code: &str| verdict.warnings.iter().filter(|w| w.code() == code).count();
    assert_eq!(
        count(warning_codes::IGNORED_ATTRIBUTE),
        MAX_WARNINGS_PER_CODE
    );
    assert_eq!(count("dropped_detail"), MAX_WARNINGS_PER_CODE);
    let cut: Vec<&WarningKind> = verdict
        .warnings
        .iter()
        .filter(|w| w.code() == warning_codes::WARNINGS_TRUNCATED)
        .map(|w| w.kind())
        .collect();
    // One each, in the order the codes first appear.
    assert_eq!(
        cut,
        [
            &WarningKind::WarningsTruncated {
                code: warning_codes::IGNORED_ATTRIBUTE.to_owned(),
                cut: 5_000 - MAX_WARNINGS_PER_CODE
            },
            &WarningKind::WarningsTruncated {
                code: "dropped_detail".to_owned(),
                cut: 5_000 - MAX_WARNINGS_PER_CODE
            },
        ]
    );
    // The verdict's size stops growing at the cap.
    let at_cap = event_with_ignored(MAX_WARNINGS_PER_CODE + 1).to_json();
    let big = verdict.to_json();
    assert!(
        big.len() < at_cap.len() + 1_000,
        "{} bytes for 5,000 ignored members, {} for {}",
        big.len(),
        at_cap.len(),
        MAX_WARNINGS_PER_CODE + 1
    );
}

#[test]
fn at_the_warning_cap_nothing_is_cut() {
    let verdict = event_with_ignored(MAX_WARNINGS_PER_CODE);
    assert!(
        verdict
            .warnings
            .iter()
            .all(|w| w.code() != warning_codes::WARNINGS_TRUNCATED)
    );
}

#[test]
fn rails_own_readers_answer_in_one_short_verdict() {
    let verdict_of = |request: Request| {
        let verdict = validate_request(&request, &Context::empty());
        let json = verdict.to_json().len();
        (verdict, json)
    };
    // The longest `Accept` Puma reads, all `text/*` (each twelve types as Rails reads it): read
    // and sorted, then one entry that is no media type: one error, the header once.
    let stars = "text/*;q=0.5, ".repeat(5_800);
    let request = Request::new("GET", "/api/moves").with_standard_headers();
    let mut accepted = request.clone();
    basm_core::edit::set_header(&mut accepted, "Accept", stars.trim_end_matches(", "));
    let (verdict, _) = verdict_of(accepted);
    assert_eq!((verdict.valid, verdict.status), (true, 200));
    let mut refused = request.clone();
    basm_core::edit::set_header(&mut refused, "Accept", &format!("{stars}json"));
    let (verdict, json) = verdict_of(refused);
    assert_eq!(verdict.status, 406);
    assert_eq!(verdict.errors.len(), 1);
    assert!(json < stars.len() + 1_024, "{json} bytes");
    // A query of brackets nested 3,300 deep, 10,000 bytes (Rails stops at 100): one error,
    // which names the parameter once.
    let deep = format!("/api/moves?a{}=1", "[b]".repeat(3_300));
    let (verdict, json) = verdict_of(Request::new("GET", &deep).with_standard_headers());
    assert_eq!(verdict.status, 400);
    assert_eq!(verdict.errors.len(), 1);
    assert_eq!(verdict.errors[0].code, "unreadable_parameters");
    assert!(json < deep.len() + 1_024, "{json} bytes");
}
