// Small helpers shared by the library's queries and views: the masked tax code of the lists, the search keys
// of a patient's name, and the rejection of a create/replace with the one action that fixes it.
import { DOCUMENT_TYPE_LABELS, REJECTION_ACTION_LABELS, type DocumentRejection } from '../../../../contract/documents.js';
import { allowedActions, type JobState } from '../../outbox/index.js';
import type { CartError } from '../../gateway/index.js';
import { errorView } from '../outbox-view.js';

/**
 * The tax code as lists show it: the six letters of the names (readable from the names anyway) and the check
 * character; birth date and place hidden. Anything that is not 16 characters is masked whole but for its first letters.
 */
export function maskFiscalCode(cf: string): string {
  if (cf.length === 0) return '';
  if (cf.length !== 16) return `${cf.slice(0, 3)}${'*'.repeat(Math.max(cf.length - 3, 0))}`;
  return `${cf.slice(0, 6)}${'*'.repeat(9)}${cf.slice(15)}`;
}

/** Lower case, no accents, no apostrophes, single spaces: «D’Alò  Maria» → «dalo maria» (typed «d'alo» or «dalo» finds it). */
export function nameKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['\u2019`\u00b4]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export const typeLabel = (type: string): string => DOCUMENT_TYPE_LABELS[type] ?? type;

/** The upper bound of a prefix range: every string starting with `prefix` sorts below it. */
export const prefixEnd = (prefix: string): string => `${prefix}\uffff`;

export function rejectionOf(job: { id: number; state: JobState; lastError: CartError | null }): DocumentRejection {
  const err = errorView(job.lastError);
  // The outbox's own rule says when the same bytes may go again (deadline passed, CART's generic error).
  const action = allowedActions(job).retry ? 'retry' : 'correct';
  return {
    jobId: job.id,
    reason: err?.message ?? 'Rifiutato da CART.',
    ...(err?.detail ? { detail: err.detail } : {}),
    action,
    actionLabel: REJECTION_ACTION_LABELS[action],
  };
}
