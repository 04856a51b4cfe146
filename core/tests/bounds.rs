//! No request makes a verdict grow with the number of its repeated failures: at most
//! `MAX_ERRORS_PER_CODE` errors and `MAX_WARNINGS_PER_CODE` warnings of one code are listed,
//! and a warning says how many were cut (issue 13). Sizes, not timings: the machine is shared.

use basm_core::verdict::{MAX_ERRORS_PER_CODE, MAX_WARNINGS_PER_CODE, WarningKind, warning_codes};
use basm_core::{Context, Request, Verdict, validate_event, validate_request};

fn moves_with_includes(paths: &[String]) -> Verdict {
    let request = Request::new("GET", &format!("/api/moves?include={}", paths.join(",")))
        .with_standard_headers();
    validate_request(&request, &Context::empty())
}

#[test]
fn sixteen_thousand_unsupported_includes_give_a_bounded_verdict() {
    // The issue's request: 16,000 copies of one unsupported path.
    let same: Vec<String> = vec!["a".to_owned(); 16_000];
    let verdict = moves_with_includes(&same);
    assert_eq!(verdict.status, 400);
    assert_eq!(verdict.errors.len(), MAX_ERRORS_PER_CODE);
    assert!(
        verdict
            .errors
            .iter()
            .all(|e| e.code == "unsupported_include")
    );
    let truncated: Vec<_> = verdict
        .warnings
        .iter()
        .filter(|w| w.code() == warning_codes::ERRORS_TRUNCATED)
        .collect();
    assert_eq!(truncated.len(), 1, "{:?}", verdict.warnings);
    assert_eq!(
        truncated[0].kind(),
        &WarningKind::ErrorsTruncated {
            code: "unsupported_include".to_owned(),
            cut: 16_000 - MAX_ERRORS_PER_CODE
        }
    );
    assert_eq!(
        truncated[0].detail(),
        "15900 more unsupported_include errors were cut: a verdict lists at most 100 errors of one code"
    );
}

#[test]
fn the_verdict_stops_growing_at_the_cap() {
    // Distinct paths, so that neither the errors nor the API's objects merge.
    let paths = |n: usize| (0..n).map(|i| format!("x{i}")).collect::<Vec<_>>();
    let at_cap = moves_with_includes(&paths(MAX_ERRORS_PER_CODE + 1)).to_json();
    let big = moves_with_includes(&paths(16_000)).to_json();
    // Only the count cut and the paths' own digits differ: a few bytes, never 16,000 errors.
    assert!(
        big.len() < at_cap.len() + 1_000,
        "{} bytes for 16,000 paths, {} for {}",
        big.len(),
        at_cap.len(),
        MAX_ERRORS_PER_CODE + 1
    );
    let listed: serde_json::Value = serde_json::from_str(&big).unwrap_or_default();
    let api_errors = listed["api_body"]["errors"].as_array().map_or(0, Vec::len);
    assert_eq!(
        api_errors, MAX_ERRORS_PER_CODE,
        "api_body matches the listed errors"
    );
}

#[test]
fn at_the_cap_nothing_is_cut() {
    let paths: Vec<String> = (0..MAX_ERRORS_PER_CODE).map(|i| format!("x{i}")).collect();
    let verdict = moves_with_includes(&paths);
    assert_eq!(verdict.errors.len(), MAX_ERRORS_PER_CODE);
    assert!(
        verdict
            .warnings
            .iter()
            .all(|w| w.code() != warning_codes::ERRORS_TRUNCATED)
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
