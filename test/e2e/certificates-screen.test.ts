// End to end: the "Certificati" screen in Chromium, through the browser shell, with PKCS#12 files
// generated for this run. The file is typed as a path (the shell has no file dialog).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Profile } from '../../contract/profile.js';
import { launchChromium } from '../support/browser.js';
import { cartCn, makeTestPki, type TestPki } from '../support/pki.js';
import { startTestShell, VALID_TEST_PROFILE } from '../support/shell.js';

const ARTIFACTS = 'test-artifacts/e2e';
let browser: Browser;
let env: Awaited<ReturnType<typeof startTestShell>>;
let pki: TestPki;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  pki = makeTestPki(mkdtempSync(join(tmpdir(), 'e2e-pki-')), 'E2e-Password-5521');
  env = await startTestShell();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await env?.stop();
});

type TrackedPage = Page & { problems: string[] };

async function openCertificates(): Promise<TrackedPage> {
  const page = (await browser.newPage({ viewport: { width: 1200, height: 1500 } })) as TrackedPage;
  page.problems = [];
  // Console errors, and failed requests by URL (Chromium asks for /favicon.ico by itself; the app ships none).
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) page.problems.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(env.shell.url);
  await page.getByRole('heading', { name: 'Profilo della struttura' }).waitFor();
  await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: 'Certificati' }).click();
  await page.getByRole('heading', { name: 'Certificati', level: 1 }).waitFor();
  await page.getByTestId('cert-card-auth').waitFor();
  return page;
}

async function importInto(page: Page, role: string, path: string, password: string, opts: { both?: boolean } = {}): Promise<void> {
  const card = page.getByTestId(`cert-card-${role}`);
  // A card with a valid certificate keeps its form folded behind "Sostituisci il certificato".
  const replace = card.getByRole('button', { name: 'Sostituisci il certificato' });
  if (await replace.isVisible()) await replace.click();
  await card.getByLabel('Percorso del file del certificato (.p12/.pfx)').fill(path);
  await card.getByLabel('Password del certificato').fill(password);
  if (opts.both) await card.getByLabel(/Usa lo stesso certificato per autenticazione e firma/).check();
  await card.getByRole('button', { name: 'Importa certificato' }).click();
}

async function storedProfile(): Promise<Profile> {
  const row = env.core.db.prepare("SELECT value FROM settings WHERE key = 'profile'").get() as { value: string };
  return JSON.parse(row.value);
}

