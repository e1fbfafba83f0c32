// Electron-only: the clinic's daily job in the real app (issue 10), for release machines where the Electron
// binary is installed; skipped here with one line saying why. The clinic is set up through the real bridge as
// the guide would (mode, profile pointed at the stand-in gateway, certificates chosen with the native dialog,
// a doctor, an operator, the test call); then a receptionist writes a specialist visit, previews and signs it,
// sees it «Pubblicato», replaces it with a new version, updates its metadata, deletes it with a reason and sees
// it «Eliminato».
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { electronBinary } from '../support/electron.js';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startTestCart } from '../support/test-cart.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';

const binary = electronBinary();
const skip = binary ? false : 'Electron binary not installed (npm could not download it on this machine): Electron-only daily-job suite skipped';
if (skip) console.log(`# ${skip}`);

const WAIT = { timeout: 60_000 };
type Answer = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

async function invoke(page: Page, channel: string, request: unknown): Promise<Answer> {
  await page.waitForFunction(() => 'fseDesk' in window);
  return page.evaluate(([c, r]) => (window as unknown as { fseDesk: { invoke(c: string, r: unknown): Promise<Answer> } }).fseDesk.invoke(c as string, r), [
    channel,
    request,
  ] as const);
}

async function must(page: Page, channel: string, request: unknown): Promise<unknown> {
  const r = await invoke(page, channel, request);
  assert.equal(r.ok, true, `${channel}: ${JSON.stringify(r.error)}`);
  return r.value;
}

