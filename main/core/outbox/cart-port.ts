// The outbox's only view of CART: one exchange per call. The real adapter is cart-port-client.ts;
// tests script a fake. Keeping the outbox behind this seam lets the state machine be tested
// without TLS and lets the client change without touching the queue.
import type { OutboxOperation } from '../../../contract/outbox.js';
import type { CartCall, CartResult } from '../gateway/index.js';

export type { OutboxOperation };

/**
 * One write call as the outbox sends it: decoded from the stored job (job-codec.ts) on every attempt,
 * with the stored PDF bytes and body, and the job's own W3C trace id as `clientTraceId` (the same on
 * every attempt; a gateway that continues the trace answers with it as traceID, so a lost response
 * can still be looked up by trace, see reconcile.ts).
 */
export type OutboxCall = Extract<CartCall, { operation: OutboxOperation }>;

/** 'server-untrusted': our side refuses the gateway's server certificate (the runner waits as if offline; the app says why). */
export type ProbeOutcome = 'online' | 'offline' | 'auth-failed' | 'server-untrusted';

export interface CartPort {
  /** One HTTP exchange, fresh JWTs inside. Never throws for gateway or network failures. */
  send(call: OutboxCall): Promise<CartResult>;
  /** Optional: CART may not offer status look-ups (404/405 → the adapter omits the method or answers not-found). */
  lookupByTrace?(traceId: string): Promise<CartResult>;
  lookupByWorkflow?(workflowInstanceId: string): Promise<CartResult>;
  /** Optional: ms until the port would let this call leave (request-ceiling.ts); 0 = now. Asked before a job is marked sending. */
  readyIn?(call: OutboxCall): number;
  /** Cheap reachability check (also tells whether the certificates are accepted); no HTTP request in the real port. */
  probe(): Promise<ProbeOutcome>;
}
