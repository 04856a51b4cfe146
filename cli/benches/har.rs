//! `basm har` over a large capture: entries judged per second and peak memory.
//!
//! `cargo bench -p basm-cli --bench har` (`-- --entries N` for another size; default 100,000).
//! It writes a HAR of N entries (valid and invalid event posts, list GETs, action posts,
//! aborted requests and static files, each with a response), then runs the `basm har` check
//! over it in-process, once per output format, the report going to a sink. Peak RSS is
//! `VmHWM` of /proc/self/status (Linux), read after generating the file (the HAR's bytes are
//! held in memory, as `basm har` holds them) and after each check.
#![allow(clippy::disallowed_types, clippy::print_stdout)] // a native benchmark: it needs a clock

use std::time::Instant;

use basm_cli::har::{Format, Scope, check};
use basm_core::Context;

const STANDARD: &str = r#"[{"name": "accept", "value": "application/vnd.api+json; version=2"},
  {"name": "authorization", "value": "Bearer XXX"},
  {"name": "content-type", "value": "application/vnd.api+json"}]"#;

/// One entry of the synthetic capture; `i` picks its kind.
fn entry(i: usize) -> String {
    let id = format!("{:08x}-92af-4715-8d88-953846f503ac", i);
    let (method, url, body, status, answer) = match i % 8 {
        0 | 1 => (
            "POST",
            "https://api.example/api/events".to_owned(),
            format!(
                r#"{{"data": {{"type": "events", "attributes": {{"occurred_at": "2020-12-03T10:51:28+00:00", "recorded_at": "2020-12-03T10:51:28+00:00", "notes": "entry {i}", "details": {{}}, "event_type": "MoveAccept"}}, "relationships": {{"eventable": {{"data": {{"type": "moves", "id": "{id}"}}}}}}}}}}"#
            ),
            201,
            r#"{"data": {"type": "events"}}"#.to_owned(),
        ),
        2 => (
            "POST",
            "https://api.example/api/events".to_owned(),
            format!(
                r#"{{"data": {{"type": "events", "attributes": {{"occurred_at": "2020-12-03 10:50:31 +0000", "recorded_at": "2020-12-03 10:50:31 +0000", "event_type": "JourneyCancel"}}, "relationships": {{"eventable": {{"data": {{"type": "journeys", "id": "{id}"}}}}}}}}}}"#
            ),
            422,
            r#"{"errors": [{"title": "Invalid occurred_at, recorded_at", "detail": "Validation failed"}]}"#.to_owned(),
        ),
        3 => (
            "POST",
            "https://api.example/api/events".to_owned(),
            format!(
                r#"{{"data": {{"type": "events", "attributes": {{"occurred_at": "2020-12-03T10:51:29+00:00", "recorded_at": "2020-12-03T10:51:29+00:00", "details": {{"rejection_reason": "bogus", "rebook": false}}, "event_type": "MoveReject"}}, "relationships": {{"eventable": {{"data": {{"type": "moves", "id": "{id}"}}}}}}}}}}"#
            ),
            422,
            r#"{"errors": [{"title": "Unprocessable content", "detail": "Rejection reason is not included in the list", "source": {"pointer": "/data/attributes/rejection_reason"}, "code": "inclusion"}]}"#.to_owned(),
        ),
        4 => (
            "GET",
            "https://api.example/api/moves?filter%5Bdate_from%5D=2020-07-22&include=profile.person%2Cfrom_location".to_owned(),
            String::new(),
            200,
            r#"{"data": []}"#.to_owned(),
        ),
        5 => (
            "POST",
            format!("https://api.example/api/moves/{id}/accept"),
            r#"{"data": {"type": "accepts", "attributes": {"timestamp": "2020-07-20T10:47:51.589Z"}}}"#.to_owned(),
            404,
            r#"{"errors": [{"title": "Resource not found", "detail": "Couldn't find Move"}]}"#.to_owned(),
        ),
        6 => (
            "GET",
            format!("https://api.example/api/moves/{id}"),
            String::new(),
            0,
            String::new(),
        ),
        _ => (
            "GET",
            format!("https://cdn.example/assets/{i}.js"),
            String::new(),
            200,
            "console.log(1)".to_owned(),
        ),
    };
    let mut headers = STANDARD.to_owned();
    if i % 8 == 5 {
        headers.insert_str(
            headers.len() - 1,
            &format!(r#", {{"name": "idempotency-key", "value": "{id}"}}"#),
        );
    }
    let post_data = if body.is_empty() {
        String::new()
    } else {
        format!(
            r#", "postData": {{"mimeType": "application/vnd.api+json", "text": {}}}"#,
            serde_json::Value::String(body)
        )
    };
    format!(
        r#"{{"startedDateTime": "2020-07-22T10:47:51.589Z", "time": 42, "request": {{"method": "{method}", "url": "{url}", "httpVersion": "HTTP/2", "headers": {headers}, "queryString": [], "cookies": [], "headersSize": -1, "bodySize": -1{post_data}}}, "response": {{"status": {status}, "statusText": "", "httpVersion": "HTTP/2", "headers": [], "cookies": [], "content": {{"size": 0, "mimeType": "application/vnd.api+json", "text": {}}}, "redirectURL": "", "headersSize": -1, "bodySize": -1}}, "cache": {{}}, "timings": {{"send": 1, "wait": 40, "receive": 1}}}}"#,
        serde_json::Value::String(answer)
    )
}

/// `VmHWM` of this process, in KiB (0 where /proc is not there).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut entries = 100_000;
    while let Some(arg) = args.next() {
        if arg == "--entries" {
            entries = args.next().and_then(|n| n.parse().ok()).unwrap_or(entries);
        }
    }
    let mut har = String::from(
        r#"{"log": {"version": "1.2", "creator": {"name": "basm bench", "version": "1"}, "entries": ["#,
    );
    for i in 0..entries {
        if i > 0 {
            har.push_str(",\n");
        }
        har.push_str(&entry(i));
    }
    har.push_str("]}}");
    let har = har.into_bytes();
    println!(
        "HAR: {entries} entries, {:.1} MiB; peak RSS after writing it: {:.1} MiB",
        har.len() as f64 / 1_048_576.0,
        peak_rss_kib() as f64 / 1024.0
    );
    for (name, format) in [("json", Format::Json), ("text", Format::Text)] {
        let start = Instant::now();
        let summary = check(
            &har,
            "bench.har",
            &Scope::default(),
            format,
            &Context::empty(),
            &mut std::io::sink(),
        )
        .expect("the synthetic HAR is valid");
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "--format {name}: {} entries in {seconds:.2} s: {:.0} entries/s ({} judged: {} agrees, {} drift, {} unjudged; {} skipped); peak RSS {:.1} MiB",
            entries,
            entries as f64 / seconds,
            summary.judged,
            summary.agrees,
            summary.drift,
            summary.unjudged,
            summary.skipped,
            peak_rss_kib() as f64 / 1024.0
        );
    }
}
