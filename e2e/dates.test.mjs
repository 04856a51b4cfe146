// Dates that say what they mean: under every date input the date as read, in words, in a
// polite live region, with weekends and England and Wales bank holidays flagged (never
// refused); a past or same-day allocation date refused with its reason. Keyboard only, axe
// in every state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertErrorSummary, checkAxe, expectHeading, heading, londonDate, newPage, shoot, signIn,
  typeInto, withSandbox,
} from './helpers.mjs';

const env = withSandbox();
const root = join(import.meta.dirname, '..');

/** Core's bank holiday file: [YYYY-MM-DD, name] in date order. */
function bankHolidays() {
  return readFileSync(join(root, 'core/data/bank-holidays-england-and-wales.txt'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => [line.slice(0, 10), line.slice(11)]);
}

/** `Friday 25 December 2026`, as the page should read YYYY-MM-DD. */
function words(iso) {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
  }).replace(',', '');
}

/** What the page reads under a date: its words, then a note when it is a bank holiday or a
 * weekend (core's `date_reading`). */
function readingOf(iso) {
  const holiday = bankHolidays().find(([d]) => d === iso);
  if (holiday) return `${words(iso)} That is a bank holiday in England and Wales: ${holiday[1]}.`;
  const weekday = new Date(`${iso}T12:00:00Z`).getUTCDay();
  if (weekday === 6) return `${words(iso)} That is a Saturday.`;
  if (weekday === 0) return `${words(iso)} That is a Sunday.`;
  return words(iso);
}

async function typeDate(page, iso) {
  const [year, month, day] = iso.split('-');
  await typeInto(page, '#date-day', String(Number(day)));
  await typeInto(page, '#date-month', String(Number(month)));
  await typeInto(page, '#date-year', year);
}

test('the create form reads the date as typed, flags weekends and bank holidays, refuses today', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  await page.goto(base + '/allocations/new');
  await heading(page);
  const reading = page.locator('#date-reading');
  assert.equal(await reading.getAttribute('aria-live'), 'polite');
  assert.equal(await reading.innerText(), '', 'nothing read before a date is typed');

  // A working day: its words, no flag.
  let day = 8;
  while ([0, 6].includes(new Date(`${londonDate(day)}T12:00:00Z`).getUTCDay())
    || bankHolidays().some(([d]) => d === londonDate(day))) day += 1;
  await typeDate(page, londonDate(day));
  await page.waitForFunction((w) => document.querySelector('#date-reading')?.textContent === w, words(londonDate(day)));

  // A Saturday: flagged.
  let saturday = 2;
  while (new Date(`${londonDate(saturday)}T12:00:00Z`).getUTCDay() !== 6) saturday += 1;
  await typeDate(page, londonDate(saturday));
  await page.waitForFunction((w) => document.querySelector('#date-reading')?.textContent === w,
    readingOf(londonDate(saturday)));
  await checkAxe(page, 'date read as a Saturday');

  // The next bank holiday from tomorrow on, from core's own data file.
  const [holiday] = bankHolidays().find(([d]) => d > londonDate(0));
  await typeDate(page, holiday);
  await page.waitForFunction((w) => document.querySelector('#date-reading')?.textContent === w,
    readingOf(holiday));
  await shoot(page, '50-date-read-bank-holiday');

  // Today: refused, with the reason.
  await typeInto(page, '#moves-count', '2');
  await typeInto(page, '#from-location', 'BSI');
  await page.keyboard.press('Tab');
  await typeInto(page, '#to-location', 'IWI');
  await page.keyboard.press('Tab');
  await typeDate(page, londonDate(0));
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [
    ['date-day', 'Date of the move must be from tomorrow onwards: a move cannot be allocated for today'],
  ]);
  // Today may itself be a weekend or a bank holiday: then its note is read too.
  assert.equal(await reading.innerText(), readingOf(londonDate(0)), 'the date is still read');
  await checkAxe(page, 'same-day date refused');
  await shoot(page, '51-same-day-date-refused');

  // A flagged date is not refused: the form goes on.
  await typeDate(page, londonDate(saturday));
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocation criteria');
  await page.assertClean();
});
