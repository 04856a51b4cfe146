//! What the tests of core share: the vector files (`tests/vectors/`, read the same way by
//! every runner) and a small seedable random number generator.

// Each test binary uses only part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use basm_core::{Context, Request};
use serde_json::{Map, Value, json};

/// xorshift64*: small, seedable, no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Tests expected to fail: every line `file::group::test  # reason` of `tests/vectors/xfail/*.txt`.
pub fn xfail() -> Vec<String> {
    let mut paths = Vec::new();
    let dir = vectors_dir().join("xfail");
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        paths.push(entry.path());
    }
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap_or_default()
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .map(|l| l.split(" #").next().unwrap_or("").trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

pub fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

pub fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Calls `f(id, group, test)` for every vector test, in file order, where `id` is
/// `file::group::test` (as the xfail lists name them). Returns how many files were read.
pub fn each_vector(mut f: impl FnMut(&str, &Value, &Value)) -> usize {
    let mut paths = Vec::new();
    files(&vectors_dir(), &mut paths);
    assert!(
        !paths.is_empty(),
        "no vector files under {}",
        vectors_dir().display()
    );
    for path in &paths {
        let name = path
            .strip_prefix(vectors_dir())
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let groups: Vec<Value> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for group in &groups {
            let gname = group["description"].as_str().unwrap_or("?");
            for test in group["tests"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
                let tname = test["description"].as_str().unwrap_or("?");
                f(&format!("{name}::{gname}::{tname}"), group, test);
            }
        }
    }
    paths.len()
}

pub fn merge(base: &Value, over: Option<&Value>) -> Value {
    match (base, over) {
        (Value::Object(b), Some(Value::Object(o))) => {
            let mut m: Map<String, Value> = b.clone();
            for (k, v) in o {
                let merged = merge(m.get(k).unwrap_or(&Value::Null), Some(v));
                m.insert(k.clone(), merged);
            }
            Value::Object(m)
        }
        (_, Some(o)) => o.clone(),
        (b, None) => b.clone(),
    }
}

/// Builds the request of one test.
pub fn build_request(group: &Value, test: &Value) -> Request {
    let defaults = json!({
        "method": "POST",
        "path": "/api/events",
        "headers": {
            "Authorization": "Bearer test-token",
            "Content-Type": "application/vnd.api+json",
            "Accept": "application/vnd.api+json; version=2"
        }
    });
    let spec = merge(&merge(&defaults, group.get("request")), test.get("request"));
    let mut request = Request::new(
        spec["method"].as_str().unwrap_or("POST"),
        spec["path"].as_str().unwrap_or("/api/events"),
    );
    if let Some(Value::Object(headers)) = spec.get("headers") {
        for (name, value) in headers {
            // `null` removes a default header.
            if let Some(v) = value.as_str() {
                request.headers.push((name.clone(), v.to_owned()));
            }
        }
    }
    request.body = if let Some(body) = test.get("body").and_then(Value::as_str) {
        body.as_bytes().to_vec()
    } else if let Some(hex) = test.get("body_hex").and_then(Value::as_str) {
        (0..hex.len() / 2)
            .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
            .collect()
    } else if let Some(data) = test.get("data") {
        serde_json::to_vec(data).unwrap_or_default()
    } else {
        Vec::new()
    };
    request
}

/// The context of one test as JSON: the group's, with the test's merged over it.
pub fn context_json(group: &Value, test: &Value) -> Value {
    merge(
        &merge(&json!({}), group.get("context")),
        test.get("context"),
    )
}

/// Builds the context of one test.
pub fn build_context(group: &Value, test: &Value) -> Context {
    serde_json::from_value(context_json(group, test))
        .unwrap_or_else(|e| panic!("bad context in vector: {e}"))
}
