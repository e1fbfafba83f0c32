import { jobActionCommand } from './outbox-common.js';

export const outboxCancel = jobActionCommand('cancel', 'Withdraw a job that CART has not (possibly) applied', (outbox, id) => outbox.cancel(id));
