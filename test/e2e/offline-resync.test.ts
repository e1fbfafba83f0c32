// End to end: the gateway goes away and comes back. Documents written meanwhile wait as «Da inviare», go out by
// themselves when CART is back and end «Pubblicato»; the desktop notifications say when sending stopped, when the
// waiting documents have all gone out, and when a document is rejected — never with a patient's name or tax code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { OutboxE2e } from './outbox-stand-in.js';
import { documentsSuite, ARTIFACTS, openDocuments, startDocumentsE2e, publishSample, rowInState, shoot, WAIT, type TrackedPage } from './documents-stand-in.js';

let browser: Browser;
let e2e: OutboxE2e;
let page: TrackedPage;

documentsSuite(startDocumentsE2e, (s) => ({ e2e, page, browser } = s));

async function waitForNote(title: string): Promise<{ title: string; body: string }> {
  await page.waitForFunction((t) => (window as unknown as { __notes: Array<{ title: string }> }).__notes.some((n) => n.title === t), title, WAIT);
  return (await page.notes()).find((n) => n.title === title)!;
}

test('offline → online: documents queued while CART is unreachable go out by themselves, with a notification each way', async () => {
  const first = await publishSample(e2e, { tag: 'OFF-0', givenName: 'Mario', familyName: 'Rossi' });
  await openDocuments(page);
  await rowInState(page, first.documentId, 'published').waitFor(WAIT);

  await e2e.cart.close();
  const waiting = [
    await publishSample(e2e, { tag: 'OFF-1', givenName: 'Anna', familyName: 'Verdi', sample: 'SIGNED_LAB2.pdf' }),
    await publishSample(e2e, { tag: 'OFF-2', givenName: 'Luca', familyName: 'Neri', sample: 'SIGNED_RAD1.pdf' }),
  ];
  for (const d of waiting) await rowInState(page, d.documentId, 'queued').waitFor(WAIT);
  assert.equal(await page.getByTestId(`document-row-${waiting[0]!.documentId}`).locator('[data-state]').first().textContent(), 'Da inviare');
  await page
    .getByTestId('outbox-status-text')
    .filter({ hasText: /^Non in linea — 2 documenti in attesa$/ })
    .waitFor(WAIT);
  const stopped = await waitForNote('Invii sospesi');
  assert.equal(stopped.body, 'CART non raggiungibile, 2 documenti in attesa: partiranno da soli al ritorno della linea');
  await shoot(page, 'offline-waiting');

  await e2e.restartCart();
  for (const d of waiting) await rowInState(page, d.documentId, 'published').waitFor(WAIT);
  const resumed = await waitForNote('Invii completati');
  assert.equal(resumed.body, 'Tutti i documenti in attesa sono stati inviati: aprire FSE Desk');
  await page
    .getByTestId('outbox-status-text')
    .filter({ hasText: /^In linea$/ })
    .waitFor(WAIT);
  await shoot(page, 'offline-resynced');
  for (const n of await page.notes()) for (const d of [first, ...waiting]) assert.ok(!`${n.title} ${n.body}`.includes(d.patientCf));
});

test('a rejected document is notified without the patient\u2019s name or tax code', async () => {
  e2e.cart.addFault({ fault: { kind: 'problem', status: 400, type: '/msg/cda-element' }, operation: 'validateAndCreate' });
  const refused = await publishSample(e2e, { tag: 'OFF-REJ', givenName: 'Paola', familyName: 'Bruni', sample: 'SIGNED_RSA1.pdf' });
  await rowInState(page, refused.documentId, 'rejected').waitFor(WAIT);
  const note = await waitForNote('Documento rifiutato');
  assert.equal(note.body, '1 documento rifiutato: aprire FSE Desk');
  assert.doesNotMatch(`${note.title} ${note.body}`, /Bruni|Paola/);
  assert.ok(!note.body.includes(refused.patientCf));
  assert.deepEqual(page.problems, []);
});

test('in the browser shell the app asks once, politely, before any notification; «Non ora» is remembered', async () => {
  // A fresh browser profile where notifications were never granted.
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const p = await ctx.newPage();
    await p.goto(e2e.env.shell.url);
    const prompt = p.getByRole('region', { name: 'Notifiche sul desktop' });
    await prompt.getByRole('button', { name: 'Attiva le notifiche' }).waitFor(WAIT);
    await p.screenshot({ path: `${ARTIFACTS}/offline-notification-prompt.png` });
    await prompt.getByRole('button', { name: 'Non ora' }).click();
    await prompt.waitFor({ state: 'detached' });
    await p.reload();
    await p.getByRole('navigation', { name: 'Sezioni' }).waitFor();
    assert.equal(await p.getByRole('region', { name: 'Notifiche sul desktop' }).count(), 0);
  } finally {
    await ctx.close();
  }
});
