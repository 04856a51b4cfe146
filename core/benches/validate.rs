//! Events validated per second, from raw bytes, on one core.
//!
//! `cargo bench -p basm-core --bench validate` (add `-- --seconds 10` for a longer run). The
//! corpora are the npm package bench's, from the one place that defines them
//! (`pkg/scripts/corpus.mjs`, run here with `node`): the seed corpus, which issue 13's goals
//! name (every seed event and five invalid variants of each, compact JSON, as a portal holds
//! them), then every event body of the vectors. Each body is sent to `POST /api/events` with
//! the headers a v2 client sends and no facts. In alternating rounds in this one process, so
//! that a shared, noisy machine slows every side alike, it times:
//! - `serde_json::from_slice::<Value>` of the same bytes: merely reading them, what the engine
//!   is measured against;
//! - `Validator::validate_unfixed`: the npm package's path (the errors' `meta.fix` made when
//!   they are read, by `Validator::attach_fixes`);
//! - `validate_request`: a refusal's fixes of headers and parameters made, those of values in
//!   the body made when first read (`basm_core::FixCell`), and so not here;
//! - `validate_request` with every error's `meta.fix` read: what a caller that shows every
//!   fix pays.
#![allow(clippy::disallowed_types, clippy::print_stdout, clippy::print_stderr)] // a native benchmark: it needs a clock

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use basm_core::{Context, Request, Validator, validate_request};

