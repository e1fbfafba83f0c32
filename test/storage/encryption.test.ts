// The database at rest: encrypted as a whole (SQLCipher 4 scheme, checked byte for byte here with Node's
// crypto), readable by its user only, a plain database from the current release encrypted in place without
// loss, and each key source storing the key the way the README says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { envKeySource, passphraseKeySource, wrappedKeySource, type KeyWrapper } from '../../main/core/shared/db/database-key.js';
import { openDatabase, type Database } from '../../main/core/shared/db/database.js';
import { Outbox } from '../../main/core/outbox/index.js';
import { testClock } from '../support/clock.js';
import { createInput, samplePdf, TEST_CF } from '../outbox/helpers.js';
import { dataFolder, faultOf } from './helpers.js';

const PAGE = 4096;
const RESERVE = 80; // SQLCipher 4: 16-byte IV + 64-byte HMAC-SHA512 at the end of every page

/** Decrypts page 1 the way SQLCipher 4 does with a raw key, verifying its HMAC first. */
function decryptPage1(file: string, key: Buffer): Buffer {
  const page = readFileSync(file).subarray(0, PAGE);
  const salt = page.subarray(0, 16);
  const hmacKey = pbkdf2Sync(
    key,
    salt.map((b) => b ^ 0x3a),
    2,
    32,
    'sha512',
  );
  const pgno = Buffer.alloc(4);
  pgno.writeUInt32LE(1);
  const mac = createHmac('sha512', hmacKey)
    .update(page.subarray(16, PAGE - RESERVE + 16))
    .update(pgno)
    .digest();
  assert.ok(mac.equals(page.subarray(PAGE - 64)), 'page 1 HMAC-SHA512 verifies with the key');
  const d = createDecipheriv('aes-256-cbc', key, page.subarray(PAGE - RESERVE, PAGE - RESERVE + 16)).setAutoPadding(false);
  return Buffer.concat([d.update(page.subarray(16, PAGE - RESERVE)), d.final()]);
}

function dump(db: Database): Record<string, unknown[]> {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(
    tables.map((t) => [
      t,
      (db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Record<string, unknown>[]).map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? `blob:${v.toString('hex')}` : v])),
      ),
    ]),
  );
}

const contains = (bytes: Buffer, text: string): boolean => bytes.includes(Buffer.from(text, 'latin1')) || bytes.includes(Buffer.from(text, 'utf16le'));

test('a new database is encrypted in the SQLCipher 4 format: no SQLite header, page 1 decrypts with the key', () => {
  const f = dataFolder();
  f.open().close();
  const raw = readFileSync(f.file);
  assert.ok(!raw.subarray(0, 16).equals(Buffer.from('SQLite format 3\0', 'latin1')), 'no plain SQLite header');
  const key = Buffer.from(readFileSync(f.keyFile, 'utf8').trim(), 'hex');
  assert.equal(key.length, 32);
  const header = decryptPage1(f.file, key);
  // Bytes 16.. of the SQLite header: page size 4096, then reserved bytes per page = 80.
  assert.equal(header.readUInt16BE(0), PAGE);
  assert.equal(header[4], RESERVE);
});

test('the data folder is created 0700 and the database, -wal, -shm, key and state files 0600', { skip: process.platform === 'win32' }, () => {
  const f = dataFolder();
  const db = f.open();
  db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'now')").run();
  try {
    assert.equal(statSync(f.dir).mode & 0o777, 0o700);
    for (const name of ['fse-desk.sqlite', 'fse-desk.sqlite-wal', 'fse-desk.sqlite-shm', 'database.key', 'fse-desk.sqlite.state.json']) {
      assert.equal(statSync(join(f.dir, name)).mode & 0o777, 0o600, name);
    }
  } finally {
    db.close();
  }
});

test('a world-readable database from an earlier release is made 0600 when opened', { skip: process.platform === 'win32' }, () => {
  const f = dataFolder();
  openDatabase(f.file).close();
  chmodSync(f.file, 0o644);
  f.open().close();
  assert.equal(statSync(f.file).mode & 0o777, 0o600);
});

test('a plain database written by the current release is encrypted in place on the first open with a key, every row kept', () => {
  const f = dataFolder();
  // The current release: a plain file, the real migrations, real jobs enqueued through the outbox.
  const plain = new Outbox(openDatabase(f.file), undefined, { now: testClock });
  for (let i = 1; i <= 3; i++) plain.enqueueCreate(createInput(`ENC${i}`));
  plain.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('profile', '{\"clinic\":\"x\"}', 'then')").run();
  const before = dump(plain.db);
  plain.close();
  assert.ok(contains(readFileSync(f.file), TEST_CF), 'the plain file holds the tax code in clear (what the migration removes)');
  assert.ok(Object.values(before).some((rows) => rows.length > 0));

  const db = f.open();
  try {
    assert.deepEqual(dump(db), before);
  } finally {
    db.close();
  }
  const raw = readFileSync(f.file);
  assert.ok(!contains(raw, TEST_CF), 'no tax code in the encrypted file');
  assert.ok(!raw.includes(Buffer.from('%PDF-')), 'no PDF in the encrypted file');
  assert.deepEqual(
    readdirSync(f.dir).filter((n) => n.includes('.encrypting')),
    [],
    'no temporary copy left behind',
  );
  // And it keeps opening, with the same rows.
  const again = f.open();
  assert.deepEqual(dump(again), before);
  again.close();
});

