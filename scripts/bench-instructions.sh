#!/usr/bin/env bash
# Instructions per event, counted by callgrind (load-proof: the same on a busy machine):
# validate_request against serde_json::from_slice::<Value> of the same bodies (the bench
# corpus of core/benches/validate.rs). Each side runs the corpus once and six times; the
# difference divided by five corpora is the cost of one event, start-up excluded.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "bench-instructions: valgrind is not installed (apt install valgrind)" >&2; exit 2; }
bin=$(cargo bench -p basm-core --bench validate --no-run --locked 2>&1 | sed -n 's/.*Executable .*(\(.*\))$/\1/p' | tail -1)
[ -x "$bin" ] || { echo "bench-instructions: the bench binary was not built" >&2; exit 2; }
events=$("$bin" --passes 0 | sed -n 's/^corpus: \([0-9]*\) event bodies.*/\1/p')
count() { # instructions of one run of the bench binary with the given arguments
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_event() { # $1: extra argument or ""
  local one six
  one=$(count --passes 1 $1)
  six=$(count --passes 6 $1)
  echo $(( (six - one) / (5 * events) ))
}
ours=$(per_event "")
reading=$(per_event --reading)
echo "corpus: $events event bodies (core/benches/validate.rs)"
echo "instructions per event: validate_request $ours, serde_json::from_slice::<Value> $reading"
for only in valid invalid; do
  events=$("$bin" --passes 0 --only $only | sed -n 's/^corpus: \([0-9]*\) event bodies.*/\1/p')
  echo "  $only bodies ($events): validate_request $(per_event "--only $only"), reading $(per_event "--only $only --reading")"
done
awk -v a="$ours" -v b="$reading" 'BEGIN { printf "ratio (reading / validating): %.2fx (goal >= 1.0x)\n", b / a }'
# The npm package's path (basm_core::Validator, no fixes) built at opt-level z as the browsers'
# .wasm is (Node's is built at 3, as this bench's first figures are):
# core's share of a validation in the package, counted natively, so that a change to core can
# be weighed by a count that does not vary (counts of the package under V8 vary by about 2%).
# A proxy: x86 counts a `rep movsb` copy a byte at a time, so struct moves weigh more here.
bin=$(cargo bench -p basm-core --bench validate --no-run --locked --config 'profile.bench.opt-level="z"' 2>&1 |
  sed -n 's/.*Executable .*(\(.*\))$/\1/p' | tail -1)
events=$("$bin" --passes 0 | sed -n 's/^corpus: \([0-9]*\) event bodies.*/\1/p')
echo "the npm package's path (Validator, no fixes), opt-level z as the browsers' .wasm: $(per_event --package) instructions per event"
