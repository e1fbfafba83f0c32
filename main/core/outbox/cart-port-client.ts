// The CartPort over the project's CART client (main/core/gateway): one CartClient (one TLS agent, so
// connections are reused) for the life of the port; every send signs a fresh JWT pair inside the
// client. The outbox hands it the call decoded from the stored job (job-codec.ts): the stored body is
// sent as it is (no re-derivation from the PDF, so no new submission id on retry), with the stored claims.
import { readFileSync } from 'node:fs';
import type { Profile } from '../../../contract/profile.js';
import { checkFiscalCode, type Clock } from '../shared/index.js';
import { loadCartClient, loadCartExecution, type CartTimeouts, type CartCredentialsOption, type CartJournal } from '../gateway/index.js';
import type { CartPort, ProbeOutcome } from './cart-port.js';
import { DEFAULT_REQUEST_CEILING, withRequestCeiling, type RequestCeiling } from './request-ceiling.js';

// This module is the outbox's adapter over the CART client, so loading it loads the client (undici, jose)
// and createCartPort stays synchronous. It is itself loaded only on first use (index.ts: loadCartPort).
const [{ CartClient }, { credentialsOf, CartInputError }] = await Promise.all([loadCartClient(), loadCartExecution()]);

/** `credentials` (already opened) or `credentialSource` (opened here from the profile's files; throws CartInputError when unusable). */
export type CartPortOptions = CartCredentialsOption & {
  journal?: CartJournal;
  onJournalError?: (message: string) => void;
  timeouts?: Partial<CartTimeouts>;
  operator?: { fiscalCode: string; role: string };
  /** Whether CART answers status look-ups (the national gateway does; CART's support is unconfirmed, docs/decisions.md §3). */
  lookups?: boolean;
  /** Requests per document and per queue in any minute (request-ceiling.ts); default: the profile's `outbox` settings, else DEFAULT_REQUEST_CEILING. */
  ceiling?: Partial<RequestCeiling>;
  /** Certificate validity when opening them, JWT times, Retry-After dates, the request ceiling's minute. */
  now: Clock;
};

export interface ClosableCartPort extends CartPort {
  close(): Promise<void>;
}

/** Builds the port from a clinic profile. Throws CartInputError when the certificates, the operator or trustedCaFile cannot be used. */
export function createCartPort(profile: Profile, o: CartPortOptions): ClosableCartPort {
  const credentials = credentialsOf(profile, o, o.now());
  const operator = o.operator ?? profile.operator;
  // The profile's mistakes are CartInputError (the CLI prints them as bad input), as in executeCartOperation.
  if (!operator) throw new CartInputError('profile', 'Nel profilo manca l\u2019operatore (operator: codice fiscale e ruolo) per conto del quale si invia.');
  const cf = checkFiscalCode(operator.fiscalCode);
  if (!cf.ok) throw new CartInputError('profile', `Codice fiscale dell\u2019operatore non valido: ${cf.message}`);
  let trustedCaPem: string | undefined;
  try {
    trustedCaPem = profile.trustedCaFile ? readFileSync(profile.trustedCaFile, 'utf8') : undefined;
  } catch (err) {
    throw new CartInputError('profile', 'Il file delle autorità di certificazione indicato nel profilo (trustedCaFile) non è leggibile.', [
      (err as Error).message,
    ]);
  }
  const client = new CartClient({
    profile,
    credentials,
    operator: { fiscalCode: cf.value, role: operator.role },
    ...(trustedCaPem !== undefined ? { trustedCaPem } : {}),
    ...(o.timeouts ? { timeouts: o.timeouts } : {}),
    ...(o.journal ? { journal: o.journal } : {}),
    ...(o.onJournalError ? { onJournalError: o.onJournalError } : {}),
    now: o.now,
  });
  const port: ClosableCartPort = {
    // The call carries the job's trace id, the same on every attempt (a new span each time): see cart-client.ts and reconcile.ts.
    send: (call) => client.send(call),
    async probe(): Promise<ProbeOutcome> {
      // A TLS handshake with the authentication certificate, no HTTP request: it proves what «In linea» claims
      // without a JWT, a journal row or a request counted by the gateway (gateway/tls-handshake.ts).
      const h = await client.handshake();
      return h === 'accepted' ? 'online' : h === 'refused' ? 'auth-failed' : h === 'server-untrusted' ? 'server-untrusted' : 'offline';
    },
    close: () => client.close(),
  };
  if (o.lookups !== false) {
    port.lookupByTrace = (traceId) => client.send({ operation: 'statusByTrace', traceId });
    port.lookupByWorkflow = (workflowInstanceId) => client.send({ operation: 'statusByWorkflow', workflowInstanceId });
  }
  const limits = profile.outbox;
  const ceiling: RequestCeiling = {
    perDocument: o.ceiling?.perDocument ?? limits?.maxRequestsPerDocumentPerMinute ?? DEFAULT_REQUEST_CEILING.perDocument,
    perQueue: o.ceiling?.perQueue ?? limits?.maxRequestsPerMinute ?? DEFAULT_REQUEST_CEILING.perQueue,
  };
  return withRequestCeiling(port, ceiling, o.now);
}
