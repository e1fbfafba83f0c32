import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, schemaVersion } from '../../main/core/shared/db/database.js';
import { StorageFault } from '../../main/core/shared/db/storage-fault.js';
import { MIGRATIONS } from '../../main/core/shared/db/migrations/index.js';
import type { Migration } from '../../main/core/shared/db/migrations/types.js';

const dbFile = () => join(mkdtempSync(join(tmpdir(), 'fse-db-')), 'fse-desk.sqlite');

test('a new database is in WAL mode with synchronous FULL and foreign keys on', () => {
  const db = openDatabase(dbFile());
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 2);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  db.close();
});

test('a new database is migrated to the latest schema version', () => {
  const db = openDatabase(dbFile());
  assert.equal(schemaVersion(db), MIGRATIONS[MIGRATIONS.length - 1]!.version);
  db.close();
});

test('migration versions are consecutive from 1', () => {
  assert.deepEqual(
    MIGRATIONS.map((m) => m.version),
    MIGRATIONS.map((_, i) => i + 1),
  );
});

test('migration 1 creates the settings table and keeps rows across reopening', () => {
  const f = dbFile();
  const db = openDatabase(f, { targetVersion: 1 });
  db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'now')").run();
  db.close();
  const again = openDatabase(f);
  assert.equal((again.prepare("SELECT value FROM settings WHERE key = 'k'").get() as { value: string }).value, 'v');
  again.close();
});

test('a database written by a newer app is refused, not downgraded', () => {
  const f = dbFile();
  const db = openDatabase(f);
  db.pragma('user_version = 999');
  db.close();
  assert.throws(
    () => openDatabase(f),
    (err) => err instanceof StorageFault && err.kind === 'too-new',
  );
});

test('a failing migration leaves the database at its previous version', () => {
  const f = dbFile();
  openDatabase(f, { targetVersion: 1 }).close();
  const broken: Migration[] = [MIGRATIONS[0]!, { version: 2, name: 'broken', up: (db) => db.exec('CREATE TABLE t (x); SELECT * FROM missing_table;') }];
  const db = openDatabase(f, { targetVersion: 1 });
  assert.throws(() => migrate(db, broken));
  assert.equal(schemaVersion(db), 1);
  assert.equal(
    db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get() &&
      (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get() as { n: number }).n,
    0,
  );
  db.close();
});
