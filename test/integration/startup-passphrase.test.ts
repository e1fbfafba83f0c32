// Start-up on a computer without a protected keychain (Linux 'basic_text'): the database key is wrapped by a
// passphrase the user types once per session (main/core/app/startup.ts, shared/db/database-key.ts). Real data
// folders and SQLite files; a capturing logger shows the passphrase is never written to the logs.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type AppStartup } from '../../main/core/app/startup.js';
import { createMemorySecretStore } from '../../main/core/credentials/index.js';
import { createLogger, openDatabase, passphraseKeySource, ProfileStore, sessionPassphraseKey, type Clock } from '../../main/core/shared/index.js';
import { appDatabaseKey, appStartupKey } from '../../main/electron/database-key.js';
import type { StartupState } from '../../contract/startup.js';
import { manualClock, testClock } from '../support/clock.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';

const DB = 'fse-desk.sqlite';
const PASSPHRASE = 'cavallo batteria graffetta 42';
const WRONG = 'cavallo batteria graffetta 43';
const logLines: string[] = [];
const log = createLogger((line) => logLines.push(line), 'debug');
const opened: AppStartup[] = [];
after(async () => {
  for (const a of opened) await a.close();
});

/** One start of the app on a weak keychain: a new session, nothing remembered but what is on disk. */
function start(dataDir: string, o: { now?: Clock } = {}): AppStartup {
  const app = startApp({
    dataDir,
    version: 'test',
    shell: 'browser-shell',
    log,
    secrets: createMemorySecretStore({ keychainMissing: true }),
    passphraseKey: sessionPassphraseKey(dataDir, join(dataDir, DB)),
    now: o.now ?? testClock,
  });
  opened.push(app);
  return app;
}

const newDir = (): string => mkdtempSync(join(tmpdir(), 'startup-passphrase-'));

/** Every file of the data folder (and its backups) with its SHA-256. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${name}/`);
      else out[`${prefix}${name}`] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir, '');
  return out;
}

/** A data folder protected by PASSPHRASE, with a saved profile, closed cleanly. */
async function unlockedOnce(): Promise<string> {
  const dir = newDir();
  const app = start(dir);
  assert.equal((await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE, confirm: PASSPHRASE })).ok, true);
  assert.equal((await app.dispatch('profile:save', { profile: VALID_TEST_PROFILE })).ok, true);
  await app.close();
  return dir;
}

function errorOf(r: { ok: boolean; error?: { code: string; message: string } }): { code: string; message: string } {
  assert.equal(r.ok, false, JSON.stringify(r));
  return r.error!;
}

test('the first start asks to choose a passphrase, and nothing is written until one is given', async () => {
  const dir = newDir();
  const app = start(dir);
  const expected: StartupState = { kind: 'needs-passphrase', firstTime: true };
  assert.deepEqual(app.state(), expected);
  assert.deepEqual(await app.dispatch('app:startup', undefined), { ok: true, value: expected });
  // The rest of the app waits for the unlock.
  assert.equal(errorOf(await app.dispatch('profile:get', undefined)).code, 'unavailable');
  assert.deepEqual(readdirSync(dir), []);
});

test('unlocking with a chosen passphrase opens the data, and the next start asks to enter it', async () => {
  const dir = newDir();
  const app = start(dir);
  const r = await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE, confirm: PASSPHRASE });
  assert.deepEqual(r, { ok: true, value: { kind: 'ready' } });
  assert.equal((await app.dispatch('profile:save', { profile: VALID_TEST_PROFILE })).ok, true);
  await app.close();
  assert.ok(existsSync(join(dir, 'database.key.passphrase')));
  assert.equal(existsSync(join(dir, 'database.key')), false, 'no clear key file');

  const again = start(dir);
  assert.deepEqual(again.state(), { kind: 'needs-passphrase', firstTime: false });
  assert.deepEqual(await again.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE }), { ok: true, value: { kind: 'ready' } });
  const profile = await again.dispatch('profile:get', undefined);
  assert.equal(profile.ok && (profile.value as { clinic: { name: string } } | null)?.clinic.name, VALID_TEST_PROFILE.clinic.name);
});

test('a wrong passphrase is refused in Italian and changes no file; the right one then opens', async () => {
  const dir = await unlockedOnce();
  const before = hashes(dir);
  const app = start(dir);
  const e = errorOf(await app.dispatch('app:unlockDatabase', { passphrase: WRONG }));
  assert.deepEqual(e, { code: 'wrong-passphrase', message: 'Frase segreta errata: riprovare.' });
  assert.deepEqual(app.state(), { kind: 'needs-passphrase', firstTime: false });
  assert.deepEqual(hashes(dir), before);
  assert.deepEqual(await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE }), { ok: true, value: { kind: 'ready' } });
});

