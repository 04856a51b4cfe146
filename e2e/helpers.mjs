// Shared helpers of the browser tests: the sandbox, Chromium, keyboard-only moves, axe,
// screenshots and direct API calls. Nothing here builds anything: run
// `trunk build --release` (dist/) and `cargo build --release -p basm-sandbox` first
// (scripts/test.sh does both).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const screenshots = join(root, 'test-output', 'screenshots');
export const TOKEN = 'e2e-token';
export const BSI = '067c2855-fa41-493d-9c80-1311a4f7ba45';
export const IWI = '056eed18-772b-45b3-b64a-4d7d563641f7';

/** Starts an in-memory, seeded sandbox serving dist/; resolves to { url, stop }. */
/** Starts an in-memory sandbox serving dist/; `extra` adds sandbox flags (e.g. `--token T`). */
export async function startSandbox(extra = []) {
  assert.ok(existsSync(join(root, 'dist', 'index.html')), 'dist/index.html missing: run trunk build --release first');
  const binary = join(root, 'target', 'release', 'basm-sandbox');
  const args = ['--memory', '--port', '0', '--static', join(root, 'dist'), ...extra];
  const child = existsSync(binary)
    ? spawn(binary, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('cargo', ['run', '--quiet', '--release', '-p', 'basm-sandbox', '--', ...args], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${stderr}`)), 600_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/basm sandbox listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited (${code}): ${stderr}`)));
  });
  return {
    url,
    stop: () => new Promise((r) => {
      if (child.exitCode !== null) return r();
      child.once('exit', () => r());
      child.kill('SIGTERM');
    }),
  };
}

/**
 * Every request the web app sends (method, path and query), recorded by `recordRequests`
 * for the test file under way; `assertRoutedRequests` judges them at its end.
 */
export const appRequests = new Set();

/** Records the `fetch` requests of a browser context: the app calls the API only so. */
export function recordRequests(context) {
  context.on('request', (request) => {
    if (!['fetch', 'xhr'].includes(request.resourceType())) return;
    const url = new URL(request.url());
    // The app's own .wasm chunks, which the split loader fetches: files, not API requests.
    if (url.pathname.endsWith('.wasm')) return;
    appRequests.add(`${request.method()} ${url.pathname}${url.search}`);
  });
}

/**
 * The recorded requests core answers `route_not_found` (the real API has no such route),
 * judged by the sandbox binary's `--check-routes`: core's own route table, natively, with
 * nothing to install and no server whose log would have to be read.
 */
export function unroutedRequests(requests = [...appRequests]) {
  if (requests.length === 0) return [];
  const binary = join(root, 'target', 'release', 'basm-sandbox');
  const [command, args] = existsSync(binary)
    ? [binary, ['--check-routes']]
    : ['cargo', ['run', '--quiet', '--release', '-p', 'basm-sandbox', '--', '--check-routes']];
  const run = spawnSync(command, args, { cwd: root, input: `${requests.join('\n')}\n`, encoding: 'utf8' });
  assert.ok([0, 1].includes(run.status), `--check-routes failed: ${run.stderr}`);
  return run.stdout.split('\n').filter(Boolean);
}

/** Fails when the app sent any request the real API has no route for. */
export function assertRoutedRequests() {
  assert.ok(appRequests.size > 0, 'the recorder saw the app\'s requests');
  assert.deepEqual(unroutedRequests(), [], 'the app sent requests the real API has no route for');
}

/** Debian's Chromium, headless, quiet on the network. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}

/**
 * A new page that records console errors, page errors and CSP violations; `assertClean()`
 * fails the test if there were any.
 */
export async function newPage(browser, { viewport = { width: 1024, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  recordRequests(context);
  const page = await context.newPage();
  const problems = [];
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  watch(page, problems);
  return page;
}

/** Records a page's console errors and page errors; `page.assertClean()` judges them. */
function watch(page, problems = []) {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.assertClean = async (allowed = []) => {
    const csp = await page.evaluate(() => window.__cspViolations ?? []).catch(() => []);
    const all = [...problems, ...csp.map((v) => `csp: ${v}`)]
      .filter((p) => !allowed.some((a) => p.includes(a)));
    assert.deepEqual(all, [], 'console errors or CSP violations');
  };
  page.problems = problems;
}

/**
 * A second tab beside `page` (the same browser context: `localStorage` shared,
 * `sessionStorage` its own), watched as `newPage` watches its page.
 */
export async function newTab(page) {
  const tab = await page.context().newPage();
  watch(tab);
  return tab;
}

/** Presses Tab (at most `max` times) until the focused element matches `selector`. */
export async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML?.slice(0, 120));
  assert.fail(`could not reach ${selector} with Tab (focus is on ${at})`);
}

