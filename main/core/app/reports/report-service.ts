// Report authoring in the main process (issue 10): validate a form, preview the exact bytes that will be signed,
// sign them with the report doctor's certificate, queue the create (or replace) in the outbox and record the
// document; import the clinic's own PDF; delete a document or update its metadata. Passwords stay here: asked at
// signing time, kept in this process's memory only when the user chooses «ricorda per questa sessione».
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { X509Certificate } from 'node:crypto';
import type { Profile } from '../../../../contract/profile.js';
import { fail, ok, type Result } from '../../../../contract/result.js';
import type { ReportForm, ReportProblem } from '../../../../contract/report-form.js';
import type {
  DocumentActionResponse,
  DocumentsDeleteRequest,
  DocumentsMetadataOptionsResponse,
  DocumentsUpdateMetadataRequest,
  PreviewSigner,
  ReportsImportPdfRequest,
  ReportsImportPdfResponse,
  ReportsPreviewRequest,
  ReportsPreviewResponse,
  ReportsSignRequest,
  ReportsSignResponse,
} from '../../../../contract/reports.js';
import { IMPORT_PDF_MAX_BYTES } from '../../../../contract/reports.js';
import { readPublicCertificate, signerCertificateFor, taxCodeOfCertificate, type SignerCertificate } from '../../credentials/index.js';
import { loadDocumentPreparation, loadPdf } from './document-room.js';
import { loadCartExecution } from '../../gateway/index.js';
import { loadEnqueue, type Outbox, type WriteRequest } from '../../outbox/index.js';
import type { Clock, Database, Logger } from '../../shared/index.js';
import { DocumentActionRefused, type DocumentLibrary } from '../documents/document-library.js';
import { checkForm, type UnsignedDocument } from './check-form.js';
import { doctorOf } from './form-to-report.js';
import { asMetadataUpdate, lastSentMetadata, metadataOptions, metadataOverrides, reportMetadata } from './metadata-options.js';

export type ReportLibrary = Pick<DocumentLibrary, 'recordDocument' | 'recordAction' | 'assertAllowed' | 'stored' | 'pdfOf' | 'stateOf' | 'correctionOf'>;

export interface ReportServiceOptions {
  profiles: { get(): Profile | null };
  library: ReportLibrary;
  /** The app's database: the metadata last sent for a document is read from the outbox's stored bodies. */
  db: Database;
  outbox: Outbox;
  log: Logger;
  now: Clock;
  /** How long a preview or an imported PDF waits for its signature (default 2 hours). */
  keepMs?: number;
}

interface Preview {
  form: ReportForm;
  unsigned: UnsignedDocument;
  replaces?: { documentId: number; identificativoDoc: string } | undefined;
  createdAt: number;
}

interface ImportedPdf {
  fileName: string;
  bytes: Uint8Array;
  pageCount: number;
  createdAt: number;
}

/** At most this many previews and imports are kept (each holds a PDF in memory); the oldest goes first. */
const MAX_KEPT = 20;
const DEFAULT_KEEP_MS = 2 * 60 * 60_000;

const NO_PROFILE = 'Completare prima il profilo della struttura (Profilo della struttura).';

const commonNameOf = (subject: string): string | undefined => /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1];

class KeptItems<T extends { createdAt: number }> {
  private readonly items = new Map<string, T>();
  constructor(
    private readonly now: Clock,
    private readonly keepMs: number,
  ) {}
  add(item: T): string {
    this.prune();
    while (this.items.size >= MAX_KEPT) this.items.delete(this.items.keys().next().value!);
    const id = randomBytes(16).toString('base64url');
    this.items.set(id, item);
    return id;
  }
  get(id: string): T | undefined {
    this.prune();
    return this.items.get(id);
  }
  delete(id: string): void {
    this.items.delete(id);
  }
  private prune(): void {
    const limit = this.now().getTime() - this.keepMs;
    for (const [id, item] of this.items) if (item.createdAt < limit) this.items.delete(id);
  }
}

export class ReportService {
  private readonly previews: KeptItems<Preview>;
  private readonly imports: KeptItems<ImportedPdf>;
  /** «Ricorda per questa sessione»: slot + file → password, in memory only (never stored, logged or sent to the renderer). */
  private readonly sessionPasswords = new Map<string, string>();

