// W3C Trace Context ids (https://www.w3.org/TR/trace-context/#trace-id): the trace id the CART client
// sends in `traceparent` (gateway/traceparent.ts) and that the outbox stores as each job's correlation
// id, and the span id of each attempt. An id of all zeros is invalid, so it is drawn again.
import { randomBytes } from 'node:crypto';

/** A source of random bytes; injectable so that a test can make it answer zeros. */
export type RandomBytes = (size: number) => Uint8Array;

const TRACE_ID = /^[0-9a-f]{32}$/;
const ALL_ZERO = /^0+$/;

/** A valid W3C trace id: 32 lowercase hex digits, not all zeros. */
export const isTraceId = (v: string): boolean => TRACE_ID.test(v) && !ALL_ZERO.test(v);

/** `size` random bytes as lowercase hex, drawn again for as long as they are all zeros. */
export function nonZeroRandomHex(size: number, random: RandomBytes = randomBytes): string {
  for (;;) {
    const bytes = random(size);
    if (bytes.length !== size) throw new Error(`random source gave ${bytes.length} bytes instead of ${size}`);
    const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
    if (!ALL_ZERO.test(hex)) return hex;
  }
}

/** A new W3C trace id: 16 random bytes, lowercase hex, never all zeros. */
export const newTraceId = (random: RandomBytes = randomBytes): string => nonZeroRandomHex(16, random);

/** A new W3C span id: 8 random bytes, lowercase hex, never all zeros (one per attempt: this exchange's span on the client side). */
export const newSpanId = (random: RandomBytes = randomBytes): string => nonZeroRandomHex(8, random);
