// Work held back by the request ceiling (request-ceiling.ts) asks nothing of the gateway: a send the port would hold
// back is not marked as an attempt at all, and a status check held back does not use up one of the job's bounded
// checks (confirm.ts); neither writes a history entry. Both wait in memory for a free slot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CartResult } from '../../main/core/gateway/types.js';
import { REQUEST_CEILING_TYPE } from '../../main/core/outbox/request-ceiling.js';
import { FakePort } from './fake-port.js';
import { createInput, makeEnv } from './helpers.js';

const heldBack = (): CartResult => ({
  ok: false,
  operation: 'statusByWorkflow',
  retryAfterMs: 30_000,
  error: { category: 'transient', type: REQUEST_CEILING_TYPE, message: 'Troppe richieste a CART in poco tempo.' },
});

test('a status check held back by the ceiling is not counted as a check and is tried again once a slot is free', async () => {
  const port = new FakePort();
  let lookups = 0;
  let held = true;
  port.lookupByWorkflow = async () => {
    lookups++;
    return held
      ? heldBack()
      : {
          ok: true,
          operation: 'statusByWorkflow',
          httpStatus: 200,
          body: { transactionData: [{ eventType: 'SEND_TO_INI', eventStatus: 'SUCCESS' }] },
        };
  };
  const env = makeEnv(port, { confirm: { firstDelayMs: 0, maxChecks: 2 } });
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    assert.equal(env.outbox.job(id)!.state, 'accepted');
    const events = env.outbox.events(id).length;
    for (let i = 0; i < 5; i++) {
      env.clock.advance(31_000);
      await env.outbox.runner.drain({ until: 'settled', signal: AbortSignal.timeout(200) });
    }
    assert.ok(lookups >= 5, `${lookups} look-ups asked of the port`);
    assert.equal(env.outbox.store.statusCheckCount(id), 0, 'no check spent');
    assert.equal(env.outbox.events(id).length, events, 'no history entry');
    held = false;
    env.clock.advance(31_000);
    await env.outbox.runner.drain({ until: 'settled', signal: AbortSignal.timeout(2_000) });
    assert.equal(env.outbox.job(id)!.state, 'confirmed');
  } finally {
    env.cleanup();
  }
});

test('while the only due work is held back in memory the runner waits, it does not loop busily', async () => {
  const port = new FakePort();
  port.lookupByWorkflow = async () => heldBack();
  const env = makeEnv(port, { confirm: { firstDelayMs: 0 } });
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    assert.equal(env.outbox.job(id)!.state, 'accepted');
    let turns = 0;
    const dueChecks = env.outbox.store.dueChecks.bind(env.outbox.store);
    env.outbox.store.dueChecks = (now, limit) => (turns++, dueChecks(now, limit));
    // The check is held for 30 simulated (and real) seconds: half a second of it.
    await env.outbox.runner.drain({ until: 'settled', signal: AbortSignal.timeout(500) });
    assert.ok(turns <= 20, `${turns} turns of the loop in half a second`);
  } finally {
    env.cleanup();
  }
});

test('a send the ceiling would hold back is not claimed: no attempt, no history entry, sent once a slot is free', async () => {
  const port = new FakePort();
  let wait = 30_000;
  port.readyIn = () => wait;
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    assert.equal(port.sent.length, 0);
    assert.equal(env.outbox.job(id)!.attempts, 0);
    assert.deepEqual(
      env.outbox.events(id).map((e) => e.kind),
      ['enqueued'],
    );
    wait = 0;
    env.clock.advance(31_000);
    await env.outbox.drain({ until: 'idle' });
    assert.equal(env.outbox.job(id)!.state, 'accepted');
    assert.equal(port.sent.length, 1);
  } finally {
    env.cleanup();
  }
});
