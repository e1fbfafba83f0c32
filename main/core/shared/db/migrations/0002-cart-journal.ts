import type { Migration } from './types.js';

/**
 * Append-only record of every exchange with CART (request line, redacted headers, body summary,
 * response), keyed by X-CART-id and identificativoDoc. Triggers refuse UPDATE and DELETE: the
 * journal is evidence for support requests and must never be rewritten.
 */
export const m0002CartJournal: Migration = {
  version: 2,
  name: 'cart-journal',
  up(db) {
    db.exec(`
      CREATE TABLE cart_journal (
        id                   INTEGER PRIMARY KEY,
        at                   TEXT NOT NULL,
        operation            TEXT NOT NULL,
        method               TEXT NOT NULL,
        url                  TEXT NOT NULL,
        identificativo_doc   TEXT,
        request_headers      TEXT NOT NULL,
        token_summary        TEXT,
        request_body         TEXT,
        response_status      INTEGER,
        response_headers     TEXT,
        response_body        TEXT,
        x_cart_id            TEXT,
        trace_id             TEXT,
        span_id              TEXT,
        workflow_instance_id TEXT,
        ok                   INTEGER NOT NULL,
        category             TEXT,
        error_type           TEXT,
        duration_ms          INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX cart_journal_x_cart_id ON cart_journal (x_cart_id);
      CREATE INDEX cart_journal_identificativo_doc ON cart_journal (identificativo_doc);
      CREATE TRIGGER cart_journal_no_update BEFORE UPDATE ON cart_journal
        BEGIN SELECT RAISE(ABORT, 'cart_journal is append-only'); END;
      CREATE TRIGGER cart_journal_no_delete BEFORE DELETE ON cart_journal
        BEGIN SELECT RAISE(ABORT, 'cart_journal is append-only'); END;
    `);
  },
};
