//! `basm openapi`, run as the binary: an OpenAPI 3.1.0 document with every endpoint of core,
//! examples that core judges valid, and the statuses core answers.

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::Value;

use basm_cli::openapi::{examples::examples, openapi_path};
use basm_core::{Context, validate_request};

#[path = "../../core/tests/common/mod.rs"]
mod common;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn document() -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_basm"))
        .arg("openapi")
        .output()
        .expect("the basm binary runs");
    assert_eq!(output.status.code(), Some(0));
    serde_json::from_slice(&output.stdout).expect("the document is JSON")
}

/// The operation of `endpoint` (`POST /api/moves/:id/:action`).
fn operation<'d>(doc: &'d Value, endpoint: &str) -> &'d Value {
    let (method, pattern) = endpoint.split_once(' ').unwrap();
    let path = openapi_path(pattern);
    let op = &doc["paths"][&path][method.to_ascii_lowercase()];
    assert!(op.is_object(), "no operation for {endpoint} ({path})");
    op
}

#[test]
fn it_is_openapi_3_1_with_every_endpoint_of_core() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["version"], basm_core::VERSION);
    let endpoints = basm_core::endpoints();
    for endpoint in &endpoints {
        let op = operation(&doc, endpoint);
        assert!(op["operationId"].is_string(), "{endpoint}");
        assert!(op["responses"].is_object(), "{endpoint}");
    }
    // And nothing else.
    let operations: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|ops| {
            ops.as_object()
                .unwrap()
                .keys()
                .filter(|k| METHODS.contains(&k.as_str()))
                .count()
        })
        .sum();
    assert_eq!(operations, endpoints.len());
    // Every path template's parameters are declared.
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let templated: BTreeSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        for (method, op) in ops.as_object().unwrap() {
            let declared: BTreeSet<&str> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            assert_eq!(declared, templated, "{method} {path}");
        }
    }
    let ids: BTreeSet<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|ops| ops.as_object().unwrap().values())
        .map(|op| op["operationId"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), endpoints.len(), "operationIds are unique");
}

#[test]
fn events_take_one_of_every_postable_event_schema() {
    let doc = document();
    let op = operation(&doc, "POST /api/events");
    let one_of = op["requestBody"]["content"]["application/vnd.api+json"]["schema"]["oneOf"]
        .as_array()
        .unwrap();
    let postable: Vec<&str> = basm_core::EVENT_TYPES
        .iter()
        .filter(|i| i.postable())
        .map(|i| i.name)
        .collect();
    let referenced: BTreeSet<&str> = one_of
        .iter()
        .map(|r| {
            r["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .unwrap()
        })
        .collect();
    assert_eq!(
        referenced,
        postable.iter().copied().collect::<BTreeSet<_>>()
    );
    assert_eq!(one_of.len(), postable.len());
    let schemas = &doc["components"]["schemas"];
    for info in basm_core::EVENT_TYPES.iter().filter(|i| i.postable()) {
        // The package's generator's schema, as it is.
        assert_eq!(
            schemas[info.name],
            basm_core::schema::event_schema(info),
            "{}",
            info.name
        );
    }
    for name in ["JsonApiErrors", "PlainError", "Document"] {
        assert!(
            !postable.contains(&name),
            "{name} is both an event type and a component"
        );
    }
}

#[test]
fn every_example_passes_validate_request() {
    let doc = document();
    let all = examples();
    let mut seen = 0;
    for endpoint in basm_core::endpoints() {
        let op = operation(&doc, &endpoint);
        let Some(media) = op["requestBody"]["content"]["application/vnd.api+json"].as_object()
        else {
            continue;
        };
        let listed = media
            .get("examples")
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("{endpoint} takes a body but has no example"));
        assert!(!listed.is_empty(), "{endpoint}");
        for (name, example) in listed {
            let source = all
                .iter()
                .find(|e| e.endpoint == endpoint && &e.name == name)
                .unwrap_or_else(|| panic!("{endpoint} {name}: not one of examples()"));
            assert_eq!(example["value"], source.body, "{endpoint} {name}");
            let verdict = validate_request(&source.request(), &Context::empty());
            assert!(
                verdict.valid,
                "{endpoint} {name} ({} {}): {}",
                source.method,
                source.path,
                verdict.to_json()
            );
            assert_eq!(verdict.endpoint.as_deref(), Some(endpoint.as_str()));
            assert!(
                op["responses"][verdict.status.to_string()].is_object(),
                "{endpoint} {name}: {} is not a listed response",
                verdict.status
            );
            seen += 1;
        }
    }
    assert_eq!(seen, all.len(), "every example is in the document");
}

#[test]
fn every_status_core_answers_on_the_vectors_is_a_listed_response() {
    let doc = document();
    let mut missing = Vec::new();
    let mut checked = 0;
    // The document describes what basm judges; the routes it does not judge are not in it.
    let not_judged = basm_core::endpoints_not_judged();
    for endpoint in &not_judged {
        let (method, pattern) = endpoint.split_once(' ').unwrap();
        let path = openapi_path(pattern);
        assert!(
            doc["paths"][&path][method.to_ascii_lowercase()].is_null(),
            "{endpoint} is in the document"
        );
    }
    common::each_vector(|id, group, test| {
        let request = common::build_request(group, test);
        let context = common::build_context(group, test);
        let verdict = validate_request(&request, &context);
        let Some(endpoint) = verdict.endpoint.as_deref() else {
            return;
        };
        if not_judged.iter().any(|e| e == endpoint) {
            return;
        }
        checked += 1;
        let op = operation(&doc, endpoint);
        if !op["responses"][verdict.status.to_string()].is_object() {
            missing.push(format!("{endpoint} {}: {id}", verdict.status));
        }
    });
    assert!(checked > 500, "{checked}");
    assert!(
        missing.is_empty(),
        "statuses not in the document:\n{}",
        missing.join("\n")
    );
}

#[test]
fn output_goes_to_a_file_with_output() {
    let dir = std::env::temp_dir().join(format!("basm-openapi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("openapi.json");
    let output = Command::new(env!("CARGO_BIN_EXE_basm"))
        .args(["openapi", "--output", &file.to_string_lossy()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let written: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(written, document());
    let output = Command::new(env!("CARGO_BIN_EXE_basm"))
        .args(["openapi", "--bogus"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `basm openapi | head`: when the reader goes, basm stops quietly (exit 0, nothing on stderr).
#[test]
fn a_closed_pipe_stops_it_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_basm"))
        .arg("openapi")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("basm runs");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("basm writes");
    // The pipe's read end is dropped here, before basm has written its 600 KB.
    let output = child.wait_with_output().expect("basm ends");
    assert_eq!(&first[..11], b"{\n  \"openap");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(output.status.code(), Some(0));
}
