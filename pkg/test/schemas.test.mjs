// jsonSchemas(): ajv 8 (draft 2020-12) + ajv-formats compile every schema, and agree with
// validateEvent on the vectors that are pure shape checks; so does a client that checks bodies
// with the OpenAPI document of `npx basm-validator openapi`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { eventTypes, jsonSchemas, validateEvent } from "basm-validator";

import { vectorFiles } from "./lib/files.mjs";
import { buildRequest, cases } from "./lib/vectors.mjs";

const schemas = jsonSchemas();
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);

test("ajv compiles every schema in strict mode", () => {
  for (const [name, schema] of Object.entries(schemas)) {
    assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema", name);
    assert.doesNotThrow(() => ajv.compile(schema), name);
  }
  assert.equal(Object.keys(schemas).length, eventTypes().length);
});

test("server-written event types accept nothing", () => {
  for (const t of eventTypes().filter((t) => !t.postable)) {
    assert.equal(ajv.validate(schemas[t.name], { data: {} }), false, t.name);
  }
});

// Codes a schema can see: missing or blank members, values outside a list, malformed
// date-times and dates, unknown event or eventable types, missing ids.
const SHAPE_CODES = new Set([
  "blank",
  "inclusion",
  "invalid_datetime",
  "invalid_date",
  "invalid_event_type",
  "invalid_eventable_type",
  "parameter_missing",
  "not_found",
]);
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^(\{([0-9a-fA-F]{4}-?){7}[0-9a-fA-F]{4}\}|([0-9a-fA-F]{4}-?){7}[0-9a-fA-F]{4})$/;
/** A real calendar date and time (the API's parser rolls 2020-02-30 over; ajv refuses it). */
function realDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2}))?/.exec(s);
  if (!m) return false;
  const [y, mo, d, h = 0, mi = 0, se = 0] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days && h < 24 && mi < 60 && se < 60;
}
const infos = Object.fromEntries(eventTypes().map((t) => [t.name, t]));

/**
 * Whether every value the table types is of its JSON type: details fields as declared (dates
 * as `YYYY-MM-DD`, date-times RFC 3339), timestamps strings, ids strings. Vectors that probe
 * the API's leniencies (an array where an enum is expected, a number as text, a date-time as
 * a date) are not shape checks: the schemas describe a well-formed request and refuse them.
 */
function wellTyped(data) {
  const attributes = data?.data?.attributes;
  const info = infos[attributes?.event_type];
  if (!info || typeof attributes !== "object") return false;
  for (const t of [attributes.occurred_at, attributes.recorded_at]) {
    if (t !== undefined && t !== null && !(typeof t === "string" && RFC3339.test(t) && realDate(t))) return false;
  }
  const details = attributes.details;
  if (details !== undefined && details !== null && (typeof details !== "object" || Array.isArray(details))) return false;
  for (const f of info.fields) {
    const v = details?.[f.name];
    if (v === undefined || v === null) continue;
    const ok = {
      string: typeof v === "string",
      enum: typeof v === "string" && v !== "",
      boolean: typeof v === "boolean",
      string_array: Array.isArray(v) && v.every((x) => typeof x === "string"),
      date: typeof v === "string" && DATE.test(v) && realDate(v),
      date_time: typeof v === "string" && RFC3339.test(v) && realDate(v),
      any: true,
    }[f.kind];
    if (!ok) return false;
  }
  const relationships = data.data.relationships;
  if (typeof relationships !== "object" || relationships === null) return false;
  for (const r of Object.values(relationships)) {
    const id = r?.data?.id;
    if (id !== undefined && id !== null && typeof id !== "string") return false;
  }
  return true;
}

/** Whether an error is one a schema can see (a not_found only for a missing or non-UUID id). */
function shapeError(e, data) {
  if (!SHAPE_CODES.has(e.code)) return false;
  const detail = /^\/data\/attributes\/details\/([^/]+)$/.exec(e.source.pointer ?? "");
  if (detail) {
    // A blank optional field is a cross-field rule (personnel numbers, postcode or description).
    const field = infos[data.data.attributes.event_type].fields.find((f) => f.name === detail[1]);
    const value = data.data.attributes.details?.[detail[1]];
    return field !== undefined && (field.required || (value !== undefined && value !== null && e.code !== "blank"));
  }
  if (e.code !== "not_found") return true;
  const m = /^\/data\/relationships\/([^/]+)/.exec(e.source.pointer ?? "");
  if (!m) return false;
  const info = infos[data.data.attributes.event_type];
  if (m[1] !== "eventable" && !info.relationships.some((r) => r.name === m[1] && r.required)) return false;
  const id = data.data.relationships?.[m[1]]?.data?.id;
  return id === undefined || id === null || (typeof id === "string" && !UUID.test(id));
}

