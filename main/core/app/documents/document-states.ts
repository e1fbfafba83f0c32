// A document version's state on the FSE, as SQL expressions over its outbox jobs, so that the list computes
// it in the same query as the page (and can filter on it) instead of in JavaScript over every row.
// `d` is the library_documents row and `j` its own create/replace job (outbox_jobs); contract/documents.ts
// says what each state means. The job states are those of main/core/outbox/states.ts:
// - a create/replace is DONE when confirmed, or accepted with no status check left (held: the gateway has no
//   look-up or the checks ran out — CART answered 2xx and no error ever came back);
// - a delete is done when accepted or confirmed: the gateway's delete is synchronous (docs/gateway-api.md §4.3).
// Jobs are read through the index outbox_jobs_state_of (id, state, held): a job's row holds its request and is
// large; the index is small enough to stay in the cache, so a state costs a few cached look-ups (migration 0006).

/** The own job is done: the version is (or was) on the FSE. */
const OWN_DONE = `(j.state = 'confirmed' OR (j.state = 'accepted' AND j.held = 1))`;

/** A delete of this version was applied. */
const DELETED = `EXISTS (SELECT 1 FROM library_operations o JOIN outbox_jobs oj INDEXED BY outbox_jobs_state_of ON oj.id = o.job_id
  WHERE o.document_id = d.id AND o.action = 'delete' AND oj.state IN ('accepted', 'confirmed'))`;

/** The later version that replaced this one, once its replace is done (its id, or NULL). */
export const REPLACED_BY_ID_SQL = `(SELECT r.id FROM library_documents r JOIN outbox_jobs rj INDEXED BY outbox_jobs_state_of ON rj.id = r.job_id
  WHERE r.replaces_document_id = d.id AND (rj.state = 'confirmed' OR (rj.state = 'accepted' AND rj.held = 1))
  ORDER BY r.id DESC LIMIT 1)`;

/** The latest delete/metadata job of this version needs the user: refused, or an outcome held for the user. */
const LAST_OPERATION_NEEDS_USER = `COALESCE((SELECT oj.state = 'rejected' OR (oj.state = 'needs-reconciliation' AND oj.held = 1)
  FROM library_operations o JOIN outbox_jobs oj INDEXED BY outbox_jobs_state_of ON oj.id = o.job_id WHERE o.document_id = d.id ORDER BY o.id DESC LIMIT 1), 0)`;

/**
 * The document state (contract DocumentState) of row `d` with own job `j`. Order matters: an applied delete or
 * replace wins over anything else (a replace may be applied while the create's status is still being checked).
 */
export const DOCUMENT_STATE_SQL = `(CASE
  WHEN ${DELETED} THEN 'deleted'
  WHEN ${REPLACED_BY_ID_SQL} IS NOT NULL THEN 'replaced'
  WHEN j.state IN ('queued', 'waiting') THEN 'queued'
  WHEN j.state = 'rejected' THEN 'rejected'
  WHEN j.state = 'cancelled' THEN 'cancelled'
  WHEN j.state = 'needs-reconciliation' AND j.held = 1 THEN 'attention'
  WHEN NOT ${OWN_DONE} THEN 'sending'
  WHEN ${LAST_OPERATION_NEEDS_USER} THEN 'attention'
  ELSE 'published'
END)`;

/** A delete/metadata job still under way (not yet applied, refused or withdrawn); a replace also while accepted and still checked. */
const PENDING_JOB = (a: string, replace: boolean): string =>
  `(${a}.state IN ('queued', 'waiting', 'sending') OR (${a}.state = 'needs-reconciliation' AND ${a}.held = 0)${replace ? ` OR (${a}.state = 'accepted' AND ${a}.held = 0)` : ''})`;

/** The action under way on this version ('delete', 'updateMetadata', 'replace') or NULL. */
export const PENDING_ACTION_SQL = `COALESCE(
  (SELECT o.action FROM library_operations o JOIN outbox_jobs oj INDEXED BY outbox_jobs_state_of ON oj.id = o.job_id WHERE o.document_id = d.id AND ${PENDING_JOB('oj', false)} ORDER BY o.id DESC LIMIT 1),
  (SELECT 'replace' FROM library_documents r JOIN outbox_jobs rj INDEXED BY outbox_jobs_state_of ON rj.id = r.job_id WHERE r.replaces_document_id = d.id AND ${PENDING_JOB('rj', true)} LIMIT 1)
)`;

/**
 * A necessary condition of each state but published, on indexed columns only: `d` can be in that state only if
 * this holds. The list adds it to `DOCUMENT_STATE_SQL = state`, so SQLite starts from the few jobs or operations
 * that can match instead of computing the state of every row (the CASE above stays the one definition).
 * Published, most documents, has none: its pages come from the newest rows, which are mostly published.
 */
export const STATE_CANDIDATES_SQL: Partial<Record<string, string>> = {
  queued: `d.job_id IN (SELECT id FROM outbox_jobs WHERE state IN ('queued', 'waiting'))`,
  sending: `d.job_id IN (SELECT id FROM outbox_jobs WHERE state IN ('sending', 'needs-reconciliation') OR (state = 'accepted' AND held = 0))`,
  rejected: `d.job_id IN (SELECT id FROM outbox_jobs WHERE state = 'rejected')`,
  cancelled: `d.job_id IN (SELECT id FROM outbox_jobs WHERE state = 'cancelled')`,
  attention: `(d.job_id IN (SELECT id FROM outbox_jobs WHERE state = 'needs-reconciliation' AND held = 1) OR d.id IN (SELECT document_id FROM library_operations))`,
  deleted: `d.id IN (SELECT document_id FROM library_operations WHERE action = 'delete')`,
  replaced: `d.id IN (SELECT replaces_document_id FROM library_documents WHERE replaces_document_id IS NOT NULL)`,
};
