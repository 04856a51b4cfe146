// Nothing lost: drafts survive a reload; a dropped request retried creates exactly one
// allocation; no double submit; a refused token keeps the draft; signing out forgets who
// signed in. Hostile data is shown as
// text, and the app runs under its Content-Security-Policy without violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allocationsOn, api, checkAxe, chooseRadio, createAllocation, expectHeading, fillAllocationDetails,
  heading, londonDate,
  newPage, shoot, signIn, tabTo, typeInto, withSandbox,
} from './helpers.mjs';

const env = withSandbox();

/** Fills both steps for `date` and stops on check answers. */
async function fillToCheck(page, base, date, count = '2') {
  await page.goto(base + '/allocations/new');
  await heading(page);
  await fillAllocationDetails(page, { count, date });
  await chooseRadio(page, 'estate', 'adult_male');
  await chooseRadio(page, 'prisoner-category-adult-male', 'b');
  await chooseRadio(page, 'sentence-length', 'any');
  await chooseRadio(page, 'complete-in-full', 'no');
  await chooseRadio(page, 'has-other-criteria', 'no');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Check your answers before creating the allocation');
}

test('a reload mid-form keeps the draft, and the sign-in', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  await page.goto(base + '/allocations/new');
  await heading(page);
  await typeInto(page, '#moves-count', '4');
  await typeInto(page, '#from-location', 'BSI');
  await page.keyboard.press('Tab');
  await typeInto(page, '#date-day', '7');
  await page.reload();
  await expectHeading(page, 'Allocation details');
  assert.equal(await page.inputValue('#moves-count'), '4');
  assert.equal(await page.inputValue('#from-location'), 'BRINSFORD (HMP) (BSI)');
  assert.equal(await page.inputValue('#date-day'), '7');
  assert.match(await page.locator('.govuk-inset-text').innerText(), /We kept the answers/);
  await checkAxe(page, 'restored draft');
  await shoot(page, '40-restored-draft');
  await tabTo(page, '.govuk-inset-text button');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#moves-count').value === '');
  assert.equal(await page.inputValue('#from-location'), '');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'moves-count');

  await page.goto(base + '/allocations/new/criteria');
  await heading(page);
  await chooseRadio(page, 'estate', 'other_estate');
  await typeInto(page, '#estate-comment', 'Mixed estate');
  await page.reload();
  await expectHeading(page, 'Allocation criteria');
  assert.ok(await page.isChecked('input[name=estate][value=other_estate]'));
  assert.equal(await page.inputValue('#estate-comment'), 'Mixed estate');
  await page.assertClean();
});

test('a dropped answer, retried, creates exactly one allocation', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  const date = londonDate(15);
  await fillToCheck(page, base, date);
  const keys = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/allocations')) keys.push(r.headers()['idempotency-key']);
  });
  // The request reaches the API, which creates the allocation; the answer is lost.
  await page.route('**/api/allocations', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    await route.fetch();
    return route.abort('failed');
  });
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /We could not reach the API[\s\S]*your answers are kept/);
  await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'));
  assert.equal((await allocationsOn(base, date)).length, 1, 'the first try did create it');
  await checkAxe(page, 'network failure');
  await shoot(page, '41-network-failure');

  // Reload too: the key and the unknown outcome are in the draft.
  await page.reload();
  await expectHeading(page, 'Check your answers before creating the allocation');
  await page.unroute('**/api/allocations');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocation requested');
  const stored = await allocationsOn(base, date);
  assert.equal(stored.length, 1, 'the retry found the allocation instead of creating another');
  // The confirmation is the stored allocation's: its address, and its first move's reference.
  assert.ok(page.url().includes(stored[0].id), page.url());
  const { body } = await api(base, 'GET', `/api/allocations/${stored[0].id}?include=moves`);
  const references = body.included.filter((r) => r.type === 'moves').map((m) => m.attributes.reference);
  assert.ok(references.includes((await page.locator('.govuk-panel__body strong').innerText()).trim()));
  assert.equal(keys.length, 1);
  await page.assertClean(['Failed to load resource']);
});

