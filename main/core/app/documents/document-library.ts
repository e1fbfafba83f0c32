// The clinic's documents (issue 10): what the app produced, version by version, linked to the outbox jobs that
// carry them to the FSE. Report authoring (main/core/app/reports) records each create/replace here after it
// enqueued the job, and each delete/metadata update; «Documenti» reads the list and a document's page from here.
// The state of a version is never stored: it is computed from its jobs in SQL (document-states.ts).
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import {
  DOCUMENT_ACTIONS,
  DOCUMENT_OPERATION_LABELS,
  DOCUMENT_STATE_LABELS,
  type DocumentAction,
  type DocumentDetail,
  type DocumentListItem,
  type DocumentOperation,
  type DocumentRejection,
  type DocumentsListRequest,
  type DocumentsPage,
  type DocumentState,
  type DocumentVersionRef,
} from '../../../../contract/documents.js';
import { reportFormSchema, type ReportForm } from '../../../../contract/report-form.js';
import type { OutboxJobHistory } from '../../../../contract/outbox.js';
import { pickCartIds } from '../../../../contract/cart-ids.js';
import type { CartError } from '../../gateway/index.js';
import type { Clock } from '../../shared/index.js';
import { DocumentSearch, type DocumentRow } from './document-search.js';
import { maskFiscalCode, nameKey, rejectionOf, typeLabel } from './document-views.js';
import { DraftsStore } from './drafts-store.js';
import { PatientDirectory } from './patients.js';

/** What report authoring records after it enqueued a create or replace job. */
export interface NewDocumentRecord {
  jobId: number;
  identificativoDoc: string;
  setId: string;
  version: number;
  /** RSA, LAB, RAD… */
  type: string;
  patient: { fiscalCode: string; givenName: string; familyName: string; birthDate?: string; sex?: string; address?: unknown; phone?: string; email?: string };
  doctor: { id?: string; fiscalCode: string; name: string };
  /** AAAA-MM-GG, or the form's AAAA-MM-GGTHH:MM (the day is kept). */
  serviceDate: string;
  /** The form the report was made from (ReportForm), for «Sostituisci» and a wrong-patient re-publication. */
  reportForm: unknown;
  source: 'written' | 'imported';
  /** The version this one replaces (its replace job is `jobId`). */
  replacesDocumentId?: number;
  /** «Correggi e invia di nuovo»: the rejected document this new publication corrects. */
  correctsDocumentId?: number;
  /** Deleted in the same transaction as the document is recorded. */
  draftId?: number;
}

/** An action the core refuses on this document; `message` is Italian, for the screen. */
export class DocumentActionRefused extends Error {
  constructor(
    message: string,
    readonly documentId: number,
    readonly action: DocumentAction,
  ) {
    super(message);
    this.name = 'DocumentActionRefused';
  }
}

export interface DocumentLibraryOptions {
  /** A job's view and history as «Invii» shows them (AppOutbox.history); without it a document's page lists no operations. */
  jobHistory?: (jobId: number) => OutboxJobHistory | undefined;
}

interface StoredDocument {
  id: number;
  job_id: number;
  identificativo_doc: string;
  set_id: string;
  version: number;
  type: string;
  patient_cf: string;
  patient_given: string;
  patient_family: string;
  patient_birth_date: string | null;
  patient_sex: string | null;
  doctor_id: string | null;
  doctor_cf: string;
  doctor_name: string;
  service_date: string;
  created_at: number;
  source: 'written' | 'imported';
  replaces_document_id: number | null;
  corrects_document_id: number | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function parseLastError(text: string | null): CartError | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as CartError;
  } catch {
    return null;
  }
}

