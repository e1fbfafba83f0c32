// Builds the outbox's CART port from the app's STORED profile and the certificate passwords kept in
// the SecretStore: the certificates are opened here, through the same checks as the CLI's
// (loadCartCredentials) with the secret-store password source, and handed to the port ready.
// Anything missing or unusable comes back as an Italian reason: the queue is then paused, never crashed.
// The port's module is imported only when the profile and certificates allow a connection, so the app
// starts without the CART client and what it needs.
import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';
import type { Profile } from '../../../contract/profile.js';
import { CredentialsError, loadCartCredentials, secretStoreCredentialSource, type SecretStore } from '../credentials/index.js';
import type { CartTimeouts, CartJournal } from '../gateway/index.js';
import { checkFiscalCode, type Clock } from '../shared/index.js';
import { loadCartPort, type ClosableCartPort } from '../outbox/index.js';
import { trainingGuardProblem } from './setup/training-guard.js';

export type CartConnection = { ok: true; port: ClosableCartPort } | { ok: false; code: string; message: string; /** English, for the log. */ detail?: string };

export interface CartConnectionDeps {
  profile: Profile | null;
  secrets: SecretStore;
  journal: CartJournal;
  onJournalError?: (message: string) => void;
  /** Training: the only gateway this connection may reach, its own stand-in's base URL (setup/training-guard.ts). */
  onlyGateway?: string | undefined;
  timeouts?: Partial<CartTimeouts>;
  /** Certificate validity now and, in the port, JWT times at each send. */
  now: Clock;
}

const PREFIX = 'Invii sospesi: ';
const problem = (code: string, reason: string): Extract<CartConnection, { ok: false }> => ({ ok: false, code, message: PREFIX + reason });

/**
 * What the CART connection is built from, as one hash: the stored profile and the bytes of its certificate
 * files (a new certificate may be imported to the same path). A different key is a change that can fix a
 * refused authorisation (outbox-service.ts).
 */
export function configurationKey(profile: Profile | null): string {
  const h = createHash('sha256').update(JSON.stringify(profile));
  for (const ref of [profile?.authCertificate, profile?.signatureCertificate]) {
    if (!ref) continue;
    try {
      h.update(readFileSync(ref.p12));
    } catch {
      h.update('\0unreadable');
    }
  }
  return h.digest('hex');
}

export async function connectCart(d: CartConnectionDeps): Promise<CartConnection> {
  const profile = d.profile;
  if (!profile)
    return problem(
      'no-profile',
      'il profilo della struttura non è ancora salvato. Completarlo nella sezione «Profilo della struttura»: i documenti restano in coda.',
    );
  const guard = trainingGuardProblem(profile, d.onlyGateway);
  if (guard) return problem('training-guard', guard);
  if (!profile.operator) {
    return problem(
      'no-operator',
      'nel profilo della struttura manca l\u2019operatore (codice fiscale e ruolo) a nome del quale si inviano i documenti. Completarlo nella sezione «Profilo della struttura»: i documenti restano in coda.',
    );
  }
  const operatorCf = checkFiscalCode(profile.operator.fiscalCode);
  if (!operatorCf.ok)
    return problem('bad-operator', 'il codice fiscale dell\u2019operatore nel profilo non è valido. Correggerlo nella sezione «Profilo della struttura».');
  if (!profile.authCertificate || !profile.signatureCertificate) {
    return problem(
      'no-certificates',
      'mancano il certificato di autenticazione o quello di firma dei token. Importarli nella sezione «Certificati»: i documenti restano in coda.',
    );
  }
  // The source covers the transition mode (one file for both roles, one password).
  const passwords = secretStoreCredentialSource(d.secrets, profile);
  if (!passwords.password('auth', profile.authCertificate).ok || !passwords.password('signature', profile.signatureCertificate).ok) {
    return problem(
      'password-needed',
      'la password di un certificato non è disponibile su questo computer. Importare di nuovo il certificato nella sezione «Certificati».',
    );
  }
  if (profile.trustedCaFile) {
    try {
      accessSync(profile.trustedCaFile, constants.R_OK);
    } catch {
      return problem('ca-unreadable', 'il file delle autorità di certificazione indicato nel profilo non è leggibile. Verificare il percorso nel profilo.');
    }
  }
  try {
    const credentials = loadCartCredentials(profile, passwords, d.now());
    // The CART client (undici, jose, the gateway and document rooms) loads here, once there is something to connect.
    const { createCartPort } = await loadCartPort();
    const port = createCartPort(profile, {
      credentials,
      journal: d.journal,
      ...(d.onJournalError ? { onJournalError: d.onJournalError } : {}),
      ...(d.timeouts ? { timeouts: d.timeouts } : {}),
      now: d.now,
    });
    return { ok: true, port };
  } catch (err) {
    if (err instanceof CredentialsError)
      return {
        ...problem(`certificate-${err.code}`, `${err.userMessage} Verificare nella sezione «Certificati»: i documenti restano in coda.`),
        detail: err.message,
      };
    return {
      ...problem(
        'connection-setup',
        'non è stato possibile preparare il collegamento con CART. Verificare profilo e certificati; se il problema persiste contattare l\u2019assistenza.',
      ),
      detail: err instanceof Error ? err.message : String(err),
    };
  }
}
