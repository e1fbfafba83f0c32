import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../main/core/shared/db/database.js';
import { CartJournal } from '../../main/core/gateway/journal.js';
import { testClock } from '../support/clock.js';

test('migration 2 adds the append-only CART journal to a version-1 database and keeps its data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-mig-'));
  try {
    const file = join(dir, 'db.sqlite');
    const old = openDatabase(file, { targetVersion: 1 });
    old.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('profile', '{}', 'now');
    old.close();
    const db = openDatabase(file, { targetVersion: 2 });
    assert.equal(schemaVersion(db), 2);
    assert.equal((db.prepare('SELECT count(*) AS n FROM settings').get() as { n: number }).n, 1);
    const j = new CartJournal(db);
    const id = j.append({
      at: testClock(),
      operation: 'delete',
      method: 'DELETE',
      url: 'https://x/documents/a%5Eb',
      identificativoDoc: 'a^b',
      requestHeaders: {},
      xCartId: 'X1',
      ok: true,
      durationMs: 5,
    });
    assert.equal(j.byXCartId('X1')[0]!.id, id);
    assert.equal(j.byDocument('a^b').length, 1);
    assert.throws(() => db.prepare('UPDATE cart_journal SET url = ?').run('y'), /append-only/);
    assert.throws(() => db.prepare('DELETE FROM cart_journal').run(), /append-only/);
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cart_journal'").all() as { name: string }[]).map(
      (r) => r.name,
    );
    assert.deepEqual(indexes.sort(), ['cart_journal_identificativo_doc', 'cart_journal_x_cart_id']);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
