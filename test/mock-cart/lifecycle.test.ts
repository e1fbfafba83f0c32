// Published state of the stand-in: replace/delete/metadata, duplicates, status look-ups, persistence.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startMockCart } from '../../mock-cart/server.js';
import { testClock } from '../support/clock.js';
import { call, getStatus, MEF, newDocId, publicationBody, publish, RSA1, sha256hex, startEnv, stopEnv, type Env } from './helpers.js';

describe('stand-in published state', () => {
  let env: Env;
  before(async () => {
    env = await startEnv();
  });
  after(() => stopEnv(env));

  const doc = (id: string) => env.cart.documents().find((d) => d.identificativoDoc === id);

  test('a create is recorded with the SHA-256 of the PDF and a hashed patient id', async () => {
    const { id } = await publish(env);
    const d = doc(id);
    assert.equal(d?.sha256, sha256hex(RSA1));
    assert.equal(d?.createCount, 1);
    assert.equal(d?.patientHash, sha256hex(Buffer.from('RSSMRA22A01A399Z')));
  });

  test('a second create of the same id is accepted with 202 and counted as a duplicate', async () => {
    const { id } = await publish(env);
    const second = await publish(env, id);
    assert.equal(second.res.status, 202);
    assert.equal(doc(id)?.createCount, 2);
  });

  test('delete of an unknown id gets 404 /msg/record-not-found', async () => {
    const r = await call(env, { op: 'delete', id: newDocId() });
    assert.equal(r.status, 404);
    assert.equal(r.json.type, '/msg/record-not-found');
  });

  test('delete of a published id answers 200 with a workflowInstanceId from the id hash, and marks it deleted', async () => {
    const { id } = await publish(env);
    const r = await call(env, { op: 'delete', id });
    assert.equal(r.status, 200);
    assert.match(
      String(r.json.workflowInstanceId),
      new RegExp(`^${sha256hex(Buffer.from(id))}\\.[0-9a-f]{10}\\^\\^\\^\\^urn:ihe:iti:xdw:2013:workflowInstanceId$`),
    );
    assert.equal(doc(id)?.deleted, true);
  });

  test('a second delete of the same id gets 404 (already done)', async () => {
    const { id } = await publish(env);
    assert.equal((await call(env, { op: 'delete', id })).status, 200);
    assert.equal((await call(env, { op: 'delete', id })).status, 404);
  });

  test('a delete path id without ^ gets 400 /msg/id-doc', async () => {
    const r = await call(env, { op: 'delete', id: 'not-a-master-id' });
    assert.equal(r.status, 400);
    assert.equal(r.json.type, '/msg/id-doc');
  });

  test('replace of an unknown id gets 404 /msg/record-not-found', async () => {
    const r = await call(env, { op: 'replace', id: newDocId(), body: publicationBody(newDocId()) });
    assert.equal(r.status, 404);
    assert.equal(r.json.type, '/msg/record-not-found');
  });

  test('replace marks the old id replaced and publishes the new id of the body', async () => {
    const { id } = await publish(env);
    const newId = newDocId();
    const r = await call(env, { op: 'replace', id, body: publicationBody(newId) });
    assert.equal(r.status, 202);
    assert.equal(doc(id)?.replacedBy, newId);
    assert.equal(doc(newId)?.createCount, 1);
  });

  test('a replaced id can no longer be deleted (404)', async () => {
    const { id } = await publish(env);
    await call(env, { op: 'replace', id, body: publicationBody(newDocId()) });
    assert.equal((await call(env, { op: 'delete', id })).status, 404);
  });

  test('a metadata update answers 200 and is counted', async () => {
    const { id } = await publish(env);
    const r = await call(env, { op: 'updateMetadata', id });
    assert.equal(r.status, 200);
    assert.equal(doc(id)?.metadataUpdates, 1);
  });

  test('a metadata update of an unknown id gets 404', async () => {
    assert.equal((await call(env, { op: 'updateMetadata', id: newDocId() })).status, 404);
  });

  test('status by workflowInstanceId returns the PUBLICATION SUCCESS event to the issuing subject', async () => {
    const { res } = await publish(env);
    const r = await getStatus(env, `status/${encodeURIComponent(String(res.json.workflowInstanceId))}`);
    assert.equal(r.status, 200);
    const events = r.json.transactionData as Array<{ eventType: string; eventStatus: string }>;
    assert.ok(events.some((e) => e.eventType === 'PUBLICATION' && e.eventStatus === 'SUCCESS'));
  });

  test('status of a duplicate create shows the INI refusal', async () => {
    const { id } = await publish(env);
    const { res } = await publish(env, id);
    const r = await getStatus(env, `status/${encodeURIComponent(String(res.json.workflowInstanceId))}`);
    const events = r.json.transactionData as Array<{ eventType: string; eventStatus: string }>;
    assert.ok(events.some((e) => e.eventType === 'SEND_TO_INI' && e.eventStatus === 'BLOCKING_ERROR'));
  });

  test('status by traceId returns the events of that trace', async () => {
    const { res } = await publish(env);
    const r = await getStatus(env, `status/search/${String(res.json.traceID)}`);
    assert.equal(r.status, 200);
    assert.ok((r.json.transactionData as unknown[]).length > 0);
  });

  test('status of an unknown workflowInstanceId gets 404 /msg/record-not-found', async () => {
    const r = await getStatus(env, 'status/unknown-wii');
    assert.equal(r.status, 404);
    assert.equal(r.json.type, '/msg/record-not-found');
  });

  test('status read by another subject gets 401 /msg/unauthorized', async () => {
    const { res } = await publish(env);
    const r = await getStatus(env, `status/${encodeURIComponent(String(res.json.workflowInstanceId))}`, 'RMSLSO31M04Z404R' + MEF);
    assert.equal(r.status, 401);
    assert.equal(r.json.type, '/msg/unauthorized');
  });

  test('every answer is listed by requests() with its X-CART-id and operation', async () => {
    const r = await call(env, { op: 'delete', id: newDocId() });
    const entry = env.cart.requests().find((q) => q.xCartId === r.xCartId);
    assert.deepEqual(entry && { status: entry.status, operation: entry.operation, method: entry.method }, {
      status: 404,
      operation: 'delete',
      method: 'DELETE',
    });
  });

  test('published documents survive a restart on the same state dir', async () => {
    const { id } = await publish(env);
    const restarted = await startMockCart({
      stateDir: join(env.dir, 'state'),
      tlsKeyPem: env.pki.server.keyPem,
      tlsCertPem: env.pki.server.certPem,
      clientCaPem: env.pki.ca.certPem,
      now: testClock,
    });
    try {
      const env2: Env = { ...env, cart: restarted };
      assert.equal(restarted.documents().find((d) => d.identificativoDoc === id)?.createCount, 1);
      assert.equal((await call(env2, { op: 'delete', id })).status, 200);
    } finally {
      await restarted.close();
    }
  });
});
