// Pure helpers of the "Invii" screen and the status bar: wording, colours, dates. No React here.
import { formatDateTimeSeconds } from '../../../contract/format-it.js';
import { OUTBOX_STATE_LABELS, type OutboxOperation, type OutboxOverview, type OutboxState } from '../../../contract/outbox.js';

export type Tone = 'ok' | 'warning' | 'error' | 'neutral' | 'info';

export const STATE_TONE: Record<OutboxState, Tone> = {
  queued: 'info',
  sending: 'info',
  accepted: 'ok',
  confirmed: 'ok',
  rejected: 'error',
  waiting: 'warning',
  'needs-reconciliation': 'warning',
  cancelled: 'neutral',
};

export interface ConnectionStatus {
  kind: 'online' | 'offline' | 'paused' | 'checking' | 'refused' | 'idle';
  tone: Tone;
  text: string;
  /** Show "Riprendi invii". */
  canResume: boolean;
}

const documents = (n: number): string => (n === 1 ? '1 documento' : `${n} documenti`);

/**
 * The status bar's one line. Sending problems are shown once something waits to be sent (a fresh install with an
 * empty queue is not "suspended"); «In linea» only after a real check of the gateway said so (overview.connection).
 */
export function connectionStatus(o: Pick<OutboxOverview, 'paused' | 'pauseMessage' | 'online' | 'connection' | 'pending'>): ConnectionStatus {
  const waiting = o.pending > 0 ? ` — ${documents(o.pending)} in attesa` : '';
  if (o.paused) {
    if (o.pending === 0) return { kind: 'idle', tone: 'neutral', text: 'Nessun documento da inviare', canResume: false };
    return { kind: 'paused', tone: 'error', text: o.pauseMessage ?? 'Invii sospesi.', canResume: true };
  }
  if (o.connection === 'checking') return { kind: 'checking', tone: 'neutral', text: 'Verifica della connessione…', canResume: false };
  if (o.connection === 'refused')
    return {
      kind: 'refused',
      tone: 'error',
      text: `CART rifiuta il certificato di autenticazione: verificarlo nella sezione «Certificati»${waiting}`,
      canResume: false,
    };
  if (o.connection === 'server-untrusted')
    return {
      kind: 'refused',
      tone: 'error',
      text: `Il certificato del server CART non è riconosciuto: verificare l\u2019indirizzo e le autorità di certificazione nel profilo${waiting}`,
      canResume: false,
    };
  if (!o.online) return { kind: 'offline', tone: 'warning', text: `Non in linea${waiting}`, canResume: false };
  return { kind: 'online', tone: 'ok', text: o.pending > 0 ? `In linea — ${documents(o.pending)} da inviare` : 'In linea', canResume: false };
}

/** Filter buttons: every state, in the order a person follows a document. */
export const FILTER_ORDER: OutboxState[] = ['needs-reconciliation', 'rejected', 'waiting', 'queued', 'sending', 'accepted', 'confirmed', 'cancelled'];

export const stateLabel = (s: OutboxState): string => OUTBOX_STATE_LABELS[s];

/**
 * What a confirmed job did, by operation: a confirmed delete is not «Pubblicato sul Fascicolo», and a publication
 * later deleted or replaced reads as the event it was (issue 10). Other states keep their label.
 */
const CONFIRMED_TEXT: Record<OutboxOperation, string> = {
  validateAndCreate: 'Pubblicazione confermata',
  replace: 'Sostituzione confermata',
  delete: 'Eliminazione confermata',
  updateMetadata: 'Aggiornamento confermato',
};

export const jobStateText = (job: { state: OutboxState; stateLabel: string; operation: OutboxOperation }): string =>
  job.state === 'confirmed' ? CONFIRMED_TEXT[job.operation] : job.stateLabel;

export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatDateTimeSeconds(d);
}

/** "tra 2 minuti" style, for the next automatic attempt. */
export function formatWhen(iso: string | null, now = Date.now()): string {
  if (!iso) return '—';
  const t = new Date(iso).getTime();
  const s = Math.round((t - now) / 1000);
  if (s <= 5) return 'a breve';
  if (s < 90) return `tra ${s} secondi`;
  const m = Math.round(s / 60);
  if (m < 90) return `tra ${m} minuti`;
  return `alle ${formatDateTime(iso)}`;
}

/** The clinic's own document number: the part after the last dot of identificativoDoc. */
export function shortDocId(id: string): string {
  const ext = id.split('^')[1] ?? id;
  const last = ext.split('.').pop();
  return last && last.length > 0 ? last : ext;
}