/** The rules of assertAllowed, as one Italian refusal per case (undefined: allowed). */
function refusalOf(row: DocumentRow, action: DocumentAction): string | undefined {
  switch (row.state) {
    case 'deleted':
      return action === 'delete'
        ? 'Il documento è già stato eliminato dal Fascicolo.'
        : 'Il documento è stato eliminato dal Fascicolo: non si può più sostituire né aggiornare.';
    case 'replaced':
      return row.replacedByVersion !== null
        ? `Questa versione è stata sostituita dalla versione ${row.replacedByVersion}: usare la versione più recente.`
        : 'Questa versione è stata sostituita: usare la versione più recente.';
    case 'queued':
    case 'sending':
      // A create not yet applied cannot be replaced or deleted: CART would not find it. To change it before it
      // goes, the user cancels it in «Invii» and writes it again.
      return 'Il documento non è ancora pubblicato: attendere l\u2019esito dell\u2019invio.';
    case 'rejected':
      return 'Il documento è stato rifiutato e non è sul Fascicolo: usare «Correggi e invia di nuovo».';
    case 'cancelled':
      return 'L\u2019invio di questo documento è stato annullato: non è sul Fascicolo.';
    case 'attention':
    case 'published':
      break;
  }
  if (row.jobState === 'needs-reconciliation') return 'L\u2019esito dell\u2019invio di questo documento è da verificare: vedere «Invii».';
  if (row.pendingAction === 'delete') return 'L\u2019eliminazione di questo documento è già in corso.';
  if (row.pendingAction === 'replace') return 'La sostituzione di questo documento è già in corso: attendere che finisca.';
  if (row.pendingAction === 'updateMetadata') return 'L\u2019aggiornamento dei metadati di questo documento è in corso: attendere che finisca.';
  return undefined;
}

export class DocumentLibrary {
  readonly drafts: DraftsStore;
  readonly patients: PatientDirectory;
  private readonly search: DocumentSearch;
  private readonly st: Record<
    'insert' | 'insertForm' | 'form' | 'insertOperation' | 'stored' | 'operations' | 'versions' | 'deleteDraft' | 'pdf' | 'correctedBy',
    Statement
  >;

  constructor(
    private readonly db: Database,
    private readonly now: Clock,
    private readonly options: DocumentLibraryOptions = {},
  ) {
    this.search = new DocumentSearch(db);
    this.drafts = new DraftsStore(db, now);
    this.patients = new PatientDirectory(db);
    this.st = {
      insert: db.prepare(
        `INSERT INTO library_documents (job_id, identificativo_doc, set_id, version, type, patient_cf, patient_given, patient_family, name_key,
           name_key_rev, patient_birth_date, patient_sex, patient_json, doctor_id, doctor_cf, doctor_name, service_date, created_at, source,
           replaces_document_id, corrects_document_id)
         VALUES (@jobId, @identificativoDoc, @setId, @version, @type, @cf, @given, @family, @nameKey, @nameKeyRev, @birthDate, @sex, @patientJson,
           @doctorId, @doctorCf, @doctorName, @serviceDate, @createdAt, @source, @replaces, @corrects)`,
      ),
      correctedBy: db.prepare('SELECT id FROM library_documents WHERE corrects_document_id = ? ORDER BY id DESC LIMIT 1'),
      insertForm: db.prepare('INSERT INTO library_forms (document_id, report_form) VALUES (?, ?)'),
      form: db.prepare('SELECT report_form FROM library_forms WHERE document_id = ?'),
      insertOperation: db.prepare('INSERT INTO library_operations (document_id, job_id, action, created_at) VALUES (?, ?, ?, ?)'),
      stored: db.prepare('SELECT * FROM library_documents WHERE id = ?'),
      operations: db.prepare('SELECT job_id, action, created_at FROM library_operations WHERE document_id = ? ORDER BY id'),
      versions: db.prepare('SELECT id FROM library_documents WHERE set_id = ? ORDER BY version, id'),
      deleteDraft: db.prepare('DELETE FROM library_drafts WHERE id = ?'),
      pdf: db.prepare(
        `SELECT b.bytes, d.type, d.service_date, d.version FROM library_documents d JOIN outbox_jobs j ON j.id = d.job_id
           JOIN outbox_documents od ON od.id = j.document_id JOIN outbox_blobs b ON b.sha256 = od.pdf_sha256 WHERE d.id = ?`,
      ),
    };
  }

