// SQL access for the outbox: one transaction per enqueue (document + blob + job + first event), and
// guarded state transitions (UPDATE … WHERE state IN (expected)) that append their event in the
// same transaction. Nothing here decides policy; runner.ts and reconcile.ts do.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { CartIds } from '../../../contract/cart-ids.js';
import type { CartError, CartResult } from '../gateway/index.js';
import { sha256Hex, newTraceId } from '../shared/index.js';
import { isEventKind, type EventKind } from './event-kinds.js';
import type { StoredRequest } from './job-codec.js';
import { JOB_STATES, UNBLOCKING_STATES, type JobState } from './states.js';

/** A job as stored. The request columns are kept in their stored forms: job-codec.ts reads them. */
export interface JobRow extends StoredRequest, CartIds {
  id: number;
  documentId: number;
  chain: string;
  correlationId: string;
  state: JobState;
  /** needs-reconciliation held for the user: the runner does not touch it. */
  held: boolean;
  /** The next send is a resend after an ambiguous outcome (resend rules apply to its answer). */
  resend: boolean;
  attempts: number;
  nextAttemptAt: number;
  deadlineAt: number;
  createdAt: number;
  updatedAt: number;
  ambiguousAt: number | null;
  lastError: CartError | null;
  httpStatus: number | null;
  warning: string | null;
  note: string | null;
}

export interface DocumentRow {
  id: number;
  identificativoDoc: string;
  version: number;
  patientCf: string | null;
  type: string | null;
  pdfSha256: string | null;
}

export interface QueueStateRow {
  paused: boolean;
  pauseReason: string | null;
  pauseMessage: string | null;
  pausedAt: number | null;
  correlationHonoured: boolean;
}

export interface NewJob {
  /** The request columns, from job-codec.ts encode(). */
  request: StoredRequest;
  identificativoDoc: string;
  version?: number;
  patientCf?: string;
  type?: string;
  pdf?: Uint8Array;
  /** Look the chain up by this id (the path id of replace/delete/metadata); create uses identificativoDoc. */
  chainOf: string;
  now: number;
  deadlineAt: number;
}

/** Fields of a transition besides the state. Undefined = unchanged. */
export interface JobPatch {
  held?: boolean;
  resend?: boolean;
  attempts?: number;
  nextAttemptAt?: number;
  deadlineAt?: number;
  ambiguousAt?: number | null;
  lastError?: CartError | null;
  note?: string | null;
  warning?: string | null;
}

export interface EventInfo {
  kind: EventKind;
  /** English, for logs and support: the details the kind leaves out. */
  reason: string;
  result?: CartResult;
  /** `result` is a status look-up: its ids go into the event only, the job keeps the ids of its own exchange. */
  lookup?: boolean;
  error?: CartError | { message: string; type?: string };
}

export interface OutboxEvent extends CartIds {
  id: number;
  jobId: number;
  at: number;
  fromState: JobState | null;
  toState: JobState;
  attempt: number;
  kind: EventKind;
  reason: string;
  httpStatus: number | null;
  journalId: number | null;
  error: unknown;
}

type Raw = Record<string, unknown>;

