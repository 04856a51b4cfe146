// The command line as a user reaches it from the installed package: `npx basm-validator …`
// (cli/ compiled for wasm32-wasip1, run by Node's WASI). Each case also runs the native `basm`
// binary on the same input, when the test run was given it (scripts/test.mjs builds it), and
// asserts both doors print the same bytes and exit with the same code: one implementation.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { validateRequest } from "basm-validator";

// What `npx basm-validator` runs: the bin npm linked into the project that installed the package
// (the tests run in that project; the cases run in a scratch folder, as a user's own).
const bin = join(process.cwd(), "node_modules", ".bin", process.platform === "win32" ? "basm-validator.cmd" : "basm-validator");
const native = process.env.BASM_NATIVE_CLI;
const work = mkdtempSync(join(tmpdir(), "basm-cli-"));
after(() => rmSync(work, { recursive: true, force: true }));

const MOVE = "18cf2777-a0e4-4cac-947b-44316580b33d";
const event = (occurredAt) => ({
  data: {
    type: "events",
    attributes: { event_type: "MoveAccept", occurred_at: occurredAt, recorded_at: "2020-12-03T10:51:28+00:00" },
    relationships: { eventable: { data: { type: "moves", id: MOVE } } },
  },
});
const request = (body) => ({
  method: "POST",
  path: "/api/events",
  headers: {
    Authorization: "Bearer token",
    "Content-Type": "application/vnd.api+json",
    Accept: "application/vnd.api+json; version=2",
    "Idempotency-Key": "3f0b6d2e-8a52-4d57-9a57-2a3a5c8b1e10",
  },
  body: JSON.stringify(body),
});

