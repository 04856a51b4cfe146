// Node helpers of the tests: where things are, and the vector files as they are now.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { createRequire } from "node:module";

/** tests/vectors/ of the repository (set by scripts/test.mjs). */
export const VECTORS = process.env.BASM_VECTORS ?? join(process.cwd(), "..", "tests", "vectors");
/** The pkg/ folder of the repository (for the snapshot). */
export const PKG_DIR = process.env.BASM_PKG_DIR ?? process.cwd();

const require = createRequire(join(process.cwd(), "package.json"));
/** The installed package's folder (node_modules/basm-validator). */
export const INSTALLED = dirname(require.resolve("basm-validator/package.json"));

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith(".json")) out.push(path);
  }
  return out;
}

/** Every vector file under tests/vectors/, read now: `[{ name, groups }]`. */
export function vectorFiles() {
  return walk(VECTORS, []).map((path) => ({
    name: relative(VECTORS, path).split("\\").join("/"),
    groups: JSON.parse(readFileSync(path, "utf8")),
  }));
}

/** The texts of tests/vectors/xfail/*.txt. */
export function xfailTexts() {
  const dir = join(VECTORS, "xfail");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith(".txt"))
    .map((n) => readFileSync(join(dir, n), "utf8"));
}
