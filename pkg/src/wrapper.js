// The public functions of basm-validator, in JS over the wasm glue (`glue`, in scope where
// scripts/build.mjs inserts this file: dist/node/index.cjs and dist/web/index.js, each with
// its own `dataText(name)` for the data files, and with `MEMBERS` and `makeLazy`, the verdict's lazy members and the maker of its constructors).
//
// The boundary is thin: the caller's objects are read here (misuse throws its TypeError from
// here), and each validation is ONE call into wasm with primitive arguments: the body, the
// method, the path, the headers and the context as JSON text, written as UTF-8 into wasm's
// input area, and their lengths.
// The answer is a packed number (status, valid, endpoint, which members are not empty); wasm
// keeps the verdict itself until the next call. Its JSON text (core's Verdict::to_json) is
// written and parsed only on the first read of a member that is not empty (own accessors that
// turn into plain data properties), so a caller that reads `valid` and `status` pays for no
// sentence, no JSON text and no JSON.parse; a verdict read after newer calls is judged again.

const MAX_BODY_BYTES = glue.__basmMaxBodyBytes();
const ENDPOINTS = glue.__basmEndpoints().split("\n");
// As core's Machine::from_name reads them.
const MACHINES = ["move", "moves", "journey", "journeys", "allocation", "allocations", "lodging", "lodgings"];
const encoder = new TextEncoder();

/** `typeof`-like name of a value, for error messages. */
function typeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  if (type === "object") return "an object";
  if (type === "undefined") return "undefined";
  return `a ${type}`;
}

function errorMessage(error) {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : "unknown error";
}

/** A string quoted as Rust's `{:?}` writes it (the messages name headers so). */
function quoted(text) {
  const escapes = { "\\": "\\\\", '"': '\\"', "\0": "\\0", "\t": "\\t", "\r": "\\r", "\n": "\\n" };
  return `"${text.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => escapes[c] ?? `\\u{${c.charCodeAt(0).toString(16)}}`)}"`;
}

/** A header number as text: JavaScript's digits, never an exponent (as Rust's f64 Display). */
function numberText(n) {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "inf" : "-inf";
  const text = String(n);
  const e = text.indexOf("e");
  if (e < 0) return text;
  const negative = n < 0;
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const point = mantissa.indexOf(".");
  const digits = mantissa.replace(".", "");
  const at = (point < 0 ? mantissa.length : point) + exponent; // where the point goes
  const body =
    at <= 0 ? `0.${"0".repeat(-at)}${digits}` : at >= digits.length ? digits + "0".repeat(at - digits.length) : `${digits.slice(0, at)}.${digits.slice(at)}`;
  return negative ? `-${body}` : body;
}

/**
 * A body: a JSON string (as is), bytes (`Uint8Array`, any view, `ArrayBuffer`), `null` or
 * `undefined` (empty), or any other object (`JSON.stringify`). Returns a string or bytes.
 */
function readBody(body, what) {
  if (typeof body === "string") return body;
  if (body === undefined || body === null) return "";
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) {
    if (body.buffer instanceof ArrayBuffer) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    throw new TypeError(`${what} is a view on a buffer that cannot be read (a SharedArrayBuffer?)`);
  }
  if (typeof body === "object") {
    let text;
    try {
      text = JSON.stringify(body);
    } catch (error) {
      throw new TypeError(`${what} cannot be serialised with JSON.stringify: ${errorMessage(error)}`);
    }
    if (text === undefined) throw new TypeError(`${what} cannot be serialised: JSON.stringify returned undefined`);
    return text;
  }
  throw new TypeError(`${what} must be an object, a JSON string or bytes (Uint8Array or ArrayBuffer), not ${typeName(body)}`);
}

function isPlainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** One header as its name and value strings, pushed onto `out` (`null`/`undefined`: none; an
 * array: one header per element). */
function header(name, value, out) {
  if (value === undefined || value === null) return;
  switch (typeof value) {
    case "string":
      out.push(name, value);
      return;
    case "number":
      out.push(name, numberText(value));
      return;
    case "boolean":
      out.push(name, String(value));
      return;
    default:
      if (Array.isArray(value)) {
        for (const item of value) header(name, item, out);
        return;
      }
      throw new TypeError(`header ${quoted(name)} must be a string, not ${typeName(value)}`);
  }
}