/** Runs the installed bin (cwd: the test's scratch folder) and, when given, the native binary. */
function basm(args, { input, cwd = work } = {}) {
  const wasi = spawnSync(bin, args, {
    cwd,
    input,
    encoding: "utf8",
    maxBuffer: 64 << 20,
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (native) {
    const own = spawnSync(native, args, { cwd, input, encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: "1" } });
    assert.equal(wasi.stdout, own.stdout, `basm ${args.join(" ")}: the npm bin and the native binary print the same`);
    assert.equal(wasi.stderr, own.stderr, `basm ${args.join(" ")}: the same on stderr`);
    assert.equal(wasi.status, own.status, `basm ${args.join(" ")}: the same exit code`);
  }
  return wasi;
}

function file(name, value) {
  const path = join(work, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return name;
}

describe("npx basm-validator", () => {
  test("the native binary is compared (scripts/test.mjs passes it)", () => {
    assert.ok(native && existsSync(native), `BASM_NATIVE_CLI=${native}: build it with cargo build -p basm-cli`);
  });

  test("--help and --version", () => {
    const help = basm(["--help"]);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /basm check/);
    assert.match(help.stdout, /basm har/);
    assert.match(help.stdout, /basm openapi/);
    const version = basm(["--version"]);
    assert.equal(version.status, 0);
    assert.match(version.stdout, /^basm \d+\.\d+\.\d+/);
  });

  test("check: a valid request exits 0, an invalid one 1, with the error's place and the API's status", () => {
    const good = file("good.json", request(event("2020-12-03T10:51:28+00:00")));
    const bad = file("requests/bad.json", request(event("3rd of December")));
    const ok = basm(["check", good]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const refused = basm(["check", bad]);
    assert.equal(refused.status, 1, refused.stdout + refused.stderr);
    assert.match(refused.stdout, /requests\/bad\.json:\d+:\d+/);
    assert.match(refused.stdout, /422/);
    // Both at once, and a folder, recursively.
    assert.equal(basm(["check", good, bad]).status, 1);
    assert.equal(basm(["check", "requests"]).status, 1);
  });

  test("check --format json agrees with validateRequest", () => {
    const bad = file("json/bad.json", request(event("3rd of December")));
    const run = basm(["check", "--format", "json", bad]);
    assert.equal(run.status, 1, run.stderr);
    const results = JSON.parse(run.stdout);
    assert.equal(results.length, 1);
    const expected = validateRequest(request(event("3rd of December")));
    assert.equal(results[0].verdict.valid, false);
    assert.equal(results[0].verdict.status, expected.status);
    assert.deepEqual(
      results[0].verdict.errors.map((e) => [e.code, e.source]),
      expected.errors.map((e) => [e.code, e.source]),
    );
  });

  test("check reads stdin", () => {
    const run = basm(["check", "-"], { input: JSON.stringify(request(event("2020-12-03T10:51:28+00:00"))) });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  test("bad input: exit 2 and a message naming the file, never a crash", () => {
    file("broken.json", "{ not json");
    for (const [args, name] of [
      [["check", "broken.json"], "broken.json"],
      [["check", "missing.json"], "missing.json"],
      [["har", "broken.json"], "broken.json"],
    ]) {
      const run = basm(args);
      assert.equal(run.status, 2, `${args.join(" ")}: ${run.stdout}${run.stderr}`);
      assert.ok(run.stderr.includes(name), `${args.join(" ")} names ${name}: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /panicked|RuntimeError|unreachable/);
    }
    const usage = basm(["frobnicate"]);
    assert.equal(usage.status, 2);
  });

  test("har --format json: each /api/ entry judged against the API's answer", () => {
    const entry = (body, status) => ({
      request: {
        method: "POST",
        url: "https://api.example.invalid/api/events",
        headers: Object.entries(request(body).headers).map(([name, value]) => ({ name, value })),
        queryString: [],
        postData: { mimeType: "application/vnd.api+json", text: JSON.stringify(body) },
      },
      response: status === null ? undefined : { status, headers: [], content: { mimeType: "application/vnd.api+json", text: "" } },
    });
    const har = {
      log: {
        version: "1.2",
        creator: { name: "test", version: "1" },
        entries: [
          entry(event("2020-12-03T10:51:28+00:00"), 201),
          entry(event("2020-12-03T10:51:28+00:00"), 422),
          { request: { method: "GET", url: "https://api.example.invalid/app.css", headers: [] }, response: { status: 200 } },
        ],
      },
    };
    const run = basm(["har", "--format", "json", file("capture.har", har)]);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(
      report.entries
        .map((e) => [e.index, e.method, e.path, e.predicted.status, e.actual?.status ?? null, e.outcome])
        .sort((a, b) => a[0] - b[0]),
      [
        [0, "POST", "/api/events", 201, 201, "agrees"],
        [1, "POST", "/api/events", 201, 422, "drift"],
      ],
    );
    assert.equal(report.summary.skipped, 1);
    assert.equal(report.summary.agrees, 1);
    assert.equal(report.summary.drift, 1);
    assert.equal(run.status, 1, "drift exits 1");
  });

  test("openapi: an OpenAPI 3.1 document an independent validator accepts, every $ref resolved", async () => {
    const run = basm(["openapi"]);
    assert.equal(run.status, 0, run.stderr);
    const document = JSON.parse(run.stdout);
    assert.equal(document.openapi, "3.1.0");
    // @seriousme/openapi-schema-validator: the OpenAPI Initiative's JSON Schema of 3.1.
    const { Validator } = await import("@seriousme/openapi-schema-validator");
    assert.ok(Validator.supportedVersions.has("3.1"));
    const validator = new Validator();
    const result = await validator.validate(document);
    assert.deepEqual(result.errors ?? [], [], JSON.stringify(result.errors, null, 2));
    assert.equal(result.valid, true);
    assert.equal(validator.version, "3.1");
    const resolved = validator.resolveRefs();
    const events = resolved.paths["/api/events"].post.requestBody.content["application/vnd.api+json"];
    assert.ok(events.schema.oneOf.length > 30);
    assert.ok(events.schema.oneOf.every((s) => s.$ref === undefined));
    // The validator is not a yes-machine.
    const broken = await new Validator().validate({ openapi: "3.1.0", info: { title: "x" }, paths: { "/a": { get: { responses: 1 } } } });
    assert.equal(broken.valid, false);
  });
});