  constructor(private readonly o: ReportServiceOptions) {
    this.previews = new KeptItems(o.now, o.keepMs ?? DEFAULT_KEEP_MS);
    this.imports = new KeptItems(o.now, o.keepMs ?? DEFAULT_KEEP_MS);
  }

  /** Why a rejected report cannot be corrected (again); undefined when it can. */
  private correctionProblem(documentId: number): string | undefined {
    if (this.o.library.stateOf(documentId) !== 'rejected') return 'Il referto da correggere non è (più) tra quelli rifiutati da CART.';
    if (this.o.library.correctionOf(documentId) !== undefined)
      return 'Questo referto rifiutato è già stato corretto e inviato di nuovo: aprire il referto di correzione da «Documenti».';
    return undefined;
  }

  /** What replace and import add to the checks: the version replaced, the PDF imported. */
  private context(form: ReportForm): {
    extra: ReportProblem[];
    replaces?: { documentId: number; identificativoDoc: string; setId: string; version: number };
    existingPdf?: Uint8Array;
  } {
    const extra: ReportProblem[] = [];
    let replaces;
    if (form.replaceOf !== undefined) {
      const stored = this.o.library.stored(form.replaceOf);
      if (!stored) extra.push({ field: '', severity: 'error', message: 'Il documento da sostituire non è stato trovato.' });
      else {
        try {
          this.o.library.assertAllowed(form.replaceOf, 'replace');
        } catch (err) {
          if (!(err instanceof DocumentActionRefused)) throw err;
          extra.push({ field: '', severity: 'error', message: err.message });
        }
        if (stored.type !== form.kind)
          extra.push({ field: '', severity: 'error', message: 'La nuova versione deve essere dello stesso tipo del documento che sostituisce.' });
        if (stored.patientFiscalCode !== form.patient.fiscalCode.trim().toUpperCase())
          extra.push({
            field: 'patient.fiscalCode',
            severity: 'error',
            message:
              'La nuova versione deve riguardare lo stesso paziente. Se il documento era intestato al paziente sbagliato, eliminarlo (motivo «Paziente sbagliato») e pubblicarlo per il paziente giusto.',
          });
        replaces = { documentId: form.replaceOf, identificativoDoc: stored.identificativoDoc, setId: stored.setId, version: stored.version };
      }
    }
    if (form.correctOf !== undefined) {
      const problem = this.correctionProblem(form.correctOf);
      if (problem) extra.push({ field: '', severity: 'error', message: problem });
    }
    let existingPdf;
    if (form.importId !== undefined) {
      const imported = this.imports.get(form.importId);
      if (!imported) extra.push({ field: '', severity: 'error', message: 'Il PDF importato non è più disponibile: importarlo di nuovo.' });
      else existingPdf = imported.bytes;
    }
    return { extra, ...(replaces ? { replaces } : {}), ...(existingPdf ? { existingPdf } : {}) };
  }

  private check(form: ReportForm, profile: Profile, c: ReturnType<ReportService['context']>): ReturnType<typeof checkForm> {
    const r = c.replaces;
    return checkForm(form, {
      profile,
      now: this.o.now(),
      ...(r ? { replaces: { identificativoDoc: r.identificativoDoc, setId: r.setId, version: r.version } } : {}),
      existingPdf: c.existingPdf,
      extra: c.extra,
    });
  }

  async validate(form: ReportForm): Promise<Result<{ problems: ReportProblem[] }>> {
    const profile = this.o.profiles.get();
    if (!profile) return fail('no-profile', NO_PROFILE);
    const c = this.context(form);
    const check = await this.check(form, profile, c);
    return ok({ problems: check.problems });
  }

