// The `memory.copy` instructions of a module, in the folded text `wasm-dis` writes: found,
// counted (scripts/copies.mjs) and rewritten (scripts/build.mjs).
//
// Why: in the `.wasm` every `memcpy` the compiler does not turn into loads and stores (a move
// of a struct over 32 bytes at opt-level `z`, a string's copy) is a `memory.copy`, and V8
// runs each as a call out of wasm, about 5 ns whatever the size (session 17).

/** The largest constant `memory.copy` the build makes a call ([`smallCopiesToCalls`]). */
export const SMALL_COPY_BYTES = 128;

/**
 * The `memory.copy` instructions of `lines` (the module's text split at line breaks): for
 * each, the line it starts on, the function it is in and its size operand (a number when it
 * is a constant, else null).
 */
export function memoryCopies(lines) {
  const copies = [];
  let func = "";
  for (let i = 0; i < lines.length; i++) {
    const header = /^ \(func \$("[^"]*"|\S+)/.exec(lines[i]);
    if (header) func = header[1].replace(/^"|"$/g, "");
    if (lines[i].trim() === "(memory.copy") copies.push({ line: i, func, size: constantSize(operands(lines, i)[2]) });
  }
  return copies;
}

/**
 * The module's text with each `memory.copy` of a constant size from 1 to `limit` bytes made
 * a call to a function of that size (`$__copyN`, added: straight-line loads and stores, eight
 * bytes at a time). A call is shorter than `memory.copy` with its size, and V8 runs a small
 * wasm function's loads and stores faster than its call out of wasm. Moves of a struct never
 * overlap; each function reads all it copies before it writes, so it is a `memmove` all the
 * same.
 */
export function smallCopiesToCalls(text, limit) {
  const lines = text.split("\n");
  const sizes = new Set();
  let rewritten = 0;
  for (const copy of memoryCopies(lines)) {
    if (copy.size === null || copy.size < 1 || copy.size > limit) continue;
    // `(memory.copy` then its three operands, then `)`: the opening line becomes the call,
    // and the size operand (one line, `(i32.const N)`) is dropped.
    const [, , size] = operands(lines, copy.line);
    const indent = lines[copy.line].slice(0, lines[copy.line].length - lines[copy.line].trimStart().length);
    lines[copy.line] = `${indent}(call $__copy${copy.size}`;
    for (let i = size.first; i <= size.last; i++) lines[i] = null;
    sizes.add(copy.size);
    rewritten++;
  }
  let out = lines.filter((line) => line !== null).join("\n");
  const functions = [...sizes].sort((a, b) => a - b).map(copyFunction).join("");
  const at = out.indexOf("\n (export ");
  if (at < 0) throw new Error("wat: no export section to put the copy functions before");
  out = `${out.slice(0, at + 1)}${functions}${out.slice(at + 1)}`;
  return { text: out, rewritten, functions: sizes.size };
}

/** `$__copyN`: loads of every word first, then the stores (a `memmove`, overlap or not). */
function copyFunction(n) {
  const parts = [];
  for (let at = 0; at < n; ) {
    const width = n - at >= 8 ? 8 : n - at >= 4 ? 4 : 1;
    parts.push({ at, width });
    at += width;
  }
  const type = (width) => (width === 8 ? "i64" : "i32");
  const load = ({ at, width }) => (width === 8 ? `(i64.load offset=${at} align=1 (local.get $s))` : width === 4 ? `(i32.load offset=${at} align=1 (local.get $s))` : `(i32.load8_u offset=${at} (local.get $s))`);
  const store = ({ at, width }, i) =>
    width === 8
      ? `  (i64.store offset=${at} align=1 (local.get $d) (local.get $v${i}))`
      : width === 4
        ? `  (i32.store offset=${at} align=1 (local.get $d) (local.get $v${i}))`
        : `  (i32.store8 offset=${at} (local.get $d) (local.get $v${i}))`;
  const locals = parts.map(({ width }, i) => `  (local $v${i} ${type(width)})`).join("\n");
  const loads = parts.map((part, i) => `  (local.set $v${i} ${load(part)})`).join("\n");
  const stores = parts.map(store).join("\n");
  return ` (func $__copy${n} (param $d i32) (param $s i32)\n${locals}\n${loads}\n${stores})\n`;
}

/** The operands of the folded instruction opening at `lines[at]`: `{ first, last, text }`
 * each (their line range and text). */
function operands(lines, at) {
  const found = [];
  let depth = 0;
  let first = -1;
  let text = "";
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (depth === 0) {
      if (line.startsWith(")")) break;
      first = i;
      text = "";
    }
    text += `${line} `;
    for (const c of line) depth += c === "(" ? 1 : c === ")" ? -1 : 0;
    if (depth === 0) found.push({ first, last: i, text: text.trim() });
    if (depth < 0) break;
  }
  return found;
}

/** N of an operand `(i32.const N)` on its own, else null. */
function constantSize(operand) {
  const m = operand && /^\(i32\.const (\d+)\)$/.exec(operand.text);
  return m ? Number(m[1]) : null;
}