/**
 * A vector is a pure shape check when it is a plain `POST /api/events` with a well-typed JSON
 * object body and no facts, for a known event type, and its verdict is either valid with no
 * warning (the API keeps the body as sent), or refused for shape reasons only.
 */
function pureShape(c, verdict) {
  if (c.group.request !== undefined || c.test.request !== undefined) return false;
  if (c.group.context !== undefined || c.test.context !== undefined) return false;
  if (!wellTyped(c.test.data)) return false;
  if (verdict.valid) return verdict.warnings.length === 0;
  return verdict.errors.length > 0 && verdict.errors.every((e) => shapeError(e, c.test.data));
}

/** Runs `accepts(eventType, body)` against validateEvent on every pure shape vector. */
function agreement(what, accepts) {
  let compared = 0;
  const disagreements = [];
  for (const c of cases(vectorFiles())) {
    if (c.test.data === undefined) continue;
    const verdict = validateEvent(buildRequest(c.group, c.test).body);
    if (!pureShape(c, verdict)) continue;
    const [ok, why] = accepts(c.test.data.data.attributes.event_type, c.test.data);
    if (ok !== verdict.valid) {
      disagreements.push(`${c.id}: validateEvent ${verdict.valid ? "accepts" : "refuses"}, ${what} ${ok ? "accepts" : `refuses (${why})`}`);
    }
    compared++;
  }
  console.log(`${what}: compared ${compared} pure shape vectors`);
  assert.ok(compared > 0, "no pure shape vectors to compare");
  assert.deepEqual(disagreements, []);
}

test("the schemas agree with validateEvent on the pure shape vectors", () => {
  const validators = Object.fromEntries(Object.entries(schemas).map(([k, s]) => [k, ajv.compile(s)]));
  agreement("the schema", (name, body) => {
    const validate = validators[name];
    return [validate(body), ajv.errorsText(validate.errors)];
  });
});

test("a client checking bodies with `basm openapi`'s document agrees with validateEvent on the same vectors", () => {
  // As an OpenAPI client would: the document as it is, POST /api/events' request body schema
  // (a oneOf over the event types, by $ref to components), compiled by ajv (2020-12).
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const document = JSON.parse(execFileSync(npx, ["--no-install", "basm-validator", "openapi"], { encoding: "utf8", maxBuffer: 64 << 20 }));
  const client = new Ajv2020({ allErrors: true, strict: false });
  addFormats(client);
  client.addSchema(document, "urn:basm:openapi");
  const validate = client.getSchema("urn:basm:openapi#/paths/~1api~1events/post/requestBody/content/application~1vnd.api+json/schema");
  assert.ok(validate, "the document has a request body schema for POST /api/events");
  agreement("the OpenAPI document", (_name, body) => [validate(body), client.errorsText(validate.errors)]);
});

test("the schemas refuse the usual shape mistakes", () => {
  const body = () => ({
    data: {
      type: "events",
      attributes: {
        event_type: "MoveCancel",
        occurred_at: "2020-12-03T10:51:28+00:00",
        recorded_at: "2020-12-03T10:51:28+00:00",
        details: { cancellation_reason: "made_in_error" },
      },
      relationships: { eventable: { data: { type: "moves", id: "18cf2777-a0e4-4cac-947b-44316580b33d" } } },
    },
  });
  const validate = ajv.compile(schemas.MoveCancel);
  assert.equal(validate(body()), true, ajv.errorsText(validate.errors));
  assert.equal(validateEvent(body()).valid, true);
  const mistakes = [
    (b) => delete b.data.attributes.details.cancellation_reason,
    (b) => (b.data.attributes.details.cancellation_reason = "bored"),
    (b) => (b.data.attributes.occurred_at = "yesterday"),
    (b) => (b.data.attributes.event_type = "MoveCancelled"),
    (b) => (b.data.relationships.eventable.data.type = "journeys"),
    (b) => delete b.data.relationships.eventable.data.id,
  ];
  for (const mistake of mistakes) {
    const b = body();
    mistake(b);
    assert.equal(validate(b), false, `schema accepts ${mistake}`);
    assert.equal(validateEvent(b).valid, false, `validateEvent accepts ${mistake}`);
  }
});
