//! `docs/events.md` is generated from the event table; this fails when it is stale.
//! Regenerate with `BASM_UPDATE_DOCS=1 cargo test -p basm-core --test docs`.

use std::path::Path;

#[test]
fn events_md_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/events.md");
    let want = basm_core::docs::events_markdown();
    if std::env::var_os("BASM_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).expect("write docs/events.md");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/events.md is stale: run `BASM_UPDATE_DOCS=1 cargo test -p basm-core --test docs`"
    );
}
