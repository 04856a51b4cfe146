//! `basm har`, run as the binary: the JSON output's exact shape, the text output's order,
//! `--base`, exit codes and bad files.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/har")
        .join(name)
}

/// Runs `basm har ARGS…`: exit code, stdout, stderr.
fn basm(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_basm"))
        .arg("har")
        .args(args)
        .output()
        .expect("the basm binary runs");
    (
        output.status.code().expect("an exit code, not a signal"),
        String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    )
}

fn walkthrough() -> String {
    data("walkthrough.har").to_string_lossy().into_owned()
}

#[test]
fn json_output_has_the_exact_shape_and_counts() {
    let (code, stdout, stderr) = basm(&[&walkthrough(), "--format", "json"]);
    assert_eq!(code, 1, "drift exits 1; stderr: {stderr}");
    let out: Value = serde_json::from_str(&stdout).expect("the output is JSON");
    // serde_json's map sorts keys: the members' order is checked on the text below.
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&out), ["entries", "summary"]);
    assert!(stdout.starts_with("{\"entries\": [\n"), "{stdout}");
    assert!(stdout.contains("],\n\"summary\": {\"judged\":10,\"skipped\":2,\"agrees\":5,\"drift\":3,\"unjudged\":2}}"), "{stdout}");
    assert_eq!(
        out["summary"],
        json!({"judged": 10, "skipped": 2, "agrees": 5, "drift": 3, "unjudged": 2})
    );
    let entries = out["entries"].as_array().unwrap();
    // Skipped entries (another host's script, the API host's favicon) are not listed.
    let indexes: Vec<u64> = entries
        .iter()
        .map(|e| e["index"].as_u64().unwrap())
        .collect();
    assert_eq!(indexes, [0, 2, 3, 4, 5, 6, 7, 9, 10, 11]);
    for e in entries {
        assert_eq!(
            keys(e),
            ["actual", "index", "method", "outcome", "path", "predicted"],
            "{e}"
        );
        assert_eq!(keys(&e["predicted"]), ["errors", "status", "valid"], "{e}");
        for error in e["predicted"]["errors"].as_array().unwrap() {
            assert_eq!(keys(error), ["code", "pointer"], "{e}");
        }
    }
    // One entry a line, its members in the documented order.
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("{\"index\""))
        .collect();
    assert_eq!(lines.len(), entries.len());
    for line in lines {
        let at = |member: &str| line.find(&format!("\"{member}\":")).unwrap();
        let order = [
            "index",
            "method",
            "path",
            "predicted",
            "status",
            "valid",
            "errors",
            "actual",
            "outcome",
        ]
        .map(at);
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{line}");
    }
    let outcome = |i: u64| {
        let e = entries.iter().find(|e| e["index"] == i).unwrap();
        e["outcome"].as_str().unwrap().to_owned()
    };
    // The allocation of the walkthrough, created: as predicted.
    assert_eq!(outcome(0), "agrees");
    // A profile for a person who does not exist: core could not know (no facts).
    assert_eq!(outcome(3), "drift");
    // Aborted (status 0) and pending (no response) requests.
    assert_eq!(outcome(4), "unjudged");
    assert_eq!(outcome(10), "unjudged");
    // A refusal naming the pointer core predicts the API names (plain and base64 bodies).
    assert_eq!(outcome(5), "agrees");
    assert_eq!(outcome(11), "agrees");
    // The same status, another pointer.
    assert_eq!(outcome(6), "drift");
    // A 415 whose body names no pointer, as predicted.
    assert_eq!(outcome(7), "agrees");
    // Space-separated timestamps the API accepted: core predicted 422.
    assert_eq!(outcome(9), "drift");

    let e5 = entries.iter().find(|e| e["index"] == 5).unwrap();
    assert_eq!(
        e5,
        &json!({
            "index": 5, "method": "POST", "path": "/api/events",
            "predicted": {"status": 422, "valid": false, "errors": [
                {"code": "inclusion", "pointer": "/data/attributes/details/rejection_reason"}]},
            "actual": {"status": 422},
            "outcome": "agrees"
        })
    );
    let e4 = entries.iter().find(|e| e["index"] == 4).unwrap();
    assert_eq!(e4["actual"], Value::Null);
    // A header error has no body pointer.
    let e7 = entries.iter().find(|e| e["index"] == 7).unwrap();
    assert_eq!(
        e7["predicted"]["errors"],
        json!([{"code": "unsupported_media_type", "pointer": null}])
    );
}

#[test]
fn text_output_lists_drift_then_unjudged_then_agrees() {
    let (code, stdout, _) = basm(&[&walkthrough()]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    let outcomes: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        outcomes,
        [
            "drift", "drift", "drift", "unjudged", "unjudged", "agrees", "agrees", "agrees",
            "agrees", "agrees", "10"
        ]
    );
    assert_eq!(
        lines[0],
        "drift    #3 POST /api/people/747f3914-620a-441a-847f-472c79def26c/profiles: \
         predicted 201, actual 404 (status differs; core lacked facts (give them with \
         --context): Whether Person 747f3914-620a-441a-847f-472c79def26c exists (404 if it \
         does not))"
    );
    assert!(
        lines[1].contains("pointers: the API named /data/attributes/details/date; core predicted /data/attributes/date"),
        "{}",
        lines[1]
    );
    assert!(
        lines[3].starts_with("unjudged #4 PATCH /api/moves/"),
        "{}",
        lines[3]
    );
    assert_eq!(
        lines[10],
        "10 judged: 5 agrees, 3 drift, 2 unjudged; 2 skipped (not API calls)"
    );
}

