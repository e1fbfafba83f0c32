// Each document state from real outbox jobs moved through their states (the scripted gateway answers, the
// runner's own transitions), read back from the library's SQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeLibEnv } from './helpers.js';
import { docId } from '../outbox/helpers.js';

test('a document whose create is waiting to be sent is «da inviare»', () => {
  const env = makeLibEnv();
  try {
    const { documentId } = env.create(1);
    assert.equal(env.lib.stateOf(documentId), 'queued');
    assert.equal(env.lib.get(documentId)?.stateLabel, 'Da inviare');
  } finally {
    env.cleanup();
  }
});

test('a document whose create is in flight is «in invio»', async () => {
  const env = makeLibEnv();
  try {
    let release!: () => void;
    env.port.gate = new Promise<void>((r) => (release = r));
    const { documentId } = env.create(1);
    const draining = env.outbox.drain({ until: 'empty' });
    while (env.port.sent.length === 0) await new Promise((r) => setImmediate(r));
    assert.equal(env.lib.stateOf(documentId), 'sending');
    release();
    await draining;
  } finally {
    env.cleanup();
  }
});

test('a document accepted by CART whose status is still being checked is «in invio», and «pubblicato» once confirmed', async () => {
  const env = makeLibEnv();
  try {
    const lookup = env.port.lookupByWorkflow;
    delete env.port.lookupByWorkflow;
    const { documentId, jobId } = env.create(1);
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(jobId)?.state, 'accepted');
    assert.equal(env.lib.stateOf(documentId), 'sending');
    env.port.lookupByWorkflow = lookup;
    await env.settle();
    assert.equal(env.outbox.job(jobId)?.state, 'confirmed');
    assert.equal(env.lib.stateOf(documentId), 'published');
  } finally {
    env.cleanup();
  }
});

test('a document accepted by a gateway without status look-ups is «pubblicato» once the checks stop', async () => {
  const env = makeLibEnv();
  try {
    // A bare 404 to the look-up: the gateway has no status service (confirm.ts stops the checks).
    env.port.lookupByWorkflow = async () => ({
      ok: false,
      operation: 'statusByWorkflow',
      httpStatus: 404,
      error: { category: 'not-found', message: 'Not Found' },
    });
    const { documentId, jobId } = env.create(1);
    await env.settle();
    const job = env.outbox.store.job(jobId)!;
    assert.deepEqual([job.state, job.held], ['accepted', true]);
    assert.equal(env.lib.stateOf(documentId), 'published');
  } finally {
    env.cleanup();
  }
});

test('a refused create is «rifiutato» with the reason and «Correggi e invia di nuovo»', async () => {
  const env = makeLibEnv();
  try {
    env.refuse.add(docId(1));
    const { documentId, jobId } = env.create(1);
    await env.settle();
    const d = env.lib.get(documentId)!;
    assert.equal(d.state, 'rejected');
    assert.deepEqual(d.rejection, {
      jobId,
      reason: 'Errore di sintassi nel CDA.',
      detail: 'Elemento mancante',
      action: 'correct',
      actionLabel: 'Correggi e invia di nuovo',
    });
    assert.deepEqual(env.lib.list().items[0]?.rejection?.action, 'correct');
  } finally {
    env.cleanup();
  }
});

test('a create refused because the deadline passed offers «Riprova»', async () => {
  const env = makeLibEnv();
  try {
    const { documentId, jobId } = env.create(1);
    const now = env.clock.t;
    env.outbox.store.transition(
      jobId,
      ['queued'],
      'rejected',
      now,
      { lastError: { category: 'transient', message: 'Scadenza superata.', type: 'outbox/deadline' } },
      {
        kind: 'deadline-passed',
        reason: 'deadline passed',
      },
    );
    const r = env.lib.get(documentId)!.rejection!;
    assert.deepEqual([r.action, r.actionLabel], ['retry', 'Riprova']);
  } finally {
    env.cleanup();
  }
});

test('a create whose outcome is held for the user is «da verificare»', () => {
  const env = makeLibEnv();
  try {
    const { documentId, jobId } = env.create(1);
    const now = env.clock.t;
    env.outbox.store.transition(
      jobId,
      ['queued'],
      'needs-reconciliation',
      now,
      { held: true },
      { kind: 'held-for-user', reason: 'held for the user: deadline passed' },
    );
    assert.equal(env.lib.stateOf(documentId), 'attention');
  } finally {
    env.cleanup();
  }
});

test('a create withdrawn by the user is «annullato»', () => {
  const env = makeLibEnv();
  try {
    const { documentId, jobId } = env.create(1);
    assert.equal(env.outbox.cancel(jobId).ok, true);
    assert.equal(env.lib.stateOf(documentId), 'cancelled');
  } finally {
    env.cleanup();
  }
});