test('a specialist visit is written, signed, published, replaced, updated and deleted in the Electron app', { skip }, async () => {
  const { _electron } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'fse-desk-electron-daily-'));
  const { pki, cart } = await startTestCart(dir);
  const userData = join(dir, 'user-data');
  const app = await _electron.launch({ executablePath: binary!, args: ['.', `--user-data-dir=${userData}`] });
  try {
    let page = await app.firstWindow();
    await page.getByRole('heading', { name: 'Configurazione guidata' }).waitFor(WAIT);
    // 1. Real use (the page reloads on the other data folder).
    await must(page, 'setup:choose-mode', { mode: 'real' });
    page = await app.firstWindow();
    await page.waitForLoadState();
    // 2. The clinic, pointed at the stand-in (its CA is the server CA under «Avanzate»).
    const profile = { ...VALID_TEST_PROFILE, environment: 'custom', baseUrl: cart.url, trustedCaFile: cart.caFile, outbox: { firstStatusCheckSeconds: 1 } };
    await must(page, 'profile:save', { profile });
    // 3. The certificates, chosen with the native dialog (stubbed in the main process, where it runs).
    for (const [role, file] of [
      ['auth', pki.authP12],
      ['signature', pki.signatureP12],
      ['documentSigner', pki.signerP12],
    ] as const) {
      await app.evaluate(({ dialog }, path) => {
        (dialog as { showOpenDialog: unknown }).showOpenDialog = async () => ({ canceled: false, filePaths: [path] });
      }, file);
      const chosen = (await must(page, 'certificates:choose-file', { role })) as { file: { handle: string } };
      await must(page, 'certificates:import', { role, handle: chosen.file.handle, password: pki.password });
    }
    // 4. A doctor and the operator on duty.
    await must(page, 'people:save-doctor', {
      doctor: { fiscalCode: 'BNCLRA70A41D612F', givenName: 'Laura', familyName: 'Bianchi', title: 'Dott.ssa', discipline: 'AD_PSC008', phone: '055 123456' },
    });
    await must(page, 'people:save-operator', { operator: { fiscalCode: 'MNTMRA03M71C615V', givenName: 'Maria', familyName: 'Monti', role: 'AAS' } });
    await must(page, 'session:set-operator', { fiscalCode: 'MNTMRA03M71C615V' });
    // 5. The test call.
    const call = (await must(page, 'setup:test-call', undefined)) as { ok: boolean };
    assert.equal(call.ok, true, JSON.stringify(call));

    // The setup is complete: the normal screens.
    await page.reload();
    const nav = page.getByRole('navigation', { name: 'Sezioni' });
    await nav.waitFor(WAIT);
    await nav.getByRole('button', { name: 'Nuovo referto' }).click();
    await page.getByRole('button', { name: /Visita specialistica/ }).click();
    const step = (n: number) => page.getByRole('heading', { name: new RegExp(`^Passo ${n} di 4`) }).waitFor(WAIT);
    const next = () => page.getByRole('button', { name: /^(Avanti|Controlla e vedi l’anteprima)$/ }).click();
    await step(1);
    await page.getByLabel('Codice fiscale', { exact: true }).fill('RSSMRA80A01H501U');
    await page.getByLabel('Cognome').fill('Rossi');
    await page.getByLabel('Nome', { exact: true }).fill('Mario');
    await next();
    await step(2);
    const box = page.getByRole('combobox', { name: /Voce 1/ });
    await box.fill('visita');
    await page.getByRole('option').first().waitFor(WAIT);
    await box.press('ArrowDown');
    await box.press('Enter');
    await page.getByLabel('Referto', { exact: true }).fill('Nessuna alterazione.');
    await next();
    await step(3);
    await next();
    await step(4);
    // The preview is drawn by pdf.js in the packaged app's CSP (its worker from app://).
    await page.locator('.pdf-view[data-pdf-state="shown"] canvas.pdf-page').first().waitFor(WAIT);
    await page.getByRole('button', { name: 'Firma e pubblica' }).click();
    const dialog = page.getByRole('dialog', { name: 'Firma del referto' });
    await page.getByLabel('Password del certificato di firma').fill(pki.password);
    await dialog.getByRole('button', { name: 'Firma', exact: true }).click();
    const docPage = page.getByTestId('document-page');
    await page.locator('[data-testid="document-page"][data-state="published"]').waitFor(WAIT);
    mkdirSync('test-artifacts/e2e-electron', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/e2e-electron/report-published.png' });

    const actions = docPage.getByRole('group', { name: 'Azioni sul documento' });
    // «Sostituisci»: the same form on the stored report, a new version signed; the old one ends «Sostituito».
    await actions.getByRole('button', { name: 'Sostituisci', exact: true }).click();
    await page.getByRole('heading', { name: /^Nuova versione — Visita specialistica/, level: 1 }).waitFor(WAIT);
    await next();
    await step(2);
    await page.getByLabel('Conclusioni').fill('Controllo tra un anno.');
    await next();
    await step(3);
    await next();
    await step(4);
    await page.getByRole('button', { name: 'Firma e pubblica' }).click();
    await page.getByLabel('Password del certificato di firma').fill(pki.password);
    await dialog.getByRole('button', { name: 'Firma', exact: true }).click();
    await page.locator('[data-testid="document-page"][data-state="published"]').waitFor(WAIT);
    await page
      .getByTestId('document-versions')
      .getByText(/Versione 1 .*— Sostituito/)
      .waitFor(WAIT);

    // «Aggiorna metadati» on the new version: a coded value picked from a list; the document stays published.
    await actions.getByRole('button', { name: 'Aggiorna metadati', exact: true }).click();
    const meta = page.getByTestId('metadata-dialog');
    const select = meta.locator('select').first();
    const current = await select.inputValue();
    const values = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await select.selectOption(values.find((v) => v !== '' && v !== current)!);
    await meta.getByRole('button', { name: 'Aggiorna i metadati' }).click();
    await meta.waitFor({ state: 'hidden', ...WAIT });
    await page.locator('[data-testid="document-page"][data-state="published"]').waitFor(WAIT);

    // «Elimina» with a reason: the document ends «Eliminato», never again «Pubblicato».

    await actions.getByRole('button', { name: 'Elimina', exact: true }).click();
    const del = page.getByTestId('delete-dialog');
    await del.getByLabel('Contenuto errato').check();
    await del.getByRole('button', { name: 'Elimina il documento' }).click();
    await page.locator('[data-testid="document-page"][data-state="deleted"]').waitFor(WAIT);
    assert.equal(await docPage.getByText(/Pubblicato/).count(), 0);
    await page.screenshot({ path: 'test-artifacts/e2e-electron/report-deleted.png' });
  } finally {
    await app.close();
    await cart.close();
  }
});
