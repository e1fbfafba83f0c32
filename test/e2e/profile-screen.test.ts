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
  await page.getByLabel('Assetto organizzativo').selectOption('AD_PSC107');
  await page.getByLabel('Nome della struttura nel modello STS.11').fill('POLIAMBULATORIO SANT AMBROGIO');
  await page.getByLabel('Codice dell’Azienda USL').fill('201');
  await page.getByLabel('Codice STS.11 della struttura').fill('123456');
  await page.getByLabel('Codice fiscale dell\u2019operatore').fill('MNTMRA03M71C615V');
  await page.getByLabel('Ruolo dell\u2019operatore').selectOption('DRS');
}

test('the profile form opens in Italian with its sections', async () => {
  const page = await openApp();
  for (const legend of ['Ambiente', 'Struttura', 'Località della struttura', 'Recapiti stampati sui referti', 'Software', 'Operatore predefinito']) {
    assert.equal(await page.locator('legend').getByText(legend, { exact: true }).count(), 1, legend);
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

/** The visible text of a select's options, in order. */
const optionTexts = (page: Page, label: string) => page.getByLabel(label).locator('option').allTextContents();

test('structure type, organisational setting and operator role are lists with Italian names, private-clinic values first', async () => {
  const page = await openApp();
  const structures = await optionTexts(page, 'Tipologia di struttura');
  assert.deepEqual(structures.slice(0, 2), ['Territorio', 'Ospedale']);
  assert.match((await page.locator('[id="clinic.structureType-hint"]').textContent()) ?? '', /specialista territoriale/);
  const settings = await optionTexts(page, 'Assetto organizzativo');
  assert.ok(settings.includes('Poliambulatorio (AD_PSC107)'));
  assert.ok(settings.indexOf('Cardiologia (AD_PSC008)') < settings.indexOf('Terapia Intensiva (AD_PSC049)'), 'private-clinic settings come first');
  const roles = await optionTexts(page, 'Ruolo dell’operatore');
  assert.equal(roles[1], 'Dirigente sanitario (DRS)');
  assert.ok(roles.includes('Operatore amministrativo (OAM)'));
  const repositories = await optionTexts(page, 'Repository regionale');
  assert.ok(repositories.includes('REP202 — convenzionata con l’Azienda USL Toscana Nord Ovest'));
  await page.close();
});

test('the XON locality is shown as a preview that follows its parts', async () => {
  const page = await openApp();
  const preview = page.getByTestId('locality-preview');
  await page.getByLabel('Nome della struttura nel modello STS.11').fill('STUDIO ROSSI');
  await page.getByLabel('Codice dell’Azienda USL').fill('203');
  await page.getByLabel('Codice STS.11 della struttura').fill('000777');
  assert.equal(await preview.textContent(), 'STUDIO ROSSI^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090203000777');
  await page.getByLabel('Codice dell’Azienda USL').fill('201');
  assert.equal(await preview.textContent(), 'STUDIO ROSSI^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201000777');
  assert.equal(await page.locator('input[name="clinic.locality"]').count(), 0, 'the XON string is never typed');
  await page.close();
});

test('a profile saved without a software identity uses the built-in one, shown read-only', async () => {
  const page = await openApp();
  await fillValidProfile(page);
  await page.getByRole('button', { name: 'Salva profilo' }).click();
  await page.getByTestId('profile-status').getByText('Profilo salvato').waitFor();
  assert.match((await page.getByTestId('software-identity').textContent()) ?? '', /Identità registrata di FSE Desk.*FSE Desk · FSE Desk · 0\.1\.0/);
  const row = env.core.db.prepare("SELECT value FROM settings WHERE key = 'profile'").get() as { value: string };
  assert.equal(JSON.parse(row.value).software, undefined);
  await page.close();
});

test('a trailing space in the software identity override is shown on its field and nothing is saved', async () => {
  const page = await openApp();
  await fillValidProfile(page);
  await page.getByLabel('Denominazione').fill('Studio Con Spazio');
  await page.getByText('Avanzate', { exact: true }).click();
  await page.getByLabel('Applicativo').fill('FSE Desk');
  await page.getByLabel('Fornitore').fill('FSE Desk ');
  await page.getByLabel('Versione').fill('0.1.0');
  await page.getByRole('button', { name: 'Salva profilo' }).click();
  const message = page.locator('[data-field-error="software.vendor"]');
  await message.waitFor();
  assert.match((await message.textContent()) ?? '', /spazi all’inizio o alla fine/);
  assert.equal(await page.getByLabel('Fornitore').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Fornitore').inputValue(), 'FSE Desk ', 'the value is not altered');
  const row = env.core.db.prepare("SELECT value FROM settings WHERE key = 'profile'").get() as { value: string } | undefined;
  assert.notEqual(row && JSON.parse(row.value).clinic.name, 'Studio Con Spazio');
  await page.close();
});

test('onboarding: the clinic filled in as a receptionist would, with the advanced settings open', async () => {
  const page = await openApp();
  await fillValidProfile(page);
  await page.getByLabel('Via e numero civico').fill('Via di Camaldoli 12');
  await page.getByLabel('CAP').fill('50124');
  await page.getByLabel('Comune', { exact: true }).fill('Firenze');
  await page.getByLabel('Provincia').fill('FI');
  await page.getByLabel('Telefono').fill('055 123456');
  await page.getByLabel('E-mail').fill('segreteria@poliambulatorio.example');
  await page.getByText('Avanzate', { exact: true }).click();
  await page.getByRole('button', { name: 'Salva profilo' }).click();
  await page.getByTestId('profile-status').getByText('Profilo salvato').waitFor();
  // The whole form in one viewport, so the sticky title bar stays at the top of the picture.
  await page.setViewportSize({ width: 1200, height: await page.evaluate(() => document.documentElement.scrollHeight) });
  await page.screenshot({ path: `${ARTIFACTS}/onboarding-clinic.png`, fullPage: true });
  const row = env.core.db.prepare("SELECT value FROM settings WHERE key = 'profile'").get() as { value: string };
  const saved = JSON.parse(row.value);
  assert.equal(saved.clinic.phone, '055 123456');
  assert.equal(saved.clinic.locality, 'POLIAMBULATORIO SANT AMBROGIO^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201123456');
  assert.deepEqual((page as Page & { problems?: string[] }).problems, []);
  await page.close();
});

test('a wrong STS.11 code is shown on its field and nothing is saved, even though it composes a well-formed XON', async () => {
  const page = await openApp();
  await fillValidProfile(page);
  await page.getByLabel('Denominazione').fill('Studio Codice Corto');
  await page.getByLabel('Codice STS.11 della struttura').fill('12345');
  await page.getByRole('button', { name: 'Salva profilo' }).click();
  const message = page.locator('[data-field-error="locality.sts11Code"]');
  await message.waitFor();
  assert.match((await message.textContent()) ?? '', /6 cifre/);
  assert.equal(await page.locator('[data-field-error="clinic.locality"]').count(), 0, 'the part is blamed, not the derived string');
  const row = env.core.db.prepare("SELECT value FROM settings WHERE key = 'profile'").get() as { value: string } | undefined;
  assert.notEqual(row && JSON.parse(row.value).clinic.name, 'Studio Codice Corto');
  await page.close();
});
