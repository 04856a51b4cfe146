// OCA fills allocations with the keyboard alone: one person by prison number (find, confirm,
// check their risk and health answers, add), several by pasting a list (with bad, unknown,
// repeated and already-added numbers), removing a person; a dropped request retried never
// creates a second profile or assigns anyone twice. Asserted on the pages and on the sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, assertErrorSummary, checkAxe, chooseRadio, createAllocation, expectHeading, heading,
  londonDate, newPage, shoot, signIn, tabTo, typeInto, withSandbox,
} from './helpers.mjs';

const env = withSandbox();

/** The allocation's moves (not cancelled), each with its person's prison number or null. */
async function places(base, id) {
  const { status, body } = await api(base, 'GET',
    `/api/allocations/${id}?include=moves,moves.profile,moves.profile.person`);
  assert.equal(status, 200);
  const find = (type, rid) => body.included.find((r) => r.type === type && r.id === rid);
  return body.data.relationships.moves.data
    .map((ref) => find('moves', ref.id))
    .filter((m) => m.attributes.status !== 'cancelled')
    .map((m) => {
      const profile = m.relationships.profile?.data;
      const person = profile && find('profiles', profile.id)?.relationships.person.data;
      return { id: m.id, profile: profile?.id ?? null, prisonNumber: person ? find('people', person.id).attributes.prison_number : null };
    });
}

/**
 * The person with `number` and how many profiles they have: the one record, or the record
 * `id` among several (the walkthrough's G8133UA has two).
 */
async function person(base, number, id = undefined) {
  const { body } = await api(base, 'GET', `/api/people?filter%5Bprison_number%5D=${number}&include=profiles`);
  const record = id === undefined ? body.data[0] : body.data.find((p) => p.id === id);
  if (id === undefined) assert.equal(body.data.length, 1, `one person ${number}`);
  assert.ok(record, `person ${number} ${id ?? ''}`);
  return { id: record.id, profiles: record.relationships.profiles.data.length };
}

/** The records with prison number `number`, in the API's order. */
async function records(base, number) {
  const { body } = await api(base, 'GET', `/api/people?filter%5Bprison_number%5D=${number}&include=profiles`);
  return body.data;
}

/** Prison numbers of seeded people who can be moved (category A people cannot). */
async function movablePeople(base, count) {
  const { body } = await api(base, 'GET', '/api/people?per_page=40');
  return body.data
    .map((p) => p.attributes.prison_number)
    .filter((n) => n && !['G8133UA', 'G5142UX'].includes(n))
    .slice(0, 8)
    .slice(0, count);
}

/** Adds `number` to the allocation through the API (profile + PATCH of the first open move). */
async function addThroughApi(base, allocationId, number) {
  const { id } = await person(base, number);
  const created = await api(base, 'POST', `/api/people/${id}/profiles`, { data: { type: 'profiles' } });
  assert.equal(created.status, 201);
  const open = (await places(base, allocationId)).find((p) => !p.profile);
  const patched = await api(base, 'PATCH', `/api/moves/${open.id}`, {
    data: { id: open.id, type: 'moves', attributes: {}, relationships: { profile: { data: { type: 'profiles', id: created.body.data.id } } } },
  });
  assert.equal(patched.status, 200);
}

async function openAllocation(page, base, id) {
  await page.goto(`${base}/allocations/${id}`);
  await heading(page);
}

