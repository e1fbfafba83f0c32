// How the national dispatcher (Spring Boot with distributed tracing) treats an incoming W3C `traceparent`
// (https://www.w3.org/TR/trace-context/#traceparent-header): a valid header makes the server span join the
// caller's trace, so the answered `traceID` is the caller's trace id and the server span gets a new span id;
// an absent or invalid header starts a new trace. Written apart from the app's client (main/core/gateway) on
// purpose: the stand-in exists to catch the client's mistakes, so it must not share its parser.

const HEADER = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** The trace id to continue, or undefined when the header must be ignored. */
export function traceIdFromTraceparent(header: string | string[] | undefined): string | undefined {
  // Two traceparent headers are ambiguous: the spec says to ignore them.
  if (header === undefined || (Array.isArray(header) && header.length !== 1)) return undefined;
  const value = (Array.isArray(header) ? header[0]! : header).trim();
  const m = HEADER.exec(value);
  if (!m) return undefined;
  const [, version, traceId, parentId, , rest] = m;
  if (version === 'ff') return undefined; // forbidden version
  if (version === '00' && rest !== undefined) return undefined; // version 00 has exactly four fields
  if (/^0+$/.test(traceId!) || /^0+$/.test(parentId!)) return undefined; // all-zero ids are invalid
  return traceId;
}
