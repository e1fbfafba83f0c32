// The loop that empties the outbox: picks due jobs (first of their document's chain), sends up to
// `concurrency` at once, applies the answer as a state transition, reconciles ambiguous jobs, pauses the
// whole queue on authentication failures and stops sending while CART is unreachable (probing with
// backoff until it answers). Every decision is written before the next step, so a crash at any
// point leaves a state the next start can continue from.
import { hostname } from 'node:os';
import type { CartResult } from '../gateway/index.js';
import { epochMs, sha256Hex, type Clock } from '../shared/index.js';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff.js';
import type { CartPort, OutboxCall } from './cart-port.js';
import { checkAccepted, DEFAULT_CONFIRM, type ConfirmPolicy } from './confirm.js';
import { interpretSend, isAlreadyPresent } from './interpret.js';
import { decode } from './job-codec.js';
import { continuesClientTrace, reconcile } from './reconcile.js';
import { PAUSE_MESSAGE_AUTH_IT, type JobState } from './states.js';
import type { JobRow, OutboxStore } from './store.js';

export interface RunnerOptions {
  concurrency?: number;
  backoff?: BackoffPolicy;
  /** Backoff of reachability probes while offline or paused. */
  probeBackoff?: BackoffPolicy;
  /**
   * A create's "not found" look-up is trusted only this long after the ambiguous exchange. Default: the
   * environment variable FSE_DESK_OUTBOX_SETTLE_MS when set (the CLI and tests against the stand-in use a
   * short one), else 2 minutes.
   */
  settleMs?: number;
  /** Status checks of accepted jobs (confirm.ts); false = none. */
  confirm?: Partial<ConfirmPolicy> | false;
  /** Job times (enqueued, due, deadlines, events): the system clock in the app and CLI, a test clock in tests. */
  now: Clock;
  random?: () => number;
  /** English structured log lines; never given patient data, PDFs or secrets. */
  log?: (event: string, fields: Record<string, unknown>) => void;
}

export interface DrainOptions {
  /** 'empty': until no job is left that the runner can finish by itself (waits through backoff and offline periods).
   *  'idle': until nothing is due right now. */
  until?: 'empty' | 'idle';
  signal?: AbortSignal;
}

export interface DrainReport {
  stoppedBecause: 'empty' | 'idle' | 'aborted' | 'paused';
  sent: number;
  reconciled: number;
}

/** A job taken for work: with `req` it is marked sending; `check`: a status check of an accepted job; else it is to be reconciled. */
interface Claim {
  job: JobRow;
  req?: OutboxCall;
  check?: boolean;
}

const DEFAULT_SETTLE_MS = 120_000;

/** FSE_DESK_OUTBOX_SETTLE_MS, when it is a non-negative integer. */
function settleMsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const v = env.FSE_DESK_OUTBOX_SETTLE_MS;
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
}

