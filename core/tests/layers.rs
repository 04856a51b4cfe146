//! The crate's layering, checked on the source: the model layer (`src/model.rs`,
//! `src/model/`) sits below the endpoints and imports none of them, and the endpoint modules
//! of events and moves do not import each other (both use the model instead).

use std::path::{Path, PathBuf};

/// What a model file may not contain: any path into the endpoints.
const INTO_ENDPOINTS: &[&str] = &["endpoints::", "super::super", "crate::endpoints"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

include!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/support/rs_files.rs"
));

/// `src/model.rs` and every `.rs` file under `src/model/`, at any depth.
fn model_files() -> Vec<PathBuf> {
    let mut files = rs_files(&src().join("model"));
    files.push(src().join("model.rs"));
    files.sort();
    files
}

/// Every `(file, line number, line)` of `files` that contains one of `needles`.
fn offending(files: &[PathBuf], needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (n, line) in text.lines().enumerate() {
            if needles.iter().any(|needle| line.contains(needle)) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_model_layer_imports_no_endpoint() {
    let files = model_files();
    // The layer is there: the model run, the move drafts and the errors.
    for name in ["run.rs", "move_draft.rs", "errors.rs"] {
        assert!(
            files
                .iter()
                .any(|f| f.ends_with(Path::new("model").join(name))),
            "src/model/{name} is missing: {files:?}"
        );
    }
    let found = offending(&files, INTO_ENDPOINTS);
    assert!(
        found.is_empty(),
        "the model layer must not use the endpoints:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_event_and_move_endpoints_do_not_import_each_other() {
    let endpoints = src().join("endpoints");
    let events = offending(
        &[endpoints.join("events.rs")],
        &["super::moves", "endpoints::moves"],
    );
    let moves = offending(
        &[endpoints.join("moves.rs")],
        &["super::events", "endpoints::events"],
    );
    assert!(
        events.is_empty() && moves.is_empty(),
        "endpoints/events.rs and endpoints/moves.rs import each other:\n{}",
        [events, moves].concat().join("\n")
    );
}
