// Memory: many validations in one process leave the wasm memory where warm-up left it (no
// leak), and a 10 MB body is refused without the memory growing past a few times its size.
// The wasm memory is read through the glue's private __basmMemoryBytes (same instance).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";

import { validateEvent, validateRequest } from "basm-validator";

import { INSTALLED } from "./lib/files.mjs";

const glue = createRequire(import.meta.url)(join(INSTALLED, "dist", "node", "glue.cjs"));
const memory = () => glue.__basmMemoryBytes();
const MOVE = "18cf2777-a0e4-4cac-947b-44316580b33d";
const body = (eventType, details) =>
  JSON.stringify({
    data: {
      type: "events",
      attributes: { event_type: eventType, occurred_at: "2020-12-03T10:51:28+00:00", recorded_at: "2020-12-03T10:51:28+00:00", details },
      relationships: { eventable: { data: { type: "moves", id: MOVE } } },
    },
  });
const CORPUS = [
  body("MoveAccept", {}),
  body("MoveCancel", { cancellation_reason: "bored" }),
  body("MoveCancel", { cancellation_reason: "made_in_error", extra: 1 }),
  body("MoveLodgingStart", { location_id: "x" }),
  "{",
  "",
];
const HEADERS = { Authorization: "Bearer t", "Content-Type": "application/vnd.api+json", Accept: "application/vnd.api+json; version=2" };

function run(n) {
  for (let i = 0; i < n; i++) {
    const text = CORPUS[i % CORPUS.length];
    const v = i % 2 ? validateEvent(text) : validateRequest({ method: "POST", path: "/api/events", headers: HEADERS, body: text });
    if (i % 3 === 0) v.errors.length + v.unchecked.length; // read some verdicts, not others
  }
}

test("200,000 validations after warm-up: the wasm memory does not grow", () => {
  run(20_000);
  const warm = memory();
  run(200_000);
  assert.equal(memory(), warm, `the wasm memory grew from ${warm} to ${memory()} bytes`);
});

test("a 10 MB body, as a string and as bytes, is refused without the memory growing past 2.5 times its size", () => {
  const size = 10 * 1024 * 1024;
  const text = `{"data":{"type":"${"x".repeat(size - 20)}"}}`;
  const bytes = new TextEncoder().encode(text);
  const before = memory();
  for (const big of [text, bytes, `{"data":"${"é".repeat(size / 2)}"}`]) {
    const v = validateEvent(big);
    assert.equal(v.status, 400);
    assert.equal(v.errors[0].code, "body_too_large");
    assert.match(v.errors[0].detail, /^The request body is \d+ bytes; this validator reads at most 1048576 bytes$/);
  }
  const grown = memory() - before;
  console.log(`memory: a 10 MB body grew the wasm memory by ${grown} bytes`);
  assert.ok(grown <= 2.5 * size, `the wasm memory grew by ${grown} bytes for a ${size}-byte body`);
  assert.equal(validateEvent(body("MoveAccept", {})).status, 201);
});

test("bodies at the size limit are judged in a memory a few times their size, and memory stops growing", () => {
  // The largest body core reads, full of values to check (an array of a thousand events' worth
  // of details), so the call arena holds the whole tree and its errors.
  const item = JSON.stringify({ cancellation_reason: "bored", notes: "x".repeat(40) });
  const empty = body("MoveCancel", { cancellation_reason: "other", list: [] }).length;
  const count = Math.floor((1024 * 1024 - empty) / (item.length + 1));
  const big = body("MoveCancel", { cancellation_reason: "other", list: JSON.parse(`[${Array(count).fill(item).join(",")}]`) });
  assert.ok(big.length <= 1024 * 1024 && big.length > 1000 * 1024, `${big.length} bytes`);
  // A fresh instance (the tests above grew this one's memory), warmed with small calls.
  glue.__wbg_reset_state();
  run(1000);
  const before = memory();
  const first = validateEvent(big);
  assert.equal(first.status, 201);
  const grown = memory() - before;
  console.log(`memory: a ${big.length}-byte body judged grew the wasm memory by ${grown} bytes`);
  assert.ok(grown <= 4 * big.length, `the wasm memory grew by ${grown} bytes for a ${big.length}-byte body`);
  const mixed = () => {
    for (let i = 0; i < 12; i++) {
      validateEvent(big).unchecked.length;
      if (i % 2) validateEvent(CORPUS[i % CORPUS.length]).errors.length;
    }
  };
  mixed(); // warm-up: two large bodies in a row hold two input areas at once
  const warm = memory();
  mixed();
  assert.equal(memory(), warm, `the wasm memory grew from ${warm} to ${memory()} bytes`);
});

test("big headers among small calls: the buffers a call refills do not make memory grow", () => {
  // A call fills the previous call's request buffers; a request holding more than the input
  // area keeps is let go instead, so big and small calls in turn stay flat.
  // The API's web server reads at most 80 KB of a header's value (Puma's FIELD_VALUE): the
  // big request is judged as it would answer, 400 with `server_limit`, after it was copied in.
  const big = { ...HEADERS, "X-Trace": "t".repeat(512 * 1024) };
  const turns = () => {
    for (let i = 0; i < 20; i++) {
      const v = validateRequest({ method: "POST", path: "/api/events", headers: i % 2 ? big : HEADERS, body: CORPUS[0] });
      if (i % 2) assert.deepEqual([v.status, v.errors.map((e) => e.code)], [400, ["server_limit"]]);
      else assert.equal(v.status, 201);
    }
  };
  turns(); // warm-up
  const warm = memory();
  turns();
  assert.equal(memory(), warm, `the wasm memory grew from ${warm} to ${memory()} bytes`);
});

test("a fresh instance (as the wrappers start after a trap) judges as the first did", () => {
  const request = { method: "POST", path: "/api/events", headers: HEADERS, body: CORPUS[2] };
  const before = JSON.stringify(validateRequest(request));
  const lazy = validateEvent(CORPUS[1]); // read after the restart: judged again
  // Grow the memory first, so a stale view of the old one would be the larger.
  validateEvent(new Uint8Array(4 << 20));
  glue.__wbg_reset_state();
  assert.equal(JSON.stringify(validateRequest(request)), before);
  assert.equal(lazy.errors[0].source.pointer, "/data/attributes/details/cancellation_reason");
  assert.equal(validateEvent(CORPUS[0]).valid, true);
});
