// Test certificates with the key types CAs issue besides RSA (ECDSA P-256/P-384) and the ones the desk
// refuses by name (P-521, Ed25519), issued by a test CA of test/support/pki.ts; and PKCS#12 files made
// by the `openssl` command, the way a CA or a browser export writes them (modern AES-256/PBKDF2 or the
// legacy 3DES and RC2 encryptions), which node-forge's own writer cannot produce for these keys.
import forge from 'node-forge';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign as cryptoSign, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testNow } from './clock.js';
import type { TestCert } from './pki.js';

export type LeafKeyType = 'rsa' | 'ec-p256' | 'ec-p384' | 'ec-p521' | 'ed25519';

export interface AnyKeyCert {
  keyPem: string;
  certPem: string;
  certificate: X509Certificate;
  privateKey: KeyObject;
}

const CURVES = { 'ec-p256': 'P-256', 'ec-p384': 'P-384', 'ec-p521': 'P-521' } as const;

function keyPair(type: LeafKeyType): { privateKey: KeyObject; publicKey: KeyObject } {
  if (type === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  if (type === 'ed25519') return generateKeyPairSync('ed25519');
  return generateKeyPairSync('ec', { namedCurve: CURVES[type] });
}

const der = (node: forge.asn1.Asn1): Buffer => Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');

/**
 * A leaf certificate for a key of `keyType`, issued by `issuer` (an RSA test CA), valid from 1 day
 * before `now` to 365 days after. forge can encode only RSA keys, so it builds the certificate around
 * the issuer's public key as a stand-in; the SubjectPublicKeyInfo is then swapped for the real one and
 * the TBSCertificate signed again by the issuer with Node's crypto.
 */
export function makeAnyKeyCert(o: { keyType: LeafKeyType; commonName: string; issuer: TestCert; usage?: 'client' | 'sign'; now?: Date }): AnyKeyCert {
  const { privateKey, publicKey } = keyPair(o.keyType);
  const now = (o.now ?? testNow()).getTime();
  const cert = forge.pki.createCertificate();
  cert.publicKey = o.issuer.cert.publicKey;
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(now - 24 * 3600e3);
  cert.validity.notAfter = new Date(now + 365 * 24 * 3600e3);
  cert.setSubject([
    { name: 'commonName', value: o.commonName },
    { name: 'organizationName', value: 'FSE Desk Test' },
    { name: 'countryName', value: 'IT' },
  ]);
  cert.setIssuer(o.issuer.cert.subject.attributes);
  const usage = o.usage ?? 'sign';
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: usage === 'sign' },
    ...(usage === 'client' ? [{ name: 'extKeyUsage', clientAuth: true }] : []),
  ]);
  cert.sign(o.issuer.key, forge.md.sha256.create());

  const node = forge.pki.certificateToAsn1(cert);
  const parts = node.value as forge.asn1.Asn1[];
  const tbs = parts[0]!;
  // TBSCertificate: [0] version, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, ...
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  (tbs.value as forge.asn1.Asn1[])[6] = forge.asn1.fromDer(forge.util.createBuffer(spki.toString('binary')));
  const signature = cryptoSign('sha256', der(tbs), o.issuer.keyPem);
  parts[2] = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.BITSTRING, false, '\0' + signature.toString('binary'));
  const certificate = new X509Certificate(der(node));
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem: certificate.toString(), certificate, privateKey };
}

/** How `openssl pkcs12 -export` protects the file. */
export type P12Protection =
  /** OpenSSL 3's default: AES-256-CBC with PBKDF2/HMAC-SHA256, MAC SHA-256. */
  | 'aes-256'
  /** 3DES for key and certificates, MAC SHA-1: most CA-issued files of the last decade. */
  | '3des'
  /** OpenSSL's -legacy: RC2-40 for the certificates, 3DES for the key, MAC SHA-1 (old Windows exports). */
  | 'legacy-rc2';

const PROTECTION_ARGS: Record<P12Protection, string[]> = {
  'aes-256': [],
  '3des': ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
  'legacy-rc2': ['-legacy'],
};

/**
 * PKCS#12 bytes written by the openssl command: the key, its certificate and the chain. Without
 * `certPem` the file holds the key and the chain only (openssl's -nocerts): a key with no certificate of its own.
 */
export function opensslPkcs12(
  leaf: { keyPem: string; certPem?: string },
  password: string,
  chain: Pick<TestCert, 'certPem'>[] = [],
  protection: P12Protection = 'aes-256',
): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'fse-p12-'));
  try {
    writeFileSync(join(dir, 'key.pem'), leaf.keyPem, { mode: 0o600 });
    const args = ['pkcs12', '-export', '-inkey', join(dir, 'key.pem'), '-passout', 'env:P12_PASSWORD'];
    if (leaf.certPem === undefined) args.push('-nocerts');
    else {
      writeFileSync(join(dir, 'cert.pem'), leaf.certPem);
      args.push('-in', join(dir, 'cert.pem'));
    }
    if (chain.length) {
      writeFileSync(join(dir, 'chain.pem'), chain.map((c) => c.certPem).join(''));
      args.push('-certfile', join(dir, 'chain.pem'));
    }
    args.push(...PROTECTION_ARGS[protection], '-out', join(dir, 'out.p12'));
    execFileSync('openssl', args, { env: { ...process.env, P12_PASSWORD: password }, stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(join(dir, 'out.p12'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
