// The bench corpora (scripts/bench.mjs, scripts/copies.mjs, and the native bench
// core/benches/validate.rs, which runs this file), from the shared vectors:
//   seedCorpus()    every seed event (tests/vectors/seeds: the wiki's examples, valid) and five
//                   invalid variants of each, as compact JSON strings (as a portal holds them);
//   vectorCorpus()  every event body of the shared vectors (tests/vectors/**: valid and
//                   invalid, every event type), compact JSON strings.
//
//   node scripts/corpus.mjs seed|vectors   prints the corpus, one body a line.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { argv, stdout } from "node:process";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const vectors = join(root, "tests", "vectors");

/** The seed events themselves (objects). */
export function seeds() {
  const out = [];
  const seedDir = join(vectors, "seeds");
  for (const file of readdirSync(seedDir).filter((f) => f.endsWith(".json")).sort()) {
    for (const group of JSON.parse(readFileSync(join(seedDir, file), "utf8"))) {
      for (const test of group.tests ?? []) if (test.data?.data?.attributes && test.data.data.relationships?.eventable?.data) out.push(test.data);
    }
  }
  return out;
}

const variants = [
  (b) => (b.data.attributes.occurred_at = "not a time"),
  (b) => delete b.data.attributes.recorded_at,
  (b) => (b.data.attributes.event_type = `${b.data.attributes.event_type}X`),
  (b) => (b.data.relationships.eventable.data.type = "allocations"),
  (b) => (b.data.attributes.details = { ...b.data.attributes.details, unknown_key: 1, vehicle_type: "bicycle", cancellation_reason: "bored" }),
];

export function seedCorpus() {
  const out = [];
  for (const seed of seeds()) {
    out.push(JSON.stringify(seed));
    for (const variant of variants) {
      const body = structuredClone(seed);
      variant(body);
      out.push(JSON.stringify(body));
    }
  }
  return out;
}

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith(".json")) out.push(path);
  }
  return out;
}

export function vectorCorpus() {
  const out = [];
  for (const file of walk(vectors, [])) {
    for (const group of JSON.parse(readFileSync(file, "utf8"))) {
      if (group.request !== undefined) continue;
      for (const test of group.tests ?? []) {
        if (test.request === undefined && typeof test.data?.data?.attributes?.event_type === "string") out.push(JSON.stringify(test.data));
      }
    }
  }
  return out;
}

/** The headers a v2 client sends (the benches' validateRequest calls). */
export const STANDARD_HEADERS = {
  Authorization: "Bearer token",
  "Content-Type": "application/vnd.api+json",
  Accept: "application/vnd.api+json; version=2",
};

if (argv[1] === fileURLToPath(import.meta.url)) {
  const corpus = { seed: seedCorpus, vectors: vectorCorpus }[argv[2]];
  if (corpus === undefined) {
    console.error("usage: node scripts/corpus.mjs seed|vectors");
    process.exit(2);
  }
  // Compact JSON has no raw line break (a string's is escaped), so a line is a body.
  stdout.write(`${corpus().join("\n")}\n`);
}
