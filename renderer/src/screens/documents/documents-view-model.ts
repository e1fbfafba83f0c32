// Pure helpers of «Documenti» and a document's page: colours, wording, filters → request, where an action leads.
// No React here, so the unit tests read them directly.
import type { DocumentListItem, DocumentsListRequest, DocumentState } from '../../../../contract/documents.js';
import { formatWrittenDate } from '../../../../contract/format-it.js';
import type { Route } from '../../navigation.js';
import type { Tone } from '../outbox-view-model.js';

export const DOCUMENT_STATE_TONE: Record<DocumentState, Tone> = {
  queued: 'info',
  sending: 'info',
  published: 'ok',
  replaced: 'neutral',
  deleted: 'neutral',
  rejected: 'error',
  attention: 'warning',
  cancelled: 'neutral',
};

export const PAGE_SIZE = 25;

/** What the search form holds: strings as typed, '' = no filter. */
export interface DocumentFilters {
  /** A name or a tax code (prefix): the core tells them apart. */
  text: string;
  from: string;
  to: string;
  type: string;
  state: DocumentState | '';
}

export const NO_FILTERS: DocumentFilters = { text: '', from: '', to: '', type: '', state: '' };

const TAX_CODE_START = /^[A-Z]{6}\d/i;

/** The documents:list request for a page; a tax code (or its start) goes to `fiscalCode`, anything else to `text`. */
export function listRequest(f: DocumentFilters, page: number): NonNullable<DocumentsListRequest> {
  const text = f.text.trim();
  const req: NonNullable<DocumentsListRequest> = { page, pageSize: PAGE_SIZE };
  if (text) {
    if (TAX_CODE_START.test(text) && !/\s/.test(text)) req.fiscalCode = text.toUpperCase();
    else req.text = text;
  }
  if (f.from) req.from = f.from;
  if (f.to) req.to = f.to;
  if (f.type) req.type = f.type;
  if (f.state) req.state = f.state;
  return req;
}

export const hasFilters = (f: DocumentFilters): boolean => Object.values(f).some((v) => v !== '');

/** «1 documento», «3 documenti». */
export const documentsCount = (n: number): string => (n === 1 ? '1 documento' : `${n} documenti`);

/** The page line under the table: «Documenti 26–50 di 120». */
export function pageRange(page: number, pageSize: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return '';
  const first = (page - 1) * pageSize + 1;
  return `Documenti ${first}–${first + shown - 1} di ${total}`;
}

/** «12 marzo 2026» from AAAA-MM-GG (or a date-time as written). */
export const serviceDay = (iso: string): string => formatWrittenDate(iso);

/** The state's words in the list, with what changed it: «Sostituito dalla versione 2». */
export function stateText(item: Pick<DocumentListItem, 'state' | 'stateLabel' | 'replacedBy'>): string {
  if (item.state === 'replaced' && item.replacedBy) return `${item.stateLabel} dalla versione ${item.replacedBy.version}`;
  return item.stateLabel;
}

const PENDING_TEXT: Record<NonNullable<DocumentListItem['pendingAction']>, string> = {
  replace: 'nuova versione in invio',
  delete: 'eliminazione in corso',
  updateMetadata: 'aggiornamento dei metadati in corso',
};

export const pendingText = (a: DocumentListItem['pendingAction']): string | null => (a ? PENDING_TEXT[a] : null);

/**
 * Where «Correggi e invia di nuovo» leads for a rejected version: the form with its content (patient included),
 * to fix what CART refused and sign again. A refused create was never on the FSE, so the corrected report is a new
 * publication; a refused replace leaves the previous version published, and the form replaces that one again.
 */
export function correctionRoute(documentId: number): Route {
  return { screen: 'new-report', correctOf: documentId };
}
