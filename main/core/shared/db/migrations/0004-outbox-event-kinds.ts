import type { Migration } from './types.js';

/**
 * Outbox events get a typed `kind` (main/core/outbox/event-kinds.ts): the history is worded and status
 * checks are counted from it, never from the free `reason` text. Existing events are given their kind
 * here, once, from the reason text the outbox wrote until now; a reason matching none becomes 'other'.
 * The append-only trigger is lifted for this one backfill and put back unchanged.
 *
 * Jobs get `purpose_of_use`: a replace or metadata update may carry the JWT purpose_of_use its caller
 * chose; NULL (every job before this version) means the operation's default.
 */
export const m0004OutboxEventKinds: Migration = {
  version: 4,
  name: 'outbox-event-kinds',
  up(db) {
    db.exec(`
      ALTER TABLE outbox_jobs ADD COLUMN purpose_of_use TEXT;
      ALTER TABLE outbox_events ADD COLUMN kind TEXT NOT NULL DEFAULT 'other';

      DROP TRIGGER outbox_events_no_update;
      UPDATE outbox_events SET kind = CASE
        WHEN reason = 'enqueued' THEN 'enqueued'
        WHEN reason = 'send' THEN 'send'
        WHEN reason = 'resend after reconciliation' THEN 'resend'
        WHEN reason LIKE 'accepted (%' THEN 'accepted'
        WHEN reason LIKE 'rejected: %' THEN 'rejected'
        WHEN reason LIKE 'transient: %' THEN 'retry-scheduled'
        WHEN reason IN ('deadline passed', 'transient failure past the deadline') THEN 'deadline-passed'
        WHEN reason LIKE 'ambiguous%' THEN 'ambiguous'
        WHEN reason LIKE 'authentication refused%' THEN 'auth-refused'
        WHEN reason LIKE 'crash-recovery%' THEN 'crash-recovery'
        WHEN reason LIKE 'reconciled%' THEN 'reconciled'
        WHEN reason LIKE 'reconcile later%' THEN 'reconcile-later'
        WHEN reason LIKE 'held for the user%' THEN 'held-for-user'
        WHEN reason LIKE 'gateway continues client trace ids%' THEN 'lookup-possible'
        WHEN reason LIKE 'status check%' THEN 'status-check'
        WHEN reason = 'stored data unusable' THEN 'stored-data-unusable'
        WHEN reason IN ('retry by the user', 'reconcile again, asked by the user') THEN 'user-retry'
        WHEN reason LIKE 'user: %' THEN 'user-resolved'
        WHEN reason = 'cancelled by the user' THEN 'user-cancel'
        ELSE 'other'
      END;
      CREATE TRIGGER outbox_events_no_update BEFORE UPDATE ON outbox_events
        BEGIN SELECT RAISE(ABORT, 'outbox_events is append-only'); END;

      CREATE INDEX outbox_events_job_kind ON outbox_events(job_id, kind);
    `);
  },
};
