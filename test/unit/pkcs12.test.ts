import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPkcs12, Pkcs12Error } from '../../main/core/credentials/pkcs12.js';
import { makeCert, toPkcs12 } from '../support/pki.js';

const ca = makeCert({ commonName: 'Test CA', isCa: true });
const leaf = makeCert({ commonName: 'S1#09001386030488REFPIPP0048017', issuer: ca, usage: 'sign' });

test('a PKCS#12 file opens with its password and yields the matching key and certificate', () => {
  const b = loadPkcs12(toPkcs12(leaf, 'pw', [ca]), 'pw');
  assert.match(b.certificate.subject, /CN=S1#09001386030488REFPIPP0048017/);
  assert.equal(b.chain.length, 1);
  assert.equal(b.privateKey.asymmetricKeyType, 'rsa');
});

test('a wrong password is reported with the wrong-password code (the message adds: or a damaged file)', () => {
  assert.throws(
    () => loadPkcs12(toPkcs12(leaf, 'pw'), 'other'),
    (e: unknown) => e instanceof Pkcs12Error && e.code === 'wrong-password',
  );
});

test('bytes that are not PKCS#12 are reported as corrupt', () => {
  assert.throws(
    () => loadPkcs12(Buffer.from('not a p12 file at all'), 'pw'),
    (e: unknown) => e instanceof Pkcs12Error && e.code === 'corrupt',
  );
});
