//! The cost of one refusal with a misspelt event type (`MoveCancell`), whose `meta.fix`
//! ranks the 92 event types by distance: validates the body N times (default 1).
//!
//! Instructions per validation, load-proof (callgrind), start-up excluded:
//! `cargo build --release -p basm-core --example misspelt_event`, then run
//! `valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/misspelt_event N`
//! with N = 1 and N = 11: (second − first) / 10.
#![allow(clippy::print_stdout)] // a measuring tool

use basm_core::{Context, validate_event};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let body = br#"{"data":{"type":"events","attributes":{"event_type":"MoveCancell","occurred_at":"2020-06-16T10:20:30+01:00","recorded_at":"2020-06-16T10:20:30+01:00","details":{"cancellation_reason":"other"}},"relationships":{"eventable":{"data":{"type":"moves","id":"7b5d1b8c-9d7e-4a8e-8f3e-1c2d3e4f5a6b"}}}}}"#;
    let context = Context::empty();
    let mut errors = 0;
    for _ in 0..n {
        errors += validate_event(body, &context).errors.len();
    }
    println!("{n} validations, {errors} errors");
}
