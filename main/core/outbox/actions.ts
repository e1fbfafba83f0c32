// What the user may do with a job, in one place: Outbox.retry/cancel/resolve refuse anything else, and
// the "Invii" screen offers exactly these (app/outbox-view.ts), so a button is never shown for an
// action the core would refuse, nor hidden for one it would accept.
import type { OutboxActions } from '../../../contract/outbox.js';
import type { CartError } from '../gateway/index.js';
import { CANCELLABLE_STATES, type JobState } from './states.js';

/** Rejections that applied nothing, so the same bytes may go again: the deadline passed while CART
 * kept answering "try later", or CART's generic error (it may hide a mapper outage, docs/gateway-api.md §8.3). */
const RETRYABLE_REJECTIONS: readonly string[] = ['outbox/deadline', '/msg/generic-error'];

export interface ActionSubject {
  state: JobState;
  lastError: CartError | null;
}

export function allowedActions(job: ActionSubject): OutboxActions {
  const type = job.lastError?.type;
  return {
    // needs-reconciliation: reconciliation runs again (look-ups / per-operation rule), never a blind resend.
    retry: job.state === 'needs-reconciliation' || (job.state === 'rejected' && type !== undefined && RETRYABLE_REJECTIONS.includes(type)),
    cancel: CANCELLABLE_STATES.includes(job.state),
    resolve: job.state === 'needs-reconciliation',
  };
}
