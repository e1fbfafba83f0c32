// A scripted CartPort for state-machine tests: answers come from a per-call script, and every
// request is recorded with the SHA-256 of the PDF it carried.
import { createHash, randomUUID } from 'node:crypto';
import type { CartResult, ErrorCategory } from '../../main/core/gateway/types.js';
import type { CartPort, OutboxCall, OutboxOperation, ProbeOutcome } from '../../main/core/outbox/cart-port.js';

/** What the tests look at in a sent call: its parts under plain names, and the call itself. */
export interface SentRequest {
  operation: OutboxOperation;
  /** Id in the URL (replace, delete, metadata). */
  pathId?: string;
  requestBody?: unknown;
  pdf?: Uint8Array;
  /** The job's trace id, sent in `traceparent`. */
  correlationId?: string;
  call: OutboxCall;
}

function requestOf(call: OutboxCall): SentRequest {
  return {
    operation: call.operation,
    ...('id' in call ? { pathId: call.id } : {}),
    ...('body' in call ? { requestBody: call.body } : {}),
    ...('pdf' in call ? { pdf: call.pdf } : {}),
    ...(call.clientTraceId ? { correlationId: call.clientTraceId } : {}),
    call,
  };
}

export type Script = (req: SentRequest, n: number) => CartResult | Promise<CartResult>;

export const ok = (req: SentRequest, extra: Partial<CartResult> = {}): CartResult => ({
  ok: true,
  operation: req.operation,
  httpStatus: req.operation === 'delete' || req.operation === 'updateMetadata' ? 200 : 202,
  xCartId: randomUUID(),
  traceId: createHash('sha1').update(randomUUID()).digest('hex').slice(0, 16),
  spanId: 'span',
  workflowInstanceId: `2.16.840.1.113883.2.9.2.90.4.4.${randomUUID().slice(0, 10)}^^^^urn:ihe:iti:xdw:2013:workflowInstanceId`,
  ...extra,
});

export const fail = (req: SentRequest, category: ErrorCategory, httpStatus?: number, extra: Partial<CartResult> = {}, type?: string): CartResult => ({
  ok: false,
  operation: req.operation,
  ...(httpStatus !== undefined ? { httpStatus, xCartId: randomUUID() } : {}),
  error: { category, message: `errore ${category}`, ...(type ? { type } : {}) },
  ...extra,
});

export interface Sent {
  req: SentRequest;
  pdfSha256?: string;
}

export class FakePort implements CartPort {
  sent: Sent[] = [];
  probes: ProbeOutcome[] = [];
  probeAnswer: ProbeOutcome = 'online';
  active = 0;
  maxActive = 0;
  lookups: string[] = [];
  lookupByWorkflow?: (wii: string) => Promise<CartResult>;
  lookupByTrace?: (traceId: string) => Promise<CartResult>;
  /** The request ceiling's answer (request-ceiling.ts), when a test sets one. */
  readyIn?: (call: OutboxCall) => number;
  /** Releases held sends (for concurrency tests); undefined = answer at once. */
  gate: Promise<void> | undefined;

  constructor(private script: Script = (req) => ok(req)) {}

  setScript(s: Script): void {
    this.script = s;
  }

  async send(call: OutboxCall): Promise<CartResult> {
    const req = requestOf(call);
    const n = this.sent.length;
    this.sent.push({ req, ...(req.pdf ? { pdfSha256: createHash('sha256').update(req.pdf).digest('hex') } : {}) });
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (this.gate) await this.gate;
      else await new Promise((r) => setImmediate(r));
      return await this.script(req, n);
    } finally {
      this.active--;
    }
  }

  async probe(): Promise<ProbeOutcome> {
    this.probes.push(this.probeAnswer);
    return this.probeAnswer;
  }

  sentFor(op: SentRequest['operation'], pathOrDoc?: string): Sent[] {
    return this.sent.filter(
      (s) =>
        s.req.operation === op &&
        (pathOrDoc === undefined ||
          s.req.pathId === pathOrDoc ||
          (s.req.requestBody as { identificativoDoc?: string } | undefined)?.identificativoDoc === pathOrDoc),
    );
  }
}
