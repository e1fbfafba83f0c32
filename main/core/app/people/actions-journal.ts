// The actions journal: every change asked from the desk, with who was operating (issue 9 «recorded with
// every action in the journal»). Recorded at the dispatch seam, once for all channels, so a screen added
// later is journaled without anyone remembering to: a channel is an action unless its verb only reads.
// Only the channel, the person and the job/document ids are kept, never the request (passwords, patients).
import type { Operator } from '../../../../contract/profile.js';
import type { OperatorActionView } from '../../../../contract/people.js';
import { personDisplayName } from '../../../../contract/people.js';
import type { Result } from '../../../../contract/result.js';
import { epochMs, type Clock, type Database, type Logger } from '../../shared/index.js';

/** Verbs of channels that read, compute or open a dialog: nothing changes, nothing is journaled. */
const READ_VERBS = new Set([
  'info',
  'get',
  'list',
  'overview',
  'events',
  'validate',
  'search',
  'pdf',
  'open-pdf',
  'preview',
  'status',
  'startup',
  'choose-file',
  // A certificate file handed over (it is imported, and journaled, with certificates:import) and the expiry reminders.
  'upload',
  'reminders',
  'copy-text',
  'support-bundle',
  'metadata-options',
]);

export function isJournaledAction(channel: string): boolean {
  const verb = channel.slice(channel.indexOf(':') + 1);
  return !READ_VERBS.has(verb);
}

/** Italian wording of the actions a job's history shows; others read as the channel's name. */
const LABELS: Record<string, string> = {
  'outbox:retry': 'Nuovo tentativo chiesto',
  'outbox:cancel': 'Invio annullato',
  'outbox:resolve': 'Esito indicato dall\u2019operatore',
  'outbox:resume': 'Invii ripresi',
  'reports:sign': 'Referto firmato e messo in coda',
  'documents:delete': 'Eliminazione chiesta',
  'documents:update-metadata': 'Correzione dei dati chiesta',
  'session:set-operator': 'Cambio operatore',
};

export const actionLabel = (action: string): string => LABELS[action] ?? action;

interface ActionIds {
  jobId?: number;
  documentId?: number;
}

/** A positive integer id found at `key` of a request or response, if any. */
function idAt(obj: unknown, key: 'jobId' | 'documentId'): number | undefined {
  const v = obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined;
}

export class ActionsJournal {
  constructor(
    private readonly db: Database,
    private readonly now: Clock,
  ) {}

  record(action: string, operator: Operator | undefined, ids: ActionIds = {}): void {
    this.db
      .prepare('INSERT INTO operator_actions (at, action, operator_cf, operator_name, operator_role, job_id, document_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(
        epochMs(this.now),
        action,
        operator?.fiscalCode ?? null,
        operator ? personDisplayName(operator) : null,
        operator?.role ?? null,
        ids.jobId ?? null,
        ids.documentId ?? null,
      );
  }

  /** The actions on one outbox job, oldest first. */
  forJob(jobId: number): OperatorActionView[] {
    const rows = this.db.prepare('SELECT at, action, operator_name, operator_role FROM operator_actions WHERE job_id = ? ORDER BY id').all(jobId) as {
      at: number;
      action: string;
      operator_name: string | null;
      operator_role: string | null;
    }[];
    return rows.map((r) => ({
      at: new Date(r.at).toISOString(),
      action: r.action,
      label: actionLabel(r.action),
      operator: r.operator_name === null ? null : `${r.operator_name}${r.operator_role ? ` (${r.operator_role})` : ''}`,
    }));
  }
}

type AnyHandler = (req: never) => Promise<Result<unknown>> | Result<unknown>;

/**
 * The same handlers, each action journaled once it succeeded, with the operator of that moment (read
 * before the call, so removing oneself is still recorded under one's name) and the job or
 * document it concerned (from the request, else from the answer, e.g. reports:sign's new job).
 */
export function journalActions<H extends Record<string, AnyHandler>>(
  handlers: H,
  journal: ActionsJournal,
  current: () => Operator | undefined,
  log: Logger,
): H {
  const out: Record<string, AnyHandler> = {};
  for (const [channel, handler] of Object.entries(handlers)) {
    if (!isJournaledAction(channel)) {
      out[channel] = handler;
      continue;
    }
    out[channel] = async (req: never) => {
      // Who operates is read from the profile: a database that cannot be read is the action's own problem to report.
      let before: Operator | undefined;
      try {
        before = current();
      } catch {
        before = undefined;
      }
      const result = await handler(req);
      if (result.ok) {
        // A change of operator is recorded under the person who takes the desk.
        const operator = channel === 'session:set-operator' ? current() : before;
        const jobId = idAt(req, 'jobId') ?? idAt(result.value, 'jobId');
        const documentId = idAt(req, 'documentId') ?? idAt(result.value, 'documentId');
        // The action is done: a journal that cannot be written (read-only archive) is logged, not turned into a failure.
        try {
          journal.record(channel, operator, { ...(jobId ? { jobId } : {}), ...(documentId ? { documentId } : {}) });
        } catch (err) {
          log.warn('actions journal not written', { channel, error: err instanceof Error ? err.message : String(err) });
        }
      }
      return result;
    };
  }
  return out as H;
}

/** outbox:events answers with the job's actions too (who queued it, who retried or cancelled it). */
export function withJobActions<H extends Record<string, AnyHandler>>(handlers: H, journal: ActionsJournal): H {
  const events = handlers['outbox:events'];
  if (!events) return handlers;
  const withActions = async (req: never) => {
    const result = await events(req);
    const jobId = idAt(req, 'jobId');
    return result.ok && jobId && result.value && typeof result.value === 'object'
      ? { ...result, value: { ...result.value, actions: journal.forJob(jobId) } }
      : result;
  };
  return { ...handlers, 'outbox:events': withActions };
}
