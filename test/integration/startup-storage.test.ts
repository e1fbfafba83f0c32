// The app's start-up (main/core/app/startup.ts, shared by Electron and the browser shell) with a database
// that cannot be opened: it never gives up, it says what happened and what to do, it names the file, it
// offers the backups, and it never changes the file by itself. Real data folders, real SQLite files, a real
// second process holding the lock, a real read-only file system flag.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes, createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type AppStartup } from '../../main/core/app/startup.js';
import { createMemorySecretStore } from '../../main/core/credentials/index.js';
import { keyFileSource, openDatabase, storageFaultAdvice, type Clock } from '../../main/core/shared/index.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import type { StartupState } from '../../contract/startup.js';
import { daysFrom, testClock } from '../support/clock.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';

const DB = 'fse-desk.sqlite';
const opened: AppStartup[] = [];
after(async () => {
  for (const a of opened) await a.close();
});

function start(dataDir: string, now: Clock = testClock): AppStartup {
  const app = startApp({ dataDir, version: 'test', shell: 'browser-shell', log: silentLogger, secrets: createMemorySecretStore(), now });
  opened.push(app);
  return app;
}

/** A data folder the app has used once (database, key, first backup), closed cleanly. */
async function usedDataDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'startup-'));
  const app = start(dir);
  assert.equal(app.state().kind, 'ready');
  await app.close();
  return dir;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function problemOf(s: StartupState): Extract<StartupState, { kind: 'storage-problem' }> {
  assert.equal(s.kind, 'storage-problem', JSON.stringify(s));
  return s as Extract<StartupState, { kind: 'storage-problem' }>;
}

/** Makes files read-only for real, even for root (the tests run as root here): the immutable flag; else chmod. */
function makeReadOnly(paths: string[]): () => void {
  const root = process.getuid?.() === 0;
  if (root) {
    const r = spawnSync('chattr', ['+i', ...paths]);
    assert.equal(r.status, 0, `chattr +i failed: ${r.stderr}`);
    return () => void spawnSync('chattr', ['-i', ...paths]);
  }
  const modes = paths.map((p) => statSync(p).mode & 0o777);
  for (const p of paths) chmodSync(p, statSync(p).isDirectory() ? 0o555 : 0o444);
  return () => paths.forEach((p, i) => chmodSync(p, modes[i]!));
}

test('a healthy data folder starts ready and serves the normal channels', async () => {
  const app = start(mkdtempSync(join(tmpdir(), 'startup-')));
  assert.deepEqual(app.state(), { kind: 'ready' });
  assert.deepEqual(await app.dispatch('app:startup', undefined), { ok: true, value: { kind: 'ready' } });
  assert.deepEqual(await app.dispatch('profile:get', undefined), { ok: true, value: null });
});

test('a corrupt database: «Archivio non disponibile» with the advice to restore a backup, the path, the backups; the file is untouched', async () => {
  const dir = await usedDataDir();
  const file = join(dir, DB);
  writeFileSync(file, randomBytes(statSync(file).size));
  const before = sha256(file);
  const app = start(dir);
  const s = problemOf(app.state());
  assert.equal(s.problem.kind, 'corrupt');
  assert.equal(s.problem.file, file);
  assert.equal(s.problem.advice, storageFaultAdvice('corrupt').advice);
  assert.match(s.problem.advice, /Ripristin/);
  assert.equal(s.canRestore, true);
  assert.equal(s.backups.length, 1);
  assert.deepEqual(await app.dispatch('app:startup', undefined), { ok: true, value: s });
  await app.close();
  assert.equal(sha256(file), before);
});

test('damaged pages found at the next start on the same day, although the last close was clean (the app checks at every start)', async () => {
  const dir = await usedDataDir();
  const file = join(dir, DB);
  const size = statSync(file).size;
  assert.ok(size >= 3 * 4096, `database of ${size} bytes`);
  // Page 1 (header, schema) stays readable: only a page in the middle is damaged.
  const bytes = readFileSync(file);
  bytes.fill(0x55, 4096 + 100, 4096 + 600);
  writeFileSync(file, bytes);
  const before = sha256(file);
  const app = start(dir);
  assert.equal(problemOf(app.state()).problem.kind, 'corrupt');
  await app.close();
  assert.equal(sha256(file), before);
});

