// Deciding what to do with a job whose last exchange may or may not have reached CART.
// Rules (also in STATES.md):
//  1. Look-ups first: by the workflowInstanceId or traceID CART gave, then by our own correlation id
//     (only once the gateway has been seen to continue our trace id: otherwise "not found" proves nothing).
//     Found → applied. "Not found" → not applied, resend — except that for a create "not found" is trusted
//     only once the exchange is older than settleMs (status events are written asynchronously, and a
//     duplicate create is the one mistake we cannot undo).
//  2. Without an answering look-up, per operation:
//     delete → resend (404 on the resend = already deleted, see interpret.ts);
//     updateMetadata → resend (same values only add a metadata version);
//     replace → resend the same bytes (404 on the resend = probably done, accepted with a warning);
//     validateAndCreate → never resent automatically: held for the user (resolve()).
import type { CartResult } from '../cart/types.js';
import type { CartPort } from './cart-port.js';
import { asyncStatusOf, type AsyncStatus } from './interpret.js';
import type { JobRow } from './store.js';

export type ReconcileDecision =
  | { kind: 'applied'; status: AsyncStatus; result: CartResult; via: string }
  | { kind: 'resend'; reason: string; result?: CartResult }
  | { kind: 'hold'; reason: string }
  | { kind: 'retry-later'; reason: string; atMs?: number; result?: CartResult }
  | { kind: 'auth'; result: CartResult };

export interface ReconcileContext {
  now: number;
  settleMs: number;
  correlationHonoured: boolean;
}

type Lookup = { via: string; run: () => Promise<CartResult> };

function lookupsFor(job: JobRow, port: CartPort, ctx: ReconcileContext): Lookup[] {
  const out: Lookup[] = [];
  const byWf = port.lookupByWorkflow?.bind(port);
  const byTrace = port.lookupByTrace?.bind(port);
  if (job.workflowInstanceId && byWf) out.push({ via: 'workflowInstanceId', run: () => byWf(job.workflowInstanceId!) });
  if (job.traceId && byTrace) out.push({ via: 'traceId', run: () => byTrace(job.traceId!) });
  if (ctx.correlationHonoured && byTrace && job.correlationId !== job.traceId) {
    out.push({ via: 'correlationId', run: () => byTrace(job.correlationId) });
  }
  return out;
}

/**
 * Only the gateway's own "record not found" proves absence. A bare 404/405 (CART offers no status
 * endpoint, GATEWAY.md §8) says nothing about the document and must never trigger a resend.
 */
function lookupSaysAbsent(r: CartResult): boolean {
  return (r.httpStatus === 404 || r.httpStatus === 400) && r.error?.type === '/msg/record-not-found';
}

export async function reconcile(job: JobRow, port: CartPort, ctx: ReconcileContext): Promise<ReconcileDecision> {
  for (const l of lookupsFor(job, port, ctx)) {
    let r: CartResult;
    try {
      r = await l.run();
    } catch (err) {
      return { kind: 'retry-later', reason: `look-up by ${l.via} threw: ${(err as Error).message}` };
    }
    if (r.ok) return { kind: 'applied', status: asyncStatusOf(r.body), result: r, via: l.via };
    if (r.error?.category === 'auth') return { kind: 'auth', result: r };
    if (lookupSaysAbsent(r)) {
      if (job.operation === 'validateAndCreate') {
        const since = job.ambiguousAt ?? job.updatedAt;
        if (ctx.now - since < ctx.settleMs) {
          return { kind: 'retry-later', reason: `look-up by ${l.via}: not found yet, waiting for events to settle`, atMs: since + ctx.settleMs, result: r };
        }
      }
      return { kind: 'resend', reason: `look-up by ${l.via}: not found`, result: r };
    }
    if (r.error?.category === 'transient' || r.error?.category === 'ambiguous') {
      return { kind: 'retry-later', reason: `look-up by ${l.via} failed (${r.error.category})`, result: r };
    }
    // caller-fault (405, 401 for another issuer, no status endpoint on CART): this look-up cannot decide; try the next.
  }
  switch (job.operation) {
    case 'delete':
      return { kind: 'resend', reason: 'rule: delete may be resent (404 on resend = already deleted)' };
    case 'updateMetadata':
      return { kind: 'resend', reason: 'rule: metadata update may be resent' };
    case 'replace':
      return { kind: 'resend', reason: 'rule: replace resent with the same bytes (404 on resend = probably done)' };
    case 'validateAndCreate':
      return { kind: 'hold', reason: 'rule: create with unknown outcome and no usable look-up is never resent automatically' };
  }
}
