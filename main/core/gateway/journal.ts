// Append-only journal of CART exchanges (table cart_journal, migration 0002).
//
// Redaction rule (the tokens carry the patient's tax code and are bearer credentials):
// - the Authorization and FSE-JWT-Signature header values are replaced by "[REDACTED jti=…]";
// - token_summary keeps, per token, the header (alg, typ, SHA-256 of the x5c certificate) and the
//   claims EXCEPT person_id, which is stored only as "present" — the patient is identified through
//   identificativoDoc, never in clear here. sub (the operator's tax code) is kept: it records who acted;
// - the request body keeps the JSON metadata (no patient data in it) and, for the PDF, only file
//   name, size and SHA-256 (the same value as attachment_hash); the PDF bytes are never stored;
// - the response is stored as received (status, headers, body): it is what CART support asks for; of
//   the body only the first RESPONSE_BODY_KEPT bytes, with its full length (when known) and the SHA-256
//   of the bytes read (migration 0005): an answer of any size must not grow an undeletable table.
import { createHash } from 'node:crypto';
import type { CartIds } from '../../../contract/cart-ids.js';
import type { Database } from '../shared/index.js';
import { redactFhirBundle } from './fhir-bundle.js';
import type { CartOperation } from './types.js';

export interface TokenSummary {
  header: { alg?: string; typ?: string; x5cSha256?: string };
  claims: Record<string, unknown>;
}

export interface JournalEntry extends Partial<CartIds> {
  at: Date;
  operation: CartOperation;
  method: string;
  url: string;
  identificativoDoc?: string;
  requestHeaders: Record<string, string>;
  tokens?: { authorization?: TokenSummary; signature?: TokenSummary };
  requestBody?: { requestBody?: unknown; json?: unknown; file?: { name: string; size: number; sha256: string }; size: number };
  responseStatus?: number;
  responseHeaders?: Record<string, string | string[]>;
  /** Cut to its first RESPONSE_BODY_KEPT bytes when stored. */
  responseBody?: string | Uint8Array;
  /** The body's full length in bytes; null = unknown (reading stopped early, no Content-Length); default: the length of responseBody. */
  responseBodyLength?: number | null;
  /** SHA-256 (hex) of the bytes read; default: of responseBody. */
  responseBodySha256?: string;
  ok: boolean;
  category?: string;
  errorType?: string;
  durationMs: number;
}

export interface JournalRow {
  id: number;
  at: string;
  operation: string;
  method: string;
  url: string;
  identificativo_doc: string | null;
  request_headers: string;
  token_summary: string | null;
  request_body: string | null;
  response_status: number | null;
  response_headers: string | null;
  response_body: string | null;
  /** Migration 0005: full length of the body (bytes) when known, and SHA-256 of the bytes read. */
  response_body_length?: number | null;
  response_body_sha256?: string | null;
  x_cart_id: string | null;
  trace_id: string | null;
  span_id: string | null;
  workflow_instance_id: string | null;
  ok: number;
  category: string | null;
  error_type: string | null;
  duration_ms: number;
}

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** Bytes of a response body kept in the journal (the same cap as what the CART client reads of an error). */
export const RESPONSE_BODY_KEPT = 256 * 1024;

/** The stored form of a response body: its first RESPONSE_BODY_KEPT bytes as text, its length and hash. */
function storedBody(e: JournalEntry): { text: string; length: number | null; sha256: string } | undefined {
  if (e.responseBody === undefined) return undefined;
  const bytes =
    typeof e.responseBody === 'string'
      ? Buffer.from(e.responseBody, 'utf8')
      : Buffer.from(e.responseBody.buffer, e.responseBody.byteOffset, e.responseBody.byteLength);
  // A cut inside a multi-byte character becomes U+FFFD: the text stays valid, the hash covers the bytes.
  // fhirBundle (clinical data, OpenAPI 2026-07) is never stored verbatim; length and hash still describe what was received.
  const text = Buffer.from(redactFhirBundle(bytes.toString('utf8')), 'utf8')
    .subarray(0, RESPONSE_BODY_KEPT)
    .toString('utf8');
  return {
    text,
    length: e.responseBodyLength !== undefined ? e.responseBodyLength : bytes.byteLength,
    sha256: e.responseBodySha256 ?? createHash('sha256').update(bytes).digest('hex'),
  };
}

export class CartJournal {
  constructor(private readonly db: Database) {}

  /** Appends one exchange; returns its row id. */
  append(e: JournalEntry): number {
    const body = storedBody(e);
    const values: [string, unknown][] = [
      ['at', e.at.toISOString()],
      ['operation', e.operation],
      ['method', e.method],
      ['url', e.url],
      ['identificativo_doc', e.identificativoDoc ?? null],
      ['request_headers', JSON.stringify(e.requestHeaders)],
      ['token_summary', json(e.tokens)],
      ['request_body', json(e.requestBody)],
      ['response_status', e.responseStatus ?? null],
      ['response_headers', json(e.responseHeaders)],
      ['response_body', body?.text ?? null],
      ['x_cart_id', e.xCartId ?? null],
      ['trace_id', e.traceId ?? null],
      ['span_id', e.spanId ?? null],
      ['workflow_instance_id', e.workflowInstanceId ?? null],
      ['ok', e.ok ? 1 : 0],
      ['category', e.category ?? null],
      ['error_type', e.errorType ?? null],
      ['duration_ms', Math.round(e.durationMs)],
      // Only rows with a body name the columns of migration 0005 (a database migrated to an older version has none).
      ...(body
        ? ([
            ['response_body_length', body.length],
            ['response_body_sha256', body.sha256],
          ] as [string, unknown][])
        : []),
    ];
    const sql = `INSERT INTO cart_journal (${values.map(([c]) => c).join(', ')}) VALUES (${values.map(() => '?').join(', ')})`;
    const r = this.db.prepare(sql).run(...values.map(([, v]) => v));
    return Number(r.lastInsertRowid);
  }

  all(): JournalRow[] {
    return this.db.prepare('SELECT * FROM cart_journal ORDER BY id').all() as JournalRow[];
  }

  byXCartId(xCartId: string): JournalRow[] {
    return this.db.prepare('SELECT * FROM cart_journal WHERE x_cart_id = ? ORDER BY id').all(xCartId) as JournalRow[];
  }

  byDocument(identificativoDoc: string): JournalRow[] {
    return this.db.prepare('SELECT * FROM cart_journal WHERE identificativo_doc = ? ORDER BY id').all(identificativoDoc) as JournalRow[];
  }
}
