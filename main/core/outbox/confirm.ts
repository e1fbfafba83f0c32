// accepted → confirmed: a 2xx from CART means "received"; INI/EDS indexing is asynchronous and its
// outcome is only in status events (docs/gateway-api.md §9). An accepted job is looked up now and then, with
// backoff, until the events show success (confirmed) or a blocking error such as INI's duplicate
// refusal (rejected, with the gateway's text), or until a bound on the number of checks is reached
// (the job then stays accepted). A gateway without status look-ups (bare 404/405) stops the checks at once.
import type { CartResult } from '../gateway/index.js';
import type { CartPort } from './cart-port.js';
import { asyncStatusOf, blockingDetailOf, statusEventsOf } from './interpret.js';
import { continuesClientTrace, lookupSaysAbsent } from './reconcile.js';
import type { JobRow } from './store.js';

export interface ConfirmPolicy {
  /** First check this long after acceptance (events are written asynchronously). */
  firstDelayMs: number;
  /** Cap of the doubling delay between checks. */
  maxDelayMs: number;
  /** Checks per job before giving up (the job stays accepted). */
  maxChecks: number;
}

/** 1 min, then doubling up to 1 h, 10 checks: about 6 hours of watching. */
export const DEFAULT_CONFIRM: ConfirmPolicy = { firstDelayMs: 60_000, maxDelayMs: 3_600_000, maxChecks: 10 };

/** The profile's part of the policy (`outbox.firstStatusCheckSeconds`); the rest stays the default. */
export function confirmPolicyOf(profile: { outbox?: { firstStatusCheckSeconds?: number | undefined } | undefined }): Partial<ConfirmPolicy> {
  const s = profile.outbox?.firstStatusCheckSeconds;
  return s === undefined ? {} : { firstDelayMs: s * 1000 };
}

export type CheckDecision =
  | { kind: 'confirmed'; via: string; result: CartResult }
  | { kind: 'rejected'; via: string; detail?: string; result: CartResult }
  | { kind: 'pending'; reason: string; result?: CartResult }
  | { kind: 'stop'; reason: string; result?: CartResult }
  | { kind: 'auth'; result: CartResult };

type Key = { via: string; run: () => Promise<CartResult> };

function keysFor(job: JobRow, port: CartPort, honoured: boolean): Key[] {
  const out: Key[] = [];
  const byWf = port.lookupByWorkflow?.bind(port);
  const byTrace = port.lookupByTrace?.bind(port);
  // Our own trace id covers every attempt of the job; without proof that the gateway continues it, it
  // is still worth asking (events found are proof enough), but it goes after the ids CART gave.
  const own: Key | undefined = byTrace ? { via: 'clientTraceId', run: () => byTrace(job.correlationId) } : undefined;
  if (own && honoured) out.push(own);
  if (job.workflowInstanceId && byWf) out.push({ via: 'workflowInstanceId', run: () => byWf(job.workflowInstanceId!) });
  if (job.traceId && job.traceId !== job.correlationId && byTrace) out.push({ via: 'traceId', run: () => byTrace(job.traceId!) });
  if (own && !honoured) out.push(own);
  return out;
}

/** One status check of an accepted job. Stops at the first key whose answer decides. */
export async function checkAccepted(job: JobRow, port: CartPort, honoured: boolean, onHonoured?: () => void): Promise<CheckDecision> {
  const keys = keysFor(job, port, honoured);
  if (keys.length === 0) return { kind: 'stop', reason: 'no status look-up available for this job' };
  let pending: { reason: string; result?: CartResult } | undefined;
  for (const k of keys) {
    let r: CartResult;
    try {
      r = await k.run();
    } catch (err) {
      pending ??= { reason: `look-up by ${k.via} threw: ${(err as Error).message}` };
      continue;
    }
    if (continuesClientTrace(r)) onHonoured?.();
    if (r.ok && statusEventsOf(r.body).length > 0) {
      const status = asyncStatusOf(r.body);
      if (status === 'success') return { kind: 'confirmed', via: k.via, result: r };
      if (status === 'failed') {
        const detail = blockingDetailOf(r.body);
        return { kind: 'rejected', via: k.via, ...(detail ? { detail } : {}), result: r };
      }
      return { kind: 'pending', reason: `look-up by ${k.via}: still in progress`, result: r };
    }
    if (r.error?.category === 'auth') return { kind: 'auth', result: r };
    // Not (yet) found, a network problem or a busy gateway: ask again later.
    if (r.ok || lookupSaysAbsent(r) || r.error?.category === 'transient' || r.error?.category === 'ambiguous') {
      pending ??= {
        reason: `look-up by ${k.via}: ${r.ok ? 'no events yet' : lookupSaysAbsent(r) ? 'not found yet' : `failed (${r.error?.category})`}`,
        result: r,
      };
    }
    // Bare 404/405 or another caller fault: this key cannot be looked up; try the next.
  }
  return pending ? { kind: 'pending', ...pending } : { kind: 'stop', reason: 'CART answers no status look-up for this job (no status service)' };
}
