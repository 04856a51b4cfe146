// The public API of the installed package: imports, inputs, results, misuse, robustness.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, test } from "node:test";

import * as api from "basm-validator";
import { eventTypes, jsonSchemas, nextState, validateAllocation, validateEvent, validateRequest, VERSION } from "basm-validator";

import { INSTALLED } from "./lib/files.mjs";

const require = createRequire(import.meta.url);
const MOVE = "18cf2777-a0e4-4cac-947b-44316580b33d";
const accept = () => ({
  data: {
    type: "events",
    attributes: {
      event_type: "MoveAccept",
      occurred_at: "2020-12-03T10:51:28+00:00",
      recorded_at: "2020-12-03T10:51:28+00:00",
    },
    relationships: { eventable: { data: { type: "moves", id: MOVE } } },
  },
});
const STANDARD = {
  Authorization: "Bearer token",
  "Content-Type": "application/vnd.api+json",
  Accept: "application/vnd.api+json; version=2",
};

/** Every value is JSON: plain objects and arrays, no undefined, no functions. */
function assertPlainJson(value, path = "result") {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") return assert.ok(Number.isFinite(value), `${path} is not finite`);
  if (Array.isArray(value)) return value.forEach((v, i) => assertPlainJson(v, `${path}[${i}]`));
  assert.equal(typeof value, "object", `${path} is ${typeof value}`);
  assert.equal(Object.getPrototypeOf(value), Object.prototype, `${path} is not a plain object`);
  for (const [k, v] of Object.entries(value)) {
    assert.notEqual(v, undefined, `${path}.${k} is undefined`);
    assertPlainJson(v, `${path}.${k}`);
  }
}

function assertVerdict(v) {
  assertPlainJson(v);
  assert.deepEqual(Object.keys(v).sort(), ["api_body", "effect", "endpoint", "errors", "status", "unchecked", "valid", "warnings"]);
  assert.equal(typeof v.valid, "boolean");
  assert.equal(typeof v.status, "number");
  assert.ok(Array.isArray(v.errors) && Array.isArray(v.warnings) && Array.isArray(v.unchecked));
  assert.equal(v.valid, v.status >= 200 && v.status < 300);
  assert.equal(v.valid, v.errors.length === 0);
}

