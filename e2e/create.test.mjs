// PMU creates an allocation through the pages, with the keyboard alone, and finds it in the
// list and on its own page; asserted on the pages and on the sandbox's data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allocationsOn, api, assertErrorSummary, BSI, checkAxe, chooseRadio, expectHeading,
  fillAllocationDetails, heading, IWI, londonDate, newPage, shoot, signIn, tabTo, typeInto, withSandbox,
} from './helpers.mjs';

const env = withSandbox();

test('PMU creates an allocation for 2 people from BSI to IWI, keyboard only', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await page.goto(base + '/');
  await expectHeading(page, 'Sign in');
  assert.equal(await page.title(), 'Sign in – Book a secure move');
  assert.equal(await page.inputValue('#api-address'), base, 'the API address defaults to the page’s sandbox');
  await checkAxe(page, 'sign in');
  await shoot(page, '01-sign-in');

  await signIn(page, base);
  await checkAxe(page, 'home');
  await shoot(page, '02-home');
  assert.match(await page.locator('.govuk-service-navigation').innerText(), /Create allocation/);

  await tabTo(page, 'a.govuk-button--start');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocation details');
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  assert.equal(await page.title(), 'Allocation details – Book a secure move');
  await checkAxe(page, 'allocation details');
  await shoot(page, '03-allocation-details');

  const date = londonDate(7);
  const [year, month, day] = date.split('-');
  await typeInto(page, '#moves-count', '2');
  await typeInto(page, '#from-location', 'BSI');
  await page.locator('#from-location-listbox li[role=option]').first().waitFor();
  assert.equal(await page.getAttribute('#from-location', 'aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute('#from-location', 'aria-activedescendant'), 'from-location-option-0');
  await checkAxe(page, 'autocomplete open');
  await shoot(page, '04-autocomplete-open');
  await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('#from-location'), 'BRINSFORD (HMP) (BSI)');
  assert.equal(await page.getAttribute('#from-location', 'aria-expanded'), 'false');
  await typeInto(page, '#to-location', 'isle of');
  await page.locator('#to-location-listbox li[role=option]').first().waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('#to-location'), 'ISLE OF WIGHT (HMP) (IWI)');
  await typeInto(page, '#date-day', String(Number(day)));
  await typeInto(page, '#date-month', String(Number(month)));
  await typeInto(page, '#date-year', year);
  await page.keyboard.press('Enter');

  await expectHeading(page, 'Allocation criteria');
  await checkAxe(page, 'allocation criteria');
  const ticked = await page.locator('input[name="complex-cases"]').evaluateAll((boxes) => boxes.map((b) => b.checked));
  assert.ok(ticked.length >= 4, 'the reference complex cases are offered');
  assert.ok(ticked.every((t) => !t), 'no complex case is pre-ticked');
  await chooseRadio(page, 'estate', 'adult_male');
  assert.ok(await page.locator('#conditional-estate').isVisible(), 'adult male reveals its category question');
  await chooseRadio(page, 'prisoner-category-adult-male', 'c');
  await chooseRadio(page, 'sentence-length', 'short');
  await tabTo(page, '#complex-cases');
  await page.keyboard.press('Space');
  await chooseRadio(page, 'complete-in-full', 'yes');
  await chooseRadio(page, 'has-other-criteria', 'no');
  await shoot(page, '05-allocation-criteria');
  await page.keyboard.press('Enter');

  await expectHeading(page, 'Check your answers before creating the allocation');
  const rows = await page.locator('.govuk-summary-list__row').evaluateAll((rs) => rs.map((r) => [
    r.querySelector('dt').textContent.trim(), r.querySelector('.govuk-summary-list__value').textContent.trim(),
  ]));
  const answers = Object.fromEntries(rows);
  assert.equal(answers['Number of people'], '2');
  assert.equal(answers.From, 'BRINSFORD (HMP) (BSI)');
  assert.equal(answers.To, 'ISLE OF WIGHT (HMP) (IWI)');
  assert.match(answers.Date, new RegExp(` ${Number(day)} \\w+ ${year}$`));
  assert.equal(answers.Estate, 'Adult male');
  assert.equal(answers['Prisoner category'], 'Category C');
  assert.equal(answers['Complex cases accepted'], 'Segregated prisoners');
  assert.equal(answers['Complete in full'], 'Yes');
  const change = await page.locator('.govuk-summary-list__actions a').first().innerText();
  assert.equal(change.replace(/\s+/g, ' '), 'Change number of people');
  await checkAxe(page, 'check answers');
  await shoot(page, '06-check-answers');
  assert.equal((await allocationsOn(base, date)).length, 0, 'nothing is sent before confirming');

  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocation requested');
  // The reference to read out on the phone: a move's (an allocation has only its id).
  const yourReference = (await page.locator('.govuk-panel__body strong').innerText()).trim();
  assert.match(yourReference, /^[A-Z]{3}\d{4}[A-Z]$/);
  await checkAxe(page, 'confirmation');
  await shoot(page, '07-confirmation');

  const stored = await allocationsOn(base, date);
  assert.equal(stored.length, 1);
  const created = stored[0];
  const reference = created.id;
  const ofMoves = (await api(base, 'GET', `/api/allocations/${reference}?include=moves`)).body.included
    .filter((r) => r.type === 'moves').map((m) => m.attributes.reference);
  assert.ok(ofMoves.includes(yourReference), `${yourReference} is one of its moves' (${ofMoves})`);
  assert.equal(created.attributes.moves_count, 2);
  assert.equal(created.attributes.status, 'unfilled');
  assert.equal(created.attributes.requested_by, 'Iama Requestor');
  assert.equal(created.attributes.estate, 'adult_male');
  assert.equal(created.attributes.prisoner_category, 'c');
  assert.equal(created.attributes.complete_in_full, true);
  assert.equal(created.relationships.from_location.data.id, BSI);
  assert.equal(created.relationships.to_location.data.id, IWI);
  const cases = Object.fromEntries(created.attributes.complex_cases.map((c) => [c.key, c.answer]));
  assert.equal(cases.hold_separately, true);
  assert.equal(cases.self_harm, false);

  await tabTo(page, `a[href*="from=${date}&to=${date}"]`);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocations');
  const row = page.locator('.app-allocations-table tbody tr', { hasText: 'BRINSFORD' });
  await row.waitFor();
  assert.match(await row.innerText(), /2 people[\s\S]*None added[\s\S]*ISLE OF WIGHT/);
  await checkAxe(page, 'allocations list');
  await shoot(page, '08-allocations-list');

  // Found again by the reference on the confirmation: a wrong one is refused on the field.
  await typeInto(page, '#move-reference', 'EMP45');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['move-reference', 'A move reference is 3 letters, 4 numbers and a letter, like EMP4537V']]);
  await typeInto(page, '#move-reference', 'ZZZ9999Z');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['move-reference', 'No move has the reference ZZZ9999Z. Check the reference']]);
  await checkAxe(page, 'reference not found');
  await typeInto(page, '#move-reference', yourReference.toLowerCase());
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/allocations/${reference}`);
  await heading(page);
  await page.goBack();
  await expectHeading(page, 'Allocations');

  await tabTo(page, `a[href="/allocations/${reference}"]`);
  await page.keyboard.press('Enter');
  const title = await heading(page);
  assert.match(title, /^2 people from BRINSFORD \(HMP\) \(BSI\) to ISLE OF WIGHT \(HMP\) \(IWI\) on /);
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  const people = page.locator('table.govuk-table tbody tr');
  assert.equal(await people.count(), 2);
  for (const text of await people.allInnerTexts()) assert.match(text, /Requested\s+Empty/);
  assert.match(await page.locator('main').innerText(), /0 of 2 places filled/);
  await checkAxe(page, 'allocation');
  await shoot(page, '09-allocation');

  const { body } = await api(base, 'GET', `/api/allocations/${reference}?include=moves`);
  const moves = body.included.filter((r) => r.type === 'moves');
  assert.equal(moves.length, 2);
  assert.ok(moves.every((m) => m.attributes.status === 'requested' && !m.relationships?.profile?.data));

  // The next allocation offers the prisons just chosen first (kept in this browser).
  await page.goto(base + '/allocations/new');
  await heading(page);
  await typeInto(page, '#from-location', 'HMP');
  const options = page.locator('#from-location-listbox li[role=option]');
  await options.first().waitFor();
  const offered = await options.allInnerTexts();
  assert.match(offered[0], /BRINSFORD/, offered.slice(0, 3).join(' | '));
  assert.match(offered[1], /ISLE OF WIGHT/, offered.slice(0, 3).join(' | '));
  await page.assertClean();
});

test('check answers: a Change link goes to the question, and Continue comes back', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  await page.goto(base + '/allocations/new');
  await heading(page);
  await fillAllocationDetails(page, { date: londonDate(9) });
  await chooseRadio(page, 'estate', 'juvenile_male');
  await chooseRadio(page, 'sentence-length', 'any');
  await chooseRadio(page, 'complete-in-full', 'no');
  await chooseRadio(page, 'has-other-criteria', 'yes');
  await typeInto(page, '#other-criteria', 'Needs a ground-floor cell');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Check your answers before creating the allocation');
  assert.match(await page.locator('main').innerText(), /Prisoner category\s+Not applicable/);
  assert.match(await page.locator('main').innerText(), /Other criteria\s+Needs a ground-floor cell/);

  // The journey's id stays in the address (`journey=…`), beside the way back to check answers.
  await tabTo(page, 'a[href^="/allocations/new?return=check&journey="][href$="#moves-count"]');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocation details');
  await page.waitForFunction(() => document.activeElement?.id === 'moves-count');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Check your answers before creating the allocation');
  assert.match(await page.locator('main').innerText(), /Number of people\s+3/);
  assert.match(await page.locator('main').innerText(), /This creates 3 move requests/);
  await page.assertClean();
});

test('the estate is preselected from the destination’s reference data, never over the user’s choice', async () => {
  const base = env.sandbox.url;
  const page = await newPage(env.browser);
  await signIn(page, base);
  await page.goto(base + '/allocations/new');
  await heading(page);
  const date = londonDate(12);
  const [year] = date.split('-');
  await fillAllocationDetails(page, { date });
  // Isle of Wight is not flagged: nothing is chosen for the user.
  assert.equal(await page.locator('input[name=estate]:checked').count(), 0);
  assert.equal(await page.locator('#estate-hint').count(), 0);

  // Feltham is a young offender institution in the reference data
  // (`young_offender_institution: true`; upstream flags only the youth estate's YOIs).
  const feltham = (await api(base, 'GET', '/api/reference/locations?filter%5Bnomis_agency_id%5D=FMI')).body.data[0];
  assert.equal(feltham.attributes.young_offender_institution, true);
  await tabTo(page, 'a.govuk-back-link');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocation details');
  await typeInto(page, '#to-location', 'FMI');
  await typeInto(page, '#date-year', year);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocation criteria');
  await page.locator('#estate-hint').waitFor();
  assert.ok(await page.isChecked('input[name=estate][value=juvenile_male]'), 'juvenile male preselected');
  assert.equal(
    (await page.locator('#estate-hint').innerText()).trim(),
    'We chose juvenile male because FELTHAM (HMP & YOI) (FMI) is a young offender institution for boys in the reference data. Choose another estate if that is not right.',
  );
  const describedBy = await page.getAttribute('fieldset:has(input[name=estate])', 'aria-describedby');
  assert.match(describedBy ?? '', /estate-hint/, 'the hint is read with the question');
  await checkAxe(page, 'estate preselected');
  await shoot(page, '95-estate-preselected');

  // The user's own choice stays, whatever the destination says later.
  await chooseRadio(page, 'estate', 'adult_female');
  await chooseRadio(page, 'prisoner-category-adult-female', 'closed');
  assert.equal(await page.locator('#estate-hint').count(), 0, 'no longer said to be chosen for them');
  await tabTo(page, 'a.govuk-back-link');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocation details');
  await typeInto(page, '#to-location', 'IWI');
  await typeInto(page, '#to-location', 'FMI');
  await typeInto(page, '#date-year', year);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Allocation criteria');
  assert.ok(await page.isChecked('input[name=estate][value=adult_female]'), 'the user’s estate is kept');
  assert.equal(await page.locator('#estate-hint').count(), 0);
  await page.assertClean();
});
