// End to end: the browser shell as on a Linux computer without a keyring (FSE_DESK_SHELL_KEYCHAIN=basic_text).
// The first start asks to choose the archive's passphrase (typed twice); the next start on the same data
// folder asks to enter it: a wrong one is refused on the field, the right one opens the normal screens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startTestShellApp } from '../support/shell.js';

const ARTIFACTS = 'test-artifacts/e2e';
const PASSPHRASE = 'cavallo batteria graffetta 42';
const WHY =
  'Su questo computer non c’è un portachiavi protetto: la chiave dell’archivio è protetta da una frase segreta, richiesta a ogni avvio. Se la frase viene dimenticata i dati non sono recuperabili: conservarla come le password dei certificati.';
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'fse-desk-e2e-passphrase-'));

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

async function openPage(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(url);
  return page;
}

test('the first start asks to choose a passphrase, says why, checks the confirmation, then shows the app', async () => {
  const env = await startTestShellApp(dataDir, { keychain: 'basic_text' });
  let page: Page | undefined;
  try {
    page = await openPage(env.shell.url);
    await page.getByRole('heading', { level: 1, name: 'Scegliere una frase segreta per proteggere l’archivio' }).waitFor();
    await page.getByText(WHY).waitFor();
    const phrase = page.getByLabel('Nuova frase segreta');
    const confirm = page.getByLabel('Ripetere la frase segreta');
    // The field has the focus as the screen opens.
    assert.equal(await phrase.evaluate((el) => el === document.activeElement), true);
    await phrase.fill(PASSPHRASE);
    await confirm.fill(PASSPHRASE);
    await page.screenshot({ path: `${ARTIFACTS}/passphrase-first-time.png`, fullPage: true });
    await confirm.fill(`${PASSPHRASE}!`);
    await confirm.press('Enter');
    await page.getByText('Le due frasi non coincidono: riscriverle.').waitFor();
    assert.equal(await confirm.getAttribute('aria-invalid'), 'true');
    assert.equal(await confirm.evaluate((el) => el === document.activeElement), true);
    await confirm.fill(PASSPHRASE);
    await confirm.press('Enter');
    await page.getByRole('heading', { name: 'Profilo della struttura' }).waitFor();
    assert.equal(env.app.state().kind, 'ready');
  } finally {
    // The page first: the shell waits for its open connections before it stops.
    await page?.close();
    await env.stop();
  }
});

test('the next start asks to enter it: a wrong passphrase is refused on the field, the right one opens the app', async () => {
  const env = await startTestShellApp(dataDir, { keychain: 'basic_text' });
  let page: Page | undefined;
  try {
    page = await openPage(env.shell.url);
    await page.getByRole('heading', { level: 1, name: 'Inserire la frase segreta dell’archivio' }).waitFor();
    assert.equal(await page.getByLabel('Ripetere la frase segreta').count(), 0);
    const phrase = page.getByLabel('Frase segreta', { exact: true });
    await phrase.fill('una frase sbagliata');
    await phrase.press('Enter');
    await page.getByRole('alert').getByText('Frase segreta errata: riprovare.').waitFor();
    assert.equal(await phrase.getAttribute('aria-invalid'), 'true');
    assert.equal(await phrase.evaluate((el) => el === document.activeElement), true);
    assert.equal(await phrase.inputValue(), '', 'the wrong passphrase is cleared');
    await page.screenshot({ path: `${ARTIFACTS}/passphrase-enter.png`, fullPage: true });
    await phrase.fill(PASSPHRASE);
    await phrase.press('Enter');
    await page.getByRole('heading', { name: 'Profilo della struttura' }).waitFor();
  } finally {
    await page?.close();
    await env.stop();
  }
});
