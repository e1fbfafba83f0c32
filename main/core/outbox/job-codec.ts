// The one translation between a write call and the outbox_jobs row that keeps it: encode() when the
// job is stored, decode() each time it is about to be sent. Both go through the same zod schema, so
// what is stored is exactly what can be sent, and a row that no longer parses (damaged, edited,
// written by an older version with other rules) is reported instead of being sent.
//
// The columns keep their stored forms (migration 0003): person_id as the JWT claim
// `TAXCODE^^^&2.16.840.1.113883.2.9.4.3.2&ISO`, resource_hl7_type as `('code^^codeSystem')`, the
// request body as JSON text. Only this module reads or writes those forms.
import { z } from 'zod';
import { OUTBOX_OPERATIONS } from '../../../contract/outbox.js';
import {
  CF_SUFFIX,
  CLAIM_MATRIX,
  resourceHl7Type,
  createBodySchema,
  metadataBodySchema,
  replaceBodySchema,
  type PurposeOfUse,
  type SignedOperation,
} from '../gateway/index.js';
import type { OutboxCall, OutboxOperation } from './cart-port.js';

/** The outbox_jobs columns that hold the request. */
export interface StoredRequest {
  operation: OutboxOperation;
  pathId: string | null;
  /** JSON text of the request body; null for delete. */
  requestBody: string | null;
  personId: string | null;
  resourceHl7Type: string | null;
  purposeOfUse: string | null;
}

/** File name of the PDF part: fixed, it names no patient (the gateway does not use it). */
export const STORED_PDF_NAME = 'documento.pdf';

/** ROOT^EXTENSION with both parts non-empty (docs/gateway-api.md §6.1). */
export const documentIdSchema = z
  .string()
  .max(256)
  .regex(/^[^^]+\^[^^]+/, 'must look like ROOT^EXTENSION');

const patientId = z.string().regex(/^[^^\s]+$/, 'the patient tax code is empty or has spaces or ^');
// Both parts go inside `('code^^codeSystem')`: they may not contain its delimiters.
const codePart = z.string().regex(/^[^^'()\s]+$/, 'empty, or contains ^, quotes, brackets or spaces');
const documentCode = z.object({ code: codePart, codeSystem: codePart }).strict();
const fullClaims = z.object({ patientId, documentCode }).strict();
const deleteClaims = z.object({ patientId, documentCode: documentCode.optional() }).strict();

const purposeFor = (op: SignedOperation) =>
  z.enum(['TREATMENT', 'UPDATE', 'ACCESS UPDATE']).refine((p: PurposeOfUse) => CLAIM_MATRIX[op].purposes.includes(p), `purpose_of_use not accepted for ${op}`);

/** A stored job as structured data: what a write operation needs to be sent again, PDF aside. */
const storedJobSchema = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('validateAndCreate'), body: createBodySchema, claims: fullClaims }),
  z.object({
    operation: z.literal('replace'),
    pathId: documentIdSchema,
    body: replaceBodySchema,
    claims: fullClaims,
    purposeOfUse: purposeFor('replace').optional(),
  }),
  z.object({ operation: z.literal('delete'), pathId: documentIdSchema, claims: deleteClaims }),
  z.object({
    operation: z.literal('updateMetadata'),
    pathId: documentIdSchema,
    body: metadataBodySchema,
    claims: fullClaims,
    purposeOfUse: purposeFor('updateMetadata').optional(),
  }),
]);
type StoredJob = z.infer<typeof storedJobSchema>;

// ---- stored forms → structured

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The claim form, or a bare tax code (accepted on read: early rows may hold one). */
const PERSON_ID = new RegExp(`^([^^\\s]+)(?:${escapeRe(CF_SUFFIX)})?$`);
const HL7_TYPE = /^\('([^^']+)\^\^([^']+)'\)$/;

const personIdColumn = z.string().transform((v, ctx) => {
  const m = PERSON_ID.exec(v.trim());
  if (!m?.[1]) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'person_id is not TAXCODE^^^&2.16.840.1.113883.2.9.4.3.2&ISO' });
    return z.NEVER;
  }
  return m[1];
});

const hl7TypeColumn = z.string().transform((v, ctx) => {
  const m = HL7_TYPE.exec(v.trim());
  if (!m?.[1] || !m[2]) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "resource_hl7_type is not ('code^^codeSystem')" });
    return z.NEVER;
  }
  return { code: m[1], codeSystem: m[2] };
});

const jsonColumn = z.string().transform((v, ctx): unknown => {
  try {
    return JSON.parse(v);
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'request_body is not JSON' });
    return z.NEVER;
  }
});

