// The outbox's public API: enqueue operations durably, inspect and steer jobs, run the queue.
// Enqueue writes document + PDF + job in one transaction and returns the job id; nothing is sent
// until drain() (CLI) or start() (app) runs the OutboxRunner.
import { join } from 'node:path';
import type { OutboxCountsView } from '../../../contract/outbox.js';
import { openDatabase, type Database } from '../shared/db/database.js';
import type { CartError } from '../gateway/types.js';
import type { CartPort } from './cart-port.js';
import { DEFAULT_CONFIRM } from './confirm.js';
import { OutboxRunner, type DrainOptions, type DrainReport, type RunnerOptions } from './runner.js';
import { CANCELLABLE_STATES, STATE_LABELS_IT, type JobState } from './states.js';
import { OutboxStore, type JobRow, type OutboxEvent } from './store.js';

export interface OutboxOptions extends RunnerOptions {
  /** Overall time a job may keep failing transiently before it needs the user (default 72 h). */
  deadlineMs?: number;
}

export interface EnqueueCreate {
  identificativoDoc: string;
  version?: number;
  patientCf: string;
  type: string;
  pdf: Uint8Array;
  requestBody: Record<string, unknown>;
  personId: string;
  resourceHl7Type: string;
}

export interface EnqueueReplace extends EnqueueCreate {
  /** The id being replaced (URL path); `identificativoDoc` is the NEW document's id, as in the body. */
  replacesId: string;
}

export interface EnqueueDelete {
  identificativoDoc: string;
  patientCf?: string;
  personId?: string;
  resourceHl7Type?: string;
}

export interface EnqueueMetadataUpdate {
  identificativoDoc: string;
  requestBody: Record<string, unknown>;
  patientCf?: string;
  personId?: string;
  resourceHl7Type?: string;
}

/** A job as shown to the UI/CLI: no patient data (tax code, person_id) and no PDF bytes. */
export interface JobView {
  id: number;
  operation: JobRow['operation'];
  identificativoDoc: string;
  version: number;
  pathId: string | null;
  state: JobState;
  stateLabel: string;
  /** needs-reconciliation that only the user can settle (resolve()). */
  heldForUser: boolean;
  attempts: number;
  /** The W3C trace id sent in `traceparent` on every attempt of this job (status/search key). */
  clientTraceId: string;
  nextAttemptAt: string;
  deadlineAt: string;
  createdAt: string;
  updatedAt: string;
  pdfSha256: string | null;
  httpStatus: number | null;
  xCartId: string | null;
  traceId: string | null;
  spanId: string | null;
  workflowInstanceId: string | null;
  warning: string | null;
  lastError: CartError | null;
  note: string | null;
}

/** The per-state counts the screens show (contract), plus the queue's pause and online flags. */
export interface OutboxCounts extends OutboxCountsView {
  paused: boolean;
  pauseReason?: string;
  pauseMessage?: string;
  online: boolean;
}

export type ActionResult = { ok: true; job: JobView } | { ok: false; code: 'not-found' | 'not-allowed'; message: string };

export class OutboxInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxInputError';
  }
}

const DEFAULT_DEADLINE_MS = 72 * 3600_000;
const ID_RULE = /^[^^]+\^[^^]+/; // ROOT^EXT with both parts non-empty (GATEWAY.md §4.1)

function checkId(id: string, what: string): void {
  if (!ID_RULE.test(id) || id.length > 256) throw new OutboxInputError(`${what} must look like ROOT^EXTENSION (≤256 chars), got "${id}"`);
}

/** The file every part of the app shares (main/core/app-core.ts). */
export const outboxDatabaseFile = (dataDir: string): string => join(dataDir, 'fse-desk.sqlite');

export class Outbox {
  readonly store: OutboxStore;
  private runnerInstance: OutboxRunner | undefined;
  private readonly now: () => number;
  private readonly deadlineMs: number;

  constructor(readonly db: Database, private readonly port: CartPort | undefined, private readonly options: OutboxOptions = {}) {
    this.store = new OutboxStore(db);
    this.now = options.now ?? Date.now;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  }

  static open(file: string, port?: CartPort, options?: OutboxOptions): Outbox {
    return new Outbox(openDatabase(file), port, options);
  }

  get runner(): OutboxRunner {
    if (!this.port) throw new Error('this outbox was opened without a CART connection');
    this.runnerInstance ??= new OutboxRunner(this.store, this.port, this.options);
    return this.runnerInstance;
  }

