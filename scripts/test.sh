#!/usr/bin/env bash
# Runs every test of basm, after installing what is missing (scripts/setup.sh).
#   BASM_FUZZ_CASES=N   cases for the no-panic property test (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
# A clean run builds once: incremental state would only take disk (see [profile.dev]).
if [ "${CI:-}" = true ]; then export CARGO_INCREMENTAL=0; fi
df -h . | awk 'NR == 2 { print "disk: " $4 " free of " $2 }'

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all --check

step "clippy (native and wasm32)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p basm-core -p basm-wasm --target wasm32-unknown-unknown --locked -- -D warnings
# The package's build leaves the event table's prose out (core's `docs` feature).
cargo clippy -p basm-core --no-default-features --all-targets --locked -- -D warnings
cargo clippy -p basm-cli --target wasm32-wasip1 --locked -- -D warnings

step "core: unit, vectors, docs, round trips, no-panic properties"
cargo test -p basm-core --locked

step "core builds for wasm32"
cargo build -p basm-core --target wasm32-unknown-unknown --locked --quiet

step "sandbox: HTTP + SQLite"
cargo test -p basm-sandbox --locked

step "cli: basm check, har, openapi (the native door; the npm door is tested with the package)"
cargo test -p basm-cli --locked

step "pkg: build, pack, install, node + Chromium tests"
cargo test -p basm-wasm --locked
(cd pkg && npm test)

step "benches run from a clean checkout (smoke runs: no figure is checked)"
cargo bench -p basm-core --bench validate --locked -- --passes 1
(cd pkg && node scripts/bench.mjs --rounds 1 --ms 20 --validations 2000)

step "web: native tests of the form logic"
cargo test -p basm-web --locked
cargo clippy -p basm-web --target wasm32-unknown-unknown --locked -- -D warnings

step "web: trunk build + Chromium e2e"
cargo build --release -p basm-sandbox --locked --quiet
TRUNK_SKIP_VERSION_CHECK=true trunk build --release
node --test e2e/

printf '\nall tests passed\n'
