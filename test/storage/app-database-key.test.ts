// The Electron app's database key, with a stand-in for safeStorage: wrapped by the keychain when it is
// protected; with a clear-text keychain ('basic_text') never stored that way, only under the session passphrase.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appDatabaseKey } from '../../main/electron/database-key.js';
import { openDatabase } from '../../main/core/shared/db/database.js';
import { faultOf } from './helpers.js';

/** safeStorage's shape; "encrypts" by reversing and prefixing, enough to see the key is not stored as given. */
const fakeSafeStorage = {
  encryptString: (s: string): Buffer => Buffer.from(`v10${[...s].reverse().join('')}`),
  decryptString: (b: Buffer): string => [...b.toString().slice(3)].reverse().join(''),
};

const dataDir = (): string => mkdtempSync(join(tmpdir(), 'fse-app-key-'));

test('with a protected keychain the key is kept wrapped by safeStorage in database.key.wrapped', () => {
  const dir = dataDir();
  const file = join(dir, 'fse-desk.sqlite');
  const source = appDatabaseKey(dir, fakeSafeStorage, 'keychain');
  openDatabase(file, { key: source }).close();
  const key = source.load()!;
  assert.ok(existsSync(join(dir, 'database.key.wrapped')));
  assert.ok(!readFileSync(join(dir, 'database.key.wrapped')).includes(Buffer.from(key.toString('hex'))));
  assert.equal(existsSync(join(dir, 'database.key')), false, 'no clear key file');
  openDatabase(file, { key: appDatabaseKey(dir, fakeSafeStorage, 'keychain') }).close();
});

test('without a protected keychain the database needs the session passphrase, and no key is stored in clear', () => {
  const dir = dataDir();
  const file = join(dir, 'fse-desk.sqlite');
  assert.equal(faultOf(() => openDatabase(file, { key: appDatabaseKey(dir, fakeSafeStorage, 'session-passphrase') })).kind, 'key-missing');
  openDatabase(file, { key: appDatabaseKey(dir, fakeSafeStorage, 'session-passphrase', 'una frase lunga') }).close();
  openDatabase(file, { key: appDatabaseKey(dir, fakeSafeStorage, 'session-passphrase', 'una frase lunga') }).close();
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.startsWith('database.key')),
    ['database.key.passphrase'],
  );
  assert.equal(faultOf(() => openDatabase(file, { key: appDatabaseKey(dir, fakeSafeStorage, 'session-passphrase', 'altra') })).kind, 'wrong-key');
});
