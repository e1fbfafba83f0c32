// The outbox inside the app: one Outbox on the app's database, its runner started when the stored
// profile and certificates allow a CART connection and stopped (queue shown as paused, with the
// Italian reason) when they do not. Reconfigured whenever the profile or the certificates change.
// Also answers the "Invii" screen: overview, history, actions, support request.
import type { OutboxJobHistory, OutboxJobView, OutboxOverview, OutboxOverviewRequest, SupportBundle } from '../../../contract/outbox.js';
import { fail, ok, type Result } from '../../../contract/result.js';
import { CartJournal, type CartTimeouts } from '../gateway/index.js';
import type { Clock, Database, Logger, ProfileStore } from '../shared/index.js';
import { confirmPolicyOf, Outbox, OutboxBusyError, type ActionResult, type JobView, type OutboxOptions } from '../outbox/index.js';
import type { SecretStore } from '../credentials/index.js';
import { connectCart, configurationKey } from './cart-connection.js';
import { ConnectionCheck } from './connection-check.js';
import { journalRowsById } from './journal-read.js';
import { exchangeView, jobHistoryEntry, jobView } from './outbox-view.js';
import { buildSupportBundle } from './support-bundle.js';
import { SwitchablePort } from './switchable-port.js';

const DEFAULT_OVERVIEW_LIMIT = 200;

export interface AppOutboxOptions {
  db: Database;
  profiles: Pick<ProfileStore, 'get'>;
  secrets: SecretStore;
  log: Logger;
  /** Runner tuning (tests shorten the backoff). */
  runner?: Omit<OutboxOptions, 'now'>;
  timeouts?: Partial<CartTimeouts>;
  /** Job times, certificate validity, JWT times. */
  now: Clock;
  /** Between two connection checks while documents wait (default 60 s; tests shorten it). */
  connectionCheckMs?: number;
  /** Set when the database is open read-only (startup.ts): the runner never starts, and this is the pause reason shown. */
  sendingBlocked?: string;
  /** Training: the only gateway the outbox may reach (its own stand-in's base URL; setup/training-guard.ts). */
  onlyGateway?: string | undefined;
}

const PAUSED_DEFAULT = 'Invii sospesi: verificare profilo e certificati, poi riprendere gli invii.';
const CHECKING = 'Invii sospesi: verifica del collegamento con CART in corso.';

export class AppOutbox {
  readonly outbox: Outbox;
  private readonly port = new SwitchablePort();
  private readonly journal: CartJournal;
  /** Why the runner is not running (Italian, "Invii sospesi: …"); null while it runs. */
  private configProblem: string | null = CHECKING;
  private running = false;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  /** «In linea» comes from here: a real check of the gateway, at each (re)connection and every minute while documents wait. */
  readonly connection: ConnectionCheck;
  /** The profile and certificate files the connection was last built from: a change may fix a refused authorisation. */
  private configKey: string | undefined;

  constructor(private readonly o: AppOutboxOptions) {
    this.journal = new CartJournal(o.db);
    this.outbox = new Outbox(o.db, this.port, {
      ...o.runner,
      now: o.now,
      log: (event, fields) => {
        o.log.info(event, fields);
        // The runner reached the gateway again: check now rather than show an older "offline" until the next period.
        if ((event === 'outbox.online' || event === 'outbox.accepted') && this.connection.state !== 'online') void this.connection.check();
      },
    });
    this.connection = new ConnectionCheck({
      probe: () => this.port.probe(),
      hasWaiting: () => this.pendingCount() > 0,
      ...(o.connectionCheckMs ? { periodMs: o.connectionCheckMs } : {}),
      log: (event, fields) => o.log.info(event, fields),
    });
  }

  private pendingCount(): number {
    const c = this.outbox.counts();
    return c.queued + c.sending + c.waiting + c['needs-reconciliation'];
  }

  /**
   * (Re)builds the CART connection from the stored profile and secrets and starts or stops the
   * runner accordingly. Calls are serialised; the returned promise settles when this one is applied.
   */
  reconfigure(): Promise<void> {
    this.queue = this.queue
      .then(() => this.apply())
      .catch((err: unknown) => {
        this.o.log.error('outbox reconfiguration failed', { error: err instanceof Error ? err.message : String(err) });
      });
    return this.queue;
  }

  private async apply(): Promise<void> {
    if (this.closed) return;
    if (this.o.sendingBlocked) {
      this.configProblem = this.o.sendingBlocked;
      return;
    }
    const profile = this.o.profiles.get();
    const key = configurationKey(profile);
    // The first look at the configuration in this process is not a change: a pause kept from before stays.
    const changed = this.configKey !== undefined && key !== this.configKey;
    this.configKey = key;
    const c = await connectCart({
      profile,
      secrets: this.o.secrets,
      journal: this.journal,
      // The outbox still records the outcome in its own tables; only the journal copy of the exchange is missing.
      onJournalError: (message) => this.o.log.error('CART exchange not journalled; its outcome is kept by the outbox', { error: message }),
      ...(this.o.timeouts ? { timeouts: this.o.timeouts } : {}),
      ...(this.o.onlyGateway ? { onlyGateway: this.o.onlyGateway } : {}),
      now: this.o.now,
    });
    if (!c.ok) {
      if (this.configProblem !== c.message)
        this.o.log.info('outbox paused: CART connection not configured', { reason: c.code, ...(c.detail ? { detail: c.detail } : {}) });
      this.configProblem = c.message;
      await this.stopRunner();
      this.connection.stop();
      this.port.replace(undefined);
      return;
    }
    this.port.replace(c.port);
    if (profile) this.outbox.setConfirmPolicy(confirmPolicyOf(profile));
    if (this.running) {
      // New certificates or addresses: lift a pause for authorisation (one send proves the fix), else probe at once.
      if (changed) this.outbox.configurationChanged();
      else this.outbox.onlineHint();
      void this.connection.restart();
      return;
    }
    try {
      // Takes the single-runner lease now, so a CLI `outbox drain` already running is reported, not crashed on.
      this.outbox.runner.recover();
    } catch (err) {
      if (!(err instanceof OutboxBusyError)) throw err;
      this.configProblem = `Invii sospesi: un altro programma FSE Desk (processo ${err.pid}) sta già inviando questi documenti. Riprendere gli invii quando ha terminato.`;
      this.o.log.warn('outbox runner not started: another process holds the lease', { pid: err.pid });
      this.connection.stop();
      this.port.replace(undefined);
      return;
    }
    this.configProblem = null;
    if (changed) this.outbox.configurationChanged();
    this.outbox.start();
    this.running = true;
    void this.connection.restart();
    this.o.log.info('outbox runner started', {});
  }

