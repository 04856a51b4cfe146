#!/usr/bin/env node
// `npm run bench`: events validated per second from JSON strings, basm-validator against ajv 8 +
// ajv-formats (JSON.parse + the schema compiled from jsonSchemas()) and against JSON.parse alone,
// in the same process, alternating rounds, over two corpora:
//   seeds    every seed event (tests/vectors/seeds: the wiki's examples, valid) and five invalid
//            variants of each, as compact JSON strings (as a portal holds them);
//   vectors  every event body of the shared vectors (tests/vectors/**: valid and invalid, every
//            event type), compact JSON strings, sent without a context.
// basm runs twice: Node's build (what `import` and `require` load: built for speed) and the
// browsers' (dist/basm_wasm_bg.wasm, built for size: what a browser downloads, the size goal's
// module), loaded here through a copy of the node entry, so both run in this one V8.
// Prints the rates and ratios, a split of where validateEvent's time goes, and the wasm memory
// over a million validations and for a 10 MB body. Build first (npm run build). Not a test:
// nothing here fails on a slow machine.
//
//   node scripts/bench.mjs [--rounds N] [--ms M] [--profile] [--validations N] [--instructions]
//   --profile [request|read] also runs validateEvent (or validateRequest, or validateEvent with
//                    its errors and unchecked read) alone under the V8 profiler and lists the
//                    top frames by self time and by total time
//                    (build with BASM_WASM_NAMES=1 first for the wasm functions' names, and
//                    BASM_WASM_NO_INLINE to keep chosen functions as frames of their own)
//   --instructions   instead: instructions per event of each contender on the seed corpus,
//                    counted by valgrind (callgrind) over this script run at two lengths, the
//                    difference divided by the events between them (start-up, compiling and
//                    warm-up cancel out): the load-proof figure, a few minutes
//   --validations N  how many validations the memory figure runs (default 1,000,000; 0: none)
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

import { STANDARD_HEADERS, seedCorpus as corpusOfSeeds, seeds as corpusSeeds, vectorCorpus as corpusOfVectors } from "./corpus.mjs";

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = option("--rounds", 7);
const MS = option("--ms", 400);
const VALIDATIONS = option("--validations", 1_000_000);

const basm = await import(join(pkgDir, "dist", "node", "index.mjs"));
const { validateEvent, validateRequest, jsonSchemas } = basm;
// The same instance's glue, for the wasm memory's size and the verdict's text (private exports).
const glue = createRequire(import.meta.url)(join(pkgDir, "dist", "node", "glue.cjs"));

// The browsers' module behind a copy of the node entry (its own instance).
const browserCopy = mkdtempSync(join(tmpdir(), "basm-bench-"));
cpSync(join(pkgDir, "dist"), browserCopy, { recursive: true });
copyFileSync(join(pkgDir, "dist", "basm_wasm_bg.wasm"), join(browserCopy, "node", "basm_wasm_bg.wasm"));
const browserBuild = await import(join(browserCopy, "node", "index.mjs"));
rmSync(browserCopy, { recursive: true, force: true });

// ---- the corpora (scripts/corpus.mjs) ----
const seeds = corpusSeeds();
const seedCorpus = corpusOfSeeds();
const vectorCorpus = corpusOfVectors();

// ---- ajv: one compiled validator per event type ----
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validators = Object.fromEntries(Object.entries(jsonSchemas()).map(([name, schema]) => [name, ajv.compile(schema)]));
function ajvValidate(text) {
  const body = JSON.parse(text);
  const validate = validators[body?.data?.attributes?.event_type];
  return validate ? validate(body) : false;
}

const standard = STANDARD_HEADERS;
const contenders = {
  "JSON.parse alone": (text) => JSON.parse(text) !== null,
  "basm validateEvent": (text) => validateEvent(text).valid,
  "basm validateRequest": (text) => validateRequest({ method: "POST", path: "/api/events", headers: standard, body: text }).valid,
  "  browsers' build": (text) => browserBuild.validateRequest({ method: "POST", path: "/api/events", headers: standard, body: text }).valid,
  "ajv (JSON.parse + schema)": ajvValidate,
};

