#!/usr/bin/env node
// Builds the npm package into dist/ (git-ignored):
//   cargo build (wasm32: profile release for browsers, release-node for Node) → wasm-bindgen
//   (web, nodejs) → wasm-opt (-Oz, -O3) → wrappers + types.
//
//   dist/basm_wasm_bg.wasm      the module for browsers and bundlers, built for size (opt-level z)
//   dist/node/basm_wasm_bg.wasm the module for Node, built for speed (opt-level 3): the same
//                               code and the same verdicts (every vector runs on both), read
//                               from disk once, so its bytes cost nothing on the wire
//   dist/node/index.cjs         require(): the nodejs glue loads the module synchronously
//   dist/node/index.mjs         import in Node: re-exports the CommonJS entry (one instance)
//   dist/web/index.js           browsers and bundlers: top-level await of the init, no init call
//   dist/index.d.ts, .d.cts     the declarations (wasm-bindgen's, plus the event request types)
//   dist/basm-cli.wasm          the `basm` command line (cli/, wasm32-wasip1), for the bin
//   dist/bin/basm-validator.mjs the bin: runs dist/basm-cli.wasm under Node's WASI
//
// Environment: CARGO_TARGET_DIR (default: the workspace's target/), BASM_SKIP_WASM_OPT=1 (faster
// dev builds, bigger modules), BASM_WASM_OPT (wasm-opt's level for the browsers' module,
// default -Oz), BASM_WASM_OPT_NODE (for Node's, default -O3), BASM_WASM_NAMES=1
// (keep the functions' names, for `npm run bench -- --profile`; a bigger file, the same code),
// BASM_WASM_NO_INLINE (with BASM_WASM_NAMES=1 only: comma-separated wasm-opt name patterns,
// such as `*judge*,*validate_unfixed*`, of functions kept out of line, so that a profile shows
// them as frames of their own: wasm-opt inlines a function with one caller whatever Rust's
// `#[inline(never)]` says), CARGO (default: cargo), WASM_BINDGEN (default: wasm-bindgen).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import { SMALL_COPY_BYTES, smallCopiesToCalls } from "./wat.mjs";

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkgDir);
const dist = join(pkgDir, "dist");
const targetDir = process.env.CARGO_TARGET_DIR || join(root, "target");
const cargo = process.env.CARGO || "cargo";
const wasmBindgen = process.env.WASM_BINDGEN || "wasm-bindgen";
const wasmOpt = join(root, "node_modules", ".bin", "wasm-opt");
const wasmDis = join(root, "node_modules", ".bin", "wasm-dis");
const wasmAs = join(root, "node_modules", ".bin", "wasm-as");

