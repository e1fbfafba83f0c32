// Faults injected on demand into the stand-in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, clientAgent, newDocId, publicationBody, startEnv, stopEnv, type Env } from './helpers.js';

describe('stand-in faults', () => {
  let env: Env;
  before(async () => {
    env = await startEnv();
  });
  after(() => stopEnv(env));

  const doc = (id: string) => env.cart.documents().find((d) => d.identificativoDoc === id);
  const create = (id = newDocId()) => call(env, { op: 'validateAndCreate', body: publicationBody(id) });

  test('a 429 fault answers 429 with Retry-After and X-CART-id, and applies nothing', async () => {
    env.cart.addFault({ fault: { kind: 'status', status: 429, retryAfterSeconds: 7 } });
    const id = newDocId();
    const r = await create(id);
    assert.equal(r.status, 429);
    assert.equal(r.headers['retry-after'], '7');
    assert.equal(r.json.type, 'https://govway.org/handling-errors/429/TooManyRequests.html');
    assert.ok(r.xCartId);
    assert.equal(doc(id), undefined);
  });

  test('a status fault applies once by default', async () => {
    env.cart.addFault({ fault: { kind: 'status', status: 503 } });
    assert.equal((await create()).status, 503);
    assert.equal((await create()).status, 202);
  });

  test('a status fault with times: 2 applies twice', async () => {
    env.cart.addFault({ fault: { kind: 'status', status: 502 }, times: 2 });
    assert.equal((await create()).status, 502);
    assert.equal((await create()).status, 502);
    assert.equal((await create()).status, 202);
  });

  test('a 500 fault answers /msg/generic-error', async () => {
    env.cart.addFault({ fault: { kind: 'status', status: 500 } });
    const r = await create();
    assert.equal(r.status, 500);
    assert.equal(r.json.type, '/msg/generic-error');
  });

  test('a 504 fault carries the given type', async () => {
    env.cart.addFault({ fault: { kind: 'status', status: 504, type: '/msg/generic-timeout' } });
    const r = await create();
    assert.equal(r.status, 504);
    assert.equal(r.json.type, '/msg/generic-timeout');
  });

  test('a fault bound to an operation leaves the others alone', async () => {
    env.cart.addFault({ fault: { kind: 'status', status: 503 }, operation: 'delete' });
    assert.equal((await create()).status, 202);
    assert.equal((await call(env, { op: 'delete', id: newDocId() })).status, 503);
  });

  test('clearFaults removes pending faults', async () => {
    env.cart.addFault({ fault: { kind: 'status', status: 503 }, times: Infinity });
    env.cart.clearFaults();
    assert.equal((await create()).status, 202);
  });

  test('drop-before-body closes the connection and applies nothing', async () => {
    env.cart.addFault({ fault: { kind: 'drop-before-body' } });
    const id = newDocId();
    await assert.rejects(create(id));
    assert.equal(doc(id), undefined);
  });

  test('drop-after-body applies the publication, then closes the connection without answering', async () => {
    env.cart.addFault({ fault: { kind: 'drop-after-body' } });
    const id = newDocId();
    await assert.rejects(create(id));
    assert.equal(doc(id)?.createCount, 1);
    assert.equal(env.cart.requests().at(-1)?.status, 0);
  });

  test('hang keeps the request unanswered until the client gives up, and applies nothing', async () => {
    env.cart.addFault({ fault: { kind: 'hang', ms: 60_000 } });
    const agent = clientAgent(env.pki, env.pki.auth, 500);
    const id = newDocId();
    try {
      await assert.rejects(call(env, { op: 'validateAndCreate', body: publicationBody(id), agent }), /timeout/i);
    } finally {
      await agent.destroy();
    }
    assert.equal(doc(id), undefined);
  });

  test('latency delays the answer, which still arrives', async () => {
    env.cart.addFault({ fault: { kind: 'latency', ms: 300 }, times: 1 });
    const start = Date.now();
    const r = await create();
    assert.equal(r.status, 202);
    assert.ok(Date.now() - start >= 300);
  });
});
