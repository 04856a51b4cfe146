#!/usr/bin/env node
// A dev tool (not part of the build or the tests): how many `memory.copy` instructions a
// validation runs, by the function that runs them and by size. In the `.wasm` every `memcpy`
// the compiler does not turn into loads and stores (a move of a struct larger than 32 bytes,
// a copy of a string) is a `memory.copy`, and V8 runs each as a call out of wasm: about 5 ns
// whatever the size, where a load and a store cost a fraction of one (session 17 measured 46
// a `validateRequest` of the seed corpus, and each one removed was worth about 0.15%).
//
// It builds an instrumented copy of the package in a scratch directory: wasm-bindgen's output
// of cargo's module with its names kept, `wasm-opt -Oz -g` and the small copies made calls as
// the build does them (scripts/wat.mjs), every `memory.copy` left then made a call to a
// function that counts it (an import) before copying.
// Build first (npm run build), so that cargo's module is the package's.
//
//   node scripts/copies.mjs [--request] [--top N]    (validateEvent, or validateRequest)
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { STANDARD_HEADERS, seedCorpus } from "./corpus.mjs";
import { SMALL_COPY_BYTES, memoryCopies, smallCopiesToCalls } from "./wat.mjs";

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkgDir);
const bin = (name) => join(root, "node_modules", ".bin", name);
const args = process.argv.slice(2);
const topIndex = args.indexOf("--top");
const TOP = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;
const request = args.includes("--request");
const module = join(process.env.CARGO_TARGET_DIR || join(root, "target"), "wasm32-unknown-unknown", "release", "basm_wasm.wasm");

const scratch = mkdtempSync(join(tmpdir(), "basm-copies-"));
try {
  const run = (cmd, argv) => execFileSync(cmd, argv, { stdio: ["ignore", "ignore", "inherit"] });
  run("wasm-bindgen", [module, "--target", "nodejs", "--out-dir", join(scratch, "bindgen"), "--experimental-reset-state-function", "--keep-debug"]);
  const named = join(scratch, "named.wasm");
  run(bin("wasm-opt"), ["--remove-exports", "--pass-arg=remove-exports@memcmp", "-Oz", "-g", join(scratch, "bindgen", "basm_wasm_bg.wasm"), "-o", named]);
  run(bin("wasm-dis"), [named, "-o", join(scratch, "named.wat")]);

  // The build's own rewrite first (its small constant copies made calls: scripts/wat.mjs),
  // then each `(memory.copy` left (folded text: its operands follow on their own lines)
  // becomes a call of `$__counted_copy` with the site's number first, which reports the site,
  // then copies.
  const lowered = smallCopiesToCalls(readFileSync(join(scratch, "named.wat"), "utf8"), SMALL_COPY_BYTES).text;
  const lines = lowered.split("\n");
  const sites = memoryCopies(lines).map(({ line, func, size }) => {
    const indent = lines[line].slice(0, lines[line].length - lines[line].trimStart().length);
    return { line, func, size: size ?? "n", indent };
  });
  const out = [];
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    if (next < sites.length && sites[next].line === i) {
      out.push(`${sites[next].indent}(call $__counted_copy`, `${sites[next].indent} (i32.const ${next})`);
      next++;
    } else {
      out.push(lines[i]);
    }
  }
  let text = out.join("\n");
  const firstImport = text.indexOf(" (import ");
  text = `${text.slice(0, firstImport)} (import "basm_copies" "site" (func $__site (param i32)))\n${text.slice(firstImport)}`;
  const exportsAt = text.indexOf(' (export "memory"');
  text = `${text.slice(0, exportsAt)} (func $__counted_copy (param $site i32) (param $to i32) (param $from i32) (param $n i32)
  (call $__site (local.get $site))
  (memory.copy (local.get $to) (local.get $from) (local.get $n)))
${text.slice(exportsAt)}`;
  writeFileSync(join(scratch, "counted.wat"), text);

  const dist = join(scratch, "dist");
  cpSync(join(pkgDir, "dist"), dist, { recursive: true });
  // In place of Node's module, which the node glue loads (the counts are the browsers' build's).
  run(bin("wasm-as"), ["--all-features", join(scratch, "counted.wat"), "-o", join(dist, "node", "basm_wasm_bg.wasm")]);
  const gluePath = join(dist, "node", "glue.cjs");
  const glue = readFileSync(gluePath, "utf8");
  const instantiate = "new WebAssembly.Instance(wasmModule, __wbg_get_imports())";
  if (!glue.includes(instantiate)) throw new Error("copies: unexpected glue: cannot add the counting import");
  writeFileSync(gluePath, glue.replaceAll(instantiate, "new WebAssembly.Instance(wasmModule, { ...__wbg_get_imports(), basm_copies: { site: (k) => globalThis.__basmCopies[k]++ } })"));

  globalThis.__basmCopies = new Float64Array(sites.length);
  const basm = createRequire(import.meta.url)(join(dist, "node", "index.cjs"));
  const corpus = seedCorpus();
  const validate = request
    ? (text) => basm.validateRequest({ method: "POST", path: "/api/events", headers: STANDARD_HEADERS, body: text }).valid
    : (text) => basm.validateEvent(text).valid;
  for (const body of corpus) validate(body); // warm: the first calls fill the buffers kept
  const before = Float64Array.from(globalThis.__basmCopies);
  for (const body of corpus) validate(body);
  const perEvent = (k) => (globalThis.__basmCopies[k] - before[k]) / corpus.length;

  const byFunction = new Map();
  let total = 0;
  for (let k = 0; k < sites.length; k++) {
    const n = perEvent(k);
    total += n;
    if (n > 0) byFunction.set(sites[k].func, (byFunction.get(sites[k].func) ?? 0) + n);
  }
  const name = (f) => f.replace(/::h[0-9a-f]{16}$/, "").slice(0, 120);
  console.log(`memory.copy per ${request ? "validateRequest" : "validateEvent"} of the seed corpus (${corpus.length} events): ${total.toFixed(1)}`);
  console.log("by function:");
  for (const [f, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${n.toFixed(2).padStart(6)}  ${name(f)}`);
  console.log("by site (size in bytes, or `n` when it varies):");
  const bySite = sites.map(({ func, size }, k) => [perEvent(k), size, func]).filter(([n]) => n > 0);
  for (const [n, size, f] of bySite.sort((a, b) => b[0] - a[0]).slice(0, TOP)) console.log(`  ${n.toFixed(2).padStart(6)}  ${String(size).padStart(4)}  ${name(f)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
