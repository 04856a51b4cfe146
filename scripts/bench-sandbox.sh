#!/usr/bin/env bash
# Benchmarks the sandbox on loopback with wrk (Debian's package): requests per second and
# latency percentiles (p50…p99) for
#   1. GET /api/moves?include=profile.person,from_location,to_location over 1,000 moves
#      (the walkthrough's compound document, 20 moves a page);
#   2. POST /api/events (a MoveCrossSupplierDropOff event, one committed row each), spread
#      over 200 moves in turn.
# The server is the release build on a fresh database file seeded with 1,000 moves.
#
#   scripts/bench-sandbox.sh [seconds per run (default 10)] [connections (default 8)]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-8}
if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing Debian's wrk" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --locked --quiet -p basm-sandbox
bin=${CARGO_TARGET_DIR:-target}/release/basm-sandbox

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" --db "$work/bench.sqlite" --port 0 --seed-moves 1000 >"$work/out" 2>"$work/err" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q 'listening on' "$work/out" 2>/dev/null && break
  sleep 0.1
done
base=$(sed -n 's/^basm sandbox listening on //p' "$work/out")
[ -n "$base" ] || { cat "$work/err" >&2; echo "bench: the sandbox did not start" >&2; exit 1; }
auth='Authorization: Bearer bench'
accept='Accept: application/vnd.api+json; version=2'
total=$(curl -s -H "$auth" -H "$accept" "$base/api/moves?per_page=1" | sed -n 's/.*"total_objects":\([0-9]*\).*/\1/p')
# 200 moves to post events to, in turn (a few events each, as real moves have).
ids=$(curl -s -H "$auth" -H "$accept" "$base/api/moves?per_page=200" | grep -o '"id":"[0-9a-f-]*","relationships"' | cut -d'"' -f4)
move_id=$(echo "$ids" | head -n1)
lua_ids=$(echo "$ids" | sed 's/.*/"&",/' | tr -d '\n')
echo "sandbox at $base with $total moves; wrk: 2 threads, $connections connections, ${duration}s per run"

echo
echo "== GET /api/moves?include=profile.person,from_location,to_location"
wrk -t2 -c"$connections" -d"${duration}s" --latency \
  -H "$auth" -H "$accept" \
  "$base/api/moves?include=profile.person%2Cfrom_location%2Cto_location"

cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer bench"
wrk.headers["Accept"] = "application/vnd.api+json; version=2"
wrk.headers["Content-Type"] = "application/vnd.api+json"
ids = { $lua_ids }
n = 0
request = function()
  n = n + 1
  local body = '{"data":{"type":"events","attributes":{"event_type":"MoveCrossSupplierDropOff","occurred_at":"2021-06-01T10:00:00+01:00","recorded_at":"2021-06-01T10:00:00+01:00","notes":"bench"},"relationships":{"eventable":{"data":{"type":"moves","id":"' .. ids[(n % #ids) + 1] .. '"}}}}}'
  return wrk.format(nil, nil, nil, body)
end
LUA
echo
echo "== POST /api/events"
wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" "$base/api/events"

stored=$(curl -s -H "$auth" -H "$accept" "$base/api/moves/$move_id/events" | sed -n 's/.*"total_objects":\([0-9]*\).*/\1/p')
echo
echo "events stored on the first of the 200 moves: $stored"
