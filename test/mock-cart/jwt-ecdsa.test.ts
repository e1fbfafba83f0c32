// The stand-in's frontier and ECDSA tokens: refused by default, as the gateway's documents allow only
// RS256/RS384/RS512, and verified with the x5c certificate's EC key when the frontier is told to accept them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { SignJWT } from 'jose';
import { EC_JWT_ALGORITHMS, SPEC_JWT_ALGORITHMS, verifyFrontierToken } from '../../mock-cart/jwt-frontier.js';
import { makeAnyKeyCert } from '../support/any-key-pki.js';
import { testClock, testNow } from '../support/clock.js';
import { cartCn, makeCert } from '../support/pki.js';

const ca = makeCert({ commonName: 'Test CA', isCa: true });
const AUDIENCE = 'https://127.0.0.1/gateway/v2';
const p256 = makeAnyKeyCert({ keyType: 'ec-p256', commonName: cartCn('S1'), issuer: ca });
const p384 = makeAnyKeyCert({ keyType: 'ec-p384', commonName: cartCn('S1'), issuer: ca });

function token(leaf: typeof p256, alg: string): Promise<string> {
  const iat = Math.floor(testNow().getTime() / 1000);
  return new SignJWT({ iss: `auth:${cartCn('S1')}`, sub: 'x', aud: AUDIENCE, iat, exp: iat + 300, jti: 'a' })
    .setProtectedHeader({ alg, typ: 'JWT', x5c: [leaf.certificate.raw.toString('base64')] })
    .sign(leaf.privateKey);
}

const ctx = (algorithms?: readonly string[]) => ({
  caCerts: [new X509Certificate(ca.certPem)],
  audience: AUDIENCE,
  now: testClock,
  ...(algorithms ? { algorithms } : {}),
});

test('by default an ES256 token is refused, naming the algorithm and the ones allowed', async () => {
  await assert.rejects(verifyFrontierToken(await token(p256, 'ES256'), 'auth', ctx()), (e: Error) => {
    assert.match(e.message, /algoritmo 'ES256' non ammesso \(RS256, RS384, RS512\)/);
    return true;
  });
});

test('with ECDSA allowed, ES256 and ES384 tokens verify with the EC key of their x5c certificate', async () => {
  const allowed = [...SPEC_JWT_ALGORITHMS, ...EC_JWT_ALGORITHMS];
  assert.equal((await verifyFrontierToken(await token(p256, 'ES256'), 'auth', ctx(allowed))).signerCn, cartCn('S1'));
  assert.equal((await verifyFrontierToken(await token(p384, 'ES384'), 'auth', ctx(allowed))).signerCn, cartCn('S1'));
});

test('with ECDSA allowed, an ES256 token signed by a key other than the x5c certificate’s is refused', async () => {
  const other = makeAnyKeyCert({ keyType: 'ec-p256', commonName: cartCn('S1'), issuer: ca });
  const forged = await token({ ...p256, privateKey: other.privateKey }, 'ES256');
  await assert.rejects(verifyFrontierToken(forged, 'auth', ctx([...SPEC_JWT_ALGORITHMS, ...EC_JWT_ALGORITHMS])), /firma del token non valida/);
});
