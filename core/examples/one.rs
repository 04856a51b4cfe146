fn main() {
    use basm_core::*;
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let body = br#"{"data":{"type":"events","attributes":{"event_type":"MoveCancell","occurred_at":"2020-06-16T10:20:30+01:00","recorded_at":"2020-06-16T10:20:30+01:00","details":{"cancellation_reason":"other"}},"relationships":{"eventable":{"data":{"type":"moves","id":"7b5d1b8c-9d7e-4a8e-8f3e-1c2d3e4f5a6b"}}}}}"#;
    let ctx = Context::empty();
    let mut k = 0;
    for _ in 0..n {
        k += validate_event(body, &ctx).errors.len();
    }
    println!("{k}");
}
