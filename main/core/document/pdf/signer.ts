// Loads the document signer (doctor or structure) from its PKCS#12 file and checks that it can
// sign now: validity window and key type. Errors are SignerError with Italian messages.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { loadPkcs12, Pkcs12Error } from '../../credentials/index.js';
import { SignerError } from './errors.js';

export interface DocumentSigner {
  privateKey: KeyObject;
  certificate: X509Certificate;
  chain?: X509Certificate[];
}

/**
 * True when the bytes are not a SEQUENCE or are shorter than its declared length. loadPkcs12
 * parses leniently, so a truncated file would otherwise be reported as "no private key" instead
 * of as damaged. Indefinite lengths (BER, from some exporters) and trailing bytes are let through.
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

export function loadSigner(p12Bytes: Uint8Array, password: string, now: Date): DocumentSigner {
  if (isTruncatedOrNotSequence(p12Bytes)) throw new SignerError('corrupt', 'document signer: the file is not a complete ASN.1 structure');
  let bundle;
  try {
    bundle = loadPkcs12(p12Bytes, password);
  } catch (err) {
    if (err instanceof Pkcs12Error) throw new SignerError(err.code, `document signer: ${err.message}`);
    throw err;
  }
  assertSignerUsable(bundle, now);
  return bundle;
}

/** Refuses a certificate outside its validity window at `now`, and non-RSA keys (the CMS is sha256WithRSAEncryption). */
export function assertSignerUsable(signer: DocumentSigner, now: Date): void {
  const { certificate, privateKey } = signer;
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new SignerError('unsupported-key', `document signer key type ${privateKey.asymmetricKeyType ?? 'unknown'} is not supported (RSA only)`);
  }
  const from = new Date(certificate.validFrom);
  const to = new Date(certificate.validTo);
  if (now.getTime() > to.getTime()) {
    throw new SignerError('expired', `document signer certificate expired on ${to.toISOString()}`);
  }
  if (now.getTime() < from.getTime()) {
    throw new SignerError('not-yet-valid', `document signer certificate is valid only from ${from.toISOString()}`);
  }
}
