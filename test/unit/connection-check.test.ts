// The check behind «In linea» (main/core/app/connection-check.ts): unknown until the first check of a connection
// finishes, then the check's outcome; repeated only while documents wait; a result for a replaced connection
// is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionCheck } from '../../main/core/app/connection-check.js';
import type { ProbeOutcome } from '../../main/core/outbox/index.js';

function deferred(): { promise: Promise<ProbeOutcome>; resolve(v: ProbeOutcome): void } {
  let resolve!: (v: ProbeOutcome) => void;
  const promise = new Promise<ProbeOutcome>((r) => (resolve = r));
  return { promise, resolve };
}

test('«checking» until the first check finishes, then its outcome', async () => {
  const d = deferred();
  const c = new ConnectionCheck({ probe: () => d.promise, hasWaiting: () => false });
  assert.equal(c.state, 'checking');
  const first = c.restart();
  assert.equal(c.state, 'checking');
  d.resolve('offline');
  await first;
  assert.equal(c.state, 'offline');
  c.stop();
});

test('each outcome of the probe has its state', async () => {
  for (const [outcome, state] of [
    ['online', 'online'],
    ['offline', 'offline'],
    ['auth-failed', 'refused'],
    ['server-untrusted', 'server-untrusted'],
  ] as const) {
    const c = new ConnectionCheck({ probe: async () => outcome, hasWaiting: () => false });
    await c.restart();
    assert.equal(c.state, state);
    c.stop();
  }
});

test('a probe that throws counts as offline', async () => {
  const c = new ConnectionCheck({ probe: () => Promise.reject(new Error('boom')), hasWaiting: () => false });
  await c.restart();
  assert.equal(c.state, 'offline');
  c.stop();
});

test('the periodic check runs only while documents wait', async () => {
  let probes = 0;
  let waiting = false;
  const c = new ConnectionCheck({ probe: async () => (probes++, 'online'), hasWaiting: () => waiting, periodMs: 10 });
  await c.restart();
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(probes, 1, 'nothing waits: only the check of the new connection');
  waiting = true;
  for (let waited = 0; probes < 3; waited += 10) {
    assert.ok(waited < 5_000, `${probes} checks`);
    await new Promise((r) => setTimeout(r, 10));
  }
  c.stop();
});

test('the result of a check of a connection since replaced is dropped', async () => {
  const old = deferred();
  let next: Promise<ProbeOutcome> = old.promise;
  const c = new ConnectionCheck({ probe: () => next, hasWaiting: () => false });
  const stale = c.restart();
  next = Promise.resolve('offline');
  await c.restart();
  old.resolve('online');
  await stale;
  assert.equal(c.state, 'offline');
  c.stop();
});
