//! `basm check PATH… | -`: judges the requests of files, folders and stdin as the API would,
//! and reports like a compiler: `file:line:column` of the value each error is about, the
//! source line with a caret under the value, and how to fix it where core knows.
//!
//! - [`input`]: what a file holds, recognised by its content (requests, JSON:API documents,
//!   arrays and one-a-line sequences of them; curl command lines via [`curl`]);
//! - [`report`]: pointers back to the text, and the text, JSON and JUnit outputs;
//! - [`fix`]: `--fix`, the errors' mechanical corrections written into a copy.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use basm_core::{Context, validate_request};

use crate::{CliError, EXIT_INVALID, EXIT_OK, EXIT_USAGE};

pub mod curl;
pub mod fix;
pub mod input;
pub mod report;

use input::Options;
use report::{Counts, Entry, File, Judged, Lines, Problem};

/// `basm check --help`.
pub const HELP: &str = "\
basm check: judges Book a Secure Move API requests before they are sent, as the API would.

Usage:
  basm check [OPTIONS] PATH...
  basm check [OPTIONS] -              read from stdin

Each PATH is a file or a folder; `-` is stdin. What a file holds is recognised by its content,
whatever its name:
  - a request as the npm package takes it:
      {\"method\": \"POST\", \"path\": \"/api/events\",
       \"headers\": {\"Authorization\": \"Bearer …\", …}, \"body\": {…} or \"{…}\"}
    (headers: an object of names to values, or [name, value] pairs; body: an object or an
    array, a JSON string, or null; a full URL in path is taken without its origin);
  - a bare JSON:API document {\"data\": …}, sent with a v2 client's standard headers
    (`Authorization: Bearer token`, `Content-Type: application/vnd.api+json`,
    `Accept: application/vnd.api+json; version=2`) to --endpoint, or by its data.type:
      events                    POST /api/events (also: no type, an attributes.event_type)
      moves                     POST /api/moves, or PATCH /api/moves/ID (data.id)
      allocations               POST /api/allocations, or PATCH /api/allocations/ID (data.id)
      people                    POST /api/people
    any other type (journeys, lodgings, profiles, accepts, …) needs an id in its path: give
    --endpoint;
  - several of these: a JSON array, or one JSON value after another (one a line: NDJSON);
  - curl command lines, one or many, as API walkthroughs write them: -X/--request, --url or
    the first argument, -H/--header, -d/--data/--data-raw/--data-binary/--data-ascii,
    --json, --oauth2-bearer, -G; words quoted with ' or \" or $'…', continued with \\ at
    line ends. A URL's scheme and host, or a $VAR / ${VAR} standing for them, are left out
    of the path. Other lines of the file (variables, echo, comments) are passed over.
A folder is searched recursively for files ending .json, .ndjson, .jsonl, .sh and .curl
(hidden files and folders, node_modules, and the *.fixed.* copies --fix writes are passed
over); a file named on the command line is read whatever its name.

Output (text): for every request the API would refuse, `file:line:column` of the value each
error is about, its code and the API's detail, the source line with a caret under the value,
and `help:` when the error has a fix; warnings one line each; then a summary line
(`3 requests: 2 valid, 1 invalid`). Requests that are valid without warnings print nothing.
Files or requests that cannot be read are reported on stderr as `basm: FILE[:LINE:COL]: why`,
and the others are checked all the same.

Options:
  --format text|json|junit
        json: an array with one object a request, in order:
          {\"file\", \"index\", \"line\", \"column\", \"method\", \"path\", \"verdict\"}
        (index: the request's 1-based place in its file; line/column: where it starts;
        verdict: the verdict's JSON form, as the npm package's validateRequest gives it);
        with --fix, the corrected copies' requests follow under the copies' names.
        junit: JUnit XML, a testsuite a file, a testcase a request, <failure> when the API
        would refuse it, <error> when it cannot be read.
  --context FILE
        facts (the npm package's Context, as JSON) applied to every request: records that
        exist, their states, the caller. Without it, checks that need facts are not run
        (each verdict lists them as `unchecked`).
  --endpoint \"METHOD /path\"
        where bare JSON:API documents are sent (requests carry their own).
  --header \"Name: value\"
        a header for bare JSON:API documents, over the standard ones (Authorization,
        Content-Type, Accept with version=2); repeatable. Endpoints that need an
        Idempotency-Key (journeys, lodgings, move actions, …) refuse a bare document
        without --header \"Idempotency-Key: <a UUID>\".
  --fix
        apply the errors' mechanical fixes (meta.fix.edit: a value set at its pointer, a
        header, a query parameter) and write the corrected file next to the input as
        NAME.fixed.EXT, the rest of the file kept as written; then judge the copy and report
        what remains. The input is never changed. Not with stdin.
  --in-place
        with --fix: overwrite the input instead of writing a copy.
  -h, --help
        this text.

Exit status: 0 every request valid, 1 any request invalid (with --fix: after fixing), 2 a
usage error or a file or request that could not be read.";

/// How to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Junit,
}

/// The command line of `basm check`.
#[derive(Debug)]
struct Args {
    paths: Vec<String>,
    format: Format,
    context: Option<String>,
    options: Options,
    fix: bool,
    in_place: bool,
}

/// `--name value` or `--name=value`.
fn value_of<'a>(
    arg: &'a str,
    name: &str,
    rest: &mut impl Iterator<Item = &'a String>,
) -> Result<Option<&'a str>, CliError> {
    if arg == name {
        return rest
            .next()
            .map(|v| Some(v.as_str()))
            .ok_or_else(|| CliError::Usage(format!("{name} needs a value")));
    }
    Ok(arg
        .strip_prefix(name)
        .and_then(|tail| tail.strip_prefix('=')))
}

