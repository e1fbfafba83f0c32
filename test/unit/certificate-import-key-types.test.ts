// The import report for the key types CAs issue (RSA, ECDSA P-256/P-384), for the ones the desk cannot
// sign with (named), and for damaged files: real PKCS#12 files written by openssl, a real SQLite profile.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateService, secretNameFor } from '../../main/core/credentials/certificate-import.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { openDatabase } from '../../main/core/shared/db/database.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import { ProfileStore } from '../../main/core/shared/profile/profile-store.js';
import { makeAnyKeyCert, opensslPkcs12, type LeafKeyType } from '../support/any-key-pki.js';
import { testClock } from '../support/clock.js';
import { cartCn, makeTestPki, type TestPki } from '../support/pki.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';
import { importFromPath } from '../support/certificate-upload.js';

const PASSWORD = 'Pw-Chiavi-2026!';
let pki: TestPki;
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cert-key-types-'));
  pki = makeTestPki(join(dir, 'pki'), PASSWORD);
});

function p12File(name: string, keyType: LeafKeyType, prefix: 'A1' | 'S1' = 'S1'): string {
  const leaf = makeAnyKeyCert({ keyType, commonName: cartCn(prefix), issuer: pki.ca, usage: prefix === 'A1' ? 'client' : 'sign' });
  const path = join(dir, name);
  writeFileSync(path, opensslPkcs12(leaf, PASSWORD, [pki.ca]));
  return path;
}

function service() {
  const profiles = new ProfileStore(openDatabase(join(mkdtempSync(join(tmpdir(), 'cert-key-types-db-')), 'fse-desk.sqlite')));
  profiles.save(VALID_TEST_PROFILE, testClock());
  const secrets = createMemorySecretStore();
  return {
    profiles,
    secrets,
    service: createCertificateService({
      profiles,
      secrets,
      log: silentLogger,
      now: testClock,
      certificatesDir: mkdtempSync(join(tmpdir(), 'cert-key-types-files-')),
    }),
  };
}

test('an ECDSA P-256 signature certificate is imported, its key type shown, with a warning that CART documents only RSA', async () => {
  const { service: s, secrets } = service();
  const r = await importFromPath(s, { role: 'signature', path: p12File('p256.p12', 'ec-p256'), password: PASSWORD });
  assert.ok(r.ok);
  assert.equal(r.value.report.keyType, 'ECDSA P-256');
  assert.equal(r.value.report.ok, true);
  const warning = r.value.report.problems.find((p) => p.code === 'jwt-key-not-rsa');
  assert.equal(warning?.severity, 'warning');
  assert.match(warning?.message ?? '', /chiave ECDSA P-256: la documentazione del gateway FSE indica solo chiavi RSA/);
  assert.equal(secrets.get(secretNameFor('signature')), PASSWORD);
});

test('an ECDSA P-384 report signer is imported with its key type and no gateway warning', async () => {
  const { service: s } = service();
  const r = await importFromPath(s, { role: 'documentSigner', path: p12File('p384.p12', 'ec-p384'), password: PASSWORD });
  assert.ok(r.ok);
  assert.equal(r.value.report.keyType, 'ECDSA P-384');
  assert.ok(!r.value.report.problems.some((p) => p.code === 'jwt-key-not-rsa'));
});

test('an ECDSA authentication certificate (TLS only) gets no gateway warning', async () => {
  const { service: s } = service();
  const r = await importFromPath(s, { role: 'auth', path: p12File('a1-p256.p12', 'ec-p256', 'A1'), password: PASSWORD });
  assert.ok(r.ok);
  assert.equal(r.value.report.keyType, 'ECDSA P-256');
  assert.deepEqual(r.value.report.problems, []);
});

test('an RSA certificate shows its key type and size', async () => {
  const { service: s } = service();
  const r = await importFromPath(s, { role: 'signature', path: pki.signatureP12, password: PASSWORD });
  assert.ok(r.ok);
  assert.equal(r.value.report.keyType, 'RSA 2048 bit');
});

test('an Ed25519 certificate is refused, naming the key type and what to ask the CA for', async () => {
  const { service: s, profiles } = service();
  const r = await importFromPath(s, { role: 'signature', path: p12File('ed25519.p12', 'ed25519'), password: PASSWORD });
  assert.ok(!r.ok);
  assert.deepEqual(r.error.problems, [
    {
      path: 'file',
      message: "Il certificato usa una chiave Ed25519, non supportata: chiedere all'autorità di certificazione un certificato RSA o ECDSA (P-256 o P-384).",
    },
  ]);
  assert.equal(profiles.get()?.signatureCertificate, undefined);
});

test('an ECDSA P-521 certificate is refused by name', async () => {
  const { service: s } = service();
  const r = await importFromPath(s, { role: 'documentSigner', path: p12File('p521.p12', 'ec-p521'), password: PASSWORD });
  assert.ok(!r.ok);
  assert.match(r.error.problems?.[0]?.message ?? '', /^Il certificato usa una chiave ECDSA P-521, non supportata/);
});

test('a truncated file is refused as damaged, not as a file without its private key', async () => {
  const { service: s } = service();
  const whole = readFileSync(p12File('whole.p12', 'ec-p256'));
  const cut = join(dir, 'truncated.p12');
  writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
  const r = await importFromPath(s, { role: 'signature', path: cut, password: PASSWORD });
  assert.ok(!r.ok);
  assert.equal(r.error.problems?.length, 1);
  assert.equal(r.error.problems?.[0]?.path, 'file');
  assert.match(r.error.problems?.[0]?.message ?? '', /^Il file è danneggiato o incompleto/);
});

test('a file with one changed byte is refused as "wrong password or damaged file", never as a wrong password only', async () => {
  const { service: s } = service();
  const bytes = Buffer.from(readFileSync(p12File('flip.p12', 'ec-p256')));
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  const flipped = join(dir, 'flipped.p12');
  writeFileSync(flipped, bytes);
  const r = await importFromPath(s, { role: 'signature', path: flipped, password: PASSWORD });
  assert.ok(!r.ok);
  assert.equal(r.error.problems?.[0]?.path, 'password');
  assert.match(r.error.problems?.[0]?.message ?? '', /^Password errata oppure file danneggiato\. .*scaricarlo o esportarlo di nuovo\.$/);
});
