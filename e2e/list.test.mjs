// The allocations list: week/day navigation, filters in place (date range with shortcuts,
// several statuses, several from and to prisons, search by prison name and last name), page
// size, "my prison", sorting and pagination, with all state in the URL (a reload or a shared
// link shows the same view), one request a view, and the CSV download (every page, progress,
// cancel).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  api, assertErrorSummary, BSI, checkAxe, createAllocation, expectHeading, heading, IWI, londonDate,
  newPage, shoot, signIn, tabTo, typeInto, withSandbox,
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

/** The allocations requests the page sends from now on (method and path with query). */
function listRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/allocations') seen.push(url.search);
  });
  return seen;
}

/** Ticks or unticks a checkbox with the keyboard. */
async function setBox(page, selector, on) {
  await tabTo(page, selector);
  if ((await page.isChecked(selector)) !== on) await page.keyboard.press('Space');
  assert.equal(await page.isChecked(selector), on, selector);
}

async function applyFilters(page) {
  await tabTo(page, '#filter button[type=submit]');
  await page.keyboard.press('Enter');
}

test('status filter with its count, pagination, filter, sort and dates, kept in the URL', async () => {
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
  const requests = listRequests(page);
  await page.goto(`${base}/allocations?view=day&date=${date}`);
  await expectHeading(page, 'Allocations');
  // The count of what the filters find comes with the list: one request a view (the tabs
  // of the old list asked once more per status: four).
  await page.locator('#result-count', { hasText: '22 allocations' }).waitFor();
  assert.equal(requests.length, 1, requests.join('\n'));
  assert.match(requests[0], /filter%5Bstatus%5D=unfilled&/);
  assert.equal(await page.isChecked('#status'), true, 'Unfilled ticked');
  assert.equal(await page.isChecked('#status-2'), false);
  assert.equal(await page.isChecked('#status-3'), false);
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

  // Cancelled only, then unfilled and cancelled together.
  await setBox(page, '#status', false);
  await setBox(page, '#status-3', true);
  await applyFilters(page);
  await page.waitForURL(/status=cancelled/);
  assert.doesNotMatch(page.url(), /page=/);
  await page.waitForFunction(() => document.querySelectorAll('.app-allocations-table tbody tr').length === 1);
  assert.match(await rowsOf(page).first().innerText(), /1 person[\s\S]*Cancelled/);
  await page.locator('#result-count', { hasText: '1 allocation' }).waitFor();
  await setBox(page, '#status', true);
  await applyFilters(page);
  await page.waitForURL(/status=unfilled%2Ccancelled/);
  await page.locator('#result-count', { hasText: '23 allocations' }).waitFor();
  assert.match(await page.locator('#selected-filters').innerText(), /Status: Unfilled[\s\S]*Status: Cancelled/);
  await checkAxe(page, 'list two statuses');
  // Removing a selected filter is a link: Cancelled goes, Unfilled stays.
  await tabTo(page, '#selected-filters a[href$="status=unfilled"]');
  await page.keyboard.press('Enter');
  await page.locator('#result-count', { hasText: '22 allocations' }).waitFor();

  // 50 a page: all 22 on one page, in the URL.
  await page.goto(`${base}/allocations?view=day&date=${date}`);
  await rowsOf(page).first().waitFor();
  await tabTo(page, '#per-page');
  await page.keyboard.type('50');
  assert.equal(await page.inputValue('#per-page'), '50');
  await applyFilters(page);
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
  await applyFilters(page);
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
  await page.waitForURL((url) => url.pathname + url.search === weekHref);
  await page.waitForFunction(() => document.querySelectorAll('.app-allocations-table tbody tr').length === 20);
  await checkAxe(page, 'list week view');
  await shoot(page, '53-list-week');
  await page.assertClean();
});

