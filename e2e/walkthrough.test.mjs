// API walkthrough 6.2 end to end, in the browser, as its three users, keyboard only:
// PMU creates an allocation for 2 people from BSI to IWI; OCA fills one place with G8133UA
// (one person at a time) and the other by pasting a list; the allocation shows filled; the
// supplier lists the moves of the date with the walkthrough's filters and include, then
// accepts, starts and completes both. Asserted on the pages and on the sandbox's data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allocationsOn, api, BSI, chooseRadio, expectHeading, heading, IWI, londonDate, newPage, shoot,
  signIn, tabTo, typeInto, withSandbox,
} from './helpers.mjs';

const env = withSandbox();

async function allocationDocument(base, id) {
  const { status, body } = await api(base, 'GET',
    `/api/allocations/${id}?include=moves,moves.profile,moves.profile.person`);
  assert.equal(status, 200);
  return body;
}

test('walkthrough 6.2: PMU allocates, OCA fills, the supplier moves both people', async () => {
  const base = env.sandbox.url;
  const date = londonDate(9);
  const [year, month, day] = date.split('-');

  // 1. PMU: an allocation for 2 people from Brinsford to the Isle of Wight.
  const pmu = await newPage(env.browser);
  await signIn(pmu, base, { name: 'Iama Requestor', role: 'pmu' });
  await tabTo(pmu, 'a.govuk-button--start');
  await pmu.keyboard.press('Enter');
  await expectHeading(pmu, 'Allocation details');
  await typeInto(pmu, '#moves-count', '2');
  await typeInto(pmu, '#from-location', 'BSI');
  await pmu.locator('#from-location-listbox li[role=option]').first().waitFor();
  await pmu.keyboard.press('ArrowDown');
  await pmu.keyboard.press('Enter');
  await typeInto(pmu, '#to-location', 'IWI');
  await pmu.locator('#to-location-listbox li[role=option]').first().waitFor();
  await pmu.keyboard.press('ArrowDown');
  await pmu.keyboard.press('Enter');
  await typeInto(pmu, '#date-day', day);
  await typeInto(pmu, '#date-month', month);
  await typeInto(pmu, '#date-year', year);
  await pmu.keyboard.press('Enter');
  await expectHeading(pmu, 'Allocation criteria');
  await chooseRadio(pmu, 'estate', 'adult_male');
  await chooseRadio(pmu, 'prisoner-category-adult-male', 'b');
  await chooseRadio(pmu, 'sentence-length', 'short');
  await tabTo(pmu, '#complex-cases');
  await pmu.keyboard.press('Space');
  await chooseRadio(pmu, 'complete-in-full', 'yes');
  await chooseRadio(pmu, 'has-other-criteria', 'yes');
  await typeInto(pmu, '#other-criteria', 'curly hair');
  await pmu.keyboard.press('Tab');
  await tabTo(pmu, 'button[type=submit]');
  await pmu.keyboard.press('Enter');
  await expectHeading(pmu, 'Check your answers before creating the allocation');
  await tabTo(pmu, 'button[type=submit]');
  await pmu.keyboard.press('Enter');
  await expectHeading(pmu, 'Allocation requested');
  const [stored] = await allocationsOn(base, date);
  const id = stored.id;
  assert.equal(stored.attributes.moves_count, 2);
  assert.equal(stored.relationships.from_location.data.id, BSI);
  assert.equal(stored.relationships.to_location.data.id, IWI);
  assert.equal(stored.attributes.status, 'unfilled');
  await shoot(pmu, '90-walkthrough-pmu');

  // 2. OCA, one person: G8133UA, found, confirmed, checked, added.
  const oca = await newPage(env.browser);
  await signIn(oca, base, { name: 'Oca User', role: 'oca' });
  await oca.goto(`${base}/allocations/${id}`);
  await heading(oca);
  await tabTo(oca, `a[href="/allocations/${id}/people/new"]`);
  await oca.keyboard.press('Enter');
  await expectHeading(oca, 'Add a person to this allocation');
  await typeInto(oca, '#prison-number', 'G8133UA');
  await oca.keyboard.press('Enter');
  // The walkthrough has two records with this prison number: OCA chooses the first.
  await expectHeading(oca, 'Which person do you want to add?');
  const first = await oca.locator('input[name=person]').first().getAttribute('value');
  await chooseRadio(oca, 'person', first);
  await tabTo(oca, 'button[type=submit]');
  await oca.keyboard.press('Enter');
  await expectHeading(oca, 'Check the risk and health information for DOMSANIGH CASEDY');
  assert.match(await oca.locator('main').innerText(), /MAPPA Nominal/);
  await tabTo(oca, 'button[type=submit]');
  await oca.keyboard.press('Enter');
  await oca.locator('.govuk-notification-banner--success', { hasText: 'DOMSANIGH CASEDY added to place 1' }).waitFor();
  assert.match(await oca.locator('main').innerText(), /1 of 2 places filled/);

  // 3. OCA, the other place by pasting a list.
  await tabTo(oca, `a[href="/allocations/${id}/people/bulk"]`);
  await oca.keyboard.press('Enter');
  await expectHeading(oca, 'Add several people to this allocation');
  await tabTo(oca, '#prison-numbers');
  await oca.keyboard.insertText('G5142UX\n');
  await tabTo(oca, 'button[type=submit]');
  await oca.keyboard.press('Enter');
  await oca.locator('#check-results').waitFor();
  assert.match(await oca.locator('table tbody tr').innerText(), /G5142UX\s+ORLANDRIC FENWICKEY[\s\S]*Can be added/);
  await tabTo(oca, '#add-people button[type=submit]');
  await oca.keyboard.press('Enter');
  await oca.locator('.govuk-notification-banner--success', { hasText: '1 person added' }).waitFor();
  await tabTo(oca, `#add-results a[href="/allocations/${id}"]`);
  await oca.keyboard.press('Enter');
  await oca.locator('main table').waitFor();
  const filled = await oca.locator('main').innerText();
  assert.match(filled, /Filled\s+2 of 2 places filled/);
  assert.match(filled, /Status\s+Filled/);
  assert.match(filled, /DOMSANIGH CASEDY \(G8133UA\)/);
  assert.match(filled, /ORLANDRIC FENWICKEY \(G5142UX\)/);
  await shoot(oca, '91-walkthrough-filled');
  let document = await allocationDocument(base, id);
  assert.equal(document.data.attributes.status, 'filled');
  const moves = document.included.filter((r) => r.type === 'moves');
  assert.equal(moves.length, 2);
  assert.ok(moves.every((m) => m.relationships.profile.data), 'every move has a profile');

  // 4. Supplier: the moves of the date, with the walkthrough's request.
  const supplier = await newPage(env.browser);
  const lists = [];
  supplier.on('request', (r) => {
    if (r.method() === 'GET' && r.url().includes('/api/moves?')) lists.push(r.url());
  });
  await signIn(supplier, base, { name: 'A Supplier', role: 'supplier' });
  await supplier.goto(`${base}/moves?date=${date}`);
  for (const m of moves) await supplier.locator(`tr[data-move="${m.id}"]`).waitFor();
  const sent = lists.find((u) => u.includes(`date_from%5D=${date}`));
  assert.ok(sent.includes(`filter%5Bdate_from%5D=${date}&filter%5Bdate_to%5D=${date}&filter%5Bhas_relationship_to_allocation%5D=true&include=profile.person%2Cfrom_location%2Cto_location`), sent);
  const table = await supplier.locator('main table').innerText();
  assert.match(table, /DOMSANIGH CASEDY \(G8133UA\)/);
  assert.match(table, /ORLANDRIC FENWICKEY \(G5142UX\)/);
  await shoot(supplier, '92-walkthrough-supplier-moves');

  // Accept, start and complete each move, from the list and from the move page.
  const steps = [
    ['accept', 'Accept this move', 'Move accepted', (n) => `accepted for person${n}`],
    ['start', 'Start this move', 'Move started', (n) => `van on the way for person${n}`],
    ['complete', 'Complete this move', 'Move completed', () => 'all is well'],
  ];
  for (const [n, m] of moves.entries()) {
    await supplier.goto(`${base}/moves?date=${date}`);
    await supplier.locator(`tr[data-move="${m.id}"]`).waitFor();
    for (const [action, title, banner, notes] of steps) {
      await tabTo(supplier, `a[href="/moves/${m.id}/${action}"]`);
      await supplier.keyboard.press('Enter');
      await expectHeading(supplier, title);
      await typeInto(supplier, '#notes', notes(n + 1));
      await tabTo(supplier, 'button[type=submit]');
      await supplier.keyboard.press('Enter');
      await supplier.locator('.govuk-notification-banner--success', { hasText: banner }).waitFor();
    }
    assert.match(await supplier.locator('main .govuk-summary-list').innerText(), /Status\s+Completed/);
  }
  await shoot(supplier, '93-walkthrough-completed');

  // The sandbox's data: both moves completed, each with its three events.
  document = await allocationDocument(base, id);
  for (const [n, m] of document.included.filter((r) => r.type === 'moves').entries()) {
    assert.equal(m.attributes.status, 'completed');
    const { body } = await api(base, 'GET', `/api/moves/${m.id}?include=timeline_events`);
    const recorded = body.included
      .filter((e) => e.type === 'events')
      .filter((e) => ['MoveAccept', 'MoveStart', 'MoveComplete'].includes(e.attributes.event_type))
      .map((e) => e.attributes.event_type)
      .sort();
    assert.deepEqual(recorded, ['MoveAccept', 'MoveComplete', 'MoveStart'], `move ${n + 1}: one event per action`);
  }
  await supplier.goto(`${base}/moves?date=${date}&status=completed`);
  for (const m of moves) await supplier.locator(`tr[data-move="${m.id}"]`).waitFor();
  for (const page of [pmu, oca, supplier]) await page.assertClean();
});