/** validateEvent, then its errors and unchecked read: a first read, as a portal that shows
 * the errors makes it. */
const reading = (text) => {
  const v = validateEvent(text);
  return v.errors.length + v.unchecked.length >= 0;
};

const SHORT = {
  json: "JSON.parse alone",
  event: "basm validateEvent",
  request: "basm validateRequest",
  "request-browser": "  browsers' build",
  ajv: "ajv (JSON.parse + schema)",
};

// The child of --instructions: `--child <contender> <passes>` validates the seed corpus that
// many times and stops.
const child = args.indexOf("--child");
if (child >= 0) {
  const fn = contenders[SHORT[args[child + 1]]];
  let sink = 0;
  for (let pass = Number(args[child + 2]); pass > 0; pass--) for (const text of seedCorpus) sink += fn(text) ? 1 : 0;
  console.log(`sink ${sink}`);
  process.exit(0);
}

if (args.includes("--instructions")) {
  const { spawnSync } = await import("node:child_process");
  const script = fileURLToPath(import.meta.url);
  const [few, many] = [10, 40];
  const count = (name, passes) => {
    const run = spawnSync(
      "valgrind",
      // --predictable: V8 single-threaded and deterministic, so the two runs differ by the
      // passes only (no background compiling or GC threads counted at random points).
      // --no-liftoff: wasm compiled by TurboFan from the start, as a long-lived portal runs it
      // once tiered up. Under --predictable V8 does not tier wasm up in the background, so
      // without it the count is of Liftoff's baseline code: about 1.5 times the instructions
      // (session 10, the same build: validateEvent 118,989 against 79,429).
      ["--tool=callgrind", "--callgrind-out-file=/dev/null", "--smc-check=all-non-file", process.execPath, "--predictable", "--no-liftoff", script, "--child", name, String(passes)],
      { encoding: "utf8" },
    );
    const found = /Collected : (\d+)/.exec(run.stderr ?? "");
    if (run.error || !found) throw new Error(`valgrind (Debian's valgrind package) did not count: ${run.error?.message ?? run.stderr}`);
    return Number(found[1]);
  };
  console.log(`instructions per event on the seed corpus (${seedCorpus.length} events; callgrind, ${many} passes less ${few}):`);
  const per = {};
  for (const name of Object.keys(SHORT)) {
    per[name] = (count(name, many) - count(name, few)) / ((many - few) * seedCorpus.length);
    console.log(`  ${SHORT[name].padEnd(28)} ${Math.round(per[name]).toLocaleString("en-GB").padStart(10)}`);
  }
  console.log(`ratio validateEvent / ajv:   ${(per.ajv / per.event).toFixed(2)}x (fewer instructions is faster)`);
  console.log(`ratio validateRequest / ajv: ${(per.ajv / per.request).toFixed(2)}x (goal >= 1.0x)`);
  console.log(`  browsers' build:           ${(per.ajv / per["request-browser"]).toFixed(2)}x`);
  process.exit(0);
}

