// Issue 11, finding 3: when the outbox's own state cannot be written (a full disk), the runner must not spin.
// The disk is really full: SQLite's max_page_count is set to the file's current size and the free space inside
// its pages is used up, so every write that needs a page fails with SQLITE_FULL, as on a full disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { createCartPort } from '../../main/core/outbox/cart-port-client.js';
import { CartJournal } from '../../main/core/gateway/journal.js';
import { envCredentialSource } from '../../main/cli/profile-file.js';
import { manualClock } from '../support/clock.js';
import { startTestCart } from '../support/test-cart.js';
import { testProfile } from '../support/profiles.js';
import { FakePort, ok } from './fake-port.js';
import { createInput, makeEnv } from './helpers.js';
import { standInDocs } from './stand-in.js';

/**
 * Makes the database file full: no new page can be allocated (max_page_count = its size), the free pages are used
 * up, and so is the room left in the pages of the events table, which every state change of a job appends to.
 */
function fillDisk(db: Database, jobId: number): void {
  db.exec('CREATE TABLE IF NOT EXISTS test_filler (x BLOB)');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const untilFull = (insert: (size: number) => void): void => {
    for (const size of [4000, 1000, 200, 20, 1]) {
      try {
        for (;;) insert(size);
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_FULL') throw err;
      }
    }
  };
  const filler = db.prepare('INSERT INTO test_filler VALUES (?)');
  untilFull((size) => filler.run(Buffer.alloc(size)));
  const event = db.prepare("INSERT INTO outbox_events (job_id, at, to_state, attempt, kind, reason) VALUES (?, 0, 'queued', 0, 'enqueued', ?)");
  untilFull((size) => event.run(jobId, 'f'.repeat(size)));
}

function freeDisk(db: Database): void {
  db.pragma('max_page_count = 1073741823');
}

test('with the disk full the runner makes no network call, pauses the queue with the reason, and resumes by itself', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'runner-storage-'));
  const clock = manualClock();
  const { pki, cart } = await startTestCart(dir, { now: clock.now });
  const profile = testProfile(cart.url, { caFile: cart.caFile, authP12: pki.authP12, signatureP12: pki.signatureP12 });
  const outbox = Outbox.open(join(dir, 'fse-desk.sqlite'), undefined, { now: clock.now });
  const port = createCartPort(profile, {
    credentialSource: envCredentialSource({ TEST_AUTH_PW: pki.password, TEST_SIG_PW: pki.password }),
    journal: new CartJournal(outbox.db),
    now: clock.now,
  });
  const sender = new Outbox(outbox.db, port, { now: clock.now, settleMs: 0, confirm: false, random: () => 0.5 });
  const watchdog = new AbortController();
  try {
    const [doc] = await standInDocs(profile, 'DISKFULL', 1);
    const id = sender.enqueueCreate(doc!);
    // The frontier answers 504: the create may have been applied, the job needs a look-up (the case of the 53,079 look-ups).
    cart.addFault({ fault: { kind: 'status', status: 504 }, operation: 'validateAndCreate' });
    await sender.drain({ until: 'idle' });
    assert.equal(sender.job(id)!.state, 'needs-reconciliation');
    const before = cart.requests().length;

    fillDisk(outbox.db, id);
    // Before the fix one drain never returned (a look-up per turn): stop it after 100 requests so the test fails, not hangs.
    const t = setInterval(() => {
      if (cart.requests().length - before > 100) watchdog.abort();
    }, 20);
    try {
      for (let s = 0; s < 300 && !watchdog.signal.aborted; s++) {
        clock.advance(1_000);
        await sender.drain({ until: 'idle', signal: watchdog.signal });
      }
    } finally {
      clearInterval(t);
    }
    const duringFull = cart.requests().length - before;
    // At most the look-up whose outcome could not be saved, then nothing for 5 simulated minutes.
    assert.ok(duringFull <= 3, `${duringFull} requests in 5 minutes with the disk full`);
    const c = sender.counts();
    assert.equal(c.paused, true);
    assert.equal(c.pauseMessage, 'Disco pieno: liberare spazio sul disco; gli invii riprenderanno da soli.');

    freeDisk(outbox.db);
    clock.advance(120_000);
    await sender.drain({ until: 'empty' });
    assert.equal(sender.counts().paused, false, 'resumed by itself once writes work');
    assert.ok(['accepted', 'confirmed'].includes(sender.job(id)!.state), `state ${sender.job(id)!.state}`);
    assert.equal(cart.documents().filter((d) => d.identificativoDoc === doc!.identificativoDoc)[0]?.createCount, 1);
  } finally {
    await port.close();
    outbox.close();
    await cart.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with the disk full before a send nothing is sent: the job cannot be marked as sending', async () => {
  const port = new FakePort((req) => ok(req));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    fillDisk(env.outbox.db, id);
    for (let s = 0; s < 60; s++) {
      env.clock.advance(1_000);
      await env.outbox.drain({ until: 'idle' });
    }
    assert.equal(port.sent.length, 0);
    assert.equal(env.outbox.job(id)!.state, 'queued');
    assert.equal(env.outbox.counts().paused, true);
    freeDisk(env.outbox.db);
    env.clock.advance(120_000);
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(id)!.state, 'accepted');
    assert.equal(port.sent.length, 1);
  } finally {
    env.cleanup();
  }
});

test('an answer that arrives while the disk fills up is kept in memory and written when space is back, never resent', async () => {
  const holder: { env?: ReturnType<typeof makeEnv> } = {};
  const port = new FakePort((req) => {
    // The disk fills up while the request is on its way.
    fillDisk(holder.env!.outbox.db, 1);
    return ok(req);
  });
  const env = (holder.env = makeEnv(port));
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    assert.equal(env.outbox.job(id)!.state, 'sending', 'the answer could not be saved yet');
    assert.equal(env.outbox.counts().paused, true);
    port.setScript((req) => ok(req));
    freeDisk(env.outbox.db);
    env.clock.advance(120_000);
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(id)!.state, 'accepted');
    assert.equal(port.sent.length, 1, 'sent once');
  } finally {
    env.cleanup();
  }
});
