// Electron-only end-to-end suite, for release machines where the Electron binary is installed.
// Here (no binary can be downloaded) it is skipped with one line saying why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { electronBinary } from '../support/electron.js';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testNow } from '../support/clock.js';
import { formatWrittenDate } from '../../contract/format-it.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';
import { openDatabase } from '../../main/core/shared/index.js';

const binary = electronBinary();
const skip = binary ? false : 'Electron binary not installed (npm could not download it on this machine): Electron-only e2e suite skipped';
if (skip) console.log(`# ${skip}`);

test('the Electron app opens the first-run guide with the hardened window', { skip }, async () => {
  const { _electron } = await import('playwright-core');
  const userData = mkdtempSync(join(tmpdir(), 'fse-desk-electron-'));
  const app = await _electron.launch({ executablePath: binary!, args: ['.', `--user-data-dir=${userData}`] });
  try {
    const page = await app.firstWindow();
    // A fresh install is a setup to complete (issue 9): the guide, not an alarm.
    await page.getByRole('heading', { name: 'Configurazione guidata' }).waitFor();
    // No Node in the page, and the bridge exposes one function only.
    assert.equal(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require), 'undefined');
    assert.equal(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process), 'undefined');
    assert.deepEqual(await page.evaluate(() => Object.keys((window as unknown as { fseDesk: object }).fseDesk)), ['invoke']);
    await page.evaluate(() => window.open('https://example.org'));
    assert.equal(app.windows().length, 1);
  } finally {
    await app.close();
  }
});

