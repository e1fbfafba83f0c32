// End to end: the "Certificati" screen in Chromium, through the browser shell, with PKCS#12 files
// generated for this run. Files are chosen as a person does — the file picker or drag and drop — and
// reach the main process as bytes under an opaque handle: no path is ever typed or sent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { Profile } from '../../contract/profile.js';
import { ProfileStore } from '../../main/core/shared/profile/profile-store.js';
import { launchChromium } from '../support/browser.js';
import { daysFrom, testClock } from '../support/clock.js';
import { writeDoctorP12 } from '../support/doctor-pki.js';
import { cartCn, makeCert, makeTestPki, toPkcs12, type TestPki } from '../support/pki.js';
import { startTestShell, VALID_TEST_PROFILE } from '../support/shell.js';

const ARTIFACTS = 'test-artifacts/e2e';
const ROSSI = { id: 'rossi', fiscalCode: 'RMSLSO31M04Z404R', givenName: 'Mario', familyName: 'Rossi', title: 'Dott.' };
const BIANCHI = { id: 'bianchi', fiscalCode: 'DRCGNN12A46A326K', givenName: 'Giovanna', familyName: 'Bianchi', title: 'Dott.ssa' };
let browser: Browser;
let env: Awaited<ReturnType<typeof startTestShell>>;
let pki: TestPki;
let expiringA1: string;
let bianchiP12: string;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'e2e-pki-'));
  pki = makeTestPki(dir, 'E2e-Password-5521');
  const soon = makeCert({ commonName: cartCn('A1'), issuer: pki.ca, usage: 'client', notAfter: daysFrom(12) });
  expiringA1 = join(dir, 'A1-in-scadenza.p12');
  writeFileSync(expiringA1, toPkcs12(soon, pki.password, [pki.ca]));
  bianchiP12 = writeDoctorP12(
    dir,
    'firma-bianchi.p12',
    { givenName: 'Giovanna', familyName: 'Bianchi', taxCode: BIANCHI.fiscalCode, issuer: pki.ca },
    pki.password,
  );
  env = await startTestShell();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await env?.stop();
});

type TrackedPage = Page & { problems: string[] };

async function openCertificates(): Promise<TrackedPage> {
  // A context per page: axe needs one, and closing the page closes it (below).
  const context = await browser.newContext({ viewport: { width: 1200, height: 1500 } });
  const page = (await context.newPage()) as TrackedPage;
  // The browser may be closing already (the after hook): a refused close is not an error of the test.
  page.on('close', () => void context.close().catch(() => undefined));
  // Playwright starts intercepting file choosers when the first listener is added, asynchronously: added here,
  // a chooser opened by a key press right after the focus moves is never missed.
  page.on('filechooser', () => undefined);
  page.problems = [];
  // Console errors, and failed requests by URL (Chromium asks for /favicon.ico by itself; the app ships none).
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) page.problems.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(env.shell.url);
  await page.getByRole('navigation', { name: 'Sezioni' }).waitFor();
  await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: 'Certificati' }).click();
  await page.getByRole('heading', { name: 'Certificati', level: 1 }).waitFor();
  await page.getByTestId('cert-card-auth').waitFor();
  return page;
}

/** Serious or critical accessibility violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Opens the card's form if folded, and chooses the file with the picker («Scegli file…» opens it). */
async function chooseFile(page: Page, key: string, path: string): Promise<void> {
  const card = page.getByTestId(`cert-card-${key}`);
  // A card with a valid certificate keeps its form folded behind "Sostituisci il certificato".
  const replace = card.getByRole('button', { name: 'Sostituisci il certificato' });
  if (await replace.isVisible()) await replace.click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), card.getByRole('button', { name: /Scegli file|Cambia file/ }).click()]);
  await chooser.setFiles(path);
  await card
    .getByTestId(`cert-chosen-${key}`)
    .getByText(`File scelto: ${basename(path)}`)
    .waitFor();
}

