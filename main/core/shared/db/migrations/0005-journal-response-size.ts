import type { Migration } from './types.js';

/**
 * The journal keeps at most the first 256 KB of a response body (gateway/journal.ts); these columns keep
 * what the cut leaves out: the body's full length in bytes (NULL when unknown: reading stopped at the cap
 * and the server declared no Content-Length) and the SHA-256 of the bytes read. Rows written before this
 * migration hold their whole body and NULL here. ADD COLUMN does not fire the append-only triggers.
 */
export const m0005JournalResponseSize: Migration = {
  version: 5,
  name: 'journal-response-size',
  up(db) {
    db.exec(`
      ALTER TABLE cart_journal ADD COLUMN response_body_length INTEGER;
      ALTER TABLE cart_journal ADD COLUMN response_body_sha256 TEXT;
    `);
  },
};
