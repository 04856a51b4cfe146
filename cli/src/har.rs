//! `basm har FILE.har`: judges every API call of a HAR 1.2 capture with core and compares the
//! prediction with the API's real answer.
//!
//! - An entry whose URL path starts with `/api/` (any host), or with `--base URL` one whose
//!   URL starts with that base (the path being what follows it), is **judged**: core's
//!   [`basm_core::validate_request`] on its method, path and query, headers (HTTP/2
//!   pseudo-headers dropped) and `postData.text`. Every other entry is **skipped** (counted,
//!   not listed).
//! - A judged entry with no response, or status 0 (an aborted request), is `unjudged`; so is
//!   one to a route of the API that basm does not judge ([`basm_core::endpoints_not_judged`])
//!   once its headers pass, noted `basm does not judge METHOD /pattern`.
//!   Otherwise it `agrees` when the status is the predicted one and, for a refusal (4xx/5xx),
//!   the set of `errors[].source.pointer` of the API's body is the set in the body core
//!   predicts the API sends ([`basm_core::Verdict::api_body`]); else it is `drift`. A refusal
//!   whose response body was not captured is compared on its status alone. Where core predicts
//!   no body (Puma's 400, Rails' own answer to a request that asks for no JSON:
//!   [`basm_core::Verdict::body_form`]) or a JSON one, an empty body (`content.size` 0) or a
//!   captured one that says otherwise is `drift`. A 304 agrees with a predicted 200 that lists
//!   the 304 as not checked (`If-None-Match` may have been the body's ETag: Rack's
//!   `ConditionalGet`, which core cannot know). Core lists none for a request that takes gzip,
//!   as browsers' do: the API's `Rack::Deflater` streams such a body, which gets no ETag, so a
//!   304 there is drift (a proxy's).
//! - Core predicts with the facts of `--context` (none by default). A status that differs
//!   while core lacked facts (a record it could not look up: its `unchecked` list) is still
//!   drift, since the command cannot tell a missing record from a changed rule, but the text
//!   output names the facts that were missing.
//! - `summary.judged` counts every listed entry (agrees + drift + unjudged).
//! - Exit 1 when any entry drifted, else 0; 2 when the HAR cannot be read or is not a HAR.
//!
//! Memory: the file is read as bytes, then walked with serde's streaming visitors: one entry
//! is deserialised, judged and dropped at a time (never a `Vec` of entries or a
//! `serde_json::Value` of the document). The JSON output is written as it goes. The text
//! output keeps one short line per judged entry until the end, to print drift first.
//! Before anything is written, a first walk checks the whole document (its syntax and each
//! entry's shape), so a bad file gives a message and no partial output.

use std::fmt;
use std::io::Write;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use basm_core::{Context, Facts};

use crate::{CliError, EXIT_INVALID, EXIT_OK};

pub mod judge;

pub use judge::{Judged, Outcome, Scope};

const USAGE: &str = "\
Usage: basm har FILE.har [--base URL] [--format text|json] [--context FILE]

Judges every API call of a HAR 1.2 capture and compares the prediction with the API's answer.
  --base URL        judge the entries under URL (default: any URL whose path starts with /api/)
  --format FORMAT   text (default: drift first, then unjudged, then agrees) or json
  --context FILE    facts (the package's Context, as JSON) to judge with
Exit status: 0 no drift, 1 any drift, 2 unreadable or invalid HAR.";

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One line per judged entry, drift first.
    Text,
    /// `{"entries": […], "summary": {…}}`.
    Json,
}

/// The counts of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Entries judged by core (agrees + drift + unjudged).
    pub judged: usize,
    /// Entries that are not API calls.
    pub skipped: usize,
    /// The API answered as predicted.
    pub agrees: usize,
    /// The API answered otherwise.
    pub drift: usize,
    /// No answer to compare.
    pub unjudged: usize,
}

