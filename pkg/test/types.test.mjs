// The declarations: compared with types.snapshot.d.ts, free of `any`, compiled with tsc
// --strict against usage files, and true to what the functions return.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";

import { eventTypes, jsonSchemas, nextState, validateEvent, validateRequest } from "basm-validator";

import { INSTALLED, PKG_DIR, vectorFiles } from "./lib/files.mjs";
import { buildContext, buildRequest, cases } from "./lib/vectors.mjs";

const require = createRequire(import.meta.url);
const tsc = join(require.resolve("typescript/package.json"), "..", "bin", "tsc");
const dts = readFileSync(join(INSTALLED, "dist", "index.d.ts"), "utf8");

test("the declarations equal types.snapshot.d.ts", () => {
  const snapshot = join(PKG_DIR, "types.snapshot.d.ts");
  if (process.env.BASM_UPDATE_SNAPSHOTS === "1") {
    writeFileSync(snapshot, dts);
    return;
  }
  assert.ok(existsSync(snapshot), `${snapshot} is missing: run BASM_UPDATE_SNAPSHOTS=1 npm test in pkg/`);
  const want = readFileSync(snapshot, "utf8");
  if (want !== dts) {
    const a = want.split("\n");
    const b = dts.split("\n");
    const i = a.findIndex((line, n) => line !== b[n]);
    assert.fail(
      `dist/index.d.ts differs from types.snapshot.d.ts at line ${i + 1}:\n  snapshot: ${a[i]}\n  built:    ${b[i]}\n` +
        "If the change is intended, run BASM_UPDATE_SNAPSHOTS=1 npm test in pkg/ and commit the snapshot.",
    );
  }
});

test("no `any` in the public declarations", () => {
  const code = dts.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "").replace(/"[^"\n]*"/g, '""');
  assert.doesNotMatch(code, /\bany\b/);
  for (const name of ["validateRequest", "validateEvent", "validateAllocation", "nextState", "eventTypes", "jsonSchemas"]) {
    assert.match(code, new RegExp(`export function ${name}\\(`), name);
  }
  assert.match(code, /export const VERSION: string;/);
});

function compile(dir, files, module) {
  try {
    execFileSync(process.execPath, [tsc, "--noEmit", "--strict", "--target", "es2022", "--lib", "es2022", "--module", module, "--moduleResolution", module, ...files], {
      cwd: dir,
      encoding: "utf8",
    });
  } catch (error) {
    assert.fail(`tsc --strict failed:\n${error.stdout}${error.stderr}`);
  }
}

test("tsc --noEmit --strict: a usage file (import) and a CommonJS one (require)", () => {
  compile(process.cwd(), ["test/types/usage.ts", "test/types/usage-cjs.cts"], "nodenext");
});

test("what the functions return matches the declarations (tsc on real results)", () => {
  const verdicts = new Map();
  for (const c of cases(vectorFiles())) {
    const v = validateRequest(buildRequest(c.group, c.test), buildContext(c.group, c.test));
    verdicts.set(JSON.stringify(v), c.id);
  }
  verdicts.set(JSON.stringify(validateEvent("{")), "bad JSON");
  const lines = ['import type { EventTypeInfo, JsonSchema, NextState, Verdict } from "basm-validator";'];
  let n = 0;
  for (const [json, id] of verdicts) lines.push(`// ${id.replace(/\n/g, " ")}\nexport const v${n++}: Verdict = ${json};`);
  lines.push(`export const types: EventTypeInfo[] = ${JSON.stringify(eventTypes())};`);
  lines.push(`export const schemas: Record<string, JsonSchema> = ${JSON.stringify(jsonSchemas())};`);
  const transitions = [
    nextState("move", "requested", "accept"),
    nextState("move", "booked", "approve"),
    nextState("move", "lost", "approve"),
    nextState("move", "booked", "fly"),
  ];
  transitions.forEach((t, i) => lines.push(`export const t${i}: NextState = ${JSON.stringify(t)};`));
  const dir = join(process.cwd(), "test", "types", "generated");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "values.ts"), lines.join("\n") + "\n");
  compile(process.cwd(), ["test/types/generated/values.ts"], "nodenext");
});
