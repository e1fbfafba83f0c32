// Every way a clinic's PC can spoil the database file gives one typed StorageFault, and the file's bytes
// are the same afterwards: the desk never overwrites, "repairs" or deletes a bad file by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { openDatabase } from '../../main/core/shared/db/database.js';
import { classifyStorageError, storageFaultAdvice, type StorageFaultKind } from '../../main/core/shared/db/storage-fault.js';
import { canUnshare, dataFolder, faultOf, ROOT, runInNamespace, seeded, sha256File } from './helpers.js';

test('a file of random bytes is reported as corrupt and left as it was', () => {
  const f = seeded(10);
  writeFileSync(f.file, randomBytes(64 * 1024));
  const before = sha256File(f.file);
  assert.equal(faultOf(() => f.open()).kind, 'corrupt');
  assert.equal(sha256File(f.file), before);
});

test('a file of random bytes with no key ever made for it is corrupt, not a lost key', () => {
  const f = dataFolder();
  mkdirSync(f.dir, { recursive: true });
  writeFileSync(f.file, randomBytes(64 * 1024));
  const before = sha256File(f.file);
  assert.equal(faultOf(() => f.open()).kind, 'corrupt');
  assert.equal(sha256File(f.file), before);
});

test('damaged pages in the middle of the file are found by the integrity check on open', () => {
  const f = seeded(200);
  const fd = openSync(f.file, 'r+');
  writeSync(fd, Buffer.alloc(512, 0x55), 0, 512, 40 * 1024 + 100);
  closeSync(fd);
  const before = sha256File(f.file);
  assert.equal(faultOf(() => f.open()).kind, 'corrupt');
  assert.equal(sha256File(f.file), before);
});

test('a truncated file is reported as corrupt', () => {
  const f = seeded(200);
  truncateSync(f.file, Math.floor(readFileSync(f.file).length / 2));
  const before = sha256File(f.file);
  assert.equal(faultOf(() => f.open()).kind, 'corrupt');
  assert.equal(sha256File(f.file), before);
});

test('a database from a newer version of the app is too-new and is not touched', () => {
  const f = seeded(10);
  const db = f.open();
  db.pragma('user_version = 999');
  db.close();
  const before = sha256File(f.file);
  const fault = faultOf(() => f.open());
  assert.equal(fault.kind, 'too-new');
  assert.equal(fault.file, f.file);
  assert.equal(sha256File(f.file), before);
});

