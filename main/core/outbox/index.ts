// The outbox room's public surface (issue #8: one entry file per room). Loaded with this file: the queue
// (SQLite store, runner, states and allowed actions) and types. The port over the CART client and the
// enqueueing of a PDF (which reads it through the document room) load on first use: the app core
// imports this file and starts without the CART client or the document room.
export { allowedActions } from './actions.js';
export { confirmPolicyOf } from './confirm.js';
export type { CartPort, OutboxCall, ProbeOutcome } from './cart-port.js';
export type { ClosableCartPort } from './cart-port-client.js';
export type { WriteRequest } from './enqueue.js';
export { Outbox, type ActionResult, type JobView, type OutboxOptions } from './outbox.js';
export { OutboxBusyError } from './runner.js';
export { JOB_STATES, PAUSE_MESSAGE_AUTH_IT, type JobState } from './states.js';
export type { OutboxEvent } from './store.js';

/** The CartPort over the CART client (`createCartPort`): loads undici and jose. */
export const loadCartPort = () => import('./cart-port-client.js');

/** Enqueueing a CART write request (`enqueueCartRequest`): derives body and claims from the PDF. */
export const loadEnqueue = () => import('./enqueue.js');