test('a database from a newer version of the app: the advice to update the app; the file is untouched', async () => {
  const dir = await usedDataDir();
  const file = join(dir, DB);
  const db = openDatabase(file, { key: keyFileSource(join(dir, 'database.key'), file) });
  db.pragma('user_version = 999');
  db.close();
  const before = sha256(file);
  const app = start(dir);
  const s = problemOf(app.state());
  assert.equal(s.problem.kind, 'too-new');
  assert.match(s.problem.advice, /Aggiornare l.applicazione/);
  assert.equal(s.problem.file, file);
  // Restoring an older copy would set the newer version's data aside: not offered, and refused.
  assert.equal(s.canRestore, false);
  assert.deepEqual(s.backups, []);
  const restore = await app.dispatch('app:restoreBackup', { name: 'fse-desk-2026-01-01.sqlite' });
  assert.equal(!restore.ok && restore.error.code, 'bad-state');
  await app.close();
  assert.equal(sha256(file), before);
});

test('a database locked by another program: the advice to close it; the file is untouched; «Riprova» after it closes starts normally', async () => {
  const dir = await usedDataDir();
  const file = join(dir, DB);
  // Another process opens the database with its key and holds an exclusive lock with a write pending.
  const holder = `
    const { openDatabase, keyFileSource } = await import(${JSON.stringify(new URL('../../main/core/shared/index.ts', import.meta.url).href)});
    const db = openDatabase(${JSON.stringify(file)}, { key: keyFileSource(${JSON.stringify(join(dir, 'database.key'))}, ${JSON.stringify(file)}) });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('lock-test', '1', '-')").run();
    process.stdout.write('held\\n');
    process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
    process.stdin.resume();
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', holder], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((done) => child.once('exit', done));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  // What the file is while the other program holds it (its own open may have written to it).
  const before = sha256(file);
  const app = start(dir);
  try {
    const s = problemOf(app.state());
    assert.equal(s.problem.kind, 'locked');
    assert.match(s.problem.advice, /Chiudere l.altro programma/);
    assert.equal(s.problem.file, file);
    assert.equal(s.canRestore, false, 'a lock is not fixed by a backup');
    assert.equal(sha256(file), before);
  } finally {
    child.stdin.end();
    await exited;
  }
  const retried = await app.dispatch('app:retryStartup', undefined);
  assert.deepEqual(retried, { ok: true, value: { kind: 'ready' } });
  assert.deepEqual(await app.dispatch('profile:get', undefined), { ok: true, value: null });
});

test('a database on a read-only disk opens for reading: the lists show, sending is paused with the reason, a save is refused; the file is untouched', async () => {
  const dir = await usedDataDir();
  const seed = start(dir);
  assert.equal((await seed.dispatch('profile:save', { profile: { ...VALID_TEST_PROFILE } })).ok, true);
  await seed.close();
  const file = join(dir, DB);
  const before = sha256(file);
  const undo = makeReadOnly([file, dir]);
  try {
    const app = start(dir);
    const s = app.state();
    assert.equal(s.kind, 'read-only', JSON.stringify(s));
    if (s.kind !== 'read-only') return;
    assert.equal(s.problem.kind, 'read-only');
    assert.equal(s.problem.file, file);
    assert.equal(s.problem.advice, storageFaultAdvice('read-only').advice);
    const profile = await app.dispatch('profile:get', undefined);
    assert.equal(profile.ok && (profile.value as { clinic: { name: string } }).clinic.name, VALID_TEST_PROFILE.clinic.name);
    const overview = await app.dispatch('outbox:overview', { limit: 0 });
    assert.ok(overview.ok);
    const o = overview.value as { paused: boolean; pauseMessage: string };
    assert.equal(o.paused, true);
    assert.match(o.pauseMessage, /^Invii sospesi: il database è in sola lettura/);
    const save = await app.dispatch('profile:save', { profile: { ...VALID_TEST_PROFILE, environment: 'production' } });
    assert.equal(save.ok, false);
    if (!save.ok) {
      assert.equal(save.error.code, 'storage');
      assert.match(save.error.message, /sola lettura/);
    }
    await app.close();
  } finally {
    undo();
  }
  assert.equal(sha256(file), before);
});

test('while the archive is unavailable every other channel answers «Archivio non disponibile»; app:info still answers', async () => {
  const dir = await usedDataDir();
  writeFileSync(join(dir, DB), randomBytes(8192));
  const app = start(dir);
  const r = await app.dispatch('outbox:overview', { limit: 0 });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'unavailable');
    assert.match(r.error.message, /^Archivio non disponibile/);
  }
  const info = await app.dispatch('app:info', undefined);
  assert.equal(info.ok && (info.value as { dataDir: string }).dataDir, dir);
  assert.equal((await app.dispatch('no:such-channel', undefined)).ok, false);
});

test('restoring a listed backup brings back what it held, keeps the damaged file aside, and starts normally', async () => {
  // Day 0: first start (an empty backup), the profile saved. Day 1: the backup holds the profile.
  const dir = mkdtempSync(join(tmpdir(), 'startup-restore-'));
  const day0 = start(dir, () => daysFrom(0));
  assert.equal((await day0.dispatch('profile:save', { profile: { ...VALID_TEST_PROFILE } })).ok, true);
  await day0.close();
  await start(dir, () => daysFrom(1)).close();
  const file = join(dir, DB);
  writeFileSync(file, randomBytes(statSync(file).size));
  const damaged = sha256(file);

  const app = start(dir, () => daysFrom(1));
  const s = problemOf(app.state());
  assert.equal(s.backups.length, 2);
  const newest = s.backups[0]!;
  const restored = await app.dispatch('app:restoreBackup', { name: newest.name });
  assert.deepEqual(restored, { ok: true, value: { kind: 'ready' } });
  const profile = await app.dispatch('profile:get', undefined);
  assert.equal(profile.ok && (profile.value as { clinic: { name: string } }).clinic.name, VALID_TEST_PROFILE.clinic.name);
  const aside = readdirSync(dir).filter((n) => n.startsWith(`${DB}.damaged-`) && !/-(wal|shm)$/.test(n));
  assert.equal(aside.length, 1);
  assert.equal(sha256(join(dir, aside[0]!)), damaged, 'the damaged file is kept, byte for byte');
});

test('a backup name that is not listed is refused, a malformed one before anything runs; the file is untouched', async () => {
  const dir = await usedDataDir();
  const file = join(dir, DB);
  writeFileSync(file, randomBytes(8192));
  const before = sha256(file);
  const app = start(dir);
  const missing = await app.dispatch('app:restoreBackup', { name: 'fse-desk-1999-01-01.sqlite' });
  assert.equal(!missing.ok && missing.error.code, 'not-found');
  for (const name of ['../fse-desk.sqlite', '/etc/passwd', '', 'a'.repeat(300)]) {
    const r = await app.dispatch('app:restoreBackup', { name });
    assert.equal(!r.ok && r.error.code, 'bad-request', name);
  }
  assert.equal((await app.dispatch('app:restoreBackup', { name: 'x', extra: 1 })).ok, false);
  assert.equal(sha256(file), before);
  assert.equal(app.state().kind, 'storage-problem');
});

test('a restore is refused while the archive is open', async () => {
  const app = start(await usedDataDir());
  const r = await app.dispatch('app:restoreBackup', { name: 'fse-desk-2026-01-01.sqlite' });
  assert.equal(!r.ok && r.error.code, 'bad-state');
  assert.deepEqual(app.state(), { kind: 'ready' });
});
