// End to end: «Documenti» and a document's page in Chromium, through the browser shell, with the real outbox runner
// publishing to the stand-in CART gateway over mutual TLS. Documents are signed reference samples enqueued on the
// core and recorded in the document library as report authoring records them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutboxE2e } from './outbox-stand-in.js';
import {
  documentsSuite,
  axeProblems,
  openDocuments,
  startDocumentsE2e,
  publishSample,
  rowInState,
  shoot,
  WAIT,
  type Published,
  type TrackedPage,
} from './documents-stand-in.js';

let e2e: OutboxE2e;
let page: TrackedPage;
let rossi: Published;
let verdi: Published;
let neri: Published;

documentsSuite(startDocumentsE2e, (s) => ({ e2e, page } = s));

const table = () => page.getByTestId('documents-table');
const search = () => page.getByRole('search', { name: 'Cerca documenti' });

test('with no document yet «Documenti» says so and leads to «Nuovo referto»', async () => {
  await openDocuments(page);
  const empty = page.getByTestId('documents-empty');
  await empty.waitFor(WAIT);
  await empty.getByRole('button', { name: 'Nuovo referto' }).waitFor();
  assert.deepEqual(await axeProblems(page), []);
  await shoot(page, 'documents-empty');
});

test('published documents are listed with patient (tax code masked), type, doctor, service date and «Pubblicato»', async () => {
  rossi = await publishSample(e2e, { tag: 'LIST-RSA', sample: 'SIGNED_RSA1.pdf', givenName: 'Mario', familyName: 'Rossi', serviceDate: '2026-11-20' });
  verdi = await publishSample(e2e, { tag: 'LIST-LAB', sample: 'SIGNED_LAB2.pdf', givenName: 'Anna', familyName: 'Verdi', serviceDate: '2026-11-10' });
  neri = await publishSample(e2e, {
    tag: 'LIST-RAD',
    sample: 'SIGNED_RAD1.pdf',
    givenName: 'Luca',
    familyName: 'Neri',
    serviceDate: '2026-10-02',
    doctorName: 'Dott.ssa Carla Gialli',
  });
  for (const d of [rossi, verdi, neri]) await rowInState(page, d.documentId, 'published').waitFor(WAIT);
  const row = page.getByTestId(`document-row-${verdi.documentId}`);
  assert.equal(await row.locator('[data-state="published"]').textContent(), 'Pubblicato');
  const text = (await row.textContent()) ?? '';
  assert.match(text, /Verdi Anna/);
  assert.match(text, /Referto di laboratorio/);
  assert.match(text, /Dott\. Giovanni Bianchi/);
  assert.match(text, /10 novembre 2026/);
  // The list shows the tax code masked: the birth date and place never appear.
  assert.match(text, new RegExp(`${verdi.patientCf.slice(0, 6)}\\*{9}${verdi.patientCf.slice(15)}`));
  assert.ok(!(await table().textContent())!.includes(verdi.patientCf));
  await page.getByTestId('documents-count').filter({ hasText: '3 documenti' }).waitFor();
  assert.deepEqual(await axeProblems(page), []);
  await shoot(page, 'documents-list');
});

test('the search finds documents by patient name, tax code, type, service dates and state', async () => {
  const rows = () => table().locator('tbody tr');
  const expectRows = async (ids: number[]) => {
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="documents-table"] tbody tr').length === n, ids.length, WAIT);
    for (const id of ids) await page.getByTestId(`document-row-${id}`).waitFor();
  };
  await search().getByLabel('Paziente o codice fiscale').fill('verdi');
  await expectRows([verdi.documentId]);
  await search().getByLabel('Paziente o codice fiscale').fill(neri.patientCf.slice(0, 9).toLowerCase());
  await page.getByTestId(`document-row-${neri.documentId}`).waitFor(WAIT);
  await search().getByRole('button', { name: 'Azzera filtri' }).click();
  await expectRows([rossi.documentId, verdi.documentId, neri.documentId]);

  await search().getByLabel('Tipo').selectOption('RAD');
  await expectRows([neri.documentId]);
  await search().getByLabel('Tipo').selectOption('');
  await search().getByLabel('Prestazione dal').fill('2026-11-01');
  await search().getByLabel('al', { exact: true }).fill('2026-11-15');
  await expectRows([verdi.documentId]);
  await shoot(page, 'documents-search');
  await search().getByRole('button', { name: 'Azzera filtri' }).click();

  await search().getByLabel('Stato').selectOption('rejected');
  await page.getByTestId('documents-none-found').waitFor(WAIT);
  assert.equal(await rows().count(), 0);
  await search().getByRole('button', { name: 'Azzera filtri' }).click();
  await expectRows([rossi.documentId, verdi.documentId, neri.documentId]);
});

