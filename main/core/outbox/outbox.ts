// The outbox's public API: enqueue operations durably, inspect and steer jobs, run the queue.
// Enqueue writes document + PDF + job in one transaction and returns the job id; nothing is sent
// until drain() (CLI) or start() (app) runs the OutboxRunner.
import { pickCartIds, type CartIds } from '../../../contract/cart-ids.js';
import type { OutboxCountsView } from '../../../contract/outbox.js';
import { dirname, join } from 'node:path';
import { epochMs, keyFileSource, openDatabase, type Database } from '../shared/index.js';
import type { DocumentClaims, PurposeOfUse, CreateBody, MetadataBody, ReplaceBody, CartError } from '../gateway/index.js';
import { allowedActions } from './actions.js';
import type { CartPort, OutboxCall } from './cart-port.js';
import { DEFAULT_CONFIRM, type ConfirmPolicy } from './confirm.js';
import { documentIdSchema, encode, JobCodecError, STORED_PDF_NAME, type StoredRequest } from './job-codec.js';
import { OutboxRunner, type DrainOptions, type DrainReport, type RunnerOptions } from './runner.js';
import { CANCELLABLE_STATES, STATE_LABELS_IT, type JobState } from './states.js';
import { OutboxStore, type JobRow, type NewJob, type OutboxEvent } from './store.js';

export interface OutboxOptions extends RunnerOptions {
  /** Overall time a job may keep failing transiently before it needs the user (default 72 h). */
  deadlineMs?: number;
}

/** What the outbox records about the document of a create or replace (read from its CDA by the caller). */
export interface DocumentFacts {
  version?: number;
  /** Document type (LAB, RAD, RSA…), shown on the screen. */
  type?: string;
}

export interface EnqueueCreate extends DocumentFacts {
  identificativoDoc: string;
  type: string;
  pdf: Uint8Array;
  requestBody: CreateBody;
  /** JWT person_id and resource_hl7_type, as data: job-codec.ts stores them. */
  claims: Required<DocumentClaims>;
}

export interface EnqueueReplace extends EnqueueCreate {
  /** The id being replaced (URL path); `identificativoDoc` is the NEW document's id, as in the body. */
  replacesId: string;
  requestBody: ReplaceBody;
  purposeOfUse?: PurposeOfUse;
}

export interface EnqueueDelete {
  identificativoDoc: string;
  claims: DocumentClaims;
}

export interface EnqueueMetadataUpdate {
  identificativoDoc: string;
  requestBody: MetadataBody;
  claims: Required<DocumentClaims>;
  purposeOfUse?: PurposeOfUse;
}

/** A job as shown to the UI/CLI: no patient data (tax code, person_id) and no PDF bytes. */
export interface JobView extends CartIds {
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

function checkId(id: string, what: string): void {
  if (!documentIdSchema.safeParse(id).success) throw new OutboxInputError(`${what} must look like ROOT^EXTENSION (≤256 chars), got "${id}"`);
}

function checkBodyId(bodyId: string, id: string, what: string): void {
  if (bodyId !== id) throw new OutboxInputError(`requestBody.identificativoDoc${what} differs from identificativoDoc`);
}

function encodeOrThrow(call: OutboxCall): StoredRequest {
  try {
    return encode(call);
  } catch (err) {
    if (err instanceof JobCodecError) throw new OutboxInputError(err.message);
    throw err;
  }
}

/** Zero jobs in every state: the start of a count. */
const noJobs = (): OutboxCountsView => ({ queued: 0, sending: 0, accepted: 0, confirmed: 0, rejected: 0, waiting: 0, 'needs-reconciliation': 0, cancelled: 0 });

export class Outbox {
  readonly store: OutboxStore;
  private runnerInstance: OutboxRunner | undefined;
  private readonly now: () => number;
  private readonly deadlineMs: number;

  constructor(
    readonly db: Database,
    private readonly port: CartPort | undefined,
    private readonly options: OutboxOptions,
  ) {
    this.store = new OutboxStore(db);
    this.now = () => epochMs(options.now);
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  }

  /** Opens `file` encrypted with the key file beside it (`database.key`, the CLI's default; made on first open). */
  static open(file: string, port: CartPort | undefined, options: OutboxOptions): Outbox {
    return new Outbox(openDatabase(file, { key: keyFileSource(join(dirname(file), 'database.key'), file), now: options.now }), port, options);
  }

