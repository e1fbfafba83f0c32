// The stand-in's frontier checks the software identity like the real one (issue 11, finding 8; GATEWAY.md §3.2
// and pitfall 6; docs/jwt-claims.md §4.11): the subject_application_* claims of FSE-JWT-Signature must equal the
// product triple registered at accreditation, byte for byte, else 403 AuthorizationContentDeny. A status
// look-up carries no signature token, so it is answered whatever software asks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startTestCart } from '../support/test-cart.js';
import { call, clientAgent, newDocId, publicationBody, reservedClaims, signJwt, type Env } from './helpers.js';

const DENY = 'https://govway.org/handling-errors/403/AuthorizationContentDeny.html';
// The triple the helpers' valid calls send.
const REGISTERED = { applicationId: 'FSE Desk', vendor: 'FSE Desk Test', version: '0.1.0' };

describe('stand-in software identity', () => {
  let env: Env;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-cart-software-'));
    const { pki, cart } = await startTestCart(dir, { registeredSoftware: REGISTERED });
    env = { dir, pki, cart, agent: clientAgent(pki, pki.auth) };
  });
  after(async () => {
    await env.agent.close();
    await env.cart.close();
    rmSync(env.dir, { recursive: true, force: true });
  });

  test('the registered triple is accepted', async () => {
    const r = await call(env, { op: 'validateAndCreate' });
    assert.equal(r.status, 202);
  });

  test('a version typed differently from the registered one gets 403 AuthorizationContentDeny and publishes nothing', async () => {
    const id = newDocId();
    const r = await call(env, { op: 'validateAndCreate', body: publicationBody(id), sig: (c) => (c.subject_application_version = '0.1') });
    assert.equal(r.status, 403);
    assert.equal(r.json.type, DENY);
    assert.match(String(r.json.detail), /subject_application_version/);
    assert.equal(
      env.cart.documents().some((d) => d.identificativoDoc === id),
      false,
    );
  });

  test('each claim is compared byte for byte: case and trailing spaces count', async () => {
    for (const change of [
      (c: Record<string, unknown>) => (c.subject_application_id = 'FSE DESK'),
      (c: Record<string, unknown>) => (c.subject_application_vendor = 'FSE Desk Test '),
      (c: Record<string, unknown>) => (c.subject_application_version = '0.1.0 '),
    ]) {
      const r = await call(env, { op: 'updateMetadata', id: newDocId(), sig: change });
      assert.equal(r.status, 403);
      assert.equal(r.json.type, DENY);
    }
  });

  test('every write operation is checked', async () => {
    for (const op of ['replace', 'delete', 'updateMetadata'] as const) {
      const r = await call(env, { op, id: newDocId(), sig: (c) => (c.subject_application_vendor = 'Altro') });
      assert.equal(r.status, 403, op);
      assert.equal(r.json.type, DENY, op);
    }
  });

  test('a status look-up carries no software claims and is not refused for them', async () => {
    const token = await signJwt(reservedClaims(env, 'auth'), env.pki.signature);
    const res = await request(new URL('status/search/0123456789abcdef0123456789abcdef', env.cart.url), {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      dispatcher: env.agent,
    });
    const body = (await res.body.json()) as { type?: string };
    assert.equal(res.statusCode, 404);
    assert.equal(body.type, '/msg/record-not-found');
  });
});
