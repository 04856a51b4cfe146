//! The fixes' property over every vector (issue 14): applying an error's mechanical fix
//! (`meta.fix.edit`) to the request and validating it again with the same context removes
//! that error (no error of its code at its place remains) and adds no new one (every error of
//! the corrected request, as code and place, was among the first request's). Applying every
//! edit of a verdict at once does the same for all of them.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use basm_core::{
    ApiError, Request, Verdict, attach_fixes, edit, validate_request, validate_request_unfixed,
};

use common::{build_context, build_request, each_vector};

/// An error as the property compares it: code and place.
fn key(e: &ApiError) -> (String, String) {
    let s = &e.source;
    let place = if let Some(p) = &s.pointer {
        format!("pointer {p}")
    } else if let Some(p) = &s.parameter {
        format!("parameter {p}")
    } else if let Some(h) = &s.header {
        format!("header {}", h.to_ascii_lowercase())
    } else {
        String::new()
    };
    (e.code.to_string(), place)
}

fn keys(v: &Verdict) -> BTreeSet<(String, String)> {
    v.errors.iter().map(key).collect()
}

/// What went wrong when `after` is the verdict of the request of `before` with the edits of
/// `fixed` (at `edited` places) applied.
///
/// The API checks a request in steps and stops at the first that fails, so a fix that clears
/// a step can reveal the errors of a later one: they were in the request all along, masked
/// (a vector without `Idempotency-Key` and with a bad date shows only the one its step order
/// puts first). An error the first verdict did not list therefore counts as new, and fails the
/// property, unless the corrected request got past the step (none of the first verdict's
/// errors remains) and it is not at a place an edit wrote. Returns the problems and how many
/// errors were revealed.
fn problems(
    before: &Verdict,
    after: &Verdict,
    fixed: &[&ApiError],
    edited: &BTreeSet<String>,
) -> (Vec<String>, usize) {
    let (old, new) = (keys(before), keys(after));
    let mut out = Vec::new();
    for e in fixed {
        if new.contains(&key(e)) {
            out.push(format!("still there: {:?}", key(e)));
        }
    }
    let moved_on = old.iter().all(|k| !new.contains(k));
    let mut revealed = 0;
    for k in new.difference(&old) {
        if !moved_on {
            out.push(format!("new, in the same step: {k:?}"));
        } else if edited.contains(&k.1) {
            out.push(format!("new, at the place edited: {k:?}"));
        } else {
            revealed += 1;
        }
    }
    (out, revealed)
}

fn place(source: &basm_core::ErrorSource) -> String {
    let e = ApiError::new("", "", "", source.clone());
    key(&e).1
}

/// Fixes attached later (as the npm package does when errors are read) give the same verdict.
#[test]
fn fixes_attached_later_are_the_same() {
    let mut compared = 0;
    each_vector(|id, group, test| {
        let request = build_request(group, test);
        let context = build_context(group, test);
        let mut later = validate_request_unfixed(&request, &context);
        attach_fixes(&mut later, &request);
        assert_eq!(later, validate_request(&request, &context), "{id}");
        compared += 1;
    });
    assert!(compared > 3_000, "only {compared} vectors");
}

#[test]
fn every_mechanical_fix_removes_its_error_and_adds_none() {
    let mut failures = Vec::new();
    let (mut tests, mut refused, mut vectors_fixed, mut edits, mut suggestions, mut none) =
        (0, 0, 0, 0, 0, 0);
    let (mut revealed, mut revealed_all) = (0, 0);
    let mut by_code: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    each_vector(|id, group, test| {
        tests += 1;
        let request = build_request(group, test);
        let context = build_context(group, test);
        let before = validate_request(&request, &context);
        if before.errors.is_empty() {
            return;
        }
        refused += 1;
        let mut all = request.clone();
        let mut fixed: Vec<&ApiError> = Vec::new();
        let mut edited = BTreeSet::new();
        for e in &before.errors {
            let counts = by_code.entry(e.code.to_string()).or_default();
            let Some(fix) = &*e.meta.fix else {
                none += 1;
                counts[2] += 1;
                continue;
            };
            assert!(
                !fix.description.is_empty(),
                "{id}: a fix without words: {e:?}"
            );
            let Some(change) = &fix.edit else {
                assert!(
                    !fix.suggestions.is_empty(),
                    "{id}: a fix with neither edit nor suggestions: {e:?}"
                );
                suggestions += 1;
                counts[1] += 1;
                continue;
            };
            edits += 1;
            counts[0] += 1;
            fixed.push(e);
            edited.insert(place(&change.source));
            let mut one: Request = request.clone();
            if let Err(err) = edit::apply(&mut one, change) {
                failures.push(format!(
                    "{id}: {:?}: the edit does not apply: {err}",
                    key(e)
                ));
                continue;
            }
            if let Err(err) = edit::apply(&mut all, change) {
                failures.push(format!(
                    "{id}: {:?}: the edit does not apply with the others: {err}",
                    key(e)
                ));
            }
            let after = validate_request(&one, &context);
            let only_here = BTreeSet::from([place(&change.source)]);
            let (found, masked) = problems(&before, &after, &[e], &only_here);
            revealed += masked;
            for p in found {
                failures.push(format!(
                    "{id}: fixing {:?} with {}: {p}",
                    key(e),
                    serde_json::to_string(change).unwrap_or_default()
                ));
            }
        }
        if !fixed.is_empty() {
            vectors_fixed += 1;
            let after = validate_request(&all, &context);
            let (found, masked) = problems(&before, &after, &fixed, &edited);
            revealed_all += masked;
            for p in found {
                failures.push(format!("{id}: all {} edits at once: {p}", fixed.len()));
            }
        }
    });
    eprintln!(
        "fixes: {tests} vector tests, {refused} refused; {vectors_fixed} with a mechanical fix; \
         errors: {edits} with an edit, {suggestions} with suggestions only, {none} without a fix; \
         errors of a later step revealed: {revealed} by single edits, {revealed_all} by all edits at once"
    );
    for (code, [e, s, n]) in &by_code {
        eprintln!("  {code}: {e} edit, {s} suggestions, {n} none");
    }
    assert!(
        edits > 0,
        "no vector has a mechanical fix: the property tests nothing"
    );
    assert!(
        failures.is_empty(),
        "{} fixes fail the property:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