function rate(fn, ms, corpus = seedCorpus) {
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

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString("en-GB");
const mean = (texts) => Math.round(texts.reduce((s, t) => s + t.length, 0) / texts.length);

console.log(`basm-validator ${basm.VERSION}, node ${process.version}`);
for (const [module, what] of [
  [["basm_wasm_bg.wasm"], "the browsers' build (goal <= 120 KB)"],
  [["node", "basm_wasm_bg.wasm"], "Node's build, the one measured unless named"],
]) {
  const bytes = readFileSync(join(pkgDir, "dist", ...module));
  console.log(`wasm: dist/${module.join("/")} ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} gzip -9: ${what}`);
}

/** The contenders over one corpus, alternating rounds; prints the medians and the ratios. */
function compare(label, texts) {
  const validByBasm = texts.filter((t) => validateEvent(t).valid).length;
  const validByAjv = texts.filter(ajvValidate).length;
  const same = texts.filter((t) => JSON.stringify(validateEvent(t)) === JSON.stringify(browserBuild.validateEvent(t))).length;
  if (same !== texts.length) throw new Error(`the two builds' verdicts differ on ${texts.length - same} of ${texts.length} events`);
  for (const fn of Object.values(contenders)) rate(fn, 200, texts); // warm up
  const rates = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(contenders)) rates[name].push(rate(fn, MS, texts));
  }
  console.log(`corpus ${label} (${validByBasm} valid for basm, ${validByAjv} for the schemas), mean ${mean(texts)} bytes`);
  console.log(`${ROUNDS} alternating rounds of ${MS} ms each; median events/s:`);
  const ajvRate = median(rates["ajv (JSON.parse + schema)"]);
  for (const [name, xs] of Object.entries(rates)) {
    console.log(`  ${name.padEnd(28)} ${fmt(median(xs)).padStart(10)}  ${(median(xs) / ajvRate).toFixed(2)}x ajv`);
  }
  console.log(`ratio validateEvent / ajv:   ${(median(rates["basm validateEvent"]) / ajvRate).toFixed(2)}x`);
  console.log(`ratio validateRequest / ajv: ${(median(rates["basm validateRequest"]) / ajvRate).toFixed(2)}x (goal >= 1.0x, stretch 1.5x)`);
  console.log(`  browsers' build:           ${(median(rates["  browsers' build"]) / ajvRate).toFixed(2)}x`);
}

compare(`seeds: ${seedCorpus.length} events from ${seeds.length} seeds`, seedCorpus);
compare(`vectors: ${vectorCorpus.length} event bodies of tests/vectors`, vectorCorpus);

// ---- where validateEvent's time goes, estimated piece by piece ----
// What a first read parses: the text of a verdict's members that are not empty ("" for a
// verdict with none, which is read without wasm).
const verdicts = seedCorpus.map((t) => (validateEvent(t), glue.__basmVerdictText(false))).map((text) => (text === "{}" ? "" : text));
const encoder = new TextEncoder();
const buffer = new Uint8Array(1 << 16);
const per = (fn) => 1e9 / rate(fn, MS); // ns per event
const total = per((t) => validateEvent(t));
const totalRead = per(reading);
// The verdict's JSON text as the first read asks wasm for it (the errors' fixes added, then
// the text of its members that are not empty written and decoded), and a second time (the
// fixes already there).
const withText = per((t) => {
  validateEvent(t);
  return glue.__basmVerdictText(false).length > 0;
});
const withTextAgain = per((t) => {
  validateEvent(t);
  glue.__basmVerdictText(false);
  return glue.__basmVerdictText(false).length > 0;
});
let i = 0;
const crossing = per((t) => encoder.encodeInto(t, buffer).written > 0);
const resultParse = per(() => {
  const text = verdicts[i++ % verdicts.length];
  return text === "" || JSON.parse(text) !== null;
});
const jsonParse = per((t) => JSON.parse(t) !== null);
console.log("validateEvent on the seed corpus, ns per event (estimates):");
console.log(`  total (reading valid and status)        ${total.toFixed(0).padStart(6)}`);
console.log(`  total (reading errors, unchecked too)   ${totalRead.toFixed(0).padStart(6)}`);
console.log(`  body into wasm memory (encodeInto)      ${crossing.toFixed(0).padStart(6)}`);
console.log(`  when read: the errors' fixes (wasm)     ${(withText - total - (withTextAgain - withText)).toFixed(0).padStart(6)}`);
console.log(`  when read: the verdict's text (wasm)    ${(withTextAgain - withText).toFixed(0).padStart(6)}`);
console.log(`  when read: JSON.parse of that text      ${resultParse.toFixed(0).padStart(6)}  (mean ${Math.round(verdicts.reduce((s, v) => s + v.length, 0) / verdicts.filter((v) => v !== "").length)} bytes)`);
console.log(`  when read: the rest (members made data) ${(totalRead - withText - resultParse).toFixed(0).padStart(6)}`);
console.log(`  inside wasm and the wrapper (total - body in)  ${(total - crossing).toFixed(0).padStart(6)}`);
console.log(`  (ajv side: JSON.parse of the body alone ${jsonParse.toFixed(0).padStart(6)})`);