/** Tabs to a text field and types into it (replacing what is there). */
export async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}

/** Fills step 1 of the create-allocation form open in `page` (the number of people, the
 * prisons by code, the date `YYYY-MM-DD` in its three boxes) and continues to the criteria. */
export async function fillAllocationDetails(page, { count = '1', from = 'BSI', to = 'IWI', date }) {
  const [year, month, day] = date.split('-');
  await typeInto(page, '#moves-count', count);
  await typeInto(page, '#from-location', from);
  await typeInto(page, '#to-location', to);
  await typeInto(page, '#date-day', day);
  await typeInto(page, '#date-month', month);
  await typeInto(page, '#date-year', year);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocation criteria');
}

/** Tabs to a radio group's first radio (`#name`) and checks the option with `value`. */
export async function chooseRadio(page, name, value) {
  await tabTo(page, `input[type=radio][name="${name}"]`);
  for (let i = 0; i < 12; i += 1) {
    const current = await page.evaluate(() => document.activeElement.value);
    if (current === value) {
      await page.keyboard.press('Space');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  assert.fail(`no radio ${name}=${value}`);
}

/** Waits for the page's h1 and checks it has focus or is the page's first heading. */
export async function heading(page) {
  const h1 = page.locator('main h1');
  await h1.waitFor();
  return (await h1.innerText()).trim();
}

let axeText;
function axeSource() {
  axeText ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeText;
}

/** Waits until the page's h1 reads `text` (after a navigation). */
export async function expectHeading(page, text) {
  await page.locator('main h1', { hasText: text }).first().waitFor();
  assert.equal(await heading(page), text);
}

/** Runs axe-core (WCAG 2.0/2.1/2.2 A and AA) and fails on any violation. */
export async function checkAxe(page, label) {
  // Evaluated over the DevTools protocol: an injected <script> would break the page's CSP.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource());
  }
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  const violations = result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(violations, [], `axe violations on ${label}`);
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png. */
export async function shoot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Signs in through the sign-in page with the keyboard. */
export async function signIn(page, base, { name = 'Iama Requestor', role = 'pmu', token = TOKEN } = {}) {
  await page.goto(base + '/');
  await heading(page);
  await typeInto(page, '#token', token);
  await typeInto(page, '#name', name);
  await chooseRadio(page, 'role', role);
  await page.keyboard.press('Enter');
  await page.locator('main h1', { hasText: 'Book a secure move' }).waitFor();
}

/** Calls the sandbox's API directly (to seed or check data). */
export async function api(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      Accept: 'application/vnd.api+json; version=2',
      'Content-Type': 'application/vnd.api+json',
      'Idempotency-Key': crypto.randomUUID(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Today in Europe/London, plus `days`, as YYYY-MM-DD. */
export function londonDate(days = 0) {
  const now = new Date(Date.now() + days * 86_400_000);
  return now.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
}

/** Creates an allocation through the API. */
export async function createAllocation(base, { date, count = 2, from = BSI, to = IWI, other = undefined } = {}) {
  const attributes = { date, moves_count: count, estate: 'adult_male', prisoner_category: 'c',
    sentence_length: 'short', complete_in_full: false, requested_by: 'Seeded Requestor' };
  if (other !== undefined) attributes.other_criteria = other;
  const { status, body } = await api(base, 'POST', '/api/allocations', {
    data: { type: 'allocations', attributes,
      relationships: { from_location: { data: { type: 'locations', id: from } },
        to_location: { data: { type: 'locations', id: to } } } },
  });
  assert.equal(status, 201, JSON.stringify(body));
  return body.data.id;
}

/** Every allocation on `date`. */
export async function allocationsOn(base, date) {
  const { status, body } = await api(base, 'GET',
    `/api/allocations?filter%5Bdate_from%5D=${date}&filter%5Bdate_to%5D=${date}&per_page=100`);
  assert.equal(status, 200);
  return body.data;
}

/** Asserts the GOV.UK error summary is shown, has focus, and links each message to a field that exists. */
export async function assertErrorSummary(page, expected) {
  const summary = page.locator('.govuk-error-summary');
  try {
    await summary.waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'), null, { timeout: 10_000 });
  } catch (e) {
    const main = await page.locator('main').innerText().catch(() => '');
    const focus = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120)).catch(() => '');
    throw new Error(`${e.message}\nurl: ${page.url()}\nfocus: ${focus}\nmain: ${main.slice(0, 600)}\nproblems: ${page.problems.join(' | ')}`);
  }
  assert.equal(await summary.locator('h2.govuk-error-summary__title').innerText(), 'There is a problem');
  const links = await summary.locator('.govuk-error-summary__list a').evaluateAll((as) =>
    as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
  assert.deepEqual(links.map((l) => l.text), expected.map(([, text]) => text));
  for (const [i, [field]] of expected.entries()) {
    assert.equal(links[i].href, `#${field}`);
    assert.ok(await page.locator(`#${field}`).count(), `#${field} exists`);
  }
  assert.match(await page.title(), /^Error: /);
}

/** Tabs to a `<select>` and moves through its options with the arrow keys to `value`. */
export async function chooseOption(page, selector, value, max = 150) {
  await tabTo(page, selector);
  const current = () => page.evaluate(() => document.activeElement.value);
  if (await current() === value) return;
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('ArrowDown');
    if (await current() === value) return;
  }
  assert.fail(`no option ${value} in ${selector}`);
}

/** The London wall-clock date and time `minutes` from now: { day, month, year, time }. */
export function londonNow(minutes = 0) {
  const at = new Date(Date.now() + minutes * 60_000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(at).map((p) => [p.type, p.value]));
  return { day: parts.day, month: parts.month, year: parts.year, time: `${parts.hour}:${parts.minute}` };
}

/**
 * Seeds a booked move with a proposed journey through the API: an allocation of one place,
 * a profile of the seeded person G8133UA assigned to it, accepted by the supplier, and a
 * journey from BSI to IWI. Resolves to { moveId, journeyId, reference }.
 */
export async function createBookedMoveWithJourney(base, { date }) {
  const allocationId = await createAllocation(base, { date, count: 1 });
  const allocation = await api(base, 'GET', `/api/allocations/${allocationId}?include=moves`);
  assert.equal(allocation.status, 200);
  const moveId = allocation.body.data.relationships.moves.data[0].id;
  const people = await api(base, 'GET', '/api/people?filter%5Bprison_number%5D=G8133UA');
  assert.equal(people.status, 200, JSON.stringify(people.body));
  const personId = people.body.data[0].id;
  const profile = await api(base, 'POST', `/api/people/${personId}/profiles`, { data: { type: 'profiles' } });
  assert.equal(profile.status, 201, JSON.stringify(profile.body));
  const assigned = await api(base, 'PATCH', `/api/moves/${moveId}`, {
    data: { id: moveId, type: 'moves', attributes: {},
      relationships: { profile: { data: { type: 'profiles', id: profile.body.data.id } } } },
  });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  const accepted = await api(base, 'POST', `/api/moves/${moveId}/accept`,
    { data: { type: 'accepts', attributes: { timestamp: hourAgo } } });
  assert.ok([200, 201, 204].includes(accepted.status), JSON.stringify(accepted.body));
  const shown = await api(base, 'GET', `/api/moves/${moveId}?include=supplier`);
  assert.equal(shown.body.data.attributes.status, 'booked');
  const supplierId = shown.body.data.relationships.supplier.data.id;
  const journey = await api(base, 'POST', `/api/moves/${moveId}/journeys`, {
    data: { type: 'journeys',
      attributes: { timestamp: hourAgo, billable: true, vehicle: { id: '12345678ABC', registration: 'AB12 CDE' } },
      relationships: { from_location: { data: { type: 'locations', id: BSI } },
        to_location: { data: { type: 'locations', id: IWI } },
        supplier: { data: { type: 'suppliers', id: supplierId } } } },
  });
  assert.equal(journey.status, 201, JSON.stringify(journey.body));
  return { moveId, journeyId: journey.body.data.id, reference: shown.body.data.attributes.reference };
}

/**
 * The sandbox and browser of a test file: started before its tests, stopped after them.
 * `env.sandbox.url` is the sandbox's address, `env.browser` the Chromium; `extra` adds
 * sandbox flags.
 */
export function withSandbox(extra = []) {
  const env = {};
  before(async () => {
    env.sandbox = await startSandbox(extra);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.sandbox?.stop();
    // Every request the app made in this file must be one the real API routes.
    assertRoutedRequests();
  });
  return env;
}
