// The outbox's only view of CART: one exchange per call. The real adapter is cart-port-client.ts;
// tests script a fake. Keeping the outbox behind this seam lets the state machine be tested
// without TLS and lets the client change without touching the queue.
import type { CartResult } from '../gateway/types.js';

export type OutboxOperation = 'validateAndCreate' | 'replace' | 'delete' | 'updateMetadata';

export interface OutboxSendRequest {
  operation: OutboxOperation;
  /** Id in the URL for replace/delete/metadata. */
  pathId?: string;
  /** The stored request body, parsed back from the exact JSON text written at enqueue. */
  requestBody?: unknown;
  /** The stored signed PDF: the same bytes on every attempt. */
  pdf?: Uint8Array;
  /** JWT person_id (patient tax code form), fresh JWTs are built around it on every attempt. */
  personId?: string;
  resourceHl7Type?: string;
  /**
   * A client-chosen W3C trace id (32 lowercase hex), the same on every attempt of a job. An adapter
   * that can send headers puts it in `traceparent`; a gateway that continues the trace answers with
   * it as traceID, so a lost response can still be looked up by trace (see reconcile.ts).
   */
  correlationId?: string;
}

export type ProbeOutcome = 'online' | 'offline' | 'auth-failed';

export interface CartPort {
  /** One HTTP exchange, fresh JWTs inside. Never throws for gateway or network failures. */
  send(req: OutboxSendRequest): Promise<CartResult>;
  /** Optional: CART may not offer status look-ups (404/405 → the adapter omits the method or answers not-found). */
  lookupByTrace?(traceId: string): Promise<CartResult>;
  lookupByWorkflow?(workflowInstanceId: string): Promise<CartResult>;
  /** Cheap reachability check (also tells whether the certificates are accepted). */
  probe(): Promise<ProbeOutcome>;
}
