// End to end: the browser shell started, as `npm run shell` is, on a data folder whose database is
// corrupt, with backups beside it. The window shows «Archivio non disponibile» (what happened, what to
// do, the file, the backups); restoring the newest backup brings back the normal screens with its data.
// And a database on a read-only disk: the normal screens with a banner saying sending is paused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startApp } from '../../main/core/app/startup.js';
import { createMemorySecretStore } from '../../main/core/credentials/index.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import type { Clock } from '../../main/core/shared/index.js';
import { launchChromium } from '../support/browser.js';
import { daysFrom } from '../support/clock.js';
import { startTestShellApp, VALID_TEST_PROFILE } from '../support/shell.js';

const ARTIFACTS = 'test-artifacts/e2e';
let browser: Browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** Runs the app once on `dataDir` at `now`, doing `work` through the contract, then closes it. */
async function session(dataDir: string, now: Clock, work: (dispatch: (c: string, p: unknown) => Promise<unknown>) => Promise<void> = async () => {}) {
  const app = startApp({ dataDir, version: 'test', shell: 'browser-shell', log: silentLogger, secrets: createMemorySecretStore(), now });
  assert.equal(app.state().kind, 'ready');
  await work(app.dispatch);
  await app.close();
}

async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

test('a corrupt database with backups: «Archivio non disponibile», then «Ripristina questa copia» brings back the normal screens with the backup’s data', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-storage-'));
  // Yesterday: the clinic saved its profile. Today's start took a backup holding it. Then the file was damaged.
  await session(
    dataDir,
    () => daysFrom(-1),
    async (dispatch) => {
      await dispatch('profile:save', { profile: { ...VALID_TEST_PROFILE } });
    },
  );
  await session(dataDir, () => daysFrom(0));
  const file = join(dataDir, 'fse-desk.sqlite');
  writeFileSync(file, randomBytes(statSync(file).size));

  const env = await startTestShellApp(dataDir);
  try {
    const { page, problems } = await openPage(env.shell.url);
    await page.getByRole('heading', { name: 'Archivio non disponibile' }).waitFor();
    assert.match(await page.getByTestId('storage-problem-title').innerText(), /Il database è danneggiato/);
    assert.match(await page.getByTestId('storage-problem-advice').innerText(), /Ripristina/);
    assert.equal(await page.getByTestId('storage-problem-file').innerText(), file);
    assert.equal(await page.getByTestId('backup-item').count(), 2);
    // The normal screens are not there: nothing can be done on an archive that is not open.
    assert.equal(await page.getByRole('navigation', { name: 'Sezioni' }).count(), 0);
    await page.screenshot({ path: `${ARTIFACTS}/storage-problem.png`, fullPage: true });

    await page.getByTestId('backup-item').first().getByRole('button', { name: 'Ripristina questa copia' }).click();
    await page.getByRole('button', { name: 'Conferma il ripristino' }).click();
    await page.getByRole('heading', { name: 'Profilo della struttura' }).waitFor();
    await page.getByLabel('Denominazione').waitFor();
    assert.equal(await page.getByLabel('Denominazione').inputValue(), VALID_TEST_PROFILE.clinic.name);
    assert.equal(env.app.state().kind, 'ready');
    await page.screenshot({ path: `${ARTIFACTS}/storage-restored.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await env.stop();
  }
});

test('a database on a read-only disk: the normal screens with a banner saying sending is paused and why', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-storage-ro-'));
  await session(
    dataDir,
    () => daysFrom(0),
    async (dispatch) => {
      await dispatch('profile:save', { profile: { ...VALID_TEST_PROFILE } });
    },
  );
  const file = join(dataDir, 'fse-desk.sqlite');
  // Read-only for real, root included (the immutable flag); chmod for an ordinary user.
  const root = process.getuid?.() === 0;
  if (root) assert.equal(spawnSync('chattr', ['+i', file, dataDir]).status, 0);
  else [file, dataDir].forEach((p) => chmodSync(p, statSync(p).isDirectory() ? 0o555 : 0o444));
  try {
    const env = await startTestShellApp(dataDir);
    try {
      const { page, problems } = await openPage(env.shell.url);
      await page.getByTestId('read-only-banner').waitFor();
      assert.match(await page.getByTestId('read-only-banner').innerText(), /gli invii sono sospesi[\s\S]*sola lettura/);
      await page.getByRole('heading', { name: 'Profilo della struttura' }).waitFor();
      assert.equal(await page.getByLabel('Denominazione').inputValue(), VALID_TEST_PROFILE.clinic.name);
      const overview = await env.app.dispatch('outbox:overview', { limit: 0 });
      assert.match(overview.ok ? String((overview.value as { pauseMessage: string }).pauseMessage) : '', /^Invii sospesi: il database è in sola lettura/);
      await page.screenshot({ path: `${ARTIFACTS}/storage-read-only.png`, fullPage: true });
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await env.stop();
    }
  } finally {
    if (root) spawnSync('chattr', ['-i', file, dataDir]);
    else [file, dataDir].forEach((p) => chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644));
  }
});