/** Links `prisonNumber`'s person to the first empty move of allocation `id` (as OCA does). */
async function addPerson(base, id, prisonNumber) {
  const { body: people } = await api(base, 'GET', `/api/people?filter%5Bprison_number%5D=${prisonNumber}`);
  const person = people.data[0].id;
  const { status, body: profile } = await api(base, 'POST', `/api/people/${person}/profiles`, { data: { type: 'profiles' } });
  assert.equal(status, 201, JSON.stringify(profile));
  const { body: allocation } = await api(base, 'GET', `/api/allocations/${id}`);
  const move = allocation.data.relationships.moves.data[0].id;
  const patched = await api(base, 'PATCH', `/api/moves/${move}`, {
    data: { type: 'moves', relationships: { profile: { data: { type: 'profiles', id: profile.data.id } } } },
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
}

/** The ISO date `days` after `iso`. */
function plusDays(iso, days) {
  return new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

test('a date range, several prisons each way, searches, and every match as CSV', async () => {
  const base = env.sandbox.url;
  const { body: reference } = await api(base, 'GET', '/api/reference/locations?filter%5Blocation_type%5D=prison&per_page=2000');
  const [third, fourth] = reference.data.filter((l) => ![BSI, IWI].includes(l.id));
  // Three weeks out, so nothing the other test made is in range.
  const monday = plusDays(wednesdayAhead(), 19);
  const tuesday = plusDays(monday, 1);
  const friday = plusDays(monday, 4);
  const toIwi = await createAllocation(base, { date: tuesday, count: 2 });
  const toThird = await createAllocation(base, { date: friday, count: 3, to: third.id });
  const fromFourth = await createAllocation(base, { date: friday, count: 1, from: fourth.id, to: third.id, other: '=cmd|" /C calc"!A0' });
  await addPerson(base, toIwi, 'G8133UA');

  const page = await newPage(env.browser);
  await signIn(page, base);
  // A range typed into the two date inputs: Tuesday to Friday, every status.
  await page.goto(`${base}/allocations?from=${monday}&to=${monday}&status=unfilled%2Cfilled%2Ccancelled`);
  await page.locator('.app-empty').waitFor();
  assert.match(await page.locator('.app-empty').innerText(), /There are no allocations for/);
  const [ty, tm, td] = tuesday.split('-');
  const [fy, fm, fd] = friday.split('-');
  await typeInto(page, '#date-from-day', String(Number(td)));
  await typeInto(page, '#date-from-month', String(Number(tm)));
  await typeInto(page, '#date-from-year', ty);
  // The end before the start is refused, on the end date, with the reason.
  await typeInto(page, '#date-to-day', String(Number(td) === 1 ? 1 : Number(td) - 1));
  await typeInto(page, '#date-to-month', String(Number(tm)));
  await typeInto(page, '#date-to-year', ty);
  if (Number(td) > 1) {
    await applyFilters(page);
    const start = new Date(`${tuesday}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    await assertErrorSummary(page, [['date-to-day', `The end date must be the same as or after ${start}`]]);
    await checkAxe(page, 'list filter range refused');
    await shoot(page, '54-list-range-refused');
  }
  await typeInto(page, '#date-to-day', String(Number(fd)));
  await typeInto(page, '#date-to-month', String(Number(fm)));
  await typeInto(page, '#date-to-year', fy);
  await applyFilters(page);
  await page.waitForURL(new RegExp(`from=${tuesday}&to=${friday}`));
  await page.locator('#result-count', { hasText: '3 allocations' }).waitFor();
  assert.match(await page.locator('.app-date-navigation').innerText(), /Previous 4 days[\s\S]*Next 4 days/);

  // From prisons: add the fourth, then BSI too (two from prisons), to prisons: the third.
  await tabTo(page, '#add-from-location');
  await page.keyboard.type(`${fourth.attributes.title} (${fourth.attributes.nomis_agency_id})`);
  assert.equal(await page.inputValue('#add-from-location'), fourth.id);
  await applyFilters(page);
  await page.waitForURL(new RegExp(`from_location=${fourth.id}`));
  await page.locator('#result-count', { hasText: '1 allocation' }).waitFor();
  await tabTo(page, '#add-from-location');
  await page.keyboard.type('BRINSFORD');
  assert.equal(await page.inputValue('#add-from-location'), BSI);
  await applyFilters(page);
  await page.locator('#result-count', { hasText: '3 allocations' }).waitFor();
  assert.equal(await page.isChecked(`#from-locations-${fourth.id}`), true);
  assert.equal(await page.isChecked(`#from-locations-${BSI}`), true);
  await tabTo(page, '#add-to-location');
  await page.keyboard.type(`${third.attributes.title} (${third.attributes.nomis_agency_id})`);
  await applyFilters(page);
  await page.waitForURL(new RegExp(`to_location=${third.id}`));
  await page.locator('#result-count', { hasText: '2 allocations' }).waitFor();
  assert.match(await page.locator('#selected-filters').innerText(), /From: [\s\S]*From: [\s\S]*To: /);
  await checkAxe(page, 'list from and to prisons');
  await shoot(page, '55-list-from-and-to-prisons');
  // Unticking a from prison removes it.
  await setBox(page, `#from-locations-${BSI}`, false);
  await applyFilters(page);
  await page.locator('#result-count', { hasText: '1 allocation' }).waitFor();
  assert.doesNotMatch(page.url(), new RegExp(BSI));
  await page.reload();
  await page.locator('#result-count', { hasText: '1 allocation' }).waitFor();

  // Searches: a prison's name, a person's last name (never the first names).
  await page.goto(`${base}/allocations?from=${tuesday}&to=${friday}&status=unfilled%2Cfilled%2Ccancelled`);
  await page.locator('#result-count', { hasText: '3 allocations' }).waitFor();
  await typeInto(page, '#search-location', 'wight');
  await applyFilters(page);
  await page.waitForURL(/prison=wight/);
  await page.locator('#result-count', { hasText: '1 allocation' }).waitFor();
  await typeInto(page, '#search-location', '');
  await typeInto(page, '#search-person', 'sedy');
  await applyFilters(page);
  await page.waitForURL(/person=sedy/);
  await page.locator('#result-count', { hasText: '1 allocation' }).waitFor();
  assert.match(await rowsOf(page).first().innerText(), /2 people[\s\S]*1 added/);
  await typeInto(page, '#search-person', 'DOMSANIGH');
  await applyFilters(page);
  await page.locator('.app-empty').waitFor();
  assert.match(await page.locator('.app-empty').innerText(), /that match these filters/);
  await checkAxe(page, 'list search found nothing');
  await tabTo(page, '#selected-filters a[href*="status="]:not([href*="person="])');
  await page.keyboard.press('Enter');
  await page.locator('#result-count', { hasText: '3 allocations' }).waitFor();

  // "Next week" keeps the filters.
  const nextHref = await page.locator('#next-week').getAttribute('href');
  assert.match(nextHref, /status=unfilled%2Cfilled%2Ccancelled/);

  // CSV: every page (one a page), with the people's prison numbers, opened as a spreadsheet would.
  await page.goto(`${base}/allocations?from=${tuesday}&to=${friday}&status=unfilled%2Cfilled%2Ccancelled&sort=date&direction=asc&per_page=20`);
  await page.locator('#result-count', { hasText: '3 allocations' }).waitFor();
  await tabTo(page, '#download-csv');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), `allocations-${tuesday}-to-${friday}.csv`);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFF'), 'a byte order mark');
  const lines = csv.slice(1).split('\r\n');
  assert.equal(lines.length, 5, csv);
  assert.equal(lines[0], '"Date","From","From NOMIS code","To","To NOMIS code","People","Progress","Status","Prison numbers","Allocation ID","From location ID","To location ID"');
  assert.match(lines[1], new RegExp(`^"${tuesday}","[^"]+","BSI","[^"]+","IWI","2","1 added","Unfilled","G8133UA","${toIwi}"`));
  assert.ok(lines.slice(2, 4).some((l) => l.includes(`"${toThird}"`)));
  assert.ok(lines.slice(2, 4).some((l) => l.includes(`"${fromFourth}"`)));
  assert.equal(lines[4], '');
  await page.locator('#download-status', { hasText: `Downloaded allocations-${tuesday}-to-${friday}.csv: 3 allocations` }).waitFor();
  await checkAxe(page, 'list downloaded');

  // A slow API: progress is shown, and the download can be cancelled by keyboard.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/api/allocations/**', async (route) => { await held; await route.continue().catch(() => {}); });
  await tabTo(page, '#download-csv');
  await page.keyboard.press('Enter');
  await page.locator('#download-status', { hasText: /Preparing your download: 0 of 3 allocations read/ }).waitFor();
  await checkAxe(page, 'list download in progress');
  await shoot(page, '56-list-download-progress');
  let saved = false;
  page.on('download', () => { saved = true; });
  await page.waitForFunction(() => document.activeElement?.id === 'cancel-download');
  await page.keyboard.press('Enter');
  await page.locator('#download-status', { hasText: 'Download cancelled' }).waitFor();
  release();
  await page.waitForTimeout(500);
  await page.unroute('**/api/allocations/**');
  assert.equal(saved, false, 'nothing saved after cancelling');
  await page.waitForFunction(() => document.activeElement?.id === 'download-csv');
  await page.assertClean();
});