describe("loading", () => {
  test("import: named exports, no init call", () => {
    assert.deepEqual(Object.keys(api).sort(), [
      "VERSION",
      "eventTypes",
      "jsonSchemas",
      "nextState",
      "validateAllocation",
      "validateEvent",
      "validateRequest",
    ]);
    assert.equal(validateEvent(accept()).status, 201);
  });

  test("require gives the same functions (one instance)", () => {
    const cjs = require("basm-validator");
    assert.equal(cjs.validateEvent, validateEvent);
    assert.equal(cjs.VERSION, VERSION);
  });

  test("VERSION is the package.json version", () => {
    const manifest = JSON.parse(readFileSync(join(INSTALLED, "package.json"), "utf8"));
    assert.equal(VERSION, manifest.version);
    assert.match(VERSION, /^\d+\.\d+\.\d+/);
  });

  test("a CommonJS script and an ES module script, each in a fresh process", () => {
    const cjs = execFileSync(process.execPath, ["-e", `const { validateEvent } = require("basm-validator"); console.log(validateEvent("{}").status)`], { encoding: "utf8" });
    assert.equal(cjs.trim(), "400");
    const esm = execFileSync(process.execPath, ["--input-type=module", "-e", `import { validateEvent } from "basm-validator"; console.log(validateEvent("{}").status)`], { encoding: "utf8" });
    assert.equal(esm.trim(), "400");
  });

  test("Node loads the module built for speed, not the browsers' one built for size", () => {
    // A fresh process that records every .wasm file read while the package loads.
    const script = `
      const fs = require("fs");
      const read = fs.readFileSync;
      const seen = [];
      fs.readFileSync = function (path, ...rest) {
        if (String(path).endsWith(".wasm")) seen.push(require("path").resolve(String(path)));
        return read.call(this, path, ...rest);
      };
      const { validateEvent } = require("basm-validator");
      console.log(JSON.stringify({ seen, status: validateEvent("{}").status }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
    const node = join(INSTALLED, "dist", "node", "basm_wasm_bg.wasm");
    const browsers = join(INSTALLED, "dist", "basm_wasm_bg.wasm");
    assert.deepEqual(out, { seen: [node], status: 400 });
    assert.ok(statSync(node).size > statSync(browsers).size, "the speed build is the larger");
  });

  test("the package ships only what it needs", () => {
    const manifest = JSON.parse(readFileSync(join(INSTALLED, "package.json"), "utf8"));
    assert.equal(manifest.name, "basm-validator");
    assert.equal(manifest.type, "module");
    assert.equal(manifest.sideEffects, false);
    assert.equal(manifest.dependencies, undefined, "no runtime dependencies");
    assert.equal(manifest.engines.node, ">=20");
    for (const condition of ["browser", "import", "require"]) assert.ok(manifest.exports["."][condition], condition);
  });
});

describe("validateRequest", () => {
  test("a valid event, as any client sends it", () => {
    const v = validateRequest({ method: "POST", path: "/api/events", headers: STANDARD, body: accept() });
    assertVerdict(v);
    assert.equal(v.valid, true);
    assert.equal(v.status, 201);
    assert.equal(v.endpoint, "POST /api/events");
    assert.equal(v.api_body, null);
    assert.equal(v.effect.changes[0].to, "MoveAccept");
  });

  test("header names are case-insensitive; headers as an object, pairs, Headers or Map", () => {
    const lower = Object.fromEntries(Object.entries(STANDARD).map(([k, v]) => [k.toLowerCase(), v]));
    const want = validateRequest({ method: "POST", path: "/api/events", headers: STANDARD, body: accept() });
    for (const headers of [lower, Object.entries(STANDARD), new Headers(STANDARD), new Map(Object.entries(STANDARD))]) {
      assert.deepEqual(validateRequest({ method: "post", path: "/api/events", headers, body: accept() }), want);
    }
  });

  test("a header of null or undefined is left out", () => {
    const v = validateRequest({ method: "POST", path: "/api/events", headers: { ...STANDARD, Authorization: null }, body: accept() });
    assert.equal(v.status, 401);
    assert.equal(v.errors[0].code, "not_authorized");
    assert.equal(v.errors[0].source.header, "Authorization");
  });

  test("headers cross as UTF-8, each apart: non-ASCII kept, a lone surrogate as U+FFFD", () => {
    const detail = (contentType, extra = {}) =>
      validateRequest({ method: "POST", path: "/api/moves", headers: { ...STANDARD, "Content-Type": contentType, ...extra }, body: "{}" }).errors[0].detail;
    assert.match(detail("café 😀"), /^Content-Type "café 😀" is not a media type/);
    // Written apart, a header's last half of a pair cannot join the next header's first.
    assert.match(detail("x\ud83d", { "X-Next": "\ude00y" }), /^Content-Type "x\ufffd" is not a media type/);
    assert.match(detail("\ud800"), /^Content-Type "\ufffd" is not a media type/);
    // The header after a non-ASCII one is read whole.
    const v = validateRequest({ method: "POST", path: "/api/events", headers: { "X-Note": "é😀", ...STANDARD }, body: accept() });
    assert.equal(v.status, 201);
  });

  test("headers that change from call to call are judged as sent", () => {
    // A piece the same as the last call's is sent as "the same" (src/wrapper.js `send`); wasm
    // asks for the headers in full when it no longer holds that call's.
    const request = (headers, body = "{}") => ({ method: "POST", path: "/api/moves", headers, body });
    const sets = [
      STANDARD,
      STANDARD,
      { ...STANDARD, "Content-Type": "text/plain" },
      { ...STANDARD, "Content-Type": "not a type" }, // echoed in the detail
      { ...STANDARD, "Content-Type": "not b type" },
      { ...STANDARD, "Idempotency-Key": "a" },
      { ...STANDARD, "Idempotency-Key": "7c2ab4d1-e5b6-4d9e-a4a2-b7a6bd2e9c36" },
      { Accept: STANDARD.Accept, ...STANDARD },
      { ...STANDARD, Authorization: null },
      {},
      STANDARD,
    ];
    const alone = sets.map((headers) => {
      validateEvent(accept()); // wasm then holds no headers the wrapper wrote
      return JSON.stringify(validateRequest(request(headers)));
    });
    assert.ok(new Set(alone).size >= 7, "the sets give different verdicts");
    validateEvent(accept());
    assert.deepEqual(
      sets.map((headers) => JSON.stringify(validateRequest(request(headers)))),
      alone,
    );
    // A request holding more than wasm keeps (a body over 64 KiB) is not held for the next.
    const big = JSON.stringify({ data: { type: "moves", attributes: { reference: "x".repeat(70000) } } });
    validateRequest(request(STANDARD, big));
    assert.equal(JSON.stringify(validateRequest(request(STANDARD))), alone[0]);
    validateRequest(request({ ...STANDARD, "X-Big": "y".repeat(70000) }));
    assert.equal(JSON.stringify(validateRequest(request({ ...STANDARD, "Content-Type": "text/plain" }))), alone[2]);
  });

  test("a full URL is accepted as the path", () => {
    const v = validateRequest({ method: "POST", path: "https://api.example.test/api/events", headers: STANDARD, body: accept() });
    assert.equal(v.status, 201);
  });

  test("a body may be a string, bytes, a DataView or an object", () => {
    const text = JSON.stringify(accept());
    const bytes = new TextEncoder().encode(text);
    const padded = new Uint8Array(bytes.length + 4);
    padded.set(bytes, 2);
    for (const body of [text, bytes, bytes.buffer, new DataView(padded.buffer, 2, bytes.length), Buffer.from(text), accept()]) {
      assert.equal(validateRequest({ method: "POST", path: "/api/events", headers: STANDARD, body }).status, 201);
    }
  });

  test("an unknown route is a 404 result", () => {
    const v = validateRequest({ method: "GET", path: "/api/nowhere", headers: STANDARD });
    assertVerdict(v);
    assert.equal(v.status, 404);
    assert.equal(v.errors[0].code, "route_not_found");
  });
});

describe("validateEvent and validateAllocation", () => {
  test("validateEvent reads the body with the standard headers", () => {
    assert.equal(validateEvent(accept()).status, 201);
    assert.equal(validateEvent(JSON.stringify(accept())).status, 201);
  });

  test("errors point at the exact member, with the API's own words", () => {
    const body = accept();
    body.data.attributes.occurred_at = "yesterday";
    const v = validateEvent(body);
    assertVerdict(v);
    assert.equal(v.status, 422);
    assert.deepEqual(
      v.errors.map((e) => [e.code, e.source.pointer]),
      [["invalid_datetime", "/data/attributes/occurred_at"]],
    );
    assert.equal(v.errors[0].detail, "Occurred at must be formatted as a valid ISO-8601 date-time");
    assert.ok(v.api_body.errors.length > 0);
  });

  test("a context turns skipped checks into answers", () => {
    const move = {
      status: "requested",
      move_type: "prison_transfer",
      date: "2020-07-22",
      from_location_id: "067c2855-fa41-493d-9c80-1311a4f7ba45",
      to_location_id: "7c2ab4d1-e5b6-4d9e-a4a2-b7a6bd2e9c36",
      profile_id: "f5a4e8c1-2d3b-4c5d-8e9f-0a1b2c3d4e5f",
    };
    const v = validateEvent(accept(), { moves: { [MOVE]: move }, complete: ["moves"] });
    assertVerdict(v);
    assert.deepEqual(
      v.effect.changes.filter((c) => c.attribute).map((c) => [c.attribute, c.from, c.to]),
      [["status", "requested", "booked"]],
    );
    const missing = validateEvent(accept(), { moves: {}, complete: ["moves"] });
    assert.equal(missing.status, 404);
  });

  test("a verdict's members are read when first used, and behave as plain data", () => {
    const text = JSON.stringify(validateEvent(accept()));
    assert.deepEqual(Object.keys(JSON.parse(text)), ["valid", "status", "endpoint", "errors", "warnings", "unchecked", "effect", "api_body"]);
    const v = validateEvent(accept());
    assert.deepEqual(Reflect.ownKeys(v), Object.keys(JSON.parse(text)), "nothing else, before a read");
    assert.ok(v.unchecked.length > 0);
    for (const key of Object.keys(v)) assert.ok("value" in Object.getOwnPropertyDescriptor(v, key), `${key} is a data property once read`);
    assert.deepEqual(Reflect.ownKeys(v), Object.keys(JSON.parse(text)), "nothing hidden stays once read");
    assert.equal(JSON.stringify(v), text);
    assert.deepStrictEqual(validateEvent(accept()), JSON.parse(text));
    const parent = validateEvent(accept());
    const child = Object.create(parent); // reads through the prototype chain still answer
    assert.deepEqual(child.unchecked, JSON.parse(text).unchecked);
    assert.deepEqual(parent.unchecked, JSON.parse(text).unchecked);
    const written = validateEvent(accept());
    written.effect = null; // a write before any read keeps the other members
    assert.equal(written.effect, null);
    assert.ok(written.unchecked.length > 0);
    assert.deepEqual(structuredClone(validateEvent(accept())), JSON.parse(text));
    assert.deepEqual({ ...validateEvent(accept()) }, JSON.parse(text));
  });

  test("a verdict changed, frozen or kept in a Vue store before its first read keeps its keys, their order and its values", () => {
    const body = accept();
    body.data.attributes.occurred_at = "yesterday";
    const refused = JSON.stringify(body);
    const expected = JSON.parse(JSON.stringify(validateEvent(refused)));
    const keys = Object.keys(expected);
    assert.ok(expected.errors.length > 0 && expected.api_body !== null, "errors and api_body are read later");
    // A plain member written before the first read of a lazy one.
    const written = validateEvent(refused);
    written.warnings = ["mine"];
    assert.deepEqual(written.errors, expected.errors);
    assert.deepEqual(Object.keys(written), keys);
    assert.deepEqual(written, { ...expected, warnings: ["mine"] });
    for (const key of keys) assert.ok("value" in Object.getOwnPropertyDescriptor(written, key), `${key} is data`);
    // A key added, or a member that cannot be taken off, before the first read.
    const added = validateEvent(refused);
    added.mine = 1;
    assert.deepEqual(added.api_body, expected.api_body);
    assert.deepEqual(Object.keys(added), [...keys, "mine"]);
    assert.deepEqual(added, { ...expected, mine: 1 });
    const hidden = validateEvent(refused);
    Object.defineProperty(hidden, "mine", { value: 1 });
    const symbol = Symbol("mine");
    hidden[symbol] = 2;
    assert.deepEqual(hidden.errors, expected.errors);
    assert.deepEqual(Reflect.ownKeys(hidden), [...keys, "mine", symbol]);
    assert.deepEqual(hidden, { ...expected, [symbol]: 2 });
    const fixed = validateEvent(refused);
    Object.defineProperty(fixed, "unchecked", { configurable: false });
    assert.deepEqual(fixed.errors, expected.errors);
    assert.deepEqual(Object.keys(fixed), keys);
    assert.deepEqual(fixed, expected);
    assert.equal(Object.getOwnPropertyDescriptor(fixed, "unchecked").configurable, false);
    for (const key of keys) assert.ok("value" in Object.getOwnPropertyDescriptor(fixed, key), `${key} is data`);
    // Frozen, sealed or made not extensible before the first read (as a store that freezes
    // what it holds does): read all the same.
    for (const lock of [Object.freeze, Object.seal, Object.preventExtensions]) {
      const locked = lock(validateEvent(refused));
      assert.deepEqual(locked.errors, expected.errors, lock.name);
      assert.deepEqual(locked.api_body, expected.api_body, lock.name);
      assert.equal(JSON.stringify(locked), JSON.stringify(expected), lock.name);
      assert.deepEqual(structuredClone(locked), expected, lock.name);
      assert.deepEqual(Object.keys(locked), keys, lock.name);
      assert.equal(Object.isExtensible(locked), false, lock.name);
    }
    assert.ok(Object.isFrozen(Object.freeze(validateEvent(refused))));
    // Kept in a Vue store (reactive() and readonly() wrap it in proxies, which answer
    // `__v_raw` with what they wrap, as vuejs/core's baseHandlers.ts does).
    const proxies = new WeakMap();
    const wrap = (target) => {
      const proxy = new Proxy(target, {
        get: (t, key, receiver) => (key === "__v_raw" ? (receiver === proxies.get(t) ? t : undefined) : Reflect.get(t, key, receiver)),
        set: (t, key, value, receiver) => Reflect.set(t, key, value, receiver),
      });
      proxies.set(target, proxy);
      return proxy;
    };
    const stored = wrap(validateEvent(refused));
    assert.deepEqual(stored.errors, expected.errors);
    assert.deepEqual(stored.api_body, expected.api_body);
    assert.equal(JSON.stringify(wrap(validateEvent(refused))), JSON.stringify(expected));
    assert.deepEqual(wrap(wrap(validateEvent(refused))).errors, expected.errors, "a proxy of a proxy");
    const storedAndWritten = wrap(validateEvent(refused));
    storedAndWritten.warnings = ["mine"];
    assert.deepEqual({ ...storedAndWritten }, { ...expected, warnings: ["mine"] });
    // Read through an object that inherits from it.
    const parent = validateEvent(refused);
    assert.deepEqual(Object.create(parent).errors, expected.errors);
    assert.deepEqual(Object.keys(parent), keys);
    assert.deepEqual(parent, expected);
  });

  test("a verdict read after newer calls, or after its bytes changed, still says what it said", () => {
    const refused = JSON.stringify({ data: { type: "events", attributes: { event_type: "MoveAccept" } } });
    const expected = JSON.parse(JSON.stringify(validateEvent(refused)));
    const older = validateEvent(refused);
    const newer = validateEvent(accept());
    const many = Array.from({ length: 50 }, () => validateEvent(accept()));
    assert.deepEqual(JSON.parse(JSON.stringify(older)), expected);
    assert.ok(newer.unchecked.length > 0 && newer.errors.length === 0);
    assert.ok(many.every((v) => v.valid && v.unchecked.length > 0));
    const bytes = new TextEncoder().encode(refused);
    const fromBytes = validateEvent(bytes);
    bytes.fill(32); // the caller reuses its buffer
    validateEvent(accept());
    assert.deepEqual(JSON.parse(JSON.stringify(fromBytes)), expected);
  });

  test("validateAllocation answers with a Verdict", () => {
    const v = validateAllocation({ data: { type: "allocations", attributes: { date: "2020-07-22", moves_count: 2 } } });
    assertVerdict(v);
  });
});

describe("misuse throws a TypeError", () => {
  const cases = [
    ["validateEvent(42)", () => validateEvent(42), /body must be an object, a JSON string or bytes/],
    ["validateEvent(true)", () => validateEvent(true), /not a boolean/],
    ["validateEvent(1n)", () => validateEvent(1n), /not a bigint/],
    ["validateEvent(Symbol())", () => validateEvent(Symbol("x")), /not a symbol/],
    ["validateEvent(function)", () => validateEvent(() => {}), /not a function/],
    ["validateEvent(cyclic)", () => { const o = {}; o.o = o; validateEvent(o); }, /cannot be serialised/],
    ["validateRequest(null)", () => validateRequest(null), /request must be an object/],
    ["validateRequest('GET /')", () => validateRequest("GET /"), /request must be an object/],
    ["no method", () => validateRequest({ path: "/api/events" }), /request.method must be a string/],
    ["no path", () => validateRequest({ method: "GET" }), /request.path must be a string/],
    ["body 42", () => validateRequest({ method: "POST", path: "/api/events", body: 42 }), /request.body must be/],
    ["headers 'x'", () => validateRequest({ method: "GET", path: "/", headers: "x" }), /request.headers must be an object/],
    ["header {}", () => validateRequest({ method: "GET", path: "/", headers: { Accept: {} } }), /header "Accept" must be a string/],
    ["headers [[1]]", () => validateRequest({ method: "GET", path: "/", headers: [["a"]] }), /pairs/],
    ["context 42", () => validateEvent("{}", 42), /context must be an object/],
    ["context []", () => validateEvent("{}", []), /context must be an object/],
    ["context caller", () => validateEvent("{}", { caller: "nobody" }), /^context\.caller: unknown variant `nobody`/],
    ["context status", () => validateEvent("{}", { moves: { m1: { status: 3 } } }), /^context\.moves\.m1\.status: invalid type: integer `3`, expected a string/],
    ["context typo", () => validateEvent("{}", { moves: { m1: { stauts: "booked" } } }), /^context\.moves\.m1\.stauts is not a member of a Context/],
    ["context unknown", () => validateEvent("{}", { mooves: {} }), /^context\.mooves is not a member/],
    ["nextState kind", () => nextState("boat", "proposed", "start"), /kind must be "move", "journey", "allocation" or "lodging"/],
    ["nextState state", () => nextState("move", 1, "start"), /state must be a string/],
  ];
  for (const [name, fn, message] of cases) {
    test(name, () => assert.throws(fn, (e) => e instanceof TypeError && message.test(e.message)));
  }
});

describe("bad payloads are results, never thrown, and the module keeps working", () => {
  const results = [
    ["null body", () => validateEvent(null), 400],
    ["undefined body", () => validateEvent(undefined), 400],
    ["empty string", () => validateEvent(""), 400],
    ["not JSON", () => validateEvent("{"), 400],
    ["a JSON number", () => validateEvent("42"), 400],
    ["an array", () => validateEvent([1, 2, 3]), 400],
    ["data: a number", () => validateEvent({ data: 1 })],
    ["nested junk", () => validateEvent({ data: { attributes: [[[{}]]], relationships: { eventable: { data: [null, 1, "x"] } } } })],
    ["deep nesting", () => validateEvent("[".repeat(100_000) + "]".repeat(100_000)), 400],
    ["huge string", () => validateEvent(JSON.stringify({ data: { type: "x".repeat(3_000_000) } })), 400],
    ["invalid UTF-8", () => validateEvent(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), 400],
    ["lone surrogate", () => validateEvent(`{"data":"\ud800"}`)],
    ["NUL bytes", () => validateEvent(new Uint8Array(1000))],
    ["numbers everywhere", () => validateEvent({ data: { type: 1, attributes: { event_type: 2, occurred_at: 3, recorded_at: 4.5e300, details: 6 }, relationships: { eventable: { data: { type: 7, id: 8 } } } } })],
    ["huge numbers", () => validateEvent(`{"data":{"attributes":{"occurred_at":1e999999,"recorded_at":-0}}}`)],
  ];
  for (const [name, fn, status] of results) {
    test(name, () => {
      const v = fn();
      assertVerdict(v);
      if (status !== undefined) assert.equal(v.status, status);
      assert.equal(validateEvent(accept()).status, 201, "the module still works");
    });
  }

  function fuzz(junk, runs) {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const base = JSON.stringify(accept());
    for (let i = 0; i < runs; i++) {
      let text = base;
      for (let m = 0; m < 1 + Math.floor(random() * 4); m++) {
        const at = Math.floor(random() * text.length);
        const cut = Math.floor(random() * 3);
        text = text.slice(0, at) + junk[Math.floor(random() * junk.length)] + text.slice(at + cut);
      }
      assertVerdict(validateEvent(text));
    }
    assert.equal(validateEvent(accept()).status, 201);
  }
  const ASCII = ['"', "{", "}", "[", "]", ",", ":", "\\", "null", "1e5", "-", "0", "true", "\u0000", "T", " "];

  test("seeded fuzz: mutated event bodies always give a verdict", () => fuzz(ASCII, 3000));

  test("seeded fuzz with non-ASCII characters", () => fuzz([...ASCII, "ü", "€", "😀"], 3000));

  test("a multi-byte character inside a date-time is refused, not a trap", () => {
    const body = accept();
    body.data.attributes.occurred_at = "2020-12-03T1€:51:28+00:00";
    const verdict = validateEvent(body);
    assertVerdict(verdict);
    assert.equal(verdict.status, 422);
    assert.equal(verdict.errors[0].code, "invalid_datetime");
    assert.equal(verdict.errors[0].source.pointer, "/data/attributes/occurred_at");
    assert.equal(validateEvent(accept()).status, 201, "the module keeps working");
  });
});

describe("nextState", () => {
  test("transitions by event type or machine event", () => {
    assert.deepEqual(nextState("move", "requested", "MoveAccept"), { kind: "changed", from: "requested", to: "booked" });
    assert.deepEqual(nextState("move", "requested", "accept"), { kind: "changed", from: "requested", to: "booked" });
    assert.deepEqual(nextState("journey", "proposed", "JourneyStart"), { kind: "changed", from: "proposed", to: "in_progress" });
    assert.deepEqual(nextState("allocation", "unfilled", "fill"), { kind: "changed", from: "unfilled", to: "filled" });
  });

  test("silent no-ops come back with the reason", () => {
    const t = nextState("move", "booked", "MoveApprove");
    assert.equal(t.kind, "no_change");
    assert.match(t.reason, /nothing changes/);
    assert.equal(nextState("move", "booked", "MoveLockout").kind, "no_change");
  });

  test("unknown states and events are results listing the known ones", () => {
    const s = nextState("lodging", "lost", "start");
    assert.deepEqual(s, { kind: "unknown_state", states: ["proposed", "started", "completed", "cancelled"] });
    const e = nextState("lodging", "proposed", "fly");
    assert.equal(e.kind, "unknown_event");
    assert.ok(e.events.includes("start"));
  });
});

describe("eventTypes and jsonSchemas", () => {
  test("metadata for every event type, as plain data", () => {
    const types = eventTypes();
    assertPlainJson(types);
    assert.ok(types.length > 50);
    const names = types.map((t) => t.name);
    assert.equal(new Set(names).size, names.length);
    const cancel = types.find((t) => t.name === "MoveCancel");
    assert.deepEqual(cancel.eventable, ["moves"]);
    assert.equal(cancel.postable, true);
    const reason = cancel.fields.find((f) => f.name === "cancellation_reason");
    assert.equal(reason.kind, "enum");
    assert.equal(reason.required, true);
    assert.ok(reason.allowed.includes("made_in_error"));
    assert.equal(types.find((t) => t.name === "LodgingCreate").postable, false);
    for (const t of types) {
      assert.deepEqual(Object.keys(t).sort(), ["classification", "deprecated", "doc", "eventable", "family", "fields", "name", "postable", "relationships", "stored_as", "trigger"]);
    }
  });

  test("one schema per event type; fresh objects on every call", () => {
    const schemas = jsonSchemas();
    assertPlainJson(schemas);
    assert.deepEqual(Object.keys(schemas).sort(), eventTypes().map((t) => t.name).sort());
    schemas.MoveAccept.title = "changed";
    assert.notEqual(jsonSchemas().MoveAccept.title, "changed");
  });
});
