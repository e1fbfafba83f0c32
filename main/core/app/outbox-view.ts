// Maps the outbox's own records to the contract's views, field by field: nothing is spread, so a
// field added to the outbox later (say, the patient's tax code) cannot leak to the screen by itself.
// Free text that came from CART goes through maskTaxCodes.
import {
  OUTBOX_OPERATION_LABELS,
  OUTBOX_STATE_LABELS,
  type OutboxActions,
  type OutboxErrorView,
  type OutboxExchangeView,
  type OutboxHistoryEntry,
  type OutboxJobView,
  type OutboxState,
} from '../../../contract/outbox.js';
import type { JournalRow } from '../gateway/journal.js';
import type { JobView } from '../outbox/outbox.js';
import type { OutboxEvent } from '../outbox/store.js';
import { maskTaxCodes } from './mask-tax-codes.js';

/** Rejections the outbox lets the user put back in the queue (Outbox.retry): nothing was applied. */
const RETRYABLE_REJECTIONS = ['outbox/deadline', '/msg/generic-error'];
const CANCELLABLE: readonly OutboxState[] = ['queued', 'waiting', 'rejected', 'needs-reconciliation'];

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** A CartError, or the loose error object stored with an event. */
export function errorView(err: unknown): OutboxErrorView | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as Record<string, unknown>;
  const message = str(e.message) ?? str(e.title) ?? 'Errore senza descrizione.';
  const v: OutboxErrorView = { message: maskTaxCodes(message) };
  const type = str(e.type);
  const detail = str(e.detail);
  if (type) v.type = maskTaxCodes(type);
  if (detail) v.detail = maskTaxCodes(detail);
  return v;
}

export function actionsFor(job: Pick<JobView, 'state' | 'lastError'>): OutboxActions {
  const type = job.lastError?.type;
  return {
    retry: job.state === 'needs-reconciliation' || (job.state === 'rejected' && type !== undefined && RETRYABLE_REJECTIONS.includes(type)),
    cancel: CANCELLABLE.includes(job.state),
    resolve: job.state === 'needs-reconciliation',
  };
}

function nextAttemptOf(job: JobView): string | null {
  if (job.state === 'queued' || job.state === 'waiting') return job.nextAttemptAt;
  if (job.state === 'needs-reconciliation' && !job.heldForUser) return job.nextAttemptAt;
  return null;
}

export function jobView(job: JobView, type: string | null): OutboxJobView {
  return {
    id: job.id,
    operation: job.operation,
    operationLabel: OUTBOX_OPERATION_LABELS[job.operation],
    identificativoDoc: job.identificativoDoc,
    type,
    version: job.version,
    state: job.state,
    stateLabel: OUTBOX_STATE_LABELS[job.state],
    heldForUser: job.heldForUser,
    attempts: job.attempts,
    nextAttemptAt: nextAttemptOf(job),
    lastError: errorView(job.lastError),
    httpStatus: job.httpStatus,
    xCartId: job.xCartId,
    traceId: job.traceId,
    spanId: job.spanId,
    workflowInstanceId: job.workflowInstanceId,
    warning: job.warning === null ? null : maskTaxCodes(job.warning),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    actions: actionsFor(job),
  };
}

/** One line in Italian for a transition; the outbox's own `reason` is English, for logs. */
export function describeTransition(e: Pick<OutboxEvent, 'fromState' | 'toState' | 'attempt' | 'httpStatus' | 'reason'>): string {
  const http = e.httpStatus !== null ? ` (HTTP ${e.httpStatus})` : '';
  switch (e.toState) {
    case 'queued':
      if (e.fromState === null) return 'Documento messo in coda per l\u2019invio.';
      if (e.fromState === 'sending') return `CART ha rifiutato il certificato${http}: invii sospesi, il documento resta in coda.`;
      if (e.fromState === 'needs-reconciliation') return 'Esito verificato: il documento sarà inviato di nuovo, con gli stessi dati.';
      if (e.fromState === 'rejected') return 'Invio rimesso in coda su richiesta dell\u2019utente.';
      return 'Documento rimesso in coda.';
    case 'sending':
      return `Invio a CART, tentativo ${e.attempt}.`;
    case 'accepted':
      if (e.fromState === 'needs-reconciliation') return /^user:/.test(e.reason) ? 'Segnato come pubblicato dall\u2019utente dopo la verifica sul Fascicolo.' : 'Verifica completata: CART aveva ricevuto il documento.';
      return `Accettato da CART${http}.`;
    case 'confirmed':
      return 'Pubblicazione sul Fascicolo confermata.';
    case 'waiting':
      return `Servizio non disponibile${http}: nuovo invio programmato automaticamente.`;
    case 'rejected':
      return `Rifiutato${http}: serve un intervento.`;
    case 'needs-reconciliation':
      if (e.fromState === 'needs-reconciliation') return /held|user/.test(e.reason) ? 'In attesa di verifica da parte dell\u2019utente.' : 'Nuova verifica dell\u2019esito programmata.';
      if (e.fromState === 'sending' && /crash/.test(e.reason)) return 'L\u2019applicazione si è chiusa durante l\u2019invio: esito da verificare.';
      return `Nessuna risposta certa da CART${http}: esito da verificare prima di qualsiasi nuovo invio.`;
    case 'cancelled':
      return 'Invio annullato dall\u2019utente.';
  }
}

export function historyEntry(e: OutboxEvent): OutboxHistoryEntry {
  return {
    at: new Date(e.at).toISOString(),
    fromState: e.fromState,
    toState: e.toState,
    toStateLabel: OUTBOX_STATE_LABELS[e.toState],
    description: describeTransition(e),
    attempt: e.attempt,
    httpStatus: e.httpStatus,
    xCartId: e.xCartId,
    traceId: e.traceId,
    spanId: e.spanId,
    workflowInstanceId: e.workflowInstanceId,
    error: errorView(e.error),
  };
}

export function exchangeView(r: JournalRow): OutboxExchangeView {
  return {
    id: r.id,
    at: r.at,
    operation: r.operation,
    method: r.method,
    // The URL carries identificativoDoc only (never the patient), but mask in case a path override does otherwise.
    url: maskTaxCodes(r.url),
    responseStatus: r.response_status,
    xCartId: r.x_cart_id,
    traceId: r.trace_id,
    spanId: r.span_id,
    workflowInstanceId: r.workflow_instance_id,
    ok: r.ok === 1,
    errorType: r.error_type,
    durationMs: r.duration_ms,
  };
}