test('after a confirmed replace the old version is «sostituito» by the new one, never «pubblicato»', async () => {
  const env = makeLibEnv();
  try {
    const v1 = env.create(1);
    await env.settle();
    const v2 = env.replace(v1.documentId, 1, '1v2');
    assert.equal(env.lib.stateOf(v1.documentId), 'published', 'still the current version while the replace waits');
    assert.equal(env.lib.get(v1.documentId)?.pendingAction, 'replace');
    await env.settle();
    assert.equal(env.outbox.job(v2.jobId)?.state, 'confirmed');
    const old = env.lib.get(v1.documentId)!;
    assert.equal(old.state, 'replaced');
    assert.deepEqual(old.replacedBy, { documentId: v2.documentId, version: 2 });
    assert.equal(env.lib.stateOf(v2.documentId), 'published');
    const listed = env.lib.list().items;
    assert.deepEqual(
      listed.map((i) => [i.documentId, i.state]),
      [
        [v2.documentId, 'published'],
        [v1.documentId, 'replaced'],
      ],
    );
    assert.deepEqual(
      env.lib.list({ state: 'published' }).items.map((i) => i.documentId),
      [v2.documentId],
    );
    assert.deepEqual(
      env.lib.get(v2.documentId)!.versions.map((v) => [v.version, v.state]),
      [
        [1, 'replaced'],
        [2, 'published'],
      ],
    );
  } finally {
    env.cleanup();
  }
});

test('a refused replace leaves the old version «pubblicato» and the new one «rifiutato»', async () => {
  const env = makeLibEnv();
  try {
    const v1 = env.create(1);
    await env.settle();
    env.refuse.add(docId('1v2'));
    const v2 = env.replace(v1.documentId, 1, '1v2');
    await env.settle();
    assert.equal(env.lib.stateOf(v1.documentId), 'published');
    assert.equal(env.lib.stateOf(v2.documentId), 'rejected');
    assert.equal(env.lib.get(v1.documentId)?.pendingAction, null);
  } finally {
    env.cleanup();
  }
});

test('after a delete accepted by CART the document is «eliminato», never «pubblicato»', async () => {
  const env = makeLibEnv();
  try {
    const d = env.create(1);
    await env.settle();
    const del = env.act(d.documentId, 1, 'delete');
    assert.equal(env.lib.stateOf(d.documentId), 'published', 'still on the FSE until the delete is applied');
    assert.equal(env.lib.get(d.documentId)?.pendingAction, 'delete');
    await env.outbox.drain({ until: 'empty' });
    assert.ok(['accepted', 'confirmed'].includes(env.outbox.job(del)!.state));
    assert.equal(env.lib.stateOf(d.documentId), 'deleted');
    await env.settle();
    assert.equal(env.lib.stateOf(d.documentId), 'deleted');
    assert.deepEqual(env.lib.list({ state: 'published' }).items, []);
    assert.deepEqual(
      env.lib.list({ state: 'deleted' }).items.map((i) => i.documentId),
      [d.documentId],
    );
  } finally {
    env.cleanup();
  }
});

test('a replaced version deleted later stays «sostituito»; the deleted current version is «eliminato»', async () => {
  const env = makeLibEnv();
  try {
    const v1 = env.create(1);
    await env.settle();
    const v2 = env.replace(v1.documentId, 1, '1v2');
    await env.settle();
    env.act(v2.documentId, '1v2', 'delete');
    await env.settle();
    assert.equal(env.lib.stateOf(v1.documentId), 'replaced');
    assert.equal(env.lib.stateOf(v2.documentId), 'deleted');
    assert.deepEqual(env.lib.list({ state: 'published' }).items, []);
  } finally {
    env.cleanup();
  }
});

test('a refused metadata update makes a published document «da verificare» until a later update goes through', async () => {
  const env = makeLibEnv();
  try {
    const d = env.create(1);
    await env.settle();
    env.refuse.add(docId(1));
    env.act(d.documentId, 1, 'updateMetadata');
    await env.settle();
    assert.equal(env.lib.stateOf(d.documentId), 'attention');
    env.refuse.delete(docId(1));
    env.act(d.documentId, 1, 'updateMetadata');
    await env.settle();
    assert.equal(env.lib.stateOf(d.documentId), 'published');
  } finally {
    env.cleanup();
  }
});

test('a document\u2019s page lists its operations with the CART ids of each job', async () => {
  const env = makeLibEnv();
  try {
    const d = env.create(1);
    await env.settle();
    const meta = env.act(d.documentId, 1, 'updateMetadata');
    await env.settle();
    const ops = env.lib.get(d.documentId)!.operations;
    assert.deepEqual(
      ops.map((o) => [o.kind, o.label, o.jobId]),
      [
        ['create', 'Pubblicazione', d.jobId],
        ['updateMetadata', 'Aggiornamento metadati', meta],
      ],
    );
    for (const o of ops) {
      assert.match(o.xCartId ?? '', /^[0-9a-f-]{36}$/);
      assert.ok(o.traceId && o.workflowInstanceId);
      assert.ok(o.history.length >= 3);
    }
  } finally {
    env.cleanup();
  }
});
