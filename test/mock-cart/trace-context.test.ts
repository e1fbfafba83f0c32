// The stand-in continues the caller's W3C traceparent like the national dispatcher's Spring tracing, and
// records status events for every applied operation, also when its answer is then lost.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startMockCart } from '../../mock-cart/server.js';
import { testClock } from '../support/clock.js';
import { traceIdFromTraceparent } from '../../mock-cart/trace-context.js';
import { call, clientAgent, getStatus, newDocId, publicationBody, publish, startEnv, stopEnv, type Env, type Op } from './helpers.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const tp = (trace: string, parent = PARENT, flags = '01', version = '00'): string => `${version}-${trace}-${parent}-${flags}`;
const newTrace = (): string => Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
const searchPath = (trace: string): string => `status/search/${trace}`;

describe('traceparent parsing (W3C Trace Context)', () => {
  test('a valid version 00 header yields its trace id', () => {
    assert.equal(traceIdFromTraceparent(tp(TRACE)), TRACE);
    assert.equal(traceIdFromTraceparent(tp(TRACE, PARENT, '00')), TRACE);
  });

  test('a future version with extra fields is still continued', () => {
    assert.equal(traceIdFromTraceparent(`${tp(TRACE, PARENT, '01', '01')}-extra`), TRACE);
  });

  test('malformed headers are ignored', () => {
    for (const bad of [
      tp(TRACE.toUpperCase()),
      tp('0'.repeat(32)),
      tp(TRACE, '0'.repeat(16)),
      tp(TRACE, PARENT, '01', 'ff'),
      `${tp(TRACE)}-extra`,
      tp(TRACE.slice(0, 16)),
      'garbage',
      [tp(TRACE), tp(newTrace())],
    ]) {
      assert.equal(traceIdFromTraceparent(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(traceIdFromTraceparent(undefined), undefined);
  });
});

describe('stand-in trace continuation and status events', () => {
  let env: Env;
  before(async () => {
    env = await startEnv();
  });
  after(() => stopEnv(env));

  test('a valid traceparent becomes the answered traceID, with a new server span id', async () => {
    const trace = newTrace();
    const r = await call(env, { op: 'validateAndCreate', body: publicationBody(), headers: { traceparent: tp(trace) } });
    assert.equal(r.status, 202);
    assert.equal(r.json.traceID, trace);
    assert.match(String(r.json.spanID), /^[0-9a-f]{16}$/);
    assert.notEqual(r.json.spanID, PARENT);
  });

  test("status/search by the caller's trace id finds the events of the create", async () => {
    const trace = newTrace();
    await call(env, { op: 'validateAndCreate', body: publicationBody(), headers: { traceparent: tp(trace) } });
    const s = await getStatus(env, searchPath(trace));
    assert.equal(s.status, 200);
    const events = s.json.transactionData as Array<{ eventType: string; eventStatus: string; traceId: string }>;
    assert.deepEqual(
      events.map((e) => [e.eventType, e.eventStatus]),
      [
        ['PUBLICATION', 'SUCCESS'],
        ['SEND_TO_INI', 'SUCCESS'],
      ],
    );
    assert.ok(events.every((e) => e.traceId === trace));
  });

  test('an invalid or absent traceparent starts a new 64-bit trace as before', async () => {
    for (const headers of [{ traceparent: tp(TRACE.toUpperCase()) }, {}] as Array<Record<string, string>>) {
      const r = await call(env, { op: 'validateAndCreate', body: publicationBody(), headers });
      assert.equal(r.status, 202);
      assert.match(String(r.json.traceID), /^[0-9a-f]{16}$/);
      assert.equal(r.json.spanID, r.json.traceID);
    }
  });

  test("gateway problems carry the caller's trace id too", async () => {
    const trace = newTrace();
    const r = await getStatus(env, searchPath(newTrace()), undefined, { traceparent: tp(trace) });
    assert.equal(r.status, 404);
    assert.equal(r.json.type, '/msg/record-not-found');
    assert.equal(r.json.traceID, trace);
  });

  test('an operation applied and then dropped before the answer is found by its trace id', async () => {
    const ops: Array<{ op: Op; events: string[] }> = [
      { op: 'validateAndCreate', events: ['PUBLICATION', 'SEND_TO_INI'] },
      { op: 'updateMetadata', events: ['RIFERIMENTI_INI', 'EDS_UPDATE', 'INI_UPDATE'] },
      { op: 'replace', events: ['REPLACE', 'SEND_TO_INI'] },
      { op: 'delete', events: ['RIFERIMENTI_INI', 'EDS_DELETE', 'INI_DELETE'] },
    ];
    for (const { op, events } of ops) {
      const { id } = await publish(env);
      const trace = newTrace();
      env.cart.addFault({ fault: { kind: 'drop-after-body' }, operation: op });
      const target = op === 'validateAndCreate' ? undefined : id;
      await assert.rejects(
        call(env, {
          op,
          ...(target ? { id: target } : {}),
          ...(op === 'replace' || op === 'validateAndCreate' ? { body: publicationBody() } : {}),
          headers: { traceparent: tp(trace) },
        }),
      );
      const s = await getStatus(env, searchPath(trace));
      assert.equal(s.status, 200, op);
      assert.deepEqual(
        (s.json.transactionData as Array<{ eventType: string }>).map((e) => e.eventType),
        events,
        op,
      );
    }
  });

  test('a request dropped before its body is read leaves no status events', async () => {
    const trace = newTrace();
    const id = newDocId();
    env.cart.addFault({ fault: { kind: 'drop-before-body' }, operation: 'validateAndCreate' });
    await assert.rejects(call(env, { op: 'validateAndCreate', body: publicationBody(id), headers: { traceparent: tp(trace) } }));
    const s = await getStatus(env, searchPath(trace));
    assert.equal(s.status, 404);
    assert.equal(s.json.type, '/msg/record-not-found');
    assert.equal(
      env.cart.documents().find((d) => d.identificativoDoc === id),
      undefined,
    );
  });

  test('with honourTraceparent false every request starts its own trace', async () => {
    const cart = await startMockCart({
      stateDir: join(env.dir, 'state-no-tp'),
      tlsKeyPem: env.pki.server.keyPem,
      tlsCertPem: env.pki.server.certPem,
      clientCaPem: env.pki.ca.certPem,
      honourTraceparent: false,
      now: testClock,
    });
    const agent = clientAgent(env.pki, env.pki.auth);
    try {
      const other: Env = { ...env, cart, agent };
      const trace = newTrace();
      const r = await call(other, { op: 'validateAndCreate', body: publicationBody(), headers: { traceparent: tp(trace) } });
      assert.equal(r.status, 202);
      assert.notEqual(r.json.traceID, trace);
      assert.equal((await getStatus(other, searchPath(trace))).status, 404);
    } finally {
      await agent.close();
      await cart.close();
    }
  });
});
