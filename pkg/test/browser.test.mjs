// The same vectors under wasm32 in headless Chromium (Debian's, driven by playwright-core),
// through the installed package's browser entry, loaded by a plain <script type="module">.
import assert from "node:assert/strict";
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

import { vectorFiles, xfailTexts } from "./lib/files.mjs";
import { cases, parseXfail } from "./lib/vectors.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

// The page a user would write: an import map and a plain module script, no bundler, no init.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>basm-validator</title><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "basm-validator": "/node_modules/basm-validator/dist/web/index.js" } }</script>
</head><body>
<script type="module">
  import * as basm from "basm-validator";
  window.basm = basm;
  document.body.textContent = "basm-validator " + basm.VERSION;
</script>
</body></html>`;

let server;
let browser;
let page;
const problems = [];
const wasmFetched = [];

before(async () => {
  const root = process.cwd();
  server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    }
    const path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
    createReadStream(path).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("request", (r) => r.url().endsWith(".wasm") && wasmFetched.push(new URL(r.url()).pathname));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.basm !== undefined, null, { timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test("a plain ES module import works with no init call", async () => {
  const text = await page.textContent("body");
  assert.match(text, /^basm-validator \d+\.\d+\.\d+/);
  assert.equal(await page.evaluate(() => window.basm.validateEvent("{}").status), 400);
});

test("the browser fetches the module built for size, once", () => {
  assert.deepEqual(wasmFetched, ["/node_modules/basm-validator/dist/basm_wasm_bg.wasm"]);
});

test("every vector passes in Chromium (wasm32)", async () => {
  const files = vectorFiles();
  const xfail = [...parseXfail(xfailTexts())];
  const result = await page.evaluate(
    async ({ files, xfail }) => {
      const { runAll } = await import("/test/lib/vectors.mjs");
      return runAll(window.basm, files, new Set(xfail));
    },
    { files, xfail },
  );
  console.log(`chromium: ${result.run} vectors run in ${files.length} files, ${result.failed.length} failed, ${result.xfailed} expected failures`);
  assert.equal(result.run, cases(files).length);
  assert.deepEqual(result.unexpectedPass, [], "expected failures that now pass");
  assert.equal(result.failed.length, 0, result.failed.join("\n"));
});

test("misuse throws a TypeError and bad payloads are results, in the browser too", async () => {
  const out = await page.evaluate(() => {
    const { validateEvent } = window.basm;
    let thrown = "";
    try {
      validateEvent(42);
    } catch (e) {
      thrown = e.constructor.name;
    }
    return {
      thrown,
      invalidUtf8: validateEvent(new Uint8Array([0xff, 0xfe])).errors[0].code,
      deep: validateEvent("[".repeat(50_000)).status,
      afterwards: validateEvent({ data: {} }).valid,
    };
  });
  assert.deepEqual(out, { thrown: "TypeError", invalidUtf8: "invalid_utf8", deep: 400, afterwards: false });
});

test("no errors in the page", () => {
  assert.deepEqual(problems, []);
});
