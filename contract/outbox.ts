// The outbox part of the contract: what the "Invii" screen and the status bar see of the queue.
// Plain JSON only: never the patient's tax code, never PDF bytes, never a token. The main process
// builds these objects field by field (main/core/app/outbox-view.ts).
import { z } from 'zod';
import type { OperatorActionView } from './people.js';
import type { CartIds } from './cart-ids.js';

/** The outbox job states; main/core/outbox/states.ts documents each one and uses this list. */
export const OUTBOX_STATES = ['queued', 'sending', 'accepted', 'confirmed', 'rejected', 'waiting', 'needs-reconciliation', 'cancelled'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** Italian labels, as in the README section on the outbox. */
export const OUTBOX_STATE_LABELS: Record<OutboxState, string> = {
  queued: 'In coda',
  sending: 'Invio in corso',
  accepted: 'Accettato da CART',
  confirmed: 'Pubblicato sul Fascicolo',
  rejected: 'Rifiutato — serve un intervento',
  waiting: 'In attesa di nuovo invio',
  'needs-reconciliation': 'Esito da verificare',
  cancelled: 'Annullato',
};

/** The operations that change the FSE (status look-ups are never queued). */
export const OUTBOX_OPERATIONS = ['validateAndCreate', 'replace', 'delete', 'updateMetadata'] as const;
export type OutboxOperation = (typeof OUTBOX_OPERATIONS)[number];

export const OUTBOX_OPERATION_LABELS: Record<OutboxOperation, string> = {
  validateAndCreate: 'Pubblicazione',
  replace: 'Sostituzione',
  delete: 'Eliminazione',
  updateMetadata: 'Aggiornamento metadati',
};

/** Jobs per state, keyed by the state itself. */
export type OutboxCountsView = Record<OutboxState, number>;

export interface OutboxErrorView {
  /** Italian, for the person at the desk. */
  message: string;
  /** CART problem+json `type` (or a local code), for support. */
  type?: string;
  /** CART's own `detail` (Italian as CART wrote it). */
  detail?: string;
}

/** What the user may do with a job now. */
export interface OutboxActions {
  retry: boolean;
  cancel: boolean;
  /** Manual override of an outcome to verify, behind the job's technical details («Segna come pubblicato» / «Invia di nuovo adesso»): the app settles these by itself. */
  resolve: boolean;
}

export interface OutboxJobView extends CartIds {
  id: number;
  operation: OutboxOperation;
  operationLabel: string;
  identificativoDoc: string;
  /** Document type (LAB, RAD, RSA…) when known. */
  type: string | null;
  version: number;
  state: OutboxState;
  stateLabel: string;
  /** Esito da verificare and waiting for the person (no automatic rule can decide). */
  heldForUser: boolean;
  attempts: number;
  /** ISO 8601; only for jobs the runner will try again (queued, waiting, needs-reconciliation not held). */
  nextAttemptAt: string | null;
  lastError: OutboxErrorView | null;
  httpStatus: number | null;
  /** Italian warning from CART or from a reconciliation rule. */
  warning: string | null;
  createdAt: string;
  updatedAt: string;
  actions: OutboxActions;
}

/**
 * The gateway as last checked (a TLS handshake with the clinic's certificate, main/core/app/connection-check.ts):
 * 'checking' until the first check of the current connection finishes; 'refused': our certificate was refused;
 * 'server-untrusted': the gateway's server certificate is not trusted here.
 */
export type OutboxConnection = 'checking' | 'online' | 'offline' | 'refused' | 'server-untrusted';

export interface OutboxOverview {
  counts: OutboxCountsView;
  /** Documents not finished yet (queued, sending, waiting, to verify). */
  pending: number;
  paused: boolean;
  /** Italian, ready to show, starting with "Invii sospesi:". */
  pauseMessage: string | null;
  /** True only when the last check reached the gateway and sending works (connection 'online'). */
  online: boolean;
  connection: OutboxConnection;
  /** Jobs matching the request's filter, newest first, at most `limit`. */
  jobs: OutboxJobView[];
  /** How many jobs match the filter in total. */
  total: number;
}

export interface OutboxHistoryEntry extends CartIds {
  at: string;
  fromState: OutboxState | null;
  toState: OutboxState;
  toStateLabel: string;
  /** Italian, one line. */
  description: string;
  attempt: number;
  httpStatus: number | null;
  error: OutboxErrorView | null;
}

/** One HTTP exchange with CART as journaled (no bodies here: the support request carries them). */
export interface OutboxExchangeView extends CartIds {
  id: number;
  at: string;
  operation: string;
  method: string;
  url: string;
  responseStatus: number | null;
  ok: boolean;
  errorType: string | null;
  durationMs: number;
}

export interface OutboxJobHistory {
  job: OutboxJobView;
  history: OutboxHistoryEntry[];
  exchanges: OutboxExchangeView[];
  /** What people did on this job from the desk, and who was operating (the actions journal). */
  actions?: OperatorActionView[];
}

export interface SupportBundle {
  to: string[];
  cc: string[];
  subject: string;
  body: string;
  /** The whole e-mail as text (recipients, subject, body), ready to copy. */
  text: string;
}

const OVERVIEW_MAX_LIMIT = 1000;

const jobId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const outboxOverviewRequest = z
  .object({
    state: z.enum(OUTBOX_STATES).optional(),
    /** 0 = counts only (the status bar). Default 200. */
    limit: z.number().int().min(0).max(OVERVIEW_MAX_LIMIT).optional(),
  })
  .strict()
  .optional();
export type OutboxOverviewRequest = z.infer<typeof outboxOverviewRequest>;

export const outboxJobRequest = z.object({ jobId }).strict();
export type OutboxJobRequest = z.infer<typeof outboxJobRequest>;

export const outboxResolveRequest = z.object({ jobId, outcome: z.enum(['published', 'not-published']) }).strict();
export type OutboxResolveRequest = z.infer<typeof outboxResolveRequest>;

/** Text for the system clipboard (Electron: written by the main process; the renderer has no clipboard permission). */
export const copyTextRequest = z
  .object({
    text: z
      .string()
      .min(1)
      .max(2 * 1024 * 1024),
  })
  .strict();
export type CopyTextRequest = z.infer<typeof copyTextRequest>;