/// Runs `basm har` with its arguments.
pub fn run(args: &[String], out: &mut dyn Write) -> Result<i32, CliError> {
    let mut file = None;
    let mut scope = Scope::default();
    let mut format = Format::Text;
    let mut context_file = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| CliError::Usage(format!("`{name}` needs a value")))
        };
        match arg.as_str() {
            "-h" | "--help" => {
                let _ = writeln!(out, "{USAGE}");
                return Ok(EXIT_OK);
            }
            "--base" => scope.base = Some(value("--base")?),
            "--format" => {
                format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => {
                        return Err(CliError::Usage(format!(
                            "unknown format `{other}` (text or json)"
                        )));
                    }
                }
            }
            "--context" => context_file = Some(value("--context")?),
            flag if flag.starts_with("--") => {
                return Err(CliError::Usage(format!(
                    "unknown option `{flag}` for `basm har`"
                )));
            }
            path if file.is_none() => file = Some(path.to_owned()),
            extra => {
                return Err(CliError::Usage(format!(
                    "`basm har` takes one file (`{extra}` is a second)"
                )));
            }
        }
    }
    let Some(file) = file else {
        return Err(CliError::Usage("`basm har` needs a HAR file".to_owned()));
    };
    let context = match context_file {
        None => Context::empty(),
        Some(path) => {
            let text = read(&path)?;
            basm_core::context_json::context_from_json(&text)
                .map_err(|reason| CliError::Input { path, reason })?
        }
    };
    let bytes = read(&file)?;
    let summary = check(&bytes, &file, &scope, format, &context, out)?;
    Ok(if summary.drift > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}

/// Reads a file (`-` is stdin).
fn read(path: &str) -> Result<Vec<u8>, CliError> {
    let result = if path == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    result.map_err(|e| CliError::Input {
        path: path.to_owned(),
        reason: format!("cannot be read: {e}"),
    })
}

/// Checks the HAR `bytes` (named `name` in messages) and writes the report to `out`.
pub fn check(
    bytes: &[u8],
    name: &str,
    scope: &Scope,
    format: Format,
    facts: &dyn Facts,
    out: &mut dyn Write,
) -> Result<Summary, CliError> {
    let invalid = |e: serde_json::Error| CliError::Input {
        path: name.to_owned(),
        reason: match e.classify() {
            serde_json::error::Category::Data => format!("is not a HAR file: {e}"),
            serde_json::error::Category::Io => format!("cannot be read: {e}"),
            _ => format!("is not JSON: {e}"),
        },
    };
    // First walk: the whole document's syntax and shape, judging nothing.
    walk(bytes, &mut Walker::Check).map_err(invalid)?;
    let mut report = Report {
        scope,
        facts,
        format,
        out,
        summary: Summary::default(),
        lines: [String::new(), String::new(), String::new()],
        io: None,
    };
    report.begin();
    let result = walk(bytes, &mut Walker::Judge(&mut report));
    if let Some(e) = report.io.take() {
        return Err(CliError::Output(e));
    }
    result.map_err(invalid)?;
    report.end().map_err(CliError::Output)?;
    Ok(report.summary)
}

/// The report being written.
struct Report<'r> {
    scope: &'r Scope,
    facts: &'r dyn Facts,
    format: Format,
    out: &'r mut dyn Write,
    summary: Summary,
    /// Text lines of drift, unjudged and agrees entries, printed at the end in that order.
    lines: [String; 3],
    /// The first write error (the walk stops on it).
    io: Option<std::io::Error>,
}