test('a corrupt database: the window opens on «Archivio non disponibile» and restoring the backup brings back its data', { skip }, async () => {
  const { _electron } = await import('playwright-core');
  const userData = mkdtempSync(join(tmpdir(), 'fse-desk-electron-storage-'));
  const launch = () => _electron.launch({ executablePath: binary!, args: ['.', `--user-data-dir=${userData}`] });
  const clinic = 'Poliambulatorio Sant\u2019Ambrogio';
  // First run: the clinic saves its profile through the real bridge; the app closes cleanly.
  let app = await launch();
  try {
    const page = await app.firstWindow();
    await page.getByRole('heading', { name: 'Configurazione guidata' }).waitFor();
    const saved = await page.evaluate(
      (profile) => (window as unknown as { fseDesk: { invoke(c: string, r: unknown): Promise<{ ok: boolean }> } }).fseDesk.invoke('profile:save', { profile }),
      VALID_TEST_PROFILE,
    );
    assert.equal(saved.ok, true);
  } finally {
    await app.close();
  }
  // Yesterday's backup holds the profile (a copy of the closed file, encrypted with the same key); then the file is damaged.
  const db = join(userData, 'fse-desk.sqlite');
  mkdirSync(join(userData, 'backups'), { recursive: true });
  const yesterday = new Date(testNow().getTime() - 86_400_000);
  const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`;
  copyFileSync(db, join(userData, 'backups', `fse-desk-${day}.sqlite`));
  writeFileSync(db, randomBytes(statSync(db).size));

  app = await launch();
  try {
    const page = await app.firstWindow();
    await page.getByRole('heading', { name: 'Archivio non disponibile' }).waitFor();
    assert.match(await page.getByTestId('storage-problem-title').innerText(), /danneggiato/);
    assert.equal(await page.getByTestId('storage-problem-file').innerText(), db);
    mkdirSync('test-artifacts/e2e-electron', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/e2e-electron/storage-problem.png' });
    // Yesterday's copy (today's, taken at the first start before the profile was saved, is listed first).
    await page
      .getByTestId('backup-item')
      .filter({ hasText: `Copia del ${formatWrittenDate(day)}` })
      .getByRole('button', { name: 'Ripristina questa copia' })
      .click();
    await page.getByRole('button', { name: 'Conferma il ripristino' }).click();
    // The setup is not complete (no certificates): the guide opens, its clinic step holds the restored profile.
    await page.getByRole('heading', { name: 'Configurazione guidata' }).waitFor();
    await page.getByTestId('setup-checklist').locator('[data-step="profile"]').click();
    assert.equal(await page.getByLabel('Denominazione').inputValue(), clinic);
  } finally {
    await app.close();
  }
});

/** Launches the app on a data folder prepared by the test and waits for its first window. */
async function launchOn(userData: string) {
  const { _electron } = await import('playwright-core');
  const app = await _electron.launch({ executablePath: binary!, args: ['.', `--user-data-dir=${userData}`] });
  return { app, page: await app.firstWindow() };
}

const fileHash = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

test(
  'a database from a newer version of the app: the window opens on «Archivio non disponibile» with the advice to update; the file is untouched',
  { skip },
  async () => {
    const userData = mkdtempSync(join(tmpdir(), 'fse-desk-electron-too-new-'));
    const db = join(userData, 'fse-desk.sqlite');
    // A database of an earlier release (plain SQLite) that a newer version has already migrated further.
    const plain = openDatabase(db);
    plain.pragma('user_version = 999');
    plain.close();
    const before = fileHash(db);
    const { app, page } = await launchOn(userData);
    try {
      await page.getByRole('heading', { name: 'Archivio non disponibile' }).waitFor();
      assert.match(await page.getByTestId('storage-problem-title').innerText(), /più recente/);
      assert.equal(await page.getByTestId('storage-problem-file').innerText(), db);
    } finally {
      await app.close();
    }
    assert.equal(fileHash(db), before);
  },
);

test(
  'a database locked by another program: the window opens on «Archivio non disponibile» with the advice to close it; the file is untouched',
  { skip },
  async () => {
    const userData = mkdtempSync(join(tmpdir(), 'fse-desk-electron-locked-'));
    const db = join(userData, 'fse-desk.sqlite');
    const holder = openDatabase(db);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    holder.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('lock-test', '1', '-')").run();
    const before = fileHash(db);
    try {
      const { app, page } = await launchOn(userData);
      try {
        await page.getByRole('heading', { name: 'Archivio non disponibile' }).waitFor({ timeout: 30_000 });
        assert.match(await page.getByTestId('storage-problem-title').innerText(), /in uso da un altro programma/);
      } finally {
        await app.close();
      }
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    assert.equal(fileHash(db), before);
  },
);

test('a database on a read-only disk: the window opens with the lists and the banner «Archivio in sola lettura»; the file is untouched', { skip }, async () => {
  const userData = mkdtempSync(join(tmpdir(), 'fse-desk-electron-read-only-'));
  let { app, page } = await launchOn(userData);
  try {
    await page.getByRole('heading', { name: 'Configurazione guidata' }).waitFor();
  } finally {
    await app.close();
  }
  const db = join(userData, 'fse-desk.sqlite');
  const before = fileHash(db);
  // Read-only for real even for root: the immutable flag; chmod for an ordinary user.
  const root = process.getuid?.() === 0;
  if (root) assert.equal(spawnSync('chattr', ['+i', db]).status, 0);
  else chmodSync(db, 0o444);
  try {
    ({ app, page } = await launchOn(userData));
    try {
      await page.getByText('Archivio in sola lettura: gli invii sono sospesi.').waitFor();
    } finally {
      await app.close();
    }
  } finally {
    if (root) spawnSync('chattr', ['-i', db]);
    else chmodSync(db, 0o600);
  }
  assert.equal(fileHash(db), before);
});

test('certificates are chosen with the native file dialog: the page gets a handle and the file name, never the path', { skip }, async () => {
  const { _electron } = await import('playwright-core');
  const { makeTestPki } = await import('../support/pki.js');
  const userData = mkdtempSync(join(tmpdir(), 'fse-desk-electron-dialog-'));
  const pki = makeTestPki(mkdtempSync(join(tmpdir(), 'fse-desk-electron-pki-')), 'Electron-Pw-4410');
  const app = await _electron.launch({ executablePath: binary!, args: ['.', `--user-data-dir=${userData}`] });
  try {
    const page = await app.firstWindow();
    await page.waitForFunction(() => 'fseDesk' in window);
    type Invoke = (channel: string, request: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
    const invoke = (channel: string, request: unknown) =>
      page.evaluate(([c, r]) => (window as unknown as { fseDesk: { invoke: Invoke } }).fseDesk.invoke(c as string, r), [channel, request] as const);
    assert.equal((await invoke('profile:save', { profile: VALID_TEST_PROFILE })).ok, true);
    // The dialog is stubbed in the main process (where it runs), as a person picking the file would answer it.
    await app.evaluate(({ dialog }, path) => {
      (dialog as { showOpenDialog: unknown }).showOpenDialog = async () => ({ canceled: false, filePaths: [path] });
    }, pki.authP12);
    const list = (await invoke('certificates:list', undefined)) as { value: { chooseFileSupported: boolean } };
    assert.equal(list.value.chooseFileSupported, true);
    const chosen = (await invoke('certificates:choose-file', { role: 'auth' })) as { ok: true; value: { file: { handle: string; fileName: string } } };
    assert.equal(chosen.value.file.fileName, 'auth.p12');
    assert.ok(!JSON.stringify(chosen).includes(pki.dir), 'no folder reaches the page');
    const imported = await invoke('certificates:import', { role: 'auth', handle: chosen.value.file.handle, password: pki.password });
    assert.equal(imported.ok, true);
    // The profile names the app's own copy, readable by the user only.
    const copy = join(userData, 'certificates', 'auth.p12');
    assert.deepEqual(readFileSync(copy), readFileSync(pki.authP12));
    if (process.platform !== 'win32') assert.equal(statSync(copy).mode & 0o777, 0o600);
    // A dialog closed without choosing answers no file.
    await app.evaluate(({ dialog }) => {
      (dialog as { showOpenDialog: unknown }).showOpenDialog = async () => ({ canceled: true, filePaths: [] });
    });
    assert.deepEqual(await invoke('certificates:choose-file', { role: 'signature' }), { ok: true, value: { file: null } });
  } finally {
    await app.close();
  }
});
