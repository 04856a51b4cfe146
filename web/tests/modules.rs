//! The app's layering, checked on the source: the top-level modules of `src/` (`app`,
//! `pages`, `components`, `state`, `forms`, `api`, `routes`, `model`, …) import each other
//! without a cycle, so each can be read knowing only the modules below it. As in core's
//! `tests/layers.rs`, the imports are read from the text: every `crate::<module>` in a line
//! that is not a comment.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

include!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/support/rs_files.rs"
));

/// Every `.rs` file under `src/`, at any depth.
fn source_files() -> Vec<PathBuf> {
    rs_files(&src())
}

/// The top-level module a file belongs to: `pages` for `src/pages.rs` and `src/pages/x.rs`.
fn module_of(file: &Path) -> String {
    let relative = file.strip_prefix(src()).expect("a file under src/");
    let first = relative
        .components()
        .next()
        .expect("a path")
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// The modules named by `crate::<name>` in `line`.
fn imports(line: &str) -> Vec<String> {
    line.match_indices("crate::")
        .filter(|(i, _)| {
            // Not `basm_core::…` or another crate ending in `crate`.
            !line[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        })
        .map(|(i, m)| {
            line[i + m.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Module → the modules it imports, with where (`file:line`).
fn graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in source_files() {
        let module = module_of(&file);
        // The crate root and the binary declare the modules; they sit above all of them.
        if module == "lib" || module == "main" {
            continue;
        }
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let edges = graph.entry(module.clone()).or_default();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for target in imports(line) {
                if target != module {
                    edges
                        .entry(target)
                        .or_insert_with(|| format!("{}:{}", file.display(), n + 1));
                }
            }
        }
    }
    graph
}

/// A cycle of `graph` as the list of its modules (the first repeated at the end), if any.
fn find_cycle(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flat_map(BTreeMap::keys) {
            if let Some(cycle) = visit(next, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

#[test]
fn the_checker_reads_imports_and_finds_cycles() {
    assert_eq!(imports("use crate::state::{Flash, use_app};"), ["state"]);
    assert_eq!(
        imports("let x = crate::url::encode(&crate::model::text(a));"),
        ["url", "model"]
    );
    assert!(imports("use basm_core::forms::FieldError;").is_empty());
    assert!(imports("use some_crate::x;").is_empty());
    let edge = |to: &str| (to.to_owned(), String::new());
    let mut g: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    g.insert("a".into(), [edge("b")].into());
    g.insert("b".into(), [edge("c")].into());
    g.insert("c".into(), BTreeMap::new());
    assert_eq!(find_cycle(&g), None);
    g.insert("c".into(), [edge("a")].into());
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}

#[test]
fn the_top_level_modules_import_each_other_without_a_cycle() {
    let graph = graph();
    // The layers this test guards are there.
    for module in [
        "app",
        "pages",
        "components",
        "state",
        "forms",
        "api",
        "routes",
        "model",
    ] {
        assert!(graph.contains_key(module), "src/{module}.rs is missing");
    }
    // Pages and components read the shared state from `state`, never from the app.
    for module in ["pages", "components", "state"] {
        assert!(
            !graph[module].contains_key("app"),
            "{module} imports the app: {}",
            graph[module]["app"]
        );
    }
    if let Some(cycle) = find_cycle(&graph) {
        let edges: Vec<String> = cycle
            .windows(2)
            .map(|w| format!("{} -> {} ({})", w[0], w[1], graph[&w[0]][&w[1]]))
            .collect();
        panic!("an import cycle between modules:\n{}", edges.join("\n"));
    }
}
