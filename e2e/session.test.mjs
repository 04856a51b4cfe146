// Tokens as the API issues them, and a session that warns before it ends (issue 16, WCAG
// 2.2.1): the sandbox issues short tokens (`--token-ttl 150`) and accepts only its own
// (`--issued-tokens-only`); the test gets them from `POST /oauth/token` as a client would.
// Two minutes before the token expires a modal dialog warns, with focus in it and kept
// there; a new token typed in it carries on in place, keeping what was typed; once the token
// has expired the page shows the sign-in form, and signing in again brings back the page and
// its draft.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkAxe, expectHeading, heading, newPage, shoot, signIn, tabTo, typeInto, withSandbox,
} from './helpers.mjs';

const TTL = 150;
const env = withSandbox(['--token-ttl', String(TTL), '--issued-tokens-only']);

/** A token of the front end's seeded application, as a client gets it. */
async function issueToken(base) {
  const response = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=sandbox-front-end&client_secret=sandbox-front-end-secret',
  });
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.token_type, 'Bearer');
  assert.equal(body.expires_in, TTL);
  return body.access_token;
}

const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');
const storedSession = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('basm:session')));

test('two minutes before the token expires a dialog warns; a new token carries on in place', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  const issuedAt = Date.now();
  const token = await issueToken(base);
  await signIn(page, base, { token });
  await page.waitForFunction(() => JSON.parse(sessionStorage.getItem('basm:session'))?.expires_at);
  const session = await storedSession(page);
  assert.ok(Math.abs(session.expires_at - (issuedAt + TTL * 1000)) < 5000, 'expiry from /oauth/token/info');

  await page.goto(base + '/allocations/new');
  await expectHeading(page, 'Allocation details');
  await typeInto(page, '#moves-count', '3');

  // The warning comes 120 seconds before expiry: 30 seconds after the token was issued.
  const dialog = page.locator('[role="dialog"]');
  await dialog.waitFor({ timeout: 40_000 });
  assert.ok(Date.now() - issuedAt >= 28_000, 'not before two minutes are left');
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  const labelledBy = await dialog.getAttribute('aria-labelledby');
  assert.equal(await page.locator(`#${labelledBy}`).innerText(), 'You’re about to be signed out');
  assert.equal(await focusedId(page), 'session-timeout-dialog', 'focus moves into the dialog');
  assert.equal(await page.locator('.app-timeout__countdown').innerText(), '2 minutes');
  const live = page.locator('#session-timeout-message');
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  assert.equal(await live.innerText(), 'Your sign-in to the API ends in 2 minutes.');
  assert.ok(await page.evaluate(() => document.querySelector('main').closest('[inert]') !== null),
    'the page behind is inert');
  await checkAxe(page, 'session warning');
  await shoot(page, '90-session-warning');

  // Focus stays in the dialog: Tab goes round its controls, Shift+Tab back.
  const order = [];
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.textContent.trim()));
  }
  assert.deepEqual(order, ['session-token', 'Stay signed in', 'session-timeout-sign-out', 'session-token']);
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focusedId(page), 'session-timeout-sign-out');

  // A token the API does not accept is refused on the field.
  await typeInto(page, '#session-token', 'not-a-token');
  await page.keyboard.press('Enter');
  const error = page.locator('#session-token-error');
  await error.waitFor();
  assert.match(await error.innerText(), /The API did not accept this token/);
  assert.equal(await focusedId(page), 'session-token');
  await checkAxe(page, 'session warning, token refused');
  await shoot(page, '91-session-token-refused');

  // A new token: the dialog closes, focus is back where it was, nothing typed is lost.
  const fresh = await issueToken(base);
  await typeInto(page, '#session-token', fresh);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await focusedId(page), 'moves-count');
  assert.equal(await page.inputValue('#moves-count'), '3');
  assert.equal(await page.evaluate(() => document.querySelector('[inert]')), null);
  const renewed = await storedSession(page);
  assert.equal(renewed.token, fresh);
  assert.ok(renewed.expires_at > session.expires_at);
  await heading(page);
  await checkAxe(page, 'after staying signed in');
  await shoot(page, '92-session-continued');
  // The browser logs the refused token's 401 (/oauth/token/info); nothing else.
  await page.assertClean(['401']);
  await page.context().close();
});

test('once the token has expired, the sign-in form says so and brings back the page and its draft', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  // The browser's clock, moved on by the test: the app judges expiry by it.
  await page.clock.install();
  await signIn(page, base, { token: await issueToken(base) });
  await page.goto(base + '/allocations/new');
  await expectHeading(page, 'Allocation details');
  await typeInto(page, '#moves-count', '5');
  await typeInto(page, '#date-day', '9');
  await page.waitForFunction(() => JSON.parse(sessionStorage.getItem('basm:session'))?.expires_at);

  // The warning, closed with Escape: focus goes back to the field.
  await page.clock.fastForward(35_000);
  const dialog = page.locator('[role="dialog"]');
  await dialog.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'session-timeout-dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await focusedId(page), 'date-day');

  // Past the expiry: the sign-in form, at the same address, says why.
  await page.clock.fastForward(120_000);
  await expectHeading(page, 'Sign in');
  assert.equal(new URL(page.url()).pathname, '/allocations/new');
  assert.match(await page.locator('.govuk-notification-banner').innerText(),
    /You were signed out because your API token expired/);
  await page.waitForFunction(() => document.activeElement?.id === 'sign-in-heading');
  assert.equal(await storedSession(page), null);
  await checkAxe(page, 'session expired');
  await shoot(page, '93-session-expired');

  // Name and role are kept; a new token brings back the form as it was.
  await typeInto(page, '#token', await issueToken(base));
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocation details');
  assert.equal(await page.inputValue('#moves-count'), '5');
  assert.equal(await page.inputValue('#date-day'), '9');
  assert.equal(await page.locator('.govuk-notification-banner', { hasText: 'signed out' }).count(), 0);
  await checkAxe(page, 'signed in again');
  await shoot(page, '94-session-restored');
  await page.assertClean();
  await page.context().close();
});
