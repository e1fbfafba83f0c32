// Migration 0004: outbox events get their kind, once, from the reason text the outbox wrote before;
// jobs get purpose_of_use. The journal stays append-only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../main/core/shared/db/database.js';
import { OutboxStore } from '../../main/core/outbox/store.js';
import { decode } from '../../main/core/outbox/job-codec.js';
import { docId } from './helpers.js';

/** Every reason text the outbox wrote before 0004 (runner.ts, outbox.ts, store.ts), with the kind it gets. */
const LEGACY: Array<[string, string]> = [
  ['enqueued', 'enqueued'],
  ['send', 'send'],
  ['resend after reconciliation', 'resend'],
  ['accepted (HTTP 202)', 'accepted'],
  ['rejected: caller-fault', 'rejected'],
  ['transient: retry at 2026-05-01T09:00:01.000Z', 'retry-scheduled'],
  ['deadline passed', 'deadline-passed'],
  ['transient failure past the deadline', 'deadline-passed'],
  ['ambiguous: may have been applied', 'ambiguous'],
  ['authentication refused: queue paused', 'auth-refused'],
  ['crash-recovery: was sending when the previous process stopped', 'crash-recovery'],
  ['reconciled via clientTraceId: it had arrived', 'reconciled'],
  ['reconciled via workflowInstanceId: arrived, asynchronous outcome failed', 'reconciled'],
  ['reconciled: look-up by clientTraceId: not found', 'reconciled'],
  ['reconciled: rule: delete may be resent (404 on resend = already deleted)', 'reconciled'],
  ['held for the user: deadline passed', 'held-for-user'],
  ['held for the user: rule: create with unknown outcome and no usable look-up is never resent automatically', 'held-for-user'],
  ['reconcile later: look-up by traceId failed (transient)', 'reconcile-later'],
  ['gateway continues client trace ids: look-up now possible', 'lookup-possible'],
  ['status check 1: look-up by workflowInstanceId: still in progress', 'status-check'],
  ['status check 2: successful asynchronous outcome (via workflowInstanceId)', 'status-check'],
  ['stored data unusable', 'stored-data-unusable'],
  ['retry by the user', 'user-retry'],
  ['reconcile again, asked by the user', 'user-retry'],
  ['user: it is published', 'user-resolved'],
  ['user: not published, resend', 'user-resolved'],
  ['cancelled by the user', 'user-cancel'],
  ['a reason no version ever wrote', 'other'],
];

test('migration 0004 gives every existing outbox event its kind from its reason, and the journal stays append-only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-mig4-'));
  try {
    const file = join(dir, 'fse-desk.sqlite');
    const old = openDatabase(file, { targetVersion: 3 });
    assert.equal(schemaVersion(old), 3);
    const doc = Number(old.prepare('INSERT INTO outbox_documents (identificativo_doc, version, created_at) VALUES (?, 1, 0)').run(docId(1)).lastInsertRowid);
    const job = Number(
      old
        .prepare(
          `INSERT INTO outbox_jobs (document_id, chain, operation, path_id, person_id, correlation_id, state, next_attempt_at, deadline_at, created_at, updated_at)
           VALUES (?, ?, 'delete', ?, 'RMSLSO31M04Z404R^^^&2.16.840.1.113883.2.9.4.3.2&ISO', '0af7651916cd43dd8448eb211c80319c', 'accepted', 0, 0, 0, 0)`,
        )
        .run(doc, docId(1), docId(1)).lastInsertRowid,
    );
    const ev = old.prepare("INSERT INTO outbox_events (job_id, at, from_state, to_state, attempt, reason) VALUES (?, ?, 'queued', 'queued', 0, ?)");
    LEGACY.forEach(([reason], i) => ev.run(job, i, reason));
    old.close();

    const db = openDatabase(file, { targetVersion: 4 });
    try {
      assert.equal(schemaVersion(db), 4);
      const store = new OutboxStore(db);
      assert.deepEqual(
        store.events(job).map((e) => [e.reason, e.kind]),
        LEGACY,
      );
      assert.equal(store.statusCheckCount(job), 2, 'status checks are counted from the backfilled kind');
      assert.throws(() => db.exec("UPDATE outbox_events SET kind = 'send'"), /append-only/);
      assert.throws(() => db.exec('DELETE FROM outbox_events'), /append-only/);
      // A job stored before 0004 has no purpose_of_use and is still read by the codec.
      const row = store.job(job)!;
      assert.equal(row.purposeOfUse, null);
      const d = decode(row);
      assert.ok(d.ok);
      assert.deepEqual(d.call, {
        operation: 'delete',
        id: docId(1),
        claims: { patientId: 'RMSLSO31M04Z404R' },
        clientTraceId: '0af7651916cd43dd8448eb211c80319c',
      });
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
