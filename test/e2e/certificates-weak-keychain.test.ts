// End to end: the Certificati screen on a computer without a protected keychain (Linux's 'basic_text'
// fallback), through the browser shell with the secret store the app uses there: passwords are kept
// for the session only, the screen says why, and at the next start only the password is asked again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { makeTestPki, type TestPki } from '../support/pki.js';
import { startTestShellApp, VALID_TEST_PROFILE } from '../support/shell.js';

const ARTIFACTS = 'test-artifacts/e2e';
const NOTICE = 'Su questo computer non c’è un portachiavi protetto: le password dei certificati non vengono salvate e saranno richieste a ogni avvio.';
let browser: Browser;
let pki: TestPki;
const dataDir = mkdtempSync(join(tmpdir(), 'fse-desk-e2e-weak-'));

/**
 * One start of the app on this computer: a new session, with nothing remembered but what is on disk. The
 * archive's passphrase is given first, through the contract (its screen: passphrase-unlock.test.ts).
 */
async function startSession() {
  const env = await startTestShellApp(dataDir, { keychain: 'basic_text' });
  const state = env.app.state();
  const firstTime = state.kind === 'needs-passphrase' && state.firstTime;
  const unlocked = await env.app.dispatch('app:unlockDatabase', {
    passphrase: 'frase segreta di prova',
    ...(firstTime ? { confirm: 'frase segreta di prova' } : {}),
  });
  assert.deepEqual(unlocked, { ok: true, value: { kind: 'ready' } });
  return env;
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  pki = makeTestPki(mkdtempSync(join(tmpdir(), 'e2e-pki-')), 'E2e-Password-7734');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

async function openCertificates(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1500 } });
  await page.goto(url);
  await page.getByRole('heading', { name: 'Profilo della struttura' }).waitFor();
  await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: 'Certificati' }).click();
  await page.getByRole('heading', { name: 'Certificati', level: 1 }).waitFor();
  await page.getByTestId('cert-card-auth').waitFor();
  return page;
}

test('without a protected keychain the Certificati screen says passwords are not saved and will be asked at every start', async () => {
  const env = await startSession();
  let page: Page | undefined;
  try {
    assert.equal((await env.app.dispatch('profile:save', { profile: VALID_TEST_PROFILE })).ok, true);
    page = await openCertificates(env.shell.url);
    await page.getByRole('note').getByText(NOTICE).waitFor();
    const card = page.getByTestId('cert-card-auth');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), card.getByRole('button', { name: 'Scegli file…' }).click()]);
    await chooser.setFiles(pki.authP12);
    await card.getByTestId('cert-chosen-auth').getByText('File scelto: auth.p12').waitFor();
    await card.getByLabel('Password del certificato').fill(pki.password);
    await card.getByRole('button', { name: 'Importa certificato' }).click();
    await card.getByTestId('cert-status-auth').getByText('Certificato importato e verificato.').waitFor();
    // The badge follows once the screen has reloaded the cards.
    await card.getByTestId('cert-badge-auth').getByText('Valido', { exact: true }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/certificates-weak-keychain.png`, fullPage: true });
  } finally {
    // The page first: the shell waits for its open connections before it stops.
    await page?.close();
    await env.stop();
  }
});

test('at the next start the same file is proposed and only its password is asked again', async () => {
  const env = await startSession();
  let page: Page | undefined;
  try {
    page = await openCertificates(env.shell.url);
    const card = page.getByTestId('cert-card-auth');
    assert.equal(await card.getByTestId('cert-badge-auth').textContent(), 'Password da inserire');
    await card.getByRole('heading', { name: 'Inserisci la password del certificato' }).waitFor();
    await card.getByText('Password da inserire: su questo computer non viene salvata. Indicarla qui sotto per questa sessione.').waitFor();
    // The file imported in the first session is proposed again (the app's own copy): nothing to choose.
    await card.getByTestId('cert-chosen-auth').getByText('File scelto: auth.p12').waitFor();
    await card.getByText('La password resta in memoria fino alla chiusura del programma e non viene mai mostrata.').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/certificates-weak-keychain-next-start.png`, fullPage: true });
    await card.getByLabel('Password del certificato').fill(pki.password);
    await card.getByRole('button', { name: 'Importa certificato' }).click();
    await card.getByTestId('cert-status-auth').getByText('Certificato importato e verificato.').waitFor();
    // The badge follows once the screen has reloaded the cards.
    await card.getByTestId('cert-badge-auth').getByText('Valido', { exact: true }).waitFor();
  } finally {
    // The page first: the shell waits for its open connections before it stops.
    await page?.close();
    await env.stop();
  }
});
