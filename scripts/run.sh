#!/usr/bin/env bash
# Runs basm on this machine: the BaSM API stand-in (HTTP + SQLite, seeded on first use) and,
# when web/ builds, the web app, in one process at the address it prints.
#
#   scripts/run.sh                        database ./basm-sandbox.sqlite, http://127.0.0.1:8080
#   scripts/run.sh --db /tmp/other.sqlite another database file
#   scripts/run.sh --port 0 --memory      any free port, nothing saved
#
# Every option of the sandbox works here (scripts/run.sh --help lists them), e.g.
# --supplier-token T=SUPPLIER_ID, --token T, --cors ORIGIN, --basm-errors.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"

static=()
if [ -d web ]; then
  echo "run: building the web app (trunk build --release)" >&2
  if TRUNK_SKIP_VERSION_CHECK=true trunk build --release; then
    static=(--static dist)
  else
    echo "run: the web app did not build; starting the API alone (see the errors above)" >&2
  fi
else
  echo "run: there is no web/ app yet; starting the API alone" >&2
fi
exec cargo run --release --locked --quiet -p basm-sandbox -- "${static[@]}" "$@"
