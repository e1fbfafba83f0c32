// The two certificates of a CART connection, opened from the profile's files with passwords from a
// CredentialSource and put through the same checks as the import: a file with an error (expired,
// wrong role, wrong password…) is refused before any call is made.
import { readFileSync } from 'node:fs';
import type { CertificateRef, Profile } from '../../../contract/profile.js';
import type { CredentialSource } from './credential-source.js';
import { inspectBundle } from './inspect-certificate.js';
import { loadPkcs12, Pkcs12Error, type Pkcs12Bundle, type Pkcs12ErrorCode } from './pkcs12.js';

/** Why a file could not be opened, in the words of the refusal; the rest is "file non leggibile". */
const PKCS12_REASONS: Partial<Record<Pkcs12ErrorCode, string>> = {
  // The MAC cannot tell a wrong password from a changed byte.
  'wrong-password': 'password errata oppure file danneggiato',
  'unsupported-key': 'tipo di chiave non supportato: serve un certificato RSA o ECDSA P-256/P-384',
};

export interface CartCredentials {
  /** A<n># certificate: TLS client authentication only. */
  auth: Pkcs12Bundle;
  /** S<n># certificate: signs both JWTs (may be the same file in the regional transition mode). */
  signature: Pkcs12Bundle;
}

/** Why the CART certificates cannot be used; each caller turns it into its own kind of failure. */
export class CredentialsError extends Error {
  constructor(
    /** profile: a certificate is not configured; certificate: one cannot be opened or fails the checks. */
    readonly code: 'profile' | 'certificate',
    /** Italian, for the person at the desk. */
    readonly userMessage: string,
    /** English, for logs and support: the underlying error or the failed check codes. */
    readonly details: string[] = [],
  ) {
    super(`${code}: ${userMessage}${details.length ? ' — ' + details.join('; ') : ''}`);
    this.name = 'CredentialsError';
  }
}

/**
 * Opens the AUTH and SIGNATURE files of the profile. The same file for both roles is the regional
 * transition mode: it is opened once, checked for both roles, and only its auth password is asked for.
 */
export function loadCartCredentials(profile: Profile, source: CredentialSource, now: Date): CartCredentials {
  const authRef = profile.authCertificate;
  const sigRef = profile.signatureCertificate;
  if (!authRef || !sigRef)
    throw new CredentialsError('profile', 'Nel profilo mancano il certificato di autenticazione (authCertificate) o di firma (signatureCertificate).');
  const dual = authRef.p12 === sigRef.p12;
  const open = (ref: CertificateRef, role: 'auth' | 'signature'): Pkcs12Bundle => {
    const label = role === 'auth' ? 'autenticazione' : 'firma';
    const refuse = (why: string, detail: string): CredentialsError =>
      new CredentialsError('certificate', `Impossibile aprire il certificato di ${label} (${why}).`, [detail]);
    let bundle: Pkcs12Bundle;
    try {
      // The file is read before the password is asked for: a missing file is reported as such.
      const bytes = readFileSync(ref.p12);
      const password = source.password(role, ref);
      if (!password.ok) throw refuse('password non impostata', password.reason);
      bundle = loadPkcs12(bytes, password.password);
    } catch (err) {
      if (err instanceof CredentialsError) throw err;
      if (err instanceof Pkcs12Error) throw refuse(PKCS12_REASONS[err.code] ?? 'file non leggibile', err.message);
      // Missing, a folder, no permission: every file-system error (errno codes are E + capitals), not ENOENT only.
      if (/^E[A-Z]+$/.test(String((err as NodeJS.ErrnoException).code))) throw refuse('file non leggibile', (err as Error).message);
      throw err;
    }
    const report = inspectBundle(bundle, { expectedRole: dual ? 'both' : role, now, clinicFiscalCode: profile.clinic.fiscalCode });
    const errors = report.problems.filter((p) => p.severity === 'error');
    if (errors.length)
      throw new CredentialsError(
        'certificate',
        `Certificato di ${label} non utilizzabile: ${errors.map((e) => e.message).join(' ')}`,
        errors.map((e) => e.code),
      );
    return bundle;
  };
  const auth = open(authRef, 'auth');
  return { auth, signature: dual ? auth : open(sigRef, 'signature') };
}