function run(cmd, args, options = {}) {
  console.log(`build: ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { stdio: "inherit", cwd: root, ...options });
}

function step(name, fn) {
  const start = performance.now();
  fn();
  console.log(`build: ${name} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
}

// 1. The modules: one source, two cargo profiles (the workspace's Cargo.toml says why).
// Browsers download the module, so theirs is built for size; Node reads its own from disk,
// so it is built for speed: about 1.5 times the events a second of the size build, side by
// side in one process (docs/engine.md).
const BUILDS = [
  { target: "web", profile: "release", out: join(dist, "basm_wasm_bg.wasm"), level: process.env.BASM_WASM_OPT || "-Oz" },
  { target: "nodejs", profile: "release-node", out: join(dist, "node", "basm_wasm_bg.wasm"), level: process.env.BASM_WASM_OPT_NODE || "-O3" },
];
for (const build of BUILDS) {
  step(`cargo (profile ${build.profile})`, () =>
    run(cargo, ["build", "-p", "basm-wasm", "--target", "wasm32-unknown-unknown", "--profile", build.profile, "--locked"], {
      env: { ...process.env, CARGO_TARGET_DIR: targetDir },
    }),
  );
  build.built = join(targetDir, "wasm32-unknown-unknown", build.profile, "basm_wasm.wasm");
}

// 1b. The data (eventTypes(), jsonSchemas()), by a native program over core's event table.
const dataDir = join(targetDir, "basm-data");
step("cargo run --example data", () =>
  run(cargo, ["run", "--release", "--locked", "-q", "-p", "basm-wasm", "--example", "data", "--", dataDir], {
    env: { ...process.env, CARGO_TARGET_DIR: targetDir },
  }),
);

// 1c. The command line (`npx basm-validator check …`): the cli crate's `basm` binary for
// wasm32-wasip1, run by Node's WASI (src/bin.mjs). Not loaded by the validator's entry points.
step("cargo build -p basm-cli (wasm32-wasip1)", () =>
  run(cargo, ["build", "-p", "basm-cli", "--bin", "basm", "--target", "wasm32-wasip1", "--release", "--locked"], {
    env: { ...process.env, CARGO_TARGET_DIR: targetDir },
  }),
);
const builtCli = join(targetDir, "wasm32-wasip1", "release", "basm.wasm");

// 2. The JS glue, into a scratch folder.
const names = process.env.BASM_WASM_NAMES === "1";
const scratch = join(dist, ".bindgen");
rmSync(dist, { recursive: true, force: true });
for (const { target, built } of BUILDS) {
  step(`wasm-bindgen --target ${target}`, () =>
    run(wasmBindgen, [
      built,
      "--target",
      target,
      "--out-dir",
      join(scratch, target),
      // Lets the wrappers start a fresh instance if a call ever traps (a bug: never on input).
      "--experimental-reset-state-function",
      "--remove-producers-section",
      ...(names ? ["--keep-debug"] : []),
    ]),
  );
}

// 3. wasm-opt from the npm package binaryen (never Debian's, which miscompiles), at each
// module's level.
mkdirSync(join(dist, "node"), { recursive: true });
mkdirSync(join(dist, "web"), { recursive: true });
for (const { target, out, level } of BUILDS) {
  const bound = join(scratch, target, "basm_wasm_bg.wasm");
  if (process.env.BASM_SKIP_WASM_OPT === "1") {
    copyFileSync(bound, out);
    continue;
  }
  if (!existsSync(wasmOpt)) {
    throw new Error(`${wasmOpt} is missing: run npm ci at the repository root (scripts/setup.sh does)`);
  }
  // core's `memcmp` (core/src/memcmp.rs) is a C symbol, so the linker exports it; it is no
  // part of the package's interface.
  const hidden = ["--remove-exports", "--pass-arg=remove-exports@memcmp"];
  const outOfLine = names
    ? (process.env.BASM_WASM_NO_INLINE ?? "")
        .split(",")
        .filter((p) => p !== "")
        .map((p) => `--no-inline=${p}`)
    : [];
  step(`wasm-opt ${level} (${target})`, () => run(wasmOpt, [...hidden, ...outOfLine, level, ...(names ? ["-g"] : []), bound, "-o", out]));
  // Each `memory.copy` of a constant size up to SMALL_COPY_BYTES (a struct's move) becomes a call to
  // a function of straight-line loads and stores (scripts/wat.mjs): V8 runs `memory.copy` as
  // a call out of wasm, about 5 ns whatever the size. +87 B gzip, about +2% events/s
  // (session 17). Not for a build with names (a profile would show the functions instead).
  if (!names) {
    step(`small copies made calls (scripts/wat.mjs, ${target})`, () => {
      const text = join(scratch, "module.wat");
      run(wasmDis, [out, "-o", text]);
      const lowered = smallCopiesToCalls(readFileSync(text, "utf8"), SMALL_COPY_BYTES);
      writeFileSync(text, lowered.text);
      // The features the module uses (wasm32-unknown-unknown's, as rustc enables them).
      const features = ["bulk-memory", "reference-types", "multivalue", "mutable-globals", "nontrapping-float-to-int", "sign-ext"].map((f) => `--enable-${f}`);
      run(wasmAs, [...features, text, "-o", out]);
      run(wasmOpt, [...features, level, out, "-o", out]);
      console.log(`build: ${lowered.rewritten} memory.copy made calls to ${lowered.functions} functions`);
    });
  }
}
const cliWasm = join(dist, "basm-cli.wasm");
if (process.env.BASM_SKIP_WASM_OPT === "1") {
  copyFileSync(builtCli, cliWasm);
} else {
  step("wasm-opt -Oz (cli)", () => run(wasmOpt, ["-Oz", builtCli, "-o", cliWasm]));
}
mkdirSync(join(dist, "bin"), { recursive: true });
copyFileSync(join(pkgDir, "src", "bin.mjs"), join(dist, "bin", "basm-validator.mjs"));

// 4. Glue and wrappers. Each glue loads its module (Node's beside it, as wasm-bindgen writes
// it; the browsers' pointed at dist/, where the `./basm_wasm_bg.wasm` export names it), and
// exports its view of the wasm memory (`getUint8ArrayMemory0`, made again when the memory
// grows or the instance restarts) as `__basmHeap`, for the wrapper's writes of a call's
// arguments into wasm's input area.
const HEAP = "function getUint8ArrayMemory0() {";
const nodeGlue = readFileSync(join(scratch, "nodejs", "basm_wasm.js"), "utf8")
  .replace("/* @ts-self-types=\"./basm_wasm.d.ts\" */\n", "");
if (!nodeGlue.includes("const wasmPath = `${__dirname}/basm_wasm_bg.wasm`;") || !nodeGlue.includes(HEAP)) {
  throw new Error("unexpected nodejs glue from wasm-bindgen: it does not load the module beside it, or has no memory view");
}
writeFileSync(join(dist, "node", "glue.cjs"), `${nodeGlue}exports.__basmHeap = getUint8ArrayMemory0;\n`);

const webGlue = readFileSync(join(scratch, "web", "basm_wasm.js"), "utf8")
  .replace("/* @ts-self-types=\"./basm_wasm.d.ts\" */\n", "")
  .replace("new URL('basm_wasm_bg.wasm', import.meta.url)", "new URL('../basm_wasm_bg.wasm', import.meta.url)");
if (!webGlue.includes("new URL('../basm_wasm_bg.wasm', import.meta.url)") || !webGlue.includes(HEAP)) {
  throw new Error("unexpected web glue from wasm-bindgen: cannot point it at dist/basm_wasm_bg.wasm or find its memory view");
}
writeFileSync(join(dist, "web", "glue.js"), `${webGlue}export { getUint8ArrayMemory0 as __basmHeap };\n`);

const DATA_FILES = ["event-types", "json-schemas"];
const data = Object.fromEntries(DATA_FILES.map((name) => [name, readFileSync(join(dataDir, `${name}.json`), "utf8")]));
for (const name of DATA_FILES) writeFileSync(join(dist, `${name}.json`), data[name]);
writeFileSync(
  join(dist, "web", "data.js"),
  `// basm-validator's data (eventTypes(), jsonSchemas()) as JSON text. Generated by scripts/build.mjs; do not edit.\nexport const DATA = {\n${DATA_FILES.map((name) => `  ${JSON.stringify(name)}: ${JSON.stringify(data[name])},`).join("\n")}\n};\n`,
);

const API = ["validateRequest", "validateEvent", "validateAllocation", "nextState", "eventTypes", "jsonSchemas"];

// Every entry point holds the same JS boundary (src/wrapper.js, over `glue`) and wraps each
// function the same way: a trap (a bug, never an input) is reported with the panic message
// and a fresh instance is started, so the module keeps working.
const boundary = readFileSync(join(pkgDir, "src", "wrapper.js"), "utf8");
// The verdict's members that wasm's packed answer flags (in the order of its bits, `pack` in
// src/lib.rs), with their empty values: core's `Verdict::MEMBERS`, written by the data example
// above. Then the constructors src/wrapper.js uses (`makeLazy(accessors, hide)` gives them):
// one per combination of the members that are read later (bit i of the index: MEMBERS[i] is
// not empty), each making the verdict in its key order with those members as own accessors
// (`accessors[i]`, shared by every verdict) and the others empty. One function a combination
// keeps each property store monomorphic. Index 0, no member to read later, is a plain object
// literal.
const EMPTY_MEMBERS = JSON.parse(readFileSync(join(dataDir, "verdict-members.json"), "utf8"));
const MEMBERS = Object.keys(EMPTY_MEMBERS);
function lazyConstructors() {
  const empty = MEMBERS.map((name) => `${name}: ${JSON.stringify(EMPTY_MEMBERS[name])}`).join(", ");
  const lines = [
    `const MEMBERS = ${JSON.stringify(MEMBERS)};`,
    "const makeLazy = (accessors, hide) => [",
    `  (valid, status, endpoint) => ({ valid, status, endpoint, ${empty} }), // no lazy member: a plain object literal`,
  ];
  for (let members = 1; members < 1 << MEMBERS.length; members++) {
    const fields = MEMBERS.map((name, i) =>
      members & (1 << i) ? `Object.defineProperty(v, "${name}", accessors[${i}]);` : `v.${name} = ${JSON.stringify(EMPTY_MEMBERS[name])};`,
    );
    lines.push(`  (valid, status, endpoint, pending) => { const v = { valid, status, endpoint }; hide(v, pending); ${fields.join(" ")} return v; },`);
  }
  lines.push("];");
  return lines.join("\n");
}

function wrappers() {
  const lines = [
    lazyConstructors(),
    "const api = (() => {",
    boundary.trimEnd(),
    "return api;",
    "})();",
    "function guard(name) {",
    "  const fn = api[name];",
    "  return {",
    "    [name](a, b, c) {",
    "      try {",
    "        return fn(a, b, c);",
    "      } catch (error) {",
    "        if (!(error instanceof WebAssembly.RuntimeError)) throw error;",
    "        let panic = \"\";",
    "        try { panic = glue.__basmLastPanic(); } catch { /* the instance is gone */ }",
    "        try { glue.__wbg_reset_state(); } catch { /* keep the old instance */ }",
    "        throw new Error(",
    "          `basm-validator: internal error in ${name}${panic ? `: ${panic}` : \"\"}. ` +",
    "            \"The module was restarted and keeps working; please report this with the input.\",",
    "          { cause: error },",
    "        );",
    "      }",
    "    },",
    "  }[name];",
    "}",
  ];
  return lines.join("\n");
}

const banner = (what) =>
  `// basm-validator ${what}. Generated by scripts/build.mjs; do not edit.\n`;

writeFileSync(
  join(dist, "node", "index.cjs"),
  `${banner("for Node, CommonJS: the module loads synchronously on require, no init call")}"use strict";
const glue = require("./glue.cjs");
// The data files sit next to the module, read when eventTypes() or jsonSchemas() is called.
const dataText = (name) => require("fs").readFileSync(require("path").join(__dirname, "..", \`\${name}.json\`), "utf8");
${wrappers()}
${API.map((name) => `exports.${name} = guard(${JSON.stringify(name)});`).join("\n")}
exports.VERSION = glue.__basmVersion();
`,
);

writeFileSync(
  join(dist, "node", "index.mjs"),
  `${banner("for Node, ES module: re-exports the CommonJS entry, so import and require share one instance")}import api from "./index.cjs";

export const { ${[...API, "VERSION"].join(", ")} } = api;
`,
);

writeFileSync(
  join(dist, "web", "index.js"),
  `${banner("for browsers and bundlers: an ES module whose top-level await loads the module, no init call")}import init, * as glue from "./glue.js";
import { DATA } from "./data.js";

await init();

// The data files' text, from a generated module (no fetch: eventTypes() stays synchronous).
const dataText = (name) => DATA[name];

${wrappers()}
${API.map((name) => `export const ${name} = guard(${JSON.stringify(name)});`).join("\n")}
export const VERSION = glue.__basmVersion();
`,
);

// 5. Declarations: wasm-bindgen's (nodejs: no init functions; src/types.d.ts), without the
// private exports, plus the request document of every event type, generated from
// eventTypes(), and the public functions (src/api.d.ts: they are JS, src/wrapper.js).
const require = createRequire(import.meta.url);
const { eventTypes } = require(join(dist, "node", "index.cjs"));
let dts = readFileSync(join(scratch, "nodejs", "basm_wasm.d.ts"), "utf8")
  .replace("/* tslint:disable */\n/* eslint-disable */\n", "")
  .replace(/^export function __wbg_reset_state\(\): void;\n/m, "");
if (/__wbg|__basm|\bany\b/.test(dts.replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/"[^"\n]*"/g, '""'))) {
  throw new Error("the declarations expose a private export or `any`: check src/lib.rs");
}
const marker = "// @generated-event-types\n";
if (!dts.includes(marker)) throw new Error(`src/types.d.ts lost its ${marker.trim()} line`);
const functions = readFileSync(join(pkgDir, "src", "api.d.ts"), "utf8").replace(/^(\/\/.*\n)+\n/, "");
dts = `${dts.replace(marker, eventDeclarations(eventTypes())).trimEnd()}\n\n\n\n\n${functions}`;
dts = `// Type definitions for basm-validator. Generated by scripts/build.mjs from src/lib.rs,\n// src/types.d.ts and the event table; do not edit.\n${dts}`;
writeFileSync(join(dist, "index.d.ts"), dts);
writeFileSync(join(dist, "index.d.cts"), dts);
rmSync(scratch, { recursive: true, force: true });

const [web, node] = BUILDS.map(({ out }) => [statSync(out).size, gzipSync(readFileSync(out), { level: 9 }).length]);
console.log(`build: dist/basm_wasm_bg.wasm ${web[0]} bytes, ${web[1]} gzip -9 (browsers: the size goal's figure)`);
console.log(`build: dist/node/basm_wasm_bg.wasm ${node[0]} bytes, ${node[1]} gzip -9 (Node, built for speed)`);
console.log(`build: dist/basm-cli.wasm ${statSync(cliWasm).size} bytes (the command line, loaded by npx basm-validator only)`);

/** TypeScript for every event type's request document, from the event table. */
function eventDeclarations(types) {
  const doc = (text, indent = "") => {
    const lines = text.trim().split("\n");
    return lines.length === 1
      ? `${indent}/** ${lines[0]} */\n`
      : `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join("\n")}\n${indent} */\n`;
  };
  const literal = (s) => JSON.stringify(s);
  const fieldType = (f) => {
    switch (f.kind) {
      case "enum":
        return f.allowed.map(literal).join(" | ");
      case "boolean":
        return "boolean";
      case "string_array":
        return "string[]";
      case "any":
        return "JsonValue";
      default:
        return "string";
    }
  };
  const fieldDoc = (f) => {
    const format = { date_time: " (ISO-8601 date-time)", date: " (ISO-8601 date)" }[f.kind] ?? "";
    return (f.doc.trim() || f.name) + (f.doc.includes("ISO-8601") ? "" : format);
  };
  let out = "/** Every event type, by the name `event_type` takes. */\n";
  out += `export type EventTypeName =\n${types.map((t) => `  | ${literal(t.name)}`).join("\n")};\n\n`;
  const postable = types.filter((t) => t.postable);
  for (const t of postable) {
    out += doc(`The details of a ${t.name} event.`);
    if (t.fields.length === 0) {
      out += `export interface ${t.name}Details {}\n\n`;
    } else {
      out += `export interface ${t.name}Details {\n`;
      for (const f of t.fields) {
        out += doc(fieldDoc(f), "  ");
        out += f.required ? `  ${f.name}: ${fieldType(f)};\n` : `  ${f.name}?: ${fieldType(f)} | null;\n`;
      }
      out += "}\n\n";
    }
    const required = t.fields.some((f) => f.required);
    const eventable = t.eventable.filter((e) => e !== "lodgings" && e !== "profiles").map(literal).join(" | ");
    out += doc(`A \`POST /api/events\` body recording a ${t.name} event: ${t.doc.trim()}${t.deprecated ? `\n\n@deprecated ${t.deprecated}` : ""}`);
    out += `export interface ${t.name}Event {\n  data: {\n    type: "events";\n`;
    out += `    attributes: EventAttributesBase<${literal(t.name)}> & { details${required ? "" : "?"}: ${t.name}Details };\n`;
    out += `    relationships: {\n      eventable: Relationship<${eventable}>;\n`;
    for (const r of t.relationships) {
      out += doc(r.doc.trim() || r.name, "      ");
      out += `      ${r.name}${r.required ? "" : "?"}: Relationship<${literal(r.type)}>;\n`;
    }
    out += "    };\n  };\n}\n\n";
  }
  out += "/** The body of any event a client may post to `POST /api/events`. */\n";
  out += `export type EventRequest =\n${postable.map((t) => `  | ${t.name}Event`).join("\n")};\n`;
  return out;
}
