// The supplier's journey of API walkthrough 6.2 with the keyboard alone: list the moves of a
// date (the walkthrough's request), accept, start and complete a move with a time and notes,
// cancel one with a reason; actions offered only where the state machine allows them;
// refused input on the right field; a dropped request retried records exactly one event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, assertErrorSummary, BSI, checkAxe, chooseRadio, createAllocation, expectHeading, heading,
  IWI, londonDate, newPage, shoot, signIn, tabTo, typeInto, withSandbox,
} from './helpers.mjs';

const env = withSandbox();

/** An allocation of one move on `date`, filled with `prisonNumber` (walkthrough steps 1-2). */
async function seedMove(base, date, prisonNumber = 'G8133UA') {
  const allocationId = await createAllocation(base, { date, count: 1 });
  const allocation = await api(base, 'GET', `/api/allocations/${allocationId}?include=moves`);
  assert.equal(allocation.status, 200);
  const moveId = allocation.body.data.relationships.moves.data[0].id;
  const people = await api(base, 'GET', `/api/people?filter%5Bprison_number%5D=${prisonNumber}`);
  assert.equal(people.status, 200);
  const person = people.body.data[0];
  const profile = await api(base, 'POST', `/api/people/${person.id}/profiles`, { data: { type: 'profiles' } });
  assert.equal(profile.status, 201, JSON.stringify(profile.body));
  const patch = await api(base, 'PATCH', `/api/moves/${moveId}`, {
    data: { id: moveId, type: 'moves', attributes: {},
      relationships: { profile: { data: { type: 'profiles', id: profile.body.data.id } } } },
  });
  assert.equal(patch.status, 200, JSON.stringify(patch.body));
  const move = await getMove(base, moveId);
  return { allocationId, moveId, reference: move.attributes.reference, person: person.attributes };
}

async function getMove(base, id) {
  const { status, body } = await api(base, 'GET', `/api/moves/${id}`);
  assert.equal(status, 200);
  return body.data;
}

/** The move's events, oldest first. */
async function events(base, id) {
  const { status, body } = await api(base, 'GET', `/api/moves/${id}?include=timeline_events`);
  assert.equal(status, 200);
  return (body.included ?? []).filter((r) => r.type === 'events').sort((a, b) => a.attributes.occurred_at.localeCompare(b.attributes.occurred_at));
}

/** Records an action through the API (to put a move in a state). */
async function act(base, id, path, type, minutesAgo) {
  const timestamp = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const { status, body } = await api(base, 'POST', `/api/moves/${id}/${path}`,
    { data: { type, attributes: { timestamp } } });
  assert.equal(status, 204, JSON.stringify(body));
}

/** Fills the time and notes of an action form and sends it. */
async function record(page, { time, notes }) {
  await typeInto(page, '#time', time);
  await typeInto(page, '#notes', notes);
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
}

