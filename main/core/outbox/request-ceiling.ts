// A hard ceiling on requests to CART, in the port where every request of the outbox passes (issue 11, finding 8:
// 614 uploads and 622 look-ups in 47 s when a refusal was misread). Whatever state the runner is in, at most
// `perDocument` requests per document (its writes, and the look-ups by the trace id and workflow ids of those writes) and
// `perQueue` requests in all leave in any 60 s; a request over the ceiling is not sent and comes back as
// "try later" with the time a slot frees up, which the runner treats like a 429 with Retry-After. The runner
// asks first (readyIn) and does not even mark such a job as sending.
//
// Defaults: 6 per document per minute — a document's busiest honest minute is a send, two look-ups of a lost
// answer and a resend (4) — and 120 per queue per minute (2 per second): a clinic's backlog after a day offline
// (a few hundred documents, two requests each) drains in minutes, while a runaway loop is cut to a trickle.
// Probes (a TLS handshake, no HTTP request) are not counted: they have their own back-off.
import type { CartResult } from '../gateway/index.js';
import { epochMs, type Clock } from '../shared/index.js';
import type { CartPort, OutboxCall } from './cart-port.js';

/** The port as cart-port-client.ts builds it (its ClosableCartPort). */
type ClosablePort = CartPort & { close(): Promise<void> };

export interface RequestCeiling {
  /** Requests about one document (or one looked-up id) in any 60 s. */
  perDocument: number;
  /** Requests of the whole queue in any 60 s. */
  perQueue: number;
}

export const DEFAULT_REQUEST_CEILING: RequestCeiling = { perDocument: 6, perQueue: 120 };

/** The error type of a request held back by the ceiling (never sent: nothing was applied). */
export const REQUEST_CEILING_TYPE = 'local/request-ceiling';

const WINDOW_MS = 60_000;

/** Sliding 60-second windows of request times, per key and in all. */
class RequestCounter {
  private readonly all: number[] = [];
  private readonly byKey = new Map<string, number[]>();

  constructor(
    private readonly limits: RequestCeiling,
    private readonly now: () => number,
  ) {}

  /** Records a request about `key` and returns 0, or returns the ms until one may be made (nothing recorded). */
  take(key: string): number {
    const wait = this.peek(key);
    if (wait > 0) return wait;
    const now = this.now();
    this.all.push(now);
    const mine = this.byKey.get(key) ?? [];
    mine.push(now);
    this.byKey.set(key, mine);
    return 0;
  }

  /** The ms until a request about `key` may be made; 0 = now. Records nothing. */
  peek(key: string): number {
    const now = this.now();
    const prune = (times: number[]): void => {
      while (times.length > 0 && times[0]! <= now - WINDOW_MS) times.shift();
    };
    prune(this.all);
    const mine = this.byKey.get(key) ?? [];
    prune(mine);
    if (mine.length === 0) this.byKey.delete(key);
    const waits: number[] = [];
    if (this.all.length >= this.limits.perQueue) waits.push(this.all[this.all.length - this.limits.perQueue]! + WINDOW_MS - now);
    if (mine.length >= this.limits.perDocument) waits.push(mine[mine.length - this.limits.perDocument]! + WINDOW_MS - now);
    return waits.length > 0 ? Math.max(1, ...waits) : 0;
  }
}

function heldBack(operation: CartResult['operation'], retryAfterMs: number): CartResult {
  return {
    ok: false,
    operation,
    retryAfterMs,
    error: {
      category: 'transient',
      type: REQUEST_CEILING_TYPE,
      message: 'Troppe richieste a CART in poco tempo: l\u2019invio riprenderà da solo tra poco, il documento resta in coda.',
      detail: `request ceiling reached: next request in ${Math.ceil(retryAfterMs / 1000)} s`,
    },
  };
}

/** The document a write is about: the new document's id for a create, the path id otherwise. */
function documentKey(call: OutboxCall): string {
  return `doc:${call.operation === 'validateAndCreate' ? call.body.identificativoDoc : call.id}`;
}

const MAX_ALIASES = 10_000;

/** `port` with the ceiling applied to every send and look-up. */
export function withRequestCeiling(port: ClosablePort, limits: RequestCeiling, clock: Clock): ClosablePort {
  const counter = new RequestCounter(limits, () => epochMs(clock));
  // Look-ups name a trace or workflow id, not the document: the ids seen on its writes lead back to it.
  const documentOf = new Map<string, string>();
  const remember = (id: string | undefined, key: string): void => {
    if (!id) return;
    documentOf.delete(id);
    documentOf.set(id, key);
    if (documentOf.size > MAX_ALIASES) documentOf.delete(documentOf.keys().next().value!);
  };
  const send = async (call: OutboxCall): Promise<CartResult> => {
    const key = documentKey(call);
    remember(call.clientTraceId, key);
    const r = await port.send(call);
    remember(r.workflowInstanceId, key);
    return r;
  };
  const guarded = (key: string, operation: CartResult['operation'], call: () => Promise<CartResult>): Promise<CartResult> => {
    const wait = counter.take(key);
    return wait > 0 ? Promise.resolve(heldBack(operation, wait)) : call();
  };
  const out: ClosablePort = {
    send: (call) => guarded(documentKey(call), call.operation, () => send(call)),
    readyIn: (call) => counter.peek(documentKey(call)),
    probe: () => port.probe(),
    close: () => port.close(),
  };
  const byTrace = port.lookupByTrace?.bind(port);
  const byWorkflow = port.lookupByWorkflow?.bind(port);
  if (byTrace) out.lookupByTrace = (traceId) => guarded(documentOf.get(traceId) ?? `trace:${traceId}`, 'statusByTrace', () => byTrace(traceId));
  if (byWorkflow) out.lookupByWorkflow = (id) => guarded(documentOf.get(id) ?? `workflow:${id}`, 'statusByWorkflow', () => byWorkflow(id));
  return out;
}
