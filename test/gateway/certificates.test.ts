import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectCertificate } from '../../main/core/credentials/inspect-certificate.js';
import { parseCartCn } from '../../main/core/credentials/cart-cn.js';
import { testNow } from '../support/clock.js';
import { cartCn, makeCert, toPkcs12 } from '../support/pki.js';

const ca = makeCert({ commonName: 'Test CA', isCa: true });
const now = testNow();
const day = 24 * 3600e3;
const auth = makeCert({ commonName: cartCn('A1'), issuer: ca, usage: 'client' });
const sig = makeCert({ commonName: cartCn('S1'), issuer: ca, usage: 'sign' });
const codes = (r: { problems: { code: string }[] }): string[] => r.problems.map((p) => p.code);

test('the regional CN is split into prefix, region, P.IVA, domain+vendor and ISTAT code', () => {
  assert.deepEqual(parseCartCn('A1#09001386030488REFPIPP0048017'), {
    prefix: 'A1#',
    role: 'auth',
    index: 1,
    regional: { region: '090', fiscalCode: '01386030488', domainAndVendor: 'REFPIPP0', istatCode: '048017' },
  });
});

test('a valid authentication file reports subject, issuer, serial, validity, days left and no problem', () => {
  const r = inspectCertificate(toPkcs12(auth, 'pw', [ca]), 'pw', { now, expectedRole: 'auth' });
  assert.equal(r.ok, true);
  assert.equal(r.role, 'auth');
  assert.equal(r.commonName, cartCn('A1'));
  assert.match(r.subject!, /CN=A1#/);
  assert.match(r.issuer!, /CN=Test CA/);
  assert.ok(r.serialNumber);
  assert.ok(r.daysLeft! > 300);
  assert.deepEqual(r.problems, []);
});

test('the report never contains the private key', () => {
  const r = inspectCertificate(toPkcs12(auth, 'pw', [ca]), 'pw', { now });
  assert.doesNotMatch(JSON.stringify(r), /PRIVATE KEY|"d":/);
});

test('a wrong password is an error with an Italian message', () => {
  const r = inspectCertificate(toPkcs12(auth, 'pw'), 'other', { now });
  assert.equal(r.ok, false);
  assert.deepEqual(codes(r), ['wrong-password']);
  assert.match(r.problems[0]!.message, /Password/);
});

test('a file that is not PKCS#12 is reported as corrupt', () => {
  assert.deepEqual(codes(inspectCertificate(Buffer.from('nonsense'), 'pw', { now })), ['corrupt']);
});

test('a key that does not match the certificate is reported', () => {
  const other = makeCert({ commonName: cartCn('A1'), issuer: ca, usage: 'client' });
  // Certificate of one pair, key of another.
  const mixed = toPkcs12({ ...auth, key: other.key }, 'pw');
  assert.deepEqual(codes(inspectCertificate(mixed, 'pw', { now })), ['key-mismatch']);
});

test('a certificate not yet valid is an error', () => {
  const c = makeCert({ commonName: cartCn('A1'), issuer: ca, notBefore: new Date(now.getTime() + 2 * day), notAfter: new Date(now.getTime() + 400 * day) });
  assert.ok(codes(inspectCertificate(toPkcs12(c, 'pw'), 'pw', { now })).includes('not-yet-valid'));
});

test('an expired certificate is an error', () => {
  const c = makeCert({ commonName: cartCn('A1'), issuer: ca, notBefore: new Date(now.getTime() - 400 * day), notAfter: new Date(now.getTime() - day) });
  const r = inspectCertificate(toPkcs12(c, 'pw'), 'pw', { now });
  assert.equal(r.ok, false);
  assert.ok(codes(r).includes('expired'));
});

test('a certificate expiring within 30 days is a warning, not an error', () => {
  const c = makeCert({ commonName: cartCn('A1'), issuer: ca, notAfter: new Date(now.getTime() + 10 * day) });
  const r = inspectCertificate(toPkcs12(c, 'pw'), 'pw', { now });
  assert.equal(r.ok, true);
  assert.deepEqual(
    r.problems.map((p) => [p.code, p.severity]),
    [['expiring-soon', 'warning']],
  );
});

test('a CN without the A<n>#/S<n># prefix is an error', () => {
  const c = makeCert({ commonName: 'www.example.org', issuer: ca });
  assert.ok(codes(inspectCertificate(toPkcs12(c, 'pw'), 'pw', { now })).includes('cn-no-role-prefix'));
});

test('a CN with the prefix but not in the regional form is a warning', () => {
  const c = makeCert({ commonName: 'S1#111#ACMESRLXX', issuer: ca });
  const r = inspectCertificate(toPkcs12(c, 'pw'), 'pw', { now });
  assert.equal(r.ok, true);
  assert.deepEqual(codes(r), ['cn-not-regional']);
});

test('a signature certificate chosen for authentication is an error', () => {
  const r = inspectCertificate(toPkcs12(sig, 'pw'), 'pw', { now, expectedRole: 'auth' });
  assert.equal(r.ok, false);
  assert.deepEqual(codes(r), ['role-mismatch']);
});

test('an authentication certificate chosen for signature is an error', () => {
  assert.deepEqual(codes(inspectCertificate(toPkcs12(auth, 'pw'), 'pw', { now, expectedRole: 'signature' })), ['role-mismatch']);
});

test('one file used in both roles (regional transition mode) is a warning', () => {
  const r = inspectCertificate(toPkcs12(auth, 'pw'), 'pw', { now, expectedRole: 'both' });
  assert.equal(r.ok, true);
  assert.deepEqual(codes(r), ['dual-use']);
});

test('a CN naming another structure than the profile is a warning', () => {
  const r = inspectCertificate(toPkcs12(auth, 'pw'), 'pw', { now, clinicFiscalCode: '00000000000' });
  assert.deepEqual(codes(r), ['cn-fiscal-code-differs']);
});