#[test]
fn context_facts_change_the_prediction() {
    let dir = std::env::temp_dir().join(format!("basm-har-context-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let context = dir.join("context.json");
    // The person of entry 3 is known not to exist: core predicts the 404 the API sent.
    std::fs::write(
        &context,
        r#"{"people": {"747f3914-620a-441a-847f-472c79def26c": null}}"#,
    )
    .unwrap();
    let (_, stdout, stderr) = basm(&[
        &walkthrough(),
        "--format",
        "json",
        "--context",
        &context.to_string_lossy(),
    ]);
    let out: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let e3 = out["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["index"] == 3)
        .unwrap();
    assert_eq!(e3["predicted"]["status"], 404, "{e3}");
    assert_eq!(e3["outcome"], "agrees", "{e3}");
    assert_eq!(out["summary"]["drift"], 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn base_judges_what_is_under_it() {
    let gateway = data("gateway.har").to_string_lossy().into_owned();
    // Without --base the gateway's paths (/basm/api/…) are not API paths.
    let (code, stdout, _) = basm(&[&gateway, "--format", "json"]);
    assert_eq!(code, 0);
    let out: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        out,
        json!({"entries": [], "summary": {"judged": 0, "skipped": 3, "agrees": 0, "drift": 0, "unjudged": 0}})
    );
    let (code, stdout, _) = basm(&[
        &gateway,
        "--base",
        "https://gateway.example/basm",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let out: Value = serde_json::from_str(&stdout).unwrap();
    let paths: Vec<&str> = out["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "/api/people?filter%5Bprison_number%5D=G8133UA",
            "/api/events"
        ]
    );
    assert_eq!(
        out["summary"],
        json!({"judged": 2, "skipped": 1, "agrees": 2, "drift": 0, "unjudged": 0})
    );
}

/// A browser's capture holds the CORS preflight before each cross-origin call: the API's
/// `Rack::Cors` answers it 200 with no body, and core predicts that (no false drift).
#[test]
fn a_browsers_preflight_agrees() {
    let dir = std::env::temp_dir().join(format!("basm-har-preflight-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let har = dir.join("preflight.har");
    let entry = |origin: bool| {
        let mut headers = vec![json!({"name": "access-control-request-method", "value": "POST"})];
        if origin {
            headers.push(json!({"name": "origin", "value": "https://portal.example"}));
        }
        json!({
            "request": {"method": "OPTIONS", "url": "https://api.example/api/events",
                        "headers": headers, "queryString": []},
            "response": {"status": if origin { 200 } else { 404 }, "headers": [],
                         "content": {"size": 0, "mimeType": ""}}
        })
    };
    let capture = json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"},
                                 "entries": [entry(true), entry(false)]}});
    std::fs::write(&har, capture.to_string()).unwrap();
    let (code, stdout, stderr) = basm(&[har.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let out: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        out["summary"],
        json!({"judged": 2, "skipped": 0, "agrees": 2, "drift": 0, "unjudged": 0}),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_files_exit_2_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("basm-har-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text, why) in [
        (
            "not-json.har",
            "this is not JSON",
            "is not JSON: expected ident",
        ),
        ("empty.har", "", "is not JSON: EOF while parsing"),
        ("array.har", "[1, 2]", "expected a HAR document"),
        ("no-log.har", r#"{"version": "1.2"}"#, "no log.entries"),
        (
            "no-entries.har",
            r#"{"log": {"version": "1.2"}}"#,
            "no log.entries",
        ),
        (
            "log-string.har",
            r#"{"log": "x"}"#,
            "expected log to be an object",
        ),
        (
            "entries-object.har",
            r#"{"log": {"entries": {"a": 1}}}"#,
            "expected log.entries to be an array",
        ),
        (
            "entry-no-url.har",
            r#"{"log": {"entries": [{"request": {"method": "GET"}}]}}"#,
            "log.entries[0]: missing field `url`",
        ),
        (
            "truncated.har",
            r#"{"log": {"entries": [{"request": {"method": "GET", "url": "/api/moves"}}"#,
            "EOF while parsing",
        ),
        (
            "trailing.har",
            r#"{"log": {"entries": []}} {"#,
            "trailing characters",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let path = path.to_string_lossy().into_owned();
        for format in ["text", "json"] {
            let (code, stdout, stderr) = basm(&[&path, "--format", format]);
            assert_eq!(code, 2, "{name}: {stderr}");
            assert!(stdout.is_empty(), "{name}: no partial report: {stdout}");
            assert!(
                stderr.starts_with(&format!("basm: {path}: ")),
                "{name}: {stderr}"
            );
            assert!(stderr.contains(why), "{name}: {stderr}");
            assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        }
    }
    let missing = dir.join("missing.har").to_string_lossy().into_owned();
    let (code, _, stderr) = basm(&[&missing]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!("{missing}: cannot be read")),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec![],
        vec!["a.har", "b.har"],
        vec!["--format", "xml", "a.har"],
        vec!["--base"],
        vec!["--bogus", "a.har"],
    ] {
        let (code, stdout, stderr) = basm(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.starts_with("basm: "), "{stderr}");
    }
    let (code, stdout, _) = basm(&["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("Usage: basm har FILE.har"));
}
