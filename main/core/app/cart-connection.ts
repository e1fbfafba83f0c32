// Builds the outbox's CART port from the app's STORED profile and the certificate passwords kept in
// the SecretStore. The outbox's builder (createCartPort) opens certificates from environment
// variables (the CLI's way); here the passwords come from the secret store, so this adapter opens
// them itself through the same checks (loadCartCredentials, fed a private env object that exists only
// for this call — process.env is never touched) and passes ready credentials in.
// Anything missing or unusable comes back as an Italian reason: the queue is then paused, never crashed.
import { accessSync, constants } from 'node:fs';
import type { Profile } from '../../../contract/profile.js';
import { secretNameFor } from '../credentials/certificate-import.js';
import type { CartTimeouts } from '../gateway/cart-client.js';
import { CartInputError, loadCartCredentials } from '../gateway/execute.js';
import type { CartJournal } from '../gateway/journal.js';
import { checkFiscalCode } from '../shared/fiscal-code.js';
import { createCartPort, type ClosableCartPort } from '../outbox/cart-port-client.js';
import type { SecretStore } from '../credentials/secret-store.js';

export type CartConnection = { ok: true; port: ClosableCartPort } | { ok: false; code: string; message: string; /** English, for the log. */ detail?: string };

export interface CartConnectionDeps {
  profile: Profile | null;
  secrets: SecretStore;
  journal: CartJournal;
  timeouts?: Partial<CartTimeouts>;
  now?: Date;
}

const PREFIX = 'Invii sospesi: ';
const problem = (code: string, reason: string): Extract<CartConnection, { ok: false }> => ({ ok: false, code, message: PREFIX + reason });

/** Private variable names for loadCartCredentials' env lookup. */
const AUTH_VAR = 'FSE_DESK_AUTH_PASSWORD';
const SIGNATURE_VAR = 'FSE_DESK_SIGNATURE_PASSWORD';

function storedPassword(secrets: SecretStore, role: 'auth' | 'signature'): string | null {
  try {
    return secrets.get(secretNameFor(role));
  } catch {
    return null;
  }
}

export function connectCart(d: CartConnectionDeps): CartConnection {
  const profile = d.profile;
  if (!profile) return problem('no-profile', 'il profilo della struttura non è ancora salvato. Completarlo nella sezione «Profilo della struttura»: i documenti restano in coda.');
  if (!profile.operator) {
    return problem('no-operator', 'nel profilo della struttura manca l\u2019operatore (codice fiscale e ruolo) a nome del quale si inviano i documenti. Completarlo nella sezione «Profilo della struttura»: i documenti restano in coda.');
  }
  const operatorCf = checkFiscalCode(profile.operator.fiscalCode);
  if (!operatorCf.ok) return problem('bad-operator', 'il codice fiscale dell\u2019operatore nel profilo non è valido. Correggerlo nella sezione «Profilo della struttura».');
  if (!profile.authCertificate || !profile.signatureCertificate) {
    return problem('no-certificates', 'mancano il certificato di autenticazione o quello di firma dei token. Importarli nella sezione «Certificati»: i documenti restano in coda.');
  }
  const authPassword = storedPassword(d.secrets, 'auth');
  // Transition mode: one file for both roles, its password stored under both names by the import.
  const signaturePassword = storedPassword(d.secrets, 'signature') ?? (profile.signatureCertificate.p12 === profile.authCertificate.p12 ? authPassword : null);
  if (authPassword === null || signaturePassword === null) {
    return problem('password-needed', 'la password di un certificato non è disponibile su questo computer. Importare di nuovo il certificato nella sezione «Certificati».');
  }
  if (profile.trustedCaFile) {
    try {
      accessSync(profile.trustedCaFile, constants.R_OK);
    } catch {
      return problem('ca-unreadable', 'il file delle autorità di certificazione indicato nel profilo non è leggibile. Verificare il percorso nel profilo.');
    }
  }
  const withVars: Profile = {
    ...profile,
    authCertificate: { p12: profile.authCertificate.p12, passwordEnv: AUTH_VAR },
    signatureCertificate: { p12: profile.signatureCertificate.p12, passwordEnv: SIGNATURE_VAR },
  };
  try {
    const credentials = loadCartCredentials(withVars, { [AUTH_VAR]: authPassword, [SIGNATURE_VAR]: signaturePassword }, d.now ?? new Date());
    const port = createCartPort(profile, { credentials, journal: d.journal, ...(d.timeouts ? { timeouts: d.timeouts } : {}) });
    return { ok: true, port };
  } catch (err) {
    if (err instanceof CartInputError) return { ...problem(`certificate-${err.code}`, `${err.userMessage} Verificare nella sezione «Certificati»: i documenti restano in coda.`), detail: err.message };
    return { ...problem('connection-setup', 'non è stato possibile preparare il collegamento con CART. Verificare profilo e certificati; se il problema persiste contattare l\u2019assistenza.'), detail: err instanceof Error ? err.message : String(err) };
  }
}
