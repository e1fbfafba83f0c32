// The frontier (CART/GovWay) of the stand-in: mutual TLS and both JWTs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { call, clientAgent, makeCert, signatureClaims, signJwt, startEnv, stopEnv, x5cOf, type Env } from './helpers.js';
import { daysFrom } from '../support/clock.js';

const FAILED = 'https://govway.org/handling-errors/401/TokenAuthenticationFailed.html';
const REQUIRED = 'https://govway.org/handling-errors/401/TokenAuthenticationRequired.html';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('stand-in frontier', () => {
  let env: Env;
  before(async () => {
    env = await startEnv();
  });
  after(() => stopEnv(env));

  async function handshake(client: Parameters<typeof clientAgent>[1]): Promise<unknown> {
    const agent = clientAgent(env.pki, client);
    try {
      await request(new URL('documents/validate-and-create', env.cart.url), { method: 'POST', dispatcher: agent });
      return undefined;
    } catch (e) {
      return e;
    } finally {
      await agent.close();
    }
  }

  test('a valid create is accepted with 202, an X-CART-id UUID, trace ids and a workflowInstanceId built from the CDA id', async () => {
    const r = await call(env, { op: 'validateAndCreate' });
    assert.equal(r.status, 202);
    assert.match(r.xCartId ?? '', UUID);
    assert.match(String(r.json.traceID), /^[0-9a-f]{16}$/);
    assert.match(String(r.json.spanID), /^[0-9a-f]{16}$/);
    assert.match(
      String(r.json.workflowInstanceId),
      /^2\.16\.840\.1\.113883\.2\.9\.2\.120\.4\.4\.[0-9a-f]{64}\.[0-9a-f]{10}\^\^\^\^urn:ihe:iti:xdw:2013:workflowInstanceId$/,
    );
    assert.equal(r.json.warning, '');
  });

  test('a client without a certificate is refused at the TLS handshake', async () => {
    assert.ok(await handshake(undefined));
  });

  test('a client certificate from another CA is refused at the TLS handshake', async () => {
    const otherCa = makeCert({ commonName: 'Other CA', isCa: true });
    assert.ok(await handshake(makeCert({ commonName: 'A1#09001386030488REFPIPP0048017', issuer: otherCa, usage: 'client' })));
  });

  test('an expired client certificate is refused at the TLS handshake', async () => {
    const expired = makeCert({
      commonName: 'A1#09001386030488REFPIPP0048017',
      issuer: env.pki.ca,
      usage: 'client',
      notBefore: daysFrom(-10),
      notAfter: daysFrom(-1),
    });
    assert.ok(await handshake(expired));
  });

  test('a signature certificate used as TLS client certificate gets 403 AuthorizationContentDeny with X-CART-id', async () => {
    const agent = clientAgent(env.pki, env.pki.signature);
    try {
      const r = await call(env, { op: 'validateAndCreate', agent });
      assert.equal(r.status, 403);
      assert.equal(r.json.type, 'https://govway.org/handling-errors/403/AuthorizationContentDeny.html');
      assert.equal(typeof r.json.govway_id, 'string');
      assert.match(r.xCartId ?? '', UUID);
      assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    } finally {
      await agent.close();
    }
  });

  test('a missing Authorization token gets 401 TokenAuthenticationRequired with X-CART-id', async () => {
    const r = await call(env, { op: 'validateAndCreate', authToken: null });
    assert.equal(r.status, 401);
    assert.equal(r.json.type, REQUIRED);
    assert.match(r.xCartId ?? '', UUID);
  });

  test('a missing FSE-JWT-Signature token gets 401 TokenAuthenticationRequired', async () => {
    const r = await call(env, { op: 'validateAndCreate', sigToken: null });
    assert.equal(r.status, 401);
    assert.equal(r.json.type, REQUIRED);
  });

  test('tokens signed with the authentication (A1) certificate get 401 TokenAuthenticationFailed', async () => {
    const r = await call(env, { op: 'validateAndCreate', signer: env.pki.auth });
    assert.equal(r.status, 401);
    assert.equal(r.json.type, FAILED);
    assert.match(String(r.json.detail), /autenticazione/);
  });

  test('an x5c certificate from another CA gets 401', async () => {
    const otherCa = makeCert({ commonName: 'Other CA', isCa: true });
    const r = await call(env, { op: 'validateAndCreate', signer: makeCert({ commonName: 'S1#09001386030488REFPIPP0048017', issuer: otherCa, usage: 'sign' }) });
    assert.equal(r.json.type, FAILED);
  });

  test('an expired x5c signature certificate gets 401', async () => {
    const old = makeCert({
      commonName: 'S1#09001386030488REFPIPP0048017',
      issuer: env.pki.ca,
      usage: 'sign',
      notBefore: daysFrom(-10),
      notAfter: daysFrom(-1),
    });
    const r = await call(env, { op: 'validateAndCreate', signer: old });
    assert.equal(r.json.type, FAILED);
  });

  test('an x5c with line breaks (pasted PEM) gets 401', async () => {
    const b64 = x5cOf(env.pki.signature);
    const r = await call(env, { op: 'validateAndCreate', sigHeader: { x5c: [b64.replace(/(.{64})/g, '$1\n')] } });
    assert.equal(r.json.type, FAILED);
  });

  test('an x5c array with two certificates gets 401', async () => {
    const r = await call(env, { op: 'validateAndCreate', sigHeader: { x5c: [x5cOf(env.pki.signature), x5cOf(env.pki.ca)] } });
    assert.equal(r.json.type, FAILED);
  });

  test('a typ other than JWT gets 401', async () => {
    const r = await call(env, { op: 'validateAndCreate', sigHeader: { typ: 'at+jwt' } });
    assert.equal(r.json.type, FAILED);
  });

  test('a token whose signature does not verify gets 401', async () => {
    const forged = await call(env, {
      op: 'validateAndCreate',
      sigToken: await (async () => {
        const t = await signJwt(signatureClaims(env, 'validateAndCreate'), env.pki.signature);
        const [h, , s] = t.split('.');
        return `${h}.${Buffer.from(JSON.stringify({ ...signatureClaims(env, 'validateAndCreate'), person_id: 'X' })).toString('base64url')}.${s}`;
      })(),
    });
    assert.equal(forged.json.type, FAILED);
  });

  test("an Authorization token with the 'integrity:' issuer gets 401", async () => {
    const r = await call(env, { op: 'validateAndCreate', auth: (c) => (c.iss = String(c.iss).replace('auth:', 'integrity:')) });
    assert.equal(r.json.type, FAILED);
  });

  test('an issuer naming another CN than the x5c certificate gets 401', async () => {
    const r = await call(env, { op: 'validateAndCreate', sig: (c) => (c.iss = 'integrity:S1#09099999999999REFPIPP0048017') });
    assert.equal(r.json.type, FAILED);
  });

  test('an aud given as an array gets 401', async () => {
    const r = await call(env, { op: 'validateAndCreate', sig: (c) => (c.aud = [c.aud]) });
    assert.equal(r.json.type, FAILED);
  });

  test('an aud for another service gets 401', async () => {
    const r = await call(env, { op: 'validateAndCreate', auth: (c) => (c.aud = 'https://modipa-val.fse.salute.gov.it/govway/rest/in/FSE/gateway/v1') });
    assert.equal(r.json.type, FAILED);
  });

  test('an nbf claim gets 401', async () => {
    const r = await call(env, { op: 'validateAndCreate', sig: (c) => (c.nbf = c.iat) });
    assert.equal(r.json.type, FAILED);
  });

  test('an expired token gets 401', async () => {
    const r = await call(env, { op: 'validateAndCreate', auth: (c) => ((c.iat = Number(c.iat) - 7200), (c.exp = Number(c.iat) + 300)) });
    assert.equal(r.json.type, FAILED);
  });

  test('iat and exp in milliseconds get 401', async () => {
    const r = await call(env, { op: 'validateAndCreate', sig: (c) => ((c.iat = Number(c.iat) * 1000), (c.exp = Number(c.exp) * 1000)) });
    assert.equal(r.json.type, FAILED);
  });

  test('a numeric jti gets 401', async () => {
    const r = await call(env, { op: 'validateAndCreate', auth: (c) => (c.jti = 12345) });
    assert.equal(r.json.type, FAILED);
  });

  test('a token lifetime of several days gets 401', async () => {
    const r = await call(env, { op: 'validateAndCreate', auth: (c) => (c.exp = Number(c.iat) + 5 * 86400) });
    assert.equal(r.json.type, FAILED);
  });
});
