// pkg/README.md's walkthrough, run as a new user would: saved as walkthrough.mjs in a project
// with the package installed, `node walkthrough.mjs`, and its output compared with the README.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { INSTALLED } from "./lib/files.mjs";

const readme = readFileSync(join(INSTALLED, "README.md"), "utf8");

function block(after) {
  const start = readme.indexOf(after);
  assert.ok(start >= 0, `README.md has no ${after}`);
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(start));
  assert.ok(match, `no code block after ${after}`);
  return match[1];
}

test("the README walkthrough runs and prints what the README says", () => {
  const file = join(process.cwd(), "walkthrough.mjs");
  writeFileSync(file, block("<!-- walkthrough: walkthrough.mjs -->"));
  const output = execFileSync(process.execPath, [file], { encoding: "utf8" });
  assert.equal(output, block("<!-- output -->"));
});
