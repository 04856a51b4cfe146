//! Prints the verdict for a request body read from stdin: `cargo run --example verdict < body.json`.
use std::io::Read;

fn main() {
    let mut body = Vec::new();
    if std::io::stdin().read_to_end(&mut body).is_err() {
        std::process::exit(2);
    }
    let verdict = basm_core::validate_event(&body, &basm_core::Context::empty());
    println!(
        "{}",
        serde_json::to_string_pretty(&verdict).unwrap_or_default()
    );
}
