// The loop that empties the outbox: picks due jobs (first of their document's chain), sends up to
// `concurrency` at once, applies the answer as a state transition, reconciles ambiguous jobs, pauses the
// whole queue on authentication failures and stops sending while CART is unreachable (probing with
// backoff until it answers). Every decision is written before the next step, so a crash at any
// point leaves a state the next start can continue from.
import { hostname } from 'node:os';
import type { CartResult } from '../gateway/index.js';
import { classifyStorageError, epochMs, sha256Hex, storageFaultAdvice, type Clock } from '../shared/index.js';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff.js';
import type { CartPort, OutboxCall, ProbeOutcome } from './cart-port.js';
import { checkAccepted, DEFAULT_CONFIRM, type ConfirmPolicy } from './confirm.js';
import { hadAmbiguousAttemptBefore, isDuplicateRefusal, PUBLISHED_BY_EARLIER_ATTEMPT_IT } from './earlier-attempt.js';
import { interpretSend, isAlreadyPresent, pauseMessageFor } from './interpret.js';
import { decode } from './job-codec.js';
import { REQUEST_CEILING_TYPE } from './request-ceiling.js';
import { continuesClientTrace, reconcile } from './reconcile.js';
import { PAUSE_MESSAGE_AUTH_IT, PAUSE_MESSAGE_DISK_FULL_IT, PAUSE_MESSAGE_STORAGE_IT, type JobState } from './states.js';
import type { JobRow, OutboxStore } from './store.js';

