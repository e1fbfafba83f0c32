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
 *   look-up decides, resent with the same bytes (a create's duplicate refusal then confirms it: earlier-attempt.ts).
 *   Held for the user only when the deadline passed during reconciliation.
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

/** Local state cannot be saved because the disk is full (runner.ts: in memory, sending resumes by itself). */
export const PAUSE_MESSAGE_DISK_FULL_IT = 'Disco pieno: liberare spazio sul disco; gli invii riprenderanno da soli.';

/** Local state cannot be saved for another reason (`what`: storageFaultAdvice's title, e.g. «Il database è in sola lettura»). */
export const PAUSE_MESSAGE_STORAGE_IT = (what: string): string =>
  `Impossibile salvare lo stato degli invii: ${what.charAt(0).toLowerCase()}${what.slice(1)}. Gli invii riprenderanno da soli appena sarà possibile salvare; i documenti restano in coda.`;

export const PAUSE_MESSAGE_AUTH_IT =
  'Invii sospesi: CART ha rifiutato il certificato di autenticazione o di firma (scaduto, revocato o non abilitato). ' +
  'Verificare i certificati nelle impostazioni e poi riprendere gli invii: i documenti restano in coda.';
