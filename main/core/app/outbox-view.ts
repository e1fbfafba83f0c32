// Maps the outbox's own records to the contract's views, field by field: nothing is spread but the
// four CART ids pickCartIds copies, so a field added to the outbox later (say, the patient's tax
// code) cannot leak to the screen by itself.
// Free text that came from CART goes through maskTaxCodes.
import { pickCartIds } from '../../../contract/cart-ids.js';
import {
  OUTBOX_OPERATION_LABELS,
  OUTBOX_STATE_LABELS,
  type OutboxErrorView,
  type OutboxExchangeView,
  type OutboxHistoryEntry,
  type OutboxJobView,
  type OutboxOperation,
} from '../../../contract/outbox.js';
import { isServerCertificateProblem, type JournalRow } from '../gateway/index.js';
import { allowedActions, type JobView, type OutboxEvent } from '../outbox/index.js';
import { maskTaxCodes } from './mask-tax-codes.js';

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

function nextAttemptOf(job: JobView, sendingPaused: boolean): string | null {
  // Paused, nothing is tried until the pause is lifted: no «Prossimo tentativo: a breve» (issue 11, finding 9).
  if (sendingPaused) return null;
  if (job.state === 'queued' || job.state === 'waiting') return job.nextAttemptAt;
  if (job.state === 'needs-reconciliation' && !job.heldForUser) return job.nextAttemptAt;
  return null;
}

export function jobView(job: JobView, type: string | null, queue: { sendingPaused: boolean } = { sendingPaused: false }): OutboxJobView {
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
    nextAttemptAt: nextAttemptOf(job, queue.sendingPaused),
    lastError: errorView(job.lastError),
    httpStatus: job.httpStatus,
    ...pickCartIds(job),
    warning: job.warning === null ? null : maskTaxCodes(job.warning),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    // The core's own rule: Outbox.retry/cancel/resolve accept exactly these.
    actions: allowedActions(job),
  };
}

/** The line of a confirmed outcome, by operation. */
const CONFIRMED_LINE: Record<OutboxOperation, string> = {
  validateAndCreate: 'Pubblicazione sul Fascicolo confermata.',
  replace: 'Sostituzione sul Fascicolo confermata.',
  delete: 'Eliminazione dal Fascicolo confermata.',
  updateMetadata: 'Aggiornamento dei metadati confermato.',
};

/**
 * One line in Italian for an event, chosen by its kind (and, where one kind leads to several states,
 * by the state it led to). The event's `reason` is English, for logs: never read here.
 */
export function describeEvent(
  e: Pick<OutboxEvent, 'kind' | 'fromState' | 'toState' | 'attempt' | 'httpStatus'> & { error?: unknown },
  /** The job's operation: a confirmed delete is not a «Pubblicazione … confermata» (issue 10). */
  operation: OutboxOperation = 'validateAndCreate',
): string {
  const http = e.httpStatus !== null ? ` (HTTP ${e.httpStatus})` : '';
  switch (e.kind) {
    case 'enqueued':
      return 'Documento messo in coda per l\u2019invio.';
    case 'send':
    case 'resend':
      return `Invio a CART, tentativo ${e.attempt}.`;
    case 'accepted':
      return `Accettato da CART${http}.`;
    case 'rejected':
    case 'deadline-passed':
    case 'stored-data-unusable':
      return `Rifiutato${http}: serve un intervento.`;
    case 'retry-scheduled':
      // A 4xx here did not come from the gateway (a proxy, a wrong address): classify.ts, notFromGateway.
      if (e.httpStatus !== null && e.httpStatus >= 400 && e.httpStatus < 500 && e.httpStatus !== 429) {
        return `Risposta non proveniente dal gateway${http}: nuovo invio programmato automaticamente.`;
      }
      return `Servizio non disponibile${http}: nuovo invio programmato automaticamente.`;
    case 'ambiguous':
      return `Nessuna risposta certa da CART${http}: l\u2019applicazione verifica da sola se è stata applicata, prima di qualsiasi nuovo invio.`;
    case 'auth-refused':
      if (e.error && isServerCertificateProblem(e.error as { type?: string })) {
        return 'Il certificato del server CART non ha superato la verifica: invii sospesi, il documento resta in coda.';
      }
      if ((e.error as { type?: unknown } | null | undefined)?.type === 'local/profile-paths') {
        return 'Percorsi del profilo non accettati: invii sospesi, il documento resta in coda.';
      }
      return `CART ha rifiutato il certificato${http}: invii sospesi, il documento resta in coda.`;
    case 'crash-recovery':
      return 'L\u2019applicazione si è chiusa durante l\u2019invio: esito da verificare.';
    case 'reconciled':
      if (e.toState === 'queued') return 'Esito verificato: il documento sarà inviato di nuovo, con gli stessi dati.';
      if (e.toState === 'confirmed') return CONFIRMED_LINE[operation];
      if (e.toState === 'rejected') return `Rifiutato${http}: serve un intervento.`;
      return 'Verifica completata: CART aveva ricevuto il documento.';
    case 'reconcile-later':
    case 'lookup-possible':
      return 'Nuova verifica dell\u2019esito programmata.';
    case 'held-for-user':
      return 'In attesa di verifica da parte dell\u2019utente.';
    case 'earlier-attempt-applied':
      // A resend answered 404: only a delete's (a create's duplicate is refused by the index, or by a 4xx that is not 404).
      return e.fromState === 'sending' && e.httpStatus === 404
        ? 'Già eliminato dal tentativo precedente, la cui risposta era andata persa.'
        : 'Già pubblicato dal tentativo precedente, la cui risposta era andata persa.';
    case 'status-check':
      if (e.toState === 'confirmed') return CONFIRMED_LINE[operation];
      if (e.toState === 'rejected') return `Rifiutato${http}: serve un intervento.`;
      return `Accettato da CART${http}.`;
    case 'user-retry':
      return e.fromState === 'rejected' ? 'Invio rimesso in coda su richiesta dell\u2019utente.' : 'Nuova verifica dell\u2019esito richiesta dall\u2019utente.';
    case 'user-resolved':
      return e.toState === 'accepted'
        ? 'Segnato come pubblicato dall\u2019utente dopo la verifica sul Fascicolo.'
        : 'Esito verificato: il documento sarà inviato di nuovo, con gli stessi dati.';
    case 'user-cancel':
      return 'Invio annullato dall\u2019utente.';
    case 'other':
      return `${OUTBOX_STATE_LABELS[e.toState]}.`;
  }
}

/** An event as a create's history shows it (see jobHistoryEntry for any operation). */
export function historyEntry(e: OutboxEvent): OutboxHistoryEntry {
  return jobHistoryEntry(e, 'validateAndCreate');
}

/** An event of a job, its lines worded for the job's operation. Two parameters: not for `events.map(…)` directly. */
export function jobHistoryEntry(e: OutboxEvent, operation: OutboxOperation): OutboxHistoryEntry {
  return {
    at: new Date(e.at).toISOString(),
    fromState: e.fromState,
    toState: e.toState,
    toStateLabel: OUTBOX_STATE_LABELS[e.toState],
    description: describeEvent(e, operation),
    attempt: e.attempt,
    httpStatus: e.httpStatus,
    ...pickCartIds(e),
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