  get runner(): OutboxRunner {
    if (!this.port) throw new Error('this outbox was opened without a CART connection');
    this.runnerInstance ??= new OutboxRunner(this.store, this.port, this.options);
    return this.runnerInstance;
  }

  enqueueCreate(i: EnqueueCreate): number {
    checkBodyId(i.requestBody.identificativoDoc, i.identificativoDoc, '');
    return this.enqueue({ operation: 'validateAndCreate', pdf: i.pdf, fileName: STORED_PDF_NAME, body: i.requestBody, claims: i.claims }, i);
  }

  enqueueReplace(i: EnqueueReplace): number {
    checkBodyId(i.requestBody.identificativoDoc, i.identificativoDoc, ' (the new id)');
    const purpose = i.purposeOfUse ? { purposeOfUse: i.purposeOfUse } : {};
    return this.enqueue(
      { operation: 'replace', id: i.replacesId, pdf: i.pdf, fileName: STORED_PDF_NAME, body: i.requestBody, claims: i.claims, ...purpose },
      i,
    );
  }

  enqueueDelete(i: EnqueueDelete): number {
    return this.enqueue({ operation: 'delete', id: i.identificativoDoc, claims: i.claims });
  }

  enqueueMetadataUpdate(i: EnqueueMetadataUpdate): number {
    const purpose = i.purposeOfUse ? { purposeOfUse: i.purposeOfUse } : {};
    return this.enqueue({ operation: 'updateMetadata', id: i.identificativoDoc, body: i.requestBody, claims: i.claims, ...purpose });
  }

  /**
   * Stores one write call with its document record and returns the job id; OutboxInputError when the
   * call could not be sent as it is (job-codec.ts checks and encodes it). A create or replace is
   * chained to the document id it acts on, delete and metadata to theirs; a replace is one version up.
   */
  enqueue(call: OutboxCall, doc: DocumentFacts = {}): number {
    const patientCf = call.claims.patientId;
    const type = doc.type !== undefined ? { type: doc.type } : {};
    switch (call.operation) {
      case 'validateAndCreate': {
        const identificativoDoc = call.body.identificativoDoc;
        checkId(identificativoDoc, 'identificativoDoc');
        if (call.pdf.byteLength === 0) throw new OutboxInputError('the signed PDF is empty');
        return this.insert({
          request: encodeOrThrow(call),
          identificativoDoc,
          version: doc.version ?? 1,
          patientCf,
          ...type,
          pdf: call.pdf,
          chainOf: identificativoDoc,
        });
      }
      case 'replace': {
        const identificativoDoc = call.body.identificativoDoc;
        checkId(identificativoDoc, 'identificativoDoc');
        checkId(call.id, 'replacesId');
        if (call.pdf.byteLength === 0) throw new OutboxInputError('the signed PDF is empty');
        const previous = this.store.latestDocument(call.id);
        const version = doc.version ?? (previous ? previous.version + 1 : 2);
        return this.insert({ request: encodeOrThrow(call), identificativoDoc, version, patientCf, ...type, pdf: call.pdf, chainOf: call.id });
      }
      case 'delete':
      case 'updateMetadata':
        checkId(call.id, 'identificativoDoc');
        // No file: they refer to the latest stored record of the id (or a new stub).
        return this.insert({ request: encodeOrThrow(call), identificativoDoc: call.id, patientCf, chainOf: call.id });
    }
  }

  private insert(n: Omit<NewJob, 'now' | 'deadlineAt'>): number {
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
    const c: OutboxCounts = { ...noJobs(), paused: false, online: this.runnerInstance?.isOnline() ?? true };
    for (const r of this.store.stateCounts()) c[r.state] += r.n;
    const q = this.store.queueState();
    c.paused = q.paused;
    if (q.pauseReason) c.pauseReason = q.pauseReason;
    if (q.pauseMessage) c.pauseMessage = q.pauseMessage;
    // Local state that cannot be saved pauses sending in memory only (the database cannot record it).
    const storage = this.runnerInstance?.storageProblem();
    if (storage) Object.assign(c, { paused: true, pauseReason: 'storage', pauseMessage: storage });
    return c;
  }