test('a database locked by another program (an exclusive transaction in another process) is locked', async () => {
  const f = seeded(10);
  const key = readFileSync(f.keyFile, 'utf8').trim();
  // The other program: opens the file with the key, takes an exclusive lock and holds it until stdin closes.
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const D = require('better-sqlite3-multiple-ciphers');
       const db = new D(process.argv[1]);
       db.pragma("cipher = 'sqlcipher'"); db.pragma('legacy = 4'); db.pragma(\`key = "x'${key}'"\`);
       db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE');
       process.stdout.write('locked\\n');
       process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); }); process.stdin.resume();`,
      f.file,
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  try {
    const [chunk] = (await once(holder.stdout, 'data')) as [Buffer];
    assert.equal(chunk.toString().trim(), 'locked');
    const before = sha256File(f.file);
    assert.equal(faultOf(() => f.open({ busyTimeoutMs: 50 })).kind, 'locked');
    assert.equal(sha256File(f.file), before);
  } finally {
    holder.stdin.end();
    await once(holder, 'exit');
  }
  // Once the other program has closed, the database opens again.
  f.open().close();
});

test('a path that is a folder is not-a-file', () => {
  const f = dataFolder();
  mkdirSync(f.file, { recursive: true });
  const fault = faultOf(() => f.open());
  assert.equal(fault.kind, 'not-a-file');
  assert.equal(fault.file, f.file);
});

test('a key that does not open the database is wrong-key, and the file is not replaced by a new one', () => {
  const f = seeded(10);
  rmSync(f.keyFile);
  writeFileSync(f.keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  const before = sha256File(f.file);
  assert.equal(faultOf(() => f.open()).kind, 'wrong-key');
  assert.equal(sha256File(f.file), before);
});

test('an encrypted database whose key file is gone is key-missing, and no new key or database is made', () => {
  const f = seeded(10);
  rmSync(f.keyFile);
  const before = sha256File(f.file);
  assert.equal(faultOf(() => f.open()).kind, 'key-missing');
  assert.equal(sha256File(f.file), before);
  assert.throws(() => readFileSync(f.keyFile), /ENOENT/, 'no new key was stored');
});

test('an encrypted database opened with no key source at all is key-missing', () => {
  const f = seeded(10);
  assert.equal(faultOf(() => openDatabase(f.file)).kind, 'key-missing');
});

test(
  'a read-only folder refuses writing (read-only) but the documents still list read-only',
  { skip: !canUnshare && 'unshare -rm is not available here' },
  () => {
    const f = seeded(10);
    const before = sha256File(f.file);
    const args = [f.file, f.keyFile];
    const setup = `mount --bind -o ro '${f.dir}' '${f.dir}'`;
    assert.deepEqual(runInNamespace(setup, [...args, 'write']).fault, 'read-only');
    const listed = runInNamespace(setup, [...args, 'write-or-read']);
    assert.deepEqual(
      { opened: listed.opened, because: listed.readOnlyBecause, settings: listed.settings },
      { opened: 'read-only', because: 'read-only', settings: 10 },
    );
    assert.equal(sha256File(f.file), before);
  },
);

test('a full disk refuses writing (disk-full) and the documents still list read-only', { skip: !canUnshare && 'unshare -rm is not available here' }, () => {
  const f = dataFolder();
  mkdirSync(f.dir, { recursive: true });
  // Inside the namespace: a 1 MiB disk holding an older-version database (a migration is due), then filled up.
  const setup = [
    `mount -t tmpfs -o size=1m tmpfs '${f.dir}'`,
    `${process.execPath} --import tsx -e "const { openDatabase } = await import('./main/core/shared/db/database.ts'); const { keyFileSource } = await import('./main/core/shared/db/database-key.ts'); openDatabase('${f.file}', { key: keyFileSource('${f.keyFile}', '${f.file}'), targetVersion: 1 }).close();"`,
    `(dd if=/dev/zero of='${f.dir}/filler' bs=4k 2>/dev/null || true)`,
  ].join(' && ');
  const write = runInNamespace(setup, [f.file, f.keyFile, 'write']);
  assert.equal(write.fault, 'disk-full', String(write.message));
  const listed = runInNamespace(setup, [f.file, f.keyFile, 'write-or-read']);
  assert.deepEqual(
    { opened: listed.opened, because: listed.readOnlyBecause, settings: listed.settings },
    { opened: 'read-only', because: 'disk-full', settings: 0 },
  );
});

test('real SQLite and file-system errors are classified by their codes', () => {
  const f = seeded(1);
  const ro = openDatabase(f.file, { key: f.key, readonly: true });
  let readonlyError: unknown;
  try {
    ro.exec("INSERT INTO settings (key, value, updated_at) VALUES ('x', 'y', 'z')");
  } catch (err) {
    readonlyError = err;
  } finally {
    ro.close();
  }
  let folderError: unknown;
  try {
    readFileSync(f.dir);
  } catch (err) {
    folderError = err;
  }
  const cases: Array<[unknown, StorageFaultKind]> = [
    [readonlyError, 'read-only'],
    [folderError, 'not-a-file'],
    [Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), 'disk-full'],
    [Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), 'locked'],
    [Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }), 'disk-full'],
    [new Error('something else'), 'io'],
  ];
  for (const [err, kind] of cases) assert.equal(classifyStorageError(err, f.file).kind, kind, String(err));
});

test('every fault kind has an Italian title and advice for the start-up screen and the CLI', () => {
  const kinds: StorageFaultKind[] = ['corrupt', 'too-new', 'locked', 'read-only', 'disk-full', 'not-a-file', 'key-missing', 'wrong-key', 'io'];
  for (const kind of kinds) {
    const { title, advice } = storageFaultAdvice(kind);
    assert.ok(title.length > 10 && advice.length > 30, kind);
  }
  assert.match(storageFaultAdvice('corrupt').advice, /backup/);
  assert.match(storageFaultAdvice('too-new').advice, /Aggiorna/);
  assert.match(storageFaultAdvice('locked').advice, /Chiudere/);
  assert.match(storageFaultAdvice('disk-full').advice, /Liberare spazio/);
});