/** No headers (the shortcuts send a v2 client's standard headers from wasm). Never written. */
const NO_HEADERS = [];

/**
 * Headers: a plain object of names to values, or `[name, value]` pairs (an array, a
 * `Headers`, a `Map`, any iterable). `null`/`undefined` values are left out; an array value
 * gives one header per element. Returns `[name, value, name, value, …]`, all strings: a
 * snapshot, for the caller may change its object after the call.
 */
function readHeaders(value) {
  if (value === undefined || value === null) return NO_HEADERS;
  if (typeof value !== "object") {
    throw new TypeError(`request.headers must be an object of header names to values, not ${typeName(value)}`);
  }
  const out = [];
  if (!Array.isArray(value) && isPlainObject(value)) {
    for (const name in value) if (Object.hasOwn(value, name)) header(name, value[name], out);
    return out;
  }
  const pairs = typeof value[Symbol.iterator] === "function" ? Array.from(value) : Object.entries(value);
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError("request.headers must hold [name, value] pairs when it is an array or iterable");
    }
    const name = pair[0];
    if (typeof name !== "string") throw new TypeError(`a header name must be a string, not ${typeName(name)}`);
    header(name, pair[1], out);
  }
  return out;
}

/** A context as JSON text for core's reader, or undefined for none. */
function readContext(context) {
  if (context === undefined || context === null) return undefined;
  if (typeof context !== "object" || Array.isArray(context)) {
    throw new TypeError(`context must be an object (a Context), not ${typeName(context)}`);
  }
  let text;
  try {
    text = JSON.stringify(context);
  } catch {
    text = undefined;
  }
  if (typeof text !== "string") throw new TypeError("context cannot be serialised with JSON.stringify");
  return text;
}

/** How many validations this instance has made: a verdict's JSON is still in wasm while its
 * number is the last. */
let calls = 0;

/**
 * Writes `text` as UTF-8 at `at` (room up to `end`, three bytes a code unit) and returns the
 * bytes written: ASCII, the usual case for a method, a path and headers, byte by byte without
 * making anything; any other text through `encodeInto` (a lone surrogate becomes U+FFFD).
 */
function put(heap, at, end, text) {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return encoder.encodeInto(text, heap.subarray(at, end)).written;
    heap[at + i] = c;
  }
  return n;
}

/** The header pieces (`readHeaders`'s strings) wasm's request holds from the last call, or
 * null when it holds none that `send` wrote (an event's or an allocation's standard headers,
 * a refused call). */
let held = null;
// The length written for a piece that is the same as the held one at its place (no text
// follows; src/lib.rs SAME_PIECE), and wasm's answer when it no longer holds them (bits::RESEND).
const SAME_PIECE = 0xff;
const RESEND = 1 << 23;

/** A view of wasm's input area as the last call found it (`heap.subarray(start, …)`), reused
 * while the memory and the area's start stay the same and it is long enough: the body is
 * written first, at the view's start, without a new view a call. */
let area = null;
let areaHeap = null;

/**
 * One call into wasm: the arguments into its input area, then their lengths in bytes. The
 * body (its bytes, or its text with one `encodeInto`), the method, the path, the headers
 * (each name and value after its length, four bytes little-endian, or as the same as the
 * last call's piece at its place) and the context's JSON text are written one after the
 * other, each where it goes: no string is made to join them.
 */
