// One CartPort for the life of the app's outbox, whose real connection can be replaced when the
// profile or the certificates change (the Outbox takes its port once, at construction). Calls
// already under way finish on the connection they started on; a replaced connection is closed
// once its last call has returned.
import type { CartResult } from '../gateway/index.js';
import type { ClosableCartPort, CartPort, OutboxCall, ProbeOutcome } from '../outbox/index.js';

const NOT_CONNECTED = {
  category: 'transient' as const,
  type: 'local/not-connected',
  message: 'Collegamento con CART non configurato: il documento resta in coda.',
};

export class SwitchablePort implements CartPort {
  private current: ClosableCartPort | undefined;
  private readonly inflight = new Map<ClosableCartPort, number>();
  private readonly retiring = new Set<ClosableCartPort>();
  private readonly closing: Promise<void>[] = [];

  get connected(): boolean {
    return this.current !== undefined;
  }

  /** Uses `next` for every new call; the previous connection is closed when idle. */
  replace(next: ClosableCartPort | undefined): void {
    const prev = this.current;
    this.current = next;
    if (prev && prev !== next) this.retire(prev);
  }

  async close(): Promise<void> {
    this.replace(undefined);
    await Promise.allSettled(this.closing);
  }

  send(call: OutboxCall): Promise<CartResult> {
    return this.use(
      (p) => p.send(call),
      (): CartResult => ({ ok: false, operation: call.operation, error: NOT_CONNECTED }),
    );
  }

  readyIn(call: OutboxCall): number {
    return this.current?.readyIn?.(call) ?? 0;
  }

  probe(): Promise<ProbeOutcome> {
    return this.use(
      (p) => p.probe(),
      (): ProbeOutcome => 'offline',
    );
  }

  lookupByTrace(traceId: string): Promise<CartResult> {
    return this.use<CartResult>(
      (p) => (p.lookupByTrace ? p.lookupByTrace(traceId) : Promise.resolve(noLookup('statusByTrace'))),
      () => ({ ok: false, operation: 'statusByTrace', error: NOT_CONNECTED }),
    );
  }

  lookupByWorkflow(workflowInstanceId: string): Promise<CartResult> {
    return this.use<CartResult>(
      (p) => (p.lookupByWorkflow ? p.lookupByWorkflow(workflowInstanceId) : Promise.resolve(noLookup('statusByWorkflow'))),
      () => ({ ok: false, operation: 'statusByWorkflow', error: NOT_CONNECTED }),
    );
  }

  private async use<T>(call: (p: ClosableCartPort) => Promise<T>, none: () => T): Promise<T> {
    const p = this.current;
    if (!p) return none();
    this.inflight.set(p, (this.inflight.get(p) ?? 0) + 1);
    try {
      return await call(p);
    } finally {
      const n = (this.inflight.get(p) ?? 1) - 1;
      if (n > 0) this.inflight.set(p, n);
      else {
        this.inflight.delete(p);
        if (this.retiring.has(p)) this.closeNow(p);
      }
    }
  }

  private retire(p: ClosableCartPort): void {
    if (this.inflight.has(p)) this.retiring.add(p);
    else this.closeNow(p);
  }

  private closeNow(p: ClosableCartPort): void {
    this.retiring.delete(p);
    this.closing.push(p.close().catch(() => undefined));
  }
}

/** Only reached if a connection without look-ups is ever plugged in: a transient answer makes the outbox try again later. */
function noLookup(operation: 'statusByTrace' | 'statusByWorkflow'): CartResult {
  return { ok: false, operation, error: { category: 'transient', type: 'local/no-lookup', message: 'Ricerca dello stato non disponibile.' } };
}
