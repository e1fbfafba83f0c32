// End to end: «Sostituisci» from a document's page through the same form, preview and signature as a new report,
// against the stand-in gateway: the old version ends «Sostituito dalla versione 2», the new one «Pubblicato», and
// «Documenti» never shows the replaced version as published.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyReportForm, type ReportForm } from '../../contract/report-form.js';
import type { Channel, RequestOf, ResponseOf } from '../../contract/api.js';
import { testNow } from '../support/clock.js';
import { documentsSuite, axeProblems, openDocuments, rowInState, shoot, WAIT, type TrackedPage } from './documents-stand-in.js';
import { pdfShown, reachStep, signedDocumentId, startReportE2e, waitForDocumentState, type ReportE2e } from './report-stand-in.js';

let e2e: ReportE2e;
let page: TrackedPage;

documentsSuite(startReportE2e, (s) => ({ e2e, page } = s));

/** A channel's answer, typed as the contract says (the core's dispatch answers unknown). */
async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = await e2e.env.core.dispatch(channel, request);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as ResponseOf<C>;
}

/** A visit report written and signed through report authoring's channels (the form the «Nuovo referto» screen fills). */
async function publishVisit(): Promise<number> {
  const profile = await call('profile:get', undefined);
  const [service] = await call('terminology:search', { system: 'icd9cm', text: 'visita' });
  const form: ReportForm = emptyReportForm('RSA', profile ?? undefined, testNow());
  form.patient = { ...form.patient, fiscalCode: 'RSSMRA80A01H501U', givenName: 'Mario', familyName: 'Rossi', birthDate: '1980-01-01', sex: 'M' };
  form.rsa = {
    reason: 'Dolore toracico da sforzo',
    history: 'Iperteso in terapia.',
    examination: 'Toni validi, pause libere.',
    services: [{ code: service!.code, description: service!.display }],
    findings: 'Elettrocardiogramma: ritmo sinusale.',
    conclusions: 'Quadro nella norma.',
    suggestions: '',
  };
  const preview = await call('reports:preview', { form });
  if (!preview.ready) throw new Error(`not ready: ${JSON.stringify(preview.problems)}`);
  const signed = await call('reports:sign', { previewId: preview.previewId, password: e2e.pki.password });
  await waitForDocumentState(e2e.env.core.dispatch, signed.documentId, 'published');
  return signed.documentId;
}

const pageAction = (name: string) =>
  page.getByTestId('document-page').getByRole('group', { name: 'Azioni sul documento' }).getByRole('button', { name, exact: true });

test('«Sostituisci» writes a new version through the same form, preview and signature; the old one ends «Sostituito»', async () => {
  const v1 = await publishVisit();
  await openDocuments(page);
  await rowInState(page, v1, 'published').waitFor(WAIT);
  await page.getByTestId(`document-row-${v1}`).getByRole('button', { name: 'Rossi Mario' }).click();
  await page.locator('[data-testid="document-page"][data-state="published"]').waitFor(WAIT);
  await pageAction('Sostituisci').click();

  // The form opens on the stored report, patient included, as a new version.
  await page.getByRole('heading', { name: /^Nuova versione — Visita specialistica/, level: 1 }).waitFor(WAIT);
  await page.getByText(/Sostituisce la versione 1 del referto di Rossi Mario/).waitFor();
  assert.equal(await page.getByLabel('Codice fiscale', { exact: true }).inputValue(), 'RSSMRA80A01H501U');
  await shoot(page, 'replace-1-form');
  await page.getByRole('button', { name: 'Avanti' }).click();
  await reachStep(page, 2);
  assert.equal(await page.getByLabel('Conclusioni').inputValue(), 'Quadro nella norma.');
  await page.getByLabel('Conclusioni').fill('Quadro nella norma. Controllo tra un anno.');
  await page.getByRole('button', { name: 'Avanti' }).click();
  await reachStep(page, 3);
  await page.getByRole('button', { name: /^(Avanti|Controlla e vedi l’anteprima)$/ }).click();
  await reachStep(page, 4);
  await pdfShown(page);
  await shoot(page, 'replace-2-preview');
  await page.getByRole('button', { name: 'Firma e pubblica' }).click();
  const dialog = page.getByRole('dialog', { name: 'Firma del referto' });
  await page.getByLabel('Password del certificato di firma').fill(e2e.pki.password);
  const v2 = await signedDocumentId(page, () => dialog.getByRole('button', { name: 'Firma', exact: true }).click());
  assert.notEqual(v2, v1);

  // The guide ends on the new version's page, which follows the state live.
  await page.locator('[data-testid="document-page"][data-state="published"]').waitFor({ timeout: 60_000 });
  await page.getByTestId('document-versions').waitFor();
  assert.deepEqual(await axeProblems(page), []);
  await shoot(page, 'replace-3-new-version');

  await openDocuments(page);
  await rowInState(page, v2, 'published').waitFor(WAIT);
  await rowInState(page, v1, 'replaced').waitFor(WAIT);
  const oldRow = page.getByTestId(`document-row-${v1}`);
  assert.equal(await oldRow.locator('[data-state]').first().textContent(), 'Sostituito dalla versione 2');
  assert.equal(await oldRow.getByText('Pubblicato').count(), 0);
  await shoot(page, 'replace-4-list');

  // The old version's page says so, leads to the new one, and offers no action any more.
  await oldRow.getByRole('button', { name: 'Rossi Mario' }).click();
  await page.getByTestId('replaced-notice').waitFor(WAIT);
  for (const name of ['Sostituisci', 'Elimina', 'Aggiorna metadati']) assert.equal(await pageAction(name).count(), 0, name);
  await shoot(page, 'replace-5-old-version');
  await page.getByTestId('replaced-notice').getByRole('button', { name: 'Apri la versione 2' }).click();
  await page.locator(`[data-testid="document-page"][data-state="published"]`).waitFor(WAIT);
  assert.deepEqual(page.problems, []);
});
