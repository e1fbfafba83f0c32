// Channels of report authoring (main/core/app/reports): validate → preview → sign → queued; import of the clinic's own
// PDF; the terminology look-ups of the form; and the later corrections of a document (delete, metadata update).
import { z } from 'zod';
import { reportFormSchema, type ReportForm, type ReportProblem } from './report-form.js';

export const reportsValidateRequest = z.object({ form: reportFormSchema }).strict();
export type ReportsValidateRequest = { form: ReportForm };
export interface ReportsValidateResponse {
  problems: ReportProblem[];
}

export const reportsPreviewRequest = z.object({ form: reportFormSchema, draftId: z.number().int().positive().optional() }).strict();
export type ReportsPreviewRequest = { form: ReportForm; draftId?: number | undefined };

/** Who will sign, as the preview shows it. Nothing secret: the password stays in the main process. */
export interface PreviewSigner {
  /** The certificate holder's name (CN). */
  name: string;
  /** The holder's tax code from the certificate, when it carries one. */
  fiscalCode?: string;
  /** Whose certificate it is: the doctor's own, or the structure's report signer. */
  owner: 'doctor' | 'structure';
  /** False: the certificate is not the report doctor's (shown as a warning next to the signature). */
  matchesDoctor: boolean;
  /** True when the password was kept for this session: signing asks nothing. */
  passwordKnown: boolean;
  /** The certificate's end of validity (ISO); absent when the public certificate is not at hand (a CLI-style profile). */
  validTo?: string;
}

/**
 * `ready: true`: `pdfBase64` are the exact bytes that will be signed (the signature is an incremental update appended
 * to them); `problems` holds warnings only. `ready: false`: errors to fix first, each on its field.
 */
export type ReportsPreviewResponse =
  | {
      ready: true;
      previewId: string;
      pdfBase64: string;
      fileName: string;
      /** What the signature note will say, e.g. «Firmato digitalmente da Mario Rossi». */
      signatureNote: string;
      /** Always set by this version (no certificate → `ready: false` with the problem on `doctorId`); null is kept for older callers. */
      signer: PreviewSigner | null;
      problems: ReportProblem[];
    }
  | { ready: false; problems: ReportProblem[] };

export const reportsSignRequest = z
  .object({
    previewId: z.string().min(1).max(64),
    password: z.string().max(1024).optional(),
    keepPasswordForSession: z.boolean().optional(),
    draftId: z.number().int().positive().optional(),
  })
  .strict();
export type ReportsSignRequest = z.infer<typeof reportsSignRequest>;
/**
 * Error codes of reports:sign: `password-required` (ask it), `wrong-password` (ask again: the preview is kept),
 * `preview-expired` (preview again), `signer` (certificate unusable), `validation`, `refused` (the action is not allowed).
 */
export interface ReportsSignResponse {
  documentId: number;
  jobId: number;
}

/** The clinic's own PDF, at most IMPORT_PDF_MAX_BYTES. */
export const IMPORT_PDF_MAX_BYTES = 20 * 1024 * 1024;
export const reportsImportPdfRequest = z
  .object({
    fileName: z.string().min(1).max(255),
    // base64 of at most 20 MB (4/3 of the bytes, rounded up to 4).
    pdfBase64: z
      .string()
      .min(1)
      .max(Math.ceil(IMPORT_PDF_MAX_BYTES / 3) * 4),
  })
  .strict();
export type ReportsImportPdfRequest = z.infer<typeof reportsImportPdfRequest>;
/** Refusals are errors with code `pdf-refused` and an Italian message (encrypted, already signed, unreadable, too big). */
export interface ReportsImportPdfResponse {
  importId: string;
  fileName: string;
  pageCount: number;
}

export const TERMINOLOGY_SYSTEMS = ['icd9cm', 'loinc'] as const;
export const terminologySearchRequest = z.object({ system: z.enum(TERMINOLOGY_SYSTEMS), text: z.string().max(100) }).strict();
export type TerminologySearchRequest = z.infer<typeof terminologySearchRequest>;
export interface TerminologyEntry {
  code: string;
  display: string;
  /** LOINC tests only: the usual UCUM unit, to prefill the result's unit. */
  unit?: string;
  /** LOINC tests only: the LAB section (LOINC specialty code) the test goes in. */
  section?: string;
}
/** At most 30 entries, best first (code prefix, then words). */
export type TerminologySearchResponse = TerminologyEntry[];

export const DELETE_REASONS = ['wrong-patient', 'wrong-content', 'duplicate', 'other'] as const;
export type DeleteReason = (typeof DELETE_REASONS)[number];
export const DELETE_REASON_LABELS: Record<DeleteReason, string> = {
  'wrong-patient': 'Paziente sbagliato',
  'wrong-content': 'Contenuto errato',
  duplicate: 'Documento inviato due volte',
  other: 'Altro motivo',
};
export const documentsDeleteRequest = z
  .object({ documentId: z.number().int().positive(), reason: z.enum(DELETE_REASONS), note: z.string().max(500).optional() })
  .strict();
export type DocumentsDeleteRequest = z.infer<typeof documentsDeleteRequest>;

/** The fields the gateway's metadata update accepts that a clinic may change (docs/gateway-api.md §4.4, §6.1). */
export const metadataUpdateSchema = z
  .object({
    administrativeRequest: z.enum(['SSN', 'NOSSN', 'SSR', 'INPATIENT', 'DONOR']).optional(),
    /** AD_PSCnnn: the discipline that produced the document. */
    assettoOrganizzativo: z.string().max(16).optional(),
    tipoAttivitaClinica: z.string().max(16).optional(),
    /** Event codes, e.g. P99 (oscuramento). */
    attiCliniciRegoleAccesso: z.array(z.string().max(32)).max(20).optional(),
    /** AAAA-MM-GGTHH:MM, Italian local time. */
    serviceStart: z.string().max(30).optional(),
    serviceEnd: z.string().max(30).optional(),
  })
  .strict();
export type MetadataUpdate = z.infer<typeof metadataUpdateSchema>;
export const documentsUpdateMetadataRequest = z.object({ documentId: z.number().int().positive(), metadata: metadataUpdateSchema }).strict();
export type DocumentsUpdateMetadataRequest = z.infer<typeof documentsUpdateMetadataRequest>;

/** Answer of documents:delete and documents:update-metadata: the queued outbox job. */
export interface DocumentActionResponse {
  documentId: number;
  jobId: number;
}

export interface MetadataOption {
  code: string;
  /** Italian. */
  display: string;
}
export interface MetadataField {
  key: keyof MetadataUpdate;
  label: string;
  /** 'one' = a select, 'many' = checkboxes, 'date' = a date-time input. */
  input: 'one' | 'many' | 'date';
  options: MetadataOption[];
  help?: string;
}
export const documentsMetadataOptionsRequest = z.object({ documentId: z.number().int().positive().optional() }).strict();
export type DocumentsMetadataOptionsRequest = z.infer<typeof documentsMetadataOptionsRequest>;
export interface DocumentsMetadataOptionsResponse {
  fields: MetadataField[];
  /** The values the document was last sent with, when documentId was given and they are known. */
  current?: MetadataUpdate;
}