  enqueueCreate(i: EnqueueCreate): number {
    checkId(i.identificativoDoc, 'identificativoDoc');
    if (i.requestBody.identificativoDoc !== undefined && i.requestBody.identificativoDoc !== i.identificativoDoc) {
      throw new OutboxInputError('requestBody.identificativoDoc differs from identificativoDoc');
    }
    if (i.pdf.byteLength === 0) throw new OutboxInputError('the signed PDF is empty');
    return this.insert({ ...i, operation: 'validateAndCreate', chainOf: i.identificativoDoc });
  }

  enqueueReplace(i: EnqueueReplace): number {
    checkId(i.identificativoDoc, 'identificativoDoc');
    checkId(i.replacesId, 'replacesId');
    if (i.requestBody.identificativoDoc !== undefined && i.requestBody.identificativoDoc !== i.identificativoDoc) {
      throw new OutboxInputError('requestBody.identificativoDoc (the new id) differs from identificativoDoc');
    }
    if (i.pdf.byteLength === 0) throw new OutboxInputError('the signed PDF is empty');
    const previous = this.store.latestDocument(i.replacesId);
    const { replacesId, ...rest } = i;
    return this.insert({ ...rest, version: i.version ?? (previous ? previous.version + 1 : 2), operation: 'replace', pathId: replacesId, chainOf: replacesId });
  }

  enqueueDelete(i: EnqueueDelete): number {
    checkId(i.identificativoDoc, 'identificativoDoc');
    return this.insert({ ...i, operation: 'delete', pathId: i.identificativoDoc, chainOf: i.identificativoDoc });
  }

  enqueueMetadataUpdate(i: EnqueueMetadataUpdate): number {
    checkId(i.identificativoDoc, 'identificativoDoc');
    return this.insert({ ...i, operation: 'updateMetadata', pathId: i.identificativoDoc, chainOf: i.identificativoDoc });
  }

  private insert(n: Omit<Parameters<OutboxStore['insertJob']>[0], 'now' | 'deadlineAt'>): number {
    const now = this.now();
    const id = this.store.insertJob({ ...n, now, deadlineAt: now + this.deadlineMs });
    this.runnerInstance?.wake();
    return id;
  }

  job(id: number): JobView | undefined {
    const j = this.store.job(id);
    return j ? this.view(j) : undefined;
  }

  list(state?: JobState): JobView[] {
    return this.store.list(state).map((j) => this.view(j));
  }

  events(jobId: number): OutboxEvent[] {
    return this.store.events(jobId);
  }

  counts(): OutboxCounts {
    const c: OutboxCounts = { queued: 0, sending: 0, waiting: 0, needsReconciliation: 0, rejected: 0, accepted: 0, confirmed: 0, cancelled: 0, paused: false, online: this.runnerInstance?.isOnline() ?? true };
    for (const r of this.store.stateCounts()) {
      const key = r.state === 'needs-reconciliation' ? 'needsReconciliation' : r.state;
      c[key] += r.n;
    }
    const q = this.store.queueState();
    c.paused = q.paused;
    if (q.pauseReason) c.pauseReason = q.pauseReason;
    if (q.pauseMessage) c.pauseMessage = q.pauseMessage;
    return c;
  }

  /**
   * Puts a job back in the queue when that is safe:
   * - rejected because the deadline passed (nothing was applied) → queued, with a new deadline;
   * - rejected with /msg/generic-error (may hide a mapper outage, GATEWAY.md §6.3) → queued;
   * - needs-reconciliation → reconciliation runs again (look-ups / per-operation rule), never a blind resend;
   * - any other rejection is refused: the stored bytes are never changed, the user prepares a NEW version.
   */
  retry(jobId: number): ActionResult {
    const j = this.store.job(jobId);
    if (!j) return notFound();
    const now = this.now();
    if (j.state === 'rejected') {
      const type = j.lastError?.type;
      if (type !== 'outbox/deadline' && type !== '/msg/generic-error') {
        return { ok: false, code: 'not-allowed', message: 'Il documento è stato rifiutato da CART: correggerlo e preparare una nuova versione. Il documento già firmato non viene modificato.' };
      }
      this.store.transition(j.id, ['rejected'], 'queued', now, { nextAttemptAt: now, deadlineAt: now + this.deadlineMs, attempts: 0 }, { reason: 'retry by the user' });
    } else if (j.state === 'needs-reconciliation') {
      this.store.transition(j.id, ['needs-reconciliation'], 'needs-reconciliation', now, { held: false, nextAttemptAt: now, deadlineAt: Math.max(j.deadlineAt, now + this.deadlineMs) }, { reason: 'reconcile again, asked by the user' });
    } else {
      return { ok: false, code: 'not-allowed', message: `Non è possibile riprovare un invio nello stato «${STATE_LABELS_IT[j.state]}».` };
    }
    this.runnerInstance?.wake();
    return { ok: true, job: this.job(jobId)! };
  }

