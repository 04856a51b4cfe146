/work/wt-int/target-z/release/deps/validate-490dcbc46c0fe91c.d: core/benches/validate.rs

/work/wt-int/target-z/release/deps/validate-490dcbc46c0fe91c: core/benches/validate.rs

core/benches/validate.rs:

# env-dep:CARGO_MANIFEST_DIR=/work/wt-int/core