  async preview(req: ReportsPreviewRequest): Promise<Result<ReportsPreviewResponse>> {
    const profile = this.o.profiles.get();
    if (!profile) return fail('no-profile', NO_PROFILE);
    const form = req.form;
    const c = this.context(form);
    const check = await this.check(form, profile, c);
    if (!check.unsigned) return ok({ ready: false, problems: check.problems });
    const problems = [...check.problems];
    const doctor = doctorOf(profile, form.doctorId)!;
    const certificate = signerCertificateFor(profile, form.doctorId);
    // Without a certificate there is nothing to sign with: back to the form, on the doctor.
    if (!certificate) {
      problems.unshift({
        field: 'doctorId',
        severity: 'error',
        message: 'Nessun certificato di firma per questo medico né per la struttura: importarlo in «Certificati» prima di firmare.',
      });
      return ok({ ready: false, problems });
    }
    const signer = this.signerSummary(certificate, doctor);
    if (!signer.matchesDoctor)
      problems.push({
        field: 'doctorId',
        severity: 'warning',
        message: `Il referto sarà firmato con il certificato di ${signer.name}, che non è ${doctor.givenName} ${doctor.familyName}.`,
      });
    const previewId = this.previews.add({
      form,
      unsigned: check.unsigned,
      ...(c.replaces ? { replaces: { documentId: c.replaces.documentId, identificativoDoc: c.replaces.identificativoDoc } } : {}),
      createdAt: this.o.now().getTime(),
    });
    return ok({
      ready: true,
      previewId,
      pdfBase64: Buffer.from(check.unsigned.pdf).toString('base64'),
      fileName: `anteprima-${form.kind}.pdf`,
      signatureNote: `Firmato digitalmente da ${signer.name}`,
      signer,
      problems,
    });
  }

  private passwordKey(c: SignerCertificate): string {
    return `${c.slot}\u0000${c.ref.p12}`;
  }

  private signerSummary(c: SignerCertificate, doctor: { fiscalCode: string; givenName: string; familyName: string }): PreviewSigner {
    const cert: X509Certificate | undefined = readPublicCertificate(c.ref.p12);
    const passwordKnown = this.sessionPasswords.has(this.passwordKey(c));
    if (!cert) {
      // A CLI-style profile without the public copy (certificate-files.ts): the holder is known only at signing time.
      // A mismatch is not claimed when it cannot be told.
      const name = c.owner === 'doctor' ? `${doctor.givenName} ${doctor.familyName}` : 'certificato di firma della struttura';
      return { name, owner: c.owner, matchesDoctor: true, passwordKnown };
    }
    const name = commonNameOf(cert.subject) ?? cert.subject.split('\n').join(', ');
    const fiscalCode = taxCodeOfCertificate(cert);
    // With a tax code in the certificate, it decides; without one (some company seals), the surname in the name.
    const matchesDoctor = fiscalCode ? fiscalCode === doctor.fiscalCode : name.toLowerCase().includes(doctor.familyName.toLowerCase());
    return { name, ...(fiscalCode ? { fiscalCode } : {}), owner: c.owner, matchesDoctor, passwordKnown, validTo: new Date(cert.validTo).toISOString() };
  }

