// What every CART call yields, success or failure. Shared by the CART client, the outbox and the CLI.
import type { GivenCartIds } from '../../../contract/cart-ids.js';

export type CartOperation = 'validateAndCreate' | 'replace' | 'delete' | 'updateMetadata' | 'statusByWorkflow' | 'statusByTrace';

/**
 * How the caller must react (docs/gateway-api.md §8.3):
 * - caller-fault: fix the document or data; never retry unchanged.
 * - auth: certificates or identity refused (frontier 401/403, TLS handshake refused): stop and tell the user.
 * - transient: not applied (network before send, 429, 503, connection refused): retry later.
 * - ambiguous: the request may have been applied (timeout or reset after upload, 502/504, 500): reconcile first.
 * - not-found: the document is not (or no longer) there: for a delete resend this means "already done".
 */
export type ErrorCategory = 'caller-fault' | 'auth' | 'transient' | 'ambiguous' | 'not-found';

export interface CartError {
  category: ErrorCategory;
  /** problem+json `type` (e.g. "/msg/cda-element"), or a local code such as "network/ECONNREFUSED". */
  type?: string;
  title?: string;
  detail?: string;
  instance?: string;
  /** Italian, for the person at the desk. */
  message: string;
}

/** The ids CART gave (contract/cart-ids.ts) are present only when it gave them. */
export interface CartResult extends GivenCartIds {
  ok: boolean;
  operation: CartOperation;
  /** Absent when no HTTP response arrived. */
  httpStatus?: number;
  warning?: string;
  /** From Retry-After, when the gateway sent one. */
  retryAfterMs?: number;
  /** Parsed JSON body, for status look-ups. */
  body?: unknown;
  error?: CartError;
  /** The W3C trace id and span id this client sent in `traceparent` (also in the journal's request headers). */
  clientTraceId?: string;
  clientSpanId?: string;
  /** Row id of the journal entry that recorded this exchange. */
  journalId?: number;
  /** Why the exchange could not be journalled (disk full, read-only archive): the answer is still returned. */
  journalError?: string;
}
