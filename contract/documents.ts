// The document library part of the contract: the clinic's documents as «Documenti» shows them (one row per
// version the app produced, with its state on the FSE computed from its outbox jobs), the drafts of
// «Nuovo referto» and the patients seen before. Plain JSON; the main process builds each view field by field
// (main/core/app/documents/*). Lists carry the patient's tax code masked; a document's page and the patient
// search (used to prefill the form) carry it whole.
import { z } from 'zod';
import type { CartIds } from './cart-ids.js';
import type { OutboxHistoryEntry, OutboxJobView } from './outbox.js';
import { reportFormSchema, type ReportForm, type ReportFormPatient } from './report-form.js';

/**
 * A document version's state on the FSE, from its own create/replace job and the later operations:
 * - queued: its create/replace job waits to be sent (queued, or waiting after a transient failure);
 * - sending: sent or being settled (in flight, outcome being verified by the app, accepted and still checked);
 * - published: on the FSE (confirmed; or accepted by CART with no further status check possible);
 * - replaced: a later version's replace is published (`replacedBy` says which);
 * - deleted: a delete was accepted by CART (a delete is synchronous: 2xx = done);
 * - rejected: its create/replace was refused (`rejection` gives the reason and the action that fixes it);
 * - attention: a job of this document needs the user (an outcome to verify held for the user, a refused delete
 *   or metadata update);
 * - cancelled: its create/replace was withdrawn by the user before it was applied (never on the FSE).
 */
export const DOCUMENT_STATES = ['queued', 'sending', 'published', 'replaced', 'deleted', 'rejected', 'attention', 'cancelled'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export const DOCUMENT_STATE_LABELS: Record<DocumentState, string> = {
  queued: 'Da inviare',
  sending: 'In invio',
  published: 'Pubblicato',
  replaced: 'Sostituito',
  deleted: 'Eliminato',
  rejected: 'Rifiutato',
  attention: 'Da verificare',
  cancelled: 'Annullato',
};

/** What the user may do with a published document (the core refuses anything else: DocumentLibrary.assertAllowed). */
export const DOCUMENT_ACTIONS = ['replace', 'delete', 'updateMetadata'] as const;
export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];

export const DOCUMENT_ACTION_LABELS: Record<DocumentAction, string> = {
  replace: 'Sostituisci',
  delete: 'Elimina',
  updateMetadata: 'Aggiorna metadati',
};

/** The operations a document's history lists: its own create/replace, then deletes and metadata updates. */
export type DocumentOperationKind = 'create' | 'replace' | 'delete' | 'updateMetadata';

export const DOCUMENT_OPERATION_LABELS: Record<DocumentOperationKind, string> = {
  create: 'Pubblicazione',
  replace: 'Sostituzione',
  delete: 'Eliminazione',
  updateMetadata: 'Aggiornamento metadati',
};

/** How the document came to be: written in «Nuovo referto», or an existing PDF imported with its structured data. */
export type DocumentSource = 'written' | 'imported';

/** Italian names of the document types the app writes; any other type shows its code. */
export const DOCUMENT_TYPE_LABELS: Record<string, string> = {
  RSA: 'Visita specialistica',
  LAB: 'Referto di laboratorio',
  RAD: 'Referto di radiologia',
};

/** The one action that fixes a rejection: «Correggi e invia di nuovo» (the form, prefilled, then a new signature) or «Riprova» (outbox:retry of `jobId`: nothing was applied). */
export type RejectionAction = 'correct' | 'retry';

export const REJECTION_ACTION_LABELS: Record<RejectionAction, string> = {
  correct: 'Correggi e invia di nuovo',
  retry: 'Riprova',
};

export interface DocumentRejection {
  /** The rejected job (for «Riprova»: outbox:retry). */
  jobId: number;
  /** Italian, for the person at the desk (tax codes masked). */
  reason: string;
  /** CART's own `detail`, when given (tax codes masked). */
  detail?: string;
  action: RejectionAction;
  actionLabel: string;
  /** The document that corrected this rejected one («Correggi e invia di nuovo» was done): no fix is offered again. */
  correctedBy?: { documentId: number };
}

/** A version of the same document (same setId), for «sostituito dalla versione N». */
export interface DocumentVersionRef {
  documentId: number;
  version: number;
}

export interface DocumentListItem {
  documentId: number;
  version: number;
  /** RSA, LAB, RAD… */
  type: string;
  typeLabel: string;
  patient: {
    givenName: string;
    familyName: string;
    /** e.g. RSSMRA*********Z: the letters of the names and the check character only. */
    maskedFiscalCode: string;
  };
  doctorName: string;
  /** AAAA-MM-GG. */
  serviceDate: string;
  /** ISO 8601: when the app recorded this version. */
  createdAt: string;
  state: DocumentState;
  stateLabel: string;
  /** Set when state is 'replaced'. */
  replacedBy: DocumentVersionRef | null;
  /** A delete, metadata update or replace of this version not finished yet (the state is unchanged until it is). */
  pendingAction: DocumentAction | null;
  /** Set when state is 'rejected'. */
  rejection: DocumentRejection | null;
  source: DocumentSource;
}