function send(kind, method, path, headers, text, bytes, context) {
  const bodyBytes = text === undefined ? bytes.length : 0;
  let units = method.length + path.length;
  if (text !== undefined) units += text.length;
  if (context !== undefined) units += context.length;
  for (let i = 0; i < headers.length; i++) units += headers[i].length;
  // encodeInto writes at most three bytes per UTF-16 code unit.
  const capacity = bodyBytes + 3 * units + 4 * headers.length;
  const start = glue.__basmInput(capacity);
  // After the call above: it may have grown the memory (the glue's view is then made again).
  const heap = glue.__basmHeap();
  const end = start + capacity;
  let at = start;
  if (bodyBytes !== 0) {
    heap.set(bytes, start);
    at += bodyBytes;
  } else if (text.length !== 0) {
    if (areaHeap !== heap || area.byteOffset !== start || area.length < capacity) {
      area = heap.subarray(start, end);
      areaHeap = heap;
    }
    at += encoder.encodeInto(text, area).written;
  }
  const bodyLength = at - start;
  const methodLength = put(heap, at, end, method);
  at += methodLength;
  const pathLength = put(heap, at, end, path);
  at += pathLength;
  const headersStart = at;
  const same = held === null ? 0 : Math.min(held.length, headers.length);
  for (let i = 0; i < headers.length; i++) {
    if (i < same && headers[i] === held[i]) {
      heap[at] = heap[at + 1] = heap[at + 2] = heap[at + 3] = SAME_PIECE;
      at += 4;
      continue;
    }
    const n = put(heap, at + 4, end, headers[i]);
    heap[at] = n & 0xff;
    heap[at + 1] = (n >>> 8) & 0xff;
    heap[at + 2] = (n >>> 16) & 0xff;
    heap[at + 3] = n >>> 24;
    at += 4 + n;
  }
  const headersLength = at - headersStart;
  let contextLength = -1;
  if (context !== undefined) contextLength = context.length === 0 ? 0 : encoder.encodeInto(context, heap.subarray(at, end)).written;
  const packed = glue.__basmValidate(kind, bodyLength, methodLength, pathLength, headersLength, contextLength);
  if (packed === RESEND) {
    held = null;
    return send(kind, method, path, headers, text, bytes, context);
  }
  held = kind === 0 && packed !== 0 ? headers : null;
  return packed;
}

/**
 * The verdict of one call into wasm. Its JSON is written (by core) and parsed only when a
 * member other than `valid`, `status` and `endpoint` is first read: wasm keeps the last
 * verdict, and a verdict read after a newer call is judged again from the same arguments
 * (judging is a pure function of them; bytes are copied so a caller's later writes cannot
 * change the answer).
 */
function call(kind, method, path, headers, body, context) {
  let text;
  let bytes;
  if (typeof body === "string") {
    // A long string crosses as bytes of its exact UTF-8 length (encodeInto needs room for
    // three bytes a character); core refuses it past MAX_BODY_BYTES.
    if (body.length > 65536) bytes = encoder.encode(body);
    else text = body;
  } else {
    bytes = body;
  }
  // Counted before the call, so that a call that traps (a bug; the instance restarts) also
  // makes older verdicts judge again.
  const serial = ++calls;
  const packed = send(kind, method, path, headers, text, bytes, context);
  if (packed === 0) throw new TypeError(glue.__basmText());
  // The caller's bytes (or the buffer under them) may change after this call returns.
  if (bytes !== undefined && typeof body !== "string" && (packed & (0x1f << 17)) !== 0) bytes = bytes.slice();
  return verdict(packed, serial, kind, method, path, headers, text, bytes, context);
}

/** The JSON text of the verdict `call` made from `args` (its arguments and serial number),
 * judged again if a newer call came: the whole verdict, or (`whole` false) an object of its
 * members that are not empty. */
function verdictText(args, whole) {
  if (args.serial !== calls) {
    calls++;
    send(args.kind, args.method, args.path, args.headers, args.text, args.bytes, args.context);
  }
  return glue.__basmVerdictText(whole);
}

// A verdict whose members are all empty is a plain object literal (`LAZY[0]`). One with members
// to read later is made by a constructor per combination of those members (`LAZY[members]`,
// written out by scripts/build.mjs, so no code is generated at run time and a strict CSP is
// fine): the lazy members are own accessors, so the key order, JSON.stringify, spreading,
// structuredClone and deepStrictEqual are those of the plain object. The accessors are the same
// functions for every verdict (`ACCESSORS`), defined with one shared descriptor each: V8 then
// reuses one hidden class a combination, where an object literal's `get`/`set` made new
// closures and a new hidden class for every verdict (about 1 µs a verdict, session 13). The
// call's arguments wait in a private field stamped onto the verdict (`Pending`), which none of
// those operations see, and which V8 adds faster than a property. The first read (or write) of
// a lazy member parses the text of the verdict's members that are not empty once, turns each
// lazy member into a plain data property (`makeData`) and drops the arguments.

