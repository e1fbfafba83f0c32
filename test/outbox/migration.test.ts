import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../main/core/shared/db/database.js';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { createInput } from './helpers.js';
import { testClock } from '../support/clock.js';

test('a database written by the previous schema version opens with its rows kept and an empty outbox added', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-mig-'));
  try {
    const file = join(dir, 'fse-desk.sqlite');
    const old = openDatabase(file, { targetVersion: 2 });
    assert.ok(schemaVersion(old) <= 2);
    assert.equal(old.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'outbox_jobs'").get() !== undefined, true);
    old.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('profile', '{"x":1}', '2026-05-01T00:00:00Z');
    old.close();

    const db = openDatabase(file);
    assert.ok(schemaVersion(db) >= 3);
    assert.equal((db.prepare("SELECT value FROM settings WHERE key = 'profile'").get() as { value: string }).value, '{"x":1}');
    const outbox = new Outbox(db, undefined, { now: testClock });
    assert.deepEqual(outbox.list(), []);
    assert.equal(outbox.counts().paused, false);
    const id = outbox.enqueueCreate(createInput(1));
    assert.equal(outbox.job(id)!.state, 'queued');
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
