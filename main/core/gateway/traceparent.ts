// W3C Trace Context (https://www.w3.org/TR/trace-context/) for CART calls. The national dispatcher is a
// Spring Boot service with distributed tracing: a valid incoming `traceparent` makes its server span join
// the caller's trace, so the `traceID` it answers (and that `GET status/search/{traceId}` finds) is the
// caller's. Whether CART's frontier forwards the header is NOT published (open point, see
// README, "The outbox"): the outbox only relies on it after seeing a response carry its own trace id.
// Hand-written: four lines of formatting, not worth a tracing SDK in the main process. The ids
// themselves are made and checked in shared/trace-id.ts.
import { isTraceId } from '../shared/index.js';

const SPAN_ID = /^[0-9a-f]{16}$/;

/** `00-<trace id>-<span id>-01`: version 00, sampled (so the server records its span). */
export function formatTraceparent(traceId: string, spanId: string): string {
  if (!isTraceId(traceId)) throw new Error('trace id must be 32 lowercase hex digits, not all zero');
  if (!SPAN_ID.test(spanId) || /^0+$/.test(spanId)) throw new Error('span id must be 16 lowercase hex digits, not all zero');
  return `00-${traceId}-${spanId}-01`;
}
