// The state filter of «Documenti» starts from the few jobs that can match (STATE_CANDIDATES_SQL) and then applies
// the state's one definition: the documents it returns are exactly those the unfiltered list shows in that state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCUMENT_STATES } from '../../contract/documents.js';
import { docId } from '../outbox/helpers.js';
import { makeLibEnv } from './helpers.js';

test('filtering by each state returns exactly the documents shown in that state', async () => {
  const env = makeLibEnv();
  try {
    const published = env.create(1).documentId;
    const replaced = env.create(2).documentId;
    const deleted = env.create(3).documentId;
    const metaRefused = env.create(4).documentId;
    env.refuse.add(docId(5));
    env.create(5);
    await env.settle();
    env.replace(replaced, 2, '2v2');
    env.act(deleted, 3, 'delete');
    env.refuse.add(docId(4));
    env.act(metaRefused, 4, 'updateMetadata');
    await env.settle();
    env.create(6); // queued
    const cancelled = env.create(7);
    env.outbox.cancel(cancelled.jobId);
    const held = env.create(8);
    env.outbox.store.transition(held.jobId, ['queued'], 'needs-reconciliation', env.clock.t, { held: true }, { kind: 'held-for-user', reason: 'held' });
    const inFlight = env.create(9);
    env.outbox.store.transition(inFlight.jobId, ['queued'], 'sending', env.clock.t, {}, { kind: 'send', reason: 'send' });

    const all = env.lib.list({ pageSize: 100 }).items;
    assert.deepEqual(new Set(all.map((i) => i.state)), new Set(DOCUMENT_STATES), 'every state is represented');
    assert.equal(all.find((i) => i.documentId === published)?.state, 'published');
    for (const state of DOCUMENT_STATES) {
      const filtered = env.lib.list({ state, pageSize: 100 });
      const expected = all.filter((i) => i.state === state).map((i) => i.documentId);
      assert.deepEqual(
        filtered.items.map((i) => i.documentId),
        expected,
        state,
      );
      assert.equal(filtered.total, expected.length, state);
      assert.equal(filtered.totalIsAtLeast, false);
    }
  } finally {
    env.cleanup();
  }
});

test('a count by state stops at 1,000 and says so; without a state filter the count is exact', () => {
  const env = makeLibEnv();
  try {
    env.outbox.db.transaction(() => {
      for (let i = 0; i < 1001; i++) env.create(`c${i}`);
    })();
    const byState = env.lib.list({ state: 'queued', pageSize: 5 });
    assert.deepEqual([byState.total, byState.totalIsAtLeast, byState.items.length], [1000, true, 5]);
    const all = env.lib.list({ pageSize: 5 });
    assert.deepEqual([all.total, all.totalIsAtLeast], [1001, false]);
  } finally {
    env.cleanup();
  }
});