// ---- memory: a million validations, and a 10 MB body ----
if (VALIDATIONS > 0) {
  const memory = () => glue.__basmMemoryBytes();
  const marks = [10_000, 100_000, VALIDATIONS].filter((n, i, a) => n <= VALIDATIONS && a.indexOf(n) === i);
  const seen = [];
  const start = performance.now();
  for (let i = 1, m = 0; i <= VALIDATIONS; i++) {
    const text = seedCorpus[i % seedCorpus.length];
    const v = i % 2 ? validateEvent(text) : validateRequest({ method: "POST", path: "/api/events", headers: standard, body: text });
    if (i % 3 === 0 && v.errors.length + v.unchecked.length < 0) console.log("never");
    if (i === marks[m]) {
      seen.push(`${fmt(i)}: ${fmt(memory())}`);
      m++;
    }
  }
  console.log(`wasm memory (bytes) after N validations of the seed corpus (${((performance.now() - start) / 1000).toFixed(1)} s): ${seen.join(", ")}`);
  const size = 10 * 1024 * 1024;
  const big = `{"data":{"type":"${"x".repeat(size - 20)}"}}`;
  const before = memory();
  const bigStatus = [validateEvent(big), validateEvent(new TextEncoder().encode(big))].map((v) => `${v.status} ${v.errors[0]?.code}`);
  console.log(`a 10 MB body (string, bytes): ${bigStatus.join(", ")}; the wasm memory grew by ${fmt(memory() - before)} bytes (${((memory() - before) / size).toFixed(2)}x the body)`);
}

if (args.includes("--profile")) {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  const choice = args[args.indexOf("--profile") + 1];
  const [label, profiled] =
    choice === "read" ? ["validateEvent, errors and unchecked read", reading] : [SHORT[choice === "request" ? "request" : "event"], null];
  rate(profiled ?? contenders[label], 3000);
  const { profile } = await session.post("Profiler.stop");
  const file = join(pkgDir, "dist", "bench.cpuprofile");
  writeFileSync(file, JSON.stringify(profile));
  // Self time (the frame itself) and total time (the frame and what it calls: a frame counted
  // once per sample however often it recurses). A cost spread over many small functions, such
  // as dropping the previous verdict, shows only in the totals.
  const self = new Map();
  const total = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nameOf = (id) => {
    const f = byId.get(id).callFrame;
    return `${f.functionName || "(anonymous)"} ${f.url ? f.url.split("/").slice(-2).join("/") : ""}`.trim();
  };
  profile.samples.forEach((id, k) => {
    const t = dt[k] ?? 0;
    self.set(nameOf(id), (self.get(nameOf(id)) ?? 0) + t);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(nameOf(at));
    for (const name of seen) total.set(name, (total.get(name) ?? 0) + t);
  });
  const TOP = 40;
  const sum = [...self.values()].reduce((a, b) => a + b, 0);
  const list = (title, times, skip) => {
    console.log(title);
    for (const [name, t] of [...times].filter(([n]) => !skip.has(n)).sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
      console.log(`  ${((100 * t) / sum).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  list(`top self-time frames of ${label} (V8 sampling profile, ${file}):`, self, new Set());
  // The bench's own frames (the root, the loop) are in every sample: left out of the totals.
  const outer = new Set([...total].filter(([, t]) => t >= 0.99 * sum).map(([n]) => n));
  list(`top total-time frames of ${label} (a frame and all it calls; those in every sample left out):`, total, outer);
}