test('OCA adds one person by prison number, checks their answers, then removes them', async () => {
  const base = env.sandbox.url;
  const id = await createAllocation(base, { date: londonDate(20), count: 2 });
  // G8133UA has two records (as in the walkthrough): OCA chooses the second one.
  const both = await records(base, 'G8133UA');
  assert.equal(both.length, 2);
  const chosen = both[1].id;
  const other = both[0].id;
  const before = await person(base, 'G8133UA', chosen);
  const otherBefore = await person(base, 'G8133UA', other);
  const page = await newPage(env.browser);
  await signIn(page, base, { name: 'Oca User', role: 'oca' });
  await openAllocation(page, base, id);
  assert.match(await page.locator('main').innerText(), /0 of 2 places filled/);
  await checkAxe(page, 'allocation for OCA');
  await shoot(page, '80-oca-allocation');
  await tabTo(page, `a[href="/allocations/${id}/people/new"]`);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Add a person to this allocation');
  assert.equal(new URL(page.url()).pathname, `/allocations/${id}/people/new`, 'the address bar follows the page');
  await checkAxe(page, 'add a person');

  // Core's format check, then the API's answer: nobody has the number.
  await typeInto(page, '#prison-number', 'G813');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['prison-number', 'Enter a prison number, like A1234BC, or a PNC number, like 14/120018R']]);
  await checkAxe(page, 'add a person: bad format');
  await shoot(page, '81-prison-number-format');
  await typeInto(page, '#prison-number', 'z9999zz');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['prison-number', 'No one was found with prison number Z9999ZZ. Check the number']]);
  await checkAxe(page, 'add a person: not found');
  // A PNC number finds them too (filter[police_national_computer]).
  await typeInto(page, '#prison-number', '99/9999999z');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['prison-number', 'No one was found with PNC number 99/9999999Z. Check the number']]);
  await typeInto(page, '#prison-number', '14/120018r');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Which person do you want to add?');
  assert.equal(new URL(page.url()).pathname, `/allocations/${id}/people/new/G8133UA`);
  await checkAxe(page, 'found by PNC number');
  await page.goBack();
  await expectHeading(page, 'Add a person to this allocation');

  await typeInto(page, '#prison-number', ' g8133ua ');
  await page.keyboard.press('Enter');
  // Every match is shown (name, date of birth, PNC), none taken silently.
  await expectHeading(page, 'Which person do you want to add?');
  const details = await page.locator('main form').innerText();
  assert.match(details, /People with prison number G8133UA/);
  assert.equal((details.match(/DOMSANIGH CASEDY/g) ?? []).length, 2, 'both records listed');
  assert.equal((details.match(/Date of birth: \w+ 17 November 1995\. PNC number: 14\/120018R/g) ?? []).length, 2);
  assert.match(details, new RegExp(`Record ${chosen}`));
  assert.match(details, new RegExp(`Record ${other}`));
  assert.match(details, /None of these, search again/);
  assert.equal(new URL(page.url()).pathname, `/allocations/${id}/people/new/G8133UA`);
  await checkAxe(page, 'several people with one prison number');
  // Back returns to the search, with what was typed; Forward comes back.
  await page.goBack();
  await expectHeading(page, 'Add a person to this allocation');
  assert.equal(await page.inputValue('#prison-number'), ' g8133ua ');
  await page.goForward();
  await expectHeading(page, 'Which person do you want to add?');
  await page.keyboard.press('Tab');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['person', 'Select the person you want to add, or none of these']]);
  await checkAxe(page, 'choose person: no answer');
  await shoot(page, '82-choose-person');
  await chooseRadio(page, 'person', chosen);
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');

  await expectHeading(page, 'Check the risk and health information for DOMSANIGH CASEDY');
  const review = await page.locator('main').innerText();
  assert.match(review, /Violent/);
  assert.match(review, /OASys Serious Harm-Medium/);
  assert.match(review, /Health issue/);
  assert.match(review, /will be added to place 1/);
  // The category and CSRA their new profile carries.
  assert.match(review, /Category\s+Category C/);
  assert.match(review, /CSRA\s+Standard/);
  await checkAxe(page, 'check answers of the profile');
  await shoot(page, '83-check-profile');
  assert.equal((await person(base, 'G8133UA', chosen)).profiles, before.profiles + 1, 'the profile was created for the record chosen');
  assert.equal((await person(base, 'G8133UA', other)).profiles, otherBefore.profiles, 'and not for the other');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');

  await page.locator('.govuk-notification-banner--success').waitFor();
  assert.match(await page.locator('.govuk-notification-banner--success').innerText(), /DOMSANIGH CASEDY added to place 1/);
  assert.match(await page.locator('main').innerText(), /1 of 2 places filled/);
  assert.match(await page.locator('main table').innerText(), /DOMSANIGH CASEDY \(G8133UA\)/);
  await checkAxe(page, 'allocation after adding');
  await shoot(page, '84-person-added');
  let stored = await places(base, id);
  assert.deepEqual(stored.map((p) => p.prisonNumber), ['G8133UA', null]);
  assert.equal((await person(base, 'G8133UA', chosen)).profiles, before.profiles + 1, 'exactly one profile');
  const onMove = await api(base, 'GET', `/api/moves/${stored[0].id}?include=profile`);
  const profile = onMove.body.included.find((r) => r.type === 'profiles');
  assert.equal(profile.relationships.person.data.id, chosen, 'the chosen record is on the move');

  // Searching again for someone already in the allocation says so.
  await page.goto(`${base}/allocations/${id}/people/new`);
  await heading(page);
  await typeInto(page, '#prison-number', 'G8133UA');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['prison-number', 'G8133UA is already in this allocation, in place 1']]);

  // Remove them: the place stays, empty.
  await openAllocation(page, base, id);
  await tabTo(page, `a[href="/allocations/${id}/moves/${stored[0].id}/remove-person"]`);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Remove DOMSANIGH CASEDY (G8133UA) from place 1?');
  await checkAxe(page, 'remove person');
  await shoot(page, '85-remove-person');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('.govuk-notification-banner--success').waitFor();
  assert.match(await page.locator('.govuk-notification-banner--success').innerText(), /DOMSANIGH CASEDY removed from place 1/);
  assert.match(await page.locator('main').innerText(), /0 of 2 places filled/);
  stored = await places(base, id);
  assert.deepEqual(stored.map((p) => p.profile), [null, null]);
  await page.assertClean();
});

