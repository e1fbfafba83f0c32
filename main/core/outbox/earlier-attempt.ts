// A create whose answer was lost is resent with the same identificativoDoc and the same stored bytes
// (reconcile.ts): the gateway has no idempotency key, and the national index refuses a second
// publication of the same document, asynchronously (`SEND_TO_INI` `BLOCKING_ERROR`, "uniqueId already
// present", docs/gateway-api.md §9). So a duplicate refusal that follows an ambiguous earlier attempt of
// the SAME job means "published by that earlier attempt": the job is confirmed, never «Rifiutato».
// A duplicate refusal without such an attempt (another job, or another program, published the id) stays
// a rejection.
import type { EventKind } from './event-kinds.js';

/**
 * The index's duplicate refusal as its texts word it: the stand-in's «già presente su INI (uniqueId
 * duplicato)», INI's "Unique Id Conflict" (#2596) and "… uniqueId is already present in the registry"
 * (#1247), and the generic "already present/exists".
 */
const DUPLICATE_TEXT = /gi[aà] presente|already (present|exists|published)|duplicat|unique ?id conflict/i;

export function isDuplicateRefusal(detail: string | undefined): boolean {
  return detail !== undefined && DUPLICATE_TEXT.test(detail);
}

/** Events that mark an attempt whose outcome was unknown (it may have been applied). */
const AMBIGUOUS_KINDS: ReadonlySet<EventKind> = new Set<EventKind>(['ambiguous', 'crash-recovery']);

/** Some attempt before `attempt` ended without a certain answer (lost response, dropped connection, 502/504, crash). */
export function hadAmbiguousAttemptBefore(events: ReadonlyArray<{ kind: EventKind; attempt: number }>, attempt: number): boolean {
  return events.some((e) => AMBIGUOUS_KINDS.has(e.kind) && e.attempt < attempt);
}

/** Shown in the job's detail; the history line says the same (app/outbox-view.ts). */
export const PUBLISHED_BY_EARLIER_ATTEMPT_IT = 'Già pubblicato dal tentativo precedente, la cui risposta era andata persa.';
export const DELETED_BY_EARLIER_ATTEMPT_IT = 'Già eliminato dal tentativo precedente, la cui risposta era andata persa.';
