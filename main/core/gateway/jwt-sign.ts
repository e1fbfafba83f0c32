// Signs the CART tokens with jose using the SIGNATURE certificate's key: RS256 for RSA, ES256 for
// ECDSA P-256, ES384 for P-384 (the gateway documents name only RS256/RS384/RS512: an EC certificate
// is warned about at import, docs/decisions.md §40). The x5c header carries that certificate as one
// line of standard base64 DER (docs/jwt-claims.md §2, issues #1120/#2595).
import { SignJWT } from 'jose';
import type { KeyObject, X509Certificate } from 'node:crypto';
import { signingAlgorithmOf } from '../credentials/index.js';
import { authorizationClaims, signatureClaims, type CommonClaimsInput, type SignatureClaimsInput, type StandardClaims } from './jwt-claims.js';

export interface SigningCredentials {
  privateKey: KeyObject;
  certificate: X509Certificate;
}

export interface SignedToken {
  token: string;
  claims: StandardClaims;
}

export interface CartTokens {
  authorization: SignedToken;
  /** Absent for status look-ups, which send only Authorization. */
  signature?: SignedToken;
}

export function x5cOf(certificate: X509Certificate): string {
  return certificate.raw.toString('base64');
}

/** The JWS algorithm for a key; throws for a key type no JWT algorithm is used for here (refused at import before this). */
function jwtAlgorithmFor(key: KeyObject): 'RS256' | 'ES256' | 'ES384' {
  const type = signingAlgorithmOf(key);
  if (!type.ok) throw new Error(`cannot sign a CART token with a ${type.label} key`);
  return type.algorithm.jwtAlg;
}

async function sign(claims: StandardClaims, cred: SigningCredentials): Promise<string> {
  // The claims object already holds iss/sub/aud/iat/exp/jti; SignJWT adds no nbf.
  const alg = jwtAlgorithmFor(cred.privateKey);
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', x5c: [x5cOf(cred.certificate)] }).sign(cred.privateKey);
}

/** A fresh pair (new jti each) for one call; `signature` input absent = Authorization only. */
export async function signCartTokens(
  cred: SigningCredentials,
  common: CommonClaimsInput,
  signature?: Omit<SignatureClaimsInput, keyof CommonClaimsInput>,
): Promise<CartTokens> {
  const authClaims = authorizationClaims(common);
  const authorization = { token: await sign(authClaims, cred), claims: authClaims };
  if (!signature) return { authorization };
  const sigClaims = signatureClaims({ ...common, ...signature });
  // Keep sub/iat/exp/aud equal in both tokens (docs/jwt-claims.md §3).
  sigClaims.iat = authClaims.iat;
  sigClaims.exp = authClaims.exp;
  return { authorization, signature: { token: await sign(sigClaims, cred), claims: sigClaims } };
}
