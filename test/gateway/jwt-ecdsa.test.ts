// CART tokens signed with the key the SIGNATURE certificate holds: RS256 for RSA, ES256 for ECDSA P-256,
// ES384 for P-384. The certificates are ECDSA test certificates issued by the test CA and opened from
// PKCS#12 files written by openssl, as a clinic would receive them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importX509, jwtVerify } from 'jose';
import { EC_JWT_ALGORITHMS, SPEC_JWT_ALGORITHMS } from '../../mock-cart/jwt-frontier.js';
import type { MockCart } from '../../mock-cart/server.js';
import { loadPkcs12, type Pkcs12Bundle } from '../../main/core/credentials/pkcs12.js';
import { CartClient } from '../../main/core/gateway/cart-client.js';
import { prepareCartCall } from '../../main/core/gateway/execute.js';
import { signCartTokens } from '../../main/core/gateway/jwt-sign.js';
import { CartJournal } from '../../main/core/gateway/journal.js';
import { openDatabase, type Database } from '../../main/core/shared/db/database.js';
import type { Profile } from '../../contract/profile.js';
import { makeAnyKeyCert, opensslPkcs12, type LeafKeyType } from '../support/any-key-pki.js';
import { testClock, testNow } from '../support/clock.js';
import { cartCn, type TestPki } from '../support/pki.js';
import { startTestCart } from '../support/test-cart.js';
import { decodeJwt, OPERATOR_CF, samplePdf, testProfile } from './helpers.js';

let dir: string;
let pki: TestPki;
let cart: MockCart;
let db: Database;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-ecdsa-'));
  // A frontier configured for ECDSA tokens too: the gateway's documents name only RS256/RS384/RS512.
  ({ pki, cart } = await startTestCart(dir, { jwtAlgorithms: [...SPEC_JWT_ALGORITHMS, ...EC_JWT_ALGORITHMS] }));
  db = openDatabase(join(dir, 'journal.sqlite'));
});
after(async () => {
  db.close();
  await cart.close();
  rmSync(dir, { recursive: true, force: true });
});

function bundle(keyType: LeafKeyType, prefix: 'A1' | 'S1' = 'S1'): Pkcs12Bundle {
  const leaf = makeAnyKeyCert({ keyType, commonName: cartCn(prefix), issuer: pki.ca, usage: prefix === 'A1' ? 'client' : 'sign' });
  return loadPkcs12(opensslPkcs12(leaf, 'pw', [pki.ca]), 'pw');
}

const now = testNow();
const common = { signatureCertCn: cartCn('S1'), audience: 'https://fse20gwstage.regione.toscana.it/gateway/v2', operatorFiscalCode: OPERATOR_CF, now };

for (const [keyType, alg] of [
  ['ec-p256', 'ES256'],
  ['ec-p384', 'ES384'],
] as const) {
  test(`a ${keyType === 'ec-p256' ? 'P-256' : 'P-384'} signature certificate signs the token with ${alg}, which jose verifies with the x5c certificate`, async () => {
    const b = bundle(keyType);
    const t = await signCartTokens({ privateKey: b.privateKey, certificate: b.certificate }, common);
    const { header } = decodeJwt(t.authorization.token);
    assert.equal(header.alg, alg);
    assert.deepEqual(header.x5c, [b.certificate.raw.toString('base64')]);
    const key = await importX509(b.certificate.toString(), alg);
    const verified = await jwtVerify(t.authorization.token, key, { currentDate: now, algorithms: [alg] });
    assert.equal(verified.payload.iss, `auth:${cartCn('S1')}`);
  });
}

test('a key no JWT algorithm is used for here is refused by name before anything is signed', async () => {
  const b = bundle('ed25519');
  await assert.rejects(signCartTokens({ privateKey: b.privateKey, certificate: b.certificate }, common), /Ed25519/);
});

test('a publication with ECDSA authentication and signature certificates is accepted by a frontier that allows ES256', async () => {
  const profile: Profile = testProfile(cart.url, { ...pki, caFile: cart.caFile }, { dataDir: join(dir, 'data') });
  const call = await prepareCartCall(profile, { operation: 'validateAndCreate', pdf: samplePdf('SIGNED_RSA1.pdf'), fileName: 'referto.pdf' }, testNow());
  const client = new CartClient({
    profile,
    credentials: { auth: bundle('ec-p256', 'A1'), signature: bundle('ec-p256') },
    trustedCaPem: pki.ca.certPem,
    journal: new CartJournal(db),
    now: testClock,
  });
  try {
    const r = await client.send(call);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.httpStatus, 202);
  } finally {
    await client.close();
  }
});