  /** Records a version after its create/replace job was enqueued; deletes its draft in the same transaction. Returns the documentId. */
  recordDocument(r: NewDocumentRecord): number {
    const p = r.patient;
    const cf = p.fiscalCode.trim().toUpperCase();
    const given = p.givenName.trim();
    const family = p.familyName.trim();
    const patientJson = JSON.stringify({
      ...(p.address !== undefined ? { address: p.address } : {}),
      ...(p.phone ? { phone: p.phone } : {}),
      ...(p.email ? { email: p.email } : {}),
    });
    return this.db
      .transaction((): number => {
        if (r.replacesDocumentId !== undefined && !this.st.stored.get(r.replacesDocumentId)) {
          throw new Error(`recordDocument: replaced document ${r.replacesDocumentId} does not exist`);
        }
        if (r.correctsDocumentId !== undefined && !this.st.stored.get(r.correctsDocumentId)) {
          throw new Error(`recordDocument: corrected document ${r.correctsDocumentId} does not exist`);
        }
        const id = Number(
          this.st.insert.run({
            jobId: r.jobId,
            identificativoDoc: r.identificativoDoc,
            setId: r.setId,
            version: r.version,
            type: r.type,
            cf,
            given,
            family,
            nameKey: nameKey(`${family} ${given}`),
            nameKeyRev: nameKey(`${given} ${family}`),
            birthDate: p.birthDate || null,
            sex: p.sex || null,
            patientJson,
            doctorId: r.doctor.id ?? null,
            doctorCf: r.doctor.fiscalCode,
            doctorName: r.doctor.name,
            serviceDate: r.serviceDate.slice(0, 10),
            createdAt: this.now().getTime(),
            source: r.source,
            replaces: r.replacesDocumentId ?? null,
            corrects: r.correctsDocumentId ?? null,
          }).lastInsertRowid,
        );
        if (r.reportForm !== undefined && r.reportForm !== null) this.st.insertForm.run(id, JSON.stringify(r.reportForm));
        if (r.draftId !== undefined) this.st.deleteDraft.run(r.draftId);
        return id;
      })
      .immediate();
  }

  /** Records a delete or metadata update of `documentId` after its job was enqueued. */
  recordAction(documentId: number, jobId: number, action: 'delete' | 'updateMetadata'): void {
    if (!this.st.stored.get(documentId)) throw new Error(`recordAction: document ${documentId} does not exist`);
    this.st.insertOperation.run(documentId, jobId, action, this.now().getTime());
  }

  /** The actions that make sense now (the same rule as assertAllowed). Unknown document: none. */
  allowedActions(documentId: number): DocumentAction[] {
    const row = this.search.row(documentId);
    return row ? DOCUMENT_ACTIONS.filter((a) => refusalOf(row, a) === undefined) : [];
  }

  /** Throws DocumentActionRefused (Italian message) when `action` makes no sense for this document now. */
  assertAllowed(documentId: number, action: DocumentAction): void {
    const row = this.search.row(documentId);
    if (!row) throw new DocumentActionRefused('Documento non trovato.', documentId, action);
    const refusal = refusalOf(row, action);
    if (refusal) throw new DocumentActionRefused(refusal, documentId, action);
  }

  /** The identity and patient of a stored version, for the jobs of its delete/metadata update/replace. */
  stored(
    documentId: number,
  ): { identificativoDoc: string; setId: string; version: number; type: string; patientFiscalCode: string; jobId: number } | undefined {
    const s = this.st.stored.get(documentId) as StoredDocument | undefined;
    return s
      ? { identificativoDoc: s.identificativo_doc, setId: s.set_id, version: s.version, type: s.type, patientFiscalCode: s.patient_cf, jobId: s.job_id }
      : undefined;
  }