  async sign(req: ReportsSignRequest): Promise<Result<ReportsSignResponse>> {
    const preview = this.previews.get(req.previewId);
    if (!preview) return fail('preview-expired', 'L\u2019anteprima non è più disponibile: rigenerarla prima di firmare.');
    const profile = this.o.profiles.get();
    if (!profile) return fail('no-profile', NO_PROFILE);
    const form = preview.form;
    const doctor = doctorOf(profile, form.doctorId);
    if (!doctor) return fail('validation', 'Il medico del referto non è più nell\u2019elenco della struttura: rigenerare l\u2019anteprima.');
    const certificate = signerCertificateFor(profile, form.doctorId);
    if (!certificate) return fail('signer', 'Nessun certificato di firma per questo medico né per la struttura: importarlo in «Certificati».');
    if (preview.replaces) {
      try {
        this.o.library.assertAllowed(preview.replaces.documentId, 'replace');
      } catch (err) {
        if (err instanceof DocumentActionRefused) return fail('refused', err.message);
        throw err;
      }
    }
    const key = this.passwordKey(certificate);
    const given = req.password !== undefined && req.password !== '' ? req.password : undefined;
    const password = given ?? this.sessionPasswords.get(key);
    if (password === undefined) return fail('password-required', 'Inserire la password del certificato di firma.');

    const now = this.o.now();
    const { loadSigner, SignerError } = await loadPdf();
    let signer;
    try {
      signer = loadSigner(new Uint8Array(readFileSync(certificate.ref.p12)), password, now);
    } catch (err) {
      if (err instanceof SignerError) {
        // A kept password that no longer opens the file is forgotten: the next attempt asks again.
        if (err.code === 'wrong-password') {
          this.sessionPasswords.delete(key);
          this.o.log.warn('report signing refused: wrong certificate password', { slot: certificate.slot });
          return fail('wrong-password', 'Password del certificato di firma errata. L\u2019anteprima è conservata: riprovare.');
        }
        this.o.log.warn('report signing refused: signer unusable', { slot: certificate.slot, code: err.code });
        return fail('signer', err.userMessage);
      }
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        return fail('signer', 'Il file del certificato di firma non si trova più: importarlo di nuovo in «Certificati».');
      throw err;
    }
    if (given !== undefined) {
      if (req.keepPasswordForSession) this.sessionPasswords.set(key, given);
      else this.sessionPasswords.delete(key);
    }

    const { signPreparedDocument } = await loadDocumentPreparation();
    const signed = await signPreparedDocument(preview.unsigned, signer, { now, incremental: true, signature: { reason: 'Firma del referto' } });
    const metadata = reportMetadata(form);
    const fileName = `referto-${form.kind}.pdf`;
    const request: WriteRequest = preview.replaces
      ? { operation: 'replace', id: preview.replaces.identificativoDoc, pdf: signed.pdf, fileName, metadata }
      : { operation: 'validateAndCreate', pdf: signed.pdf, fileName, metadata };
    // Checked again at signing: the same rejected report corrected twice (two windows) would be published twice.
    const correction = form.correctOf !== undefined ? this.correctionProblem(form.correctOf) : undefined;
    if (correction) return fail('refused', correction);
    const p = form.patient;
    let documentId = 0;
    // The document is recorded in the transaction that queues its job (enqueue.ts): never one without the other.
    const jobId = await this.enqueue(profile, request, now, (queued) => {
      documentId = this.o.library.recordDocument({
        jobId: queued,
        identificativoDoc: signed.identificativoDoc,
        setId: signed.setId,
        version: signed.version,
        type: form.kind,
        patient: {
          fiscalCode: p.fiscalCode.trim().toUpperCase(),
          givenName: p.givenName.trim(),
          familyName: p.familyName.trim(),
          ...(p.birthDate ? { birthDate: p.birthDate } : {}),
          ...(p.sex ? { sex: p.sex } : {}),
          ...(p.address ? { address: p.address } : {}),
          ...(p.phone ? { phone: p.phone } : {}),
          ...(p.email ? { email: p.email } : {}),
        },
        doctor: { id: doctor.id, fiscalCode: doctor.fiscalCode, name: [doctor.title, doctor.givenName, doctor.familyName].filter(Boolean).join(' ') },
        serviceDate: form.serviceDate,
        reportForm: { ...form, importId: undefined },
        source: form.importId !== undefined ? 'imported' : 'written',
        ...(preview.replaces ? { replacesDocumentId: preview.replaces.documentId } : {}),
        ...(form.correctOf !== undefined ? { correctsDocumentId: form.correctOf } : {}),
        ...(req.draftId !== undefined ? { draftId: req.draftId } : {}),
      });
    });
    if (!jobId.ok) return jobId;
    this.previews.delete(req.previewId);
    if (form.importId !== undefined) this.imports.delete(form.importId);
    this.o.log.info('report signed and queued', { documentId, jobId: jobId.value, type: form.kind, replace: preview.replaces !== undefined });
    return ok({ documentId, jobId: jobId.value });
  }

  /** Enqueues with the body and claims derived now (the current operator is `sub`); bad input is an Italian error. */
  private async enqueue(profile: Profile, request: WriteRequest, now: Date, onQueued: (jobId: number) => void): Promise<Result<number>> {
    const [{ CartInputError }, { enqueueCartRequest }] = await Promise.all([loadCartExecution(), loadEnqueue()]);
    try {
      return ok(await enqueueCartRequest(this.o.outbox, profile, request, now, onQueued));
    } catch (err) {
      if (err instanceof CartInputError) {
        this.o.log.warn('write request refused before queueing', { operation: request.operation, code: err.code, details: err.details.length });
        return fail('validation', err.userMessage);
      }
      throw err;
    }
  }