function toJob(r: Raw): JobRow {
  const state = r.state as JobState;
  if (!JOB_STATES.includes(state)) throw new Error(`outbox job ${String(r.id)} has unknown state ${String(r.state)}`);
  return {
    id: r.id as number,
    documentId: r.document_id as number,
    chain: r.chain as string,
    // The column's CHECK constraint admits only the four operations.
    operation: r.operation as StoredRequest['operation'],
    pathId: (r.path_id as string | null) ?? null,
    requestBody: (r.request_body as string | null) ?? null,
    personId: (r.person_id as string | null) ?? null,
    resourceHl7Type: (r.resource_hl7_type as string | null) ?? null,
    purposeOfUse: (r.purpose_of_use as string | null) ?? null,
    correlationId: r.correlation_id as string,
    state,
    held: r.held === 1,
    resend: r.resend === 1,
    attempts: r.attempts as number,
    nextAttemptAt: r.next_attempt_at as number,
    deadlineAt: r.deadline_at as number,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    ambiguousAt: (r.ambiguous_at as number | null) ?? null,
    lastError: r.last_error ? (JSON.parse(r.last_error as string) as CartError) : null,
    httpStatus: (r.http_status as number | null) ?? null,
    xCartId: (r.x_cart_id as string | null) ?? null,
    traceId: (r.trace_id as string | null) ?? null,
    spanId: (r.span_id as string | null) ?? null,
    workflowInstanceId: (r.workflow_instance_id as string | null) ?? null,
    warning: (r.warning as string | null) ?? null,
    note: (r.note as string | null) ?? null,
  };
}

const UNBLOCKING_SQL = UNBLOCKING_STATES.map((s) => `'${s}'`).join(',');

export class OutboxStore {
  private readonly st: Record<string, Statement>;

