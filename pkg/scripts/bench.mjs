#!/usr/bin/env node
// `npm run bench`: events validated per second from JSON strings, basm-validator against ajv 8 +
// ajv-formats (JSON.parse + the schema compiled from jsonSchemas()), over a corpus of seed events
// (tests/vectors/seeds: every wiki example, valid) and invalid variants of each, in the same
// process, alternating rounds. Prints the rates, the ratio, and a split of where basm's time
// goes. Build first (npm run build). Not a test: nothing here fails on a slow machine.
//
//   node scripts/bench.mjs [--rounds N] [--ms M] [--profile]
//   --profile   also runs validateEvent alone under the V8 profiler and lists the top frames
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkgDir);
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = option("--rounds", 7);
const MS = option("--ms", 400);

const basm = await import(join(pkgDir, "dist", "node", "index.mjs"));
const { validateEvent, validateRequest, jsonSchemas } = basm;

// ---- corpus: every seed event as sent, and invalid variants of each ----
const seeds = [];
const seedDir = join(root, "tests", "vectors", "seeds");
for (const file of readdirSync(seedDir).filter((f) => f.endsWith(".json")).sort()) {
  for (const group of JSON.parse(readFileSync(join(seedDir, file), "utf8"))) {
    for (const test of group.tests ?? []) if (test.data?.data?.attributes && test.data.data.relationships?.eventable?.data) seeds.push(test.data);
  }
}
const variants = [
  (b) => (b.data.attributes.occurred_at = "not a time"),
  (b) => delete b.data.attributes.recorded_at,
  (b) => (b.data.attributes.event_type = `${b.data.attributes.event_type}X`),
  (b) => (b.data.relationships.eventable.data.type = "allocations"),
  (b) => (b.data.attributes.details = { ...b.data.attributes.details, unknown_key: 1, vehicle_type: "bicycle", cancellation_reason: "bored" }),
];
const corpus = [];
for (const seed of seeds) {
  corpus.push(JSON.stringify(seed));
  for (const variant of variants) {
    const body = structuredClone(seed);
    variant(body);
    corpus.push(JSON.stringify(body));
  }
}

// ---- ajv: one compiled validator per event type ----
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validators = Object.fromEntries(Object.entries(jsonSchemas()).map(([name, schema]) => [name, ajv.compile(schema)]));
function ajvValidate(text) {
  const body = JSON.parse(text);
  const validate = validators[body?.data?.attributes?.event_type];
  return validate ? validate(body) : false;
}

const standard = {
  Authorization: "Bearer token",
  "Content-Type": "application/vnd.api+json",
  Accept: "application/vnd.api+json; version=2",
};
const contenders = {
  "basm validateEvent": (text) => validateEvent(text).valid,
  "basm validateRequest": (text) => validateRequest({ method: "POST", path: "/api/events", headers: standard, body: text }).valid,
  "ajv (JSON.parse + schema)": ajvValidate,
};

// Same answers on valid seeds at least (a sanity check, not a test).
const validByBasm = corpus.filter((t) => validateEvent(t).valid).length;
const validByAjv = corpus.filter(ajvValidate).length;

function rate(fn, ms) {
  let n = 0;
  let sink = 0;
  const end = performance.now() + ms;
  let now;
  do {
    for (const text of corpus) sink += fn(text) ? 1 : 0;
    n += corpus.length;
    now = performance.now();
  } while (now < end);
  if (sink < 0) console.log(sink);
  return n / ((now - end + ms) / 1000);
}

for (const fn of Object.values(contenders)) rate(fn, 200); // warm up
const rates = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of Object.entries(contenders)) rates[name].push(rate(fn, MS));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString("en-GB");

const wasmBytes = readFileSync(join(pkgDir, "dist", "basm_wasm_bg.wasm"));
console.log(`basm-validator ${basm.VERSION}, node ${process.version}`);
console.log(`wasm: ${wasmBytes.length} bytes, ${gzipSync(wasmBytes, { level: 9 }).length} gzip -9`);
console.log(`corpus: ${corpus.length} events from ${seeds.length} seeds (${validByBasm} valid for basm, ${validByAjv} for the schemas), mean ${Math.round(corpus.reduce((s, t) => s + t.length, 0) / corpus.length)} bytes`);
console.log(`${ROUNDS} alternating rounds of ${MS} ms each; median events/s:`);
for (const [name, xs] of Object.entries(rates)) console.log(`  ${name.padEnd(28)} ${fmt(median(xs)).padStart(10)}`);
const ajvRate = median(rates["ajv (JSON.parse + schema)"]);
console.log(`ratio validateEvent / ajv:   ${(median(rates["basm validateEvent"]) / ajvRate).toFixed(2)}x (goal >= 1.5x)`);
console.log(`ratio validateRequest / ajv: ${(median(rates["basm validateRequest"]) / ajvRate).toFixed(2)}x`);

// ---- where validateEvent's time goes, estimated piece by piece ----
const verdicts = corpus.map((t) => JSON.stringify(validateEvent(t)));
const encoder = new TextEncoder();
const buffer = new Uint8Array(1 << 16);
const per = (fn) => 1e9 / rate(fn, MS); // ns per event
const total = per((t) => validateEvent(t));
let i = 0;
const crossing = per((t) => encoder.encodeInto(t, buffer).written > 0);
const resultParse = per(() => JSON.parse(verdicts[i++ % verdicts.length]) !== null);
const jsonParse = per((t) => JSON.parse(t) !== null);
console.log("validateEvent, ns per event (estimates):");
console.log(`  total                                   ${total.toFixed(0).padStart(6)}`);
console.log(`  body into wasm memory (encodeInto)      ${crossing.toFixed(0).padStart(6)}`);
console.log(`  result out: JSON.parse of the verdict   ${resultParse.toFixed(0).padStart(6)}  (mean ${Math.round(verdicts.reduce((s, v) => s + v.length, 0) / verdicts.length)} bytes)`);
console.log(`  inside wasm: parse, rules, serialise    ${(total - crossing - resultParse).toFixed(0).padStart(6)}`);
console.log(`  (ajv side: JSON.parse of the body alone ${jsonParse.toFixed(0).padStart(6)})`);

if (args.includes("--profile")) {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  rate((t) => validateEvent(t), 3000);
  const { profile } = await session.post("Profiler.stop");
  const file = join(pkgDir, "dist", "bench.cpuprofile");
  writeFileSync(file, JSON.stringify(profile));
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, k) => {
    const f = byId.get(id).callFrame;
    const name = `${f.functionName || "(anonymous)"} ${f.url ? f.url.split("/").slice(-2).join("/") : ""}`.trim();
    self.set(name, (self.get(name) ?? 0) + (dt[k] ?? 0));
  });
  const sum = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`top self-time frames of validateEvent (V8 sampling profile, ${file}):`);
  for (const [name, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`  ${((100 * t) / sum).toFixed(1).padStart(5)}%  ${name}`);
  }
}
