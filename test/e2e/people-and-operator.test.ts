// End to end in Chromium through the browser shell: «Medici e operatori» (a doctor and operators, each
// with a mistake shown on its field), «Chi sta lavorando?» at the next start, and «Cambia operatore».
// The tests run in order on one data folder, as a clinic would set up its desk.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Profile } from '../../contract/profile.js';
import { launchChromium } from '../support/browser.js';
import { startTestShell, VALID_TEST_PROFILE } from '../support/shell.js';
import { createInput } from '../outbox/helpers.js';

const ARTIFACTS = 'test-artifacts/e2e';
const ROSSI_CF = 'RSSMRA80A01D612Y';
const VERDI_CF = 'VRDLGU75C10G702H';
const BIANCHI_CF = 'BNCNNA85M41D612R';

let browser: Browser;
let dataDir: string;
let env: Awaited<ReturnType<typeof startTestShell>>;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'fse-desk-people-e2e-'));
  env = await startTestShell(dataDir);
  const saved = await env.core.dispatch('profile:save', { profile: { ...VALID_TEST_PROFILE } });
  assert.ok(saved.ok, JSON.stringify(saved));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await env?.stop();
});

const storedProfile = (): Profile =>
  JSON.parse((env.core.db.prepare("SELECT value FROM settings WHERE key = 'profile'").get() as { value: string }).value) as Profile;
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

