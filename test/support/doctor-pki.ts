// A doctor's personal signing certificate as Italian qualified CAs issue them: the holder's tax code in
// the subject's serialNumber ("TINIT-<codice fiscale>", ETSI EN 319 412-1), surname and given name,
// signed by the test CA. The shared generator (mock-cart/test-pki.ts) makes CART-style names only.
import forge from 'node-forge';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toPkcs12, type TestCert } from './pki.js';
import { daysFrom } from './clock.js';

export interface DoctorCertOptions {
  givenName: string;
  familyName: string;
  /** Written as serialNumber=TINIT-<taxCode>; absent: a certificate without a tax code. */
  taxCode?: string;
  issuer: TestCert;
  /** Default: from 1 day ago to 365 days ahead (test clock). */
  notBefore?: Date;
  notAfter?: Date;
}

export function makeDoctorCert(o: DoctorCertOptions): TestCert {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = o.notBefore ?? daysFrom(-1);
  cert.validity.notAfter = o.notAfter ?? daysFrom(365);
  // forge knows no short names for serialNumber, surname and givenName: they are given by OID.
  cert.setSubject([
    { name: 'commonName', value: `${o.familyName} ${o.givenName}`.toUpperCase() },
    ...(o.taxCode ? [{ type: '2.5.4.5', value: `TINIT-${o.taxCode}` }] : []),
    { type: '2.5.4.4', value: o.familyName.toUpperCase() },
    { type: '2.5.4.42', value: o.givenName.toUpperCase() },
    { name: 'countryName', value: 'IT' },
  ]);
  cert.setIssuer(o.issuer.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(o.issuer.key, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert), cert, key };
}

/** The doctor's certificate as a PKCS#12 file in `dir`; returns its path. */
export function writeDoctorP12(dir: string, name: string, o: DoctorCertOptions, password: string): string {
  const path = join(dir, name);
  writeFileSync(path, toPkcs12(makeDoctorCert(o), password, [o.issuer]));
  return path;
}
