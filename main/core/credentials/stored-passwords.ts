// The app's CredentialSource: passwords kept in the main process's secret store by the certificate
// import (certificate-import.ts), one per role. In the regional transition mode one file serves as
// both authentication and signature certificate; the import stores its password under both names,
// and a signature password missing from the store falls back to the authentication one as long as
// both roles still name the same file.
import type { Profile } from '../../../contract/profile.js';
import { secretNameFor } from './certificate-import.js';
import type { CredentialRole, CredentialSource, PasswordLookup } from './credential-source.js';
import type { SecretStore } from './secret-store.js';

export function secretStoreCredentialSource(secrets: SecretStore, profile: Pick<Profile, 'authCertificate'>): CredentialSource {
  const stored = (role: CredentialRole): string | null => {
    try {
      return secrets.get(secretNameFor(role));
    } catch {
      // Undecryptable counts as absent: the person imports the certificate again.
      return null;
    }
  };
  return {
    password(role, ref): PasswordLookup {
      let password = stored(role);
      if (password === null && role === 'signature' && profile.authCertificate?.p12 === ref.p12) password = stored('auth');
      return password === null ? { ok: false, reason: `no password stored for the ${role} certificate ${ref.p12}` } : { ok: true, password };
    },
  };
}
