//! Links the app's .wasm with its relocations (`--emit-relocs`), which the split step
//! (web/build/split.mjs, wasm-split-cli) reads to cut the module at its `#[lazy]`
//! functions; cargo-leptos passes the same flag when it splits. Native builds (tests) are
//! linked as before.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
