import { OUTBOX_STATES, OUTBOX_STATE_LABELS, type OutboxState } from '../../../contract/outbox.js';
/**
 * Outbox job states (the same text is in the README section "The outbox").
 *
 *   queued ──► sending ──► accepted ──► confirmed
 *     ▲           │  │  │       └──────► rejected (status look-up shows a blocking INI/EDS error)
 *     │           │  │  └──► rejected            caller fault (4xx): waits for the user
 *     │           │  └─────► waiting ──► sending transient (429, 503, network): backoff + jitter,
 *     │           │             └──────► rejected   capped, Retry-After honoured; past the deadline
 *     │           └────────► needs-reconciliation   ambiguous (timeout/reset after upload, 500/502/504,
 *     │                         │                    crash while sending): may have arrived
 *     │                         ├──► accepted        look-up found it / safe rule says done
 *     │                         └──► sending         look-up says absent / operation safe to resend
 *     └── auth failure: the job goes back to queued and the WHOLE queue pauses (queue_state row)
 *   any non-final state ──► cancelled (user)
 *
 * - queued: prepared and stored, not yet sent.                  UI: "In coda"
 * - sending: one exchange in flight. A process that dies here leaves the job ambiguous; on the next
 *   start it becomes needs-reconciliation, never blindly resent.  UI: "Invio in corso"
 * - accepted: CART answered 2xx (202 for create/replace: INI/EDS still asynchronous). Its status is
 *   checked with backoff, a bounded number of times (confirm.ts).  UI: "Accettato da CART"
 * - confirmed: a status look-up showed the asynchronous outcome as successful (only where CART
 *   offers look-ups).                                           UI: "Pubblicato sul Fascicolo"
 * - rejected: caller fault (the document or data must be fixed: a NEW version is prepared through the
 *   normal path; stored bytes are never changed), or the overall deadline passed while the gateway
 *   kept answering "try later" (then retry() is allowed: nothing was applied). We chose `rejected`
 *   with reason "deadline" over a separate `expired` state: both need the user.
 *                                                               UI: "Rifiutato — serve un intervento"
 * - waiting: transient failure, next attempt at next_attempt_at. UI: "In attesa di nuovo invio"
 * - needs-reconciliation: the request may have been applied. Reconciled before any resend (reconcile.ts),
 *   first by a status look-up of the job's own trace id (sent in `traceparent` on every attempt); when no
 *   look-up or rule can decide (a create, no usable look-up) it is held for the user.
 *                                                               UI: "Esito da verificare"
 * - cancelled: the user withdrew it before it was accepted.     UI: "Annullato"
 */

// One list of states and one set of Italian labels, defined in the contract the screens share.

export const JOB_STATES = OUTBOX_STATES;
export type JobState = OutboxState;

/** Italian labels for clinic staff. */
export const STATE_LABELS_IT: Record<JobState, string> = OUTBOX_STATE_LABELS;

/** States that no longer block the next job of the same document. */
export const UNBLOCKING_STATES: readonly JobState[] = ['accepted', 'confirmed', 'cancelled'];
/** The user may cancel only what CART has not (possibly) applied (actions.ts). */
export const CANCELLABLE_STATES: readonly JobState[] = ['queued', 'waiting', 'rejected', 'needs-reconciliation'];

export const PAUSE_MESSAGE_AUTH_IT =
  'Invii sospesi: CART ha rifiutato il certificato di autenticazione o di firma (scaduto, revocato o non abilitato). ' +
  'Verificare i certificati nelle impostazioni e poi riprendere gli invii: i documenti restano in coda.';