export interface DocumentsPage {
  items: DocumentListItem[];
  /** Documents matching the filters in total. */
  total: number;
  /**
   * True when a search by state matched more than `total` (1,000) documents: the count stops there, show «più di 1.000».
   * Counting by state computes every match's state; a person needs no exact figure above that.
   */
  totalIsAtLeast: boolean;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** One operation of a document with its outbox job (ids CART gave, state) and the job's history, as «Invii» shows them. */
export interface DocumentOperation extends CartIds {
  kind: DocumentOperationKind;
  label: string;
  jobId: number;
  /** ISO 8601. */
  createdAt: string;
  job: OutboxJobView;
  history: OutboxHistoryEntry[];
}

export interface DocumentDetail {
  documentId: number;
  identificativoDoc: string;
  setId: string;
  version: number;
  type: string;
  typeLabel: string;
  source: DocumentSource;
  patient: {
    fiscalCode: string;
    givenName: string;
    familyName: string;
    birthDate: string | null;
    sex: string | null;
  };
  doctor: { id: string | null; fiscalCode: string; name: string };
  serviceDate: string;
  createdAt: string;
  state: DocumentState;
  stateLabel: string;
  replacedBy: DocumentVersionRef | null;
  /** The version this one replaced. */
  replaces: DocumentVersionRef | null;
  /** Every version of the same document (same setId), oldest first, with its state. */
  versions: Array<DocumentVersionRef & { state: DocumentState; stateLabel: string; createdAt: string }>;
  /** Oldest first: the create/replace of this version, then its deletes and metadata updates. */
  operations: DocumentOperation[];
  allowedActions: DocumentAction[];
  pendingAction: DocumentAction | null;
  rejection: DocumentRejection | null;
  /** The stored form of «Nuovo referto» (prefill of «Sostituisci» and of a wrong-patient re-publication); null when none was kept. */
  reportForm: ReportForm | null;
}

export interface DocumentPdf {
  /** e.g. referto-RSA-2026-12-01-v1.pdf */
  fileName: string;
  pdfBase64: string;
}

export interface OpenPdfResponse {
  opened: true;
}

export interface DraftSaved {
  draftId: number;
  /** ISO 8601 («Bozza salvata alle 10:42»). */
  savedAt: string;
}

export interface DraftSummary {
  draftId: number;
  kind: ReportForm['kind'];
  kindLabel: string;
  /** '' while the patient is not filled in. */
  patientName: string;
  /** Masked like in «Documenti»; '' when not filled in. */
  maskedFiscalCode: string;
  /** The documentId a «Sostituisci» draft replaces. */
  replaceOf: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Draft {
  draftId: number;
  form: ReportForm;
  createdAt: string;
  updatedAt: string;
}

/** A patient of an earlier document, for prefill. Address and contacts as last recorded. */
export type PatientMatch = Pick<ReportFormPatient, 'fiscalCode' | 'givenName' | 'familyName' | 'birthDate' | 'sex' | 'address' | 'phone' | 'email'> & {
  /** ISO 8601: the latest document of this patient. */
  lastSeen: string;
};

// --- Requests ---

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'AAAA-MM-GG');
export const DOCUMENTS_MAX_PAGE_SIZE = 100;

export const documentsListRequest = z
  .object({
    /** Patient name (prefix of given or family name, or «Cognome Nome»), or a tax code (prefix). */
    text: z.string().max(100).optional(),
    /** Tax code: exact, or a prefix of at least 3 characters. */
    fiscalCode: z.string().max(16).optional(),
    /** Service date range, inclusive. */
    from: isoDay.optional(),
    to: isoDay.optional(),
    type: z.string().max(10).optional(),
    state: z.enum(DOCUMENT_STATES).optional(),
    /** 1-based; default 1. */
    page: z.number().int().min(1).max(1_000_000).optional(),
    /** Default 25. */
    pageSize: z.number().int().min(1).max(DOCUMENTS_MAX_PAGE_SIZE).optional(),
  })
  .strict()
  .optional();
export type DocumentsListRequest = z.infer<typeof documentsListRequest>;

export const documentRequest = z.object({ documentId: id }).strict();
export type DocumentRequest = z.infer<typeof documentRequest>;

export const draftSaveRequest = z.object({ draftId: id.optional(), form: reportFormSchema }).strict();
export type DraftSaveRequest = z.infer<typeof draftSaveRequest>;

export const draftRequest = z.object({ draftId: id }).strict();
export type DraftRequest = z.infer<typeof draftRequest>;

export const patientsSearchRequest = z.object({ text: z.string().min(1).max(100) }).strict();
export type PatientsSearchRequest = z.infer<typeof patientsSearchRequest>;

export const PATIENTS_SEARCH_MAX = 20;
