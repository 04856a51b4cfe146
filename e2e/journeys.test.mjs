// Journeys that survive real use: two tabs of one browser create two allocations at once,
// each journey with its own id in the address and its own draft (kept across a reload);
// reopening a finished journey's address shows what it created, and nothing is sent again.
// Asserted on the pages and on the sandbox's data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allocationsOn, checkAxe, chooseRadio, expectHeading, fillAllocationDetails, heading, londonDate,
  newPage, newTab, shoot, signIn, tabTo, withSandbox,
} from './helpers.mjs';

const env = withSandbox();

/** The journey id in a page's address. */
function journeyOf(page) {
  return new URL(page.url()).searchParams.get('journey');
}

/** Answers the criteria and continues to check answers. */
async function fillCriteria(page) {
  await chooseRadio(page, 'estate', 'adult_male');
  await chooseRadio(page, 'prisoner-category-adult-male', 'c');
  await chooseRadio(page, 'sentence-length', 'any');
  await chooseRadio(page, 'complete-in-full', 'no');
  await chooseRadio(page, 'has-other-criteria', 'no');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Check your answers before creating the allocation');
}

test('two tabs, two allocations: each journey keeps its own draft, and a finished one shows its result', async () => {
  const base = env.sandbox.url;
  const first = await newPage(env.browser);
  await signIn(first, base);
  const second = await newTab(first);
  await signIn(second, base);
  const [date1, date2] = [londonDate(16), londonDate(17)];

  // A bare address gets a journey of its own, put in the address (replacing it).
  await first.goto(base + '/allocations/new');
  await heading(first);
  await first.waitForFunction(() => new URL(location.href).searchParams.has('journey'));
  const journey1 = journeyOf(first);
  assert.match(journey1, /^[0-9a-f]{12}$/);
  await fillAllocationDetails(first, { count: '1', from: 'BSI', to: 'IWI', date: date1 });
  assert.equal(journeyOf(first), journey1, 'the next step is in the same journey');

  // The second tab starts its own journey: an empty form, not the first tab's draft.
  await second.goto(base + '/allocations/new');
  await heading(second);
  await second.waitForFunction(() => new URL(location.href).searchParams.has('journey'));
  const journey2 = journeyOf(second);
  assert.notEqual(journey2, journey1);
  assert.equal(await second.inputValue('#moves-count'), '');
  // It offers the first tab's unfinished journey (never out of reach), without taking it.
  const offer = second.locator('.govuk-inset-text');
  assert.doesNotMatch(await offer.innerText(), /We kept the answers/);
  assert.equal(
    (await second.locator(`.govuk-inset-text a[href="/allocations/new?journey=${journey1}"]`).innerText()).trim(),
    'Continue: 1 person from BRINSFORD (HMP) (BSI) to ISLE OF WIGHT (HMP) (IWI)',
  );
  await checkAxe(second, 'a second journey in another tab');
  await shoot(second, '98-two-tabs');
  await fillAllocationDetails(second, { count: '3', from: 'IWI', to: 'BSI', date: date2 });

  // Each tab, reloaded, has its own answers.
  for (const [page, count, from] of [[first, '1', 'BRINSFORD (HMP) (BSI)'], [second, '3', 'ISLE OF WIGHT (HMP) (IWI)']]) {
    await page.reload();
    await expectHeading(page, 'Allocation criteria');
    await tabTo(page, 'a.govuk-back-link');
    await page.keyboard.press('Enter');
    await expectHeading(page, 'Allocation details');
    assert.equal(await page.inputValue('#moves-count'), count);
    assert.equal(await page.inputValue('#from-location'), from);
    await page.reload();
    await expectHeading(page, 'Allocation details');
    assert.equal(await page.inputValue('#moves-count'), count, 'kept after a reload');
    await tabTo(page, '#moves-count');
    await page.keyboard.press('Enter');
    await expectHeading(page, 'Allocation criteria');
  }

  // Both finish, one after the other.
  await fillCriteria(first);
  const checkUrl1 = first.url();
  assert.match(checkUrl1, new RegExp(`/allocations/new/check\\?journey=${journey1}$`));
  await fillCriteria(second);
  for (const page of [first, second]) {
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await expectHeading(page, 'Allocation requested');
  }
  const [made1, made2] = [await allocationsOn(base, date1), await allocationsOn(base, date2)];
  assert.equal(made1.length, 1);
  assert.equal(made1[0].attributes.moves_count, 1);
  assert.equal(made2.length, 1);
  assert.equal(made2[0].attributes.moves_count, 3);

  // The finished journey's address opens what it created, not a form to send again.
  await first.goto(checkUrl1);
  await expectHeading(first, 'Allocation requested');
  assert.equal(new URL(first.url()).pathname, `/allocations/${made1[0].id}/confirmation`);
  await checkAxe(first, 'a finished journey reopened');
  await shoot(first, '99-journey-finished');
  await first.goto(`${base}/allocations/new?journey=${journey1}`);
  await expectHeading(first, 'Allocation requested');
  assert.equal((await allocationsOn(base, date1)).length, 1, 'no second allocation');

  // A new journey from the confirmation starts empty.
  await tabTo(first, 'a[href="/allocations/new"]');
  await first.keyboard.press('Enter');
  await expectHeading(first, 'Allocation details');
  await first.waitForFunction((old) => {
    const id = new URL(location.href).searchParams.get('journey');
    return id && id !== old;
  }, journey1);
  assert.equal(await first.inputValue('#moves-count'), '');
  await first.assertClean();
  await second.assertClean();
});

test('old journeys are forgotten: their drafts do not pile up', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  // 25 journeys' drafts, as if left over the weeks; one of them three weeks old.
  await page.evaluate(() => {
    const now = Date.now();
    const index = [];
    for (let i = 0; i < 25; i += 1) {
      const id = (0x100000000000 + i).toString(16);
      localStorage.setItem(`basm:draft:allocation-new:${id}`, JSON.stringify({ from_text: `draft ${i}` }));
      index.push({ kind: 'allocation-new', id, touched: now - (i === 0 ? 21 * 86_400_000 : i * 1000) });
    }
    localStorage.setItem('basm:journeys', JSON.stringify(index));
  });
  await page.goto(base + '/allocations/new');
  await heading(page);
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('basm:draft:allocation-new:')).length);
  const index = await page.evaluate(() => JSON.parse(localStorage.getItem('basm:journeys')));
  assert.equal(index.length, 20, 'at most 20 journeys are kept');
  assert.ok(!index.some((e) => e.id === (0x100000000000).toString(16)), 'the three-week-old one is gone');
  assert.ok(left <= 20, `${left} drafts left`);
  await page.assertClean();
});
