import { jobActionCommand } from './outbox-common.js';

export const outboxCancel = jobActionCommand((outbox, id) => outbox.cancel(id));
