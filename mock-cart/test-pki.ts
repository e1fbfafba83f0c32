// Test PKI generated at run time: a CA, CART-style A1#/S1# certificates, a document signer, and PKCS#12 files.
// Nothing here is committed as a key; every run (or every stand-in state dir) makes its own.
// Production code (the `fse-desk mock-cart` command) uses it, so it lives here and not under test/.
// Validity windows are built around a `now` the caller passes (the stand-in's command: the system time;
// tests: the test clock, test/support/clock.ts), never read from the clock here. TLS handshakes, OpenSSL and
// PDF viewers check these windows against the computer's real time, so `now` must be close to it.
import forge from 'node-forge';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCert {
  keyPem: string;
  certPem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

export interface CertOptions {
  commonName: string;
  /** The instant the default validity window is built around: from 1 day before it to 365 days after. */
  now: Date;
  organization?: string;
  /** Default: 1 day before `now`. */
  notBefore?: Date;
  /** Default: 365 days after `now`. */
  notAfter?: Date;
  issuer?: TestCert;
  isCa?: boolean;
  /** TLS usage: 'client' | 'server' | undefined (signature only). */
  usage?: 'client' | 'server' | 'sign';
  altNames?: string[];
  keyBits?: number;
}

function newKeyPair(bits: number): { key: forge.pki.rsa.PrivateKey; pub: forge.pki.rsa.PublicKey; keyPem: string } {
  // Node generates RSA keys natively (forge's pure-JS keygen takes seconds).
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { key: forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey, pub: forge.pki.publicKeyFromPem(pubPem) as forge.pki.rsa.PublicKey, keyPem };
}

export function makeCert(o: CertOptions): TestCert {
  const { key, pub, keyPem } = newKeyPair(o.keyBits ?? 2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  // A positive serial in minimal DER form: OpenSSL refuses an INTEGER that starts with two zero
  // bytes ("illegal padding"), which a random serial with a leading 0 nibble would sometimes give.
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  cert.serialNumber = serial.toString('hex');
  const now = o.now.getTime();
  cert.validity.notBefore = o.notBefore ?? new Date(now - 24 * 3600e3);
  cert.validity.notAfter = o.notAfter ?? new Date(now + 365 * 24 * 3600e3);
  const subject = [
    { name: 'commonName', value: o.commonName },
    { name: 'organizationName', value: o.organization ?? 'FSE Desk Test' },
    { name: 'countryName', value: 'IT' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(o.issuer ? o.issuer.cert.subject.attributes : subject);
  const ext: object[] = [];
  if (o.isCa) {
    ext.push({ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  } else {
    ext.push({ name: 'basicConstraints', cA: false });
    ext.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: o.usage !== 'sign', nonRepudiation: o.usage === 'sign' });
    if (o.usage === 'client') ext.push({ name: 'extKeyUsage', clientAuth: true });
    if (o.usage === 'server') ext.push({ name: 'extKeyUsage', serverAuth: true });
  }
  if (o.altNames?.length) {
    ext.push({ name: 'subjectAltName', altNames: o.altNames.map((n) => (/^\d+\.\d+\.\d+\.\d+$/.test(n) ? { type: 7, ip: n } : { type: 2, value: n })) });
  }
  ext.push({ name: 'subjectKeyIdentifier' });
  cert.setExtensions(ext);
  cert.sign(o.issuer ? o.issuer.key : key, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert), cert, key };
}

/** PKCS#12 bytes (3DES, as most CA-issued files) holding the key, its certificate and the chain. */
export function toPkcs12(c: TestCert, password: string, chain: TestCert[] = []): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(c.key, [c.cert, ...chain.map((x) => x.cert)], password, { algorithm: '3des', friendlyName: 'fse-desk-test' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** The regional CN form (docs/cart-region.md §3.2): prefix + 090 + 11-digit P.IVA + domain code + vendor + ISTAT. */
export const TEST_CLINIC_PIVA = '01386030488';
export const TEST_ISTAT = '048017';
export function cartCn(prefix: 'A1' | 'S1'): string {
  return `${prefix}#090${TEST_CLINIC_PIVA}REFPIPP0${TEST_ISTAT}`;
}

export interface TestPki {
  dir: string;
  ca: TestCert;
  caFile: string;
  server: TestCert;
  auth: TestCert;
  signature: TestCert;
  signer: TestCert;
  password: string;
  authP12: string;
  signatureP12: string;
  signerP12: string;
}

/**
 * A complete set in `dir`: CA, server cert for 127.0.0.1/localhost, A1 and S1 client certs, a document signer,
 * all valid from 1 day before `now` to 365 days after.
 */
export function makeTestPki(dir: string, now: Date, password = 'test-password-1'): TestPki {
  mkdirSync(dir, { recursive: true });
  const ca = makeCert({ commonName: 'FSE Desk Test CA', isCa: true, now });
  const server = makeCert({ commonName: 'localhost', issuer: ca, usage: 'server', altNames: ['localhost', '127.0.0.1'], now });
  const auth = makeCert({ commonName: cartCn('A1'), issuer: ca, usage: 'client', now });
  const signature = makeCert({ commonName: cartCn('S1'), issuer: ca, usage: 'sign', now });
  const signer = makeCert({ commonName: 'Dott. Mario Rossi', issuer: ca, usage: 'sign', now });
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.certPem);
  const authP12 = join(dir, 'auth.p12');
  const signatureP12 = join(dir, 'signature.p12');
  const signerP12 = join(dir, 'signer.p12');
  writeFileSync(authP12, toPkcs12(auth, password, [ca]));
  writeFileSync(signatureP12, toPkcs12(signature, password, [ca]));
  writeFileSync(signerP12, toPkcs12(signer, password, [ca]));
  return { dir, ca, caFile, server, auth, signature, signer, password, authP12, signatureP12, signerP12 };
}

export interface TestPkiFiles {
  dir: string;
  caFile: string;
  caPem: string;
  serverKeyPem: string;
  serverCertPem: string;
  authP12: string;
  signatureP12: string;
  signerP12: string;
  password: string;
}

/**
 * The stand-in's own PKI in `dir`, created once and reused on later starts (same CA, same PKCS#12 files, same
 * random password), so a profile pointing at a stand-in state dir keeps working across restarts. `now`: the
 * instant a new PKI's validity is built around (an existing one is reused as it is, even when expired).
 */
export function makeTestPkiFiles(dir: string, now: Date): TestPkiFiles {
  const f = {
    caFile: join(dir, 'ca.pem'),
    serverKey: join(dir, 'server-key.pem'),
    serverCert: join(dir, 'server.pem'),
    password: join(dir, 'password.txt'),
    authP12: join(dir, 'auth.p12'),
    signatureP12: join(dir, 'signature.p12'),
    signerP12: join(dir, 'signer.p12'),
  };
  if (!Object.values(f).every((p) => existsSync(p))) {
    const pki = makeTestPki(dir, now, randomBytes(12).toString('base64url'));
    writeFileSync(f.serverKey, pki.server.keyPem, { mode: 0o600 });
    writeFileSync(f.serverCert, pki.server.certPem);
    writeFileSync(f.password, pki.password, { mode: 0o600 });
  }
  return {
    dir,
    caFile: f.caFile,
    caPem: readFileSync(f.caFile, 'utf8'),
    serverKeyPem: readFileSync(f.serverKey, 'utf8'),
    serverCertPem: readFileSync(f.serverCert, 'utf8'),
    authP12: f.authP12,
    signatureP12: f.signatureP12,
    signerP12: f.signerP12,
    password: readFileSync(f.password, 'utf8').trim(),
  };
}
