#!/usr/bin/env node
// A dev tool (not part of the build or the tests): what takes the room in the .wasm. Lists
// the largest functions by body size, with their names from the name section, and the size of
// each section. Reads cargo's module (before wasm-bindgen and wasm-opt, which drop the names)
// unless given a path; crate totals group names by their leading path segment.
//
//   node scripts/size.mjs [module.wasm] [--top N]
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const args = process.argv.slice(2);
const topIndex = args.indexOf("--top");
const TOP = topIndex >= 0 ? Number(args[topIndex + 1]) : 40;
const file =
  args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--top") ??
  join(process.env.CARGO_TARGET_DIR || join(root, "target"), "wasm32-unknown-unknown", "release", "basm_wasm.wasm");
const bytes = readFileSync(file);

let pos = 8; // magic + version
function u32() {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result >>> 0;
    shift += 7;
  }
}
function name() {
  const len = u32();
  const s = bytes.toString("utf8", pos, pos + len);
  pos += len;
  return s;
}

const sections = [];
let importedFunctions = 0;
const bodies = []; // [size] by defined function index
const names = new Map();
let dataBytes = 0;
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  const start = pos;
  const end = pos + size;
  let label = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"][id];
  if (id === 0) {
    const custom = name();
    label = `custom "${custom}"`;
    if (custom === "name") {
      while (pos < end) {
        const sub = bytes[pos++];
        const subSize = u32();
        const subEnd = pos + subSize;
        if (sub === 1) {
          const count = u32();
          for (let i = 0; i < count; i++) {
            const index = u32();
            names.set(index, name());
          }
        }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    const count = u32();
    for (let i = 0; i < count; i++) {
      name();
      name();
      const kind = bytes[pos++];
      if (kind === 0) {
        u32();
        importedFunctions++;
      } else if (kind === 1) {
        pos++;
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 2) {
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 3) {
        pos += 2;
      }
    }
  } else if (id === 10) {
    const count = u32();
    for (let i = 0; i < count; i++) {
      const bodySize = u32();
      bodies.push(bodySize);
      pos += bodySize;
    }
  } else if (id === 11) {
    dataBytes = size;
  }
  sections.push([label, size]);
  pos = end;
  void start;
}

const total = bytes.length;
const pct = (n) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${total} bytes, ${bodies.length} functions, data ${dataBytes} bytes`);
console.log("sections:");
for (const [label, size] of sections.sort((a, b) => b[1] - a[1])) console.log(`  ${String(size).padStart(8)} ${pct(size)}  ${label}`);

const functions = bodies.map((size, i) => ({ size, name: names.get(i + importedFunctions) ?? `func[${i + importedFunctions}]` }));
for (const f of functions) f.mangled = f.name;
functions.sort((a, b) => b.size - a.size);
/** A legacy-mangled Rust name (`_ZN…E`) made readable; v0 names (`_R…`) are left as they are. */
function demangle(symbol) {
  if (!symbol.startsWith("_ZN")) return symbol;
  const parts = [];
  let i = 3;
  while (i < symbol.length && symbol[i] !== "E") {
    let j = i;
    while (symbol[j] >= "0" && symbol[j] <= "9") j++;
    if (j === i) break;
    const len = Number(symbol.slice(i, j));
    parts.push(symbol.slice(j, j + len));
    i = j + len;
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? "")) parts.pop();
  const escapes = { LT: "<", GT: ">", RF: "&", C: ",", SP: "@", BP: "*", LP: "(", RP: ")", u20: " ", u27: "'", u5b: "[", u5d: "]", u7b: "{", u7d: "}", u7e: "~" };
  return parts
    .join("::")
    .replace(/\$([A-Za-z0-9]+)\$/g, (m, e) => escapes[e] ?? m)
    .replace(/\.\./g, "::")
    .replace(/^_</, "<");
}

/** The crate a function belongs to: the first path segment of its (demangled) name. */
function crateOf(symbol) {
  const v0 = /^_R.*?C[sn][0-9A-Za-z_]*?_(\d+)([a-z_][a-z0-9_]*)/.exec(symbol);
  if (v0) return v0[2].slice(0, Number(v0[1]));
  const m = /^[<&\s]*(?:mut\s+|dyn\s+)*([A-Za-z_][A-Za-z0-9_]*)/.exec(demangle(symbol));
  return m ? m[1] : symbol;
}

for (const f of functions) f.name = demangle(f.name);
const crates = new Map();
for (const f of functions) {
  const crate = crateOf(f.mangled);
  crates.set(crate, (crates.get(crate) ?? 0) + f.size);
}
console.log(`largest ${TOP} functions (body bytes):`);
for (const f of functions.slice(0, TOP)) console.log(`  ${String(f.size).padStart(8)} ${pct(f.size)}  ${f.name.slice(0, 150)}`);

console.log("code bytes by crate:");
for (const [crate, size] of [...crates].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${String(size).padStart(8)} ${pct(size)}  ${crate}`);

/** The module of basm_core a function's name names first (`basm_core::endpoints::moves`). */
function moduleOf(name) {
  const m = /basm_core::([a-z_0-9]+)(?:::([a-z_0-9]+))?/.exec(name);
  if (!m) return null;
  return m[2] && m[1] === "endpoints" ? `${m[1]}::${m[2]}` : m[1];
}
const modules = new Map();
for (const f of functions) {
  const module = moduleOf(f.name);
  if (module) modules.set(module, (modules.get(module) ?? 0) + f.size);
}
console.log("basm_core code bytes by module (functions named after it, generics included):");
for (const [module, size] of [...modules].sort((a, b) => b[1] - a[1])) console.log(`  ${String(size).padStart(8)} ${pct(size)}  ${module}`);
