// Deciding what to do with a job whose last exchange may or may not have reached CART.
// Rules (also in the README, "The outbox"):
//  1. Look-ups first, by the job's OWN trace id (`status/search/<job trace id>`): every attempt of a job
//     carries the same W3C trace id in `traceparent` (a new span each time), so one look-up answers
//     "was ANY attempt of this job applied?". Then by the workflowInstanceId / traceID CART gave.
//     - events found (by any key) → applied: confirmed if they show success, rejected if they show a
//       blocking error (e.g. INI's duplicate refusal), accepted otherwise;
//     - the gateway's own "record not found" → not applied → resend the same bytes. For the job's own
//       trace id this is trusted only once the gateway has been seen to continue client trace ids (a
//       response whose traceID equals the trace id we sent; a look-up itself shows it): otherwise
//       "not found" proves nothing. For a create it is trusted only once the exchange is older than
//       settleMs (status events are written asynchronously: a look-up that later finds it spares a
//       resend);
//     - a bare 404/405 (no status service) decides nothing.
//  2. Without a deciding look-up, every operation is resent with the same stored bytes, after the usual
//     backoff (the job waited in needs-reconciliation until nextAttemptAt):
//     delete → 404 on the resend = already deleted (confirmed, see interpret.ts);
//     updateMetadata → same values only add a metadata version;
//     replace → 404 on the resend = the earlier attempt replaced it (accepted with a warning);
//     validateAndCreate → same identificativoDoc: the national index refuses a second publication of
//       it (SEND_TO_INI BLOCKING_ERROR, duplicate), and that refusal after this ambiguous attempt means
//       "published by the earlier attempt": the job is confirmed (earlier-attempt.ts), never rejected.
//     Nothing is left for the user to settle: the clinic cannot look into the citizen's FSE anyway.
// OPEN POINT (docs/decisions.md §4): whether CART's frontier forwards `traceparent` to the national
// dispatcher is not published. Until an answer shows our trace id coming back, rule 1 works only with
// the ids CART returned, and a create whose answer was lost is settled by rule 2.
import type { CartResult } from '../gateway/index.js';
import type { CartPort } from './cart-port.js';
import { asyncStatusOf, blockingDetailOf, statusEventsOf, type AsyncStatus } from './interpret.js';
import type { JobRow } from './store.js';

export type ReconcileDecision =
  | { kind: 'applied'; status: AsyncStatus; detail?: string; result: CartResult; via: string }
  | { kind: 'resend'; reason: string; result?: CartResult }
  | { kind: 'retry-later'; reason: string; atMs?: number; result?: CartResult }
  | { kind: 'auth'; result: CartResult };

export interface ReconcileContext {
  now: number;
  settleMs: number;
  /** The gateway has been seen to continue client trace ids (queue-wide, persisted). */
  correlationHonoured: boolean;
  /** Called when a look-up's answer carries the trace id that look-up sent: the gateway continues client traces. */
  onCorrelationHonoured?: () => void;
}

type Lookup = { via: 'clientTraceId' | 'workflowInstanceId' | 'traceId'; run: () => Promise<CartResult> };

function lookupsFor(job: JobRow, port: CartPort): Lookup[] {
  const out: Lookup[] = [];
  const byWf = port.lookupByWorkflow?.bind(port);
  const byTrace = port.lookupByTrace?.bind(port);
  if (byTrace) out.push({ via: 'clientTraceId', run: () => byTrace(job.correlationId) });
  if (job.workflowInstanceId && byWf) out.push({ via: 'workflowInstanceId', run: () => byWf(job.workflowInstanceId!) });
  if (job.traceId && job.traceId !== job.correlationId && byTrace) out.push({ via: 'traceId', run: () => byTrace(job.traceId!) });
  return out;
}

/**
 * Only the gateway's own "record not found" proves absence. A bare 404/405 (CART offers no status
 * endpoint, docs/decisions.md §3) says nothing about the document and must never trigger a resend.
 */
export function lookupSaysAbsent(r: CartResult): boolean {
  return (r.httpStatus === 404 || r.httpStatus === 400) && r.error?.type === '/msg/record-not-found';
}

/** The answer carries the very trace id the client sent in `traceparent`. */
export const continuesClientTrace = (r: CartResult): boolean => !!r.clientTraceId && r.traceId === r.clientTraceId;

export async function reconcile(job: JobRow, port: CartPort, ctx: ReconcileContext): Promise<ReconcileDecision> {
  let honoured = ctx.correlationHonoured;
  let absent: { via: string; result: CartResult } | undefined;
  for (const l of lookupsFor(job, port)) {
    let r: CartResult;
    try {
      r = await l.run();
    } catch (err) {
      return { kind: 'retry-later', reason: `look-up by ${l.via} threw: ${(err as Error).message}` };
    }
    if (!honoured && continuesClientTrace(r)) {
      honoured = true;
      ctx.onCorrelationHonoured?.();
    }
    if (r.ok) {
      // A 200 without any event says nothing (a wrapper we do not understand): try the next key.
      if (statusEventsOf(r.body).length === 0) continue;
      const status = asyncStatusOf(r.body);
      const detail = status === 'failed' ? blockingDetailOf(r.body) : undefined;
      return { kind: 'applied', status, ...(detail ? { detail } : {}), result: r, via: l.via };
    }
    if (r.error?.category === 'auth') return { kind: 'auth', result: r };
    if (lookupSaysAbsent(r)) {
      // Our own trace id not found proves nothing while the gateway may be ignoring traceparent.
      if (l.via !== 'clientTraceId' || honoured) absent ??= { via: l.via, result: r };
      continue;
    }
    if (r.error?.category === 'transient' || r.error?.category === 'ambiguous') {
      return { kind: 'retry-later', reason: `look-up by ${l.via} failed (${r.error.category})`, result: r };
    }
    // caller-fault (405, 401 for another issuer, no status endpoint on CART): this look-up cannot decide; try the next.
  }
  if (absent) {
    if (job.operation === 'validateAndCreate') {
      const since = job.ambiguousAt ?? job.updatedAt;
      if (ctx.now - since < ctx.settleMs) {
        return {
          kind: 'retry-later',
          reason: `look-up by ${absent.via}: not found yet, waiting for events to settle`,
          atMs: since + ctx.settleMs,
          result: absent.result,
        };
      }
    }
    return { kind: 'resend', reason: `look-up by ${absent.via}: not found`, result: absent.result };
  }
  switch (job.operation) {
    case 'delete':
      return { kind: 'resend', reason: 'rule: delete may be resent (404 on resend = already deleted)' };
    case 'updateMetadata':
      return { kind: 'resend', reason: 'rule: metadata update may be resent' };
    case 'replace':
      return { kind: 'resend', reason: 'rule: replace resent with the same bytes (404 on resend = probably done)' };
    case 'validateAndCreate':
      return { kind: 'resend', reason: 'rule: create resent with the same id and bytes (a duplicate refusal then means the earlier attempt published it)' };
  }
}
