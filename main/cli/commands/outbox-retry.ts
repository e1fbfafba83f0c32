import { jobActionCommand } from './outbox-common.js';

export const outboxRetry = jobActionCommand(
  'retry',
  'Re-queue a job when that is safe (deadline passed, reconciliation to repeat); run "outbox drain" to send',
  (outbox, id) => outbox.retry(id),
);
