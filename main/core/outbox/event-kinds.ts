// What happened in one outbox event, as a closed list: the history screen words each event from its
// kind and the store counts status checks by it. The event's `reason` stays free English text for
// logs and support (it carries details such as the look-up key or the HTTP status).
//
// Events written before the kinds existed were given one, from their reason text, by migration 0004.

export const EVENT_KINDS = [
  /** null → queued: the job was stored. */
  'enqueued',
  /** → sending: first or later attempt. */
  'send',
  /** → sending: a resend after reconciliation or the user's "not published". */
  'resend',
  /** sending → accepted: CART answered 2xx. */
  'accepted',
  /** sending → rejected: caller fault (the document or data must change). */
  'rejected',
  /** sending → waiting: transient failure, next attempt scheduled. */
  'retry-scheduled',
  /** → rejected: the overall deadline passed while CART kept answering "try later". */
  'deadline-passed',
  /** sending → needs-reconciliation: no certain answer, may have been applied. */
  'ambiguous',
  /** sending → queued: CART refused the certificates; the whole queue is paused. */
  'auth-refused',
  /** sending → needs-reconciliation on start: the previous process stopped mid-exchange. */
  'crash-recovery',
  /** needs-reconciliation → accepted/confirmed/rejected/queued: a look-up or a rule decided. */
  'reconciled',
  /** needs-reconciliation → needs-reconciliation: look-ups could not decide yet, try later. */
  'reconcile-later',
  /** needs-reconciliation → needs-reconciliation: only the user can settle it (resolve()). */
  'held-for-user',
  /** needs-reconciliation → needs-reconciliation: the gateway continues client trace ids, a held create can be looked up. */
  'lookup-possible',
  /** accepted/sending/needs-reconciliation → confirmed: a duplicate refusal (or "already deleted") answered a resend
   * whose earlier attempt had no certain answer, so that earlier attempt had done it (earlier-attempt.ts). */
  'earlier-attempt-applied',
  /** accepted → confirmed/rejected/accepted: one status check of the asynchronous outcome. */
  'status-check',
  /** The stored job could not be read back (body, claims, PDF): parked as rejected, never sent. */
  'stored-data-unusable',
  /** rejected → queued, or needs-reconciliation → needs-reconciliation: «Riprova». */
  'user-retry',
  /** needs-reconciliation → accepted/queued: the manual override in the technical details («Segna come pubblicato» / «Invia di nuovo adesso»). */
  'user-resolved',
  /** → cancelled: «Annulla». */
  'user-cancel',
  /** An event from before the kinds whose reason text matched none of them (migration 0004). */
  'other',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

const KINDS: ReadonlySet<string> = new Set(EVENT_KINDS);

export const isEventKind = (v: unknown): v is EventKind => typeof v === 'string' && KINDS.has(v);
