// The shared vectors of tests/vectors/ (the same files core's runner reads), through the
// installed package's validateRequest, in ESM and CommonJS.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";

import * as esm from "basm-validator";

import { vectorFiles, xfailTexts } from "./lib/files.mjs";
import { buildContext, buildRequest, cases, parseXfail, runAll } from "./lib/vectors.mjs";

const files = vectorFiles();
const xfail = parseXfail(xfailTexts());
const cjs = createRequire(import.meta.url)("basm-validator");

test("there are vectors to run", () => {
  assert.ok(files.length > 0, "no vector files under tests/vectors/");
  assert.ok(cases(files).length > 0, "the vector files hold no tests");
});

for (const [how, api] of [["import", esm], ["require", cjs]]) {
  test(`every vector passes through validateRequest (${how})`, () => {
    const { run, failed, unexpectedPass, xfailed } = runAll(api, files, xfail);
    console.log(`vectors (${how}): ${run} run in ${files.length} files, ${failed.length} failed, ${xfailed} expected failures`);
    assert.deepEqual(unexpectedPass, [], "expected failures that now pass (remove them from tests/vectors/xfail/)");
    assert.equal(failed.length, 0, `${failed.length} of ${run} vectors failed:\n${failed.join("\n")}`);
  });
}

test("a body as an object, a JSON string, a Uint8Array and an ArrayBuffer gives one verdict", () => {
  let compared = 0;
  for (const c of cases(files)) {
    if (c.test.data === undefined || c.test.context !== undefined || c.group.context !== undefined) continue;
    const request = buildRequest(c.group, c.test);
    const bytes = new TextEncoder().encode(request.body);
    const asString = esm.validateRequest(request);
    const asObject = esm.validateRequest({ ...request, body: JSON.parse(request.body) });
    const asBytes = esm.validateRequest({ ...request, body: bytes });
    const asBuffer = esm.validateRequest({ ...request, body: bytes.buffer });
    assert.deepEqual(asObject, asString, c.id);
    assert.deepEqual(asBytes, asString, c.id);
    assert.deepEqual(asBuffer, asString, c.id);
    compared++;
  }
  assert.ok(compared > 0);
});

test("validateEvent equals validateRequest on POST /api/events with the standard headers", () => {
  for (const c of cases(files)) {
    if (c.test.request !== undefined || c.group.request !== undefined || c.test.data === undefined) continue;
    const request = buildRequest(c.group, c.test);
    const context = buildContext(c.group, c.test);
    const viaEvent = esm.validateEvent(request.body, context);
    const viaRequest = esm.validateRequest(
      { ...request, headers: { ...request.headers, Authorization: "Bearer token" } },
      context,
    );
    assert.deepEqual(viaEvent, viaRequest, c.id);
  }
});
