// Where the password of a certificate file comes from. The core never knows: the CLI answers from
// the environment variables its profile file names (main/cli/profile-file.ts), the app from its
// secret store (stored-passwords.ts). Whoever opens a PKCS#12 file asks a CredentialSource.
import type { CertificateSlot } from '../../../contract/certificates.js';
import type { CertificateRef } from '../../../contract/profile.js';

/** The three certificate roles: CART authentication (A1#), CART token signature (S1#), report signer (PAdES). */
export type CredentialRole = CertificateSlot;

/**
 * One password lookup. A miss carries the reason in English (it ends up in error details and logs),
 * so the caller can say why a certificate could not be opened without knowing where passwords live.
 * Neither branch ever echoes a password.
 */
export type PasswordLookup = { ok: true; password: string } | { ok: false; reason: string };

export interface CredentialSource {
  /** The password of the PKCS#12 file `ref` used in `role`. Never logged. */
  password(role: CredentialRole, ref: CertificateRef): PasswordLookup;
}
