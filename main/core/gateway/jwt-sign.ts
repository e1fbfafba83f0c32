// Signs the CART tokens with jose (RS256) using the SIGNATURE certificate's key; the x5c header
// carries that certificate as one line of standard base64 DER (docs/jwt-claims.md §2, issues #1120/#2595).
import { SignJWT } from 'jose';
import type { KeyObject, X509Certificate } from 'node:crypto';
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

async function sign(claims: StandardClaims, cred: SigningCredentials): Promise<string> {
  // The claims object already holds iss/sub/aud/iat/exp/jti; SignJWT adds no nbf.
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5c: [x5cOf(cred.certificate)] }).sign(cred.privateKey);
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
