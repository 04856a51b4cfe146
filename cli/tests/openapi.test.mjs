// `basm openapi`'s document, checked by an independent OpenAPI validator from the npm registry:
// @seriousme/openapi-schema-validator (2.11.0 checked), which validates a document against the
// OpenAPI Initiative's JSON Schema of its version (3.1 here) and resolves every $ref.
//
//   node --test cli/tests/openapi.test.mjs
//
// BASM_BIN: the basm binary (default: target/debug/basm, or $CARGO_TARGET_DIR/debug/basm).
// OPENAPI_VALIDATOR_DIR: a folder whose node_modules holds the validator, when it is not
// installed where Node resolves it from this file.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin =
  process.env.BASM_BIN ??
  join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "debug", "basm");

async function validatorClass() {
  const dir = process.env.OPENAPI_VALIDATOR_DIR;
  const module = dir
    ? await import(
        pathToFileURL(
          join(dir, "node_modules", "@seriousme", "openapi-schema-validator", "index.js"),
        ).href
      )
    : await import("@seriousme/openapi-schema-validator");
  return module.Validator;
}

test("basm openapi is a valid OpenAPI 3.1 document", async () => {
  const text = execFileSync(bin, ["openapi"], { encoding: "utf8", maxBuffer: 64 << 20 });
  const document = JSON.parse(text);
  assert.equal(document.openapi, "3.1.0");

  const Validator = await validatorClass();
  assert.ok(Validator.supportedVersions.has("3.1"));
  const validator = new Validator();
  const result = await validator.validate(document);
  assert.deepEqual(result.errors ?? [], [], JSON.stringify(result.errors, null, 2));
  assert.equal(result.valid, true);
  assert.equal(validator.version, "3.1");
  // Every $ref resolves.
  const resolved = validator.resolveRefs();
  const events = resolved.paths["/api/events"].post.requestBody.content["application/vnd.api+json"];
  assert.ok(events.schema.oneOf.length > 30);
  assert.ok(events.schema.oneOf.every((s) => s.$ref === undefined));
});

test("the validator refuses a broken document (it is not a yes-machine)", async () => {
  const Validator = await validatorClass();
  const validator = new Validator();
  const dir = mkdtempSync(join(tmpdir(), "basm-openapi-"));
  try {
    const file = join(dir, "broken.json");
    writeFileSync(
      file,
      JSON.stringify({ openapi: "3.1.0", info: { title: "x" }, paths: { "/a": { get: { responses: 1 } } } }),
    );
    const result = await validator.validate(file);
    assert.equal(result.valid, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
