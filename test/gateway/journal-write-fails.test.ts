// A journal that cannot be written (disk full, read-only archive) must not lose the gateway's answer:
// the client returns the result with the failure, and tells its owner so the log says why the exchange is missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MockCart } from '../../mock-cart/server.js';
import { startTestCart } from '../support/test-cart.js';
import { testClock, testNow } from '../support/clock.js';
import type { TestPki } from '../support/pki.js';
import { CartClient } from '../../main/core/gateway/cart-client.js';
import { loadCartCredentials } from '../../main/core/credentials/cart-credentials.js';
import { CartJournal } from '../../main/core/gateway/journal.js';
import { openDatabase, type Database } from '../../main/core/shared/db/database.js';
import { testCredentialSource, testProfile } from './helpers.js';

let dir: string;
let pki: TestPki;
let cart: MockCart;
let db: Database;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'journal-fails-'));
  ({ pki, cart } = await startTestCart(dir));
  db = openDatabase(join(dir, 'journal.sqlite'));
});
after(async () => {
  db.close();
  await cart.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an answer the journal cannot store is still returned, with the reason, and the owner is told', async () => {
  const profile = testProfile(cart.url, { ...pki, caFile: cart.caFile }, { dataDir: join(dir, 'data') });
  const journal = new CartJournal(db);
  journal.append = () => {
    throw new Error('SQLITE_FULL: database or disk is full');
  };
  const told: string[] = [];
  const client = new CartClient({
    profile,
    credentials: loadCartCredentials(profile, testCredentialSource(pki.password), testNow()),
    trustedCaPem: pki.ca.certPem,
    journal,
    onJournalError: (m) => told.push(m),
    now: testClock,
  });
  try {
    const r = await client.send({ operation: 'statusByTrace', traceId: '0123456789abcdef0123456789abcdef' });
    assert.ok(r.httpStatus !== undefined, `the gateway's answer is kept: ${JSON.stringify(r)}`);
    assert.equal(r.journalId, undefined);
    assert.match(r.journalError ?? '', /SQLITE_FULL/);
    assert.deepEqual(told, [r.journalError]);
  } finally {
    await client.close();
  }
});