test('a request that never arrived is retried with the same Idempotency-Key', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  const date = londonDate(16);
  await fillToCheck(page, base, date);
  const keys = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/allocations')) keys.push(r.headers()['idempotency-key']);
  });
  await page.route('**/api/allocations', (route) => (route.request().method() === 'POST'
    ? route.abort('internetdisconnected') : route.continue()));
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('.govuk-error-summary').waitFor();
  assert.equal((await allocationsOn(base, date)).length, 0);
  await page.unroute('**/api/allocations');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocation requested');
  assert.equal((await allocationsOn(base, date)).length, 1);
  assert.equal(keys.length, 2);
  assert.equal(keys[0], keys[1], 'one Idempotency-Key across retries');
  assert.match(keys[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await page.assertClean(['Failed to load resource']);
});

test('the create button cannot submit twice, and shows progress', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  const date = londonDate(17);
  await fillToCheck(page, base, date);
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/api/allocations', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    await held;
    return route.continue();
  });
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('button[type=submit]')?.getAttribute('aria-disabled') === 'true');
  assert.equal((await page.locator('button[type=submit]').innerText()).trim(), 'Creating allocation…');
  await shoot(page, '42-sending');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  release();
  await expectHeading(page, 'Allocation requested');
  assert.equal((await allocationsOn(base, date)).length, 1);
  await page.assertClean();
});

test('a refused token: sign in again on the same page, the draft intact', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  const date = londonDate(18);
  await fillToCheck(page, base, date, '5');
  await page.route('**/api/allocations', (route) => (route.request().method() === 'POST'
    ? route.fulfill({ status: 401, contentType: 'application/vnd.api+json',
      body: JSON.stringify({ errors: [{ code: 'not_authorized', title: 'Not authorized',
        detail: 'Token expired or invalid', source: { header: 'Authorization' } }] }) })
    : route.continue()));
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /Sign in again[\s\S]*Token expired or invalid/);
  await checkAxe(page, '401 on create');
  await page.unroute('**/api/allocations');
  await tabTo(page, '.govuk-error-summary a[href="/"]');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Sign in');
  // The address keeps the step and its journey (whose draft comes back after signing in).
  assert.match(page.url(), /\/allocations\/new\/check\?journey=[0-9a-f]{12}$/);
  await typeInto(page, '#token', 'a-fresh-token');
  await typeInto(page, '#name', 'Iama Requestor');
  await chooseRadio(page, 'role', 'pmu');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Check your answers before creating the allocation');
  assert.match(await page.locator('main').innerText(), /Number of people\s+5/);
  await page.assertClean(['401']);
});

test('sign out forgets who signed in: the next person on a shared machine starts empty', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base, { name: 'Previous User', role: 'oca' });
  await tabTo(page, '.app-signed-in a');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Sign in');
  assert.equal(await page.inputValue('#name'), '', 'the name is forgotten');
  assert.equal(await page.locator('input[name="role"]:checked').count(), 0, 'the role is forgotten');
  assert.equal(await page.inputValue('#token'), '');
  assert.equal(await page.inputValue('#api-address'), base, 'the API address stays');
  const main = await page.locator('main').innerText();
  assert.doesNotMatch(main, /Close the tab to sign out/);
  assert.match(main, /ends when you sign out or close the tab/);
  // A reload (or the next visit) does not bring the name back either.
  await page.reload();
  await expectHeading(page, 'Sign in');
  assert.equal(await page.inputValue('#name'), '');
  await checkAxe(page, 'sign-in after sign out');
  await page.assertClean();
});

test('names and comments with markup from the API are shown as text, never run', async () => {
  const base = env.sandbox.url;
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
  const id = await createAllocation(base, { date: londonDate(19), other: hostile });
  const page = await newPage(env.browser);
  await signIn(page, base, { name: '<i>Evil</i> "User"' });
  await page.goto(`${base}/allocations/${id}`);
  await heading(page);
  const text = await page.locator('main').innerText();
  assert.ok(text.includes(hostile), 'the markup is shown as text');
  assert.equal(await page.locator('main img, main script, main b').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.match(await page.locator('.govuk-service-navigation').innerText(), /<i>Evil<\/i> "User"/);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  await shoot(page, '43-hostile-data');
  await page.assertClean();
});
