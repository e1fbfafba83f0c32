// The app records a document in the same transaction that queues its job (enqueue.ts, onQueued): a failure
// while recording leaves no job behind, and a recorded job is there with its record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { enqueueCartRequest } from '../../main/core/outbox/enqueue.js';
import { testNow, testClock } from '../support/clock.js';
import { testProfile } from '../support/profiles.js';
import { TEST_CF } from './helpers.js';

const ID = '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.7';
const profile = testProfile('https://127.0.0.1:9/gateway/v2/', {
  caFile: '/nonexistent/ca.pem',
  authP12: '/nonexistent/a1.p12',
  signatureP12: '/nonexistent/s1.p12',
});

let dir: string;
let outbox: Outbox;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'enqueue-record-'));
  outbox = Outbox.open(join(dir, 'fse-desk.sqlite'), undefined, { now: testClock });
  outbox.db.exec('CREATE TABLE records (job_id INTEGER NOT NULL)');
});
after(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const jobs = (): number => (outbox.db.prepare('SELECT count(*) AS n FROM outbox_jobs').get() as { n: number }).n;
const deleteCall = { operation: 'delete', id: ID, patientFiscalCode: TEST_CF } as const;

test('a record that fails to be written takes its queued job with it', async () => {
  const queuedBefore = jobs();
  await assert.rejects(
    enqueueCartRequest(outbox, profile, deleteCall, testNow(), () => {
      throw new Error('disk full while recording the document');
    }),
    /disk full/,
  );
  assert.equal(jobs(), queuedBefore);
});

test('a queued job and its record are written together', async () => {
  const jobId = await enqueueCartRequest(outbox, profile, deleteCall, testNow(), (id) => {
    outbox.db.prepare('INSERT INTO records (job_id) VALUES (?)').run(id);
  });
  assert.deepEqual(outbox.db.prepare('SELECT job_id FROM records').all(), [{ job_id: jobId }]);
});
