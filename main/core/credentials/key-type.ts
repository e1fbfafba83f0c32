// The key algorithms the desk signs with. Certification authorities issue RSA and ECDSA on P-256 or
// P-384 today; each maps to one JWT algorithm (RFC 7518 §3) and one CMS signature algorithm (RFC 5754,
// RFC 5758). Anything else (Ed25519, DSA, other curves) is named, so the person can ask the CA for
// the right certificate, and refused.
import type { KeyObject } from 'node:crypto';

export interface SigningAlgorithm {
  kind: 'rsa' | 'ecdsa';
  /** As shown to the person: "RSA 2048 bit", "ECDSA P-256". */
  label: string;
  jwtAlg: 'RS256' | 'ES256' | 'ES384';
  /**
   * The hash of the signature and of the CMS content digest. P-384 is paired with SHA-384, as
   * ES384 is in JWT and as ETSI TS 119 312 and RFC 5480 §4 pair the curve with the hash of matching
   * strength; RSA and P-256 keep SHA-256, the gateway's recipe (docs/decisions.md §40).
   */
  hash: 'sha256' | 'sha384';
}

export type KeyTypeCheck = { ok: true; algorithm: SigningAlgorithm } | { ok: false; label: string };

const CURVES: Record<string, { label: string; jwtAlg: 'ES256' | 'ES384'; hash: 'sha256' | 'sha384' }> = {
  prime256v1: { label: 'ECDSA P-256', jwtAlg: 'ES256', hash: 'sha256' },
  secp384r1: { label: 'ECDSA P-384', jwtAlg: 'ES384', hash: 'sha384' },
};
const CURVE_NAMES: Record<string, string> = { secp521r1: 'P-521' };

/** The signing algorithm for a private key or a certificate's public key, or the name of an unsupported type. */
export function signingAlgorithmOf(key: KeyObject): KeyTypeCheck {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa') {
    const bits = details.modulusLength;
    return { ok: true, algorithm: { kind: 'rsa', label: bits ? `RSA ${bits} bit` : 'RSA', jwtAlg: 'RS256', hash: 'sha256' } };
  }
  if (type === 'ec') {
    const curve = details.namedCurve ?? 'unknown';
    const known = CURVES[curve];
    if (known) return { ok: true, algorithm: { kind: 'ecdsa', ...known } };
    return { ok: false, label: `ECDSA ${CURVE_NAMES[curve] ?? curve}` };
  }
  const names: Record<string, string> = { ed25519: 'Ed25519', ed448: 'Ed448', dsa: 'DSA', 'rsa-pss': 'RSA-PSS', x25519: 'X25519', x448: 'X448', dh: 'DH' };
  return { ok: false, label: type ? (names[type] ?? type.toUpperCase()) : 'sconosciuta' };
}

/** Italian: what to tell the person when the certificate's key type cannot be used. */
export function unsupportedKeyMessage(label: string): string {
  return `Il certificato usa una chiave ${label}, non supportata: chiedere all'autorità di certificazione un certificato RSA o ECDSA (P-256 o P-384).`;
}