test('a dropped profile request, retried, creates exactly one profile', async () => {
  const base = env.sandbox.url;
  const id = await createAllocation(base, { date: londonDate(21), count: 1 });
  const before = await person(base, 'G5142UX');
  const page = await newPage(env.browser);
  await signIn(page, base, { name: 'Oca User', role: 'oca' });
  await page.goto(`${base}/allocations/${id}/people/new/G5142UX`);
  await expectHeading(page, 'ORLANDRIC FENWICKEY');
  let posts = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/api\/people\/[^/]+\/profiles$/.test(r.url())) posts += 1;
  });
  // The profile is created, but the answer is lost on the way back.
  await page.route('**/api/people/*/profiles', async (route) => {
    await route.fetch();
    return route.abort('failed');
  });
  await chooseRadio(page, 'confirm', 'yes');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /We could not reach the API/);
  assert.equal((await person(base, 'G5142UX')).profiles, before.profiles + 1);
  await checkAxe(page, 'profile request dropped');
  await shoot(page, '86-profile-dropped');
  await page.unroute('**/api/people/*/profiles');
  assert.ok(await page.isChecked('input[name=confirm][value=yes]'), 'the answer is kept');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Check the risk and health information for ORLANDRIC FENWICKEY');
  assert.equal(posts, 1, 'the retry found the profile instead of creating another');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('.govuk-notification-banner--success').waitFor();
  assert.equal((await person(base, 'G5142UX')).profiles, before.profiles + 1, 'exactly one new profile');
  assert.deepEqual((await places(base, id)).map((p) => p.prisonNumber), ['G5142UX']);
  assert.match(await page.locator('main').innerText(), /Filled/);

  // The last place is filled: the page offers to create the transfer in NOMIS
  // (`PATCH /api/moves/:id?create_in_nomis=true`), instead of keying it there again.
  const [only] = await places(base, id);
  const nomisEvent = async (moveId) => (await api(base, 'GET', `/api/moves/${moveId}`)).body.meta?.sandbox?.nomis_event_id;
  assert.equal(await nomisEvent(only.id), undefined, 'nothing sent to NOMIS yet');
  assert.match(await page.locator('main').innerText(), /Create the transfer in NOMIS[\s\S]*nobody has to key it into NOMIS again/);
  await checkAxe(page, 'filled allocation: the NOMIS offer');
  await shoot(page, '96-nomis-offer');
  await tabTo(page, 'button[type=submit]');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Create the transfer in NOMIS');
  await page.keyboard.press('Enter');
  // The result takes the place of the "added" banner, and focus.
  await page.locator('#allocation-banner', { hasText: 'Transfer requested in NOMIS' }).waitFor();
  assert.match(await page.locator('#allocation-banner').innerText(), /Transfer requested in NOMIS for 1 person/);
  await page.waitForFunction(() => document.activeElement?.id === 'allocation-banner');
  assert.match(await page.locator('main').innerText(), /You asked NOMIS for the transfers of this allocation/);
  await checkAxe(page, 'transfer requested in NOMIS');
  await shoot(page, '97-nomis-requested');
  assert.ok(Number.isInteger(await nomisEvent(only.id)), 'the sandbox recorded the NOMIS transfer of the move');
  // The API does not say a transfer was asked for; this browser remembers, so after a
  // reload the offer stays answered instead of coming back.
  await page.reload();
  await page.locator('main', { hasText: 'You asked NOMIS for the transfers of this allocation' }).waitFor();
  assert.equal(await page.locator('button', { hasText: 'Create the transfer in NOMIS' }).count(), 0, 'no second offer after a reload');
  await page.assertClean(['Failed to load resource']);
});

