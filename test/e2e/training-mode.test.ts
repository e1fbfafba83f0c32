// End to end in Chromium: a fresh install completes the first-run guide in «Modalità prova», using the
// keyboard only — the stand-in gateway starts inside the app with a demo clinic, every screen says PROVA,
// and the test call answers with an X-CART-id. Screenshots: test-artifacts/e2e/training-<step>.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { ARTIFACTS, seriousViolations, startDeskShell, tabTo, type DeskShell } from './desk-shell.js';
import { openNewReport, reachStep, WAIT } from './report-stand-in.js';

let browser: Browser;
let env: DeskShell;

before(async () => {
  env = await startDeskShell();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await env?.stop();
});

async function noSeriousViolations(page: Page, where: string): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], `accessibility (${where})`);
}

test('a fresh install completes the guide in training mode with the keyboard only', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.shell.url);
  // A fresh install: the guide, not an alarm (no red status bar, no «Riprendi invii»).
  await page.getByRole('heading', { name: 'Configurazione guidata' }).waitFor();
  assert.equal(await page.getByTestId('outbox-status').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Riprendi invii' }).count(), 0);
  assert.equal(await page.getByTestId('setup-checklist').getByRole('button').count(), 5);
  await noSeriousViolations(page, 'mode step');
  await page.screenshot({ path: join(ARTIFACTS, 'training-mode.png'), fullPage: true });

  // 1. «Prova», chosen with Tab and Enter: the app starts the stand-in and the demo clinic, then reloads.
  await tabTo(page, page.getByTestId('mode-training'));
  await page.keyboard.press('Enter');
  await page.getByTestId('training-banner').waitFor({ timeout: 60_000 });
  await page.getByRole('heading', { name: 'Configurazione guidata' }).waitFor();
  const checklist = page.getByTestId('setup-checklist');
  for (const step of ['mode', 'profile', 'certificates']) {
    await checklist.locator(`[data-step="${step}"][data-done="true"]`).waitFor();
  }

  // «Chi sta lavorando?» at start (the demo clinic lists operators): answered with the keyboard too.
  const picker = page.getByTestId('operator-picker');
  await picker.waitFor({ timeout: 10_000 });
  await noSeriousViolations(page, 'operator picker');
  await page.screenshot({ path: join(ARTIFACTS, 'training-operator.png'), fullPage: true });
  const first = picker.getByRole('button').first();
  await tabTo(page, first, 10);
  await page.keyboard.press('Space');
  await picker.waitFor({ state: 'hidden' });
  await checklist.locator('[data-step="operators"][data-done="true"]').waitFor();

  // 4. The people step shows the demo doctors and operators.
  await tabTo(page, checklist.locator('[data-step="operators"]'));
  await page.keyboard.press('Enter');
  await page.getByTestId('setup-step-operators').waitFor();
  await page.getByRole('heading', { name: 'Operatori', exact: true }).waitFor();
  await noSeriousViolations(page, 'operators step');
  await page.screenshot({ path: join(ARTIFACTS, 'training-people.png'), fullPage: true });

  // 5. The test call, from the «Avanti» button.
  await tabTo(page, page.getByRole('button', { name: /^Avanti: Chiamata di prova/ }));
  await page.keyboard.press('Enter');
  await page.getByTestId('setup-step-test-call').waitFor();
  await tabTo(page, page.getByTestId('test-call-run'));
  await page.keyboard.press('Enter');
  const xCartId = page.getByTestId('test-call-xcartid');
  await xCartId.waitFor({ timeout: 30_000 });
  assert.match((await xCartId.textContent()) ?? '', /^[0-9a-f-]{36}$/);
  await checklist.locator('[data-step="test-call"][data-done="true"]').waitFor();
  await noSeriousViolations(page, 'test call step');
  await page.screenshot({ path: join(ARTIFACTS, 'training-test-call.png'), fullPage: true });

  // Done: «Inizia a lavorare» opens the normal screens, still marked PROVA.
  await tabTo(page, page.getByTestId('setup-finish'));
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: 'Sezioni' }).waitFor();
  assert.equal(await page.getByTestId('training-banner').count(), 1);
  assert.equal(await page.getByTestId('setup-guide').count(), 0);
  await noSeriousViolations(page, 'normal layout in training');
  await page.screenshot({ path: join(ARTIFACTS, 'training-layout.png'), fullPage: true });

  // The guide can be reopened from the sidebar, with every step done.
  await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: 'Configurazione guidata' }).click();
  await page.getByTestId('setup-guide').waitFor();
  assert.equal(await checklist.locator('[data-done="true"]').count(), 5);
  assert.deepEqual(errors, []);
  await context.close();
});

test('in training mode a report is written, signed with the demo password the dialog shows, and published', async () => {
  // Continues the installation the previous test set up in training mode (same data folder, same stand-in).
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.shell.url);
  await page.getByTestId('training-banner').waitFor(WAIT);
  const picker = page.getByTestId('operator-picker');
  if (await picker.isVisible().catch(() => false)) {
    await picker.getByRole('button').first().click();
    await picker.waitFor({ state: 'hidden' });
  }
  // The setup is complete: the app opens on the clinic's documents, the daily job.
  await page.getByRole('heading', { name: 'Documenti', level: 1 }).waitFor(WAIT);
  await openNewReport(page);
  await page.getByRole('button', { name: /Visita specialistica/ }).click();
  await reachStep(page, 1);
  await page.getByLabel('Codice fiscale', { exact: true }).fill('RSSMRA80A01H501U');
  await page.getByLabel('Cognome').fill('Rossi');
  await page.getByLabel('Nome', { exact: true }).fill('Mario');
  const next = () => page.getByRole('button', { name: /^(Avanti|Controlla e vedi l’anteprima)$/ }).click();
  await next();
  await reachStep(page, 2);
  const box = page.getByRole('combobox', { name: /Voce 1/ });
  await box.fill('visita');
  await page.getByRole('option').first().waitFor(WAIT);
  await box.press('ArrowDown');
  await box.press('Enter');
  await page.getByLabel('Referto', { exact: true }).fill('Esercitazione: nessuna alterazione.');
  await next();
  await reachStep(page, 3);
  // The demo clinic has two doctors: the report's doctor is chosen (the discipline follows).
  await page.getByLabel('Medico refertante').selectOption('rossi');
  await next();
  await reachStep(page, 4);
  await page.getByRole('button', { name: 'Firma e pubblica' }).click();
  const dialog = page.getByRole('dialog', { name: 'Firma del referto' });
  await dialog.waitFor(WAIT);
  // The demo certificate's password is shown (a test PKI made for training), so staff can practise signing.
  const shown = ((await page.getByTestId('training-password').locator('code').textContent()) ?? '').trim();
  assert.ok(shown.length > 0);
  await page.screenshot({ path: join(ARTIFACTS, 'training-sign.png') });
  await page.getByLabel('Password del certificato di firma').fill(shown);
  await dialog.getByRole('button', { name: 'Firma', exact: true }).click();
  // The report ends on its page and reaches «Pubblicato» on the stand-in inside the app.
  await page.getByText('Pubblicato', { exact: true }).first().waitFor({ timeout: 90_000 });
  assert.equal(await page.getByTestId('training-banner').count(), 1);
  await noSeriousViolations(page, 'published document in training');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ARTIFACTS, 'training-published.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