/// The corpus `name` (`seed` or `vectors`) of `pkg/scripts/corpus.mjs`, one body a line.
fn corpus(name: &str) -> Result<Vec<Vec<u8>>, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new("node")
        .arg("pkg/scripts/corpus.mjs")
        .arg(name)
        .current_dir(&root)
        .output()
        .map_err(|e| {
            format!("could not run node (the corpora are pkg/scripts/corpus.mjs's): {e}")
        })?;
    if !output.status.success() {
        return Err(format!(
            "node pkg/scripts/corpus.mjs {name} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(output
        .stdout
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .map(<[u8]>::to_vec)
        .collect())
}

/// The value after `--name` on the command line.
fn option(name: &str) -> Option<String> {
    std::env::args().skip_while(|a| a != name).nth(1)
}

fn main() -> ExitCode {
    let seconds: f64 = option("--seconds")
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    // `--passes N`: run one side over one corpus exactly N times and stop (for callgrind,
    // `scripts/bench-instructions.sh`): `validate_request`, or with `--package` the
    // `Validator`, or with `--reading` serde_json, or with `--fixes` `validate_request` with
    // every fix read; `--corpus seed|vectors` (the seed corpus
    // unless given); `--only valid|invalid` narrows it to the bodies core accepts or refuses.
    let passes: Option<u64> = option("--passes").and_then(|s| s.parse().ok());
    let names: Vec<String> = match (option("--corpus"), passes) {
        (Some(name), _) => vec![name],
        (None, Some(_)) => vec!["seed".into()],
        (None, None) => vec!["seed".into(), "vectors".into()],
    };
    for name in &names {
        let mut bodies = match corpus(name) {
            Ok(bodies) => bodies,
            Err(message) => {
                eprintln!("bench: {message}");
                return ExitCode::from(2);
            }
        };
        let requests = |bodies: &[Vec<u8>]| -> Vec<Request> {
            let template = Request::new("POST", "/api/events").with_standard_headers();
            bodies
                .iter()
                .map(|b| Request {
                    body: b.clone(),
                    ..template.clone()
                })
                .collect()
        };
        let context = Context::empty();
        if let Some(want) = option("--only").map(|s| s == "valid") {
            let verdicts: Vec<bool> = requests(&bodies)
                .iter()
                .map(|r| validate_request(r, &context).valid)
                .collect();
            let mut keep = verdicts.into_iter();
            bodies.retain(|_| keep.next() == Some(want));
        }
        let requests = requests(&bodies);
        // The two paths give the same verdict, the package's once its fixes are attached.
        let mut validator = Validator::new();
        let mut valid = Vec::with_capacity(requests.len());
        for r in &requests {
            let ours = validate_request(r, &context);
            let mut package = validator.validate_unfixed(r, &context);
            validator.attach_fixes(&mut package, r);
            if ours != package {
                eprintln!(
                    "bench: validate_request and the Validator disagree on {}",
                    String::from_utf8_lossy(&r.body)
                );
                return ExitCode::FAILURE;
            }
            valid.push(ours.valid);
        }
        let accepted = valid.iter().filter(|v| **v).count();
        let bytes: usize = bodies.iter().map(Vec::len).sum();
        println!(
            "{name} corpus (node pkg/scripts/corpus.mjs {name}): {} event bodies ({accepted} valid, {} invalid), {} bytes on average",
            requests.len(),
            requests.len() - accepted,
            bytes / requests.len().max(1)
        );
        match passes {
            Some(passes) => counted(passes, &bodies, &requests, &context),
            None => {
                timed(seconds, &bodies, &requests, &valid, &context);
                if name == "seed" {
                    println!(
                        "  goal (issue 13, on this corpus): >= 1.0x serde_json and >= 1,000,000 events/s"
                    );
                }
            }
        }
    }
    ExitCode::SUCCESS
}

/// `--passes`: one side over the corpus `passes` times.
fn counted(passes: u64, bodies: &[Vec<u8>], requests: &[Request], context: &Context) {
    let args: Vec<String> = std::env::args().collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    if flag("--reading") {
        for _ in 0..passes {
            for b in bodies {
                let value = serde_json::from_slice::<serde_json::Value>(std::hint::black_box(b));
                std::hint::black_box(value.is_ok());
            }
        }
        println!("{} readings", passes * bodies.len() as u64);
    } else if flag("--package") {
        // One `Validator` for every request, no fixes until read, the previous verdict
        // dropped at the next call (as the package does).
        let mut validator = Validator::new();
        let mut last = None;
        for _ in 0..passes {
            for r in requests {
                drop(last.take());
                last = Some(validator.validate_unfixed(std::hint::black_box(r), context));
            }
        }
        println!("{} validations (Validator)", passes * requests.len() as u64);
    } else if flag("--fixes") {
        for _ in 0..passes {
            for r in requests {
                read_fixes(&validate_request(std::hint::black_box(r), context));
            }
        }
        println!(
            "{} validations, every fix read",
            passes * requests.len() as u64
        );
    } else {
        for _ in 0..passes {
            for r in requests {
                std::hint::black_box(validate_request(std::hint::black_box(r), context));
            }
        }
        println!("{} validations", passes * requests.len() as u64);
    }
}

/// Reads every error's `meta.fix` of `verdict` (which makes them).
fn read_fixes(verdict: &basm_core::Verdict) {
    for error in &verdict.errors {
        std::hint::black_box(error.meta.fix.is_some());
    }
}

/// Alternating rounds of the four sides, medians compared to serde_json's.
fn timed(
    seconds: f64,
    bodies: &[Vec<u8>],
    requests: &[Request],
    valid: &[bool],
    context: &Context,
) {
    let mut validator = Validator::new();
    let reading = || {
        for b in bodies {
            let value = serde_json::from_slice::<serde_json::Value>(std::hint::black_box(b));
            std::hint::black_box(value.is_ok());
        }
    };
    // Each side's pass over the whole corpus, or over the bodies whose validity is `want`.
    let subset = |want: Option<bool>| -> Vec<&Request> {
        requests
            .iter()
            .zip(valid)
            .filter(|(_, v)| want.is_none_or(|w| **v == w))
            .map(|(r, _)| r)
            .collect()
    };
    let sets = [subset(None), subset(Some(true)), subset(Some(false))];
    let budget = Duration::from_secs_f64(seconds / (4 * ROUNDS) as f64);
    // [side][set]: the rate of each round.
    let mut rates: [[Vec<f64>; 3]; 4] = Default::default();
    for _ in 0..ROUNDS {
        rates[0][0].push(rate_of(bodies.len(), budget, reading));
        for (s, set) in sets.iter().enumerate() {
            // The whole corpus gets the budget; each half a third of it.
            let budget = if s == 0 { budget } else { budget / 3 };
            rates[1][s].push(rate_of(set.len(), budget, || {
                for r in set {
                    std::hint::black_box(
                        validator.validate_unfixed(std::hint::black_box(r), context),
                    );
                }
            }));
            rates[2][s].push(rate_of(set.len(), budget, || {
                for r in set {
                    std::hint::black_box(validate_request(std::hint::black_box(r), context));
                }
            }));
            rates[3][s].push(rate_of(set.len(), budget, || {
                for r in set {
                    read_fixes(&validate_request(std::hint::black_box(r), context));
                }
            }));
        }
    }
    let median = |xs: &mut Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    };
    let reading = median(&mut rates[0][0]);
    println!("  {ROUNDS} alternating rounds, median events/s on one core:");
    println!(
        "    {:<36} {reading:>10.0}",
        "serde_json::from_slice::<Value>"
    );
    for (side, label) in [
        (1, "Validator::validate_unfixed (package)"),
        (2, "validate_request (fixes unread)"),
        (3, "validate_request, every fix read"),
    ] {
        let [all, ok, refused] = &mut rates[side];
        let all = median(all);
        println!(
            "    {label:<36} {all:>10.0}  {:.2}x ({:.0} ns/event; valid {:.0}/s, invalid {:.0}/s)",
            all / reading,
            1e9 / all,
            median(ok),
            median(refused)
        );
    }
}

/// Alternating rounds of the comparison.
const ROUNDS: usize = 5;

/// Events per second of `pass` (which handles `per_pass` events), over whole passes for
/// `budget`.
fn rate_of(per_pass: usize, budget: Duration, mut pass: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        pass();
        n += per_pass as u64;
    }
    n as f64 / start.elapsed().as_secs_f64()
}