/** Returns the object it is given, so that `Pending`'s private field is added to a verdict. */
class Stamp {
  constructor(object) {
    return object;
  }
}

/** The call that made a lazy verdict (its lazy members' bits and `call`'s arguments, to judge
 * it again), in a private field of the verdict until it is read. */
class Pending extends Stamp {
  #call;
  constructor(verdict, call) {
    super(verdict);
    this.#call = call;
  }

  /** The call of `object` when it is a verdict not read yet, else undefined. */
  static of(object) {
    return #call in object ? object.#call : undefined;
  }

  static forget(verdict) {
    verdict.#call = undefined;
  }
}

function hide(v, pending) {
  new Pending(v, pending);
}

function dataProperty(value) {
  return { value, writable: true, enumerable: true, configurable: true };
}

/** Member `name` of `v`, after making every lazy member of the verdict it is (or inherits
 * from) data. */
function materialise(v, name) {
  const verdict = verdictOf(v);
  if (verdict === undefined) return readThroughProxy(v, name);
  const pending = Pending.of(verdict);
  if (pending.present === undefined) {
    const present = JSON.parse(verdictText(pending, false));
    if (makeData(verdict, pending.members, present)) {
      Pending.forget(verdict);
      return v[name];
    }
    // A verdict frozen or sealed before its first read (a store that freezes what it holds)
    // cannot be changed: its accessors stay, and answer from the values read once.
    pending.present = present;
  }
  return pending.present[name];
}

/** The verdict whose call is kept (not read yet, or frozen) that `object` is or inherits
 * from, else undefined. */
function verdictOf(object) {
  for (let o = object; typeof o === "object" && o !== null; o = Object.getPrototypeOf(o)) {
    if (Pending.of(o) !== undefined) return o;
  }
  return undefined;
}

/**
 * Member `name` of the verdict behind `v` when `v` is a proxy of it, whose private field a
 * proxy hides. Vue's `reactive()` and `readonly()` answer `__v_raw` with the object they wrap
 * (how Vue's `toRaw` unwraps them: vuejs/core, packages/reactivity/src/reactive.ts and
 * baseHandlers.ts), so a verdict kept in a Vue store is read as itself. Anything else (another
 * kind of proxy, an object a verdict's accessor was copied onto) reads undefined.
 */
function readThroughProxy(v, name) {
  let object = v;
  for (let depth = 0; depth < 8; depth++) {
    let raw;
    try {
      raw = object.__v_raw;
    } catch {
      return undefined;
    }
    if (typeof raw !== "object" || raw === null || raw === object) return undefined;
    if (verdictOf(raw) !== undefined) return raw[name];
    object = raw;
  }
  return undefined;
}

/** A verdict's own keys, in their order, as it is made. */
const KEYS = ["valid", "status", "endpoint", ...MEMBERS];

/**
 * Makes each lazy member of `verdict` (bit i of `members`: MEMBERS[i]) a data property holding
 * its value in `present`, where it was. The members from the first lazy one to the last are
 * taken off, last first, and put back in their order, every one data: taking off an object's
 * last property returns V8 to the hidden class it had before it, so every verdict keeps to
 * hidden classes shared by all; turning an accessor into data in place makes a new one each
 * time (about 0.7 µs a member). That way is kept for a verdict whose own string keys are no
 * longer the ones it was made with, or that cannot be changed (frozen, sealed, not
 * extensible), and for the members before one that cannot be taken off. (A member the caller
 * redefined with other attributes before the first read comes back writable, enumerable and
 * configurable.) Returns whether every lazy member is data now: not when the caller made one
 * non-configurable (`Object.freeze`, `Object.seal`).
 */
