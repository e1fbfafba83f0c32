// End to end: a document's actions from its page — «Aggiorna metadati», «Elimina» (and the wrong-patient flow) —
// each ending in the right state in «Documenti», against the stand-in gateway; «Sostituisci» is in
// documents-replace.test.ts. «Documenti» never shows a deleted version as published.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { OutboxE2e } from './outbox-stand-in.js';
import {
  documentsSuite,
  axeProblems,
  libraryOf,
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

documentsSuite(startDocumentsE2e, (s) => ({ e2e, page } = s));

/** Publishes a document and opens its page once «Pubblicato». */
async function publishedAndOpen(o: Parameters<typeof publishSample>[1]): Promise<Published> {
  const d = await publishSample(e2e, o);
  await openDocuments(page);
  await rowInState(page, d.documentId, 'published').waitFor(WAIT);
  await page
    .getByTestId(`document-row-${d.documentId}`)
    .getByRole('button', { name: `${o.familyName} ${o.givenName}` })
    .click();
  await page.locator('[data-testid="document-page"][data-state="published"]').waitFor(WAIT);
  return d;
}

/** The dialog closes once its request is queued; if it stays, the test says what it showed. */
async function closed(dialog: Locator): Promise<void> {
  await dialog.waitFor({ state: 'detached', timeout: 10_000 }).catch(async () => {
    throw new Error(`the dialog stayed open: ${(await dialog.textContent()) ?? ''}`);
  });
}

const pageAction = (name: string) =>
  page.getByTestId('document-page').getByRole('group', { name: 'Azioni sul documento' }).getByRole('button', { name, exact: true });

test('«Aggiorna metadati» offers the gateway\u2019s fields with coded values from lists, and the update is confirmed', async () => {
  const d = await publishedAndOpen({ tag: 'ACT-META', givenName: 'Mario', familyName: 'Rossi' });
  await pageAction('Aggiorna metadati').click();
  const dialog = page.getByTestId('metadata-dialog');
  await dialog.getByRole('heading', { name: 'Aggiorna i metadati del documento' }).waitFor();
  const select = dialog.locator('select').first();
  await select.waitFor();
  // Coded values are chosen from a list of Italian labels, never typed.
  const options = await select.locator('option').allTextContents();
  assert.ok(options.length > 2, `options: ${options.join(' | ')}`);
  // Another regime than the one the document was sent with.
  const current = await select.inputValue();
  const values = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  await select.selectOption(values.find((v) => v !== '' && v !== current)!);
  assert.deepEqual(await axeProblems(page), []);
  await shoot(page, 'metadata-dialog');
  await dialog.getByRole('button', { name: 'Aggiorna i metadati' }).click();
  await closed(dialog);
  // The operation appears in the history and is confirmed by the stand-in; the document stays published.
  const ops = page.getByTestId('document-operations');
  const op = ops.locator('[data-testid="job-detail"]').filter({ has: page.getByRole('heading', { name: /Aggiornamento metadati/ }) });
  await op.locator('[data-state="accepted"], [data-state="confirmed"]').first().waitFor(WAIT);
  await page.locator('[data-testid="document-page"][data-state="published"]').waitFor(WAIT);
  assert.ok(
    libraryOf(e2e)
      .get(d.documentId)!
      .operations.some((o) => o.kind === 'updateMetadata'),
  );
  await shoot(page, 'metadata-done');
  assert.deepEqual(page.problems, []);
});

test('«Elimina» asks the reason, and the document ends «Eliminato», never again «Pubblicato», with no action left', async () => {
  const d = await publishedAndOpen({ tag: 'ACT-DEL', sample: 'SIGNED_RSA1.pdf', givenName: 'Anna', familyName: 'Verdi' });
  await pageAction('Elimina').click();
  const dialog = page.getByTestId('delete-dialog');
  await dialog.getByRole('heading', { name: 'Eliminare il documento dal Fascicolo?' }).waitFor();
  const confirm = dialog.getByRole('button', { name: 'Elimina il documento' });
  assert.equal(await confirm.isDisabled(), true, 'no reason, no delete');
  await dialog.getByLabel('Contenuto errato').check();
  await dialog.getByLabel(/^Nota/).fill('Referto di un altro esame');
  assert.deepEqual(await axeProblems(page), []);
  await shoot(page, 'delete-dialog');
  await confirm.click();
  await closed(dialog);
  await page.locator('[data-testid="document-page"][data-state="deleted"]').waitFor(WAIT);
  for (const name of ['Sostituisci', 'Elimina', 'Aggiorna metadati']) assert.equal(await pageAction(name).count(), 0, name);
  // Nowhere on its page, not even in the history of its operations, is a deleted document called published.
  await page.getByTestId('document-operations').getByText('Pubblicazione confermata').waitFor(WAIT);
  assert.equal(
    await page
      .getByTestId('document-page')
      .getByText(/Pubblicato/)
      .count(),
    0,
  );
  await shoot(page, 'delete-done');
  await openDocuments(page);
  await rowInState(page, d.documentId, 'deleted').waitFor(WAIT);
  assert.equal(await page.getByTestId(`document-row-${d.documentId}`).locator('[data-state]').first().textContent(), 'Eliminato');
  assert.equal(await page.getByTestId(`document-row-${d.documentId}`).getByText('Pubblicato').count(), 0);
  await shoot(page, 'delete-list');
});

test('wrong patient: the delete is queued and «Nuovo referto» opens with the same content and the patient empty', async () => {
  const d = await publishedAndOpen({ tag: 'ACT-WRONG', sample: 'SIGNED_RAD1.pdf', givenName: 'Luca', familyName: 'Neri' });
  await pageAction('Elimina').click();
  const dialog = page.getByTestId('delete-dialog');
  await dialog.getByLabel('Paziente sbagliato').check();
  await dialog.getByTestId('wrong-patient-help').waitFor();
  await shoot(page, 'delete-wrong-patient-dialog');
  await dialog.getByRole('button', { name: 'Elimina e prepara il referto corretto' }).click();
  await page.getByRole('heading', { name: /Nuovo referto — Referto di radiologia/, level: 1 }).waitFor(WAIT);
  await page.getByText(/Stesso contenuto del referto pubblicato per errore a Neri Luca/).waitFor();
  assert.equal(await page.getByLabel('Codice fiscale', { exact: true }).inputValue(), '', 'the patient is to be chosen again');
  await shoot(page, 'delete-wrong-patient-form');
  // Meanwhile the delete went through.
  await openDocuments(page);
  await rowInState(page, d.documentId, 'deleted').waitFor(WAIT);
});
