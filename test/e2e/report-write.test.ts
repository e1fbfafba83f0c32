// End to end: «Nuovo referto» in Chromium through the browser shell, with the real core signing in the main process
// and the outbox publishing to the stand-in CART gateway. RSA, LAB and RAD go from an empty form to «pubblicato»;
// a validation error is shown on its field and fixed; the RAD report is written with the keyboard alone; axe finds
// no serious or critical violation on any step. Screenshots: test-artifacts/e2e/report-{rsa,lab,rad}-<step>.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { formDateTime } from '../../contract/report-form.js';
import { launchChromium } from '../support/browser.js';
import { daysFrom } from '../support/clock.js';
import {
  assertAccessible,
  openApp,
  openNewReport,
  pdfShown,
  shoot,
  signedDocumentId,
  startReportE2e,
  reachStep,
  TEST_DOCTOR,
  WAIT,
  waitForDocumentState,
  type ReportE2e,
  type TrackedPage,
} from './report-stand-in.js';

let browser: Browser;
let e2e: ReportE2e;

before(async () => {
  e2e = await startReportE2e();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await e2e?.stop();
});

const next = (p: Page) => p.getByRole('button', { name: /^(Avanti|Controlla e vedi l’anteprima)$/ }).click();

/** Chooses an entry of a searchable list (ICD9-CM, LOINC) by typing words and picking the first match. */
async function pickTerm(p: Page, label: string | RegExp, words: string): Promise<string> {
  const box = p.getByRole('combobox', { name: label });
  await box.fill(words);
  const option = p.getByRole('option').first();
  await option.waitFor(WAIT);
  const text = (await option.textContent()) ?? '';
  await box.press('ArrowDown');
  await box.press('Enter');
  await p.getByRole('listbox').first().waitFor({ state: 'hidden' });
  return text;
}

/** The preview, checked and signed through the password dialog; answers the documentId. */
async function previewAndSign(p: TrackedPage, prefix: string, opts: { keep?: boolean } = {}): Promise<number> {
  await reachStep(p, 4);
  await pdfShown(p);
  assert.match((await p.getByTestId('signature-note').textContent()) ?? '', /Firmat[oa] digitalmente/);
  await assertAccessible(p, `${prefix} preview`);
  await shoot(p, `${prefix}-4-anteprima`);
  const sign = p.getByRole('button', { name: 'Firma e pubblica' });
  const dialog = p.getByRole('dialog', { name: 'Firma del referto' });
  await sign.click();
  if (await dialog.isVisible().catch(() => false)) {
    await p.getByLabel('Password del certificato di firma').fill(e2e.pki.password);
    if (opts.keep) await p.getByLabel(/Ricorda per questa sessione/).check();
    await assertAccessible(p, `${prefix} sign dialog`);
    await shoot(p, `${prefix}-5-firma`, { window: true });
    return signedDocumentId(p, () => dialog.getByRole('button', { name: 'Firma', exact: true }).click());
  }
  // The password was kept for the session: the first click signed already.
  throw new Error('expected the password dialog');
}

async function published(p: Page, documentId: number, prefix: string): Promise<void> {
  const doc = await waitForDocumentState(e2e.env.core.dispatch, documentId, 'published');
  assert.equal(doc.doctor.fiscalCode, TEST_DOCTOR.fiscalCode);
  // The guide ends on the document's page, with its live state.
  await p.getByText('Pubblicato', { exact: true }).first().waitFor(WAIT);
  await shoot(p, `${prefix}-6-pubblicato`);
}

test('an RSA report goes from an empty form to published, with a tax-code error shown on its field and fixed', async () => {
  const p = await openApp(browser, e2e.env.shell.url);
  await openNewReport(p);
  await assertAccessible(p, 'new report start');
  await shoot(p, 'report-rsa-0-scelta');
  await p.getByRole('button', { name: /Visita specialistica/ }).click();
  await reachStep(p, 1);

  // A typo in the check character: the form says it as typed, and the validation refuses the step on that field.
  const cf = p.getByLabel('Codice fiscale', { exact: true });
  await cf.fill('RSSMRA80A01H501X');
  await p.getByLabel('Cognome').fill('Rossi');
  await p.getByLabel('Nome', { exact: true }).fill('Mario');
  await next(p);
  await p.locator('[data-field-problems="patient.fiscalCode"]').waitFor(WAIT);
  assert.equal(await cf.getAttribute('aria-invalid'), 'true');
  assert.ok((await cf.getAttribute('aria-describedby'))?.includes('rf-patient-fiscalCode-problems'));
  assert.equal(await p.evaluate(() => document.activeElement?.id), 'rf-patient-fiscalCode');
  await reachStep(p, 1);
  await assertAccessible(p, 'RSA patient step with an error');
  await shoot(p, 'report-rsa-1-errore');

  await cf.fill('RSSMRA80A01H501U');
  await p.getByText(/Codice fiscale corretto: nato il 1 gennaio 1980/).waitFor(WAIT);
  assert.equal(await p.getByLabel('Data di nascita').inputValue(), '1980-01-01');
  await shoot(p, 'report-rsa-1-paziente');
  await next(p);

  await reachStep(p, 2);
  assert.equal(await p.locator('[data-field-problems="patient.fiscalCode"]').count(), 0);
  await p.getByLabel('Motivo della visita').fill('Dolore toracico da sforzo');
  await p.getByLabel('Anamnesi').fill('Iperteso in terapia. Non fumatore.');
  await p.getByLabel('Esame obiettivo').fill('Toni validi, pause libere. PA 135/85.');
  const service = await pickTerm(p, /Voce 1/, 'visita');
  assert.ok(service.length > 0);
  await p.getByLabel('Referto', { exact: true }).fill('Elettrocardiogramma: ritmo sinusale, nessuna alterazione della ripolarizzazione.');
  await p.getByLabel('Conclusioni').fill('Quadro nella norma.');
  await assertAccessible(p, 'RSA content step');
  await shoot(p, 'report-rsa-2-contenuto');
  await next(p);

  await reachStep(p, 3);
  // Dates default to now (Italian time): no «nel futuro» warning, whatever the computer's time zone.
  assert.equal(await p.getByText(/nel futuro/).count(), 0);
  assert.equal(await p.getByLabel('Medico refertante').inputValue(), e2e.doctorId);
  assert.equal(await p.getByLabel('Disciplina').inputValue(), TEST_DOCTOR.discipline);
  await assertAccessible(p, 'RSA doctor step');
  await shoot(p, 'report-rsa-3-medico');
  await next(p);

  const documentId = await previewAndSign(p, 'report-rsa');
  await published(p, documentId, 'report-rsa');
  assert.deepEqual(p.problems, []);
  await p.close();
});

