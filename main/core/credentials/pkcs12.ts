// Reads a PKCS#12 (.p12/.pfx) file into a private key and its certificate chain.
// The work is split between two libraries on purpose: node-forge reads the PKCS#12 container (Node's
// crypto has no PKCS#12 reader): it checks the MAC and decrypts the bags (3DES, RC2, AES/PBKDF2),
// whatever key they hold. forge itself understands only RSA keys and certificates: for any other
// algorithm it leaves `bag.key`/`bag.cert` null and keeps the decrypted ASN.1 in `bag.asn1`
// (node_modules/node-forge/lib/pkcs12.js, _decodeSafeContents). Node's crypto then loads the key (a
// PKCS#8 PrivateKeyInfo) and the certificates, for RSA and ECDSA alike, and signing uses the native
// implementation. Keys never leave the main process.
import forge from 'node-forge';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

export type Pkcs12ErrorCode =
  /** The MAC or the decryption failed: a wrong password, or a damaged file (the two cannot be told apart). */
  | 'wrong-password'
  /** Not a complete PKCS#12 structure: truncated, damaged, or another kind of file. */
  | 'corrupt'
  /** A MAC or encryption algorithm the reader does not know (or a damaged algorithm identifier). */
  | 'unsupported-format'
  | 'no-key'
  | 'no-certificate'
  | 'key-mismatch'
  /** A key of an algorithm Node cannot load at all; `keyType` names it. */
  | 'unsupported-key';

export class Pkcs12Error extends Error {
  constructor(
    readonly code: Pkcs12ErrorCode,
    message: string,
    /** For 'unsupported-key': the key algorithm, as it can be shown to the person. */
    readonly keyType?: string,
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

const derBytes = (node: forge.asn1.Asn1): Buffer => Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');

/**
 * True when the bytes are not a SEQUENCE or are shorter than its declared length. forge parses
 * leniently and, on a truncated file, fails late (or finds no key bag), so a cut-off download would
 * otherwise be reported as a wrong password or as "no private key". Indefinite lengths (BER, from some
 * exporters) and trailing bytes are let through.
 */
function isTruncatedOrNotSequence(b: Uint8Array): boolean {
  if (b.length < 2 || b[0] !== 0x30) return true;
  const first = b[1]!;
  if (first < 0x80) return 2 + first > b.length;
  const n = first & 0x7f;
  if (n === 0) return false; // indefinite length
  if (n > 4 || b.length < 2 + n) return true;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return 2 + n + len > b.length;
}

/** The algorithm OID of a PrivateKeyInfo, to name a key Node cannot load. */
function keyAlgorithmOid(info: forge.asn1.Asn1): string {
  try {
    const algId = (info.value as forge.asn1.Asn1[])[1]!;
    return forge.asn1.derToOid((algId.value as forge.asn1.Asn1[])[0]!.value as string);
  } catch {
    return 'sconosciuto';
  }
}

function keyOf(bag: forge.pkcs12.Bag): KeyObject {
  // RSA: forge decoded it; re-wrap as PKCS#8. Other algorithms: bag.asn1 is already the PrivateKeyInfo.
  const info = bag.key
    ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key as forge.pki.rsa.PrivateKey))
    : (bag as forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 }).asn1;
  if (!info) throw new Pkcs12Error('corrupt', 'a key bag of the PKCS#12 file holds no PrivateKeyInfo');
  try {
    return createPrivateKey({ key: derBytes(info), format: 'der', type: 'pkcs8' });
  } catch (err) {
    const oid = keyAlgorithmOid(info);
    throw new Pkcs12Error('unsupported-key', `private key of algorithm ${oid} cannot be loaded: ${(err as Error).message}`, `con algoritmo ${oid}`);
  }
}

function certificateOf(bag: forge.pkcs12.Bag): X509Certificate | undefined {
  // RSA: forge decoded it. Others (EC public keys): bag.asn1 is the certificate as parsed, which forge
  // re-encodes to its original DER (it keeps the original BIT STRING contents).
  const node = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : (bag as forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 }).asn1;
  if (!node) return undefined;
  try {
    return new X509Certificate(derBytes(node));
  } catch {
    throw new Pkcs12Error('corrupt', 'a certificate bag of the PKCS#12 file is not a readable X.509 certificate');
  }
}

export function loadPkcs12(data: Uint8Array, password: string): Pkcs12Bundle {
  if (isTruncatedOrNotSequence(data)) throw new Pkcs12Error('corrupt', 'the file is not a complete PKCS#12 structure (truncated, or not DER)');
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
    // A wrong password and a changed byte both make the MAC (or, without a MAC, the decryption)
    // fail: nothing in the file tells the two apart, so neither is reported as a fact.
    if (/MAC could not be verified|unable to decrypt|failed to decrypt/i.test(msg)) {
      throw new Pkcs12Error('wrong-password', `PKCS#12 integrity check or decryption failed (wrong password or damaged file): ${msg}`);
    }
    if (/unsupported/i.test(msg)) throw new Pkcs12Error('unsupported-format', `PKCS#12 protection not supported: ${msg}`);
    throw new Pkcs12Error('corrupt', `PKCS#12 structure not readable: ${msg}`);
  }
  const oids = forge.pki.oids as Record<string, string>;
  const bags = (type: string): forge.pkcs12.Bag[] => p12.getBags({ bagType: type })[type] ?? [];
  const keyBags = [...bags(oids.pkcs8ShroudedKeyBag!), ...bags(oids.keyBag!)];
  if (keyBags.length === 0) throw new Pkcs12Error('no-key', 'the PKCS#12 file holds no private key');
  const certs = bags(oids.certBag!).flatMap((b) => certificateOf(b) ?? []);
  if (certs.length === 0) throw new Pkcs12Error('no-certificate', 'the PKCS#12 file holds no certificate');

  // The first key that has its certificate in the file (checkPrivateKey compares the key pair, any algorithm).
  for (const bag of keyBags) {
    const privateKey = keyOf(bag);
    const certificate = certs.find((c) => c.checkPrivateKey(privateKey));
    if (certificate) return { privateKey, certificate, chain: certs.filter((c) => c !== certificate) };
  }
  throw new Pkcs12Error('key-mismatch', 'no certificate in the file matches its private key');
}
