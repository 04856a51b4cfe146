#!/usr/bin/env node
// `npm test`: builds the package if anything changed, packs it with `npm pack`, installs the
// tarball into a fresh temporary project (as a user would), and runs `node --test` there over
// test/*.test.mjs, which import the *installed* package. The dev tools the tests use (ajv,
// typescript, playwright-core) come from the repository root's node_modules.
//
//   BASM_UPDATE_SNAPSHOTS=1   rewrite types.snapshot.d.ts instead of comparing with it
//   BASM_KEEP_TEMP=1          keep the temporary project (its path is printed)
//   BASM_SKIP_BROWSER=1       skip the Chromium test
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkgDir);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

// 1. Build when a source is newer than either module (browsers', Node's; cargo alone would be
// quick, wasm-opt is not).
const built = [join(pkgDir, "dist", "basm_wasm_bg.wasm"), join(pkgDir, "dist", "node", "basm_wasm_bg.wasm")];
const sources = [
  join(pkgDir, "src"),
  join(pkgDir, "examples"),
  join(pkgDir, "Cargo.toml"),
  join(pkgDir, "scripts", "build.mjs"),
  join(root, "core", "src"),
  join(root, "core", "Cargo.toml"),
  join(root, "cli", "src"),
  join(root, "cli", "Cargo.toml"),
  join(root, "Cargo.lock"),
  join(root, "Cargo.toml"),
];
const stale =
  !existsSync(join(pkgDir, "dist", "index.d.ts")) || Math.max(...sources.map(newest)) > Math.min(...built.map(newest));
if (stale) {
  execFileSync(process.execPath, [join(pkgDir, "scripts", "build.mjs")], { stdio: "inherit" });
} else {
  console.log("test: dist/ is up to date");
}

// 2. Pack, and install the tarball into a fresh project.
const temp = mkdtempSync(join(tmpdir(), "basm-validator-test-"));
const project = join(temp, "project");
mkdirSync(project);
const packed = execFileSync(npm, ["pack", "--json", "--pack-destination", temp], { cwd: pkgDir, encoding: "utf8" });
const tarball = join(temp, JSON.parse(packed)[0].filename);
console.log(`test: packed ${relative(temp, tarball)} (${statSync(tarball).size} bytes)`);
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "basm-validator-test", private: true, type: "module" }, null, 2));
execFileSync(npm, ["install", tarball, "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"], {
  cwd: project,
  stdio: "inherit",
});
for (const tool of ["ajv", "ajv-formats", "typescript", "playwright-core", "@seriousme/openapi-schema-validator"]) {
  mkdirSync(dirname(join(project, "node_modules", tool)), { recursive: true });
  symlinkSync(join(root, "node_modules", tool), join(project, "node_modules", tool), "dir");
}
cpSync(join(pkgDir, "test"), join(project, "test"), { recursive: true });

// 3. node --test, in the project. The native `basm` (a debug build: quick when built) runs
// beside the package's bin in test/cli.test.mjs: both doors must print the same.
const targetDir = process.env.CARGO_TARGET_DIR || join(root, "target");
execFileSync(process.env.CARGO || "cargo", ["build", "-q", "--locked", "-p", "basm-cli", "--bin", "basm"], {
  cwd: root,
  stdio: "inherit",
});
const env = {
  ...process.env,
  BASM_NATIVE_CLI: join(targetDir, "debug", "basm"),
  BASM_PKG_DIR: pkgDir,
  BASM_VECTORS: join(root, "tests", "vectors"),
};
const files = readdirSync(join(project, "test"))
  .filter((f) => f.endsWith(".test.mjs"))
  .filter((f) => !(process.env.BASM_SKIP_BROWSER === "1" && f.startsWith("browser")))
  .sort()
  .map((f) => join("test", f));
console.log(`test: node --test ${files.join(" ")} (in ${project})`);
const reporters = ["--test-reporter=spec", "--test-reporter-destination=stdout"];
reporters.push("--test-reporter=tap", `--test-reporter-destination=${join(temp, "report.tap")}`);
const result = spawnSync(process.execPath, ["--test", ...reporters, ...files], {
  cwd: project,
  env,
  stdio: "inherit",
});
// The closing `# pass N` / `# fail N` lines, as CI reads them.
const tap = existsSync(join(temp, "report.tap")) ? readFileSync(join(temp, "report.tap"), "utf8") : "";
const summary = tap.split("\n").filter((l) => /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(l));
console.log(summary.join("\n"));
if (process.env.BASM_KEEP_TEMP === "1") {
  console.log(`test: kept ${temp}`);
} else {
  rmSync(temp, { recursive: true, force: true });
}
process.exit(result.status ?? 1);