async function importInto(page: Page, key: string, path: string, password: string, opts: { both?: boolean } = {}): Promise<void> {
  const card = page.getByTestId(`cert-card-${key}`);
  await chooseFile(page, key, path);
  await card.getByLabel('Password del certificato').fill(password);
  if (opts.both) await card.getByLabel(/Usa lo stesso certificato per autenticazione e firma/).check();
  await card.getByRole('button', { name: 'Importa certificato' }).click();
}

async function storedProfile(): Promise<Profile> {
  const row = env.core.db.prepare("SELECT value FROM settings WHERE key = 'profile'").get() as { value: string };
  return JSON.parse(row.value);
}

/** A full-page screenshot from the top (the sticky header would otherwise be drawn where the page was scrolled). */
async function shot(page: Page, path: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
}

const focusedId = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');

test('the Certificati section opens from the sidebar, keeps the address, and asks for the profile first', async () => {
  const page = await openCertificates();
  assert.match(page.url(), /#token=/);
  const nav = page.getByRole('navigation', { name: 'Sezioni' });
  assert.equal(await nav.getByRole('button', { name: 'Certificati' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('button', { name: 'Profilo della struttura' }).getAttribute('aria-current'), null);
  await page.getByRole('heading', { name: 'Certificati della struttura', level: 2 }).waitFor();
  for (const title of ['Autenticazione', 'Firma dei token', 'Firma dei referti']) {
    await page.getByRole('heading', { name: title, level: 3 }).waitFor();
  }
  await page.getByText('Prima di importare i certificati salvare il profilo della struttura').waitFor();
  assert.equal(await page.getByTestId('cert-card-auth').getByRole('button', { name: 'Importa certificato' }).isDisabled(), true);
  assert.equal(await page.getByTestId('cert-card-auth').getByRole('button', { name: 'Scegli file…' }).isDisabled(), true);
  // No path field anywhere: files are chosen, never typed.
  assert.equal(await page.getByLabel(/Percorso/).count(), 0);
  await shot(page, `${ARTIFACTS}/certificates-no-profile.png`);
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a valid A1# file chosen with the file picker is imported and its CN, issuer, key type and validity are shown', async () => {
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
  // The profile names the app's own copy in its data folder; the page shows only the file's name.
  assert.deepEqual((await storedProfile()).authCertificate, { p12: join(env.dataDir, 'certificates', 'auth.p12') });
  assert.equal(await page.getByText(env.dataDir).count(), 0);
  await shot(page, `${ARTIFACTS}/certificates-imported.png`);
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('replacing a certificate keeps the focus in the new form: the file chooser, then the password', async () => {
  const page = await openCertificates();
  const card = page.getByTestId('cert-card-auth');
  await card.getByRole('button', { name: 'Sostituisci il certificato' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'auth-file');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  await chooser.setFiles(pki.authP12);
  await page.waitForFunction(() => document.activeElement?.id === 'auth-password');
  // Reopened, its password field is empty; «Annulla» folds it and the focus returns to «Sostituisci».
  assert.equal(await card.getByLabel('Password del certificato').inputValue(), '');
  await card.getByRole('button', { name: 'Annulla' }).click();
  await page.waitForFunction(() => document.activeElement?.textContent === 'Sostituisci il certificato');
  assert.equal(await focusedId(page), '');
  await page.close();
});

test('a file dropped on the box is chosen like one picked, and imported', async () => {
  const page = await openCertificates();
  const card = page.getByTestId('cert-card-signature');
  const bytes = readFileSync(pki.signatureP12).toString('base64');
  // What the OS gives the page on a drop: a DataTransfer holding the file.
  const dataTransfer = await page.evaluateHandle((b64) => {
    const dt = new DataTransfer();
    const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    dt.items.add(new File([raw], 'S1 studio.p12', { type: 'application/x-pkcs12' }));
    return dt;
  }, bytes);
  const drop = card.getByTestId('cert-drop-signature');
  await drop.dispatchEvent('dragover', { dataTransfer });
  await drop.dispatchEvent('drop', { dataTransfer });
  await card.getByTestId('cert-chosen-signature').getByText('File scelto: S1 studio.p12').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'signature-password');
  await shot(page, `${ARTIFACTS}/certificates-drag-drop.png`);
  await card.getByLabel('Password del certificato').fill(pki.password);
  await card.getByRole('button', { name: 'Importa certificato' }).click();
  await card.getByTestId('cert-badge-signature').getByText('Valido', { exact: true }).waitFor();
  await card.getByTestId('cert-cn').getByText(cartCn('S1')).waitFor();
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a dropped file that is not a certificate is refused on the file, before any password', async () => {
  const page = await openCertificates();
  const card = page.getByTestId('cert-card-documentSigner');
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['%PDF-1.7\n'], 'referto.pdf', { type: 'application/pdf' }));
    return dt;
  });
  await card.getByTestId('cert-drop-documentSigner').dispatchEvent('drop', { dataTransfer });
  const message = card.locator('[data-field-error="documentSigner-file"]');
  await message.waitFor();
  assert.match((await message.textContent()) ?? '', /non è un certificato \.p12\/\.pfx/);
  assert.equal(await card.getByTestId('cert-chosen-documentSigner').textContent(), 'Nessun file scelto');
  await page.close();
});

test('a wrong password keeps the chosen file: only the password is typed again', async () => {
  // The signature card was imported above: start from an empty one.
  assert.equal((await env.core.dispatch('certificates:remove', { role: 'signature' })).ok, true);
  const page = await openCertificates();
  const card = page.getByTestId('cert-card-signature');
  await importInto(page, 'signature', pki.signatureP12, 'not-the-password');
  const message = card.locator('[data-field-error="signature-password"]');
  await message.waitFor();
  assert.match((await message.textContent()) ?? '', /^Password errata oppure file danneggiato\./);
  await card.getByTestId('cert-status-signature').getByText('Il certificato non è stato importato').waitFor();
  const password = card.getByLabel('Password del certificato');
  assert.equal(await password.inputValue(), '');
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  assert.equal(await focusedId(page), 'signature-password');
  // The file is still chosen.
  await card.getByTestId('cert-chosen-signature').getByText('File scelto: signature.p12').waitFor();
  assert.equal((await storedProfile()).signatureCertificate, undefined);
  await shot(page, `${ARTIFACTS}/certificates-wrong-password.png`);
  assert.deepEqual(await seriousViolations(page), []);
  await password.fill(pki.password);
  await card.getByRole('button', { name: 'Importa certificato' }).click();
  await card.getByTestId('cert-badge-signature').getByText('Valido', { exact: true }).waitFor();
  assert.deepEqual((await storedProfile()).signatureCertificate, { p12: join(env.dataDir, 'certificates', 'signature.p12') });
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
  await shot(page, `${ARTIFACTS}/certificates-transition.png`);
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
  const cart = { p12: join(env.dataDir, 'certificates', 'cart.p12') };
  assert.deepEqual(p.authCertificate, cart);
  assert.deepEqual(p.signatureCertificate, cart);
  await page.close();
});

test('each doctor has a card; another person’s certificate is imported with a visible warning', async () => {
  // Doctors are edited in «Medici e operatori»; here they are written to the stored profile directly.
  const profiles = new ProfileStore(env.core.db);
  profiles.save({ ...(await storedProfile()), doctors: [ROSSI, BIANCHI] }, testClock());
  const page = await openCertificates();
  await page.getByRole('heading', { name: 'Certificati di firma dei medici', level: 2 }).waitFor();
  await page.getByRole('heading', { name: 'Dott. Mario Rossi', level: 3 }).waitFor();
  await page.getByRole('heading', { name: 'Dott.ssa Giovanna Bianchi', level: 3 }).waitFor();
  const rossi = page.getByTestId('cert-card-doctor-rossi');
  assert.equal(await rossi.getByTestId('cert-badge-doctor-rossi').textContent(), 'Non importato');
  // Dott.ssa Bianchi's file chosen for Dott. Rossi: imported, with the warning on the card.
  await importInto(page, 'doctor-rossi', bianchiP12, pki.password);
  await rossi.getByTestId('cert-badge-doctor-rossi').getByText('Valido, con avvisi').waitFor();
  await rossi
    .getByText(`Il certificato è intestato al codice fiscale ${BIANCHI.fiscalCode}, ma Dott. Mario Rossi ha il codice fiscale ${ROSSI.fiscalCode}`)
    .waitFor();
  assert.equal(await rossi.getByTestId('cert-holder-tax-code').textContent(), BIANCHI.fiscalCode);
  await rossi.getByText('non viene conservata e sarà chiesta al momento della firma').count();
  // The right one for Dott.ssa Bianchi: no warning.
  const bianchi = page.getByTestId('cert-card-doctor-bianchi');
  await importInto(page, 'doctor-bianchi', bianchiP12, pki.password);
  await bianchi.getByTestId('cert-badge-doctor-bianchi').getByText('Valido', { exact: true }).waitFor();
  const stored = await storedProfile();
  assert.deepEqual(stored.doctors?.[1]?.signerCertificate, { p12: join(env.dataDir, 'certificates', 'doctor-bianchi.p12') });
  await shot(page, `${ARTIFACTS}/certificates-doctor.png`);
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a certificate expiring within 30 days is reminded in the status bar and on the sidebar, not only on its card', async () => {
  const page = await openCertificates();
  const nav = page.getByRole('navigation', { name: 'Sezioni' });
  assert.equal(await nav.getByTestId('certificates-nav-badge').count(), 0);
  // The authentication certificate is replaced by one that expires in 12 days.
  await importInto(page, 'auth', expiringA1, pki.password);
  const card = page.getByTestId('cert-card-auth');
  await card.getByTestId('cert-badge-auth').getByText('In scadenza').waitFor();
  const bar = page.getByTestId('certificate-reminder');
  await bar.getByText(/Certificato in scadenza — Autenticazione \(A1#\): scade tra 1[12] giorni\. Richiederne il rinnovo/).waitFor();
  const badge = nav.getByTestId('certificates-nav-badge');
  await badge.waitFor();
  assert.match((await nav.getByRole('button', { name: /Certificati/ }).textContent()) ?? '', /^Certificati1, 1 certificato in scadenza$/);
  await page
    .getByTestId('cert-reminders')
    .getByText(/Autenticazione \(A1#\): scade tra 1[12] giorni/)
    .waitFor();
  await shot(page, `${ARTIFACTS}/certificates-expiring.png`);
  assert.deepEqual(await seriousViolations(page), []);
  // Seen from another screen, and one click away.
  await nav.getByRole('button', { name: 'Invii' }).click();
  await bar.getByRole('button', { name: 'Apri «Certificati»' }).click();
  await page.getByRole('heading', { name: 'Certificati', level: 1 }).waitFor();
  await page.close();
});

test('a removed certificate goes back to "Non importato"', async () => {
  const page = await openCertificates();
  const card = page.getByTestId('cert-card-doctor-rossi');
  await card.getByRole('button', { name: 'Rimuovi' }).click();
  await card.getByRole('button', { name: 'Sì, rimuovi' }).click();
  await card.getByTestId('cert-badge-doctor-rossi').getByText('Non importato').waitFor();
  assert.equal((await storedProfile()).doctors?.[0]?.signerCertificate, undefined);
  await page.waitForFunction(() => document.activeElement?.id === 'doctor-rossi-file');
  await page.close();
});