test('a LAB report with a result chosen by name goes to published', async () => {
  const p = await openApp(browser, e2e.env.shell.url);
  await openNewReport(p);
  await p.getByRole('button', { name: /Referto di laboratorio/ }).click();
  await reachStep(p, 1);
  await p.getByLabel('Codice fiscale', { exact: true }).fill('VRDGNN75M55D612Z');
  await p.getByLabel('Cognome').fill('Verdi');
  await p.getByLabel('Nome', { exact: true }).fill('Giovanna');
  await shoot(p, 'report-lab-1-paziente');
  await next(p);

  await reachStep(p, 2);
  await pickTerm(p, /Esame \(cerca per nome/, 'glucosio');
  await p.getByLabel('Valore').fill('95');
  await p.getByLabel('Unità di misura').fill('mg/dL');
  await p.getByLabel('Rif. minimo').fill('70');
  await p.getByLabel('Rif. massimo').fill('100');
  await p.getByLabel('Fuori norma').selectOption('N');
  await p.getByLabel('Campione').selectOption('SER');
  await assertAccessible(p, 'LAB content step');
  await shoot(p, 'report-lab-2-contenuto');
  await next(p);

  await reachStep(p, 3);
  // A report dated in the future is a warning on its field, not an error.
  const reportDate = p.getByLabel('Data del referto');
  const today = await reportDate.inputValue();
  await reportDate.fill(formDateTime(daysFrom(3)));
  await p
    .locator('[data-field-problems="documentDate"]')
    .getByText(/nel futuro/)
    .waitFor(WAIT);
  assert.equal(await reportDate.getAttribute('aria-invalid'), 'false');
  await shoot(p, 'report-lab-3-data-futura');
  await reportDate.fill(today);
  await shoot(p, 'report-lab-3-medico');
  await next(p);
  const documentId = await previewAndSign(p, 'report-lab', { keep: true });
  await published(p, documentId, 'report-lab');
  assert.deepEqual(p.problems, []);
  await p.close();
});

/** Presses Tab until the focused element is the one named (label, aria-label or text). */
async function tabTo(p: Page, name: RegExp, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    const here = await p.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
      return `${el.getAttribute('aria-label') ?? ''}|${labelled}|${el.textContent ?? ''}`;
    });
    if (name.test(here)) return;
  }
  throw new Error(`could not reach ${name} with the Tab key`);
}

test('a RAD report is written, previewed and signed with the keyboard alone (password kept for the session)', async () => {
  const p = await openApp(browser, e2e.env.shell.url);
  await openNewReport(p);
  await tabTo(p, /Referto di radiologia/);
  await p.keyboard.press('Enter');
  await reachStep(p, 1);
  await tabTo(p, /\|Codice fiscale\|/);
  await p.keyboard.type('BRNLCU60C12D612T');
  await p.keyboard.press('Tab');
  await p.keyboard.type('Bruni');
  await p.keyboard.press('Tab');
  await p.keyboard.type('Luca');
  await shoot(p, 'report-rad-1-paziente');
  await p.keyboard.press('Enter'); // implicit submission: «Avanti»

  await reachStep(p, 2);
  await tabTo(p, /Quesito diagnostico/);
  await p.keyboard.type('Trauma distorsivo della caviglia destra');
  await tabTo(p, /Voce 1/);
  await p.keyboard.type('radiografia');
  await p.getByRole('option').first().waitFor(WAIT);
  await p.keyboard.press('ArrowDown');
  await p.keyboard.press('Enter');
  await tabTo(p, /\|Tecnica\|/);
  await p.keyboard.type('Radiografia in due proiezioni.');
  await tabTo(p, /\|Referto\|/);
  await p.keyboard.type('Non lesioni ossee traumatiche in atto.');
  await tabTo(p, /\|Conclusioni\|/);
  await p.keyboard.type('Negativo per fratture.');
  await assertAccessible(p, 'RAD content step');
  await shoot(p, 'report-rad-2-contenuto');
  await tabTo(p, /^\|\|Avanti$/);
  await p.keyboard.press('Enter');

  await reachStep(p, 3);
  await shoot(p, 'report-rad-3-medico');
  await tabTo(p, /Controlla e vedi l’anteprima/);
  await p.keyboard.press('Enter');

  await reachStep(p, 4);
  await pdfShown(p);
  await shoot(p, 'report-rad-4-anteprima');
  await tabTo(p, /Firma e pubblica/);
  // The LAB test kept the password for this session: signing asks nothing.
  const documentId = await signedDocumentId(p, () => p.keyboard.press('Enter'));
  await published(p, documentId, 'report-rad');
  assert.deepEqual(p.problems, []);
  await p.close();
});