fn parse_endpoint(text: &str) -> Result<(String, String), CliError> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let bad = || {
        CliError::Usage(format!(
            "--endpoint {text:?} is not \"METHOD /path\" (such as \"POST /api/events\")"
        ))
    };
    let [method, path] = parts.as_slice() else {
        return Err(bad());
    };
    if !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(bad());
    }
    let path = &path[input::origin_len(path)..];
    if !path.starts_with('/') {
        return Err(bad());
    }
    Ok((method.to_ascii_uppercase(), path.to_owned()))
}

fn parse_args(args: &[String]) -> Result<Option<Args>, CliError> {
    let mut parsed = Args {
        paths: Vec::new(),
        format: Format::Text,
        context: None,
        options: Options::default(),
        fix: false,
        in_place: false,
    };
    let mut rest = args.iter();
    let mut only_paths = false;
    while let Some(arg) = rest.next() {
        let arg = arg.as_str();
        if only_paths || arg == "-" || !arg.starts_with('-') {
            parsed.paths.push(arg.to_owned());
            continue;
        }
        if arg == "--" {
            only_paths = true;
        } else if arg == "-h" || arg == "--help" {
            return Ok(None);
        } else if arg == "--fix" {
            parsed.fix = true;
        } else if arg == "--in-place" {
            parsed.in_place = true;
        } else if let Some(format) = value_of(arg, "--format", &mut rest)? {
            parsed.format = match format {
                "text" => Format::Text,
                "json" => Format::Json,
                "junit" => Format::Junit,
                other => {
                    return Err(CliError::Usage(format!(
                        "--format {other:?}: expected text, json or junit"
                    )));
                }
            };
        } else if let Some(context) = value_of(arg, "--context", &mut rest)? {
            parsed.context = Some(context.to_owned());
        } else if let Some(header) = value_of(arg, "--header", &mut rest)? {
            let Some((name, value)) = header.split_once(':') else {
                return Err(CliError::Usage(format!(
                    "--header {header:?} is not \"Name: value\""
                )));
            };
            parsed
                .options
                .headers
                .push((name.trim().to_owned(), value.trim().to_owned()));
        } else if let Some(endpoint) = value_of(arg, "--endpoint", &mut rest)? {
            parsed.options.endpoint = Some(parse_endpoint(endpoint)?);
        } else {
            return Err(CliError::Usage(format!(
                "unknown option `{arg}` of `basm check` (see `basm check --help`)"
            )));
        }
    }
    if parsed.paths.is_empty() {
        return Err(CliError::Usage(
            "`basm check` needs a PATH (a file, a folder, or - for stdin)".to_owned(),
        ));
    }
    if parsed.in_place && !parsed.fix {
        parsed.fix = true;
    }
    if parsed.fix && parsed.paths.iter().any(|p| p == "-") {
        return Err(CliError::Usage(
            "--fix writes a corrected copy next to each file: it cannot fix stdin".to_owned(),
        ));
    }
    Ok(Some(parsed))
}

