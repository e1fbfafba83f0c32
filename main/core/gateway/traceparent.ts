// W3C Trace Context (https://www.w3.org/TR/trace-context/) for CART calls. The national dispatcher is a
// Spring Boot service with distributed tracing: a valid incoming `traceparent` makes its server span join
// the caller's trace, so the `traceID` it answers (and that `GET status/search/{traceId}` finds) is the
// caller's. Whether CART's frontier forwards the header is NOT published (open point, see
// README, "The outbox"): the outbox only relies on it after seeing a response carry its own trace id.
// Hand-written: four lines of formatting, not worth a tracing SDK in the main process.
import { randomBytes } from 'node:crypto';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/** A valid W3C trace id: 32 lowercase hex, not all zeros. */
export const isTraceId = (v: string): boolean => TRACE_ID.test(v) && !/^0+$/.test(v);

function randomHex(bytes: number): string {
  for (;;) {
    const h = randomBytes(bytes).toString('hex');
    if (!/^0+$/.test(h)) return h; // all-zero ids are invalid
  }
}

/** 16 random bytes, lowercase hex. */
export const newTraceId = (): string => randomHex(16);
/** 8 random bytes, lowercase hex: one per attempt (the span of this exchange on the client side). */
export const newSpanId = (): string => randomHex(8);

/** `00-<trace id>-<span id>-01`: version 00, sampled (so the server records its span). */
export function formatTraceparent(traceId: string, spanId: string): string {
  if (!isTraceId(traceId)) throw new Error('trace id must be 32 lowercase hex digits, not all zero');
  if (!SPAN_ID.test(spanId) || /^0+$/.test(spanId)) throw new Error('span id must be 16 lowercase hex digits, not all zero');
  return `00-${traceId}-${spanId}-01`;
}