  private async stopRunner(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    try {
      await this.outbox.stop();
    } catch (err) {
      this.o.log.error('outbox runner stopped with an error', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Electron power-resume / network change: probe CART now. */
  onlineHint(): void {
    this.outbox.onlineHint();
  }

  /** "Riprendi invii": re-reads the configuration, clears a certificate pause and probes at once. */
  async resume(): Promise<OutboxOverview> {
    await this.reconfigure();
    if (this.configProblem === null) {
      this.outbox.resumeQueue();
      this.o.log.info('outbox resumed by the user', {});
      void this.connection.check();
    }
    return this.overview({ limit: 0 });
  }

  /** Stops the runner (in-flight exchanges finish and are recorded) and closes the connection; the database stays open. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    this.connection.stop();
    await this.stopRunner();
    await this.port.close();
  }

  /** True while the runner works (tests, diagnostics). */
  get isRunning(): boolean {
    return this.running;
  }

  overview(req: OutboxOverviewRequest = {}): OutboxOverview {
    // The rest is exactly the per-state counts of the contract.
    const { paused, pauseMessage: queuePauseMessage, pauseReason: _reason, online, ...counts } = this.outbox.counts();
    const limit = req?.limit ?? DEFAULT_OVERVIEW_LIMIT;
    // Rows first, full views only for the page shown: Outbox.list() builds a view of every job ever sent.
    const all = limit > 0 ? this.outbox.store.list(req?.state) : [];
    const jobs = all
      .slice(-limit)
      .reverse()
      .map((r) => this.outbox.job(r.id))
      .filter((j): j is JobView => j !== undefined)
      .map((j) => this.view(j, paused));
    const total = limit > 0 ? all.length : req?.state ? counts[req.state] : Object.values(counts).reduce((a, b) => a + b, 0);
    const pauseMessage = this.configProblem ?? (paused ? (queuePauseMessage ?? PAUSED_DEFAULT) : null);
    // The runner's own evidence (a send that got no answer) wins over an older check; otherwise the last check.
    const connection = this.running && !online ? 'offline' : this.connection.state;
    return {
      counts,
      pending: counts.queued + counts.sending + counts.waiting + counts['needs-reconciliation'],
      paused: pauseMessage !== null,
      pauseMessage,
      online: connection === 'online',
      connection,
      jobs,
      total,
    };
  }

  history(jobId: number): Result<OutboxJobHistory> {
    const j = this.outbox.job(jobId);
    if (!j) return fail('not-found', 'Invio non trovato.');
    const events = this.outbox.events(jobId);
    const journalIds = events.map((e) => e.journalId).filter((id): id is number => id !== null);
    const view = this.view(j);
    const history = events.map((e) => jobHistoryEntry(e, view.operation));
    return ok({ job: view, history, exchanges: journalRowsById(this.o.db, journalIds).map(exchangeView) });
  }

  supportBundle(jobId: number): Result<SupportBundle> {
    const profile = this.o.profiles.get();
    if (!profile)
      return fail('no-profile', 'Per preparare la richiesta di assistenza serve il profilo della struttura: salvarlo nella sezione «Profilo della struttura».');
    const j = this.outbox.job(jobId);
    if (!j) return fail('not-found', 'Invio non trovato.');
    const events = this.outbox.events(jobId);
    const journalIds = events.map((e) => e.journalId).filter((id): id is number => id !== null);
    const view = this.view(j);
    const history = events.map((e) => jobHistoryEntry(e, view.operation));
    const bundle = buildSupportBundle({ profile, job: view, history, exchanges: journalRowsById(this.o.db, journalIds) });
    this.o.log.info('support request prepared', { jobId, exchanges: journalIds.length });
    return ok(bundle);
  }

  retry(jobId: number): Result<OutboxJobView> {
    return this.action('retry', jobId, this.outbox.retry(jobId));
  }

  cancel(jobId: number): Result<OutboxJobView> {
    return this.action('cancel', jobId, this.outbox.cancel(jobId));
  }

  resolve(jobId: number, outcome: 'published' | 'not-published'): Result<OutboxJobView> {
    return this.action(`resolve:${outcome}`, jobId, this.outbox.resolve(jobId, outcome));
  }

  private action(name: string, jobId: number, r: ActionResult): Result<OutboxJobView> {
    if (!r.ok) return fail(r.code, r.message);
    this.o.log.info('outbox job changed by the user', { action: name, jobId, state: r.job.state });
    return ok(this.view(r.job));
  }

  private view(j: JobView, queuePaused = this.outbox.counts().paused): OutboxJobView {
    const row = this.outbox.store.job(j.id);
    const doc = row ? this.outbox.store.document(row.documentId) : undefined;
    return jobView(j, doc?.type ?? null, { sendingPaused: this.configProblem !== null || queuePaused });
  }
}
