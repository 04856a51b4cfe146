// The three figures of the issue, measured and written to test-output/figures.json:
// first-load gzip bytes, cold time until the create-allocation form accepts input, and
// validation time per keystroke.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { assertRoutedRequests, launchBrowser, recordRequests, root, startSandbox, TOKEN } from './helpers.mjs';

let sandbox;
let browser;
const figures = {};
before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sandbox?.stop();
  assertRoutedRequests();
  mkdirSync(join(root, 'test-output'), { recursive: true });
  writeFileSync(join(root, 'test-output', 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
});

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// What a cold browser fetches to show /allocations/new signed in as PMU, each file gzip -9
// (fonts excluded; API answers are data, not the app): the files the form cannot accept
// input without (html, js, css and the main .wasm, with the split loader its js imports) are
// the first load; the .wasm chunks of the split points the page fetches after it is
// interactive (core's engine, for its first request: the list of prisons) are listed
// apart; and every chunk in dist/, for the whole app.
test('first load: gzip bytes of html + js + wasm + css (fonts excluded)', async (t) => {
  const base = sandbox.url;
  const context = await browser.newContext();
  recordRequests(context);
  await context.addInitScript((s) => sessionStorage.setItem('basm:session', s),
    JSON.stringify({ api: base, token: TOKEN, name: 'Figure Taker', role: 'pmu' }));
  const bodies = [];
  context.on('response', (response) => {
    const { origin, pathname } = new URL(response.url());
    if (origin !== base || pathname.startsWith('/api/')) return;
    if (!/\.(js|wasm|css)$/.test(pathname) && response.request().resourceType() !== 'document') return;
    bodies.push(response.body().then((body) => [pathname, body]));
  });
  const page = await context.newPage();
  await page.goto(`${base}/allocations/new`);
  await page.locator('#moves-count').waitFor();
  await page.waitForLoadState('networkidle');
  await context.close();
  const name = (path) => (path === '/allocations/new' ? 'index.html' : path.slice(1).replace(/-[0-9a-f]{12,16}(?=[._])/, ''));
  const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
  const first = {};
  const later = {};
  for (const [path, body] of await Promise.all(bodies)) {
    const chunk = path.endsWith('.wasm') && !path.endsWith('_bg.wasm');
    (chunk ? later : first)[name(path)] = gz(body);
  }
  const sum = (files) => Object.values(files).reduce((a, b) => a + b, 0);
  const total = sum(first);
  assert.ok(first['index.html'] > 0 && Object.keys(first).some((f) => f.endsWith('_bg.wasm')), JSON.stringify(first));
  const dist = join(root, 'dist');
  const chunks = readdirSync(dist).filter((f) => f.endsWith('.wasm') && !f.endsWith('_bg.wasm'));
  const allChunks = chunks.reduce((a, f) => a + gz(readFileSync(join(dist, f))), 0);
  figures.first_load_gzip_bytes = { total, files: first, goal: 250 * 1024 };
  figures.fetched_after_interactive_gzip_bytes = { total: sum(later), files: later };
  figures.all_chunks_gzip_bytes = { total: allChunks, chunks: chunks.length };
  t.diagnostic(`first load: ${total} bytes gzip (${JSON.stringify(first)})`);
  t.diagnostic(`then fetched by the page once interactive: ${sum(later)} bytes gzip in ${Object.keys(later).length} chunks (${JSON.stringify(later)}); first page in all: ${total + sum(later)}`);
  t.diagnostic(`every chunk of the app: ${allChunks} bytes gzip in ${chunks.length} files`);
});

test('cold: time until the create-allocation form accepts input', async (t) => {
  const base = sandbox.url;
  const session = JSON.stringify({ api: base, token: TOKEN, name: 'Figure Taker', role: 'pmu' });
  const times = [];
  for (let run = 0; run < 5; run += 1) {
    // A fresh context: empty cache, nothing compiled; signed in through sessionStorage.
    const context = await browser.newContext();
    recordRequests(context);
    await context.addInitScript((s) => sessionStorage.setItem('basm:session', s), session);
    const page = await context.newPage();
    await page.goto(`${base}/allocations/new`, { waitUntil: 'commit' });
    await page.locator('#moves-count').waitFor();
    await page.type('#moves-count', '2');
    const ready = await page.evaluate(() => performance.getEntriesByName('basm:create-form-ready')[0]?.startTime);
    assert.equal(await page.inputValue('#moves-count'), '2');
    times.push(ready);
    await context.close();
  }
  figures.cold_form_ready_ms = { median: median(times), runs: times, goal: 300 };
  t.diagnostic(`form accepts input after ${median(times).toFixed(1)} ms (median of ${times.map((x) => x.toFixed(0)).join(', ')})`);
});

test('validation time per keystroke', async (t) => {
  const base = sandbox.url;
  const context = await browser.newContext();
  recordRequests(context);
  await context.addInitScript((s) => sessionStorage.setItem('basm:session', s),
    JSON.stringify({ api: base, token: TOKEN, name: 'Figure Taker', role: 'pmu' }));
  const page = await context.newPage();
  await page.goto(`${base}/allocations/new`);
  await page.locator('#moves-count').waitFor();
  await page.click('button[type=submit]');
  await page.evaluate(() => performance.clearMeasures('basm:validate'));
  await page.type('#moves-count', '12');
  await page.type('#from-location', 'BSI');
  await page.type('#to-location', 'isle of wight');
  await page.type('#date-day', '17');
  await page.type('#date-month', '11');
  await page.type('#date-year', '2030');
  const durations = await page.evaluate(() => performance.getEntriesByName('basm:validate').map((e) => e.duration));
  assert.ok(durations.length >= 20, `${durations.length} validations measured`);
  const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
  figures.validation_per_keystroke_ms = {
    median: median(durations), mean, max: Math.max(...durations), keystrokes: durations.length, goal: 1,
    note: 'Chromium rounds performance.now() to 0.1 ms; the max includes compiling the rule code on its first use',
  };
  t.diagnostic(`validation: median ${median(durations).toFixed(3)} ms, mean ${mean.toFixed(3)} ms, max ${Math.max(...durations).toFixed(3)} ms over ${durations.length} keystrokes`);
  await context.close();
});