test('an encryption interrupted before its final rename leaves the plain database whole, and the next open finishes it', () => {
  const f = dataFolder();
  const plain = new Outbox(openDatabase(f.file), undefined, { now: testClock });
  plain.enqueueCreate(createInput('CRASH1'));
  const before = dump(plain.db);
  plain.close();
  // What a crash mid-way leaves: a partial encrypted copy beside the untouched original.
  writeFileSync(`${f.file}.encrypting`, randomBytes(8192));
  const db = f.open();
  assert.deepEqual(dump(db), before);
  db.close();
  assert.equal(existsSync(`${f.file}.encrypting`), false);
});

test('while the database is open its -wal and -shm hold no tax code and no PDF', () => {
  const f = dataFolder();
  const outbox = new Outbox(f.open(), undefined, { now: testClock });
  try {
    for (let i = 1; i <= 3; i++) outbox.enqueueCreate(createInput(`WAL${i}`));
    const pdfChunk = Buffer.from(samplePdf()).subarray(2000, 2064);
    for (const name of ['fse-desk.sqlite-wal', 'fse-desk.sqlite-shm', 'fse-desk.sqlite']) {
      const raw = readFileSync(join(f.dir, name));
      assert.ok(raw.length > 0, name);
      assert.ok(!contains(raw, TEST_CF), `${name}: no tax code`);
      assert.ok(!raw.includes(Buffer.from('%PDF-')) && !raw.includes(pdfChunk), `${name}: no PDF`);
    }
  } finally {
    outbox.close();
  }
});

test('the key file is made once, 0600, and never overwritten', () => {
  const f = dataFolder();
  f.open().close();
  const key = readFileSync(f.keyFile, 'utf8');
  assert.match(key, /^[0-9a-f]{64}\n$/);
  assert.throws(() => f.key.store(randomBytes(32)), /EEXIST/);
  f.open().close();
  assert.equal(readFileSync(f.keyFile, 'utf8'), key);
});

test('a key from an environment variable opens the database; unset or malformed it is key-missing', () => {
  const f = dataFolder();
  const hex = randomBytes(32).toString('hex');
  const open = (env: NodeJS.ProcessEnv): Database => openDatabase(f.file, { key: envKeySource('FSE_DB_KEY', env, f.file) });
  assert.equal(faultOf(() => open({})).kind, 'key-missing');
  mkdirSync(f.dir, { recursive: true });
  open({ FSE_DB_KEY: hex }).close();
  const db = open({ FSE_DB_KEY: ` ${hex.toUpperCase()}\n` });
  db.close();
  assert.equal(faultOf(() => open({ FSE_DB_KEY: 'not-a-key' })).kind, 'key-missing');
  assert.equal(faultOf(() => open({ FSE_DB_KEY: randomBytes(32).toString('hex') })).kind, 'wrong-key');
  assert.equal(existsSync(f.keyFile), false, 'nothing written to disk');
});

/** A stand-in for safeStorage: AES-256-GCM under a key the "keychain" holds. */
function fakeKeychain(): KeyWrapper & { reset(): void } {
  let kek = randomBytes(32);
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', kek, iv);
      const data = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), data]);
    },
    decrypt(wrapped) {
      const d = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, 12));
      d.setAuthTag(wrapped.subarray(12, 28));
      return Buffer.concat([d.update(wrapped.subarray(28)), d.final()]);
    },
    reset() {
      kek = randomBytes(32);
    },
  };
}

test('a keychain-wrapped key is stored only wrapped, and a keychain that cannot unwrap it is key-missing', () => {
  const f = dataFolder();
  const keychain = fakeKeychain();
  const wrappedFile = join(f.dir, 'database.key.wrapped');
  const source = wrappedKeySource(wrappedFile, keychain, f.file);
  openDatabase(f.file, { key: source }).close();
  assert.equal(statSync(wrappedFile).mode & 0o777, 0o600);
  const key = source.load()!;
  assert.ok(!readFileSync(wrappedFile).includes(Buffer.from(key.toString('hex'))), 'the key is not in the file in clear');
  assert.ok(!readFileSync(wrappedFile).includes(key), 'nor as raw bytes');
  openDatabase(f.file, { key: source }).close();
  keychain.reset();
  assert.equal(faultOf(() => openDatabase(f.file, { key: source })).kind, 'key-missing');
});

test('a passphrase-protected key opens with its passphrase; a wrong passphrase is wrong-key', () => {
  const f = dataFolder();
  const file = join(f.dir, 'database.key.passphrase');
  openDatabase(f.file, { key: passphraseKeySource(file, 'cavallo batteria graffetta', f.file) }).close();
  assert.equal(statSync(file).mode & 0o777, 0o600);
  openDatabase(f.file, { key: passphraseKeySource(file, 'cavallo batteria graffetta', f.file) }).close();
  assert.equal(faultOf(() => openDatabase(f.file, { key: passphraseKeySource(file, 'sbagliata', f.file) })).kind, 'wrong-key');
});
