// What the status bar's «In linea» rests on (issue 11, finding 10): a real check of the gateway — the port's
// probe, a TLS handshake with the clinic's authentication certificate — made when a connection is set up (the
// app starts, the profile or a certificate changes) and then periodically while documents wait to be sent.
// Until the first check of a connection finishes the state is 'checking' («Verifica della connessione…»).
import type { OutboxConnection } from '../../../contract/outbox.js';
import type { ProbeOutcome } from '../outbox/index.js';

export interface ConnectionCheckOptions {
  /** The check itself (SwitchablePort.probe: the current connection's TLS handshake). */
  probe(): Promise<ProbeOutcome>;
  /** Whether documents wait to be sent: the periodic check runs only then. */
  hasWaiting(): boolean;
  /** Between periodic checks; default 60 s. */
  periodMs?: number;
  log?: (event: string, fields: Record<string, unknown>) => void;
}

const STATE_OF: Record<ProbeOutcome, OutboxConnection> = {
  online: 'online',
  offline: 'offline',
  'auth-failed': 'refused',
  'server-untrusted': 'server-untrusted',
};

export class ConnectionCheck {
  private current: OutboxConnection = 'checking';
  private generation = 0;
  private inflight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: ConnectionCheckOptions) {}

  get state(): OutboxConnection {
    return this.current;
  }

  /** A new or changed connection: unknown until it is checked, at once, then every period while documents wait. */
  restart(): Promise<void> {
    this.stop();
    const first = this.check();
    this.timer = setInterval(() => {
      if (this.o.hasWaiting()) void this.check();
    }, this.o.periodMs ?? 60_000);
    // The check must not keep a CLI or a test process alive by itself.
    this.timer.unref();
    return first;
  }

  /** No connection (not configured, closing): back to unknown, no more checks. */
  stop(): void {
    this.generation++;
    this.current = 'checking';
    clearInterval(this.timer);
    this.timer = undefined;
    this.inflight = undefined;
  }

  /** One check now (a check already under way for this connection is shared); a result for a replaced connection is dropped. */
  check(): Promise<void> {
    if (this.inflight) return this.inflight;
    const generation = this.generation;
    const run = this.o
      .probe()
      .catch((): ProbeOutcome => 'offline')
      .then((outcome) => {
        if (generation !== this.generation) return;
        const next = STATE_OF[outcome];
        if (next !== this.current) this.o.log?.('outbox.connection', { state: next });
        this.current = next;
      })
      .finally(() => {
        if (this.inflight === run) this.inflight = undefined;
      });
    this.inflight = run;
    return run;
  }
}