impl Report<'_> {
    fn begin(&mut self) {
        if self.format == Format::Json
            && let Err(e) = self.out.write_all(b"{\"entries\": [")
        {
            self.io = Some(e);
        }
    }

    fn skip(&mut self) {
        self.summary.skipped += 1;
    }

    fn add(&mut self, judged: &Judged) -> std::io::Result<()> {
        let first = self.summary.judged == 0;
        self.summary.judged += 1;
        let group = match judged.outcome {
            Outcome::Drift => {
                self.summary.drift += 1;
                0
            }
            Outcome::Unjudged => {
                self.summary.unjudged += 1;
                1
            }
            Outcome::Agrees => {
                self.summary.agrees += 1;
                2
            }
        };
        match self.format {
            Format::Json => {
                self.out.write_all(if first { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *self.out, judged)?;
            }
            Format::Text => {
                use fmt::Write as _;
                let line = &mut self.lines[group];
                let outcome = match judged.outcome {
                    Outcome::Agrees => "agrees",
                    Outcome::Drift => "drift",
                    Outcome::Unjudged => "unjudged",
                };
                let actual = judged
                    .actual
                    .as_ref()
                    .map_or_else(|| "none".to_owned(), |a| a.status.to_string());
                let _ = write!(
                    line,
                    "{outcome:<8} #{} {} {}: predicted {}, actual {actual}",
                    judged.index, judged.method, judged.path, judged.predicted.status
                );
                if let Some(note) = &judged.note {
                    let _ = write!(line, " ({note})");
                }
                line.push('\n');
            }
        }
        Ok(())
    }

    fn end(&mut self) -> std::io::Result<()> {
        let s = self.summary;
        match self.format {
            Format::Json => {
                let open = if s.judged == 0 { "" } else { "\n" };
                write!(self.out, "{open}],\n\"summary\": ")?;
                serde_json::to_writer(&mut *self.out, &s)?;
                self.out.write_all(b"}\n")?;
            }
            Format::Text => {
                for group in &self.lines {
                    self.out.write_all(group.as_bytes())?;
                }
                writeln!(
                    self.out,
                    "{} judged: {} agrees, {} drift, {} unjudged; {} skipped (not API calls)",
                    s.judged, s.agrees, s.drift, s.unjudged, s.skipped
                )?;
            }
        }
        self.out.flush()
    }
}

/// What a walk does with each entry.
enum Walker<'w, 'r> {
    /// Only checks that it is an entry.
    Check,
    /// Judges it and writes it to the report.
    Judge(&'w mut Report<'r>),
}

impl Walker<'_, '_> {
    fn entry<E: de::Error>(&mut self, index: usize, entry: &judge::Entry<'_>) -> Result<(), E> {
        let Walker::Judge(report) = self else {
            return Ok(());
        };
        match judge::judge(index, entry, report.scope, report.facts) {
            None => report.skip(),
            Some(judged) => {
                if let Err(e) = report.add(&judged) {
                    let message = e.to_string();
                    report.io = Some(e);
                    return Err(E::custom(message));
                }
            }
        }
        Ok(())
    }
}

/// Walks the document: `log.entries[]`, one entry at a time.
fn walk(bytes: &[u8], walker: &mut Walker<'_, '_>) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let found = Root(walker).deserialize(&mut de)?;
    de.end()?;
    if found {
        Ok(())
    } else {
        Err(de::Error::custom(
            "it has no log.entries (HAR 1.2 is {\"log\": {\"entries\": [...]}})",
        ))
    }
}

/// The document: an object with `log`. Its value: whether `log.entries` was found.
struct Root<'a, 'w, 'r>(&'a mut Walker<'w, 'r>);

impl<'de> DeserializeSeed<'de> for Root<'_, '_, '_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Root<'_, '_, '_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR document (an object with log.entries)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "log" {
                found |= map.next_value_seed(Log(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// `log`: an object with `entries`. Its value: whether `entries` was found.
struct Log<'a, 'w, 'r>(&'a mut Walker<'w, 'r>);

impl<'de> DeserializeSeed<'de> for Log<'_, '_, '_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Log<'_, '_, '_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("log to be an object with entries")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "entries" && !found {
                map.next_value_seed(Entries(&mut *self.0))?;
                found = true;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// `log.entries`: an array, each element deserialised, handed to the walker and dropped.
struct Entries<'a, 'w, 'r>(&'a mut Walker<'w, 'r>);

impl<'de> DeserializeSeed<'de> for Entries<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("log.entries to be an array of entries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let entry = seq
                .next_element::<judge::Entry<'de>>()
                .map_err(|e| de::Error::custom(format_args!("log.entries[{index}]: {e}")))?;
            let Some(entry) = entry else { break };
            self.0.entry(index, &entry)?;
            index += 1;
        }
        Ok(())
    }
}