  async importPdf(req: ReportsImportPdfRequest): Promise<Result<ReportsImportPdfResponse>> {
    const bytes = new Uint8Array(Buffer.from(req.pdfBase64, 'base64'));
    if (bytes.byteLength > IMPORT_PDF_MAX_BYTES)
      return fail('pdf-refused', `Il PDF è troppo grande (massimo ${IMPORT_PDF_MAX_BYTES / 1024 / 1024} MB): ridurlo e riprovare.`);
    const { inspectPdf, PdfError } = await loadPdf();
    let pages: number;
    try {
      const inspection = await inspectPdf(bytes);
      if (inspection.encrypted) return fail('pdf-refused', new PdfError('encrypted', 'encrypted').userMessage);
      if (inspection.signed) return fail('pdf-refused', new PdfError('already-signed', 'signed').userMessage);
      if (inspection.pages === 0) return fail('pdf-refused', new PdfError('no-pages', 'no pages').userMessage);
      pages = inspection.pages;
    } catch (err) {
      if (err instanceof PdfError) {
        this.o.log.info('imported PDF refused', { code: err.code, bytes: bytes.byteLength });
        return fail('pdf-refused', err.userMessage);
      }
      throw err;
    }
    const fileName = req.fileName.replace(/^.*[\\/]/, '');
    const importId = this.imports.add({ fileName, bytes, pageCount: pages, createdAt: this.o.now().getTime() });
    return ok({ importId, fileName, pageCount: pages });
  }

  async deleteDocument(req: DocumentsDeleteRequest): Promise<Result<DocumentActionResponse>> {
    const profile = this.o.profiles.get();
    if (!profile) return fail('no-profile', NO_PROFILE);
    const stored = this.o.library.stored(req.documentId);
    if (!stored) return fail('not-found', 'Documento non trovato.');
    try {
      this.o.library.assertAllowed(req.documentId, 'delete');
    } catch (err) {
      if (err instanceof DocumentActionRefused) return fail('refused', err.message);
      throw err;
    }
    // person_id is the stored document's patient: the one the gateway has it under.
    const jobId = await this.enqueue(
      profile,
      { operation: 'delete', id: stored.identificativoDoc, patientFiscalCode: stored.patientFiscalCode },
      this.o.now(),
      (queued) => this.o.library.recordAction(req.documentId, queued, 'delete'),
    );
    if (!jobId.ok) return jobId;
    this.o.log.info('document delete queued', { documentId: req.documentId, jobId: jobId.value, reason: req.reason });
    return ok({ documentId: req.documentId, jobId: jobId.value });
  }

  async updateMetadata(req: DocumentsUpdateMetadataRequest): Promise<Result<DocumentActionResponse>> {
    const profile = this.o.profiles.get();
    if (!profile) return fail('no-profile', NO_PROFILE);
    const stored = this.o.library.stored(req.documentId);
    if (!stored) return fail('not-found', 'Documento non trovato.');
    try {
      this.o.library.assertAllowed(req.documentId, 'updateMetadata');
    } catch (err) {
      if (err instanceof DocumentActionRefused) return fail('refused', err.message);
      throw err;
    }
    const overrides = metadataOverrides(req.metadata);
    if ('problem' in overrides)
      return fail('validation', overrides.problem.message, [{ path: `metadata.${overrides.problem.field}`, message: overrides.problem.message }]);
    // The whole metadata set is sent: what was last sent, with the user's changes on top.
    const body = { ...(lastSentMetadata(this.o.db, stored.jobId, req.documentId) ?? {}), ...overrides.body };
    // The published PDF gives the claims (patient, document type) exactly as sent; the stored tax code backs it up.
    const pdf = this.o.library.pdfOf(req.documentId)?.bytes;
    const jobId = await this.enqueue(
      profile,
      { operation: 'updateMetadata', id: stored.identificativoDoc, metadata: body, patientFiscalCode: stored.patientFiscalCode, ...(pdf ? { pdf } : {}) },
      this.o.now(),
      (queued) => this.o.library.recordAction(req.documentId, queued, 'updateMetadata'),
    );
    if (!jobId.ok) return jobId;
    this.o.log.info('document metadata update queued', { documentId: req.documentId, jobId: jobId.value, fields: Object.keys(req.metadata).join(',') });
    return ok({ documentId: req.documentId, jobId: jobId.value });
  }

  metadataOptions(documentId: number | undefined): Result<DocumentsMetadataOptionsResponse> {
    if (documentId === undefined) return ok(metadataOptions(undefined));
    const stored = this.o.library.stored(documentId);
    if (!stored) return fail('not-found', 'Documento non trovato.');
    const last = lastSentMetadata(this.o.db, stored.jobId, documentId);
    return ok(metadataOptions(last ? asMetadataUpdate(last) : undefined));
  }

  /** Forgets the session's passwords, previews and imports (app closing, data switched). */
  forget(): void {
    this.sessionPasswords.clear();
  }
}
