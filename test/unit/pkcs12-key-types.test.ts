// PKCS#12 files as CAs and browsers write them (openssl): RSA and ECDSA keys, modern and legacy
// encryption, and the damaged files a download or a USB stick produces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import forge from 'node-forge';
import { loadPkcs12, Pkcs12Error, type Pkcs12ErrorCode } from '../../main/core/credentials/pkcs12.js';
import { makeAnyKeyCert, opensslPkcs12, type LeafKeyType, type P12Protection } from '../support/any-key-pki.js';
import { cartCn, makeCert } from '../support/pki.js';

const ca = makeCert({ commonName: 'Test CA', isCa: true });
const leaves = new Map<LeafKeyType, ReturnType<typeof makeAnyKeyCert>>();
function leaf(keyType: LeafKeyType) {
  if (!leaves.has(keyType)) leaves.set(keyType, makeAnyKeyCert({ keyType, commonName: cartCn('S1'), issuer: ca }));
  return leaves.get(keyType)!;
}
const p12 = (keyType: LeafKeyType, protection: P12Protection = 'aes-256') => opensslPkcs12(leaf(keyType), 'pw', [ca], protection);

function rejects(bytes: Uint8Array, password: string, code: Pkcs12ErrorCode): void {
  assert.throws(
    () => loadPkcs12(bytes, password),
    (e: unknown) => e instanceof Pkcs12Error && e.code === code,
  );
}

/** The bytes of the MAC value (macData.mac.digest): the last SEQUENCE of the PFX. */
function macDigestOffset(file: Buffer): number {
  const pfx = forge.asn1.fromDer(forge.util.createBuffer(file.toString('binary')));
  const macData = (pfx.value as forge.asn1.Asn1[])[2]!;
  const digest = ((macData.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[])[1]!.value as string;
  const at = file.indexOf(Buffer.from(digest, 'binary'));
  assert.ok(at > 0);
  return at;
}

function flipByte(file: Buffer, at: number): Buffer {
  const copy = Buffer.from(file);
  copy[at]! ^= 0x01;
  return copy;
}

for (const [keyType, expected] of [
  ['ec-p256', { type: 'ec', curve: 'prime256v1' }],
  ['ec-p384', { type: 'ec', curve: 'secp384r1' }],
  ['rsa', { type: 'rsa', curve: undefined }],
] as const) {
  for (const protection of ['aes-256', '3des', 'legacy-rc2'] as const) {
    test(`a ${keyType} PKCS#12 with ${protection} encryption opens with its key, certificate and chain`, () => {
      const b = loadPkcs12(p12(keyType, protection), 'pw');
      assert.equal(b.privateKey.asymmetricKeyType, expected.type);
      assert.equal(b.privateKey.asymmetricKeyDetails?.namedCurve, expected.curve);
      assert.ok(b.certificate.raw.equals(leaf(keyType).certificate.raw), 'the certificate comes out with its exact DER');
      assert.ok(b.certificate.checkPrivateKey(b.privateKey));
      assert.equal(b.chain.length, 1);
      assert.match(b.chain[0]!.subject, /CN=Test CA/);
    });
  }
}

test('an ECDSA key whose certificate is not in the file is reported as a key mismatch', () => {
  const other = makeAnyKeyCert({ keyType: 'ec-p256', commonName: cartCn('S1'), issuer: ca });
  rejects(opensslPkcs12({ keyPem: leaf('ec-p256').keyPem }, 'pw', [other]), 'pw', 'key-mismatch');
});

test('a truncated file is reported as damaged, not as a file without a private key', () => {
  const file = p12('ec-p256');
  for (const length of [file.length - 1, Math.floor(file.length / 2), 100]) rejects(file.subarray(0, length), 'pw', 'corrupt');
});

test('one changed byte in the MAC is reported as a wrong password or a damaged file', () => {
  const file = p12('rsa');
  rejects(flipByte(file, macDigestOffset(file) + 3), 'pw', 'wrong-password');
});

test('one changed byte in the encrypted data is reported as a wrong password or a damaged file', () => {
  const file = p12('ec-p384', '3des');
  // The middle of the file lies in the encrypted contents, well before the MAC at its end.
  assert.ok(file.length / 2 < macDigestOffset(file));
  rejects(flipByte(file, Math.floor(file.length / 2)), 'pw', 'wrong-password');
});

test('a MAC algorithm the reader does not know (here: a changed byte in its identifier) is reported as unsupported protection', () => {
  const file = p12('rsa', '3des');
  const sha1Oid = Buffer.from('06052b0e03021a', 'hex');
  const at = file.lastIndexOf(sha1Oid);
  assert.ok(at > macDigestOffset(file) - 20, 'the SHA-1 identifier of the MAC, just before its value');
  rejects(flipByte(file, at + sha1Oid.length - 1), 'pw', 'unsupported-format');
});

test('a wrong password on an ECDSA file is reported the same way', () => {
  rejects(p12('ec-p256'), 'other', 'wrong-password');
});

test('an Ed25519 or P-521 key is read and left to the checks, which name it', () => {
  // The file is sound: the key type is refused by the certificate checks, which can then say which type it is.
  assert.equal(loadPkcs12(p12('ed25519'), 'pw').privateKey.asymmetricKeyType, 'ed25519');
  assert.equal(loadPkcs12(p12('ec-p521'), 'pw').privateKey.asymmetricKeyDetails?.namedCurve, 'secp521r1');
});