test('the supplier lists the moves of a date, then accepts, starts and completes one by keyboard', async () => {
  const base = env.sandbox.url;
  const date = londonDate(20);
  const { moveId, reference, person } = await seedMove(base, date);
  const page = await newPage(env.browser);
  const lists = [];
  page.on('request', (r) => {
    if (r.method() === 'GET' && r.url().includes('/api/moves?')) lists.push(r.url());
  });
  await signIn(page, base, { role: 'supplier', name: 'A Supplier' });
  await tabTo(page, '.govuk-service-navigation a[href="/moves"]');
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Moves');
  await page.locator('main .govuk-table, main .app-empty').first().waitFor();

  // Jump to the date with the date form (an empty date is refused on the field).
  await tabTo(page, 'main form button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['date-day', 'Enter a date']]);
  await checkAxe(page, 'moves date refused');
  const [year, month, day] = date.split('-');
  await typeInto(page, '#date-day', day);
  await typeInto(page, '#date-month', month);
  await typeInto(page, '#date-year', year);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/moves?date=${date}`);
  const row = page.locator(`tr[data-move="${moveId}"]`);
  await row.waitFor();
  const cells = await row.locator('th, td').allInnerTexts();
  assert.equal(cells[0].replace(/\s+/g, ' ').trim(), `Move ${reference}`);
  assert.equal(cells[1], `${person.first_names} ${person.last_name} (G8133UA)`);
  assert.match(cells[2], /BRINSFORD/);
  assert.match(cells[3], /ISLE OF WIGHT/);
  assert.equal(cells[4], 'Requested');
  assert.deepEqual(await row.locator('td a').evaluateAll((as) => as.map((a) => a.textContent.trim())),
    [`Accept move ${reference}`, `Cancel move ${reference}`]);

  // The request is the walkthrough's.
  const sent = lists.find((u) => u.includes(`date_from%5D=${date}`));
  assert.ok(sent, `a list request for ${date} (saw ${lists.join(', ')})`);
  assert.ok(sent.includes(`filter%5Bdate_from%5D=${date}&filter%5Bdate_to%5D=${date}&filter%5Bhas_relationship_to_allocation%5D=true&include=profile.person%2Cfrom_location%2Cto_location`), sent);
  const params = new URL(sent).searchParams;
  assert.equal(params.get('filter[date_from]'), date);
  assert.equal(params.get('filter[date_to]'), date);
  assert.equal(params.get('filter[has_relationship_to_allocation]'), 'true');
  assert.equal(params.get('include'), 'profile.person,from_location,to_location');
  await checkAxe(page, 'moves list');
  await shoot(page, '70-supplier-moves');

  // Accept from the list.
  await tabTo(page, `a[href="/moves/${moveId}/accept"]`);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Accept this move');
  assert.match(await page.inputValue('#time'), /^\d\d:\d\d$/, 'the time is prefilled');
  const [ty, tm, td] = londonDate(0).split('-');
  assert.deepEqual([await page.inputValue('#date-day'), await page.inputValue('#date-month'), await page.inputValue('#date-year')],
    [String(Number(td)), String(Number(tm)), ty], 'the date is prefilled with today');
  assert.equal(await page.locator('#date-warning .govuk-warning-text').count(), 0, 'accepting ahead of the move is normal');
  await checkAxe(page, 'accept');
  await shoot(page, '71-supplier-accept');
  await record(page, { time: '08:00', notes: 'Accepted for the early van' });
  await page.locator('.govuk-notification-banner--success', { hasText: 'Move accepted' }).waitFor();
  assert.equal(await heading(page), `Move ${reference}`);
  assert.match(await page.locator('main .govuk-summary-list').innerText(), /Status\s+Booked/);
  assert.equal(await page.locator('main a[data-action="accept"]').count(), 0);
  assert.match(await page.locator('main').innerText(), /This move has no journeys yet/);
  assert.equal(await page.locator(`main a[href="/moves/${moveId}/events/new"]`).count(), 1);
  await checkAxe(page, 'move after accept');
  await shoot(page, '72-supplier-accepted');

  // Start, then complete, from the move page.
  await tabTo(page, `a[href="/moves/${moveId}/start"]`);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Start this move');
  // Today is offered, 20 days before the move's date: flagged, not refused.
  const warning = page.locator('#date-warning .govuk-warning-text');
  await warning.waitFor();
  assert.match(await warning.innerText(),
    /The move is dated \w+ \d+ \w+ \d{4}, 20 days after the date you entered\. Check the date the move started/);
  await checkAxe(page, 'start dated far from the move');
  await shoot(page, '74-supplier-start-date-warning');
  await record(page, { time: '08:30', notes: 'van on the way for person1' });
  await page.locator('.govuk-notification-banner--success', { hasText: 'Move started' }).waitFor();
  assert.match(await page.locator('main .govuk-summary-list').innerText(), /Status\s+In transit/);
  await tabTo(page, `a[href="/moves/${moveId}/complete"]`);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Complete this move');
  await record(page, { time: '09:45', notes: 'all is well' });
  await page.locator('.govuk-notification-banner--success', { hasText: 'Move completed' }).waitFor();
  assert.match(await page.locator('main .govuk-summary-list').innerText(), /Status\s+Completed/);
  assert.equal(await page.locator('main a[data-action]').count(), 0, 'a completed move offers no action');
  await shoot(page, '73-supplier-completed');

  assert.equal((await getMove(base, moveId)).attributes.status, 'completed');
  const recorded = (await events(base, moveId))
    .filter((e) => ['MoveAccept', 'MoveStart', 'MoveComplete'].includes(e.attributes.event_type));
  assert.deepEqual(recorded.map((e) => [e.attributes.event_type, e.attributes.notes]), [
    ['MoveAccept', 'Accepted for the early van'],
    ['MoveStart', 'van on the way for person1'],
    ['MoveComplete', 'all is well'],
  ]);
  assert.deepEqual(recorded.map((e) => e.attributes.occurred_at.slice(0, 16)),
    [`${londonDate(0)}T08:00`, `${londonDate(0)}T08:30`, `${londonDate(0)}T09:45`]);
  await page.assertClean();
});

test('actions are offered only where the state machine allows them', async () => {
  const base = env.sandbox.url;
  const date = londonDate(21);
  const requested = await seedMove(base, date);
  // A person has one move a day: the second move carries the other seeded person.
  const completed = await seedMove(base, date, 'G5142UX');
  await act(base, completed.moveId, 'accept', 'accepts', 3);
  await act(base, completed.moveId, 'start', 'starts', 2);
  await act(base, completed.moveId, 'complete', 'completes', 1);
  assert.equal((await getMove(base, completed.moveId)).attributes.status, 'completed');

  const page = await newPage(env.browser);
  await signIn(page, base, { role: 'supplier', name: 'A Supplier' });
  await page.goto(`${base}/moves?date=${date}`);
  await page.locator(`tr[data-move="${completed.moveId}"]`).waitFor();
  assert.equal(await page.locator(`tr[data-move="${completed.moveId}"] td a`).count(), 0);
  assert.match(await page.locator(`tr[data-move="${completed.moveId}"]`).innerText(), /Completed/);
  // The status filter, by keyboard.
  await tabTo(page, `.moj-sub-navigation a[href="/moves?date=${date}&status=completed"]`);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/moves?date=${date}&status=completed`);
  await page.locator('main caption', { hasText: 'Completed moves on' }).waitFor();
  assert.deepEqual(await page.locator('main tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.move)), [completed.moveId]);
  assert.equal(await page.locator('.moj-sub-navigation a[aria-current="page"]').innerText(), 'Completed');
  await checkAxe(page, 'completed moves');
  await tabTo(page, `.moj-sub-navigation a[href="/moves?date=${date}"]`);
  await page.keyboard.press('Enter');
  await page.locator(`tr[data-move="${requested.moveId}"]`).waitFor();
  const links = await page.locator(`tr[data-move="${requested.moveId}"] td a`).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, [`/moves/${requested.moveId}/accept`, `/moves/${requested.moveId}/cancel`]);

  // The requested move has a journey (API walkthrough: journeys), by the move's supplier.
  const withSupplier = await api(base, 'GET', `/api/moves/${requested.moveId}?include=supplier`);
  const supplier = withSupplier.body.data.relationships.supplier.data;
  assert.ok(supplier?.id, 'the move has a supplier');
  const journey = await api(base, 'POST', `/api/moves/${requested.moveId}/journeys`, {
    data: { type: 'journeys',
      attributes: { timestamp: new Date().toISOString(), billable: false, date,
        vehicle: { id: '12345678ABC', registration: 'AB12 CDE' } },
      relationships: { from_location: { data: { type: 'locations', id: BSI } },
        to_location: { data: { type: 'locations', id: IWI } },
        supplier: { data: { type: 'suppliers', id: supplier.id } } } },
  });
  assert.equal(journey.status, 201, JSON.stringify(journey.body));

  await page.goto(`${base}/moves/${requested.moveId}`);
  await expectHeading(page, `Move ${requested.reference}`);
  const journeyRow = page.locator('main table.govuk-table tbody tr');
  await journeyRow.first().waitFor();
  const journeyCells = await journeyRow.first().locator('td').allInnerTexts();
  assert.match(journeyCells[0], /BRINSFORD/);
  assert.match(journeyCells[1], /ISLE OF WIGHT/);
  assert.equal(journeyCells[3], 'AB12 CDE');
  assert.equal(journeyCells[4], 'Proposed');
  assert.deepEqual(await page.locator('main a[data-action]').evaluateAll((as) => as.map((a) => a.dataset.action)), ['accept', 'cancel']);
  assert.match(await page.locator('main .govuk-summary-list').innerText(), /Person\s+DOMSANIGH CASEDY \(G8133UA\)/);
  assert.equal(await page.locator(`main a[href="/allocations/${requested.allocationId}"]`).count(), 1);
  await checkAxe(page, 'requested move');
  await shoot(page, '74-supplier-requested-move');

  await page.goto(`${base}/moves/${completed.moveId}`);
  await expectHeading(page, `Move ${completed.reference}`);
  assert.equal(await page.locator('main a[data-action]').count(), 0);

  await page.goto(`${base}/moves/${requested.moveId}/complete`);
  await expectHeading(page, 'You cannot complete this move');
  assert.match(await page.locator('main').innerText(), /has not been accepted yet\. You can only complete a move that is on its way/);
  assert.equal(await page.locator('main form').count(), 0, 'no form');
  await checkAxe(page, 'cannot complete');
  await shoot(page, '75-supplier-cannot-complete');

  // Other roles see the moves, without actions.
  const pmu = await newPage(env.browser);
  await signIn(pmu, base);
  await pmu.goto(`${base}/moves?date=${date}`);
  await pmu.locator(`tr[data-move="${requested.moveId}"]`).waitFor();
  assert.equal(await pmu.locator('main td a').count(), 0);
  await pmu.goto(`${base}/moves/${requested.moveId}`);
  await expectHeading(pmu, `Move ${requested.reference}`);
  assert.equal(await pmu.locator('main a[data-action]').count(), 0);
  await pmu.goto(`${base}/moves/${requested.moveId}/accept`);
  await expectHeading(pmu, 'You cannot use this page');
  await pmu.assertClean();

  // An empty day says so.
  await page.goto(`${base}/moves?date=${londonDate(90)}`);
  await page.locator('main .app-empty').waitFor();
  assert.match(await page.locator('main .app-empty').innerText(), /^There are no moves on \w+day \d+ \w+ \d{4}\.$/);
  await checkAxe(page, 'no moves');
  await page.assertClean();
});

test('cancel a move with a reason', async () => {
  const base = env.sandbox.url;
  const date = londonDate(22);
  const { moveId } = await seedMove(base, date);
  const page = await newPage(env.browser);
  await signIn(page, base, { role: 'supplier', name: 'A Supplier' });
  await page.goto(`${base}/moves/${moveId}`);
  await heading(page);
  await tabTo(page, `a[href="/moves/${moveId}/cancel"]`);
  await page.keyboard.press('Enter');
  await expectHeading(page, 'Cancel this move');
  assert.equal(await page.locator('input[name="cancellation-reason"]').count(), 33);
  await chooseRadio(page, 'cancellation-reason', 'supplier_no_resource');
  await typeInto(page, '#cancellation-reason-comment', 'No van <until Friday>');
  await checkAxe(page, 'cancel');
  await shoot(page, '76-supplier-cancel');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('.govuk-notification-banner--success', { hasText: 'Move cancelled' }).waitFor();
  assert.match(await page.locator('main .govuk-summary-list').innerText(),
    /Cancellation reason\s+Supplier has no resource: No van <until Friday>/);
  assert.equal(await page.locator('main a[data-action]').count(), 0);
  const move = await getMove(base, moveId);
  assert.equal(move.attributes.status, 'cancelled');
  assert.equal(move.attributes.cancellation_reason, 'supplier_no_resource');
  assert.equal(move.attributes.cancellation_reason_comment, 'No van <until Friday>');
  await page.assertClean();
});

test('refused input is shown on the field at fault, and nothing is sent', async () => {
  const base = env.sandbox.url;
  const date = londonDate(23);
  const { moveId } = await seedMove(base, date);
  const page = await newPage(env.browser);
  await signIn(page, base, { role: 'supplier', name: 'A Supplier' });
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });

  await page.goto(`${base}/moves/${moveId}/accept`);
  await expectHeading(page, 'Accept this move');
  // What is typed survives a reload.
  await typeInto(page, '#time', '06:40');
  await typeInto(page, '#notes', 'Kept over a reload');
  await page.reload();
  await expectHeading(page, 'Accept this move');
  assert.equal(await page.inputValue('#time'), '06:40');
  assert.equal(await page.inputValue('#notes'), 'Kept over a reload');
  await typeInto(page, '#time', '');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['time', 'Enter the time the move was accepted']]);
  assert.match(await page.locator('#time-error').innerText(), /Enter the time the move was accepted/);
  assert.equal(await page.getAttribute('#time', 'aria-describedby'), 'time-hint time-error');
  await checkAxe(page, 'accept without a time');
  await shoot(page, '77-supplier-no-time');
  // Fixed live, after the first submit.
  await typeInto(page, '#time', '10:00');
  await page.locator('#time-error').waitFor({ state: 'detached' });

  const [year, month, day] = londonDate(1).split('-');
  await typeInto(page, '#date-day', day);
  await typeInto(page, '#date-month', month);
  await typeInto(page, '#date-year', year);
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['date-day', 'Date the move was accepted must be today or in the past']]);
  await checkAxe(page, 'accept in the future');

  await page.goto(`${base}/moves/${moveId}/cancel`);
  await expectHeading(page, 'Cancel this move');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await assertErrorSummary(page, [['cancellation-reason', 'Select why the move was cancelled']]);
  assert.match(await page.locator('#cancellation-reason-error').innerText(), /Select why the move was cancelled/);
  await checkAxe(page, 'cancel without a reason');
  await shoot(page, '78-supplier-no-reason');

  assert.deepEqual(posts, [], 'nothing was sent');
  assert.equal((await getMove(base, moveId)).attributes.status, 'requested');
  await page.assertClean();
});

