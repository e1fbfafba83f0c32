// End to end: the real React UI in Chromium, through the browser shell, down to SQLite and back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startTestShell } from '../support/shell.js';

const ARTIFACTS = 'test-artifacts/e2e';
let browser: Browser;
let env: Awaited<ReturnType<typeof startTestShell>>;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  env = await startTestShell();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await env?.stop();
});

async function openApp(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1300 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(env.shell.url);
  await page.getByRole('heading', { name: 'Profilo della struttura' }).waitFor();
  (page as Page & { problems?: string[] }).problems = problems;
  return page;
}

async function fillValidProfile(page: Page): Promise<void> {
  await page.getByLabel('Ambiente di invio').selectOption('stage');
  await page.getByLabel('Denominazione').fill('Poliambulatorio Sant\u2019Ambrogio');
  await page.getByLabel('Partita IVA / codice fiscale della struttura').fill('01386030488');
  await page.getByLabel('Codice ISTAT del comune').fill('048017');
  await page.getByLabel('Repository regionale').selectOption('999');
  await page.getByLabel('Tipologia di struttura').selectOption('Territorio');
  await page.getByLabel('Assetto organizzativo').fill('AD_PSC107');
  await page.getByLabel('Località (formato XON)').fill('POLIAMBULATORIO SANT AMBROGIO^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201123456');
  await page.getByLabel('Applicativo').fill('FSE Desk');
  await page.getByLabel('Fornitore').fill('FSE Desk Srl');
  await page.getByLabel('Versione').fill('0.1.0');
  await page.getByLabel('Codice fiscale dell\u2019operatore').fill('MNTMRA03M71C615V');
  await page.getByLabel('Ruolo dell\u2019operatore').selectOption('DRS');
}

test('the profile form opens in Italian with its sections', async () => {
  const page = await openApp();
  for (const legend of ['Ambiente', 'Struttura', 'Software', 'Operatore predefinito']) {
    assert.equal(await page.locator('legend', { hasText: legend }).count(), 1, legend);
  }
  await page.screenshot({ path: `${ARTIFACTS}/profile-empty.png`, fullPage: true });
  await page.close();
});

test('a saved profile is still there after reloading the page', async () => {
  const page = await openApp();
  await fillValidProfile(page);
  await page.getByRole('button', { name: 'Salva profilo' }).click();
  await page.getByTestId('profile-status').getByText('Profilo salvato').waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/profile-saved.png`, fullPage: true });

  await page.reload();
  await page.getByRole('heading', { name: 'Profilo della struttura' }).waitFor();
  await page.getByLabel('Denominazione').and(page.locator('[value]')).waitFor();
  assert.equal(await page.getByLabel('Denominazione').inputValue(), 'Poliambulatorio Sant\u2019Ambrogio');
  assert.equal(await page.getByLabel('Codice ISTAT del comune').inputValue(), '048017');
  assert.equal(await page.getByLabel('Ruolo dell\u2019operatore').inputValue(), 'DRS');
  assert.deepEqual((page as Page & { problems?: string[] }).problems, []);
  await page.close();

  // And it is in SQLite, not only in the page.
  const row = env.core.db.prepare("SELECT value FROM settings WHERE key = 'profile'").get() as { value: string };
  assert.equal(JSON.parse(row.value).clinic.istatCode, '048017');
});

test('an invalid ISTAT code shows its message next to the field and nothing is saved', async () => {
  const page = await openApp();
  await fillValidProfile(page);
  await page.getByLabel('Denominazione').fill('Studio Medico Prova');
  await page.getByLabel('Codice ISTAT del comune').fill('4801');
  await page.getByRole('button', { name: 'Salva profilo' }).click();
  const message = page.locator('[data-field-error="clinic.istatCode"]');
  await message.waitFor();
  assert.equal(await message.textContent(), 'Il codice ISTAT del comune ha 6 cifre.');
  assert.equal(await page.getByLabel('Codice ISTAT del comune').getAttribute('aria-invalid'), 'true');
  await page.screenshot({ path: `${ARTIFACTS}/profile-invalid.png`, fullPage: true });
  const row = env.core.db.prepare("SELECT value FROM settings WHERE key = 'profile'").get() as { value: string } | undefined;
  assert.notEqual(row && JSON.parse(row.value).clinic.name, 'Studio Medico Prova');
  await page.close();
});

test('an operator tax code with a wrong check character is refused with the reason', async () => {
  const page = await openApp();
  await fillValidProfile(page);
  await page.getByLabel('Codice fiscale dell\u2019operatore').fill('MNTMRA03M71C615A');
  await page.getByRole('button', { name: 'Salva profilo' }).click();
  const message = page.locator('[data-field-error="operator.fiscalCode"]');
  await message.waitFor();
  assert.match((await message.textContent()) ?? '', /carattere di controllo/);
  await page.close();
});
