#!/usr/bin/env bash
# Installs whatever this machine lacks to build, run and test basm. Idempotent, and quick
# when everything is present. Reaches only the package registries (crates.io, npm, Debian).
#
#   scripts/setup.sh          everything
#   scripts/setup.sh rust     only the Rust side (wasm target, wasm-bindgen CLI)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14 # 0.22.x needs rustc >= 1.96.1; this machine has 1.95
WASM_SPLIT_VERSION=0.2.4 # the wasm_split_cli_support cargo-leptos 0.3 uses
what=${1:-all}
have() { command -v "$1" >/dev/null 2>&1; }
say() { printf 'setup: %s\n' "$*"; }

# Rust: the toolchain file pins 1.95.0 with the wasm32 target; rustup installs it on first use.
# wasm32-unknown-unknown: the npm package's module and the web app; wasm32-wasip1: the `basm`
# command line inside the npm package (run by Node's WASI).
for target in wasm32-unknown-unknown wasm32-wasip1; do
  if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
    say "adding the $target target"
    rustup target add "$target"
  fi
done

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock.
wbg_version=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;q}' Cargo.lock 2>/dev/null || true)
if [ -n "$wbg_version" ] && [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version (about 2.5 minutes)"
  # Not --locked: its lock file pins a webpki-roots the registry here lacks.
  cargo install wasm-bindgen-cli --version "$wbg_version" --force --quiet
fi

[ "$what" = rust ] && exit 0

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ] && [ -d web ]; then
  say "installing trunk $TRUNK_VERSION (debug build, about 3 minutes)"
  CARGO_PROFILE_DEV_DEBUG=0 cargo install trunk --version "$TRUNK_VERSION" --locked --debug --force --quiet
fi

# The web build's split step (web/build/split.mjs, a Trunk hook) runs its wasm-split-cli.
if [ -d web ] && ! cargo install --list 2>/dev/null | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm_split_cli_support $WASM_SPLIT_VERSION (wasm-split-cli, about 2 minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force --quiet
fi

if ! have chromium || ! have chromedriver; then
  say "installing Debian's chromium and chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [ -f package-lock.json ]; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm dev dependencies"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
say "ready"
