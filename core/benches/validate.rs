//! Events validated per second, from raw bytes, on one core.
//!
//! `cargo bench -p basm-core --bench validate` (add `-- --seconds 10` for a longer run). It ends
//! with `validate_request` against `serde_json::from_slice::<Value>` of the same bodies.
//! The corpus is every `POST /api/events` body of the seed pages and of the per-type vectors
//! (valid and invalid), each validated with the headers a v2 client sends and no facts.
#![allow(clippy::disallowed_types, clippy::print_stdout)] // a native benchmark: it needs a clock

use std::path::Path;
use std::time::{Duration, Instant};

use basm_core::{Context, Request, Validator, validate_request};

fn corpus() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut bodies = Vec::new();
    for dir in ["seeds", "events"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let groups: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
            for group in &groups {
                let default_path = group.pointer("/request/path").and_then(|p| p.as_str());
                for test in group["tests"].as_array().into_iter().flatten() {
                    let path = test
                        .pointer("/request/path")
                        .and_then(|p| p.as_str())
                        .or(default_path)
                        .unwrap_or("/api/events");
                    if path != "/api/events" {
                        continue;
                    }
                    if let Some(data) = test.get("data") {
                        // Pretty-printed, as the wiki pages send them.
                        bodies.push(serde_json::to_vec_pretty(data).unwrap_or_default());
                    }
                }
            }
        }
    }
    bodies
}

fn main() {
    let seconds: u64 = std::env::args()
        .skip_while(|a| a != "--seconds")
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    // `--passes N`: validate the corpus exactly N times and stop (for callgrind).
    let passes: Option<u64> = std::env::args()
        .skip_while(|a| a != "--passes")
        .nth(1)
        .and_then(|s| s.parse().ok());
    // `--reading`: with `--passes`, read the bodies into `serde_json::Value` instead (the
    // comparison, counted the same way).
    let reading = std::env::args().any(|a| a == "--reading");
    // `--only valid|invalid`: the corpus narrowed to the bodies core accepts or refuses (to
    // count what each path costs).
    let only: Option<bool> = std::env::args()
        .skip_while(|a| a != "--only")
        .nth(1)
        .map(|s| s == "valid");
    let template = Request::new("POST", "/api/events").with_standard_headers();
    let context = Context::empty();
    let mut bodies = corpus();
    if let Some(want) = only {
        bodies.retain(|b| {
            let request = Request {
                body: b.clone(),
                ..template.clone()
            };
            validate_request(&request, &context).valid == want
        });
    }
    let requests: Vec<Request> = bodies
        .iter()
        .map(|b| Request {
            body: b.clone(),
            ..template.clone()
        })
        .collect();
    let (valid, invalid) = requests.iter().fold((0, 0), |(v, i), r| {
        if validate_request(r, &context).valid {
            (v + 1, i)
        } else {
            (v, i + 1)
        }
    });
    let bytes: usize = bodies.iter().map(Vec::len).sum();
    println!(
        "corpus: {} event bodies ({valid} valid, {invalid} invalid), {} bytes on average",
        requests.len(),
        bytes / requests.len().max(1)
    );
    if let Some(passes) = passes
        && reading
    {
        for _ in 0..passes {
            for b in &bodies {
                let value = serde_json::from_slice::<serde_json::Value>(std::hint::black_box(b));
                std::hint::black_box(value.is_ok());
            }
        }
        println!("{} readings", passes * bodies.len() as u64);
        return;
    }
    // `--package`, with `--passes`: the npm package's path instead (one `Validator` for every
    // request, no fixes until read, the previous verdict dropped at the next call).
    if let Some(passes) = passes
        && std::env::args().any(|a| a == "--package")
    {
        let mut validator = Validator::new();
        let mut last = None;
        for _ in 0..passes {
            for r in &requests {
                drop(last.take());
                last = Some(validator.validate_unfixed(std::hint::black_box(r), &context));
            }
        }
        println!("{} validations", passes * requests.len() as u64);
        return;
    }
    if let Some(passes) = passes {
        for _ in 0..passes {
            for r in &requests {
                std::hint::black_box(validate_request(std::hint::black_box(r), &context));
            }
        }
        println!("{} validations", passes * requests.len() as u64);
        return;
    }
    // Warm up, then measure whole passes over the corpus.
    for r in &requests {
        std::hint::black_box(validate_request(std::hint::black_box(r), &context));
    }
    let start = Instant::now();
    let mut count = 0u64;
    while start.elapsed() < Duration::from_secs(seconds) {
        for r in &requests {
            std::hint::black_box(validate_request(std::hint::black_box(r), &context));
        }
        count += requests.len() as u64;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let rate = count as f64 / elapsed;
    // The same, split: what accepted and what refused requests cost.
    for (label, want) in [("valid", true), ("invalid", false)] {
        let subset: Vec<&Request> = requests
            .iter()
            .filter(|r| validate_request(r, &context).valid == want)
            .collect();
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < Duration::from_secs(1) {
            for r in &subset {
                std::hint::black_box(validate_request(std::hint::black_box(r), &context));
            }
            n += subset.len() as u64;
        }
        println!(
            "  {label}: {:.0} events/s",
            n as f64 / start.elapsed().as_secs_f64()
        );
    }
    println!(
        "validate_request: {count} events in {elapsed:.2} s = {rate:.0} events/s on one core ({:.0} ns/event, {:.0} MB/s)",
        1e9 / rate,
        rate * (bytes as f64 / requests.len().max(1) as f64) / 1e6
    );
    // What the engine is measured against (issue 13): merely reading the same bytes into a
    // `serde_json::Value`. Alternating rounds in this one process, medians compared, so a
    // shared, noisy machine slows both sides alike.
    let (mut ours, mut reading) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        ours.push(rate_of(requests.len(), seconds, || {
            for r in &requests {
                std::hint::black_box(validate_request(std::hint::black_box(r), &context));
            }
        }));
        reading.push(rate_of(bodies.len(), seconds, || {
            for b in &bodies {
                let value = serde_json::from_slice::<serde_json::Value>(std::hint::black_box(b));
                std::hint::black_box(value.is_ok());
            }
        }));
    }
    let (ours, reading) = (median(&mut ours), median(&mut reading));
    println!(
        "{ROUNDS} alternating rounds, median events/s: validate_request {ours:.0}, serde_json::from_slice::<Value> {reading:.0}; ratio {:.2}x (goal >= 1.0x)",
        ours / reading
    );
}

/// Alternating rounds of the serde_json comparison.
const ROUNDS: usize = 5;

/// Events per second of `pass` (which handles `per_pass` events), over whole passes for a
/// share of `seconds` (one round of [`ROUNDS`] for each side).
fn rate_of(per_pass: usize, seconds: u64, mut pass: impl FnMut()) -> f64 {
    let budget = Duration::from_secs_f64(seconds as f64 / (2 * ROUNDS) as f64);
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        pass();
        n += per_pass as u64;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}
