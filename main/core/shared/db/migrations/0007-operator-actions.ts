import type { Migration } from './types.js';

/**
 * The actions journal (issue 9, «Chi sta lavorando?»): every change asked from the desk, with the person
 * operating at that moment. Outbox jobs already carry the operator's tax code in their JWT claims; this
 * journal adds the name and role as they were then (the operator may later be removed from the list),
 * and the actions that send nothing (profile, people, certificates, a retry or a cancel).
 * Append-only, like outbox_events. Times are epoch milliseconds, like the outbox's.
 */
export const m0007OperatorActions: Migration = {
  version: 7,
  name: 'operator-actions',
  up(db) {
    db.exec(`
      CREATE TABLE operator_actions (
        id            INTEGER PRIMARY KEY,
        at            INTEGER NOT NULL,
        action        TEXT NOT NULL,
        operator_cf   TEXT,
        operator_name TEXT,
        operator_role TEXT,
        job_id        INTEGER,
        document_id   INTEGER
      ) STRICT;
      CREATE INDEX operator_actions_job ON operator_actions(job_id) WHERE job_id IS NOT NULL;
      CREATE INDEX operator_actions_document ON operator_actions(document_id) WHERE document_id IS NOT NULL;
      CREATE TRIGGER operator_actions_no_update BEFORE UPDATE ON operator_actions
        BEGIN SELECT RAISE(ABORT, 'operator_actions is append-only'); END;
    `);
  },
};