  /** The stored «Nuovo referto» form of a version (undefined when none was kept or it no longer parses). */
  reportFormOf(documentId: number): ReportForm | undefined {
    const f = this.st.form.get(documentId) as { report_form: string } | undefined;
    if (!f) return undefined;
    try {
      const parsed = reportFormSchema.safeParse(JSON.parse(f.report_form));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  list(req?: DocumentsListRequest): DocumentsPage {
    const p = this.search.page(req);
    return { items: p.rows.map((r) => this.item(r)), total: p.total, totalIsAtLeast: p.totalIsAtLeast, page: p.page, pageSize: p.pageSize };
  }

  get(documentId: number): DocumentDetail | undefined {
    const s = this.st.stored.get(documentId) as StoredDocument | undefined;
    const row = this.search.row(documentId);
    if (!s || !row) return undefined;
    const replaces = s.replaces_document_id !== null ? this.versionRef(s.replaces_document_id) : null;
    const versions = (this.st.versions.all(s.set_id) as Array<{ id: number }>).flatMap((v) => {
      const vr = v.id === documentId ? row : this.search.row(v.id);
      return vr ? [{ documentId: vr.id, version: vr.version, state: vr.state, stateLabel: DOCUMENT_STATE_LABELS[vr.state], createdAt: iso(vr.createdAt) }] : [];
    });
    const form = this.reportFormOf(documentId);
    return {
      documentId,
      identificativoDoc: s.identificativo_doc,
      setId: s.set_id,
      version: s.version,
      type: s.type,
      typeLabel: typeLabel(s.type),
      source: s.source,
      patient: {
        fiscalCode: s.patient_cf,
        givenName: s.patient_given,
        familyName: s.patient_family,
        birthDate: s.patient_birth_date,
        sex: s.patient_sex,
      },
      doctor: { id: s.doctor_id, fiscalCode: s.doctor_cf, name: s.doctor_name },
      serviceDate: s.service_date,
      createdAt: iso(s.created_at),
      state: row.state,
      stateLabel: DOCUMENT_STATE_LABELS[row.state],
      replacedBy: this.replacedByOf(row),
      replaces,
      versions,
      operations: this.operationsOf(s),
      allowedActions: DOCUMENT_ACTIONS.filter((a) => refusalOf(row, a) === undefined),
      pendingAction: row.pendingAction,
      rejection: row.state === 'rejected' ? this.rejection(row) : null,
      reportForm: form ?? null,
    };
  }

  /** The signed PDF of a version as stored in the outbox (the bytes sent), with a readable file name. */
  pdfOf(documentId: number): { fileName: string; bytes: Uint8Array } | undefined {
    const r = this.st.pdf.get(documentId) as { bytes: Buffer; type: string; service_date: string; version: number } | undefined;
    if (!r) return undefined;
    const safe = (t: string): string => t.replace(/[^A-Za-z0-9-]/g, '');
    return { fileName: `referto-${safe(r.type)}-${safe(r.service_date)}-v${r.version}.pdf`, bytes: new Uint8Array(r.bytes) };
  }

  /** The state alone (tests, E's checks). */
  stateOf(documentId: number): DocumentState | undefined {
    return this.search.row(documentId)?.state;
  }

  /** Why a version was refused and its fix; once corrected, the correction instead of the fix. */
  private rejection(r: DocumentRow): DocumentRejection {
    const base = rejectionOf({ id: r.jobId, state: r.jobState, lastError: parseLastError(r.jobLastError) });
    const c = this.st.correctedBy.get(r.id) as { id: number } | undefined;
    return c ? { ...base, correctedBy: { documentId: c.id } } : base;
  }

  /** The document that corrected a rejected one, if any («Correggi e invia di nuovo» is done once). */
  correctionOf(documentId: number): number | undefined {
    return (this.st.correctedBy.get(documentId) as { id: number } | undefined)?.id;
  }

  private versionRef(documentId: number): DocumentVersionRef | null {
    const s = this.st.stored.get(documentId) as StoredDocument | undefined;
    return s ? { documentId: s.id, version: s.version } : null;
  }

  private replacedByOf(r: DocumentRow): DocumentVersionRef | null {
    return r.replacedById !== null && r.replacedByVersion !== null ? { documentId: r.replacedById, version: r.replacedByVersion } : null;
  }

  private item(r: DocumentRow): DocumentListItem {
    return {
      documentId: r.id,
      version: r.version,
      type: r.type,
      typeLabel: typeLabel(r.type),
      patient: { givenName: r.patientGiven, familyName: r.patientFamily, maskedFiscalCode: maskFiscalCode(r.patientCf) },
      doctorName: r.doctorName,
      serviceDate: r.serviceDate,
      createdAt: iso(r.createdAt),
      state: r.state,
      stateLabel: DOCUMENT_STATE_LABELS[r.state],
      replacedBy: this.replacedByOf(r),
      pendingAction: r.pendingAction,
      rejection: r.state === 'rejected' ? this.rejection(r) : null,
      source: r.source,
    };
  }

  private operationsOf(s: StoredDocument): DocumentOperation[] {
    const history = this.options.jobHistory;
    if (!history) return [];
    const own = { job_id: s.job_id, action: s.replaces_document_id !== null ? 'replace' : 'create', created_at: s.created_at };
    const ops = [own, ...(this.st.operations.all(s.id) as Array<{ job_id: number; action: 'delete' | 'updateMetadata'; created_at: number }>)];
    return ops.flatMap((o) => {
      const h = history(o.job_id);
      if (!h) return [];
      const kind = o.action as DocumentOperation['kind'];
      return [
        { kind, label: DOCUMENT_OPERATION_LABELS[kind], jobId: o.job_id, createdAt: iso(o.created_at), ...pickCartIds(h.job), job: h.job, history: h.history },
      ];
    });
  }
}
