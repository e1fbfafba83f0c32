// The CartPort over the project's CART client (main/core/gateway): one CartClient (one TLS agent, so
// connections are reused) for the life of the port; every send signs a fresh JWT pair inside the
// client. The outbox hands it the call decoded from the stored job (job-codec.ts): the stored body is
// sent as it is (no re-derivation from the PDF, so no new submission id on retry), with the stored claims.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Profile } from '../../../contract/profile.js';
import { checkFiscalCode, type Clock } from '../shared/index.js';
import { loadCartClient, loadCartExecution, type CartTimeouts, type CartCredentialsOption, type CartJournal } from '../gateway/index.js';
import type { CartPort, ProbeOutcome } from './cart-port.js';

// This module is the outbox's adapter over the CART client, so loading it loads the client (undici, jose)
// and createCartPort stays synchronous. It is itself loaded only on first use (index.ts: loadCartPort).
const [{ CartClient }, { credentialsOf }] = await Promise.all([loadCartClient(), loadCartExecution()]);

/** `credentials` (already opened) or `credentialSource` (opened here from the profile's files; throws CartInputError when unusable). */
export type CartPortOptions = CartCredentialsOption & {
  journal?: CartJournal;
  timeouts?: Partial<CartTimeouts>;
  operator?: { fiscalCode: string; role: string };
  /** Whether CART answers status look-ups (the national gateway does; CART's support is unconfirmed, docs/decisions.md §3). */
  lookups?: boolean;
  /** Certificate validity when opening them, JWT times, Retry-After dates. */
  now: Clock;
};

export interface ClosableCartPort extends CartPort {
  close(): Promise<void>;
}

/** Builds the port from a clinic profile. Throws CartInputError when the certificates cannot be used. */
export function createCartPort(profile: Profile, o: CartPortOptions): ClosableCartPort {
  const credentials = credentialsOf(profile, o, o.now());
  const operator = o.operator ?? profile.operator;
  if (!operator) throw new Error('profile.operator is required to send (JWT sub)');
  const cf = checkFiscalCode(operator.fiscalCode);
  if (!cf.ok) throw new Error(`operator tax code invalid: ${cf.message}`);
  const client = new CartClient({
    profile,
    credentials,
    operator: { fiscalCode: cf.value, role: operator.role },
    ...(profile.trustedCaFile ? { trustedCaPem: readFileSync(profile.trustedCaFile, 'utf8') } : {}),
    ...(o.timeouts ? { timeouts: o.timeouts } : {}),
    ...(o.journal ? { journal: o.journal } : {}),
    now: o.now,
  });
  const port: ClosableCartPort = {
    // The call carries the job's trace id, the same on every attempt (a new span each time): see cart-client.ts and reconcile.ts.
    send: (call) => client.send(call),
    async probe(): Promise<ProbeOutcome> {
      // A status search for an id that cannot exist: any HTTP answer but an authentication refusal means
      // CART is reachable and accepts our certificates.
      const r = await client.send({ operation: 'statusByTrace', traceId: `probe-${randomBytes(8).toString('hex')}` });
      if (r.error?.category === 'auth') return 'auth-failed';
      return r.httpStatus === undefined ? 'offline' : 'online';
    },
    close: () => client.close(),
  };
  if (o.lookups !== false) {
    port.lookupByTrace = (traceId) => client.send({ operation: 'statusByTrace', traceId });
    port.lookupByWorkflow = (workflowInstanceId) => client.send({ operation: 'statusByWorkflow', workflowInstanceId });
  }
  return port;
}
