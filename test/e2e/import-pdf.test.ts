// End to end: «Importa un PDF esistente». The clinic's own PDF (made here with pdf-lib, as its software would) is
// checked by the main process, shown, completed with the structured data, previewed, signed and published. A PDF
// that cannot be imported (encrypted-looking garbage) is refused with an Italian message before anything else.
// Screenshots: test-artifacts/e2e/import-<step>.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { testNow } from '../support/clock.js';
import { launchChromium } from '../support/browser.js';
import {
  assertAccessible,
  openApp,
  openNewReport,
  pdfShown,
  shoot,
  signedDocumentId,
  startReportE2e,
  reachStep,
  WAIT,
  waitForDocumentState,
  type ReportE2e,
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

/** A one-page report as a clinic's software prints it: standard font, not embedded, no signature. */
async function clinicPdf(path: string): Promise<void> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(testNow());
  doc.setModificationDate(testNow());
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  const lines = [
    'Poliambulatorio Sant’Ambrogio - Ambulatorio di cardiologia',
    'Paziente: ROSSI MARIO (RSSMRA80A01H501U)',
    'Visita cardiologica',
    'Esame obiettivo: toni validi, pause libere.',
    'Conclusioni: quadro nella norma.',
    'Dott.ssa Laura Bianchi',
  ];
  lines.forEach((text, i) => page.drawText(text.replace('’', "'"), { x: 50, y: 780 - i * 24, size: 12, font }));
  writeFileSync(path, await doc.save());
}

test('a file that is not a readable PDF is refused with an Italian message', async () => {
  const p = await openApp(browser, e2e.env.shell.url);
  await openNewReport(p);
  await p.getByRole('button', { name: /Importa un PDF esistente/ }).click();
  const bad = join(e2e.dir, 'non-un-pdf.pdf');
  writeFileSync(bad, 'questo non è un PDF');
  await p.getByLabel('File PDF del referto').setInputFiles(bad);
  const alert = p.getByRole('alert');
  await alert.waitFor(WAIT);
  assert.match((await alert.textContent()) ?? '', /PDF/);
  await shoot(p, 'import-0-rifiutato');
  await p.close();
});

test('an existing PDF is imported, completed with the structured data, signed and published', async () => {
  const p = await openApp(browser, e2e.env.shell.url);
  await openNewReport(p);
  await p.getByRole('button', { name: /Importa un PDF esistente/ }).click();
  await p.getByRole('heading', { name: 'Importa un PDF esistente' }).waitFor(WAIT);
  const file = join(e2e.dir, 'referto-cardiologia.pdf');
  await clinicPdf(file);
  await p.getByLabel('File PDF del referto').setInputFiles(file);
  await p.getByText(/PDF accettato: referto-cardiologia\.pdf, 1 pagina/).waitFor(WAIT);
  await pdfShown(p);
  await assertAccessible(p, 'import: file accepted');
  await shoot(p, 'import-1-pdf');
  await p.getByLabel('Che tipo di referto è?').selectOption('RSA');
  await p.getByRole('button', { name: 'Continua con i dati del referto' }).click();

  await reachStep(p, 1);
  await p.getByText(/PDF importato: referto-cardiologia\.pdf/).waitFor();
  await p.getByLabel('Codice fiscale', { exact: true }).fill('RSSMRA80A01H501U');
  await p.getByLabel('Cognome').fill('Rossi');
  await p.getByLabel('Nome', { exact: true }).fill('Mario');
  await shoot(p, 'import-2-paziente');
  await p.getByRole('button', { name: 'Avanti' }).click();
  await reachStep(p, 2);
  await p.getByLabel('Motivo della visita').fill('Controllo cardiologico');
  await p.getByLabel('Esame obiettivo').fill('Toni validi, pause libere.');
  const service = p.getByRole('combobox', { name: /Voce 1/ });
  await service.fill('visita');
  await p.getByRole('option').first().waitFor(WAIT);
  await service.press('ArrowDown');
  await service.press('Enter');
  await p.getByLabel('Referto', { exact: true }).fill('Visita cardiologica nella norma.');
  await p.getByLabel('Conclusioni').fill('Quadro nella norma.');
  await shoot(p, 'import-3-contenuto');
  await p.getByRole('button', { name: 'Avanti' }).click();
  await reachStep(p, 3);
  await p.getByRole('button', { name: 'Controlla e vedi l’anteprima' }).click();

  await reachStep(p, 4);
  await pdfShown(p);
  await assertAccessible(p, 'import preview');
  await shoot(p, 'import-4-anteprima');
  await p.getByRole('button', { name: 'Firma e pubblica' }).click();
  await p.getByLabel('Password del certificato di firma').fill(e2e.pki.password);
  const documentId = await signedDocumentId(p, () => p.getByRole('dialog').getByRole('button', { name: 'Firma', exact: true }).click());
  const doc = await waitForDocumentState(e2e.env.core.dispatch, documentId, 'published');
  assert.equal(doc.source, 'imported');
  await p.getByText('Pubblicato', { exact: true }).first().waitFor(WAIT);
  await shoot(p, 'import-5-pubblicato');
  assert.deepEqual(p.problems, []);
  await p.close();
});