export interface RunnerOptions {
  concurrency?: number;
  backoff?: BackoffPolicy;
  /** Backoff of reachability probes while offline. */
  probeBackoff?: BackoffPolicy;
  /** Backoff of the write probe while local state cannot be saved (disk full, read-only, I/O error). Default 5 s … 1 min. */
  storageBackoff?: BackoffPolicy;
  /** While idle, how often SQLite's data_version is read to notice jobs written by another process (the CLI). Default 1.5 s. */
  idlePollMs?: number;
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
   *  'settled': as 'empty', and also until every accepted job is confirmed, rejected or out of status checks.
   *  'idle': until nothing is due right now. */
  until?: 'empty' | 'settled' | 'idle';
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
  private confirm: ConfirmPolicy | undefined;
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
  /** Local state cannot be written (disk full, read-only, I/O error): kept in memory, as the database cannot record it. */
  private storage: { message: string; kind: string; failures: number; retryAt: number } | undefined;
  private readonly storageBackoff: BackoffPolicy;
  /** Back-off in memory for a job whose failure could not be recorded (or an internal error): not picked again before `until`. */
  private readonly heldInMemory = new Map<number, { until: number; n: number }>();
  /** Gateway answers that could not be written yet: written first, in order, when writes work again. */
  private readonly unwritten = new Map<number, () => void>();
  /** A pause for authorisation was just lifted: one request at a time until a write gets an answer that is not a refusal. */
  private trial = false;
  private readonly idlePollMs: number;
  private dataVersion: number | undefined;
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
    this.storageBackoff = o.storageBackoff ?? { baseDelayMs: 5_000, maxDelayMs: 60_000 };
    this.idlePollMs = o.idlePollMs ?? 1_500;
    this.settleMs = o.settleMs ?? settleMsFromEnv() ?? DEFAULT_SETTLE_MS;
    this.confirm = o.confirm === false ? undefined : { ...DEFAULT_CONFIRM, ...o.confirm };
    this.now = () => epochMs(o.now);
    this.random = o.random ?? Math.random;
    this.log = o.log ?? (() => {});
  }

  /** The profile's status-check timing (`outbox.firstStatusCheckSeconds`), applied to jobs accepted from now on. */
  setConfirmPolicy(p: Partial<ConfirmPolicy>): void {
    if (this.confirm) this.confirm = { ...this.confirm, ...p };
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

  /** Why sending stopped because local state cannot be saved (Italian, for the status bar); undefined when writes work. */
  storageProblem(): string | undefined {
    return this.storage?.message;
  }

  /** The user asks to send again («Riprendi invii»): lifts a pause, then one send must prove the fix. */
  resumeQueue(): void {
    this.liftPause('user');
  }

  /**
   * The profile or a certificate changed (a change that can fix a refused authorisation): lifts a pause
   * for authorisation, then one send must prove the fix. Without a pause it only probes again.
   */
  configurationChanged(): void {
    if (this.store.queueState().paused) this.liftPause('configuration-change');
    else this.onlineHint();
  }

  private liftPause(by: 'user' | 'configuration-change'): void {
    const wasPaused = this.store.queueState().paused;
    this.store.setPaused(false, this.now());
    // A probe or a look-up carries no software identity and proves nothing about the refusal: only a send does.
    if (wasPaused) this.trial = true;
    this.online = true;
    this.probeFailures = 0;
    this.log('outbox.resumed', { by, trial: this.trial });
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
      // Its answer arrived and waits in memory to be written (storageFailed): not a crash.
      if (this.unwritten.has(id)) continue;
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
        // What the queue looked like at this turn: a later commit by another process wakes the sleep below.
        this.dataVersion = this.readDataVersion();
        if (o.signal?.aborted) {
          report.stoppedBecause = 'aborted';
          break;
        }
        if (this.storage) {
          // Local state cannot be saved: no network call at all until a write works again (probed with back-off).
          if (this.inflight.size > 0) {
            await this.waitAny(o.signal);
            continue;
          }
          const wait = this.storage.retryAt - this.now();
          if (wait <= 0 && this.writesWorkAgain()) continue;
          if (until === 'idle' && !forever) {
            report.stoppedBecause = 'paused';
            break;
          }
          if (wait > 0) await this.sleep(wait, o.signal);
          continue;
        }
        if (this.store.queueState().paused) {
          // Lifted only by a change that can fix it or by the user (liftPause), never by a probe or a look-up.
          if (this.inflight.size > 0) {
            await this.waitAny(o.signal);
            continue;
          }
          if (!forever) {
            report.stoppedBecause = 'paused';
            break;
          }
          // The long sleep still reads data_version: another process (`fse-desk outbox resume`) may lift the pause.
          await this.sleep(3_600_000, o.signal);
          continue;
        }
        if (!this.online) {
          if (this.inflight.size > 0) {
            await this.waitAny(o.signal);
            continue;
          }
          if (until === 'idle' && !forever) {
            report.stoppedBecause = 'idle';
            break;
          }
          const p = await this.safeProbe();
          if (p === 'online') {
            this.online = true;
            this.probeFailures = 0;
            this.log('outbox.online', {});
            continue;
          }
          if (p === 'auth-failed') {
            this.pause('auth', PAUSE_MESSAGE_AUTH_IT);
            continue;
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
        // Status checks keep the app's loop busy, and a CLI drain only when asked to wait for them (`--until settled`): they can go on for hours.
        const waitChecks = forever || until === 'settled';
        const checkWake = waitChecks && this.confirm && (this.port.lookupByTrace || this.port.lookupByWorkflow) ? this.store.nextCheck() : undefined;
        const wakeAt = sendWake === undefined ? checkWake : checkWake === undefined ? sendWake : Math.min(sendWake, checkWake);
        if (sendWake === undefined && checkWake === undefined && !forever) {
          report.stoppedBecause = 'empty';
          break;
        }
        if (until === 'idle' && !forever) {
          report.stoppedBecause = 'idle';
          break;
        }
        let delay = wakeAt === undefined ? 3_600_000 : Math.max(0, wakeAt - this.now());
        // Due but nothing claimed: the due jobs are held back in memory. Wait for the first to be free, never a busy loop.
        if (delay === 0 && this.heldInMemory.size > 0) {
          const now = this.now();
          const free = Math.min(...[...this.heldInMemory.values()].map((h) => h.until).filter((t) => t > now));
          if (Number.isFinite(free)) delay = Math.max(50, Math.min(free - now, 1_000));
        }
        await this.sleep(delay, o.signal);
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
    let claims: Claim[];
    try {
      claims = this.claimInTransaction(report);
    } catch (err) {
      // Nothing was marked `sending`, so nothing leaves: the queue waits until writes work again.
      if (!isLocalWriteFailure(err)) throw err;
      this.storageFailed(err);
      return;
    }
    this.launch(claims, report);
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
    const free = (this.trial ? 1 : this.concurrency) - this.inflight.size;
    if (free <= 0 || !this.online || this.storage || this.store.queueState().paused) return [];
    const held = this.heldNow(this.now());
    const due = this.store.dueJobs(this.now(), free + this.inflight.size + held.size);
    const busyChains = new Set(this.inflightChains.values());
    const out: Claim[] = [];
    for (const job of due) {
      if (out.length >= free) break;
      if (this.inflight.has(job.id) || busyChains.has(job.chain) || held.has(job.id)) continue;
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
    // Free slots left: status checks of accepted jobs (sends go first; while a lifted pause waits for its proving
    // send there is one slot, so a check goes only when no send is due, and its answer does not end the wait).
    if (this.confirm && out.length < free && (this.port.lookupByTrace || this.port.lookupByWorkflow)) {
      for (const job of this.store.dueChecks(this.now(), free + this.inflight.size + held.size)) {
        if (out.length >= free) break;
        if (this.inflight.has(job.id) || held.has(job.id)) continue;
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
    // Over the request ceiling it would not leave anyway: wait in memory, with no attempt or history entry spent.
    const wait = this.port.readyIn?.(req) ?? 0;
    if (wait > 0) {
      this.heldInMemory.set(job.id, { until: this.now() + wait, n: this.heldInMemory.get(job.id)?.n ?? 0 });
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
        .catch((err: unknown) => this.jobFailed(id, err))
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
    let next: Claim[];
    try {
      next = this.claimInTransaction(report, () => {
        this.applyAnswer(job, result);
        this.inflight.delete(job.id);
        this.inflightChains.delete(job.id);
      });
    } catch (err) {
      if (!isLocalWriteFailure(err)) throw err;
      // The gateway's answer is kept in memory and written before anything else once writes work again. The job
      // stays `sending` on disk: should the process stop first, the next start reconciles it (never a blind resend).
      this.unwritten.set(job.id, () => this.store.db.transaction(() => this.applyAnswer(job, result)).immediate());
      this.storageFailed(err, job.id);
      return;
    }
    this.launch(next, report);
  }

  private applyAnswer(job: JobRow, result: CartResult): void {
    const now = this.now();
    if (result.traceId && (result.traceId === job.correlationId || continuesClientTrace(result))) this.noteCorrelationHonoured();
    const o = interpretSend(job.operation, job.resend, result);
    if (this.trial && result.httpStatus !== undefined && o.kind !== 'auth') {
      // The proving send after a lifted pause got an answer that is not a refusal: full speed again.
      this.trial = false;
      this.log('outbox.authorisation-confirmed', { jobId: job.id, httpStatus: result.httpStatus });
    }
    const ev = { result };
    switch (o.kind) {
      case 'accepted':
        this.store.transition(
          job.id,
          ['sending'],
          'accepted',
          now,
          {
            resend: false,
            lastError: null,
            // Accepted by a resend rule (a 404 answered the resend of a replace): no transaction of this job to look up.
            ...(result.ok ? { held: false } : { held: true, note: 'accepted by a resend rule: nothing to look up' }),
            nextAttemptAt: this.firstCheckAt(now),
            ...(o.warning ? { warning: o.warning } : {}),
          },
          { kind: 'accepted', reason: `accepted (HTTP ${result.httpStatus ?? '?'})`, ...ev },
        );
        this.log('outbox.accepted', { jobId: job.id, operation: job.operation, xCartId: result.xCartId, traceId: result.traceId });
        return;
      case 'already-done':
        this.store.transition(
          job.id,
          ['sending'],
          'confirmed',
          now,
          { resend: false, lastError: null, held: false, warning: o.warning },
          { kind: 'earlier-attempt-applied', reason: `resend answered HTTP ${result.httpStatus ?? '?'}: the earlier attempt had applied it`, ...ev },
        );
        this.log('outbox.earlier-attempt-applied', { jobId: job.id, operation: job.operation, httpStatus: result.httpStatus, xCartId: result.xCartId });
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
        if (o.offline && !heldBackLocally(result)) this.goOffline();
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
        this.pause('auth', pauseMessageFor(o.error));
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
        if (d.status === 'failed' && this.publishedByEarlierAttempt(job, d.detail)) {
          this.confirmByEarlierAttempt(job, from, now, `reconciled via ${d.via}`, d.result);
          return;
        }
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
        if (d.result && d.result.httpStatus === undefined && !heldBackLocally(d.result)) this.goOffline();
        return;
      }
      case 'auth':
        this.pause('auth', pauseMessageFor(d.result.error));
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
        if (this.publishedByEarlierAttempt(job, d.detail)) {
          this.confirmByEarlierAttempt(job, from, now, `status check ${n} via ${d.via}`, d.result);
          return;
        }
        this.store.transition(job.id, from, 'rejected', now, { lastError: asyncFailure(d.detail) }, ev(`blocking error (via ${d.via})`, d.result));
        return;
      case 'pending':
        if (d.result && heldBackLocally(d.result)) {
          // Nothing was asked (request ceiling): the check is not spent, it waits in memory for a free slot.
          this.heldInMemory.set(job.id, { until: now + (d.result.retryAfterMs ?? 60_000), n: 0 });
          return;
        }
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
        this.pause('auth', pauseMessageFor(d.result.error));
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

  /** A create's duplicate refusal after an earlier attempt of the same job whose answer was lost (earlier-attempt.ts). */
  private publishedByEarlierAttempt(job: JobRow, detail: string | undefined): boolean {
    return job.operation === 'validateAndCreate' && isDuplicateRefusal(detail) && hadAmbiguousAttemptBefore(this.store.events(job.id), job.attempts);
  }

  private confirmByEarlierAttempt(job: JobRow, from: JobState[], now: number, how: string, result: CartResult): void {
    this.store.transition(
      job.id,
      from,
      'confirmed',
      now,
      { resend: false, lastError: null, held: false, warning: PUBLISHED_BY_EARLIER_ATTEMPT_IT },
      {
        kind: 'earlier-attempt-applied',
        reason: `${how}: duplicate refused by the index after an ambiguous earlier attempt: published by it`,
        result,
        lookup: true,
      },
    );
    this.log('outbox.earlier-attempt-applied', { jobId: job.id, operation: job.operation });
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

  /** Jobs waiting out an in-memory back-off at `now`; expired entries are forgotten. */
  private heldNow(now: number): Set<number> {
    const held = new Set<number>();
    for (const [id, h] of this.heldInMemory) {
      if (h.until > now) held.add(id);
      else if (h.until + 10 * 60_000 < now) this.heldInMemory.delete(id);
    }
    return held;
  }

  /** Not picked again before a back-off that grows with each failure: the failure itself may not have been saved. */
  private holdJob(jobId: number): void {
    const n = (this.heldInMemory.get(jobId)?.n ?? 0) + 1;
    this.heldInMemory.set(jobId, { until: this.now() + retryDelayMs(n, this.backoff, this.random), n });
  }

  /** Whatever failed while working on a job, it is not picked again at once (the cause of the 53,079 look-ups in issue 11). */
  private jobFailed(jobId: number, err: unknown): void {
    if (isLocalWriteFailure(err)) {
      this.storageFailed(err, jobId);
      return;
    }
    this.holdJob(jobId);
    this.log('outbox.internal-error', { jobId, error: err instanceof Error ? err.message : String(err) });
  }

  /** A write failed for a local reason: back-off for the job and the whole queue, in memory, with the Italian reason. */
  private storageFailed(err: unknown, jobId?: number): void {
    if (jobId !== undefined) this.holdJob(jobId);
    const kind = classifyStorageError(err, this.store.db.name).kind;
    const failures = (this.storage?.failures ?? 0) + 1;
    const retryInMs = retryDelayMs(failures, this.storageBackoff, this.random);
    const message = kind === 'disk-full' ? PAUSE_MESSAGE_DISK_FULL_IT : PAUSE_MESSAGE_STORAGE_IT(storageFaultAdvice(kind).title);
    if (!this.storage) this.log('outbox.storage-paused', { kind, code: (err as { code?: unknown }).code, jobId });
    this.storage = { message, kind, failures, retryAt: this.now() + retryInMs };
    this.log('outbox.storage-failed', { kind, failures, retryInMs, ...(jobId !== undefined ? { jobId } : {}) });
  }

  /** Writes what is pending, then a probe write; true when both worked (sending resumes by itself). */
  private writesWorkAgain(): boolean {
    try {
      for (const [jobId, write] of this.unwritten) {
        try {
          write();
        } catch (err) {
          if (isLocalWriteFailure(err)) throw err;
          // Not a storage problem: the pending answer is dropped (logged); the job is recovered from its stored state.
          this.log('outbox.internal-error', { jobId, error: err instanceof Error ? err.message : String(err) });
        }
        this.unwritten.delete(jobId);
      }
      this.store.probeWrite();
    } catch (err) {
      if (!isLocalWriteFailure(err)) throw err;
      this.storageFailed(err);
      return false;
    }
    this.log('outbox.storage-resumed', { after: this.storage?.failures ?? 0 });
    this.storage = undefined;
    return true;
  }

  /** SQLite's data_version: changes when another connection (another process) commits. Cheap: no disk read. */
  private readDataVersion(): number | undefined {
    try {
      return this.store.db.pragma('data_version', { simple: true }) as number;
    } catch {
      return undefined;
    }
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

  private async safeProbe(): Promise<ProbeOutcome> {
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
    let poll: NodeJS.Timeout | undefined;
    const t = new Promise<void>((r) => (timer = setTimeout(r, Math.min(ms, 2_147_483_000))));
    // Jobs written by another process (the CLI) wake no one here: a change of data_version since the last look at
    // the queue does, within idlePollMs.
    if (ms > this.idlePollMs) {
      const seen = this.dataVersion ?? this.readDataVersion();
      poll = setInterval(() => {
        const v = this.readDataVersion();
        if (v !== undefined && v !== seen) this.wake();
      }, this.idlePollMs);
    }
    try {
      await Promise.race([t, this.waitAny(signal)]);
    } finally {
      clearTimeout(timer);
      clearInterval(poll);
    }
  }
}

/** Not sent because of the request ceiling (request-ceiling.ts): no answer, but the network is not the reason. */
const heldBackLocally = (r: CartResult): boolean => r.error?.type === REQUEST_CEILING_TYPE;

/** SQLite (better-sqlite3 `code`) or file-system errors that mean "this could not be saved here", not a bug. */
function isLocalWriteFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|PROTOCOL|NOMEM)/.test(code) || /^(ENOSPC|EDQUOT|EROFS|EACCES|EPERM|EIO)$/.test(code);
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