/// The extensions a folder is searched for.
pub const EXTENSIONS: &[&str] = &["json", "ndjson", "jsonl", "sh", "curl"];

/// Whether a folder walk takes this file.
fn wanted(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !name.contains(".fixed.")
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The files of a folder, recursively, sorted by name at each level (symbolic links to
/// folders are not followed, so a loop cannot trap the walk).
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "node_modules" {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, files)?;
        } else if wanted(&path) {
            files.push(path);
        }
    }
    Ok(())
}

/// Where a file's corrected copy goes: `NAME.fixed.EXT` beside it.
pub fn fixed_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("request");
    let name = match path.extension().and_then(|e| e.to_str()) {
        Some(ext) => format!("{stem}.fixed.{ext}"),
        None => format!("{stem}.fixed"),
    };
    path.with_file_name(name)
}

/// Everything a run found.
struct Run<'c> {
    context: &'c Context,
    options: Options,
    files: Vec<File>,
    /// Where each file came from (for --fix), by index into `files`.
    paths: Vec<Option<PathBuf>>,
    problems: Vec<Problem>,
}

impl Run<'_> {
    /// Reads, recognises and judges one file's bytes.
    fn add(&mut self, name: String, path: Option<PathBuf>, bytes: &[u8], err: &mut dyn Write) {
        match input::read(bytes, &self.options) {
            Ok(items) => {
                let text = String::from_utf8_lossy(bytes).into_owned();
                let lines = Lines::new(&text);
                let entries = items
                    .into_iter()
                    .map(|item| match item {
                        Ok(item) => {
                            let verdict = validate_request(&item.request, self.context);
                            Entry::Judged(Box::new(Judged { item, verdict }))
                        }
                        Err(e) => {
                            let (line, col) = lines.position(&text, e.span.start);
                            let _ = writeln!(err, "basm: {name}:{line}:{col}: {}", e.reason);
                            Entry::Unreadable(e)
                        }
                    })
                    .collect();
                self.files.push(File {
                    name,
                    text,
                    lines,
                    entries,
                });
                self.paths.push(path);
            }
            Err(e) => {
                let text = String::from_utf8_lossy(bytes);
                let place = match e.at {
                    Some(at) => {
                        let (line, col) = Lines::new(&text).position(&text, at);
                        format!("{name}:{line}:{col}")
                    }
                    None => name,
                };
                self.problem(place, e.reason, err);
            }
        }
    }

    fn problem(&mut self, name: String, reason: String, err: &mut dyn Write) {
        let _ = writeln!(err, "basm: {name}: {reason}");
        self.problems.push(Problem { name, reason });
    }

    /// Reads every PATH.
    fn read_paths(&mut self, paths: &[String], err: &mut dyn Write) {
        for name in paths {
            if name == "-" {
                let mut bytes = Vec::new();
                match std::io::stdin().read_to_end(&mut bytes) {
                    Ok(_) => self.add("<stdin>".to_owned(), None, &bytes, err),
                    Err(e) => self.problem("<stdin>".to_owned(), e.to_string(), err),
                }
                continue;
            }
            let path = Path::new(name);
            match std::fs::metadata(path) {
                Err(e) => {
                    let reason = if e.kind() == std::io::ErrorKind::NotFound {
                        "no such file or folder".to_owned()
                    } else {
                        e.to_string()
                    };
                    self.problem(name.clone(), reason, err);
                }
                Ok(meta) if meta.is_dir() => {
                    let mut files = Vec::new();
                    if let Err(e) = walk(path, &mut files) {
                        self.problem(name.clone(), e, err);
                        continue;
                    }
                    if files.is_empty() {
                        self.problem(
                            name.clone(),
                            format!(
                                "is a folder with no request files in it (.{})",
                                EXTENSIONS.join(", .")
                            ),
                            err,
                        );
                    }
                    for file in files {
                        self.read_file(file.display().to_string(), file, err);
                    }
                }
                Ok(_) => self.read_file(name.clone(), path.to_path_buf(), err),
            }
        }
    }

    fn read_file(&mut self, name: String, path: PathBuf, err: &mut dyn Write) {
        match std::fs::read(&path) {
            Ok(bytes) => self.add(name, Some(path), &bytes, err),
            Err(e) => self.problem(name, e.to_string(), err),
        }
    }

    /// `--fix`: writes each read file's corrected copy (or the file itself, `in_place`),
    /// then reads and judges the copy as a file of its own. Returns the notes to print and,
    /// for each file read before, whether a corrected copy now stands for it.
    fn fix(&mut self, in_place: bool, err: &mut dyn Write) -> (String, Vec<bool>) {
        let originals = self.files.len();
        let mut notes = String::new();
        let mut replaced = vec![false; originals];
        let mut any = false;
        for (k, replaced) in replaced.iter_mut().enumerate() {
            let (Some(path), Some(fixed)) = (self.paths[k].clone(), fix::fix(&self.files[k]))
            else {
                continue;
            };
            any = true;
            let name = self.files[k].name.clone();
            for why in &fixed.failed {
                notes.push_str(&format!("{name}: a fix was not applied: {why}\n"));
            }
            if fixed.applied == 0 {
                continue;
            }
            let (target, shown) = if in_place {
                (path, name.clone())
            } else {
                (
                    fixed_path(&path),
                    fixed_path(Path::new(&name)).display().to_string(),
                )
            };
            if let Err(e) = std::fs::write(&target, &fixed.text) {
                self.problem(shown, format!("cannot be written: {e}"), err);
                continue;
            }
            notes.push_str(&format!(
                "{name}: {} fix{} applied, written to {shown}\n",
                fixed.applied,
                if fixed.applied == 1 { "" } else { "es" }
            ));
            *replaced = true;
            self.add(shown, Some(target), fixed.text.as_bytes(), err);
        }
        if !any {
            notes.push_str("--fix: no error has a mechanical fix\n");
        }
        (notes, replaced)
    }
}