test('bulk paste: good, badly formatted, unknown, repeated and already-added numbers', async () => {
  const base = env.sandbox.url;
  const id = await createAllocation(base, { date: londonDate(22), count: 4 });
  const [a, b, c, d] = await movablePeople(base, 4);
  await addThroughApi(base, id, a);
  const profilesBefore = {};
  for (const n of [b, c, d]) profilesBefore[n] = (await person(base, n)).profiles;
  const page = await newPage(env.browser);
  await signIn(page, base, { name: 'Oca User', role: 'oca' });
  await openAllocation(page, base, id);
  await tabTo(page, `a[href="/allocations/${id}/people/bulk"]`);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Add several people to this allocation');
  await checkAxe(page, 'bulk paste');

  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['prison-numbers', 'Enter at least one prison number']]);
  await checkAxe(page, 'bulk paste: empty');

  let writes = 0;
  page.on('request', (r) => { if (['POST', 'PATCH'].includes(r.method())) writes += 1; });
  const list = `${b}, not-a-number\nZ9999ZZ ${a.toLowerCase()} ${b}\n${c}; ${d}`;
  await tabTo(page, '#prison-numbers');
  await page.keyboard.insertText(list);
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('#check-results').waitFor();
  const rows = await page.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
  assert.equal(rows.length, 7);
  assert.match(rows[0], new RegExp(`^${b} .*Can be added`));
  assert.match(rows[1], /^not-a-number .*Cannot be added not-a-number is not a prison number/);
  assert.match(rows[2], /^Z9999ZZ .*Cannot be added No one was found with prison number Z9999ZZ/);
  assert.match(rows[3], new RegExp(`^${a} .*Cannot be added ${a} is already in this allocation`));
  assert.match(rows[4], new RegExp(`^${b} .*Cannot be added ${b} is in the list more than once`));
  assert.match(rows[5], new RegExp(`^${c} .*Can be added`));
  assert.match(rows[6], new RegExp(`^${d} .*Can be added`));
  assert.match(await page.locator('.govuk-warning-text').innerText(), /4 prison numbers cannot be added/);
  assert.equal(writes, 0, 'nothing is sent before adding');
  await checkAxe(page, 'bulk paste checked');
  await shoot(page, '87-bulk-checked');

  // One assignment is dropped on its way back: that line fails, the others go on.
  let dropped = false;
  await page.route('**/api/moves/*', async (route) => {
    if (route.request().method() === 'PATCH' && !dropped) {
      dropped = true;
      await route.fetch();
      return route.abort('failed');
    }
    return route.continue();
  });
  assert.equal((await page.locator('#add-people button[type=submit]').innerText()).trim(), 'Add 3 people');
  await tabTo(page, '#add-people button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('#add-results').waitFor();
  assert.match(await page.locator('#add-results').innerText(), /2 people added\. 1 not added/);
  const after = await page.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
  assert.match(after[0], /Not added The API did not answer/);
  assert.match(after[5], /Added to place 3/);
  assert.match(after[6], /Added to place 4/);
  await checkAxe(page, 'bulk paste with a failure');
  await shoot(page, '88-bulk-partly-added');
  await page.unroute('**/api/moves/*');

  // A reload keeps the progress; the retry sees the person is already in and assigns no one twice.
  await page.reload();
  await expectHeading(page, 'Add several people to this allocation');
  assert.equal((await page.locator('#add-people button[type=submit]').innerText()).trim(), 'Try again for 1 person');
  await tabTo(page, '#add-people button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('.govuk-notification-banner--success').waitFor();
  assert.match(await page.locator('#add-results').innerText(), /3 people added/);
  const final = await places(base, id);
  assert.deepEqual(final.map((p) => p.prisonNumber), [a, b, c, d]);
  for (const n of [b, c, d]) {
    assert.equal((await person(base, n)).profiles, profilesBefore[n] + 1, `one new profile for ${n}`);
  }
  await checkAxe(page, 'bulk paste done');
  await shoot(page, '89-bulk-added');
  await openAllocation(page, base, id);
  assert.match(await page.locator('main').innerText(), /Filled/);
  // Every place filled: one press asks NOMIS for the transfer of each move.
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('#allocation-banner', { hasText: 'Transfer requested in NOMIS' }).waitFor();
  const filled = await places(base, id);
  assert.match(await page.locator('#allocation-banner').innerText(), new RegExp(`Transfer requested in NOMIS for ${filled.length} people`));
  await checkAxe(page, 'bulk: transfers requested in NOMIS');
  const events = [];
  for (const place of filled) events.push((await api(base, 'GET', `/api/moves/${place.id}`)).body.meta?.sandbox?.nomis_event_id);
  assert.ok(events.every(Number.isInteger), `every move has its NOMIS transfer: ${events}`);
  assert.equal(new Set(events).size, filled.length, 'one transfer each');
  await page.assertClean(['Failed to load resource']);
});