test('after five wrong passphrases in a minute the next tries wait, saying how long; a minute later they are tried again', async () => {
  const dir = await unlockedOnce();
  const clock = manualClock();
  const app = start(dir, { now: clock.now });
  for (let i = 0; i < 5; i++) assert.equal(errorOf(await app.dispatch('app:unlockDatabase', { passphrase: WRONG })).code, 'wrong-passphrase');
  clock.advance(20_000);
  const paused = errorOf(await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE }));
  assert.deepEqual(paused, { code: 'too-many-attempts', message: 'Troppi tentativi errati: attendere 40 secondi, poi riprovare.' });
  clock.advance(40_000);
  assert.deepEqual(await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE }), { ok: true, value: { kind: 'ready' } });
});

test('the key file on disk holds the key only encrypted: not raw, not in hex, not in base64', async () => {
  const dir = await unlockedOnce();
  const keyFile = join(dir, 'database.key.passphrase');
  const key = passphraseKeySource(keyFile, PASSPHRASE, join(dir, DB)).load()!;
  assert.equal(key.length, 32);
  const stored = readFileSync(keyFile);
  for (const form of [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('base64'))]) assert.equal(stored.includes(form), false);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  // And it is the database's key.
  openDatabase(join(dir, DB), { key: passphraseKeySource(keyFile, PASSPHRASE, join(dir, DB)) }).close();
});

test('the passphrase never appears in the log output', async () => {
  logLines.length = 0;
  const dir = await unlockedOnce();
  const app = start(dir);
  await app.dispatch('app:unlockDatabase', { passphrase: WRONG });
  await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE });
  // A malformed request (too short) is refused before anything runs: it is not logged either.
  await app.dispatch('app:unlockDatabase', { passphrase: 'corta' });
  const output = logLines.join('');
  assert.match(output, /database unlocked with the session passphrase/);
  assert.match(output, /database passphrase refused/);
  for (const secret of [PASSPHRASE, WRONG, 'corta', 'cavallo']) assert.equal(output.includes(secret), false, secret);
});

test('a passphrase shorter than 8 or longer than 200 characters, or with extra fields, is refused by validation', async () => {
  const app = start(newDir());
  for (const req of [{ passphrase: '1234567' }, { passphrase: 'x'.repeat(201) }, { passphrase: PASSPHRASE, extra: 1 }, {}]) {
    assert.equal(errorOf(await app.dispatch('app:unlockDatabase', req)).code, 'bad-request', JSON.stringify(req).slice(0, 40));
  }
  assert.deepEqual(app.state(), { kind: 'needs-passphrase', firstTime: true });
});

test('choosing a passphrase: a confirmation that differs is refused in main too, and nothing is written', async () => {
  const dir = newDir();
  const app = start(dir);
  const e = errorOf(await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE, confirm: WRONG }));
  assert.equal(e.code, 'passphrase-mismatch');
  assert.deepEqual(readdirSync(dir), []);
});

test('once unlocked, app:unlockDatabase is refused as out of place', async () => {
  const app = start(await unlockedOnce());
  await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE });
  assert.equal(errorOf(await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE })).code, 'bad-state');
});

test('a plain database of an earlier release: the user chooses a passphrase and the data is encrypted in place without loss', async () => {
  const dir = newDir();
  const file = join(dir, DB);
  // What a release before encryption left: a plain SQLite file with the clinic's profile.
  const plain = openDatabase(file);
  new ProfileStore(plain).save(VALID_TEST_PROFILE, testClock());
  plain.close();
  assert.equal(readFileSync(file).subarray(0, 15).toString('latin1'), 'SQLite format 3');
  const app = start(dir);
  assert.deepEqual(app.state(), { kind: 'needs-passphrase', firstTime: true });
  assert.deepEqual(await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE, confirm: PASSPHRASE }), { ok: true, value: { kind: 'ready' } });
  const profile = await app.dispatch('profile:get', undefined);
  assert.equal(profile.ok && (profile.value as { clinic: { name: string } } | null)?.clinic.name, VALID_TEST_PROFILE.clinic.name);
  await app.close();
  assert.notEqual(readFileSync(file).subarray(0, 15).toString('latin1'), 'SQLite format 3');
});

// Electron's wiring (main/electron/database-key.ts), with stand-ins for safeStorage: a protected keyring
// that wrapped the key earlier, and the 'basic_text' fallback of a session without it.
const keyring = {
  encryptString: (s: string): Buffer => Buffer.from(`v11${[...s].reverse().join('')}`),
  decryptString: (b: Buffer): string => [...b.toString().slice(3)].reverse().join(''),
};
const basicTextCannotUnwrap = {
  encryptString: (s: string): Buffer => Buffer.from(`v10${s}`),
  decryptString: (): string => {
    throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  },
};