/// Runs `basm check` with its arguments: the report on `out`, files and requests that
/// cannot be read on `err`.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, CliError> {
    let Some(args) = parse_args(args)? else {
        let _ = writeln!(out, "{HELP}");
        return Ok(EXIT_OK);
    };
    let context = match &args.context {
        None => Context::empty(),
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| CliError::Input {
                path: path.clone(),
                reason: format!("the context file cannot be read: {e}"),
            })?;
            basm_core::context_json::context_from_json(&bytes).map_err(|reason| {
                CliError::Input {
                    path: path.clone(),
                    reason: format!("not a Context: {reason}"),
                }
            })?
        }
    };
    let mut run = Run {
        context: &context,
        options: args.options.clone(),
        files: Vec::new(),
        paths: Vec::new(),
        problems: Vec::new(),
    };
    run.read_paths(&args.paths, err);
    let originals = run.files.len();

    let (notes, replaced) = if args.fix {
        run.fix(args.in_place, err)
    } else {
        (String::new(), vec![false; originals])
    };

    let before = Counts::of(&run.files[..originals]);
    let after = Counts::of(
        run.files[..originals]
            .iter()
            .zip(&replaced)
            .filter(|(_, r)| !**r)
            .map(|(f, _)| f)
            .chain(&run.files[originals..]),
    );
    let mut text = String::new();
    match args.format {
        Format::Text => {
            for file in &run.files[..originals] {
                report::text_file(&mut text, file);
            }
            text.push_str(&notes);
            for file in &run.files[originals..] {
                report::text_file(&mut text, file);
            }
            text.push_str(&before.summary());
            text.push('\n');
            if args.fix && run.files.len() > originals {
                text.push_str(&format!("after --fix: {}\n", after.summary()));
            }
            if after.unchecked > 0 {
                text.push_str(&format!(
                    "note: {} check{} not run for want of facts (see --context)\n",
                    after.unchecked,
                    if after.unchecked == 1 {
                        " was"
                    } else {
                        "s were"
                    }
                ));
            }
        }
        Format::Json => text = report::json(&run.files),
        Format::Junit => text = report::junit(&run.files, &run.problems),
    }
    out.write_all(text.as_bytes())
        .map_err(|e| CliError::Input {
            path: "<stdout>".to_owned(),
            reason: e.to_string(),
        })?;
    Ok(if !run.problems.is_empty() || after.unreadable > 0 {
        EXIT_USAGE
    } else if after.invalid > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn command_lines() {
        let a = parse_args(&args(&[
            "--format=json",
            "--endpoint",
            "post https://h/api/moves/x/journeys",
            "a",
            "-",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(a.format, Format::Json);
        assert_eq!(
            a.options.endpoint,
            Some(("POST".into(), "/api/moves/x/journeys".into()))
        );
        assert_eq!(a.paths, vec!["a", "-"]);
        assert!(parse_args(&args(&["--help"])).unwrap().is_none());
        for bad in [
            &["--format", "xml", "a"][..],
            &["--endpoint", "/api/events", "a"],
            &["--nope", "a"],
            &[],
            &["--fix", "-"],
            &["--context"],
        ] {
            assert!(
                matches!(parse_args(&args(bad)), Err(CliError::Usage(_))),
                "{bad:?}"
            );
        }
        assert!(
            parse_args(&args(&["--in-place", "a"]))
                .unwrap()
                .unwrap()
                .fix
        );
    }

    #[test]
    fn fix_writes_a_copy_and_judges_it() {
        let dir = std::env::temp_dir().join(format!("basm-check-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("event.json");
        let text = "{\"data\": {\"type\": \"events\", \"attributes\": {\"event_type\": \"MoveAccept\",\n  \"occurred_at\": \"2020-12-03 10:51:28\", \"recorded_at\": \"2020-12-03T10:51:28+00:00\"}, \"relationships\": {\"eventable\": {\"data\": {\"type\": \"moves\", \"id\": \"18cf2777-a0e4-4cac-947b-44316580b33d\"}}}}}\n";
        std::fs::write(&path, text).unwrap();
        let context = Context::empty();
        let mut run = Run {
            context: &context,
            options: Options::default(),
            files: Vec::new(),
            paths: Vec::new(),
            problems: Vec::new(),
        };
        let mut err = Vec::new();
        run.read_file("event.json".into(), path.clone(), &mut err);
        // The error's fix, as core gives one (issue 14): the same time with an offset.
        let Entry::Judged(judged) = &mut run.files[0].entries[0] else {
            panic!("judged")
        };
        assert!(!judged.verdict.valid);
        let error = judged
            .verdict
            .errors
            .iter_mut()
            .find(|e| e.pointer() == "/data/attributes/occurred_at")
            .expect("the occurred_at error");
        *error.meta.fix = Some(basm_core::Fix {
            description: "Give the offset".into(),
            edit: Some(basm_core::Edit {
                source: error.source.clone(),
                value: serde_json::json!("2020-12-03T10:51:28+00:00"),
            }),
            suggestions: Vec::new(),
        });
        let (notes, replaced) = run.fix(false, &mut err);
        assert_eq!(
            notes,
            "event.json: 1 fix applied, written to event.fixed.json\n"
        );
        assert_eq!(replaced, vec![true]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        let written = std::fs::read_to_string(dir.join("event.fixed.json")).unwrap();
        assert_eq!(
            written,
            text.replace("2020-12-03 10:51:28\"", "2020-12-03T10:51:28+00:00\"")
        );
        // The copy is judged as a file of its own: valid now.
        assert_eq!(run.files[1].name, "event.fixed.json");
        assert_eq!(Counts::of(&run.files[1..]).valid, 1);
        // In place: the input itself.
        let Entry::Judged(first) = &run.files[0].entries[0] else {
            panic!("judged")
        };
        assert!(!first.verdict.valid);
        run.files.truncate(1);
        run.paths.truncate(1);
        let (notes, _) = run.fix(true, &mut err);
        assert_eq!(notes, "event.json: 1 fix applied, written to event.json\n");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), written);
        assert!(err.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn fixed_copies_are_named_beside_the_input() {
        assert_eq!(
            fixed_path(Path::new("d/a.json")),
            Path::new("d/a.fixed.json")
        );
        assert_eq!(fixed_path(Path::new("req")), Path::new("req.fixed"));
        assert!(!wanted(Path::new("a.fixed.json")));
        assert!(wanted(Path::new("a.JSONL")));
        assert!(!wanted(Path::new("notes.txt")));
    }
}
