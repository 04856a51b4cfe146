// Managing an allocation with the keyboard alone: change its date, remove an empty place,
// cancel it, then find its forms closed; asserted on the pages and on the sandbox's data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, checkAxe, chooseRadio, createAllocation, expectHeading, heading, londonDate, newPage, shoot,
  signIn, tabTo, typeInto, withSandbox,
} from './helpers.mjs';

const env = withSandbox();

async function allocation(base, id) {
  const { status, body } = await api(base, 'GET', `/api/allocations/${id}?include=moves`);
  assert.equal(status, 200);
  return body;
}

test('change the date of an allocation, with a reason', async () => {
  const base = env.sandbox.url;
  const id = await createAllocation(base, { date: londonDate(10), count: 2 });
  const page = await newPage(env.browser);
  await signIn(page, base);
  await page.goto(`${base}/allocations/${id}`);
  await heading(page);
  await tabTo(page, `a[href="/allocations/${id}/edit-date"].govuk-button`);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Change the date of this allocation');
  await checkAxe(page, 'change date');
  await shoot(page, '30-change-date');
  const [year, month, day] = londonDate(12).split('-');
  await typeInto(page, '#date-day', day);
  await typeInto(page, '#date-month', month);
  await typeInto(page, '#date-year', year);
  await chooseRadio(page, 'date-changed-reason', 'operational_issues_prison');
  await page.keyboard.press('Enter');
  await page.locator('.govuk-notification-banner--success').waitFor();
  assert.match(await page.locator('.govuk-notification-banner--success').innerText(), /Date changed to/);
  assert.match(await heading(page), new RegExp(` ${Number(day)} \\w+ ${year}$`));
  await checkAxe(page, 'allocation after date change');
  await shoot(page, '31-date-changed');

  const body = await allocation(base, id);
  assert.equal(body.data.attributes.date, `${year}-${month}-${day}`);
  const moves = body.included.filter((r) => r.type === 'moves');
  assert.ok(moves.every((m) => m.attributes.date === `${year}-${month}-${day}`), 'every move has the new date');
  await page.assertClean();
});

test('remove an empty place, then cancel the allocation with a reason', async () => {
  const base = env.sandbox.url;
  const id = await createAllocation(base, { date: londonDate(11), count: 3 });
  const page = await newPage(env.browser);
  await signIn(page, base);
  await page.goto(`${base}/allocations/${id}`);
  await heading(page);
  const removeLinks = page.locator('a', { hasText: 'Remove' });
  assert.equal(await removeLinks.count(), 3);
  assert.equal((await removeLinks.first().innerText()).replace(/\s+/g, ' '), 'Remove place 1 from this allocation');
  await tabTo(page, 'a[href*="/remove"]');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Remove place 1 from this allocation?');
  assert.match(await page.locator('main').innerText(), /for 2 people instead of 3/);
  await checkAxe(page, 'remove place');
  await shoot(page, '32-remove-place');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('.govuk-notification-banner--success', { hasText: 'Place removed' }).waitFor();
  assert.match(await heading(page), /^2 people from /);
  assert.equal(await page.locator('table.govuk-table tbody tr').count(), 2);

  let body = await allocation(base, id);
  assert.equal(body.data.attributes.moves_count, 2);
  const cancelled = body.included.filter((r) => r.type === 'moves' && r.attributes.status === 'cancelled');
  assert.equal(cancelled.length, 1);

  await tabTo(page, `a[href="/allocations/${id}/cancel"]`);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Cancel this allocation');
  await chooseRadio(page, 'cancellation-reason', 'other');
  assert.ok(await page.locator('#cancellation-reason-comment').isVisible());
  await typeInto(page, '#cancellation-reason-comment', 'Receiving prison closed <for repairs>');
  await checkAxe(page, 'cancel');
  await shoot(page, '33-cancel');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('.govuk-notification-banner--success', { hasText: 'Allocation cancelled' }).waitFor();
  assert.match(await page.locator('main').innerText(), /This allocation was cancelled[\s\S]*Another reason\. Receiving prison closed <for repairs>/);
  assert.equal(await page.locator(`a[href="/allocations/${id}/cancel"]`).count(), 0, 'no more actions');
  await checkAxe(page, 'cancelled allocation');
  await shoot(page, '34-cancelled');

  body = await allocation(base, id);
  assert.equal(body.data.attributes.status, 'cancelled');
  assert.equal(body.data.attributes.cancellation_reason, 'other');
  assert.equal(body.data.attributes.cancellation_reason_comment, 'Receiving prison closed <for repairs>');
  assert.ok(body.included.filter((r) => r.type === 'moves').every((m) => m.attributes.status === 'cancelled'));

  // A form opened after the allocation may no longer be changed (an old tab, a bookmark):
  // why not, and the way back, instead of the form.
  for (const [path, title] of [['cancel', 'You cannot cancel this allocation'], ['edit-date', 'You cannot change the date of this allocation']]) {
    await page.goto(`${base}/allocations/${id}/${path}`);
    await expectHeading(page, title);
    assert.match(await page.locator('main').innerText(), /It has already been cancelled\.\s+Go back to the allocation/);
    assert.equal(await page.locator('main form').count(), 0, `no form on ${path}`);
    await checkAxe(page, `cannot ${path}`);
  }
  await tabTo(page, `main a.govuk-link[href="/allocations/${id}"]`);
  await page.keyboard.press('Enter');
  assert.match(await heading(page), /^\d+ people from .+ to .+ on /);
  assert.equal(new URL(page.url()).pathname, `/allocations/${id}`);
  await page.assertClean();
});

test('OCA and supplier see allocations without PMU actions', async () => {
  const base = env.sandbox.url;
  const id = await createAllocation(base, { date: londonDate(13), count: 2 });
  for (const role of ['oca', 'supplier']) {
    const page = await newPage(env.browser);
    await signIn(page, base, { role, name: `A ${role} user` });
    const nav = await page.locator('.govuk-service-navigation').innerText();
    assert.doesNotMatch(nav, /Create allocation/);
    await page.goto(`${base}/allocations/${id}`);
    await heading(page);
    assert.equal(await page.locator('a', { hasText: /Remove|Cancel this allocation|Change date/ }).count(), 0);
    await page.goto(`${base}/allocations/new`);
    await expectHeading(page, 'You cannot use this page');
    await checkAxe(page, `${role} not allowed`);
    await page.assertClean();
  }
});