test('a dropped answer, retried, records exactly one MoveAccept', async () => {
  const base = env.sandbox.url;
  const date = londonDate(24);
  const { moveId, reference } = await seedMove(base, date);
  const page = await newPage(env.browser);
  await signIn(page, base, { role: 'supplier', name: 'A Supplier' });
  const keys = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/accept')) keys.push(r.headers()['idempotency-key']);
  });
  // The request reaches the API, which records the event; the answer is lost.
  await page.route('**/api/moves/*/accept', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    await route.fetch();
    return route.abort('failed');
  });
  await page.goto(`${base}/moves/${moveId}/accept`);
  await expectHeading(page, 'Accept this move');
  await record(page, { time: '07:15', notes: 'Dropped once' });
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /We could not reach the API[\s\S]*your answers are kept/);
  await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'));
  assert.equal(await page.inputValue('#time'), '07:15');
  assert.equal(await page.inputValue('#notes'), 'Dropped once');
  assert.match(await page.title(), /^Error: /);
  assert.equal((await getMove(base, moveId)).attributes.status, 'booked', 'the first try did arrive');
  await checkAxe(page, 'network failure');
  await shoot(page, '79-supplier-network-failure');

  await page.unroute('**/api/moves/*/accept');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('.govuk-notification-banner--success', { hasText: 'Move accepted' }).waitFor();
  assert.equal(await heading(page), `Move ${reference}`);
  assert.equal(keys.length, 2);
  assert.equal(keys[0], keys[1], 'one Idempotency-Key across retries');
  const accepts = (await events(base, moveId)).filter((e) => e.attributes.event_type === 'MoveAccept');
  assert.equal(accepts.length, 1, 'exactly one MoveAccept');
  assert.equal(accepts[0].attributes.notes, 'Dropped once');
  assert.equal((await getMove(base, moveId)).attributes.status, 'booked');
  // Coming back to the form says it is done, rather than offering to send it again.
  await page.goto(`${base}/moves/${moveId}/accept`);
  await expectHeading(page, 'This move has already been accepted');
  await checkAxe(page, 'already accepted');
  await page.assertClean(['Failed to load resource']);
});

