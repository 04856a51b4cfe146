//! `basm`, the command line: one implementation with two doors. The native binary
//! (`cargo install --path cli`) and the npm package's bin (`npx basm-validator …`, this same
//! crate compiled for `wasm32-wasip1` and run by Node's WASI) both call [`run`].
//!
//! - [`check`]: request files, curl command lines and JSON:API documents, judged like a
//!   compiler judges source (`file:line:column`, a caret under the value);
//! - [`har`]: a HAR capture's API calls, judged and compared with the API's real answers;
//! - [`openapi`]: an OpenAPI 3.1 document of every endpoint core knows.
//!
//! Exit codes: 0 every request valid, 1 any invalid (or any drift), 2 usage or I/O errors.

#![warn(missing_docs)]

use std::fmt;
use std::io::Write;

pub mod check;
pub mod har;
pub mod openapi;

/// Every request judged valid (or the document written).
pub const EXIT_OK: i32 = 0;
/// Some request is invalid, or the API drifted from the prediction.
pub const EXIT_INVALID: i32 = 1;
/// The command line was wrong or a file could not be read.
pub const EXIT_USAGE: i32 = 2;

/// Why a command could not run at all (exit 2).
#[derive(Debug)]
pub enum CliError {
    /// The command line is wrong: what is wrong, in a sentence.
    Usage(String),
    /// A file could not be read or written, or is not what the command takes.
    Input {
        /// The file as the user named it (`-` for stdin).
        path: String,
        /// Why, in a sentence.
        reason: String,
    },
    /// The standard output could not be written. When its reader has gone (`basm openapi |
    /// head`), the command stops quietly, as Unix tools do.
    Output(std::io::Error),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) => write!(f, "{message}\nRun `basm --help` for usage."),
            CliError::Input { path, reason } => write!(f, "{path}: {reason}"),
            CliError::Output(e) => write!(f, "the output cannot be written: {e}"),
        }
    }
}

impl std::error::Error for CliError {}

const USAGE: &str = "\
basm: checks Book a Secure Move API requests before they are sent.

Usage:
  basm check [OPTIONS] PATH... | -     judge request files, curl commands, JSON:API documents
  basm har [OPTIONS] FILE.har          judge a capture's API calls, compare with the real answers
  basm openapi [--output FILE]         print an OpenAPI 3.1 document of every endpoint

Run `basm COMMAND --help` for a command's options.
Exit status: 0 all valid, 1 any invalid (or drift), 2 usage or input errors.";

/// Runs the command line `args` (without the program name), writing to `out` and `err`;
/// returns the exit code.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            let _ = writeln!(out, "{USAGE}");
            Ok(EXIT_OK)
        }
        Some("-V" | "--version") => {
            let _ = writeln!(out, "basm {}", basm_core::VERSION);
            Ok(EXIT_OK)
        }
        Some("check") => check::run(&args[1..], out, err),
        Some("har") => har::run(&args[1..], out),
        Some("openapi") => openapi::run(&args[1..], out),
        Some(other) => Err(CliError::Usage(format!("unknown command `{other}`"))),
    };
    match result {
        Ok(code) => code,
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "basm: {e}");
            EXIT_USAGE
        }
    }
}