test('the Certificati section opens from the sidebar, keeps the address, and asks for the profile first', async () => {
  const page = await openCertificates();
  assert.match(page.url(), /#token=/);
  const nav = page.getByRole('navigation', { name: 'Sezioni' });
  assert.equal(await nav.getByRole('button', { name: 'Certificati' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('button', { name: 'Profilo della struttura' }).getAttribute('aria-current'), null);
  for (const title of ['Autenticazione', 'Firma dei token', 'Firma dei referti']) {
    await page.getByRole('heading', { name: title, level: 2 }).waitFor();
  }
  await page.getByText('Prima di importare i certificati salvare il profilo della struttura').waitFor();
  assert.equal(await page.getByTestId('cert-card-auth').getByRole('button', { name: 'Importa certificato' }).isDisabled(), true);
  await page.screenshot({ path: `${ARTIFACTS}/certificates-no-profile.png`, fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a valid A1# file is imported and its CN, issuer, key type and validity are shown', async () => {
  assert.equal((await env.core.dispatch('profile:save', { profile: VALID_TEST_PROFILE })).ok, true);
  const page = await openCertificates();
  const card = page.getByTestId('cert-card-auth');
  await importInto(page, 'auth', pki.authP12, pki.password);
  await card.getByTestId('cert-cn').getByText(cartCn('A1')).waitFor();
  assert.match((await card.getByTestId('cert-issuer').textContent()) ?? '', /CN=FSE Desk Test CA/);
  assert.equal(await card.getByTestId('cert-key-type').textContent(), 'RSA 2048 bit');
  // Italian dates, e.g. "dal 3 marzo 2025 al 3 marzo 2026".
  assert.match(
    (await card.getByTestId('cert-validity').textContent()) ?? '',
    /^dal \d{1,2} (gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre) \d{4} al \d{1,2} \S+ \d{4}$/,
  );
  assert.equal(await card.getByTestId('cert-badge-auth').textContent(), 'Valido');
  await card.getByTestId('cert-status-auth').getByText('Certificato importato e verificato.').waitFor();
  // The form folds away once the certificate is in; reopened, its password field is empty.
  await card.getByRole('button', { name: 'Sostituisci il certificato' }).click();
  assert.equal(await card.getByLabel('Password del certificato').inputValue(), '');
  await card.getByRole('button', { name: 'Annulla' }).click();
  assert.deepEqual((await storedProfile()).authCertificate, { p12: pki.authP12 });
  await page.screenshot({ path: `${ARTIFACTS}/certificates-imported.png`, fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a wrong password shows the Italian message next to the field and the field is emptied', async () => {
  const page = await openCertificates();
  const card = page.getByTestId('cert-card-signature');
  await importInto(page, 'signature', pki.signatureP12, 'not-the-password');
  const message = card.locator('[data-field-error="signature-password"]');
  await message.waitFor();
  assert.match((await message.textContent()) ?? '', /^Password errata oppure file danneggiato\./);
  await card.getByTestId('cert-status-signature').getByText('Il certificato non è stato importato').waitFor();
  assert.equal(await card.getByLabel('Password del certificato').inputValue(), '');
  assert.equal(await card.getByLabel('Password del certificato').getAttribute('aria-invalid'), 'true');
  assert.equal((await storedProfile()).signatureCertificate, undefined);
  await page.screenshot({ path: `${ARTIFACTS}/certificates-wrong-password.png`, fullPage: true });
  await page.close();
});

test('an authentication file chosen as the signature certificate is refused with the reason', async () => {
  const page = await openCertificates();
  const card = page.getByTestId('cert-card-signature');
  await importInto(page, 'signature', pki.authP12, pki.password);
  await card
    .getByTestId('cert-status-signature')
    .getByText(/certificato di autenticazione \(A1#\) come certificato di firma \(S1#\)/)
    .waitFor();
  await page.close();
});

test('one file for both roles with the transition checkbox is shown on both cards with its warning', async () => {
  const page = await openCertificates();
  await importInto(page, 'auth', pki.authP12, pki.password, { both: true });
  await page.getByText('Modalità transitoria regionale attiva').waitFor();
  const sig = page.getByTestId('cert-card-signature');
  await sig.getByTestId('cert-cn').getByText(cartCn('A1')).waitFor();
  assert.equal(await sig.getByTestId('cert-badge-signature').textContent(), 'Valido, con avvisi');
  await sig
    .getByText(/modalità transitoria regionale/)
    .first()
    .waitFor();
  await page.screenshot({ path: `${ARTIFACTS}/certificates-transition.png`, fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('saving the profile form after an import keeps the certificates', async () => {
  const page = await openCertificates();
  await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: 'Profilo della struttura' }).click();
  await page.getByLabel('Denominazione').and(page.locator('[value]')).waitFor();
  await page.getByLabel('Denominazione').fill('Poliambulatorio Rinominato');
  await page.getByRole('button', { name: 'Salva profilo' }).click();
  await page.getByTestId('profile-status').getByText('Profilo salvato').waitFor();
  const p = await storedProfile();
  assert.equal(p.clinic.name, 'Poliambulatorio Rinominato');
  assert.deepEqual(p.authCertificate, { p12: pki.authP12 });
  assert.deepEqual(p.signatureCertificate, { p12: pki.authP12 });
  await page.close();
});

test('a removed certificate goes back to "Non importato"', async () => {
  const page = await openCertificates();
  const card = page.getByTestId('cert-card-signature');
  await card.getByRole('button', { name: 'Rimuovi' }).click();
  await card.getByRole('button', { name: 'Sì, rimuovi' }).click();
  await card.getByTestId('cert-badge-signature').getByText('Non importato').waitFor();
  assert.equal((await storedProfile()).signatureCertificate, undefined);
  await page.close();
});
