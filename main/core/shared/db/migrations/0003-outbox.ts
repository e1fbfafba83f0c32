import type { Migration } from './types.js';

/**
 * The durable outbox (README, "The outbox"): documents, their PDFs stored once by SHA-256,
 * jobs with their exact request, an append-only journal of every state change, and the
 * queue-wide state (pause on authentication failures, the runner's lease).
 */
export const m0003Outbox: Migration = {
  version: 3,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox_blobs (
        sha256 TEXT PRIMARY KEY,
        bytes  BLOB NOT NULL,
        size   INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE outbox_documents (
        id                 INTEGER PRIMARY KEY,
        identificativo_doc TEXT NOT NULL,
        version            INTEGER NOT NULL,
        patient_cf         TEXT,
        type               TEXT,
        pdf_sha256         TEXT REFERENCES outbox_blobs(sha256),
        created_at         INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX outbox_documents_id ON outbox_documents(identificativo_doc, version);

      CREATE TABLE outbox_jobs (
        id                   INTEGER PRIMARY KEY,
        document_id          INTEGER NOT NULL REFERENCES outbox_documents(id),
        chain                TEXT NOT NULL,
        operation            TEXT NOT NULL CHECK (operation IN ('validateAndCreate','replace','delete','updateMetadata')),
        path_id              TEXT,
        request_body         TEXT,
        person_id            TEXT,
        resource_hl7_type    TEXT,
        correlation_id       TEXT NOT NULL,
        state                TEXT NOT NULL,
        held                 INTEGER NOT NULL DEFAULT 0,
        resend               INTEGER NOT NULL DEFAULT 0,
        attempts             INTEGER NOT NULL DEFAULT 0,
        next_attempt_at      INTEGER NOT NULL,
        deadline_at          INTEGER NOT NULL,
        created_at           INTEGER NOT NULL,
        updated_at           INTEGER NOT NULL,
        ambiguous_at         INTEGER,
        last_error           TEXT,
        http_status          INTEGER,
        x_cart_id            TEXT,
        trace_id             TEXT,
        span_id              TEXT,
        workflow_instance_id TEXT,
        warning              TEXT,
        note                 TEXT
      ) STRICT;
      CREATE INDEX outbox_jobs_due ON outbox_jobs(state, next_attempt_at);
      CREATE INDEX outbox_jobs_chain ON outbox_jobs(chain, id);
      CREATE INDEX outbox_jobs_document ON outbox_jobs(document_id);
      CREATE INDEX outbox_jobs_path ON outbox_jobs(path_id);

      CREATE TABLE outbox_events (
        id                   INTEGER PRIMARY KEY,
        job_id               INTEGER NOT NULL REFERENCES outbox_jobs(id),
        at                   INTEGER NOT NULL,
        from_state           TEXT,
        to_state             TEXT NOT NULL,
        attempt              INTEGER NOT NULL,
        reason               TEXT NOT NULL,
        http_status          INTEGER,
        x_cart_id            TEXT,
        trace_id             TEXT,
        span_id              TEXT,
        workflow_instance_id TEXT,
        journal_id           INTEGER,
        error                TEXT
      ) STRICT;
      CREATE INDEX outbox_events_job ON outbox_events(job_id, id);
      -- Kept forever with the document (CART.md, "Tracing"): no row is ever changed or removed.
      CREATE TRIGGER outbox_events_no_update BEFORE UPDATE ON outbox_events
        BEGIN SELECT RAISE(ABORT, 'outbox_events is append-only'); END;
      CREATE TRIGGER outbox_events_no_delete BEFORE DELETE ON outbox_events
        BEGIN SELECT RAISE(ABORT, 'outbox_events is append-only'); END;

      CREATE TABLE outbox_queue_state (
        id             INTEGER PRIMARY KEY CHECK (id = 1),
        paused         INTEGER NOT NULL DEFAULT 0,
        pause_reason   TEXT,
        pause_message  TEXT,
        paused_at      INTEGER,
        correlation_honoured INTEGER NOT NULL DEFAULT 0,
        lease_pid      INTEGER,
        lease_host     TEXT,
        lease_at       INTEGER
      ) STRICT;
      INSERT INTO outbox_queue_state (id) VALUES (1);
    `);
  },
};
