// Each form's errors for bad input: the GOV.UK error summary (focused, linking to each
// field), inline messages, "Error: " in the title, live re-checking after the first
// submit, and the API's refusals put on the field they concern. axe on every error state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertErrorSummary, checkAxe, chooseRadio, createAllocation, expectHeading, fillAllocationDetails, heading,
  londonDate, newPage, shoot, signIn, startSandbox, tabTo, typeInto, withSandbox,
} from './helpers.mjs';

const env = withSandbox();

/** An element's text with white space collapsed (as a screen reader reads it). */
async function text(page, selector) {
  return (await page.locator(selector).textContent()).replace(/\s+/g, ' ').trim();
}

test('sign in: every field refused, then a wrong token refused by the API on the token field', async () => {
  // A sandbox that accepts one token only, so a wrong one gets the API's real 401.
  const strict = await startSandbox(['--token', 'right-token']);
  const base = strict.url;
  const page = await newPage(env.browser);
  await page.goto(base + '/');
  await heading(page);
  await typeInto(page, '#api-address', 'ftp://nowhere');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [
    ['api-address', 'Enter the API address in the correct format, like http://127.0.0.1:8080'],
    ['token', 'Enter your API token'],
    ['name', 'Enter your full name'],
    ['role', 'Select your role'],
  ]);
  assert.equal(await text(page, '#token-error'), 'Error: Enter your API token');
  assert.equal(await page.getAttribute('#token', 'aria-describedby'), 'token-hint token-error');
  assert.ok(await page.locator('.govuk-form-group--error #name').count());
  await checkAxe(page, 'sign in errors');
  await shoot(page, '20-sign-in-errors');

  // A summary link moves focus to its field.
  await tabTo(page, '.govuk-error-summary__list a[href="#name"]');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'name');

  // Live: fixing a field removes its message as you type.
  await page.keyboard.type('Pat Smith');
  await page.locator('#name-error').waitFor({ state: 'detached' });

  await typeInto(page, '#api-address', base);
  await typeInto(page, '#token', 'not-a-known-token');
  await chooseRadio(page, 'role', 'pmu');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['token', 'The API did not accept this token. Check the token and try again']]);
  await checkAxe(page, 'sign in token refused');
  await typeInto(page, '#token', 'right-token');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('main h1', { hasText: 'Book a secure move' }).waitFor();
  await page.assertClean(['401']);
  await strict.stop();
});

test('allocation details: core’s rules, shown and linked; the list excludes the from prison', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  await page.goto(base + '/allocations/new');
  await heading(page);
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [
    ['moves-count', 'Enter the number of people'],
    ['from-location', 'Select the prison they are moving from'],
    ['to-location', 'Select the prison they are moving to'],
    ['date-day', 'Enter the date of the move'],
  ]);
  await checkAxe(page, 'details empty errors');
  await shoot(page, '21-details-errors');

  await typeInto(page, '#moves-count', '2.5');
  await typeInto(page, '#from-location', 'BSI');
  await page.keyboard.press('Tab');
  await typeInto(page, '#to-location', 'BRINSFORD');
  await page.locator('#to-location-listbox li').first().waitFor();
  assert.equal(await page.locator('#to-location-listbox li').first().innerText(), 'No prisons match');
  await typeInto(page, '#to-location', 'BSI');
  await page.keyboard.press('Tab');
  const past = londonDate(-3).split('-');
  const pastInWords = new Date(`${past.join('-')}T12:00:00Z`)
    .toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  await typeInto(page, '#date-day', past[2]);
  await typeInto(page, '#date-month', past[1]);
  await typeInto(page, '#date-year', past[0]);
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [
    ['moves-count', 'Number of people must be a whole number, like 3'],
    ['to-location', 'The prison they are moving to must be different from the prison they are moving from'],
    ['date-day', `Date of the move must be from tomorrow onwards: ${pastInWords} has passed`],
  ]);
  assert.equal(await page.locator('.govuk-input--error.govuk-date-input__input').count(), 3);
  await checkAxe(page, 'details rule errors');
  await shoot(page, '22-details-rule-errors');

  await typeInto(page, '#date-day', '31');
  await typeInto(page, '#date-month', '2');
  await page.waitForFunction(() => document.querySelector('#date-error')?.textContent.includes('must be a real date'));
  await typeInto(page, '#date-year', '26');
  await page.waitForFunction(() => document.querySelector('#date-error')?.textContent.includes('Year must include 4 numbers'));
  assert.equal(await page.locator('.govuk-input--error.govuk-date-input__input').count(), 1);
  await typeInto(page, '#moves-count', '100');
  await page.waitForFunction(() => document.querySelector('#moves-count-error')?.textContent.includes('99 or fewer'));
  await page.assertClean();
});