/** A data folder used by the app with a protected keyring: the key in database.key.wrapped, a saved profile. */
async function usedWithKeyring(): Promise<string> {
  const dir = newDir();
  const app = startApp({
    dataDir: dir,
    version: 'test',
    shell: 'electron',
    log,
    secrets: createMemorySecretStore(),
    now: testClock,
    ...appStartupKey(dir, keyring, 'keychain'),
  });
  assert.equal((await app.dispatch('profile:save', { profile: VALID_TEST_PROFILE })).ok, true);
  await app.close();
  assert.ok(existsSync(join(dir, 'database.key.wrapped')));
  return dir;
}

function startElectronWeak(dir: string, safeStorage: typeof keyring): AppStartup {
  const app = startApp({
    dataDir: dir,
    version: 'test',
    shell: 'electron',
    log,
    secrets: createMemorySecretStore({ keychainMissing: true }),
    now: testClock,
    ...appStartupKey(dir, safeStorage, 'session-passphrase'),
  });
  opened.push(app);
  return app;
}

test('a keychain-wrapped key that still unwraps is adopted under the chosen passphrase, then its file is removed', async () => {
  const dir = await usedWithKeyring();
  const file = join(dir, DB);
  const oldKey = appDatabaseKey(dir, keyring, 'keychain').load()!;
  const app = startElectronWeak(dir, keyring);
  assert.deepEqual(app.state(), { kind: 'needs-passphrase', firstTime: true });
  assert.deepEqual(await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE, confirm: PASSPHRASE }), { ok: true, value: { kind: 'ready' } });
  const profile = await app.dispatch('profile:get', undefined);
  assert.equal(profile.ok && profile.value !== null, true, 'the data opened with the adopted key');
  await app.close();
  assert.equal(existsSync(join(dir, 'database.key.wrapped')), false);
  assert.deepEqual(passphraseKeySource(join(dir, 'database.key.passphrase'), PASSPHRASE, file).load(), oldKey);
});

test('a keychain-wrapped key that cannot be unwrapped in this session: key missing, no passphrase asked, nothing changed; the keyring back, it opens', async () => {
  const dir = await usedWithKeyring();
  const before = hashes(dir);
  const app = startElectronWeak(dir, basicTextCannotUnwrap);
  const s = app.state();
  assert.equal(s.kind === 'storage-problem' && s.problem.kind, 'key-missing', JSON.stringify(s));
  assert.equal(s.kind === 'storage-problem' && s.canRestore, false);
  assert.equal(errorOf(await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE, confirm: PASSPHRASE })).code, 'bad-state');
  await app.close();
  assert.deepEqual(hashes(dir), before);
  const later = startApp({
    dataDir: dir,
    version: 'test',
    shell: 'electron',
    log,
    secrets: createMemorySecretStore(),
    now: testClock,
    ...appStartupKey(dir, keyring, 'keychain'),
  });
  opened.push(later);
  assert.deepEqual(later.state(), { kind: 'ready' });
});

test('a key under a passphrase stays there when a protected keyring shows up later: the passphrase is still asked', async () => {
  const dir = newDir();
  const weak = startElectronWeak(dir, basicTextCannotUnwrap);
  assert.equal((await weak.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE, confirm: PASSPHRASE })).ok, true);
  await weak.close();
  const app = startApp({
    dataDir: dir,
    version: 'test',
    shell: 'electron',
    log,
    secrets: createMemorySecretStore(),
    now: testClock,
    ...appStartupKey(dir, keyring, 'keychain'),
  });
  opened.push(app);
  assert.deepEqual(app.state(), { kind: 'needs-passphrase', firstTime: false });
  assert.deepEqual(await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE }), { ok: true, value: { kind: 'ready' } });
});

test('an encrypted database whose passphrase key file is gone: key missing, no new passphrase offered, nothing changed', async () => {
  const dir = await unlockedOnce();
  rmSync(join(dir, 'database.key.passphrase'));
  const before = hashes(dir);
  const app = start(dir);
  const s = app.state();
  assert.equal(s.kind === 'storage-problem' && s.problem.kind, 'key-missing', JSON.stringify(s));
  assert.equal(errorOf(await app.dispatch('app:unlockDatabase', { passphrase: PASSPHRASE, confirm: PASSPHRASE })).code, 'bad-state');
  assert.deepEqual(hashes(dir), before);
});