const storedRowSchema = z
  .object({
    operation: z.enum(OUTBOX_OPERATIONS),
    pathId: z.string().nullable(),
    requestBody: jsonColumn.nullable(),
    personId: personIdColumn.nullable(),
    resourceHl7Type: hl7TypeColumn.nullable(),
    purposeOfUse: z.string().nullable(),
  })
  .transform((r) => ({
    operation: r.operation,
    ...(r.pathId !== null ? { pathId: r.pathId } : {}),
    ...(r.requestBody !== null ? { body: r.requestBody } : {}),
    claims: { ...(r.personId !== null ? { patientId: r.personId } : {}), ...(r.resourceHl7Type !== null ? { documentCode: r.resourceHl7Type } : {}) },
    ...(r.purposeOfUse !== null ? { purposeOfUse: r.purposeOfUse } : {}),
  }))
  .pipe(storedJobSchema);

// ---- structured ↔ call ↔ stored forms

export class JobCodecError extends Error {
  constructor(readonly problems: string[]) {
    super(`outbox job not storable: ${problems.join('; ')}`);
    this.name = 'JobCodecError';
  }
}

const problemsOf = (e: z.ZodError): string[] => e.issues.map((i) => `${i.path.join('.') || '(job)'}: ${i.message}`);

function jobOfCall(call: OutboxCall): unknown {
  const purpose = 'purposeOfUse' in call && call.purposeOfUse ? { purposeOfUse: call.purposeOfUse } : {};
  switch (call.operation) {
    case 'validateAndCreate':
      return { operation: call.operation, body: call.body, claims: call.claims };
    case 'replace':
    case 'updateMetadata':
      return { operation: call.operation, pathId: call.id, body: call.body, claims: call.claims, ...purpose };
    case 'delete':
      return { operation: call.operation, pathId: call.id, claims: call.claims };
  }
}

function columnsOf(job: StoredJob, bodyText: string | null): StoredRequest {
  return {
    operation: job.operation,
    pathId: 'pathId' in job ? job.pathId : null,
    requestBody: bodyText,
    personId: job.claims.patientId + CF_SUFFIX,
    resourceHl7Type: job.claims.documentCode ? resourceHl7Type(job.claims.documentCode) : null,
    purposeOfUse: 'purposeOfUse' in job && job.purposeOfUse ? job.purposeOfUse : null,
  };
}

/** The columns for a write call. Throws JobCodecError when the call could not be sent as it is. */
export function encode(call: OutboxCall): StoredRequest {
  const r = storedJobSchema.safeParse(jobOfCall(call));
  if (!r.success) throw new JobCodecError(problemsOf(r.error));
  // The body text is the caller's own object as JSON (its key order), validated above.
  return columnsOf(r.data, 'body' in call ? JSON.stringify(call.body) : null);
}

export type DecodeResult = { ok: true; call: OutboxCall } | { ok: false; problems: string[] };

/**
 * The call stored in a row, ready to send: `pdf` is the job's stored signed PDF (create and replace),
 * `correlationId` the job's W3C trace id, sent on every attempt.
 */
export function decode(row: StoredRequest & { correlationId: string }, pdf?: Uint8Array): DecodeResult {
  const r = storedRowSchema.safeParse(row);
  if (!r.success) return { ok: false, problems: problemsOf(r.error) };
  const job = r.data;
  const clientTraceId = row.correlationId;
  switch (job.operation) {
    case 'validateAndCreate':
      if (!pdf) return { ok: false, problems: ['the signed PDF is missing'] };
      return { ok: true, call: { operation: job.operation, pdf, fileName: STORED_PDF_NAME, body: job.body, claims: job.claims, clientTraceId } };
    case 'replace':
      if (!pdf) return { ok: false, problems: ['the signed PDF is missing'] };
      return {
        ok: true,
        call: {
          operation: job.operation,
          id: job.pathId,
          pdf,
          fileName: STORED_PDF_NAME,
          body: job.body,
          claims: job.claims,
          ...(job.purposeOfUse ? { purposeOfUse: job.purposeOfUse } : {}),
          clientTraceId,
        },
      };
    case 'delete':
      return { ok: true, call: { operation: job.operation, id: job.pathId, claims: job.claims, clientTraceId } };
    case 'updateMetadata':
      return {
        ok: true,
        call: {
          operation: job.operation,
          id: job.pathId,
          body: job.body,
          claims: job.claims,
          ...(job.purposeOfUse ? { purposeOfUse: job.purposeOfUse } : {}),
          clientTraceId,
        },
      };
  }
}
