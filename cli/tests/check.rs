//! `basm check` as a user runs it: the real binary on the files of `tests/data/` (requests,
//! JSON:API documents, the seed walkthrough's curl commands), every input format, the three
//! outputs, `--context`, `--fix`, exit codes and files that hold no request.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Runs `basm ARGS` in the crate's folder (so `tests/data/…` names the test files), with
/// `stdin` piped in; returns the exit code, stdout and stderr.
fn basm(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_basm"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("basm runs");
    {
        let mut input = child.stdin.take().expect("stdin");
        if let Some(bytes) = stdin {
            // basm may end before it reads (a usage error): a broken pipe is its answer.
            let _ = input.write_all(bytes);
        }
    }
    let output = child.wait_with_output().expect("basm ends");
    let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code().expect("an exit code"), stdout, stderr)
}

fn check(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    basm(&all, None)
}

/// A fresh folder of this test's own under the system's temporary folder, removed when the
/// test ends.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("basm-check-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    Scratch(dir)
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The text at 1-based `line`, `column` (in characters) of a test file.
fn at(file: &str, line: usize, column: usize) -> String {
    let text = std::fs::read_to_string(data(file)).expect("test file");
    let line = text.lines().nth(line - 1).expect("the line");
    line.chars().skip(column - 1).collect()
}