test('a document refused by the gateway shows «Rifiutato», why, and the one action that fixes it', async () => {
  e2e.cart.addFault({ fault: { kind: 'problem', status: 400, type: '/msg/cda-element' }, operation: 'validateAndCreate' });
  const refused = await publishSample(e2e, { tag: 'LIST-REJ', sample: 'SIGNED_RSA1.pdf', givenName: 'Paola', familyName: 'Bruni', serviceDate: '2026-11-21' });
  await rowInState(page, refused.documentId, 'rejected').waitFor(WAIT);
  const row = page.getByTestId(`document-row-${refused.documentId}`);
  assert.equal(await row.locator('[data-state="rejected"]').textContent(), 'Rifiutato');
  assert.ok(((await row.locator('.why').textContent()) ?? '').length > 5, 'the reason is shown');
  const fix = row.getByTestId('rejection-fix');
  assert.equal(await fix.textContent(), 'Correggi e invia di nuovo');
  assert.deepEqual(await axeProblems(page), []);
  await shoot(page, 'documents-rejected');
  // The same reason and action on its page.
  await row.getByRole('button', { name: 'Bruni Paola' }).click();
  await page.getByTestId('document-rejection').getByRole('button', { name: 'Correggi e invia di nuovo' }).waitFor();
  // A refused document is not on the FSE: nothing to replace, delete or update.
  for (const name of ['Sostituisci', 'Elimina', 'Aggiorna metadati']) assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, name);
  await page.getByTestId('document-rejection').getByRole('button', { name: 'Correggi e invia di nuovo' }).click();
  // The form opens on the refused report, patient included, to fix and sign again.
  await page.getByRole('heading', { name: /^Nuovo referto — Visita specialistica/, level: 1 }).waitFor(WAIT);
  await page.getByText(/Correzione del referto di Bruni Paola rifiutato da CART/).waitFor();
  assert.equal(await page.getByLabel('Codice fiscale', { exact: true }).inputValue(), refused.patientCf);
  await shoot(page, 'documents-rejected-correct');

  // Once the correction is sent, the refused document points to it and offers no fix any more.
  const fixed = await publishSample(e2e, {
    tag: 'LIST-REJ-FIX',
    sample: 'SIGNED_RSA1.pdf',
    givenName: 'Paola',
    familyName: 'Bruni',
    serviceDate: '2026-11-21',
    correctsDocumentId: refused.documentId,
  });
  await openDocuments(page);
  const corrected = page.getByTestId(`document-row-${refused.documentId}`).getByTestId('rejection-corrected');
  await corrected.waitFor(WAIT);
  assert.equal(await page.getByTestId(`document-row-${refused.documentId}`).getByTestId('rejection-fix').count(), 0);
  await shoot(page, 'documents-rejected-corrected');
  await corrected.click();
  await page.locator(`[data-testid="document-page"]`).waitFor(WAIT);
  await page.getByRole('heading', { name: 'Visita specialistica — Bruni Paola', level: 1 }).waitFor();
  assert.equal(await page.getByTestId('document-rejection').count(), 0, `the correction's page (document ${fixed.documentId})`);
});

test('a document\u2019s page shows who and what, the signed PDF, its operations with the X-CART-id, and the actions allowed', async () => {
  await openDocuments(page);
  await page.getByTestId(`document-row-${rossi.documentId}`).getByRole('button', { name: 'Rossi Mario' }).click();
  const doc = page.getByTestId('document-page');
  await doc.waitFor();
  await page.getByRole('heading', { name: 'Visita specialistica — Rossi Mario', level: 1 }).waitFor();
  assert.ok(((await doc.locator('.document-facts').textContent()) ?? '').includes(rossi.patientCf), 'the page shows the whole tax code');
  await doc.locator('.pdf-view[data-pdf-state="shown"]').waitFor(WAIT);
  assert.ok((await doc.locator('canvas.pdf-page').count()) >= 1);
  const job = e2e.env.core.outbox.job(rossi.jobId)!;
  const ops = page.getByTestId('document-operations');
  await ops.getByTestId('job-xcartid').filter({ hasText: job.xCartId! }).waitFor(WAIT);
  await ops.getByText('workflowInstanceId').first().waitFor();
  for (const name of ['Sostituisci', 'Elimina', 'Aggiorna metadati', 'Apri il PDF', 'Salva il PDF'])
    await doc.getByRole('button', { name, exact: true }).waitFor();
  assert.deepEqual(await axeProblems(page), []);
  await shoot(page, 'documents-page');

  // «Salva il PDF»: the signed bytes, named after the report.
  const [download] = await Promise.all([page.waitForEvent('download'), doc.getByRole('button', { name: 'Salva il PDF' }).click()]);
  assert.match(download.suggestedFilename(), /^referto-RSA-.*\.pdf$/);
  // «Apri il PDF» in the shell has no system viewer: the browser gets the same download.
  const [opened] = await Promise.all([page.waitForEvent('download'), doc.getByRole('button', { name: 'Apri il PDF' }).click()]);
  assert.equal(opened.suggestedFilename(), download.suggestedFilename());
  assert.deepEqual(page.problems, []);
});

test('the list is paged: «N documenti», «Avanti» and «Indietro»', async () => {
  // 21 more (26 in all, with the refused one's correction) queued at once: the page size is 25.
  for (let i = 0; i < 21; i++) await publishSample(e2e, { tag: `PAGE-${i}`, givenName: `Nome${i}`, familyName: 'Paginato', serviceDate: '2026-09-01' });
  await openDocuments(page);
  await page.getByTestId('documents-count').filter({ hasText: '26 documenti' }).waitFor(WAIT);
  await page.getByTestId('documents-range').filter({ hasText: 'Documenti 1–25 di 26' }).waitFor();
  const pager = page.getByRole('navigation', { name: 'Pagine dei documenti' });
  assert.equal(await pager.getByRole('button', { name: 'Indietro' }).isDisabled(), true);
  await pager.getByRole('button', { name: 'Avanti' }).click();
  await page.getByTestId('documents-range').filter({ hasText: 'Documenti 26–26 di 26' }).waitFor(WAIT);
  assert.equal(await pager.getByRole('button', { name: 'Avanti' }).isDisabled(), true);
  await pager.getByRole('button', { name: 'Indietro' }).click();
  await page.getByTestId('documents-range').filter({ hasText: 'Documenti 1–25 di 26' }).waitFor(WAIT);
  await shoot(page, 'documents-paged');
});
