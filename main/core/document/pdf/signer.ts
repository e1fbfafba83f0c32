// Loads the document signer (doctor or structure) from its PKCS#12 file and checks that it can
// sign now: validity window and key type. Errors are SignerError with Italian messages.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { loadPkcs12, Pkcs12Error, signingAlgorithmOf } from '../../credentials/index.js';
import { SignerError } from './errors.js';

export interface DocumentSigner {
  privateKey: KeyObject;
  certificate: X509Certificate;
  chain?: X509Certificate[];
}

export function loadSigner(p12Bytes: Uint8Array, password: string, now: Date): DocumentSigner {
  let bundle;
  try {
    bundle = loadPkcs12(p12Bytes, password);
  } catch (err) {
    if (err instanceof Pkcs12Error) {
      const code = err.code === 'unsupported-format' ? 'corrupt' : err.code;
      throw new SignerError(code, `document signer: ${err.message}`, err.keyType);
    }
    throw err;
  }
  assertSignerUsable(bundle, now);
  return bundle;
}

/** Refuses a certificate outside its validity window at `now`, and keys the CMS cannot carry (RSA and ECDSA P-256/P-384 only). */
export function assertSignerUsable(signer: DocumentSigner, now: Date): void {
  const { certificate, privateKey } = signer;
  const keyType = signingAlgorithmOf(privateKey);
  if (!keyType.ok) {
    throw new SignerError('unsupported-key', `document signer key type ${keyType.label} is not supported (RSA, ECDSA P-256/P-384)`, keyType.label);
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
