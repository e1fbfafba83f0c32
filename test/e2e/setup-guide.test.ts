// End to end in Chromium: the first-run guide in real use (Collaudo/Produzione) against the stand-in gateway,
// as a receptionist would go through it with the clinic's documents: each step's mistakes shown on their
// fields, a test call that says the server CA is missing and where to set it («Avanzate»), then the X-CART-id.
// Screenshots: test-artifacts/e2e/onboarding-<step>.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { MockCart } from '../../mock-cart/server.js';
import { launchChromium } from '../support/browser.js';
import type { TestPki } from '../support/pki.js';
import { startTestCart } from '../support/test-cart.js';
import { ARTIFACTS, seriousViolations, startDeskShell, type DeskShell } from './desk-shell.js';

let browser: Browser;
let env: DeskShell;
let cart: MockCart;
let pki: TestPki;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-guide-'));
  ({ cart, pki } = await startTestCart(join(dir, 'cart')));
  env = await startDeskShell(join(dir, 'app'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await env?.stop();
  await cart?.close();
});

async function check(page: Page, name: string): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], `accessibility (${name})`);
  await page.screenshot({ path: join(ARTIFACTS, `onboarding-${name}.png`), fullPage: true });
}

const stepDone = (page: Page, step: string) => page.getByTestId('setup-checklist').locator(`[data-step="${step}"][data-done="true"]`).waitFor();
const goTo = async (page: Page, label: string) => page.getByRole('button', { name: `Avanti: ${label}` }).click();

/** Chooses who is working: in the step's own list, or in «Chi sta lavorando?» if the top bar asks first. */
async function chooseOperator(page: Page, name: string): Promise<void> {
  const picker = page.getByTestId('operator-picker');
  const inStep = page.getByTestId('who-works-choice').filter({ hasText: name });
  await Promise.race([picker.waitFor(), inStep.waitFor()]);
  if (await picker.isVisible()) await picker.getByRole('button', { name: new RegExp(name) }).click();
  else await inStep.click();
}