  /**
   * The user checked the citizen's FSE for a job whose outcome could not be established:
   * 'published' → accepted; 'not-published' → resent with the same bytes and id (an "already present"
   * answer still counts as accepted).
   */
  resolve(jobId: number, outcome: 'published' | 'not-published'): ActionResult {
    const j = this.store.job(jobId);
    if (!j) return notFound();
    if (j.state !== 'needs-reconciliation') return { ok: false, code: 'not-allowed', message: `L\u2019esito di questo invio non è da verificare (stato «${STATE_LABELS_IT[j.state]}»).` };
    const now = this.now();
    if (outcome === 'published') {
      const firstCheck = now + ((this.options.confirm || undefined)?.firstDelayMs ?? DEFAULT_CONFIRM.firstDelayMs);
      this.store.transition(j.id, ['needs-reconciliation'], 'accepted', now, { held: false, nextAttemptAt: firstCheck, note: 'confirmed published by the user' }, { reason: 'user: it is published' });
    } else {
      this.store.transition(j.id, ['needs-reconciliation'], 'queued', now, { held: false, resend: true, nextAttemptAt: now, deadlineAt: Math.max(j.deadlineAt, now + this.deadlineMs) }, { reason: 'user: not published, resend' });
    }
    this.runnerInstance?.wake();
    return { ok: true, job: this.job(jobId)! };
  }

  /** Withdraws a job that CART has not (possibly) applied; `sending` and finished jobs cannot be cancelled. */
  cancel(jobId: number): ActionResult {
    const j = this.store.job(jobId);
    if (!j) return notFound();
    if (!CANCELLABLE_STATES.includes(j.state)) {
      return { ok: false, code: 'not-allowed', message: `Non è possibile annullare un invio nello stato «${STATE_LABELS_IT[j.state]}».` };
    }
    if (!this.store.transition(j.id, CANCELLABLE_STATES, 'cancelled', this.now(), { held: false }, { reason: 'cancelled by the user' })) {
      return { ok: false, code: 'not-allowed', message: 'Lo stato dell\u2019invio è appena cambiato: riprovare.' };
    }
    this.runnerInstance?.wake();
    return { ok: true, job: this.job(jobId)! };
  }

  drain(o?: DrainOptions): Promise<DrainReport> {
    return this.runner.drain(o);
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runnerInstance ? this.runnerInstance.stop() : Promise.resolve();
  }

  resumeQueue(): void {
    if (this.runnerInstance) this.runnerInstance.resumeQueue();
    else this.store.setPaused(false, this.now());
  }

  onlineHint(): void {
    this.runnerInstance?.onlineHint();
  }

  close(): void {
    this.db.close();
  }

  private view(j: JobRow): JobView {
    const d = this.store.document(j.documentId);
    const iso = (t: number): string => new Date(t).toISOString();
    return {
      id: j.id,
      operation: j.operation,
      identificativoDoc: d?.identificativoDoc ?? '',
      version: d?.version ?? 0,
      pathId: j.pathId,
      state: j.state,
      stateLabel: STATE_LABELS_IT[j.state],
      heldForUser: j.held && j.state === 'needs-reconciliation',
      attempts: j.attempts,
      clientTraceId: j.correlationId,
      nextAttemptAt: iso(j.nextAttemptAt),
      deadlineAt: iso(j.deadlineAt),
      createdAt: iso(j.createdAt),
      updatedAt: iso(j.updatedAt),
      pdfSha256: d?.pdfSha256 ?? null,
      httpStatus: j.httpStatus,
      xCartId: j.xCartId,
      traceId: j.traceId,
      spanId: j.spanId,
      workflowInstanceId: j.workflowInstanceId,
      warning: j.warning,
      lastError: j.lastError,
      note: j.note,
    };
  }
}

function notFound(): ActionResult {
  return { ok: false, code: 'not-found', message: 'Invio non trovato.' };
}
