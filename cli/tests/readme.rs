//! The README's `console` blocks of `basm`, run: each `$ [cd DIR && ]basm ARGS` line is run from
//! the repository root (in DIR), and its output must be the block's lines, in order, where a
//! line `…` stands for any number of lines. The README shows what the command prints.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// (command line, expected lines) of every console block that runs `basm`.
fn blocks(readme: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let mut rest = readme;
    while let Some(start) = rest.find("```console\n") {
        let body = &rest[start + "```console\n".len()..];
        let end = body.find("```").expect("a console block ends");
        let mut lines = body[..end].lines();
        if let Some(command) = lines.next().and_then(|l| l.strip_prefix("$ "))
            && command.contains("basm ")
        {
            found.push((command.to_owned(), lines.map(str::to_owned).collect()));
        }
        rest = &body[end..];
    }
    found
}

/// Whether `actual` is `expected` with each `…` line standing for any lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "…" => {
            (0..=actual.len()).any(|i| matches(rest, &actual[i..]))
        }
        Some((first, rest)) => {
            actual.first() == Some(&first.as_str()) && matches(rest, &actual[1..])
        }
    }
}

#[test]
fn the_readme_shows_what_basm_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let blocks = blocks(&readme);
    assert!(
        blocks.len() >= 2,
        "the README shows basm check and basm har"
    );
    for (command, expected) in blocks {
        let (dir, line) = match command.split_once(" && ") {
            Some((cd, line)) => (root().join(cd.trim_start_matches("cd ").trim()), line),
            None => (root(), command.as_str()),
        };
        let args: Vec<&str> = line
            .strip_prefix("basm ")
            .expect("the command is basm")
            .split_whitespace()
            .collect();
        // `--fix` writes copies beside its inputs: run it on copies, in a scratch folder.
        let scratch = std::env::temp_dir().join(format!("basm-readme-{}", std::process::id()));
        let dir = if args.contains(&"--fix") {
            std::fs::create_dir_all(&scratch).expect("a scratch folder");
            for file in args.iter().filter(|a| dir.join(a).is_file()) {
                std::fs::copy(dir.join(file), scratch.join(file)).expect("a copy");
            }
            scratch.clone()
        } else {
            dir
        };
        let output = Command::new(env!("CARGO_BIN_EXE_basm"))
            .args(&args)
            .current_dir(&dir)
            .output()
            .expect("basm runs");
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        let _ = std::fs::remove_dir_all(&scratch);
        let actual: Vec<&str> = text.lines().collect();
        assert!(
            matches(&expected, &actual),
            "README: `{command}` prints\n{text}\nnot\n{}",
            expected.join("\n")
        );
    }
}

#[test]
fn an_ellipsis_stands_for_lines_and_nothing_else_is_loose() {
    let expected = |lines: &[&str]| lines.iter().map(|l| (*l).to_owned()).collect::<Vec<_>>();
    assert!(matches(&expected(&["a", "…", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&expected(&["a", "…", "d"]), &["a", "d"]));
    assert!(!matches(&expected(&["a", "…", "d"]), &["a", "b", "c"]));
    assert!(!matches(&expected(&["a", "b"]), &["a", "b", "c"]));
    assert!(!matches(&expected(&["a", "c"]), &["a", "b"]));
}
