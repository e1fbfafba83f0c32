// Reads a PKCS#12 (.p12/.pfx) file into a private key and its certificate chain.
// node-forge does the parsing (Node's crypto has no PKCS#12 reader); the key is handed out
// as a Node KeyObject so signing uses the native implementation. Keys never leave the main process.
import forge from 'node-forge';
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';

export type Pkcs12ErrorCode = 'wrong-password' | 'corrupt' | 'no-key' | 'no-certificate' | 'key-mismatch';

export class Pkcs12Error extends Error {
  constructor(
    readonly code: Pkcs12ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'Pkcs12Error';
  }
}

export interface Pkcs12Bundle {
  privateKey: KeyObject;
  /** The certificate that matches the private key. */
  certificate: X509Certificate;
  /** The other certificates of the file (issuers), in file order. */
  chain: X509Certificate[];
}

function forgeCertToX509(cert: forge.pki.Certificate): X509Certificate {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return new X509Certificate(Buffer.from(der, 'binary'));
}

export function loadPkcs12(data: Uint8Array, password: string): Pkcs12Bundle {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(data).toString('binary')), false);
  } catch {
    throw new Pkcs12Error('corrupt', 'the file is not a PKCS#12 structure (DER parse failed)');
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    // forge reports a MAC mismatch (or a failed decryption) when the password is wrong.
    if (/mac|password|decrypt|invalid/i.test(msg)) throw new Pkcs12Error('wrong-password', 'PKCS#12 integrity check failed: wrong password');
    throw new Pkcs12Error('corrupt', `PKCS#12 structure not readable: ${msg}`);
  }
  const oids = forge.pki.oids as Record<string, string>;
  const bags = (type: string): forge.pkcs12.Bag[] => p12.getBags({ bagType: type })[type] ?? [];
  const keyBags = [...bags(oids.pkcs8ShroudedKeyBag!), ...bags(oids.keyBag!)];
  const certBags = bags(oids.certBag!);
  const keyBag = keyBags.find((b) => b.key);
  if (!keyBag?.key) throw new Pkcs12Error('no-key', 'the PKCS#12 file holds no private key');
  const certs = certBags.flatMap((b) => (b.cert ? [forgeCertToX509(b.cert)] : []));
  if (certs.length === 0) throw new Pkcs12Error('no-certificate', 'the PKCS#12 file holds no certificate');

  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key as forge.pki.rsa.PrivateKey));
  const pub = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const certificate = certs.find((c) => Buffer.from(c.publicKey.export({ type: 'spki', format: 'der' })).equals(pub));
  if (!certificate) throw new Pkcs12Error('key-mismatch', 'no certificate in the file matches its private key');
  return { privateKey, certificate, chain: certs.filter((c) => c !== certificate) };
}
