// Shared by the tests that read the crates' source (core/tests/layers.rs, web/tests/modules.rs,
// web/src/routes.rs): each brings it in with
// `include!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/support/rs_files.rs"));`.

/// Every `.rs` file under `dir`, at any depth, sorted.
fn rs_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
