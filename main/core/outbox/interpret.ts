// What one CART answer means for the job that was sent (pure: no I/O, easy to table-test).
import { isServerCertificateProblem, missingGatewayIds, type CartError, type CartResult } from '../gateway/index.js';
import type { OutboxOperation } from './cart-port.js';
import { PAUSE_MESSAGE_AUTH_IT } from './states.js';
import { DELETED_BY_EARLIER_ATTEMPT_IT, PUBLISHED_BY_EARLIER_ATTEMPT_IT } from './earlier-attempt.js';

export type SendOutcome =
  | { kind: 'accepted'; warning?: string }
  | { kind: 'rejected'; error: CartError }
  | { kind: 'transient'; retryAfterMs?: number; offline: boolean }
  | { kind: 'ambiguous' }
  | { kind: 'auth'; error: CartError }
  /** A resend found the work already done by the earlier attempt whose answer was lost (earlier-attempt.ts). */
  | { kind: 'already-done'; warning: string };

/**
 * Answers that mean "this document is already there". The gateway has no idempotency key; in the
 * national two-step flow a resend after success fails with /msg/cda-match (docs/gateway-api.md §9).
 */
const ALREADY_PRESENT_TYPES = new Set(['/msg/cda-match', '/msg/duplicate-document', '/msg/already-present']);
const ALREADY_PRESENT_TEXT = /gi[aà] presente|already (present|exists|published)|duplicat/i;

export function isAlreadyPresent(e: CartError): boolean {
  return (e.type !== undefined && ALREADY_PRESENT_TYPES.has(e.type)) || ALREADY_PRESENT_TEXT.test(`${e.title ?? ''} ${e.detail ?? ''}`);
}

function isNotFound(r: CartResult): boolean {
  return r.error?.category === 'not-found' || r.httpStatus === 404;
}

/**
 * `resend` is true when this exchange repeats one whose outcome was ambiguous: then a 404 on delete
 * means "already deleted", a 404 on replace "probably already replaced" (the old id is no longer
 * current), and "already present" on create means the first one arrived.
 */
export function interpretSend(op: OutboxOperation, resend: boolean, r: CartResult): SendOutcome {
  if (r.ok) {
    // Defence in depth (the CART client already turns such answers into errors): a success without the
    // gateway's ids is not proof that anything was applied, so it is reconciled, never taken as accepted.
    if (missingGatewayIds(op, r).length > 0) return { kind: 'ambiguous' };
    return r.warning ? { kind: 'accepted', warning: r.warning } : { kind: 'accepted' };
  }
  const e: CartError = r.error ?? { category: 'ambiguous', message: 'Risposta di CART non interpretabile.' };
  if (e.category === 'auth') return { kind: 'auth', error: e };
  if (e.category === 'transient') {
    return r.retryAfterMs !== undefined
      ? { kind: 'transient', retryAfterMs: r.retryAfterMs, offline: r.httpStatus === undefined }
      : { kind: 'transient', offline: r.httpStatus === undefined };
  }
  if (e.category === 'ambiguous') return { kind: 'ambiguous' };
  if (resend && isNotFound(r)) {
    // Confirmed only on the gateway's own "record not found": a bare 404 may be a wrong path (configuration).
    if (op === 'delete' && /^\/?msg\/record-not-found$/.test(e.type ?? '')) return { kind: 'already-done', warning: DELETED_BY_EARLIER_ATTEMPT_IT };
    if (op === 'delete') return { kind: 'accepted', warning: DELETED_BY_EARLIER_ATTEMPT_IT };
    if (op === 'replace') {
      // The old id was current when this job was sent (jobs of one document go in order): the earlier attempt replaced it.
      // The gateway's own "record not found" settles it, as for a delete; a bare 404 may be a wrong path, so it stays accepted.
      const warning = 'Sostituzione già avvenuta con il tentativo precedente, la cui risposta era andata persa.';
      return /^\/?msg\/record-not-found$/.test(e.type ?? '') ? { kind: 'already-done', warning } : { kind: 'accepted', warning };
    }
  }
  if (resend && op === 'validateAndCreate' && isAlreadyPresent(e)) return { kind: 'already-done', warning: PUBLISHED_BY_EARLIER_ATTEMPT_IT };
  return { kind: 'rejected', error: e };
}

/**
 * The queue's pause text for an authentication failure: the clinic's certificates are blamed only when
 * they are at fault; a gateway server certificate that fails our check, or a profile path that would lead
 * away from the gateway, says what is wrong and who fixes it.
 */
export function pauseMessageFor(e: CartError | undefined): string {
  if (e && (isServerCertificateProblem(e) || e.type === 'local/profile-paths')) return `Invii sospesi: ${e.message} I documenti restano in coda.`;
  return PAUSE_MESSAGE_AUTH_IT;
}

export type AsyncStatus = 'success' | 'failed' | 'pending';

export interface StatusEvent {
  type: string;
  status: string;
  message?: string;
  /** The transaction the event belongs to, when the gateway says (events of one trace may span several). */
  workflowInstanceId?: string;
}

/**
 * Reads status events (national shape `{ transactionData: [{ eventType, eventStatus, message }] }`, searched
 * anywhere in the body so a slightly different wrapper still works).
 */
export function statusEventsOf(body: unknown): StatusEvent[] {
  const events: StatusEvent[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 6 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.eventType === 'string' && typeof o.eventStatus === 'string') {
      const message = typeof o.message === 'string' ? o.message : typeof o.detail === 'string' ? o.detail : undefined;
      const wii = typeof o.workflowInstanceId === 'string' ? o.workflowInstanceId : undefined;
      events.push({ type: o.eventType, status: o.eventStatus, ...(message ? { message } : {}), ...(wii ? { workflowInstanceId: wii } : {}) });
    }
    for (const x of Object.values(o)) walk(x, depth + 1);
  };
  walk(body, 0);
  return events;
}

/** One transaction: a BLOCKING_ERROR means failed; a SUCCESS of the final INI step (or of PUBLICATION when no INI step is reported) means success. */
function transactionStatus(events: StatusEvent[]): AsyncStatus {
  if (events.some((e) => e.status === 'BLOCKING_ERROR')) return 'failed';
  const ini = events.filter((e) => e.type === 'SEND_TO_INI' || e.type === 'INI_UPDATE' || e.type === 'INI_DELETE');
  if (ini.length > 0) return ini.some((e) => e.status === 'SUCCESS') ? 'success' : 'pending';
  return events.some((e) => e.type === 'PUBLICATION' && e.status === 'SUCCESS') ? 'success' : 'pending';
}

/**
 * The asynchronous outcome shown by status events. A trace look-up may return several transactions
 * (one per attempt that arrived): the document is there if ANY of them succeeded, so a later duplicate
 * refused by INI does not turn a published document into a rejected one.
 */
export function asyncStatusOf(body: unknown): AsyncStatus {
  const groups = new Map<string, StatusEvent[]>();
  for (const e of statusEventsOf(body)) {
    const k = e.workflowInstanceId ?? '';
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const each = [...groups.values()].map(transactionStatus);
  if (each.includes('success')) return 'success';
  if (each.includes('pending') || each.length === 0) return 'pending';
  return 'failed';
}

/** The gateway's text of the blocking errors (e.g. INI's duplicate refusal), for the user and support. */
export function blockingDetailOf(body: unknown): string | undefined {
  const parts = statusEventsOf(body)
    .filter((e) => e.status === 'BLOCKING_ERROR')
    .map((e) => (e.message ? `${e.type}: ${e.message}` : e.type));
  return parts.length ? [...new Set(parts)].join('; ').slice(0, 2000) : undefined;
}