  constructor(readonly db: Database) {
    const p = (sql: string): Statement => db.prepare(sql);
    this.st = {
      insertBlob: p('INSERT OR IGNORE INTO outbox_blobs (sha256, bytes, size) VALUES (?, ?, ?)'),
      insertDoc: p('INSERT INTO outbox_documents (identificativo_doc, version, patient_cf, type, pdf_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      latestDoc: p('SELECT * FROM outbox_documents WHERE identificativo_doc = ? ORDER BY version DESC, id DESC LIMIT 1'),
      chainOf: p(
        // Two indexed look-ups (an OR across the join would scan every job on each enqueue).
        `SELECT chain FROM (
           SELECT j.id, j.chain FROM outbox_documents d JOIN outbox_jobs j ON j.document_id = d.id WHERE d.identificativo_doc = @id
           UNION ALL
           SELECT id, chain FROM outbox_jobs WHERE path_id = @id
         ) ORDER BY id DESC LIMIT 1`,
      ),
      insertJob: p(
        `INSERT INTO outbox_jobs (document_id, chain, operation, path_id, request_body, person_id, resource_hl7_type, purpose_of_use,
           correlation_id, state, next_attempt_at, deadline_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
      ),
      insertEvent: p(
        `INSERT INTO outbox_events (job_id, at, from_state, to_state, attempt, kind, reason, http_status, x_cart_id, trace_id,
           span_id, workflow_instance_id, journal_id, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      job: p('SELECT * FROM outbox_jobs WHERE id = ?'),
      doc: p('SELECT * FROM outbox_documents WHERE id = ?'),
      blob: p('SELECT bytes FROM outbox_blobs WHERE sha256 = ?'),
      due: p(
        `SELECT j.* FROM outbox_jobs j
         WHERE j.state IN ('queued', 'waiting', 'needs-reconciliation') AND j.held = 0 AND j.next_attempt_at <= ?
           AND NOT EXISTS (SELECT 1 FROM outbox_jobs p WHERE p.chain = j.chain AND p.id < j.id AND p.state NOT IN (${UNBLOCKING_SQL}))
         ORDER BY j.next_attempt_at, j.id LIMIT ?`,
      ),
      nextWake: p(
        `SELECT MIN(j.next_attempt_at) AS t FROM outbox_jobs j
         WHERE j.state IN ('queued', 'waiting', 'needs-reconciliation') AND j.held = 0
           AND NOT EXISTS (SELECT 1 FROM outbox_jobs p WHERE p.chain = j.chain AND p.id < j.id AND p.state NOT IN (${UNBLOCKING_SQL}))`,
      ),
      counts: p('SELECT state, held, COUNT(*) AS n FROM outbox_jobs GROUP BY state, held'),
      list: p('SELECT * FROM outbox_jobs ORDER BY id'),
      listState: p('SELECT * FROM outbox_jobs WHERE state = ? ORDER BY id'),
      events: p('SELECT * FROM outbox_events WHERE job_id = ? ORDER BY id'),
      queue: p('SELECT * FROM outbox_queue_state WHERE id = 1'),
      sendingIds: p("SELECT id FROM outbox_jobs WHERE state = 'sending'"),
      // Accepted jobs whose asynchronous outcome is still to be checked (confirm.ts); held = checks stopped.
      dueChecks: p("SELECT * FROM outbox_jobs WHERE state = 'accepted' AND held = 0 AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"),
      nextCheck: p("SELECT MIN(next_attempt_at) AS t FROM outbox_jobs WHERE state = 'accepted' AND held = 0"),
      checkCount: p("SELECT COUNT(*) AS n FROM outbox_events WHERE job_id = ? AND kind = 'status-check'"),
    };
  }

  /** Document (+ blob) + job + first event, in ONE transaction: either all are stored or none. */
  insertJob(n: NewJob): number {
    return this.db
      .transaction((): number => {
        let documentId: number;
        if (n.pdf) {
          const sha = sha256Hex(n.pdf);
          this.st.insertBlob!.run(sha, Buffer.from(n.pdf.buffer, n.pdf.byteOffset, n.pdf.byteLength), n.pdf.byteLength);
          documentId = Number(this.st.insertDoc!.run(n.identificativoDoc, n.version ?? 1, n.patientCf ?? null, n.type ?? null, sha, n.now).lastInsertRowid);
        } else {
          // Delete and metadata carry no file: they refer to the latest stored record of the id, or a new stub.
          const latest = this.st.latestDoc!.get(n.identificativoDoc) as Raw | undefined;
          documentId = latest
            ? (latest.id as number)
            : Number(this.st.insertDoc!.run(n.identificativoDoc, n.version ?? 1, n.patientCf ?? null, n.type ?? null, null, n.now).lastInsertRowid);
        }
        const chainRow = this.st.chainOf!.get({ id: n.chainOf }) as { chain: string } | undefined;
        const chain = chainRow?.chain ?? n.chainOf;
        const q = n.request;
        const id = Number(
          this.st.insertJob!.run(
            documentId,
            chain,
            q.operation,
            q.pathId,
            q.requestBody,
            q.personId,
            q.resourceHl7Type,
            q.purposeOfUse,
            newTraceId(),
            n.now,
            n.deadlineAt,
            n.now,
            n.now,
          ).lastInsertRowid,
        );
        const enqueued: EventKind = 'enqueued';
        this.st.insertEvent!.run(id, n.now, null, 'queued', 0, enqueued, 'enqueued', null, null, null, null, null, null, null);
        return id;
      })
      .immediate();
  }

  job(id: number): JobRow | undefined {
    const r = this.st.job!.get(id) as Raw | undefined;
    return r ? toJob(r) : undefined;
  }

  document(id: number): DocumentRow | undefined {
    const r = this.st.doc!.get(id) as Raw | undefined;
    if (!r) return undefined;
    return {
      id: r.id as number,
      identificativoDoc: r.identificativo_doc as string,
      version: r.version as number,
      patientCf: (r.patient_cf as string | null) ?? null,
      type: (r.type as string | null) ?? null,
      pdfSha256: (r.pdf_sha256 as string | null) ?? null,
    };
  }

  blob(sha256: string): Uint8Array | undefined {
    const r = this.st.blob!.get(sha256) as { bytes: Buffer } | undefined;
    return r?.bytes;
  }

  latestDocument(identificativoDoc: string): DocumentRow | undefined {
    const r = this.st.latestDoc!.get(identificativoDoc) as Raw | undefined;
    return r ? this.document(r.id as number) : undefined;
  }

  /** Jobs the runner may work on now: due, not held, and first in their document's chain. */
  dueJobs(now: number, limit: number): JobRow[] {
    return (this.st.due!.all(now, limit) as Raw[]).map(toJob);
  }

  /** Earliest next_attempt_at among jobs that could become due; undefined when none. */
  nextWake(): number | undefined {
    const r = this.st.nextWake!.get() as { t: number | null };
    return r.t ?? undefined;
  }

  /** Accepted jobs due for a status check. */
  dueChecks(now: number, limit: number): JobRow[] {
    return (this.st.dueChecks!.all(now, limit) as Raw[]).map(toJob);
  }

  /** Earliest status check still to do; undefined when none. */
  nextCheck(): number | undefined {
    const r = this.st.nextCheck!.get() as { t: number | null };
    return r.t ?? undefined;
  }

  /** Status checks already done for a job (each one appends a 'status-check' event). */
  statusCheckCount(jobId: number): number {
    return (this.st.checkCount!.get(jobId) as { n: number }).n;
  }

  list(state?: JobState): JobRow[] {
    return ((state ? this.st.listState!.all(state) : this.st.list!.all()) as Raw[]).map(toJob);
  }

  stateCounts(): Array<{ state: JobState; held: boolean; n: number }> {
    return (this.st.counts!.all() as Raw[]).map((r) => ({ state: r.state as JobState, held: r.held === 1, n: r.n as number }));
  }

  events(jobId: number): OutboxEvent[] {
    return (this.st.events!.all(jobId) as Raw[]).map((r) => ({
      id: r.id as number,
      jobId: r.job_id as number,
      at: r.at as number,
      fromState: (r.from_state as JobState | null) ?? null,
      toState: r.to_state as JobState,
      attempt: r.attempt as number,
      kind: isEventKind(r.kind) ? r.kind : 'other',
      reason: r.reason as string,
      httpStatus: (r.http_status as number | null) ?? null,
      xCartId: (r.x_cart_id as string | null) ?? null,
      traceId: (r.trace_id as string | null) ?? null,
      spanId: (r.span_id as string | null) ?? null,
      workflowInstanceId: (r.workflow_instance_id as string | null) ?? null,
      journalId: (r.journal_id as number | null) ?? null,
      error: r.error ? JSON.parse(r.error as string) : null,
    }));
  }

  /**
   * Moves a job from one of `from` to `to`, applying `patch` and the ids of `event.result`, and appends
   * the event — atomically. Returns false (nothing written) when the job was no longer in `from`.
   */
  transition(jobId: number, from: readonly JobState[], to: JobState, now: number, patch: JobPatch, event: EventInfo): boolean {
    return this.db
      .transaction((): boolean => {
        const current = this.job(jobId);
        if (!current || !from.includes(current.state)) return false;
        const sets: string[] = ['state = ?', 'updated_at = ?'];
        const vals: unknown[] = [to, now];
        const put = (col: string, v: unknown): void => {
          sets.push(`${col} = ?`);
          vals.push(v);
        };
        if (patch.held !== undefined) put('held', patch.held ? 1 : 0);
        if (patch.resend !== undefined) put('resend', patch.resend ? 1 : 0);
        if (patch.attempts !== undefined) put('attempts', patch.attempts);
        if (patch.nextAttemptAt !== undefined) put('next_attempt_at', patch.nextAttemptAt);
        if (patch.deadlineAt !== undefined) put('deadline_at', patch.deadlineAt);
        if (patch.ambiguousAt !== undefined) put('ambiguous_at', patch.ambiguousAt);
        if (patch.lastError !== undefined) put('last_error', patch.lastError ? JSON.stringify(patch.lastError) : null);
        if (patch.note !== undefined) put('note', patch.note);
        if (patch.warning !== undefined) put('warning', patch.warning);
        const r = event.result;
        if (r && !event.lookup) {
          // Keep the last known ids: an answer without them (network error) must not erase earlier ones.
          if (r.httpStatus !== undefined) put('http_status', r.httpStatus);
          if (r.xCartId) put('x_cart_id', r.xCartId);
          if (r.traceId) put('trace_id', r.traceId);
          if (r.spanId) put('span_id', r.spanId);
          if (r.workflowInstanceId) put('workflow_instance_id', r.workflowInstanceId);
          if (r.warning && patch.warning === undefined) put('warning', r.warning);
        }
        vals.push(jobId);
        this.db.prepare(`UPDATE outbox_jobs SET ${sets.join(', ')} WHERE id = ?`).run(...vals);
        const err = event.error ?? r?.error;
        this.st.insertEvent!.run(
          jobId,
          now,
          current.state,
          to,
          patch.attempts ?? current.attempts,
          event.kind,
          event.reason,
          r?.httpStatus ?? null,
          r?.xCartId ?? null,
          r?.traceId ?? null,
          r?.spanId ?? null,
          r?.workflowInstanceId ?? null,
          r?.journalId ?? null,
          err ? JSON.stringify(err) : null,
        );
        return true;
      })
      .immediate();
  }

  /** Crash recovery: every job left in `sending` may have reached CART. */
  sendingJobIds(): number[] {
    return (this.st.sendingIds!.all() as Array<{ id: number }>).map((r) => r.id);
  }

  queueState(): QueueStateRow {
    const r = this.st.queue!.get() as Raw;
    return {
      paused: r.paused === 1,
      pauseReason: (r.pause_reason as string | null) ?? null,
      pauseMessage: (r.pause_message as string | null) ?? null,
      pausedAt: (r.paused_at as number | null) ?? null,
      correlationHonoured: r.correlation_honoured === 1,
    };
  }

  setPaused(paused: boolean, now: number, reason?: string, message?: string): void {
    this.db
      .prepare('UPDATE outbox_queue_state SET paused = ?, pause_reason = ?, pause_message = ?, paused_at = ? WHERE id = 1')
      .run(paused ? 1 : 0, paused ? (reason ?? null) : null, paused ? (message ?? null) : null, paused ? now : null);
  }

  /**
   * Proves that a write reaching the disk works again after a local write failure: one transaction that needs a
   * new page (an 8 KB value, put back at once) and commits. With a full disk (or a page limit) it throws SQLITE_FULL.
   */
  probeWrite(): void {
    this.db
      .transaction(() => {
        this.db.prepare("UPDATE outbox_queue_state SET lease_host = printf('%.*c', 8192, 'x') || coalesce(lease_host, '') WHERE id = 1").run();
        this.db.prepare("UPDATE outbox_queue_state SET lease_host = nullif(substr(lease_host, 8193), '') WHERE id = 1").run();
      })
      .immediate();
  }

  setCorrelationHonoured(): void {
    this.db.prepare('UPDATE outbox_queue_state SET correlation_honoured = 1 WHERE id = 1 AND correlation_honoured = 0').run();
  }

  /**
   * One runner per outbox: a lease held by a live process on this host blocks a second runner
   * (it would treat the first one's in-flight jobs as crashed). A dead holder's lease is taken over.
   */
  acquireLease(pid: number, host: string, now: number, isAlive: (pid: number) => boolean): { ok: true } | { ok: false; pid: number; host: string } {
    return this.db
      .transaction(() => {
        const r = this.st.queue!.get() as Raw;
        const heldPid = r.lease_pid as number | null;
        const heldHost = r.lease_host as string | null;
        if (heldPid !== null && heldPid !== pid && heldHost === host && isAlive(heldPid)) return { ok: false as const, pid: heldPid, host: heldHost };
        this.db.prepare('UPDATE outbox_queue_state SET lease_pid = ?, lease_host = ?, lease_at = ? WHERE id = 1').run(pid, host, now);
        return { ok: true as const };
      })
      .immediate();
  }

  releaseLease(pid: number): void {
    this.db.prepare('UPDATE outbox_queue_state SET lease_pid = NULL, lease_host = NULL, lease_at = NULL WHERE id = 1 AND lease_pid = ?').run(pid);
  }
}