/** Full-page shots with the sticky header drawn where the page was scrolled look broken: shoot from the top. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

async function openApp(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(env.shell.url);
  await page.getByRole('navigation', { name: 'Sezioni' }).waitFor();
  return page;
}

async function openPeople(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: 'Medici e operatori' }).click();
  await page.getByRole('heading', { level: 1, name: 'Medici e operatori' }).waitFor();
}

test('the people screen opens with the focus on its heading, and says who is listed', async () => {
  const page = await openApp();
  await openPeople(page);
  assert.equal(await focusedId(page), 'people-title');
  await page.getByText('Nessun medico in elenco.').waitFor();
  // No operators yet: no badge and no question at start.
  assert.equal(await page.getByTestId('operator-badge').count(), 0);
  await shoot(page, 'people-empty');
  await page.close();
});

test('a doctor is added: a wrong tax code shows on its field as typed, a missing contact on save', async () => {
  const page = await openApp();
  await openPeople(page);
  await page.getByRole('button', { name: 'Aggiungi medico' }).click();
  // The opened form takes the focus.
  assert.equal(await focusedId(page), 'doctor-title');
  await page.getByLabel('Titolo').fill('Dott.');
  await page.getByLabel('Nome', { exact: true }).fill('Mario');
  await page.getByLabel('Cognome').fill('Rossi');
  await page.getByLabel('Codice fiscale').fill('RSSMRA80A01D612X');
  const cfError = page.locator('[data-field-error="doctor-fiscalCode"]');
  await cfError.waitFor();
  assert.match(await cfError.innerText(), /ultimo carattere non corrisponde/);
  await page.getByLabel('Disciplina predefinita').selectOption('AD_PSC008');
  await shoot(page, 'people-doctor-mistake');

  await page.getByLabel('Codice fiscale').fill(ROSSI_CF);
  await cfError.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Salva', exact: true }).click();
  const phoneError = page.locator('[data-field-error="doctor-phone"]');
  await phoneError.waitFor();
  assert.match(await phoneError.innerText(), /almeno il telefono o l’e-mail/);
  // A failed save puts the focus on the first field in error.
  await page.waitForFunction(() => document.activeElement?.id === 'doctor-phone');

  await page.getByLabel('Telefono').fill('055 123456');
  await page.getByRole('button', { name: 'Salva', exact: true }).click();
  await page.getByTestId('people-status').getByText('Medico salvato: Dott. Mario Rossi.').waitFor();
  const row = page.getByTestId('doctors-table').getByRole('row', { name: /Dott\. Mario Rossi/ });
  assert.match(await row.innerText(), /Cardiologia/);
  // The form closed: focus back on the button that opened it.
  assert.equal(await focusedText(page), 'Aggiungi medico');
  await shoot(page, 'people-doctor-saved');

  const doctors = storedProfile().doctors ?? [];
  assert.deepEqual(
    doctors.map((d) => [d.fiscalCode, d.discipline, d.phone]),
    [[ROSSI_CF, 'AD_PSC008', '055 123456']],
  );
  await page.close();
});

test('operators are added with a role from the list; a missing name is shown on its field', async () => {
  const page = await openApp();
  await openPeople(page);
  await page.getByRole('button', { name: 'Aggiungi operatore' }).click();
  const form = page.getByTestId('operator-form');
  await form.getByLabel('Cognome').fill('Verdi');
  await form.getByLabel('Codice fiscale').fill(VERDI_CF);
  // Private-clinic roles come first, each with its Italian name.
  const firstRoles = await form.getByLabel('Ruolo').locator('optgroup').first().locator('option').allInnerTexts();
  assert.ok(firstRoles.includes('Operatore amministrativo (OAM)'), firstRoles.join(', '));
  await form.getByLabel('Ruolo').selectOption('OAM');
  await page.getByRole('button', { name: 'Salva', exact: true }).click();
  await page.locator('[data-field-error="operator-givenName"]').waitFor();
  assert.equal(await page.locator('[data-field-error="operator-givenName"]').innerText(), 'Indicare il nome dell’operatore.');
  await page.waitForFunction(() => document.activeElement?.id === 'operator-givenName');
  await shoot(page, 'people-operator-mistake');
  await form.getByLabel('Nome', { exact: true }).fill('Luigi');
  await page.getByRole('button', { name: 'Salva', exact: true }).click();
  await page.getByTestId('people-status').getByText('Operatore salvato: Luigi Verdi.').waitFor();

  // The only operator is the one operating: the top bar says so without asking.
  await page.getByTestId('operator-badge').getByText('Luigi Verdi').waitFor();

  await page.getByRole('button', { name: 'Aggiungi operatore' }).click();
  await form.getByLabel('Nome', { exact: true }).fill('Anna');
  await form.getByLabel('Cognome').fill('Bianchi');
  await form.getByLabel('Codice fiscale').fill(BIANCHI_CF);
  await form.getByLabel('Ruolo').selectOption('DRS');
  await page.getByRole('button', { name: 'Salva', exact: true }).click();
  await page.getByTestId('people-status').getByText('Operatore salvato: Anna Bianchi.').waitFor();
  assert.equal(await page.getByTestId('operators-table').locator('tbody tr').count(), 2);
  await shoot(page, 'people-operators');
  assert.deepEqual(
    storedProfile().operators?.map((o) => [o.fiscalCode, o.role]),
    [
      [VERDI_CF, 'OAM'],
      [BIANCHI_CF, 'DRS'],
    ],
  );
  await page.close();
});

test('at the next start the app asks who is working; the choice is the operator of every call', async () => {
  // A new session: the app restarted on the same data folder.
  await env.stop();
  env = await startTestShell(dataDir);
  const page = await openApp();
  const picker = page.getByTestId('operator-picker');
  await picker.getByRole('heading', { name: 'Chi sta lavorando?' }).waitFor();
  // The question must be answered: Escape does not close it, and there is nothing to cancel.
  await page.keyboard.press('Escape');
  assert.equal(await picker.isVisible(), true);
  assert.equal(await picker.getByRole('button', { name: 'Annulla' }).count(), 0);
  await page.screenshot({ path: `${ARTIFACTS}/operator-picker.png` });

  await picker.getByRole('button', { name: /Anna Bianchi/ }).click();
  await picker.waitFor({ state: 'detached' });
  await page.getByTestId('operator-badge').getByText('Anna Bianchi').waitFor();
  assert.deepEqual(storedProfile().operator, { fiscalCode: BIANCHI_CF, role: 'DRS' });
  await page.screenshot({ path: `${ARTIFACTS}/operator-chosen.png` });
  await page.close();
});

test('«Cambia operatore» changes who operates; Escape closes the list and gives the focus back', async () => {
  const page = await openApp();
  await page.getByTestId('operator-badge').getByText('Anna Bianchi').waitFor();
  const change = page.getByRole('button', { name: 'Cambia operatore' });
  await change.click();
  const picker = page.getByTestId('operator-picker');
  await picker.waitFor();
  // The person operating now is marked, and has the focus.
  assert.match(await focusedText(page), /Anna Bianchi.*in servizio ora/);
  await page.keyboard.press('Escape');
  await picker.waitFor({ state: 'detached' });
  assert.equal(await focusedText(page), 'Cambia operatore');

  await change.click();
  await picker.getByRole('button', { name: /Luigi Verdi/ }).click();
  await page.getByTestId('operator-badge').getByText('Luigi Verdi').waitFor();
  assert.deepEqual(storedProfile().operator, { fiscalCode: VERDI_CF, role: 'OAM' });
  const journal = env.core.db.prepare("SELECT operator_name FROM operator_actions WHERE action = 'session:set-operator' ORDER BY id").all();
  assert.deepEqual(journal, [{ operator_name: 'Anna Bianchi' }, { operator_name: 'Luigi Verdi' }]);
  await page.screenshot({ path: `${ARTIFACTS}/operator-changed.png` });
  await page.close();
});

test('a job\u2019s history in «Invii» names the operator who acted on it', async () => {
  // Queued (no certificates here, so it stays queued); Luigi Verdi is operating since the previous test.
  const jobId = env.core.outbox.enqueueCreate(createInput('PEOPLE-1'));
  const page = await openApp();
  await page.getByTestId('operator-badge').getByText('Luigi Verdi').waitFor();
  await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: 'Invii' }).click();
  await page.getByTestId(`job-row-${jobId}`).getByRole('button').click();
  await page.getByRole('button', { name: 'Annulla invio' }).click();
  const actions = page.getByTestId('job-operator-actions');
  await actions.getByText('Invio annullato').waitFor();
  assert.match(await actions.innerText(), /Operatore: Luigi Verdi \(OAM\)/);
  await shoot(page, 'operator-job-history');
  await page.close();
});

test('removing a doctor asks first; Escape or Annulla keeps them', async () => {
  const page = await openApp();
  await openPeople(page);
  await page.getByRole('button', { name: 'Togli Dott. Mario Rossi' }).click();
  const confirm = page.getByTestId('remove-confirm');
  await confirm.getByText(/Togliere Dott\. Mario Rossi dall’elenco dei medici\?/).waitFor();
  await shoot(page, 'people-remove-confirm');
  // The question has the focus («Togli»); Escape answers «Annulla» and gives the focus back to the row's button.
  assert.equal(await focusedText(page), 'Togli');
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Togli Dott. Mario Rossi');
  await page.getByRole('button', { name: 'Togli Dott. Mario Rossi' }).click();
  await confirm.getByRole('button', { name: 'Annulla' }).click();
  assert.equal(storedProfile().doctors?.length, 1);
  await page.getByRole('button', { name: 'Togli Dott. Mario Rossi' }).click();
  await confirm.getByRole('button', { name: 'Togli' }).click();
  await page.getByText('Nessun medico in elenco.').waitFor();
  assert.equal(storedProfile().doctors?.length, 0);
  await page.close();
});
