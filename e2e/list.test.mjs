// The allocations list: week/day navigation, status tabs with counts, page size, location filter,
// sorting and pagination, with all state in the URL (a reload or a shared link shows the
// same view).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, BSI, checkAxe, createAllocation, expectHeading, heading, IWI, londonDate, newPage, shoot,
  signIn, tabTo, withSandbox,
} from './helpers.mjs';

const env = withSandbox();

/** A Wednesday at least two weeks ahead (so its week is all in the future). */
function wednesdayAhead() {
  for (let days = 14; days < 21; days += 1) {
    const date = londonDate(days);
    if (new Date(`${date}T12:00:00Z`).getUTCDay() === 3) return date;
  }
  throw new Error('no Wednesday');
}

function rowsOf(page) {
  return page.locator('.app-allocations-table tbody tr');
}

test('tabs with counts, pagination, filter, sort and dates, kept in the URL', async () => {
  const base = env.sandbox.url;
  const { body: reference } = await api(base, 'GET', '/api/reference/locations?filter%5Blocation_type%5D=prison&per_page=2000');
  const other = reference.data.find((l) => ![BSI, IWI].includes(l.id));
  assert.ok(other, 'a third prison');
  const date = wednesdayAhead();
  for (let i = 0; i < 21; i += 1) await createAllocation(base, { date, count: (i % 4) + 1 });
  await createAllocation(base, { date, count: 7, from: other.id, to: IWI });
  const cancelled = await createAllocation(base, { date, count: 1 });
  const { status } = await api(base, 'POST', `/api/allocations/${cancelled}/cancel`, {
    data: { type: 'cancels', attributes: { timestamp: new Date().toISOString(), cancellation_reason: 'made_in_error' } },
  });
  assert.equal(status, 204);

  const page = await newPage(env.browser);
  await signIn(page, base);
  await page.goto(`${base}/allocations?view=day&date=${date}`);
  await expectHeading(page, 'Allocations');
  const tabs = page.locator('.moj-sub-navigation__link');
  await page.waitForFunction(() => document.querySelector('.moj-sub-navigation__link')?.textContent.includes('('));
  assert.deepEqual(await tabs.allInnerTexts(), ['Unfilled (22)', 'Filled (0)', 'Cancelled (1)']);
  assert.equal(await tabs.first().getAttribute('aria-current'), 'page');
  assert.equal(await rowsOf(page).count(), 20);
  await checkAxe(page, 'list day view');
  await shoot(page, '50-list-day');

  await tabTo(page, 'a[rel=next]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/page=2/);
  await page.waitForFunction(() => document.querySelectorAll('.app-allocations-table tbody tr').length === 2);
  assert.equal(await page.locator('.govuk-pagination__item--current a').innerText(), '2');
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('.app-allocations-table tbody tr').length === 2);
  await shoot(page, '51-list-page-2');

  await tabTo(page, 'a.moj-sub-navigation__link[href*="status=cancelled"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/status=cancelled/);
  assert.doesNotMatch(page.url(), /page=/);
  await page.waitForFunction(() => document.querySelectorAll('.app-allocations-table tbody tr').length === 1);
  assert.match(await rowsOf(page).first().innerText(), /1 person[\s\S]*Cancelled/);

  // 50 a page: all 22 on one page, in the URL.
  await page.goto(`${base}/allocations?view=day&date=${date}`);
  await rowsOf(page).first().waitFor();
  await tabTo(page, '#per-page');
  await page.keyboard.type('50');
  assert.equal(await page.inputValue('#per-page'), '50');
  await tabTo(page, '.app-filter button');
  await page.keyboard.press('Enter');
  await page.waitForURL(/per_page=50/);
  await page.waitForFunction(() => document.querySelectorAll('.app-allocations-table tbody tr').length === 22);
  assert.equal(await page.locator('a[rel=next]').count(), 0, 'one page');
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('.app-allocations-table tbody tr').length === 22);
  assert.equal(await page.inputValue('#per-page'), '50');
  await checkAxe(page, 'list 50 a page');

  await page.goto(`${base}/allocations?view=day&date=${date}`);
  await rowsOf(page).first().waitFor();
  await tabTo(page, '#location');
  // Type-ahead on the focused select, as a keyboard user would.
  await page.keyboard.type(`${other.attributes.title} (${other.attributes.nomis_agency_id})`);
  assert.equal(await page.inputValue('#location'), other.id);
  await tabTo(page, '.app-filter button');
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`location=${other.id}`));
  await page.waitForFunction(() => document.querySelectorAll('.app-allocations-table tbody tr').length === 1);
  assert.match(await rowsOf(page).first().innerText(), /7 people/);
  await checkAxe(page, 'list filtered');

  // "My prison": set once, the list opens filtered to it; shown as a tag, removable.
  await tabTo(page, '#my-prison button');
  await page.keyboard.press('Enter');
  await page.locator('#my-prison .govuk-tag').waitFor();
  assert.ok((await page.locator('#my-prison').innerText()).startsWith(`Your prison: ${other.attributes.title}`));
  await checkAxe(page, 'my prison set');
  await page.goto(`${base}/allocations`);
  await page.waitForURL(new RegExp(`location=${other.id}`));
  await page.locator('#my-prison .govuk-tag').waitFor();
  assert.equal(await page.inputValue('#location'), other.id);
  await tabTo(page, '#my-prison a');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('#my-prison'));
  assert.doesNotMatch(page.url(), /location=/);
  await page.goto(`${base}/allocations`);
  await expectHeading(page, 'Allocations');
  assert.doesNotMatch(page.url(), /location=/, 'forgotten');
  assert.equal(await page.evaluate(() => localStorage.getItem('basm:my-prison')), null);

  await page.goto(`${base}/allocations?view=day&date=${date}`);
  await rowsOf(page).first().waitFor();
  const size = page.locator('th', { hasText: 'Size' });
  assert.equal(await size.getAttribute('aria-sort'), 'none');
  await tabTo(page, 'th a[href*="sort=moves_count"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/sort=moves_count&direction=asc/);
  await page.waitForFunction(() => document.querySelector('th[aria-sort=ascending]')?.textContent.includes('Size'));
  await page.waitForFunction(() => document.querySelector('.app-allocations-table tbody tr')?.textContent.includes('1 person'));
  await tabTo(page, 'th a[href*="sort=moves_count&direction=desc"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/direction=desc/);
  await page.waitForFunction(() => document.querySelector('.app-allocations-table tbody tr')?.textContent.includes('7 people'));
  await shoot(page, '52-list-sorted');

  const nextHref = await page.locator('.app-date-navigation a', { hasText: 'Next day' }).getAttribute('href');
  await tabTo(page, `.app-date-navigation a[href="${nextHref}"]`);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname + url.search === nextHref);
  await page.locator('.app-empty').waitFor();
  assert.match(await page.locator('.app-empty').innerText(), /There are no unfilled allocations for/);

  const weekHref = await page.locator('.app-date-navigation a', { hasText: 'View by week' }).getAttribute('href');
  await tabTo(page, `.app-date-navigation a[href="${weekHref}"]`);
  await page.keyboard.press('Enter');
  await page.waitForURL(/view=week/);
  await page.waitForFunction(() => document.querySelectorAll('.app-allocations-table tbody tr').length === 20);
  await checkAxe(page, 'list week view');
  await shoot(page, '53-list-week');
  await page.assertClean();
});
