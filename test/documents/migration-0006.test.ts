// Migration 0006 on a database that already holds outbox jobs: the library tables are added, nothing of the
// outbox changes, and documents can then be recorded against the existing jobs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../main/core/shared/db/database.js';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { DocumentLibrary } from '../../main/core/app/documents/document-library.js';
import { createInput } from '../outbox/helpers.js';
import { testClock } from '../support/clock.js';
import { record } from './helpers.js';

test('migration 0006 adds the library to a database with outbox jobs and leaves the jobs as they were', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docs-mig6-'));
  try {
    const file = join(dir, 'fse-desk.sqlite');
    const old = openDatabase(file, { targetVersion: 5 });
    assert.equal(schemaVersion(old), 5);
    const outbox = new Outbox(old, undefined, { now: testClock });
    const a = outbox.enqueueCreate(createInput(1));
    const b = outbox.enqueueCreate(createInput(2));
    const jobsBefore = old.prepare('SELECT * FROM outbox_jobs ORDER BY id').all();
    old.close();

    const db = openDatabase(file, { targetVersion: 6 });
    try {
      assert.equal(schemaVersion(db), 6);
      assert.deepEqual(db.prepare('SELECT * FROM outbox_jobs ORDER BY id').all(), jobsBefore);
      const lib = new DocumentLibrary(db, testClock);
      // Jobs enqueued before the library existed (the CLI) are not documents of «Documenti».
      assert.equal(lib.list().total, 0);
      const documentId = lib.recordDocument(record(1, a));
      assert.deepEqual(
        lib.list().items.map((i) => [i.documentId, i.state]),
        [[documentId, 'queued']],
      );
      assert.throws(() => lib.recordDocument(record(1, a)), /UNIQUE/, 'one document per create/replace job');
      assert.ok(b > a);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