#[test]
fn a_request_with_an_object_body_points_at_the_value() {
    let (code, out, err) = check(&["tests/data/event-request.json"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains(
        "tests/data/event-request.json:1:1: request 1: POST /api/events: the API would answer 422 Unprocessable Content\n"
    ), "{out}");
    // The value of occurred_at, on line 14 of a multi-line file, with a caret under it.
    assert!(out.contains(
        "tests/data/event-request.json:14:24: error[invalid_datetime]: Occurred at must be formatted as a valid ISO-8601 date-time\n   |\n14 |         \"occurred_at\": \"2020-12-03 10:50:31 +0000\",\n   |                        ^~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
    ), "{out}");
    assert!(at("event-request.json", 14, 24).starts_with("\"2020-12-03 10:50:31 +0000\""));
    assert!(out.ends_with("1 request: 0 valid, 1 invalid\n"), "{out}");
    assert_eq!(err, "");
}

#[test]
fn a_request_with_a_string_body_points_into_the_string() {
    let (code, out, _) = check(&["tests/data/event-string-body.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(
        "tests/data/event-string-body.json:9:160: error[invalid_datetime]: Recorded at must be formatted as a valid ISO-8601 date-time\n"
    ), "{out}");
    // Inside the JSON string: the escaped quotes of the value.
    assert!(at("event-string-body.json", 9, 160).starts_with(r#"\"03/12/2020\""#));
    // The line is long: a window on it, the caret under the value (14 characters).
    assert!(out.contains(&format!(" ^{}\n", "~".repeat(13))), "{out}");
}

#[test]
fn bare_documents_by_type_or_endpoint() {
    let (code, out, err) = check(&["tests/data/event-document.json"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(out.starts_with("1 request: 1 valid, 0 invalid\n"), "{out}");
    assert!(out.contains("checks were not run for want of facts (see --context)"));

    // journeys need a move id in the path: --endpoint, and an Idempotency-Key.
    let (code, out, err) = check(&["tests/data/journey-document.json"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains(
            "basm: tests/data/journey-document.json:3:13: a JSON:API document of type \"journeys\""
        ),
        "{err}"
    );
    assert!(err.contains("--endpoint"), "{err}");
    assert!(
        out.contains("1 request: 0 valid, 0 invalid, 1 not readable"),
        "{out}"
    );
    let endpoint = "POST /api/moves/e9688519-92af-4715-8d88-953846f503ac/journeys";
    let (code, out, _) = check(&["--endpoint", endpoint, "tests/data/journey-document.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[invalid_idempotency_key]"), "{out}");
    let (code, out, err) = check(&[
        "--endpoint",
        endpoint,
        "--header",
        "Idempotency-Key: 648026af-e5af-4ddd-a907-5c252e543e99",
        "tests/data/journey-document.json",
    ]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
}

#[test]
fn curl_commands_of_the_seed_walkthrough() {
    let (code, out, err) = check(&["tests/data/walkthrough.sh"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    // Create the allocation, find the person, accept and start a move: all valid; the
    // allocation's Idempotency-Key is ignored, said on its -H line.
    assert!(out.contains("tests/data/walkthrough.sh:7:1: request 1: POST /api/allocations: the API would answer 201 Created\n"), "{out}");
    assert!(out.contains("tests/data/walkthrough.sh:12:12: warning[ignored_header]: This endpoint ignores Idempotency-Key"), "{out}");
    assert!(at("walkthrough.sh", 12, 12).starts_with("'idempotency-key: fe6050e5"));
    assert!(
        out.contains("4 requests: 4 valid, 0 invalid (1 warning)\n"),
        "{out}"
    );

    // The seed page's own text: two commands run together on one line, `\ ` between options.
    let (code, out, _) = check(&["tests/data/seed-flattened.txt"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("2 requests: 2 valid, 0 invalid\n"), "{out}");
}

#[test]
fn a_curl_body_error_points_inside_the_quotes() {
    let dir = scratch("curl-error");
    let file = dir.join("accept.sh");
    std::fs::write(
        &file,
        "curl -X POST \"$API/api/moves/e9688519-92af-4715-8d88-953846f503ac/accept\" \\\n  -H 'Accept: application/vnd.api+json; version=2' \\\n  -H 'Authorization: Bearer t' \\\n  -H 'Content-Type: application/vnd.api+json' \\\n  -H 'Idempotency-Key: e7b6e6bc-a573-441f-9e3d-e76c15673bd4' \\\n  --data '{\"data\": {\"type\": \"accepts\",\n    \"attributes\": {\"timestamp\": \"20/07/2020\"}}}'\n",
    )
    .unwrap();
    let name = file.display().to_string();
    let (code, out, _) = check(&[&name]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("{name}:7:33: error[")), "{out}");
    assert!(
        out.contains("7 |     \"attributes\": {\"timestamp\": \"20/07/2020\"}}}'\n"),
        "{out}"
    );
    assert!(
        out.contains("  |                                 ^~~~~~~~~~~~\n"),
        "{out}"
    );
}

#[test]
fn arrays_and_one_request_a_line() {
    let (code, out, _) = check(&["tests/data/several.json"]);
    assert_eq!(code, 1, "{out}");
    // A query parameter's error points at the parameter in the path.
    assert!(
        out.contains(
            "tests/data/several.json:5:58: error[inclusion]: Sort by is not included in the list"
        ),
        "{out}"
    );
    assert!(at("several.json", 5, 58).starts_with("sort%5Bby%5D=colour"));
    // A request without headers: the missing header is the request's.
    assert!(
        out.contains("tests/data/several.json:8:3: error[not_authorized]"),
        "{out}"
    );
    assert!(out.contains("3 requests: 1 valid, 2 invalid\n"), "{out}");

    let (code, out, _) = check(&["tests/data/several.ndjson"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("tests/data/several.ndjson:2:87: error[invalid_datetime]"),
        "{out}"
    );
    assert!(at("several.ndjson", 2, 87).starts_with("\"yesterday\""));
    assert!(out.contains("3 requests: 2 valid, 1 invalid\n"), "{out}");
}

#[test]
fn folders_are_read_recursively() {
    let (code, out, err) = check(&["tests/data/folder"]);
    // events.ndjson (3), nested/accept.json (1), walkthrough.sh (4); notes.txt and the hidden
    // folder's broken file are passed over.
    assert_eq!((code, err.as_str()), (1, ""), "{out}");
    assert!(
        out.contains("8 requests: 7 valid, 1 invalid (1 warning)\n"),
        "{out}"
    );
    assert!(
        out.contains("tests/data/folder/events.ndjson:2:87: error[invalid_datetime]"),
        "{out}"
    );
    assert!(
        !out.contains("notes.txt") && !out.contains(".hidden"),
        "{out}"
    );
}

#[test]
fn stdin_is_a_file_named_stdin() {
    let bytes = std::fs::read(data("event-request.json")).unwrap();
    let (code, out, _) = basm(&["check", "-"], Some(&bytes));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("<stdin>:14:24: error[invalid_datetime]"),
        "{out}"
    );
    let bytes = std::fs::read(data("event-document.json")).unwrap();
    let (code, out, _) = basm(&["check", "-"], Some(&bytes));
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = basm(&["check", "-"], Some(b""));
    assert_eq!(code, 2);
    assert_eq!(err, "basm: <stdin>: is empty: no request in it\n");
}

#[test]
fn json_format_is_one_verdict_a_request() {
    let (code, out, _) = check(&[
        "--format",
        "json",
        "tests/data/several.json",
        "tests/data/event-request.json",
    ]);
    assert_eq!(code, 1);
    let list: serde_json::Value = serde_json::from_str(&out).expect("the output is JSON");
    let list = list.as_array().expect("an array");
    assert_eq!(list.len(), 4);
    let first = &list[0];
    assert_eq!(first["file"], "tests/data/several.json");
    assert_eq!(first["index"], 1);
    assert_eq!(first["line"], 2);
    assert_eq!(first["column"], 3);
    assert_eq!(first["method"], "POST");
    assert_eq!(first["path"], "/api/events");
    assert_eq!(first["verdict"]["valid"], true);
    assert_eq!(first["verdict"]["status"], 201);
    let second = &list[1];
    assert_eq!(second["index"], 2);
    assert_eq!(second["verdict"]["status"], 422);
    assert_eq!(
        second["verdict"]["errors"][0]["source"]["parameter"],
        "sort[by]"
    );
    let last = &list[3];
    assert_eq!(last["file"], "tests/data/event-request.json");
    assert_eq!(last["verdict"]["errors"][0]["code"], "invalid_datetime");
    assert_eq!(
        last["verdict"]["errors"][0]["source"]["pointer"],
        "/data/attributes/occurred_at"
    );
    // Exactly core's verdict JSON.
    let (_, empty, _) = check(&["--format=json", "tests/data/nope.json"]);
    assert_eq!(empty, "[]\n");
}

/// Checks that `xml` is well-formed enough: a declaration, then elements that open and
/// close in order, attributes quoted, no stray `<` or `&`. Returns the element names opened.
fn elements(xml: &str) -> Vec<String> {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("an XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "stray > in {text:?}");
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity),
                "bad entity {entity:?}"
            );
        }
        let close = rest[open..].find('>').expect("a tag closes") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "{tag}");
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in {tag}"
        );
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "closing {name}");
        } else {
            let name = tag.split([' ', '/']).next().unwrap().to_owned();
            names.push(name.clone());
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(rest.trim().is_empty());
    assert!(stack.is_empty(), "unclosed {stack:?}");
    names
}

#[test]
fn junit_format_for_ci() {
    let (code, out, err) = check(&[
        "--format",
        "junit",
        "tests/data/several.json",
        "tests/data/missing.json",
    ]);
    assert_eq!(code, 2, "{out}");
    assert_eq!(
        err,
        "basm: tests/data/missing.json: no such file or folder\n"
    );
    let names = elements(&out);
    assert_eq!(names.iter().filter(|n| *n == "testsuite").count(), 2);
    assert_eq!(names.iter().filter(|n| *n == "testcase").count(), 4);
    assert_eq!(names.iter().filter(|n| *n == "failure").count(), 2);
    assert_eq!(names.iter().filter(|n| *n == "error").count(), 1);
    assert!(
        out.contains("<testsuites name=\"basm check\" tests=\"4\" failures=\"2\" errors=\"1\">"),
        "{out}"
    );
    // The path's & is escaped in the test case's name.
    assert!(
        out.contains("colour\">") && out.contains("2020-07-22&amp;sort"),
        "{out}"
    );
    assert!(
        out.contains("tests/data/several.json:5:58: error[inclusion]"),
        "{out}"
    );
}

#[test]
fn context_facts_apply_to_every_request() {
    let (code, out, _) = check(&[
        "--context",
        "tests/data/context.json",
        "tests/data/event-document.json",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("the API would answer 404 Not Found"), "{out}");
    assert!(out.contains("tests/data/event-document.json:10:53: error[not_found]: Couldn't find Move with 'id'=18cf2777-a0e4-4cac-947b-44316580b33d"), "{out}");

    let dir = scratch("context");
    let bad = dir.join("bad-context.json");
    std::fs::write(&bad, "{\"movez\": {}}").unwrap();
    let bad = bad.display().to_string();
    let (code, out, err) = check(&["--context", &bad, "tests/data/event-document.json"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with(&format!("basm: {bad}: not a Context: context.movez")),
        "{err}"
    );
    let (code, _, err) = check(&[
        "--context",
        "tests/data/none.json",
        "tests/data/event-document.json",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("basm: tests/data/none.json: the context file cannot be read"),
        "{err}"
    );
}

#[test]
fn fix_writes_a_copy_and_leaves_the_input() {
    let dir = scratch("fix");
    let input = dir.join("event.json");
    let original = std::fs::read(data("event-request.json")).unwrap();
    std::fs::write(&input, &original).unwrap();
    let name = input.display().to_string();
    let (code, out, _) = check(&["--fix", &name]);
    assert_eq!(
        std::fs::read(&input).unwrap(),
        original,
        "the input is never changed"
    );
    // The copy holds the fixed value, the rest as written; it is judged again.
    let copy = dir.join("event.fixed.json");
    assert!(
        out.contains(&format!("written to {}", copy.display())),
        "{out}"
    );
    assert!(
        out.contains("after --fix: 1 request: 1 valid, 0 invalid"),
        "{out}"
    );
    assert_eq!(code, 0, "valid after fixing: {out}");
    let fixed = std::fs::read_to_string(&copy).unwrap();
    let expected = String::from_utf8(original.clone())
        .unwrap()
        .replace("2020-12-03 10:50:31 +0000", "2020-12-03T10:50:31+00:00");
    assert_eq!(fixed, expected, "only the fixed value changes");
    let (code, again, _) = check(&[&copy.display().to_string()]);
    assert_eq!(code, 0, "{again}");
    // --in-place overwrites the input instead.
    let (code, _, _) = check(&["--fix", "--in-place", &name]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(&input).unwrap(), expected);
    // stdin has nowhere to put a copy.
    let (code, _, err) = basm(&["check", "--fix", "-"], Some(b"{}"));
    assert_eq!(code, 2);
    assert!(err.contains("cannot fix stdin"), "{err}");
}

#[test]
fn files_that_hold_no_request_are_named_and_the_others_checked() {
    let dir = scratch("bad");
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "not-json.json",
            b"{\n  \"method\": \"POST\",\n  oops\n}",
            ":3:3: is not JSON: expected a member name in double quotes",
        ),
        ("empty.json", b"", ": is empty: no request in it"),
        (
            "binary.json",
            b"\x89PNG\r\n\x1a\n\x00\x00",
            ": is a binary file, not text",
        ),
        (
            "prose.txt",
            b"Just some notes.\n",
            ": holds no request: neither JSON",
        ),
        (
            "latin1.json",
            b"{\"a\": \"caf\xe9\"}",
            ":1:11: is not UTF-8 text",
        ),
    ];
    for (file, bytes, message) in cases {
        let path = dir.join(file);
        std::fs::write(&path, bytes).unwrap();
        let name = path.display().to_string();
        let (code, out, err) = check(&[&name]);
        assert_eq!(code, 2, "{file}: {out}");
        assert!(
            err.starts_with(&format!("basm: {name}{message}")),
            "{file}: {err}"
        );
        assert!(out.starts_with("0 requests: 0 valid, 0 invalid"), "{out}");
    }
    let empty = dir.join("empty-folder");
    std::fs::create_dir_all(&empty).unwrap();
    let name = empty.display().to_string();
    let (code, _, err) = check(&[&name]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!(
            "basm: {name}: is a folder with no request files in it"
        )),
        "{err}"
    );
    let (code, _, err) = check(&["tests/data/no-such-file.json"]);
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "basm: tests/data/no-such-file.json: no such file or folder\n"
        )
    );

    // One bad file among good ones: reported, the others checked, exit 2 at the end.
    let bad = dir.join("not-json.json").display().to_string();
    let (code, out, err) = check(&[
        "tests/data/event-request.json",
        &bad,
        "tests/data/event-document.json",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("is not JSON"), "{err}");
    assert!(
        out.contains("tests/data/event-request.json:14:24: error[invalid_datetime]"),
        "{out}"
    );
    assert!(out.contains("2 requests: 1 valid, 1 invalid\n"), "{out}");
}

#[test]
fn usage_and_help() {
    let (code, out, _) = check(&["--help"]);
    assert_eq!(code, 0);
    for option in [
        "--format",
        "--context",
        "--endpoint",
        "--header",
        "--fix",
        "--in-place",
        "NDJSON",
        "curl",
        ".jsonl",
        "Exit status",
    ] {
        assert!(out.contains(option), "{option}");
    }
    for args in [&["--format", "xml", "x"][..], &["--bogus", "x"], &[]] {
        let (code, out, err) = check(args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert!(err.starts_with("basm: "), "{err}");
    }
}