test('a real-mode setup against the stand-in: mistakes on their fields, the server CA under «Avanzate», then the test call', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.shell.url);
  await page.getByRole('heading', { name: 'Configurazione guidata' }).waitFor();
  await check(page, 'mode');

  // 1. Collaudo o produzione: the real data folder, no reload needed.
  await page.getByTestId('mode-real').click();
  await stepDone(page, 'mode');
  assert.equal(await page.getByTestId('training-banner').count(), 0);

  // 2. The clinic: saving an empty form shows the mistakes on their fields.
  await goTo(page, 'La struttura');
  await page.getByRole('heading', { name: 'Profilo della struttura' }).waitFor();
  await page.getByRole('button', { name: 'Salva profilo' }).click();
  await page.locator('#clinic\\.name-error, [id$="-error"]').first().waitFor();
  assert.ok((await page.locator('.field [role="alert"], .field .error, [data-field-error]').count()) > 0, 'errors shown on the fields');
  await check(page, 'profile-errors');
  await page.getByLabel('Ambiente di invio').selectOption('custom');
  await page.getByLabel('Indirizzo base del gateway').fill(cart.url);
  await page.getByLabel('Denominazione').fill('Poliambulatorio Sant\u2019Ambrogio');
  await page.getByLabel('Partita IVA / codice fiscale della struttura').fill('01386030488');
  await page.getByLabel('Codice ISTAT del comune').fill('048017');
  await page.getByLabel('Repository regionale').selectOption('999');
  await page.getByLabel('Tipologia di struttura').selectOption('Territorio');
  await page.getByLabel('Nome della struttura nel modello STS.11').fill('POLIAMBULATORIO SANT AMBROGIO');
  await page.getByLabel('Codice dell’Azienda USL').fill('201');
  await page.getByLabel('Codice STS.11 della struttura').fill('123456');
  await page.getByRole('button', { name: 'Salva profilo' }).click();
  await stepDone(page, 'profile');
  await check(page, 'profile');

  // 3. The certificates, chosen as files: a wrong password is shown on its field and only it is retyped.
  await goTo(page, 'I certificati');
  for (const role of ['auth', 'signature'] as const) {
    const card = page.getByTestId(`cert-card-${role}`);
    await page.getByTestId(`cert-input-${role}`).setInputFiles(role === 'auth' ? pki.authP12 : pki.signatureP12);
    if (role === 'auth') {
      await card.getByLabel('Password del certificato').fill('password-sbagliata');
      await card.getByRole('button', { name: 'Importa certificato' }).click();
      await card.locator('[role="alert"], .error').first().waitFor();
      await check(page, 'certificates-errors');
    }
    await card.getByLabel('Password del certificato').fill(pki.password);
    await card.getByRole('button', { name: 'Importa certificato' }).click();
    await page
      .getByTestId(`cert-badge-${role}`)
      .filter({ hasText: /valido|Valido|OK/ })
      .waitFor({ timeout: 20_000 });
  }
  await stepDone(page, 'certificates');
  await check(page, 'certificates');

  // 4. Who operates: a wrong tax code is shown on its field; then the operator is added and chosen.
  await goTo(page, 'Chi lavora');
  await page.getByRole('button', { name: 'Aggiungi operatore' }).click();
  const form = page.getByTestId('operator-form');
  await form.getByLabel('Nome', { exact: true }).fill('Maria');
  await form.getByLabel('Cognome', { exact: true }).fill('Monti');
  await form.getByLabel('Codice fiscale', { exact: true }).fill('MNTMRA03M71C615X');
  await form.getByRole('button', { name: 'Salva', exact: true }).click();
  await form.locator('[role="alert"], .error').first().waitFor();
  await check(page, 'operators-errors');
  await form.getByLabel('Codice fiscale', { exact: true }).fill('MNTMRA03M71C615V');
  await form.getByRole('button', { name: 'Salva', exact: true }).click();
  await chooseOperator(page, 'Maria Monti');
  await stepDone(page, 'operators');
  await check(page, 'operators');

  // 5. The test call: no server CA yet, so the guide says where to set it.
  await goTo(page, 'Chiamata di prova');
  await page.getByTestId('test-call-run').click();
  const problem = page.getByTestId('test-call-problem');
  await problem.waitFor({ timeout: 30_000 });
  assert.equal(await problem.getAttribute('data-problem'), 'server-ca');
  assert.match((await problem.textContent()) ?? '', /«Avanzate»/);
  await check(page, 'test-call-server-ca');
  await problem.getByRole('button', { name: 'Vai al passo «La struttura»' }).click();
  await page.locator('summary', { hasText: 'Avanzate' }).click();
  await page.getByLabel('Certificato della CA del server del gateway (file PEM)').fill(cart.caFile);
  await page.getByRole('button', { name: 'Salva profilo' }).click();
  await page
    .getByText(/salvat/i)
    .first()
    .waitFor();
  await page.getByTestId('setup-checklist').locator('[data-step="test-call"]').click();
  await page.getByTestId('test-call-run').click();
  const xCartId = page.getByTestId('test-call-xcartid');
  await xCartId.waitFor({ timeout: 30_000 });
  const statusCalls = cart.requests().filter((r) => r.path.includes('/status/search/'));
  assert.equal(await xCartId.textContent(), statusCalls.at(-1)?.xCartId, 'the X-CART-id the stand-in gave');
  await stepDone(page, 'test-call');
  await check(page, 'test-call');

  await page.getByTestId('setup-finish').click();
  await page.getByRole('navigation', { name: 'Sezioni' }).waitFor();
  assert.equal(await page.getByTestId('training-banner').count(), 0, 'real use carries no PROVA banner');
  assert.deepEqual(errors, []);
  await context.close();
});
