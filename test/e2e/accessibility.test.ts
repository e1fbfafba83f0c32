// Accessibility of every existing screen and state (issue 9): @axe-core/playwright finds no serious or
// critical violation on the profile (empty, with errors), certificates, outbox (empty, with jobs, detail
// open), people (lists, a form with errors, the removal question), the operator picker, and the start-up
// problem screens. Along the way, the keyboard rules: focus on the heading after a screen change, on the
// first field in error after a failed save, on an opened panel, which Escape closes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { startApp } from '../../main/core/app/startup.js';
import { createMemorySecretStore } from '../../main/core/credentials/index.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import { launchChromium } from '../support/browser.js';
import { testClock } from '../support/clock.js';
import { startTestShell, startTestShellApp, VALID_TEST_PROFILE } from '../support/shell.js';
import { createInput } from '../outbox/helpers.js';

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

/** The serious and critical violations on the page as it is now, one line each (rule, first offending node). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target.join(' ')} ${v.nodes[0]?.failureSummary ?? ''}`);
}

async function assertAccessible(page: Page, state: string): Promise<void> {
  assert.deepEqual(await violations(page), [], state);
}

/** A page in a context of its own: AxeBuilder refuses pages made by browser.newPage(). Closing it closes its context. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  // Closed already when the browser closes first: nothing to do then.
  page.on('close', () => void context.close().catch(() => undefined));
  // A page that never draws says why in the test output.
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) console.error(`HTTP ${r.status()} ${r.url()}`);
  });
  return page;
}

async function openApp(): Promise<Page> {
  const page = await newPage();
  await page.goto(env.shell.url);
  await page.getByRole('navigation', { name: 'Sezioni' }).waitFor();
  return page;
}

async function go(page: Page, section: string, heading = section): Promise<void> {
  await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: section }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase() ?? '', id: el?.id ?? '', text: (el?.textContent ?? '').trim().slice(0, 80) };
  });

test('the empty profile form, then the same form after a failed save (focus on the first field in error)', async () => {
  const page = await openApp();
  await page.getByRole('heading', { level: 1, name: 'Profilo della struttura' }).waitFor();
  await assertAccessible(page, 'profile empty');
  await page.getByRole('button', { name: 'Salva profilo' }).click();
  await page
    .getByTestId('profile-status')
    .getByText(/correggere/)
    .waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true');
  assert.equal((await focused(page)).id, 'clinic.name');
  await assertAccessible(page, 'profile with errors');
  await page.close();
});

test('the certificates screen, reached with the focus on its heading', async () => {
  const page = await openApp();
  await go(page, 'Certificati');
  assert.equal((await focused(page)).tag, 'h1');
  await assertAccessible(page, 'certificates');
  await page.close();
});

test('the outbox screen with nothing sent', async () => {
  const page = await openApp();
  await go(page, 'Invii');
  await page.getByTestId('outbox-empty').waitFor();
  await assertAccessible(page, 'outbox empty');
  await page.close();
});

test('the people screen: lists, a form with errors, the removal question', async () => {
  assert.ok((await env.core.dispatch('profile:save', { profile: { ...VALID_TEST_PROFILE } })).ok);
  const page = await openApp();
  await go(page, 'Medici e operatori');
  assert.equal((await focused(page)).id, 'people-title');
  await assertAccessible(page, 'people empty');
  await page.getByRole('button', { name: 'Aggiungi medico' }).click();
  await page.getByRole('button', { name: 'Salva', exact: true }).click();
  await page.locator('[data-field-error="doctor-givenName"]').waitFor();
  await assertAccessible(page, 'people doctor form with errors');
  // Escape closes the form and gives the focus back to the button that opened it.
  await page.keyboard.press('Escape');
  await page.getByTestId('doctor-form').waitFor({ state: 'detached' });
  assert.equal((await focused(page)).text, 'Aggiungi medico');
  assert.ok(
    (
      await env.core.dispatch('people:save-doctor', {
        doctor: { fiscalCode: 'RSSMRA80A01D612Y', givenName: 'Mario', familyName: 'Rossi', email: 'rossi@example.it', discipline: 'AD_PSC008' },
      })
    ).ok,
  );
  await page.reload();
  await go(page, 'Medici e operatori');
  await page.getByRole('button', { name: 'Togli Mario Rossi' }).click();
  await page.getByTestId('remove-confirm').waitFor();
  await assertAccessible(page, 'people list with the removal question');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ARTIFACTS}/people-accessibility.png`, fullPage: true });
  await page.close();
});

test('the outbox with jobs, and a job\u2019s detail opened (focus in the panel, Escape closes it)', async () => {
  const queued = env.core.outbox.enqueueCreate(createInput('A11Y-1'));
  const rejected = env.core.outbox.enqueueCreate(createInput('A11Y-2'));
  const now = testClock().getTime();
  env.core.outbox.store.transition(rejected, ['queued'], 'sending', now, { attempts: 1 }, { kind: 'send', reason: 'send' });
  env.core.outbox.store.transition(
    rejected,
    ['sending'],
    'rejected',
    now,
    { lastError: { category: 'rejected', message: 'Documento rifiutato da CART.', type: '/msg/cda-element', detail: 'Campo mancante' } as never },
    { kind: 'rejected', reason: 'rejected: test' },
  );
  const page = await openApp();
  await go(page, 'Invii');
  await page.getByTestId(`job-row-${queued}`).waitFor();
  await assertAccessible(page, 'outbox with jobs');
  await page.getByTestId(`job-row-${rejected}`).getByRole('button').click();
  await page.getByTestId('job-detail').waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('job-detail-panel') === true);
  await assertAccessible(page, 'outbox with a job detail open');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ARTIFACTS}/outbox-detail-accessibility.png`, fullPage: true });
  await page.keyboard.press('Escape');
  await page.getByTestId('job-detail').waitFor({ state: 'detached' });
  assert.match((await focused(page)).text, /A11Y-2/);
  await page.close();
});

test('the operator picker at start, and the top bar with the operator', async () => {
  const operators = [
    { fiscalCode: 'VRDLGU75C10G702H', givenName: 'Luigi', familyName: 'Verdi', role: 'OAM' },
    { fiscalCode: 'BNCNNA85M41D612R', givenName: 'Anna', familyName: 'Bianchi', role: 'DRS' },
  ];
  // Written through the profile before anyone chose: the session asks.
  const stored = (await env.core.dispatch('profile:get', undefined)) as { ok: true; value: Record<string, unknown> };
  assert.ok((await env.core.dispatch('profile:save', { profile: { ...stored.value, operators } })).ok);
  const page = await openApp();
  await page.getByTestId('operator-picker').waitFor();
  await assertAccessible(page, 'operator picker');
  await page
    .getByTestId('operator-picker')
    .getByRole('button', { name: /Luigi Verdi/ })
    .click();
  await page.getByTestId('operator-badge').getByText('Luigi Verdi').waitFor();
  await assertAccessible(page, 'top bar with the operator');
  await page.close();
});

test('the start-up problem screen (a damaged archive)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'a11y-storage-'));
  const app = startApp({ dataDir, version: 'test', shell: 'browser-shell', log: silentLogger, secrets: createMemorySecretStore(), now: testClock });
  await app.close();
  const file = join(dataDir, 'fse-desk.sqlite');
  writeFileSync(file, randomBytes(statSync(file).size));
  const shell = await startTestShellApp(dataDir);
  try {
    const page = await newPage();
    await page.goto(shell.shell.url);
    await page.getByRole('heading', { name: 'Archivio non disponibile' }).waitFor();
    await assertAccessible(page, 'storage problem');
    await page.close();
  } finally {
    await shell.stop();
  }
});

test('the start-up passphrase screen (a computer without a keyring)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'a11y-passphrase-'));
  const shell = await startTestShellApp(dataDir, { keychain: 'basic_text' });
  try {
    const page = await newPage();
    await page.goto(shell.shell.url);
    await page.getByRole('heading', { level: 1, name: /frase segreta/ }).waitFor();
    await assertAccessible(page, 'passphrase (first time)');
    await page.getByLabel('Nuova frase segreta').fill('corta');
    await page.getByLabel('Ripetere la frase segreta').fill('diversa');
    await page.getByLabel('Ripetere la frase segreta').press('Enter');
    await page.locator('.error, [role="alert"]').first().waitFor();
    await assertAccessible(page, 'passphrase with an error');
    await page.close();
  } finally {
    await shell.stop();
  }
});

test('the normal screens on a read-only archive, with the banner saying sending is paused', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'a11y-read-only-'));
  const app = startApp({ dataDir, version: 'test', shell: 'browser-shell', log: silentLogger, secrets: createMemorySecretStore(), now: testClock });
  await app.dispatch('profile:save', { profile: { ...VALID_TEST_PROFILE } });
  await app.close();
  const file = join(dataDir, 'fse-desk.sqlite');
  // Read-only for real, root included (the immutable flag); chmod for an ordinary user (as storage-problem.test.ts).
  const root = process.getuid?.() === 0;
  if (root) assert.equal(spawnSync('chattr', ['+i', file, dataDir]).status, 0);
  else [file, dataDir].forEach((p) => chmodSync(p, statSync(p).isDirectory() ? 0o555 : 0o444));
  try {
    const shell = await startTestShellApp(dataDir);
    try {
      const page = await newPage();
      await page.goto(shell.shell.url);
      await page.getByTestId('read-only-banner').waitFor();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await assertAccessible(page, 'read-only archive');
      await page.close();
    } finally {
      await shell.stop();
    }
  } finally {
    if (root) spawnSync('chattr', ['-i', file, dataDir]);
    else [file, dataDir].forEach((p) => chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644));
  }
});