test('allocation criteria: revealed questions are required only when revealed', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  await page.goto(base + '/allocations/new/criteria');
  await heading(page);
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [
    ['estate', 'Select the estate'],
    ['sentence-length', 'Select how much time they have left to serve'],
    ['complete-in-full', 'Select yes if every place in the allocation must be filled'],
    ['has-other-criteria', 'Select yes if there are other criteria'],
  ]);
  await checkAxe(page, 'criteria errors');
  await shoot(page, '23-criteria-errors');
  await chooseRadio(page, 'estate', 'other_estate');
  await chooseRadio(page, 'sentence-length', 'other');
  await chooseRadio(page, 'complete-in-full', 'no');
  await chooseRadio(page, 'has-other-criteria', 'yes');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [
    ['estate-comment', 'Enter details of the estate'],
    ['sentence-length-comment', 'Enter details of the time left to serve'],
    ['other-criteria', 'Enter the other criteria'],
  ]);
  await checkAxe(page, 'criteria revealed errors');
  await chooseRadio(page, 'estate', 'adult_female');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [
    ['prisoner-category-adult-female', 'Select the prisoner category'],
    ['sentence-length-comment', 'Enter details of the time left to serve'],
    ['other-criteria', 'Enter the other criteria'],
  ]);
  await page.assertClean();
});

test('the API’s refusal goes on the field it concerns, on the right step', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  await page.goto(base + '/allocations/new');
  await heading(page);
  await fillAllocationDetails(page, { count: '2', date: londonDate(5) });
  await chooseRadio(page, 'estate', 'juvenile_female');
  await chooseRadio(page, 'sentence-length', 'long');
  await chooseRadio(page, 'complete-in-full', 'no');
  await chooseRadio(page, 'has-other-criteria', 'no');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Check your answers before creating the allocation');
  // The API refuses (as it would when no supplier serves the prison): shape-B 422.
  await page.route('**/api/allocations', (route) => route.request().method() === 'POST'
    ? route.fulfill({
      status: 422,
      contentType: 'application/vnd.api+json',
      body: JSON.stringify({ errors: [{ code: 'blank', title: 'Unprocessable content',
        detail: 'Moves.supplier must exist', source: { pointer: '/data/attributes/moves.supplier' } }] }),
    })
    : route.continue());
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/allocations\/new\?return=check/);
  await expectHeading(page, 'Allocation details');
  await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'));
  assert.equal(
    await text(page, '#from-location-error'),
    'Error: No supplier moves people from this prison. Select another prison',
  );
  await checkAxe(page, 'API refusal on a field');
  await shoot(page, '24-api-refusal-on-field');
  await page.assertClean(['422']);
});

test('cancel and change date: errors shown, linked and focused', async () => {
  const base = env.sandbox.url;
  const id = await createAllocation(base, { date: londonDate(10) });
  const page = await newPage(env.browser);
  await signIn(page, base);

  await page.goto(`${base}/allocations/${id}/cancel`);
  await expectHeading(page, 'Cancel this allocation');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['cancellation-reason', 'Select why you are cancelling this allocation']]);
  await checkAxe(page, 'cancel errors');
  await shoot(page, '25-cancel-errors');
  await chooseRadio(page, 'cancellation-reason', 'other');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['cancellation-reason-comment', 'Enter why you are cancelling this allocation']]);

  await page.goto(`${base}/allocations/${id}/edit-date`);
  await expectHeading(page, 'Change the date of this allocation');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [
    ['date-day', 'Enter the new date of the move'],
    ['date-changed-reason', 'Select why the date of the allocation is changing'],
  ]);
  await typeInto(page, '#date-day', '12');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [
    ['date-month', 'New date of the move must include a month and year'],
    ['date-changed-reason', 'Select why the date of the allocation is changing'],
  ]);
  await checkAxe(page, 'change date errors');
  await shoot(page, '26-change-date-errors');
  await page.assertClean();
});

test('an allocation that does not exist, and a page that does not exist: a way on, not a dead end', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  await page.goto(`${base}/allocations/6a1f0c52-3f7e-4d7a-9b8e-2c6d5e4f3a21`);
  await expectHeading(page, 'We could not find this allocation');
  assert.ok(await page.locator('main a[href="/allocations"]').count());
  await checkAxe(page, 'allocation not found');
  await shoot(page, '27-allocation-not-found');
  await page.goto(`${base}/no/such/page`);
  await expectHeading(page, 'Page not found');
  await checkAxe(page, 'page not found');
  await page.assertClean(['404']);
});