export class OutboxBusyError extends Error {
  constructor(readonly pid: number) {
    super(`another process (pid ${pid}) is already sending this outbox`);
    this.name = 'OutboxBusyError';
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export class OutboxRunner {
  readonly concurrency: number;
  private readonly backoff: BackoffPolicy;
  private readonly probeBackoff: BackoffPolicy;
  private readonly settleMs: number;
  private readonly confirm: ConfirmPolicy | undefined;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly log: (event: string, fields: Record<string, unknown>) => void;
  private online = true;
  private probeFailures = 0;
  private recovered = false;
  private wakeResolve: (() => void) | undefined;
  private readonly inflight = new Map<number, Promise<void>>();
  private readonly inflightChains = new Map<number, string>();
  private running = false;
  private loopAbort: AbortController | undefined;
  private loopDone: Promise<DrainReport> | undefined;

  constructor(
    private readonly store: OutboxStore,
    private readonly port: CartPort,
    o: RunnerOptions,
  ) {
    this.concurrency = Math.max(1, o.concurrency ?? 4);
    this.backoff = o.backoff ?? DEFAULT_BACKOFF;
    this.probeBackoff = o.probeBackoff ?? { baseDelayMs: 1_000, maxDelayMs: 60_000 };
    this.settleMs = o.settleMs ?? settleMsFromEnv() ?? DEFAULT_SETTLE_MS;
    this.confirm = o.confirm === false ? undefined : { ...DEFAULT_CONFIRM, ...o.confirm };
    this.now = () => epochMs(o.now);
    this.random = o.random ?? Math.random;
    this.log = o.log ?? (() => {});
  }

  isOnline(): boolean {
    return this.online;
  }

  /** Electron power-resume / network-change: probe now instead of waiting for the backoff. */
  onlineHint(): void {
    this.probeFailures = 0;
    this.wake();
  }

  /** New work or a user action: look at the queue again. */
  wake(): void {
    const r = this.wakeResolve;
    this.wakeResolve = undefined;
    r?.();
  }

  /** The user fixed the certificates: clear the pause and send again. */
  resumeQueue(): void {
    this.store.setPaused(false, this.now());
    this.online = true;
    this.probeFailures = 0;
    this.log('outbox.resumed', { by: 'user' });
    this.wake();
  }

  /**
   * Crash recovery, once per process before the first send: a job left in `sending` may have reached
   * CART, so it becomes needs-reconciliation (never blindly resent).
   */
  recover(): number {
    if (this.recovered) return 0;
    const lease = this.store.acquireLease(process.pid, hostname(), this.now(), isAlive);
    if (!lease.ok) throw new OutboxBusyError(lease.pid);
    this.recovered = true;
    let n = 0;
    for (const id of this.store.sendingJobIds()) {
      const now = this.now();
      if (
        this.store.transition(
          id,
          ['sending'],
          'needs-reconciliation',
          now,
          { ambiguousAt: now, nextAttemptAt: now, held: false },
          { kind: 'crash-recovery', reason: 'crash-recovery: was sending when the previous process stopped' },
        )
      )
        n++;
    }
    if (n) this.log('outbox.recovered', { jobs: n });
    return n;
  }

  releaseLease(): void {
    if (this.recovered) this.store.releaseLease(process.pid);
    this.recovered = false;
  }

  /** Long-running mode for the app: keeps emptying the queue until stop(). */
  start(): void {
    if (this.loopDone) return;
    this.loopAbort = new AbortController();
    this.loopDone = this.loop({ until: 'empty', signal: this.loopAbort.signal }, true);
  }

  async stop(): Promise<void> {
    this.loopAbort?.abort();
    this.wake();
    await this.loopDone;
    this.loopDone = undefined;
  }

  async drain(o: DrainOptions = {}): Promise<DrainReport> {
    if (this.loopDone) throw new Error('the runner is already running (start()); use counts() instead of drain()');
    return this.loop(o, false);
  }

  private async loop(o: DrainOptions, forever: boolean): Promise<DrainReport> {
    if (this.running) throw new Error('drain already in progress');
    this.running = true;
    const report: DrainReport = { stoppedBecause: 'empty', sent: 0, reconciled: 0 };
    const until = o.until ?? 'empty';
    try {
      this.recover();
      for (;;) {
        if (o.signal?.aborted) {
          report.stoppedBecause = 'aborted';
          break;
        }
        const paused = this.store.queueState().paused;
        if (paused || !this.online) {
          if (this.inflight.size > 0) {
            await this.waitAny(o.signal);
            continue;
          }
          if (until === 'idle' && !forever) {
            report.stoppedBecause = paused ? 'paused' : 'idle';
            break;
          }
          const p = await this.safeProbe();
          if (p === 'online') {
            if (paused) this.store.setPaused(false, this.now());
            this.online = true;
            this.probeFailures = 0;
            this.log('outbox.online', { resumedFromPause: paused });
            continue;
          }
          if (p === 'auth-failed') {
            if (!paused) this.pause('auth', PAUSE_MESSAGE_AUTH_IT);
            if (!forever) {
              report.stoppedBecause = 'paused';
              break;
            }
          } else {
            this.online = false;
          }
          this.probeFailures++;
          await this.sleep(retryDelayMs(this.probeFailures, this.probeBackoff, this.random), o.signal);
          continue;
        }
        this.fill(report);
        if (this.inflight.size > 0) {
          await this.waitAny(o.signal);
          continue;
        }
        const sendWake = this.store.nextWake();
        // Status checks keep the app's loop busy, never a CLI drain: they can go on for hours.
        const checkWake = forever && this.confirm ? this.store.nextCheck() : undefined;
        const wakeAt = sendWake === undefined ? checkWake : checkWake === undefined ? sendWake : Math.min(sendWake, checkWake);
        if (sendWake === undefined && !forever) {
          report.stoppedBecause = 'empty';
          break;
        }
        if (until === 'idle' && !forever) {
          report.stoppedBecause = 'idle';
          break;
        }
        await this.sleep(wakeAt === undefined ? 3_600_000 : Math.max(0, wakeAt - this.now()), o.signal);
      }
      // Abort stops new sends; exchanges already under way finish and are recorded.
      while (this.inflight.size > 0) await Promise.all(this.inflight.values());
      return report;
    } finally {
      this.running = false;
      this.releaseLease();
    }
  }

  private fill(report: DrainReport): void {
    this.launch(this.claimInTransaction(report), report);
  }

  /** Claims due jobs for the free slots in ONE transaction (one fsync for the whole batch). */
  private claimInTransaction(report: DrainReport, before?: () => void): Claim[] {
    return this.store.db
      .transaction((): Claim[] => {
        before?.();
        return this.claim(report);
      })
      .immediate();
  }

  /**
   * Picks due jobs (first of their chain, chain not already in flight) and marks the sends as
   * `sending`. Marking happens BEFORE the request leaves: a crash from then on is ambiguous, never "not sent".
   */
  private claim(report: DrainReport): Claim[] {
    const free = this.concurrency - this.inflight.size;
    if (free <= 0 || !this.online || this.store.queueState().paused) return [];
    const due = this.store.dueJobs(this.now(), free + this.inflight.size);
    const busyChains = new Set(this.inflightChains.values());
    const out: Claim[] = [];
    for (const job of due) {
      if (out.length >= free) break;
      if (this.inflight.has(job.id) || busyChains.has(job.chain)) continue;
      if (job.state === 'needs-reconciliation') {
        busyChains.add(job.chain);
        out.push({ job });
        continue;
      }
      const now = this.now();
      if (now >= job.deadlineAt) {
        this.store.transition(job.id, [job.state], 'rejected', now, { lastError: deadlineError() }, { kind: 'deadline-passed', reason: 'deadline passed' });
        continue;
      }
      const claimed = this.claimSend(job, [job.state], report);
      if (!claimed) continue;
      busyChains.add(job.chain);
      out.push(claimed);
    }
    // Free slots left: status checks of accepted jobs (sends go first).
    if (this.confirm && out.length < free && (this.port.lookupByTrace || this.port.lookupByWorkflow)) {
      for (const job of this.store.dueChecks(this.now(), free + this.inflight.size)) {
        if (out.length >= free) break;
        if (this.inflight.has(job.id)) continue;
        out.push({ job, check: true });
      }
    }
    return out;
  }

  private claimSend(job: JobRow, from: JobState[], report: DrainReport): Claim | undefined {
    const req = this.buildRequest(job);
    if ('error' in req) {
      // Parked, never sent: only a new version prepared by the user can replace what was stored.
      this.store.transition(
        job.id,
        from,
        'rejected',
        this.now(),
        { lastError: req.error },
        { kind: 'stored-data-unusable', reason: 'stored data unusable', error: req.error },
      );
      this.log('outbox.stored-data-unusable', { jobId: job.id, type: req.error.type });
      return undefined;
    }
    const attempts = job.attempts + 1;
    if (
      !this.store.transition(
        job.id,
        from,
        'sending',
        this.now(),
        { attempts },
        job.resend ? { kind: 'resend', reason: 'resend after reconciliation' } : { kind: 'send', reason: 'send' },
      )
    )
      return undefined;
    report.sent++;
    return { job: { ...job, attempts, state: 'sending' }, req };
  }

  private launch(claims: Claim[], report: DrainReport): void {
    for (const c of claims) {
      const id = c.job.id;
      // A status check does not hold back the next job of its document (the operation is already accepted).
      if (!c.check) this.inflightChains.set(id, c.job.chain);
      const p = (c.req ? this.exchange(c.job, c.req, report) : c.check ? this.checkJob(c.job) : this.reconcileJob(c.job, report))
        .catch((err: unknown) => this.log('outbox.internal-error', { jobId: id, error: (err as Error).message }))
        .finally(() => {
          this.inflight.delete(id);
          this.inflightChains.delete(id);
          this.wake();
        });
      this.inflight.set(id, p);
    }
  }

  private async exchange(job: JobRow, req: OutboxCall, report: DrainReport): Promise<void> {
    let result: CartResult;
    try {
      result = await this.port.send(req);
    } catch (err) {
      // A throw after the exchange started tells us nothing about what CART applied.
      result = {
        ok: false,
        operation: job.operation,
        error: { category: 'ambiguous', type: 'outbox/port-threw', message: 'Errore imprevisto durante l\u2019invio.', detail: (err as Error).message },
      };
    }
    // The answer and the next claims share one transaction: one fsync per document in steady state.
    const next = this.claimInTransaction(report, () => {
      this.applyAnswer(job, result);
      this.inflight.delete(job.id);
      this.inflightChains.delete(job.id);
    });
    this.launch(next, report);
  }

  private applyAnswer(job: JobRow, result: CartResult): void {
    const now = this.now();
    if (result.traceId && (result.traceId === job.correlationId || continuesClientTrace(result))) this.noteCorrelationHonoured();
    const o = interpretSend(job.operation, job.resend, result);
    const ev = { result };
    switch (o.kind) {
      case 'accepted':
        this.store.transition(
          job.id,
          ['sending'],
          'accepted',
          now,
          { resend: false, lastError: null, held: false, nextAttemptAt: this.firstCheckAt(now), ...(o.warning ? { warning: o.warning } : {}) },
          { kind: 'accepted', reason: `accepted (HTTP ${result.httpStatus ?? '?'})`, ...ev },
        );
        this.log('outbox.accepted', { jobId: job.id, operation: job.operation, xCartId: result.xCartId, traceId: result.traceId });
        return;
      case 'rejected':
        this.store.transition(
          job.id,
          ['sending'],
          'rejected',
          now,
          { lastError: o.error },
          { kind: 'rejected', reason: `rejected: ${o.error.category}`, ...ev },
        );
        this.log('outbox.rejected', { jobId: job.id, operation: job.operation, httpStatus: result.httpStatus, type: o.error.type, xCartId: result.xCartId });
        return;
      case 'transient': {
        if (o.offline) this.goOffline();
        const next = now + retryDelayMs(job.attempts, this.backoff, this.random, o.retryAfterMs);
        if (next > job.deadlineAt) {
          this.store.transition(
            job.id,
            ['sending'],
            'rejected',
            now,
            { lastError: deadlineError(result.error?.message) },
            { kind: 'deadline-passed', reason: 'transient failure past the deadline', ...ev },
          );
        } else {
          this.store.transition(
            job.id,
            ['sending'],
            'waiting',
            now,
            { nextAttemptAt: next, lastError: result.error ?? null },
            { kind: 'retry-scheduled', reason: `transient: retry at ${new Date(next).toISOString()}`, ...ev },
          );
        }
        this.log('outbox.transient', { jobId: job.id, httpStatus: result.httpStatus, retryInMs: next - now, offline: o.offline });
        return;
      }
      case 'ambiguous':
        this.store.transition(
          job.id,
          ['sending'],
          'needs-reconciliation',
          now,
          {
            ambiguousAt: now,
            resend: false,
            held: false,
            nextAttemptAt: now + retryDelayMs(job.attempts, this.backoff, this.random),
            lastError: result.error ?? null,
          },
          { kind: 'ambiguous', reason: 'ambiguous: may have been applied', ...ev },
        );
        if (result.httpStatus === undefined) this.goOffline();
        this.log('outbox.ambiguous', { jobId: job.id, operation: job.operation, httpStatus: result.httpStatus, type: result.error?.type });
        return;
      case 'auth':
        // Not the job's fault: it goes back to the queue untouched and the whole queue waits for the user.
        this.store.transition(
          job.id,
          ['sending'],
          'queued',
          now,
          { lastError: o.error, nextAttemptAt: now },
          { kind: 'auth-refused', reason: 'authentication refused: queue paused', ...ev },
        );
        this.pause('auth', PAUSE_MESSAGE_AUTH_IT);
        return;
    }
  }

  private async reconcileJob(job: JobRow, report: DrainReport): Promise<void> {
    report.reconciled++;
    const d = await reconcile(job, this.port, {
      now: this.now(),
      settleMs: this.settleMs,
      correlationHonoured: this.store.queueState().correlationHonoured,
      onCorrelationHonoured: () => this.noteCorrelationHonoured(),
    });
    const now = this.now();
    const from: JobState[] = ['needs-reconciliation'];
    this.log('outbox.reconcile', {
      jobId: job.id,
      operation: job.operation,
      decision: d.kind,
      reason: d.kind === 'applied' ? `via ${d.via}` : d.kind === 'auth' ? 'auth' : d.reason,
    });
    switch (d.kind) {
      case 'applied':
        if (d.status === 'failed') {
          this.store.transition(
            job.id,
            from,
            'rejected',
            now,
            { lastError: asyncFailure(d.detail) },
            { kind: 'reconciled', reason: `reconciled via ${d.via}: arrived, asynchronous outcome failed`, result: d.result, lookup: true },
          );
        } else {
          this.store.transition(
            job.id,
            from,
            d.status === 'success' ? 'confirmed' : 'accepted',
            now,
            { resend: false, lastError: null, held: false, nextAttemptAt: this.firstCheckAt(now) },
            { kind: 'reconciled', reason: `reconciled via ${d.via}: it had arrived`, result: d.result, lookup: true },
          );
        }
        return;
      case 'resend': {
        if (now >= job.deadlineAt && job.operation !== 'delete') {
          this.store.transition(
            job.id,
            from,
            'needs-reconciliation',
            now,
            { held: true, note: 'deadline passed during reconciliation' },
            { kind: 'held-for-user', reason: 'held for the user: deadline passed' },
          );
          return;
        }
        const claim = this.store.db
          .transaction(() => {
            if (
              !this.store.transition(
                job.id,
                from,
                'queued',
                now,
                { resend: true },
                { kind: 'reconciled', reason: `reconciled: ${d.reason}`, ...(d.result ? { result: d.result, lookup: true } : {}) },
              )
            )
              return undefined;
            return this.claimSend({ ...job, state: 'queued', resend: true }, ['queued'], report);
          })
          .immediate();
        if (claim?.req) await this.exchange(claim.job, claim.req, report);
        return;
      }
      case 'hold':
        this.store.transition(
          job.id,
          from,
          'needs-reconciliation',
          now,
          { held: true, note: d.reason },
          { kind: 'held-for-user', reason: `held for the user: ${d.reason}` },
        );
        return;
      case 'retry-later': {
        const at = d.atMs ?? now + retryDelayMs(job.attempts + 1, this.backoff, this.random);
        this.store.transition(
          job.id,
          from,
          'needs-reconciliation',
          now,
          { nextAttemptAt: at },
          { kind: 'reconcile-later', reason: `reconcile later: ${d.reason}`, ...(d.result ? { result: d.result, lookup: true } : {}) },
        );
        if (d.result && d.result.httpStatus === undefined) this.goOffline();
        return;
      }
      case 'auth':
        this.pause('auth', PAUSE_MESSAGE_AUTH_IT);
        return;
    }
  }

  /** When the first status check of a job accepted at `now` is due (irrelevant when checks are off). */
  private firstCheckAt(now: number): number {
    return now + (this.confirm?.firstDelayMs ?? DEFAULT_CONFIRM.firstDelayMs);
  }

  /** One status check of an accepted job: confirmed, rejected (blocking error), or the next check later (bounded). */
  private async checkJob(job: JobRow): Promise<void> {
    const policy = this.confirm ?? DEFAULT_CONFIRM;
    const n = this.store.statusCheckCount(job.id) + 1;
    const d = await checkAccepted(job, this.port, this.store.queueState().correlationHonoured, () => this.noteCorrelationHonoured());
    const now = this.now();
    const from: JobState[] = ['accepted'];
    const ev = (reason: string, result?: CartResult) => ({
      kind: 'status-check' as const,
      reason: `status check ${n}: ${reason}`,
      ...(result ? { result, lookup: true } : {}),
    });
    this.log('outbox.status-check', { jobId: job.id, check: n, decision: d.kind, ...('via' in d ? { via: d.via } : {}) });
    switch (d.kind) {
      case 'confirmed':
        this.store.transition(job.id, from, 'confirmed', now, {}, ev(`successful asynchronous outcome (via ${d.via})`, d.result));
        return;
      case 'rejected':
        this.store.transition(job.id, from, 'rejected', now, { lastError: asyncFailure(d.detail) }, ev(`blocking error (via ${d.via})`, d.result));
        return;
      case 'pending':
        if (n >= policy.maxChecks) {
          this.store.transition(
            job.id,
            from,
            'accepted',
            now,
            { held: true, note: `outcome not confirmed after ${n} status checks` },
            ev(`${d.reason}; no more checks`, d.result),
          );
        } else {
          const next = now + retryDelayMs(n, { baseDelayMs: policy.firstDelayMs * 2, maxDelayMs: policy.maxDelayMs }, this.random);
          this.store.transition(job.id, from, 'accepted', now, { nextAttemptAt: next }, ev(d.reason, d.result));
        }
        return;
      case 'stop':
        this.store.transition(job.id, from, 'accepted', now, { held: true, note: d.reason }, ev(`${d.reason}; no more checks`, d.result));
        return;
      case 'auth':
        this.pause('auth', PAUSE_MESSAGE_AUTH_IT);
        return;
    }
  }

  /** The stored call, read back through the job codec; a job whose stored data cannot be sent comes back as an error. */
  private buildRequest(job: JobRow): OutboxCall | { error: StoredDataError } {
    let pdf: Uint8Array | undefined;
    if (job.operation === 'validateAndCreate' || job.operation === 'replace') {
      const doc = this.store.document(job.documentId);
      const bytes = doc?.pdfSha256 ? this.store.blob(doc.pdfSha256) : undefined;
      // The stored bytes must still be the bytes that were signed: never send anything else.
      if (!doc?.pdfSha256 || !bytes || sha256Hex(bytes) !== doc.pdfSha256) {
        return {
          error: {
            category: 'caller-fault',
            type: 'outbox/pdf-missing-or-corrupt',
            message: 'Il PDF firmato salvato non è più leggibile: preparare di nuovo il documento.',
          },
        };
      }
      pdf = bytes;
    }
    const d = decode(job, pdf);
    if (!d.ok) {
      return {
        error: {
          category: 'caller-fault',
          type: 'outbox/stored-job-invalid',
          message: 'I dati salvati per questo invio non sono più validi e non è stato inviato nulla: preparare di nuovo il documento.',
          detail: d.problems.join('; ').slice(0, 2000),
        },
      };
    }
    return d.call;
  }

  private noteCorrelationHonoured(): void {
    if (this.store.queueState().correlationHonoured) return;
    this.store.setCorrelationHonoured();
    // Creates held only because no look-up could decide can now be looked up by our own trace id.
    for (const j of this.store.list('needs-reconciliation')) {
      if (j.held && j.operation === 'validateAndCreate') {
        this.store.transition(
          j.id,
          ['needs-reconciliation'],
          'needs-reconciliation',
          this.now(),
          { held: false, nextAttemptAt: this.now() },
          { kind: 'lookup-possible', reason: 'gateway continues client trace ids: look-up now possible' },
        );
      }
    }
    this.log('outbox.correlation-honoured', {});
  }

  private pause(reason: string, message: string): void {
    if (this.store.queueState().paused) return;
    this.store.setPaused(true, this.now(), reason, message);
    this.probeFailures = 0;
    this.log('outbox.paused', { reason });
  }

  private goOffline(): void {
    if (this.online) this.log('outbox.offline', {});
    this.online = false;
  }

  private async safeProbe(): Promise<'online' | 'offline' | 'auth-failed'> {
    try {
      return await this.port.probe();
    } catch {
      return 'offline';
    }
  }

  private async waitAny(signal?: AbortSignal): Promise<void> {
    const wake = new Promise<void>((r) => (this.wakeResolve = r));
    // The app's signal lives as long as the runner: the listener is removed after every wait, or
    // they would pile up (one per sleep) for the life of the process.
    let onAbort: (() => void) | undefined;
    const abort = signal ? new Promise<void>((r) => signal.addEventListener('abort', (onAbort = () => r()), { once: true })) : undefined;
    try {
      await Promise.race([wake, ...(abort ? [abort] : [])]);
    } finally {
      if (signal && onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  /** Sleeps until the delay passes, a wake() (new work, online hint) arrives, or the signal aborts. */
  private async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return;
    let timer: NodeJS.Timeout | undefined;
    const t = new Promise<void>((r) => (timer = setTimeout(r, Math.min(ms, 2_147_483_000))));
    try {
      await Promise.race([t, this.waitAny(signal)]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Why a stored job was parked without being sent. */
type StoredDataError = { category: 'caller-fault'; type: string; message: string; detail?: string };

function deadlineError(last?: string): { category: 'transient'; type: string; message: string; detail?: string } {
  return {
    category: 'transient',
    type: 'outbox/deadline',
    message:
      'CART non ha accettato il documento entro il tempo massimo previsto: nulla è stato pubblicato. Riprovare l\u2019invio quando il servizio è disponibile.',
    ...(last ? { detail: last } : {}),
  };
}

function asyncFailure(detail?: string): { category: 'caller-fault'; type: string; message: string; detail?: string } {
  const duplicate = detail !== undefined && isAlreadyPresent({ category: 'caller-fault', message: '', detail });
  return {
    category: 'caller-fault',
    type: 'outbox/async-blocking-error',
    message: duplicate
      ? 'L\u2019indice nazionale ha rifiutato questo invio perché il documento risulta già presente sul Fascicolo: non reinviarlo; se il documento va corretto, preparare una sostituzione.'
      : 'CART ha ricevuto il documento ma l\u2019indicizzazione sul Fascicolo non è riuscita: verificare i dettagli e preparare una nuova versione.',
    ...(detail ? { detail } : {}),
  };
}
