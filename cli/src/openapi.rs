//! `basm openapi` (issue 14): to be written.

use std::io::Write;

use crate::CliError;

/// Runs `basm openapi` with its arguments.
pub fn run(_args: &[String], _out: &mut dyn Write) -> Result<i32, CliError> {
    Err(CliError::Usage(
        "`basm openapi` is not written yet".to_owned(),
    ))
}