test('bulk paste: a category A person is refused on their line at check, before anything is written', async () => {
  // Issue 12: the refusal used to come only at Add, in the API's raw words. Now core judges
  // each line with the person's facts (their category, from their latest profile and the
  // reference categories) when the list is checked.
  const base = env.sandbox.url;
  const id = await createAllocation(base, { date: londonDate(23), count: 2 });
  // The sandbox seeds two category A people (the 6th and 24th generated people).
  const { body } = await api(base, 'GET', '/api/people?per_page=40');
  const categoryA = body.data[8].attributes.prison_number;
  const page = await newPage(env.browser);
  await signIn(page, base, { name: 'Oca User', role: 'oca' });
  await page.goto(`${base}/allocations/${id}/people/bulk`);
  await expectHeading(page, 'Add several people to this allocation');
  await tabTo(page, '#prison-numbers');
  await page.keyboard.insertText(`${categoryA}\nG5142UX`);
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('#check-results').waitFor();
  let rows = await page.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
  assert.match(rows[0], new RegExp(`^${categoryA} .*Cannot be added ${categoryA} is a category A prisoner and cannot be moved with this service$`));
  assert.match(rows[1], /^G5142UX .*Can be added/);
  await checkAxe(page, 'bulk check with a category A person');
  assert.deepEqual((await places(base, id)).map((p) => p.profile), [null, null], 'nothing written at check');
  await tabTo(page, '#add-people button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('#add-results').waitFor();
  // The results table replaces the check table: read it once it is laid out (innerText of a
  // row being replaced loses the spaces between its cells).
  await page.waitForFunction(() => [...document.querySelectorAll('table tbody tr')].some((tr) => tr.checkVisibility() && /Added to place 1/.test(tr.innerText)));
  rows = await page.locator('table tbody tr').evaluateAll((trs) => trs.filter((tr) => tr.checkVisibility()).map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
  assert.match(rows[0], new RegExp(`^${categoryA} .*Cannot be added .*category A prisoner`));
  assert.match(rows[1], /^G5142UX .*Added to place 1/);
  assert.equal(await page.locator('#add-people').count(), 0, 'no retry is offered for a refusal');
  const banner = await page.locator('#add-results').innerText();
  assert.match(banner, /1 person added/);
  assert.match(banner, /1 prison number on the list could not be added: the list says why\./);
  assert.doesNotMatch(banner, /Everyone/);
  await checkAxe(page, 'bulk paste with a refused person');
  assert.deepEqual((await places(base, id)).map((p) => p.prisonNumber), ['G5142UX', null]);
  await page.assertClean();
});