function makeData(verdict, members, present) {
  const first = 31 - Math.clz32(members & -members);
  let kept = MEMBERS.length - 1; // the last member still in place
  const values = [];
  if (Object.isExtensible(verdict) && hasKeys(verdict)) {
    for (; kept >= first; kept--) {
      const name = MEMBERS[kept];
      const value = members & (1 << kept) ? present[name] : verdict[name];
      if (!Reflect.deleteProperty(verdict, name)) break;
      values[kept] = value;
    }
  }
  let done = true;
  for (let i = first; i <= kept; i++) {
    if (members & (1 << i)) done = Reflect.defineProperty(verdict, MEMBERS[i], dataProperty(present[MEMBERS[i]])) && done;
  }
  for (let i = kept + 1; i < MEMBERS.length; i++) verdict[MEMBERS[i]] = values[i];
  return done;
}

/** Whether the own string keys of `verdict` are [`KEYS`], in that order (symbol keys come
 * after every string key whatever is done to those). `getOwnPropertyNames`, not
 * `Reflect.ownKeys`: about 20 ns against 250. */
function hasKeys(verdict) {
  const keys = Object.getOwnPropertyNames(verdict);
  if (keys.length !== KEYS.length) return false;
  for (let i = 0; i < KEYS.length; i++) if (keys[i] !== KEYS[i]) return false;
  return true;
}

const ACCESSORS = MEMBERS.map((name) => ({
  get() {
    return materialise(this, name);
  },
  set(value) {
    materialise(this, name);
    Object.defineProperty(this, name, dataProperty(value));
  },
  enumerable: true,
  configurable: true,
}));
const LAZY = makeLazy(ACCESSORS, hide);

/** The packed answer (see `mod bits` in src/lib.rs) as a Verdict; the other arguments are
 * `call`'s, to judge it again. */
function verdict(packed, serial, kind, method, path, headers, text, bytes, context) {
  if (packed & (1 << 22)) return JSON.parse(verdictText({ serial, kind, method, path, headers, text, bytes, context }, true));
  const endpointIndex = (packed >>> 11) & 0x3f;
  const valid = (packed & (1 << 10)) !== 0;
  const status = packed & 0x3ff;
  const endpoint = endpointIndex === 0 ? null : ENDPOINTS[endpointIndex - 1];
  const members = (packed >>> 17) & 0x1f;
  if (members === 0) return LAZY[0](valid, status, endpoint);
  return LAZY[members](valid, status, endpoint, { members, serial, kind, method, path, headers, text, bytes, context });
}

function validateRequest(request, context) {
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    throw new TypeError(`request must be an object { method, path, headers?, body? }, not ${typeName(request)}`);
  }
  const method = request.method;
  if (typeof method !== "string") {
    throw new TypeError(`request.method must be a string such as "POST", not ${typeName(method)}`);
  }
  const path = request.path;
  if (typeof path !== "string") {
    throw new TypeError(`request.path must be a string such as "/api/events", not ${typeName(path)}`);
  }
  const headers = readHeaders(request.headers);
  const body = readBody(request.body, "request.body");
  return call(0, method, path, headers, body, readContext(context));
}

function validateEvent(body, context) {
  return call(1, "", "", NO_HEADERS, readBody(body, "body"), readContext(context));
}

function validateAllocation(body, context) {
  return call(2, "", "", NO_HEADERS, readBody(body, "body"), readContext(context));
}

function nextState(kind, state, event) {
  if (typeof kind !== "string") throw new TypeError(`kind must be a string, not ${typeName(kind)}`);
  if (!MACHINES.includes(kind)) {
    throw new TypeError(`kind must be "move", "journey", "allocation" or "lodging", not ${quoted(kind)}`);
  }
  if (typeof state !== "string") throw new TypeError(`state must be a string, not ${typeName(state)}`);
  if (typeof event !== "string") throw new TypeError(`event must be a string, not ${typeName(event)}`);
  return JSON.parse(glue.__basmNextState(kind, state, event));
}

// Data, not code: the JSON text of dist/event-types.json and dist/json-schemas.json, read
// by the entry point's `dataText` on the first call (fresh objects on every call).
let eventTypesText;
let jsonSchemasText;

function eventTypes() {
  eventTypesText ??= dataText("event-types");
  return JSON.parse(eventTypesText);
}

function jsonSchemas() {
  jsonSchemasText ??= dataText("json-schemas");
  return JSON.parse(jsonSchemasText);
}

const api = { validateRequest, validateEvent, validateAllocation, nextState, eventTypes, jsonSchemas };
