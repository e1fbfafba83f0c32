import { jobActionCommand } from './outbox-common.js';

export const outboxRetry = jobActionCommand((outbox, id) => outbox.retry(id));
