// Rolling daily backups: one a day, the last 7 kept, encrypted with the database's key, and a restore
// that brings back everything the backup held while keeping the damaged file aside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { listBackups, restoreBackup, takeBackupIfDue, takeBackupInBackground } from '../../main/core/shared/db/backups.js';
import { openDatabase } from '../../main/core/shared/db/database.js';
import { Outbox } from '../../main/core/outbox/index.js';
import { daysFrom, testClock } from '../support/clock.js';
import { createInput, TEST_CF } from '../outbox/helpers.js';
import { dataFolder, faultOf, seeded, sha256File } from './helpers.js';

const at = (days: number) => () => daysFrom(days);

test('a backup is taken once a day, named with the date, and a second call the same day takes none', () => {
  const f = seeded(5);
  const db = f.open();
  try {
    const first = takeBackupIfDue(db, f.dir, at(0));
    assert.ok(first);
    assert.match(first.name, /^fse-desk-\d{4}-\d{2}-\d{2}\.sqlite$/);
    assert.equal(takeBackupIfDue(db, f.dir, at(0)), undefined);
    assert.deepEqual(
      listBackups(f.dir).map((b) => b.name),
      [first.name],
    );
  } finally {
    db.close();
  }
});

test('only the newest 7 backups are kept', () => {
  const f = seeded(5);
  const db = f.open();
  try {
    for (let day = 0; day < 10; day++) assert.ok(takeBackupIfDue(db, f.dir, at(day)));
  } finally {
    db.close();
  }
  const names = listBackups(f.dir).map((b) => b.name);
  assert.equal(names.length, 7);
  assert.ok(
    names.every((n, i) => i === 0 || n < names[i - 1]!),
    'newest first',
  );
  assert.deepEqual(
    readdirSync(join(f.dir, 'backups')).filter((n) => n.startsWith('.')),
    [],
    'no partial copy left',
  );
});

test('a backup is encrypted with the database key, private, and opens with that key only', () => {
  const f = dataFolder();
  const outbox = new Outbox(f.open(), undefined, { now: testClock });
  outbox.enqueueCreate(createInput('BK1'));
  const backup = takeBackupIfDue(outbox.db, f.dir, testClock)!;
  outbox.close();
  const raw = readFileSync(backup.file);
  assert.ok(!raw.includes(Buffer.from('SQLite format 3')), 'no plain header');
  assert.ok(!raw.includes(Buffer.from(TEST_CF)) && !raw.includes(Buffer.from(TEST_CF, 'utf16le')), 'no tax code');
  assert.ok(!raw.includes(Buffer.from('%PDF-')), 'no PDF');
  if (process.platform !== 'win32') {
    assert.equal(statSync(backup.file).mode & 0o777, 0o600);
    assert.equal(statSync(join(f.dir, 'backups')).mode & 0o777, 0o700);
  }
  const copy = openDatabase(backup.file, { key: f.key, readonly: true });
  assert.equal(copy.prepare('SELECT count(*) FROM outbox_jobs').pluck().get(), 1);
  copy.close();
  assert.equal(faultOf(() => openDatabase(backup.file, { readonly: true })).kind, 'corrupt', 'without the key it is unreadable');
});

test('a corrupted database is restored from its backup with everything the backup held, and the damaged file is kept aside', () => {
  const f = dataFolder();
  const outbox = new Outbox(f.open(), undefined, { now: testClock });
  const ids = [1, 2, 3].map((n) => outbox.enqueueCreate(createInput(`RST${n}`)));
  const held = outbox.list().map((j) => [j.id, j.identificativoDoc, j.state]);
  const backup = takeBackupIfDue(outbox.db, f.dir, testClock)!;
  outbox.close();

  // Damage page 1 of the database.
  const fd = openSync(f.file, 'r+');
  writeSync(fd, Buffer.alloc(256, 0xff), 0, 256, 100);
  closeSync(fd);
  const damaged = sha256File(f.file);
  assert.equal(faultOf(() => f.open()).kind, 'corrupt');

  const r = restoreBackup(f.dir, f.file, backup.name, testClock);
  assert.ok(r.keptAs && r.keptAs.startsWith(`${f.file}.damaged-`));
  assert.equal(sha256File(r.keptAs), damaged, 'the damaged file is kept, byte for byte');

  const restored = new Outbox(f.open(), undefined, { now: testClock });
  try {
    assert.deepEqual(
      restored.list().map((j) => [j.id, j.identificativoDoc, j.state]),
      held,
    );
    assert.equal(ids.length, 3);
  } finally {
    restored.close();
  }
  assert.ok(existsSync(backup.file), 'the backup itself stays');
});

test('restore refuses a name that is not one of the listed backups (no path outside the folder)', () => {
  const f = seeded(1);
  assert.throws(() => restoreBackup(f.dir, f.file, '../fse-desk.sqlite'), /not a backup name/);
  assert.throws(() => restoreBackup(f.dir, f.file, 'fse-desk-2020-01-01.sqlite'), /no backup named/);
});

test("the app's backup is written by a worker thread, encrypted, while the database stays writable", async () => {
  const f = dataFolder();
  const outbox = new Outbox(f.open(), undefined, { now: testClock });
  try {
    outbox.enqueueCreate(createInput('BG1'));
    const pending = takeBackupInBackground(f.file, f.key.load(), f.dir, testClock);
    outbox.enqueueCreate(createInput('BG2')); // the app keeps working meanwhile
    const backup = await pending;
    assert.ok(backup);
    assert.equal(await takeBackupInBackground(f.file, f.key.load(), f.dir, testClock), undefined, 'one a day');
    const raw = readFileSync(backup.file);
    assert.ok(!raw.includes(Buffer.from('SQLite format 3')) && !raw.includes(Buffer.from(TEST_CF)), 'encrypted');
    const copy = openDatabase(backup.file, { key: f.key, readonly: true });
    assert.ok((copy.prepare('SELECT count(*) FROM outbox_jobs').pluck().get() as number) >= 1);
    copy.close();
  } finally {
    outbox.close();
  }
});