  /**
   * Puts a job back in the queue when that is safe:
   * - rejected because the deadline passed (nothing was applied) → queued, with a new deadline;
   * - rejected with /msg/generic-error (may hide a mapper outage, docs/gateway-api.md §8.3) → queued;
   * - needs-reconciliation → reconciliation runs again (look-ups / per-operation rule), never a blind resend;
   * - any other rejection is refused: the stored bytes are never changed, the user prepares a NEW version.
   */
  retry(jobId: number): ActionResult {
    const j = this.store.job(jobId);
    if (!j) return notFound();
    if (!allowedActions(j).retry) {
      return j.state === 'rejected'
        ? notAllowed('Il documento è stato rifiutato da CART: correggerlo e preparare una nuova versione. Il documento già firmato non viene modificato.')
        : notAllowed(`Non è possibile riprovare un invio nello stato «${STATE_LABELS_IT[j.state]}».`);
    }
    const now = this.now();
    if (j.state === 'rejected') {
      this.store.transition(
        j.id,
        ['rejected'],
        'queued',
        now,
        { nextAttemptAt: now, deadlineAt: now + this.deadlineMs, attempts: 0 },
        { kind: 'user-retry', reason: 'retry by the user' },
      );
    } else {
      this.store.transition(
        j.id,
        ['needs-reconciliation'],
        'needs-reconciliation',
        now,
        { held: false, nextAttemptAt: now, deadlineAt: Math.max(j.deadlineAt, now + this.deadlineMs) },
        { kind: 'user-retry', reason: 'reconcile again, asked by the user' },
      );
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
    if (!allowedActions(j).resolve) return notAllowed(`L\u2019esito di questo invio non è da verificare (stato «${STATE_LABELS_IT[j.state]}»).`);
    const now = this.now();
    if (outcome === 'published') {
      const firstCheck = now + ((this.options.confirm || undefined)?.firstDelayMs ?? DEFAULT_CONFIRM.firstDelayMs);
      this.store.transition(
        j.id,
        ['needs-reconciliation'],
        'accepted',
        now,
        { held: false, nextAttemptAt: firstCheck, note: 'confirmed published by the user' },
        { kind: 'user-resolved', reason: 'user: it is published' },
      );
    } else {
      this.store.transition(
        j.id,
        ['needs-reconciliation'],
        'queued',
        now,
        { held: false, resend: true, nextAttemptAt: now, deadlineAt: Math.max(j.deadlineAt, now + this.deadlineMs) },
        { kind: 'user-resolved', reason: 'user: not published, resend' },
      );
    }
    this.runnerInstance?.wake();
    return { ok: true, job: this.job(jobId)! };
  }

  /** Withdraws a job that CART has not (possibly) applied; `sending` and finished jobs cannot be cancelled. */
  cancel(jobId: number): ActionResult {
    const j = this.store.job(jobId);
    if (!j) return notFound();
    if (!allowedActions(j).cancel) return notAllowed(`Non è possibile annullare un invio nello stato «${STATE_LABELS_IT[j.state]}».`);
    if (!this.store.transition(j.id, CANCELLABLE_STATES, 'cancelled', this.now(), { held: false }, { kind: 'user-cancel', reason: 'cancelled by the user' })) {
      return notAllowed('Lo stato dell\u2019invio è appena cambiato: riprovare.');
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

  /** The profile's status-check timing (confirm.ts confirmPolicyOf). */
  setConfirmPolicy(p: Partial<ConfirmPolicy>): void {
    this.runner.setConfirmPolicy(p);
  }

  onlineHint(): void {
    this.runnerInstance?.onlineHint();
  }

  /** The profile or a certificate changed: lifts a pause for authorisation (then one send proves the fix). */
  configurationChanged(): void {
    this.runnerInstance?.configurationChanged();
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
      ...pickCartIds(j),
      warning: j.warning,
      lastError: j.lastError,
      note: j.note,
    };
  }
}

function notFound(): ActionResult {
  return { ok: false, code: 'not-found', message: 'Invio non trovato.' };
}

function notAllowed(message: string): ActionResult {
  return { ok: false, code: 'not-allowed', message };
}
