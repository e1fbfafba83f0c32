// The whole preparation of a document, offline: report → CDA (validated) → readable PDF (or the
// clinic's own PDF) with cda.xml embedded → PAdES signature. The signed bytes returned are final:
// they are what the outbox stores and what every send attempt uploads.
import type { Profile } from '../../../contract/profile.js';
import { sha256Hex } from '../shared/index.js';
import { prepareCda, type PrepareProblem } from './cda/prepare-cda.js';
import type { DocumentType } from './cda/identificativo-doc.js';
import type { ValidationReport } from './cda/validation-types.js';
import { embedCda, renderReportPdf, signPades, PdfError, SignerError, UnprintableCharacterError, type DocumentSigner } from './pdf/index.js';

export interface PreparedDocument {
  identificativoDoc: string;
  setId: string;
  version: number;
  type: DocumentType;
  cdaXml: string;
  /** The signed PDF: final bytes. */
  pdf: Uint8Array;
  sha256: string;
  validation: ValidationReport;
}

/**
 * A problem of the PDF steps: `message` in Italian for the user. For a character the PDF cannot print
 * (code 'unprintable-character', bad input), `location` is where it is in the report's view
 * (e.g. `sections[3].paragraphs[0]`) and `detail` the precise English line for logs.
 */
export interface PdfStepProblem {
  stage: 'pdf' | 'signature';
  code: string;
  message: string;
  location?: string;
  detail?: string;
}

export type PrepareDocumentResult = { ok: true; document: PreparedDocument } | { ok: false; problems: PrepareProblem[] | PdfStepProblem[] };

export interface PrepareDocumentInput {
  type: DocumentType;
  report: unknown;
  profile: Pick<Profile, 'clinic'>;
  signer: DocumentSigner;
  now: Date;
  localId?: string;
  /** A PDF made by the clinic's other software, to carry the CDA instead of our rendered report. */
  existingPdf?: Uint8Array;
  signature?: { reason?: string; location?: string; name?: string };
}

/** The document before its signature: what the app previews. The signature is appended to these very bytes. */
export interface UnsignedDocument extends Omit<PreparedDocument, 'pdf' | 'sha256'> {
  /** The readable PDF with cda.xml embedded, unsigned. */
  pdf: Uint8Array;
}

export type PrepareUnsignedResult = { ok: true; document: UnsignedDocument } | { ok: false; problems: PrepareProblem[] | PdfStepProblem[] };

function pdfStepProblem(err: unknown): PdfStepProblem | undefined {
  if (err instanceof UnprintableCharacterError) return { stage: 'pdf', code: err.code, message: err.userMessage, location: err.location, detail: err.message };
  if (err instanceof PdfError) return { stage: 'pdf', code: err.code, message: err.userMessage };
  if (err instanceof SignerError) return { stage: 'signature', code: err.code, message: err.userMessage };
  return undefined;
}

/** The CDA half and the readable PDF with cda.xml: everything but the signature (the app's preview). */
export async function prepareUnsignedDocument(input: Omit<PrepareDocumentInput, 'signer' | 'signature'>): Promise<PrepareUnsignedResult> {
  const c = input.profile.clinic;
  const clinic = {
    ...(c.address ? { address: { ...c.address, istatCode: c.istatCode, country: '100' } } : {}),
    ...(c.phone ? { phone: c.phone } : {}),
    ...(c.email ? { email: c.email } : {}),
  };
  const cda = await prepareCda(input.type, input.report, input.profile, { now: input.now, clinic, ...(input.localId ? { localId: input.localId } : {}) });
  if (!cda.ok) return { ok: false, problems: cda.problems };
  try {
    const base = input.existingPdf ?? (await renderReportPdf(cda.view, { now: input.now }));
    const pdf = await embedCda(base, cda.xml, { modDate: input.now });
    return {
      ok: true,
      document: {
        identificativoDoc: cda.identificativoDoc,
        setId: cda.setId,
        version: cda.version,
        type: input.type,
        cdaXml: cda.xml,
        pdf,
        validation: cda.validation,
      },
    };
  } catch (err) {
    const problem = pdfStepProblem(err);
    if (problem) return { ok: false, problems: [problem] };
    throw err;
  }
}

/**
 * Signs an unsigned document (PAdES). With `incremental`, the signature is an incremental update appended to
 * `doc.pdf`, so the signed file starts with exactly the bytes that were previewed. Throws SignerError / PdfError.
 */
export async function signPreparedDocument(
  doc: UnsignedDocument,
  signer: DocumentSigner,
  opts: { now: Date; signature?: PrepareDocumentInput['signature']; incremental?: boolean },
): Promise<PreparedDocument> {
  const pdf = await signPades(doc.pdf, signer, {
    signingTime: opts.now,
    reason: opts.signature?.reason ?? 'Firma del referto',
    location: opts.signature?.location ?? 'Toscana, IT',
    ...(opts.signature?.name ? { name: opts.signature.name } : {}),
    ...(opts.incremental ? { incremental: true } : {}),
  });
  return { ...doc, pdf, sha256: sha256Hex(pdf) };
}

export async function prepareDocument(input: PrepareDocumentInput): Promise<PrepareDocumentResult> {
  const unsigned = await prepareUnsignedDocument(input);
  if (!unsigned.ok) return unsigned;
  try {
    return {
      ok: true,
      document: await signPreparedDocument(unsigned.document, input.signer, { now: input.now, ...(input.signature ? { signature: input.signature } : {}) }),
    };
  } catch (err) {
    const problem = pdfStepProblem(err);
    if (problem) return { ok: false, problems: [problem] };
    throw err;
  }
}
