#!/usr/bin/env bash
# Instructions per event, counted by callgrind (load-proof: the same on a busy machine), on the
# seed corpus of core/benches/validate.rs (pkg/scripts/corpus.mjs, the npm package bench's):
# the npm package's path (basm_core::Validator, the errors' fixes made when read),
# validate_request (a refusal's fixes made when first read, so not here) and validate_request
# with every fix read, against serde_json::from_slice::<Value> of the same bodies. Each side runs the corpus once and six times; the difference divided by
# five corpora is the cost of one event, start-up excluded.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "bench-instructions: valgrind is not installed (apt install valgrind)" >&2; exit 2; }
bin=$(cargo bench -p basm-core --bench validate --no-run --locked 2>&1 | sed -n 's/.*Executable .*(\(.*\))$/\1/p' | tail -1)
[ -x "$bin" ] || { echo "bench-instructions: the bench binary was not built" >&2; exit 2; }
size() { # events in the corpus the bench binary runs with the given arguments
  "$bin" --passes 0 "$@" | sed -n 's/^[a-z]* corpus ([^)]*): \([0-9]*\) event bodies.*/\1/p'
}
count() { # instructions of one run of the bench binary with the given arguments
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_event() { # instructions per event of the side the arguments choose
  local events one six
  events=$(size "$@")
  one=$(count --passes 1 "$@")
  six=$(count --passes 6 "$@")
  echo $(( (six - one) / (5 * events) ))
}
events=$(size)
package=$(per_event --package)
ours=$(per_event)
fixes=$(per_event --fixes)
reading=$(per_event --reading)
echo "seed corpus: $events event bodies (node pkg/scripts/corpus.mjs seed)"
echo "instructions per event: Validator (the package's path) $package, validate_request $ours (every fix read: $fixes), serde_json::from_slice::<Value> $reading"
for only in valid invalid; do
  echo "  $only bodies ($(size --only $only)): Validator $(per_event --package --only $only), validate_request $(per_event --only $only) (every fix read: $(per_event --fixes --only $only)), reading $(per_event --reading --only $only)"
done
awk -v p="$package" -v a="$ours" -v f="$fixes" -v b="$reading" \
  'BEGIN { printf "ratio (reading / validating): Validator %.2fx, validate_request %.2fx (goal >= 1.0x), every fix read %.2fx\n", b / p, b / a, b / f }'
# The npm package's path built at opt-level z as the browsers' .wasm is (Node's is built at 3,
# as the figures above): core's share of a validation in the package, counted natively, so that
# a change to core can be weighed by a count that does not vary (counts of the package under V8
# vary by about 2%). A proxy: x86 counts a `rep movsb` copy a byte at a time, so struct moves
# weigh more here.
bin=$(cargo bench -p basm-core --bench validate --no-run --locked --config 'profile.bench.opt-level="z"' 2>&1 |
  sed -n 's/.*Executable .*(\(.*\))$/\1/p' | tail -1)
echo "the npm package's path at opt-level z, as the browsers' .wasm: $(per_event --package) instructions per event"
