// Append-only journal of CART exchanges (table cart_journal, migration 0002).
//
// Redaction rule (the tokens carry the patient's tax code and are bearer credentials):
// - the Authorization and FSE-JWT-Signature header values are replaced by "[REDACTED jti=…]";
// - token_summary keeps, per token, the header (alg, typ, SHA-256 of the x5c certificate) and the
//   claims EXCEPT person_id, which is stored only as "present" — the patient is identified through
//   identificativoDoc, never in clear here. sub (the operator's tax code) is kept: it records who acted;
// - the request body keeps the JSON metadata (no patient data in it) and, for the PDF, only file
//   name, size and SHA-256 (the same value as attachment_hash); the PDF bytes are never stored;
// - the response is stored as received (status, headers, body): it is what CART support asks for.
import type { CartIds } from '../../../contract/cart-ids.js';
import type { Database } from '../shared/index.js';
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
  responseBody?: string;
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

export class CartJournal {
  constructor(private readonly db: Database) {}

  /** Appends one exchange; returns its row id. */
  append(e: JournalEntry): number {
    const r = this.db
      .prepare(
        `INSERT INTO cart_journal (at, operation, method, url, identificativo_doc, request_headers, token_summary, request_body,
           response_status, response_headers, response_body, x_cart_id, trace_id, span_id, workflow_instance_id, ok, category, error_type, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.at.toISOString(),
        e.operation,
        e.method,
        e.url,
        e.identificativoDoc ?? null,
        JSON.stringify(e.requestHeaders),
        json(e.tokens),
        json(e.requestBody),
        e.responseStatus ?? null,
        json(e.responseHeaders),
        e.responseBody ?? null,
        e.xCartId ?? null,
        e.traceId ?? null,
        e.spanId ?? null,
        e.workflowInstanceId ?? null,
        e.ok ? 1 : 0,
        e.category ?? null,
        e.errorType ?? null,
        Math.round(e.durationMs),
      );
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