test('a move without a person is not offered Start: core\'s reason is shown instead', async () => {
  const base = env.sandbox.url;
  const date = londonDate(26);
  // An allocation's move, accepted before anyone was put on it.
  const allocationId = await createAllocation(base, { date, count: 1 });
  const allocation = await api(base, 'GET', `/api/allocations/${allocationId}?include=moves`);
  const moveId = allocation.body.data.relationships.moves.data[0].id;
  await act(base, moveId, 'accept', 'accepts', 5);
  const booked = await getMove(base, moveId);
  assert.equal(booked.attributes.status, 'booked');
  assert.equal(booked.relationships.profile.data, null);

  const page = await newPage(env.browser);
  await signIn(page, base, { role: 'supplier', name: 'A Supplier' });
  await page.goto(`${base}/moves?date=${date}`);
  const row = page.locator(`tr[data-move="${moveId}"]`);
  await row.waitFor();
  const links = await row.locator('td a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, [`/moves/${moveId}/cancel`], 'Start is not offered');
  assert.match(await row.locator('[data-unavailable="start"]').innerText(),
    /^Start: not available\. A move can start once a person is on it\.$/);
  await checkAxe(page, 'moves list with an action not available');

  await page.goto(`${base}/moves/${moveId}`);
  await expectHeading(page, `Move ${booked.attributes.reference}`);
  assert.equal(await page.locator('main a[data-action="start"]').count(), 0);
  assert.equal(await page.locator('main a[data-action="cancel"]').count(), 1);
  assert.equal((await page.locator('main [data-unavailable="start"]').innerText()).trim(),
    'Start is not available: A move can start once a person is on it.');
  await checkAxe(page, 'move page with an action not available');
  await shoot(page, '58-start-not-available');

  // Going to the form directly: the same reason, nothing to send.
  await page.goto(`${base}/moves/${moveId}/start`);
  await expectHeading(page, 'You cannot start this move');
  assert.match(await page.locator('main').innerText(), /A move can start once a person is on it\./);
  assert.equal(await page.locator('main form').count(), 0);
  await checkAxe(page, 'start page for a move without a person');
  assert.equal((await getMove(base, moveId)).attributes.status, 'booked', 'nothing was sent');
  await page.assertClean();
});
